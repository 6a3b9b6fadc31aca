// Check out a pull request's branch locally through the built-in git extension's API.
// This module only has a *type* import of vscode: the panel hands in the git API and the UI
// functions, so the URL matching below is plain logic that tests can load without VS Code.
import type * as vscode from 'vscode';
import * as l10n from '@vscode/l10n';
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
}

export interface GitExtensionLike {
  readonly enabled: boolean;
  getAPI(version: 1): GitApiLike;
}

// ---- pure parsing ------------------------------------------------------------------------------

export interface PrRef {
  host: string;
  /** owner/repo, lower case. */
  repo: string;
  number: number;
}

/** GitHub-style PR URLs only: https://host/owner/repo/pull/123 (anything after is ignored). */
export function parseGitHubPrUrl(url: string): PrRef | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  if (u.username || u.password) return undefined;
  const m = /^\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)\/pull\/(\d{1,9})(?:\/|$)/.exec(u.pathname);
  if (!m) return undefined;
  return { host: u.hostname.toLowerCase(), repo: `${m[1]}/${m[2].replace(/\.git$/i, '')}`.toLowerCase(), number: Number(m[3]) };
}

/** A GitHub-style owner/repo remote (lower-cased), through the shared parser in src/git. */
export function parseRemoteUrl(raw: string | undefined): { host: string; repo: string } | undefined {
  const r = parseRepoUrl(raw);
  if (!r || r.fullName.split('/').length !== 2) return undefined;
  return { host: r.host, repo: r.fullName.toLowerCase() };
}

/** Same repository: owner/repo equal, and same host (ssh aliases like ssh.github.com count). */
export function remoteMatchesPr(remoteUrl: string | undefined, pr: PrRef): boolean {
  const r = parseRemoteUrl(remoteUrl);
  if (!r || r.repo !== pr.repo) return false;
  const norm = (h: string) => h.replace(/^(?:www|ssh)\./, '');
  return norm(r.host) === norm(pr.host);
}

export interface RepoMatch {
  repository: GitRepositoryLike;
  remote: string;
}

export function findRepoForPr(api: GitApiLike | undefined, prUrl: string): RepoMatch | undefined {
  const pr = parseGitHubPrUrl(prUrl);
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
  confirm(message: string, action: string): Promise<boolean>;
  info(message: string): void;
  error(message: string): void;
  log(message: string): void;
}

/** Fetches `pull/<n>/head` into `devin/pr-<n>` and checks it out. Explains every refusal. */
export async function checkoutPullRequest(prUrl: string, ui: CheckoutUi): Promise<boolean> {
  const pr = parseGitHubPrUrl(prUrl);
  if (!pr) {
    ui.error(l10n.t('Only GitHub-style pull request links (…/owner/repo/pull/123) can be checked out locally.'));
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
  if (match.repository.state.HEAD?.name === branch) {
    ui.info(l10n.t('Branch {0} is already checked out.', branch));
    return true;
  }
  const ok = await ui.confirm(l10n.t('Fetch pull request #{0} from "{1}" into local branch {2} and check it out?', pr.number, match.remote, branch), l10n.t('Check Out'));
  if (!ok) return false;
  try {
    await match.repository.fetch({ remote: match.remote, ref: `+pull/${pr.number}/head:${branch}` });
    await match.repository.checkout(branch);
    ui.info(l10n.t('Checked out {0}.', branch));
    return true;
  } catch (e) {
    const msg = String((e as { stderr?: string; message?: string })?.stderr || (e as Error)?.message || e).slice(0, 500);
    ui.log(`checkout of ${pr.repo}#${pr.number} failed: ${msg}`);
    ui.error(l10n.t('Could not check out pull request #{0}: {1}', pr.number, msg));
    return false;
  }
}
