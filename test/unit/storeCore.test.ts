// The session store's own logic, in process: a scripted client (no HTTP server, no real timers,
// a fake clock), so each case is a few milliseconds and the file can run for every mutant of
// src/sessions/store.ts. The HTTP-level behaviour (paging, the fake Devin server's faults) is in
// store.test.ts, storeScale.test.ts and reliability.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DevinClient, NewestOptions, NewestResult } from '../../src/api/client';
import { DevinApiError } from '../../src/api/errors';
import type { CreateSessionRequest, ListSessionsParams, Session } from '../../src/api/types';
import { Emitter, OWN_ACTION_WINDOW_MS, SessionStore, type StoreChange, type StoreOptions, type StoreState } from '../../src/sessions/store';
import { COUNT_CHECK_MS, INCREMENTAL_OVERLAP_SEC, MAX_BACKOFF_MS, UNCOUNTED_RESYNC_MS } from '../../src/sessions/polling';
import { canonicalSessionId } from '../../src/sessions/sessionId';
import { FakeTimers } from '../support/fakeTimers';

const T0 = 1_800_000_000; // seconds

function session(n: number, patch: Partial<Session> = {}): Session {
  const id = `devin-${String(n).padStart(8, '0')}`;
  return {
    session_id: id,
    url: `https://app.devin.ai/sessions/${id.slice(6)}`,
    status: 'running',
    status_detail: 'working',
    title: `S${n}`,
    tags: [],
    org_id: 'org-test',
    created_at: T0,
    updated_at: T0 + n,
    acus_consumed: 0,
    pull_requests: [],
    is_archived: false,
    ...patch,
  };
}

interface Call {
  kind: 'list' | 'count' | 'get' | 'create' | 'message' | 'archive' | 'terminate';
  params?: ListSessionsParams;
  bound?: number;
  id?: string;
  archive?: boolean;
}

/** A client that answers from a map, with knobs for what the server gets wrong. */
class ScriptedClient {
  readonly sessions = new Map<string, Session>();
  readonly calls: Call[] = [];
  /** What list and count answers say `total` is: the real count, a fixed number, or null. */
  total: 'real' | number | null = 'real';
  cursorRepeated = false;
  /** Thrown by the next list or count call (then cleared). */
  failNext: unknown;
  /** Thrown by every action call while set. */
  failActions: unknown;
  /** Sessions per page for `onPage`. */
  pageSize = 200;
  /** Called before a list answer is returned (to act "meanwhile"). */
  beforeListAnswer?: () => void;
  /** Action answers: the session as the server returns it (default: the stored one after the change). */
  answer?: (s: Session) => Session;

  add(...list: Session[]): void {
    for (const s of list) this.sessions.set(s.session_id, s);
  }

  patch(id: string, p: Partial<Session>): Session {
    const s = { ...this.sessions.get(id)!, ...p };
    this.sessions.set(id, s);
    return s;
  }

  private takeFailure(): void {
    if (this.failNext !== undefined) {
      const f = this.failNext;
      this.failNext = undefined;
      throw f;
    }
  }

  private matching(params: ListSessionsParams): Session[] {
    return [...this.sessions.values()].filter((s) => !params.tags?.length || params.tags.some((t) => s.tags.includes(t)));
  }

  private totalFor(n: number): number | null {
    return this.total === 'real' ? n : this.total;
  }

  async listNewestSessions(params: ListSessionsParams = {}, bound = 1000, opts: NewestOptions = {}): Promise<NewestResult> {
    this.calls.push({ kind: 'list', params, bound });
    await Promise.resolve();
    this.takeFailure();
    const all = this.matching(params);
    const after = params.updated_after;
    const listed = all.filter((s) => after === undefined || s.updated_at >= after).sort((a, b) => b.updated_at - a.updated_at);
    if (opts.onPage) for (let i = 0; i < listed.length; i += this.pageSize) opts.onPage(listed.slice(i, i + this.pageSize));
    this.beforeListAnswer?.();
    return {
      items: listed.slice(0, bound),
      truncated: listed.length > bound,
      total: this.totalFor(all.length),
      requests: 1,
      cursorRepeated: this.cursorRepeated,
      seen: new Set(listed.map((s) => s.session_id)),
    };
  }

  async countSessions(params: ListSessionsParams = {}): Promise<number | null> {
    this.calls.push({ kind: 'count', params });
    await Promise.resolve();
    this.takeFailure();
    return this.totalFor(this.matching(params).length);
  }

  private action(kind: Call['kind'], id: string, change: Partial<Session>, extra: Partial<Call> = {}): Session {
    this.calls.push({ kind, id, ...extra });
    if (this.failActions !== undefined) throw this.failActions;
    const key = canonicalSessionId(id);
    const s = this.sessions.get(key);
    if (!s) throw new DevinApiError({ kind: 'not_found', status: 404 });
    const next = this.patch(key, change);
    return this.answer ? this.answer(next) : next;
  }

  async getSession(id: string): Promise<Session> {
    await Promise.resolve();
    return this.action('get', id, {});
  }

  async createSession(body: CreateSessionRequest): Promise<Session> {
    this.calls.push({ kind: 'create' });
    if (this.failActions !== undefined) throw this.failActions;
    const s = session(900 + this.sessions.size, { title: body.prompt, updated_at: T0 + 5000 });
    this.add(s);
    return s;
  }

  async sendMessage(id: string, _message: string): Promise<Session | undefined> {
    return this.action('message', id, { status_detail: 'working' });
  }

  async archiveSession(id: string): Promise<Session> {
    return this.action('archive', id, { is_archived: true });
  }

  async terminateSession(id: string, opts: { archive?: boolean } = {}): Promise<Session> {
    return this.action('terminate', id, { status: 'exit', status_detail: null, is_archived: !!opts.archive }, { archive: opts.archive });
  }

  lists(): Call[] {
    return this.calls.filter((c) => c.kind === 'list');
  }
}

function setup(opts: { client?: ScriptedClient | (() => ReturnType<StoreOptions['createClient']>); maxSessions?: number; intervalSec?: number } = {}) {
  const client = opts.client instanceof ScriptedClient || opts.client === undefined ? (opts.client as ScriptedClient | undefined) ?? new ScriptedClient() : undefined;
  const timers = new FakeTimers();
  let now = T0 * 1000 + 10_000_000;
  const logs: string[] = [];
  let max = opts.maxSessions ?? 1000;
  const store = new SessionStore({
    createClient: typeof opts.client === 'function' ? opts.client : () => client as unknown as DevinClient,
    intervalSec: () => opts.intervalSec ?? 30,
    maxSessions: () => max,
    now: () => now,
    log: (m) => logs.push(m),
    setTimer: timers.set,
    clearTimer: timers.clear,
  });
  const changes: StoreChange[] = [];
  const states: StoreState[] = [];
  store.onDidChange((e) => changes.push(e));
  store.onDidChangeState((s) => states.push(s));
  return {
    store,
    client: client!,
    timers,
    changes,
    states,
    logs,
    advance: (ms: number) => (now += ms),
    now: () => now,
    setMax: (n: number) => (max = n),
    /** Lets every pending promise of a refresh started by a timer or an event settle. */
    settle: async () => {
      for (let i = 0; i < 20; i++) await Promise.resolve();
      // Bounded: a refresh that never ends fails the test at once instead of hanging it.
      for (let i = 0; store.busy; i++) {
        if (i > 1000) throw new Error('the refresh never ended');
        await new Promise((r) => setImmediate(r));
      }
    },
  };
}

