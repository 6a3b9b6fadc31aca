import * as vscode from 'vscode';

/**
 * The registrations VS Code needs to see during activate(): contributed commands, the Sessions
 * tree view, the details-panel serializer and the `devin-pr:` document provider. The small activation shell
 * (src/extension.ts) makes them at once and hands them to the rest of the extension
 * (src/core.ts, a second bundle loaded on first need) through this interface; code in the core
 * registers through the `Host` object activateCore() is given (passed on explicitly: in the command
 * context, and to the view, panel and review constructors) and never calls the vscode functions
 * directly. Without a shell (unit tests, benches) `vscodeHost` goes straight to vscode.
 */
export interface Host {
  registerCommand(id: string, fn: (...args: unknown[]) => unknown): vscode.Disposable;
  createTreeView<T>(viewId: string, options: vscode.TreeViewOptions<T>): vscode.TreeView<T>;
  registerWebviewPanelSerializer(viewType: string, serializer: vscode.WebviewPanelSerializer): vscode.Disposable;
  /** The review's `devin-pr:` documents: a diff editor restored after a reload reads them before the core loads. */
  registerTextDocumentContentProvider(scheme: string, provider: vscode.TextDocumentContentProvider): vscode.Disposable;
}

/** Straight to vscode: what unit tests and benches use when no shell hands over its own host. */
export const vscodeHost: Host = {
  registerCommand: (id, fn) => vscode.commands.registerCommand(id, fn),
  createTreeView: (viewId, options) => vscode.window.createTreeView(viewId, options),
  registerWebviewPanelSerializer: (viewType, serializer) => vscode.window.registerWebviewPanelSerializer(viewType, serializer),
  registerTextDocumentContentProvider: (scheme, provider) => vscode.workspace.registerTextDocumentContentProvider(scheme, provider),
};
