import { loadUserName, saveUserName } from './userName';
import { Emitter } from './emitter';

export interface IdentityState {
  /** The name recorded as "who" ('' until entered). */
  name: string;
  /** The name dialog is open, waiting for an answer. */
  asking: boolean;
}

/**
 * Who the audit trail names. Asked once, before the first recorded action:
 * every store calls `ensure()` before it changes anything, so an accept or an
 * override is never recorded as "name not entered" behind the user's back.
 * Kept like before (userName.ts: on this computer, not in the workbook).
 */
export class Identity extends Emitter<IdentityState> {
  private waiting: ((name: string | null) => void)[] = [];
  private askers = 0;

  constructor(private readonly storage: Storage | undefined = globalThis.localStorage) {
    super({ name: loadUserName(storage), asking: false });
  }

  /** The dialog registers while mounted; without one (a headless run) nobody can answer, so nobody is asked. */
  attach(): () => void {
    this.askers++;
    return () => {
      this.askers--;
      if (!this.askers) this.answer(null);
    };
  }

  /** The name now: also one entered elsewhere since (the Duplicates or Dashboard name field saves to the same place). */
  current(): string {
    const stored = loadUserName(this.storage);
    // Storage may refuse writes (privacy mode): then the name given in this session stands.
    if (stored && stored !== this.state.name) this.set({ name: stored });
    return this.state.name;
  }

  /** The name, asking for it first when none is known; null when the user declined (the action must not go ahead). */
  ensure(): Promise<string | null> {
    const name = this.current();
    if (name) return Promise.resolve(name);
    if (!this.askers) return Promise.resolve('');
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.set({ asking: true });
    });
  }

  /** The dialog's answer: a name (saved), or null when cancelled. */
  answer(name: string | null): void {
    const trimmed = name?.trim() ?? '';
    const waiting = this.waiting;
    this.waiting = [];
    this.set({ asking: false });
    if (trimmed) this.change(trimmed);
    for (const w of waiting) w(trimmed || null);
  }

  change(name: string): void {
    saveUserName(name, this.storage);
    this.set({ name: name.trim() });
  }
}

/** What a store is given: resolves to the name (or '' with no one to ask), null when the user declined. */
export type Identify = () => Promise<string | null>;

/** The one line shown when the user declines to give a name. */
export const NAME_DECLINED = 'Nothing was changed: your name is recorded with every change in the audit trail.';
