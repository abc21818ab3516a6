'use strict';
/**
 * Opening a panel whatever the pane's width: a tab in the row is clicked; a tab that
 * did not fit is chosen from the "More" menu (Fluent's tab-list overflow), whose
 * popover is portalled to the page body, hence `page` for the menu item.
 */
async function openTab(page, pane, name) {
  const tab = pane.getByRole('tab', { name, exact: true });
  if (await tab.isVisible()) {
    await tab.click();
  } else {
    await pane.getByTestId('more-panels').click();
    await page.getByRole('menuitem', { name, exact: true }).click();
  }
  // The chosen tab takes a place in the row and is the selected one.
  await pane.locator(`[role="tab"][aria-selected="true"]`, { hasText: name }).waitFor({ state: 'visible' });
}

module.exports = { openTab };
