// Memory over a simulated day at 100,000 sessions: heap growth after the first hour must stay
// flat (< 1 MB).
//   node --expose-gc --import tsx bench/memory.ts [--quick] [--hours H] [--sessions N] [--steady]
// A real DevinClient and SessionStore poll the fake Devin server on a simulated clock (fake
// timers: every armed poll fires after the clock moves by its delay), with a Sessions tree on top
// (view visible, window focused, its rows rendered every simulated hour as VS Code would ask).
// The fake server runs in a worker thread: its data (which grows with the day's new sessions) is
// in another V8 isolate, so the heap measured here (this thread's, after two forced GCs) is the
// extension's alone. The clock is shared with the worker through a SharedArrayBuffer.
// Churn, like an organization's day: before every poll 3 sessions change state (working →
// waiting → finished → suspended …); every 5 minutes a new session starts; every 10 minutes one
// opens a PR; every 15 minutes one is archived. devin.maxSessions = N, so the cache stays at N
// sessions while the server grows (the oldest leave the bound).
// --steady: the same state changes, but no new session, PR or archive: the data the cache holds
// keeps its size, so what the heap still gains is the code's (or V8's), not the data's.
// What separates the two in every run: the hourly heap is split into V8's code space (optimized
// code grows as functions warm up over hours) and the rest; the entries of every map, set and
// list the store and the tree keep are counted at the start and the end of the day (a leak per
// poll or per change shows there as a count that grows); and the data's own growth is estimated
// from the cache's JSON size at both ends, at the heap bytes per JSON byte of the first load.
import { createRequire } from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import { createReport, fmt, ROOT } from './report.mjs';
import { FakeTimers } from '../test/support/fakeTimers';

const require = createRequire(__filename);
require('../test/support/vscode-stub.cjs');
const { DevinClient } = require('../src/api/client') as typeof import('../src/api/client');
const { SessionStore } = require('../src/sessions/store') as typeof import('../src/sessions/store');
const { SessionsTreeProvider } = require('../src/views/sessionsTree') as typeof import('../src/views/sessionsTree');

const report = createReport('memory');
const argv = process.argv.slice(2);
const arg = (name: string, d: number) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : d);
const QUICK = argv.includes('--quick');
const STEADY = argv.includes('--steady');
const HOURS = arg('--hours', QUICK ? 3 : 24);
const N = arg('--sessions', 100_000);
const INTERVAL_SEC = 30;
const HOUR = 3_600_000;
const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

/** The fake server in a worker: answers churn requests and reports how many requests it saw. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createFakeDevin } = require(workerData.server);
const clock = new BigInt64Array(workerData.clock);
const now = () => Number(Atomics.load(clock, 0));
(async () => {
  const fake = await createFakeDevin({ sessions: 0, seed: 13, now, lifecycle: 'off' });
  fake.addSessions(workerData.n);
  // Seeding stamps many sessions "updated just now": an org's sessions were updated over time.
  for (const s of fake.store.sessions.values()) { s.updated_at -= 3600; s.created_at -= 3600; }
  const ids = [...fake.store.sessions.keys()];
  fake.patchSession(ids[0], { title: 'first' });
  const states = [
    { status: 'running', status_detail: 'working' },
    { status: 'running', status_detail: 'waiting_for_user' },
    { status: 'running', status_detail: 'finished' },
    { status: 'suspended', status_detail: 'inactivity' },
    { status: 'running', status_detail: 'working' },
    { status: 'exit', status_detail: null },
  ];
  const steady = workerData.steady;
  let k = 0;
  let made = 0;
  parentPort.on('message', (m) => {
    if (m.op === 'churn') {
      for (let j = 0; j < 3; j++, k++) fake.patchSession(ids[(k * 7919) % ids.length], states[k % states.length]);
      if (steady) {
        // no new session, PR or archive: the data keeps its size
      } else if (m.poll % 10 === 0) {
        const t = Math.floor(now() / 1000);
        const s = fake.addSession({ title: 'New task ' + made++ + ' from CI', status: 'running', status_detail: 'working', created_at: t, updated_at: t, tags: ['ci'] });
        ids.push(s.session_id);
      }
      if (!steady && m.poll % 20 === 5) {
        const id = ids[(k * 104729) % ids.length];
        fake.patchSession(id, { pull_requests: [{ pr_url: 'https://github.com/acme/web-app/pull/' + (1000 + k), pr_state: 'open' }] });
      }
      if (!steady && m.poll % 30 === 7) fake.patchSession(ids[(k * 15485863) % ids.length], { is_archived: true });
    }
    const requests = fake.requests.length;
    fake.resetRequests();
    parentPort.postMessage({ requests, sessions: fake.store.sessions.size });
  });
  parentPort.postMessage({ url: fake.url, orgId: fake.orgId, key: fake.key });
})().catch((e) => { console.error(e); process.exit(1); });
`;

function heap(): number {
  gc?.();
  gc?.();
  return v8.getHeapStatistics().used_heap_size;
}

/** V8's code space (compiled code), used bytes; sampled right after heap(). */
function codeSpace(): number {
  return v8.getHeapSpaceStatistics().find((x) => x.space_name === 'code_space')?.space_used_size ?? 0;
}

