/**
 * ISO 2859-1 (≡ ANSI/ASQ Z1.4, MIL-STD-105E) single sampling plans for normal
 * inspection, general inspection level II, as data transcribed from the
 * published tables:
 *
 * - Table 1 (ISO 2859-1:1999) / Table I (Z1.4): sample size code letters by lot size.
 * - Table 2-A / Table II-A: sample size per code letter and the acceptance (Ac)
 *   and rejection (Re) numbers per AQL. An arrow means "use the first sampling
 *   plan below (↓) or above (↑) the arrow", and that plan's sample size with it.
 *
 * Only the AQLs from 0.010 to 10 are encoded: those are the ones the standard
 * allows for percent nonconforming, which is what a record-level QC measures
 * (larger AQLs are nonconformities per hundred items only).
 */

export const CODE_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'Q', 'R'] as const;
export type CodeLetter = (typeof CODE_LETTERS)[number];

/** Table 1, general inspection level II: [lowest lot size of the range, code letter]. */
export const LOT_SIZE_LEVEL_II: readonly (readonly [number, CodeLetter])[] = [
  [2, 'A'], [9, 'B'], [16, 'C'], [26, 'D'], [51, 'E'], [91, 'F'], [151, 'G'], [281, 'H'],
  [501, 'J'], [1201, 'K'], [3201, 'L'], [10001, 'M'], [35001, 'N'], [150001, 'P'], [500001, 'Q'],
];

/** Table 2-A: sample size of each code letter. */
export const SAMPLE_SIZE: Readonly<Record<CodeLetter, number>> = {
  A: 2, B: 3, C: 5, D: 8, E: 13, F: 20, G: 32, H: 50, J: 80, K: 125, L: 200, M: 315, N: 500, P: 800, Q: 1250, R: 2000,
};

/** Column order of Table 2-A (percent nonconforming). */
export const AQLS = ['0.010', '0.015', '0.025', '0.040', '0.065', '0.10', '0.15', '0.25', '0.40', '0.65', '1.0', '1.5', '2.5', '4.0', '6.5', '10'] as const;

/**
 * Table 2-A cells: 'Ac/Re', 'v' (↓ use the first plan below), '^' (↑ use the
 * first plan above). R under 0.015 is null: no level II lot size or arrow
 * reaches it, so it is left out rather than guessed.
 */
type Cell = 'v' | '^' | `${number}/${number}` | null;
export const TABLE_2A: Readonly<Record<CodeLetter, readonly Cell[]>> = {
  //    0.010  0.015  0.025  0.040  0.065  0.10   0.15   0.25   0.40    0.65    1.0     1.5     2.5     4.0     6.5     10
  A: ['v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', '0/1', 'v'],
  B: ['v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', '0/1', '^', 'v'],
  C: ['v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', '0/1', '^', 'v', '1/2'],
  D: ['v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', '0/1', '^', 'v', '1/2', '2/3'],
  E: ['v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', '0/1', '^', 'v', '1/2', '2/3', '3/4'],
  F: ['v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', '0/1', '^', 'v', '1/2', '2/3', '3/4', '5/6'],
  G: ['v', 'v', 'v', 'v', 'v', 'v', 'v', 'v', '0/1', '^', 'v', '1/2', '2/3', '3/4', '5/6', '7/8'],
  H: ['v', 'v', 'v', 'v', 'v', 'v', 'v', '0/1', '^', 'v', '1/2', '2/3', '3/4', '5/6', '7/8', '10/11'],
  J: ['v', 'v', 'v', 'v', 'v', 'v', '0/1', '^', 'v', '1/2', '2/3', '3/4', '5/6', '7/8', '10/11', '14/15'],
  K: ['v', 'v', 'v', 'v', 'v', '0/1', '^', 'v', '1/2', '2/3', '3/4', '5/6', '7/8', '10/11', '14/15', '21/22'],
  L: ['v', 'v', 'v', 'v', '0/1', '^', 'v', '1/2', '2/3', '3/4', '5/6', '7/8', '10/11', '14/15', '21/22', '^'],
  M: ['v', 'v', 'v', '0/1', '^', 'v', '1/2', '2/3', '3/4', '5/6', '7/8', '10/11', '14/15', '21/22', '^', '^'],
  N: ['v', 'v', '0/1', '^', 'v', '1/2', '2/3', '3/4', '5/6', '7/8', '10/11', '14/15', '21/22', '^', '^', '^'],
  P: ['v', '0/1', '^', 'v', '1/2', '2/3', '3/4', '5/6', '7/8', '10/11', '14/15', '21/22', '^', '^', '^', '^'],
  Q: ['0/1', '^', 'v', '1/2', '2/3', '3/4', '5/6', '7/8', '10/11', '14/15', '21/22', '^', '^', '^', '^', '^'],
  R: ['^', null, '1/2', '2/3', '3/4', '5/6', '7/8', '10/11', '14/15', '21/22', '^', '^', '^', '^', '^', '^'],
};

