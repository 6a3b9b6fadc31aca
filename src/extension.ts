// Named imports only: a namespace import of 'vscode' makes esbuild copy every property of the API
// object into a new one at load (its __toESM interop), which would be most of this file's cost.
import type * as vscode from 'vscode';
import { commands, Disposable, EventEmitter, ExtensionMode, l10n, window, workspace } from 'vscode';
// Type-only: the core is a second bundle (dist/core.js), required on first need below.
import type { DevinCore } from './core';
import type { Host } from './host';
import { API_KEY_SECRET, LINK_COMMAND, PANEL_VIEW_TYPE, PR_SCHEME, SESSIONS_TREE_OPTIONS, SESSIONS_VIEW_ID } from './ids';
import { startDelegateShell } from './delegate/shell';
import { openWalkthroughOnce } from './walkthroughOnce';
import { registerDraftDocument } from './draftDocument';

/**
 * What the in-host tests (test/e2e/suite) can inspect. activate() returns it only in
 * ExtensionMode.Test; in Production and Development it returns nothing, since any installed
 * extension can read `exports`. Even here: no key, nothing that returns the key, and nothing that
 * makes a request with it, only read-only copies (see DevinTestView in src/core.ts).
 */
export interface DevinTestApi {
  /** Wall time of activate() itself, ms. */
  readonly activationMs: number;
  /** Where activationMs goes: registering the command forwarders, the tree view, the serializer. */
  readonly activationPhases: { commandsMs: number; treeMs: number; serializerMs: number };
  /** Time to require and build the core, once it has been loaded (undefined before), ms. */
  readonly coreLoadMs: number | undefined;
  /** Contributed commands the core registered no handler for (loads the core); [] when sound. */
  readonly unhandledCommands: string[];
  /** Read-only views of the core's state (loads the core). */
  readonly core: DevinCore['testView'];
}

type Handler = (...args: unknown[]) => unknown;
type AnyTreeProvider = vscode.TreeDataProvider<unknown>;

/**
 * The activation shell. VS Code needs three things registered during activate(): the
 * contributed commands, the Sessions tree and the details-panel serializer. The shell registers
 * each as a thin forwarder and loads the rest of the extension (src/core.ts, bundled as
 * dist/core.js) the first time one of them is used: the tree asks for rows, a command runs or a
 * panel is restored. activate() itself evaluates this small bundle and nothing else.
 */
