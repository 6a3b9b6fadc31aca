import * as vscode from 'vscode';
import { DevinApiError } from '../api/errors';
import type { CreateSessionRequest, KnowledgeNote, Playbook, Session } from '../api/types';
import { config } from '../config';
import { repoForUri, workspaceRepos, type RepoContext } from '../git/git';
import { cleanText, sessionTitle } from '../sessions/model';
import { ensureSignedIn, secretsOf, showError, type CommandContext } from './common';

export { ensureSignedIn, secretsOf } from './common';
import { BACK, inputStep, pickStep, type PickItem } from './multiStep';
import { buildCodePrompt } from './codePrompt';
import { parseTags, titleFromInstruction, validateAcuLimit } from './prompt';
import { describeFindings, scrub, type ScrubOptions } from '../delegate/scrub';
import { REPO_RE } from '../links/uri';
import { contentTypeFor, isBinary, uploadAll, type DeliveryFile } from '../delegate/attachments';
import { formatNumber } from '../util/intl';
import { DRAFT_KEY, DRAFT_SCHEME, DRAFT_URI, storedDraft, stripDraftHeader, type Draft } from '../draftDocument';
import { ATTACH_THRESHOLD_BYTES, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, TITLE_SOURCE_CHARS, utf8Bytes } from '../delegate/promptBuilder';
import { confirmEditorText, confirmText, excerptOf, hiddenNote } from './trust';

/** What the scrubber removes from everything sent: our key and secret-looking environment values. */

export type { Draft };

export function getDraft(ctx: CommandContext): Draft | undefined {
  const d = storedDraft(ctx.extension.globalState);
  return d && d.prompt.trim() ? d : undefined;
}

/** Stores the draft; an open draft document shows it (see src/draftDocument.ts). */
export async function saveDraft(ctx: CommandContext, d: Omit<Draft, 'savedAt'>): Promise<void> {
  await ctx.extension.globalState.update(DRAFT_KEY, { ...d, savedAt: Date.now() });
  ctx.drafts?.changed();
}

async function clearDraft(ctx: CommandContext): Promise<void> {
  await ctx.extension.globalState.update(DRAFT_KEY, undefined);
  ctx.drafts?.changed();
}

/**
 * Keeps a prompt that is not the user's own draft (a delegated or one-off prompt, a caller's or a
 * link's) in the draft slot, only when that does not replace what the user typed: the slot is
 * empty or holds the same prompt. False when the user's draft is in the way (it is left alone).
 */
export async function keepUnlessOtherDraft(ctx: CommandContext, d: Omit<Draft, 'savedAt'>): Promise<boolean> {
  const kept = storedDraft(ctx.extension.globalState);
  if (kept && kept.prompt.trim() && kept.prompt !== d.prompt) return false;
  await saveDraft(ctx, d);
  return true;
}

/** After a send: the draft slot is emptied only when it holds the prompt that was sent. */
async function releaseDraft(ctx: CommandContext, prompt: string): Promise<void> {
  const kept = storedDraft(ctx.extension.globalState);
  if (kept && kept.prompt === prompt) await clearDraft(ctx);
}

/** Longest session title we send (the API shows titles on one line). */
export const TITLE_CHARS = 80;

/** A session title as sent: secrets scrubbed first, then one line, cut to TITLE_CHARS. */
export function cleanSessionTitle(title: string, secrets: ScrubOptions): { text: string; found: Record<string, number>; count: number } {
  const r = scrub(title, secrets);
  const t = r.text.replace(/\s+/g, ' ').trim();
  return { ...r, text: t.length > TITLE_CHARS ? `${t.slice(0, TITLE_CHARS - 1)}…` : t };
}

export function draftToRequest(d: Omit<Draft, 'savedAt'>): CreateSessionRequest {
  const body: CreateSessionRequest = { prompt: d.prompt };
  if (d.repo) body.repos = [d.repo];
  if (d.title?.trim()) body.title = d.title.trim();
  if (d.tags?.length) body.tags = d.tags;
  if (d.playbookId) body.playbook_id = d.playbookId;
  if (d.knowledgeIds?.length) body.knowledge_ids = d.knowledgeIds;
  if (d.maxAcuLimit) body.max_acu_limit = d.maxAcuLimit;
  if (d.attachmentUrls?.length) body.attachment_urls = d.attachmentUrls;
  return body;
}

export function registerCreateCommands(ctx: CommandContext): vscode.Disposable[] {
  const { host } = ctx;
  return [
    host.registerCommand('devin.newSession', (arg?: unknown) => newSession(ctx, parseNewSessionArg(arg))),
    host.registerCommand('devin.sendSelection', (arg?: unknown) => sendSelection(ctx, arg)),
    host.registerCommand('devin.sendFile', (uri?: unknown, uris?: unknown) => sendFile(ctx, uri, uris)),
    host.registerCommand('devin.sendDraft', () => sendDraftDocument(ctx)),
  ];
}

