// Devin: Send Uncommitted Changes… — the working tree's diff against HEAD (new files included),
// with an instruction: continue this, review this, or the user's own words. Large diffs go as an
// attachment. The repository comes from the built-in git extension (vscode.git): the Source Control
// view's argument, the active editor's repository, or a pick; the diff is read with the same git
// binary that extension uses. Virtual folders (no local files) and folders without a repository
// get a message saying so.
import * as vscode from 'vscode';
import type { CommandContext } from '../commands/common';
import { secretsOf } from '../commands/create';
import { describeRepo, getGitApi, type GitAPI, type RepoContext } from '../git/git';
import { deliver } from './deliver';
import { workingTreeDiff } from './gitDiff';
import { diffGoesAsAttachment, diffPrompt, MAX_ATTACHMENT_BYTES, TITLE_SOURCE_CHARS, utf8Bytes, type DiffIntent } from './promptBuilder';

/** Why there is no repository to read, as one message the user can act on. */
function noRepositoryMessage(api: GitAPI | undefined): string {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folders.length) return vscode.l10n.t('Open a folder with a git repository first.');
  const virtual = folders.filter((f) => f.uri.scheme !== 'file');
  if (virtual.length === folders.length) {
    return vscode.l10n.t('Send Uncommitted Changes reads a local git repository, and {0} is not on this machine ({1}). Clone it locally, or commit the changes and push a branch for Devin.', virtual[0].name, virtual[0].uri.scheme);
  }
  if (!api) return vscode.l10n.t('The built-in Git extension is off or has no git (setting "git.enabled"). Turn it on to send changes.');
  return vscode.l10n.t('There is no git repository in this workspace. Initialize one (Git: Initialize Repository) or open a folder that has one.');
}

async function pickRepo(api: GitAPI, arg: unknown): Promise<RepoContext | 'cancel' | undefined> {
  const rootArg = arg && typeof arg === 'object' && (arg as { rootUri?: unknown }).rootUri instanceof vscode.Uri ? (arg as { rootUri: vscode.Uri }).rootUri : undefined;
  if (rootArg) {
    const r = api.getRepository(rootArg);
    if (r) return describeRepo(r);
  }
  // The git extension discovers repositories asynchronously after it activates.
  for (let i = 0; i < 10 && !api.repositories.length && vscode.workspace.workspaceFolders?.length; i++) await new Promise((r) => setTimeout(r, 200));
  const repos = api.repositories.map(describeRepo);
  if (repos.length <= 1) return repos[0];
  const active = vscode.window.activeTextEditor?.document.uri;
  const own = active ? api.getRepository(active) : null;
  if (own) return describeRepo(own);
  const pick = await vscode.window.showQuickPick(
    repos.map((r) => ({ label: r.repo ?? r.rootUri.path.split('/').pop() ?? '', description: r.branch, detail: r.rootUri.fsPath, r })),
    { placeHolder: vscode.l10n.t('Send the changes of which repository?') },
  );
  return pick?.r ?? 'cancel';
}

export async function sendUncommittedChanges(ctx: CommandContext, arg: unknown): Promise<boolean> {
  const api = await getGitApi();
  const repo = api ? await pickRepo(api, arg) : undefined;
  if (repo === 'cancel') return false;
  if (!repo) {
    void vscode.window.showInformationMessage(noRepositoryMessage(api));
    return false;
  }
  if (repo.rootUri.scheme !== 'file') {
    void vscode.window.showInformationMessage(vscode.l10n.t('Send Uncommitted Changes reads a local git repository, and {0} is not on this machine ({1}). Clone it locally, or commit the changes and push a branch for Devin.', repo.rootUri.path.split('/').pop() ?? repo.rootUri.toString(), repo.rootUri.scheme));
    return false;
  }
  let changes: Awaited<ReturnType<typeof workingTreeDiff>>;
  try {
    changes = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading the changes…') }, () =>
      workingTreeDiff(repo.rootUri.fsPath, { gitPath: api?.git?.path }),
    );
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The changes could not be read: {0}', e instanceof Error ? e.message : String(e)));
    return false;
  }
  if (!changes.diff.trim()) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There are no uncommitted changes in {0}.', repo.repo ?? repo.rootUri.fsPath));
    return false;
  }
  if (changes.untrackedNotShown) ctx.log.info(`Send Uncommitted Changes: ${changes.untrackedNotShown} new file(s) listed but not included in the diff.`);
  const bytes = utf8Bytes(changes.diff);
  if (bytes > MAX_ATTACHMENT_BYTES) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The diff is larger than {0} MB, too large to send. Commit or stash part of it first.', MAX_ATTACHMENT_BYTES / 1024 / 1024));
    return false;
  }
  const intents: (vscode.QuickPickItem & { intent: DiffIntent })[] = [
    { label: `$(debug-continue) ${vscode.l10n.t('Continue This Work')}`, detail: vscode.l10n.t('Devin finishes what the changes start.'), intent: 'continue' },
    { label: `$(eye) ${vscode.l10n.t('Review These Changes')}`, detail: vscode.l10n.t('Devin points out bugs, risks and missing tests.'), intent: 'review' },
    { label: `$(edit) ${vscode.l10n.t('In My Own Words…')}`, intent: 'custom' },
  ];
  const picked = await vscode.window.showQuickPick(intents, {
    title: vscode.l10n.t('Send Uncommitted Changes ({0} files)', changes.files.length),
    placeHolder: vscode.l10n.t('What should Devin do with them?'),
  });
  if (!picked) return false;
  let instruction: string | undefined;
  if (picked.intent === 'custom') {
    instruction = await vscode.window.showInputBox({
      title: vscode.l10n.t('Send Uncommitted Changes'),
      prompt: vscode.l10n.t('What should Devin do with these changes?'),
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Tell Devin what to do.')),
    });
    if (!instruction) return false;
  }
  const attach = diffGoesAsAttachment(changes.diff);
  const built = diffPrompt(
    {
      intent: picked.intent,
      instruction,
      diff: changes.diff,
      files: changes.files,
      attachedAs: attach ? 'changes.diff' : undefined,
      noCommitYet: !changes.hasHead,
      repo: repo.repo,
      branch: repo.branch,
      commit: repo.commit,
    },
    secretsOf(ctx),
  );
  const title = picked.intent === 'continue' ? 'Continue my uncommitted changes' : picked.intent === 'review' ? 'Review my uncommitted changes' : (instruction ?? '').split('\n')[0].slice(0, TITLE_SOURCE_CHARS);
  return deliver(ctx, {
    what: vscode.l10n.t('Send Uncommitted Changes'),
    slug: 'changes',
    built,
    title,
    repo: repo.repo,
    files: attach ? [{ name: 'changes.diff', data: new TextEncoder().encode(changes.diff), contentType: 'text/x-diff' }] : undefined,
  });
}
