import { defaultStandard, parseStandardJson, StandardError } from '../core/standard/load';
import type { Standard } from '../core/standard/schema';
import type { DateOrder } from '../core/transform/dates';
import type { PaneSettings, SettingsStorage } from './settings';
import { Emitter } from './emitter';

/** The pane's settings (date order, the customer's standard), kept in the workbook's document settings. */

export interface StandardChoice {
  standard: Standard;
  /** File name of a customer's standard, or null for the shipped one. */
  customFile: string | null;
}

export interface SettingsState {
  settings: PaneSettings;
  choice: StandardChoice;
  /** Problems of the last file the user chose (it was not taken). */
  standardProblems: string[] | null;
  standardProblemsFile: string | null;
}

function choose(settings: PaneSettings): { choice: StandardChoice; problems: string[] | null } {
  if (!settings.customStandard) return { choice: { standard: defaultStandard(), customFile: null }, problems: null };
  try {
    return { choice: { standard: parseStandardJson(settings.customStandard.json), customFile: settings.customStandard.fileName }, problems: null };
  } catch (e) {
    // A stored standard that no longer parses (edited storage, newer schema): fall back, and say why.
    return { choice: { standard: defaultStandard(), customFile: null }, problems: problemsOf(e) };
  }
}

export function problemsOf(e: unknown): string[] {
  if (e instanceof StandardError) return e.problems;
  return [e instanceof Error ? e.message : String(e)];
}

export class SettingsStore extends Emitter<SettingsState> {
  constructor(private readonly storage: SettingsStorage) {
    const settings = storage.load();
    const { choice, problems } = choose(settings);
    super({ settings, choice, standardProblems: problems, standardProblemsFile: problems ? settings.customStandard?.fileName ?? null : null });
  }

  setDateOrder(dateOrder: DateOrder | null): void {
    this.update({ ...this.state.settings, dateOrder });
  }

  /** Take a customer's standard if it parses; otherwise keep the current one and report each problem with its path. */
  loadStandard(fileName: string, json: string): boolean {
    try {
      const standard = parseStandardJson(json);
      const settings = { ...this.state.settings, customStandard: { fileName, json } };
      this.storage.save(settings);
      this.set({ settings, choice: { standard, customFile: fileName }, standardProblems: null, standardProblemsFile: null });
      return true;
    } catch (e) {
      this.set({ standardProblems: problemsOf(e), standardProblemsFile: fileName });
      return false;
    }
  }

  useDefaultStandard(): void {
    this.update({ ...this.state.settings, customStandard: null });
  }

  private update(settings: PaneSettings): void {
    this.storage.save(settings);
    const { choice, problems } = choose(settings);
    this.set({ settings, choice, standardProblems: problems, standardProblemsFile: null });
  }
}