const ids = (list: { session_id: string }[]) => list.map((s) => s.session_id);
const transitions = (changes: StoreChange[]) => changes.flatMap((c) => c.transitions).map((t) => [t.session.session_id, t.kind, t.own ?? null]);

describe('Emitter', () => {
  it('a failing listener does not stop the others; dispose of one listener removes only it', () => {
    const e = new Emitter<number>();
    const got: string[] = [];
    const errors: unknown[] = [];
    const origError = console.error;
    console.error = (...a: unknown[]) => errors.push(a);
    try {
      e.event(() => {
        throw new Error('boom');
      });
      const second = e.event((n) => got.push(`b${n}`));
      e.event((n) => got.push(`c${n}`));
      assert.equal(e.size, 3);
      e.fire(1);
      second.dispose();
      assert.equal(e.size, 2);
      e.fire(2);
      e.dispose();
      assert.equal(e.size, 0);
      e.fire(3);
    } finally {
      console.error = origError;
    }
    assert.deepEqual(got, ['b1', 'c1', 'c2']);
    assert.equal(errors.length, 2, 'each failure is logged');
    assert.equal((errors[0] as unknown[])[0], '[devin] listener failed');
    assert.equal(((errors[0] as unknown[])[1] as Error).message, 'boom');
  });

  it('a listener added while firing is not called for that event', () => {
    const e = new Emitter<number>();
    const got: number[] = [];
    e.event(() => e.event((n) => got.push(n)));
    e.fire(1);
    assert.deepEqual(got, []);
  });
});

describe('store: sign-in state from the client factory', () => {
  it('no client: signed out, no request; requireApi explains', async () => {
    const { store, states } = setup({ client: () => undefined });
    store.start();
    assert.equal(store.state.phase, 'signedOut');
    assert.throws(() => store.requireApi(), (e: DevinApiError) => e instanceof DevinApiError && e.kind === 'unauthorized' && /not signed in/.test(e.message));
    assert.equal(store.api(), undefined);
    assert.equal(states.length, 0, 'already signed out: no state event');
  });

  it('an unauthorized factory error: signed out; a missing organization: noOrg; anything else: error with the error', async () => {
    const cases: [DevinApiError, string, boolean][] = [
      [new DevinApiError({ kind: 'unauthorized' }, 'no key'), 'signedOut', false],
      [new DevinApiError({ kind: 'config' }, 'Set your Devin Organization id'), 'noOrg', false],
      [new DevinApiError({ kind: 'config' }, 'The base URL must use https'), 'error', true],
      [new DevinApiError({ kind: 'forbidden' }, 'no'), 'error', true],
    ];
    for (const [err, phase, kept] of cases) {
      const { store } = setup({ client: () => err });
      store.start();
      assert.equal(store.state.phase, phase, err.message);
      assert.equal(store.state.error, kept ? err : undefined, err.message);
      assert.throws(() => store.requireApi(), (e: unknown) => (kept ? e === err : e instanceof DevinApiError && e.kind === 'unauthorized'));
    }
  });

  it('signing in after noOrg: loading, then ready; requireApi builds the client on demand', async () => {
    let c: ScriptedClient | DevinApiError = new DevinApiError({ kind: 'config' }, 'organization id missing');
    const sc = new ScriptedClient();
    sc.add(session(1));
    const { store, states, settle } = setup({ client: () => (c instanceof ScriptedClient ? (c as unknown as DevinClient) : c) });
    store.start();
    assert.equal(store.state.phase, 'noOrg');
    c = sc;
    assert.equal(store.requireApi(), sc as unknown as DevinClient);
    assert.equal(store.state.phase, 'loading');
    assert.equal(store.api(), sc as unknown as DevinClient);
    await store.refresh();
    await settle();
    assert.equal(store.state.phase, 'ready');
    assert.deepEqual(states.map((s) => s.phase), ['noOrg', 'loading', 'ready']);
  });

  it('reset drops the cache, announces a reset and reloads when started', async () => {
    const { store, client, changes, settle } = setup();
    client.add(session(1), session(2));
    await store.refresh();
    assert.equal(store.size, 2);
    changes.length = 0;
    client.sessions.delete('devin-00000001');
    store.reset();
    assert.equal(store.size, 0);
    assert.deepEqual(changes[0], { changed: [], removed: [], transitions: [], reset: true });
    await settle();
    assert.deepEqual(ids(store.all()), ['devin-00000002']);
    assert.equal(client.lists().at(-1)!.params!.updated_after, undefined, 'a full walk after a reset');
  });

  it('start after dispose does nothing: no client is built, no request', async () => {
    let built = 0;
    const client = new ScriptedClient();
    const { store, settle } = setup({
      client: () => {
        built++;
        return client as unknown as DevinClient;
      },
    });
    store.dispose();
    store.start();
    await settle();
    assert.equal(built, 0);
    assert.equal(store.state.phase, 'signedOut');
    assert.equal(client.calls.length, 0);
  });

  it('a client built on demand moves a signed-out store to loading', async () => {
    const { store } = setup();
    assert.equal(store.state.phase, 'signedOut');
    store.requireApi();
    assert.equal(store.state.phase, 'loading');
    assert.equal(store.state.error, undefined);
  });

  it('reset before start loads nothing', async () => {
    const { store, client, settle } = setup();
    store.reset();
    await settle();
    assert.equal(client.calls.length, 0);
    assert.equal(store.busy, false);
  });
});

