/**
 * Shared first step of the word readers (status, role): case, accents,
 * punctuation, underscores and spacing go, British and American spellings
 * meet, and words that only say where the value came from ("study",
 * "site", "clinical"…) are dropped.
 */
export function words(text: string, filler: ReadonlySet<string>, spellings: Record<string, string>): string[] {
  const plain = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/co-ordinat/g, 'coordinat').replace(/[^a-z0-9]+/g, ' ').trim();
  if (plain === '') return [];
  return plain.split(' ').map((w) => spellings[w] ?? w).filter((w) => !filler.has(w));
}
