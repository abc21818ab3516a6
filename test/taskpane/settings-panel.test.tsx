/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import v1 from '../../src/core/standard/ctms-standard-v1.json';
import { localStorageSettings, memorySettings, sanitize } from '../../src/taskpane/settings';
import { loadLazyChunks, renderPane } from './helpers';

/** Settings: the source's date order and a customer's standard loaded from a file, both persisted. */

const file = (name: string, text: string) => new File([text], name, { type: 'application/json' });

// The panels are lazy chunks: load them before any test waits on one (see helpers).
beforeAll(loadLazyChunks);

describe('Settings panel', () => {
  it('stores the date order chosen', async () => {
    const user = userEvent.setup();
    const storage = memorySettings();
    renderPane({ storage, initialPanel: 'settings' });
    await user.click(await screen.findByRole('radio', { name: /Day first/ }));
    expect(storage.load().dateOrder).toBe('DMY');
    await user.click(screen.getByRole('radio', { name: /Not set/ }));
    expect(storage.load().dateOrder).toBeNull();
  });

  it('lists the problems of an invalid standard with their paths, and keeps the current one', async () => {
    const user = userEvent.setup();
    const storage = memorySettings();
    renderPane({ storage, initialPanel: 'settings' });
    const broken = { ...v1, entities: v1.entities.map((e, i) => (i === 1 ? { ...e, fields: e.fields.map((f, j) => (j === 0 ? { ...f, type: 'colour' } : f)) } : e)) };
    await user.upload(await screen.findByTestId('standard-file'), file('customer.json', JSON.stringify(broken)));
    expect(await screen.findByText('customer.json was not loaded')).toBeInTheDocument();
    expect(screen.getByText(/^entities\[1\]\.fields\[0\]\.type:/)).toBeInTheDocument();
    expect(storage.load().customStandard).toBeNull();

    await user.upload(screen.getByTestId('standard-file'), file('notjson.json', '{ nope'));
    expect(await screen.findByText(/\(file\): not valid JSON/)).toBeInTheDocument();
  });

  it('takes a valid custom standard, shows it in use, and goes back to the shipped one', async () => {
    const user = userEvent.setup();
    const storage = memorySettings();
    renderPane({ storage, initialPanel: 'settings' });
    const custom = { ...v1, id: 'acme-ctms', name: 'ACME CTMS standard', version: '2.1.0' };
    await user.upload(await screen.findByTestId('standard-file'), file('acme.json', JSON.stringify(custom)));
    await waitFor(() => expect(screen.getAllByText(/ACME CTMS standard/).length).toBeGreaterThan(0));
    expect(screen.getByRole('banner')).toHaveTextContent('ACME CTMS standard 2.1.0 (from acme.json)');
    expect(storage.load().customStandard?.fileName).toBe('acme.json');

    await user.click(screen.getByRole('button', { name: 'Use the shipped standard' }));
    expect(screen.getByRole('banner')).not.toHaveTextContent('ACME');
    expect(storage.load().customStandard).toBeNull();
  });

  it('falls back to the shipped standard when the stored one no longer parses', async () => {
    const storage = memorySettings({ dateOrder: 'MDY', customStandard: { fileName: 'old.json', json: '{"id":1}' } });
    renderPane({ storage, initialPanel: 'settings' });
    expect(await screen.findByText('old.json was not loaded')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: /Month first/ })).toBeChecked();
  });

  it('reads only well-formed settings back from storage', () => {
    expect(sanitize({ dateOrder: 'XYZ', customStandard: { fileName: 3 } })).toEqual({ dateOrder: null, customStandard: null });
    const s = localStorageSettings(window.localStorage);
    s.save({ dateOrder: 'YMD', customStandard: null });
    expect(s.load().dateOrder).toBe('YMD');
    window.localStorage.setItem('ctms-collect.settings.v1', '{broken');
    expect(s.load()).toEqual({ dateOrder: null, customStandard: null });
  });
});
