// Review, apply and steer Devin's changes in the editor: wires the PR review (tree, diffs, apply)
// and the Ask Devin comments into the core. The entry of the lazily loaded review part
// (dist/view.js): src/parts/review.ts loads it on first use.
import * as vscode from 'vscode';
import type { Host } from '../host';
import type { SessionStore } from '../sessions/store';
import type { MementoLike } from '../sessions/hints';
import { ReviewComments } from './comments';
import { ReviewManager } from './review';

export interface ReviewPart extends vscode.Disposable {
  /** The Sessions tree's review hook (PR rows expand to their changed files). */
  readonly manager: ReviewManager;
}

/**
 * `host` registers the review's commands (the core forwards to them); the `devin-pr:` provider stays in the core.
 * `workspaceState` keeps Ask Devin comments that were not sent.
 */
export function activateReview(store: SessionStore, log: vscode.LogOutputChannel, peekKey: () => string | undefined, host: Host, workspaceState?: MementoLike): ReviewPart {
  const manager = new ReviewManager(store, log, host);
  const comments = new ReviewComments(store, log, peekKey, manager, host, workspaceState);
  const all = vscode.Disposable.from(manager, comments);
  return { manager, dispose: () => all.dispose() };
}
