// Org scale: the store's steady state costs one small request per poll plus a count check every
// 5 minutes; it walks every page again only when the server's count disagrees with what it knows,
// or (when the API gives no count) at most once an hour. The first page reaches the views before
// the walk ends. Fake timers and a fake clock; every test starts its own fake server.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { afterEach, describe, it } from 'node:test';
import { DevinClient } from '../../src/api/client';
import { SessionStore, type StoreChange } from '../../src/sessions/store';
import { COUNT_CHECK_MS, UNCOUNTED_RESYNC_MS } from '../../src/sessions/polling';
import { FakeTimers } from '../support/fakeTimers';
import type { FakeDevin, FakeRequest } from '../fake-devin/server';

const require = createRequire(__filename);
const { createFakeDevin } = require('../fake-devin/server.js') as { createFakeDevin: (o: object) => Promise<FakeDevin> };

let fake: FakeDevin | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const MIN = 60_000;
const HOUR = 60 * MIN;

async function setup(opts: { sessions?: number; total?: string; tags?: string[] } = {}) {
  let now = Date.now();
  const f = (fake = await createFakeDevin({ sessions: 0, lifecycle: 'off', seed: 4, total: opts.total, now: () => Math.floor(now / 1000) * 1000 }));
  if (opts.sessions) f.addSessions(opts.sessions);
  const timers = new FakeTimers();
  const logs: string[] = [];
  const store = new SessionStore({
    createClient: () => new DevinClient({ baseUrl: f.url, orgId: f.orgId, getKey: () => f.key, retryLimit: 0, timeoutMs: 5000 }),
    intervalSec: () => 30,
    maxSessions: () => 1000,
    now: () => now,
    log: (m) => logs.push(m),
    setTimer: timers.set,
    clearTimer: timers.clear,
  });
  if (opts.tags) store.setServerFilter({ tags: opts.tags });
  const changes: StoreChange[] = [];
  store.onDidChange((e) => changes.push(e));
  /** Request log entries stamped with the simulated time they were sent at. */
  const sent: { at: number; r: FakeRequest }[] = [];
  const stamp = () => {
    for (const r of f.requests.slice(sent.length)) sent.push({ at: now, r });
  };
  /** Polls as the timers say for `ms` of simulated time (view visible, window focused). */
  const run = async (ms: number, between?: () => void) => {
    const end = now + ms;
    for (;;) {
      const t = timers.peek();
      if (!t || now + t.ms > end) break;
      timers.take();
      now += t.ms;
      between?.();
      t.fn();
      await new Promise((r) => setImmediate(r));
      while (store.busy) await new Promise((r) => setTimeout(r, 1));
      stamp();
    }
    now = end;
  };
  store.setViewVisible(true);
  await new Promise((r) => setImmediate(r));
  while (store.busy) await new Promise((r) => setTimeout(r, 1));
  stamp();
  return { f, store, timers, changes, logs, sent, run, advance: (ms: number) => (now += ms), now: () => now };
}

const q = (r: FakeRequest, k: string) => (r.query[k] === undefined ? undefined : String(r.query[k]));
const isList = (r: FakeRequest) => r.method === 'GET' && /\/sessions$/.test(r.path);
const isCount = (r: FakeRequest) => isList(r) && q(r, 'first') === '1';
const isIncremental = (r: FakeRequest) => isList(r) && q(r, 'updated_after') !== undefined;
const isWalk = (r: FakeRequest) => isList(r) && !isCount(r) && !isIncremental(r);
/** Full walks: a walk starts with a page request without `after`. */
const walkStarts = (sent: { at: number; r: FakeRequest }[]) => sent.filter((x) => isWalk(x.r) && q(x.r, 'after') === undefined).map((x) => x.at);