describe('store: refreshes', () => {
  it('first load: loading, then ready with lastSuccess; one reset event with every session', async () => {
    const { store, client, changes, states, now } = setup();
    client.add(session(1), session(2), session(3));
    await store.refresh();
    assert.deepEqual(states.map((s) => s.phase), ['loading', 'ready']);
    assert.equal(store.state.lastSuccess, now());
    assert.equal(changes.length, 1);
    assert.equal(changes[0].reset, true);
    assert.deepEqual(ids(changes[0].changed).sort(), ['devin-00000001', 'devin-00000002', 'devin-00000003']);
    assert.deepEqual(changes[0].transitions, []);
  });

  it('a refresh before start starts the store: the next poll is armed', async () => {
    const { store, timers } = setup();
    await store.refresh();
    assert.equal(timers.pending.size, 1);
    assert.equal(store.pollArmed, true);
  });

  it('a first load of nothing still announces the (empty) first result', async () => {
    const { store, changes } = setup();
    await store.refresh();
    assert.deepEqual(changes, [{ changed: [], removed: [], transitions: [], reset: true }]);
    assert.equal(store.state.phase, 'ready');
  });

  it('incremental refreshes ask for what changed since the newest update minus the overlap', async () => {
    const { store, client, changes } = setup();
    client.add(session(1), session(7));
    await store.refresh();
    await store.refresh();
    const last = client.lists().at(-1)!;
    assert.equal(last.params!.updated_after, T0 + 7 - INCREMENTAL_OVERLAP_SEC);
    assert.equal(last.params!.first, 200);
    assert.equal(last.bound, 1000);
    assert.equal(changes.length, 1, 'nothing changed: no event');
    assert.equal(store.counts.incremental, 1);
    assert.equal(store.counts.fullResyncs, 1);
  });

  it('updated_after is never negative', async () => {
    const { store, client } = setup();
    client.add(session(1, { updated_at: 10 }));
    await store.refresh();
    await store.refresh();
    assert.equal(client.lists().at(-1)!.params!.updated_after, 0);
  });

  it('a refresh while one runs queues exactly one more; every caller waits for it', async () => {
    const { store, client } = setup();
    client.add(session(1));
    const a = store.refresh();
    assert.equal(store.busy, true);
    const b = store.refresh();
    const c = store.refresh();
    assert.equal(b, c, 'one queued run for every caller');
    await Promise.all([a, b, c]);
    assert.equal(client.lists().length, 2);
    assert.equal(store.busy, false);
  });

  it('refresh({ full: true }) walks every page again', async () => {
    const { store, client } = setup();
    client.add(session(1));
    await store.refresh();
    await store.refresh({ full: true });
    assert.equal(client.lists().at(-1)!.params!.updated_after, undefined);
    assert.equal(store.counts.fullResyncs, 2);
  });

  it('after dispose a refresh sends nothing and arms nothing', async () => {
    const { store, client, timers } = setup();
    store.setViewVisible(true);
    store.dispose();
    await store.refresh();
    store.start();
    assert.equal(client.calls.length, 1, 'only the load started before dispose');
    assert.equal(timers.pending.size, 0);
  });

  it('a failure keeps the data, says why, and backs off; success clears the error', async () => {
    const { store, client, timers, logs, settle } = setup();
    client.add(session(1));
    store.setViewVisible(true);
    await settle();
    assert.equal(timers.peek()!.ms, 30_000, 'a working session: every interval');
    const err = new DevinApiError({ kind: 'server', status: 503 });
    client.failNext = err;
    await store.refresh();
    assert.equal(store.state.phase, 'error');
    assert.equal(store.state.error, err);
    assert.equal(store.size, 1, 'the last good data stays');
    assert.match(logs.at(-1)!, /^refresh failed \(server 503\): /);
    assert.equal(timers.peek()!.ms, 60_000, 'backs off');
    client.failNext = new DevinApiError({ kind: 'offline' });
    await store.refresh();
    assert.match(logs.at(-1)!, /^refresh failed \(offline\): /);
    assert.equal(timers.peek()!.ms, 120_000, 'backs off more');
    await store.refresh();
    assert.equal(store.state.phase, 'ready');
    assert.equal(store.state.error, undefined);
    assert.equal(timers.peek()!.ms, 30_000, 'the count of failures starts over');
  });

  it('a non-API failure becomes a bad_response error with the message cut at 200 characters', async () => {
    const { store, client } = setup();
    client.failNext = new Error('x'.repeat(300));
    await store.refresh();
    assert.equal(store.state.error?.kind, 'bad_response');
    assert.equal(store.state.error?.serverMessage, 'x'.repeat(200));
    client.failNext = 'plain string';
    await store.refresh();
    assert.equal(store.state.error?.serverMessage, 'plain string');
  });

  it('an answer that arrives after sign-out, or after the filter changed, is dropped', async () => {
    let signedIn = true;
    const client = new ScriptedClient();
    client.add(session(1));
    const { store } = setup({ client: () => (signedIn ? (client as unknown as DevinClient) : undefined) });
    client.beforeListAnswer = () => {
      signedIn = false;
      store.reset();
    };
    await store.refresh();
    assert.equal(store.size, 0);
    assert.equal(store.state.phase, 'signedOut');

    const c2 = new ScriptedClient();
    c2.add(session(2, { tags: ['a'] }), session(3, { tags: ['b'] }));
    const s2 = setup({ client: c2 });
    c2.beforeListAnswer = () => {
      c2.beforeListAnswer = undefined;
      s2.store.setServerFilter({ tags: ['b'] });
    };
    await s2.store.refresh();
    await s2.settle();
    assert.deepEqual(ids(s2.store.all()), ['devin-00000003']);
  });

  it('an incremental answer or a count that arrives after sign-out is dropped', async () => {
    let signedIn = true;
    const client = new ScriptedClient();
    client.add(session(1));
    const { store, advance } = setup({ client: () => (signedIn ? (client as unknown as DevinClient) : undefined) });
    await store.refresh();
    client.add(session(2));
    client.beforeListAnswer = () => {
      signedIn = false;
      store.reset();
    };
    await store.refresh();
    assert.equal(store.size, 0, 'the incremental answer is not merged after sign-out');
    assert.equal(store.state.phase, 'signedOut');

    signedIn = true;
    client.beforeListAnswer = undefined;
    store.reset();
    await store.refresh();
    await store.refresh();
    assert.equal(store.size, 2);
    const origCount = client.countSessions.bind(client);
    client.countSessions = async (params) => {
      const n = await origCount(params);
      signedIn = false;
      store.reset();
      return n === null ? null : n + 5; // a disagreeing count: would walk every page
    };
    advance(COUNT_CHECK_MS);
    const lists = client.lists().length;
    await store.refresh();
    assert.equal(client.lists().length, lists + 1, 'no walk after the sign-out');
    assert.equal(store.size, 0);
  });

  it('a failure that arrives after sign-out changes no state', async () => {
    let signedIn = true;
    const client = new ScriptedClient();
    const { store } = setup({ client: () => (signedIn ? (client as unknown as DevinClient) : undefined) });
    client.beforeListAnswer = () => {
      signedIn = false;
      store.reset();
      throw new DevinApiError({ kind: 'server', status: 500 });
    };
    await store.refresh();
    assert.equal(store.state.phase, 'signedOut');
    assert.equal(store.state.error, undefined);
  });
});

