// Review Changes: the PR node of the Sessions tree expands to the PR's changed files; a file opens
// VS Code's diff editor (merge-base ↔ PR head, both read-only `devin-pr:` documents); Open All
// Changes opens the multi-file diff editor; Apply Changes merges into the working tree. Git work is
// in prChanges.ts / applyChanges.ts; this is the VS Code side.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PullRequest } from '../api/types';
import { getGitApi } from '../git/git';
import { vscodeHost, type Host } from '../host';
import { sessionTitle } from '../sessions/model';
import { decorateReviewable } from '../parts/review';
import type { SessionStore } from '../sessions/store';
import type { PrReviewHook, PullRequestNode, ReviewChildNode } from '../views/sessionsTree';
import { applyChanges, changedSinceApply, checkChanges, dirtyPaths, undoApply, type ApplyBackup, type FileOutcome } from './applyChanges';
import { git } from './git';
import { ChangesCache, fetchPr, findClone, parsePrUrl, readAt, ReviewError, type FetchedPr, type FileChange, type PrTarget } from './prChanges';
import { FILE_SCHEME, parsePrDocQuery, prDocParts, PR_SCHEME, type PrDocRef } from './uris';

type State =
  | { kind: 'idle' }
  | { kind: 'loading'; promise: Promise<void> }
  | { kind: 'ready'; fetched: FetchedPr; changes: FileChange[] }
  | { kind: 'noClone' }
  | { kind: 'error'; error: Error }
  /** Restricted Mode: git would run with the clone's own configuration (hooks, filters, sshCommand). */
  | { kind: 'untrusted' };

interface PrState {
  sessionId: string;
  prUrl: string;
  pr: PrTarget;
  state: State;
  /** Session updated_at at the last fetch: a newer one means "look again" on the next look. */
  fetchedAt?: number;
  /** Heads seen: the first one, to mark the PR "updated" when Devin pushes again. */
  firstHead?: string;
  updated: boolean;
}

export interface FileNode extends ReviewChildNode {
  type: 'file';
  change: FileChange;
}
export interface MessageNode extends ReviewChildNode {
  type: 'message';
  label: string;
  icon: string;
  command?: vscode.Command;
  tooltip?: string;
}
type ChildNode = FileNode | MessageNode;

const keyOf = (sessionId: string, prUrl: string) => `${sessionId}\0${prUrl}`;

function statusWord(c: FileChange): string {
  switch (c.status) {
    case 'A':
      return vscode.l10n.t('Added');
    case 'D':
      return vscode.l10n.t('Deleted');
    case 'R':
      return vscode.l10n.t('Renamed');
    case 'C':
      return vscode.l10n.t('Copied');
    case 'T':
      return vscode.l10n.t('Type changed');
    default:
      return vscode.l10n.t('Modified');
  }
}

function decorationColor(status: string): vscode.ThemeColor {
  switch (status) {
    case 'A':
    case 'C':
      return new vscode.ThemeColor('gitDecoration.addedResourceForeground');
    case 'D':
      return new vscode.ThemeColor('gitDecoration.deletedResourceForeground');
    case 'R':
      return new vscode.ThemeColor('gitDecoration.renamedResourceForeground');
    default:
      return new vscode.ThemeColor('gitDecoration.modifiedResourceForeground');
  }
}

/** Clones to look in: the git extension's repositories, then the workspace folders. */
async function candidateRoots(): Promise<string[]> {
  const roots: string[] = [];
  const api = await getGitApi();
  for (const r of api?.repositories ?? []) if (r.rootUri.scheme === 'file') roots.push(r.rootUri.fsPath);
  for (const f of vscode.workspace.workspaceFolders ?? []) if (f.uri.scheme === 'file') roots.push(f.uri.fsPath);
  return [...new Set(roots)];
}

/**
 * The clones open here without waiting for the git extension to start (a document is asked for
 * at once): workspace folders, and the git extension's repositories when it is already running.
 */
function openClones(): string[] {
  const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const ext = vscode.extensions.getExtension<{ getAPI(v: 1): { repositories: { rootUri: vscode.Uri }[] } }>('vscode.git');
  try {
    if (ext?.isActive) for (const r of ext.exports.getAPI(1).repositories) if (r.rootUri.scheme === 'file') roots.push(r.rootUri.fsPath);
  } catch {
    // git disabled: its API throws; the workspace folders are enough
  }
  return roots;
}

