import type { ExcelHost } from './host';

/**
 * A list the add-in keeps as JSON text in the workbook's settings (duplicate
 * decisions, flag overrides): read whole, replaced whole — a half-written list
 * cannot exist — and capped, because settings share one small property bag
 * stored in the file and each write must fit Excel on the web's request limit.
 */
export interface JsonSetting<T> {
  load(host: ExcelHost): Promise<T[]>;
  save(host: ExcelHost, items: T[]): Promise<void>;
}

export function jsonSetting<T>(key: string, maxChars: number, what: string, parse: (raw: unknown) => T[], encode: (items: T[]) => string): JsonSetting<T> {
  return {
    load: (host) => host.run(async (ctx) => {
      const s = ctx.workbook.settings.getItemOrNullObject(key).load('value');
      await ctx.sync();
      return s.isNullObject ? [] : parse(s.value);
    }),
    async save(host, items) {
      const text = encode(items);
      if (text.length > maxChars) {
        throw new Error(`Too many ${what} to keep in the workbook (${Math.round(text.length / 1024)} KB; the limit is ${maxChars / 1024} KB).`);
      }
      await host.run(async (ctx) => {
        ctx.workbook.settings.add(key, text);
        await ctx.sync();
      });
    },
  };
}
