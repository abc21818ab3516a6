import type { Readable } from 'node:stream';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { XmlScanner, type XmlHandlers } from './scan';

/**
 * Saxes, the SAX parser ExcelJS itself uses, without namespace processing:
 * writers prefix SpreadsheetML differently (`x:c`, `c`), so elements are
 * matched on their local name.
 */
export type { XmlHandlers };

export const localName = (name: string): string => {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
};

/** An attribute by local name (`r:id` is found as `id` when there is no plain `id`). */
export function attr(attrs: Record<string, string>, name: string): string | undefined {
  const v = attrs[name];
  if (v !== undefined) return v;
  for (const k in attrs) if (localName(k) === name) return attrs[k];
  return undefined;
}

export function xmlParser(h: XmlHandlers): SaxesParser {
  const p = new SaxesParser();
  if (h.open) { const open = h.open; p.on('opentag', (t: SaxesTagPlain) => open(localName(t.name), t.attributes)); }
  if (h.close) { const close = h.close; p.on('closetag', (t: SaxesTagPlain) => close(localName(t.name))); }
  if (h.text) { p.on('text', h.text); p.on('cdata', h.text); }
  return p;
}

export function parseText(text: string, h: XmlHandlers): void {
  xmlParser(h).write(text).close();
}

/** Parse a part as it inflates, chunk by chunk; the part is never held whole. */
export async function parseStream(stream: Readable, h: XmlHandlers): Promise<void> {
  const p = new XmlScanner(h);
  stream.setEncoding('utf8');
  for await (const chunk of stream) p.write(chunk as string);
  p.close();
}
