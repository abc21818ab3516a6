import { createFakeExcel, type FakeExcel, FakeWorkbook } from '../../testing/fake-excel';
import type { ExcelHost } from '../excel/host';

/**
 * The harness's workbook: the fake Excel plus a version counter bumped after
 * every batch the pane runs and every edit typed through the harness, so the
 * grid re-renders exactly when Excel's own grid would repaint.
 */
export class HarnessWorkbook {
  readonly fake: FakeExcel;
  readonly host: ExcelHost;
  private version = 0;
  private readonly listeners = new Set<() => void>();

  constructor(apiVersion = '1.18', workbook: FakeWorkbook = blankWorkbook()) {
    this.fake = createFakeExcel(workbook, { apiVersion });
    const fake = this.fake;
    this.host = {
      run: async (fn) => {
        try {
          return await fake.run(fn);
        } finally {
          this.changed();
        }
      },
      isSetSupported: (name, version) => fake.isSetSupported(name, version),
    };
  }

  get workbook(): FakeWorkbook {
    return this.fake.workbook;
  }

  readonly subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  readonly getVersion = (): number => this.version;

  changed(): void {
    this.version++;
    for (const l of this.listeners) l();
  }

  /** Type values into a sheet as a user would (formats decide parsing), raising onChanged. */
  async type(sheet: string, address: string, values: unknown[][]): Promise<void> {
    try {
      await this.fake.fireChange(sheet, address, values);
    } finally {
      this.changed();
    }
  }

  activate(sheetName: string): void {
    const s = this.workbook.sheet(sheetName);
    if (!s) return;
    this.workbook.activeSheetId = s.id;
    this.changed();
  }
}

/** What Excel opens for File > New: one empty sheet. */
export function blankWorkbook(): FakeWorkbook {
  const wb = new FakeWorkbook();
  wb.addSheet('Sheet1');
  return wb;
}
