// The VS Code side of Check Out: modal questions and notifications for checkout.ts, which holds
// the logic and runs without VS Code in the unit tests.
import * as vscode from 'vscode';
import { errorText, type CheckoutUi, type GitApiLike } from './checkout';

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
    askName: (prompt, value, validate) =>
      Promise.resolve(
        vscode.window.showInputBox({
          title: vscode.l10n.t('Create Branch'),
          prompt,
          value,
          ignoreFocusOut: true,
          // git check-ref-format and the existing branches decide, as the name is typed.
          validateInput: async (name) => {
            try {
              return (await validate(name)) ?? null;
            } catch (e) {
              return errorText(e);
            }
          },
        }),
      ),
    info: (msg) => void vscode.window.showInformationMessage(msg),
    error: (msg) => void vscode.window.showErrorMessage(msg),
    log,
  };
}

// The Check Out part's entry (in dist/view.js, src/parts/checkout.ts): the command's logic with its UI.
export { checkoutPullRequest } from './checkout';
