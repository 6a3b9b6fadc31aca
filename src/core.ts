import * as path from 'node:path';
import * as vscode from 'vscode';
import { validateBaseUrl, validateOrgId } from './api/client';
import { createBoundClient, originMismatchError } from './api/keyBinding';
import type { Session } from './api/types';
import { DevinApiError } from './api/errors';
import { Auth } from './auth/auth';
import { registerAuthCommands } from './commands/auth';
import type { CommandContext } from './commands/common';
import { registerCreatePart } from './parts/create';
import { registerDraftDocument, type DraftFileSystem } from './draftDocument';
import { registerFilterCommands } from './commands/filters';
import { registerLinkCommands } from './links/uriHandler';
import { registerDelegatePart } from './parts/delegate';
import type { DelegateShell } from './delegate/shell';
import { registerSessionCommands } from './commands/sessionActions';
import { config } from './config';
import type { Host } from './host';
import { configure as configureL10n } from './util/l10n';
import { setLocale } from './util/intl';
import { registerOrganizationCommands } from './commands/organizations';
import { orgNameOf } from './commands/orgNames';
import { SessionStore } from './sessions/store';
import { SessionHints } from './sessions/hints';
import { GitHubPrDetailsSource } from './github/connect';
import { redact } from './util/redact';
import { Notifications } from './views/notifications';
import { SessionsView } from './views/sessionsView';
import { StatusBar } from './views/statusBar';
import { registerReviewPart } from './parts/review';
import { LazyPanels } from './parts/panel';

/**
 * What the in-host tests may see (the shell hands it out in ExtensionMode.Test only): copies and
 * counts, never the key, the client, the store or anything that returns them. Read as an attacker
 * would: `refresh()` asks the configured (key-bound) server for the list and returns nothing;
 * `sessionNode()` gives the tree's own node, as the Sessions view's context menu passes it to
 * commands (Test mode only).
 */
export interface DevinTestView {
  readonly signedIn: boolean;
  readonly extensionMode: vscode.ExtensionMode;
  /** The store's phase and the message of its error, if any. */
  state(): { phase: string; error?: string; truncated?: boolean };
  /** Deep copies of the sessions the store holds. */
  sessions(): Session[];
  /** The Sessions tree's root rows as shown: group id, label, description and child count. */
  tree(): { id: string; label: string; description: string; children: number }[];
  refresh(): Promise<void>;
  sessionNode(sessionId: string): object | undefined;
  /**
   * The host bundles (dist/*.js) in Node's module cache, and whether the shell is there: the lazy
   * parts reach the shell's and the core's modules by `require('./extension.js')` and
   * `require('./core.js')`, which must return the loaded modules, not evaluate them again.
   */
  bundles(): { shellCached: boolean; loaded: string[] };
}

/** What the activation shell gets from the core. */
export interface DevinCore {
  log: vscode.LogOutputChannel;
  /** Wall time of activateCore() (excluding loading this bundle), ms. */
  buildMs: number;
  testView: DevinTestView;
}

/**
 * The extension proper, loaded by the activation shell (src/extension.ts) the first time the
 * view, a command or a restored details panel needs it. Builds the objects and registers them
 * through the shell's host. No network here: the store starts when the view, a panel or a
 * command first needs data.
 */
