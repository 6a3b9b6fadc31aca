import * as vscode from 'vscode';
import { parseRepoUrl } from './repoUrl';

// The slice of the built-in git extension's API (extensions/git/src/api/git.d.ts) we use.
export interface GitRemote {
  name: string;
  fetchUrl?: string;
  pushUrl?: string;
}
export interface GitRepository {
  rootUri: vscode.Uri;
  state: { HEAD?: { name?: string; commit?: string; upstream?: { remote: string; name: string } }; remotes: GitRemote[] };
  fetch(options?: { remote?: string; ref?: string; depth?: number }): Promise<void>;
  checkout(treeish: string): Promise<void>;
}
export interface GitAPI {
  /** The git binary the extension found (its `git.path` setting or PATH). */
  git?: { readonly path: string };
  repositories: GitRepository[];
  getRepository(uri: vscode.Uri): GitRepository | null;
}

/** The built-in git extension's API, or undefined when git is disabled or missing. */
export async function getGitApi(): Promise<GitAPI | undefined> {
  const ext = vscode.extensions.getExtension<{ getAPI(v: 1): GitAPI; enabled?: boolean }>('vscode.git');
  if (!ext) return undefined;
  try {
    const exports = ext.isActive ? ext.exports : await ext.activate();
    if (exports.enabled === false) return undefined;
    return exports.getAPI(1);
  } catch {
    return undefined;
  }
}

export interface RepoContext {
  /** owner/repo from the remote, when there is one. */
  repo?: string;
  rootUri: vscode.Uri;
  branch?: string;
  commit?: string;
}

function preferredRemote(repo: GitRepository): GitRemote | undefined {
  const upstream = repo.state.HEAD?.upstream?.remote;
  const remotes = repo.state.remotes;
  return remotes.find((r) => r.name === upstream) ?? remotes.find((r) => r.name === 'origin') ?? remotes[0];
}

export function describeRepo(repo: GitRepository): RepoContext {
  const remote = preferredRemote(repo);
  return {
    repo: parseRepoUrl(remote?.fetchUrl ?? remote?.pushUrl)?.fullName,
    rootUri: repo.rootUri,
    branch: repo.state.HEAD?.name,
    commit: repo.state.HEAD?.commit,
  };
}

/** The repository holding a file (its own repository, not the workspace's first). */
export async function repoForUri(uri: vscode.Uri): Promise<RepoContext | undefined> {
  const api = await getGitApi();
  const repo = api?.getRepository(uri);
  return repo ? describeRepo(repo) : undefined;
}

/** All repositories in the workspace with a parsable remote. */
export async function workspaceRepos(): Promise<RepoContext[]> {
  const api = await getGitApi();
  if (!api) return [];
  // The git extension discovers repositories asynchronously after activation.
  if (api.repositories.length === 0 && vscode.workspace.workspaceFolders?.length) {
    await new Promise((r) => setTimeout(r, 500));
  }
  return api.repositories.map(describeRepo);
}
