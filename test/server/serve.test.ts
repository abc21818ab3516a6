import { runServe } from '../../src/server/serve';

describe('runServe', () => {
  it('prints one line with the URL and the development credentials hint on loopback', async () => {
    const saved = { u: process.env.CTMS_USER, p: process.env.CTMS_PASSWORD };
    delete process.env.CTMS_USER;
    delete process.env.CTMS_PASSWORD;
    const lines: string[] = [];
    const server = await runServe({ port: 0, db: ':memory:', print: (l) => lines.push(l) });
    try {
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^Reference CTMS listening on http:\/\/127\.0\.0\.1:\d+\/api\/v24\.1 — sign in as dev \/ dev-password/);
      const auth = await fetch(`${server.url}/api/v24.1/auth`, { method: 'POST', body: new URLSearchParams({ username: 'dev', password: 'dev-password' }) });
      expect(((await auth.json()) as { responseStatus: string }).responseStatus).toBe('SUCCESS');
    } finally {
      await server.stop();
      if (saved.u !== undefined) process.env.CTMS_USER = saved.u;
      if (saved.p !== undefined) process.env.CTMS_PASSWORD = saved.p;
    }
  });

  it('never prints credentials taken from the environment', async () => {
    const saved = { u: process.env.CTMS_USER, p: process.env.CTMS_PASSWORD };
    process.env.CTMS_USER = 'steward';
    process.env.CTMS_PASSWORD = 'S3cret-from-env';
    const lines: string[] = [];
    const server = await runServe({ port: 0, db: ':memory:', faults: 0.1, print: (l) => lines.push(l) });
    try {
      expect(lines.join('\n')).not.toContain('S3cret-from-env');
      expect(lines[0]).toContain('CTMS_USER / CTMS_PASSWORD');
      expect(lines[0]).toContain('FAULT INJECTION ON');
    } finally {
      await server.stop();
      if (saved.u === undefined) delete process.env.CTMS_USER; else process.env.CTMS_USER = saved.u;
      if (saved.p === undefined) delete process.env.CTMS_PASSWORD; else process.env.CTMS_PASSWORD = saved.p;
    }
  });
});
