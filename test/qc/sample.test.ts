import { allocate, drawSample, MAX_SEED } from '../../src/core/qc/sample';
import { lotFromTransfer, lotFromWorkbook, type LotRecord } from '../../src/core/qc/lot';
import { defaultStandard, parseStandard } from '../../src/core/standard/load';
import type { TransferLog } from '../../src/core/transfer/log';
import v1 from '../../src/core/standard/ctms-standard-v1.json';

function lot(n: number, strata: [string, string, number][] = []): LotRecord[] {
  const out: LotRecord[] = [];
  if (!strata.length) strata = [['S1', '001', n]];
  for (const [study, site, count] of strata) {
    for (let i = 0; i < count; i++) out.push({ entity: 'site_staff', sheet: 'Site Staff', row: out.length + 2, externalId: `X-${out.length}`, study, site, transferId: null });
  }
  return out;
}

describe('drawSample', () => {
  it('draws the ISO plan\'s sample size and records the seed and plan', () => {
    const p = drawSample(lot(500), { kind: 'iso2859', aql: 1.0 }, { seed: 42 });
    expect(p).toMatchObject({ method: 'iso2859', lotSize: 500, sampleSize: 50, codeLetter: 'H', acceptance: 1, rejection: 2, seed: 42 });
    expect(p.selected).toHaveLength(50);
    expect(new Set(p.selected.map((r) => r.row)).size).toBe(50);
    // In lot order, so the QC sheet reads like the source.
    expect(p.selected.map((r) => r.row)).toEqual([...p.selected.map((r) => r.row)].sort((a, b) => a - b));
  });

  it('is reproducible: the same seed and lot give the same records, another seed others', () => {
    const a = drawSample(lot(1200), { kind: 'iso2859', aql: 0.65 }, { seed: 20240630 });
    const b = drawSample(lot(1200), { kind: 'iso2859', aql: 0.65 }, { seed: 20240630 });
    const c = drawSample(lot(1200), { kind: 'iso2859', aql: 0.65 }, { seed: 20240631 });
    expect(a.selected.map((r) => r.row)).toEqual(b.selected.map((r) => r.row));
    expect(c.selected.map((r) => r.row)).not.toEqual(a.selected.map((r) => r.row));
    expect(a.selected).toHaveLength(80);
  });

  it('pins the draw of seed 1 so a change of generator or algorithm is noticed', () => {
    const p = drawSample(lot(20), { kind: 'percent', percent: 20 }, { seed: 1 });
    expect(p.sampleSize).toBe(4);
    expect(p.selected.map((r) => r.row)).toMatchSnapshot();
  });

  it('inspects the whole lot when the plan says so', () => {
    const p = drawSample(lot(10), { kind: 'iso2859', aql: 1.0 }, { seed: 7 });
    expect(p).toMatchObject({ sampleSize: 10, fullInspection: true, acceptance: 0, rejection: 1 });
  });

  it('a fixed percentage rounds up and takes at least one record', () => {
    expect(drawSample(lot(95), { kind: 'percent', percent: 10 }, { seed: 1 }).sampleSize).toBe(10);
    expect(drawSample(lot(3), { kind: 'percent', percent: 1 }, { seed: 1 }).sampleSize).toBe(1);
    expect(drawSample(lot(100), { kind: 'percent', percent: 10 }, { seed: 1 }).sampleSize).toBe(10);
    expect(() => drawSample(lot(10), { kind: 'percent', percent: 0 }, { seed: 1 })).toThrow(/percentage/);
  });

  it('refuses a seed the generator cannot take and an empty lot', () => {
    expect(() => drawSample(lot(10), { kind: 'percent', percent: 10 }, { seed: -1 })).toThrow(/seed/);
    expect(() => drawSample(lot(10), { kind: 'percent', percent: 10 }, { seed: 1.5 })).toThrow(/seed/);
    expect(() => drawSample(lot(10), { kind: 'percent', percent: 10 }, { seed: MAX_SEED + 1 })).toThrow(/seed/);
    expect(() => drawSample([], { kind: 'percent', percent: 10 }, { seed: 1 })).toThrow(/empty/);
  });

  it('stratifies by study and site in proportion, at least one per stratum', () => {
    // 300 records: 200 / 90 / 10 → n = 50 (H at AQL 1.0 for 281–500). One each first, 47 left in proportion:
    // 47 × 200/300 = 31.33, 47 × 90/300 = 14.1, 47 × 10/300 = 1.57 → 31, 14, 1 and the remainder (1) to the largest fraction (the third).
    const l = lot(300, [['S1', '001', 200], ['S1', '002', 90], ['S2', '001', 10]]);
    const p = drawSample(l, { kind: 'iso2859', aql: 1.0 }, { seed: 3, stratify: true });
    expect(p.strata).toEqual([
      { study: 'S1', site: '001', lot: 200, sample: 32 },
      { study: 'S1', site: '002', lot: 90, sample: 15 },
      { study: 'S2', site: '001', lot: 10, sample: 3 },
    ]);
    const drawn = (study: string, site: string) => p.selected.filter((r) => r.study === study && r.site === site).length;
    expect([drawn('S1', '001'), drawn('S1', '002'), drawn('S2', '001')]).toEqual([32, 15, 3]);
  });
});

