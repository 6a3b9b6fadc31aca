// Pure polling policy: when should the next refresh run? No timers here, only decisions.

export interface PollInputs {
  /** devin.refreshInterval in seconds. */
  intervalSec: number;
  focused: boolean;
  viewVisible: boolean;
  /** A details panel for some session is visible (counts like the view). */
  panelVisible?: boolean;
  anyWorking: boolean;
  /** Consecutive failed refreshes. */
  errorCount: number;
  /** Server-requested wait (Retry-After) of the last failure. */
  retryAfterMs?: number;
  /** True when the last error is not worth retrying by itself (bad key, no permission, wrong org). */
  fatal?: boolean;
  /**
   * Background refresh (devin.backgroundRefresh, default on): while nothing Devin is visible the
   * store still polls, at the relaxed interval, so the status bar and "needs your input"
   * notifications work for a user who never opens the view. Off: no poll unless a view or panel shows.
   */
  background?: boolean;
}

export const MIN_INTERVAL_MS = 5_000;
export const MAX_BACKOFF_MS = 10 * 60_000;
/**
 * How often a count check (one `first=1` request reading the list's `total`) compares the
 * server's count with the ids the store knows; a full resync follows only when they disagree.
 */
export const COUNT_CHECK_MS = 5 * 60_000;
/** Without a usable `total` (the API may omit it), a full resync at most this often instead. */
export const UNCOUNTED_RESYNC_MS = 60 * 60_000;
/** Overlap subtracted from the newest updated_at for incremental refreshes (clock skew, same-second updates). */
export const INCREMENTAL_OVERLAP_SEC = 60;

/**
 * Milliseconds until the next automatic refresh, or `undefined` when polling should pause: the
 * window is unfocused (no request then, whatever is visible), or nothing Devin is visible and
 * background refresh is off.
 */
export function nextPollDelay(p: PollInputs): number | undefined {
  const looking = p.viewVisible || p.panelVisible === true;
  if (!p.focused) return undefined;
  if (!looking && p.background === false) return undefined;
  // A rejected key or a wrong org will not fix itself quickly: check rarely, never storm.
  if (p.fatal) return MAX_BACKOFF_MS;
  const base = Math.max(MIN_INTERVAL_MS, p.intervalSec * 1000);
  let delay: number;
  // Every interval while a session works and someone looks (a focused hour costs 3600 / interval
  // polls), half as often when nothing can change by itself or nothing Devin is visible (the
  // relaxed background cadence: status bar and notifications only).
  if (p.anyWorking && looking) delay = base;
  else delay = base * 2;
  if (p.errorCount > 0) {
    const backoff = Math.min(MAX_BACKOFF_MS, base * 2 ** Math.min(p.errorCount, 10));
    delay = Math.max(delay, backoff, p.retryAfterMs ?? 0);
  }
  return Math.min(delay, Math.max(MAX_BACKOFF_MS, p.retryAfterMs ?? 0));
}
