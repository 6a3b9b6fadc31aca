// Real git repositories for tests that need a pull request to fetch, in plain JavaScript so that
// both the unit tests and bench (through tsx: test/support/gitFixture.ts) and the e2e scenarios
// (plain Node: test/e2e/scenarios/08-review.mjs) build them the same way. Types: gitRepos.d.mts.
// Nothing touches the network: the clone's https remote is mapped to a local bare repository with
// url.<path>.insteadOf.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The remote the clones name; git maps it to the bare repository. */
export const FAKE_REMOTE = 'https://github.com/acme/web';

/**
 * A global git config for the tests: an author, `main` as the default branch, local file
 * transport, and with `insteadOf` (a bare repository's path) FAKE_REMOTE mapped to it.
 */
export function gitConfigText({ insteadOf } = {}) {
  const url = insteadOf ? `[url "${insteadOf}"]\n\tinsteadOf = ${FAKE_REMOTE}\n` : '';
  return `[user]\n\tname = Test\n\temail = test@example.invalid\n[init]\n\tdefaultBranch = main\n[protocol "file"]\n\tallow = always\n${url}`;
}

/** A `git` runner: `git(cwd, ...args)` → trimmed stdout; `env` goes over process.env (read at each call). */
export function gitRunner(env = {}) {
  return (cwd, ...args) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } }).trim();
}

export function write(root, rel, content) {
  const f = path.join(root, rel);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, content);
}

export const lines = (prefix, n) => Array.from({ length: n }, (_, i) => `${prefix} line ${i + 1}`).join('\n') + '\n';

/** Writes files (relative path → content) into a working tree; `null` deletes the file. */
function apply(root, files) {
  for (const [rel, content] of Object.entries(files)) {
    if (content === null) fs.rmSync(path.join(root, rel), { force: true });
    else write(root, rel, content);
  }
}

/**
 * In `dir`: a bare repository origin.git and a working repository seed pushing to it. `main` is
 * committed and pushed as main, then the seed switches to a branch pr with the `pr` files applied
 * (uncommitted): pushPr(n) commits what the seed has and publishes it as refs/pull/<n>/head and
 * refs/merge-requests/<n>/head, and returns the commit.
 */
export function createPrOrigin({ dir, git, main, pr }) {
  const bare = path.join(dir, 'origin.git');
  const seed = path.join(dir, 'seed');
  git(dir, 'init', '-q', '--bare', '-b', 'main', bare);
  git(dir, 'init', '-q', '-b', 'main', seed);
  apply(seed, main);
  git(seed, 'add', '-A');
  git(seed, 'commit', '-q', '-m', 'initial');
  const forkPoint = git(seed, 'rev-parse', 'HEAD');
  git(seed, 'remote', 'add', 'origin', bare);
  git(seed, 'push', '-q', 'origin', 'main');
  git(seed, 'checkout', '-q', '-b', 'pr');
  apply(seed, pr);
  const pushPr = (n) => {
    git(seed, 'add', '-A');
    git(seed, 'commit', '-q', '-m', `pr ${n} work`);
    git(seed, 'push', '-q', '-f', 'origin', `pr:refs/pull/${n}/head`, `pr:refs/merge-requests/${n}/head`);
    return git(seed, 'rev-parse', 'HEAD');
  };
  return { bare, seed, forkPoint, pushPr };
}