/**
 * `devin.newSession` accepts `{ prompt?: string, repo?: string }` from links, automation and other
 * commands. Either only prefills the wizard; a caller's prompt also needs a modal confirmation
 * before the session starts (see newSession).
 */
export function parseNewSessionArg(arg: unknown): { prompt?: string; repo?: string; fromCaller?: boolean } {
  if (!arg || typeof arg !== 'object') return {};
  let prompt: unknown;
  let repo: unknown;
  try {
    prompt = (arg as { prompt?: unknown }).prompt;
    repo = (arg as { repo?: unknown }).repo;
  } catch {
    return {};
  }
  const out: { prompt?: string; repo?: string; fromCaller?: boolean } = {};
  if (typeof prompt === 'string') {
    out.prompt = prompt;
    out.fromCaller = true;
  }
  if (typeof repo === 'string' && repo.length <= 200 && REPO_RE.test(repo)) out.repo = repo;
  return out;
}

/** Lists for the pickers; a 403 (they need Manage… permissions) skips the picker with a hint. */
async function loadPicker<T>(ctx: CommandContext, load: () => Promise<T[]>): Promise<{ items: T[]; hint?: string }> {
  try {
    return { items: await load() };
  } catch (e) {
    if (e instanceof DevinApiError && e.kind === 'forbidden') {
      return { items: [], hint: vscode.l10n.t('Skipped: the API key may not list these (needs a Manage… permission).') };
    }
    ctx.log.warn(`picker list failed: ${e instanceof Error ? e.message : String(e)}`);
    return { items: [], hint: vscode.l10n.t('Skipped: the list could not be loaded.') };
  }
}

/** Why a picker step was skipped: in the log and, briefly, in the status bar. */
function noteSkippedPicker(ctx: CommandContext, message: string): void {
  ctx.log.info(message);
  vscode.window.setStatusBarMessage(message, 8000);
}

async function preferredRepo(): Promise<{ repos: RepoContext[]; preferred?: string }> {
  const repos = (await workspaceRepos()).filter((r) => r.repo);
  const active = vscode.window.activeTextEditor?.document.uri;
  let preferred = repos[0]?.repo;
  if (active) {
    const own = await repoForUri(active);
    if (own?.repo) preferred = own.repo;
  }
  return { repos, preferred };
}

/**
 * `Devin: New Session…`: prompt → Enter → created in the workspace's repository (the active
 * editor's, else the first), with the default tags. The gear button (More Options…) goes on to
 * repository → title → tags → playbook → knowledge → ACU limit → attachments instead.
 * Back buttons move between steps; the prompt is saved as a draft until the session exists.
 */
