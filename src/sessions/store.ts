// The single cache of sessions for every view. No `vscode` import: the extension wires focus,
// visibility and settings in; tests drive it with fake timers.
import * as l10n from '@vscode/l10n';
import { DevinClient, MAX_PAGE_SIZE, newerFirst } from '../api/client';
import { DevinApiError } from '../api/errors';
import type { CreateSessionRequest, ListSessionsParams, Session } from '../api/types';
import { computeTransitions, isActive, sameSession, searchText, type OwnAction, type Transition, type TransitionKind } from './model';
import { COUNT_CHECK_MS, INCREMENTAL_OVERLAP_SEC, UNCOUNTED_RESYNC_MS, nextPollDelay } from './polling';
import { canonicalSessionId } from './sessionId';
import type { SessionHint, SessionHints } from './hints';

export type Listener<T> = (e: T) => void;
export interface Disposable {
  dispose(): void;
}

/** Minimal event emitter (the store runs outside VS Code in tests). */
export class Emitter<T> {
  private listeners = new Set<Listener<T>>();
  readonly event = (l: Listener<T>): Disposable => {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch (err) {
        console.error('[devin] listener failed', err);
      }
    }
  }
  get size(): number {
    return this.listeners.size;
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export interface StoreChange {
  /** Sessions that are new or differ from the cached copy. */
  changed: Session[];
  /** Ids no longer present (full resync) . */
  removed: string[];
  transitions: Transition[];
  /** True when everything should re-render (first load, filter change, sign-in). */
  reset: boolean;
}

export type Phase = 'signedOut' | 'noOrg' | 'loading' | 'ready' | 'error';

export interface StoreState {
  phase: Phase;
  /** Last error, kept while the last good data stays on screen. */
  error?: DevinApiError;
  /** ms timestamp of the last successful refresh. */
  lastSuccess?: number;
  /** More sessions match than the bound (devin.maxSessions, raised by Load More) keeps. */
  truncated: boolean;
}

export type { OwnAction } from './model';

/**
 * How long after an action its expected changes count as the user's own: the action's answer
 * usually shows them at once, a slow server shows them in one of the next polls.
 */
export const OWN_ACTION_WINDOW_MS = 5 * 60_000;

/**
 * The transitions each action explains. Terminating ends a session (it shows as finished, or
 * failed); archiving puts it away (an archived session gives no transitions at all; this covers a
 * poll that saw a change before the archive flag). Creating a session and sending a message need
 * no record: a session seen for the first time gives no transition, and a message moves a session
 * to "working", which announces nothing; whatever Devin does after them is news.
 */
const EXPLAINED: Record<OwnAction, readonly TransitionKind[]> = {
  archive: ['needsInput', 'finished', 'failed', 'prOpened'],
  terminate: ['finished', 'failed'],
};

export interface ServerFilter {
  tags?: string[];
  repo_names?: string[];
  user_ids?: string[];
  service_user_ids?: string[];
}

export interface StoreOptions {
  /** Builds a client for the current settings and key, or explains why it cannot. */
  createClient: () => DevinClient | DevinApiError | undefined;
  intervalSec: () => number;
  maxSessions: () => number;
  now?: () => number;
  log?: (message: string) => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
  /** Where the prompts and repositories of sessions created here are remembered. */
  hints?: SessionHints;
}

/**
 * The `k` sessions that sort last (oldest update first out). A poll at the bound drops a few: one
 * pass keeping the k oldest seen, instead of sorting the whole cache (100,000 sessions) each time.
 */
export function oldest(sessions: Iterable<Session>, k: number): Session[] {
  if (k <= 0) return [];
  if (k > 64) return [...sessions].sort(newerFirst).slice(-k);
  const out: Session[] = []; // newest first, like the cache's order
  for (const s of sessions) {
    if (out.length === k && newerFirst(s, out[0]) <= 0) continue; // newer than all k kept
    let i = 0;
    while (i < out.length && newerFirst(out[i], s) < 0) i++;
    out.splice(i, 0, s);
    if (out.length > k) out.shift();
  }
  return out;
}

export class SessionStore implements Disposable {
  private sessions = new Map<string, Session>();
  private _state: StoreState = { phase: 'signedOut', truncated: false };
  private client: DevinClient | undefined;
  private inFlight: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private timer: unknown;
  private errorCount = 0;
  private lastFull = 0;
  /** When the server's count was last compared with `listed` (a count check or a full walk). */
  private lastCount = 0;
  /**
   * Every id the server listed (under the server filter) since the last full walk, kept in the
   * cache or not: its size is what the list's `total` should say.
   */
  private listed = new Set<string>();
  /** The server gives a `total` that agrees with its pages; false: hourly full resyncs instead. */
  private countUsable = true;
  /** Requests of each kind (for tests and benchmarks). */
  readonly counts = { incremental: 0, countChecks: 0, fullResyncs: 0 };
  /** Extra sessions asked for by Load More, on top of devin.maxSessions. */
  private extra = 0;
  /** Changes the user's own actions will cause, by canonical session id. */
  private readonly expected = new Map<string, { action: OwnAction; until: number }>();
  private focused = true;
  private background = true;
  private viewVisible = false;
  private visiblePanels = 0;
  private started = false;
  private disposed = false;
  private serverFilter: ServerFilter = {};
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (t: unknown) => void;

  private readonly _onDidChange = new Emitter<StoreChange>();
  readonly onDidChange = this._onDidChange.event;
  private readonly _onDidChangeState = new Emitter<StoreState>();
  readonly onDidChangeState = this._onDidChangeState.event;

  /** Number of refresh requests issued (for benchmarks). */
  refreshCount = 0;

  constructor(private readonly options: StoreOptions) {
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  }

  get state(): StoreState {
    return this._state;
  }

  get(id: string): Session | undefined {
    // Keys are canonical (the client normalizes every answer); callers may pass either form.
    return this.sessions.get(canonicalSessionId(id));
  }

  all(): Session[] {
    return [...this.sessions.values()];
  }

  get size(): number {
    return this.sessions.size;
  }

  /** A refresh is running now (benchmarks and tests wait for it; it cannot go stale). */
  get busy(): boolean {
    return this.inFlight !== undefined;
  }

  /** What this window remembers of a session it created (prompt's first line, repository). */
  hint(id: string): SessionHint | undefined {
    return this.options.hints?.get(id);
  }

  /** The current API client (for the details panel's messages), if signed in. */
  api(): DevinClient | undefined {
    return this.client;
  }

  /** Throws a DevinApiError explaining why there is no client. */
  requireApi(): DevinClient {
    const c = this.client ?? this.rebuildClient();
    if (!c) throw this._state.error ?? new DevinApiError({ kind: 'unauthorized' }, l10n.t('You are not signed in to Devin.'));
    return c;
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  /** Called when the key, base URL or org changes: drops the cache and starts over. */
  reset(): void {
    this.cancelTimer();
    this.sessions.clear();
    this.listed.clear();
    this.errorCount = 0;
    this.lastFull = 0;
    this.extra = 0;
    this.expected.clear();
    this.client = undefined;
    this.setState({ truncated: false });
    this.rebuildClient();
    this._onDidChange.fire({ changed: [], removed: [], transitions: [], reset: true });
    if (this.started && this.client) void this.refresh();
  }

  /** Starts refreshing (first time the view or a panel is shown, or a command needs data). */
  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    if (!this.client) this.rebuildClient();
    if (this.client) void this.refresh();
  }

  /**
   * Starts refreshing in the background (signed in, after startup): the first load waits for a
   * focused window; then polls run at the relaxed interval while nothing Devin is visible.
   */
  startInBackground(): void {
    if (this.started || this.disposed || !this.background) return;
    this.started = true;
    if (!this.client) this.rebuildClient();
    if (this.client && this.focused) void this.refresh();
  }

  /** devin.backgroundRefresh: off, no poll runs while no Devin view or panel is visible. */
  setBackground(on: boolean): void {
    if (this.background === on) return;
    this.background = on;
    this.schedule();
  }

  setFocused(focused: boolean): void {
    const was = this.focused;
    this.focused = focused;
    const wanted = this.background || this.viewVisible || this.visiblePanels > 0;
    if (focused && !was && this.started && wanted) void this.refresh();
    else this.schedule();
  }

  setViewVisible(visible: boolean): void {
    const was = this.viewVisible;
    this.viewVisible = visible;
    if (visible) {
      if (!this.started) this.start();
      else if (!was) this.schedule(true);
    } else this.schedule();
  }

  /** Details panels report their visibility; a visible panel keeps polling alive. */
  setPanelVisible(delta: 1 | -1): void {
    this.visiblePanels = Math.max(0, this.visiblePanels + delta);
    if (delta > 0 && !this.started) this.start();
    this.schedule();
  }

  setServerFilter(f: ServerFilter): void {
    this.serverFilter = f;
    this.sessions.clear();
    this.listed.clear();
    this.lastFull = 0;
    this.extra = 0;
    this.setState({ truncated: false });
    this._onDidChange.fire({ changed: [], removed: [], transitions: [], reset: true });
    if (this.started) void this.refresh();
  }

  // ---- refresh -----------------------------------------------------------------------------

  /**
   * Refreshes now. Never runs two at once: a call during a refresh queues one more run.
   * `full` forces a complete resync instead of an incremental one.
   */
  refresh(opts: { full?: boolean } = {}): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (!this.started) this.started = true;
    if (opts.full) this.lastFull = 0;
    if (this.inFlight) {
      // One follow-up run at most, whatever the number of callers; they all wait for it.
      this.queued ??= this.inFlight.then(() => {
        this.queued = undefined;
        return this.refresh();
      });
      return this.queued;
    }
    this.cancelTimer();
    const run = this.doRefresh().finally(() => {
      this.inFlight = undefined;
      if (!this.queued) this.schedule();
    });
    this.inFlight = run;
    return run;
  }

  /**
   * One poll. Steady state: one incremental request (`updated_after`), plus every COUNT_CHECK_MS a
   * count check (one `first=1` request reading `total`). A full walk of every page runs only on the
   * first load, when asked (`full`), when the count disagrees with the ids the store knows, and,
   * when the server gives no usable count, at most every UNCOUNTED_RESYNC_MS.
   */
  private async doRefresh(): Promise<void> {
    const client = this.client ?? this.rebuildClient();
    if (!client) return;
    const first = this.sessions.size === 0 && this.lastFull === 0;
    if (first) this.setState({ phase: 'loading' });
    const filter = this.serverFilter;
    const stale = () => this.client !== client || this.serverFilter !== filter; // signed out, switched org or filter meanwhile
    try {
      this.refreshCount++;
      let full = this.lastFull === 0 || (!this.countUsable && this.now() - this.lastFull >= UNCOUNTED_RESYNC_MS);
      let fromCount = false;
      if (!full) {
        // Only what changed since the newest update known (with an overlap for clock skew).
        this.counts.incremental++;
        const params: ListSessionsParams = { ...filter, first: MAX_PAGE_SIZE, updated_after: Math.max(0, this.newestUpdate() - INCREMENTAL_OVERLAP_SEC) };
        const res = await client.listNewestSessions(params, this.bound());
        if (stale()) return;
        this.noteListed(res.seen);
        const truncated = this.merge(res.items, false, res.truncated);
        this.setState({ truncated: this._state.truncated || truncated });
        if (this.countUsable && this.now() - this.lastCount >= COUNT_CHECK_MS) {
          this.lastCount = this.now();
          this.counts.countChecks++;
          const total = await client.countSessions(filter);
          if (stale()) return;
          if (total === null) {
            this.countUsable = false;
            this.options.log?.('the session list gives no total: a full refresh at most once an hour instead of count checks');
          } else if (total !== this.listed.size) {
            this.options.log?.(`the server counts ${total} sessions, the list knows ${this.listed.size}: full refresh`);
            full = fromCount = true;
          }
        }
      }
      if (full) {
        this.counts.fullResyncs++;
        // Every page is read and the newest `bound` kept, whatever order the server sends them in
        // (the API documents none). On the first load each page goes to the views as it arrives.
        // The views get pages 1, 2, 4, 8, … as they arrive (then the rest at the end): the first
        // rows after one page, and regrouping a large cache only log2(pages) times.
        const streaming = this.sessions.size === 0;
        let pages = 0;
        let buffered: Session[] = [];
        const onPage = streaming ? (items: Session[]) => {
          pages++;
          buffered = buffered.length ? buffered.concat(items) : items;
          if ((pages & (pages - 1)) === 0 && !stale()) {
            this.merge(buffered, false);
            buffered = [];
          }
        } : undefined;
        const res = await client.listNewestSessions({ ...filter, first: MAX_PAGE_SIZE }, this.bound(), { onPage });
        if (stale()) return;
        if (res.cursorRepeated) {
          // A broken cursor: keep what we had rather than reading the short list as deletions.
          this.options.log?.('the server repeated a page cursor; the session list may be incomplete');
        }
        const complete = !res.cursorRepeated;
        if (complete) this.listed = res.seen;
        else this.noteListed(res.seen);
        const truncated = this.merge(res.items, complete, res.truncated);
        this.lastFull = this.lastCount = this.now();
        if (res.total === null) {
          if (this.countUsable) this.options.log?.('the session list gives no total: a full refresh at most once an hour instead of count checks');
          this.countUsable = false;
        } else if (!complete) {
          // Not a full list: nothing learnt about the count.
        } else if (res.total === this.listed.size) {
          this.countUsable = true;
        } else if (fromCount) {
          // The count disagreed, and still disagrees with the pages just read: this server's
          // `total` does not count what its list shows. Trusting it would walk every page each time.
          this.options.log?.(`the list's total (${res.total}) does not match its pages (${this.listed.size}): a full refresh at most once an hour instead`);
          this.countUsable = false;
        }
        // (A first load that disagrees with its count raced with changes: the next check tells.)
        this.setState({ truncated });
      }
      this.errorCount = 0;
      this.setState({ phase: 'ready', error: undefined, lastSuccess: this.now() });
    } catch (e) {
      if (this.client !== client) return;
      const err = e instanceof DevinApiError ? e : new DevinApiError({ kind: 'bad_response', serverMessage: String((e as Error)?.message ?? e).slice(0, 200) });
      this.errorCount++;
      this.options.log?.(`refresh failed (${err.kind}${err.status ? ` ${err.status}` : ''}): ${err.message}`);
      this.setState({ phase: 'error', error: err });
    }
  }

  private noteListed(ids: Iterable<string>): void {
    for (const id of ids) this.listed.add(id);
  }

  /** How many sessions the cache keeps: devin.maxSessions, plus what Load More asked for. */
  private bound(): number {
    return Math.max(1, this.options.maxSessions() + this.extra);
  }

  /** Raises the bound by another devin.maxSessions and reloads: older sessions join the list. */
  async loadMore(): Promise<void> {
    this.requireApi();
    if (!this._state.truncated) return;
    this.extra += this.options.maxSessions();
    await this.refresh({ full: true });
    if (this._state.phase === 'error' && this._state.error) throw this._state.error;
  }

  /** Fetches one session (after an action, or to show a panel for a session not in the list). */
  async refreshSession(id: string): Promise<Session | undefined> {
    const client = this.requireApi();
    try {
      const s = await client.getSession(id);
      this.upsert(s);
      return s;
    } catch (e) {
      if (e instanceof DevinApiError && e.kind === 'not_found') {
        this.listed.delete(canonicalSessionId(id));
        const existing = this.get(id);
        if (existing) {
          this.sessions.delete(existing.session_id);
          this._onDidChange.fire({ changed: [], removed: [existing.session_id], transitions: [], reset: false });
        }
      }
      throw e;
    }
  }

  /** Puts a session from an action's answer into the cache at once (no wait for the next poll). */
  upsert(s: Session): void {
    this.merge([s], false);
  }

  // ---- actions (commands and the details panel call these) ---------------------------------

  async create(body: CreateSessionRequest): Promise<Session> {
    const s = await this.requireApi().createSession(body);
    // Before the views hear of it: an untitled session is named by its prompt from the first row.
    this.options.hints?.remember(s.session_id, { prompt: body.prompt, repo: body.repos?.[0] });
    this.upsert(s);
    this.schedule(true);
    return s;
  }

  async sendMessage(id: string, message: string): Promise<void> {
    const s = await this.requireApi().sendMessage(id, message);
    if (s) this.upsert(s);
    this.schedule(true);
  }

  async archive(id: string): Promise<Session> {
    const s = await this.own(id, 'archive', () => this.requireApi().archiveSession(id));
    this.upsert({ ...s, is_archived: true });
    return s;
  }

  async terminate(id: string, archive: boolean): Promise<Session> {
    const s = await this.own(id, 'terminate', () => this.requireApi().terminateSession(id, { archive }));
    this.upsert(archive ? { ...s, is_archived: true } : s);
    return s;
  }

  /**
   * Records what an action will change before it is sent (a poll may see the change before the
   * answer arrives), and forgets it when the action fails: then nothing changed because of us.
   */
  private async own<T>(id: string, action: OwnAction, run: () => Promise<T>): Promise<T> {
    const key = canonicalSessionId(id);
    const before = this.expected.get(key);
    this.expected.set(key, { action, until: this.now() + OWN_ACTION_WINDOW_MS });
    try {
      return await run();
    } catch (e) {
      if (before) this.expected.set(key, before);
      else this.expected.delete(key);
      throw e;
    }
  }


  /** Marks the transitions the user's own actions explain (`own`), once each; drops stale records. */
  private markOwn(transitions: Transition[]): Transition[] {
    if (!this.expected.size) return transitions;
    const now = this.now();
    for (const [id, e] of this.expected) if (e.until < now) this.expected.delete(id);
    const used = new Set<string>();
    const out = transitions.map((t) => {
      const e = this.expected.get(t.session.session_id);
      if (!e || !EXPLAINED[e.action].includes(t.kind)) return t;
      used.add(t.session.session_id);
      return { ...t, own: e.action };
    });
    for (const id of used) this.expected.delete(id);
    return out;
  }

  // ---- internals ---------------------------------------------------------------------------

  /**
   * `full`: the incoming list is complete, so missing ids were deleted elsewhere (or fell out of
   * the bound). Keeps at most `bound()` sessions, the most recently updated. Returns whether some
   * were left out (`truncated` is the server-side count saying so).
   */
  private merge(incoming: Session[], full: boolean, truncated = false): boolean {
    // Costs O(incoming), not O(cache): a first load merges page by page into a growing cache.
    const firstLoad = this.sessions.size === 0;
    /** The cached copies the incoming sessions replace (for transitions). */
    const before = new Map<string, Session>();
    /** Ids this merge added: removing one of those again is no removal for the views. */
    const added = new Set<string>();
    const changed: Session[] = [];
    const seen = new Set<string>();
    const removed: string[] = [];
    const remove = (id: string) => {
      if (this.sessions.delete(id) && !added.has(id)) removed.push(id);
    };
    for (const s of incoming) {
      if (!this.matchesServerFilter(s)) {
        // The server's filter may be looser than ours (tags: any vs every): not ours, so not kept.
        remove(s.session_id);
        continue;
      }
      seen.add(s.session_id);
      const old = this.sessions.get(s.session_id);
      if (old && old.updated_at > s.updated_at) continue; // never go back in time
      // Unchanged (an incremental poll's overlap lists it again): the cached object stays, so the
      // views, which hold the objects they were given, never keep a second copy alive. A change
      // only in fields the views do not compare still replaces it, and is reported.
      if (old && sameSession(old, s) && JSON.stringify(old) === JSON.stringify(s)) continue;
      changed.push(s);
      if (old) {
        // The new copy takes the cached copy's id string: the map's key (and `listed`) keep the
        // first one they were given, so without this every session that ever changed would hold
        // a second copy of its id for good (100,000 sessions: up to 5 MB over days of polling).
        s.session_id = old.session_id;
        if (!before.has(s.session_id)) before.set(s.session_id, old);
      } else if (!before.has(s.session_id)) added.add(s.session_id);
      this.sessions.set(s.session_id, s);
      // The text filter's lower-cased text, built once as the session arrives (not on a keystroke).
      searchText(s);
    }
    if (full) {
      for (const id of [...this.sessions.keys()]) if (!seen.has(id)) remove(id);
    }
    // The bound, whatever order sessions arrived in: the oldest updates beyond it leave.
    const bound = this.bound();
    if (this.sessions.size > bound) {
      truncated = true;
      for (const s of oldest(this.sessions.values(), this.sessions.size - bound)) remove(s.session_id);
    }
    const gone = new Set(removed);
    for (const id of added) if (!this.sessions.has(id)) gone.add(id);
    const kept = gone.size ? changed.filter((s) => !gone.has(s.session_id)) : changed;
    const transitions = firstLoad ? [] : this.markOwn(computeTransitions(before, kept));
    if (kept.length || removed.length || firstLoad) {
      this._onDidChange.fire({ changed: kept, removed, transitions, reset: firstLoad });
    }
    return truncated;
  }

  /**
   * What the store promises about the server-side filter, whatever the server made of it. Tags:
   * a session must carry every chosen tag (the API does not say whether `tags` means any or all).
   */
  private matchesServerFilter(s: Session): boolean {
    const tags = this.serverFilter.tags;
    return !tags?.length || tags.every((t) => s.tags.includes(t));
  }

  private newestUpdate(): number {
    let max = 0;
    for (const s of this.sessions.values()) if (s.updated_at > max) max = s.updated_at;
    return max;
  }

  private anyWorking(): boolean {
    for (const s of this.sessions.values()) if (isActive(s)) return true;
    return false;
  }

  private rebuildClient(): DevinClient | undefined {
    const c = this.options.createClient();
    if (c instanceof DevinApiError) {
      this.client = undefined;
      const phase: Phase = c.kind === 'unauthorized' ? 'signedOut' : c.kind === 'config' && /organization/i.test(c.message) ? 'noOrg' : 'error';
      this.setState({ phase, error: phase === 'error' ? c : undefined });
      return undefined;
    }
    if (!c) {
      this.client = undefined;
      this.setState({ phase: 'signedOut', error: undefined });
      return undefined;
    }
    this.client = c;
    if (this._state.phase === 'signedOut' || this._state.phase === 'noOrg') this.setState({ phase: 'loading', error: undefined });
    return c;
  }

  /** (Re)arms the poll timer from the policy. `soon` schedules a quick refresh (view shown, after an action). */
  private schedule(soon = false): void {
    this.cancelTimer();
    if (!this.started || this.disposed || !this.client || this.inFlight) return;
    const err = this._state.error;
    const fatal = !!err && (err.kind === 'unauthorized' || err.kind === 'forbidden' || err.kind === 'config' || (err.kind === 'not_found' && this._state.phase === 'error'));
    let delay = nextPollDelay({
      intervalSec: this.options.intervalSec(),
      focused: this.focused,
      viewVisible: this.viewVisible,
      panelVisible: this.visiblePanels > 0,
      anyWorking: this.anyWorking(),
      errorCount: this.errorCount,
      retryAfterMs: err?.retryAfterMs,
      fatal,
      background: this.background,
    });
    if (delay === undefined) return;
    if (soon && this.errorCount === 0) delay = Math.min(delay, 2_000);
    this.timer = this.setTimer(() => {
      this.timer = undefined;
      void this.refresh();
    }, delay);
  }

  /** For tests and benchmarks: is a poll armed? */
  get pollArmed(): boolean {
    return this.timer !== undefined;
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) {
      this.clearTimer(this.timer);
      this.timer = undefined;
    }
  }

  private setState(patch: Partial<StoreState>): void {
    const next = { ...this._state, ...patch };
    const s = this._state;
    if (s.phase === next.phase && s.error === next.error && s.lastSuccess === next.lastSuccess && s.truncated === next.truncated) return;
    this._state = next;
    this._onDidChangeState.fire(next);
  }

  dispose(): void {
    this.disposed = true;
    this.cancelTimer();
    this._onDidChange.dispose();
    this._onDidChangeState.dispose();
  }
}
