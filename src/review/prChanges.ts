// The changes of a pull request (GitHub) or merge request (GitLab), from git alone: which clone
// holds the repository, fetching the PR head into the private ref Check Out uses too
// (src/git/prRefs.ts), the merge-base with the target branch, and the changed files with status,
// renames, +/− counts and binary flags (cached per head commit). No vscode import: unit-tested on
// real repositories in temp folders.
import * as l10n from '@vscode/l10n';
import { gitAt } from '../git/gitCli';
import { fetchPrHead, privatePrRef } from '../git/prRefs';
import { parsePrUrl as parsePrRef, remoteMatchesPr } from '../webview/checkout';
import { git, gitPath, gitText, GitError } from './git';

// ---- the pull request ---------------------------------------------------------------------------

export type PrKind = 'github' | 'gitlab';

export interface PrTarget {
  /** Host name, lower case. */
  host: string;
  /** owner/repo (GitLab: group/subgroup/repo), lower case. */
  repo: string;
  number: number;
  kind: PrKind;
  url: string;
}

/**
 * A GitHub pull request or GitLab merge request URL, through the one parser the checkout uses too
 * (src/webview/checkout.ts), with the URL kept for messages and links.
 */
export function parsePrUrl(url: string): PrTarget | undefined {
  const pr = parsePrRef(url);
  return pr && { ...pr, url };
}

/**
 * Where we keep what we fetched: the private refs Check Out uses (src/git/prRefs.ts), never a branch
 * (`git branch` does not list them): the PR head in refs/devin/pr/<remote>/<n>/head, the target
 * branch next to it in …/base. Throws for a remote name that cannot be part of a ref name.
 */
export function privateRef(remote: string, pr: Pick<PrTarget, 'number'>, which: 'head' | 'base'): string {
  const head = privatePrRef(remote, pr.number);
  return which === 'head' ? head : `${head.slice(0, -'head'.length)}base`;
}

// ---- finding the clone --------------------------------------------------------------------------

export interface RemoteInfo {
  name: string;
  url: string;
}

/**
 * The remotes of a clone as configured (not as rewritten by `url.<x>.insteadOf`): that is what
 * names the repository.
 */
export async function listRemotes(root: string): Promise<RemoteInfo[]> {
  const r = await git(['config', '-z', '--get-regexp', '^remote\\..*\\.(url|pushurl)$'], { cwd: root, okCodes: [1] });
  const out: RemoteInfo[] = [];
  for (const entry of r.stdout.toString('utf8').split('\0')) {
    const nl = entry.indexOf('\n');
    if (nl < 0) continue;
    const key = entry.slice(0, nl);
    const m = /^remote\.(.+)\.(?:url|pushurl)$/i.exec(key);
    if (m) out.push({ name: m[1], url: entry.slice(nl + 1) });
  }
  return out;
}

export interface CloneMatch {
  root: string;
  remote: string;
}

/** The first clone (in the order given) with a remote for the PR's repository; `origin` first. */
export async function findClone(roots: readonly string[], pr: PrTarget): Promise<CloneMatch | undefined> {
  for (const root of roots) {
    let remotes: RemoteInfo[];
    try {
      remotes = await listRemotes(root);
    } catch {
      continue;
    }
    remotes.sort((a, b) => (a.name === 'origin' ? -1 : b.name === 'origin' ? 1 : 0));
    const hit = remotes.find((r) => remoteMatchesPr(r.url, pr));
    if (hit) return { root, remote: hit.name };
  }
  return undefined;
}

// ---- fetching -------------------------------------------------------------------------------------

export type ReviewErrorKind = 'noPullRefs' | 'fetchFailed' | 'noBase' | 'git';

export class ReviewError extends Error {
  constructor(
    readonly kind: ReviewErrorKind,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'ReviewError';
  }
}

