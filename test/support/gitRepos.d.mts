// Types of gitRepos.mjs (plain JavaScript, shared with the e2e scenarios).
export declare const FAKE_REMOTE: string;
export declare function gitConfigText(options?: { insteadOf?: string }): string;
export type GitRun = (cwd: string, ...args: string[]) => string;
export declare function gitRunner(env?: Record<string, string>): GitRun;
export declare function write(root: string, rel: string, content: string | Buffer): void;
export declare const lines: (prefix: string, n: number) => string;
export interface PrOrigin {
  /** The bare repository (origin.git). */
  bare: string;
  /** The working repository that pushes to it; on branch pr. */
  seed: string;
  /** main's commit, where pr branched off. */
  forkPoint: string;
  /** Commits what the seed has and publishes it as refs/pull/<n>/head and refs/merge-requests/<n>/head. */
  pushPr(n: number): string;
}
export declare function createPrOrigin(options: { dir: string; git: GitRun; main: Record<string, string | Buffer>; pr: Record<string, string | Buffer | null> }): PrOrigin;
