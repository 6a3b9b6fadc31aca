import * as vscode from 'vscode';
import { DevinClient, validateBaseUrl } from '../api/client';
import { DevinApiError } from '../api/errors';
import type { Organization, Self } from '../api/types';
import { config } from '../config';
import { cleanText } from '../sessions/model';
import { redact } from '../util/redact';
import { showError, type CommandContext } from './common';
import { validateApiKeyInput, validateOrgIdInput } from './prompt';
import { rememberOrgNames } from './orgNames';

export interface SignInArgs {
  apiKey?: string;
  orgId?: string;
}

function parseArgs(arg: unknown): SignInArgs {
  if (!arg || typeof arg !== 'object') return {};
  const o = arg as Record<string, unknown>;
  return {
    apiKey: typeof o.apiKey === 'string' ? o.apiKey.trim() : undefined,
    orgId: typeof o.orgId === 'string' ? o.orgId.trim() : undefined,
  };
}

/**
 * Credentials passed as command arguments are honoured only in Development and Test extension
 * mode (the e2e tests, `npm run demo`). An installed extension (Production) ignores them and
 * asks the user: any other extension can run our commands with any arguments.
 */
export function credentialArgsAllowed(mode: vscode.ExtensionMode): boolean {
  return mode === vscode.ExtensionMode.Development || mode === vscode.ExtensionMode.Test;
}

/** `devin.signIn` with its (untrusted) argument: see credentialArgsAllowed. */
export function signInCommand(ctx: CommandContext, arg?: unknown): Promise<boolean> {
  const args = parseArgs(arg);
  if ((args.apiKey || args.orgId) && !credentialArgsAllowed(ctx.extension.extensionMode)) {
    ctx.log.warn('Devin: Sign In ignored credentials passed as command arguments (honoured only in development and test mode); asking the user instead.');
    return signIn(ctx, {});
  }
  return signIn(ctx, args);
}

export function registerAuthCommands(ctx: CommandContext): vscode.Disposable[] {
  const { host } = ctx;
  return [
    host.registerCommand('devin.signIn', (arg?: unknown) => signInCommand(ctx, arg)),
    host.registerCommand('devin.signOut', () => signOut(ctx)),
  ];
}

/**
 * The key was entered for another API origin than the one configured now (the setting may have
 * been changed by another extension): the user decides in a modal dialog, naming both hosts,
 * whether the saved key may go to the new one. Returns the key, or undefined to ask for one.
 */
async function reuseKeyForNewOrigin(ctx: CommandContext, baseUrl: string): Promise<string | undefined> {
  const key = ctx.auth.peekKey();
  if (!key || !ctx.auth.signedIn || ctx.auth.isBoundTo(baseUrl)) return undefined;
  const use = vscode.l10n.t('Send the Saved Key to {0}', new URL(baseUrl).host);
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Use your saved Devin API key with {0}?', new URL(baseUrl).origin),
    {
      modal: true,
      detail: vscode.l10n.t('It was entered for {0}. devin.apiBaseUrl now points to {1}; any extension can change that setting. Send the key there only if you set it yourself and trust that server. Otherwise press Cancel and paste a key for it.', ctx.auth.origin ?? '', new URL(baseUrl).origin),
    },
    use,
  );
  return choice === use ? key : undefined;
}

function isDefaultBaseUrl(baseUrl: string): boolean {
  return new URL(baseUrl).origin === 'https://api.devin.ai';
}

async function askKey(baseUrl: string): Promise<string | undefined> {
  const key = await vscode.window.showInputBox({
    title: isDefaultBaseUrl(baseUrl) ? vscode.l10n.t('Sign in to Devin') : vscode.l10n.t('Sign in to Devin at {0}', new URL(baseUrl).host),
    prompt: vscode.l10n.t('Paste a Devin API key (cog_…). A service user key (Settings → Service users; Enterprise settings → Service users for several organizations) acts as that service user; a personal access token acts as you. The key is stored in VS Code\'s secret storage.'),
    placeHolder: 'cog_…',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => validateApiKeyInput(v),
  });
  return key?.trim() || undefined;
}

async function pickOrg(client: DevinClient, self: Self | undefined, configured: string, remember: (orgs: Organization[]) => Promise<void>): Promise<string | undefined> {
  if (configured) return configured;
  if (self && typeof self.org_id === 'string' && self.org_id) return self.org_id;
  // Enterprise keys can list their organizations; others get a 403 and are asked.
  let orgs: Organization[] = [];
  try {
    orgs = (await client.listOrganizations({ first: 200 })).items;
  } catch {
    orgs = [];
  }
  await remember(orgs);
  if (orgs.length === 1) return orgs[0].org_id;
  if (orgs.length > 1) {
    const pick = await vscode.window.showQuickPick(
      orgs.map((o) => ({ label: cleanText(o.name) || o.org_id, description: o.org_id, org: o.org_id })),
      { title: vscode.l10n.t('Choose a Devin organization'), ignoreFocusOut: true },
    );
    return pick?.org;
  }
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('Devin organization'),
    prompt: vscode.l10n.t('Enter your organization id. It is shown in the Devin web app under Settings → Service Users.'),
    placeHolder: 'org-…',
    ignoreFocusOut: true,
    validateInput: (v) => validateOrgIdInput(v),
  });
  return typed?.trim() || undefined;
}

