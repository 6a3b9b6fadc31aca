// Fault matrix at the store level: for each fault the store keeps the last good data, reports one
// clear error, bounds its requests and recovers by itself when the fault ends.
// docs/reliability.md lists these tests next to the e2e scenarios.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { afterEach, describe, it } from 'node:test';
import { DevinClient } from '../../src/api/client';
import { DevinApiError } from '../../src/api/errors';
import { buildGroups } from '../../src/sessions/model';
import { SessionStore } from '../../src/sessions/store';

const require = createRequire(__filename);
const { createFakeDevin } = require('../fake-devin/server.js');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let fake: any;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** `timeoutMs` may be a function: it is read each time the store builds its client (first refresh, reset). */
function makeStore(opts: { timeoutMs?: number | (() => number); retryLimit?: number; fetch?: typeof fetch } = {}) {
  let timer: { fn: () => void; ms: number } | undefined;
  const store = new SessionStore({
    createClient: () =>
      new DevinClient({
        baseUrl: fake.url,
        orgId: fake.orgId,
        getKey: () => fake.key,
        timeoutMs: typeof opts.timeoutMs === 'function' ? opts.timeoutMs() : (opts.timeoutMs ?? 3000),
        retryLimit: opts.retryLimit ?? 2,
        backoffLimitMs: 20,
        maxRetryAfterMs: 1500,
        fetch: opts.fetch,
      }),
    intervalSec: () => 30,
    maxSessions: () => 20000,
    setTimer: (fn, ms) => (timer = { fn, ms }),
    clearTimer: () => (timer = undefined),
  });
  return { store, nextDelay: () => timer?.ms };
}

const apiRequests = () => fake.requests.length as number;

interface Case {
  name: string;
  fault: Record<string, unknown>;
  kind: DevinApiError['kind'];
  /** Most requests one failed refresh may cost (GET retries included). */
  maxRequests: number;
}

const cases: Case[] = [
  { name: '401 mid-session (key revoked)', fault: { status: 401 }, kind: 'unauthorized', maxRequests: 1 },
  { name: '403 missing permission', fault: { status: 403 }, kind: 'forbidden', maxRequests: 1 },
  { name: '404 org', fault: { status: 404 }, kind: 'not_found', maxRequests: 1 },
  { name: '429 with Retry-After', fault: { status: 429, retryAfter: 1 }, kind: 'rate_limited', maxRequests: 3 },
  { name: '429 storm without Retry-After', fault: { status: 429 }, kind: 'rate_limited', maxRequests: 3 },
  { name: '429 with a Retry-After too long to wait', fault: { status: 429, retryAfter: 120 }, kind: 'rate_limited', maxRequests: 1 },
  { name: '500', fault: { status: 500 }, kind: 'server', maxRequests: 3 },
  { name: '502', fault: { status: 502 }, kind: 'server', maxRequests: 3 },
  { name: '503', fault: { status: 503 }, kind: 'server', maxRequests: 3 },
  { name: 'malformed JSON', fault: { malformedJson: true }, kind: 'bad_response', maxRequests: 1 },
  { name: 'HTML error page (200)', fault: { htmlError: true, status: 200 }, kind: 'bad_response', maxRequests: 1 },
  { name: 'HTML error page (502)', fault: { htmlError: true }, kind: 'server', maxRequests: 3 },
  { name: 'empty body', fault: { emptyBody: true }, kind: 'bad_response', maxRequests: 1 },
  { name: 'connection closed', fault: { closeConnection: true }, kind: 'offline', maxRequests: 3 },
];

