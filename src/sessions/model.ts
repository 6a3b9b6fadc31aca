// Pure session logic shared by the tree, status bar, notifications and the details panel.
// No `vscode` import: tested with node --test.
import * as l10n from '@vscode/l10n';
import { cached, cachedFill } from '../util/l10n';
import { formatDate, formatDecimal, formatNumber, formatRelative } from '../util/intl';
import type { PullRequest, Session } from '../api/types';
import { shortSessionId as shortId } from './sessionId';

/**
 * Groups of the Sessions tree. `groupOf` gives a session's state group; `archived` is only a place
 * in the tree (shown with devin.showArchived), never a state.
 */
export type GroupId = 'needsInput' | 'working' | 'suspended' | 'finished' | 'failed' | 'other' | 'archived';
export const GROUP_ORDER: readonly GroupId[] = ['needsInput', 'working', 'suspended', 'finished', 'failed', 'other', 'archived'];
/** Groups that start expanded: what may need the user now. The rest start collapsed. */
export const EXPANDED_GROUPS: ReadonlySet<GroupId> = new Set<GroupId>(['needsInput', 'working', 'other']);
/**
 * Groups that keep their place even when empty (while any session is shown): a session moving
 * between waiting and working never makes a group row appear or vanish above the others.
 */
export const STABLE_GROUPS: readonly GroupId[] = ['needsInput', 'working'];

const WORKING_STATUSES = new Set(['new', 'claimed', 'resuming']);
const NEEDS_INPUT_DETAILS = new Set(['waiting_for_user', 'waiting_for_approval']);

export function groupOf(s: Pick<Session, 'status' | 'status_detail'>): GroupId {
  const status = s.status;
  const detail = s.status_detail ?? '';
  if (status === 'running') {
    if (NEEDS_INPUT_DETAILS.has(detail)) return 'needsInput';
    if (detail === 'finished') return 'finished';
    return 'working'; // working, null or a detail we do not know yet
  }
  if (WORKING_STATUSES.has(status)) return 'working';
  if (status === 'suspended') return 'suspended';
  if (status === 'exit') return 'finished';
  if (status === 'error') return 'failed';
  return 'other';
}

export function needsInput(s: Session): boolean {
  return groupOf(s) === 'needsInput' && !s.is_archived;
}

export function isActive(s: Session): boolean {
  return groupOf(s) === 'working' && !s.is_archived;
}

/** Sessions Devin can still take a message in (a suspended one resumes on a message). */
export function canReceiveMessage(s: Session): boolean {
  if (s.is_archived) return false;
  return s.status === 'running' || s.status === 'suspended' || WORKING_STATUSES.has(s.status);
}

/**
 * Archiving does not stop a session, so an archived one that still runs can be terminated. A
 * `running` session whose detail is `finished` is done to a user (it shows under Finished): there is
 * nothing to terminate.
 */
export function canTerminate(s: Pick<Session, 'status' | 'status_detail'>): boolean {
  if (s.status === 'running') return s.status_detail !== 'finished';
  return s.status === 'suspended' || WORKING_STATUSES.has(s.status);
}

export function canArchive(s: Session): boolean {
  return !s.is_archived;
}

/**
 * `session:<status>`, then `:finished` for a running session that is done (`running` + `finished`:
 * Finished to a user, so no Terminate) and `:archived`; menus match it with regular expressions.
 */
export function contextValue(s: Session): string {
  const status = /^[a-z_]+$/.test(s.status) ? s.status : 'unknown';
  const done = s.status === 'running' && s.status_detail === 'finished' ? ':finished' : '';
  return `session:${status}${done}${s.is_archived ? ':archived' : ''}`;
}

// ---- text ------------------------------------------------------------------------------------

// Bidi overrides/isolates, zero-width and other invisible format characters: shown as nothing,
// so a title cannot pretend to be something else.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;

/** Plain single-line text for labels: no control/bidi characters, collapsed whitespace, bounded. */
const PLAIN = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;

