// The text filter and one poll's change at 100,000 sessions, in extension-host time.
//   node --expose-gc --import tsx bench/search.ts
// A store holds 100,000 sessions (the fake server's generator, through the store's normal refresh
// path); a Sessions tree shows them. Timed, each after a full GC:
// - a search: the filter text changes (SessionsView.setFilter → provider.refreshAll()), then what
//   VS Code asks for: the root, each group's children and a TreeItem per shown row. Its target:
//   < 50 ms, without a request (the store's client here cannot answer one). Wall and CPU time.
// - the text cleared again (every group back, 200 rows each);
// - one poll's change: a session moves to another group (store.upsert), and the groups the event
//   names re-rendered.
// `vscode` is replaced by test/support/vscode-stub.cjs (a Module._load patch).
import { createRequire } from 'node:module';
import type { Session } from '../src/api/types';
import type { DevinClient } from '../src/api/client';
import type { SessionsTreeProvider as ProviderT, Node } from '../src/views/sessionsTree';
import { createReport, fmt, median } from './report.mjs';

const require = createRequire(__filename);
require('../test/support/vscode-stub.cjs');
const { SessionsTreeProvider } = require('../src/views/sessionsTree') as typeof import('../src/views/sessionsTree');
const { SessionStore } = require('../src/sessions/store') as typeof import('../src/sessions/store');
const { normalizeSession } = require('../src/api/normalize') as typeof import('../src/api/normalize');
const { createFakeDevin } = require('../test/fake-devin/server.js');

