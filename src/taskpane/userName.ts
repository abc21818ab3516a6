/**
 * The name recorded with a steward's decisions. Excel does not tell an add-in
 * who the user is (Office.context.userProfile exists only in Outlook, and SSO
 * would need a sign-in just for a name), so it is asked once and kept on this
 * computer. Deliberately not in the workbook's settings: the file travels to
 * colleagues, and their decisions must not be recorded under this name.
 */
const KEY = 'ctms-collect.user-name.v1';

export function loadUserName(storage: Storage | undefined = globalThis.localStorage): string {
  try {
    return storage?.getItem(KEY)?.trim() ?? '';
  } catch {
    return '';
  }
}

export function saveUserName(name: string, storage: Storage | undefined = globalThis.localStorage): void {
  try {
    if (name.trim()) storage?.setItem(KEY, name.trim());
    else storage?.removeItem(KEY);
  } catch {
    // Privacy mode or quota: the name still applies until the pane closes.
  }
}
