// Where a built prompt goes: a new session, a message to an existing session, or first a preview
// in the prompt editor. The user always makes that choice in a modal dialog that says what will be
// sent (also after the preview), so a command run by another extension cannot send anything by itself. Attachments are uploaded
// before the session or message is sent; a failed upload sends nothing and keeps the prompt.
import * as vscode from 'vscode';
import { formatNumber } from '../util/intl';
import { config } from '../config';
import { showError, resolveSession, type CommandContext } from '../commands/common';
import { createFromDraft, ensureSignedIn, openPromptPreview, promptExcerpt, secretsOf, sendFacts, sizeText, type Draft } from '../commands/create';
import { unsentStore } from '../commands/sessionActions';
import { canReceiveMessage, sessionTitle } from '../sessions/model';
import type { BuiltPrompt } from './promptBuilder';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from './promptBuilder';
import { describeFindings, scrub, type ScrubOptions } from './scrub';
import { uploadAll, type DeliveryFile } from './attachments';

export interface Delivery {
  /** What the user asked for, as a title ("Fix with Devin"). */
  what: string;
  /** Short name for the preview tab ("fix", "todo", "terminal"). */
  slug: string;
  built: BuiltPrompt;
  /** Session title. */
  title: string;
  repo?: string;
  files?: DeliveryFile[];
}

type Target = 'new' | 'existing' | 'preview';

export function alwaysPreview(): boolean {
  return config.section().get<boolean>('delegate.alwaysPreview', false) === true;
}

/** One line saying what will be sent: size, secrets hidden, cuts, attachments. */
export function summary(d: Delivery, text: string): string {
  const bits = [vscode.l10n.t('{0} characters', formatNumber(text.length))];
  if (d.built.redactionCount) bits.push(vscode.l10n.t('{0} secret(s) hidden: {1}', d.built.redactionCount, describeFindings(d.built.redactions)));
  if (d.built.truncated) bits.push(vscode.l10n.t('long parts cut'));
  for (const f of d.files ?? []) bits.push(vscode.l10n.t('attachment {0} ({1})', f.name, sizeText(f.data.length)));
  return bits.join(' · ');
}

/**
 * What the confirmation says will be sent: what it is and its size (summary), the session title,
 * binary attachments that go unscrubbed, then the prompt's first lines.
 */
export function confirmationDetail(d: Delivery, text: string, secrets: ScrubOptions): string {
  return [`${d.what} · ${summary(d, text)}`, ...sendFacts(d.title, d.files ?? [], secrets), '', promptExcerpt(text)].join('\n');
}

/**
 * Where the prompt goes. A modal dialog, not a quick pick: another extension can accept a quick
 * pick (workbench.action.acceptSelectedQuickOpenItem) but cannot answer a modal dialog, so the
 * dialog is the user's consent, and it says what will be sent. Cancel (Escape) sends nothing.
 */
async function pickTarget(ctx: CommandContext, d: Delivery, text: string, offerPreview: boolean): Promise<Target | undefined> {
  const start = vscode.l10n.t('Start a New Devin Session');
  const existing = vscode.l10n.t('Add to an Existing Session…');
  const edit = vscode.l10n.t('Preview and Edit First…');
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t('Where should this go?'),
    { modal: true, detail: confirmationDetail(d, text, secretsOf(ctx)) },
    ...(offerPreview ? [start, existing, edit] : [start, existing]),
  );
  return choice === start ? 'new' : choice === existing ? 'existing' : choice === edit && offerPreview ? 'preview' : undefined;
}

/** Asks where the prompt goes (or opens the preview first) and sends it. True when it was sent. */
export async function deliver(ctx: CommandContext, d: Delivery): Promise<boolean> {
  if (!(await ensureSignedIn(ctx))) return false;
  const tooBig = (d.files ?? []).find((f) => f.data.length > MAX_ATTACHMENT_BYTES);
  if (tooBig) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} is {1}; Devin takes attachments up to {2}. Nothing was sent.', tooBig.name, sizeText(tooBig.data.length), sizeText(MAX_ATTACHMENT_BYTES)));
    return false;
  }
  if ((d.files?.length ?? 0) > MAX_ATTACHMENTS) {
    void vscode.window.showErrorMessage(vscode.l10n.t('At most {0} files can go with one prompt. Nothing was sent.', MAX_ATTACHMENTS));
    return false;
  }
  if (d.built.redactionCount) ctx.log.info(`${d.what}: ${d.built.redactionCount} secret(s) removed from the prompt (${describeFindings(d.built.redactions)}).`);
  if (alwaysPreview()) {
    await preview(ctx, d);
    return false;
  }
  const target = await pickTarget(ctx, d, d.built.text, true);
  if (!target) return false;
  if (target === 'preview') {
    await preview(ctx, d);
    return false;
  }
  return sendTo(ctx, d, d.built.text, target);
}

async function preview(ctx: CommandContext, d: Delivery): Promise<void> {
  // pickTarget is the modal that shows the edited text: the preview asks nothing before it (null).
  await openPromptPreview(ctx, d.slug, d.built.text, async (text) => {
    const target = await pickTarget(ctx, d, text, false);
    if (!target || target === 'preview') return false;
    return sendTo(ctx, d, text, target);
  }, null);
}

async function sendTo(ctx: CommandContext, d: Delivery, text: string, target: 'new' | 'existing'): Promise<boolean> {
  if (target === 'new') {
    // Not the user's New Session draft: createFromDraft keeps it only if the create fails, and never in place of that draft.
    const draft: Omit<Draft, 'savedAt'> = { prompt: text, repo: d.repo, title: d.title, tags: config.defaultTags() };
    return (await createFromDraft(ctx, draft, d.files)) !== undefined;
  }
  // Only sessions that can take a message are offered; when there is none, say so and offer a new one.
  if (!ctx.store.size) await ctx.store.refresh().catch(() => undefined);
  if (!ctx.store.all().some(canReceiveMessage)) {
    const start = vscode.l10n.t('Start a New Devin Session');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('No session can take a message now: only running, starting or suspended sessions can. Start a new session with this instead?'),
      start,
    );
    return choice === start ? sendTo(ctx, d, text, 'new') : false;
  }
  const s = await resolveSession(ctx, undefined, canReceiveMessage, vscode.l10n.t('Add to which session?'));
  if (!s) return false;
  const unsent = unsentStore(ctx);
  const message = scrub(text, secretsOf(ctx)).text;
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Sending to {0}…', sessionTitle(s)) }, async () => {
      const urls = await uploadAll(ctx.store.requireApi(), d.files ?? [], secretsOf(ctx), (m) => ctx.log.info(m));
      const updated = await ctx.store.requireApi().sendMessage(s.session_id, urls.length ? { message, attachment_urls: urls } : { message });
      void updated;
      void ctx.store.refreshSession(s.session_id).catch(() => undefined);
    });
  } catch (e) {
    // Kept where the session's composer finds it.
    await unsent.set(s.session_id, text);
    void showError(ctx, e, { prefix: vscode.l10n.t('Nothing was sent; your text is kept'), retry: () => sendTo(ctx, d, text, target) });
    return false;
  }
  await unsent.delete(s.session_id);
  // Like Send Message…: a status bar note, not a notification.
  vscode.window.setStatusBarMessage(vscode.l10n.t('Sent to Devin: {0}', sessionTitle(s)), 8000);
  return true;
}