export function activate(context: vscode.ExtensionContext): DevinTestApi | undefined {
  const started = performance.now();
  // Every way in (view, command, panel) needs the key first: start the SecretStorage round trip
  // now, so it overlaps VS Code's work until the view asks for rows. The core takes the promise.
  const keyRead = context.secrets.get(API_KEY_SECRET);
  keyRead.then(undefined, () => undefined); // a failure surfaces where the core awaits it
  let core: DevinCore | undefined;
  let coreLoadMs: number | undefined;
  let failure: unknown;

  const handlers = new Map<string, Handler>();
  let tree: AnyTreeProvider | undefined;
  let serializer: vscode.WebviewPanelSerializer | undefined;
  let prDocuments: vscode.TextDocumentContentProvider | undefined;
  const treeChanged = new EventEmitter<unknown>();

  const contributed = new Set<string>(
    ((context.extension.packageJSON?.contributes?.commands ?? []) as { command?: unknown }[])
      .map((c) => c.command)
      .filter((c): c is string => typeof c === 'string'),
  );

  const load = (): DevinCore => {
    if (core) return core;
    if (failure) throw failure;
    const t0 = performance.now();
    try {
      const mod = require('./core.js') as typeof import('./core');
      core = mod.activateCore(context, host, { apiKey: keyRead, delegate, draftFs });
    } catch (e) {
      failure = e;
      void window.showErrorMessage(l10n.t('Devin could not start: {0}', e instanceof Error ? e.message : String(e)));
      throw e;
    }
    coreLoadMs = performance.now() - t0;
    const p = activationPhases;
    // Info level: bench/activation.mjs reads these figures here (there are no exports to read).
    core.log.info(`activate() took ${activationMs.toFixed(1)} ms (commands ${p.commandsMs.toFixed(2)} ms, tree ${p.treeMs.toFixed(2)} ms, serializer ${p.serializerMs.toFixed(2)} ms); the core loaded ${(t0 - started).toFixed(0)} ms later in ${coreLoadMs.toFixed(1)} ms (build ${core.buildMs.toFixed(1)} ms)`);
    return core;
  };

  const host: Host = {
    registerCommand(id, fn) {
      if (!contributed.has(id)) return commands.registerCommand(id, fn);
      handlers.set(id, fn);
      return new Disposable(() => {
        if (handlers.get(id) === fn) handlers.delete(id);
      });
    },
    createTreeView<T>(viewId: string, options: vscode.TreeViewOptions<T>) {
      if (viewId !== SESSIONS_VIEW_ID || tree) return window.createTreeView(viewId, options);
      tree = options.treeDataProvider as AnyTreeProvider;
      const sub = tree.onDidChangeTreeData?.((e) => treeChanged.fire(e));
      if (sub) context.subscriptions.push(sub);
      return treeView as vscode.TreeView<T>;
    },
    registerWebviewPanelSerializer(viewType, s) {
      if (viewType !== PANEL_VIEW_TYPE || serializer) return window.registerWebviewPanelSerializer(viewType, s);
      serializer = s;
      return new Disposable(() => {
        if (serializer === s) serializer = undefined;
      });
    },
    registerTextDocumentContentProvider(scheme, p) {
      if (scheme !== PR_SCHEME || prDocuments) return workspace.registerTextDocumentContentProvider(scheme, p);
      prDocuments = p;
      return new Disposable(() => {
        if (prDocuments === p) prDocuments = undefined;
      });
    },
  };

  const tCommands = performance.now();
  for (const id of contributed) {
    context.subscriptions.push(
      commands.registerCommand(id, (...args: unknown[]) => {
        load();
        const fn = handlers.get(id);
        if (!fn) throw new Error(`command ${id} is not available`);
        return fn(...args);
      }),
    );
  }

  // Code actions (Fix with Devin, Delegate to Devin) and the terminal recorder run from the start.
  const delegate = startDelegateShell(context.subscriptions);
  // The New Session draft document (devin-draft:): a restored tab reads it before the core loads.
  const draftFs = registerDraftDocument(context.subscriptions, context.globalState);

  const tTree = performance.now();
  const provider: vscode.TreeDataProvider<unknown> = {
    onDidChangeTreeData: treeChanged.event,
    getChildren: (element) => (load(), tree?.getChildren(element)),
    getTreeItem: (element) => (load(), tree!.getTreeItem(element)),
    getParent: (element) => (load(), tree?.getParent?.(element)),
    resolveTreeItem: (item, element, token) => (load(), tree?.resolveTreeItem ? tree.resolveTreeItem(item, element, token) : item),
  };
  const treeView = window.createTreeView(SESSIONS_VIEW_ID, { ...SESSIONS_TREE_OPTIONS, treeDataProvider: provider });
  context.subscriptions.push(treeChanged, treeView);

  const tSerializer = performance.now();
  context.subscriptions.push(
    window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => {
        load();
        if (serializer) await serializer.deserializeWebviewPanel(panel, state);
        else panel.dispose();
      },
    }),
  );

  // The review's read-only `devin-pr:` documents: a diff editor restored after a reload asks for
  // them at once (activation event onFileSystem:devin-pr), before the core or the review loaded.
  context.subscriptions.push(
    workspace.registerTextDocumentContentProvider(PR_SCHEME, {
      provideTextDocumentContent: (uri, token) => {
        load();
        if (!prDocuments) throw new Error(PR_SCHEME);
        return prDocuments.provideTextDocumentContent(uri, token);
      },
    }),
  );

  // Links (vscode://devin-community.devin-vscode/…): parsed and acted on in the core (src/links).
  context.subscriptions.push(window.registerUriHandler({ handleUri: (uri) => void (load(), commands.executeCommand(LINK_COMMAND, uri.path, uri.query)) }));

  // Getting Started opens by itself once, on the first activation after install (never again).
  void openWalkthroughOnce({
    globalState: context.globalState,
    extensionId: context.extension.id,
    openOnInstall: workspace.getConfiguration('workbench.welcomePage').get<boolean>('walkthroughs.openOnInstall', true),
    executeCommand: commands.executeCommand,
  }).catch(() => undefined);

  // Signed in (a stored key, or the demo key of a development or test host) and background refresh
  // on: load the core once the key is read, so the status bar and "needs your input" notifications
  // work for a user who never opens the view. Activation is onStartupFinished: this never delays
  // the editor's start. Signed out: nothing loads and nothing is requested.
  const devOrTest = context.extensionMode !== ExtensionMode.Production;
  keyRead.then((key) => {
    const signedIn = !!key || (devOrTest && !!process.env.DEVIN_DEMO_API_KEY);
    if (signedIn && workspace.getConfiguration('devin').get<boolean>('backgroundRefresh', true) !== false) {
      try {
        load();
      } catch {
        // load() already told the user
      }
    }
  }, () => undefined);

  const ended = performance.now();
  const activationMs = ended - started;
  const activationPhases = { commandsMs: tTree - tCommands, treeMs: tSerializer - tTree, serializerMs: ended - tSerializer };
  // Any installed extension can read our exports: outside the in-host tests there are none.
  if (context.extensionMode !== ExtensionMode.Test) return undefined;
  return Object.freeze({
    activationMs,
    activationPhases: Object.freeze({ ...activationPhases }),
    get coreLoadMs() {
      return coreLoadMs;
    },
    get unhandledCommands() {
      load();
      return [...contributed].filter((id) => !handlers.has(id));
    },
    get core() {
      return load().testView;
    },
  });
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
