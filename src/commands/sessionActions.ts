import * as vscode from 'vscode';
import type { Session } from '../api/types';
import { canArchive, canReceiveMessage, canTerminate, isSafeHttpUrl, sessionTitle, type GroupId } from '../sessions/model';
import { unsentMessages, type UnsentMessages } from '../sessions/unsent';
import { resolveSession, secretsOf, showError, type CommandContext } from './common';
import { confirmText } from './trust';
import { createModule } from '../parts/create';
import { describeFindings, scrub } from '../delegate/scrub';
import { goToSession } from './goToSession';
import { checkoutPart } from '../parts/checkout';
import { getGitApi } from '../git/git';

export function registerSessionCommands(ctx: CommandContext): vscode.Disposable[] {
  const reg = (id: string, fn: (...args: unknown[]) => unknown) => ctx.host.registerCommand(id, fn);
  // The details panel's Archive button archives directly: only our own webview posts its messages.
  ctx.panels.setActions({
    archive: (id) => archive(ctx, id, true),
    scrubMessage: (text) => scrubMessage(ctx, text),
  });
  return [
    reg('devin.refresh', () => refresh(ctx)),
    reg('devin.goToSession', () => goToSession(ctx)),
    reg('devin.openSession', async (arg) => {
      const s = await resolveSession(ctx, arg);
      if (s) await ctx.panels.show(s.session_id);
    }),
    reg('devin.openInBrowser', async (arg) => {
      const s = await resolveSession(ctx, arg);
      if (s) await openInBrowser(s);
    }),
    reg('devin.copySessionUrl', async (arg) => {
      const s = await resolveSession(ctx, arg);
      if (!s) return;
      if (!isSafeHttpUrl(s.url)) {
        void vscode.window.showWarningMessage(vscode.l10n.t('This session has no web link.'));
        return;
      }
      await vscode.env.clipboard.writeText(s.url);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the session URL.'), 3000);
    }),
    reg('devin.copySessionId', async (arg) => {
      const s = await resolveSession(ctx, arg);
      if (!s) return;
      await vscode.env.clipboard.writeText(s.session_id);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the session ID.'), 3000);
    }),
    reg('devin.sendMessage', (arg, text) => sendMessageCommand(ctx, arg, text)),
    // Always a modal: a tree node can be forged and a picker accepted by another extension (trust.ts).
    reg('devin.archiveSession', (arg) => archive(ctx, arg, false)),
    reg('devin.terminateSession', (arg) => terminate(ctx, arg)),
    reg('devin.checkoutPullRequest', (arg) => checkoutPr(ctx, arg)),
    reg('devin.copyPullRequestUrl', async (arg) => {
      const url = prUrlOf(arg);
      if (!isSafeHttpUrl(url)) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Not copied: the pull request link is not an http(s) address.'));
        return;
      }
      await vscode.env.clipboard.writeText(url);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the pull request URL.'), 3000);
    }),
    reg('devin.openPullRequest', async (arg) => {
      const url = prUrlOf(arg);
      if (!isSafeHttpUrl(url)) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Not opened: the pull request link is not an http(s) address.'));
        return;
      }
      await vscode.env.openExternal(vscode.Uri.parse(url, true));
    }),
    reg('devin.loadMore', async () => {
      try {
        await vscode.window.withProgress({ location: { viewId: 'devin.sessions' } }, () => ctx.store.loadMore());
      } catch (e) {
        await showError(ctx, e, { retry: () => vscode.commands.executeCommand('devin.loadMore') });
      }
    }),
    // A group's "N more…" row (the argument comes from our own tree item; anything else is ignored).
    reg('devin.showMoreInGroup', (group) => {
      if (typeof group === 'string') ctx.view.provider.showMore(group as GroupId);
    }),
    reg('devin.showLog', () => ctx.log.show()),
  ];
}

/** A PR link from a command argument: the URL itself, or a PR row of the Sessions tree. */
function prUrlOf(arg: unknown): unknown {
  return typeof arg === 'string' ? arg : (arg as { pr?: { pr_url?: unknown } } | undefined)?.pr?.pr_url;
}