const report = createReport('search');
const NOW = Date.now();
const N = Number(process.env.SEARCH_N ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc;

/** Wall and CPU time (user + system of this process) of fn, after a full GC. */
function time(fn: () => void): { wall: number; cpu: number } {
  gc?.();
  const c = process.cpuUsage();
  const t = process.hrtime.bigint();
  fn();
  const wall = Number(process.hrtime.bigint() - t) / 1e6;
  const d = process.cpuUsage(c);
  return { wall, cpu: (d.user + d.system) / 1000 };
}

/** What VS Code asks for after a whole-tree event: root, each group's rows, a TreeItem per row. */
function render(p: ProviderT, nodes?: Node[]): string[] {
  const found: string[] = [];
  for (const g of nodes ?? p.getChildren()) {
    p.getTreeItem(g);
    for (const r of p.getChildren(g)) {
      p.getTreeItem(r);
      if (r.kind === 'session') found.push(r.sessionId);
    }
  }
  return found;
}

async function main() {
  console.log(`search: the text filter and one change at ${N.toLocaleString('en')} sessions (extension-host time)`);
  if (!gc) report.info('(run with node --expose-gc for steadier figures: a GC before each timed step)');
  const fake = await createFakeDevin({ sessions: 0, seed: 11 });
  fake.addSessions(N);
  const payload = JSON.stringify({ items: [...fake.store.sessions.values()] });
  await fake.close();
  const items = (JSON.parse(payload).items as unknown[]).map(normalizeSession).filter((s): s is Session => !!s);
  let requests = 0;
  const client = {
    listNewestSessions: async () => {
      requests++;
      return { items, truncated: false, total: items.length, requests: 1, cursorRepeated: false, seen: new Set(items.map((s) => s.session_id)) };
    },
  } as unknown as DevinClient;
  const store = new SessionStore({ createClient: () => client, intervalSec: () => 30, maxSessions: () => 200_000, now: () => NOW, setTimer: () => 0, clearTimer: () => undefined });
  const load = time(() => void store.refresh());
  await store.refresh();
  report.info(`store filled (merge + each session's search text): ${fmt(load.wall, 'ms')}`);

  let text = '';
  const provider = new SessionsTreeProvider(store, () => ({ showArchived: true, text }), () => NOW);
  render(provider);
  const before = requests;
  const sessions = store.all();
  // Needles that one session holds: a title (the generator reuses titles, so an id's first
  // characters make it unique), a full id, and a common word with many hits.
  const target = sessions[Math.floor(N / 3)];
  const needles = [target.session_id.slice(6, 18), (target.title ?? '').toLowerCase(), 'fix'];
  const search = (t: string) => {
    text = t;
    provider.refreshAll();
    return render(provider);
  };
  for (let i = 0; i < 3; i++) search(needles[i % needles.length]); // warm-up
  const rounds = 15;
  const one: { wall: number; cpu: number }[] = [];
  let found: string[] = [];
  for (let i = 0; i < rounds; i++) {
    // Typing: the needle grows by one character each round (a different string every time).
    const t = needles[0].slice(0, 8 + (i % 5));
    one.push(time(() => (found = search(t))));
  }
  found = search(needles[0]);
  const ok = found.includes(target.session_id);
  const wall = median(one.map((x) => x.wall));
  const cpu = median(one.map((x) => x.cpu));
  const minWall = Math.min(...one.map((x) => x.wall));
  // Extension-host time is what the extension host spends: its CPU time. The wall time also holds
  // whatever else the machine runs meanwhile (shared machines: compare the two).
  report.figure('search.find100k', `text filter finds one session among ${N.toLocaleString('en')}: CPU time (refresh + shown rows' items), median of ${rounds}`, cpu, 'ms',
    { op: '<', value: 50 }, `wall ${fmt(wall, 'ms')} median, ${fmt(minWall, 'ms')} fastest; ${found.length} match(es) for "${needles[0]}", target found: ${ok}`);
  report.figure('search.find100kWall', `same, wall time, median of ${rounds}`, wall, 'ms', undefined, `load average ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
  report.figure('search.requests', 'requests made by the text filter', requests - before, '', { op: '==', value: 0 });
  const other = (label: string, f: (i: number) => string) => {
    const xs = Array.from({ length: 9 }, (_, i) => time(() => (found = search(f(i)))));
    report.info(`${label} (${found.length} rows shown): CPU ${fmt(median(xs.map((x) => x.cpu)), 'ms')}, wall ${fmt(median(xs.map((x) => x.wall)), 'ms')}`);
  };
  other('a title', () => needles[1]);
  other(`a common word "${needles[2]}", 200 rows per group`, () => needles[2]);
  other('text cleared', (i) => (i % 2 ? '' : ' '));
  // A poll changed a session since the last keystroke: its group's joined text is built again.
  const afterChange = Array.from({ length: 9 }, (_, i) => {
    const s = store.all()[(i * 104729) % N];
    store.upsert({ ...s, updated_at: s.updated_at + 1 });
    return time(() => (found = search(needles[0].slice(0, 8 + (i % 5)))));
  });
  report.info(`the first keystroke after a poll changed a session (its group's texts joined again): CPU ${fmt(median(afterChange.map((x) => x.cpu)), 'ms')}, wall ${fmt(median(afterChange.map((x) => x.wall)), 'ms')}`);

  // One poll's change: a shown session moves to another group, then the named groups re-render.
  text = '';
  provider.refreshAll();
  render(provider);
  let fired: Node | Node[] | undefined;
  provider.onDidChangeTreeData((e) => (fired = e));
  const change: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < 15; i++) {
    const s = store.all()[(i * 7919) % N];
    const moved = { ...s, status: 'running', status_detail: i % 2 ? 'waiting_for_user' : 'working', updated_at: s.updated_at + 1 };
    change.push(time(() => {
      store.upsert(moved);
      render(provider, fired === undefined ? undefined : Array.isArray(fired) ? fired : [fired]);
    }));
  }
  report.figure('search.change100k', `one session changes group at ${N.toLocaleString('en')} sessions: regroup + re-render of the named groups, CPU, median of 15`, median(change.map((x) => x.cpu)), 'ms', undefined,
    `wall ${fmt(median(change.map((x) => x.wall)), 'ms')}; no whole-store sort: the session leaves its place and takes the new one by binary search`);
  provider.dispose();
  store.dispose();
  report.finish();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
