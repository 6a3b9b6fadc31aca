// DevinClient (src/api/client.ts) without a server: every request goes through the client's
// injected `fetch`, which records it and answers from a script. Each endpoint's method, URL, query
// and body; the headers (the key only in Authorization); pagination and its guards; the error
// mapping of every status; retries (GETs only, Retry-After, backoff, limits) and timeouts on node's
// mock timers, so nothing waits; the key in no error; https only (http for loopback hosts).
// client.test.ts, reliability.test.ts, keyLeak.test.ts and attachments.test.ts test the same client
// against the fake Devin server over real HTTP.
import assert from 'node:assert/strict';
import { afterEach, describe, it, mock } from 'node:test';
import * as util from 'node:util';
import {
  DevinClient,
  isLoopbackHost,
  newerFirst,
  parseRetryAfter,
  sessionPathId,
  toSearchParams,
  validateBaseUrl,
  validateOrgId,
  type DevinClientOptions,
  type RequestInfo as ClientRequestInfo,
} from '../../src/api/client';
import { DevinApiError, type DevinErrorKind } from '../../src/api/errors';
import type { Session } from '../../src/api/types';
import { caught } from '../support/apiError';

const KEY = 'cog_fastFetchKey_7a1b2c3d4e5f60718293';
/** A key of no known shape: only the key the client holds can redact it. */
const OPAQUE_KEY = 'opaque9f8e7d6c5b4a3210secretvalue';
const BASE = 'https://api.example.test';
const ORG = 'org-acme_1';
const ORG_PATH = `/v3/organizations/${ORG}`;

interface Call {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
  redirect: RequestRedirect;
  signal: AbortSignal;
}

type Answer = Response | Error | ((call: Call) => Response | Promise<Response>);

/** A `fetch` that records every request and answers from the script, in order. */
function scripted(answers: Answer[]) {
  const calls: Call[] = [];
  const queue = [...answers];
  const fetchFn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const req = input instanceof Request ? input : new Request(input, init);
    const call: Call = {
      method: req.method,
      url: new URL(req.url),
      headers: new Headers(req.headers),
      body: req.body ? await req.text() : '',
      redirect: req.redirect,
      signal: req.signal,
    };
    calls.push(call);
    const next = queue.shift();
    if (next === undefined) throw new Error(`unexpected request ${call.method} ${call.url}`);
    if (next instanceof Error) throw next;
    if (typeof next === 'function') return next(call);
    return next;
  };
  return { fetch: fetchFn as typeof fetch, calls, left: () => queue.length };
}

