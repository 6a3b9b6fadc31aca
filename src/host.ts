import * as vscode from 'vscode';

/**
 * The three registrations VS Code needs to see during activate(): contributed commands, the
 * Sessions tree view and the details-panel serializer. The small activation shell
 * (src/extension.ts) makes them at once and hands them to the rest of the extension
 * (src/core.ts, a second bundle loaded on first need) through this interface; code in the core
 * registers through `host` and never calls the vscode functions directly. Without a shell (unit
 * tests, benches) `host` goes straight to vscode.
 */
export interface Host {
  registerCommand(id: string, fn: (...args: unknown[]) => unknown): vscode.Disposable;
  createTreeView<T>(viewId: string, options: vscode.TreeViewOptions<T>): vscode.TreeView<T>;
  registerWebviewPanelSerializer(viewType: string, serializer: vscode.WebviewPanelSerializer): vscode.Disposable;
}

/** Straight to vscode, until activateCore() sets the shell's host (a live binding for importers). */
export let host: Host = {
  registerCommand: (id, fn) => vscode.commands.registerCommand(id, fn),
  createTreeView: (viewId, options) => vscode.window.createTreeView(viewId, options),
  registerWebviewPanelSerializer: (viewType, serializer) => vscode.window.registerWebviewPanelSerializer(viewType, serializer),
};

/** Called once by activateCore() with the shell's host. */
export function setHost(h: Host): void {
  host = h;
}
