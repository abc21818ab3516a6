/** @jest-environment jsdom */
import { render, screen } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { HostlessNotice, detectHost } from '../../src/taskpane/hostless';

describe('task pane host detection', () => {
  it('reports no-office when office.js is absent', async () => {
    await expect(detectHost(undefined)).resolves.toEqual({ kind: 'no-office' });
  });

  it('reports no-host when Office.onReady has no host (plain browser tab)', async () => {
    const office = { onReady: () => Promise.resolve({ host: null, platform: null }) };
    await expect(detectHost(office)).resolves.toMatchObject({ kind: 'no-host' });
  });

  it('accepts Excel (real or the harness fake host) and rejects other hosts', async () => {
    const excel = { onReady: () => Promise.resolve({ host: 'Excel', platform: 'OfficeOnline' }) };
    await expect(detectHost(excel)).resolves.toEqual({ kind: 'excel', info: { host: 'Excel', platform: 'OfficeOnline' } });
    const word = { onReady: () => Promise.resolve({ host: 'Word', platform: 'PC' }) };
    await expect(detectHost(word)).resolves.toMatchObject({ kind: 'wrong-host' });
  });

  it('gives up after the timeout if onReady never answers', async () => {
    const stuck = { onReady: () => new Promise(() => undefined) };
    await expect(detectHost(stuck, 10)).resolves.toEqual({ kind: 'no-host' });
  });

  it('tells the user to open the pane from Excel, with the harness link in development', () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <HostlessNotice state={{ kind: 'no-host' }} showHarnessLink />
      </FluentProvider>,
    );
    expect(screen.getByText('CTMS Collect must be opened from Excel')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'development harness' }).getAttribute('href')).toBe('harness.html');
  });
});
