import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { afterEach, describe, it } from 'node:test';
import { DevinClient, newerFirst } from '../../src/api/client';
import type { Session } from '../../src/api/types';
import { SessionStore, type StoreChange } from '../../src/sessions/store';
import { FakeTimers } from '../support/fakeTimers';
import { fakeClient, storeOnFake } from '../support/fakeStore';

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
  const store = storeOnFake(fake, { now: () => now, setTimer: timers.set, clearTimer: timers.clear });
  const changes: StoreChange[] = [];
  store.onDidChange((e) => changes.push(e));
  return { store, timers, changes, advance: (ms: number) => (now += ms) };
}

/** Waits until the refresh in flight (started by a timer or an event) has ended. */
async function idle(store: SessionStore): Promise<void> {
  assert.equal(store.busy, true, 'a refresh was started');
  while (store.busy) await new Promise((r) => setTimeout(r, 1));
}

const listRequests = () => fake.requests.filter((r: { path: string; method: string }) => r.method === 'GET' && /\/sessions$/.test(r.path));

describe('session store', () => {
  it('first load pages with first=200 (ceil(N/200) requests); a quiet refresh costs one request and no event', async () => {
    const { store, changes } = await setup({ sessions: 450 });
    await store.refresh();
    assert.equal(store.size, 450);
    assert.equal(listRequests().length, 3);
    assert.ok(listRequests().every((r: { query: Record<string, string[]> }) => String(r.query.first) === '200'));
    // One event per page as it arrives (the first rows show after one page).
    assert.deepEqual(changes.map((c) => [c.reset, c.changed.length]), [[true, 200], [false, 200], [false, 50]]);
    fake.resetRequests();
    await store.refresh();
    assert.equal(listRequests().length, 1);
    assert.ok(listRequests()[0].query.updated_after, 'incremental refresh sends updated_after');
    assert.equal(changes.length, 3, 'nothing changed, no event');
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
    const calls = [store.refresh(), store.refresh(), store.refresh(), store.refresh()];
    assert.equal(calls[1], calls[3], 'the callers during a run share one follow-up');
    // Every call resolves after the follow-up: the first run and one more, nothing else.
    await Promise.all(calls);
    assert.equal(store.busy, false);
    assert.equal(listRequests().length, 2, `requests: ${listRequests().length}`);
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
    await idle(store);
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
    await idle(store);
    assert.equal(listRequests().length, 1, 'one refresh on focus');
    store.dispose();
  });

  it('background refresh (signed in, view never opened): nothing while unfocused; on focus one load, then polls at 2 × interval; off: no poll', async () => {
    const { store, timers } = await setup({ sessions: 3 });
    /** Waits for the refresh in flight (if any) to end: on the store's state, not on a clock. */
    const settled = async () => {
      while (store.busy) await new Promise((r) => setImmediate(r));
    };
    store.setFocused(false);
    store.startInBackground();
    assert.equal(store.busy, false, 'unfocused: no refresh started');
    assert.equal(timers.pending.size, 0);
    store.setFocused(true);
    assert.equal(store.busy, true, 'focus starts the first load');
    await settled();
    assert.equal(listRequests().length, 1, 'one request');
    assert.equal(store.size, 3, 'the status bar and notifications have data');
    assert.deepEqual([...timers.pending.values()].map((t) => t.ms), [60_000], 'the relaxed interval');
    store.setFocused(false);
    assert.equal(timers.pending.size, 0, 'paused while unfocused');
    store.setFocused(true);
    assert.equal(store.busy, true, 'focus again: one refresh');
    await settled();
    assert.equal(listRequests().length, 2);
    store.setBackground(false);
    assert.equal(timers.pending.size, 0, 'devin.backgroundRefresh off: no poll armed while nothing Devin is visible');
    store.setFocused(false);
    store.setFocused(true);
    assert.equal(store.busy, false, 'off: focus brings no request either');
    assert.equal(timers.pending.size, 0);
    store.dispose();
  });

  it('background refresh signed out: no client, no request', async () => {
    fake = await createFakeDevin({ sessions: 3 });
    const timers = new FakeTimers();
    const store = new SessionStore({ createClient: () => undefined, intervalSec: () => 30, maxSessions: () => 1000, setTimer: timers.set, clearTimer: timers.clear });
    store.startInBackground();
    store.setFocused(false);
    store.setFocused(true);
    while (store.busy) await new Promise((r) => setImmediate(r));
    assert.equal(timers.pending.size, 0);
    assert.equal(fake.requests.length, 0);
    store.dispose();
  });

  it('a count check catches sessions deleted elsewhere: one full walk drops them', async () => {
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
      while (store.busy) await new Promise((r) => setTimeout(r, 2));
      requests += fake.requests.length - before;
      assert.ok(timers.pending.size <= 1);
    }
    probe.dispose();
    const hours = simulatedMs / 3_600_000;
    const perHour = requests / hours;
    assert.ok(hours > 1, `simulated ${hours.toFixed(1)} h`);
    // Fastest policy: one refresh per 30 s while working (120/h), each 1 request, plus a count
    // check every 5 minutes (12/h); the count agrees, so no page is walked again.
    assert.ok(perHour <= 120 + 12, `requests per hour ${perHour.toFixed(0)}`);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    assert.equal((store as any)._onDidChange.size, listenersBefore, 'no listener left behind');
    store.dispose();
  });
});

