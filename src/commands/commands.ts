/**
 * Ribbon commands (manifest FunctionFile -> commands.html). Kept tiny: no React, no Fluent.
 *
 * The Home-tab button uses the declarative ShowTaskpane action, which needs no code. The
 * `showTaskpane` action below is the hook for commands declared as ExecuteFunction (or for a
 * shared runtime later): it opens the pane where Office.addin.showAsTaskpane is available
 * (SharedRuntime 1.1) and always signals completion so Office does not show a spinner forever.
 */

export const SHOW_TASKPANE_ACTION = 'showTaskpane';

interface CommandEvent {
  completed(options?: { allowEvent?: boolean }): void;
}

export async function showTaskpane(event?: CommandEvent): Promise<void> {
  try {
    if (typeof Office !== 'undefined' && Office.addin && typeof Office.addin.showAsTaskpane === 'function') {
      await Office.addin.showAsTaskpane();
    }
  } catch (err) {
    console.warn('CTMS Collect: could not open the task pane from the command', err);
  } finally {
    event?.completed();
  }
}

if (typeof Office !== 'undefined') {
  Office.onReady(() => {
    // Office.actions exists only in hosts that support add-in commands with actions.
    if (Office.actions && typeof Office.actions.associate === 'function') {
      Office.actions.associate(SHOW_TASKPANE_ACTION, showTaskpane);
    }
  });
}
