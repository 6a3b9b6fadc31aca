// Review, apply and steer Devin's changes in the editor: wires the PR review (tree, diffs, apply)
// and the Ask Devin comments into the core.
import * as vscode from 'vscode';
import type { Host } from '../host';
import type { SessionStore } from '../sessions/store';
import type { SessionsView } from '../views/sessionsView';
import { ReviewComments } from './comments';
import { ReviewManager } from './review';

export function registerReview(store: SessionStore, view: SessionsView, log: vscode.LogOutputChannel, peekKey: () => string | undefined, host: Host): vscode.Disposable {
  const manager = new ReviewManager(store, log, host);
  view.provider.setReviewHook(manager);
  const comments = new ReviewComments(store, log, peekKey, manager, host);
  return vscode.Disposable.from(manager, comments);
}