describe('store: count checks and full walks', () => {
  async function loaded(n = 3) {
    const ctx = setup();
    for (let i = 1; i <= n; i++) ctx.client.add(session(i));
    await ctx.store.refresh();
    return ctx;
  }

  it('no count check before COUNT_CHECK_MS; one at it; an agreeing count walks nothing', async () => {
    const { store, client, advance } = await loaded();
    advance(COUNT_CHECK_MS - 1);
    await store.refresh();
    assert.equal(store.counts.countChecks, 0);
    advance(1);
    await store.refresh();
    assert.equal(store.counts.countChecks, 1);
    assert.equal(store.counts.fullResyncs, 1, 'only the first load');
    await store.refresh();
    assert.equal(store.counts.countChecks, 1, 'the next check waits another period');
    assert.deepEqual(client.calls.filter((c) => c.kind === 'count').map((c) => c.params), [{}]);
  });

  it('a count that disagrees walks every page and drops what was deleted elsewhere', async () => {
    const { store, client, changes, advance, logs } = await loaded();
    client.sessions.delete('devin-00000002');
    advance(COUNT_CHECK_MS);
    await store.refresh();
    assert.equal(store.counts.fullResyncs, 2);
    assert.deepEqual(changes.at(-1)!.removed, ['devin-00000002']);
    assert.ok(logs.includes('the server counts 2 sessions, the list knows 3: full refresh'), logs.join('\n'));
  });

  it('a count of null: no more count checks, a full walk at most once an hour', async () => {
    const { store, client, advance, logs } = await loaded();
    client.total = null;
    advance(COUNT_CHECK_MS);
    await store.refresh();
    assert.equal(store.counts.countChecks, 1);
    assert.equal(logs.filter((l) => /gives no total/.test(l)).length, 1);
    advance(COUNT_CHECK_MS);
    await store.refresh();
    assert.equal(store.counts.countChecks, 1, 'no second check');
    assert.equal(store.counts.fullResyncs, 1);
    advance(UNCOUNTED_RESYNC_MS - 2 * COUNT_CHECK_MS - 1);
    await store.refresh();
    assert.equal(store.counts.fullResyncs, 1, 'not before the hour');
    advance(1);
    await store.refresh();
    assert.equal(store.counts.fullResyncs, 2, 'the hourly walk');
    assert.equal(logs.filter((l) => /gives no total/.test(l)).length, 1, 'said once');
  });

  it('a first walk without total: hourly walks, logged once; a later walk with a matching total trusts counts again', async () => {
    const { store, client, advance, logs } = setup();
    client.add(session(1));
    client.total = null;
    await store.refresh();
    assert.equal(logs.filter((l) => /gives no total/.test(l)).length, 1);
    advance(UNCOUNTED_RESYNC_MS);
    await store.refresh();
    assert.equal(store.counts.fullResyncs, 2);
    assert.equal(logs.filter((l) => /gives no total/.test(l)).length, 1, 'not repeated');
    client.total = 'real';
    advance(UNCOUNTED_RESYNC_MS);
    await store.refresh();
    assert.equal(store.counts.fullResyncs, 3);
    advance(COUNT_CHECK_MS);
    await store.refresh();
    assert.equal(store.counts.countChecks, 1, 'counts are used again');
    assert.equal(store.counts.fullResyncs, 3);
  });

  it('a total that disagrees with the pages it was checked against falls back to hourly walks', async () => {
    const { store, client, advance, logs } = await loaded();
    client.total = 99;
    advance(COUNT_CHECK_MS);
    await store.refresh();
    assert.equal(store.counts.fullResyncs, 2, 'the count disagreed: one walk');
    assert.ok(logs.some((l) => l === "the list's total (99) does not match its pages (3): a full refresh at most once an hour instead"), logs.join('\n'));
    advance(COUNT_CHECK_MS);
    await store.refresh();
    assert.equal(store.counts.countChecks, 1, 'no more count checks');
    assert.equal(store.counts.fullResyncs, 2);
  });

  it('a first load whose total disagrees keeps using counts (it raced with changes)', async () => {
    const { store, client, advance } = setup();
    client.add(session(1));
    client.total = 5;
    await store.refresh();
    client.total = 'real';
    advance(COUNT_CHECK_MS);
    await store.refresh();
    assert.equal(store.counts.countChecks, 1);
    assert.equal(store.counts.fullResyncs, 1, 'the count now agrees');
  });

  it('a repeated cursor: logged, nothing removed, and the count is not trusted to agree', async () => {
    const { store, client, changes, advance, logs } = await loaded();
    client.sessions.delete('devin-00000001');
    client.cursorRepeated = true;
    await store.refresh({ full: true });
    assert.ok(logs.includes('the server repeated a page cursor; the session list may be incomplete'));
    assert.ok(store.get('devin-00000001'), 'a short list is not read as deletions');
    assert.ok(changes.every((c) => c.removed.length === 0));
    client.cursorRepeated = false;
    advance(COUNT_CHECK_MS);
    await store.refresh();
    assert.equal(store.counts.fullResyncs, 3, 'the count (2) disagrees with the 3 ids known: a walk');
    assert.equal(store.get('devin-00000001'), undefined);
  });

  it('a repeated cursor with total null still stops count checks', async () => {
    const { store, client, advance } = await loaded();
    client.cursorRepeated = true;
    client.total = null;
    await store.refresh({ full: true });
    advance(COUNT_CHECK_MS);
    await store.refresh();
    assert.equal(store.counts.countChecks, 0);
  });

  it('ids seen by incremental refreshes count as listed (no needless walk)', async () => {
    const { store, client, advance } = await loaded();
    client.add(session(50));
    await store.refresh();
    advance(COUNT_CHECK_MS);
    await store.refresh();
    assert.equal(store.counts.countChecks, 1);
    assert.equal(store.counts.fullResyncs, 1);
  });

  it('the count check and the walk use the server filter', async () => {
    const { store, client, advance } = setup();
    client.add(session(1, { tags: ['a'] }));
    store.setServerFilter({ tags: ['a'] });
    await store.refresh();
    advance(COUNT_CHECK_MS);
    await store.refresh();
    assert.deepEqual(client.calls.map((c) => c.params?.tags), [['a'], ['a'], ['a']]);
  });

  it('a failed count check is an error like any other', async () => {
    const { store, client, advance } = await loaded();
    advance(COUNT_CHECK_MS);
    client.beforeListAnswer = () => {
      client.failNext = new DevinApiError({ kind: 'timeout' });
    };
    await store.refresh();
    assert.equal(store.state.error?.kind, 'timeout');
  });
});

