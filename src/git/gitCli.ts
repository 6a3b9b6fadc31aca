// Runs the git binary in one repository. No vscode import: the checkout logic built on it is
// unit-tested against real repositories the tests create. Arguments go straight to execFile (no
// shell), git never prompts on a terminal, and output is bounded.
import { execFile } from 'node:child_process';

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(stderr.trim() || `git ${args[0] ?? ''} failed (exit ${exitCode})`);
    this.name = 'GitError';
  }
}

export interface Git {
  /** The repository's working tree. */
  readonly cwd: string;
  /** Runs `git <args>`; resolves with stdout, rejects with a GitError on a non-zero exit. */
  run(args: readonly string[]): Promise<string>;
  /** Like run, but exit code 1 (git's "no" to questions such as "does this ref exist") resolves undefined. */
  tryRun(args: readonly string[]): Promise<string | undefined>;
}

export interface GitOptions {
  /** The git binary (the git extension's `git.path`); `git` on the PATH by default. */
  gitPath?: string;
  /** Extra environment (tests isolate themselves from the user's config with it). */
  env?: NodeJS.ProcessEnv;
}

const MAX_OUTPUT = 16 * 1024 * 1024;

export function gitAt(cwd: string, options: GitOptions = {}): Git {
  const env = { ...process.env, ...options.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
  const exec = (args: readonly string[]) =>
    new Promise<{ ok: boolean; stdout: string; error?: GitError }>((resolve) => {
      execFile(options.gitPath || 'git', args, { cwd, env, maxBuffer: MAX_OUTPUT, windowsHide: true }, (err, stdout, stderr) => {
        if (!err) return resolve({ ok: true, stdout: String(stdout) });
        const code = typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null;
        resolve({ ok: false, stdout: String(stdout), error: new GitError(args, code, String(stderr || err.message)) });
      });
    });
  return {
    cwd,
    async run(args) {
      const r = await exec(args);
      if (!r.ok) throw r.error;
      return r.stdout;
    },
    async tryRun(args) {
      const r = await exec(args);
      if (r.ok) return r.stdout;
      if (r.error?.exitCode === 1) return undefined;
      throw r.error;
    },
  };
}