/** Why nothing runs in Restricted Mode (the wording Check Out uses). */
function restrictedText(): string {
  return vscode.l10n.t('Reviewing changes runs git in this workspace, which is in Restricted Mode. Trust the workspace first.');
}

const commitKey = (root: string, commit: string, side: 'base' | 'head') => `${root}\0${commit}\0${side}`;

export class ReviewManager implements PrReviewHook, vscode.FileDecorationProvider, vscode.Disposable {
  private readonly states = new Map<string, PrState>();
  private readonly prNodes = new Map<string, PullRequestNode>();
  private readonly cache = new ChangesCache();
  private readonly _onDidChange = new vscode.EventEmitter<PullRequestNode>();
  readonly onDidChange = this._onDidChange.event;
  private readonly _onDidChangeFileDecorations = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this._onDidChangeFileDecorations.event;
  private readonly disposables: vscode.Disposable[] = [this._onDidChange, this._onDidChangeFileDecorations];
  private lastApply: { backup: ApplyBackup; label: string } | undefined;
  /**
   * The (clone, commit, side) triples fetched for a review in this window: the only ones `devin-pr:`
   * documents are read from (a diff editor restored after a reload is checked against the private
   * refs instead, see fetchedBefore).
   */
  private readonly fetchedCommits = new Set<string>();
  /** Fetches started (tests and the log: nothing is fetched while nobody looks). */
  fetches = 0;

