// Requests and memory of the session store, counted through the fake Devin server.
//   node --expose-gc --import tsx bench/requests.ts [--quick]
// - a full refresh of N sessions costs ceil(N / 200) list requests (200 = the API's largest page)
// - an hour with the window unfocused and the view hidden costs 0 requests
// - an hour focused with nothing active costs at most 3600 / devin.refreshInterval requests
// - steady state at 10,000 and 100,000 sessions: a focused hour with sessions working costs at
//   most 3600 / devin.refreshInterval + 12 requests (one incremental request per poll, a count
//   check every 5 minutes); without a `total` from the API, one full walk an hour instead
// - heap held for 10,000 sessions (store + built tree items) above the empty baseline (the server
//   runs in a child process so its own heap is not counted). The simulated day: bench/memory.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { SessionStore as SessionStoreT } from '../src/sessions/store';
import { createReport, fmt, ROOT } from './report.mjs';
import { FakeTimers } from '../test/support/fakeTimers';

const require = createRequire(__filename);
require('../test/support/vscode-stub.cjs');
const { DevinClient, MAX_PAGE_SIZE } = require('../src/api/client') as typeof import('../src/api/client');
const { SessionStore } = require('../src/sessions/store') as typeof import('../src/sessions/store');
const { SessionsTreeProvider } = require('../src/views/sessionsTree') as typeof import('../src/views/sessionsTree');
const { createFakeDevin } = require('../test/fake-devin/server.js');

const report = createReport('requests');
const QUICK = process.argv.includes('--quick');
const INTERVAL_SEC = 30; // devin.refreshInterval default
const HOUR = 3_600_000;
const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

interface Harness {
  store: SessionStoreT;
  timers: FakeTimers;
  clock: { now: number };
}

function makeStore(server: { url: string; orgId: string; key: string }, maxSessions: number, clock = { now: Date.now() }): Harness {
  const timers = new FakeTimers();
  const store = new SessionStore({
    createClient: () => new DevinClient({ baseUrl: server.url, orgId: server.orgId, getKey: () => server.key, retryLimit: 0, timeoutMs: 30_000 }),
    intervalSec: () => INTERVAL_SEC,
    maxSessions: () => maxSessions,
    now: () => clock.now,
    setTimer: timers.set,
    clearTimer: timers.clear,
  });
  return { store, timers, clock };
}

const tick = () => new Promise((r) => setImmediate(r));

/** Waits until a refresh that may be running has finished and the next poll is (or is not) armed. */
async function settle(store: SessionStoreT): Promise<void> {
  await tick();
  while (store.busy) await new Promise((r) => setTimeout(r, 1));
  for (let i = 0; i < 5; i++) await tick();
}

/**
 * Moves the clock through `durationMs`, firing the armed poll each time it is due.
 * `between` runs before each poll (server-side changes). Returns the number of polls fired.
 */
async function simulate(h: Harness, durationMs: number, between?: (i: number) => Promise<void> | void, sample?: (elapsed: number) => void): Promise<number> {
  let elapsed = 0;
  let polls = 0;
  for (;;) {
    const armed = h.timers.peek();
    if (!armed || elapsed + armed.ms > durationMs) {
      h.clock.now += durationMs - elapsed;
      return polls;
    }
    const t = h.timers.take()!;
    elapsed += t.ms;
    h.clock.now += t.ms;
    await between?.(polls);
    t.fn();
    polls++;
    await settle(h.store);
    sample?.(elapsed);
  }
}

const listRequests = (fake: { requests: { method: string; path: string }[] }) =>
  fake.requests.filter((r) => r.method === 'GET' && /\/sessions$/.test(r.path)).length;

