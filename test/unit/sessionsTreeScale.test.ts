// The Sessions tree at scale: groups show their newest sessions one chunk at a time with an
// "N more…" row; during the first load rows appear after one page and later pages never move the
// rows already shown (one sort, newest first, when the walk ends). Runs on the vscode stub.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import type { DevinClient, NewestOptions } from '../../src/api/client';
import type { Session } from '../../src/api/types';
import type { Node } from '../../src/views/sessionsTree';

const require = createRequire(__filename);
require('../support/vscode-stub.cjs');
const { SessionStore } = require('../../src/sessions/store') as typeof import('../../src/sessions/store');
const { SessionsTreeProvider, GROUP_CHUNK } = require('../../src/views/sessionsTree') as typeof import('../../src/views/sessionsTree');
const { normalizeSession } = require('../../src/api/normalize') as typeof import('../../src/api/normalize');

const T = 1_800_000_000;

/** A finished session updated `age` seconds before T (all land in the "Finished" group). */
function finished(i: number, age: number): Session {
  return normalizeSession({
    session_id: `devin-${String(i).padStart(8, '0')}`,
    status: 'exit',
    title: `Session ${i}`,
    created_at: T - age - 100,
    updated_at: T - age,
    tags: i === 1234 ? ['needle-tag'] : [],
    pull_requests: [],
    acus_consumed: 0,
    org_id: 'org-x',
  })!;
}

/** A client whose list walk hands out the given pages one by one, each when the test says. */
function pagedClient(pages: Session[][]) {
  const gates = pages.map(() => {
    let open!: () => void;
    const p = new Promise<void>((r) => (open = r));
    return { p, open };
  });
  let requests = 0;
  const client = {
    listNewestSessions: async (_p: unknown, _max: number, opts: NewestOptions = {}) => {
      const seen = new Set<string>();
      for (let i = 0; i < pages.length; i++) {
        await gates[i].p;
        requests++;
        for (const s of pages[i]) seen.add(s.session_id);
        opts.onPage?.(pages[i]);
      }
      const items = pages.flat().sort((a, b) => b.updated_at - a.updated_at);
      return { items, truncated: false, total: items.length, requests: pages.length, cursorRepeated: false, seen };
    },
  } as unknown as DevinClient;
  return { client, gates, requests: () => requests };
}

function storeFor(client: DevinClient) {
  return new SessionStore({
    createClient: () => client,
    intervalSec: () => 30,
    maxSessions: () => 100_000,
    now: () => T * 1000,
    setTimer: () => 0,
    clearTimer: () => undefined,
  });
}

const flush = () => new Promise((r) => setImmediate(r));
/** The Finished group row (Needs your input and Working come first, kept even when empty). */
const finishedGroup = (tree: { getChildren(): Node[] }) => tree.getChildren().find((g) => g.kind === 'group' && g.id === 'finished')!;
const ids = (nodes: Node[]) => nodes.map((n) => (n.kind === 'session' ? n.sessionId : n.kind));

