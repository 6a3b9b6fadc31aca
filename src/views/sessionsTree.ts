import * as vscode from 'vscode';
import { formatDateTime, formatNumber } from '../util/intl';
import type { PullRequest, Session } from '../api/types';
import {
  buildGroups,
  cleanText,
  compareSessions,
  contextValue,
  describeStatus,
  EXPANDED_GROUPS,
  formatAcus,
  GROUP_ORDER,
  groupOf,
  matchesFilter,
  prDisplayState,
  prInfo,
  prLabel,
  type PrDisplayState,
  relativeTime,
  sessionRepo,
  searchNeedle,
  searchText,
  sessionTitle,
  shortenToWidth,
  shortRepo,
  treeGroupOf,
  STABLE_GROUPS,
  type Group,
  type GroupId,
  type SessionFilter,
} from '../sessions/model';
import type { SessionStore, StoreChange } from '../sessions/store';
import type { SessionHint } from '../sessions/hints';
import type { GitHubPrDetails } from '../github/prInfo';
import { parsePrUrl } from '../git/prUrl';

export type Node = GroupNode | SessionNode | PullRequestNode | LoadMoreNode | ReviewChildNode | MoreInGroupNode;

/** Rows a group shows at first, and how many more each "N more…" row adds. */
export const GROUP_CHUNK = 200;

export interface GroupNode {
  kind: 'group';
  id: GroupId;
}
export interface SessionNode {
  kind: 'session';
  sessionId: string;
}
export interface PullRequestNode {
  kind: 'pr';
  sessionId: string;
  pr: PullRequest;
}
export interface LoadMoreNode {
  kind: 'loadMore';
}
/** The last row of a group with more sessions than it shows: "N more…" shows the next chunk. */
export interface MoreInGroupNode {
  kind: 'moreInGroup';
  group: GroupId;
}
/** A row below a PR node (its changed files, or why there are none), owned by the review hook. */
export interface ReviewChildNode {
  kind: 'review';
  parent: PullRequestNode;
}

/**
 * Optional details of PRs from GitHub (src/github): title, review decision, checks. `want` is
 * told which PR rows are being shown; `onDidChange` names the PR links whose details changed
 * (an empty list: every PR row).
 */
export interface PrDetailsSource {
  readonly onDidChange: vscode.Event<readonly string[]>;
  get(url: string): GitHubPrDetails | undefined;
  want(urls: readonly string[]): void;
}

/** Review Changes (src/review): makes PR nodes expand to their changed files. */
export interface PrReviewHook {
  /** A PR node whose row or children changed. */
  readonly onDidChange: vscode.Event<PullRequestNode>;
  canReview(pr: PullRequest): boolean;
  decorate(item: vscode.TreeItem, node: PullRequestNode): void;
  /** Synchronous: while loading, a loading row; the hook fires onDidChange when done. */
  children(node: PullRequestNode): ReviewChildNode[];
  treeItem(node: ReviewChildNode): vscode.TreeItem;
}

export function groupLabel(id: GroupId): string {
  switch (id) {
    case 'needsInput':
      return vscode.l10n.t('Needs your input');
    case 'working':
      return vscode.l10n.t('Working');
    case 'suspended':
      return vscode.l10n.t('Suspended');
    case 'finished':
      return vscode.l10n.t('Finished');
    case 'failed':
      return vscode.l10n.t('Failed');
    case 'other':
      return vscode.l10n.t('Other');
    case 'archived':
      return vscode.l10n.t('Archived');
  }
}

/**
 * Which groups the user expanded or collapsed (kept across reloads). A group with no entry starts
 * as EXPANDED_GROUPS says: what may need the user open, the rest collapsed.
 */
export interface ExpansionMemory {
  get(group: GroupId): boolean | undefined;
  set(group: GroupId, expanded: boolean): void;
}

export function groupStartsExpanded(id: GroupId, memory?: ExpansionMemory): boolean {
  return memory?.get(id) ?? EXPANDED_GROUPS.has(id);
}

function stateIcon(s: Session): vscode.ThemeIcon {
  if (s.is_archived) return new vscode.ThemeIcon('archive', new vscode.ThemeColor('disabledForeground'));
  switch (groupOf(s)) {
    case 'needsInput':
      return new vscode.ThemeIcon('bell-dot', new vscode.ThemeColor('charts.yellow'));
    case 'working':
      return new vscode.ThemeIcon('loading~spin', new vscode.ThemeColor('charts.blue'));
    case 'suspended':
      return new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('charts.orange'));
    case 'finished':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('charts.green'));
    case 'failed':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('charts.red'));
    default:
      return new vscode.ThemeIcon('question');
  }
}

