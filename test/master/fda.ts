/** Reads the FDA Clinical Investigator Inspection List exports into an Investigators sheet. */
import type { SheetData } from '../../src/core/model/sheet';
import { fixture, parseCsv } from './helpers';

export interface FdaRow { file: 'da' | 'fc'; id: string; name: string; location: string; city: string; state: string; country: string }

export function readFda(): FdaRow[] {
  const out: FdaRow[] = [];
  for (const file of ['da', 'fc'] as const) {
    const rows = parseCsv(fixture(`fda-cliil-erblast/raw_clinical_investigator_inspection_${file}_jun19.csv`)).slice(1).filter((r) => r.length > 6);
    for (const r of rows) out.push({ file, id: r[0], name: r[1], location: r[2], city: r[4], state: r[5], country: r[6] });
  }
  return out;
}

const CREDENTIALS = new Set(['md', 'do', 'phd', 'dds', 'dmd', 'jr', 'sr', 'ii', 'iii', 'mb', 'chb', 'bs', 'ms', 'mph', 'rn', 'np', 'pa', 'pharmd', 'facp', 'frcp', 'mbbs', 'dpm', 'od', 'dvm', 'msc', 'bsc', 'mba', 'frcpc']);
const blank = (s: string) => { const t = s.replace(/\u00a0/g, ' ').trim(); return t === '-' ? '' : t; };

/** "Iber,   Frank   L    MD" → last Iber, first Frank, middle L (credentials dropped). */
export function splitName(name: string): { first: string; middle: string; last: string } {
  const [last, rest = ''] = name.replace(/\u00a0/g, ' ').split(',');
  const words = rest.trim().split(/\s+/).filter((w) => w !== '' && !CREDENTIALS.has(w.toLowerCase().replace(/\./g, '')));
  return { last: last.trim(), first: words[0] ?? '', middle: words.slice(1).join(' ') };
}

export function fdaSheet(rows: readonly FdaRow[]): SheetData {
  return {
    name: 'Investigators',
    headers: ['First Name', 'Middle Name', 'Last Name', 'Organization ID', 'City', 'State/Province', 'Country'],
    rows: rows.map((r) => { const n = splitName(r.name); return [n.first, n.middle, n.last, blank(r.location), blank(r.city), blank(r.state), blank(r.country)]; }),
    rowNumbers: rows.map((_, k) => k + 2),
  };
}
