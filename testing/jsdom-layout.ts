/**
 * Jest setup for every test file that runs in jsdom: the two answers about layout that a browser gives
 * and jsdom does not.
 *
 * jsdom lays nothing out: every element's offsetParent is null and the body's box is 0 × 0. Tabster,
 * Fluent UI's focus manager, reads both to decide what is shown. In jsdom it therefore finds nothing
 * focusable in an open dialog, focuses the dialog's surface instead of its first button, never makes the
 * dialog the active modal, and a quarter of a second later hides the dialog from the accessibility tree
 * (aria-hidden), so a test that looks for the dialog's buttons by role passes or fails by how fast it
 * looks. A browser focuses the first button and keeps the dialog readable (test/e2e/submit.e2e.js
 * checks that in Chromium).
 *
 * Here an element is laid out unless it, or an element above it, is hidden by its `hidden` attribute or
 * an inline `display: none` (what React and Fluent set on what they hide); the body is the pane's size.
 */
if (typeof window !== 'undefined' && typeof HTMLElement !== 'undefined') {
  const shown = (el: HTMLElement): boolean => {
    if (!el.isConnected) return false;
    for (let e: HTMLElement | null = el; e; e = e.parentElement) if (e.hidden || e.style.display === 'none') return false;
    return true;
  };
  Object.defineProperty(HTMLElement.prototype, 'offsetParent', {
    configurable: true,
    get(this: HTMLElement): Element | null {
      if (this === document.body || !shown(this)) return null;
      return this.parentElement;
    },
  });
  const PANE = { width: 350, height: 800 };
  HTMLBodyElement.prototype.getBoundingClientRect = function paneBox(): DOMRect {
    return { x: 0, y: 0, top: 0, left: 0, right: PANE.width, bottom: PANE.height, ...PANE, toJSON: () => PANE } as DOMRect;
  };
}