describe('sessions tree at scale', () => {
  it('a group of thousands shows its newest 200, then "N more…" adds 200 at a time', async () => {
    const all = Array.from({ length: 450 }, (_, i) => finished(i, (i * 7919) % 450 * 60));
    const { client, gates } = pagedClient([all]);
    gates[0].open();
    const store = storeFor(client);
    await store.refresh();
    const tree = new SessionsTreeProvider(store, () => ({ showArchived: false }), () => T * 1000);
    const group = finishedGroup(tree);
    let rows = tree.getChildren(group);
    const newest = [...all].sort((a, b) => b.updated_at - a.updated_at).map((s) => s.session_id);
    assert.equal(GROUP_CHUNK, 200);
    assert.deepEqual(ids(rows), [...newest.slice(0, 200), 'moreInGroup'], 'the newest 200, newest first, then the more row');
    const more = rows.at(-1)!;
    assert.equal(tree.getTreeItem(more).label, '250 more…');
    assert.equal(tree.getTreeItem(group).description, '450', 'the group counts every session');
    assert.deepEqual(tree.getParent(more), group);
    const fired: unknown[] = [];
    tree.onDidChangeTreeData((e) => fired.push(e));
    tree.showMore((group as { id: 'finished' }).id);
    assert.deepEqual(fired, [group], 'only that group re-renders');
    rows = tree.getChildren(group);
    assert.deepEqual(ids(rows), [...newest.slice(0, 400), 'moreInGroup']);
    assert.equal(tree.getTreeItem(rows.at(-1)!).label, '50 more…');
    tree.showMore('finished');
    assert.deepEqual(ids(tree.getChildren(group)), newest, 'all 450, no more row');
    // Revealing a session beyond the chunk first widens its group.
    const tree2 = new SessionsTreeProvider(store, () => ({ showArchived: false }), () => T * 1000);
    tree2.ensureShown(newest[321]);
    assert.ok(ids(tree2.getChildren(finishedGroup(tree2))).includes(newest[321]));
    tree.dispose();
    tree2.dispose();
    store.dispose();
  });

  it('first rows after one page; a later page with newer sessions adds rows below, one sort when the walk ends', async () => {
    // Page 1 holds older sessions, page 2 newer ones (the API documents no order).
    const page1 = Array.from({ length: 3 }, (_, i) => finished(i, 5000 + i));
    const page2 = Array.from({ length: 3 }, (_, i) => finished(10 + i, 10 + i));
    const { client, gates, requests } = pagedClient([page1, page2, []]);
    const store = storeFor(client);
    const tree = new SessionsTreeProvider(store, () => ({ showArchived: false }), () => T * 1000);
    const done = store.refresh();
    gates[0].open();
    await flush();
    assert.equal(requests(), 1);
    assert.equal(store.state.phase, 'loading', 'the walk goes on');
    const group = finishedGroup(tree);
    assert.deepEqual(ids(tree.getChildren(group)), page1.map((s) => s.session_id), 'rows after the first page');
    gates[1].open();
    await flush();
    assert.equal(requests(), 2);
    assert.deepEqual(ids(tree.getChildren(group)), [...page1, ...page2].map((s) => s.session_id), 'newer rows come below the rows shown');
    const fired: unknown[] = [];
    tree.onDidChangeTreeData((e) => fired.push(e));
    gates[2].open();
    await done;
    assert.equal(store.state.phase, 'ready');
    assert.ok(fired.includes(undefined), 'one whole-tree refresh at the end');
    assert.deepEqual(ids(tree.getChildren(group)), [...page2, ...page1].map((s) => s.session_id), 'newest first once the walk ended');
    tree.dispose();
    store.dispose();
  });

  it('the text filter finds one session among many without a request', async () => {
    const all = Array.from({ length: 5000 }, (_, i) => finished(i, i));
    const { client, gates, requests } = pagedClient([all]);
    gates[0].open();
    const store = storeFor(client);
    await store.refresh();
    const before = requests();
    let text = '';
    const tree = new SessionsTreeProvider(store, () => ({ showArchived: false, text }), () => T * 1000);
    text = 'needle-tag';
    tree.refreshAll();
    assert.deepEqual(tree.visibleGroups.map((g) => g.id), ['finished'], 'one group has sessions');
    assert.deepEqual(ids(tree.getChildren(finishedGroup(tree))), ['devin-00001234']);
    assert.equal(requests(), before, 'no request');
    tree.dispose();
    store.dispose();
  });
});