describe('store: the first walk streams pages 1, 2, 4, 8 …', () => {
  it('merges after pages 1, 2 and 4, then the rest when the walk ends', async () => {
    const { store, client, changes } = setup();
    client.pageSize = 1;
    for (let i = 1; i <= 6; i++) client.add(session(i));
    await store.refresh();
    assert.deepEqual(changes.map((c) => [c.reset, c.changed.length]), [[true, 1], [false, 1], [false, 2], [false, 2]]);
    assert.equal(store.size, 6);
  });

  it('a walk over a filled cache does not stream', async () => {
    const { store, client, changes } = setup();
    client.pageSize = 1;
    client.add(session(1));
    await store.refresh();
    client.add(session(2), session(3));
    await store.refresh({ full: true });
    assert.equal(changes.length, 2);
    assert.deepEqual(ids(changes[1].changed).sort(), ['devin-00000002', 'devin-00000003']);
  });

  it('pages that arrive after the filter changed are not merged', async () => {
    const { store, client, changes } = setup();
    client.pageSize = 1;
    client.add(session(1, { tags: ['x'] }), session(2, { tags: ['x'] }));
    const origList = client.listNewestSessions.bind(client);
    let switched = false;
    client.listNewestSessions = async (params, bound, opts) =>
      origList(params, bound, {
        onPage: (items) => {
          if (!switched) {
            switched = true;
            store.setServerFilter({ tags: ['y'] });
          }
          opts?.onPage?.(items);
        },
      });
    await store.refresh();
    assert.ok(changes.every((c) => c.changed.length === 0), JSON.stringify(changes.map((c) => ids(c.changed))));
  });
});

describe('store: merge', () => {
  it('never goes back in time; the same second is applied; an identical copy is no change', async () => {
    const { store, client, changes } = setup();
    client.add(session(1));
    await store.refresh();
    const cur = store.get('devin-00000001')!;
    changes.length = 0;
    store.upsert({ ...cur, status_detail: 'finished', updated_at: cur.updated_at - 1 });
    assert.equal(store.get(cur.session_id)!.status_detail, 'working');
    store.upsert({ ...cur });
    assert.equal(changes.length, 0);
    store.upsert({ ...cur, status_detail: 'waiting_for_user' });
    assert.equal(store.get(cur.session_id)!.status_detail, 'waiting_for_user');
    assert.deepEqual(transitions(changes), [[cur.session_id, 'needsInput', null]]);
  });

  it('an unchanged copy still replaces the object (the next comparison starts from it)', async () => {
    const { store, client } = setup();
    client.add(session(1));
    await store.refresh();
    const copy = { ...store.get('devin-00000001')!, extra: 1 };
    store.upsert(copy);
    assert.equal(store.get('devin-00000001'), copy);
  });

  it('transitions compare with the copy from before the merge, even when a session comes twice in one merge', async () => {
    const { store, client, changes } = setup();
    client.add(session(1));
    await store.refresh();
    changes.length = 0;
    const cur = store.get('devin-00000001')!;
    // Within one answer the session appears as waiting and then as finished.
    (store as unknown as { merge(s: Session[], full: boolean): boolean }).merge(
      [
        { ...cur, status_detail: 'waiting_for_user', updated_at: cur.updated_at + 1 },
        { ...cur, status_detail: 'finished', updated_at: cur.updated_at + 2 },
      ],
      false,
    );
    // Both copies are compared with the cached one (working), not with each other.
    assert.deepEqual(transitions(changes), [
      [cur.session_id, 'needsInput', null],
      [cur.session_id, 'finished', null],
    ]);
  });

  it('a session new in this merge, seen twice, gives no transition and no removal when it drops out', async () => {
    const { store, client, changes, setMax } = setup();
    client.add(session(5), session(6));
    await store.refresh();
    changes.length = 0;
    setMax(2);
    const fresh = session(1);
    (store as unknown as { merge(s: Session[], full: boolean): boolean }).merge([fresh, { ...fresh, status_detail: 'finished' }], false);
    assert.deepEqual(changes, [], 'added and dropped again (older than the bound): nothing to tell');
    assert.equal(store.size, 2);
  });

  it('the bound keeps the most recently updated; one that falls out is removed; truncated is set', async () => {
    const { store, client, changes, setMax } = setup({ maxSessions: 3 });
    for (let i = 1; i <= 3; i++) client.add(session(i));
    await store.refresh();
    assert.equal(store.state.truncated, false);
    changes.length = 0;
    setMax(2);
    store.upsert(session(9));
    assert.deepEqual(ids(store.all()).sort(), ['devin-00000003', 'devin-00000009']);
    assert.deepEqual(changes.at(-1)!.removed.sort(), ['devin-00000001', 'devin-00000002']);
    assert.deepEqual(ids(changes.at(-1)!.changed), ['devin-00000009']);
  });

  it('a session added and cut by the bound in the same merge is neither changed nor removed', async () => {
    const { store, client, changes } = setup({ maxSessions: 2 });
    client.add(session(5), session(6));
    await store.refresh();
    changes.length = 0;
    store.upsert(session(1));
    assert.equal(store.get('devin-00000001'), undefined);
    assert.deepEqual(changes, []);
  });

  it('a kept session that is updated and then cut by the bound is reported removed, not changed', async () => {
    const { store, client, changes } = setup({ maxSessions: 2 });
    client.add(session(5), session(6));
    await store.refresh();
    changes.length = 0;
    // Session 5 changes without a newer updated_at (same second), and session 9 pushes it out.
    (store as unknown as { merge(s: Session[], full: boolean): boolean }).merge([{ ...store.get('devin-00000005')!, title: 'renamed' }, session(9)], false);
    assert.deepEqual(changes.length, 1);
    assert.deepEqual(changes[0].removed, ['devin-00000005']);
    assert.deepEqual(ids(changes[0].changed), ['devin-00000009']);
  });

  it('the first load reports a truncated list; a refresh that fits clears it', async () => {
    const { store, client } = setup({ maxSessions: 2 });
    for (let i = 1; i <= 3; i++) client.add(session(i));
    await store.refresh();
    assert.equal(store.state.truncated, true);
    assert.equal(store.size, 2);
    client.sessions.delete('devin-00000001');
    await store.refresh({ full: true });
    assert.equal(store.state.truncated, false);
  });

  it('an incremental refresh that overflows the bound sets truncated and keeps it', async () => {
    const { store, client } = setup({ maxSessions: 2 });
    client.add(session(1), session(2));
    await store.refresh();
    assert.equal(store.state.truncated, false);
    client.add(session(3));
    await store.refresh();
    assert.equal(store.state.truncated, true);
    await store.refresh();
    assert.equal(store.state.truncated, true, 'still more than the bound');
  });

  it('the tag filter means every tag, whatever the server returns; a session that loses a tag leaves', async () => {
    const { store, client, changes } = setup();
    client.add(session(1, { tags: ['a', 'b'] }), session(2, { tags: ['a'] }), session(3, { tags: [] }));
    store.setServerFilter({ tags: ['a', 'b'] });
    await store.refresh();
    assert.deepEqual(ids(store.all()), ['devin-00000001']);
    client.patch('devin-00000001', { tags: ['a'], updated_at: T0 + 100 });
    await store.refresh();
    assert.equal(store.size, 0);
    assert.deepEqual(changes.at(-1)!.removed, ['devin-00000001']);
  });

  it('an empty tag filter keeps everything', async () => {
    const { store, client } = setup();
    client.add(session(1, { tags: ['a'] }), session(2));
    store.setServerFilter({ tags: [] });
    await store.refresh();
    assert.equal(store.size, 2);
  });

  it('a full walk removes what is gone; an incremental one does not', async () => {
    const { store, client, changes } = setup();
    client.add(session(1), session(2));
    await store.refresh();
    client.sessions.delete('devin-00000001');
    await store.refresh();
    assert.equal(store.size, 2);
    await store.refresh({ full: true });
    assert.deepEqual(ids(store.all()), ['devin-00000002']);
    assert.deepEqual(changes.at(-1), { changed: [], removed: ['devin-00000001'], transitions: [], reset: false });
  });
});