/**
 * Check Out from a PR row: the same flow as the details view's button (modal questions first, a
 * local branch from the PR's ref). Only pull requests of sessions the store knows: other
 * extensions can run this command with any link.
 */
async function checkoutPr(ctx: CommandContext, arg: unknown): Promise<void> {
  const url = prUrlOf(arg);
  if (!isSafeHttpUrl(url)) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Not checked out: the pull request link is not an http(s) address.'));
    return;
  }
  if (!ctx.store.all().some((s) => s.pull_requests.some((p) => p.pr_url === url))) {
    ctx.log.warn('Check Out was asked for a pull request that no listed Devin session has opened.');
    void vscode.window.showWarningMessage(vscode.l10n.t('Not checked out: no Devin session in the list opened this pull request.'));
    return;
  }
  const checkout = checkoutPart.get();
  await checkout.checkoutPullRequest(url, checkout.checkoutUi(getGitApi, (msg) => ctx.log.warn(msg)));
}

async function refresh(ctx: CommandContext): Promise<void> {
  await vscode.window.withProgress({ location: { viewId: 'devin.sessions' } }, () => ctx.store.refresh({ full: true }));
  const st = ctx.store.state;
  if (st.phase === 'error' && st.error) {
    await showError(ctx, st.error, { retry: () => refresh(ctx) });
  }
}

async function openInBrowser(s: Session): Promise<void> {
  if (!isSafeHttpUrl(s.url)) {
    void vscode.window.showWarningMessage(vscode.l10n.t('This session has no web link to open.'));
    return;
  }
  await vscode.env.openExternal(vscode.Uri.parse(s.url, true));
}

/** Text of messages that could not be sent (and of the details panel's reply box), per session; kept across window reloads. */
export function unsentStore(ctx: CommandContext): UnsentMessages {
  return unsentMessages(ctx.extension.globalState);
}

/**
 * `devin.sendMessage(session, text?)`. Text given by the caller is sent only after the user
 * confirms it in a modal dialog that shows it (any extension can run this command with any
 * argument, a forged tree node included, and an input box could be accepted through workbench
 * commands); our own UI never passes text: without it the user types the message.
 */
export async function sendMessageCommand(ctx: CommandContext, arg: unknown, text: unknown): Promise<boolean> {
  if (typeof text !== 'string' || !text.trim()) return sendMessage(ctx, arg);
  return sendMessage(ctx, arg, text, { confirm: true });
}

/** A message with secrets removed, like a prompt (src/delegate/scrub.ts); what was removed goes to the log. */
export function scrubMessage(ctx: CommandContext, text: string): string {
  const scrubbed = scrub(text, secretsOf(ctx));
  if (scrubbed.count) ctx.log.info(`Removed ${scrubbed.count} secret(s) from the message before sending: ${describeFindings(scrubbed.found)}.`);
  return scrubbed.text;
}