export async function newSession(ctx: CommandContext, seed: { prompt?: string; repo?: string; fromCaller?: boolean } = {}): Promise<Session | undefined> {
  if (!(await ensureSignedIn(ctx))) return undefined;
  const previous = getDraft(ctx);
  const d: Omit<Draft, 'savedAt'> = { prompt: seed.prompt ?? previous?.prompt ?? '', ...(seed.prompt ? {} : previous ? { repo: previous.repo, title: previous.title, tags: previous.tags } : {}) };
  if (seed.repo) d.repo = seed.repo;
  if (!seed.prompt && previous) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Restored the prompt of a session that was not created yet.'));
  }
  // A caller's or a link's prompt never replaces the user's own unsent draft: while one is kept,
  // this wizard leaves the draft slot alone (it is used only when empty or holding this prompt).
  const draftTaken = !!seed.fromCaller && !!previous && previous.prompt !== seed.prompt;
  const keep = async (x: Omit<Draft, 'savedAt'>) => {
    if (!draftTaken) await saveDraft(ctx, x);
  };
  const title = vscode.l10n.t('New Devin Session');
  const total = 8;
  let files: DeliveryFile[] = [];
  let api;
  try {
    api = ctx.store.requireApi();
  } catch (e) {
    await showError(ctx, e);
    return undefined;
  }
  // Start the lookups now; the wizard awaits each one only at its own step.
  const reposP = preferredRepo();
  const playbooksP = loadPicker<Playbook>(ctx, async () => (await api.listPlaybooks({ first: 200 })).items);
  const knowledgeP = loadPicker<KnowledgeNote>(ctx, async () => (await api.listKnowledgeNotes({ first: 200 })).items);
  let repos: RepoContext[] = [];
  let playbooks: { items: Playbook[]; hint?: string } = { items: [] };
  let knowledge: { items: KnowledgeNote[]; hint?: string } = { items: [] };
  let step = 1;
  let goingBack = false;
  while (step <= total) {
    switch (step) {
      case 1: {
        if (d.repo === undefined && !seed.repo) d.repo = (await reposP).preferred;
        const r = await promptStep(title, d.prompt, d.repo);
        // The one-line box drops a kept prompt's line breaks once it is edited: the same words keep them.
        if (!sameWords(r.prompt, d.prompt)) d.prompt = r.prompt;
        if (r.action === 'cancel') {
          // Escape (or a lost quick pick) never loses what was typed: the next New Session restores it.
          // An emptied box is the user's choice: the draft goes with it.
          if (draftTaken) return undefined;
          if (d.prompt.trim()) await saveDraft(ctx, d);
          else await clearDraft(ctx);
          return undefined;
        }
        if (r.action === 'compose') {
          if (!draftTaken) await openPromptEditor(ctx, d);
          else {
            const own = { ...d, tags: d.tags ?? config.defaultTags() };
            // The send asks itself (confirmStart shows the text), so the preview asks nothing more.
            await openPromptPreview(ctx, 'link', d.prompt, async (text) => (await confirmStart(ctx, { ...own, prompt: text })) && (await createFromDraft(ctx, { ...own, prompt: text })) !== undefined, null);
          }
          return undefined;
        }
        await keep(d);
        // More Options… goes on to the repository, title, tags … steps below.
        if (r.action === 'more') break;
        if (!d.tags) d.tags = config.defaultTags();
        step = total + 1;
        continue;
      }
      case 2: {
        const found = await reposP;
        repos = found.repos;
        if (d.repo === undefined) d.repo = found.preferred;
        const items: PickItem<string | undefined>[] = repos.map((r) => ({
          label: r.repo!,
          description: r.branch ? vscode.l10n.t('branch {0}', r.branch) : undefined,
          detail: r.rootUri.fsPath,
          value: r.repo,
        }));
        const other: PickItem<string | undefined> = { label: vscode.l10n.t('Other repository…'), value: '\u0000other' };
        const none: PickItem<string | undefined> = { label: vscode.l10n.t('No repository'), value: undefined };
        const all = [...items, other, none];
        const r = await pickStep({
          title,
          step,
          totalSteps: total,
          items: all,
          placeholder: repos.length ? vscode.l10n.t('Repository for Devin to work on') : vscode.l10n.t('No git repository in this workspace: pick one or none'),
          active: all.find((i) => i.value === d.repo) ?? (d.repo ? other : none),
        });
        if (r === undefined) return undefined;
        if (r === BACK) {
          step--;
          goingBack = true;
          continue;
        }
        if (r[0] === '\u0000other') {
          const typed = await inputStep({
            title,
            step,
            totalSteps: total,
            value: d.repo ?? '',
            prompt: vscode.l10n.t('Repository as owner/name'),
            validate: (v) => (!v.trim() || /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)+$/.test(v.trim()) ? undefined : vscode.l10n.t('Use the form owner/name.')),
          });
          if (typed === undefined) return undefined;
          if (typed === BACK) continue;
          d.repo = typed.trim() || undefined;
        } else d.repo = r[0];
        break;
      }
      case 3: {
        const r = await inputStep({ title, step, totalSteps: total, value: d.title ?? '', prompt: vscode.l10n.t('Title (optional)'), placeholder: vscode.l10n.t('Leave empty and Devin names the session') });
        if (r === undefined) return undefined;
        if (r === BACK) {
          step--;
          goingBack = true;
          continue;
        }
        d.title = r.trim() || undefined;
        break;
      }
      case 4: {
        const defaults = config.defaultTags();
        const r = await inputStep({
          title,
          step,
          totalSteps: total,
          value: (d.tags ?? defaults).join(', '),
          prompt: defaults.length ? vscode.l10n.t('Tags, separated by commas (defaults from devin.defaultTags: {0})', defaults.join(', ')) : vscode.l10n.t('Tags, separated by commas (optional)'),
        });
        if (r === undefined) return undefined;
        if (r === BACK) {
          step--;
          goingBack = true;
          continue;
        }
        d.tags = parseTags(r, defaults);
        break;
      }
      case 5: {
        playbooks = await playbooksP;
        if (!playbooks.items.length) {
          if (playbooks.hint) noteSkippedPicker(ctx, vscode.l10n.t('Playbooks: {0}', playbooks.hint));
          step += goingBack ? -1 : 1;
          continue;
        }
        const none: PickItem<string | undefined> = { label: vscode.l10n.t('No playbook'), value: undefined };
        const items = [none, ...playbooks.items.map((p) => ({ label: cleanText(p.title, 100) || p.playbook_id, description: p.macro ? cleanText(p.macro, 40) : undefined, value: p.playbook_id as string | undefined }))];
        const r = await pickStep({ title, step, totalSteps: total, items, placeholder: vscode.l10n.t('Playbook (optional)'), active: items.find((i) => i.value === d.playbookId) });
        if (r === undefined) return undefined;
        if (r === BACK) {
          step--;
          goingBack = true;
          continue;
        }
        d.playbookId = r[0];
        break;
      }
      case 6: {
        knowledge = await knowledgeP;
        if (!knowledge.items.length) {
          if (knowledge.hint) noteSkippedPicker(ctx, vscode.l10n.t('Knowledge: {0}', knowledge.hint));
          step += goingBack ? -1 : 1;
          continue;
        }
        const items = knowledge.items.map((k) => ({ label: cleanText(k.name, 100) || k.note_id, description: k.pinned_repo ? cleanText(k.pinned_repo, 60) : undefined, value: k.note_id }));
        const r = await pickStep({ title, step, totalSteps: total, items, canPickMany: true, placeholder: vscode.l10n.t('Knowledge to include (optional)'), selected: items.filter((i) => d.knowledgeIds?.includes(i.value)) });
        if (r === undefined) return undefined;
        if (r === BACK) {
          step--;
          goingBack = true;
          continue;
        }
        d.knowledgeIds = r;
        break;
      }
      case 7: {
        const r = await inputStep({
          title,
          step,
          totalSteps: total,
          value: d.maxAcuLimit ? String(d.maxAcuLimit) : '',
          prompt: vscode.l10n.t('Maximum ACUs for this session (optional, empty for the organization default)'),
          validate: (v) => validateAcuLimit(v),
        });
        if (r === undefined) return undefined;
        if (r === BACK) {
          step--;
          goingBack = true;
          continue;
        }
        d.maxAcuLimit = r.trim() ? Number(r) : undefined;
        break;
      }
      case 8: {
        const r = await attachStep(title, step, total, files);
        if (r === undefined) return undefined;
        if (r === BACK) {
          step--;
          goingBack = true;
          continue;
        }
        files = r;
        break;
      }
    }
    goingBack = false;
    step++;
  }
  await keep(d);
  if (seed.fromCaller) {
    // The prompt came from a command argument, and the steps above are quick inputs, which
    // workbench commands can accept: a modal dialog (which no extension can answer) decides, and
    // a prompt it cannot show in full goes to an editor first.
    const start = vscode.l10n.t('Start Session');
    const question = vscode.l10n.t('Start a Devin session with this prompt?');
    const choice = await confirmText({
      question,
      detail: (shown) =>
        draftTaken
          ? vscode.l10n.t('The prompt was passed in by a command (another extension or a link); your own unsent draft is kept as it is:\n\n{0}', shown)
          : vscode.l10n.t('The prompt was passed in by a command (another extension or a link); it is kept as a draft either way:\n\n{0}', shown),
      text: d.prompt,
      action: start,
    });
    if (choice === 'editor') {
      const options = { ...d };
      await openPromptPreview(ctx, 'new', d.prompt, async (text) => (await createFromDraft(ctx, { ...options, prompt: text }, files)) !== undefined, { question, action: start });
      return undefined;
    }
    if (choice !== 'confirmed') return undefined;
  }
  return createFromDraft(ctx, d, files);
}

