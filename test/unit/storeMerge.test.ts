// The store's merge never goes back in time: an older copy of a session (a slow answer, a lagging
// replica, a stale action result) never replaces a newer one, while a same-second update does.
// Every test starts its own fake server and closes it.
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

async function setup(sessions: number) {
  fake = await createFakeDevin({ sessions, lifecycle: 'off' });
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
  const added = fake.patchSession(undefined, { status: 'running', status_detail: 'working', title: 'merge target', is_archived: false });
  await store.refresh();
  const target = store.get(added.session_id);
  assert.ok(target && target.status === 'running' && target.status_detail === 'working', 'a working session to play with');
  return { store, changes, target, advance: (ms: number) => (now += ms) };
}

describe('store merge: never back in time', () => {
  it('an older copy from an action result is ignored: no change, no event, no transition', async () => {
    const { store, changes, target } = await setup(12);
    const before = changes.length;
    store.upsert({ ...target, status: 'exit', status_detail: 'finished', updated_at: target.updated_at - 60 });
    assert.equal(store.get(target.session_id)?.status, 'running');
    assert.equal(store.get(target.session_id)?.updated_at, target.updated_at);
    assert.equal(changes.length, before, 'no change event for a stale copy');
    store.dispose();
  });

  it('a same-second update is applied (updated_at has a one-second grain)', async () => {
    const { store, changes, target } = await setup(12);
    store.upsert({ ...target, status_detail: 'waiting_for_user' });
    assert.equal(store.get(target.session_id)?.status_detail, 'waiting_for_user');
    const last = changes.at(-1)!;
    assert.deepEqual(last.changed.map((s) => s.session_id), [target.session_id]);
    assert.deepEqual(last.transitions.map((t) => t.kind), ['needsInput']);
    store.dispose();
  });

  it('a newer copy is applied', async () => {
    const { store, target } = await setup(12);
    store.upsert({ ...target, title: 'renamed', updated_at: target.updated_at + 5 });
    assert.equal(store.get(target.session_id)?.title, 'renamed');
    store.dispose();
  });

  it('a full resync that returns an older copy does not undo a newer one', async () => {
    const { store, changes, target, advance } = await setup(12);
    // The user's action result is newer than what the server lists a moment later.
    store.upsert({ ...target, status_detail: 'waiting_for_user', updated_at: target.updated_at + 30 });
    fake.patchSession(target.session_id, { status_detail: 'working', updated_at: target.updated_at });
    const events = changes.length;
    advance(1000);
    await store.refresh({ full: true });
    assert.equal(store.get(target.session_id)?.status_detail, 'waiting_for_user');
    assert.equal(store.get(target.session_id)?.updated_at, target.updated_at + 30);
    assert.ok(store.get(target.session_id), 'listed, so kept');
    assert.ok(changes.slice(events).every((c) => !c.changed.some((s) => s.session_id === target.session_id)), 'no event moves it back');
    store.dispose();
  });
});