async function fullRefresh(n: number): Promise<void> {
  const fake = await createFakeDevin({ sessions: 0, seed: 5 });
  try {
    fake.addSessions(n);
    const h = makeStore(fake, n);
    const t = Date.now();
    await h.store.refresh();
    const ms = Date.now() - t;
    const expected = Math.ceil(n / MAX_PAGE_SIZE);
    report.figure(`requests.full${n}`, `full refresh of ${n.toLocaleString('en')} sessions: list requests`, listRequests(fake), '',
      { op: '<=', value: expected, text: `≤ ceil(${n}/${MAX_PAGE_SIZE}) = ${expected}` }, `${h.store.size} loaded in ${ms} ms (devin.maxSessions = ${n})`);
    h.store.dispose();
  } finally {
    await fake.close();
  }
}

async function idleHours(): Promise<void> {
  // Unfocused and hidden, with sessions still working on the server (the strictest case).
  const fake = await createFakeDevin({ sessions: 60, seed: 9 });
  try {
    const h = makeStore(fake, 1000);
    h.store.setViewVisible(true);
    await settle(h.store);
    h.store.setViewVisible(false);
    h.store.setFocused(false);
    fake.resetRequests();
    await simulate(h, HOUR, () => void fake.advance());
    report.figure('requests.unfocusedHiddenHour', 'unfocused window, hidden view: requests per hour', fake.requests.length, '', { op: '==', value: 0 },
      `poll armed afterwards: ${h.store.pollArmed}`);
    h.store.dispose();
  } finally {
    await fake.close();
  }

  // Focused, nothing active (every session finished, suspended or failed).
  const idle = await createFakeDevin({ sessions: 0, seed: 3 });
  try {
    const statuses = [{ status: 'exit' }, { status: 'suspended', status_detail: 'inactivity' }, { status: 'error' }, { status: 'running', status_detail: 'finished' }];
    for (let i = 0; i < 120; i++) idle.addSession({ title: `Idle ${i}`, ...statuses[i % statuses.length] });
    for (const visible of [true, false]) {
      const h = makeStore(idle, 1000);
      h.store.setViewVisible(true);
      await settle(h.store);
      if (!visible) h.store.setViewVisible(false);
      idle.resetRequests();
      await simulate(h, HOUR);
      const limit = 3600 / INTERVAL_SEC;
      report.figure(`requests.focusedIdleHour${visible ? 'Visible' : 'Hidden'}`,
        `focused, nothing active, view ${visible ? 'visible' : 'hidden'}: requests per hour`, idle.requests.length, '',
        { op: '<=', value: limit, text: `≤ 3600/${INTERVAL_SEC} s = ${limit}` });
      h.store.dispose();
    }
  } finally {
    await idle.close();
  }
}

/**
 * Background refresh (signed in, the view never opened): the rule is no request while signed out
 * and none while the window is unfocused; focused, polls run at 2 × interval (plus the count
 * checks) so the status bar and "needs your input" notifications work; devin.backgroundRefresh
 * off, none until a view or panel shows. Sessions keep working on the server throughout.
 */
async function backgroundHours(): Promise<void> {
  const fake = await createFakeDevin({ sessions: 60, seed: 11 });
  try {
    // Focused, view never opened, sessions working.
    const h = makeStore(fake, 1000);
    h.store.startInBackground();
    await settle(h.store);
    const first = fake.requests.length;
    fake.resetRequests();
    await simulate(h, HOUR, () => void fake.advance());
    const limit = 3600 / (2 * INTERVAL_SEC) + 12;
    report.figure('requests.backgroundFocusedHour', 'background, focused, view never opened, sessions working: requests per hour', fake.requests.length, '',
      { op: '<=', value: limit, text: `≤ 3600/(2 × ${INTERVAL_SEC} s) + 12 count checks = ${limit}` }, `first load: ${first} request(s)`);
    // The same store, window unfocused (view visible or not): nothing.
    h.store.setFocused(false);
    h.store.setViewVisible(true);
    fake.resetRequests();
    await simulate(h, HOUR, () => void fake.advance());
    report.figure('requests.unfocusedVisibleHour', 'unfocused window, view visible, sessions working: requests per hour', fake.requests.length, '', { op: '==', value: 0 },
      `poll armed afterwards: ${h.store.pollArmed}`);
    h.store.dispose();

    // devin.backgroundRefresh off: focused, view hidden, nothing.
    const off = makeStore(fake, 1000);
    off.store.setBackground(false);
    off.store.startInBackground();
    off.store.setFocused(false);
    off.store.setFocused(true);
    await settle(off.store);
    fake.resetRequests();
    await simulate(off, HOUR, () => void fake.advance());
    report.figure('requests.backgroundOffHour', 'devin.backgroundRefresh off, focused, view hidden: requests per hour', fake.requests.length, '', { op: '==', value: 0 });
    off.store.dispose();

    // Signed out (no key: no client): nothing, focused or not.
    const out = new SessionStore({ createClient: () => undefined, intervalSec: () => INTERVAL_SEC, maxSessions: () => 1000, setTimer: () => 0, clearTimer: () => undefined });
    fake.resetRequests();
    out.startInBackground();
    out.setFocused(false);
    out.setFocused(true);
    await settle(out);
    report.figure('requests.signedOut', 'signed out, focused: requests', fake.requests.length, '', { op: '==', value: 0 });
    out.dispose();
  } finally {
    await fake.close();
  }
}