describe('store: archived sessions and the user\'s own actions', () => {
  async function running(n = 3) {
    const ctx = setup();
    for (let i = 1; i <= n; i++) ctx.client.add(session(i));
    await ctx.store.refresh();
    ctx.changes.length = 0;
    return ctx;
  }
  const id = (n: number) => `devin-${String(n).padStart(8, '0')}`;

  it('a session archived in the same poll that finishes gives no transition; a live one gives one', async () => {
    const { store, client, changes } = await running();
    client.patch(id(1), { is_archived: true, status: 'exit', status_detail: null, updated_at: T0 + 100 });
    client.patch(id(2), { status: 'exit', status_detail: null, updated_at: T0 + 100 });
    await store.refresh();
    assert.deepEqual(transitions(changes), [[id(2), 'finished', null]]);
  });

  it('archive: the answer is kept archived and explained transitions are marked own', async () => {
    const { store, client, changes } = await running();
    client.answer = (s) => ({ ...s, is_archived: false, status_detail: 'waiting_for_user', updated_at: T0 + 50 });
    const s = await store.archive(id(1));
    assert.equal(s.is_archived, false, 'the server answer is returned as it came');
    assert.equal(store.get(id(1))!.is_archived, true, 'the cache has it archived');
    assert.deepEqual(transitions(changes), []);
    assert.deepEqual(client.calls.filter((c) => c.kind === 'archive').map((c) => c.id), [id(1)]);
  });

  it('terminate: the finish it causes is marked own once; the next finish of the same session is news', async () => {
    const { store, client, changes, advance } = await running();
    client.answer = (s) => ({ ...s, status: 'running', status_detail: 'working' }); // a slow server
    await store.terminate(id(1), false);
    assert.deepEqual(client.calls.filter((c) => c.kind === 'terminate').map((c) => c.archive), [false]);
    advance(OWN_ACTION_WINDOW_MS);
    client.answer = undefined;
    client.patch(id(1), { status: 'exit', status_detail: null, updated_at: T0 + 100 });
    await store.refresh();
    assert.deepEqual(transitions(changes), [[id(1), 'finished', 'terminate']], 'at the end of the window: still own');
    changes.length = 0;
    client.patch(id(1), { status: 'running', status_detail: 'working', updated_at: T0 + 200 });
    await store.refresh();
    client.patch(id(1), { status: 'error', status_detail: null, updated_at: T0 + 300 });
    await store.refresh();
    assert.deepEqual(transitions(changes), [[id(1), 'failed', null]], 'used once');
  });

  it('past the window a terminate explains nothing', async () => {
    const { store, client, changes, advance } = await running();
    client.answer = (s) => ({ ...s, status: 'running', status_detail: 'working' });
    await store.terminate(id(1), false);
    advance(OWN_ACTION_WINDOW_MS + 1);
    client.answer = undefined;
    client.patch(id(1), { status: 'exit', status_detail: null, updated_at: T0 + 100 });
    await store.refresh();
    assert.deepEqual(transitions(changes), [[id(1), 'finished', null]]);
  });

  it('terminate explains finishing, not asking for input or a new pull request', async () => {
    const { store, client, changes } = await running();
    client.answer = (s) => ({ ...s, status: 'running', status_detail: 'working' });
    await store.terminate(id(1), false);
    client.answer = undefined;
    client.patch(id(1), { status: 'running', status_detail: 'waiting_for_user', pull_requests: [{ pr_url: 'https://github.com/a/b/pull/1', pr_state: 'open' }], updated_at: T0 + 100 });
    await store.refresh();
    assert.deepEqual(transitions(changes), [
      [id(1), 'needsInput', null],
      [id(1), 'prOpened', null],
    ]);
  });

  it('terminate and archive: the cache has it archived, no transition', async () => {
    const { store, client, changes } = await running();
    client.answer = (s) => ({ ...s, is_archived: false });
    const s = await store.terminate(id(1), true);
    assert.equal(s.is_archived, false);
    assert.equal(store.get(id(1))!.is_archived, true);
    assert.deepEqual(client.calls.filter((c) => c.kind === 'terminate').map((c) => c.archive), [true]);
    assert.deepEqual(transitions(changes), []);
  });

  it('a failed action leaves no record; an earlier record of the same session is restored', async () => {
    const { store, client, changes } = await running();
    client.answer = (s) => ({ ...s, status: 'running', status_detail: 'working' });
    await store.terminate(id(1), false);
    client.failActions = new DevinApiError({ kind: 'server', status: 503 });
    await assert.rejects(store.archive(id(1)), (e: unknown) => e === client.failActions);
    await assert.rejects(store.terminate(id(2), false));
    client.failActions = undefined;
    client.answer = undefined;
    client.patch(id(1), { status: 'exit', status_detail: null, updated_at: T0 + 100 });
    client.patch(id(2), { status: 'exit', status_detail: null, updated_at: T0 + 100 });
    await store.refresh();
    assert.deepEqual(transitions(changes), [
      [id(1), 'finished', 'terminate'],
      [id(2), 'finished', null],
    ]);
  });

  it('records are by canonical id: an action on the bare id explains the change', async () => {
    const { store, client, changes } = await running();
    client.answer = (s) => ({ ...s, status: 'running', status_detail: 'working' });
    await store.terminate('00000001', false);
    assert.deepEqual(client.calls.filter((c) => c.kind === 'terminate').map((c) => c.id), ['00000001'], 'the caller\'s form is sent');
    client.answer = undefined;
    client.patch(id(1), { updated_at: T0 + 100 });
    await store.refresh();
    assert.deepEqual(transitions(changes), [[id(1), 'finished', 'terminate']]);
  });

  it('create and sendMessage put the answer in the cache at once and poll soon', async () => {
    const { store, client, changes, timers } = await running();
    store.setViewVisible(true);
    const created = await store.create({ prompt: 'Write docs' });
    assert.equal(store.get(created.session_id), created);
    assert.deepEqual(ids(changes.at(-1)!.changed), [created.session_id]);
    assert.equal(timers.peek()!.ms, 2_000);
    client.patch(id(1), { status_detail: 'waiting_for_user', updated_at: T0 + 10 });
    await store.refresh();
    timers.pending.clear();
    await store.sendMessage(id(1), 'go on');
    assert.equal(store.get(id(1))!.status_detail, 'working');
    assert.equal(timers.peek()!.ms, 2_000);
  });

  it('sendMessage without an answer body keeps the cache and still polls soon', async () => {
    const { store, client, timers } = await running();
    store.setViewVisible(true);
    client.sendMessage = async () => undefined;
    const before = store.get(id(1));
    await store.sendMessage(id(1), 'hi');
    assert.equal(store.get(id(1)), before);
    assert.equal(timers.peek()!.ms, 2_000);
  });
});

