/**
 * Excel on the web rejects a request or response over 5 MB. The adapter
 * estimates what each queued action costs on the wire and syncs when the
 * running total would pass the budget, so the number of round trips follows
 * the payload, not the number of rows or cells.
 */
export const PAYLOAD_BUDGET = 4_000_000;
/** Conservative wire cost of one action (Office.js sends ~100 bytes of JSON per action). */
export const ACTION_COST = 150;
/** Address strings for getRanges stay well under Excel's 8,192-character limit. */
export const MAX_ADDRESS_CHARS = 7000;

export const jsonLength = (v: unknown): number => JSON.stringify(v)?.length ?? 4;

export function isPayloadError(e: unknown): boolean {
  const code = (e as { code?: string })?.code ?? '';
  return code === 'RequestPayloadSizeLimitExceeded' || code === 'ResponsePayloadSizeLimitExceeded';
}

/** Accumulates estimated bytes; `reserve` syncs first when the next action would overflow the budget. */
export class Batch {
  private bytes = 0;
  syncs = 0;
  constructor(private readonly ctx: Excel.RequestContext, private readonly budget = PAYLOAD_BUDGET) {}

  async reserve(estimate: number): Promise<void> {
    if (this.bytes > 0 && this.bytes + estimate > this.budget) await this.flush();
    this.bytes += estimate;
  }

  async flush(): Promise<void> {
    if (this.bytes === 0) return;
    await this.ctx.sync();
    this.syncs++;
    this.bytes = 0;
  }
}