// ---- the user's own actions are not news; archived sessions give no transitions ---------------

/** Transitions a notification would announce: those not explained by the user's own action. */
const news = (changes: StoreChange[]) => changes.flatMap((c) => c.transitions).filter((t) => !t.own);

describe('session store: own actions and archived sessions', () => {
  async function withRunning(n = 6) {
    const ctx = await setup();
    const ids = Array.from({ length: n }, (_, i) => fake.addSession({ title: `S${i}`, status: 'running', status_detail: 'working' }).session_id);
    await ctx.store.refresh();
    ctx.changes.length = 0;
    return { ...ctx, ids };
  }

  it('terminating a session is not announced back, neither from the answer nor from the next polls', async () => {
    const { store, changes, ids, advance } = await withRunning();
    await store.terminate(ids[0], false);
    assert.equal(store.get(ids[0])?.status, 'exit');
    const marked = changes.flatMap((c) => c.transitions);
    assert.deepEqual(marked.map((t) => [t.kind, t.own]), [['finished', 'terminate']], 'the change is seen, and marked as the user\'s');
    assert.deepEqual(news(changes), []);
    advance(11 * 60_000); // a full resync too
    await store.refresh();
    await store.refresh({ full: true });
    assert.deepEqual(news(changes), []);
    store.dispose();
  });

  it('other sessions still notify in the same refresh as the user\'s own terminate', async () => {
    const { store, changes, ids } = await withRunning();
    fake.patchSession(ids[1], { status_detail: 'waiting_for_user' });
    fake.patchSession(ids[2], { status: 'exit', status_detail: null });
    // The poll sees the terminate happen (server side, before the answer) together with the others.
    fake.patchSession(ids[0], { status: 'exit', status_detail: null });
    const terminated = store.terminate(ids[0], false);
    await store.refresh();
    await terminated;
    assert.deepEqual(
      news(changes).map((t) => [t.session.session_id, t.kind]).sort(),
      [[ids[1], 'needsInput'], [ids[2], 'finished']].sort(),
    );
    store.dispose();
  });

  it('a failed terminate leaves nothing behind: the session finishing later is news', async () => {
    const { store, changes, ids } = await withRunning();
    fake.setFault({ status: 503, methods: ['DELETE'], times: 1 });
    await assert.rejects(store.terminate(ids[0], false));
    fake.patchSession(ids[0], { status: 'exit', status_detail: null });
    await store.refresh();
    assert.deepEqual(news(changes).map((t) => [t.session.session_id, t.kind]), [[ids[0], 'finished']]);
    store.dispose();
  });

  it('a slow server: the terminate shows in a later poll (not news); after the window a finish is news again', async () => {
    const { store, changes, ids, advance } = await withRunning();
    // The answer still says "running" (the server stops the session a little later).
    for (const id of [ids[0], ids[1]]) {
      fake.setFault({ status: 200, body: { ...fake.getSession(id) }, methods: ['DELETE'], times: 1 });
      await store.terminate(id, false);
      assert.equal(store.get(id)?.status, 'running');
    }
    advance(60_000);
    fake.patchSession(ids[0], { status: 'exit', status_detail: null });
    await store.refresh();
    assert.deepEqual(news(changes), [], 'within the window: the user\'s own terminate');
    advance(10 * 60_000);
    fake.patchSession(ids[1], { status: 'exit', status_detail: null });
    await store.refresh();
    assert.deepEqual(news(changes).map((t) => [t.session.session_id, t.kind]), [[ids[1], 'finished']], 'past the window: news');
    store.dispose();
  });

  it('archiving is not news; an archived session that keeps running and finishes gives no transition', async () => {
    const { store, changes, ids } = await withRunning();
    await store.archive(ids[0]);
    assert.equal(store.get(ids[0])?.is_archived, true);
    assert.equal(store.get(ids[0])?.status, 'running', 'archiving does not stop a session');
    fake.patchSession(ids[0], { status_detail: 'waiting_for_user' });
    await store.refresh();
    fake.patchSession(ids[0], { status_detail: 'finished', pull_requests: [{ pr_url: 'https://github.com/acme/web-app/pull/9', pr_state: 'open' }] });
    await store.refresh();
    assert.ok(changes.some((c) => c.changed.some((s) => s.session_id === ids[0] && s.status_detail === 'finished')), 'the changes arrive');
    assert.deepEqual(changes.flatMap((c) => c.transitions), [], 'but give no transition at all');
    store.dispose();
  });

  it('a session archived elsewhere and finished in the same poll gives no transition', async () => {
    const { store, changes, ids } = await withRunning();
    fake.patchSession(ids[0], { is_archived: true, status: 'exit', status_detail: null, pull_requests: [{ pr_url: 'https://github.com/acme/web-app/pull/10', pr_state: 'open' }] });
    fake.patchSession(ids[1], { status: 'error', status_detail: null });
    await store.refresh();
    assert.deepEqual(changes.flatMap((c) => c.transitions).map((t) => [t.session.session_id, t.kind]), [[ids[1], 'failed']]);
    store.dispose();
  });

  it('terminate and archive at once gives no transition', async () => {
    const { store, changes, ids } = await withRunning();
    const s = await store.terminate(ids[0], true);
    assert.equal(s.is_archived, true);
    assert.deepEqual(changes.flatMap((c) => c.transitions), []);
    store.dispose();
  });

  it('a message is not news, but Devin finishing after it is', async () => {
    const { store, changes, ids } = await withRunning();
    fake.patchSession(ids[0], { status_detail: 'waiting_for_user' });
    await store.refresh();
    changes.length = 0;
    await store.sendMessage(ids[0], 'Yes, go ahead');
    await store.refresh();
    assert.deepEqual(news(changes), []);
    fake.patchSession(ids[0], { status_detail: 'finished' });
    await store.refresh();
    assert.deepEqual(news(changes).map((t) => t.kind), ['finished']);
    store.dispose();
  });
});

