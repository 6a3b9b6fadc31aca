// What a day of polling must not pile up, counted in a heap snapshot of this process (issue 17:
// the heap stays flat over a simulated day, bench/memory.ts). Each change of a session brings a
// new copy of it from the API; the store and the tree must keep one copy of what they key it by,
// however often it changes, and their maps must not grow by changes that add no session.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import type { Session } from '../../src/api/types';
import { HeapSnapshot } from '../support/heapSnapshot';

const require = createRequire(__filename);
require('../support/vscode-stub.cjs');
const { SessionStore } = require('../../src/sessions/store') as typeof import('../../src/sessions/store');
const { SessionsTreeProvider } = require('../../src/views/sessionsTree') as typeof import('../../src/views/sessionsTree');
const { normalizeSession } = require('../../src/api/normalize') as typeof import('../../src/api/normalize');

const T = 1_800_000_000;
/** Ids only this file makes: `devin-feedface` and 24 hex digits. */
const MARK = 'feedface';
const isTestId = (text: string) => text.length === 38 && text.startsWith(`devin-${MARK}`);

/**
 * Session `i` as the client hands it over: parsed from an answer's JSON text (every answer
 * brings its own strings) and normalized. Built from numbers, so the test holds no id string.
 */
function answer(i: number, version: number): Session {
  const text = JSON.stringify({
    session_id: `devin-${MARK}${i.toString(16).padStart(24, '0')}`,
    status: 'running',
    status_detail: version % 2 ? 'waiting_for_user' : 'working',
    title: `Task ${i}`,
    tags: [],
    pull_requests: [],
    created_at: T,
    updated_at: T + version,
    acus_consumed: 0,
    org_id: 'org-x',
  });
  return normalizeSession(JSON.parse(text))!;
}

function emptyStore(max = 1000) {
  return new SessionStore({
    createClient: () => undefined,
    intervalSec: () => 30,
    maxSessions: () => max,
    setTimer: () => 0,
    clearTimer: () => undefined,
  });
}

const K = 20;

describe('memory over many changes (heap snapshot counts)', () => {
  it('the store keeps one copy of a session id string, however often the session changes', async () => {
    const store = emptyStore();
    for (let i = 0; i < K; i++) store.upsert(answer(i, 0));
    for (let v = 1; v <= 3; v++) for (let i = 0; i < K; i++) store.upsert(answer(i, v));
    assert.equal(store.size, K);
    // The engine keeps the last string a regular expression ran on (RegExp.lastMatch): an id, here.
    /x/.test('x');
    const snap = await HeapSnapshot.take();
    // The map's key and the cached session share one string; before, every session that had
    // changed held a second copy of its id (the key kept the first answer's).
    assert.equal(snap.countStrings(isTestId), K);
    assert.equal(store.get(answer(0, 0).session_id)?.status_detail, 'waiting_for_user', 'the last answer is the one kept');
    store.dispose();
  });

  it("the tree's map of placed sessions keeps its table when sessions change state (no hole per change)", async () => {
    const store = emptyStore();
    const tree = new SessionsTreeProvider(store, () => ({ showArchived: false }), () => T * 1000);
    for (let i = 0; i < K; i++) store.upsert(answer(i, 0));
    const before = (await HeapSnapshot.take()).tableBytes('SessionsTreeProvider', 'placed');
    assert.equal(before.length, 1, 'one tree, one placed map');
    // Every session moves between Working and Needs your input twice: 40 changes over 20 entries.
    for (let v = 1; v <= 2; v++) for (let i = 0; i < K; i++) store.upsert(answer(i, v));
    const after = (await HeapSnapshot.take()).tableBytes('SessionsTreeProvider', 'placed');
    // A delete and a new set per change left a hole each time, and V8 doubles a map's table when
    // entries and holes fill it (20 entries: 32 slots, doubled after 12 changes).
    assert.deepEqual(after, before);
    const rows = tree.getChildren().flatMap((g) => tree.getChildren(g)).filter((n) => n.kind === 'session');
    assert.equal(rows.length, K, 'every session still has its row');
    tree.dispose();
    store.dispose();
  });

  it('a session that leaves the tree (archived, or out of the bound) leaves its map: no row has it for a parent', async () => {
    const store = emptyStore(K);
    const tree = new SessionsTreeProvider(store, () => ({ showArchived: false }), () => T * 1000);
    for (let i = 0; i < K; i++) store.upsert(answer(i, 0));
    const rows = () => tree.getChildren().flatMap((g) => tree.getChildren(g)).filter((n) => n.kind === 'session');
    const node = (i: number) => rows().find((n) => n.kind === 'session' && n.sessionId === answer(i, 0).session_id)!;
    const archived = node(3);
    // Same update time for all: the order falls to the id, and the last id sorts last.
    const oldest = node(K - 1);
    assert.ok(tree.getParent(archived) && tree.getParent(oldest), 'both rows are in a group');
    store.upsert({ ...answer(3, 1), is_archived: true });
    assert.equal(tree.getParent(archived), undefined, 'archived: hidden, so in no group');
    // A newer session at the bound (K sessions): the one that sorts last leaves.
    store.upsert(answer(K, 2));
    assert.equal(store.get(answer(K - 1, 0).session_id), undefined);
    assert.equal(tree.getParent(oldest), undefined, 'dropped by the bound: in no group');
    assert.equal(rows().length, K - 1);
    tree.dispose();
    store.dispose();
  });
});
