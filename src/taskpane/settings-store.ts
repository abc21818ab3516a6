import { defaultStandard, parseStandardJson, StandardError } from '../core/standard/load';
import type { Standard } from '../core/standard/schema';
import type { DateOrder } from '../core/transform/dates';
import type { PaneSettings, SettingsStorage } from './settings';
import { Emitter } from './emitter';
import { CLIENT_ID_PATTERN, type TargetSettings } from '../app/settings';
import { chooseProfile, parseProfileText, profileProblemsOf, type TargetChoice } from './target-settings';

/** The pane's settings (date order, the customer's standard, the target connection), kept in the workbook's document settings. */

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
  /** The target profile in use. */
  target: TargetChoice;
  /** Problems of the last profile file chosen (it was not taken), or of a stored one that no longer fits. */
  profileProblems: string[] | null;
  profileProblemsFile: string | null;
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
    const target = chooseProfile(settings.target, choice.standard);
    super({
      settings, choice, standardProblems: problems, standardProblemsFile: problems ? settings.customStandard?.fileName ?? null : null,
      target: target.choice, profileProblems: target.problems, profileProblemsFile: target.problems ? settings.target?.profile?.fileName ?? null : null,
    });
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
      this.set({ settings, choice: { standard, customFile: fileName }, standardProblems: null, standardProblemsFile: null, ...this.targetFor(settings, standard) });
      return true;
    } catch (e) {
      this.set({ standardProblems: problemsOf(e), standardProblemsFile: fileName });
      return false;
    }
  }

  useDefaultStandard(): void {
    this.update({ ...this.state.settings, customStandard: null });
  }

  /** Take a customer's target profile if it parses and fits the standard in use; otherwise keep the current one and list each problem with its path. */
  loadProfile(fileName: string, json: string): boolean {
    try {
      parseProfileText(fileName, json, this.state.choice.standard);
    } catch (e) {
      this.set({ profileProblems: profileProblemsOf(e), profileProblemsFile: fileName });
      return false;
    }
    this.updateTarget({ ...this.state.settings.target, profile: { fileName, json } });
    return true;
  }

  useDefaultProfile(): void {
    const { profile: _dropped, ...rest } = this.state.settings.target ?? {};
    this.updateTarget(rest);
  }

  /** Blank restores the default; anything else must be a client id a target accepts (the CLI's rule). */
  setClientId(clientId: string): boolean {
    const id = clientId.trim();
    if (id && !CLIENT_ID_PATTERN.test(id)) return false;
    const { clientId: _old, ...rest } = this.state.settings.target ?? {};
    this.updateTarget(id ? { ...rest, clientId: id } : rest);
    return true;
  }

  setMigrationMode(on: boolean): void {
    const { migrationMode: _old, ...rest } = this.state.settings.target ?? {};
    this.updateTarget(on ? { ...rest, migrationMode: true } : rest);
  }

  private updateTarget(target: TargetSettings): void {
    const { target: _old, ...rest } = this.state.settings;
    this.update(Object.keys(target).length ? { ...rest, target } : rest);
  }

  private targetFor(settings: PaneSettings, standard: Standard): Pick<SettingsState, 'target' | 'profileProblems' | 'profileProblemsFile'> {
    const { choice, problems } = chooseProfile(settings.target, standard);
    return { target: choice, profileProblems: problems, profileProblemsFile: problems ? settings.target?.profile?.fileName ?? null : null };
  }

  private update(settings: PaneSettings): void {
    this.storage.save(settings);
    const { choice, problems } = choose(settings);
    this.set({ settings, choice, standardProblems: problems, standardProblemsFile: null, ...this.targetFor(settings, choice.standard) });
  }
}
