/**
 * A use case refused what it was asked, for a reason the user can act on
 * (another target than the log's, a transfer already rolled back). The CLI
 * prints it as one line with exit 2; the pane shows it in its message bar.
 */
export class UseCaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UseCaseError';
  }
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
