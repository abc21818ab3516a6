import type { Command } from 'commander';

/** Commands built on the mastering, transfer and reporting engines. */
export function registerExtraCommands(_program: Command): void {
  // dedupe, submit, rollback, serve, report are registered here as their engines land.
}
