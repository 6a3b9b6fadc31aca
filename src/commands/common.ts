import type { DraftFileSystem } from '../draftDocument';
import * as vscode from 'vscode';
import { DevinApiError } from '../api/errors';
import type { Session } from '../api/types';
import type { Auth } from '../auth/auth';
import { config } from '../config';
import type { ScrubOptions } from '../delegate/scrub';
import type { Host } from '../host';
import { describeStatus, relativeTime, sessionTitle } from '../sessions/model';
import type { SessionStore } from '../sessions/store';
import { redact } from '../util/redact';
import type { SessionsView } from '../views/sessionsView';
import { isValidSessionId } from './prompt';

export interface PanelOpener {
  show(sessionId: string): Promise<void>;
  /** Gives the details panels the actions their buttons run directly (not through a command). */
  setActions(actions: PanelActions): void;
}

/** What the details panel's own controls do (only our webview can ask for these; see trust.ts). */
export interface PanelActions {
  /** Archives at once: the user pressed the panel's Archive button. */
  archive(sessionId: string): Promise<void>;
  /** A typed message with secrets removed, before it is sent. */
  scrubMessage(text: string): string;
}

/** What every command family needs. */
export interface CommandContext {
  extension: vscode.ExtensionContext;
  auth: Auth;
  store: SessionStore;
  view: SessionsView;
  log: vscode.LogOutputChannel;
  panels: PanelOpener;
  /** Where commands are registered: the activation shell's host (or vscodeHost without a shell). */
  host: Host;
  /** The New Session draft document's file system (src/draftDocument.ts), told when the draft changes. */
  drafts?: DraftFileSystem;
  /** Loads the identity used by "mine only" (GET /v3/self). */
  loadIdentity(): Promise<void>;
}

/** Message of any error, with anything shaped like a key removed. */
export function errorText(e: unknown, key?: string): string {
  const raw = e instanceof Error ? e.message : String(e);
  return redact(raw, key);
}

/**
 * Shows an error in words the user can act on, with the buttons that fit: Sign In for a rejected
 * key, Retry when a retry is given (never automatic), Open Settings for configuration problems.
 */
export async function showError(ctx: CommandContext, e: unknown, opts: { retry?: () => unknown; prefix?: string } = {}): Promise<void> {
  const text = errorText(e, ctx.auth.peekKey());
  ctx.log.error(redact(`${opts.prefix ? `${opts.prefix}: ` : ''}${text}`, ctx.auth.peekKey()));
  const signIn = vscode.l10n.t('Sign In');
  const retry = vscode.l10n.t('Retry');
  const settings = vscode.l10n.t('Open Settings');
  const showLog = vscode.l10n.t('Show Log');
  const buttons: string[] = [];
  if (e instanceof DevinApiError) {
    if (e.kind === 'unauthorized') buttons.push(signIn);
    if (e.kind === 'config' || (e.kind === 'not_found' && !/session/.test(e.message)) || e.kind === 'offline') buttons.push(settings);
    if (opts.retry && e.kind !== 'unauthorized' && e.kind !== 'config') buttons.push(retry);
  } else if (opts.retry) {
    buttons.push(retry);
  }
  buttons.push(showLog);
  let message = opts.prefix ? `${opts.prefix}: ${text}` : text;
  if (e instanceof DevinApiError && e.kind === 'validation' && e.fieldErrors.length > 1) {
    message = `${opts.prefix ? `${opts.prefix}: ` : ''}${vscode.l10n.t('Devin rejected the request:')} ${e.fieldErrors.join(' · ')}`;
  }
  const choice = await vscode.window.showErrorMessage(message, ...buttons);
  if (choice === signIn) await vscode.commands.executeCommand('devin.signIn');
  else if (choice === retry) await opts.retry?.();
  else if (choice === settings) await vscode.commands.executeCommand('workbench.action.openSettings', 'devin.');
  else if (choice === showLog) ctx.log.show(true);
}

interface SessionPick extends vscode.QuickPickItem {
  session: Session;
}

/**
 * Resolves a command argument to a session: an id string, a tree node, a session object,
 * or (from the palette) a quick pick with search over the sessions the predicate allows.
 */
export async function resolveSession(ctx: CommandContext, arg: unknown, allowed: (s: Session) => boolean = () => true, placeHolder?: string): Promise<Session | undefined> {
  let id: string | undefined;
  if (isValidSessionId(arg)) id = arg;
  else if (arg && typeof arg === 'object') {
    const o = arg as { sessionId?: unknown; session_id?: unknown };
    if (isValidSessionId(o.sessionId)) id = o.sessionId;
    else if (isValidSessionId(o.session_id)) id = o.session_id;
  }
  if (id) {
    const known = ctx.store.get(id);
    if (known) return known;
    try {
      return await ctx.store.refreshSession(id);
    } catch (e) {
      await showError(ctx, e);
      return undefined;
    }
  }
  if (arg !== undefined && arg !== null && !(Array.isArray(arg) && arg.length === 0)) {
    ctx.log.warn('Ignored a command argument that is not a session id.');
  }
  // From the palette (refresh() also starts the store when nothing asked for data yet).
  if (!ctx.store.size) await ctx.store.refresh().catch(() => undefined);
  const now = Date.now();
  const items: SessionPick[] = ctx.store
    .all()
    .filter(allowed)
    .sort((a, b) => b.updated_at - a.updated_at)
    .map((s) => ({
      label: sessionTitle(s, ctx.store.hint(s.session_id)?.prompt),
      description: `${describeStatus(s)} · ${relativeTime(s.updated_at, now)}`,
      detail: s.tags.length ? s.tags.join(', ') : undefined,
      session: s,
    }));
  if (!items.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No Devin session fits this action.'));
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(items, {
    placeHolder: placeHolder ?? vscode.l10n.t('Select a Devin session'),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return pick?.session;
}

/** Signed in with an organization, or offers Sign In; false when the user does not sign in. */
export async function ensureSignedIn(ctx: CommandContext): Promise<boolean> {
  if (ctx.auth.signedIn && config.orgId()) return true;
  const signIn = vscode.l10n.t('Sign In');
  const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Sign in to Devin first.'), signIn);
  if (choice === signIn) return (await vscode.commands.executeCommand<boolean>('devin.signIn')) === true;
  return false;
}

/** What a prompt or message is scrubbed of: the API key and secrets in the environment (src/delegate/scrub.ts). */
export function secretsOf(ctx: CommandContext): ScrubOptions {
  return { keys: [ctx.auth.peekKey()], env: process.env };
}
