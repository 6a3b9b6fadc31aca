// The conversation of one session, as the details panel shows it: paging through the client's
// cursor iterator (which stops on a repeated cursor), de-duplication by event_id, a cap on the
// messages and characters kept, and the poll cadence. No `vscode` import: tested with node --test
// against the fake Devin server and manual timers.
//
// Cursor semantics (v3 list messages, oldest first): the docs' way to follow a session is to poll
// with `after` = the last `end_cursor`. `end_cursor` is null on the last page, so the feed keeps the
// last cursor the server gave and each poll starts there: it re-reads at most one page of messages
// it already has (dropped by event_id) and never the conversation from the start once a cursor is
// known. A server that does give a cursor on its last page is followed exactly.
import * as l10n from '@vscode/l10n';
import { DevinApiError } from '../api/errors';
import type { Page, PageParams, Session, SessionMessage } from '../api/types';
import { groupOf } from './model';

/** Longest message text kept (and passed to the webview, which renders less). */
export const MAX_MESSAGE_CHARS = 200_000;
/** Appended to a message cut at MAX_MESSAGE_CHARS. */
export const TRUNCATION_MARK = '\n\n…';
/** Messages kept per session (oldest dropped beyond this). */
export const MAX_MESSAGES = 5000;
/** Characters of message text kept per session (oldest dropped beyond this). */
export const MAX_FEED_CHARS = 4_000_000;
/** Page size of every request (the endpoint's maximum). */
export const FEED_PAGE_SIZE = 200;
/** Pages read in one fetch (200 × 50 = 10,000 messages); the next fetch continues from there. */
export const MAX_PAGES_PER_FETCH = 50;
/** Event ids remembered for de-duplication, including those of dropped messages. */
export const MAX_SEEN_IDS = 50_000;

/** Poll while the session works (new, claimed, resuming, running/working). */
export const WORKING_POLL_MS = 10_000;
/** Poll while it waits for the user, is suspended or in a state we do not know. */
export const IDLE_POLL_MS = 30_000;
/** Poll of a finished, failed or archived session: messages rarely come, but they may. */
export const ENDED_POLL_MS = 120_000;
/** Longest wait after failures. */
export const MAX_FEED_BACKOFF_MS = 10 * 60_000;
/** Delay of `fetchSoon` (coalesces the fetches asked for by a burst of session changes). */
export const SOON_MS = 250;

/**
 * Milliseconds until the next poll of a visible panel, or undefined when it should not poll (no
 * session known). Failures back off exponentially from the cadence, bounded, and a server's
 * Retry-After is honoured.
 */
export function feedPollDelay(session: Pick<Session, 'status' | 'status_detail' | 'is_archived'> | undefined, errorCount = 0, retryAfterMs?: number): number | undefined {
  if (!session) return undefined;
  const group = groupOf(session);
  const base = session.is_archived || group === 'finished' || group === 'failed' ? ENDED_POLL_MS : group === 'working' ? WORKING_POLL_MS : IDLE_POLL_MS;
  if (errorCount <= 0) return base;
  const backoff = Math.min(MAX_FEED_BACKOFF_MS, base * 2 ** errorCount);
  return Math.max(backoff, retryAfterMs ?? 0);
}

/** What the feed needs from DevinClient. */
export interface FeedClient {
  iterateMessages(sessionId: string, params?: PageParams, signal?: AbortSignal): AsyncIterable<Page<SessionMessage>>;
}

export interface FeedTimers {
  set: (fn: () => void, ms: number) => unknown;
  clear: (t: unknown) => void;
}

export interface FeedLimits {
  maxMessages: number;
  maxChars: number;
  maxMessageChars: number;
  pageSize: number;
  maxPages: number;
  maxSeenIds: number;
}