describe('session store: state after sign-out', () => {
  it('signing out mid-refresh leaves no stale flag: signed out, not busy, no refresh result applied', async () => {
    fake = await createFakeDevin({ sessions: 5 });
    let signedIn = true;
    const store = storeOnFake(fake, { createClient: () => (signedIn ? fakeClient(fake) : undefined) });
    // The request is sent when refresh() returns; the server answers after the sign-out below.
    fake.setFault({ delayMs: 150 });
    const running = store.refresh();
    assert.equal(store.busy, true);
    signedIn = false;
    store.reset();
    await running;
    assert.deepEqual(store.state, { phase: 'signedOut', truncated: false, error: undefined });
    assert.equal(store.busy, false);
    assert.equal(store.size, 0, 'the answer that came after sign-out is dropped');
    store.dispose();
  });
});

// ---- filters, bounds and ids hold whatever the server does ----------------------------------

function boundedStore(maxSessions: number) {
  const store = storeOnFake(fake, { createClient: () => fakeClient(fake, 5000), maxSessions: () => maxSessions });
  const changes: StoreChange[] = [];
  store.onDidChange((e) => changes.push(e));
  return { store, changes };
}

describe('session store: the tag filter means every chosen tag', () => {
  for (const tagMatch of ['any', 'all'] as const) {
    it(`holds with a server whose tags filter matches ${tagMatch} of them`, async () => {
      fake = await createFakeDevin({ sessions: 0, tagMatch });
      const both = fake.addSession({ title: 'both', tags: ['payments', 'flaky-test', 'x'] }).session_id;
      fake.addSession({ title: 'one', tags: ['payments'] });
      fake.addSession({ title: 'other', tags: ['flaky-test'] });
      fake.addSession({ title: 'none', tags: [] });
      const { store, changes } = boundedStore(1000);
      store.setServerFilter({ tags: ['payments', 'flaky-test'] });
      await store.refresh();
      assert.deepEqual(store.all().map((s) => s.session_id), [both]);
      const sent = listRequests().at(-1).query.tags;
      assert.deepEqual(sent, ['payments', 'flaky-test'], 'the tags still go to the server (it narrows the pages)');
      // A session that loses one of the tags leaves the list (at the latest at the next full
      // resync: like a deletion, a server that matches every tag no longer lists it at all).
      fake.patchSession(both, { tags: ['payments'] });
      await store.refresh({ full: true });
      assert.equal(store.size, 0);
      assert.deepEqual(changes.at(-1)!.removed, [both]);
      store.dispose();
    });
  }
});

