import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CATALOGUE, objectDef, PICKLISTS, type ObjectDef } from '../protocol/catalogue';
import { sameSecret, type Credentials } from './credentials';
import { sessionIdFrom, type SessionStore } from './sessions';
import { RequestFailure, type RecordOutcome, type RecordStore } from './store';
import { parseVql, VqlSyntaxError, type VqlQuery } from '../protocol/vql';

export interface RouteContext {
  store: RecordStore;
  sessions: SessionStore;
  users: Credentials[];
  vaultId: number;
  vaultName: string;
  baseUrl: () => string;
}

type Body = Record<string, unknown> & { responseStatus: 'SUCCESS' | 'WARNING' | 'FAILURE' | 'EXCEPTION' };

const VERSION = /^v\d+(\.\d+)?$/;
const MAX_PAGE_SIZE = 1000;
const MAX_CURSORS = 1000;

export function failure(type: string, message: string): Body {
  return { responseStatus: 'FAILURE', errors: [{ type, message }] };
}

/** Sets X-VaultAPI-Status from the body; every route answers through this. */
export function answer(reply: FastifyReply, body: Body): Body {
  reply.header('X-VaultAPI-Status', body.responseStatus === 'FAILURE' || body.responseStatus === 'EXCEPTION' ? 'FAILURE' : 'SUCCESS');
  return body;
}

function batchAnswer(outcomes: RecordOutcome[]): Body {
  const warned = outcomes.some((o) => o.responseStatus === 'WARNING');
  return { responseStatus: warned ? 'WARNING' : 'SUCCESS', data: outcomes };
}

interface Params { v: string; object?: string; id?: string; cursor?: string }

