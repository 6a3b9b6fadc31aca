// Check out a pull request's branch locally. The built-in git extension finds the repository and
// fetches (with its credential prompts); the branch work is src/git/prBranch.ts on the git binary.
// This module only has a *type* import of vscode: the panel hands in the git API and the UI
// functions, so all of it runs in tests without VS Code, against real repositories.
import type * as vscode from 'vscode';
import * as l10n from '@vscode/l10n';
import { gitAt, type Git, type GitOptions } from '../git/gitCli';
import {
  applyCheckout,
  checkBranchName,
  expectDetachedHead,
  inspectPrBranch,
  keepDetachedHead,
  leftOnNoBranch,
  planCheckout,
  planDetached,
  shortSha,
  type PlanAction,
  type Question,
} from '../git/prBranch';
import { fetchPrHead } from '../git/prRefs';
import { parsePrUrl, type PrRef } from '../git/prUrl';
import { parseRepoUrl } from '../git/repoUrl';

// ---- minimal slice of the vscode.git API (extensions/git/src/api/git.d.ts) -----------------------

export interface GitRemoteLike {
  readonly name: string;
  readonly fetchUrl?: string;
  readonly pushUrl?: string;
}

export interface GitRepositoryLike {
  readonly rootUri: vscode.Uri;
  readonly state: {
    readonly remotes: readonly GitRemoteLike[];
    readonly HEAD?: { readonly name?: string } | undefined;
  };
  fetch(options?: { remote?: string; ref?: string }): Promise<void>;
  checkout(treeish: string): Promise<void>;
}

export interface GitApiLike {
  readonly repositories: readonly GitRepositoryLike[];
  /** The git binary the git extension uses. */
  readonly git?: { readonly path: string };
}

export interface GitExtensionLike {
  readonly enabled: boolean;
  getAPI(version: 1): GitApiLike;
}

// ---- pure parsing ------------------------------------------------------------------------------

export { parseGitHubPrUrl, parseGitLabMrUrl, parsePrUrl, type PrRef } from '../git/prUrl';

/** A GitHub-style owner/repo remote (lower-cased), through the shared parser in src/git. */
export function parseRemoteUrl(raw: string | undefined): { host: string; repo: string } | undefined {
  const r = parseRepoUrl(raw);
  if (!r || r.fullName.split('/').length !== 2) return undefined;
  return { host: r.host, repo: r.fullName.toLowerCase() };
}

/** Same repository: owner/repo equal, and same host (aliases like ssh.github.com and altssh.gitlab.com count). */
export function remoteMatchesPr(remoteUrl: string | undefined, pr: PrRef): boolean {
  const r = parseRepoUrl(remoteUrl);
  if (!r || r.fullName.toLowerCase() !== pr.repo) return false;
  const norm = (h: string) => h.replace(/^(?:www|ssh|altssh)\./, '');
  return norm(r.host) === norm(pr.host);
}

export interface RepoMatch {
  repository: GitRepositoryLike;
  remote: string;
}

export function findRepoForPr(api: GitApiLike | undefined, prUrl: string): RepoMatch | undefined {
  const pr = parsePrUrl(prUrl);
  if (!api || !pr) return undefined;
  for (const repository of api.repositories) {
    const remotes = [...repository.state.remotes].sort((a, b) => (a.name === 'origin' ? -1 : b.name === 'origin' ? 1 : 0));
    for (const r of remotes) {
      if (remoteMatchesPr(r.fetchUrl, pr) || remoteMatchesPr(r.pushUrl, pr)) return { repository, remote: r.name };
    }
  }
  return undefined;
}

export function branchForPr(n: number): string {
  return `devin/pr-${n}`;
}

// ---- the command ----------------------------------------------------------------------------------

export interface CheckoutUi {
  /** The git API, or undefined when the git extension is missing or disabled. */
  getGitApi(): Promise<GitApiLike | undefined>;
  /** Git runs the repository's hooks and config, so nothing runs in an untrusted workspace. */
  isTrusted(): boolean;
  /** Asks a modal question; resolves the index of the chosen action, undefined for Cancel. */
  ask(question: Question): Promise<number | undefined>;
  /** Asks for a name; `validate` says why a name cannot be used. Resolves undefined for Cancel. */
  askName(prompt: string, value: string, validate: (name: string) => Promise<string | undefined>): Promise<string | undefined>;
  info(message: string): void;
  error(message: string): void;
  log(message: string): void;
  /** Opens the git runner for a repository (tests pass an environment free of the user's config). */
  openGit?(root: string, options: GitOptions): Git;
}

