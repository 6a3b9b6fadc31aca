// The store's bound (devin.maxSessions): which sessions leave when more arrive than it keeps, and
// that an unchanged session listed again keeps its cached object (views hold the objects they got).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newerFirst, type DevinClient } from '../../src/api/client';
import type { Session } from '../../src/api/types';
import { normalizeSession } from '../../src/api/normalize';
import { oldest, SessionStore, type StoreChange } from '../../src/sessions/store';

function session(i: number, updated: number, created = 1_700_000_000 + (i % 5), extra: Record<string, unknown> = {}): Session {
  return normalizeSession({ session_id: `devin-${String(i).padStart(6, '0')}`, status: 'exit', title: `S${i}`, created_at: created, updated_at: updated, tags: [], pull_requests: [], acus_consumed: 0, org_id: 'org-x', ...extra })!;
}

describe('store bound', () => {
  it('oldest(k) picks the same sessions as a full sort, ties included', () => {
    let seed = 3;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let round = 0; round < 40; round++) {
      const list = Array.from({ length: 50 + rand(300) }, (_, i) => session(i, 1_700_000_000 + rand(40), 1_700_000_000 + rand(3)));
      for (const k of [0, 1, 2, 7, 64, 65, 200]) {
        const want = [...list].sort(newerFirst).slice(list.length - Math.min(k, list.length)).map((s) => s.session_id);
        assert.deepEqual(oldest(list, k).map((s) => s.session_id), k === 0 ? [] : want, `round ${round}, k ${k}`);
      }
    }
  });

  it('at the bound, new sessions push the oldest out and the views hear of each removal', async () => {
    let items = Array.from({ length: 10 }, (_, i) => session(i, 1_700_000_100 + i));
    const client = { listNewestSessions: async () => ({ items, truncated: false, total: items.length, requests: 1, cursorRepeated: false, seen: new Set(items.map((s) => s.session_id)) }) } as unknown as DevinClient;
    const store = new SessionStore({ createClient: () => client, intervalSec: () => 30, maxSessions: () => 8, now: () => 1_700_000_200_000, setTimer: () => 0, clearTimer: () => undefined });
    await store.refresh();
    assert.deepEqual(store.all().map((s) => s.session_id).sort(), items.slice(2).map((s) => s.session_id));
    assert.equal(store.state.truncated, true);
    const events: StoreChange[] = [];
    store.onDidChange((e) => events.push(e));
    store.upsert(session(20, 1_700_000_150));
    assert.deepEqual(events.map((e) => e.removed), [['devin-000002']]);
    assert.equal(store.size, 8);
    store.dispose();
    items = [];
  });

  it('a session listed again unchanged keeps its cached object; any other difference replaces it', async () => {
    const a = session(1, 1_700_000_100);
    const client = { listNewestSessions: async () => ({ items: [a], truncated: false, total: 1, requests: 1, cursorRepeated: false, seen: new Set([a.session_id]) }) } as unknown as DevinClient;
    const store = new SessionStore({ createClient: () => client, intervalSec: () => 30, maxSessions: () => 100, now: () => 1_700_000_200_000, setTimer: () => 0, clearTimer: () => undefined });
    await store.refresh();
    const events: StoreChange[] = [];
    store.onDidChange((e) => events.push(e));
    store.upsert(session(1, 1_700_000_100));
    assert.equal(store.get(a.session_id), a, 'the same object');
    assert.equal(events.length, 0, 'no event');
    const b = session(1, 1_700_000_100, undefined, { structured_output: { done: true } });
    store.upsert(b);
    assert.equal(store.get(a.session_id), b);
    assert.deepEqual(events.map((e) => e.changed), [[b]]);
    store.dispose();
  });
});