describe('store: refreshSession and loadMore', () => {
  it('refreshSession merges the answer; a 404 removes the session and rethrows; other errors remove nothing', async () => {
    const { store, client, changes } = setup();
    client.add(session(1), session(2));
    await store.refresh();
    client.patch('devin-00000001', { title: 'renamed', updated_at: T0 + 10 });
    const s = await store.refreshSession('00000001');
    assert.equal(s?.title, 'renamed');
    assert.equal(store.get('devin-00000001')!.title, 'renamed');
    client.sessions.delete('devin-00000001');
    changes.length = 0;
    await assert.rejects(store.refreshSession('00000001'), (e: DevinApiError) => e.kind === 'not_found');
    assert.equal(store.get('devin-00000001'), undefined);
    assert.deepEqual(changes, [{ changed: [], removed: ['devin-00000001'], transitions: [], reset: false }]);
    await assert.rejects(store.refreshSession('devin-00000077'), (e: DevinApiError) => e.kind === 'not_found');
    assert.equal(changes.length, 1, 'not cached: nothing to remove');
    client.getSession = async () => {
      throw new DevinApiError({ kind: 'server', status: 500 });
    };
    await assert.rejects(store.refreshSession('devin-00000002'));
    assert.ok(store.get('devin-00000002'));
  });

  it('a 404 also forgets the id as listed: the next count check agrees without a walk', async () => {
    const { store, client, advance } = setup();
    client.add(session(1), session(2));
    await store.refresh();
    client.sessions.delete('devin-00000001');
    await assert.rejects(store.refreshSession('devin-00000001'));
    advance(COUNT_CHECK_MS);
    await store.refresh();
    assert.equal(store.counts.countChecks, 1);
    assert.equal(store.counts.fullResyncs, 1);
  });

  it('loadMore raises the bound by devin.maxSessions and walks again; without truncation it does nothing', async () => {
    const { store, client } = setup({ maxSessions: 2 });
    for (let i = 1; i <= 5; i++) client.add(session(i));
    await store.refresh();
    assert.equal(store.size, 2);
    await store.loadMore();
    assert.equal(client.lists().at(-1)!.bound, 4);
    assert.equal(store.size, 4);
    assert.equal(store.state.truncated, true);
    await store.loadMore();
    assert.equal(store.size, 5);
    assert.equal(store.state.truncated, false);
    const n = client.calls.length;
    await store.loadMore();
    assert.equal(client.calls.length, n, 'nothing more to load');
  });

  it('loadMore throws the refresh error; signed out it throws before asking', async () => {
    const { store, client } = setup({ maxSessions: 1 });
    client.add(session(1), session(2));
    await store.refresh();
    const err = new DevinApiError({ kind: 'server', status: 502 });
    client.failNext = err;
    await assert.rejects(store.loadMore(), (e: unknown) => e === err);
    const out = setup({ client: () => undefined });
    await assert.rejects(out.store.loadMore(), (e: DevinApiError) => e.kind === 'unauthorized');
  });

  it('the bound is at least one session', async () => {
    const { store, client } = setup({ maxSessions: 0 });
    client.add(session(1), session(2));
    await store.refresh();
    assert.equal(client.lists()[0].bound, 1);
    assert.equal(store.size, 1);
  });

  it('setServerFilter drops the cache and Load More, announces a reset and reloads when started', async () => {
    const { store, client, changes, settle } = setup({ maxSessions: 1 });
    client.add(session(1, { tags: ['a'] }), session(2, { tags: ['a'] }));
    await store.refresh();
    await store.loadMore();
    assert.equal(client.lists().at(-1)!.bound, 2);
    changes.length = 0;
    store.setServerFilter({ tags: ['a'] });
    assert.equal(store.size, 0);
    assert.equal(store.state.truncated, false);
    assert.deepEqual(changes[0], { changed: [], removed: [], transitions: [], reset: true });
    await settle();
    assert.equal(client.lists().at(-1)!.bound, 1, 'Load More is forgotten');
    assert.equal(client.lists().at(-1)!.params!.updated_after, undefined, 'a full walk');
    assert.equal(store.size, 1);
  });

  it('setServerFilter before start loads nothing', async () => {
    const { store, client, settle } = setup();
    store.setServerFilter({ tags: ['a'] });
    await settle();
    assert.equal(client.calls.length, 0);
  });
});

