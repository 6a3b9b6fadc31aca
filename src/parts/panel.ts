// The core's side of the details panel part (src/webview/sessionPanel.ts and what only it uses;
// bundled in dist/view.js with Check Out and the review, and loaded when a panel is first opened or restored after a reload).
import * as vscode from 'vscode';
import type { PanelActions, PanelOpener } from '../commands/common';
import type { Host } from '../host';
import { PANEL_VIEW_TYPE } from '../ids';
import type { SessionStore } from '../sessions/store';
import type { PrDetailsSource } from '../views/sessionsTree';
import type { PanelAuth, SessionPanelManager } from '../webview/sessionPanel';
import { lazyPart, type Part } from './part';

export class LazyPanels implements PanelOpener, vscode.Disposable {
  private readonly part: Part<SessionPanelManager>;
  private serializer: vscode.WebviewPanelSerializer | undefined;
  private prDetails: PrDetailsSource | undefined;
  private actions: PanelActions | undefined;
  private readonly registration: vscode.Disposable;

  constructor(context: vscode.ExtensionContext, store: SessionStore, log: vscode.LogOutputChannel, auth: PanelAuth, host: Host) {
    // The manager registers its serializer through this host: the one registered now forwards to it.
    const partHost: Host = {
      registerCommand: (id, fn) => host.registerCommand(id, fn),
      createTreeView: (viewId, options) => host.createTreeView(viewId, options),
      registerTextDocumentContentProvider: (scheme, provider) => host.registerTextDocumentContentProvider(scheme, provider),
      registerWebviewPanelSerializer: (viewType, s) => {
        if (viewType !== PANEL_VIEW_TYPE) return host.registerWebviewPanelSerializer(viewType, s);
        this.serializer = s;
        return new vscode.Disposable(() => {
          if (this.serializer === s) this.serializer = undefined;
        });
      },
    };
    this.part = lazyPart(
      'panel',
      () => {
        const mod = (require('./view.js') as typeof import('./viewBundle')).panel;
        const manager = new mod.SessionPanelManager(context, store, log, auth, partHost);
        if (this.prDetails) manager.setPrDetails(this.prDetails);
        if (this.actions) manager.setActions(this.actions);
        return manager;
      },
      log,
    );
    this.registration = host.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => {
        this.part.get();
        if (this.serializer) await this.serializer.deserializeWebviewPanel(panel, state);
        else panel.dispose();
      },
    });
  }

  show(sessionId: string): Promise<void> {
    return this.part.get().show(sessionId);
  }

  setPrDetails(source: PrDetailsSource): void {
    this.prDetails = source;
    this.part.loaded?.setPrDetails(source);
  }

  /** The panel's own buttons (Archive at once, scrubbed replies): kept for the manager, loaded or not. */
  setActions(actions: PanelActions): void {
    this.actions = actions;
    this.part.loaded?.setActions(actions);
  }

  dispose(): void {
    this.registration.dispose();
    this.part.loaded?.dispose();
  }
}