describe('store at scale: count checks instead of periodic full walks', () => {
  it('a count check every 5 minutes, one first=1 request; an agreeing count walks no page again', async () => {
    const { store, sent, run, now } = await setup({ sessions: 450 });
    const t0 = now();
    assert.deepEqual(walkStarts(sent), [t0], 'the first load walks every page once');
    await run(2 * HOUR);
    const counts = sent.filter((x) => isCount(x.r)).map((x) => x.at);
    assert.ok(counts.length >= 22 && counts.length <= 24, `about 24 count checks in 2 h, got ${counts.length}`);
    for (let i = 1; i < counts.length; i++) assert.ok(counts[i] - counts[i - 1] >= COUNT_CHECK_MS, 'never more often than every 5 minutes');
    assert.ok(counts[0] - t0 >= COUNT_CHECK_MS && counts[0] - t0 < COUNT_CHECK_MS + 2 * MIN, 'the first one about 5 minutes after the load');
    assert.deepEqual(walkStarts(sent), [t0], 'the count agreed every time: no page was walked again');
    // Every other request is one incremental page.
    const rest = sent.filter((x) => sent.indexOf(x) >= 3 && !isCount(x.r));
    assert.ok(rest.length > 0 && rest.every((x) => isIncremental(x.r) && q(x.r, 'after') === undefined), 'one updated_after request per poll');
    assert.equal(store.size, 450);
    store.dispose();
  });

  it('a session deleted elsewhere: the next count check disagrees, one full walk removes it', async () => {
    const { f, store, sent, run, changes, now } = await setup({ sessions: 30 });
    const victim = store.all()[3].session_id;
    assert.ok(f.removeSession(victim));
    await run(4 * MIN);
    assert.ok(store.get(victim), 'incremental polls cannot see a deletion');
    assert.equal(walkStarts(sent).length, 1);
    await run(2 * MIN);
    assert.equal(store.get(victim), undefined, 'gone after the count check');
    assert.equal(walkStarts(sent).length, 2, 'exactly one more walk');
    assert.ok(changes.some((c) => c.removed.includes(victim)));
    const t = now();
    await run(HOUR);
    assert.equal(walkStarts(sent).length, 2, 'the count agrees again: no more walks');
    assert.ok(now() - t === HOUR);
    store.dispose();
  });

  it('a session moved out of the server filter, and one the polls missed, are caught by the count', async () => {
    const { f, store, sent, run, now } = await setup({ tags: ['ci'] });
    const a = f.addSession({ title: 'A', tags: ['ci'] });
    const b = f.addSession({ title: 'B', tags: ['ci'] });
    await run(5 * MIN + 1);
    assert.ok(store.get(a.session_id) && store.get(b.session_id));
    // A loses the tag: the server's list no longer matches it, and an updated_after poll does not
    // return it either.
    f.patchSession(a.session_id, { tags: [] });
    let walks = walkStarts(sent).length;
    await run(2 * MIN);
    assert.ok(store.get(a.session_id), 'still shown before the count check');
    await run(4 * MIN);
    assert.equal(store.get(a.session_id), undefined, 'the count (1) disagreed with the ids known (2): A left with the walk');
    assert.equal(walkStarts(sent).length, ++walks);
    // C appears with an old updated_at that no updated_after window covers (a missed update).
    const old = Math.floor(now() / 1000) - 86_400;
    const c = f.addSession({ title: 'C', tags: ['ci'], created_at: old, updated_at: old });
    await run(MIN);
    assert.equal(store.get(c.session_id), undefined, 'missed by the incremental poll');
    await run(5 * MIN);
    assert.ok(store.get(c.session_id), 'the count (2) disagreed with the ids known (1): C joined with the walk');
    assert.equal(walkStarts(sent).length, ++walks);
    store.dispose();
  });

  it('the API omits total: no count checks, a full walk once an hour', async () => {
    const { store, sent, run, logs, now } = await setup({ sessions: 450, total: 'omit' });
    const t0 = now();
    await run(3 * HOUR + MIN);
    assert.equal(sent.filter((x) => isCount(x.r)).length, 0, 'no count check without a count');
    const walks = walkStarts(sent);
    assert.equal(walks.length, 4, `the load and one walk per hour: ${walks.map((t) => (t - t0) / MIN)}`);
    for (let i = 1; i < walks.length; i++) {
      assert.ok(walks[i] - walks[i - 1] >= UNCOUNTED_RESYNC_MS && walks[i] - walks[i - 1] < UNCOUNTED_RESYNC_MS + 2 * MIN, 'hourly');
    }
    assert.ok(logs.some((m) => /no total/.test(m)));
    assert.equal(store.size, 450);
    store.dispose();
  });

  it('total: null behaves like an omitted total; a total that never matches the pages falls back to hourly walks', async () => {
    for (const total of ['null', 'inflated'] as const) {
      const { store, sent, run, logs } = await setup({ sessions: 30, total });
      await run(2 * HOUR + MIN);
      const walks = walkStarts(sent).length;
      // null: the load, then hourly (60, 120 min). 'inflated': the first count check (5 min)
      // disagrees, one walk finds the same pages, then an hour after that walk (65 min).
      const expected = 3;
      assert.equal(walks, expected, `${total}: ${walks} walks`);
      assert.equal(sent.filter((x) => isCount(x.r)).length, total === 'null' ? 0 : 1, `${total}: only the count check that found the disagreement`);
      if (total === 'inflated') assert.ok(logs.some((m) => /does not match its pages/.test(m)));
      store.dispose();
      await fake!.close();
      fake = undefined;
    }
  });
});

describe('store at scale: first rows after one page', () => {
  it('the first page reaches the views before the second page is requested; later pages add rows', async () => {
    let now = Date.now();
    const f = (fake = await createFakeDevin({ sessions: 0, lifecycle: 'off', seed: 8, order: 'shuffled' }));
    f.addSessions(650);
    const store = new SessionStore({
      createClient: () => new DevinClient({ baseUrl: f.url, orgId: f.orgId, getKey: () => f.key, retryLimit: 0, timeoutMs: 5000 }),
      intervalSec: () => 30,
      maxSessions: () => 1000,
      now: () => now,
      setTimer: new FakeTimers().set,
      clearTimer: () => {},
    });
    const seen: { size: number; requests: number; reset: boolean; phase: string }[] = [];
    store.onDidChange((e) => seen.push({ size: store.size, requests: f.requests.filter(isList).length, reset: e.reset, phase: store.state.phase }));
    await store.refresh();
    assert.equal(seen[0].reset, true);
    assert.equal(seen[0].size, 200, 'the first event carries the first page');
    assert.equal(seen[0].requests, 1, 'and comes before the second page is asked for');
    // Pages 1, 2, 4, … go out as they arrive (regrouping a large cache log2(pages) times); the
    // rest with the end of the walk.
    assert.deepEqual(seen.map((x) => [x.size, x.requests]), [[200, 1], [400, 2], [650, 4]]);
    assert.ok(seen.slice(1).every((x) => !x.reset), 'later pages are no reset');
    assert.equal(store.size, 650);
    now += 1;
    store.dispose();
  });
});
