// The working tree's diff against HEAD through the git CLI (new files included). No vscode import.
// The caller passes the git binary the built-in git extension uses (its `git.path`), when known.
import { execFile } from 'node:child_process';

/** Untracked files shown as new-file diffs, at most this many (all are listed in `files`). */
export const MAX_UNTRACKED = 50;
/** git's empty tree: what a repository without a commit yet is compared with. */
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

function git(gitPath: string, cwd: string, args: string[], okCodes = [0]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(gitPath, args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      if (okCodes.includes(code)) resolve(stdout);
      else reject(new Error((stderr || (err instanceof Error ? err.message : String(err))).trim().slice(0, 500)));
    });
  });
}

export interface WorkingTreeDiff {
  diff: string;
  /** Every changed path, relative to the root (new files included, also those beyond MAX_UNTRACKED). */
  files: string[];
  /** False when the repository has no commit yet (then everything is compared with the empty tree). */
  hasHead: boolean;
  /** New files listed but not shown in the diff (over MAX_UNTRACKED). */
  untrackedNotShown: number;
}

/** The diff of the working tree against HEAD, and the files it touches (new files as additions). */
export async function workingTreeDiff(root: string, opts: { gitPath?: string } = {}): Promise<WorkingTreeDiff> {
  const gitPath = opts.gitPath || 'git';
  const hasHead = await git(gitPath, root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).then(() => true, async (e: unknown) => {
    // Not a repository at all: git's own message. A repository without a commit: compare with nothing.
    await git(gitPath, root, ['rev-parse', '--git-dir']).catch(() => Promise.reject(e));
    return false;
  });
  const base = hasHead ? 'HEAD' : EMPTY_TREE;
  const diffArgs = ['-c', 'core.quotepath=off', 'diff', '--no-color', '--no-ext-diff', '-M'];
  const tracked = await git(gitPath, root, [...diffArgs, base]);
  const names = (await git(gitPath, root, ['-c', 'core.quotepath=off', 'diff', '--name-only', base])).split('\n').filter(Boolean);
  const untracked = (await git(gitPath, root, ['-c', 'core.quotepath=off', 'ls-files', '--others', '--exclude-standard'])).split('\n').filter(Boolean);
  let diff = tracked;
  for (const f of untracked.slice(0, MAX_UNTRACKED)) {
    // Exit code 1 means "they differ", which they always do against /dev/null.
    diff += await git(gitPath, root, [...diffArgs, '--no-index', '--', '/dev/null', f], [0, 1]).catch(() => '');
  }
  return { diff, files: [...names, ...untracked], hasHead, untrackedNotShown: Math.max(0, untracked.length - MAX_UNTRACKED) };
}