export function activateCore(
  context: vscode.ExtensionContext,
  shellHost: Host,
  prefetched: { apiKey?: Thenable<string | undefined>; delegate?: DelegateShell; draftFs?: DraftFileSystem } = {},
): DevinCore {
  const started = performance.now();
  // The pure modules (model, errors, prompt checks) translate through @vscode/l10n.
  if (vscode.l10n.bundle) configureL10n(vscode.l10n.bundle);
  setLocale(vscode.env.language);
  const log = vscode.window.createOutputChannel('Devin', { log: true });
  context.subscriptions.push(log);
  // DEVIN_DEMO_API_KEY (npm run demo, e2e) only for a development or test host, never installed.
  const devOrTest = context.extensionMode === vscode.ExtensionMode.Development || context.extensionMode === vscode.ExtensionMode.Test;
  const auth = new Auth(context.secrets, { prefetched: prefetched.apiKey, allowDemoKey: devOrTest });
  context.subscriptions.push(auth);

  const version = String(context.extension.packageJSON.version ?? '0');
  const store = new SessionStore({
    createClient: () => {
      if (!auth.signedIn) return undefined;
      try {
        const orgId = validateOrgId(config.orgId());
        // The key goes only to the origin it was entered for (devin.apiBaseUrl can be changed by
        // any extension through the configuration API).
        return createBoundClient(auth, {
          baseUrl: config.apiBaseUrl(),
          orgId,
          userAgent: `devin-vscode/${version} (VS Code ${vscode.version})`,
          onRequest: (i) => log.trace(`${i.method} ${i.path} → ${i.status ?? i.error} in ${i.ms} ms${i.attempt > 1 ? ` (attempt ${i.attempt})` : ''}`),
        });
      } catch (e) {
        return e instanceof DevinApiError ? e : new DevinApiError({ kind: 'config', serverMessage: String(e) });
      }
    },
    intervalSec: () => config.refreshInterval(),
    maxSessions: () => config.maxSessions(),
    log: (m) => log.warn(redact(m, auth.peekKey())),
    hints: new SessionHints(context.globalState),
  });
  context.subscriptions.push(store);

  const setOrgContext = () => vscode.commands.executeCommand('setContext', 'devin.hasOrg', !!config.orgId());
  void setOrgContext();

  const view = new SessionsView(store, context.globalState, shellHost);
  context.subscriptions.push(view);
  const showOrgName = () => view.setOrganization(orgNameOf(context.globalState, config.orgId()));
  showOrgName();
  const panels = new LazyPanels(context, store, log, auth, shellHost);
  context.subscriptions.push(panels);

  context.subscriptions.push(registerReviewPart(store, view, log, () => auth.peekKey(), shellHost, context.workspaceState));
  const prDetails = new GitHubPrDetailsSource(log, shellHost);
  view.provider.setPrDetails(prDetails);
  panels.setPrDetails(prDetails);
  context.subscriptions.push(prDetails);

  const ctx: CommandContext = {
    extension: context,
    auth,
    store,
    view,
    log,
    panels,
    host: shellHost,
    drafts: prefetched.draftFs ?? registerDraftDocument(context.subscriptions, context.globalState),
    async loadIdentity() {
      const self = await store.requireApi().getSelf();
      const o = self as { user_id?: unknown; service_user_id?: unknown };
      view.setIdentity({
        userId: typeof o.user_id === 'string' ? o.user_id : undefined,
        serviceUserId: typeof o.service_user_id === 'string' ? o.service_user_id : undefined,
      });
    },
  };
  context.subscriptions.push(
    ...registerAuthCommands(ctx),
    ...registerOrganizationCommands(ctx),
    ...registerCreatePart(ctx),
    ...registerSessionCommands(ctx),
    ...registerFilterCommands(ctx),
    ...registerLinkCommands(ctx),
    ...registerDelegatePart(ctx, prefetched.delegate),
    new StatusBar(store, () => auth.signedIn),
    new Notifications(store),
    auth.onDidChange(() => {
      log.info(auth.signedIn ? 'API key changed; reloading sessions.' : 'Signed out.');
      store.reset();
      if (auth.signedIn && config.backgroundRefresh()) store.startInBackground();
      if (view.filter.mineOnly && auth.signedIn) void ctx.loadIdentity().catch(() => undefined);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('devin.apiBaseUrl') || e.affectsConfiguration('devin.orgId')) {
        void setOrgContext();
        showOrgName();
        store.reset();
      }
      if (e.affectsConfiguration('devin.apiBaseUrl')) void warnIfOriginChanged(auth, log);
      if (e.affectsConfiguration('devin.backgroundRefresh')) {
        store.setBackground(config.backgroundRefresh());
        if (auth.signedIn && config.backgroundRefresh()) store.startInBackground();
      }
    }),
    vscode.window.onDidChangeWindowState((s) => store.setFocused(s.focused)),
  );
  store.setFocused(vscode.window.state.focused);
  store.setBackground(config.backgroundRefresh());
  // The key read (started by the shell at activation) is a round trip to the workbench. Until it
  // arrives the store has no client; then it starts over (and loads if the view is open). Signed
  // in, it also starts in the background: the status bar and "needs your input" notifications
  // work without the view (first request once the window is focused; devin.backgroundRefresh).
  void auth.init().then(() => {
    if (auth.signedIn) store.reset();
    if (auth.signedIn && config.backgroundRefresh()) store.startInBackground();
    if (view.filter.mineOnly && auth.signedIn) void ctx.loadIdentity().catch(() => undefined);
  });

  const testView: DevinTestView = Object.freeze({
    get signedIn() {
      return auth.signedIn;
    },
    extensionMode: context.extensionMode,
    state: () => {
      const st = store.state;
      return { phase: st.phase, error: st.error ? redact(st.error.message, auth.peekKey()) : undefined, truncated: st.truncated };
    },
    sessions: () => structuredClone(store.all()),
    tree: () =>
      view.provider
        .getChildren()
        .filter((n) => n.kind === 'group')
        .map((n) => {
          const item = view.provider.getTreeItem(n);
          const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
          return { id: n.kind === 'group' ? n.id : '', label, description: String(item.description ?? ''), children: view.provider.getChildren(n).length };
        }),
    refresh: () => store.refresh({ full: true }),
    sessionNode: (sessionId: string) => {
      for (const g of view.provider.getChildren()) for (const n of view.provider.getChildren(g)) if (n.kind === 'session' && n.sessionId === sessionId) return n;
      return undefined;
    },
    bundles: () => {
      const dir = __dirname;
      const cached = Object.keys(require.cache ?? {}).filter((f) => path.dirname(f) === dir);
      return { shellCached: cached.includes(path.join(dir, 'extension.js')), loaded: cached.map((f) => path.basename(f)).sort() };
    },
  });
  return { log, buildMs: performance.now() - started, testView };
}

let warnedFor: string | undefined;
/** Tells the user once per origin when the base URL moved away from the key's origin. */
async function warnIfOriginChanged(auth: Auth, log: vscode.LogOutputChannel): Promise<void> {
  await auth.init();
  const raw = config.apiBaseUrl();
  if (!auth.signedIn || auth.isBoundTo(raw)) return;
  let origin: string;
  try {
    origin = new URL(validateBaseUrl(raw)).origin;
  } catch {
    return; // the store reports an invalid URL
  }
  if (warnedFor === origin) return;
  warnedFor = origin;
  log.warn(`devin.apiBaseUrl changed to ${origin}; the API key was entered for ${auth.origin} and is not sent to ${origin}.`);
  const signIn = vscode.l10n.t('Sign In');
  const settings = vscode.l10n.t('Open Settings');
  const choice = await vscode.window.showWarningMessage(originMismatchError(auth.origin ?? '', raw).message, signIn, settings);
  if (choice === signIn) await vscode.commands.executeCommand('devin.signIn');
  else if (choice === settings) await vscode.commands.executeCommand('workbench.action.openSettings', 'devin.apiBaseUrl');
}
