import * as vscode from 'vscode';
import { formatTime } from '../util/intl';
import { config } from '../config';
import { vscodeHost, type Host } from '../host';
import { SESSIONS_TREE_OPTIONS, SESSIONS_VIEW_ID } from '../ids';
import { summarize, type SessionFilter } from '../sessions/model';
import type { ServerFilter, SessionStore } from '../sessions/store';
import { SessionsTreeProvider, type ExpansionMemory, type Node } from './sessionsTree';

const FILTER_STATE_KEY = 'devin.filter';
/** Groups the user expanded (true) or collapsed (false), by group id. */
export const EXPANSION_STATE_KEY = 'devin.groupExpansion';

interface SavedFilter {
  text?: string;
  tags?: string[];
  repos?: string[];
  mineOnly?: boolean;
}

export interface Identity {
  userId?: string;
  serviceUserId?: string;
}

/**
 * The Sessions view: tree, badge, message line, welcome-view context keys and filters.
 * Filters on tags, repositories and "mine" go to the server; the text filter is local.
 */
export class SessionsView implements vscode.Disposable {
  readonly provider: SessionsTreeProvider;
  readonly treeView: vscode.TreeView<Node>;
  private saved: SavedFilter;
  private identity: Identity | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private clock: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly store: SessionStore,
    private readonly memento: vscode.Memento,
    host: Host = vscodeHost,
  ) {
    this.saved = memento.get<SavedFilter>(FILTER_STATE_KEY) ?? {};
    const expansion: ExpansionMemory = {
      get: (id) => {
        const v = memento.get<Record<string, unknown>>(EXPANSION_STATE_KEY)?.[id];
        return typeof v === 'boolean' ? v : undefined;
      },
      set: (id, expanded) => {
        const all = { ...(memento.get<Record<string, boolean>>(EXPANSION_STATE_KEY) ?? {}), [id]: expanded };
        void Promise.resolve(memento.update(EXPANSION_STATE_KEY, all)).catch(() => undefined);
      },
    };
    this.provider = new SessionsTreeProvider(store, () => this.clientFilter(), Date.now, expansion);
    this.treeView = host.createTreeView(SESSIONS_VIEW_ID, { ...SESSIONS_TREE_OPTIONS, treeDataProvider: this.provider });
    const storeSubs = [store.onDidChange(() => this.update()), store.onDidChangeState(() => this.update())];
    this.disposables.push(
      this.provider,
      this.treeView,
      new vscode.Disposable(() => storeSubs.forEach((s) => s.dispose())),
      this.treeView.onDidExpandElement((e) => this.provider.noteExpanded(e.element, true)),
      this.treeView.onDidCollapseElement((e) => this.provider.noteExpanded(e.element, false)),
      this.treeView.onDidChangeVisibility((e) => {
        store.setViewVisible(e.visible);
        this.tickClock(e.visible);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('devin.showArchived')) this.provider.refreshAll();
      }),
    );
    if (this.treeView.visible) {
      store.setViewVisible(true);
      this.tickClock(true);
    }
    this.store.setServerFilter(this.serverFilter());
    this.update();
  }

  /** Relative times ("5 min ago") move on while the view is visible. */
  private tickClock(visible: boolean): void {
    if (this.clock) clearInterval(this.clock);
    this.clock = visible ? setInterval(() => this.provider.refreshRows(), 60_000) : undefined;
  }

  get filter(): Readonly<SavedFilter> {
    return this.saved;
  }

  clientFilter(): SessionFilter {
    return { text: this.saved.text, showArchived: config.showArchived() };
  }

  serverFilter(): ServerFilter {
    const f: ServerFilter = {};
    if (this.saved.tags?.length) f.tags = this.saved.tags;
    if (this.saved.repos?.length) f.repo_names = this.saved.repos;
    if (this.saved.mineOnly && this.identity) {
      if (this.identity.serviceUserId) f.service_user_ids = [this.identity.serviceUserId];
      else if (this.identity.userId) f.user_ids = [this.identity.userId];
    }
    return f;
  }

  setIdentity(identity: Identity | undefined): void {
    this.identity = identity;
    if (this.saved.mineOnly) this.store.setServerFilter(this.serverFilter());
  }

  async setFilter(patch: Partial<SavedFilter>): Promise<void> {
    const serverBefore = JSON.stringify(this.serverFilter());
    this.saved = { ...this.saved, ...patch };
    for (const k of Object.keys(this.saved) as (keyof SavedFilter)[]) {
      const v = this.saved[k];
      if (v === undefined || v === '' || v === false || (Array.isArray(v) && !v.length)) delete this.saved[k];
    }
    await this.memento.update(FILTER_STATE_KEY, this.saved);
    if (JSON.stringify(this.serverFilter()) !== serverBefore) this.store.setServerFilter(this.serverFilter());
    this.provider.refreshAll();
    this.update();
  }

  async clearFilter(): Promise<void> {
    this.saved = {};
    await this.memento.update(FILTER_STATE_KEY, undefined);
    this.store.setServerFilter(this.serverFilter());
    this.provider.refreshAll();
    this.update();
  }

  private orgName: string | undefined;

  /** Shows the active organization's name in the view's description (undefined: none). */
  setOrganization(name: string | undefined): void {
    if (this.orgName === name) return;
    this.orgName = name;
    this.update();
  }

  private filterSummary(): string | undefined {
    const bits: string[] = [];
    if (this.saved.text) bits.push(vscode.l10n.t('text "{0}"', this.saved.text));
    if (this.saved.tags?.length) bits.push(vscode.l10n.t('tags {0}', this.saved.tags.join(', ')));
    if (this.saved.repos?.length) bits.push(vscode.l10n.t('repos {0}', this.saved.repos.join(', ')));
    if (this.saved.mineOnly) bits.push(vscode.l10n.t('mine only'));
    return bits.length ? bits.join(' · ') : undefined;
  }

  private update(): void {
    const st = this.store.state;
    const all = this.store.all();
    const summary = summarize(all);
    this.setBadge(summary.needsInput);
    const summaryText = this.filterSummary();
    const filtered = summaryText !== undefined;
    // The active organization (when VS Code knows its name: picked from an enterprise key's list).
    const description = [this.orgName, summaryText ? vscode.l10n.t('Filtered') : undefined].filter(Boolean).join(' · ');
    this.setViewText('description', description || undefined);
    const messages: string[] = [];
    if (st.phase === 'error' && st.error) {
      const when = st.lastSuccess ? formatTime(st.lastSuccess) : undefined;
      messages.push(
        all.length && when
          ? vscode.l10n.t('⚠ {0} Showing sessions from the last good refresh at {1}.', st.error.message, when)
          : vscode.l10n.t('⚠ {0}', st.error.message),
      );
    }
    if (summaryText) messages.push(vscode.l10n.t('Filter: {0}', summaryText));
    if (st.truncated) messages.push(vscode.l10n.t('Showing the most recent {0} sessions.', all.length));
    // VS Code hides welcome content while a view has a message: with nothing to show, the
    // error welcome (one per kind of error, with its buttons) says it instead.
    const errorWelcome = st.phase === 'error' && !all.length;
    this.setViewText('message', messages.length && !errorWelcome ? messages.join('\n') : undefined);
    this.setContext('devin.errorKind', errorWelcome ? errorWelcomeKind(st.error?.kind) : undefined);

    let state: string;
    if (errorWelcome) state = 'error';
    else if (st.phase === 'loading' && !all.length) state = 'loading';
    else if (!this.provider.visibleGroups.length && st.phase === 'ready') state = filtered || all.length ? 'filteredEmpty' : 'empty';
    else state = 'ready';
    this.setContext('devin.state', state);
    this.setContext('devin.filtered', filtered);
    this.setContext('devin.mineOnly', !!this.saved.mineOnly);
  }

  /**
   * What the tree view shows now. Each assignment to TreeView.message, .description or .badge is a
   * message to the workbench, and a message assignment also enters the 200 ms debounce of the
   * tree's change events in the extension host: one per store event used to hold back every
   * refresh's rows by 200 ms or more. Only changes are assigned. (A new tree view shows none.)
   */
  private readonly shownText: { message?: string; description?: string } = {};
  private shownBadge = 0;

  private setViewText(key: 'message' | 'description', value: string | undefined): void {
    if ((this.shownText[key] ?? '') === (value ?? '')) return;
    this.shownText[key] = value;
    this.treeView[key] = value;
  }

  private setBadge(needsInput: number): void {
    if (this.shownBadge === needsInput) return;
    this.shownBadge = needsInput;
    this.treeView.badge = needsInput ? { value: needsInput, tooltip: vscode.l10n.t('{0} sessions need your input', needsInput) } : undefined;
  }

  /** update() runs on every store event (several per poll): only changed keys cross to the workbench. */
  private readonly contextValues = new Map<string, unknown>();
  private setContext(key: string, value: unknown): void {
    if (this.contextValues.has(key) && this.contextValues.get(key) === value) return;
    this.contextValues.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }

  dispose(): void {
    if (this.clock) clearInterval(this.clock);
    for (const d of this.disposables) d.dispose();
  }
}

/** Which error welcome fits: each has its own words and buttons in package.json. */
export function errorWelcomeKind(kind: string | undefined): string {
  switch (kind) {
    case 'unauthorized':
    case 'forbidden':
    case 'offline':
    case 'config':
    case 'rate_limited':
      return kind;
    case 'not_found':
      return 'notFound';
    default:
      return 'other';
  }
}