export async function sendMessage(ctx: CommandContext, arg: unknown, presetText?: string, opts: { confirm?: boolean } = {}): Promise<boolean> {
  const s = await resolveSession(ctx, arg, canReceiveMessage, vscode.l10n.t('Send a message to which session?'));
  if (!s) return false;
  const unsent = unsentStore(ctx);
  if (!canReceiveMessage(s)) {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} cannot take messages any more (it has ended or is archived).', sessionTitle(s)));
    return false;
  }
  const kept = unsent.get(s.session_id);
  const text =
    presetText ??
    (await vscode.window.showInputBox({
      title: vscode.l10n.t('Message to Devin: {0}', sessionTitle(s)),
      prompt: s.status === 'suspended' ? vscode.l10n.t('The session is suspended; a message resumes it.') : undefined,
      value: kept ?? '',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Write a message.')),
    }));
  if (!text?.trim()) return false;
  if (opts.confirm) {
    const question = vscode.l10n.t('Send this message to the Devin session "{0}"?', sessionTitle(s));
    const send = vscode.l10n.t('Send');
    const choice = await confirmText({
      question,
      detail: (shown) => vscode.l10n.t('A command asked to send it (another extension or a link):\n\n{0}', shown),
      text,
      action: send,
    });
    if (choice === 'editor') {
      // The whole text in an editor; Ctrl+Enter there asks again (trust.ts confirmEditorText), then sends.
      await createModule.get().openPromptPreview(ctx, 'message', text, (edited) => sendMessage(ctx, s.session_id, edited), { question, action: send });
      return false;
    }
    if (choice !== 'confirmed') return false;
  }
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Sending the message…') }, () =>
      ctx.store.sendMessage(s.session_id, scrubMessage(ctx, text)),
    );
    // A kept unsent message goes only when it was sent, or when the user saw it in the box and sent
    // something else instead; text from anywhere else leaves it alone.
    if (kept !== undefined && (text === kept || presetText === undefined)) await unsent.delete(s.session_id);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Message sent to Devin.'), 3000);
    return true;
  } catch (e) {
    // Never replace a different kept message with text the user did not type.
    if (kept === undefined || presetText === undefined || text === kept) await unsent.set(s.session_id, text);
    void showError(ctx, e, { prefix: vscode.l10n.t('The message was not sent; your text is kept'), retry: () => sendMessage(ctx, s.session_id) });
    return false;
  }
}

/**
 * Archives after a modal confirmation that names the session, whoever asked: the tree's buttons
 * and menus, the palette and any other caller (a tree node can be forged, a picker accepted; see
 * trust.ts). Only the details panel's own button (`userChose`) archives at once.
 */
async function archive(ctx: CommandContext, arg: unknown, userChose: boolean): Promise<void> {
  const s = await resolveSession(ctx, arg, canArchive, vscode.l10n.t('Archive which session?'));
  if (!s) return;
  if (!userChose) {
    const yes = vscode.l10n.t('Archive');
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Archive the Devin session "{0}"?', sessionTitle(s)), { modal: true }, yes);
    if (choice !== yes) return;
  }
  try {
    await vscode.window.withProgress({ location: { viewId: 'devin.sessions' } }, () => ctx.store.archive(s.session_id));
    // Archiving puts a session away; it does not stop it (only Terminate does).
    const running = canTerminate(ctx.store.get(s.session_id) ?? s);
    vscode.window.setStatusBarMessage(
      running ? vscode.l10n.t('Archived {0}. It keeps running until it ends or you terminate it.', sessionTitle(s)) : vscode.l10n.t('Archived {0}.', sessionTitle(s)),
      6000,
    );
  } catch (e) {
    // The user confirmed this archive already (or pressed the panel's button).
    await showError(ctx, e, { retry: () => archive(ctx, s.session_id, true) });
  }
}

/** Terminate asks first, naming the session, and offers to archive too. */
async function terminate(ctx: CommandContext, arg: unknown): Promise<void> {
  const s = await resolveSession(ctx, arg, canTerminate, vscode.l10n.t('Terminate which session?'));
  if (!s) return;
  if (!canTerminate(s)) {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} has already ended.', sessionTitle(s)));
    return;
  }
  const stop = vscode.l10n.t('Terminate');
  const stopArchive = vscode.l10n.t('Terminate and Archive');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Terminate the Devin session "{0}"?', sessionTitle(s)),
    { modal: true, detail: vscode.l10n.t('Devin stops working on it and it cannot be resumed.') },
    stop,
    stopArchive,
  );
  if (choice !== stop && choice !== stopArchive) return;
  try {
    await vscode.window.withProgress({ location: { viewId: 'devin.sessions' } }, () => ctx.store.terminate(s.session_id, choice === stopArchive));
    vscode.window.setStatusBarMessage(vscode.l10n.t('Terminated {0}.', sessionTitle(s)), 4000);
  } catch (e) {
    await showError(ctx, e, { retry: () => terminate(ctx, s.session_id) });
  }
}