export interface MessageFeedOptions {
  /** The API client; may throw (signed out), which counts as a failed fetch. */
  client: () => FeedClient;
  /** The id to ask for (the store may learn the `devin-` form after the panel opened). */
  sessionId: () => string;
  /** The session as last known: sets the cadence. */
  session: () => Pick<Session, 'status' | 'status_detail' | 'is_archived'> | undefined;
  /** False skips fetching (e.g. the session was not found). */
  enabled?: () => boolean;
  /** New messages (oldest first) that were not seen before and are kept. Never called empty. */
  onMessages: (fresh: SessionMessage[]) => void;
  /** The first failure of a streak (not every poll of it); `error` keeps the latest. */
  onError?: (message: string, error: unknown) => void;
  timers?: FeedTimers;
  limits?: Partial<FeedLimits>;
}

const DEFAULT_LIMITS: FeedLimits = {
  maxMessages: MAX_MESSAGES,
  maxChars: MAX_FEED_CHARS,
  maxMessageChars: MAX_MESSAGE_CHARS,
  pageSize: FEED_PAGE_SIZE,
  maxPages: MAX_PAGES_PER_FETCH,
  maxSeenIds: MAX_SEEN_IDS,
};

const realTimers: FeedTimers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
};

/** Thrown into the error path when the server repeats a cursor (the walk stopped early). */
export class CursorRepeatedError extends Error {
  constructor() {
    super(l10n.t('The Devin API repeated a page cursor, so the conversation may be incomplete. It will be read again later.'));
    this.name = 'CursorRepeatedError';
  }
}

/** What `walk` returns when the first request was refused because of its cursor. */
const REJECTED_CURSOR = Symbol('rejected cursor');

export function errorText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.slice(0, 500);
}

export class MessageFeed {
  private readonly limits: FeedLimits;
  private readonly timers: FeedTimers;
  private kept: SessionMessage[] = [];
  private keptChars = 0;
  private readonly seen = new Set<string>();
  private cursor: string | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private timer: unknown;
  private timerArmed = false;
  private active = false;
  private disposed = false;
  private errors = 0;
  private retryAfterMs: number | undefined;
  private lastError: string | undefined;
  /** Aborts the request in flight when the feed is disposed. */
  private readonly abort = new AbortController();
  private pagesReadCount = 0;

  constructor(private readonly options: MessageFeedOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.timers = options.timers ?? realTimers;
  }

  /** The messages kept, oldest first. */
  get messages(): readonly SessionMessage[] {
    return this.kept;
  }

  /** Characters of message text kept. */
  get chars(): number {
    return this.keptChars;
  }

  /** The error of the last fetch, undefined after a good one. */
  get error(): string | undefined {
    return this.lastError;
  }

  /** Consecutive failed fetches. */
  get errorCount(): number {
    return this.errors;
  }

  /** Pages read so far (diagnostics and tests). */
  get pagesRead(): number {
    return this.pagesReadCount;
  }

  /** The cursor the next fetch starts after (undefined: from the first message). */
  get position(): string | undefined {
    return this.cursor;
  }

  get polling(): boolean {
    return this.timerArmed;
  }

