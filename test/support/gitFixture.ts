// Real git repositories in a temp folder for the review tests and bench: a bare "origin" that
// publishes refs/pull/<n>/head and refs/merge-requests/<n>/head, and a clone whose remote is
// https://github.com/acme/web (mapped to the bare repository with url.<path>.insteadOf, so
// nothing touches the network). Global and system git config are isolated. The repositories are
// built by gitRepos.mjs, which the e2e scenario 08-review builds its own with.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrOrigin, FAKE_REMOTE, gitConfigText, gitRunner, lines, write } from './gitRepos.mjs';

export { FAKE_REMOTE, lines, write };

/** Points git (this process and its children) at a fresh global config and no system config. */
export function isolateGitConfig(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devin-gitcfg-'));
  const cfg = path.join(dir, 'gitconfig');
  fs.writeFileSync(cfg, gitConfigText());
  process.env.GIT_CONFIG_GLOBAL = cfg;
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  for (const k of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES']) delete process.env[k];
  return dir;
}

export const sh = gitRunner();

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
  const { bare, seed, forkPoint, pushPr } = createPrOrigin({
    dir,
    git: sh,
    main: { 'a.txt': lines('a', 10), 'b.txt': lines('b', 10), 'old.txt': lines('old', 20), 'del.txt': 'to be deleted\n', 'bin.dat': Buffer.from([0, 1, 2, 3, 0, 255, 254]) },
    pr: {
      'a.txt': lines('a', 10).replace('a line 2\n', 'a line 2 (changed by the PR)\n'),
      'new.txt': 'brand new\n',
      'docs/guide.md': '# Guide\n',
      'del.txt': null,
      'old.txt': null,
      'renamed.txt': lines('old', 20).replace('old line 5\n', 'old line 5 (renamed and changed)\n'),
      'bin.dat': Buffer.from([0, 9, 8, 7, 0, 255]),
    },
  });
  const head = pushPr(7);

  sh(seed, 'checkout', '-q', 'main');
  write(seed, 'b.txt', lines('b', 10) + 'main moved on\n');
  sh(seed, 'commit', '-q', '-am', 'main moves on');
  sh(seed, 'push', '-q', 'origin', 'main');
  sh(seed, 'checkout', '-q', 'pr');

  const clone = path.join(dir, 'clone');
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