function make(answers: Answer[], opts: Partial<DevinClientOptions> = {}) {
  const s = scripted(answers);
  const infos: ClientRequestInfo[] = [];
  const client = new DevinClient({
    baseUrl: BASE,
    orgId: ORG,
    getKey: () => KEY,
    retryLimit: 2,
    backoffLimitMs: 0,
    fetch: s.fetch,
    onRequest: (i) => infos.push(i),
    ...opts,
  });
  return { client, calls: s.calls, infos, left: s.left };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const T0 = 1_700_000_000;
function sess(id: string, updated: number, extra: Record<string, unknown> = {}) {
  return { session_id: id, status: 'running', created_at: T0, updated_at: T0 + updated, ...extra };
}
function page(items: unknown[], end_cursor: string | null = null, has_next_page = false, total?: number) {
  return { items, end_cursor, has_next_page, ...(total === undefined ? {} : { total }) };
}
const ok = (body: unknown) => json(200, body);

/** The query of a recorded call as [key, value] pairs, in order. */
const query = (c: Call) => [...c.url.searchParams.entries()];

async function expectKind(p: Promise<unknown>, kind: DevinErrorKind): Promise<DevinApiError> {
  const e = await caught(p);
  assert.equal(e.kind, kind, `kind ${e.kind}: ${e.message}`);
  return e;
}

/** No form of the error holds the key, nor any 8-character piece of it. */
function assertNoKey(err: DevinApiError, key: string): void {
  const forms = [String(err), err.message, JSON.stringify(err), util.inspect(err, { depth: 10 }), String(err.stack), String(err.serverMessage), err.fieldErrors.join('\n'), JSON.stringify(err.detail)];
  for (const f of forms) {
    for (let i = 0; i + 8 <= key.length; i++) {
      assert.ok(!f.includes(key.slice(i, i + 8)), `a piece of the key (${key.slice(i, i + 8)}) leaked in: ${f.slice(0, 300)}`);
    }
  }
}

/** Lets pending promise callbacks run (setImmediate is not mocked). */
async function flush(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
}

/** Tracks whether a promise has settled, without an unhandled rejection. */
function track<T>(p: Promise<T>) {
  const state = { settled: false };
  p.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

afterEach(() => mock.timers.reset());

// ---- configuration -------------------------------------------------------------------------

describe('base URL, org id, session ids', () => {
  it('loopback hosts: localhost, *.localhost, ::1 and 127.x.y.z only', () => {
    for (const h of ['localhost', 'LocalHost', 'api.localhost', '::1', '[::1]', '127.0.0.1', '127.255.0.10']) assert.equal(isLoopbackHost(h), true, h);
    for (const h of ['localhost.evil.example', 'evillocalhost', '127.0.0.1.evil.example', '1127.0.0.1', '127.0.0', '127.0.0.1234', '::2', '[::1]x', 'x[::1]', '10.0.0.1', 'api.devin.ai', ''])
      assert.equal(isLoopbackHost(h), false, h);
  });

  it('https required, http only for loopback; the default when unset; /v3 and trailing slashes stripped', () => {
    assert.equal(validateBaseUrl(undefined), 'https://api.devin.ai');
    assert.equal(validateBaseUrl(''), 'https://api.devin.ai');
    assert.equal(validateBaseUrl('   '), 'https://api.devin.ai');
    assert.equal(validateBaseUrl('  https://api.example.test/  '), 'https://api.example.test');
    assert.equal(validateBaseUrl('https://api.example.test/v3'), 'https://api.example.test');
    assert.equal(validateBaseUrl('https://api.example.test/v3/'), 'https://api.example.test');
    assert.equal(validateBaseUrl('https://api.example.test/v3beta1'), 'https://api.example.test');
    assert.equal(validateBaseUrl('https://api.example.test/proxy/v3beta1//'), 'https://api.example.test/proxy');
    assert.equal(validateBaseUrl('https://api.example.test/proxy'), 'https://api.example.test/proxy');
    assert.equal(validateBaseUrl('https://api.example.test/v3x'), 'https://api.example.test/v3x');
    assert.equal(validateBaseUrl('https://api.example.test/v3/proxy'), 'https://api.example.test/v3/proxy');
    assert.equal(validateBaseUrl('https://api.example.test/v3beta2'), 'https://api.example.test/v3beta2');
    assert.equal(validateBaseUrl('HTTPS://API.example.test:8443'), 'https://api.example.test:8443');
    assert.equal(validateBaseUrl('http://localhost:5000/v3'), 'http://localhost:5000');
    assert.equal(validateBaseUrl('http://127.0.0.1:5000'), 'http://127.0.0.1:5000');
    assert.equal(validateBaseUrl('http://[::1]:5000'), 'http://[::1]:5000');
  });

  it('refuses what is not an https API URL, with a message a person can act on', () => {
    const refused = (raw: string, message: string) => {
      assert.throws(
        () => validateBaseUrl(raw),
        (e: unknown) => e instanceof DevinApiError && e.kind === 'config' && e.message === message && e.serverMessage === message,
        raw,
      );
    };
    refused('http://api.devin.ai', 'The Devin API base URL must use https (plain http is allowed only for localhost): http://api.devin.ai');
    refused('http://localhost.evil.example/v3', 'The Devin API base URL must use https (plain http is allowed only for localhost): http://localhost.evil.example');
    refused('ftp://api.devin.ai', 'The Devin API base URL must be an https URL, not ftp:');
    refused('file:///etc/passwd', 'The Devin API base URL must be an https URL, not file:');
    refused('https://user:pw@api.devin.ai', 'The Devin API base URL must not contain a user name or password. Sign in with an API key instead.');
    refused('https://user@api.devin.ai', 'The Devin API base URL must not contain a user name or password. Sign in with an API key instead.');
    refused('https://:pw@api.devin.ai', 'The Devin API base URL must not contain a user name or password. Sign in with an API key instead.');
    refused('https://api.devin.ai/?x=1', 'The Devin API base URL must not have a query or fragment.');
    refused('https://api.devin.ai/#top', 'The Devin API base URL must not have a query or fragment.');
    refused('api.devin.ai', 'The Devin API base URL "api.devin.ai" is not a valid URL. Set devin.apiBaseUrl to something like https://api.devin.ai.');
    refused('not a url @secret', 'The Devin API base URL (hidden: it may contain credentials) is not a valid URL. Set devin.apiBaseUrl to something like https://api.devin.ai.');
    const long = 'x'.repeat(250);
    refused(long, `The Devin API base URL "${'x'.repeat(200)}" is not a valid URL. Set devin.apiBaseUrl to something like https://api.devin.ai.`);
  });

  it('org ids: trimmed, org- followed by letters, digits, _ and -', () => {
    assert.equal(validateOrgId('  org-Ab_9-z  '), 'org-Ab_9-z');
    const refused = (raw: string | undefined, message: string) =>
      assert.throws(() => validateOrgId(raw), (e: unknown) => e instanceof DevinApiError && e.kind === 'config' && e.message === message, String(raw));
    const none = 'No Devin organization is set. Sign in, or set devin.orgId to your org id (org-...).';
    refused(undefined, none);
    refused('', none);
    refused('   ', none);
    for (const bad of ['acme', 'org-', 'org-a b', 'xorg-abc', 'org-abc/x', 'org-abc.x'])
      refused(bad, `"${bad.trim()}" is not a Devin organization id: it should look like org-abc123.`);
  });

  it('session path ids: trimmed, devin- added to a bare id, anything else refused before a request', () => {
    assert.equal(sessionPathId(' abc123 '), 'devin-abc123');
    assert.equal(sessionPathId('devin-abc123'), 'devin-abc123');
    assert.equal(sessionPathId(42 as unknown as string), 'devin-42');
    for (const bad of ['a/b', '../x', 'a?b', '', '   ', 'a b']) {
      assert.throws(
        () => sessionPathId(bad),
        (e: unknown) => e instanceof DevinApiError && e.kind === 'config' && e.message === `"${bad.trim()}" is not a valid Devin session id.`,
        bad,
      );
    }
    const long = '/'.repeat(100);
    assert.throws(() => sessionPathId(long), (e: unknown) => e instanceof DevinApiError && e.message === `"${'/'.repeat(80)}" is not a valid Devin session id.`);
  });

  it('query parameters: arrays as repeated keys, undefined and null dropped, the rest as strings', () => {
    assert.equal(toSearchParams(undefined).toString(), '');
    assert.equal(toSearchParams({}).toString(), '');
    assert.equal(toSearchParams({ a: [1, 'x'], b: undefined, c: null, d: false, e: 0, f: '', g: [] }).toString(), 'a=1&a=x&d=false&e=0&f=');
  });

  it('newerFirst: updated_at, then created_at, then id; a total order', () => {
    const s = (id: string, updated: number, created: number) => ({ session_id: id, updated_at: updated, created_at: created }) as Session;
    assert.equal(newerFirst(s('a', 2, 0), s('b', 1, 0)), -1);
    assert.equal(newerFirst(s('a', 1, 0), s('b', 3, 0)), 2);
    assert.equal(newerFirst(s('a', 1, 5), s('b', 1, 2)), -3);
    assert.equal(newerFirst(s('a', 1, 2), s('b', 1, 5)), 3);
    assert.equal(newerFirst(s('a', 1, 1), s('b', 1, 1)), -1);
    assert.equal(newerFirst(s('b', 1, 1), s('a', 1, 1)), 1);
    assert.equal(newerFirst(s('a', 1, 1), s('a', 1, 1)), 0);
  });

  it('the client validates its base URL and trims its org id; a blank org id is none', () => {
    assert.throws(() => new DevinClient({ baseUrl: 'http://api.devin.ai', getKey: () => KEY }), (e: unknown) => e instanceof DevinApiError && e.kind === 'config');
    const c = new DevinClient({ baseUrl: 'https://api.example.test/v3/', orgId: '  org-x  ', getKey: () => KEY });
    assert.equal(c.baseUrl, 'https://api.example.test');
    assert.equal(c.orgId, 'org-x');
    assert.equal(new DevinClient({ baseUrl: BASE, orgId: '   ', getKey: () => KEY }).orgId, undefined);
    assert.equal(new DevinClient({ baseUrl: BASE, getKey: () => KEY }).orgId, undefined);
  });

  it('org-scoped calls without a usable org id fail with a config error before any request', async () => {
    for (const orgId of [undefined, '  ', 'acme']) {
      const { client, calls } = make([], { orgId });
      for (const call of [
        () => client.listSessions(),
        () => client.getSession('abc'),
        () => client.createSession({ prompt: 'x' }),
        () => client.listPlaybooks(),
        () => client.listKnowledgeNotes(),
        () => client.listRepositories(),
      ]) {
        const e = await expectKind(call(), 'config');
        assert.match(e.message, orgId === 'acme' ? /"acme" is not a Devin organization id/ : /^No Devin organization is set\./);
      }
      assert.equal(calls.length, 0);
    }
  });

  it('plain http goes to a loopback base URL, with the path of the base URL kept', async () => {
    const { client, calls } = make([ok({ org_id: null })], { baseUrl: 'http://localhost:5000/proxy/v3' });
    assert.deepEqual(await client.getSelf(), { org_id: null });
    assert.equal(calls[0].url.href, 'http://localhost:5000/proxy/v3/self');
  });
});

// ---- requests ------------------------------------------------------------------------------

describe('requests: method, URL, headers, body', () => {
  it('every request carries the key as a bearer token and asks for JSON; the key is in no URL; redirects are not followed', async () => {
    const { client, calls } = make([ok({ org_id: 'org-1' }), ok(page([]))], { userAgent: 'devin-vscode/1.2.3' });
    assert.deepEqual(await client.getSelf(), { org_id: 'org-1' });
    await client.listSessions({ tags: ['a'] });
    for (const c of calls) {
      assert.equal(c.headers.get('authorization'), `Bearer ${KEY}`);
      assert.equal(c.headers.get('accept'), 'application/json');
      assert.equal(c.headers.get('user-agent'), 'devin-vscode/1.2.3');
      assert.equal(c.redirect, 'manual');
      assert.ok(!c.url.href.includes(KEY.slice(4)));
    }
    assert.equal(calls[0].method, 'GET');
    assert.equal(calls[0].url.href, `${BASE}/v3/self`);
  });

  it('no User-Agent header unless one is configured; the key may come from a promise', async () => {
    const { client, calls } = make([ok({})], { getKey: async () => KEY });
    await client.getSelf();
    assert.equal(calls[0].headers.get('user-agent'), null);
    assert.equal(calls[0].headers.get('authorization'), `Bearer ${KEY}`);
  });

  it('without a key nothing is sent: an unauthorized error that says so', async () => {
    for (const getKey of [() => undefined, () => '', async () => undefined]) {
      const { client, calls, infos } = make([], { getKey });
      const e = await expectKind(client.getSelf(), 'unauthorized');
      assert.equal(e.message, 'You are not signed in to Devin.');
      assert.equal(e.serverMessage, 'not signed in');
      assert.equal(e.needsSignIn, true);
      assert.equal(calls.length, 0);
      assert.equal(infos.length, 1);
      assert.deepEqual({ ...infos[0], ms: 0 }, { method: 'GET', path: '/v3/self', ms: 0, attempt: 1, error: 'unauthorized' });
    }
  });

  it('a secret store that fails while an error is built still gives the API error', async () => {
    let n = 0;
    const { client } = make([json(404, { detail: 'nope' })], {
      getKey: () => {
        if (++n > 1) throw new Error('secret store locked');
        return KEY;
      },
    });
    const e = await expectKind(client.getSession('abc'), 'not_found');
    assert.equal(e.serverMessage, 'nope');
    assert.equal(n, 2);
  });

  it('organizations: the page params as given, only items with an org_id', async () => {
    const { client, calls } = make([ok({ items: [{ org_id: 'org-1', name: 'One' }, { org_id: 5 }, null, 'org-2', { name: 'x' }], end_cursor: 'c9', has_next_page: true, total: 7 })]);
    const p = await client.listOrganizations({ first: 500, after: 'c1' });
    assert.equal(calls[0].method, 'GET');
    assert.equal(calls[0].url.pathname, '/v3/enterprise/organizations');
    assert.deepEqual(query(calls[0]), [
      ['first', '500'],
      ['after', 'c1'],
    ]);
    assert.deepEqual(p, { items: [{ org_id: 'org-1', name: 'One' }], end_cursor: 'c9', has_next_page: true, total: 7 });
  });

  it('organizations without params send no query', async () => {
    const { client, calls } = make([ok(page([]))]);
    await client.listOrganizations();
    assert.equal(calls[0].url.href, `${BASE}/v3/enterprise/organizations`);
  });

  it('sessions: filters as query (arrays repeated), page size clamped to 1..200, items normalized', async () => {
    const { client, calls } = make([ok(page([sess('abc', 1), { session_id: '' }, null])), ok(page([])), ok(page([])), ok(page([])), ok(page([])), ok(page([]))]);
    const p = await client.listSessions({ tags: ['x', 'y'], user_email: 'a@b.c', first: 50, after: 'cur', updated_after: 10 } as never);
    assert.equal(calls[0].url.pathname, `${ORG_PATH}/sessions`);
    assert.deepEqual(query(calls[0]), [
      ['tags', 'x'],
      ['tags', 'y'],
      ['user_email', 'a@b.c'],
      ['first', '50'],
      ['after', 'cur'],
      ['updated_after', '10'],
    ]);
    assert.equal(p.items.length, 1);
    assert.equal(p.items[0].session_id, 'devin-abc');
    assert.equal(p.items[0].updated_at, T0 + 1);
    for (const [first, sent] of [
      [0, '1'],
      [-5, '1'],
      [500, '200'],
      [200, '200'],
      [7.9, '7'],
    ] as const) {
      await client.listSessions({ first });
      assert.equal(calls.at(-1)!.url.searchParams.get('first'), sent, String(first));
    }
  });

  it('a page that is not a page, and the fields of a page that are not usable', async () => {
    for (const body of [{ items: 'x' }, { nope: [] }, [1, 2], null, 'text']) {
      const { client } = make([ok(body)]);
      const e = await expectKind(client.listSessions(), 'bad_response');
      assert.equal(e.serverMessage, 'not a page of items');
    }
    const { client } = make([ok({ items: [], end_cursor: '', has_next_page: 'true', total: '5' }), ok({ items: [], end_cursor: 5, has_next_page: 1, total: 0 })]);
    assert.deepEqual(await client.listSessions(), { items: [], end_cursor: null, has_next_page: false, total: null });
    assert.deepEqual(await client.listSessions(), { items: [], end_cursor: null, has_next_page: false, total: 0 });
  });

  it('getSession: GET with the devin- prefix; an answer that is not a session is refused', async () => {
    const { client, calls } = make([ok(sess('abc', 3, { title: 'T' })), ok({ session_id: 7 })]);
    const s = await client.getSession('abc');
    assert.equal(calls[0].method, 'GET');
    assert.equal(calls[0].url.href, `${BASE}${ORG_PATH}/sessions/devin-abc`);
    assert.equal(s.session_id, 'devin-abc');
    assert.equal(s.title, 'T');
    const e = await expectKind(client.getSession('devin-abc'), 'bad_response');
    assert.equal(e.serverMessage, 'not a session');
    assert.equal(calls[1].url.pathname, `${ORG_PATH}/sessions/devin-abc`);
  });

  it('an invalid session id never reaches the network', async () => {
    const { client, calls } = make([]);
    for (const call of [
      () => client.getSession('../admin'),
      () => client.sendMessage('a/b', 'hi'),
      () => client.listMessages('a?b'),
      () => client.archiveSession('a b'),
      () => client.terminateSession('a#b'),
    ])
      await expectKind(call(), 'config');
    assert.equal(calls.length, 0);
  });

  it('createSession: POST of the JSON body without undefined fields', async () => {
    const { client, calls } = make([json(201, sess('new1', 0, { status: 'new' }))]);
    const s = await client.createSession({ prompt: 'Fix the bug', title: undefined, tags: ['t'], repos: ['acme/web'] } as never);
    assert.equal(calls[0].method, 'POST');
    assert.equal(calls[0].url.href, `${BASE}${ORG_PATH}/sessions`);
    assert.equal(calls[0].headers.get('content-type'), 'application/json');
    assert.deepEqual(JSON.parse(calls[0].body), { prompt: 'Fix the bug', tags: ['t'], repos: ['acme/web'] });
    assert.equal(calls[0].body.includes('title'), false);
    assert.equal(s.session_id, 'devin-new1');
    assert.equal(s.status, 'new');
  });

  it('createSession and sendMessage refuse an empty text locally, with a field error', async () => {
    const { client, calls } = make([]);
    for (const prompt of ['', '   \n', undefined, 5]) {
      const e = await expectKind(client.createSession({ prompt } as never), 'validation');
      assert.deepEqual(e.detail, [{ loc: ['body', 'prompt'], msg: 'A prompt is required.', type: 'missing' }]);
      assert.equal(e.operation, 'create session');
    }
    for (const body of ['', '  ', { message: '\t' }, { message: 3 }]) {
      const e = await expectKind(client.sendMessage('abc', body as never), 'validation');
      assert.deepEqual(e.detail, [{ loc: ['body', 'message'], msg: 'The message is empty.', type: 'missing' }]);
      assert.equal(e.operation, 'send message');
    }
    assert.equal(calls.length, 0);
  });

  it('sendMessage: POST {message} from a string or an object; a 204 or a non-session answer gives undefined', async () => {
    const { client, calls } = make([ok(sess('abc', 5)), new Response(null, { status: 204 }), ok({ ok: true })]);
    const s = await client.sendMessage('abc', 'hello');
    assert.equal(s?.session_id, 'devin-abc');
    assert.equal(calls[0].method, 'POST');
    assert.equal(calls[0].url.href, `${BASE}${ORG_PATH}/sessions/devin-abc/messages`);
    assert.deepEqual(JSON.parse(calls[0].body), { message: 'hello' });
    assert.equal(await client.sendMessage('devin-abc', { message: 'again', attachment_urls: undefined } as never), undefined);
    assert.equal(calls[1].body, JSON.stringify({ message: 'again' }));
    assert.equal(await client.sendMessage('abc', 'third'), undefined);
  });

  it('listMessages: GET with the page params, size clamped, no query when none; items normalized', async () => {
    const { client, calls } = make([
      ok(page([{ event_id: 'e1', source: 'devin', message: 'hi', created_at: T0 }, { event_id: 9, message: null }, { nope: 1 }], 'm2', true, 3)),
      ok(page([])),
      ok(page([])),
    ]);
    const p = await client.listMessages('abc', { first: 1000, after: 'm1' });
    assert.equal(calls[0].method, 'GET');
    assert.equal(calls[0].url.pathname, `${ORG_PATH}/sessions/devin-abc/messages`);
    assert.deepEqual(query(calls[0]), [
      ['first', '200'],
      ['after', 'm1'],
    ]);
    assert.deepEqual(
      p.items.map((m) => [m.event_id, m.source, m.message]),
      [
        ['e1', 'devin', 'hi'],
        ['9', 'unknown', ''],
      ],
    );
    assert.deepEqual([p.end_cursor, p.has_next_page, p.total], ['m2', true, 3]);
    await client.listMessages('abc');
    assert.equal(calls[1].url.href, `${BASE}${ORG_PATH}/sessions/devin-abc/messages`);
    await client.listMessages('abc', { first: 0 });
    assert.equal(calls[2].url.search, '?first=1');
  });

  it('archive: POST without a body; terminate: DELETE with archive=false unless asked', async () => {
    const { client, calls } = make([ok(sess('abc', 1, { is_archived: true })), ok(sess('abc', 2, { status: 'exit' })), ok(sess('abc', 3)), ok({ nope: 1 })]);
    const a = await client.archiveSession('abc');
    assert.equal(a.is_archived, true);
    assert.equal(calls[0].method, 'POST');
    assert.equal(calls[0].url.href, `${BASE}${ORG_PATH}/sessions/devin-abc/archive`);
    assert.equal(calls[0].body, '');
    const t = await client.terminateSession('abc');
    assert.equal(t.status, 'exit');
    assert.equal(calls[1].method, 'DELETE');
    assert.equal(calls[1].url.href, `${BASE}${ORG_PATH}/sessions/devin-abc?archive=false`);
    await client.terminateSession('devin-abc', { archive: true });
    assert.equal(calls[2].url.href, `${BASE}${ORG_PATH}/sessions/devin-abc?archive=true`);
    const e = await expectKind(client.archiveSession('abc'), 'bad_response');
    assert.equal(e.serverMessage, 'not a session');
  });

  it('terminate and archive answers that are not sessions are refused', async () => {
    const { client } = make([ok([])]);
    assert.equal((await expectKind(client.terminateSession('abc'), 'bad_response')).serverMessage, 'not a session');
  });

  it('uploadAttachment: multipart with the file under "file", its name and type; the answer must carry an http(s) URL', async () => {
    const { client, calls } = make([
      ok({ attachment_id: 'att-1', name: 'server.txt', url: 'https://files.example/att-1' }),
      ok({ url: 'HTTP://files.example/2' }),
      ok({ url: 'javascript:alert(1)' }),
      ok({ attachment_id: 'x' }),
      ok([{ url: 'https://x' }]),
      ok({ url: 'xhttps://files.example/3' }),
    ]);
    const a = await client.uploadAttachment({ name: 'notes.txt', data: new TextEncoder().encode('hello file'), contentType: 'text/plain' });
    assert.deepEqual(a, { attachment_id: 'att-1', name: 'server.txt', url: 'https://files.example/att-1' });
    assert.equal(calls[0].method, 'POST');
    assert.equal(calls[0].url.href, `${BASE}${ORG_PATH}/attachments`);
    assert.match(calls[0].headers.get('content-type') ?? '', /^multipart\/form-data; boundary=/);
    assert.match(calls[0].body, /Content-Disposition: form-data; name="file"; filename="notes.txt"\r\nContent-Type: text\/plain\r\n\r\nhello file\r\n/);
    const b = await client.uploadAttachment({ name: 'data.bin', data: new Uint8Array([1, 2, 3]) });
    assert.deepEqual(b, { attachment_id: '', name: 'data.bin', url: 'HTTP://files.example/2' });
    assert.match(calls[1].body, /filename="data.bin"\r\nContent-Type: application\/octet-stream\r\n/);
    for (let i = 0; i < 4; i++) {
      const e = await expectKind(client.uploadAttachment({ name: 'f', data: new Uint8Array([0]) }), 'bad_response');
      assert.equal(e.serverMessage, 'the upload answer has no attachment URL');
    }
    assert.equal(calls.length, 6);
  });

  it('playbooks and knowledge notes: page params, names from their ids when missing, junk dropped', async () => {
    const { client, calls } = make([
      ok(page([{ playbook_id: 'p1', title: 'Deploy', body: 'b' }, { playbook_id: 'p2', title: 5 }, { playbook_id: 3 }, null, ['p']], 'c', true, 2)),
      ok(page([{ note_id: 'n1', name: 'Style' }, { note_id: 'n2' }, { note_id: 4 }, 'n'])),
    ]);
    const pb = await client.listPlaybooks({ first: 300 });
    assert.equal(calls[0].url.pathname, `${ORG_PATH}/playbooks`);
    assert.equal(calls[0].url.search, '?first=300');
    assert.deepEqual(pb, {
      items: [
        { playbook_id: 'p1', title: 'Deploy', body: 'b' },
        { playbook_id: 'p2', title: 'p2' },
      ],
      end_cursor: 'c',
      has_next_page: true,
      total: 2,
    });
    const kn = await client.listKnowledgeNotes({ search: 'style guide' });
    assert.equal(calls[1].url.pathname, `${ORG_PATH}/knowledge/notes`);
    assert.deepEqual(query(calls[1]), [['search', 'style guide']]);
    assert.deepEqual(kn.items, [
      { note_id: 'n1', name: 'Style' },
      { note_id: 'n2', name: 'n2' },
    ]);
  });

  it('playbooks and knowledge notes without params send no query', async () => {
    const { client, calls } = make([ok(page([])), ok(page([]))]);
    await client.listPlaybooks();
    await client.listKnowledgeNotes();
    assert.equal(calls[0].url.href, `${BASE}${ORG_PATH}/playbooks`);
    assert.equal(calls[1].url.href, `${BASE}${ORG_PATH}/knowledge/notes`);
  });

  it('repositories: under /v3beta1, without indexing status, filter passed on; items need a repo_name', async () => {
    const { client, calls } = make([ok(page([{ repo_name: 'acme/web', indexed: true }, { repo_name: 1 }, null])), ok(page([]))]);
    const r = await client.listRepositories({ filter_name: 'web', first: 10 });
    assert.equal(calls[0].method, 'GET');
    assert.equal(calls[0].url.pathname, `/v3beta1/organizations/${ORG}/repositories`);
    assert.deepEqual(query(calls[0]), [
      ['load_indexing_status', 'false'],
      ['filter_name', 'web'],
      ['first', '10'],
    ]);
    assert.deepEqual(r.items, [{ repo_name: 'acme/web', indexed: true }]);
    await client.listRepositories();
    assert.equal(calls[1].url.search, '?load_indexing_status=false');
  });
});

// ---- pagination ----------------------------------------------------------------------------

describe('pagination', () => {
  it('iterateSessions walks the cursors and stops on the last page', async () => {
    const { client, calls } = make([ok(page([sess('a', 1)], 'c1', true)), ok(page([sess('b', 2)], 'c2', true)), ok(page([sess('c', 3)], 'c3', false))]);
    const ids: string[] = [];
    for await (const p of client.iterateSessions({ tags: ['t'] })) ids.push(...p.items.map((s) => s.session_id));
    assert.deepEqual(ids, ['devin-a', 'devin-b', 'devin-c']);
    assert.deepEqual(
      calls.map((c) => c.url.search),
      ['?tags=t', '?tags=t&after=c1', '?tags=t&after=c2'],
    );
  });

  it('a walk stops when the server repeats a cursor, also the one it started after, or gives none', async () => {
    {
      const { client, calls } = make([ok(page([sess('a', 1)], 'c1', true)), ok(page([sess('b', 1)], 'c2', true)), ok(page([sess('c', 1)], 'c1', true))]);
      let n = 0;
      for await (const _ of client.iterateSessions()) n++;
      assert.equal(n, 3);
      assert.equal(calls.length, 3);
    }
    {
      const { client, calls } = make([ok(page([sess('a', 1)], 'c0', true))]);
      let n = 0;
      for await (const _ of client.iterateSessions({ after: 'c0' })) n++;
      assert.equal(n, 1);
      assert.equal(calls[0].url.search, '?after=c0');
    }
    {
      const { client, calls } = make([ok(page([sess('a', 1)], null, true))]);
      for await (const _ of client.iterateSessions());
      assert.equal(calls.length, 1);
    }
    {
      const { client, calls } = make([ok(page([sess('a', 1)], 'c1', false))]);
      for await (const _ of client.iterateSessions());
      assert.equal(calls.length, 1);
    }
  });

  it('iterateMessages walks a conversation from a cursor', async () => {
    const { client, calls } = make([ok(page([{ event_id: 'e2' }], 'm2', true)), ok(page([{ event_id: 'e3' }], 'm3', false))]);
    const ids: string[] = [];
    for await (const p of client.iterateMessages('abc', { first: 2, after: 'm1' })) ids.push(...p.items.map((m) => m.event_id));
    assert.deepEqual(ids, ['e2', 'e3']);
    assert.deepEqual(
      calls.map((c) => `${c.url.pathname}${c.url.search}`),
      [`${ORG_PATH}/sessions/devin-abc/messages?first=2&after=m1`, `${ORG_PATH}/sessions/devin-abc/messages?first=2&after=m2`],
    );
  });

  it('listAllSessions: pages of 200 by default, bounded, with the cursor to continue from', async () => {
    const { client, calls } = make([ok(page([sess('a', 1), sess('b', 2)], 'c1', true, 10)), ok(page([sess('c', 3), sess('d', 4)], 'c2', true))]);
    const r = await client.listAllSessions({}, 4);
    assert.deepEqual(
      calls.map((c) => c.url.search),
      ['?first=200', '?first=200&after=c1'],
    );
    assert.deepEqual(r.items.map((s) => s.session_id), ['devin-a', 'devin-b', 'devin-c', 'devin-d']);
    assert.equal(r.truncated, true);
    assert.equal(r.endCursor, 'c2');
    assert.equal(r.total, 10);
    assert.equal(r.requests, 2);
    assert.equal(r.cursorRepeated, false);
  });

  it('listAllSessions: a walk that ends at the bound is complete; a repeated cursor is reported', async () => {
    {
      const { client } = make([ok(page([sess('a', 1)], 'c1', true, 3)), ok(page([sess('b', 2), sess('c', 3)], 'c2', false, 2))]);
      const r = await client.listAllSessions({ first: 5 }, 3);
      assert.deepEqual([r.items.length, r.truncated, r.endCursor, r.total, r.requests, r.cursorRepeated], [3, false, null, 2, 2, false]);
    }
    {
      const { client, calls } = make([ok(page([sess('a', 1)], 'c1', true)), ok(page([sess('b', 2)], 'c1', true))]);
      const r = await client.listAllSessions({ first: 1 }, 100);
      assert.equal(calls[0].url.search, '?first=1');
      assert.deepEqual([r.items.length, r.truncated, r.endCursor, r.total, r.requests, r.cursorRepeated], [2, false, null, null, 2, true]);
    }
    {
      const { client } = make([ok(page([sess('a', 1), sess('b', 2)], 'c1', true))]);
      const r = await client.listAllSessions({}, 1);
      assert.deepEqual([r.items.length, r.truncated, r.endCursor, r.requests, r.cursorRepeated], [2, true, 'c1', 1, false]);
    }
    {
      const { client } = make([ok(page([], null, false))]);
      const r = await client.listAllSessions();
      assert.deepEqual(r, { items: [], truncated: false, endCursor: null, total: null, requests: 1, cursorRepeated: false });
    }
  });

  it('collect keeps reading below the bound', async () => {
    const { client } = make([]);
    async function* pages() {
      yield { items: [1], end_cursor: 'x', has_next_page: true, total: 5 };
      yield { items: [2, 3], end_cursor: 'y', has_next_page: true, total: null };
      yield { items: [4], end_cursor: null, has_next_page: false, total: null };
    }
    assert.deepEqual(await client.collect(pages(), 10), { items: [1, 2, 3, 4], truncated: false, endCursor: null, total: 5, requests: 3, cursorRepeated: false });
    assert.deepEqual(await client.collect(pages(), 3), { items: [1, 2, 3], truncated: true, endCursor: 'y', total: 5, requests: 2, cursorRepeated: false });
  });

  it('listNewestSessions keeps the newest N whatever the order, each session once in its newest copy', async () => {
    const seenPages: string[][] = [];
    const { client, calls } = make([
      ok(page([sess('old', 1), sess('mid', 5, { title: 'first copy' })], 'c1', true, 9)),
      ok(page([sess('new', 9), sess('mid', 5, { title: 'same second' })], 'c2', true)),
      ok(page([sess('mid', 2, { title: 'older copy' }), sess('x', 3)], 'c3', false, 4)),
    ]);
    const r = await client.listNewestSessions({ tags: ['t'] }, 2.9, { onPage: (items) => seenPages.push(items.map((s) => s.session_id)) });
    assert.deepEqual(
      calls.map((c) => c.url.search),
      ['?first=200&tags=t', '?first=200&tags=t&after=c1', '?first=200&tags=t&after=c2'],
    );
    assert.deepEqual(r.items.map((s) => [s.session_id, s.title]), [
      ['devin-new', null],
      ['devin-mid', 'same second'],
    ]);
    assert.equal(r.truncated, true);
    assert.equal(r.total, 4);
    assert.equal(r.requests, 3);
    assert.equal(r.cursorRepeated, false);
    assert.deepEqual([...r.seen].sort(), ['devin-mid', 'devin-new', 'devin-old', 'devin-x']);
    assert.deepEqual(seenPages, [
      ['devin-old', 'devin-mid'],
      ['devin-new', 'devin-mid'],
      ['devin-mid', 'devin-x'],
    ]);
  });

  it('listNewestSessions: at least one kept, exactly N is not truncated, the total survives a page without one, a repeated cursor is reported', async () => {
    {
      const { client } = make([ok(page([sess('a', 1), sess('b', 2)], null, false))]);
      const r = await client.listNewestSessions({}, 0);
      assert.deepEqual(r.items.map((s) => s.session_id), ['devin-b']);
      assert.equal(r.truncated, true);
    }
    {
      const { client } = make([ok(page([sess('a', 1), sess('b', 2)], 'c1', true, 2)), ok(page([], 'c1', true))]);
      const r = await client.listNewestSessions({ first: 2 }, 2);
      assert.deepEqual(r.items.map((s) => s.session_id), ['devin-b', 'devin-a']);
      assert.deepEqual([r.truncated, r.total, r.requests, r.cursorRepeated], [false, 2, 2, true]);
    }
    {
      const { client } = make([ok(page([sess('a', 1)], null, false))]);
      const r = await client.listNewestSessions();
      assert.deepEqual([r.items.length, r.truncated, r.total, r.cursorRepeated], [1, false, null, false]);
    }
  });

  it('listNewestSessions bounds its memory, and a session dropped mid-walk comes back when a newer copy arrives', async () => {
    const many = (from: number, n: number) => Array.from({ length: n }, (_, i) => sess(`s${from + i}`, from + i));
    const { client } = make([ok(page(many(0, 5), 'c1', true)), ok(page([sess('s0', 100)], 'c2', true)), ok(page(many(10, 3), 'c3', false))]);
    const r = await client.listNewestSessions({}, 2);
    assert.deepEqual(r.items.map((s) => s.session_id), ['devin-s0', 'devin-s12']);
    assert.equal(r.truncated, true);
    assert.equal(r.seen.size, 8);
  });

  it('countSessions asks for a one-item page without a cursor and returns the total, or null', async () => {
    const { client, calls } = make([ok(page([sess('a', 1)], 'c1', true, 42)), ok(page([sess('a', 1)], 'c1', true))]);
    assert.equal(await client.countSessions({ after: 'zz', tags: ['t'] } as never), 42);
    assert.deepEqual(query(calls[0]), [
      ['tags', 't'],
      ['first', '1'],
    ]);
    assert.equal(await client.countSessions(), null);
    assert.equal(calls[1].url.search, '?first=1');
  });
});

// ---- errors --------------------------------------------------------------------------------

describe('errors', () => {
  it('each HTTP status becomes its kind, with method, path, operation and status', async () => {
    const cases: [number, unknown, DevinErrorKind][] = [
      [400, { detail: 'unknown platform' }, 'bad_request'],
      [400, { detail: [{ loc: ['body', 'x'], msg: 'bad', type: 't' }] }, 'validation'],
      [400, { detail: [] }, 'bad_request'],
      [401, { detail: 'bad key' }, 'unauthorized'],
      [403, { detail: 'denied' }, 'forbidden'],
      [404, { detail: 'no such session' }, 'not_found'],
      [408, {}, 'timeout'],
      [409, { error: 'conflict' }, 'bad_request'],
      [418, {}, 'bad_request'],
      [422, { detail: [] }, 'validation'],
      [429, {}, 'rate_limited'],
      [499, {}, 'bad_request'],
      [500, {}, 'server'],
      [503, {}, 'server'],
      [599, {}, 'server'],
    ];
    for (const [status, body, kind] of cases) {
      const { client, calls, infos } = make([json(status, body)], { retryLimit: 0 });
      const e = await expectKind(client.getSession('abc'), kind);
      assert.equal(e.status, status);
      assert.equal(e.method, 'GET');
      assert.equal(e.path, `${ORG_PATH}/sessions/devin-abc`);
      assert.equal(e.operation, 'get session');
      assert.equal(calls.length, 1);
      // One record per attempt, from the response: none added for an error that has a status.
      assert.equal(infos.length, 1, `HTTP ${status}`);
      assert.deepEqual({ ...infos[0], ms: 0 }, { method: 'GET', path: `${ORG_PATH}/sessions/devin-abc`, status, ms: 0, attempt: 1 });
    }
  });

  it('the error path has no query string', async () => {
    const { client } = make([json(404, {})]);
    const e = await expectKind(client.terminateSession('abc'), 'not_found');
    assert.equal(e.path, `${ORG_PATH}/sessions/devin-abc`);
    assert.equal(e.method, 'DELETE');
    assert.equal(e.message, 'Devin could not find this session (terminate session). It may have been deleted, or it belongs to another organization.');
  });

  it('the server message: detail, else message, else error, as long as it is a string; cut at 300', async () => {
    const cases: [unknown, string | undefined][] = [
      [{ detail: 'd', message: 'm', error: 'e' }, 'd'],
      [{ detail: 5, message: 'm', error: 'e' }, 'm'],
      [{ message: ['m'], error: 'e' }, 'e'],
      [{ error: 7 }, undefined],
      [['detail'], undefined],
      [{ detail: 'x'.repeat(400) }, 'x'.repeat(300)],
    ];
    for (const [body, msg] of cases) {
      const { client } = make([json(409, body)]);
      const e = await expectKind(client.listSessions(), 'bad_request');
      assert.equal(e.serverMessage, msg, JSON.stringify(body).slice(0, 40));
    }
    for (const text of ['<html>proxy</html>', '']) {
      const { client } = make([new Response(text, { status: 409 })]);
      const e = await expectKind(client.listSessions(), 'bad_request');
      assert.equal(e.serverMessage, undefined);
      assert.deepEqual(e.detail, []);
    }
  });

  it('field errors: only object entries, loc parts that are strings or numbers, defaults for the rest, cut', async () => {
    const body = {
      detail: [
        5,
        null,
        ['x'],
        { loc: ['body', 'first', 3, { x: 1 }, true, null], msg: 'too big', type: 'value_error.number' },
        { loc: 'first', msg: 7, type: null },
        { msg: 'm'.repeat(600), type: 't'.repeat(150) },
      ],
    };
    const { client } = make([json(422, body)]);
    const e = await expectKind(client.listSessions(), 'validation');
    assert.deepEqual(e.detail, [
      { loc: ['body', 'first', 3], msg: 'too big', type: 'value_error.number' },
      { loc: [], msg: 'invalid value', type: 'value_error' },
      { loc: [], msg: 'm'.repeat(500), type: 't'.repeat(100) },
    ]);
    assert.deepEqual(e.fieldErrors, ['first.3: too big', 'invalid value', 'm'.repeat(500)]);
  });

  it('Retry-After and the request id are kept on the error', async () => {
    const { client } = make([json(429, {}, { 'retry-after': '120', 'x-request-id': 'req-7' }), json(500, {})], { retryLimit: 0 });
    const e = await expectKind(client.listSessions(), 'rate_limited');
    assert.equal(e.retryAfterMs, 120_000);
    assert.equal(e.requestId, 'req-7');
    assert.equal(e.message, 'Devin is rate limiting requests (list sessions). Retrying is possible in 120 seconds.');
    const f = await expectKind(client.listSessions(), 'server');
    assert.equal(f.retryAfterMs, undefined);
    assert.equal(f.requestId, undefined);
  });

  it('a redirect is an error and is not followed, whatever its target', async () => {
    for (const status of [301, 302, 307, 308]) {
      const { client, calls } = make([new Response(null, { status, headers: { location: 'https://evil.example/steal', 'x-request-id': 'r1' } })]);
      const e = await expectKind(client.getSelf(), 'bad_response');
      assert.equal(e.status, status);
      assert.equal(e.requestId, 'r1');
      assert.equal(e.serverMessage, `unexpected redirect (HTTP ${status}); not followed`);
      assert.equal(e.path, '/v3/self');
      assert.equal(calls.length, 1);
    }
  });

  it('answers that are not JSON, and empty answers, are bad responses', async () => {
    const cases: [Response, string][] = [
      [new Response('<html>hi</html>', { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } }), 'not JSON: text/html'],
      [new Response(new TextEncoder().encode('{oops'), { status: 200 }), 'not JSON: unknown content type'],
      [new Response('', { status: 200 }), 'empty body'],
      [new Response(' \n ', { status: 201 }), 'empty body'],
      [new Response(null, { status: 200 }), 'empty body'],
      [
        new Response(
          new ReadableStream({
            start(c) {
              c.error(new Error('connection reset'));
            },
          }),
          { status: 200 },
        ),
        'empty body',
      ],
    ];
    for (const [res, message] of cases) {
      const { client } = make([res]);
      const e = await expectKind(client.getSession('abc'), 'bad_response');
      assert.equal(e.serverMessage, message);
      assert.equal(e.status, res.status);
      assert.equal(e.method, 'GET');
      assert.equal(e.path, `${ORG_PATH}/sessions/devin-abc`);
      assert.equal(e.operation, 'get session');
    }
  });

  it('network failures are offline errors with the system code; a GET is retried first', async () => {
    const refused = () => new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    {
      const { client, calls, infos } = make([refused(), refused(), refused()]);
      const e = await expectKind(client.getSelf(), 'offline');
      assert.equal(e.serverMessage, 'ECONNREFUSED');
      assert.equal(e.status, undefined);
      assert.equal(e.path, '/v3/self');
      assert.equal(e.operation, 'check the API key');
      assert.equal(calls.length, 3);
      assert.equal(infos.length, 1);
      assert.deepEqual({ ...infos[0], ms: 0 }, { method: 'GET', path: '/v3/self', ms: 0, attempt: 1, error: 'offline' });
    }
    for (const err of [new TypeError('fetch failed', { cause: { code: 42 } }), new TypeError('fetch failed'), new Error('x')]) {
      const { client } = make([err], { retryLimit: 0 });
      const e = await expectKind(client.getSelf(), 'offline');
      assert.equal(e.serverMessage, undefined);
    }
  });

  it('an abort is "cancelled": by the caller\'s signal or an AbortError from fetch', async () => {
    {
      const ac = new AbortController();
      const { client, calls } = make([(c) => new Promise<Response>((_, reject) => c.signal.addEventListener('abort', () => reject(c.signal.reason)))]);
      const p = client.getSelf(ac.signal);
      await flush();
      assert.equal(calls.length, 1);
      ac.abort();
      await expectKind(p, 'cancelled');
      assert.equal(calls.length, 1);
    }
    {
      const abortError = new Error('The operation was aborted');
      abortError.name = 'AbortError';
      const { client } = make([abortError], { retryLimit: 0 });
      await expectKind(client.getSelf(), 'cancelled');
    }
  });

  it('the request time is measured from before the key is read to the answer', async () => {
    mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
    const { client, infos } = make([
      () => {
        mock.timers.tick(25);
        return ok({});
      },
      () => {
        mock.timers.tick(40);
        throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      },
    ], { retryLimit: 0 });
    await client.getSelf();
    assert.deepEqual(infos[0], { method: 'GET', path: '/v3/self', status: 200, ms: 25, attempt: 1 });
    await expectKind(client.getSelf(), 'offline');
    assert.deepEqual(infos[1], { method: 'GET', path: '/v3/self', ms: 40, attempt: 1, error: 'offline' });
  });

  it('the logged path is relative to the base URL, with the query', async () => {
    const { client, infos } = make([ok(page([]))], { baseUrl: 'https://api.example.test/proxy/v3/' });
    await client.listMessages('abc', { first: 3 });
    assert.equal(infos[0].path, `${ORG_PATH}/sessions/devin-abc/messages?first=3`);
  });
});

// ---- retries and timeouts (mock timers: nothing waits) -------------------------------------

describe('retries and timeouts', () => {
  it('a GET is retried on 408, 429, 500, 502, 503 and 504, each attempt logged with its number', async () => {
    for (const status of [408, 429, 500, 502, 503, 504]) {
      const { client, calls, infos } = make([json(status, {}), json(status, {}), ok({ org_id: 'o' })]);
      assert.deepEqual(await client.getSelf(), { org_id: 'o' });
      assert.equal(calls.length, 3, `HTTP ${status}`);
      assert.deepEqual(
        infos.map((i) => [i.status, i.attempt]),
        [
          [status, 1],
          [status, 2],
          [200, 3],
        ],
      );
    }
  });

  it('a GET is not retried on other errors', async () => {
    for (const status of [400, 401, 403, 404, 409, 413, 422, 501]) {
      const { client, calls } = make([json(status, {}), ok({})]);
      await caught(client.getSelf());
      assert.equal(calls.length, 1, `HTTP ${status}`);
    }
  });

  it('no POST or DELETE is ever retried: not on 5xx, 429 with Retry-After 0, or a network failure', async () => {
    const answers = () => [json(503, {}), json(429, {}, { 'retry-after': '0' }), new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }), json(502, {})];
    const calls: [string, (c: DevinClient) => Promise<unknown>][] = [
      ['create', (c) => c.createSession({ prompt: 'p' })],
      ['message', (c) => c.sendMessage('abc', 'm')],
      ['archive', (c) => c.archiveSession('abc')],
      ['terminate', (c) => c.terminateSession('abc')],
      ['upload', (c) => c.uploadAttachment({ name: 'f', data: new Uint8Array([1]) })],
    ];
    for (const [name, call] of calls) {
      for (const a of answers()) {
        const m = make([a, ok(sess('abc', 1))], { retryLimit: 5 });
        await caught(call(m.client));
        assert.equal(m.calls.length, 1, `${name} after ${a instanceof Error ? 'a network failure' : `HTTP ${a.status}`}`);
      }
    }
  });

  it('retries are bounded by retryLimit (default 3), then the last error is thrown', async () => {
    {
      const { client, calls } = make([json(503, {}), json(503, {}), json(503, {}), json(503, {}), ok({})], { retryLimit: undefined });
      const e = await expectKind(client.getSelf(), 'server');
      assert.equal(e.status, 503);
      assert.equal(calls.length, 4);
    }
    {
      const { client, calls } = make([json(500, {}), json(500, {}), ok({})], { retryLimit: 1 });
      await expectKind(client.getSelf(), 'server');
      assert.equal(calls.length, 2);
    }
  });

  it('429 and 503 wait for Retry-After (seconds or an HTTP date), other statuses use the backoff', async () => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: Date.parse('2026-11-30T02:00:00Z') });
    for (const [status, header, wait] of [
      // An HTTP date 7 s after the (mocked) now, a whole second.
      [429, () => new Date(Date.now() + 7000).toUTCString(), 7000],
      [429, () => '2', 2000],
      [503, () => '1.5', 1500],
    ] as const) {
      const retryAfter = header();
      const { client, calls } = make([json(status, {}, { 'retry-after': retryAfter }), ok({ n: 1 })]);
      const p = client.getSelf();
      const state = track(p);
      await flush();
      assert.equal(calls.length, 1);
      mock.timers.tick(wait - 1);
      await flush();
      assert.equal(calls.length, 1, `still waiting for Retry-After ${retryAfter}`);
      mock.timers.tick(1);
      await flush();
      assert.equal(calls.length, 2);
      assert.deepEqual(await p, { n: 1 });
      assert.equal(state.settled, true);
    }
    {
      // A Retry-After on a 500 is not honoured: the backoff (0 here) applies.
      const { client, calls } = make([json(500, {}, { 'retry-after': '30' }), ok({ n: 2 })]);
      const p = client.getSelf();
      await flush();
      mock.timers.tick(0);
      await flush();
      assert.equal(calls.length, 2);
      assert.deepEqual(await p, { n: 2 });
    }
  });

  it('a Retry-After longer than maxRetryAfterMs (default 30 s) goes back to the caller at once', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    {
      const { client, calls } = make([json(429, {}, { 'retry-after': '31' }), ok({})]);
      const p = client.listSessions();
      const state = track(p);
      await flush();
      assert.equal(state.settled, true, 'not waiting');
      const e = await expectKind(p, 'rate_limited');
      assert.equal(e.retryAfterMs, 31_000);
      assert.equal(calls.length, 1);
    }
    {
      const { client, calls } = make([json(429, {}, { 'retry-after': '30' }), ok(page([]))]);
      const p = client.listSessions();
      await flush();
      mock.timers.tick(29_999);
      await flush();
      assert.equal(calls.length, 1);
      mock.timers.tick(1);
      await flush();
      assert.equal(calls.length, 2);
      assert.deepEqual((await p).items, []);
    }
    {
      const { client, calls } = make([json(503, {}, { 'retry-after': '3' }), ok({})], { maxRetryAfterMs: 2_999 });
      const e = await expectKind(client.getSelf(), 'server');
      assert.equal(e.retryAfterMs, 3000);
      assert.equal(calls.length, 1);
    }
    {
      const { client, calls } = make([json(503, {}, { 'retry-after': '3' }), ok({})], { maxRetryAfterMs: 3_000 });
      const p = client.getSelf();
      await flush();
      mock.timers.tick(3000);
      await flush();
      assert.equal(calls.length, 2);
      await p;
    }
  });

  it('the backoff doubles from 300 ms up to backoffLimitMs (default 8 s)', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    const { client, calls } = make(
      Array.from({ length: 7 }, () => json(502, {})),
      { retryLimit: 6, backoffLimitMs: undefined },
    );
    const p = client.getSelf();
    const state = track(p);
    await flush();
    for (const wait of [300, 600, 1200, 2400, 4800, 8000]) {
      const before = calls.length;
      mock.timers.tick(wait - 1);
      await flush();
      assert.equal(calls.length, before, `waits ${wait} ms`);
      mock.timers.tick(1);
      await flush();
      assert.equal(calls.length, before + 1, `retries after ${wait} ms`);
    }
    assert.equal(state.settled, true);
    await expectKind(p, 'server');
    assert.equal(calls.length, 7);
  });

  it('a request past timeoutMs is a timeout error, logged, and not retried', async () => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 5_000_000 });
    const hang = () => new Promise<Response>(() => undefined);
    const { client, calls, infos } = make([hang, ok({})], { timeoutMs: 5_000 });
    const p = client.getSelf();
    const state = track(p);
    await flush();
    assert.equal(calls.length, 1);
    mock.timers.tick(4_999);
    await flush();
    assert.equal(state.settled, false);
    mock.timers.tick(1);
    const e = await expectKind(p, 'timeout');
    assert.equal(e.path, '/v3/self');
    assert.equal(e.operation, 'check the API key');
    assert.equal(e.message, 'The Devin API did not answer in time (check the API key).');
    await flush();
    assert.equal(calls.length, 1);
    assert.deepEqual(infos, [{ method: 'GET', path: '/v3/self', ms: 5_000, attempt: 1, error: 'timeout' }]);
  });

  it('the default timeout is 30 s', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    const { client } = make([() => new Promise<Response>(() => undefined)], { timeoutMs: undefined });
    const p = client.listSessions();
    const state = track(p);
    await flush();
    mock.timers.tick(29_999);
    await flush();
    assert.equal(state.settled, false);
    mock.timers.tick(1);
    await expectKind(p, 'timeout');
  });
});

