import { useSyncExternalStore } from 'react';
import type { WorkbookPort } from '../../app/workbook-port';
import type { AuditInput } from '../../core/audit/trail';
import { nonLatinScript } from '../../core/transform/charset';
import {
  approvedFromWorklist, buildWorklist, glossaryOf, translateRuleId, translationDecisionEntries, withKeptApprovals, WorklistSheetError,
} from '../../core/translate';
import { usePane } from '../context';
import { Emitter } from '../emitter';
import { NAME_DECLINED } from '../identity';
import type { SettingsStore } from '../settings-store';
import type { ValidationStore } from '../store';
import { messageOf, plural } from '../text';

/**
 * The Translations sheet from the pane: write the worklist of texts in
 * another script for a translator, and read the approved English back. The
 * approvals are recorded in the audit trail as decisions; validation then
 * reads the sheet and proposes them wherever the text occurs (app/validate),
 * and accepting those proposals is recorded like any other accept.
 */

export type TranslationsPhase = 'idle' | 'writing' | 'reading';

export interface TranslationsState {
  phase: TranslationsPhase;
  notice: string | null;
  error: string | null;
}

export interface TranslationsDeps {
  port: WorkbookPort;
  settings: SettingsStore;
  validation: ValidationStore;
  audit?: (entries: AuditInput[]) => Promise<void>;
  /** The name recorded with a decision; null when the user declines to give one. */
  identify?: () => Promise<string | null>;
}

const NOT_A_WORKLIST = 'This workbook has a sheet named "Translations" that is not a translation worklist. Rename it to write the worklist; nothing was changed.';

export class TranslationsStore extends Emitter<TranslationsState> {
  constructor(private readonly deps: TranslationsDeps) {
    super({ phase: 'idle', notice: null, error: null });
  }

  get busy(): boolean {
    return this.state.phase !== 'idle' || this.deps.validation.busy;
  }

  /** The sheet as filled; null with the error shown when a sheet of that name is someone else's. */
  private async readSheet(): Promise<{ source: string; approved: string | null }[] | null | false> {
    try {
      return (await this.deps.port.readTranslations?.()) ?? null;
    } catch (e) {
      this.set({ phase: 'idle', error: e instanceof WorklistSheetError ? NOT_A_WORKLIST : `Could not read the Translations sheet: ${messageOf(e)}` });
      return false;
    }
  }

  /** Write (or rewrite) the Translations sheet; approvals already in it are kept. */
  async writeSheet(): Promise<void> {
    const { port, settings } = this.deps;
    if (this.busy || !port.writeTranslations) return;
    const std = settings.getSnapshot().choice.standard;
    this.set({ phase: 'writing', notice: null, error: null });
    try {
      const data = await port.read(std);
      const existing = await this.readSheet();
      if (existing === false) return;
      const glossary = glossaryOf(approvedFromWorklist(existing ?? []));
      // The romanization libraries are a separate chunk, loaded only when there is text to list.
      const rows = withKeptApprovals(await buildWorklist(std, data, glossary), glossary, nonLatinScript);
      if (!rows.length) {
        this.set({ phase: 'idle', notice: 'Nothing to translate: there is no text in another script where the target needs Latin script.' });
        return;
      }
      await port.writeTranslations(rows);
      const done = rows.filter((r) => r.approved).length;
      this.set({
        phase: 'idle',
        notice: `Translations sheet written: ${plural(rows.length, 'text')}, ${done} already translated. Fill the Approved English column, then choose "Use approved translations".`,
      });
    } catch (e) {
      this.set({ phase: 'idle', error: `Could not write the Translations sheet: ${messageOf(e)}` });
    }
  }

  /** Read the approved English, record the new approvals, and validate so they are proposed. */
  async useApproved(): Promise<void> {
    const { port, settings, validation, audit, identify } = this.deps;
    if (this.busy) return;
    if (identify && (await identify()) === null) { this.set({ notice: NAME_DECLINED }); return; }
    const std = settings.getSnapshot().choice.standard;
    this.set({ phase: 'reading', notice: null, error: null });
    const sheet = await this.readSheet();
    if (sheet === false) return;
    if (sheet === null) {
      this.set({ phase: 'idle', error: 'This workbook has no Translations sheet yet: choose "Write Translations sheet" first.' });
      return;
    }
    const approved = approvedFromWorklist(sheet);
    if (!approved.length) {
      this.set({ phase: 'idle', notice: 'The Translations sheet has no approved English yet: fill the Approved English column first.' });
      return;
    }
    let unrecorded: string | null = null;
    let recorded = 0;
    try {
      const entries = translationDecisionEntries(std, approved, (await port.readAudit()).trail.entries());
      if (audit && entries.length) await audit(entries);
      recorded = entries.length;
    } catch (e) {
      // The approvals still become proposals; a trail that refused them is reported, never skipped silently.
      unrecorded = `The audit trail could not record the approved translations: ${messageOf(e)}`;
    }
    this.set({ phase: 'idle' });
    const result = await validation.validate('Approved translations read.', true);
    const rule = translateRuleId(std);
    const proposed = result ? result.proposals.filter((p) => rule !== null && p.steps.includes(rule)).length : 0;
    this.set({
      notice: `${plural(approved.length, 'approved translation')} read (${recorded} new in the audit trail); ${plural(proposed, 'cell')} can take ${approved.length === 1 ? 'it' : 'them'}: accept them under Proposed changes.`,
      error: unrecorded,
    });
  }

  dismiss(): void {
    this.set({ notice: null, error: null });
  }
}

// One store per pane (keyed on its validation store), so adding the section touches no shared file.
const stores = new WeakMap<ValidationStore, TranslationsStore>();

export function translationsStoreFor(deps: TranslationsDeps): TranslationsStore {
  let s = stores.get(deps.validation);
  if (!s) stores.set(deps.validation, (s = new TranslationsStore(deps)));
  return s;
}

export function useTranslations() {
  const { port, settings, validation, audit, identity } = usePane();
  const store = translationsStoreFor({ port, settings, validation, audit, identify: () => identity.ensure() });
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  return { ...state, store };
}
