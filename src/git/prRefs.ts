// Pull request heads fetched into private refs. No vscode import.
//
// A PR head is fetched into refs/devin/pr/<remote>/<n>/head: not a branch (branch lists, `git
// branch` and the git extension's pickers do not show it), not under refs/remotes (a `fetch
// --prune` does not delete it), and forced, because a PR head may be force-pushed. Nothing the user
// owns is ever the destination of a fetch. The checkout (prBranch.ts) and the review of a PR's
// changes both start from here.
import type { Git } from './gitCli';

export type HostKind = 'github' | 'gitlab';

/** Where the host publishes the head of PR (GitHub) or MR (GitLab) number `n`. */
export function prHeadSourceRef(kind: HostKind, n: number): string {
  checkNumber(n);
  return kind === 'gitlab' ? `refs/merge-requests/${n}/head` : `refs/pull/${n}/head`;
}

/** A remote name usable inside a ref name (git enforces the same when a remote is added). */
export function isSafeRemoteName(remote: string): boolean {
  return (
    /^[A-Za-z0-9_][A-Za-z0-9._-]*(?:\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/.test(remote) &&
    !remote.includes('..') &&
    !/\.lock(?:\/|$)|\.$|\/$/.test(remote)
  );
}

/** The private ref holding the fetched head of PR `n` from `remote`. */
export function privatePrRef(remote: string, n: number): string {
  checkNumber(n);
  if (!isSafeRemoteName(remote)) throw new Error(`unusable remote name: ${JSON.stringify(remote).slice(0, 80)}`);
  return `refs/devin/pr/${remote}/${n}/head`;
}

/** The refspec that fetches PR `n`'s head into its private ref. */
export function prFetchRefspec(kind: HostKind, remote: string, n: number): string {
  return `+${prHeadSourceRef(kind, n)}:${privatePrRef(remote, n)}`;
}

/**
 * Fetches PR `n`'s head from `remote` into its private ref and returns the ref, the commit, and
 * the commit the ref held before (an earlier fetch), if any.
 * `fetch` runs the fetch (in VS Code, the git extension's, which brings its credential prompts);
 * by default `git fetch` through `git`.
 */
export async function fetchPrHead(
  git: Git,
  kind: HostKind,
  remote: string,
  n: number,
  fetch: (remote: string, refspec: string) => Promise<void> = (r, spec) => git.run(['fetch', '--no-tags', '--', r, spec]).then(() => undefined),
): Promise<{ ref: string; sha: string; previous: string | undefined }> {
  const ref = privatePrRef(remote, n);
  const previous = await resolveCommit(git, ref);
  await fetch(remote, prFetchRefspec(kind, remote, n));
  const sha = await resolveCommit(git, ref);
  if (!sha) throw new Error(`the fetch did not produce ${ref}`);
  return { ref, sha, previous };
}

/** The commit a ref names, or undefined when there is none. */
export async function resolveCommit(git: Git, ref: string): Promise<string | undefined> {
  if (ref.startsWith('-')) return undefined;
  const out = await git.tryRun(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  return out?.trim() || undefined;
}

function checkNumber(n: number): void {
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`not a pull request number: ${n}`);
}
