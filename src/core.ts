import * as vscode from 'vscode';
import { DevinClient, validateOrgId } from './api/client';
import { DevinApiError } from './api/errors';
import { Auth } from './auth/auth';
import { registerAuthCommands } from './commands/auth';
import type { CommandContext } from './commands/common';
import { registerCreateCommands } from './commands/create';
import { registerFilterCommands } from './commands/filters';
import { registerSessionCommands } from './commands/sessionActions';
import { config } from './config';
import { setHost, type Host } from './host';
import { configure as configureL10n } from './util/l10n';
import { SessionStore } from './sessions/store';
import { redact } from './util/redact';
import { Notifications } from './views/notifications';
import { SessionsView } from './views/sessionsView';
import { StatusBar } from './views/statusBar';
import { SessionPanelManager } from './webview/sessionPanel';

/** What tests inside the extension host can inspect (through the shell's exports). */
export interface DevinCore {
  store: SessionStore;
  view: SessionsView;
  auth: Auth;
  log: vscode.LogOutputChannel;
  /** Wall time of activateCore() (excluding loading this bundle), ms. */
  buildMs: number;
}

/**
 * The extension proper, loaded by the activation shell (src/extension.ts) the first time the
 * view, a command or a restored details panel needs it. Builds the objects and registers them
 * through the shell's host. No network here: the store starts when the view, a panel or a
 * command first needs data.
 */
export function activateCore(context: vscode.ExtensionContext, shellHost: Host, prefetched: { apiKey?: Thenable<string | undefined> } = {}): DevinCore {
  const started = performance.now();
  setHost(shellHost);
  // The pure modules (model, errors, prompt checks) translate through @vscode/l10n.
  if (vscode.l10n.bundle) configureL10n(vscode.l10n.bundle);
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
        return new DevinClient({
          baseUrl: config.apiBaseUrl(),
          orgId,
          getKey: () => auth.getKey(),
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
  });
  context.subscriptions.push(store);

  const setOrgContext = () => vscode.commands.executeCommand('setContext', 'devin.hasOrg', !!config.orgId());
  void setOrgContext();

  const view = new SessionsView(store, context.globalState);
  context.subscriptions.push(view);
  const panels = new SessionPanelManager(context, store, log);
  context.subscriptions.push(panels);

  const ctx: CommandContext = {
    extension: context,
    auth,
    store,
    view,
    log,
    panels,
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
    ...registerCreateCommands(ctx),
    ...registerSessionCommands(ctx),
    ...registerFilterCommands(ctx),
    new StatusBar(store, () => auth.signedIn),
    new Notifications(store),
    auth.onDidChange(() => {
      log.info(auth.signedIn ? 'API key changed; reloading sessions.' : 'Signed out.');
      store.reset();
      if (view.filter.mineOnly && auth.signedIn) void ctx.loadIdentity().catch(() => undefined);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('devin.apiBaseUrl') || e.affectsConfiguration('devin.orgId')) {
        void setOrgContext();
        store.reset();
      }
    }),
    vscode.window.onDidChangeWindowState((s) => store.setFocused(s.focused)),
  );
  store.setFocused(vscode.window.state.focused);
  // The key read (started by the shell at activation) is a round trip to the workbench. Until it
  // arrives the store has no client; then it starts over (and loads if the view is open).
  void auth.init().then(() => {
    if (auth.signedIn) store.reset();
    if (view.filter.mineOnly && auth.signedIn) void ctx.loadIdentity().catch(() => undefined);
  });

  return { store, view, auth, log, buildMs: performance.now() - started };
}