  constructor(
    private readonly store: SessionStore,
    private readonly log: vscode.LogOutputChannel,
    host: Host = vscodeHost,
  ) {
    this.disposables.push(
      host.registerTextDocumentContentProvider(PR_SCHEME, { provideTextDocumentContent: (uri) => this.provideTextDocumentContent(uri) }),
      vscode.window.registerFileDecorationProvider(this),
      host.registerCommand('devin.reviewChanges', (a, b) => this.reviewChanges(a, b)),
      host.registerCommand('devin.openAllChanges', (a, b) => this.openAllChanges(a, b)),
      host.registerCommand('devin.applyAllChanges', (a, b) => this.applyAll(a, b)),
      host.registerCommand('devin.applyFileChanges', (a) => this.applyFile(a)),
      host.registerCommand('devin.openChangedFile', (a) => this.openFileDiff(a)),
      host.registerCommand('devin.undoApply', () => this.undo()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        for (const st of this.states.values()) {
          if (st.state.kind !== 'untrusted') continue;
          st.state = { kind: 'idle' };
          const node = this.prNodes.get(keyOf(st.sessionId, st.prUrl));
          if (node) this._onDidChange.fire(node);
        }
      }),
    );
  }

  // ---- the tree hook -------------------------------------------------------------------------

  canReview(pr: PullRequest): boolean {
    return !!parsePrUrl(pr.pr_url);
  }

  private stateFor(node: { sessionId: string; pr: PullRequest }): PrState | undefined {
    const key = keyOf(node.sessionId, node.pr.pr_url);
    let st = this.states.get(key);
    if (!st) {
      const pr = parsePrUrl(node.pr.pr_url);
      if (!pr) return undefined;
      st = { sessionId: node.sessionId, prUrl: node.pr.pr_url, pr, state: { kind: 'idle' }, updated: false };
      this.states.set(key, st);
    }
    return st;
  }

  decorate(item: vscode.TreeItem, node: PullRequestNode): void {
    this.prNodes.set(keyOf(node.sessionId, node.pr.pr_url), node);
    const st = this.stateFor(node);
    if (!st) return;
    const bits: string[] = [];
    if (st.state.kind === 'ready') bits.push(st.state.changes.length === 1 ? vscode.l10n.t('1 file') : vscode.l10n.t('{0} files', st.state.changes.length));
    if (st.updated) bits.push(vscode.l10n.t('updated'));
    decorateReviewable(item, bits);
  }

  children(node: PullRequestNode): ChildNode[] {
    this.prNodes.set(keyOf(node.sessionId, node.pr.pr_url), node);
    const st = this.stateFor(node);
    if (!st) return [];
    void this.ensure(st); // fires onDidChange(node) when it finishes
    return this.childNodes(st, node);
  }

  /** Loads (or reloads, when the session changed since) the PR's changes. Only called when someone looks. */
  private async ensure(st: PrState, force = false): Promise<void> {
    if (st.state.kind === 'loading') return st.state.promise;
    if (!vscode.workspace.isTrusted) {
      st.state = { kind: 'untrusted' };
      return;
    }
    const updatedAt = this.store.get(st.sessionId)?.updated_at;
    // An error is retried when asked (Retry) or when the session changed, not on every repaint.
    const stale = force || st.state.kind === 'idle' || st.state.kind === 'noClone' || st.state.kind === 'untrusted' || updatedAt !== st.fetchedAt;
    if (!stale) return;
    const promise = this.load(st, updatedAt);
    st.state = { kind: 'loading', promise };
    return promise;
  }

  private async load(st: PrState, updatedAt: number | undefined): Promise<void> {
    const started = Date.now();
    try {
      const clone = await findClone(await candidateRoots(), st.pr);
      if (!clone) {
        st.state = { kind: 'noClone' };
        return;
      }
      this.fetches++;
      const fetched = await vscode.window.withProgress(
        { location: { viewId: 'devin.sessions' }, title: vscode.l10n.t('Fetching pull request #{0}…', st.pr.number) },
        () => fetchPr(clone.root, clone.remote, st.pr),
      );
      const changes = await this.cache.get(fetched.root, fetched.base, fetched.head);
      if (st.firstHead === undefined) st.firstHead = fetched.head;
      else if (st.firstHead !== fetched.head) st.updated = true;
      st.fetchedAt = updatedAt;
      st.state = { kind: 'ready', fetched, changes };
      this.fetchedCommits.add(commitKey(fetched.root, fetched.base, 'base')).add(commitKey(fetched.root, fetched.head, 'head'));
      this.log.info(`review: ${st.pr.repo}#${st.pr.number} head ${fetched.head.slice(0, 12)} base ${fetched.base.slice(0, 12)} (${fetched.targetBranch}): ${changes.length} files in ${Date.now() - started} ms`);
      this._onDidChangeFileDecorations.fire(changes.map((c) => this.fileResource(st, c)));
    } catch (e) {
      st.fetchedAt = updatedAt;
      st.state = { kind: 'error', error: e instanceof Error ? e : new Error(String(e)) };
      this.log.warn(`review: ${st.pr.repo}#${st.pr.number}: ${(e as Error).message}${e instanceof ReviewError && e.detail ? ` (${e.detail.trim()})` : ''}`);
    } finally {
      const node = this.prNodes.get(keyOf(st.sessionId, st.prUrl));
      if (node) this._onDidChange.fire(node);
    }
  }

  private childNodes(st: PrState, parent: PullRequestNode): ChildNode[] {
    const s = st.state;
    const msg = (label: string, icon: string, command?: vscode.Command, tooltip?: string): MessageNode => ({ kind: 'review', parent, type: 'message', label, icon, command, tooltip });
    const openPr: vscode.Command = { command: 'devin.openPullRequest', title: vscode.l10n.t('Open Pull Request'), arguments: [st.prUrl] };
    if (s.kind === 'untrusted') {
      return [msg(restrictedText(), 'shield', { command: 'workbench.trust.manage', title: vscode.l10n.t('Manage Workspace Trust') }, restrictedText())];
    }
    if (s.kind === 'noClone') {
      const cloneUrl = `https://${st.pr.host}/${st.pr.repo}.git`;
      return [
        msg(vscode.l10n.t('No clone of {0} is open in this workspace.', st.pr.repo), 'info', undefined, vscode.l10n.t('Open a folder whose git remote is {0} to review these changes here.', cloneUrl)),
        msg(vscode.l10n.t('Clone Repository…'), 'repo-clone', { command: 'git.clone', title: vscode.l10n.t('Clone Repository'), arguments: [cloneUrl] }),
        msg(vscode.l10n.t('Open Pull Request in Browser'), 'link-external', openPr),
      ];
    }
    if (s.kind === 'error') {
      const retry: vscode.Command = { command: 'devin.reviewChanges', title: vscode.l10n.t('Retry'), arguments: [st.sessionId, st.prUrl] };
      return [
        msg(s.error.message, 'warning', undefined, s.error.message),
        msg(vscode.l10n.t('Retry'), 'refresh', retry),
        msg(vscode.l10n.t('Open Pull Request in Browser'), 'link-external', openPr),
      ];
    }
    if (s.kind !== 'ready') return [msg(vscode.l10n.t('Fetching the changes…'), 'loading~spin')];
    if (!s.changes.length) return [msg(vscode.l10n.t('No changed files.'), 'info')];
    return s.changes.map((change) => ({ kind: 'review', parent, type: 'file', change }));
  }

  private fileResource(st: PrState, c: FileChange): vscode.Uri {
    return vscode.Uri.from({ scheme: FILE_SCHEME, path: `/${c.path}`, query: new URLSearchParams({ s: c.status, k: keyOf(st.sessionId, st.prUrl) }).toString() });
  }

  treeItem(node: ReviewChildNode): vscode.TreeItem {
    const n = node as ChildNode;
    const st = this.states.get(keyOf(n.parent.sessionId, n.parent.pr.pr_url));
    if (n.type === 'message') {
      const item = new vscode.TreeItem(n.label);
      item.id = `review:${n.parent.sessionId}:${n.parent.pr.pr_url}:msg:${n.icon}:${n.label}`;
      item.iconPath = new vscode.ThemeIcon(n.icon);
      item.command = n.command;
      item.tooltip = n.tooltip;
      return item;
    }
    const c = n.change;
    const item = new vscode.TreeItem(path.posix.basename(c.path));
    item.id = `review:${n.parent.sessionId}:${n.parent.pr.pr_url}:file:${c.path}`;
    if (st) item.resourceUri = this.fileResource(st, c);
    item.iconPath = vscode.ThemeIcon.File;
    const dir = path.posix.dirname(c.path);
    const counts = c.binary ? vscode.l10n.t('binary') : `+${c.additions} −${c.deletions}`;
    const from = c.status === 'R' && c.oldPath ? `← ${c.oldPath} ` : '';
    item.description = `${dir === '.' ? '' : `${dir} `}${from}${counts}`.trim();
    item.tooltip = `${statusWord(c)}: ${c.oldPath && c.oldPath !== c.path ? `${c.oldPath} → ` : ''}${c.path}\n${counts}`;
    item.contextValue = `devinReviewFile:${c.status}`;
    item.command = { command: 'devin.openChangedFile', title: vscode.l10n.t('Open Changes'), arguments: [n] };
    item.accessibilityInformation = { label: `${c.path}, ${statusWord(c)}, ${c.binary ? vscode.l10n.t('binary') : vscode.l10n.t('{0} lines added, {1} removed', c.additions, c.deletions)}`, role: 'treeitem' };
    return item;
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== FILE_SCHEME) return undefined;
    const s = new URLSearchParams(uri.query).get('s') ?? '';
    if (!/^[AMDRCT]$/.test(s)) return undefined;
    return { badge: s, color: decorationColor(s), tooltip: statusWord({ status: s } as FileChange) };
  }

  // ---- documents -----------------------------------------------------------------------------

  /**
   * Only what a review fetched: another extension, or a link, can name any folder and commit in a
   * `devin-pr:` URI, and git would run there with that folder's configuration.
   */
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = parsePrDocQuery(uri.query);
    if (!ref) return '';
    if (!vscode.workspace.isTrusted) return restrictedText();
    if (!this.fetchedCommits.has(commitKey(ref.root, ref.commit, ref.side)) && !(await this.fetchedBefore(ref))) {
      this.log.warn(`review: refused a devin-pr: document for a folder or commit no review fetched`);
      return vscode.l10n.t('This pull request file is not from a review open in this window, or the pull request has changed since. Open it again with Review Changes on the pull request in the Devin Sessions view.');
    }
    const bytes = await readAt(ref.root, ref.commit, ref.path);
    if (bytes.subarray(0, 8000).includes(0)) return vscode.l10n.t('(binary file, {0} bytes)', bytes.length);
    return bytes.toString('utf8');
  }

  /**
   * A diff editor restored after a reload names what an earlier window fetched: a clone open in
   * this workspace, and the PR head in our private ref for that PR (refs/devin/pr/<remote>/<n>/head)
   * or its merge-base with the target branch fetched next to it (…/base).
   */
  private async fetchedBefore(ref: PrDocRef): Promise<boolean> {
    const pr = parsePrUrl(ref.prUrl);
    if (!pr || !openClones().includes(ref.root)) return false;
    try {
      const out = (await git(['for-each-ref', '--format=%(objectname) %(refname)', 'refs/devin/pr/'], { cwd: ref.root })).stdout.toString('utf8');
      const refs = new Map(out.split('\n').filter(Boolean).map((l) => [l.slice(l.indexOf(' ') + 1), l.slice(0, l.indexOf(' '))] as const));
      for (const [name, head] of refs) {
        if (!name.endsWith(`/${pr.number}/head`)) continue;
        const base = refs.get(`${name.slice(0, -'head'.length)}base`);
        let ok = ref.side === 'head' && head === ref.commit;
        if (ref.side === 'base' && base) {
          ok = (await git(['merge-base', head, base], { cwd: ref.root, okCodes: [1] })).stdout.toString('utf8').trim() === ref.commit;
        }
        if (ok) {
          this.fetchedCommits.add(commitKey(ref.root, ref.commit, ref.side));
          return true;
        }
      }
    } catch (e) {
      this.log.warn(`review: could not check a restored devin-pr: document: ${(e as Error).message}`);
    }
    return false;
  }

  private docUri(ref: PrDocRef): vscode.Uri {
    return vscode.Uri.from(prDocParts(ref));
  }

  private diffArgs(st: PrState, fetched: FetchedPr, c: FileChange): { left: vscode.Uri; right: vscode.Uri; title: string; file: vscode.Uri } {
    const common = { root: fetched.root, sessionId: st.sessionId, prUrl: st.prUrl };
    const left = this.docUri({ ...common, commit: fetched.base, path: c.oldPath ?? c.path, side: 'base' });
    const right = this.docUri({ ...common, commit: fetched.head, path: c.path, side: 'head' });
    const name = path.posix.basename(c.path);
    const title = c.status === 'R' && c.oldPath
      ? vscode.l10n.t('{0} ← {1} (#{2})', name, path.posix.basename(c.oldPath), st.pr.number)
      : vscode.l10n.t('{0} (#{1}, {2})', name, st.pr.number, statusWord(c));
    return { left, right, title, file: vscode.Uri.file(path.join(fetched.root, ...c.path.split('/'))) };
  }

  // ---- commands ------------------------------------------------------------------------------

  /** (sessionId, prUrl) from a PR node, a file node or two strings; the PR must belong to the session. */
  private resolvePr(a: unknown, b: unknown): PrState | undefined {
    let sessionId: string | undefined;
    let prUrl: string | undefined;
    if (a && typeof a === 'object') {
      const o = a as { kind?: unknown; sessionId?: unknown; pr?: { pr_url?: unknown }; parent?: { sessionId?: unknown; pr?: { pr_url?: unknown } } };
      const n = o.kind === 'review' ? o.parent : o;
      if (typeof n?.sessionId === 'string' && typeof n.pr?.pr_url === 'string') [sessionId, prUrl] = [n.sessionId, n.pr.pr_url];
    } else if (typeof a === 'string' && typeof b === 'string') [sessionId, prUrl] = [a, b];
    if (!sessionId || !prUrl) return undefined;
    const s = this.store.get(sessionId);
    const pr = s?.pull_requests.find((p) => p.pr_url === prUrl);
    if (!pr) {
      this.log.warn('review: asked for a pull request that is not in the session');
      return undefined;
    }
    return this.stateFor({ sessionId, pr });
  }

  /** Loads the changes (showing why not, with actions) and returns them when ready. */
  private async ready(st: PrState, force = false): Promise<Extract<State, { kind: 'ready' }> | undefined> {
    await this.ensure(st, force);
    const s = st.state;
    if (s.kind === 'ready') return s;
    const openPr = vscode.l10n.t('Open in Browser');
    if (s.kind === 'untrusted') {
      const manage = vscode.l10n.t('Manage Workspace Trust');
      if ((await vscode.window.showWarningMessage(restrictedText(), manage)) === manage) await vscode.commands.executeCommand('workbench.trust.manage');
    } else if (s.kind === 'noClone') {
      const clone = vscode.l10n.t('Clone Repository…');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('To review pull request #{0} here, open a clone of {1} in this workspace.', st.pr.number, st.pr.repo),
        clone,
        openPr,
      );
      if (choice === clone) await vscode.commands.executeCommand('git.clone', `https://${st.pr.host}/${st.pr.repo}.git`);
      else if (choice === openPr) await vscode.commands.executeCommand('devin.openPullRequest', st.prUrl);
    } else if (s.kind === 'error') {
      const choice = await vscode.window.showErrorMessage(s.error.message, openPr);
      if (choice === openPr) await vscode.commands.executeCommand('devin.openPullRequest', st.prUrl);
    }
    return undefined;
  }

  async reviewChanges(a: unknown, b: unknown): Promise<boolean> {
    const st = this.resolvePr(a, b);
    if (!st) return false;
    const r = await this.ready(st, st.state.kind !== 'ready');
    if (!r) return false;
    const node = this.prNodes.get(keyOf(st.sessionId, st.prUrl));
    if (node) {
      this._onDidChange.fire(node);
      await vscode.commands.executeCommand('devin.sessions.focus').then(undefined, () => undefined);
    }
    await this.openAll(st, r);
    return true;
  }

  async openAllChanges(a: unknown, b: unknown): Promise<void> {
    const st = this.resolvePr(a, b);
    if (!st) return;
    const r = await this.ready(st);
    if (r) await this.openAll(st, r);
  }

  private async openAll(st: PrState, r: Extract<State, { kind: 'ready' }>): Promise<void> {
    if (!r.changes.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Pull request #{0} changes no files.', st.pr.number));
      return;
    }
    const resources = r.changes.map((c) => {
      const d = this.diffArgs(st, r.fetched, c);
      return [d.file, d.left, d.right] as [vscode.Uri, vscode.Uri, vscode.Uri];
    });
    await vscode.commands.executeCommand('vscode.changes', vscode.l10n.t('Pull request #{0} ({1} files)', st.pr.number, r.changes.length), resources);
  }

  async openFileDiff(a: unknown): Promise<void> {
    const n = a as FileNode | undefined;
    if (!n || n.kind !== 'review' || n.type !== 'file') return;
    const st = this.resolvePr(n, undefined);
    if (!st || st.state.kind !== 'ready') return;
    const d = this.diffArgs(st, st.state.fetched, n.change);
    await vscode.commands.executeCommand('vscode.diff', d.left, d.right, d.title, { preview: true, preserveFocus: false });
  }

  async applyAll(a: unknown, b: unknown): Promise<void> {
    const st = this.resolvePr(a, b);
    if (!st) return;
    const r = await this.ready(st);
    if (r) await this.apply(st, r, r.changes);
  }

  async applyFile(a: unknown): Promise<void> {
    const n = a as FileNode | undefined;
    if (!n || n.kind !== 'review' || n.type !== 'file') return;
    const st = this.resolvePr(n, undefined);
    if (!st) return;
    const r = await this.ready(st);
    const change = r?.changes.find((c) => c.path === n.change.path);
    if (r && change) await this.apply(st, r, [change]);
  }

  private async apply(st: PrState, r: Extract<State, { kind: 'ready' }>, changes: FileChange[]): Promise<void> {
    const root = r.fetched.root;
    const refused = await checkChanges(root, changes);
    if (refused.length) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Nothing was applied: {0} path(s) in pull request #{1} are not safe to write: {2}', refused.length, st.pr.number, refused.slice(0, 5).map((x) => `${x.path} (${x.reason})`).join('; ')),
        { modal: true },
      );
      return;
    }
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(restrictedText());
      return;
    }
    const dirty = await dirtyPaths(root, changes);
    const what = changes.length === 1 ? changes[0].path : vscode.l10n.t('{0} files', changes.length);
    // Exactly one modal dialog, whoever asked: another extension can run this command with our own
    // tree node (VS Code turns a tree item handle into it), and no extension can answer a modal.
    if (!dirty.length) {
      const go = vscode.l10n.t('Apply');
      const s = this.store.get(st.sessionId);
      const choice = await vscode.window.showInformationMessage(
        vscode.l10n.t('Apply {0} from pull request #{1} to your working tree?', what, st.pr.number),
        {
          modal: true,
          detail: vscode.l10n.t('From the Devin session "{0}". Nothing is committed. "Devin: Undo Apply Changes" puts every touched file back as it is now.', s ? sessionTitle(s) : st.sessionId),
        },
        go,
      );
      if (choice !== go) return;
    } else {
      const go = vscode.l10n.t('Apply and Merge');
      const list = dirty.slice(0, 8).join(', ') + (dirty.length > 8 ? ` (+${dirty.length - 8})` : '');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('{0} of the files have uncommitted changes: {1}', dirty.length, list),
        {
          modal: true,
          detail: vscode.l10n.t(
            'The pull request\'s changes will be merged into your versions. Where both changed the same lines, the file gets conflict markers to resolve in the merge editor. Nothing is committed. "Devin: Undo Apply Changes" puts every touched file back as it is now.',
          ),
        },
        go,
      );
      if (choice !== go) return;
    }
    let result;
    try {
      result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Applying {0} from pull request #{1}…', what, st.pr.number) }, () =>
        applyChanges({ root, base: r.fetched.base, head: r.fetched.head, changes, label: vscode.l10n.t('Pull request #{0}', st.pr.number) }),
      );
    } catch (e) {
      this.log.error(`review: apply failed: ${(e as Error).message}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not apply the changes: {0}', (e as Error).message));
      return;
    }
    this.lastApply = { backup: result.backup, label: what };
    void vscode.commands.executeCommand('setContext', 'devin.canUndoApply', true);
    await this.report(st, result.outcomes, root);
  }

  private async report(st: PrState, outcomes: FileOutcome[], root: string): Promise<void> {
    const count = (o: string) => outcomes.filter((x) => x.outcome === o).length;
    const applied = count('applied') + count('merged');
    const conflicts = outcomes.filter((x) => x.outcome === 'conflict');
    const skipped = outcomes.filter((x) => x.outcome === 'skipped');
    for (const s of skipped) this.log.warn(`review: ${s.path} not applied: ${s.reason}`);
    const parts = [vscode.l10n.t('Applied {0} file(s) from pull request #{1} to the working tree (not committed).', applied, st.pr.number)];
    if (count('unchanged')) parts.push(vscode.l10n.t('{0} already matched.', count('unchanged')));
    if (conflicts.length) parts.push(vscode.l10n.t('{0} with conflicts to resolve: {1}.', conflicts.length, conflicts.map((c) => c.path).join(', ')));
    if (skipped.length) parts.push(vscode.l10n.t('{0} left as they are: {1}.', skipped.length, skipped.map((c) => `${c.path} (${c.reason})`).join('; ')));
    const undo = vscode.l10n.t('Undo');
    const openScm = vscode.l10n.t('Open Source Control');
    const resolve = vscode.l10n.t('Resolve Conflicts');
    const buttons = conflicts.length ? [resolve, undo] : [openScm, undo];
    const show = conflicts.length || skipped.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const choice = await show(parts.join(' '), ...buttons);
    if (choice === undo) await this.undo();
    else if (choice === openScm) await vscode.commands.executeCommand('workbench.view.scm');
    else if (choice === resolve && conflicts[0]) await vscode.window.showTextDocument(vscode.Uri.file(path.join(root, ...conflicts[0].path.split('/'))));
  }

  async undo(): Promise<void> {
    const last = this.lastApply;
    if (!last) {
      void vscode.window.showInformationMessage(vscode.l10n.t('There is no applied change to undo.'));
      return;
    }
    const edited = await changedSinceApply(last.backup);
    const restore = vscode.l10n.t('Restore');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Put {0} file(s) back as they were before applying {1}?', last.backup.entries.length, last.label),
      { modal: true, detail: edited.length ? vscode.l10n.t('These files were edited since and those edits will be lost: {0}', edited.join(', ')) : undefined },
      restore,
    );
    if (choice !== restore) return;
    try {
      await undoApply(last.backup);
      this.lastApply = undefined;
      void vscode.commands.executeCommand('setContext', 'devin.canUndoApply', false);
      void vscode.window.showInformationMessage(vscode.l10n.t('Restored {0} file(s).', last.backup.entries.length));
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not undo: {0}', (e as Error).message));
    }
  }

  /** For Ask Devin: the clone and PR head of the session's PR when its review is ready. */
  readyReview(sessionId: string, prUrl: string): { root: string; head: string } | undefined {
    const s = this.states.get(keyOf(sessionId, prUrl))?.state;
    return s?.kind === 'ready' ? { root: s.fetched.root, head: s.fetched.head } : undefined;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
