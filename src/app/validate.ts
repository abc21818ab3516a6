import type { Standard } from '../core/standard/schema';
import type { DateOrder } from '../core/transform/dates';
import type { WorkbookData } from '../core/model/sheet';
import type { DecidedValues } from '../core/transform/cell';
import { createVerifySession, type VerifyResult, type VerifySession } from '../core/verify/engine';
import { romanizersFor } from '../core/transform/romanize/detect';
import { approvedFromWorklist, glossaryOf, type Glossary } from '../core/translate';
import { applyOverrides, type FlagOverride, type OverriddenIssue, type StaleOverride } from '../core/verify/overrides';

/**
 * Validate a workbook: read it, verify every sheet (issues and proposed
 * transformations), and leave out the flags a steward overrode. The pane's
 * Validate store and the CLI's validate command both run this; the session
 * it returns is what live re-validation updates row by row.
 */

export interface ValidationSource {
  /** Read every sheet of the standard; `onProgress` gets a 0..1 fraction. */
  read(std: Standard, onProgress?: (fraction: number) => void): Promise<WorkbookData>;
  /** Flag overrides stored with the workbook ([] when none). */
  loadOverrides(): Promise<FlagOverride[]>;
  /** The workbook's Translations worklist as filled (null when it has none): its approved English is proposed wherever the text occurs. */
  readTranslations?(): Promise<{ source: string; approved: string | null }[] | null>;
}

export interface ValidationRequest {
  std: Standard;
  dateOrder: DateOrder | null;
  /** Overrides to use when the stored ones cannot be read (the pane's last known list). */
  knownOverrides?: FlagOverride[];
  onReadProgress?: (fraction: number) => void;
  /** Between reading and verifying (the pane paints its "checking" state here). */
  beforeVerify?: () => Promise<void>;
  onVerifyProgress?: (done: number, total: number) => void;
  /** A person's picklist value mappings for a partner's file (proposed wherever the spelling occurs). */
  values?: DecidedValues;
}

export interface Validation extends OverrideOutcome {
  workbook: WorkbookData;
  session: VerifySession;
  /** The stored overrides could not be read; `knownOverrides` were used. */
  overridesUnread: string | null;
}

export interface OverrideOutcome {
  /** The session's result without the overridden flags. */
  result: VerifyResult;
  overrides: FlagOverride[];
  overridden: OverriddenIssue[];
  stale: StaleOverride[];
}

export async function validateWorkbook(source: ValidationSource, req: ValidationRequest): Promise<Validation> {
  const workbook = await source.read(req.std, req.onReadProgress);
  await req.beforeVerify?.();
  // Loaded (a separate chunk in the pane) only when names in other scripts are there to romanize.
  const romanizers = await romanizersFor(req.std, workbook);
  const glossary = await approvedTranslations(source);
  const session = createVerifySession(req.std, workbook, {
    ...(req.dateOrder ? { dateOrder: req.dateOrder } : {}),
    ...(romanizers ? { romanizers } : {}),
    ...(glossary.size ? { glossary } : {}),
    ...(req.onVerifyProgress ? { onProgress: req.onVerifyProgress } : {}),
    ...(req.values?.size ? { values: req.values } : {}),
  });
  // Re-read each time: a colleague's session (or an undo in another pane) may have changed them.
  let overrides = req.knownOverrides ?? [];
  let overridesUnread: string | null = null;
  try {
    overrides = await source.loadOverrides();
  } catch (e) {
    overridesUnread = e instanceof Error ? e.message : String(e);
  }
  return { workbook, session, overridesUnread, ...withOverrides(req.std, workbook, session.result, overrides) };
}

/**
 * The approved English of the workbook's Translations sheet, as a glossary.
 * A sheet of that name that is not a worklist (the user's own) proposes
 * nothing and does not stop validation; the Translations section says why
 * when it is used.
 */
export async function approvedTranslations(source: Pick<ValidationSource, 'readTranslations'>): Promise<Glossary> {
  try {
    return glossaryOf(approvedFromWorklist((await source.readTranslations?.()) ?? []));
  } catch {
    return new Map();
  }
}

/** A verification result without the flags these overrides cover (after a full run or a live update). */
export function withOverrides(std: Standard, workbook: WorkbookData, raw: VerifyResult, overrides: FlagOverride[]): OverrideOutcome {
  const out = applyOverrides(raw, overrides, std, workbook);
  return { result: out.result, overrides, overridden: out.overridden, stale: out.stale };
}