/** The same text apart from whitespace (a one-line input box removes line breaks). */
export function sameWords(a: string, b: string): boolean {
  return a.replace(/\s+/g, '') === b.replace(/\s+/g, '');
}

/**
 * The first step: the prompt, typed into a quick pick whose rows are labelled actions. Enter starts
 * the session (the first row, which shows the typed prompt, so it stays on top however the quick
 * pick sorts what matches the text); the other rows open the prompt in an editor tab or go on to
 * More Options… with what was typed.
 */
function promptStep(title: string, value: string, repo: string | undefined): Promise<{ action: 'start' | 'compose' | 'more' | 'cancel'; prompt: string }> {
  type Row = vscode.QuickPickItem & { action: 'start' | 'compose' | 'more' };
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<Row>();
    let done = false;
    const finish = (v: { action: 'start' | 'compose' | 'more' | 'cancel'; prompt: string }) => {
      if (done) return;
      done = true;
      resolve(v);
      qp.dispose();
    };
    const where = repo ? vscode.l10n.t('Enter starts the session in {0}', repo) : vscode.l10n.t('Enter starts the session without a repository');
    const compose: Row = {
      label: vscode.l10n.t('Write in an Editor…'),
      iconPath: new vscode.ThemeIcon('go-to-file'),
      description: vscode.l10n.t('for a long prompt; the draft is kept when the tab closes'),
      alwaysShow: true,
      action: 'compose',
    };
    const more: Row = {
      label: vscode.l10n.t('More Options…'),
      iconPath: new vscode.ThemeIcon('settings'),
      description: vscode.l10n.t('repository, title, tags, playbook, knowledge, ACU limit, attachments'),
      alwaysShow: true,
      action: 'more',
    };
    let warn = false;
    const rows = () => {
      const typed = qp.value.trim();
      const start: Row = {
        label: typed || vscode.l10n.t('Start Session'),
        iconPath: new vscode.ThemeIcon('play'),
        // On a line of its own: a long prompt would cut a description short.
        detail: warn && !typed ? vscode.l10n.t('Type what Devin should do first.') : where,
        alwaysShow: true,
        action: 'start',
      };
      qp.items = [start, compose, more];
      qp.activeItems = [start];
    };
    qp.title = title;
    qp.placeholder = vscode.l10n.t('What should Devin do? Type the task, then Enter.');
    qp.value = value;
    qp.ignoreFocusOut = true;
    rows();
    qp.onDidChangeValue(() => {
      warn = false;
      rows();
    });
    qp.onDidAccept(() => {
      const action = qp.activeItems[0]?.action ?? 'start';
      // Starting, and the options that end in starting, need a prompt; the editor can start empty.
      if (action !== 'compose' && !qp.value.trim()) {
        warn = true;
        rows();
        return;
      }
      finish({ action, prompt: qp.value });
    });
    // Read before dispose: the typed text goes back to the caller, which keeps it as the draft.
    qp.onDidHide(() => finish({ action: 'cancel', prompt: qp.value }));
    qp.show();
  });
}

