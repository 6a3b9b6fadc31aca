// The core's side of the review part (src/review, bundled in dist/view.js and loaded on first
// use): its commands, the `devin-pr:` documents a restored diff editor reads after a reload, and
// the Sessions tree's review hook, all registered at startup and loading the part when used.
import * as vscode from 'vscode';
import type { PullRequest } from '../api/types';
import type { Host } from '../host';
import { PR_SCHEME } from '../ids';
import type { ReviewPart } from '../review/index';
import type { SessionStore } from '../sessions/store';
import type { PrReviewHook, PullRequestNode, ReviewChildNode } from '../views/sessionsTree';
import type { SessionsView } from '../views/sessionsView';
import { parsePrUrl } from '../git/prUrl';
import { forwardCommands, lazyPart, type Part } from './part';

/** The commands src/review registers (src/review/review.ts, comments.ts). */
export const REVIEW_COMMANDS = [
  'devin.reviewChanges',
  'devin.openAllChanges',
  'devin.applyAllChanges',
  'devin.applyFileChanges',
  'devin.openChangedFile',
  'devin.undoApply',
  'devin.askDevin',
  'devin.askDevinRetry',
  'devin.askDevinDiscard',
] as const;

/** A reviewable PR row: it expands (to its changed files), menus match `:reviewable`; `extra` is appended to its description. */
export function decorateReviewable(item: vscode.TreeItem, extra: string[]): void {
  item.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
  item.contextValue = `${item.contextValue ?? 'pullRequest'}:reviewable`;
  const bits = [typeof item.description === 'string' ? item.description : '', ...extra];
  item.description = bits.filter(Boolean).join(' · ');
}

export function registerReviewPart(
  store: SessionStore,
  view: SessionsView,
  log: vscode.LogOutputChannel,
  peekKey: () => string | undefined,
  host: Host,
  workspaceState?: vscode.Memento,
): vscode.Disposable {
  const changed = new vscode.EventEmitter<PullRequestNode>();
  /** PR rows shown before the part loaded: refreshed once it has, so its state shows on them. */
  const shown = new Set<PullRequestNode>();
  const disposables: vscode.Disposable[] = [changed];
  const forwarding = forwardCommands(host, REVIEW_COMMANDS, () => part);
  const part: Part<ReviewPart> = lazyPart(
    'review',
    () => {
      const mod = (require('./view.js') as typeof import('./viewBundle')).review;
      // The review registers its devin-pr: provider; the core's (below, registered at startup) already forwards to it.
      const partHost: Host = { ...forwarding.partHost, registerTextDocumentContentProvider: (scheme, p) => (scheme === PR_SCHEME ? new vscode.Disposable(() => undefined) : host.registerTextDocumentContentProvider(scheme, p)) };
      const loaded = mod.activateReview(store, log, peekKey, partHost, workspaceState);
      disposables.push(loaded, loaded.manager.onDidChange((n) => changed.fire(n)));
      const rows = [...shown];
      shown.clear();
      queueMicrotask(() => rows.forEach((n) => changed.fire(n)));
      return loaded;
    },
    log,
  );
  disposables.push(...forwarding.disposables);

  const hook: PrReviewHook = {
    onDidChange: changed.event,
    canReview: (pr: PullRequest) => !!parsePrUrl(pr.pr_url),
    decorate(item, node) {
      const loaded = part.loaded;
      if (loaded) return loaded.manager.decorate(item, node);
      shown.add(node);
      decorateReviewable(item, []);
    },
    children: (node) => part.get().manager.children(node),
    treeItem: (node: ReviewChildNode) => part.get().manager.treeItem(node),
  };
  view.provider.setReviewHook(hook);
  // Through the shell's host: the shell registered the scheme at activation (a restored diff editor).
  disposables.push(host.registerTextDocumentContentProvider(PR_SCHEME, { provideTextDocumentContent: (uri) => part.get().manager.provideTextDocumentContent(uri) }));
  return new vscode.Disposable(() => disposables.splice(0).forEach((d) => d.dispose()));
}
