import { useSettings } from '../context';
import type { RunContext } from './store';

/** What a dry run, submission or rollback takes from Settings: the standard, the date order and the target profile. */
export function useRunContext(): RunContext {
  const { choice, settings, target } = useSettings();
  return { std: choice.standard, dateOrder: settings.dateOrder, profile: target.profile };
}
