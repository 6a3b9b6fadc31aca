// Real git repositories in a temp folder for the review tests and bench: a bare "origin" that
// publishes refs/pull/<n>/head and refs/merge-requests/<n>/head, and a clone whose remote is
// https://github.com/acme/web (mapped to the bare repository with url.<path>.insteadOf, so
// nothing touches the network). Global and system git config are isolated.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const FAKE_REMOTE = 'https://github.com/acme/web';

/** Points git (this process and its children) at a fresh global config and no system config. */
export function isolateGitConfig(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devin-gitcfg-'));
  const cfg = path.join(dir, 'gitconfig');
  fs.writeFileSync(cfg, '[user]\n\tname = Test\n\temail = test@example.invalid\n[init]\n\tdefaultBranch = main\n[protocol "file"]\n\tallow = always\n');
  process.env.GIT_CONFIG_GLOBAL = cfg;
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  for (const k of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES']) delete process.env[k];
  return dir;
}

export function sh(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export function write(root: string, rel: string, content: string | Buffer): void {
  const f = path.join(root, rel);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, content);
}

export const lines = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix} line ${i + 1}`).join('\n') + '\n';

export interface Fixture {
  dir: string;
  bare: string;
  seed: string;
  clone: string;
  /** The commit main was at when the PR branched off (the expected merge-base). */
  forkPoint: string;
  /** The PR head commit. */
  head: string;
  /** Commits on the seed's pr branch and publishes it as refs/pull/<n>/head and refs/merge-requests/<n>/head. */
  pushPr(n: number): string;
  cleanup(): void;
}

/**
 * main: a.txt, b.txt, old.txt, del.txt, bin.dat. The PR (#7, both ref styles) from there: edits
 * a.txt line 2, adds new.txt and docs/guide.md, deletes del.txt, renames old.txt → renamed.txt
 * with one line changed, changes bin.dat. main then moves on (b.txt), which the PR must not show.
 */
export function createFixture(): Fixture {
  const cfgDir = isolateGitConfig();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devin-review-'));
  const bare = path.join(dir, 'origin.git');
  const seed = path.join(dir, 'seed');
  const clone = path.join(dir, 'clone');
  sh(dir, 'init', '-q', '--bare', '-b', 'main', bare);
  sh(dir, 'init', '-q', '-b', 'main', seed);
  write(seed, 'a.txt', lines('a', 10));
  write(seed, 'b.txt', lines('b', 10));
  write(seed, 'old.txt', lines('old', 20));
  write(seed, 'del.txt', 'to be deleted\n');
  write(seed, 'bin.dat', Buffer.from([0, 1, 2, 3, 0, 255, 254]));
  sh(seed, 'add', '-A');
  sh(seed, 'commit', '-q', '-m', 'initial');
  const forkPoint = sh(seed, 'rev-parse', 'HEAD');
  sh(seed, 'remote', 'add', 'origin', bare);
  sh(seed, 'push', '-q', 'origin', 'main');

  sh(seed, 'checkout', '-q', '-b', 'pr');
  write(seed, 'a.txt', lines('a', 10).replace('a line 2\n', 'a line 2 (changed by the PR)\n'));
  write(seed, 'new.txt', 'brand new\n');
  write(seed, 'docs/guide.md', '# Guide\n');
  sh(seed, 'rm', '-q', 'del.txt');
  sh(seed, 'mv', 'old.txt', 'renamed.txt');
  write(seed, 'renamed.txt', lines('old', 20).replace('old line 5\n', 'old line 5 (renamed and changed)\n'));
  write(seed, 'bin.dat', Buffer.from([0, 9, 8, 7, 0, 255]));
  const pushPr = (n: number) => {
    sh(seed, 'add', '-A');
    sh(seed, 'commit', '-q', '-m', `pr ${n} work`);
    sh(seed, 'push', '-q', '-f', 'origin', `pr:refs/pull/${n}/head`, `pr:refs/merge-requests/${n}/head`);
    return sh(seed, 'rev-parse', 'HEAD');
  };
  const head = pushPr(7);

  sh(seed, 'checkout', '-q', 'main');
  write(seed, 'b.txt', lines('b', 10) + 'main moved on\n');
  sh(seed, 'commit', '-q', '-am', 'main moves on');
  sh(seed, 'push', '-q', 'origin', 'main');
  sh(seed, 'checkout', '-q', 'pr');

  sh(dir, 'clone', '-q', bare, clone);
  sh(clone, 'remote', 'set-url', 'origin', FAKE_REMOTE);
  sh(clone, 'config', `url.${bare}.insteadOf`, FAKE_REMOTE);
  return {
    dir,
    bare,
    seed,
    clone,
    forkPoint,
    head,
    pushPr,
    cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(cfgDir, { recursive: true, force: true });
    },
  };
}
