import type { Standard } from '../../core/standard/schema';
import type { RawWorkbook, SheetMapping, WorkbookMapping } from '../../core/mapping/types';
import { mapWorkbook } from '../../core/mapping/match';
import { parseProfile, profileMappings, ProfileError, toProfile, type MappingProfile } from '../../core/mapping/profile';
import { bestProfile, fittingPart, profileFromCells, profileToCells } from '../../core/mapping/stored';
import { applyValueMapping, valueWorklist, type ValueWorkItem } from '../../core/mapping/values';
import type { WorkbookPort } from '../../app/workbook-port';
import type { SettingsStore } from '../settings-store';
import { Emitter } from '../emitter';
import { messageOf } from '../text';
import type { ProfileLibrary } from './library';
import { chooseField, isExact, openQuestions } from './model';

/**
 * The Map step's state: the partner's workbook as read, the mapping (the
 * matcher's suggestions plus the steward's choices), which saved profile was
 * used and where it no longer fits. Validate asks it for the mapping to use
 * (forValidation), so highlights and notes land on the partner's own cells.
 */

export interface MappingState {
  phase: 'idle' | 'reading' | 'saving';
  std: Standard | null;
  raw: RawWorkbook | null;
  mapping: WorkbookMapping | null;
  /** The workbook is the template's shape: nothing to map. */
  exact: boolean;
  /** Columns the steward chose ("sheet!col"). */
  chosen: string[];
  /** Which saved mapping was used, in words. */
  profileUsed: string | null;
  /** Where a saved mapping no longer fits this file. */
  profileProblem: string | null;
  /** Partner spellings in list columns the standard cannot read, each once with its count. */
  values: ValueWorkItem[];
  /** A profile file that was refused: its name and the problem. */
  refused: { file: string; problem: string } | null;
  notice: string | null;
  error: string | null;
}

const INITIAL: MappingState = {
  phase: 'idle', std: null, raw: null, mapping: null, exact: false, chosen: [], profileUsed: null, profileProblem: null, values: [], refused: null, notice: null, error: null,
};

/** Rows read to decide whether the workbook is the template's shape (header detection looks at 20, profiling at a few hundred). */
const SAMPLE_ROWS = 500;

/** How the panel names the mapping chosen in this session (not yet saved, or just saved). */
export const SESSION_MAPPING = 'the mapping as you left it';

export interface MappedRead { raw: RawWorkbook; mapping: WorkbookMapping }

export class MappingStore extends Emitter<MappingState> {
  /** Decided by the steward in this session (or imported): used as it is while it fits. */
  private decided: MappingProfile | null = null;

  constructor(private readonly port: WorkbookPort, private readonly settings: SettingsStore, private readonly library: ProfileLibrary) {
    super(INITIAL);
  }

  get available(): boolean {
    return !!this.port.readRaw;
  }

  private std(): Standard {
    return this.settings.getSnapshot().choice.standard;
  }

  /** The stored profile of the workbook, then the library's: the one that fits this file best. */
  private async savedProfiles(std: Standard): Promise<{ list: { name: string; profile: MappingProfile }[]; problem: string | null }> {
    const out: { name: string; profile: MappingProfile }[] = [];
    let problem: string | null = null;
    try {
      const cells = await this.port.readMappingCells?.();
      if (cells?.length) out.push({ name: 'the mapping saved in this workbook', profile: profileFromCells(cells, std) });
    } catch (e) {
      problem = `The mapping saved in this workbook could not be used: ${messageOf(e)}`;
    }
    for (const s of this.library.list()) {
      try {
        out.push({ name: `your saved mapping “${s.name}”`, profile: parseProfile(JSON.stringify(s.profile), std) });
      } catch {
        // A library entry for another standard (or an older format) is simply not a candidate.
      }
    }
    return { list: out, problem };
  }

  /**
   * Map with the saved profile that fits this file best (core's bestProfile);
   * the sheets where it no longer fits are matched afresh, and the pane says where.
   */
  private async map(std: Standard, raw: RawWorkbook): Promise<WorkbookMapping> {
    const saved = this.decided ? { list: [{ name: SESSION_MAPPING, profile: this.decided }], problem: null } : await this.savedProfiles(std);
    const best = bestProfile(std, saved.list, raw);
    let fixed: Map<string, SheetMapping> | undefined;
    let problem: string | null = saved.problem;
    if (best) {
      try {
        fixed = profileMappings(std, best.misfits.length ? fittingPart(best.profile, raw) : best.profile, raw);
      } catch (e) {
        if (!(e instanceof ProfileError)) throw e;
        problem = `${capital(best.name)} was not used: ${e.message}.`;
      }
      if (fixed && best.misfits.length) {
        const more = best.misfits.length > 3 ? ` (and ${best.misfits.length - 3} more)` : '';
        problem = `Where ${best.name} no longer fits this file: ${best.misfits.slice(0, 3).join('; ')}${more}. Those sheets were matched again.`;
      }
    }
    this.set({ profileUsed: fixed && best ? best.name : null, profileProblem: problem });
    return mapWorkbook(std, raw, fixed ? { fixed } : {});
  }