function groupIcon(id: GroupId): vscode.ThemeIcon {
  switch (id) {
    case 'needsInput':
      return new vscode.ThemeIcon('bell-dot', new vscode.ThemeColor('charts.yellow'));
    case 'working':
      return new vscode.ThemeIcon('sync', new vscode.ThemeColor('charts.blue'));
    case 'suspended':
      return new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('charts.orange'));
    case 'finished':
      return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('charts.green'));
    case 'failed':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('charts.red'));
    case 'archived':
      return new vscode.ThemeIcon('archive', new vscode.ThemeColor('disabledForeground'));
    default:
      return new vscode.ThemeIcon('question');
  }
}

/** A PR's state for the row: the API's open / merged / closed, plus draft; anything else as it came. */
export type PrRowState = PrDisplayState;
export const prRowState = prDisplayState;

/** GitHub's review decision in words; a value we do not know as it came. */
export function reviewText(decision: string): string {
  switch (decision) {
    case 'approved':
      return vscode.l10n.t('approved');
    case 'changes_requested':
      return vscode.l10n.t('changes requested');
    case 'review_required':
      return vscode.l10n.t('review required');
    default:
      return cleanText(decision.replace(/_/g, ' '), 40);
  }
}

/** The head commit's checks in words; a value we do not know as it came. */
export function checksText(checks: string): string {
  switch (checks) {
    case 'success':
      return vscode.l10n.t('checks passed');
    case 'failure':
    case 'error':
      return vscode.l10n.t('checks failed');
    case 'pending':
    case 'expected':
      return vscode.l10n.t('checks running');
    default:
      return vscode.l10n.t('checks: {0}', cleanText(checks.replace(/_/g, ' '), 40));
  }
}

function prIcon(pr: PullRequest, details?: GitHubPrDetails): vscode.ThemeIcon {
  switch (prRowState(pr, details)) {
    case 'open':
      return new vscode.ThemeIcon('git-pull-request', new vscode.ThemeColor('charts.green'));
    case 'draft':
      return new vscode.ThemeIcon('git-pull-request-draft', new vscode.ThemeColor('disabledForeground'));
    case 'merged':
      return new vscode.ThemeIcon('git-merge', new vscode.ThemeColor('charts.purple'));
    case 'closed':
      return new vscode.ThemeIcon('git-pull-request-closed', new vscode.ThemeColor('charts.red'));
    default:
      return new vscode.ThemeIcon('git-pull-request');
  }
}

/** The state in words: open, draft, merged, closed; a value we do not know is shown as it came. */
export function prStateText(pr: PullRequest, details?: GitHubPrDetails): string {
  switch (prRowState(pr, details)) {
    case 'open':
      return vscode.l10n.t('open');
    case 'draft':
      return vscode.l10n.t('draft');
    case 'merged':
      return vscode.l10n.t('merged');
    case 'closed':
      return vscode.l10n.t('closed');
    default:
      return (details ? cleanText(details.state, 40) : prInfo(pr).rawState) || vscode.l10n.t('unknown');
  }
}

/**
 * `pullRequest:<state>`, then `:url` when it has an http(s) link (Open, Copy URL) and `:checkout`
 * when it is a GitHub or GitLab pull request a workspace repository can fetch (Check Out). The
 * review hook appends `:reviewable`. Menus match these with regular expressions.
 */
export function prContextValue(pr: PullRequest, details?: GitHubPrDetails): string {
  const info = prInfo(pr);
  const state = prRowState(pr, details);
  return `pullRequest:${state}${info.safeUrl ? ':url' : ''}${info.safeUrl && parsePrUrl(pr.pr_url) ? ':checkout' : ''}`;
}

/**
 * Width of a session row's label, in Latin characters (a CJK character counts twice). A tree row
 * cuts its end when it does not fit, and the description follows the label: with a long title the
 * age went first. Like the Timeline view (whose times never give way to a long label), the title
 * gives way: cut to this width with "…" (the tooltip and the accessible name have it whole), so
 * the age after it shows at the default side bar width. Measured in e2e 09-tree at 300 px: a
 * session row has 217 px for label and description, a character 6 to 10 px ("i" to "w"), "7 min.
 * ago" 62 px; 22 let a title of wide letters ("Tree: which currency…") push the age off, 18 does not.
 */
export const TREE_TITLE_WIDTH = 18;