/** The target branch: the remote's default branch (refs/remotes/<remote>/HEAD, else ls-remote). */
export async function defaultBranch(root: string, remote: string): Promise<string | undefined> {
  const local = await git(['symbolic-ref', '-q', `refs/remotes/${remote}/HEAD`], { cwd: root, okCodes: [1, 128] });
  const ref = local.stdout.toString('utf8').trim();
  const prefix = `refs/remotes/${remote}/`;
  if (local.code === 0 && ref.startsWith(prefix)) return ref.slice(prefix.length);
  try {
    const out = await gitText(['ls-remote', '--symref', remote, 'HEAD'], { cwd: root });
    const m = /^ref: refs\/heads\/(\S+)\tHEAD$/m.exec(out);
    return m?.[1];
  } catch {
    return undefined;
  }
}

export interface FetchedPr {
  root: string;
  remote: string;
  /** The PR head commit. */
  head: string;
  /** The merge-base of the head with the target branch: the left side of every diff. */
  base: string;
  /** The target branch the base was taken from. */
  targetBranch: string;
}

/**
 * Fetches the PR head (and the target branch) into private refs and computes the merge-base.
 * `targetBranch` when the caller knows it; otherwise the remote's default branch.
 */
export async function fetchPr(root: string, remote: string, pr: PrTarget, targetBranch?: string): Promise<FetchedPr> {
  const target = targetBranch ?? (await defaultBranch(root, remote));
  if (!target) {
    throw new ReviewError('noBase', l10n.t('Could not find the default branch of remote "{0}", so there is no base to compare the pull request with.', remote));
  }
  if (!/^[A-Za-z0-9._/-]+$/.test(target) || target.includes('..')) {
    throw new ReviewError('noBase', l10n.t('The target branch "{0}" is not a valid branch name.', target));
  }
  let head: string;
  let baseRef: string;
  try {
    baseRef = privateRef(remote, pr, 'base');
    // The one PR-head fetch Check Out uses too, with the target branch in the same git fetch.
    ({ sha: head } = await fetchPrHead(gitAt(root, { gitPath }), pr.kind, remote, pr.number, (r, headSpec) =>
      git(['fetch', '--no-tags', '--no-write-fetch-head', '--quiet', '--', r, headSpec, `+refs/heads/${target}:${baseRef}`], { cwd: root }).then(() => undefined),
    ));
  } catch (e) {
    const stderr = e instanceof GitError ? e.stderr : String(e);
    if (/couldn't find remote ref refs\/(pull|merge-requests)\//i.test(stderr)) {
      throw new ReviewError(
        'noPullRefs',
        pr.kind === 'github'
          ? l10n.t('Remote "{0}" has no ref for pull request #{1} (refs/pull/{1}/head). The host may not publish pull request refs.', remote, pr.number)
          : l10n.t('Remote "{0}" has no ref for merge request !{1} (refs/merge-requests/{1}/head). The host may not publish merge request refs.', remote, pr.number),
        stderr,
      );
    }
    if (/couldn't find remote ref refs\/heads\//i.test(stderr)) {
      throw new ReviewError('noBase', l10n.t('Remote "{0}" has no branch "{1}" to compare the pull request with.', remote, target), stderr);
    }
    throw new ReviewError('fetchFailed', l10n.t('Could not fetch the pull request from "{0}": {1}', remote, (e as Error).message), stderr);
  }
  const targetCommit = await gitText(['rev-parse', `${baseRef}^{commit}`], { cwd: root });
  let base: string;
  try {
    base = await gitText(['merge-base', head, targetCommit], { cwd: root });
  } catch {
    throw new ReviewError('noBase', l10n.t('The pull request has no common history with "{0}".', target));
  }
  return { root, remote, head, base, targetBranch: target };
}

// ---- the changed files ---------------------------------------------------------------------------

export type ChangeStatus = 'A' | 'M' | 'D' | 'R' | 'C' | 'T';

export interface FileChange {
  status: ChangeStatus;
  /** Repository-relative path on the head side (for D: the deleted path). Always '/'-separated. */
  path: string;
  /** For renames and copies: the path on the base side. */
  oldPath?: string;
  /** Rename/copy similarity in percent. */
  similarity?: number;
  oldMode: string;
  newMode: string;
  /** Blob ids ('0000…' for a side that does not exist). */
  oldBlob: string;
  newBlob: string;
  additions: number;
  deletions: number;
  binary: boolean;
}

