import path from 'node:path';
import type { Romanizers } from '../core/transform/romanize/load';

/**
 * Readings of Japanese names in kanji for T-ROMANIZE, from kuroshiro over
 * kuromoji's IPADIC dictionary (about 18 MB, shipped inside the kuromoji
 * package: nothing is fetched). Loaded only when the workbook has such names,
 * and read once per distinct name up front, since the engine's checks are
 * synchronous and the analyser is not.
 */

interface Kuroshiro {
  init(analyzer: unknown): Promise<void>;
  convert(text: string, opts: { to: 'hiragana'; mode: 'spaced' }): Promise<string>;
}

async function loadKuroshiro(): Promise<Kuroshiro> {
  // require, not import(): the command line runs as CommonJS under tsx (see register/*.ts).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ctor = (require('kuroshiro') as { default: new () => Kuroshiro }).default;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Analyzer = require('kuroshiro-analyzer-kuromoji') as new (opts: { dictPath: string }) => unknown;
  const dictPath = `${path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict')}${path.sep}`;
  const k = new Ctor();
  await k.init(new Analyzer({ dictPath }));
  return k;
}

/** The hiragana readings of these names (words spaced), as Romanizers.kanji. */
export async function kanjiReader(names: readonly string[]): Promise<NonNullable<Romanizers['kanji']>> {
  const k = await loadKuroshiro();
  const readings = new Map<string, string>();
  for (const name of new Set(names)) readings.set(name, (await k.convert(name, { to: 'hiragana', mode: 'spaced' })).replace(/\s+/g, ' ').trim());
  return (text) => readings.get(text) ?? null;
}
