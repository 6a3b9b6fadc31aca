// The working tree's diff against HEAD through the git CLI (new files included). No vscode import.
import { execFile } from 'node:child_process';

/** Untracked files shown as new-file diffs, at most this many. */
const MAX_UNTRACKED = 50;

function git(cwd: string, args: string[], okCodes = [0]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      if (okCodes.includes(code)) resolve(stdout);
      else reject(new Error((stderr || (err instanceof Error ? err.message : String(err))).trim().slice(0, 500)));
    });
  });
}

/** The diff of the working tree against HEAD, and the files it touches (new files as additions). */
export async function workingTreeDiff(root: string): Promise<{ diff: string; files: string[] }> {
  const base = ['-c', 'core.quotepath=off', 'diff', '--no-color', '--no-ext-diff', '-M'];
  const tracked = await git(root, [...base, 'HEAD']);
  const names = (await git(root, ['-c', 'core.quotepath=off', 'diff', '--name-only', 'HEAD'])).split('\n').filter(Boolean);
  const untracked = (await git(root, ['-c', 'core.quotepath=off', 'ls-files', '--others', '--exclude-standard'])).split('\n').filter(Boolean);
  let diff = tracked;
  for (const f of untracked.slice(0, MAX_UNTRACKED)) {
    // Exit code 1 means "they differ", which they always do against /dev/null.
    diff += await git(root, [...base, '--no-index', '--', '/dev/null', f], [0, 1]).catch(() => '');
  }
  return { diff, files: [...names, ...untracked] };
}
