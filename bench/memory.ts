// Memory over a simulated day at 100,000 sessions: heap growth after the first hour must stay
// flat (< 1 MB).
//   node --expose-gc --import tsx bench/memory.ts [--quick] [--hours H] [--sessions N]
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
  let k = 0;
  let made = 0;
  parentPort.on('message', (m) => {
    if (m.op === 'churn') {
      for (let j = 0; j < 3; j++, k++) fake.patchSession(ids[(k * 7919) % ids.length], states[k % states.length]);
      if (m.poll % 10 === 0) {
        const t = Math.floor(now() / 1000);
        const s = fake.addSession({ title: 'New task ' + made++ + ' from CI', status: 'running', status_detail: 'working', created_at: t, updated_at: t, tags: ['ci'] });
        ids.push(s.session_id);
      }
      if (m.poll % 20 === 5) {
        const id = ids[(k * 104729) % ids.length];
        fake.patchSession(id, { pull_requests: [{ pr_url: 'https://github.com/acme/web-app/pull/' + (1000 + k), pr_state: 'open' }] });
      }
      if (m.poll % 30 === 7) fake.patchSession(ids[(k * 15485863) % ids.length], { is_archived: true });
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

async function main() {
  console.log(`memory: a simulated ${HOURS} h at ${N.toLocaleString('en')} sessions (devin.refreshInterval = ${INTERVAL_SEC} s)`);
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
  const worker = new Worker(WORKER, { eval: true, workerData: { clock: clock.buffer, n: N, server: path.join(ROOT, 'test/fake-devin/server.js') } });
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
    report.info(`first load: ${store.size.toLocaleString('en')} sessions, ${rows0} rows rendered, ${((Date.now() - t0) / 1000).toFixed(1)} s; heap ${fmt((loaded - empty) / MB, 'MB')} above the empty store`);
    await ask({ op: 'count' });

    let elapsed = 0;
    let polls = 0;
    let requests = 0;
    let serverSessions = 0;
    let nextSample = HOUR;
    const samples: number[] = [];
    const counts0 = { ...store.counts };
    const wall = Date.now();
    const start = heap();
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
        if (process.env.MEMORY_SNAPSHOTS) v8.writeHeapSnapshot(path.join(process.env.MEMORY_SNAPSHOTS, `h${samples.length}.heapsnapshot`));
        nextSample += HOUR;
        if (QUICK || samples.length % 6 === 0) report.info(`  hour ${samples.length}: heap ${samples.at(-1)! >= 0 ? '+' : ''}${samples.at(-1)!.toFixed(2)} MB, ${((Date.now() - wall) / 1000).toFixed(0)} s wall`);
      }
    }
    requests += (await ask({ op: 'count' })).requests;
    const c = store.counts;
    report.info(`${polls} polls, ${requests} requests (${(requests / HOURS).toFixed(0)}/h): ${c.incremental - counts0.incremental} incremental, ${c.countChecks - counts0.countChecks} count checks, ${c.fullResyncs - counts0.fullResyncs} full walks; errors: ${[...errors].map(([e, n]) => `${e} ×${n}`).join(', ') || 'none'}; the server ends with ${serverSessions.toLocaleString('en')} sessions, the cache with ${store.size.toLocaleString('en')}; ${((Date.now() - wall) / 1000).toFixed(0)} s wall`);
    report.info(`heap vs the start of the day, hourly (MB): ${samples.map((x, i) => `${i + 1}h ${x >= 0 ? '+' : ''}${x.toFixed(2)}`).join(', ')}`);
    // Flat = no steady climb: from the first hourly sample (after warm-up) to the last.
    const growth = samples.length ? samples[samples.length - 1] - samples[0] : NaN;
    report.figure('memory.day100k', `heap growth over a simulated ${HOURS} h at ${N.toLocaleString('en')} sessions, after the first hour`, growth, 'MB',
      { op: '<', value: 1, text: '< 1 MB (flat)' }, `first-hour step ${samples[0] >= 0 ? '+' : ''}${samples[0]?.toFixed(2)} MB`);
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
