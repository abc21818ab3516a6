/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createFakeExcel } from '../../testing/fake-excel';
import { SAMPLE_ROWS } from '../../samples/sample-rows';
import { familyLabel, objectLabel, similarityLabel, transferStatusLabel } from '../../src/core/labels';
import { shownStatus } from '../../src/taskpane/submit/status';
import { filledWorkbook, renderPane } from './helpers';

/**
 * Words for people: the pane, run on the sample workbook, never shows an API
 * object name, a rule family's or status's internal name, or a raw score; and
 * every issue and proposal names its sheet.
 */

// The chart library's d3 is ESM-only (not transformed here): a stub that writes the Pareto's category axis
// as text, so the axis labels are scanned like the rest.
jest.mock('@fluentui/react-charts', () => ({
  VerticalBarChart: (p: { data: { x: string }[]; chartTitle: string }) => (
    <svg aria-label={p.chartTitle}>{p.data.map((d) => <text key={d.x}>{d.x}</text>)}</svg>
  ),
}));

const INTERNAL = [
  /\b[a-z]+(?:_[a-z]+)*__(?:v|sys|c|clin)\b/, // API object and field names: person__sys, site__v
  /\b(?:charset|crossField|ambiguousDate|rolledBack|maxLength|picklist|notDuplicate)\b/, // enum values
  /\((0|1)\.\d+\)/, // raw scores
];

function offending(text: string): string[] {
  return INTERNAL.flatMap((re) => {
    const m = new RegExp(re.source, 'g');
    return [...text.matchAll(m)].map((x) => `${x[0]} in "…${text.slice(Math.max(0, x.index! - 40), x.index! + 40)}…"`);
  });
}

describe('words for people', () => {
  it('the labels table says things in words', () => {
    expect(familyLabel('charset')).toBe('Characters the target cannot store');
    expect(familyLabel('crossField')).toBe('Business rule');
    expect(familyLabel('somethingNew')).toBe('Other check');
    expect(transferStatusLabel('rolledBack')).toBe('Rolled back');
    expect(objectLabel('person__sys')).toBe('Person');
    expect(objectLabel('site__v')).toBe('Study site');
    expect(objectLabel('adverse_event__c')).toBe('Adverse event');
    expect(similarityLabel(0.934)).toBe('93 % similar');
    expect(shownStatus({ status: 'running' }, false)).toBe('stopped');
    expect(shownStatus({ status: 'running' }, true)).toBe('running');
  });

  it('no internal name or raw score in any panel on the sample workbook; issues and proposals name their sheet', async () => {
    const user = userEvent.setup();
    const fake = createFakeExcel(filledWorkbook(SAMPLE_ROWS as Record<string, (string | number | null)[][]>));
    renderPane({ host: fake, initialPanel: 'validate' });
    await user.click(await screen.findByTestId('validate'));
    await waitFor(() => expect(screen.getByTestId('count-errors')).toBeInTheDocument());

    // Open every collapsed group so its rows are rendered and scanned too.
    for (const b of screen.queryAllByRole('button', { expanded: false })) await user.click(b);
    const seen: string[] = [];
    const problems: string[] = [];
    const scan = (where: string) => {
      const text = document.body.textContent ?? '';
      seen.push(where);
      problems.push(...offending(text).map((p) => `${where}: ${p}`));
    };
    scan('Validate');

    const issues = screen.queryAllByTestId('issue');
    expect(issues.length).toBeGreaterThan(0);
    const sheets = Object.keys(SAMPLE_ROWS).join('|');
    for (const el of issues) expect(el.textContent).toMatch(new RegExp(`\\b(${sheets})!`));
    const proposals = screen.queryAllByTestId('proposal');
    for (const el of proposals) expect(el.textContent).toMatch(new RegExp(`\\b(${sheets})!`));

    for (const name of ['Template', 'Map', 'Duplicates', 'Submit', 'Dashboard', 'Settings']) {
      // jsdom has no widths, so Fluent's overflow may move tabs into More: open them the way a user would.
      const tab = screen.queryByRole('tab', { name });
      if (tab) await user.click(tab);
      else {
        await user.click(screen.getByTestId('more-panels'));
        await user.click(await screen.findByRole('menuitem', { name }));
      }
      await screen.findByRole('tabpanel');
      await waitFor(() => expect(screen.queryByText(/^Loading /)).not.toBeInTheDocument());
      scan(name);
    }
    expect(seen).toHaveLength(7);
    expect(problems).toEqual([]);
  }, 300_000);
});
