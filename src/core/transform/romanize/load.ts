/**
 * The romanization libraries, loaded only when a workbook has names in
 * another script: together they weigh more than the rest of the engine, so
 * the task pane's first load must not carry them (webpack puts each dynamic
 * import in its own chunk).
 */

export interface Romanizers {
  /** Hanyu Pinyin syllables, one per Han character, without tones; `surname` reads the first characters as a family name (单 Shan, 曾 Zeng). */
  pinyin(text: string, surname: boolean): string[];
  /** Kana → romaji (wanakana: Hepburn with ou/oo kept). */
  kana(text: string): string;
  /** Hangul → Revised Romanization (es-hangul), lower-case. */
  hangul(text: string): string;
  /** Cyrillic → ICAO Doc 9303 (iuliia). */
  cyrillic(text: string): string;
  /**
   * The hiragana reading of a Japanese name written in kanji, words separated
   * by spaces; null when the dictionary has none. Only where a caller loaded a
   * morphological dictionary (the command line: kuromoji, about 18 MB): the
   * pane has none, and kanji names there stay for a translator.
   */
  kanji?(text: string): string | null;
}

export async function loadRomanizers(): Promise<Romanizers> {
  const [pinyinPro, wanakana, esHangul, iuliia] = await Promise.all([
    import(/* webpackChunkName: "romanize-zh" */ 'pinyin-pro'),
    import(/* webpackChunkName: "romanize-ja" */ 'wanakana'),
    import(/* webpackChunkName: "romanize-ko" */ 'es-hangul'),
    import(/* webpackChunkName: "romanize-ru" */ 'iuliia'),
  ]);
  return {
    pinyin: (text, surname) => pinyinPro.pinyin(text, { toneType: 'none', type: 'array', mode: surname ? 'surname' : 'normal', v: false }),
    kana: (text) => wanakana.toRomaji(text),
    hangul: (text) => esHangul.romanize(text),
    cyrillic: (text) => iuliia.translate(text, iuliia.ICAO_DOC_9303),
  };
}
