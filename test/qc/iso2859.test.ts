import { AQLS, CODE_LETTERS, TABLE_2A, codeLetterFor, isoSinglePlan } from '../../src/core/qc/iso2859';

/**
 * Expected values are read from the published tables of ISO 2859-1:1999
 * (identical to ANSI/ASQ Z1.4-2008 and MIL-STD-105E):
 * Table 1 "Sample size code letters", column General inspection level II, and
 * Table 2-A "Single sampling plans for normal inspection (Master table)".
 */
describe('ISO 2859-1 Table 1: code letter from lot size (general level II)', () => {
  it.each([
    [2, 'A'], [8, 'A'], [9, 'B'], [15, 'B'], [16, 'C'], [25, 'C'], [26, 'D'], [50, 'D'], [51, 'E'], [90, 'E'],
    [91, 'F'], [150, 'F'], [151, 'G'], [280, 'G'], [281, 'H'], [500, 'H'], [501, 'J'], [1200, 'J'], [1201, 'K'],
    [3200, 'K'], [3201, 'L'], [10000, 'L'], [10001, 'M'], [35000, 'M'], [35001, 'N'], [150000, 'N'],
    [150001, 'P'], [500000, 'P'], [500001, 'Q'], [2_000_000, 'Q'],
  ])('lot %i → %s', (lot, letter) => {
    expect(codeLetterFor(lot)).toBe(letter);
  });

  it('refuses a lot below the table', () => {
    expect(() => codeLetterFor(1)).toThrow(/at least 2/);
  });
});

describe('ISO 2859-1 Table 2-A: single sampling, normal inspection', () => {
  it.each([
    // lot, AQL, code letter (Table 1), letter used, n, Ac, Re — Table 2-A cell / arrow followed
    [500, 1.0, 'H', 'H', 50, 1, 2], //        H row, 1.0 column: 1 2
    [1200, 0.65, 'J', 'J', 80, 1, 2], //      J row, 0.65 column: 1 2
    [50, 1.0, 'D', 'E', 13, 0, 1], //         D row, 1.0 column: ↓ → E 0 1 (n = 13)
    [100, 1.0, 'F', 'E', 13, 0, 1], //        F row, 1.0 column: ↑ → E 0 1 (n = 13)
    [400, 0.65, 'H', 'J', 80, 1, 2], //       H row, 0.65 column: ↓ → J 1 2 (n = 80)
    [3000, 2.5, 'K', 'K', 125, 7, 8], //      K row, 2.5 column: 7 8
    [10000, 2.5, 'L', 'L', 200, 10, 11], //   L row, 2.5 column: 10 11
    [500, 4.0, 'H', 'H', 50, 5, 6], //        H row, 4.0 column: 5 6
    [100000, 4.0, 'N', 'M', 315, 21, 22], //  N row, 4.0 column: ↑ → M 21 22 (n = 315)
    [8, 6.5, 'A', 'A', 2, 0, 1], //           A row, 6.5 column: 0 1
    [20000, 0.1, 'M', 'N', 500, 1, 2], //     M row, 0.10 column: ↓ → N 1 2 (n = 500)
    [600000, 0.015, 'Q', 'P', 800, 0, 1], //  Q row, 0.015 column: ↑ → P 0 1 (n = 800)
  ])('lot %i at AQL %s: %s → %s, n=%i, Ac %i, Re %i', (lot, aql, letter, used, n, ac, re) => {
    const p = isoSinglePlan(lot, aql);
    expect([p.codeLetter, p.planLetter, p.sampleSize, p.acceptance, p.rejection, p.fullInspection]).toEqual([letter, used, n, ac, re, false]);
  });

  it('inspects the whole lot when the plan\'s sample is not smaller than the lot', () => {
    // Lot 10 → B; AQL 1.0: ↓ to E (n = 13) ≥ 10 → 100 % inspection with E's Ac 0 / Re 1.
    const p = isoSinglePlan(10, '1.0');
    expect(p).toMatchObject({ codeLetter: 'B', planLetter: 'E', tableSampleSize: 13, sampleSize: 10, fullInspection: true, acceptance: 0, rejection: 1 });
  });

  it('accepts the AQL as text with or without trailing zeros and refuses one that is not a column', () => {
    expect(isoSinglePlan(500, '1').aql).toBe('1.0');
    expect(isoSinglePlan(500, '0.1').aql).toBe('0.10');
    expect(() => isoSinglePlan(500, 0.7)).toThrow(/AQL 0.7 is not a column/);
    expect(() => isoSinglePlan(500, 25)).toThrow(/not a column/);
  });

  it('has the master table\'s staircase: down the column ↓…, 0 1, ↑, ↓, 1 2, 2 3, 3 4, 5 6, 7 8, 10 11, 14 15, 21 22, ↑…', () => {
    const steps = ['0/1', '^', 'v', '1/2', '2/3', '3/4', '5/6', '7/8', '10/11', '14/15', '21/22'];
    AQLS.forEach((_, c) => {
      // The 0 1 plan moves one row up per column to the right: Q under 0.010, A under 6.5 (and above A under 10).
      const zero = 14 - c;
      CODE_LETTERS.forEach((letter, i) => {
        const cell = TABLE_2A[letter][c];
        if (cell === null) return;
        const d = i - zero;
        let expected = d < 0 ? 'v' : d < steps.length ? steps[d]! : '^';
        // An ↑ in row A would point off the table: there the table has ↓.
        if (i === 0 && expected === '^') expected = 'v';
        expect(`${letter}@${AQLS[c]}=${cell}`).toBe(`${letter}@${AQLS[c]}=${expected}`);
      });
    });
  });

  it('every lot size and AQL of level II leads to a plan', () => {
    const lots = [2, 9, 16, 26, 51, 91, 151, 281, 501, 1201, 3201, 10001, 35001, 150001, 500001];
    for (const lot of lots) for (const aql of AQLS) expect(isoSinglePlan(lot, aql).acceptance).toBeGreaterThanOrEqual(0);
  });
});