export async function signIn(ctx: CommandContext, args: SignInArgs = {}): Promise<boolean> {
  let baseUrl: string;
  try {
    baseUrl = validateBaseUrl(config.apiBaseUrl());
  } catch (e) {
    await showError(ctx, e);
    return false;
  }
  const key = args.apiKey || (await reuseKeyForNewOrigin(ctx, baseUrl)) || (await askKey(baseUrl));
  if (!key) return false;
  if (validateApiKeyInput(key)) {
    void vscode.window.showErrorMessage(vscode.l10n.t('This does not look like an API key: {0}', validateApiKeyInput(key)!));
    return false;
  }
  if (!key.startsWith('cog_') && !args.apiKey) {
    const goOn = vscode.l10n.t('Use It Anyway');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Devin API v3 keys start with "cog_". Legacy "apk_" keys only work with the older v1/v2 API, so this key will probably be rejected.'),
      { modal: true },
      goOn,
    );
    if (choice !== goOn) return false;
  }
  const probe = (orgId?: string) => new DevinClient({ baseUrl, orgId, getKey: () => key, retryLimit: 1, onRequest: (i) => ctx.log.debug(`sign-in ${i.method} ${i.path} → ${i.status ?? i.error} (${i.ms} ms)`) });
  const checkSelf = async (): Promise<{ self?: Self; error?: unknown }> => {
    try {
      return { self: await probe(config.orgId() || undefined).getSelf() };
    } catch (e) {
      // Some deployments may not serve /v3/self; the org check below still proves the key.
      if (e instanceof DevinApiError && e.kind === 'not_found') return {};
      return { error: e };
    }
  };
  // One real request against the organization before anything is stored.
  const checkOrg = async (id: string): Promise<unknown> => {
    try {
      await probe(id).listSessions({ first: 1 });
      return undefined;
    } catch (e) {
      return e ?? new Error('failed');
    }
  };
  /** The org id known without asking: the argument, the setting, or the key's own organization. */
  const knownOrg = (self: Self | undefined): string | undefined =>
    args.orgId || config.orgId() || (self && typeof self.org_id === 'string' && self.org_id ? self.org_id : undefined);
  // One progress notification for the whole check; its message says which step runs. It closes
  // only to ask for an organization (enterprise keys, or /self without one).
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the Devin API key…'), cancellable: false },
    async (progress): Promise<{ self?: Self; error?: unknown; orgId?: string; orgError?: unknown }> => {
      const out = await checkSelf();
      if (out.error) return out;
      const id = knownOrg(out.self);
      if (!id) return out;
      progress.report({ message: vscode.l10n.t('Checking access to {0}…', id) });
      return { ...out, orgId: id, orgError: await checkOrg(id) };
    },
  );
  if (outcome.error) {
    await explainRejectedKey(ctx, outcome.error, args);
    return false;
  }
  let orgId = outcome.orgId;
  let orgError = outcome.orgError;
  if (!orgId) {
    orgId = await pickOrg(probe(), outcome.self, config.orgId(), (orgs) => rememberOrgNames(ctx.extension.globalState, orgs));
    if (!orgId) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Sign-in cancelled: Devin needs an organization id. Nothing was stored.'));
      return false;
    }
    const picked = orgId;
    orgError = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking access to {0}…', picked) },
      () => checkOrg(picked),
    );
  }
  if (orgError) {
    await explainRejectedKey(ctx, orgError, args);
    return false;
  }
  if (config.orgId() !== orgId) await config.setOrgId(orgId);
  await ctx.auth.setKey(key, baseUrl);
  const who = outcome.self && 'service_user_name' in outcome.self && typeof outcome.self.service_user_name === 'string' ? cleanText(outcome.self.service_user_name, 80) : '';
  ctx.log.info(`Signed in${who ? ` as ${who}` : ''} to ${orgId} at ${baseUrl}.`);
  void vscode.window.showInformationMessage(
    who ? vscode.l10n.t('Signed in to Devin as {0} ({1}).', who, orgId) : vscode.l10n.t('Signed in to Devin ({0}).', orgId),
  );
  void vscode.commands.executeCommand('devin.sessions.focus');
  return true;
}

async function explainRejectedKey(ctx: CommandContext, e: unknown, args: SignInArgs): Promise<void> {
  const tryAgain = vscode.l10n.t('Try Again');
  let text: string;
  if (e instanceof DevinApiError && e.kind === 'unauthorized') {
    text = vscode.l10n.t('Devin rejected this API key (401). Check that you copied the whole key and that it was not revoked. Nothing was stored.');
  } else if (e instanceof DevinApiError && e.kind === 'forbidden') {
    text = vscode.l10n.t('The key is valid but lacks permission (403): its service user needs ViewOrgSessions (and ManageOrgSessions to create sessions) in this organization. Nothing was stored.');
  } else if (e instanceof DevinApiError && e.kind === 'not_found') {
    text = vscode.l10n.t('Devin could not find this organization (404). Check the organization id. Nothing was stored.');
  } else {
    const shown = showError(ctx, e, { prefix: vscode.l10n.t('Sign-in failed, nothing was stored'), retry: () => signIn(ctx, args) });
    if (!args.apiKey) await shown;
    return;
  }
  ctx.log.warn(redact(text));
  // From automation (arguments given) the caller gets `false` at once; the message stays up.
  const shown = vscode.window.showErrorMessage(text, tryAgain).then((choice) => (choice === tryAgain ? signIn(ctx, {}) : undefined));
  if (!args.apiKey) await shown;
}

/** Asks first (a modal dialog): another extension can run this command too. */
async function signOut(ctx: CommandContext): Promise<void> {
  if (!ctx.auth.signedIn) {
    await ctx.auth.clear();
    return;
  }
  const out = vscode.l10n.t('Sign Out');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Sign out of Devin?'),
    { modal: true, detail: vscode.l10n.t('The API key is deleted from this machine; you need it again to sign in.') },
    out,
  );
  if (choice !== out) return;
  await ctx.auth.clear();
  ctx.log.info('Signed out; the API key was deleted from secret storage.');
  void vscode.window.showInformationMessage(vscode.l10n.t('Signed out of Devin. The API key was removed from this machine.'));
}
