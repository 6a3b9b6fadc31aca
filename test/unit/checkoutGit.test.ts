// The pull request checkout on real git repositories: each test makes a bare origin that publishes
// refs/pull/N/head (or GitLab's refs/merge-requests/N/head), an author clone that moves the PR, and
// the user's clone, in a temp dir it removes afterwards. Git runs without the user's global or
// system config (GIT_CONFIG_GLOBAL=/dev/null, GIT_CONFIG_NOSYSTEM, no signing, fixed identity).
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { gitAt, GitError, type Git } from '../../src/git/gitCli';
import { fetchPrHead, isSafeRemoteName, prFetchRefspec, prHeadSourceRef, privatePrRef, resolveCommit } from '../../src/git/prRefs';

const ENV: NodeJS.ProcessEnv = {
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
  GIT_CONFIG_COUNT: '3',
  GIT_CONFIG_KEY_0: 'commit.gpgsign',
  GIT_CONFIG_VALUE_0: 'false',
  GIT_CONFIG_KEY_1: 'init.defaultBranch',
  GIT_CONFIG_VALUE_1: 'main',
  GIT_CONFIG_KEY_2: 'core.hooksPath',
  GIT_CONFIG_VALUE_2: '/dev/null',
};

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const at = (cwd: string): Git => gitAt(cwd, { env: ENV });

interface Fixture {
  dir: string;
  clone: string;
  git: Git;
  /** Commits `file` in the author's clone and publishes it as the head of PR 7. */
  movePr(file: string, text: string): Promise<string>;
  /** Replaces the PR's last commit (a force-push). */
  rewritePr(file: string, text: string): Promise<string>;
  /** Commits in the user's clone, on whatever is checked out. */
  commitLocal(file: string, text: string): Promise<string>;
  branches(): Promise<string[]>;
  current(): Promise<string>;
  tip(branch: string): Promise<string | undefined>;
  read(file: string): string;
  write(file: string, text: string): void;
}

const commitIn = async (g: Git, cwd: string, file: string, text: string) => {
  writeFileSync(join(cwd, file), text);
  await g.run(['add', '--', file]);
  await g.run(['commit', '-q', '-m', `${file}: ${text}`]);
  return (await g.run(['rev-parse', 'HEAD'])).trim();
};

/**
 * Built once, copied for each test (cheaper than a dozen git processes per test): origin.git
 * publishes the same PR head as refs/pull/{7,12}/head and refs/merge-requests/{5,12}/head; every
 * URL between the three repositories is relative, so a copy is self-contained.
 */
let template: Promise<string> | undefined;
function buildTemplate(): Promise<string> {
  return (template ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devin-checkout-template-'));
    const top = at(dir);
    await top.run(['init', '-q', '--bare', 'origin.git']);
    await top.run(['init', '-q', 'author']);
    const author = join(dir, 'author');
    const a = at(author);
    await commitIn(a, author, 'README', 'base\n');
    await a.run(['push', '-q', '../origin.git', 'main']);
    await a.run(['checkout', '-q', '-b', 'feature']);
    await commitIn(a, author, 'pr.txt', 'one\n');
    await a.run(['push', '-q', '../origin.git', ...['refs/pull/7/head', 'refs/pull/12/head', 'refs/merge-requests/5/head', 'refs/merge-requests/12/head'].map((r) => `HEAD:${r}`)]);
    await top.run(['clone', '-q', 'origin.git', 'clone']);
    await at(join(dir, 'clone')).run(['remote', 'set-url', 'origin', '../origin.git']);
    return dir;
  })());
}
after(async () => {
  if (template) rmSync(await template, { recursive: true, force: true });
});

async function fixture(kind: 'github' | 'gitlab' = 'github', n = kind === 'gitlab' ? 5 : 7): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'devin-checkout-'));
  dirs.push(dir);
  cpSync(await buildTemplate(), dir, { recursive: true });
  const author = join(dir, 'author');
  const clone = join(dir, 'clone');
  const a = at(author);
  const prRef = kind === 'gitlab' ? `refs/merge-requests/${n}/head` : `refs/pull/${n}/head`;
  const movePr = async (file: string, text: string) => {
    const sha = await commitIn(a, author, file, text);
    await a.run(['push', '-q', '--force', '../origin.git', `HEAD:${prRef}`]);
    return sha;
  };
  const git = at(clone);
  return {
    dir,
    clone,
    git,
    movePr,
    rewritePr: async (file, text) => {
      await a.run(['reset', '-q', '--hard', 'HEAD~1']);
      return movePr(file, text);
    },
    commitLocal: (file, text) => commitIn(git, clone, file, text),
    branches: async () => (await git.run(['for-each-ref', '--format=%(refname:short)', 'refs/heads'])).split('\n').filter(Boolean).sort(),
    current: async () => (await git.run(['symbolic-ref', '--short', 'HEAD'])).trim(),
    tip: (b) => resolveCommit(git, `refs/heads/${b}`),
    read: (file) => readFileSync(join(clone, file), 'utf8'),
    write: (file, text) => writeFileSync(join(clone, file), text),
  };
}

describe('PR refs', () => {
  it('names the host refs and the private ref, and refuses what is not a ref', () => {
    assert.equal(prHeadSourceRef('github', 7), 'refs/pull/7/head');
    assert.equal(prHeadSourceRef('gitlab', 12), 'refs/merge-requests/12/head');
    assert.equal(privatePrRef('origin', 7), 'refs/devin/pr/origin/7/head');
    assert.equal(prFetchRefspec('github', 'up/stream', 3), '+refs/pull/3/head:refs/devin/pr/up/stream/3/head');
    for (const bad of ['', '-x', '--upload-pack=evil', 'a..b', 'a b', 'a:b', 'a/', '/a', 'x.lock', 'a.', 'a*', 'a~1', 'a^', 'a\\b']) {
      assert.equal(isSafeRemoteName(bad), false, bad);
      assert.throws(() => privatePrRef(bad, 1));
    }
    for (const good of ['origin', 'up-stream', 'me/fork', 'a.b_c']) assert.equal(isSafeRemoteName(good), true, good);
    for (const n of [0, -1, 1.5, NaN, 2 ** 60]) assert.throws(() => prHeadSourceRef('github', n), String(n));
  });

  it('fetches a GitHub PR head and a GitLab MR head into private refs, never a branch', async () => {
    for (const kind of ['github', 'gitlab'] as const) {
      const f = await fixture(kind, 12);
      await f.movePr('pr.txt', `${kind}\n`);
      const head = await fetchPrHead(f.git, kind, 'origin', 12);
      assert.equal(head.ref, 'refs/devin/pr/origin/12/head');
      assert.equal(head.sha, (await at(join(f.dir, 'author')).run(['rev-parse', 'HEAD'])).trim());
      assert.deepEqual(await f.branches(), ['main']);
      await assert.rejects(fetchPrHead(f.git, kind, 'origin', 13), GitError);
    }
  });

});