/**
 * Description: "5 min. ago · web-app · Waiting for your approval · 2 PRs · 3.5 ACUs". The age comes
 * first, in its short form: a narrow side bar cuts the end of a row, and the age is what tells rows apart at a
 * glance; then the repository (short form), and where the group alone does not say it the suspend
 * reason, approval vs. reply or an unknown state (an archived session also says its state).
 * `long`: the age in full words ("5 minutes ago"), for the accessible name.
 */
export function sessionDescription(s: Session, now: number, repo?: string, long = false): string {
  const parts = [relativeTime(s.updated_at, now, !long)];
  if (repo) parts.push(shortRepo(repo));
  const g = groupOf(s);
  if (s.is_archived || g === 'suspended' || g === 'needsInput' || g === 'other') parts.push(describeStatus(s));
  const n = s.pull_requests.length;
  if (n === 1) parts.push(vscode.l10n.t('1 PR'));
  else if (n > 1) parts.push(vscode.l10n.t('{0} PRs', formatNumber(n)));
  if (s.acus_consumed > 0) parts.push(formatAcus(s.acus_consumed));
  return parts.join(' · ');
}

/** Tooltip built from plain text only: API strings are escaped, links are not made trusted. */
export function sessionTooltip(s: Session, now: number, hint?: SessionHint): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.supportThemeIcons = false;
  const line = (label: string, value: string) => {
    md.appendMarkdown(`**${label}:** `);
    md.appendText(value);
    md.appendMarkdown('  \n');
  };
  md.appendMarkdown('**');
  md.appendText(sessionTitle(s, hint?.prompt));
  md.appendMarkdown('**\n\n');
  const repo = sessionRepo(s, hint?.repo);
  if (repo) line(vscode.l10n.t('Repository'), cleanText(repo, 200));
  line(vscode.l10n.t('Status'), `${describeStatus(s)} (${cleanText(s.status, 40)}${s.status_detail ? ` / ${cleanText(s.status_detail, 40)}` : ''})`);
  line(vscode.l10n.t('Created'), `${formatDateTime(s.created_at * 1000)} (${relativeTime(s.created_at, now)})`);
  line(vscode.l10n.t('Updated'), `${formatDateTime(s.updated_at * 1000)} (${relativeTime(s.updated_at, now)})`);
  line(vscode.l10n.t('Usage'), formatAcus(s.acus_consumed));
  if (s.tags.length) line(vscode.l10n.t('Tags'), s.tags.map((t) => cleanText(t, 40)).join(', '));
  if (s.origin) line(vscode.l10n.t('Origin'), cleanText(String(s.origin), 40));
  if (s.is_archived) line(vscode.l10n.t('Archived'), vscode.l10n.t('yes'));
  for (const pr of s.pull_requests) line(vscode.l10n.t('Pull request'), `${prLabel(pr)} (${prStateText(pr)})`);
  line(vscode.l10n.t('ID'), cleanText(s.session_id, 100));
  return md;
}

/** One group's sessions (newest first) and their search texts, index for index. */
interface Bucket {
  sessions: Session[];
  texts: string[];
  /**
   * While a text filter is on: the texts joined by '\n' (a needle never holds one, so it cannot
   * match across two sessions) and where each starts. One indexOf over one string finds the
   * matches several times faster than an includes() per session; built at the first search after
   * the bucket changed, dropped when the filter text is cleared.
   */
  joined?: { text: string; starts: Int32Array };
}

/** The bucket's sessions whose search text holds `needle`, in the bucket's order. */
function searchBucket(b: Bucket, needle: string): Session[] {
  if (needle.includes('\n')) return b.sessions.filter((_, i) => b.texts[i].includes(needle));
  let j = b.joined;
  if (!j) {
    const starts = new Int32Array(b.texts.length + 1);
    let at = 0;
    for (let i = 0; i < b.texts.length; i++) {
      starts[i] = at;
      at += b.texts[i].length + 1;
    }
    starts[b.texts.length] = at;
    j = b.joined = { text: b.texts.join('\n'), starts };
  }
  const found: Session[] = [];
  const { text, starts } = j;
  let from = 0;
  for (;;) {
    const at = text.indexOf(needle, from);
    if (at < 0) break;
    // The session whose text holds `at`: the last start at or before it.
    let lo = 0;
    let hi = b.texts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    found.push(b.sessions[lo]);
    from = starts[lo + 1];
  }
  return found;
}

