import type { Standard } from '../core/standard/schema';
import { rowsOfAddress } from '../core/sheet/address';
import { api, type ExcelHost } from './host';

/**
 * worksheet.onChanged on the standard's sheets. Changes the add-in made itself
 * are dropped (triggerSource "ThisLocalAddin", ExcelApi 1.14; the adapter also
 * writes with events off). Inserted or deleted rows/columns shift row numbers,
 * so they are reported as structural and the caller re-reads the sheet.
 */

export type ChangeListener = (sheet: string, rowNumbers: number[], structural: boolean) => void | Promise<void>;

export async function watchChanges(host: ExcelHost, std: Standard, onChange: ChangeListener): Promise<() => Promise<void>> {
  const trigger = api(host, '1.14');
  const results = await host.run(async (ctx) => {
    const sheets = std.entities.map((e) => ctx.workbook.worksheets.getItemOrNullObject(e.sheet).load('name, id'));
    await ctx.sync();
    const names = new Map<string, string>();
    const out: OfficeExtension.EventHandlerResult<Excel.WorksheetChangedEventArgs>[] = [];
    for (const ws of sheets) {
      if (ws.isNullObject) continue;
      names.set(ws.id, ws.name);
      out.push(ws.onChanged.add(async (args: Excel.WorksheetChangedEventArgs) => {
        if (trigger && args.triggerSource === 'ThisLocalAddin') return;
        const sheet = names.get(args.worksheetId) ?? ws.name;
        const structural = args.changeType !== 'RangeEdited' && args.changeType !== 'Unknown';
        const { rows, wholeColumns } = rowsOfAddress(args.address);
        await onChange(sheet, rows.filter((r) => r >= 2), structural || wholeColumns || rows.includes(1));
      }));
    }
    await ctx.sync();
    return out;
  });
  return async () => {
    // A handler is removed through the context that added it (Office.js keeps the registration there).
    for (const r of results) r.remove();
    await Promise.all([...new Set(results.map((r) => r.context))].map((c) => c.sync()));
  };
}