/**
 * A focused hour with the view visible at N sessions after the first load: sessions keep working
 * and a few change before every poll (the poll cadence is the interval itself).
 */
async function focusedHour(n: number, total: 'exact' | 'omit'): Promise<void> {
  const clock = { now: Date.now() };
  const fake = await createFakeDevin({ sessions: 0, seed: 17, now: () => clock.now, total, lifecycle: 'off' });
  try {
    fake.addSessions(n);
    // Seeding stamps many sessions "updated just now"; an org's sessions were last updated over
    // time. Move them an hour back so the first polls' updated_after window is not a seeding artifact.
    for (const s of fake.store.sessions.values()) {
      s.updated_at -= 3600;
      s.created_at -= 3600;
    }
    const ids = [...fake.store.sessions.keys()] as string[];
    fake.patchSession(ids[0], { title: 'first' }); // (re-sorts the fake's list)
    const h = makeStore(fake, n, clock);
    const t = Date.now();
    h.store.setViewVisible(true);
    await settle(h.store);
    const loadMs = Date.now() - t;
    const loadRequests = listRequests(fake);
    if (h.store.state.phase !== 'ready' || h.store.size !== n) report.info(`first load of ${n}: phase ${h.store.state.phase}, ${h.store.size} sessions (${h.store.state.error?.message ?? 'no error'})`);
    fake.resetRequests();
    const states = [
      { status: 'running', status_detail: 'working' },
      { status: 'running', status_detail: 'waiting_for_user' },
      { status: 'running', status_detail: 'finished' },
    ];
    let k = 0;
    let requests = 0;
    const before = { ...h.store.counts };
    const polls = await simulate(h, HOUR, () => {
      requests += fake.requests.length;
      fake.resetRequests();
      for (let j = 0; j < 3; j++, k++) fake.patchSession(ids[(k * 7919) % ids.length], states[k % states.length]);
    });
    requests += fake.requests.length;
    const c = h.store.counts;
    const detail = `${polls} polls: ${c.incremental - before.incremental} incremental, ${c.countChecks - before.countChecks} count checks, ${c.fullResyncs - before.fullResyncs} full walks; first load ${loadRequests} requests in ${loadMs} ms`;
    const label = `${n.toLocaleString('en')} sessions`;
    if (total === 'exact') {
      const limit = 3600 / INTERVAL_SEC + 12;
      report.figure(`requests.focusedHour${n}`, `focused hour, sessions working, ${label}: requests`, requests, '',
        { op: '<=', value: limit, text: `≤ 3600/${INTERVAL_SEC} + 12 = ${limit}` }, detail);
    } else {
      // No count to check: one full walk an hour (ceil(N/200) requests) on top of the polls.
      const limit = 3600 / INTERVAL_SEC + Math.ceil(n / MAX_PAGE_SIZE) + 1;
      report.figure(`requests.focusedHourNoTotal${n}`, `focused hour, API omits total, ${label}: requests`, requests, '',
        { op: '<=', value: limit, text: `≤ 3600/${INTERVAL_SEC} + one walk (${Math.ceil(n / MAX_PAGE_SIZE)}) + 1 = ${limit}` }, detail);
    }
    h.store.dispose();
  } finally {
    await fake.close();
  }
}

