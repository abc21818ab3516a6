import { createServer, type CtmsServer, type ServerOptions } from '../../src/server';

export const V = 'v24.1';
export const USER = { username: 'tester', password: 'test-password-1' };

export interface Running {
  server: CtmsServer;
  url: string;
  api: (path: string) => string;
}

export async function startServer(options: ServerOptions = {}): Promise<Running> {
  const server = createServer({ port: 0, dbFile: ':memory:', users: USER, ...options });
  const { url } = await server.start();
  return { server, url, api: (path: string) => `${url}/api/${V}${path}` };
}

export async function signIn(r: Running, creds: Record<string, string> = USER): Promise<Record<string, unknown>> {
  const res = await fetch(r.api('/auth'), { method: 'POST', body: new URLSearchParams(creds) });
  return (await res.json()) as Record<string, unknown>;
}

export async function call(r: Running, sid: string, method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; json: Record<string, unknown> & { data?: Array<Record<string, unknown>> } }> {
  const res = await fetch(r.api(path), {
    method,
    headers: { Authorization: sid, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> & { data?: Array<Record<string, unknown>> } };
}

export async function query(r: Running, sid: string, q: string) {
  const res = await fetch(r.api('/query'), { method: 'POST', headers: { Authorization: sid }, body: new URLSearchParams({ q }) });
  return (await res.json()) as { responseStatus: string; responseDetails: { total: number; size: number; next_page?: string; pageoffset: number }; data: Array<Record<string, unknown>>; errors?: Array<{ type: string }> };
}

export const org = (n: number | string, extra: Record<string, unknown> = {}) => ({
  external_id__v: `ORG-${n}`,
  name__v: `Organization ${n}`,
  organization_type__v: 'hospital__v',
  city__v: 'Boston',
  'country__vr.name__v': 'US',
  ...extra,
});
