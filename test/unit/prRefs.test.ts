// The private refs a pull request head is fetched into (src/git/prRefs.ts), without git: the names,
// the refusals and their messages, and what fetchPrHead asks git for (a recording Git that runs
// nothing). checkoutGit.test.ts runs the same code against real repositories.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Git } from '../../src/git/gitCli';
import { fetchPrHead, isSafeRemoteName, prFetchRefspec, prHeadSourceRef, privatePrRef, resolveCommit } from '../../src/git/prRefs';

/** A Git that records its calls; `revParse` answers `rev-parse --verify` in turn (undefined: no such ref). */
function recordingGit(revParse: (string | undefined)[] = []) {
  const calls: string[][] = [];
  const git: Git = {
    cwd: '/nonexistent',
    run: async (args) => {
      calls.push([...args]);
      return '';
    },
    tryRun: async (args) => {
      calls.push([...args]);
      return revParse.shift();
    },
  };
  return { git, calls };
}

describe('PR refs', () => {
  it('names the host refs and the private ref, and refuses what is not a ref', () => {
    assert.equal(prHeadSourceRef('github', 7), 'refs/pull/7/head');
    assert.equal(prHeadSourceRef('gitlab', 12), 'refs/merge-requests/12/head');
    assert.equal(privatePrRef('origin', 7), 'refs/devin/pr/origin/7/head');
    assert.equal(prFetchRefspec('github', 'up/stream', 3), '+refs/pull/3/head:refs/devin/pr/up/stream/3/head');
    assert.equal(prFetchRefspec('gitlab', 'origin', 5), '+refs/merge-requests/5/head:refs/devin/pr/origin/5/head');
    for (const bad of ['', '-x', '--upload-pack=evil', 'a..b', 'a b', 'a:b', 'a/', '/a', 'a//b', 'x.lock', 'x.lock/y', 'a.', 'a*', 'a~1', 'a^', 'a\\b', '.a', 'a/.b']) {
      assert.equal(isSafeRemoteName(bad), false, bad);
      assert.throws(() => privatePrRef(bad, 1), /unusable remote name/);
    }
    for (const good of ['origin', 'up-stream', 'me/fork', 'a.b_c', '_x', 'x.locker', 'a/b.c/d_e', 'A1']) {
      assert.equal(isSafeRemoteName(good), true, good);
    }
    for (const n of [0, -1, 1.5, NaN, Infinity, 2 ** 60]) {
      assert.throws(() => prHeadSourceRef('github', n), { message: `not a pull request number: ${n}` });
      assert.throws(() => privatePrRef('origin', n), { message: `not a pull request number: ${n}` });
    }
    assert.equal(prHeadSourceRef('github', 1), 'refs/pull/1/head');
  });

  it('names an unusable remote in its error, quoted and cut to 80 characters', () => {
    assert.throws(() => privatePrRef('a b', 1), { message: 'unusable remote name: "a b"' });
    const long = `x y${'z'.repeat(200)}`;
    assert.throws(() => privatePrRef(long, 1), { message: `unusable remote name: ${JSON.stringify(long).slice(0, 80)}` });
  });

  it('never passes a ref that looks like an option to git', async () => {
    const { git, calls } = recordingGit(['abc\n']);
    assert.equal(await resolveCommit(git, '-x'), undefined);
    assert.equal(await resolveCommit(git, '--output=/tmp/x'), undefined);
    assert.deepEqual(calls, []);
    assert.equal(await resolveCommit(git, 'a-b-'), 'abc');
    assert.deepEqual(calls, [['rev-parse', '--verify', '--quiet', 'a-b-^{commit}']]);
  });

  it('resolves a missing or empty answer to undefined', async () => {
    const { git } = recordingGit([undefined, '  \n']);
    assert.equal(await resolveCommit(git, 'refs/heads/x'), undefined);
    assert.equal(await resolveCommit(git, 'refs/heads/x'), undefined);
  });

  it('fetches the head into the private ref and reports it with the commit it held before', async () => {
    const { git, calls } = recordingGit(['old\n', 'new\n']);
    const fetched: string[][] = [];
    const head = await fetchPrHead(git, 'gitlab', 'origin', 5, async (remote, spec) => {
      fetched.push([remote, spec]);
    });
    assert.deepEqual(head, { ref: 'refs/devin/pr/origin/5/head', sha: 'new', previous: 'old' });
    assert.deepEqual(fetched, [['origin', '+refs/merge-requests/5/head:refs/devin/pr/origin/5/head']]);
    assert.deepEqual(calls, [
      ['rev-parse', '--verify', '--quiet', 'refs/devin/pr/origin/5/head^{commit}'],
      ['rev-parse', '--verify', '--quiet', 'refs/devin/pr/origin/5/head^{commit}'],
    ]);
  });

  it('fetches with git fetch --no-tags by default, the remote after "--"', async () => {
    const { git, calls } = recordingGit([undefined, 'abc\n']);
    const head = await fetchPrHead(git, 'github', 'origin', 7);
    assert.deepEqual(head, { ref: 'refs/devin/pr/origin/7/head', sha: 'abc', previous: undefined });
    assert.deepEqual(calls[1], ['fetch', '--no-tags', '--', 'origin', '+refs/pull/7/head:refs/devin/pr/origin/7/head']);
  });

  it('a fetch that does not produce the private ref is an error naming it', async () => {
    const { git } = recordingGit([undefined, undefined]);
    await assert.rejects(
      fetchPrHead(git, 'github', 'origin', 7, async () => {}),
      { message: 'the fetch did not produce refs/devin/pr/origin/7/head' },
    );
  });
});
