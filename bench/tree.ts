// Tree at scale: building the groups and tree items for 1,000, 10,000 and 100,000 sessions, as a
// ratio to JSON.parse of the same API payload (the floor); then one session changes and we count
// what is rebuilt. At 100,000: the heap the store and tree hold (the text filter: bench/search.ts).
// Groups show GROUP_CHUNK (200) rows and a "N more…" row, so the rows rendered stay bounded.
//   node --expose-gc --import tsx bench/tree.ts [--sessions N]   (N: one size only, no heap figure)
// `vscode` is replaced by test/support/vscode-stub.cjs (a Module._load patch), so this runs in plain Node.
import { createRequire } from 'node:module';
import type { Session } from '../src/api/types';
import type { DevinClient } from '../src/api/client';
import type { SessionStore as SessionStoreT } from '../src/sessions/store';
import type { Node, SessionsTreeProvider as ProviderT } from '../src/views/sessionsTree';
import { createReport, fmt, median } from './report.mjs';

const require = createRequire(__filename);
require('../test/support/vscode-stub.cjs');
const { SessionsTreeProvider } = require('../src/views/sessionsTree') as typeof import('../src/views/sessionsTree');
const { SessionStore } = require('../src/sessions/store') as typeof import('../src/sessions/store');
const { normalizeSession } = require('../src/api/normalize') as typeof import('../src/api/normalize');
const { buildGroups } = require('../src/sessions/model') as typeof import('../src/sessions/model');
const { createFakeDevin } = require('../test/fake-devin/server.js');

const report = createReport('tree');
const NOW = Date.now();

/** A store filled from `items` through its normal refresh path (a stub client returns one page). */
async function filledStore(items: Session[]): Promise<SessionStoreT> {
  const client = {
    listNewestSessions: async () => ({ items, truncated: false, total: items.length, requests: 1, cursorRepeated: false, seen: new Set(items.map((s) => s.session_id)) }),
  } as unknown as DevinClient;
  const store = new SessionStore({
    createClient: () => client,
    intervalSec: () => 30,
    maxSessions: () => 200_000,
    now: () => NOW,
    setTimer: () => 0,
    clearTimer: () => undefined,
  });
  await store.refresh();
  return store;
}

/** What VS Code does to show the tree: root, every expanded group's children, a TreeItem per row. */
function renderAll(p: ProviderT): number {
  let rows = 0;
  for (const g of p.getChildren()) {
    p.getTreeItem(g);
    rows++;
    for (const s of p.getChildren(g)) {
      p.getTreeItem(s);
      rows++;
    }
  }
  return rows;
}