// ---- the key -------------------------------------------------------------------------------

describe('the API key in errors', () => {
  for (const [name, key] of [
    ['a cog_ key', KEY],
    ['an opaque key', OPAQUE_KEY],
  ] as const) {
    it(`${name} echoed by the server is in no form of the error; the server's words are kept`, async () => {
      const bodies: [number, unknown][] = [
        [400, { detail: `unknown platform for key ${key}` }],
        [401, { message: `Invalid API key ${key}` }],
        [409, { error: `conflict: Authorization: Bearer ${key}` }],
        [503, { detail: `upstream said ${key}` }],
        [400, { detail: `${'x'.repeat(290)}${key}` }],
        [422, { detail: [{ loc: ['header', `authorization ${key}`], msg: `value ${key} is not valid`, type: `type_${key}` }] }],
      ];
      for (const [status, body] of bodies) {
        const { client } = make([json(status, body)], { getKey: () => key, retryLimit: 0 });
        const e = await caught(client.listSessions());
        assert.equal(e.status, status);
        assertNoKey(e, key);
        if (status === 422) {
          assert.equal(e.detail[0].msg, 'value *** is not valid');
          assert.deepEqual(e.detail[0].loc, ['header', 'authorization ***']);
          assert.match(e.detail[0].type, /^type_\*\*\*/);
        } else {
          assert.match(e.serverMessage ?? '', /\*\*\*/);
        }
      }
    });
  }

  it('the key is read afresh for each request and never kept by the client', async () => {
    let key = 'cog_first_key_1234';
    const { client, calls } = make([ok({}), ok({})], { getKey: () => key });
    await client.getSelf();
    key = 'cog_second_key_5678';
    await client.getSelf();
    assert.deepEqual(
      calls.map((c) => c.headers.get('authorization')),
      ['Bearer cog_first_key_1234', 'Bearer cog_second_key_5678'],
    );
    assert.ok(!util.inspect(client, { depth: 5 }).includes('second_key'));
  });
});

describe('parseRetryAfter', () => {
  it('seconds (also fractions), HTTP dates, never negative; junk and nothing are undefined', () => {
    mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-11-30T02:00:00Z') });
    assert.equal(parseRetryAfter('5'), 5000);
    assert.equal(parseRetryAfter('0'), 0);
    assert.equal(parseRetryAfter('0.25'), 250);
    assert.equal(parseRetryAfter('-3'), 0);
    assert.equal(parseRetryAfter('Mon, 30 Nov 2026 02:00:10 GMT'), 10_000);
    assert.equal(parseRetryAfter('Mon, 30 Nov 2026 01:59:00 GMT'), 0);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter('Infinity'), undefined);
    assert.equal(parseRetryAfter(''), undefined);
    assert.equal(parseRetryAfter(null), undefined);
    assert.equal(parseRetryAfter(undefined), undefined);
  });
});