describe('allocate', () => {
  it('gives every stratum one when the sample has room, and never more than a stratum holds', () => {
    expect(allocate(5, [1, 1, 1, 100])).toEqual([1, 1, 1, 2]);
    expect(allocate(4, [2, 2])).toEqual([2, 2]);
    // Too small for one each: plain largest remainder (2 × 10/16 = 1.25, 2 × 5/16 = 0.625, 0.125).
    expect(allocate(2, [10, 5, 1])).toEqual([1, 1, 0]);
    expect(allocate(10, [3, 3, 3, 3]).reduce((a, b) => a + b, 0)).toBe(10);
  });
});

describe('the lot', () => {
  const std = defaultStandard();
  const data = {
    sheets: [
      { name: 'Sites', headers: ['Study Number', 'Site Number', 'Country'], rows: [['ABC-123', '001', 'US'], ['ABC-123', '002', 'DE']], rowNumbers: [2, 3] },
      { name: 'Studies', headers: ['Study Number', 'Study Title'], rows: [['ABC-123', 'A study']], rowNumbers: [2] },
    ],
  };

  it('from a workbook: every row of the standard\'s sheets in standard order, with study and site', () => {
    expect(lotFromWorkbook(std, data).map((r) => [r.sheet, r.row, r.externalId, r.study, r.site])).toEqual([
      ['Studies', 2, 'ABC-123', 'ABC-123', ''],
      ['Sites', 2, 'ABC-123-001', 'ABC-123', '001'],
      ['Sites', 3, 'ABC-123-002', 'ABC-123', '002'],
    ]);
  });

  it('from a transfer: only the records sent successfully', () => {
    const log = {
      transferId: 'T1', status: 'done', entities: [{ entity: 'site', sheet: 'Sites', object: 'site__v', heldBack: [], records: [
        { sheet: 'Sites', row: 3, externalId: 'ABC-123-002', request: {}, beforeImage: null, imaged: true, result: { ok: true, attempts: 1 } },
        { sheet: 'Sites', row: 2, externalId: 'ABC-123-001', request: {}, beforeImage: null, imaged: true, result: { ok: false, error: 'x', attempts: 1 } },
      ] }],
    } as unknown as TransferLog;
    expect(lotFromTransfer(std, data, log)).toEqual([{ entity: 'site', sheet: 'Sites', row: 3, externalId: 'ABC-123-002', study: 'ABC-123', site: '002', transferId: 'T1' }]);
    expect(lotFromTransfer(std, data, { ...log, status: 'rolledBack' })).toEqual([]);
  });
});

describe('qc settings in the standard', () => {
  it('the shipped standard names its critical fields and cause categories', () => {
    expect(defaultStandard().qc?.criticalFields).toContain('site.subjects_enrolled');
    expect(defaultStandard().qc?.causeCategories).toContain('Mapping rule wrong');
  });

  it('refuses a critical field that is not a field of the standard', () => {
    const bad = { ...v1, qc: { criticalFields: ['site.nope'] } };
    expect(() => parseStandard(bad)).toThrow(/qc.criticalFields\[0\]: "site.nope" is not a field/);
  });
});
