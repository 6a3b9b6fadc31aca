// DevinClient (src/api/client.ts) on odd inputs, through its injected `fetch`: a client without a
// request logger, rejections that are not Errors, an error body that is JSON `null`, an empty page
// iterator. Written for the mutants clientFetch.test.ts left alive; each case is real behaviour
// (a crash here would reach the user as an unexplained TypeError instead of a DevinApiError).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as util from 'node:util';
import { DevinClient, type DevinClientOptions } from '../../src/api/client';
import { DevinApiError, type DevinErrorKind } from '../../src/api/errors';

const KEY = 'cog_edgeCaseKey_0a1b2c3d4e5f';
const BASE = 'https://api.example.test';
const ORG = 'org-edge';

type Answer = Response | (() => Promise<Response>);

function make(answers: Answer[], opts: Partial<DevinClientOptions> = {}) {
  const queue = [...answers];
  let calls = 0;
  const fetchFn = async (): Promise<Response> => {
    calls++;
    const next = queue.shift();
    if (next === undefined) throw new Error('unexpected request');
    return typeof next === 'function' ? next() : next;
  };
  const client = new DevinClient({ baseUrl: BASE, orgId: ORG, getKey: () => KEY, retryLimit: 0, fetch: fetchFn as typeof fetch, ...opts });
  return { client, calls: () => calls };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function expectKind(p: Promise<unknown>, kind: DevinErrorKind): Promise<DevinApiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof DevinApiError, `a DevinApiError, not ${util.inspect(e)}`);
    assert.equal(e.kind, kind, e.message);
    return e;
  }
  assert.fail(`expected a ${kind} error`);
}

describe('client edge cases', () => {
  it('a client without onRequest answers, and reports HTTP and network failures as API errors', async () => {
    const { client, calls } = make([
      json(200, { org_id: 'o' }),
      json(500, {}),
      () => Promise.reject(new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } })),
    ]);
    assert.deepEqual(await client.getSelf(), { org_id: 'o' });
    await expectKind(client.getSelf(), 'server');
    assert.equal((await expectKind(client.getSelf(), 'offline')).serverMessage, 'ENOTFOUND');
    assert.equal(calls(), 3);
  });

  it('a fetch that rejects with something that is not an Error is "offline", never a crash', async () => {
    for (const [reason, code] of [
      [null, undefined],
      [undefined, undefined],
      ['boom', undefined],
      [{ name: 'AbortError' }, undefined],
      [{ cause: null }, undefined],
      [{ cause: { code: 'ECONNRESET' } }, 'ECONNRESET'],
    ] as const) {
      const { client } = make([() => Promise.reject(reason)]);
      const e = await expectKind(client.getSelf(), 'offline');
      assert.equal(e.serverMessage, code, util.inspect(reason));
      assert.equal(e.path, '/v3/self');
    }
  });

  it('an error body that is JSON null, a number or a string carries no server message', async () => {
    for (const body of [null, 5, 'text']) {
      const { client } = make([json(409, body)]);
      const e = await expectKind(client.getSelf(), 'bad_request');
      assert.equal(e.serverMessage, undefined, String(body));
      assert.deepEqual(e.detail, []);
    }
  });

  it('collecting an iterator that yields no page is an empty, complete result', async () => {
    const { client } = make([]);
    async function* none() {}
    assert.deepEqual(await client.collect(none(), 10), { items: [], truncated: false, endCursor: null, total: null, requests: 0, cursorRepeated: false });
  });
  it('every endpoint names its operation in its errors', async () => {
    const cases: [string, (c: DevinClient) => Promise<unknown>][] = [
      ['check the API key', (c) => c.getSelf()],
      ['list organizations', (c) => c.listOrganizations()],
      ['list sessions', (c) => c.listSessions()],
      ['get session', (c) => c.getSession('abc')],
      ['create session', (c) => c.createSession({ prompt: 'p' })],
      ['send message', (c) => c.sendMessage('abc', 'm')],
      ['list messages', (c) => c.listMessages('abc')],
      ['archive session', (c) => c.archiveSession('abc')],
      ['terminate session', (c) => c.terminateSession('abc')],
      ['upload attachment', (c) => c.uploadAttachment({ name: 'f', data: new Uint8Array([1]) })],
      ['list playbooks', (c) => c.listPlaybooks()],
      ['list knowledge', (c) => c.listKnowledgeNotes()],
      ['list repositories', (c) => c.listRepositories()],
    ];
    for (const [operation, call] of cases) {
      const { client } = make([json(500, {})]);
      const e = await expectKind(call(client), 'server');
      assert.equal(e.operation, operation);
    }
  });

  it('a field-error list on a status other than 400 and 422 does not make it a validation error; a 300 is an unfollowed redirect', async () => {
    const detail = { detail: [{ loc: ['body', 'x'], msg: 'bad', type: 't' }] };
    for (const [status, kind] of [
      [409, 'bad_request'],
      [500, 'server'],
      [429, 'rate_limited'],
    ] as const) {
      const { client } = make([json(status, detail)]);
      await expectKind(client.getSelf(), kind);
    }
    const { client } = make([new Response(null, { status: 300 })]);
    const e = await expectKind(client.getSelf(), 'bad_response');
    assert.equal(e.serverMessage, 'unexpected redirect (HTTP 300); not followed');
  });

  it('an upload answer of null, or with a URL that is not a string, is refused', async () => {
    for (const body of [null, { url: ['https://files.example/x'] }, { url: { toString: 'https://x' } }]) {
      const { client } = make([json(200, body)]);
      const e = await expectKind(client.uploadAttachment({ name: 'f', data: new Uint8Array([1]) }), 'bad_response');
      assert.equal(e.serverMessage, 'the upload answer has no attachment URL');
    }
  });
});
