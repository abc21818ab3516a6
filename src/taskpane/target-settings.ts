import type { Standard } from '../core/standard/schema';
import {
  checkProfileAgainstStandard, defaultProfileFor, parseTargetProfile, TargetProfileError, type TargetProfile,
} from '../core/target-profile';
import type { TargetSettings } from './settings';

/** Which target profile the pane sends with, and where it came from. */
export interface TargetChoice {
  /** Null when the standard in use is not the one the shipped profile maps: records go as the standard names them. */
  profile: TargetProfile | null;
  /** File name of a customer's profile, or null for the shipped one. */
  customFile: string | null;
}

/** A profile file's text checked as the command line's --profile is: JSON, the schema (with paths), then against the standard. */
export function parseProfileText(fileName: string, json: string, std: Standard): TargetProfile {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    throw new TargetProfileError([`not JSON: ${e instanceof Error ? e.message : String(e)}`], fileName);
  }
  const profile = parseTargetProfile(value, fileName);
  const misfits = checkProfileAgainstStandard(profile, std);
  if (misfits.length) throw new TargetProfileError(misfits, fileName);
  return profile;
}

export function profileProblemsOf(e: unknown): string[] {
  if (e instanceof TargetProfileError) return e.problems;
  return [e instanceof Error ? e.message : String(e)];
}

/**
 * The profile the stored settings name. A stored profile that no longer fits (the standard
 * changed, storage edited) falls back to the shipped one, and says why.
 */
export function chooseProfile(target: TargetSettings | undefined, std: Standard): { choice: TargetChoice; problems: string[] | null } {
  const shipped: TargetChoice = { profile: defaultProfileFor(std), customFile: null };
  if (!target?.profile) return { choice: shipped, problems: null };
  try {
    return { choice: { profile: parseProfileText(target.profile.fileName, target.profile.json, std), customFile: target.profile.fileName }, problems: null };
  } catch (e) {
    return { choice: shipped, problems: profileProblemsOf(e) };
  }
}
