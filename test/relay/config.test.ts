import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadRelayConfig } from '../../src/relay';
import { relayConfigFrom } from '../../src/cli/commands/relay';

describe('relay configuration from file, environment and flags', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-config-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the file, with its paths relative to the file', () => {
    const file = path.join(dir, 'relay.json');
    fs.writeFileSync(file, JSON.stringify({ targets: ['https://myvault.veevavault.com'], host: '0.0.0.0', port: 8443, static: 'dist', tls: { cert: 'certs/a.crt', key: 'certs/a.key' } }));
    const c = loadRelayConfig(file, {}, '/elsewhere');
    expect(c).toMatchObject({ targets: ['https://myvault.veevavault.com'], host: '0.0.0.0', port: 8443, static: path.join(dir, 'dist'), tls: { cert: path.join(dir, 'certs/a.crt'), key: path.join(dir, 'certs/a.key') } });
    expect(c.bodyLimitBytes).toBeGreaterThan(0);
  });

  it('takes the targets from the environment, and flags over both', () => {
    expect(loadRelayConfig(undefined, { CTMS_RELAY_TARGETS: 'https://a.example.com, http://127.0.0.1:8787' }).targets).toEqual(['https://a.example.com', 'http://127.0.0.1:8787']);
    const c = relayConfigFrom({ target: ['https://b.example.com'], port: 0 }, { CTMS_RELAY_TARGETS: 'https://a.example.com' }, dir);
    expect(c.targets).toEqual(['https://b.example.com']);
    expect(c.port).toBe(0);
  });

  it('refuses a bad file or flag with a one-line reason naming it', () => {
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, '{"targets": ["https://a.example.com"], "proxyEverything": true}');
    expect(() => loadRelayConfig(file, {})).toThrow(/bad\.json/);
    fs.writeFileSync(file, '{"targets": [');
    expect(() => loadRelayConfig(file, {})).toThrow(/not JSON/);
    expect(() => loadRelayConfig(path.join(dir, 'missing.json'), {})).toThrow(/cannot read/);
    expect(() => relayConfigFrom({ target: [], cert: 'a.crt' }, {}, dir)).toThrow(/--cert and --key go together/);
    expect(() => relayConfigFrom({ target: ['ftp://a.example.com'] }, {}, dir)).toThrow(/https/);
  });
});