/** Bytes of the cache as JSON (the data's size; its heap cost is about proportional). */
function jsonBytes(sessions: readonly object[]): number {
  let n = 0;
  for (const s of sessions) n += JSON.stringify(s).length;
  return n;
}

type Sizes = Record<string, number>;
/**
 * Entries of every map, set and list the store and the tree keep (their private fields, read
 * for the bench). A leak per poll, per count check or per change grows one of them.
 */
function entries(store: object, provider: object): Sizes {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const st = store as any, tr = provider as any;
  let bucketed = 0;
  let texts = 0;
  for (const b of tr.buckets.values()) {
    bucketed += b.sessions.length;
    texts += b.texts.length;
  }
  return {
    'store.sessions': st.sessions.size,
    'store.listed': st.listed.size,
    'store.expected': st.expected.size,
    'store listeners': st._onDidChange.size + st._onDidChangeState.size,
    'tree.placed': tr.placed.size,
    'tree buckets': bucketed,
    'tree search texts': texts,
    'tree.itemCache': tr.itemCache.size,
    'tree.sessionNodes': tr.sessionNodes.size,
    'tree.prNodes': tr.prNodes.size,
    'tree.pinned': tr.pinned.size,
  };
}

async function main() {
  console.log(`memory: a simulated ${HOURS} h at ${N.toLocaleString('en')} sessions (devin.refreshInterval = ${INTERVAL_SEC} s)${STEADY ? ', steady data (state changes only)' : ''}`);
  if (!gc) {
    report.skip('run with node --expose-gc (the heap is sampled after forced GCs)');
    report.finish();
    return;
  }
  const clock = new BigInt64Array(new SharedArrayBuffer(8));
  let nowMs = Date.now();
  const setNow = (ms: number) => {
    nowMs = ms;
    Atomics.store(clock, 0, BigInt(Math.floor(ms)));
  };
  setNow(nowMs);
  const worker = new Worker(WORKER, { eval: true, workerData: { clock: clock.buffer, n: N, steady: STEADY, server: path.join(ROOT, 'test/fake-devin/server.js') } });
  const replies: ((m: { requests: number; sessions: number }) => void)[] = [];
  const ready = new Promise<{ url: string; orgId: string; key: string }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const server = await ready;
  worker.on('message', (m) => replies.shift()?.(m));
  const ask = (m: object) => new Promise<{ requests: number; sessions: number }>((r) => {
    replies.push(r);
    worker.postMessage(m);
  });
  try {
    const timers = new FakeTimers();
    const store = new SessionStore({
      createClient: () => new DevinClient({ baseUrl: server.url, orgId: server.orgId, getKey: () => server.key, retryLimit: 0, timeoutMs: 60_000 }),
      intervalSec: () => INTERVAL_SEC,
      maxSessions: () => N,
      now: () => nowMs,
      setTimer: timers.set,
      clearTimer: timers.clear,
    });
    const provider = new SessionsTreeProvider(store, () => ({ showArchived: false }), () => nowMs);
    provider.onDidChangeTreeData(() => undefined);
    const render = () => {
      let rows = 0;
      for (const g of provider.getChildren()) {
        provider.getTreeItem(g);
        for (const s of provider.getChildren(g)) {
          provider.getTreeItem(s);
          rows++;
        }
      }
      return rows;
    };
    const errors = new Map<string, number>();
    store.onDidChangeState((st) => {
      if (st.error) errors.set(st.error.kind, (errors.get(st.error.kind) ?? 0) + 1);
    });
    const settle = async () => {
      await new Promise((r) => setImmediate(r));
      while (store.busy) await new Promise((r) => setTimeout(r, 1));
      for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
    };
    const empty = heap();
    const t0 = Date.now();
    store.setViewVisible(true);
    await settle();
    const rows0 = render();
    const loaded = heap();
    const json0 = jsonBytes(store.all());
    const perJsonByte = (loaded - empty) / json0;
    report.info(`first load: ${store.size.toLocaleString('en')} sessions, ${rows0} rows rendered, ${((Date.now() - t0) / 1000).toFixed(1)} s; heap ${fmt((loaded - empty) / MB, 'MB')} above the empty store: ${Math.round((loaded - empty) / store.size)} bytes per held session, ${perJsonByte.toFixed(2)} per byte of its JSON (${fmt(json0 / MB, 'MB')})`);
    await ask({ op: 'count' });

    let elapsed = 0;
    let polls = 0;
    let requests = 0;
    let serverSessions = 0;
    let nextSample = HOUR;
    const samples: number[] = [];
    const codeSamples: number[] = [];
    let sizes1: Sizes | undefined;
    const counts0 = { ...store.counts };
    const wall = Date.now();
    const start = heap();
    const code0 = codeSpace();
    while (elapsed < HOURS * HOUR) {
      const t = timers.take();
      if (!t) throw new Error('no poll armed');
      const r = await ask({ op: 'churn', poll: polls });
      requests += r.requests;
      serverSessions = r.sessions;
      elapsed += t.ms;
      setNow(nowMs + t.ms);
      t.fn();
      polls++;
      await settle();
      if (elapsed >= nextSample) {
        render();
        samples.push((heap() - start) / MB);
        codeSamples.push((codeSpace() - code0) / MB);
        sizes1 ??= entries(store, provider);
        if (process.env.MEMORY_SNAPSHOTS) v8.writeHeapSnapshot(path.join(process.env.MEMORY_SNAPSHOTS, `h${samples.length}.heapsnapshot`));
        nextSample += HOUR;
        if (QUICK || samples.length % 6 === 0) report.info(`  hour ${samples.length}: heap ${samples.at(-1)! >= 0 ? '+' : ''}${samples.at(-1)!.toFixed(2)} MB, ${((Date.now() - wall) / 1000).toFixed(0)} s wall`);
      }
    }
    requests += (await ask({ op: 'count' })).requests;
    const c = store.counts;
    report.info(`${polls} polls, ${requests} requests (${(requests / HOURS).toFixed(0)}/h): ${c.incremental - counts0.incremental} incremental, ${c.countChecks - counts0.countChecks} count checks, ${c.fullResyncs - counts0.fullResyncs} full walks; errors: ${[...errors].map(([e, n]) => `${e} ×${n}`).join(', ') || 'none'}; the server ends with ${serverSessions.toLocaleString('en')} sessions, the cache with ${store.size.toLocaleString('en')}; ${((Date.now() - wall) / 1000).toFixed(0)} s wall`);
    const sign = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;
    report.info(`heap vs the start of the day, hourly (MB): ${samples.map((x, i) => `${i + 1}h ${sign(x)}`).join(', ')}`);
    report.info(`  of which V8's code space (MB): ${codeSamples.map((x, i) => `${i + 1}h ${sign(x)}`).join(', ')}`);
    const sizes2 = entries(store, provider);
    report.info(`entries at hour 1 → hour ${HOURS}: ${Object.keys(sizes2).map((k) => `${k} ${sizes1?.[k]} → ${sizes2[k]}`).join(', ')}`);
    // The data's own growth: the cache's JSON at the end against the start, at the first load's
    // heap bytes per JSON byte (new sessions replace seeded ones, sessions gain PRs).
    const json1 = jsonBytes(store.all());
    const data = ((json1 - json0) * perJsonByte) / MB;
    // Flat = no steady climb: from the first hourly sample (after warm-up) to the last; and the
    // largest rise from any hourly sample to a later one (a day that started at its low point).
    const growth = samples.length ? samples[samples.length - 1] - samples[0] : NaN;
    let rise = 0;
    let low = Infinity;
    for (const x of samples) {
      low = Math.min(low, x);
      rise = Math.max(rise, x - low);
    }
    const codeGrowth = codeSamples.length ? codeSamples[codeSamples.length - 1] - codeSamples[0] : NaN;
    report.info(`the cache's JSON: ${fmt(json0 / MB, 'MB')} → ${fmt(json1 / MB, 'MB')} (${sign((json1 - json0) / 1024)} KB): the data's own growth ≈ ${sign(data)} MB of heap`);
    report.info(`after the first hour: heap ${sign(growth)} MB = V8's code space ${sign(codeGrowth)} MB + the data ≈ ${sign(data)} MB + the rest ${sign(growth - codeGrowth - data)} MB; the largest rise from any hour to a later one: ${sign(rise)} MB`);
    report.figure('memory.day100k', `heap growth over a simulated ${HOURS} h at ${N.toLocaleString('en')} sessions${STEADY ? ' (steady data)' : ''}, after the first hour`, growth, 'MB',
      { op: '<', value: 1, text: '< 1 MB (flat)' }, `first-hour step ${sign(samples[0])} MB`);
    report.figure('memory.day100k.rise', `largest rise from any hourly sample to a later one`, rise, 'MB', { op: '<', value: 1, text: '< 1 MB (flat)' });
    provider.dispose();
    store.dispose();
  } finally {
    await worker.terminate();
  }
  report.finish();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