/**
 * Tree of groups → sessions → pull requests over the session store. It keeps one node object per
 * session so a change refreshes only that session's row (and its group when its place changed).
 */
export class SessionsTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly _onDidChangeTreeData = new vscode.EventEmitter<Node | Node[] | undefined>();
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  /** What the tree shows: the buckets, narrowed by the text filter; empty groups left out. */
  private groups: Group[] = [];
  /**
   * Every session that passes the filter's other parts, by group, newest first, each with its
   * lower-cased search text at the same index. Kept in order by each store change (a changed
   * session is taken out and put back by binary search), so neither a poll nor a keystroke
   * re-sorts 100,000 sessions; a keystroke only scans the texts.
   */
  private readonly buckets = new Map<GroupId, Bucket>();
  /** The session object each bucket holds, by id (how a changed session is found and taken out). */
  private readonly placed = new Map<string, Session>();
  /** The filter's other parts the buckets were built for (a change rebuilds them). */
  private bucketFilter: string | undefined;
  /** The text filter, trimmed and lower-cased ('' = none). */
  private needle = '';
  private groupNodes = new Map<GroupId, GroupNode>();
  private sessionNodes = new Map<string, SessionNode>();
  private itemCache = new Map<string, { session: Session; description: string; item: vscode.TreeItem }>();
  /** One node object per (session, PR): the review hook refreshes a PR row by its node. */
  private prNodes = new Map<string, PullRequestNode>();
  private review: PrReviewHook | undefined;
  private prDetails: PrDetailsSource | undefined;
  private readonly loadMoreNode: LoadMoreNode = { kind: 'loadMore' };
  private readonly moreNodes = new Map<GroupId, MoreInGroupNode>();
  /** Rows each group shows (GROUP_CHUNK, raised by its "N more…" row). */
  private readonly limits = new Map<GroupId, number>();
  /**
   * While the first load walks the pages: the rows each group has already shown, in the order
   * shown. Later pages add rows after them (never above), so what the user looks at holds still;
   * when the walk ends the groups are sorted newest first once.
   */
  private readonly pinned = new Map<GroupId, string[]>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Tree items built since creation (benchmarks: a one-session change must build one item). */
  itemsBuilt = 0;

  constructor(
    private readonly store: SessionStore,
    private filter: () => SessionFilter,
    private readonly now: () => number = Date.now,
    private readonly expansion?: ExpansionMemory,
  ) {
    this.disposables.push(this._onDidChangeTreeData);
    const sub = store.onDidChange((e) => this.onStoreChange(e));
    const stateSub = store.onDidChangeState((st) => {
      if (st.phase !== 'loading' && this.pinned.size) {
        // The walk ended: sort every group newest first, once.
        this.pinned.clear();
        this.bucketFilter = undefined;
        this.refreshAll();
      }
    });
    this.disposables.push(new vscode.Disposable(() => sub.dispose()), new vscode.Disposable(() => stateSub.dispose()));
    this.rebuild();
  }

  setReviewHook(hook: PrReviewHook): void {
    this.review = hook;
    const sub = hook.onDidChange((node) => this._onDidChangeTreeData.fire(node));
    this.disposables.push(new vscode.Disposable(() => sub.dispose()));
    this._onDidChangeTreeData.fire(undefined);
  }

  /** GitHub details for PR rows: asked for the rows shown, their rows refreshed when they arrive. */
  setPrDetails(source: PrDetailsSource): void {
    this.prDetails = source;
    const sub = source.onDidChange((urls) => {
      const set = new Set(urls);
      const nodes = [...this.prNodes.values()].filter((n) => !set.size || set.has(n.pr.pr_url));
      if (nodes.length) this._onDidChangeTreeData.fire(nodes);
    });
    this.disposables.push(new vscode.Disposable(() => sub.dispose()));
  }

  private prNode(sessionId: string, pr: PullRequest): PullRequestNode {
    const key = `${sessionId}\0${pr.pr_url}`;
    let n = this.prNodes.get(key);
    if (!n) this.prNodes.set(key, (n = { kind: 'pr', sessionId, pr }));
    n.pr = pr;
    return n;
  }

  /** Shows the next chunk of a group's sessions (its "N more…" row). */
  showMore(group: GroupId): void {
    const g = this.groups.find((x) => x.id === group);
    if (!g) return;
    this.limits.set(group, this.limitOf(group) + GROUP_CHUNK);
    this._onDidChangeTreeData.fire(this.groupNode(group));
  }

  private limitOf(group: GroupId): number {
    return this.limits.get(group) ?? GROUP_CHUNK;
  }

  /**
   * Shows the current filter. When only its text changed, the groups are narrowed again from the
   * buckets (a scan of the search texts, no sort); otherwise everything is regrouped.
   */
  refreshAll(): void {
    this.rebuild();
    this._onDidChangeTreeData.fire(undefined);
  }

  /** The rows again with the same groups (relative times moved on): nothing is regrouped. */
  refreshRows(): void {
    this._onDidChangeTreeData.fire(undefined);
  }

  /** Groups with sessions in them (the view's welcome shows when there are none). */
  get visibleGroups(): readonly Group[] {
    return this.groups;
  }

  /**
   * The group rows: every group with sessions, and, while any session is shown, Needs your input
   * and Working even when empty (with 0). Those two are where sessions come and go; keeping them
   * in place means a session that starts or stops waiting never pushes the rows below around.
   * The other groups (collapsed at first) are shown only with sessions in them.
   */
  private rootGroupIds(): GroupId[] {
    if (!this.groups.length) return [];
    const present = new Set(this.groups.map((g) => g.id));
    for (const id of STABLE_GROUPS) present.add(id);
    return GROUP_ORDER.filter((id) => present.has(id));
  }

  /** The group a session's row is in, or undefined when the filter hides it. */
  private shownGroupOf(id: string): GroupId | undefined {
    const s = this.placed.get(id);
    if (!s || (this.needle && !searchText(s).includes(this.needle))) return undefined;
    return treeGroupOf(s);
  }

  /** `regroup`: build the buckets from the store even when the filter's other parts are the same. */
  private rebuild(regroup = false): void {
    const f = this.filter();
    const key = JSON.stringify({ ...f, text: undefined });
    this.needle = searchNeedle(f.text);
    if (regroup || key !== this.bucketFilter || this.store.state.phase === 'loading' || this.pinned.size) this.regroup(f, key);
    this.narrow();
  }

  /** Builds the buckets from the whole store (first load, reset, the filter's other parts changed). */
  private regroup(f: SessionFilter, key: string): void {
    this.bucketFilter = key;
    const base = buildGroups(this.store.all(), { ...f, text: undefined });
    if (this.pinned.size && this.store.state.phase === 'loading') {
      for (const g of base) {
        const pins = this.pinned.get(g.id);
        if (!pins?.length) continue;
        const byId = new Map(g.sessions.map((s) => [s.session_id, s]));
        const head: Session[] = [];
        for (const id of pins) {
          const s = byId.get(id);
          if (s) {
            head.push(s);
            byId.delete(id);
          }
        }
        g.sessions = head.concat(g.sessions.filter((s) => byId.has(s.session_id)));
      }
    }
    this.buckets.clear();
    this.placed.clear();
    for (const g of base) {
      this.buckets.set(g.id, { sessions: g.sessions, texts: g.sessions.map(searchText) });
      for (const s of g.sessions) this.placed.set(s.session_id, s);
    }
  }

  /** The shown groups: the buckets as they are, or only the sessions whose text holds the needle. */
  private narrow(): void {
    const groups: Group[] = [];
    const needle = this.needle;
    for (const id of GROUP_ORDER) {
      const b = this.buckets.get(id);
      if (!b?.sessions.length) continue;
      if (!needle) {
        b.joined = undefined;
        groups.push({ id, sessions: b.sessions });
        continue;
      }
      const found = searchBucket(b, needle);
      if (found.length) groups.push({ id, sessions: found });
    }
    this.groups = groups;
  }

  /** Index of the first session in `list` (newest first) that does not sort before `s`. */
  private static lowerBound(list: Session[], s: Session): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareSessions(list[mid], s) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Takes the bucket's copy of a session out (the object the bucket holds, found by binary search).
   * `placed` keeps its entry: the caller overwrites it (put) or deletes it. A delete and a new set
   * for every change would leave a hole in the map's table each time, and V8 doubles a map's
   * table when live entries and holes fill it: at 100,000 sessions a step of 3.7 MB after some
   * 36,000 changes (a few days of polling).
   */
  private take(old: Session): void {
    const b = this.buckets.get(treeGroupOf(old));
    if (!b) return;
    let i = SessionsTreeProvider.lowerBound(b.sessions, old);
    if (b.sessions[i] !== old) i = b.sessions.indexOf(old);
    if (i < 0) return;
    b.sessions.splice(i, 1);
    b.texts.splice(i, 1);
    b.joined = undefined;
  }

  /** Puts a session into its bucket at its place, newest first. */
  private put(s: Session): void {
    const id = treeGroupOf(s);
    let b = this.buckets.get(id);
    if (!b) this.buckets.set(id, (b = { sessions: [], texts: [] }));
    const i = SessionsTreeProvider.lowerBound(b.sessions, s);
    b.sessions.splice(i, 0, s);
    b.texts.splice(i, 0, searchText(s));
    b.joined = undefined;
    this.placed.set(s.session_id, s);
  }

  private onStoreChange(e: StoreChange): void {
    const groupsBefore = this.rootGroupIds().join(',');
    const dirtyGroups = new Set<GroupId>();
    const f = this.filter();
    const key = JSON.stringify({ ...f, text: undefined });
    if (e.reset || key !== this.bucketFilter || this.store.state.phase === 'loading' || this.pinned.size) {
      // Before each change, where its row was (the buckets are rebuilt from the store).
      for (const s of e.changed) {
        const was = this.shownGroupOf(s.session_id);
        if (was) dirtyGroups.add(was);
      }
      for (const id of e.removed) {
        const was = this.shownGroupOf(id);
        if (was) dirtyGroups.add(was);
      }
      this.rebuild(true);
    } else {
      // Steady state: each changed session leaves its place and takes its new one. O(changes).
      this.needle = searchNeedle(f.text);
      const other = { ...f, text: undefined };
      for (const id of e.removed) {
        const old = this.placed.get(id);
        if (!old) continue;
        const was = this.shownGroupOf(id);
        if (was) dirtyGroups.add(was);
        this.take(old);
        this.placed.delete(id);
      }
      for (const s of e.changed) {
        const old = this.placed.get(s.session_id);
        if (old) {
          const was = this.shownGroupOf(s.session_id);
          if (was) dirtyGroups.add(was);
          this.take(old);
        }
        if (matchesFilter(s, other)) this.put(s);
        else if (old) this.placed.delete(s.session_id);
      }
      this.narrow();
    }
    for (const s of e.changed) {
      const now = this.shownGroupOf(s.session_id);
      if (now) dirtyGroups.add(now);
    }
    this.forget(e);
    if (this.itemCache.size > this.shownRows()) this.sweep();
    const groupsNow = this.rootGroupIds().join(',');
    // Empty before and after (a reset while loading): nothing on screen changes. A needless event
    // would open the extension host's 200 ms debounce window and hold back the first rows.
    if (e.reset && groupsBefore === '' && groupsNow === '') return;
    if (e.reset || groupsBefore !== groupsNow) {
      this._onDidChangeTreeData.fire(undefined);
      return;
    }
    // Only the groups whose membership, counts or order changed re-render their children.
    const nodes: Node[] = [...dirtyGroups].map((g) => this.groupNode(g));
    if (nodes.length) this._onDidChangeTreeData.fire(nodes);
  }

  /** Rows the groups show now (each group's first chunk(s)). */
  private shownRows(): number {
    let n = 0;
    for (const g of this.groups) n += Math.min(g.sessions.length, this.limitOf(g.id));
    return n;
  }

  /**
   * Drops the items and nodes of sessions no longer shown. Over a day of polls many sessions
   * change, rise into a group's first rows and sink out of them again: without this, an item for
   * each would stay cached for good.
   */
  private sweep(): void {
    const keep = new Set<string>();
    for (const g of this.groups) {
      const n = Math.min(g.sessions.length, this.limitOf(g.id));
      for (let i = 0; i < n; i++) keep.add(g.sessions[i].session_id);
    }
    for (const id of this.itemCache.keys()) if (!keep.has(id)) this.itemCache.delete(id);
    for (const id of this.sessionNodes.keys()) if (!keep.has(id)) this.sessionNodes.delete(id);
    for (const [k, n] of this.prNodes) if (!keep.has(n.sessionId)) this.prNodes.delete(k);
  }

  /** Drops the nodes and items of sessions the store no longer holds (after a reset: all it lost). */
  private forget(e: StoreChange): void {
    const gone = (id: string) => !this.store.get(id);
    const ids = e.reset ? [...this.sessionNodes.keys(), ...this.itemCache.keys()].filter(gone) : e.removed;
    if (!ids.length) return;
    for (const id of ids) {
      this.sessionNodes.delete(id);
      this.itemCache.delete(id);
    }
    const dropped = new Set(ids);
    for (const [k, n] of this.prNodes) if (dropped.has(n.sessionId)) this.prNodes.delete(k);
  }

  private groupNode(id: GroupId): GroupNode {
    let n = this.groupNodes.get(id);
    if (!n) this.groupNodes.set(id, (n = { kind: 'group', id }));
    return n;
  }

  private sessionNode(id: string): SessionNode {
    let n = this.sessionNodes.get(id);
    if (!n) this.sessionNodes.set(id, (n = { kind: 'session', sessionId: id }));
    return n;
  }

  getChildren(element?: Node): Node[] {
    if (!element) {
      const roots: Node[] = this.rootGroupIds().map((id) => this.groupNode(id));
      if (this.store.state.truncated && roots.length) roots.push(this.loadMoreNode);
      return roots;
    }
    if (element.kind === 'group') {
      const g = this.groups.find((x) => x.id === element.id);
      if (!g) return [];
      // Newest first, one chunk at a time: a group of thousands stays scannable and cheap.
      const shown = g.sessions.slice(0, this.limitOf(g.id));
      if (this.store.state.phase === 'loading') this.pinned.set(g.id, shown.map((s) => s.session_id));
      const rows: Node[] = shown.map((s) => this.sessionNode(s.session_id));
      if (g.sessions.length > shown.length) rows.push(this.moreNode(g.id));
      return rows;
    }
    if (element.kind === 'session') {
      const s = this.store.get(element.sessionId);
      if (!s) return [];
      const prs = s.pull_requests.map((pr) => this.prNode(s.session_id, pr));
      this.prDetails?.want(prs.map((n) => n.pr.pr_url));
      return prs;
    }
    if (element.kind === 'pr' && this.review?.canReview(element.pr)) return this.review.children(element);
    return [];
  }

  private moreNode(id: GroupId): MoreInGroupNode {
    let n = this.moreNodes.get(id);
    if (!n) this.moreNodes.set(id, (n = { kind: 'moreInGroup', group: id }));
    return n;
  }

  /** Makes a session's row part of its group's shown chunk (before revealing it). */
  ensureShown(sessionId: string): void {
    const gid = this.shownGroupOf(sessionId);
    const g = gid && this.groups.find((x) => x.id === gid);
    if (!g) return;
    const i = g.sessions.findIndex((s) => s.session_id === sessionId);
    if (i >= this.limitOf(g.id)) {
      this.limits.set(g.id, Math.ceil((i + 1) / GROUP_CHUNK) * GROUP_CHUNK);
      this._onDidChangeTreeData.fire(this.groupNode(g.id));
    }
  }

  getParent(element: Node): Node | undefined {
    if (element.kind === 'moreInGroup') return this.groupNode(element.group);
    if (element.kind === 'session') {
      const g = this.shownGroupOf(element.sessionId);
      return g ? this.groupNode(g) : undefined;
    }
    if (element.kind === 'pr') return this.sessionNode(element.sessionId);
    if (element.kind === 'review') return element.parent;
    return undefined;
  }

  getTreeItem(element: Node): vscode.TreeItem {
    switch (element.kind) {
      case 'group':
        return this.groupItem(element.id);
      case 'session':
        return this.sessionItem(element.sessionId);
      case 'pr':
        return this.prItem(element);
      case 'review':
        return this.review ? this.review.treeItem(element) : new vscode.TreeItem('');
      case 'moreInGroup': {
        const g = this.groups.find((x) => x.id === element.group);
        const rest = g ? Math.max(0, g.sessions.length - this.limitOf(element.group)) : 0;
        const item = new vscode.TreeItem(vscode.l10n.t('{0} more…', formatNumber(rest)));
        item.id = `more:${element.group}`;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.tooltip = vscode.l10n.t('Show {0} more sessions in this group', formatNumber(Math.min(rest, GROUP_CHUNK)));
        item.contextValue = 'moreInGroup';
        item.command = { command: 'devin.showMoreInGroup', title: vscode.l10n.t('Show More'), arguments: [element.group] };
        item.accessibilityInformation = { label: vscode.l10n.t('{0} more sessions in {1}; show {2} more', formatNumber(rest), groupLabel(element.group), formatNumber(Math.min(rest, GROUP_CHUNK))), role: 'treeitem' };
        return item;
      }
      case 'loadMore': {
        const item = new vscode.TreeItem(vscode.l10n.t('Load more sessions…'));
        item.id = 'loadMore';
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { command: 'devin.loadMore', title: vscode.l10n.t('Load More Sessions') };
        return item;
      }
    }
  }

  private groupItem(id: GroupId): vscode.TreeItem {
    const count = this.groups.find((g) => g.id === id)?.sessions.length ?? 0;
    const item = new vscode.TreeItem(
      groupLabel(id),
      groupStartsExpanded(id, this.expansion) ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = `group:${id}`;
    item.description = String(count);
    item.iconPath = groupIcon(id);
    item.contextValue = `group:${id}`;
    item.accessibilityInformation = { label: vscode.l10n.t('{0}, {1} sessions', groupLabel(id), formatNumber(count)), role: 'treeitem' };
    return item;
  }

  private sessionItem(id: string): vscode.TreeItem {
    const s = this.store.get(id);
    if (!s) {
      const gone = new vscode.TreeItem(vscode.l10n.t('(session no longer available)'));
      gone.id = `gone:${id}`;
      return gone;
    }
    const now = this.now();
    const hint = this.store.hint(id);
    const description = sessionDescription(s, now, sessionRepo(s, hint?.repo));
    const cached = this.itemCache.get(id);
    if (cached && cached.session === s && cached.description === description) return cached.item;
    this.itemsBuilt++;
    const title = sessionTitle(s, hint?.prompt);
    const item = new vscode.TreeItem(
      shortenToWidth(title, TREE_TITLE_WIDTH),
      s.pull_requests.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `session:${s.session_id}`;
    item.description = description;
    item.iconPath = stateIcon(s);
    item.contextValue = contextValue(s);
    item.command = { command: 'devin.openSession', title: vscode.l10n.t('Open Session Details'), arguments: [s.session_id] };
    // The whole title and the age in full words: a screen reader does not see the shortened row.
    item.accessibilityInformation = { label: `${title}, ${describeStatus(s)}, ${sessionDescription(s, now, sessionRepo(s, hint?.repo), true)}`, role: 'treeitem' };
    // The tooltip is built lazily by resolveTreeItem: cheap trees at 10,000 sessions.
    this.itemCache.set(id, { session: s, description, item });
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem, element: Node): vscode.TreeItem {
    if (element.kind === 'session' && !item.tooltip) {
      const s = this.store.get(element.sessionId);
      if (s) item.tooltip = sessionTooltip(s, this.now(), this.store.hint(element.sessionId));
    }
    return item;
  }

  private prItem(node: PullRequestNode): vscode.TreeItem {
    const info = prInfo(node.pr);
    const gh = this.prDetails?.get(node.pr.pr_url);
    const name = prLabel(node.pr);
    const state = prStateText(node.pr, gh);
    // With GitHub's details: the title leads, "acme/web #7" follows with the state, review and
    // checks. Without: "acme/web #7" and the state the Devin API gives.
    const title = gh ? cleanText(gh.title, 200) : '';
    const bits = title ? [name, state] : [state];
    if (gh?.reviewDecision) bits.push(reviewText(gh.reviewDecision));
    if (gh?.checks) bits.push(checksText(gh.checks));
    const item = new vscode.TreeItem(title || name);
    item.id = `pr:${node.sessionId}:${node.pr.pr_url}`;
    item.description = bits.join(' · ');
    item.iconPath = prIcon(node.pr, gh);
    item.contextValue = prContextValue(node.pr, gh);
    item.accessibilityInformation = {
      label: title ? vscode.l10n.t('Pull request {0}, {1}', `${name} ${title}`, bits.slice(1).join(', ')) : vscode.l10n.t('Pull request {0}, {1}', name, state),
      role: 'treeitem',
    };
    const tip = new vscode.MarkdownString(undefined, false);
    tip.isTrusted = false;
    tip.appendText(`${title ? `${title}\n` : ''}${name} (${bits.slice(title ? 1 : 0).join(', ')})\n${cleanText(node.pr.pr_url, 300)}`);
    item.tooltip = tip;
    if (info.safeUrl) {
      item.command = { command: 'devin.openPullRequest', title: vscode.l10n.t('Open Pull Request'), arguments: [node.pr.pr_url] };
    }
    if (this.review?.canReview(node.pr)) {
      // Expanding lists the changed files; the row's click still opens the PR.
      this.review.decorate(item, node);
    }
    return item;
  }

  /** The user expanded or collapsed a row (TreeView.onDidExpandElement / onDidCollapseElement). */
  noteExpanded(node: Node, expanded: boolean): void {
    if (node.kind === 'group') this.expansion?.set(node.id, expanded);
  }

  setFilter(filter: () => SessionFilter): void {
    this.filter = filter;
    this.refreshAll();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
