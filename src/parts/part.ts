// Lazily loaded parts of the extension host code (issue 17's bundle budget). A part is in a bundle
// (PART_BUNDLES: dist/view.js or dist/send.js, see HOST_BUNDLES in esbuild.js) that the core
// requires the first time one of its commands, tree rows or documents is used. What VS Code must see before then (the
// commands' handlers, a document scheme a restored editor asks for) is registered here, in the
// core, as a forwarder.
import * as vscode from 'vscode';
import type { Host } from '../host';

/** The bundle (dist/<bundle>.js) each part is in; the parts of one bundle load together. */
export const PART_BUNDLES: Readonly<Record<string, string>> = { checkout: 'view', panel: 'view', review: 'view', create: 'send', delegate: 'send' };

export interface Part<T> {
  /** Loads the part once (a synchronous require) and returns what its activate gave; throws after telling the user when it cannot load. */
  get(): T;
  /** What get() returned, without loading. */
  readonly loaded: T | undefined;
}

/**
 * `load` requires the part's bundle and activates it. A failure is shown once (with the part's
 * name and the reason) and remembered: later uses throw the same error without asking again.
 */
export function lazyPart<T>(name: string, load: () => T, log?: vscode.LogOutputChannel): Part<T> {
  let value: T | undefined;
  let failure: unknown;
  return {
    get() {
      if (value !== undefined) return value;
      if (failure !== undefined) throw failure;
      const t0 = performance.now();
      try {
        value = load();
      } catch (e) {
        failure = e;
        const reason = e instanceof Error ? e.message : String(e);
        log?.error(`part ${name} could not load: ${reason}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('Devin could not load {0}: {1}', `dist/${PART_BUNDLES[name] ?? name}.js`, reason));
        throw e;
      }
      log?.info(`part ${name} loaded in ${(performance.now() - t0).toFixed(1)} ms`);
      return value;
    },
    get loaded() {
      return value;
    },
  };
}

/**
 * Registers `ids` through the core's host now, each forwarding to the handler the part registers
 * through the returned `partHost` once loaded. The part must register every id in `ids` (a missing
 * one is an error on first use); ids it registers beyond those go straight to `host`.
 */
export function forwardCommands(host: Host, ids: readonly string[], part: () => Part<unknown>): { disposables: vscode.Disposable[]; partHost: Host } {
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  const forwarded = new Set(ids);
  const disposables = ids.map((id) =>
    host.registerCommand(id, (...args: unknown[]) => {
      part().get();
      const fn = handlers.get(id);
      if (!fn) throw new Error(`command ${id} is not available`);
      return fn(...args);
    }),
  );
  const partHost: Host = {
    registerCommand(id, fn) {
      if (!forwarded.has(id)) return host.registerCommand(id, fn);
      handlers.set(id, fn);
      return new vscode.Disposable(() => {
        if (handlers.get(id) === fn) handlers.delete(id);
      });
    },
    createTreeView: (viewId, options) => host.createTreeView(viewId, options),
    registerWebviewPanelSerializer: (viewType, serializer) => host.registerWebviewPanelSerializer(viewType, serializer),
    registerTextDocumentContentProvider: (scheme, provider) => host.registerTextDocumentContentProvider(scheme, provider),
  };
  return { disposables, partHost };
}
