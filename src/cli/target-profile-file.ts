import { promises as fs } from 'node:fs';
import type { Standard } from '../core/standard/schema';
import {
  checkProfileAgainstStandard, defaultTargetProfile, parseTargetProfile, TargetProfileError, upsertKeysOf, type TargetProfile,
} from '../core/target-profile';
import { InputError } from './errors';

const listed = (problems: string[]) => `${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`;

/** `--profile FILE.json`, or the shipped Vault CTMS profile; refused with the path and problem of each mistake. */
export async function loadProfileOption(file: string | undefined, std: Standard): Promise<TargetProfile> {
  let profile: TargetProfile;
  if (!file) profile = defaultTargetProfile();
  else {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      throw new InputError(`Target profile not found or unreadable: ${file}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new InputError(`${file} is not JSON: ${(e as Error).message}`);
    }
    try {
      profile = parseTargetProfile(json, file);
    } catch (e) {
      if (e instanceof TargetProfileError) throw new InputError(`${file} is not a valid target profile: ${listed(e.problems)}`);
      throw e;
    }
  }
  const problems = checkProfileAgainstStandard(profile, std);
  if (problems.length) throw new InputError(`${file ?? 'The default target profile'} does not fit the standard ${std.id}: ${listed(problems)}`);
  return profile;
}

/** The upsert key of every object a profile writes. */
export const profileUpsertKeys = upsertKeysOf;