describe('session store: devin.maxSessions keeps the most recently updated, in any page order', () => {
  for (const order of ['newest', 'shuffled'] as const) {
    it(`650 sessions, bound 400, pages in ${order} order: the 400 newest; Load More brings the rest`, async () => {
      fake = await createFakeDevin({ sessions: 650, order, seed: 11 });
      const newest = [...fake.store.sessions.values()]
        .sort((a: Session, b: Session) => newerFirst(a, b))
        .map((s: Session) => s.session_id);
      const { store } = boundedStore(400);
      await store.refresh();
      assert.equal(store.state.truncated, true);
      assert.deepEqual(store.all().map((s) => s.session_id).sort(), newest.slice(0, 400).sort());
      // A session updated now joins, and the oldest kept one leaves (the bound holds).
      const old = newest[500];
      fake.patchSession(old, { title: 'touched just now' });
      await store.refresh();
      assert.equal(store.size, 400);
      assert.ok(store.get(old), 'the freshly updated session is in');
      assert.equal(store.get(newest[399]), undefined, 'the oldest of the 400 made room');
      await store.loadMore();
      assert.equal(store.size, 650);
      assert.equal(store.state.truncated, false);
      store.dispose();
    });
  }
});

describe('session store: session ids with or without devin-', () => {
  for (const sessionIds of ['bare', 'mixed'] as const) {
    it(`a server answering ${sessionIds} ids: one entry per session, actions reach it, either form finds it`, async () => {
      fake = await createFakeDevin({ sessions: 5, sessionIds });
      const raw = await (await fetch(`${fake.url}/v3/organizations/${fake.orgId}/sessions`, { headers: { authorization: `Bearer ${fake.key}` } })).json();
      assert.ok(raw.items.every((s: Session) => !s.session_id.startsWith('devin-')), 'the fake lists bare ids');
      const { store, changes } = boundedStore(1000);
      await store.refresh();
      assert.equal(store.size, 5);
      const s = store.all()[0];
      assert.match(s.session_id, /^devin-[0-9a-f]{32}$/, 'kept in one form');
      const bare = s.session_id.slice('devin-'.length);
      assert.equal(store.get(bare), s);
      assert.equal(store.get(s.session_id), s);
      await store.sendMessage(bare, 'hello');
      await store.terminate(bare, false);
      const paths = fake.requests.filter((r: { method: string }) => r.method !== 'GET').map((r: { path: string }) => r.path);
      assert.deepEqual(paths, [`/v3/organizations/${fake.orgId}/sessions/${s.session_id}/messages`, `/v3/organizations/${fake.orgId}/sessions/${s.session_id}`]);
      await store.refresh({ full: true });
      assert.equal(store.size, 5, 'the action answers merged into the same entry');
      assert.equal(store.get(bare)?.status, 'exit');
      assert.ok(changes.every((c) => c.changed.every((x) => x.session_id.startsWith('devin-')) && c.removed.length === 0));
      store.dispose();
    });
  }
});
