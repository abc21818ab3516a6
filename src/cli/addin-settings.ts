import { openZip } from './xlsx-patch/zip';

/**
 * The add-in's document settings as Excel saves them in the .xlsx: one
 * `xl/webextensions/webextension*.xml` part per add-in, holding
 * `<we:property name="…" value="…"/>` elements ([MS-OWEXML] CT_WebExtensionProperty)
 * whose values are JSON. ExcelJS ignores these parts, so the command line reads
 * them itself — that is how a steward's duplicate decisions made in the pane
 * also steer `ctms-collect submit`.
 */
const PROPERTY = /<we:property\s+name="([^"]*)"\s+value="([^"]*)"\s*\/>/g;

function unescapeXml(s: string): string {
  return s.replace(/&(quot|apos|lt|gt|amp|#(\d+)|#x([0-9a-fA-F]+));/g, (m, name: string, dec?: string, hex?: string) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return ({ quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' } as Record<string, string>)[name] ?? m;
  });
}

export function parseWebExtensionProperties(xml: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const m of xml.matchAll(PROPERTY)) {
    const raw = unescapeXml(m[2]!);
    let value: unknown = raw;
    try { value = JSON.parse(raw); } catch { /* a bare value: keep the text */ }
    out.set(unescapeXml(m[1]!), value);
  }
  return out;
}

/** Every add-in property in the workbook (later parts win on a repeated name); empty when there are none. */
export async function readAddinSettings(file: string): Promise<Map<string, unknown>> {
  // Only the zip's directory and these small parts are read: the sheets are streamed elsewhere.
  const zip = await openZip(file);
  try {
    const out = new Map<string, unknown>();
    const parts = zip.entries.map((e) => e.name).filter((n) => /^xl\/webextensions\/webextension\d*\.xml$/i.test(n)).sort();
    for (const name of parts) {
      for (const [k, v] of parseWebExtensionProperties((await zip.text(name)) ?? '')) out.set(k, v);
    }
    return out;
  } finally {
    zip.close();
  }
}
