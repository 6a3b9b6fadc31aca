// A small runner for the git CLI, used by the review modules. No vscode import (unit-tested on
// real repositories). Output is kept as bytes; nothing goes through a shell.
import { execFile } from 'node:child_process';

export class GitError extends Error {
  constructor(
    message: string,
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

export interface GitRunOptions {
  cwd: string;
  /** Bytes written to git's stdin. */
  input?: Buffer | string;
  /** Exit codes that are not failures (e.g. merge-file's conflict count). */
  okCodes?: readonly number[];
  /** Extra environment (merged over process.env). */
  env?: Record<string, string>;
}

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/** Which git to run (tests may point it elsewhere). */
export let gitPath = 'git';
export function setGitPath(p: string): void {
  gitPath = p;
}

/**
 * Runs `git <args>` in `cwd`. Never prompts on a terminal (GIT_TERMINAL_PROMPT=0): a fetch that
 * needs credentials fails with git's own message instead of hanging.
 */
export function git(args: readonly string[], opts: GitRunOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      gitPath,
      ['-c', 'core.quotepath=off', ...args],
      {
        cwd: opts.cwd,
        encoding: 'buffer',
        maxBuffer: 512 * 1024 * 1024,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...(opts.env ?? {}) },
        windowsHide: true,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null) : 0;
        const errText = Buffer.isBuffer(stderr) ? stderr.toString('utf8') : String(stderr ?? '');
        if (err && (code === null || !(opts.okCodes ?? []).includes(code))) {
          const first = errText.trim().split('\n').filter(Boolean).slice(-3).join(' ') || (err as Error).message;
          reject(new GitError(`git ${args[0]}: ${first}`, args, code, errText));
          return;
        }
        resolve({ stdout: stdout as Buffer, stderr: errText, code: code ?? 0 });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** stdout as trimmed text. */
export async function gitText(args: readonly string[], opts: GitRunOptions): Promise<string> {
  return (await git(args, opts)).stdout.toString('utf8').trim();
}