export function registerRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const cursors = new Map<string, { query: VqlQuery; obj: ObjectDef }>();

  // Version and session are checked before the body is even read; /auth is the only public call.
  app.addHook('onRequest', async (req: FastifyRequest<{ Params: Params }>, reply) => {
    if (req.method === 'OPTIONS' || reply.sent) return;
    const v = req.params?.v;
    if (v !== undefined && !VERSION.test(v)) return reply.send(answer(reply, failure('MALFORMED_URL', `Unknown API version '${v}'`)));
    if (req.routeOptions.config && (req.routeOptions.config as { public?: boolean }).public) return;
    if (!ctx.sessions.touch(sessionIdFrom(req.headers.authorization))) {
      return reply.send(answer(reply, failure('INVALID_SESSION_ID', 'Invalid or expired session ID.')));
    }
  });

  app.post<{ Params: Params; Body: Record<string, string> | undefined }>('/api/:v/auth', { config: { public: true } }, async (req, reply) => {
    const { username, password } = req.body ?? {};
    if (!username) return answer(reply, failure('USERNAME_OR_PASSWORD_INCORRECT', 'Authentication failed for user: (none).'));
    if (!password) return answer(reply, failure('NO_PASSWORD_PROVIDED', 'No password was provided for the login call.'));
    const index = ctx.users.findIndex((u) => sameSecret(u.username, String(username)) && sameSecret(u.password, String(password)));
    if (index < 0) return answer(reply, failure('USERNAME_OR_PASSWORD_INCORRECT', `Authentication failed for user: ${String(username).slice(0, 100)}.`));
    const userId = 1000001 + index;
    const sessionId = ctx.sessions.create(userId, ctx.users[index].username);
    return answer(reply, {
      responseStatus: 'SUCCESS',
      sessionId,
      userId,
      vaultIds: [{ id: ctx.vaultId, name: ctx.vaultName, url: `${ctx.baseUrl()}/api` }],
      vaultId: ctx.vaultId,
    });
  });

  const withObject = (reply: FastifyReply, name: string | undefined, fn: (obj: ObjectDef) => Body): Body => {
    const obj = name ? objectDef(name) : undefined;
    if (!obj) return answer(reply, failure('INVALID_DATA', `Object [${name}] not found`));
    try {
      return answer(reply, fn(obj));
    } catch (e) {
      if (e instanceof RequestFailure) return answer(reply, failure(e.type, e.message));
      throw e;
    }
  };
  const urlOf = (v: string, object: string) => (id: string) => `/api/${v}/vobjects/${object}/${id}`;

  type WriteReq = FastifyRequest<{ Params: Params; Querystring: { idParam?: string; _method?: string }; Body: unknown }>;
  const del = (req: WriteReq, reply: FastifyReply) => withObject(reply, req.params.object, (obj) => batchAnswer(ctx.store.delete(obj, req.body, req.query.idParam)));

  app.post('/api/:v/vobjects/:object', async (req: WriteReq, reply) => {
    // Clients that cannot send a body with DELETE use POST ?_method=DELETE.
    if ((req.query._method ?? '').toUpperCase() === 'DELETE') return del(req, reply);
    return withObject(reply, req.params.object, (obj) => batchAnswer(ctx.store.upsert(obj, req.body, urlOf(req.params.v, obj.name), req.query.idParam)));
  });
  app.put('/api/:v/vobjects/:object', async (req: WriteReq, reply) =>
    withObject(reply, req.params.object, (obj) => batchAnswer(ctx.store.update(obj, req.body, urlOf(req.params.v, obj.name)))));
  app.delete('/api/:v/vobjects/:object', async (req: WriteReq, reply) => del(req, reply));

  app.get('/api/:v/vobjects/:object/:id', async (req: FastifyRequest<{ Params: Params }>, reply) =>
    withObject(reply, req.params.object, (obj) => {
      const row = ctx.store.get(obj, req.params.id ?? '');
      if (!row) return failure('INVALID_DATA', `No ${obj.name} record with id '${req.params.id}'`);
      return { responseStatus: 'SUCCESS', data: row };
    }));

  app.get('/api/:v/metadata/vobjects/:object', async (req: FastifyRequest<{ Params: Params }>, reply) =>
    withObject(reply, req.params.object, (obj) => ({
      responseStatus: 'SUCCESS',
      object: {
        name: obj.name,
        label: obj.label,
        fields: [
          // System fields, as Vault describes them: the target sets them, so they are not editable.
          { name: 'id', type: 'ID', required: false, unique: true, editable: false, system: true },
          { name: 'created_date__v', type: 'DateTime', required: false, unique: false, editable: false, system: true },
          { name: 'modified_date__v', type: 'DateTime', required: false, unique: false, editable: false, system: true },
          // Vault's shape: a picklist field names its picklist (values are served apart), an object
          // field names the object and the relationship its lookup columns go through.
          ...obj.fields.map((f) => ({
            name: f.name,
            type: { text: 'String', picklist: 'Picklist', date: 'Date', int: 'Number', reference: 'Object' }[f.type],
            required: !!f.required,
            unique: !!f.unique,
            editable: true,
            ...(f.maxLength !== undefined ? { max_length: f.maxLength } : {}),
            ...(f.picklistName ? { picklist: f.picklistName } : {}),
            ...(f.references ? { object: { name: f.references }, relationship_name: `${f.name}r` } : {}),
          })),
        ],
      },
    })));

  app.get('/api/:v/objects/picklists/:name', async (req: FastifyRequest<{ Params: Params & { name?: string } }>, reply) => {
    const values = PICKLISTS[req.params.name ?? ''];
    if (!values) return answer(reply, failure('INVALID_DATA', `Picklist [${req.params.name}] not found`));
    return answer(reply, { responseStatus: 'SUCCESS', picklistValues: values.map((v) => ({ name: v.name, label: v.label })) });
  });

  app.get('/api/:v/metadata/vobjects', async (_req, reply) =>
    answer(reply, { responseStatus: 'SUCCESS', objects: CATALOGUE.map((o) => ({ name: o.name, label: o.label })) }));

  const runPage = (reply: FastifyReply, v: string, cursor: string, entry: { query: VqlQuery; obj: ObjectDef }, pageSize: number, pageOffset: number): Body => {
    const { rows, total } = ctx.store.query(entry.obj, entry.query, pageSize, pageOffset);
    const next = pageOffset + rows.length;
    return answer(reply, {
      responseStatus: 'SUCCESS',
      responseDetails: {
        pagesize: pageSize,
        pageoffset: pageOffset,
        size: rows.length,
        total,
        ...(next < total && rows.length > 0 ? { next_page: `/api/${v}/query/${cursor}?pagesize=${pageSize}&pageoffset=${next}` } : {}),
        ...(pageOffset > 0 ? { previous_page: `/api/${v}/query/${cursor}?pagesize=${pageSize}&pageoffset=${Math.max(0, pageOffset - pageSize)}` } : {}),
      },
      data: rows,
    });
  };

  app.post('/api/:v/query', async (req: FastifyRequest<{ Params: Params; Body: Record<string, string> | undefined; Querystring: { q?: string } }>, reply) => {
    const q = req.body?.q ?? req.query.q;
    if (!q) return answer(reply, failure('PARAMETER_REQUIRED', 'Missing required parameter [q]'));
    if (q.length > 50_000) return answer(reply, failure('INVALID_DATA', 'Query is longer than 50,000 characters'));
    let query: VqlQuery;
    try {
      query = parseVql(q);
    } catch (e) {
      if (e instanceof VqlSyntaxError) return answer(reply, failure('INCORRECT_QUERY_SYNTAX_ERROR', e.message));
      throw e;
    }
    const obj = objectDef(query.object);
    if (!obj) return answer(reply, failure('INCORRECT_QUERY_SYNTAX_ERROR', `Object [${query.object}] not found`));
    const cursor = randomBytes(12).toString('hex');
    try {
      const body = runPage(reply, req.params.v, cursor, { query, obj }, Math.min(query.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE), query.pageOffset ?? 0);
      if ((body.responseDetails as { next_page?: string }).next_page) {
        // Oldest cursors go first; a client paging through a huge result keeps its own alive by using it.
        if (cursors.size >= MAX_CURSORS) cursors.delete(cursors.keys().next().value as string);
        cursors.set(cursor, { query, obj });
      }
      return body;
    } catch (e) {
      if (e instanceof RequestFailure) return answer(reply, failure(e.type, e.message));
      throw e;
    }
  });

  const nextPage = async (req: FastifyRequest<{ Params: Params; Querystring: { pagesize?: string; pageoffset?: string } }>, reply: FastifyReply) => {
    const entry = cursors.get(req.params.cursor ?? '');
    if (!entry) return answer(reply, failure('INVALID_DATA', 'Query page not found or expired; run the query again'));
    const size = Math.min(Number(req.query.pagesize) || MAX_PAGE_SIZE, MAX_PAGE_SIZE);
    const offset = Math.max(0, Number(req.query.pageoffset) || 0);
    return runPage(reply, req.params.v, req.params.cursor ?? '', entry, size, offset);
  };
  app.post('/api/:v/query/:cursor', nextPage);
  app.get('/api/:v/query/:cursor', nextPage);
}