export const NULL_OID = /^0+$/;

/** Parses `git diff -z --raw` output. */
export function parseRaw(out: string): Omit<FileChange, 'additions' | 'deletions' | 'binary'>[] {
  const parts = out.split('\0');
  const list: Omit<FileChange, 'additions' | 'deletions' | 'binary'>[] = [];
  for (let i = 0; i < parts.length; ) {
    const meta = parts[i++];
    if (!meta) continue;
    const m = /^:(\d{6}) (\d{6}) ([0-9a-f]+) ([0-9a-f]+) ([A-Z])(\d*)$/.exec(meta);
    if (!m) throw new ReviewError('git', `unexpected git diff --raw output: ${meta.slice(0, 80)}`);
    const letter = m[5];
    const status = (['A', 'M', 'D', 'R', 'C', 'T'].includes(letter) ? letter : 'M') as ChangeStatus;
    const first = parts[i++];
    const entry = { status, path: first, oldMode: m[1], newMode: m[2], oldBlob: m[3], newBlob: m[4] } as Omit<FileChange, 'additions' | 'deletions' | 'binary'>;
    if (status === 'R' || status === 'C') {
      entry.oldPath = first;
      entry.path = parts[i++];
      entry.similarity = m[6] ? Number(m[6]) : undefined;
    }
    list.push(entry);
  }
  return list;
}

/** Parses `git diff -z --numstat` output into path → counts (binary: '-'). */
export function parseNumstat(out: string): Map<string, { additions: number; deletions: number; binary: boolean }> {
  const parts = out.split('\0');
  const map = new Map<string, { additions: number; deletions: number; binary: boolean }>();
  for (let i = 0; i < parts.length; ) {
    const line = parts[i++];
    if (!line) continue;
    const m = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(line);
    if (!m) continue;
    let path = m[3];
    if (path === '') {
      i++; // old path of a rename
      path = parts[i++];
    }
    const binary = m[1] === '-' && m[2] === '-';
    map.set(path, { additions: binary ? 0 : Number(m[1]), deletions: binary ? 0 : Number(m[2]), binary });
  }
  return map;
}

const DIFF_OPTS = ['--no-ext-diff', '--no-textconv', '--no-color', '-M', '--ignore-submodules=none'];

/** The changed files between two commits, sorted by path. */
export async function listChangesUncached(root: string, base: string, head: string): Promise<FileChange[]> {
  const [raw, num] = await Promise.all([
    git(['diff', '-z', '--raw', '--abbrev=40', ...DIFF_OPTS, base, head, '--'], { cwd: root }),
    git(['diff', '-z', '--numstat', ...DIFF_OPTS, base, head, '--'], { cwd: root }),
  ]);
  const counts = parseNumstat(num.stdout.toString('utf8'));
  return parseRaw(raw.stdout.toString('utf8'))
    .map((c) => ({ ...c, ...(counts.get(c.path) ?? { additions: 0, deletions: 0, binary: false }) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Changed files, cached per (clone, base, head): a head that moved is a new key, so a new head
 * is listed afresh and an unchanged one costs nothing.
 */
export class ChangesCache {
  private readonly map = new Map<string, Promise<FileChange[]>>();
  constructor(private readonly max = 50) {}

  get(root: string, base: string, head: string): Promise<FileChange[]> {
    const key = `${root}\0${base}\0${head}`;
    let p = this.map.get(key);
    if (p) {
      this.map.delete(key);
      this.map.set(key, p); // most recently used last
      return p;
    }
    p = listChangesUncached(root, base, head);
    p.catch(() => this.map.delete(key));
    this.map.set(key, p);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
    return p;
  }

  get size(): number {
    return this.map.size;
  }
}

/** A file's bytes at a commit, or an empty buffer when it does not exist there. */
export async function readAt(root: string, commit: string, path: string): Promise<Buffer> {
  const r = await git(['cat-file', 'blob', `${commit}:${path}`], { cwd: root, okCodes: [128] });
  return r.code === 0 ? r.stdout : Buffer.alloc(0);
}
