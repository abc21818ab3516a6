// talisman ships no type declarations; these cover the few functions the engine uses.
declare module 'talisman/metrics/jaro-winkler' {
  /** Jaro-Winkler similarity in 0..1 (boost threshold 0.7, prefix scale 0.1, prefix up to 4). */
  const jaroWinkler: (a: string, b: string) => number;
  export default jaroWinkler;
}
declare module 'talisman/metrics/jaro' {
  const jaro: (a: string, b: string) => number;
  export default jaro;
}
declare module 'talisman/phonetics/double-metaphone' {
  /** [primary, alternate] codes. */
  const doubleMetaphone: (word: string) => [string, string];
  export default doubleMetaphone;
}