/** git's own words: the git extension's errors say "Failed to execute git" and keep them in stderr. */
export function errorText(e: unknown): string {
  const x = e as { stderr?: unknown; message?: unknown } | undefined;
  const text = (typeof x?.stderr === 'string' && x.stderr.trim()) || (typeof x?.message === 'string' && x.message) || String(e);
  return text.trim().slice(0, 500);
}

/**
 * Fetches the PR head into a private ref, works out what checking it out would do to the local
 * branch (src/git/prBranch.ts), asks once, and does only what the user chose. Explains every
 * refusal. Resolves true when a branch is checked out at the PR head.
 */
export async function checkoutPullRequest(prUrl: string, ui: CheckoutUi): Promise<boolean> {
  const pr = parsePrUrl(prUrl);
  if (!pr) {
    ui.error(l10n.t('Only GitHub pull request links (…/owner/repo/pull/123) and GitLab merge request links (…/group/repo/-/merge_requests/12) can be checked out locally.'));
    return false;
  }
  if (!ui.isTrusted()) {
    ui.error(l10n.t('Checking out runs git in this workspace, which is in Restricted Mode. Trust the workspace first.'));
    return false;
  }
  const api = await ui.getGitApi();
  if (!api) {
    ui.error(l10n.t('The Git extension is disabled or unavailable, so the pull request branch cannot be checked out.'));
    return false;
  }
  const match = findRepoForPr(api, prUrl);
  if (!match) {
    ui.error(l10n.t('No repository open in this workspace has a remote for {0}. Open a clone of it first.', pr.repo));
    return false;
  }
  const branch = branchForPr(pr.number);
  const git = (ui.openGit ?? gitAt)(match.repository.rootUri.fsPath, { gitPath: api.git?.path });
  const fail = (what: string, e: unknown) => {
    const msg = errorText(e);
    ui.log(`checkout of ${pr.repo}#${pr.number}: ${what} failed: ${msg}`);
    ui.error(l10n.t('Could not check out pull request #{0}: {1}', pr.number, msg));
    return false;
  };
  let state;
  let previous: string | undefined;
  try {
    const head = await fetchPrHead(git, pr.kind, match.remote, pr.number, (remote, ref) => match.repository.fetch({ remote, ref }));
    previous = head.previous;
    state = await inspectPrBranch(git, pr.number, branch, head.sha, previous);
  } catch (e) {
    return fail('fetching or reading the branch', e);
  }
  let plan = planCheckout(state);
  if (plan.done) {
    ui.info(plan.done);
    return true;
  }
  let action: PlanAction | undefined;
  let after = '';
  // A detached HEAD with commits only it holds: ask about them first.
  const detached = planDetached(state, plan);
  if (detached) {
    const picked = await ui.ask(detached);
    const choice = picked === undefined ? undefined : detached.actions[picked]?.kind;
    if (!choice) return false;
    if (choice === 'keepDetached') {
      const name = await ui.askName(
        l10n.t('A name for the new branch at {0} (the commits of the detached HEAD)', shortSha(state.detachedAt ?? '')),
        `detached-${shortSha(state.detachedAt ?? '')}`,
        (n) => checkBranchName(git, n),
      );
      if (name === undefined) return false;
      try {
        ui.info(await keepDetachedHead(git, state, name));
        // The new branch holds commits the PR branch may have too: count again.
        state = await inspectPrBranch(git, pr.number, branch, state.head, previous);
      } catch (e) {
        return fail('keepDetached', e);
      }
      const again = planCheckout(state);
      if (!detached.coversPlan || again.actions.length !== 1 || again.actions[0].kind !== plan.actions[0].kind) plan = again;
      else action = again.actions[0];
    } else {
      if (detached.coversPlan) action = plan.actions[0];
      after = leftOnNoBranch(state);
    }
  }
  if (!action) {
    const choice = await ui.ask(plan);
    action = choice === undefined ? undefined : plan.actions[choice];
  }
  if (!action) return false;
  try {
    if (after) await expectDetachedHead(git, state);
    const said = await applyCheckout(git, state, action);
    ui.info(after ? `${said} ${after}` : said);
    return true;
  } catch (e) {
    return fail(action.kind, e);
  }
}