// ---- memory --------------------------------------------------------------------------------------

interface ChildFake {
  url: string;
  orgId: string;
  key: string;
  proc: ChildProcess;
  control: (p: string, body?: unknown) => Promise<unknown>;
  close: () => Promise<void>;
}

async function startChildFake(): Promise<ChildFake> {
  const proc = spawn(process.execPath, [path.join(ROOT, 'test/fake-devin/cli.js'), '--port', '0', '--sessions', '0', '--lifecycle', 'off', '--seed', '21'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await new Promise<string>((resolve, reject) => {
    let buf = '';
    proc.stdout!.on('data', (d) => {
      buf += d;
      const i = buf.indexOf('\n');
      if (i >= 0) resolve(buf.slice(0, i));
    });
    proc.on('exit', (c) => reject(new Error(`fake server exited (${c})`)));
  });
  proc.stdout!.resume();
  const info = JSON.parse(first) as { url: string; orgId: string; key: string };
  const url = info.url.replace(/\/+$/, '');
  const control = async (p: string, body?: unknown) => {
    const res = await fetch(`${url}${p}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return res.json();
  };
  return {
    ...info,
    url,
    proc,
    control,
    close: async () => {
      if (proc.exitCode !== null) return;
      const gone = new Promise((r) => proc.on('exit', r));
      proc.kill('SIGTERM');
      await gone;
    },
  };
}

function heap(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

async function memory(): Promise<void> {
  if (!gc) {
    report.info('memory: skipped (run with node --expose-gc)');
    return;
  }
  const N = 10_000;
  const fake = await startChildFake();
  try {
    await fake.control('/_fake/add-sessions', { n: N });
    const h = makeStore(fake, N);
    const filter = () => ({ showArchived: false });
    const provider = new SessionsTreeProvider(h.store, filter, () => h.clock.now);
    // Warm the code paths once on a tiny refresh so that JIT code is not billed to the data.
    const empty = heap();
    h.store.setViewVisible(true);
    await settle(h.store);
    const storeOnly = heap();
    // What VS Code asks for: every row of the expanded groups.
    let rows = 0;
    for (const g of provider.getChildren()) for (const s of provider.getChildren(g)) {
      provider.getTreeItem(s);
      rows++;
    }
    const withTree = heap();
    report.info(`${h.store.size} sessions, ${rows} rows: store ${fmt((storeOnly - empty) / MB, 'MB')}, + tree items ${fmt((withTree - storeOnly) / MB, 'MB')}`);
    report.figure('memory.heap10k', `heap held for ${N.toLocaleString('en')} sessions (store + tree items) above empty`, (withTree - empty) / MB, 'MB', { op: '<', value: 30 });

    provider.dispose();
    h.store.dispose();
  } finally {
    await fake.close();
  }
}

async function main() {
  if (process.argv.includes('--background')) {
    await idleHours();
    await backgroundHours();
    report.finish();
    return;
  }
  if (process.argv.includes('--focused')) {
    for (const n of [10_000, 100_000]) await focusedHour(n, 'exact');
    await focusedHour(10_000, 'omit');
    report.finish();
    return;
  }
  console.log(`requests: store + fake Devin server with fake timers (devin.refreshInterval = ${INTERVAL_SEC} s)`);
  await fullRefresh(1_000);
  await fullRefresh(10_000);
  await idleHours();
  await backgroundHours();
  await focusedHour(10_000, 'exact');
  await focusedHour(100_000, 'exact');
  await focusedHour(10_000, 'omit');
  if (!QUICK) await focusedHour(100_000, 'omit');
  await memory();
  report.finish();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
