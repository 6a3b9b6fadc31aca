// The VS Code side of Check Out: modal questions and notifications for checkout.ts, which holds
// the logic and runs without VS Code in the unit tests.
import * as vscode from 'vscode';
import type { CheckoutUi, GitApiLike } from './checkout';

export function checkoutUi(getGitApi: () => Promise<GitApiLike | undefined>, log: (message: string) => void): CheckoutUi {
  return {
    getGitApi,
    isTrusted: () => vscode.workspace.isTrusted,
    ask: async (plan) => {
      const labels = plan.actions.map((a) => a.label);
      const options = { modal: true, detail: plan.detail || undefined };
      // Modal: Cancel is added by VS Code, and Escape is Cancel; either does nothing.
      const picked = plan.warning
        ? await vscode.window.showWarningMessage(plan.message, options, ...labels)
        : await vscode.window.showInformationMessage(plan.message, options, ...labels);
      return picked === undefined ? undefined : labels.indexOf(picked);
    },
    info: (msg) => void vscode.window.showInformationMessage(msg),
    error: (msg) => void vscode.window.showErrorMessage(msg),
    log,
  };
}