/** Re-render after onDidChangeTreeData(nodes): the nodes' items and their children's items. */
function renderNodes(p: ProviderT, fired: Node | Node[] | undefined): { treeItemCalls: number } {
  let calls = 0;
  const nodes = fired === undefined ? p.getChildren() : Array.isArray(fired) ? fired : [fired];
  for (const n of nodes) {
    p.getTreeItem(n);
    calls++;
    for (const c of p.getChildren(n)) {
      p.getTreeItem(c);
      calls++;
    }
  }
  return { treeItemCalls: calls };
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Times fn after a full GC (with --expose-gc) so garbage from earlier rounds is not billed to it. */
function time(fn: () => void): number {
  gc?.();
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function scale(n: number, target?: number): Promise<void> {
  const fake = await createFakeDevin({ sessions: 0, seed: 11 });
  try {
    fake.addSessions(n);
    // The API payload: one list response holding all N sessions as the server sends them.
    const raw = [...fake.store.sessions.values()];
    const payload = JSON.stringify({ items: raw, end_cursor: null, has_next_page: false, total: raw.length });
    const items = (JSON.parse(payload).items as unknown[]).map(normalizeSession).filter((s): s is Session => !!s);
    const store = await filledStore(items);
    const filter = () => ({ showArchived: false });

    const rounds = n >= 100_000 ? 7 : n >= 10_000 ? 21 : 41;
    const parse: number[] = [];
    const groups: number[] = [];
    const build: number[] = [];
    let rows = 0;
    // Warm-up, then interleaved rounds so both sides see the same machine state.
    for (let i = 0; i < 3; i++) {
      JSON.parse(payload);
      renderAll(new SessionsTreeProvider(store, filter, () => NOW));
    }
    for (let i = 0; i < rounds; i++) {
      parse.push(time(() => JSON.parse(payload)));
      groups.push(time(() => buildGroups(store.all(), filter())));
      build.push(time(() => {
        rows = renderAll(new SessionsTreeProvider(store, filter, () => NOW));
      }));
    }
    const p = median(parse);
    const b = median(build);
    // Each round pairs a parse with a build taken right after it: the median of those ratios
    // cancels the machine's slow phases better than a ratio of medians.
    const ratio = median(build.map((x, i) => x / parse[i]));
    report.info(`${n.toLocaleString('en')} sessions: payload ${fmt(payload.length / 1024 / 1024)} MB, ${rows} rows; JSON.parse ${fmt(p, 'ms')}, buildGroups ${fmt(median(groups), 'ms')}, groups + tree items ${fmt(b, 'ms')} (medians of ${rounds})`);
    report.figure(`tree.ratio${n}`, `groups + tree items for ${n.toLocaleString('en')} sessions ÷ JSON.parse`, ratio, '×',
      target === undefined ? undefined : { op: '<', value: target }, `median of per-round ratios; ratio of medians ${fmt(b / p, '×')}`);

    // The whole path from the wire for comparison: parse + normalize + store merge + groups + items.
    const full: number[] = [];
    for (let i = 0; i < (n >= 100_000 ? 3 : n >= 10_000 ? 5 : 15); i++) {
      gc?.();
      const t0 = process.hrtime.bigint();
      const parsed = (JSON.parse(payload).items as unknown[]).map(normalizeSession).filter((s): s is Session => !!s);
      const st = await filledStore(parsed);
      renderAll(new SessionsTreeProvider(st, filter, () => NOW));
      full.push(Number(process.hrtime.bigint() - t0) / 1e6);
      st.dispose();
    }
    report.info(`from the wire (parse + normalize + store merge + groups + items): ${fmt(median(full), 'ms')} = ${fmt(median(full) / p, '×')} JSON.parse`);

    if (n >= 10_000) {
      // One session changes. Same group (title) and a group move (working → needs input).
      const provider = new SessionsTreeProvider(store, filter, () => NOW);
      renderAll(provider);
      let fired: Node | Node[] | undefined | 'none' = 'none';
      provider.onDidChangeTreeData((e) => (fired = e));
      // A session whose row is shown (groups show their newest GROUP_CHUNK rows).
      const shown = new Set<string>();
      for (const g of provider.getChildren()) for (const r of provider.getChildren(g)) if (r.kind === 'session') shown.add(r.sessionId);
      const pick = (pred: (s: Session) => boolean) => store.all().find((s) => shown.has(s.session_id) && pred(s))!;

      const a = pick((s) => s.status === 'exit' && !s.is_archived);
      const before = provider.itemsBuilt;
      store.upsert({ ...a, title: `${a.title ?? ''} (edited)`, updated_at: a.updated_at + 1 });
      const firedA = fired as Node | Node[] | undefined | 'none';
      const r1 = renderNodes(provider, firedA === 'none' ? [] : firedA);
      const builtA = provider.itemsBuilt - before;
      const nodesA = firedA === 'none' ? 0 : firedA === undefined ? -1 : Array.isArray(firedA) ? firedA.length : 1;
      report.figure('tree.changeSameGroup', 'session items rebuilt after one session changes (same group)', builtA, '',
        { op: '==', value: 1 }, `event named ${nodesA < 0 ? 'the whole tree' : `${nodesA} group node(s)`}; ${r1.treeItemCalls} getTreeItem calls (cached items reused)`);

      fired = 'none';
      const w = pick((s) => s.status === 'running' && s.status_detail === 'working' && !s.is_archived);
      const before2 = provider.itemsBuilt;
      store.upsert({ ...w, status_detail: 'waiting_for_user', updated_at: w.updated_at + 1 });
      const firedB = fired as Node | Node[] | undefined | 'none';
      const r2 = renderNodes(provider, firedB === 'none' ? [] : firedB);
      const builtB = provider.itemsBuilt - before2;
      const nodesB = firedB === 'none' ? 0 : firedB === undefined ? -1 : Array.isArray(firedB) ? firedB.length : 1;
      // Groups show their newest 200 rows: a session leaving a fuller group lets the next one rise
      // into view, and that row gets its first item (it had none). Those are not rebuilds.
      const shownAfter = new Set<string>();
      for (const g of provider.getChildren()) for (const r of provider.getChildren(g)) if (r.kind === 'session') shownAfter.add(r.sessionId);
      const risen = [...shownAfter].filter((id) => !shown.has(id)).length;
      report.figure('tree.changeMove', 'session items rebuilt after one session moves group (rows shown before the change)', builtB - risen, '',
        { op: '==', value: 1 }, `${builtB} built: the moved session's + ${risen} row(s) newly shown as the moved one left its group's first 200; event named ${nodesB < 0 ? 'the whole tree' : `${nodesB} group node(s)`}; ${r2.treeItemCalls} getTreeItem calls`);
      report.figure('tree.changeEventScope', 'whole-tree refreshes fired for a one-session change', (nodesA < 0 ? 1 : 0) + (nodesB < 0 ? 1 : 0), '', { op: '==', value: 0 });
      const rerender = median(Array.from({ length: 9 }, () => time(() => renderNodes(provider, firedB === 'none' ? [] : firedB))));
      report.info(`re-render of the changed groups' rows (cached items): ${fmt(rerender, 'ms')} = ${fmt(rerender / p, '×')} JSON.parse of the full payload`);
      provider.dispose();
    }
    store.dispose();
  } finally {
    await fake.close();
  }
}

/** Heap held by the store and the rendered tree for 100,000 sessions, above the empty baseline. */
async function heap100k(): Promise<void> {
  if (!gc) {
    report.info('heap: skipped (run with node --expose-gc)');
    return;
  }
  const n = 100_000;
  const fake = await createFakeDevin({ sessions: 0, seed: 12 });
  try {
    fake.addSessions(n);
    const payload = JSON.stringify({ items: [...fake.store.sessions.values()], end_cursor: null, has_next_page: false, total: n });
    await fake.close();
    const heap = () => {
      gc!();
      gc!();
      return process.memoryUsage().heapUsed;
    };
    const empty = heap();
    const items = (JSON.parse(payload).items as unknown[]).map(normalizeSession).filter((s): s is Session => !!s);
    const store = await filledStore(items);
    items.length = 0;
    const provider = new SessionsTreeProvider(store, () => ({ showArchived: false }), () => NOW);
    const rows = renderAll(provider);
    const held = (heap() - empty) / 1024 / 1024;
    report.figure('memory.heap100k', `heap held for ${n.toLocaleString('en')} sessions (store + tree, ${rows} rows rendered) above empty`, held, 'MB', { op: '<', value: 150 });
    provider.dispose();
    store.dispose();
  } finally {
    await fake.close();
  }
}

async function main() {
  console.log('tree: building groups and tree items vs JSON.parse of the same payload');
  if (!gc) report.info('(run with node --expose-gc for steadier figures: a GC before each timed step)');
  const argv = process.argv.slice(2);
  if (argv.includes('--sessions')) {
    // One size only (e.g. to check the change counts): no heap figure.
    await scale(Number(argv[argv.indexOf('--sessions') + 1]), 2);
    report.finish();
    return;
  }
  await scale(1_000);
  await scale(10_000, 2);
  await scale(100_000, 2);
  await heap100k();
  report.finish();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
