/**
 * The adapter talks to Excel only through this interface, so the same code
 * runs on Excel (officeHost) and on the fake object model in tests and in the
 * browser harness.
 */
export interface ExcelHost {
  run<T>(fn: (ctx: Excel.RequestContext) => Promise<T>): Promise<T>;
  isSetSupported(name: string, version: string): boolean;
}

/** The real host: Excel.run and the requirement-set check of Office.js. */
export function officeHost(): ExcelHost {
  return {
    run: (fn) => Excel.run(fn),
    isSetSupported: (name, version) => Office.context.requirements.isSetSupported(name, version),
  };
}

export const api = (host: ExcelHost, version: string): boolean => host.isSetSupported('ExcelApi', version);

/**
 * Run writes with this add-in's events off, so its own writes do not come back
 * as onChanged (events are per add-in, ExcelApi 1.8). Events are switched back
 * on even when the writes fail, or live re-validation would silently stop.
 */
export async function withEventsOff<T>(host: ExcelHost, ctx: Excel.RequestContext, fn: () => Promise<T>): Promise<T> {
  const can = api(host, '1.8');
  if (can) ctx.runtime.enableEvents = false;
  try {
    return await fn();
  } finally {
    if (can) {
      ctx.runtime.enableEvents = true;
      await ctx.sync();
    }
  }
}
