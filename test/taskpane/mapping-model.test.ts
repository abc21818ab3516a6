import { defaultStandard } from '../../src/core/standard/load';
import { mapWorkbook } from '../../src/core/mapping';
import { chooseField, columnViews, isExact, openQuestions } from '../../src/taskpane/mapping/model';
import { confidenceWords, howWords } from '../../src/taskpane/mapping/words';
import { MappingStore } from '../../src/taskpane/mapping/store';
import { memoryLibrary } from '../../src/taskpane/mapping/library';
import { SettingsStore } from '../../src/taskpane/settings-store';
import { memorySettings } from '../../src/taskpane/settings';
import { createExcelPort } from '../../src/excel';
import { createFakeExcel, FakeWorkbook } from '../../testing/fake-excel';
import { partnerWorkbook } from '../../testing/builders/partner-sample';
import { readRawWorkbook } from '../../src/excel/raw-read';

const std = defaultStandard();

describe('the mapping as the Map step edits it', () => {
  it('a template-shaped workbook is exact; the partner sample is not, and has one open question', async () => {
    const wb = new FakeWorkbook();
    const sites = std.entities.find((e) => e.key === 'site')!;
    wb.addSheet('Sites').load([sites.fields.map((f) => f.header), ['ACME-1', '001', 'ORG-1', 'a@b.org', 'Planned', 'US']]);
    expect(isExact(mapWorkbook(std, await readRawWorkbook(createFakeExcel(wb))))).toBe(true);
    const partner = mapWorkbook(std, await readRawWorkbook(createFakeExcel(partnerWorkbook())));
    expect(isExact(partner)).toBe(false);
    expect(openQuestions(partner)).toBe(1);
  });

  it('choosing a field takes it from the column that had it (one column per field); null is not imported', async () => {
    const raw = await readRawWorkbook(createFakeExcel(partnerWorkbook()));
    const m = mapWorkbook(std, raw);
    const centres = () => next.sheets.find((s) => s.source === 'Centres')!;
    let next = chooseField(std, m, 'Centres', 6, 'activation_date'); // "Opened"
    expect(openQuestions(next)).toBe(0);
    next = chooseField(std, next, 'Centres', 12, 'site_number'); // "Monitor" takes Site Number from "Centre No"
    expect(centres().columns.find((c) => c.field === 'site_number')!.source).toBe('Monitor');
    expect(centres().unmapped.map((u) => u.source)).toContain('Centre No');
    next = chooseField(std, next, 'Centres', 12, null);
    expect(centres().columns.some((c) => c.field === 'site_number')).toBe(false);
    const views = columnViews(raw, centres());
    expect(views.find((v) => v.header === 'Opened')!.sample).toEqual(['2024-01-10', '2024-01-20', '2020-12-01']);
    expect(m.sheets.find((s) => s.source === 'Centres')!.columns.length).toBe(11); // the given mapping is not changed ("Opened" still waits)
  });

  it('says how sure and how found in words', () => {
    const email = std.entities.find((e) => e.key === 'site')!.fields.find((f) => f.type === 'email');
    expect(confidenceWords(0.95, 'alias', false)).toBe('sure');
    expect(confidenceWords(0.85, 'name', false)).toBe('likely');
    expect(confidenceWords(0.6, 'content', false)).toBe('unsure — please confirm');
    expect(howWords('content', email, false)).toBe('content looks like e-mail addresses');
    expect(howWords('alias', email, false)).toBe('known synonym');
    expect(howWords('profile', email, false)).toBe('from your saved mapping');
  });
});

describe('MappingStore.forValidation', () => {
  const storeOn = (wb: FakeWorkbook) => {
    const settings = new SettingsStore(memorySettings());
    return new MappingStore(createExcelPort(createFakeExcel(wb)), settings, memoryLibrary());
  };

  it('leaves a template-shaped workbook to the usual read (null)', async () => {
    const wb = new FakeWorkbook();
    wb.addSheet('Organizations').load([std.entities[0]!.fields.map((f) => f.header), ['ORG-1', 'Acme']]);
    expect(await storeOn(wb).forValidation(std)).toBeNull();
  });

  it('maps a partner workbook, with the value worklist of its own spellings', async () => {
    const store = storeOn(partnerWorkbook());
    const m = await store.forValidation(std);
    expect(m!.mapping.sheets.map((s) => s.source).sort()).toEqual(['Centres', 'Hospitals', 'Trial List']);
    expect(store.getSnapshot().values.map((v) => `${v.sheet}:${v.value}:${v.count}`)).toEqual(['Trial List:Open for inclusion:1', 'Centres:Open for inclusion:1']);
  });
});
