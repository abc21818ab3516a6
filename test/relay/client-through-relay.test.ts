/**
 * The Vault client through the relay, against the reference CTMS with CORS off (as a Vault may
 * be): sign-in, writes and a paged query go through; what the relay refuses stops the client at
 * once (no retries), and the transfer still names the target, not the relay.
 */
import { discoverRelay, relayRoute, VaultClient, ClientErrorType, TargetError } from '../../src/connectors';
import { neverAnswered } from '../../src/connectors/vault';
import { signInFailure } from '../../src/taskpane/submit/relay-words';
import { startServer, USER, org, type Running } from '../server/helpers';
import { startRelay, startStub, type Relay } from './helpers';

describe('VaultClient through the relay', () => {
  let ctms: Running;
  let relay: Relay;
  beforeAll(async () => {
    ctms = await startServer();
    relay = await startRelay({ targets: [ctms.url] });
  });
  afterAll(async () => {
    await relay.close();
    await ctms.server.stop();
  });

  it('finds the relay on its origin and routes the allowed target through it', async () => {
    const info = await discoverRelay(relay.url);
    expect(info).toEqual({ base: `${relay.url}/relay`, targets: [ctms.url] });
    expect(relayRoute(info, ctms.url)).toBe(`${relay.url}/relay/${new URL(ctms.url).host}`);
    expect(relayRoute(info, 'https://other.example.com')).toBeNull();
    // A plain origin without a relay (here the CTMS itself) answers no relay.
    expect(await discoverRelay(ctms.url)).toBeNull();
  });

  it('signs in, writes and reads every page through the relay', async () => {
    const info = await discoverRelay(relay.url);
    const client = new VaultClient({ baseUrl: ctms.url, relayUrl: relayRoute(info, ctms.url)!, ...USER, maxRetries: 0 });
    expect(client.relayed).toBe(true);
    expect(client.baseUrl).toBe(ctms.url);
    await client.signIn();
    const results = await client.upsert('organization__v', [org(1), org(2), org(3)], 'external_id__v');
    expect(results.every((r) => r.ok)).toBe(true);
    // Two records a page: the next pages come from the target's own next_page, still through the relay.
    const rows = await client.query('SELECT id, external_id__v FROM organization__v PAGESIZE 2');
    expect(rows.map((r) => r.external_id__v).sort()).toEqual(['ORG-1', 'ORG-2', 'ORG-3']);
    const paths = relay.log.filter((l) => l.includes('incoming request')).map((l) => (JSON.parse(l) as { req: { path: string } }).req.path);
    expect(paths.filter((p) => p.includes('/api/v24.1/query/'))).toHaveLength(1);
    expect(paths.every((p) => p.startsWith('/relay/'))).toBe(true);
  });

  it('stops at once on a target the relay does not serve, with the reason', async () => {
    const other = await startStub();
    try {
      const client = new VaultClient({ baseUrl: other.origin, relayUrl: `${relay.url}/relay/${other.host}`, ...USER, maxRetries: 5, sleep: async () => undefined });
      const err = await client.signIn().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TargetError);
      expect((err as TargetError).type).toBe(ClientErrorType.relayRefused);
      expect((err as TargetError).message).toContain(`${other.host} is not among the relay's allowed targets`);
      expect(client.requests).toBe(1);
      expect(other.seen).toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});

describe('a target that never answers the browser', () => {
  it('is explained as possibly refusing calls from the page, with the relay as the way out', async () => {
    const failing: typeof fetch = async () => { throw new TypeError('Failed to fetch'); };
    const client = new VaultClient({ baseUrl: 'https://vault.example.com', ...USER, maxRetries: 2, sleep: async () => undefined, fetch: failing });
    const err = await client.signIn().catch((e: unknown) => e);
    expect(neverAnswered(err)).toBe(true);
    const words = signInFailure(err, (err as Error).message, 'https://vault.example.com', null, false);
    expect(words).toMatch(/does not accept calls from the add-in's page/);
    expect(words).toMatch(/relay/);
    const listed = signInFailure(err, (err as Error).message, 'https://vault.example.com', { base: 'https://addin.example/relay', targets: [] }, false);
    expect(listed).toMatch(/vault\.example\.com is not on its list of targets/);
    // The pane's sign-in gives up sooner than a transfer's calls would: a person is waiting.
    const quick = new VaultClient({ baseUrl: 'https://vault.example.com', ...USER, maxRetries: 8, signInRetries: 1, sleep: async () => undefined, fetch: failing });
    expect(neverAnswered(await quick.signIn().catch((e: unknown) => e))).toBe(true);
    expect(quick.requests).toBe(2);
    // An answer, even a refusal, is not that case.
    const answered = new TargetError('USERNAME_OR_PASSWORD_INCORRECT', 'Authentication failed');
    expect(neverAnswered(answered)).toBe(false);
    expect(signInFailure(answered, answered.message, 'https://vault.example.com', null, false)).toBe('Sign-in failed: Authentication failed');
  });
});
