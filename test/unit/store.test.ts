import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { afterEach, describe, it } from 'node:test';
import { DevinClient } from '../../src/api/client';
import { SessionStore, type StoreChange } from '../../src/sessions/store';
import { FakeTimers } from '../support/fakeTimers';

const require = createRequire(__filename);
const { createFakeDevin } = require('../fake-devin/server.js');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let fake: any;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(opts: Record<string, unknown> = {}) {
  fake = await createFakeDevin({ sessions: 0, ...opts });
  const timers = new FakeTimers();
  let now = Date.now();
  const store = new SessionStore({
    createClient: () => new DevinClient({ baseUrl: fake.url, orgId: fake.orgId, getKey: () => fake.key, retryLimit: 0, timeoutMs: 2000 }),
    intervalSec: () => 30,
    maxSessions: () => 1000,
    now: () => now,
    setTimer: timers.set,
    clearTimer: timers.clear,
  });
  const changes: StoreChange[] = [];
  store.onDidChange((e) => changes.push(e));
  return { store, timers, changes, advance: (ms: number) => (now += ms) };
}

const listRequests = () => fake.requests.filter((r: { path: string; method: string }) => r.method === 'GET' && /\/sessions$/.test(r.path));

describe('session store', () => {
  it('first load pages with first=200 (ceil(N/200) requests); a quiet refresh costs one request and no event', async () => {
    const { store, changes } = await setup({ sessions: 450 });
    await store.refresh();
    assert.equal(store.size, 450);
    assert.equal(listRequests().length, 3);
    assert.ok(listRequests().every((r: { query: Record<string, string[]> }) => String(r.query.first) === '200'));
    assert.equal(changes.length, 1);
    assert.equal(changes[0].reset, true);
    fake.resetRequests();
    await store.refresh();
    assert.equal(listRequests().length, 1);
    assert.ok(listRequests()[0].query.updated_after, 'incremental refresh sends updated_after');
    assert.equal(changes.length, 1, 'nothing changed, no event');
    store.dispose();
  });

  it('merges one changed session into one change event with its transition', async () => {
    const { store, changes } = await setup({ sessions: 30 });
    await store.refresh();
    const target = store.all().find((s) => s.status === 'running' && s.status_detail === 'working');
    assert.ok(target);
    fake.patchSession(target.session_id, { status_detail: 'waiting_for_user' });
    await store.refresh();
    const last = changes.at(-1)!;
    assert.deepEqual(last.changed.map((s) => s.session_id), [target.session_id]);
    assert.deepEqual(last.transitions.map((t) => t.kind), ['needsInput']);
    assert.equal(store.get(target.session_id)?.status_detail, 'waiting_for_user');
    store.dispose();
  });

  it('never runs two refreshes at once: concurrent calls collapse into one more run', async () => {
    const { store } = await setup({ sessions: 5 });
    await store.refresh();
    fake.resetRequests();
    fake.setFault({ delayMs: 150 });
    await Promise.all([store.refresh(), store.refresh(), store.refresh(), store.refresh()]);
    // wait for the queued follow-up
    await new Promise((r) => setTimeout(r, 400));
    assert.ok(listRequests().length <= 2, `requests: ${listRequests().length}`);
    store.dispose();
  });

  it('keeps the last good data when the server fails, then recovers by itself', async () => {
    const { store, timers } = await setup({ sessions: 12 });
    store.setViewVisible(true);
    await store.refresh();
    const good = store.state.lastSuccess;
    fake.setOffline(true);
    await store.refresh();
    assert.equal(store.state.phase, 'error');
    assert.equal(store.state.error?.kind, 'offline');
    assert.equal(store.size, 12, 'last data kept');
    assert.equal(store.state.lastSuccess, good);
    const delay = timers.peek()?.ms;
    assert.ok(delay && delay >= 60_000, `backs off after an error (${delay})`);
    fake.setOffline(false);
    timers.fire();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(store.state.phase, 'ready');
    assert.equal(store.state.error, undefined);
    store.dispose();
  });

  it('arms no timer while the window is unfocused and the view hidden; refreshes on focus', async () => {
    const { store, timers } = await setup({ sessions: 3 });
    store.setViewVisible(true);
    await store.refresh();
    assert.equal(timers.pending.size, 1);
    store.setViewVisible(false);
    store.setFocused(false);
    assert.equal(timers.pending.size, 0);
    fake.resetRequests();
    store.setFocused(true);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(listRequests().length, 1, 'one refresh on focus');
    store.dispose();
  });

  it('a periodic full resync drops sessions deleted elsewhere', async () => {
    const { store, advance, changes } = await setup({ sessions: 6 });
    await store.refresh();
    const victim = store.all()[0].session_id;
    fake.store.sessions.delete(victim);
    fake.patchSession(store.all()[1].session_id, { title: 'touched' });
    await store.refresh();
    assert.ok(store.get(victim), 'an incremental refresh cannot see deletions');
    advance(11 * 60_000);
    await store.refresh();
    assert.equal(store.get(victim), undefined);
    assert.deepEqual(changes.at(-1)!.removed, [victim]);
    store.dispose();
  });

  it('stops the first load at the bound and loads more on demand', async () => {
    fake = await createFakeDevin({ sessions: 0 });
    fake.addSessions(650);
    const store = new SessionStore({
      createClient: () => new DevinClient({ baseUrl: fake.url, orgId: fake.orgId, getKey: () => fake.key }),
      intervalSec: () => 30,
      maxSessions: () => 400,
      setTimer: () => 0,
      clearTimer: () => undefined,
    });
    await store.refresh();
    assert.equal(store.size, 400);
    assert.equal(store.state.truncated, true);
    await store.loadMore();
    assert.equal(store.size, 650);
    assert.equal(store.state.truncated, false);
    store.dispose();
  });

  it('an action result shows at once without waiting for a poll', async () => {
    const { store, changes } = await setup({ sessions: 2 });
    await store.refresh();
    const created = await store.create({ prompt: 'Write docs', tags: ['docs'] });
    assert.ok(store.get(created.session_id));
    assert.deepEqual(changes.at(-1)!.changed.map((s) => s.session_id), [created.session_id]);
    const posts = fake.requests.filter((r: { method: string }) => r.method === 'POST');
    assert.equal(posts.length, 1);
    store.dispose();
  });

  it('a failed create is not retried', async () => {
    const { store } = await setup({ sessions: 1 });
    await store.refresh();
    fake.setFault({ status: 503, methods: ['POST'] });
    await assert.rejects(store.create({ prompt: 'x' }), (e: { kind: string }) => e.kind === 'server');
    assert.equal(fake.requests.filter((r: { method: string }) => r.method === 'POST').length, 1);
    store.dispose();
  });

  it('long run: hours of polling with changing sessions keep listeners and timers flat', async () => {
    const { store, timers, advance } = await setup({ sessions: 40 });
    store.setViewVisible(true);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const listenersBefore = (store as any)._onDidChange.size;
    const probe = store.onDidChange(() => undefined);
    await store.refresh();
    let requests = 0;
    let simulatedMs = 0;
    for (let i = 0; i < 300; i++) {
      if (i % 5 === 0) fake.advance();
      const ms = timers.peek()?.ms ?? 0;
      assert.ok(ms >= 5_000, 'never faster than the floor');
      simulatedMs += ms;
      advance(ms);
      const before = fake.requests.length;
      timers.fire();
      await new Promise((r) => setImmediate(r));
      while (store.state.refreshing) await new Promise((r) => setTimeout(r, 2));
      requests += fake.requests.length - before;
      assert.ok(timers.pending.size <= 1);
    }
    probe.dispose();
    const hours = simulatedMs / 3_600_000;
    const perHour = requests / hours;
    assert.ok(hours > 1, `simulated ${hours.toFixed(1)} h`);
    // Fastest policy: one refresh per 15 s while working (240/h), each 1 request (+ a 2-page full resync).
    assert.ok(perHour <= 260, `requests per hour ${perHour.toFixed(0)}`);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    assert.equal((store as any)._onDidChange.size, listenersBefore, 'no listener left behind');
    store.dispose();
  });
});