describe('sessions tree kept in order by store changes', () => {
  const STATES = [
    { status: 'running', status_detail: 'working' },
    { status: 'running', status_detail: 'waiting_for_user' },
    { status: 'exit', status_detail: null },
    { status: 'suspended', status_detail: 'inactivity' },
    { status: 'error', status_detail: null },
  ];
  function session(i: number, updated: number, state: number, extra: Partial<Session> = {}): Session {
    return normalizeSession({
      session_id: `devin-${String(i).padStart(8, '0')}`,
      ...STATES[state % STATES.length],
      title: `Task ${i} ${i % 7 === 0 ? 'alpha' : 'beta'}`,
      created_at: T - 100_000 + i,
      updated_at: updated,
      tags: [],
      pull_requests: [],
      acus_consumed: 0,
      org_id: 'org-x',
      ...extra,
    })!;
  }
  /** What the tree shows: each group's ids in order (every row, "N more…" rows opened). */
  function shown(tree: InstanceType<typeof SessionsTreeProvider>): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const g of tree.getChildren()) {
      const id = (g as { id: string }).id;
      for (let k = 0; k < 5; k++) tree.showMore(id as 'finished');
      out[id] = ids(tree.getChildren(g)).filter((x) => x !== 'moreInGroup');
    }
    return out;
  }

  it('after hundreds of updates, moves, archives and removals, each group equals a fresh sort of the store', async () => {
    // A deterministic pseudo-random walk (no timing): the tree, updated change by change, must show
    // what regrouping the whole store from scratch shows, with and without a text filter.
    const all = Array.from({ length: 600 }, (_, i) => session(i, T - ((i * 7919) % 600) * 10, i));
    const { client, gates } = pagedClient([all]);
    gates[0].open();
    const store = storeFor(client);
    await store.refresh();
    let text = '';
    const tree = new SessionsTreeProvider(store, () => ({ showArchived: false, text }), () => T * 1000);
    tree.getChildren();
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const fresh = () => new SessionsTreeProvider(store, () => ({ showArchived: false, text }), () => T * 1000);
    for (let step = 0; step < 400; step++) {
      const s = store.all()[rand(store.size)];
      const kind = rand(10);
      if (kind < 5) store.upsert({ ...s, updated_at: s.updated_at + 1 + rand(3000) }); // moves up, same group
      else if (kind < 8) store.upsert({ ...session(Number(s.session_id.slice(6)), s.updated_at + rand(50), rand(5)) }); // other group
      else if (kind < 9) store.upsert({ ...s, is_archived: true, updated_at: s.updated_at + 1 }); // hidden
      else store.upsert({ ...s, updated_at: s.updated_at, title: `${s.title} gamma` }); // same time, new text
      if (step % 50 === 0) text = text ? '' : 'alpha';
      if (step % 50 === 0) tree.refreshAll();
      if (step % 37 === 0) {
        const t2 = fresh();
        assert.deepEqual(shown(tree), shown(t2), `step ${step}, text "${text}"`);
        t2.dispose();
      }
    }
    for (const t of ['', 'alpha', 'gamma']) {
      text = t;
      tree.refreshAll();
      const t2 = fresh();
      assert.deepEqual(shown(tree), shown(t2), `end, text "${t}"`);
      t2.dispose();
    }
    tree.dispose();
    store.dispose();
  });

  it('a session that changes names only its old and new group, and the text filter follows it', async () => {
    const all = Array.from({ length: 30 }, (_, i) => session(i, T - i * 10, 2));
    const { client, gates } = pagedClient([all]);
    gates[0].open();
    const store = storeFor(client);
    await store.refresh();
    let text = 'alpha';
    const tree = new SessionsTreeProvider(store, () => ({ showArchived: false, text }), () => T * 1000);
    const finishedGroup = tree.getChildren().find((g) => g.kind === 'group' && g.id === 'finished')!;
    assert.deepEqual(ids(tree.getChildren(finishedGroup)), ['devin-00000000', 'devin-00000007', 'devin-00000014', 'devin-00000021', 'devin-00000028']);
    const fired: unknown[] = [];
    tree.onDidChangeTreeData((e) => fired.push(e));
    // Session 14 starts working again: Working (shown empty before) and Finished re-render.
    store.upsert(session(14, T + 5, 0));
    assert.equal(fired.length, 1);
    assert.deepEqual((fired[0] as unknown as Node[]).map((n) => (n as { id: string }).id).sort(), ['finished', 'working']);
    assert.deepEqual(tree.getChildren().map((g) => (g as { id: string }).id), ['needsInput', 'working', 'finished']);
    assert.deepEqual(ids(tree.getChildren(tree.getChildren()[1])), ['devin-00000014']);
    // Session 21 is renamed out of the filter: only its group re-renders.
    fired.length = 0;
    store.upsert({ ...store.get('devin-00000021')!, title: 'Task 21 beta', updated_at: T + 6 });
    assert.equal(fired.length, 1);
    assert.deepEqual((fired[0] as unknown as Node[]).map((n) => (n as { id: string }).id), ['finished']);
    assert.deepEqual(ids(tree.getChildren(finishedGroup)), ['devin-00000000', 'devin-00000007', 'devin-00000028']);
    // Session 3 is renamed into the filter and is now the newest finished one.
    store.upsert({ ...store.get('devin-00000003')!, title: 'Task 3 alpha', updated_at: T + 7 });
    assert.deepEqual(ids(tree.getChildren(finishedGroup)), ['devin-00000003', 'devin-00000000', 'devin-00000007', 'devin-00000028']);
    assert.equal(tree.getTreeItem(finishedGroup).description, '4');
    text = '';
    tree.refreshAll();
    assert.equal(tree.getTreeItem(finishedGroup).description, '29');
    tree.dispose();
    store.dispose();
  });
});
