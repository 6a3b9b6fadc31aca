// Turns whatever the server sent into well-formed objects: nulls become safe defaults,
// unknown fields and enum values are kept, items without an id are dropped (never a crash).
import { canonicalSessionId } from '../sessions/sessionId';
import type { PullRequest, Session, SessionMessage } from './types';

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

// Number.isFinite is true for finite numbers only (it does not coerce strings).
function num(x: unknown, fallback: number): number {
  return Number.isFinite(x) ? (x as number) : fallback;
}

function optStr(x: unknown): string | null {
  return typeof x === 'string' ? x : null;
}

function strArray(x: unknown): string[] {
  return Array.isArray(x) ? x.filter((t): t is string => typeof t === 'string') : [];
}

/** Accepts Unix seconds (v3), milliseconds or ISO strings (v2-style servers) and returns seconds. */
export function toUnixSeconds(x: unknown): number {
  if (Number.isFinite(x)) return (x as number) > 1e12 ? Math.floor((x as number) / 1000) : (x as number);
  if (typeof x === 'string') {
    const t = Date.parse(x);
    if (!Number.isNaN(t)) return Math.floor(t / 1000);
  }
  return 0;
}

export function normalizePullRequest(x: unknown): PullRequest | undefined {
  if (!isObj(x) || typeof x.pr_url !== 'string') return undefined;
  return { ...x, pr_url: x.pr_url, pr_state: optStr(x.pr_state) };
}

export function normalizeSession(x: unknown): Session | undefined {
  if (!isObj(x) || typeof x.session_id !== 'string' || !x.session_id) return undefined;
  const prs = Array.isArray(x.pull_requests) ? x.pull_requests.map(normalizePullRequest).filter((p): p is PullRequest => !!p) : [];
  return {
    ...x,
    // One form for every id, whichever the server sent (src/sessions/sessionId.ts).
    session_id: canonicalSessionId(x.session_id),
    url: typeof x.url === 'string' ? x.url : '',
    status: typeof x.status === 'string' && x.status ? x.status : 'unknown',
    status_detail: optStr(x.status_detail),
    title: optStr(x.title),
    tags: strArray(x.tags),
    org_id: typeof x.org_id === 'string' ? x.org_id : '',
    created_at: toUnixSeconds(x.created_at),
    updated_at: toUnixSeconds(x.updated_at ?? x.created_at),
    acus_consumed: num(x.acus_consumed, 0),
    pull_requests: prs,
    parent_session_id: typeof x.parent_session_id === 'string' ? canonicalSessionId(x.parent_session_id) : null,
    child_session_ids: strArray(x.child_session_ids).map(canonicalSessionId),
    is_archived: x.is_archived === true,
  };
}

export function normalizeMessage(x: unknown): SessionMessage | undefined {
  if (!isObj(x)) return undefined;
  const id = typeof x.event_id === 'string' ? x.event_id : typeof x.event_id === 'number' ? String(x.event_id) : undefined;
  if (!id) return undefined;
  return {
    ...x,
    event_id: id,
    source: typeof x.source === 'string' ? x.source : 'unknown',
    message: typeof x.message === 'string' ? x.message : x.message == null ? '' : JSON.stringify(x.message),
    created_at: toUnixSeconds(x.created_at),
  };
}
