/**
 * PLACEHOLDER for the development harness (served at https://localhost:3000/harness.html in
 * development and `npm run harness` builds, never in production). The harness owner replaces
 * this with the fake Excel host that runs the real task pane without Office.
 */
const root = document.getElementById('root');
if (root) {
  root.textContent =
    'CTMS Collect development harness: not written yet. The task pane itself is at taskpane.html.';
}
export {};