describe('fault matrix (store)', () => {
  for (const c of cases) {
    it(`${c.name}: keeps data, one clear error, bounded requests, recovers`, async () => {
      fake = await createFakeDevin({ sessions: 25 });
      const { store, nextDelay } = makeStore();
      store.setViewVisible(true);
      await store.refresh();
      assert.equal(store.state.phase, 'ready');
      const before = store.all().map((s) => s.session_id).sort();
      fake.setFault(c.fault);
      fake.resetRequests();
      await store.refresh();
      assert.equal(store.state.phase, 'error');
      assert.equal(store.state.error?.kind, c.kind);
      assert.ok(store.state.error!.message.length > 20, 'a sentence, not a code');
      assert.ok(!store.state.error!.message.includes(fake.key));
      assert.ok(apiRequests() <= c.maxRequests, `${apiRequests()} requests`);
      assert.deepEqual(store.all().map((s) => s.session_id).sort(), before, 'last good data kept');
      const delay = nextDelay();
      assert.ok(delay !== undefined && delay >= 60_000, `next poll backs off (${delay})`);
      if (c.fault.retryAfter === 120) assert.ok(delay! >= 120_000, 'honours Retry-After');
      fake.setFault(null);
      await store.refresh();
      assert.equal(store.state.phase, 'ready');
      assert.equal(store.state.error, undefined);
      store.dispose();
    });
  }

  it('connection refused (server down), then back on the same port', async () => {
    fake = await createFakeDevin({ sessions: 5 });
    const { store } = makeStore();
    await store.refresh();
    fake.setOffline(true);
    await store.refresh();
    assert.equal(store.state.error?.kind, 'offline');
    assert.equal(store.size, 5);
    fake.setOffline(false);
    await store.refresh();
    assert.equal(store.state.phase, 'ready');
    store.dispose();
  });

  it('very slow replies past the timeout fail as a timeout, without retries', async () => {
    // A 200 ms timeout while replies take 2 s (timers of one process fire in order, so the timeout
    // comes first). Retries are counted as the client's own fetch calls: on a loaded machine the
    // client may give up before the server has read the request. A normal reply is then read by a
    // client with a 3 s timeout.
    fake = await createFakeDevin({ sessions: 3 });
    let timeoutMs = 200;
    let fetches = 0;
    const counted: typeof fetch = (input, init) => {
      fetches++;
      return fetch(input, init);
    };
    const { store } = makeStore({ timeoutMs: () => timeoutMs, fetch: counted });
    fake.setFault({ delayMs: 2000 });
    await store.refresh();
    assert.equal(store.state.error?.kind, 'timeout');
    assert.equal(fetches, 1, 'one request, no retry');
    fake.setFault(null);
    timeoutMs = 3000;
    store.reset();
    await store.refresh();
    assert.equal(store.state.phase, 'ready');
    assert.equal(store.size, 3);
    store.dispose();
  });

  it('a cursor that repeats does not loop forever, and its short list is not read as deletions', async () => {
    fake = await createFakeDevin({ sessions: 0 });
    fake.addSessions(450);
    const { store } = makeStore();
    await store.refresh();
    assert.equal(store.size, 450);
    fake.setFault({ repeatCursor: true });
    fake.resetRequests();
    await store.refresh({ full: true });
    assert.ok(fake.requests.length <= 3, `${fake.requests.length} requests`);
    assert.equal(store.size, 450, 'nothing dropped');
    store.dispose();
  });

  it('10,000 sessions: first load in ceil(N/200) requests, grouped without loss', async () => {
    fake = await createFakeDevin({ sessions: 0 });
    fake.addSessions(10_000);
    const { store } = makeStore();
    await store.refresh();
    assert.equal(store.size, 10_000);
    assert.equal(fake.requests.length, 50);
    const grouped = buildGroups(store.all(), { showArchived: true }).reduce((n, g) => n + g.sessions.length, 0);
    assert.equal(grouped, 10_000);
    store.dispose();
  });

  it('sessions with nulls and unknown enum values are kept and grouped', async () => {
    fake = await createFakeDevin({ sessions: 3, hostile: true });
    const { store } = makeStore();
    await store.refresh();
    assert.equal(store.state.phase, 'ready');
    const groups = buildGroups(store.all(), { showArchived: true });
    const total = groups.reduce((n, g) => n + g.sessions.length, 0);
    assert.equal(total, store.size);
    assert.ok(groups.some((g) => g.id === 'other'), 'unknown statuses land in Other');
    store.dispose();
  });

  it('404 for a session deleted elsewhere removes it from the cache', async () => {
    fake = await createFakeDevin({ sessions: 4 });
    const { store } = makeStore();
    await store.refresh();
    const id = store.all()[0].session_id;
    fake.store.sessions.delete(id);
    await assert.rejects(store.refreshSession(id), (e: DevinApiError) => e.kind === 'not_found' && /session/.test(e.message));
    assert.equal(store.get(id), undefined);
    store.dispose();
  });

  it('422 with several detail entries reports each field; the POST is sent once', async () => {
    fake = await createFakeDevin({ sessions: 1 });
    const { store } = makeStore();
    await store.refresh();
    fake.resetRequests();
    await assert.rejects(
      store.create({ prompt: 'x', max_acu_limit: -5, tags: 'oops' as unknown as string[] }),
      (e: DevinApiError) => e.kind === 'validation' && e.fieldErrors.length >= 2,
    );
    assert.equal(fake.requests.filter((r: { method: string }) => r.method === 'POST').length, 1);
    store.dispose();
  });

  it('a 1 MB message arrives whole through the messages endpoint', async () => {
    fake = await createFakeDevin({ sessions: 1 });
    const { store } = makeStore();
    await store.refresh();
    const id = store.all()[0].session_id;
    fake.addMessage(id, 'x'.repeat(1024 * 1024));
    const page = await store.requireApi().listMessages(id, { first: 200 });
    assert.ok(page.items.some((m) => m.message.length === 1024 * 1024));
    store.dispose();
  });
});