describe('store: when it polls', () => {
  it('start loads once; a focused window polls even with nothing shown', async () => {
    const { store, client, timers, settle } = setup();
    client.add(session(1, { status: 'exit', status_detail: null }));
    store.start();
    store.start();
    await settle();
    assert.equal(client.lists().length, 1);
    assert.equal(timers.pending.size, 1);
    assert.equal(timers.peek()!.ms, 60_000, 'nothing works: every other interval');
  });

  it('focused with nothing shown still polls; unfocused and hidden does not; focus regained refreshes at once', async () => {
    const { store, client, timers, settle } = setup();
    client.add(session(1, { status: 'exit', status_detail: null }));
    store.setViewVisible(true);
    await settle();
    assert.equal(timers.peek()!.ms, 60_000, 'nothing works: half as often');
    store.setViewVisible(false);
    assert.equal(timers.peek()!.ms, 60_000, 'focused: still polls');
    store.setFocused(false);
    assert.equal(timers.pending.size, 0);
    store.setFocused(false);
    assert.equal(client.lists().length, 1);
    store.setFocused(true);
    await settle();
    assert.equal(client.lists().length, 2, 'one refresh on focus');
    store.setFocused(true);
    await settle();
    assert.equal(client.lists().length, 2, 'already focused: no refresh');
  });

  it('focus before start refreshes nothing', async () => {
    const { store, client, settle } = setup();
    store.setFocused(false);
    store.setFocused(true);
    await settle();
    assert.equal(client.calls.length, 0);
  });

  it('the view shown again polls soon; shown while shown keeps the cadence', async () => {
    const { store, client, timers, settle } = setup();
    client.add(session(1));
    store.setViewVisible(true);
    await settle();
    assert.equal(timers.peek()!.ms, 30_000);
    store.setViewVisible(true);
    assert.equal(timers.peek()!.ms, 30_000);
    store.setViewVisible(false);
    store.setViewVisible(true);
    assert.equal(timers.peek()!.ms, 2_000);
  });

  it('a timer firing refreshes and re-arms', async () => {
    const { store, client, timers, settle } = setup();
    client.add(session(1));
    store.setViewVisible(true);
    await settle();
    assert.equal(store.pollArmed, true);
    timers.fire();
    assert.equal(store.pollArmed, false, 'the fired timer is forgotten');
    await settle();
    assert.equal(client.lists().length, 2);
    assert.equal(store.pollArmed, true);
  });

  it('with background refresh off, a visible panel keeps polling; panels count down to zero, not below', async () => {
    const { store, client, timers, settle } = setup();
    client.add(session(1));
    store.setBackground(false);
    store.setPanelVisible(1);
    await settle();
    assert.equal(client.lists().length, 1, 'a panel starts the store');
    assert.equal(timers.pending.size, 1);
    store.setPanelVisible(-1);
    assert.equal(timers.pending.size, 0);
    store.setPanelVisible(-1);
    store.setPanelVisible(1);
    assert.equal(timers.pending.size, 1, 'one panel shown again: polls (the count did not go below zero)');
  });

  it('a panel hidden before anything started starts nothing', async () => {
    const { store, client, settle } = setup();
    store.setPanelVisible(-1);
    await settle();
    assert.equal(client.calls.length, 0);
  });

  it('a panel shown after start does not refresh at once', async () => {
    const { store, client, settle } = setup();
    store.start();
    await settle();
    store.setPanelVisible(1);
    await settle();
    assert.equal(client.lists().length, 1);
  });

  it('a fatal error polls rarely: a rejected key, no permission, bad settings, or a 404 on the list', async () => {
    for (const kind of ['unauthorized', 'forbidden', 'config', 'not_found'] as const) {
      const { store, client, timers, settle } = setup();
      store.setViewVisible(true);
      await settle();
      client.failNext = new DevinApiError({ kind });
      await store.refresh();
      assert.equal(timers.peek()!.ms, MAX_BACKOFF_MS, kind);
    }
  });

  it('a rate limit waits at least its Retry-After; an action does not shorten a backoff', async () => {
    const { store, client, timers, settle } = setup();
    client.add(session(1));
    store.setViewVisible(true);
    await settle();
    client.failNext = new DevinApiError({ kind: 'rate_limited', retryAfterMs: 300_000 });
    await store.refresh();
    assert.equal(timers.peek()!.ms, 300_000);
    await store.create({ prompt: 'x' });
    assert.equal(timers.peek()!.ms, 300_000, 'no quick poll while failing');
  });

  it('no timer while a refresh runs; at most one armed', async () => {
    const { store, client, timers, settle } = setup();
    client.add(session(1));
    store.setViewVisible(true);
    const running = store.refresh();
    store.setFocused(true);
    store.setViewVisible(false);
    store.setViewVisible(true);
    assert.equal(timers.pending.size, 0, 'nothing armed during a refresh');
    await running;
    await settle();
    assert.equal(timers.pending.size, 1);
  });

  it('a refresh with a follow-up queued arms only after the follow-up', async () => {
    const { store, client, timers, settle } = setup();
    client.add(session(1));
    store.setViewVisible(true);
    await settle();
    const a = store.refresh();
    const b = store.refresh();
    await a;
    assert.equal(timers.pending.size, 0, 'the follow-up is queued: no timer yet');
    await b;
    assert.equal(timers.pending.size, 1);
  });

  it('signed out: nothing is armed', async () => {
    const { store, timers } = setup({ client: () => undefined });
    store.setViewVisible(true);
    store.setFocused(true);
    assert.equal(timers.pending.size, 0);
  });

  it('dispose disarms the poll and drops the listeners', async () => {
    const { store, client, timers, settle, changes } = setup();
    client.add(session(1));
    store.setViewVisible(true);
    await settle();
    assert.equal(timers.pending.size, 1);
    store.dispose();
    assert.equal(timers.pending.size, 0);
    assert.equal(store.pollArmed, false);
    const n = changes.length;
    store.upsert(session(2));
    assert.equal(changes.length, n);
    store.setViewVisible(false);
    store.setViewVisible(true);
    assert.equal(timers.pending.size, 0);
  });

  it('the interval setting sets the cadence', async () => {
    const { store, client, timers, settle } = setup({ intervalSec: 45 });
    client.add(session(1));
    store.setViewVisible(true);
    await settle();
    assert.equal(timers.peek()!.ms, 45_000);
  });
});

describe('store: state events', () => {
  it('a state event only when something changed', async () => {
    const { store, client, states, advance } = setup();
    client.add(session(1));
    await store.refresh();
    const n = states.length;
    await store.refresh();
    assert.equal(states.length, n, 'same phase, same time: no event');
    advance(1000);
    await store.refresh();
    assert.equal(states.length, n + 1, 'a new lastSuccess is an event');
  });

  it('a new error in the same phase is an event; so is truncation alone', async () => {
    const { store, client, states, setMax } = setup();
    client.add(session(1), session(2));
    await store.refresh();
    client.failNext = new DevinApiError({ kind: 'server', status: 500 });
    await store.refresh();
    const n = states.length;
    const second = new DevinApiError({ kind: 'server', status: 502 });
    client.failNext = second;
    await store.refresh();
    assert.equal(states.length, n + 1, 'same phase, another error: one event');
    assert.equal(states.at(-1)!.error, second);
    await store.refresh();
    assert.equal(store.state.phase, 'ready');
    const m = states.length;
    setMax(1);
    await store.refresh({ full: true });
    assert.equal(states.length, m + 1, 'same phase and time, now truncated: one event');
    assert.equal(states.at(-1)!.truncated, true);
  });

  it('without injected clock and timers it uses Date.now and setTimeout/clearTimeout', async () => {
    const client = new ScriptedClient();
    client.add(session(1));
    const realSet = globalThis.setTimeout;
    const realClear = globalThis.clearTimeout;
    const armed: number[] = [];
    const cleared: unknown[] = [];
    const handle = { fake: true };
    globalThis.setTimeout = ((_fn: () => void, ms: number) => {
      armed.push(ms);
      return handle;
    }) as unknown as typeof setTimeout;
    globalThis.clearTimeout = ((t: unknown) => cleared.push(t)) as unknown as typeof clearTimeout;
    try {
      const store = new SessionStore({ createClient: () => client as unknown as DevinClient, intervalSec: () => 30, maxSessions: () => 1000 });
      const before = Date.now();
      await store.refresh();
      const after = Date.now();
      assert.ok(store.state.lastSuccess! >= before && store.state.lastSuccess! <= after, 'lastSuccess is the wall clock');
      // Nothing Devin is visible: the relaxed background interval (2 × 30 s).
      assert.deepEqual(armed, [60_000]);
      store.dispose();
      assert.deepEqual(cleared, [handle]);
    } finally {
      globalThis.setTimeout = realSet;
      globalThis.clearTimeout = realClear;
    }
  });

  it('get, all and size answer from the cache; get takes either id form', async () => {
    const { store, client } = setup();
    client.add(session(1), session(2));
    await store.refresh();
    assert.equal(store.size, 2);
    assert.equal(store.all().length, 2);
    assert.equal(store.get('00000002'), store.get('devin-00000002'));
    assert.ok(store.get('00000002'));
  });
});