export interface IsoPlan {
  lotSize: number;
  aql: string;
  /** Code letter from Table 1 for the lot size. */
  codeLetter: CodeLetter;
  /** Code letter whose plan is used after following the arrows (same as codeLetter when there is none). */
  planLetter: CodeLetter;
  /** Records to inspect: the plan's sample size, or the whole lot when that is not smaller than it. */
  sampleSize: number;
  /** The plan's own sample size (before capping at the lot size). */
  tableSampleSize: number;
  acceptance: number;
  rejection: number;
  /** The sample size reached the lot size: every record is inspected. */
  fullInspection: boolean;
}

/** Normalise an AQL given as number or text to the column label of Table 2-A, or null when it is not a column. */
export function aqlColumn(aql: number | string): (typeof AQLS)[number] | null {
  const v = typeof aql === 'number' ? aql : Number(String(aql).trim());
  if (!Number.isFinite(v)) return null;
  return AQLS.find((a) => Math.abs(Number(a) - v) < 1e-9) ?? null;
}

export function codeLetterFor(lotSize: number): CodeLetter {
  if (!Number.isInteger(lotSize) || lotSize < 2) throw new RangeError(`A lot needs at least 2 records for a sampling plan (got ${lotSize})`);
  let letter: CodeLetter = 'A';
  for (const [from, l] of LOT_SIZE_LEVEL_II) if (lotSize >= from) letter = l;
  return letter;
}

/** Table 1 then Table 2-A, following the arrows, for a lot at general inspection level II. */
export function isoSinglePlan(lotSize: number, aql: number | string): IsoPlan {
  const column = aqlColumn(aql);
  if (!column) throw new RangeError(`AQL ${aql} is not a column of ISO 2859-1 Table 2-A; use one of ${AQLS.join(', ')}`);
  const c = AQLS.indexOf(column);
  const codeLetter = codeLetterFor(lotSize);
  let i = CODE_LETTERS.indexOf(codeLetter);
  let cell = TABLE_2A[codeLetter][c];
  // An arrow points to the first plan in its direction; arrows never point at each other in opposite directions.
  const step = cell === 'v' ? 1 : cell === '^' ? -1 : 0;
  while (cell === 'v' || cell === '^') {
    i += step;
    cell = TABLE_2A[CODE_LETTERS[i]!][c] ?? null;
  }
  if (cell === null) throw new RangeError(`ISO 2859-1 Table 2-A has no plan for lot size ${lotSize} at AQL ${column}`);
  const [acceptance, rejection] = cell.split('/').map(Number) as [number, number];
  const planLetter = CODE_LETTERS[i]!;
  const tableSampleSize = SAMPLE_SIZE[planLetter];
  const fullInspection = tableSampleSize >= lotSize;
  return { lotSize, aql: column, codeLetter, planLetter, sampleSize: fullInspection ? lotSize : tableSampleSize, tableSampleSize, acceptance, rejection, fullInspection };
}