export function cleanText(value: string | null | undefined, max = 200): string {
  if (!value) return '';
  // Fast path: printable ASCII with single spaces (most titles) needs no rewriting.
  const t = PLAIN.test(value) ? value : value.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

export { bareSessionId as bareId, shortSessionId as shortId } from './sessionId';

const UNTITLED = cachedFill(() => l10n.t('Session {0}'));

/** The first non-empty line of a prompt, as a title stand-in ('' when there is none). */
export function promptLine(prompt: string | null | undefined, max = 80): string {
  if (!prompt) return '';
  for (const line of prompt.split(/\r?\n/)) {
    const t = cleanText(line.replace(/^\s*(?:#+|[-*>]|\d+[.)])\s+/, ''), max);
    if (t) return t;
  }
  return '';
}

/**
 * A session's title; an untitled one shows the first line of its prompt when known (the API's
 * session has no prompt: the caller passes what it remembers), else "Session 3a59f77d".
 */
export function sessionTitle(s: Pick<Session, 'title' | 'session_id'>, prompt?: string): string {
  return cleanText(s.title) || promptLine(prompt) || UNTITLED(shortId(s.session_id));
}

// Words for statuses and details. `@vscode/l10n` (not `vscode.l10n`): this module also runs in the
// details webview and in plain Node tests (see src/util/l10n.ts). Looked up once per bundle.
const DETAIL_WORDS: Record<string, () => string> = {
  working: cached(() => l10n.t('Working')),
  waiting_for_user: cached(() => l10n.t('Waiting for your reply')),
  waiting_for_approval: cached(() => l10n.t('Waiting for your approval')),
  finished: cached(() => l10n.t('Finished')),
  inactivity: cached(() => l10n.t('Suspended after inactivity')),
  user_request: cached(() => l10n.t('Suspended on request')),
  usage_limit_exceeded: cached(() => l10n.t('Suspended: usage limit reached')),
  out_of_credits: cached(() => l10n.t('Suspended: out of credits')),
  out_of_quota: cached(() => l10n.t('Suspended: out of quota')),
  no_quota_allocation: cached(() => l10n.t('Suspended: no quota allocated')),
  payment_declined: cached(() => l10n.t('Suspended: payment declined')),
  org_usage_limit_exceeded: cached(() => l10n.t('Suspended: organization usage limit reached')),
  user_usage_limit_exceeded: cached(() => l10n.t('Suspended: your usage limit reached')),
  total_session_limit_exceeded: cached(() => l10n.t('Suspended: session limit reached')),
  error: cached(() => l10n.t('Suspended after an error')),
};

const STATUS_WORDS: Record<string, () => string> = {
  new: cached(() => l10n.t('Starting')),
  claimed: cached(() => l10n.t('Starting')),
  running: cached(() => l10n.t('Running')),
  resuming: cached(() => l10n.t('Resuming')),
  suspended: cached(() => l10n.t('Suspended')),
  exit: cached(() => l10n.t('Finished')),
  error: cached(() => l10n.t('Failed')),
};

/** A word from a table: own keys only (a status "constructor" is not Object's). */
const word = (table: Record<string, () => string>, key: string): string | undefined => (Object.hasOwn(table, key) ? table[key]() : undefined);

/** Status and detail in words; unknown values are shown as they came. */
export function describeStatus(s: Pick<Session, 'status' | 'status_detail'>): string {
  const detail = s.status_detail ?? '';
  if (detail && (s.status === 'running' || s.status === 'suspended')) {
    return word(DETAIL_WORDS, detail) ?? l10n.t('{0} ({1})', word(STATUS_WORDS, s.status) ?? cleanText(s.status, 60), cleanText(detail, 60));
  }
  return word(STATUS_WORDS, s.status) ?? cleanText(s.status, 60);
}

const ACU_ONE = cached(() => l10n.t('1 ACU'));
const ACU_MANY = cachedFill(() => l10n.t('{0} ACUs'));
const UNKNOWN_TIME = cached(() => l10n.t('unknown time'));

/** ACUs with the display language's digits and separators: "2.5 ACUs", "2,5 ACUs" (de). */
export function formatAcus(acus: number): string {
  if (!Number.isFinite(acus)) return ACU_MANY(formatNumber(0));
  const v = acus >= 100 ? Math.round(acus) : Math.round(acus * 10) / 10;
  return v === 1 ? ACU_ONE() : ACU_MANY(formatDecimal(v, 1));
}

/** "now", "5 minutes ago", "3 hours ago", "yesterday", "2 days ago" (Intl, display language), else a date. */
/** "5 minutes ago" (`short`: "5 min. ago", for a narrow tree row); a date after 30 days. */
export function relativeTime(unixSeconds: number, nowMs: number = Date.now(), short = false): string {
  if (!unixSeconds) return UNKNOWN_TIME();
  const diff = Math.max(0, Math.round(nowMs / 1000 - unixSeconds));
  if (diff < 45) return formatRelative(0, 'second', short);
  if (diff < 3600) return formatRelative(-Math.max(1, Math.round(diff / 60)), 'minute', short);
  if (diff < 86400) return formatRelative(-Math.round(diff / 3600), 'hour', short);
  if (diff < 86400 * 30) return formatRelative(-Math.round(diff / 86400), 'day', short);
  return formatDate(unixSeconds * 1000);
}

/** Characters as wide as two Latin ones: CJK ideographs, kana, Hangul, full-width forms. */
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/**
 * `text` cut to about `maxWidth` Latin characters' width (a wide character counts twice), on a
 * word boundary when one is near, with "…"; unchanged when it fits.
 */
export function shortenToWidth(text: string, maxWidth: number): string {
  const chars = [...text];
  let width = 0;
  let fit = 0;
  for (const c of chars) {
    const w = WIDE.test(c) ? 2 : 1;
    if (width + w > maxWidth) break;
    width += w;
    fit++;
  }
  if (fit === chars.length) return text;
  // Room for the "…".
  let cut = chars.slice(0, Math.max(1, fit - 1)).join('');
  const space = cut.lastIndexOf(' ');
  if (space >= cut.length * 0.6) cut = cut.slice(0, space);
  return `${cut.replace(/[\s,.;:·-]+$/, '')}…`;
}

// ---- pull requests ---------------------------------------------------------------------------

export function isSafeHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 4096) return false;
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password;
  } catch {
    return false;
  }
}

export interface PrInfo {
  repo: string | undefined;
  number: number | undefined;
  state: 'open' | 'merged' | 'closed' | 'unknown';
  rawState: string;
  url: string;
  safeUrl: boolean;
}

export function prInfo(pr: PullRequest): PrInfo {
  const raw = (pr.pr_state ?? '').toLowerCase();
  const state = raw === 'open' || raw === 'merged' || raw === 'closed' ? raw : 'unknown';
  let repo: string | undefined;
  let number: number | undefined;
  const safe = isSafeHttpUrl(pr.pr_url);
  if (safe) {
    const m = new URL(pr.pr_url).pathname.match(/^\/(.+?)\/(?:-\/)?(?:pull|pulls|merge_requests|pull-requests)\/(\d+)/);
    if (m) {
      repo = m[1];
      number = Number(m[2]);
    }
  }
  return { repo, number, state, rawState: cleanText(pr.pr_state ?? 'unknown', 40), url: pr.pr_url, safeUrl: safe };
}

/** "acme/web#7", the form GitHub writes a PR of another repository in; the URL when it is not a known PR address. */
export function prLabel(pr: PullRequest): string {
  const i = prInfo(pr);
  if (i.repo && i.number !== undefined) return `${cleanText(i.repo, 100)}#${i.number}`;
  return cleanText(pr.pr_url, 100) || l10n.t('Pull request');
}

/** A PR's state for a row: GitHub's (with draft) when known, else the API's open / merged / closed, plus draft. */
export type PrDisplayState = 'open' | 'draft' | 'merged' | 'closed' | 'unknown';

export function prDisplayState(pr: PullRequest, details?: { state: string }): PrDisplayState {
  if (details) {
    const st = details.state;
    return st === 'open' || st === 'draft' || st === 'merged' || st === 'closed' ? st : 'unknown';
  }
  const info = prInfo(pr);
  if (info.state === 'unknown' && info.rawState.toLowerCase() === 'draft') return 'draft';
  return info.state;
}

// ---- grouping, filters -----------------------------------------------------------------------

export interface SessionFilter {
  text?: string;
  tags?: string[];
  showArchived?: boolean;
  /** Identity for "mine only": matches user_id or service_user_id. */
  mine?: { userId?: string; serviceUserId?: string };
}

export function matchesFilter(s: Session, f: SessionFilter): boolean {
  if (!f.showArchived && s.is_archived) return false;
  if (f.tags?.length && !f.tags.every((t) => s.tags.includes(t))) return false;
  if (f.mine) {
    const { userId, serviceUserId } = f.mine;
    const mine = (userId && s.user_id === userId) || (serviceUserId && s.service_user_id === serviceUserId);
    if (!mine) return false;
  }
  const text = searchNeedle(f.text);
  if (text && !searchText(s).includes(text)) return false;
  return true;
}

/** What the text filter looks for: trimmed and lower-cased ('' = no text filter). */
export function searchNeedle(text: string | undefined): string {
  return text?.trim().toLowerCase() ?? '';
}

/**
 * What the text filter searches (title, id, tags, PR URLs, repositories), lower-cased, built once
 * per session object: the store replaces the object when a session changes, so a cached text is
 * never stale, and the store builds it as each new or changed session arrives (SessionStore.merge),
 * so a search only scans strings.
 */
const searchTexts = new WeakMap<Session, string>();
export function searchText(s: Session): string {
  let hay = searchTexts.get(s);
  if (hay === undefined) {
    hay = [s.title ?? '', s.session_id, ...s.tags, ...s.pull_requests.map((p) => p.pr_url), ...repoNames(s)].join('\n').toLowerCase();
    searchTexts.set(s, hay);
  }
  return hay;
}

/** The repository a row names: the first one the session or its PRs give, else the remembered one. */
export function sessionRepo(s: Session, remembered?: string): string | undefined {
  return repoNames(s)[0] ?? remembered;
}

/** `acme/web-app` → `web-app`: the short form a narrow row shows (the tooltip has the full name). */
export function shortRepo(repo: string): string {
  const i = repo.lastIndexOf('/');
  return cleanText(i >= 0 ? repo.slice(i + 1) : repo, 60);
}

export function repoNames(s: Session): string[] {
  const out: string[] = [];
  for (const pr of s.pull_requests) {
    const r = prInfo(pr).repo;
    if (r) out.push(r);
  }
  const repos = (s as { repos?: unknown }).repos;
  if (Array.isArray(repos)) for (const r of repos) if (typeof r === 'string') out.push(r);
  return out;
}

export function compareSessions(a: Session, b: Session): number {
  return b.updated_at - a.updated_at || b.created_at - a.created_at || (a.session_id < b.session_id ? -1 : a.session_id > b.session_id ? 1 : 0);
}

export interface Group {
  id: GroupId;
  sessions: Session[];
}

/** The tree group a session sits in: its state group, or `archived`. */
export function treeGroupOf(s: Session): GroupId {
  return s.is_archived ? 'archived' : groupOf(s);
}

/** Groups in display order, sessions newest first, empty groups left out; archived sessions in `archived`. */
export function buildGroups(sessions: Iterable<Session>, filter: SessionFilter = {}): Group[] {
  const buckets = new Map<GroupId, Session[]>();
  for (const s of sessions) {
    if (!matchesFilter(s, filter)) continue;
    const g = treeGroupOf(s);
    let list = buckets.get(g);
    if (!list) buckets.set(g, (list = []));
    list.push(s);
  }
  const out: Group[] = [];
  for (const id of GROUP_ORDER) {
    const list = buckets.get(id);
    if (list?.length) out.push({ id, sessions: list.sort(compareSessions) });
  }
  return out;
}

export interface Summary {
  needsInput: number;
  working: number;
  total: number;
}

export function summarize(sessions: Iterable<Session>): Summary {
  let n = 0;
  let w = 0;
  let t = 0;
  for (const s of sessions) {
    if (s.is_archived) continue;
    t++;
    const g = groupOf(s);
    if (g === 'needsInput') n++;
    else if (g === 'working') w++;
  }
  return { needsInput: n, working: w, total: t };
}

// ---- transitions -----------------------------------------------------------------------------

export type TransitionKind = 'needsInput' | 'finished' | 'failed' | 'prOpened';

/** Something the user did from VS Code whose effects are not news to them (see SessionStore). */
export type OwnAction = 'archive' | 'terminate';

export interface Transition {
  kind: TransitionKind;
  session: Session;
  pr?: PullRequest;
  /** Set when the user's own action explains this change: it is not announced. */
  own?: OwnAction;
}

/**
 * What changed between two snapshots that a person wants to hear about. Sessions seen for the
 * first time and archived sessions give none.
 */
export function computeTransitions(prev: ReadonlyMap<string, Session>, next: Iterable<Session>): Transition[] {
  const out: Transition[] = [];
  for (const s of next) {
    const before = prev.get(s.session_id);
    // First seen: no burst on first load. Archived (now or before): put away, nothing to announce.
    if (!before || s.is_archived || before.is_archived) continue;
    const g0 = groupOf(before);
    const g1 = groupOf(s);
    if (g1 !== g0) {
      if (g1 === 'needsInput') out.push({ kind: 'needsInput', session: s });
      else if (g1 === 'finished') out.push({ kind: 'finished', session: s });
      else if (g1 === 'failed') out.push({ kind: 'failed', session: s });
    }
    const known = new Set(before.pull_requests.map((p) => p.pr_url));
    for (const pr of s.pull_requests) {
      if (!known.has(pr.pr_url)) out.push({ kind: 'prOpened', session: s, pr });
    }
  }
  return out;
}

/** Cheap equality for "did this session change" (drives per-node tree refresh). */
export function sameSession(a: Session, b: Session): boolean {
  if (a.updated_at !== b.updated_at || a.status !== b.status || a.status_detail !== b.status_detail || a.title !== b.title) return false;
  if (a.is_archived !== b.is_archived || a.acus_consumed !== b.acus_consumed) return false;
  if (a.pull_requests.length !== b.pull_requests.length || a.tags.length !== b.tags.length) return false;
  for (let i = 0; i < a.pull_requests.length; i++) {
    if (a.pull_requests[i].pr_url !== b.pull_requests[i].pr_url || a.pull_requests[i].pr_state !== b.pull_requests[i].pr_state) return false;
  }
  for (let i = 0; i < a.tags.length; i++) if (a.tags[i] !== b.tags[i]) return false;
  return true;
}