/** Step "Attach files…": none, or files picked in the file dialog (bounded in size and number). */
async function attachStep(title: string, step: number, total: number, current: DeliveryFile[]): Promise<DeliveryFile[] | typeof BACK | undefined> {
  for (;;) {
    const none: PickItem<string> = { label: current.length ? vscode.l10n.t('Continue with {0} attached file(s)', current.length) : vscode.l10n.t('No attachments'), description: current.map((f) => f.name).join(', ') || undefined, value: 'done' };
    const pick: PickItem<string> = { label: `$(file-add) ${vscode.l10n.t('Attach Files…')}`, description: vscode.l10n.t('up to {0} files, {1} MB each', MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES / 1024 / 1024), value: 'pick' };
    const clear: PickItem<string> = { label: vscode.l10n.t('Remove the attached files'), value: 'clear' };
    const items = current.length ? [none, pick, clear] : [none, pick];
    const r = await pickStep({ title, step, totalSteps: total, items, placeholder: vscode.l10n.t('Attach files (optional): logs, screenshots, data'), active: none });
    if (r === undefined || r === BACK) return r;
    if (r[0] === 'done') return current;
    if (r[0] === 'clear') {
      current = [];
      continue;
    }
    const uris = await vscode.window.showOpenDialog({ canSelectMany: true, openLabel: vscode.l10n.t('Attach'), title: vscode.l10n.t('Attach Files to the Devin Session') });
    for (const uri of uris ?? []) {
      const name = uri.path.split('/').pop() || 'file';
      let data: Uint8Array;
      try {
        data = await vscode.workspace.fs.readFile(uri);
      } catch (e) {
        void vscode.window.showErrorMessage(vscode.l10n.t('{0} could not be read: {1}', name, e instanceof Error ? e.message : String(e)));
        continue;
      }
      if (data.length > MAX_ATTACHMENT_BYTES) {
        void vscode.window.showErrorMessage(vscode.l10n.t('{0} is larger than {1} MB and was not attached.', name, MAX_ATTACHMENT_BYTES / 1024 / 1024));
        continue;
      }
      if (current.length >= MAX_ATTACHMENTS) {
        void vscode.window.showWarningMessage(vscode.l10n.t('At most {0} files can be attached.', MAX_ATTACHMENTS));
        break;
      }
      if (contentTypeFor(name, data) === 'application/octet-stream') void vscode.window.showInformationMessage(vscode.l10n.t('{0} is a binary file: it is sent as it is, without removing secrets.', name));
      current = [...current, { name, data, contentType: contentTypeFor(name, data) }];
    }
  }
}

/** At most this much of a prompt is shown in a confirmation (the rest: an editor). */
export const PROMPT_SHOWN_LINES = 12;
export const PROMPT_SHOWN_CHARS = 800;

/**
 * The start of a prompt for a confirmation (excerptOf, with a prompt's bounds): its first lines,
 * how much of it that is, and invisible characters written out as ⟨U+XXXX⟩ with a note that counts
 * them (a consent dialog must not hide text).
 */
export function promptExcerpt(text: string): string {
  const ex = excerptOf(text, PROMPT_SHOWN_CHARS, PROMPT_SHOWN_LINES);
  const parts = [ex.shown];
  if (ex.shownChars < ex.total) parts.push('…', vscode.l10n.t('({0} of {1} characters shown)', formatNumber(ex.shownChars), formatNumber(ex.total)));
  if (ex.hidden) parts.push('', hiddenNote(ex.hidden));
  return parts.join('\n');
}

/** What a confirmation lists before the prompt: the session title, attachments, binary files sent unscrubbed. */
export function sendFacts(title: string | undefined, files: readonly DeliveryFile[], secrets: ScrubOptions): string[] {
  const lines: string[] = [];
  const t = title ? cleanSessionTitle(title, secrets).text : '';
  if (t) lines.push(vscode.l10n.t('Session title: {0}', t));
  for (const f of files) {
    if (isBinary(f.data)) lines.push(vscode.l10n.t('{0} is a binary file: it is sent as it is, without removing secrets.', f.name));
  }
  return lines;
}

/**
 * The consent for a one-off prompt (Send File, an unsent prompt sent again from its editor): a modal
 * dialog, worded like New Session's for a caller's prompt, that shows what will be sent. Quick
 * inputs are no consent: another extension can accept them; no extension can answer a modal dialog.
 */
