import path from 'node:path';
import { readFileSync } from 'node:fs';
import { clean, type Row } from '../../testing/builders/wb';
import { tmpDir, writeXlsx, xlsxOf } from '../../testing/builders/cli';
import { runMain } from '../../testing/builders/cli-main';
import { kanjiReader } from '../../src/cli/kanji-readings';

// The real reader, watched: is the dictionary loaded, and how often.
jest.mock('../../src/cli/kanji-readings', () => {
  const actual = jest.requireActual<typeof import('../../src/cli/kanji-readings')>('../../src/cli/kanji-readings');
  return { kanjiReader: jest.fn(actual.kanjiReader) };
});
const read = kanjiReader as jest.MockedFunction<typeof kanjiReader>;

/** `validate` reads Japanese names in kanji with kuromoji's dictionary (shipped in the package), only when there are some. */

type Report = { proposals: { sheet: string; cell: string; from: unknown; to: string; ruleId: string; reason?: string }[] };

const person = (email: string, last: string, first: string | null, country: string): Row =>
  ({ Email: email, 'First Name': first, 'Last Name': last, 'Organization ID': 'ORG-1', Country: country } as Row);

describe('kanji names on the command line', () => {
  let t: ReturnType<typeof tmpDir>;
  beforeAll(() => { t = tmpDir(); });
  afterAll(() => t.cleanup());
  beforeEach(() => read.mockClear());

  async function validate(rows: Row[], name: string): Promise<Report> {
    const s = clean();
    s.Investigators!.push(...rows);
    const file = await writeXlsx(xlsxOf(s), path.join(t.dir, `${name}.xlsx`));
    const json = path.join(t.dir, `${name}.json`);
    const r = await runMain('validate', file, '--json', json);
    expect(r.err).toBe('');
    return JSON.parse(readFileSync(json, 'utf8')) as Report;
  }

  it('proposes Hepburn from the dictionary reading, low confidence, marked for review', async () => {
    const report = await validate([person('yamada@u-tokyo.example.jp', '山田', '太郎', 'JP'), person('suzuki@keio.example.jp', '鈴木一郎', null, 'Japan')], 'jp');
    expect(read).toHaveBeenCalledTimes(1);
    expect([...read.mock.calls[0]![0]].sort()).toEqual(['太郎', '山田', '鈴木一郎'].sort());
    const p = report.proposals.filter((x) => x.ruleId === 'T-ROMANIZE').map((x) => `${x.cell} ${String(x.from ?? '')} → ${x.to}`);
    expect(p).toEqual(['B3 太郎 → Taro', 'C3 山田 → Yamada', 'C4 鈴木一郎 → Suzuki', 'B4  → Ichiro']);
    const reason = report.proposals.find((x) => x.ruleId === 'T-ROMANIZE')!.reason!;
    expect(reason).toContain('from a dictionary reading of the kanji (kuromoji with IPADIC)');
    expect(reason).toContain('confidence low; needs review');
  });

  it('does not load the dictionary when no name is in kanji', async () => {
    const report = await validate([person('zhang@pumch.example.cn', '张伟', null, 'CN')], 'cn');
    expect(read).not.toHaveBeenCalled();
    expect(report.proposals.filter((x) => x.ruleId === 'T-ROMANIZE').map((x) => x.to)).toEqual(['Zhang', 'Wei']);
  });
});