  /** Resolves when no fetch is running, including one queued by a call during a run. */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
  }

  /**
   * Visible panels poll; hidden ones do not (and a fetch that ends while hidden arms nothing).
   * Becoming active arms the poll at the cadence; the caller fetches at once if it wants to.
   */
  setActive(active: boolean): void {
    if (this.disposed) return;
    this.active = active;
    if (active) this.arm();
    else this.disarm();
  }

  /** The session changed: re-arm the poll at its (possibly new) cadence. */
  reschedule(): void {
    if (this.running) return; // the running fetch arms when it ends
    this.arm();
  }

  /** Fetches shortly (a burst of calls gives one fetch), then polls at the cadence. */
  fetchSoon(): void {
    if (this.disposed || !this.active) return;
    this.arm(SOON_MS);
  }

  /**
   * Reads the messages after the cursor. One run at a time: a call during a run queues exactly
   * one more, which starts when it ends. Never rejects.
   */
  fetch(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.disarm();
    const run = this.run().finally(() => {
      this.running = undefined;
      if (this.disposed) return;
      if (this.again && this.active) {
        this.again = false;
        void this.fetch();
        return;
      }
      this.again = false;
      this.arm();
    });
    this.running = run;
    return run;
  }

  private async run(): Promise<void> {
    if (this.options.enabled && !this.options.enabled()) return;
    const fresh: SessionMessage[] = [];
    const signal = this.abort.signal;
    let failure: unknown;
    try {
      const client = this.options.client();
      failure = await this.walk(client, fresh, signal);
      // A kept cursor the server no longer accepts (expired, or the one it repeated): read again
      // from the start, once; de-duplication drops what is already here.
      if (failure === REJECTED_CURSOR) failure = await this.walk(client, fresh, signal);
    } catch (e) {
      failure = e;
    }
    if (this.disposed) return;
    if (failure === undefined) {
      this.errors = 0;
      this.lastError = undefined;
    } else {
      this.errors++;
      this.retryAfterMs = failure instanceof DevinApiError ? failure.retryAfterMs : undefined;
      this.lastError = errorText(failure);
      if (this.errors === 1) this.options.onError?.(this.lastError, failure);
    }
    // What arrived before a failure is kept and shown.
    const shown = this.keep(fresh);
    if (shown.length) this.options.onMessages(shown);
  }

  /** One walk through the iterator from the cursor; returns the failure, if any. */
  private async walk(client: FeedClient, fresh: SessionMessage[], signal: AbortSignal): Promise<unknown> {
    const start = this.cursor;
    let pages = 0;
    let last: Page<SessionMessage> | undefined;
    try {
      for await (const page of client.iterateMessages(this.options.sessionId(), { first: this.limits.pageSize, after: start }, signal)) {
        pages++;
        this.pagesReadCount++;
        last = page;
        for (const m of page.items) {
          if (this.seen.has(m.event_id)) continue;
          this.remember(m.event_id);
          fresh.push(m.message.length > this.limits.maxMessageChars ? { ...m, message: m.message.slice(0, this.limits.maxMessageChars) + TRUNCATION_MARK } : m);
        }
        if (page.end_cursor) this.cursor = page.end_cursor;
        if (pages >= this.limits.maxPages) return undefined;
      }
    } catch (e) {
      if (start !== undefined && pages === 0 && e instanceof DevinApiError && (e.kind === 'validation' || e.kind === 'bad_request')) {
        this.cursor = undefined;
        return REJECTED_CURSOR;
      }
      return e;
    }
    // The iterator ends on a repeated cursor while the server still says "more".
    return last?.has_next_page ? new CursorRepeatedError() : undefined;
  }

  /** Appends, drops the oldest beyond the caps, and returns the fresh messages still kept. */
  private keep(fresh: SessionMessage[]): SessionMessage[] {
    if (!fresh.length) return fresh;
    for (const m of fresh) {
      this.kept.push(m);
      this.keptChars += m.message.length;
    }
    let drop = 0;
    let chars = this.keptChars;
    while (this.kept.length - drop > this.limits.maxMessages || (chars > this.limits.maxChars && this.kept.length - drop > 1)) {
      chars -= this.kept[drop].message.length;
      drop++;
    }
    if (drop) {
      this.kept = this.kept.slice(drop);
      this.keptChars = chars;
    }
    const firstFresh = this.kept.length - fresh.length;
    return firstFresh >= 0 ? fresh : fresh.slice(-firstFresh);
  }

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size > this.limits.maxSeenIds) {
      // The oldest ids are of messages before the cursor, which no fetch reads again.
      const oldest = this.seen.values().next().value as string;
      this.seen.delete(oldest);
    }
  }

  private arm(delay = feedPollDelay(this.options.session(), this.errors, this.retryAfterMs)): void {
    this.disarm();
    if (this.disposed || !this.active || delay === undefined) return;
    this.timerArmed = true;
    this.timer = this.timers.set(() => {
      this.timerArmed = false;
      this.timer = undefined;
      if (this.active && !this.disposed) void this.fetch();
    }, delay);
  }

  private disarm(): void {
    this.timers.clear(this.timer);
    this.timerArmed = false;
    this.timer = undefined;
  }

  /** Stops polling and abandons a running fetch (its messages are not reported). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disarm();
    this.abort.abort();
  }
}
