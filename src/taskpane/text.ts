/** Small wording helpers shared by the panels. */

export const plural = (n: number, word: string) => `${n} ${n === 1 ? word : `${word}s`}`;

export function messageOf(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}