  /** Read the workbook and map it (the Map panel's first step, and "Read again"). */
  async analyze(): Promise<void> {
    if (!this.port.readRaw || this.state.phase !== 'idle') return;
    const std = this.std();
    this.set({ phase: 'reading', error: null, notice: null, refused: null, profileProblem: null });
    try {
      const raw = await this.port.readRaw();
      const mapping = await this.map(std, raw);
      const exact = !this.decided && isExact(mapping);
      this.set({ phase: 'idle', std, raw, mapping, exact, chosen: this.decided ? this.state.chosen : [], values: valueWorklist(std, raw, mapping) });
    } catch (e) {
      this.set({ phase: 'idle', error: `Could not read the workbook: ${messageOf(e)}` });
    }
  }

  /** The steward's choice for one column: a field, or null (not imported). */
  choose(sheet: string, col: number, field: string | null): void {
    const { mapping, std } = this.state;
    if (!mapping || !std) return;
    const next = chooseField(std, mapping, sheet, col, field);
    this.decided = toProfile(std, next);
    const key = `${sheet}!${col}`;
    this.set({ mapping: next, exact: false, chosen: [...this.state.chosen.filter((k) => k !== key), key], notice: null, values: this.worklist(next) });
  }

  private worklist(m: WorkbookMapping): ValueWorkItem[] {
    const { std, raw } = this.state;
    return std && raw ? valueWorklist(std, raw, m) : [];
  }

  /**
   * The steward's picklist value for a partner spelling (null takes it back).
   * It becomes part of the mapping: the next validation proposes it in every
   * cell holding the spelling, accepted and audited like any proposal.
   */
  chooseValue(item: ValueWorkItem, to: string | null): void {
    const { mapping, std } = this.state;
    if (!mapping || !std) return;
    try {
      const next = applyValueMapping(std, mapping, [{ entity: item.entity, field: item.field, value: item.value, to }]);
      this.decided = toProfile(std, next);
      this.set({ mapping: next, exact: false, values: this.worklist(next), error: null });
    } catch (e) {
      this.set({ error: messageOf(e) });
    }
  }

  /**
   * The mapping Validate uses, or null when the workbook is the template's
   * shape (then nothing changes in how it is read and checked). A sample is
   * read first, so a template-shaped workbook is read in full only once.
   */
  async forValidation(std: Standard, onProgress?: (fraction: number) => void): Promise<MappedRead | null> {
    if (!this.port.readRaw) return null;
    if (!this.decided) {
      const sample = await this.port.readRaw({ maxRows: SAMPLE_ROWS });
      const m = await this.map(std, sample);
      if (!m.sheets.length || isExact(m)) return null;
      if (!sample.truncated) {
        this.set({ std, raw: sample, mapping: m, exact: false, values: valueWorklist(std, sample, m) });
        return { raw: sample, mapping: m };
      }
    }
    const raw = await this.port.readRaw({ onProgress });
    const mapping = await this.map(std, raw);
    this.set({ std, raw, mapping, exact: false, values: valueWorklist(std, raw, mapping) });
    return { raw, mapping };
  }

  /** The mapping as a profile (JSON text) to export. */
  profileJson(): string | null {
    const { mapping, std } = this.state;
    return mapping && std ? `${JSON.stringify(toProfile(std, mapping), null, 2)}\n` : null;
  }

  /** Take a profile file: refused with the file name and the problem, or used at once. */
  async importProfile(file: string, text: string): Promise<boolean> {
    const std = this.std();
    try {
      this.decided = parseProfile(text, std);
    } catch (e) {
      this.set({ refused: { file, problem: e instanceof ProfileError ? e.message : messageOf(e) } });
      return false;
    }
    this.set({ refused: null, chosen: [] });
    await this.analyze();
    if (this.state.profileUsed) this.set({ notice: `Mapping taken from ${file}.` });
    return true;
  }

  /** Store the mapping in the workbook and, under a name, in this browser's library of saved mappings. */
  async save(name: string): Promise<void> {
    const { mapping, std } = this.state;
    if (!mapping || !std || this.state.phase !== 'idle') return;
    const profile = toProfile(std, mapping);
    this.set({ phase: 'saving', error: null, notice: null });
    try {
      await this.port.writeMappingCells?.(profileToCells(profile));
      const label = name.trim() || 'Unnamed partner';
      this.library.save({ name: label, savedAt: new Date().toISOString(), profile });
      this.decided = profile;
      const waiting = openQuestions(mapping);
      this.set({ phase: 'idle', notice: `Mapping saved in this workbook and as “${label}” for the next hand-over.${waiting ? ` ${waiting} column${waiting === 1 ? '' : 's'} still wait for your choice.` : ''}` });
    } catch (e) {
      this.set({ phase: 'idle', error: `Could not save the mapping: ${messageOf(e)}` });
    }
  }

  /** Say something on the Map panel (the outcome of a step taken through another store). */
  tell(notice: string | null, error: string | null = null): void {
    this.set({ notice, error });
  }

  dismiss(): void {
    this.set({ error: null, notice: null, refused: null });
  }
}

const capital = (t: string) => `${t[0]!.toUpperCase()}${t.slice(1)}`;