export async function confirmStart(ctx: CommandContext, d: Omit<Draft, 'savedAt'>, files: readonly DeliveryFile[] = []): Promise<boolean> {
  const start = vscode.l10n.t('Start Session');
  const scrubbed = scrub(d.prompt, secretsOf(ctx)).text;
  const facts = sendFacts(d.title, files, secretsOf(ctx));
  for (const f of files) facts.push(vscode.l10n.t('attachment {0} ({1})', f.name, sizeText(f.data.length)));
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t('Start a Devin session with this prompt?'),
    { modal: true, detail: [...facts, ...(facts.length ? [''] : []), promptExcerpt(scrubbed)].join('\n') },
    start,
  );
  return choice === start;
}

/** "3 KB", "1.2 MB". */
export function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * A prompt that failed to go while the user's own, different draft fills the draft slot: it opens in
 * a prompt editor (Ctrl+Enter there tries again), so it is not lost and the draft is not replaced.
 */
async function keepElsewhere(ctx: CommandContext, d: Omit<Draft, 'savedAt'>, files: readonly DeliveryFile[], keptAsDraft: boolean): Promise<void> {
  if (keptAsDraft) return;
  try {
    await openPromptPreview(ctx, 'unsent', d.prompt, async (text) => {
      const again = { ...d, prompt: text };
      return (await confirmStart(ctx, again, files)) && (await createFromDraft(ctx, again, files)) !== undefined;
    }, null);
  } catch (e) {
    ctx.log.warn(`The unsent prompt could not be opened in an editor: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * POSTs once; a failure keeps the prompt and offers Retry (never retried automatically). Files are
 * uploaded first; a failed upload creates nothing (the prompt is kept, Retry starts over).
 * The draft slot (New Session's draft) is the user's: a failed prompt is kept there only when the
 * slot is empty or holds the same prompt, else in a prompt editor; a success empties the slot only
 * when it holds the prompt that was sent. Delegated and one-off prompts never replace the user's draft.
 */
export async function createFromDraft(ctx: CommandContext, d: Omit<Draft, 'savedAt'>, files: readonly DeliveryFile[] = []): Promise<Session | undefined> {
  if (files.length) {
    try {
      const urls = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Uploading attachments…') },
        () => uploadAll(ctx.store.requireApi(), files, secretsOf(ctx), (m) => ctx.log.info(m)),
      );
      d = { ...d, attachmentUrls: [...(d.attachmentUrls ?? []), ...urls] };
    } catch (e) {
      const kept = await keepUnlessOtherDraft(ctx, d);
      const prefix =
        e instanceof DevinApiError && e.status === 413
          ? vscode.l10n.t('The attachment is too large for Devin; nothing was sent and your prompt is kept')
          : vscode.l10n.t('The attachment could not be uploaded; nothing was sent and your prompt is kept');
      await keepElsewhere(ctx, d, files, kept);
      void showError(ctx, e, { prefix, retry: () => createFromDraft(ctx, d, files) });
      return undefined;
    }
  }
  const body = draftToRequest(d);
  // Typed or composed prompts are scrubbed too (built prompts already were; scrubbing is idempotent).
  const secrets = secretsOf(ctx);
  const scrubbed = scrub(body.prompt, secrets);
  if (scrubbed.count) ctx.log.info(`Removed ${scrubbed.count} secret(s) from the prompt before sending: ${describeFindings(scrubbed.found)}.`);
  body.prompt = scrubbed.text;
  // Titles and tags leave the machine too (every path: typed, delegated, a caller's): scrubbed, the
  // title before it is cut, so a cut cannot keep the start of a secret.
  if (typeof body.title === 'string') {
    const t = cleanSessionTitle(body.title, secrets);
    if (t.count) ctx.log.info(`Removed ${t.count} secret(s) from the session title: ${describeFindings(t.found)}.`);
    if (t.text) body.title = t.text;
    else delete body.title;
  }
  if (body.tags) {
    const tags = body.tags.map((tag) => scrub(tag, secrets));
    const n = tags.reduce((a, r) => a + r.count, 0);
    if (n) ctx.log.info(`Removed ${n} secret(s) from the tags.`);
    body.tags = tags.map((r) => r.text);
  }
  let session: Session;
  try {
    session = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Starting a Devin session…') },
      () => ctx.store.create(body),
    );
  } catch (e) {
    const kept = await keepUnlessOtherDraft(ctx, d);
    await keepElsewhere(ctx, d, [], kept);
    void showError(ctx, e, {
      prefix: vscode.l10n.t('The session was not created; your prompt is kept'),
      retry: () => createFromDraft(ctx, d),
    });
    return undefined;
  }
  await releaseDraft(ctx, d.prompt);
  ctx.log.info(`Created session ${session.session_id}.`);
  const openDetails = vscode.l10n.t('Open Details');
  const openBrowser = vscode.l10n.t('Open in Browser');
  void vscode.window.showInformationMessage(vscode.l10n.t('Devin session started: {0}', sessionTitle(session)), openDetails, openBrowser).then((choice) => {
    if (choice === openDetails) void vscode.commands.executeCommand('devin.openSession', session.session_id);
    else if (choice === openBrowser) void vscode.commands.executeCommand('devin.openInBrowser', session.session_id);
  });
  return session;
}

/**
 * Opens (or reveals) the draft document (devin-draft:/devin-prompt.md, src/draftDocument.ts) with
 * the draft: what was typed so far, for the repository New Session would use. Ctrl/Cmd+Enter or
 * the title button sends it; closing the tab keeps the draft.
 */
async function openPromptEditor(ctx: CommandContext, d: Omit<Draft, 'savedAt'>): Promise<void> {
  const kept = storedDraft(ctx.extension.globalState);
  // What is typed in New Session wins; an empty box keeps the stored prompt.
  await saveDraft(ctx, { ...d, prompt: d.prompt.trim() ? d.prompt : kept?.prompt ?? '' });
  const doc = await vscode.workspace.openTextDocument(DRAFT_URI);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const end = doc.lineAt(doc.lineCount - 1).range.end;
  editor.selection = new vscode.Selection(end, end);
  ctx.log.debug('Opened the prompt editor.');
}

/**
 * How sending from a prompt preview is confirmed: a modal dialog with this question and button
 * (showing the text's first line and length), or `null` when `send` itself asks in a modal dialog
 * that shows the text. Any extension can edit an open preview and run devin.sendDraft.
 */
export type PreviewConfirm = { question: string; action: string } | null;

/** Prompt editors opened to preview a prompt before it is sent (Fix with Devin …), what sends each and how it is confirmed. */
const previewSenders = new Map<string, { send: (text: string) => Promise<boolean>; confirm: PreviewConfirm }>();

/** Opens a prompt editor holding `text`; Ctrl/Cmd+Enter there confirms (see PreviewConfirm) and calls `send` with the edited text. */
export async function openPromptPreview(
  ctx: CommandContext,
  name: string,
  text: string,
  send: (text: string) => Promise<boolean>,
  confirm: PreviewConfirm = { question: vscode.l10n.t('Send this prompt to Devin?'), action: vscode.l10n.t('Send') },
): Promise<void> {
  const uri = vscode.Uri.from({ scheme: 'untitled', path: `devin-prompt-${name.replace(/[^A-Za-z0-9-]/g, '')}.md` });
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), text));
  if (doc.languageId !== 'markdown') await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
  previewSenders.set(uri.toString(), { send, confirm });
  void vscode.window.showInformationMessage(vscode.l10n.t('Read and edit what goes to Devin, then press Ctrl+Enter (Cmd+Enter on macOS) or use the send button in the editor title.'));
  ctx.log.debug('Opened a prompt preview.');
}

/**
 * Closes a sent preview's own tabs, wherever they are. A preview is an untitled document named
 * like a file (so the editor's Send button and Ctrl+Enter find it), and closing it with changes
 * asks to save: it is reverted as the active editor, after making it the active editor and
 * checking right before that it is. Never whatever editor is active by then: that may be another
 * document with the user's unsaved changes (the send took a while).
 */
export async function closePromptDocument(doc: vscode.TextDocument): Promise<void> {
  const uri = doc.uri.toString();
  const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri);
  if (!doc.isDirty) {
    if (tabs().length) await vscode.window.tabGroups.close(tabs());
    return;
  }
  // One tab per editor group at most, so this ends (each pass closes one or stops).
  for (let n = tabs().length; n > 0 && tabs().length; n--) {
    await vscode.window.showTextDocument(doc, { viewColumn: tabs()[0].group.viewColumn, preserveFocus: false, preview: false });
    // Another editor active after all: leave the preview open rather than touch that one.
    if (vscode.window.activeTextEditor?.document.uri.toString() !== uri) return;
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}

/**
 * `devin.sendDraft` (Ctrl/Cmd+Enter in a prompt editor). Any extension can run it, and edit the
 * document first: a modal dialog with the prompt's first line and length comes before anything is sent.
 */
export async function sendDraftDocument(ctx: CommandContext): Promise<void> {
  const doc = vscode.window.activeTextEditor?.document;
  const preview = doc && previewSenders.get(doc.uri.toString());
  if (doc && preview) {
    const text = doc.getText();
    if (!text.trim()) {
      void vscode.window.showWarningMessage(vscode.l10n.t('The prompt is empty.'));
      return;
    }
    if (preview.confirm && !(await confirmEditorText({ ...preview.confirm, text }))) return;
    if (await preview.send(text)) {
      previewSenders.delete(doc.uri.toString());
      await closePromptDocument(doc);
    }
    return;
  }
  if (!doc || doc.uri.scheme !== DRAFT_SCHEME) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open the Devin prompt editor first (New Session → Write in an Editor…).'));
    return;
  }
  if (doc.isDirty) await doc.save();
  const prompt = stripDraftHeader(doc.getText());
  if (!prompt) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The prompt is empty.'));
    return;
  }
  if (!(await ensureSignedIn(ctx))) return;
  if (!(await confirmEditorText({ question: vscode.l10n.t('Start a Devin session with this prompt?'), action: vscode.l10n.t('Start Session'), text: prompt }))) return;
  // The draft's other fields (repository, title, tags) as New Session left them.
  const { savedAt: _savedAt, ...kept } = storedDraft(ctx.extension.globalState) ?? { prompt: '', savedAt: 0 };
  const d: Omit<Draft, 'savedAt'> = { ...kept, prompt };
  if (!d.tags) d.tags = config.defaultTags();
  await saveDraft(ctx, d);
  if (await createFromDraft(ctx, d)) {
    // The prompt is in the session now and the draft is empty: the tab closes without asking.
    for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
      if (tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === DRAFT_URI.toString()) await vscode.window.tabGroups.close(tab);
    }
  }
}

async function askInstruction(what: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Send to Devin'),
    prompt: vscode.l10n.t('What should Devin do with {0}?', what),
    placeHolder: vscode.l10n.t('e.g. Add unit tests for this function'),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Tell Devin what to do.')),
  });
}

export function relativePathIn(uri: vscode.Uri, repo: RepoContext | undefined): string {
  if (repo) {
    const root = repo.rootUri.path.replace(/\/$/, '');
    if (uri.path.startsWith(`${root}/`)) return uri.path.slice(root.length + 1);
  }
  return vscode.workspace.asRelativePath(uri, false);
}

async function sendSelection(ctx: CommandContext, _arg: unknown): Promise<Session | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Select some code first, then choose Send to Devin.'));
    return undefined;
  }
  if (!(await ensureSignedIn(ctx))) return undefined;
  const doc = editor.document;
  const sel = editor.selection;
  const code = doc.getText(sel);
  const startLine = sel.start.line + 1;
  const endLine = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line : sel.end.line + 1;
  const instruction = await askInstruction(vscode.l10n.t('the selected code'));
  if (instruction === undefined) return undefined;
  const repo = await repoForUri(doc.uri);
  const prompt = buildCodePrompt({
    instruction,
    code,
    languageId: doc.languageId,
    relativePath: relativePathIn(doc.uri, repo),
    startLine,
    endLine,
    repo: repo?.repo,
    branch: repo?.branch,
    commit: repo?.commit,
  }, secretsOf(ctx));
  // A one-off prompt, not the New Session draft: createFromDraft keeps it only if the create fails.
  const d = { prompt, repo: repo?.repo, title: titleFromInstruction(instruction, 'Send to Devin', TITLE_SOURCE_CHARS), tags: config.defaultTags() };
  return createFromDraft(ctx, d);
}

async function sendFile(ctx: CommandContext, uriArg: unknown, _uris: unknown): Promise<Session | undefined> {
  const uri = uriArg instanceof vscode.Uri ? uriArg : vscode.window.activeTextEditor?.document.uri;
  if (!uri) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open or select a file to send to Devin.'));
    return undefined;
  }
  if (!(await ensureSignedIn(ctx))) return undefined;
  let doc: vscode.TextDocument;
  try {
    doc = await vscode.workspace.openTextDocument(uri);
  } catch {
    void vscode.window.showErrorMessage(vscode.l10n.t('Devin can only take text files; {0} could not be read as text.', uri.path.split('/').pop() ?? ''));
    return undefined;
  }
  const repo = await repoForUri(uri);
  const relativePath = relativePathIn(uri, repo);
  // The box names the file: another extension can pass any file.
  const instruction = await askInstruction(relativePath);
  if (instruction === undefined) return undefined;
  // A file over the threshold goes as an attachment; the prompt names it.
  const text = doc.getText();
  const name = uri.path.split('/').pop() || 'file.txt';
  const attach = utf8Bytes(text) > ATTACH_THRESHOLD_BYTES;
  if (attach && utf8Bytes(text) > MAX_ATTACHMENT_BYTES) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} is larger than {1} MB, the most Devin takes as an attachment. Send a selection instead.', name, MAX_ATTACHMENT_BYTES / 1024 / 1024));
    return undefined;
  }
  const files: DeliveryFile[] = attach ? [{ name, data: new TextEncoder().encode(text), contentType: 'text/plain' }] : [];
  const prompt = buildCodePrompt({
    instruction,
    attachedAs: attach ? name : undefined,
    code: text,
    languageId: doc.languageId,
    relativePath,
    repo: repo?.repo,
    branch: repo?.branch,
    commit: repo?.commit,
  }, secretsOf(ctx));
  const d = { prompt, repo: repo?.repo, title: titleFromInstruction(instruction, 'Send to Devin', TITLE_SOURCE_CHARS), tags: config.defaultTags() };
  // The input box is no consent (another extension can accept it, and pass any file): the dialog is.
  if (!(await confirmStart(ctx, d, files))) return undefined;
  return createFromDraft(ctx, d, files);
}
