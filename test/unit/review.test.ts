// Reviewing and applying a PR's changes, on real git repositories made in a temp folder
// (test/support/gitFixture.ts): a bare origin publishing refs/pull/7/head and
// refs/merge-requests/7/head, and a clone whose origin is https://github.com/acme/web.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { applyChanges, checkChanges, changedSinceApply, dirtyPaths, undoApply, unsafePathReason } from '../../src/review/applyChanges';
import {
  ChangesCache,
  fetchPr,
  findClone,
  listChangesUncached,
  parsePrUrl,
  privateRef,
  readAt,
  ReviewError,
  type FileChange,
} from '../../src/review/prChanges';
import { gitAt } from '../../src/git/gitCli';
import { fetchPrHead, privatePrRef } from '../../src/git/prRefs';
import { askDevinMessage, parsePrDocQuery, prDocParts } from '../../src/review/uris';
import { createFixture, FAKE_REMOTE, lines, sh, write, type Fixture } from '../support/gitFixture';

describe('parsePrUrl', () => {
  it('reads GitHub pull requests and GitLab merge requests (with subgroups)', () => {
    assert.deepEqual(parsePrUrl('https://github.com/Acme/Web/pull/12/files'), { host: 'github.com', repo: 'acme/web', number: 12, kind: 'github', url: 'https://github.com/Acme/Web/pull/12/files' });
    const gl = parsePrUrl('https://gitlab.example.com/group/sub/proj/-/merge_requests/5');
    assert.equal(gl?.kind, 'gitlab');
    assert.equal(gl?.repo, 'group/sub/proj');
    assert.equal(gl?.number, 5);
  });
  it('refuses other URLs', () => {
    for (const u of ['file:///etc/passwd', 'https://u:p@github.com/a/b/pull/1', 'https://github.com/a/pull/1', 'not a url', 'https://github.com/a/b/issues/3', 'javascript:alert(1)']) {
      assert.equal(parsePrUrl(u), undefined, u);
    }
  });
  it('keeps private refs out of refs/heads, in the namespace Check Out fetches into', () => {
    assert.equal(privateRef('origin', { number: 3 }, 'head'), privatePrRef('origin', 3));
    assert.equal(privateRef('origin', { number: 3 }, 'head'), 'refs/devin/pr/origin/3/head');
    assert.equal(privateRef('up/stream', { number: 3 }, 'base'), 'refs/devin/pr/up/stream/3/base');
    assert.throws(() => privateRef('../x y', { number: 3 }, 'base'), /unusable remote name/);
  });
});

describe('unsafePathReason', () => {
  it('accepts ordinary repository paths', () => {
    for (const p of ['a.txt', 'src/x/y.ts', '.github/workflows/ci.yml', 'a..b/c', '.gitignore', 'x/.gitkeep']) assert.equal(unsafePathReason(p), undefined, p);
  });
  it('refuses paths that leave the repository or reach into .git', () => {
    for (const p of ['../x', 'a/../../b', '/etc/passwd', 'C:/x', 'a\\b', '.git/config', 'sub/.git/hooks/pre-commit', '.GIT/config', '.git./x', 'git~1/config', '.g\u200cit/x', 'a//b', './a', '', 'a\nb']) {
      assert.ok(unsafePathReason(p), `should refuse ${JSON.stringify(p)}`);
    }
  });
});

describe('PR changes on a real repository', () => {
  let fx: Fixture;
  before(() => {
    fx = createFixture();
  });
  after(() => fx.cleanup());

  it('finds the clone by its configured remote, not by the rewritten URL', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'devin-other-'));
    try {
      sh(other, 'init', '-q');
      sh(other, 'remote', 'add', 'origin', 'https://github.com/acme/other');
      const pr = parsePrUrl('https://github.com/acme/web/pull/7')!;
      assert.deepEqual(await findClone([other, fx.clone], pr), { root: fx.clone, remote: 'origin' });
      assert.equal(await findClone([other], pr), undefined);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('fetches pull/N/head into a private ref and takes the merge-base with the default branch', async () => {
    const branchesBefore = sh(fx.clone, 'branch', '--list');
    const f = await fetchPr(fx.clone, 'origin', parsePrUrl('https://github.com/acme/web/pull/7')!);
    assert.equal(f.head, fx.head);
    assert.equal(f.base, fx.forkPoint, 'the merge-base, not the moved-on main');
    assert.equal(f.targetBranch, 'main');
    assert.equal(sh(fx.clone, 'rev-parse', 'refs/devin/pr/origin/7/head'), fx.head);
    assert.equal(sh(fx.clone, 'branch', '--list'), branchesBefore, 'no local branch created');
    assert.equal(fs.existsSync(path.join(fx.clone, '.git', 'FETCH_HEAD')), false, 'FETCH_HEAD left alone');
  });

  it('fetches merge-requests/N/head for GitLab URLs', async () => {
    sh(fx.clone, 'config', '--add', `url.${fx.bare}.insteadOf`, 'https://gitlab.example.com/acme/web');
    sh(fx.clone, 'remote', 'add', 'gitlab', 'https://gitlab.example.com/acme/web');
    const pr = parsePrUrl('https://gitlab.example.com/acme/web/-/merge_requests/7')!;
    assert.deepEqual(await findClone([fx.clone], pr), { root: fx.clone, remote: 'gitlab' });
    const f = await fetchPr(fx.clone, 'gitlab', pr);
    assert.equal(sh(fx.clone, 'rev-parse', 'refs/devin/pr/gitlab/7/head'), fx.head);
    assert.equal(f.head, fx.head);
  });

  it('lists changed files with status, renames, +/- counts and binary files', async () => {
    const changes = await listChangesUncached(fx.clone, fx.forkPoint, fx.head);
    const summary = changes.map((c) => [c.status, c.oldPath ? `${c.oldPath}→${c.path}` : c.path, c.binary ? 'bin' : `+${c.additions}-${c.deletions}`].join(' '));
    assert.deepEqual(summary, [
      'M a.txt +1-1',
      'M bin.dat bin',
      'D del.txt +0-1',
      'A docs/guide.md +1-0',
      'A new.txt +1-0',
      'R old.txt→renamed.txt +1-1',
    ]);
    assert.ok(!changes.some((c) => c.path === 'b.txt'), 'changes on main after the fork are not the PR’s');
    assert.equal((await readAt(fx.clone, fx.head, 'new.txt')).toString(), 'brand new\n');
    assert.equal((await readAt(fx.clone, fx.forkPoint, 'new.txt')).length, 0, 'a side without the file reads empty');
  });

  it('caches per head commit, and a head that moved is refetched and listed afresh', async () => {
    const cache = new ChangesCache();
    const pr = parsePrUrl('https://github.com/acme/web/pull/7')!;
    const first = await fetchPr(fx.clone, 'origin', pr);
    const a = await cache.get(fx.clone, first.base, first.head);
    assert.equal(await cache.get(fx.clone, first.base, first.head), a, 'same head: the cached list');
    write(fx.seed, 'later.txt', 'pushed later\n');
    const moved = fx.pushPr(7);
    const second = await fetchPr(fx.clone, 'origin', pr);
    assert.equal(second.head, moved);
    assert.notEqual(second.head, first.head);
    const b = await cache.get(fx.clone, second.base, second.head);
    assert.ok(b.some((c) => c.path === 'later.txt'), 'the new file is listed');
    assert.ok(!a.some((c) => c.path === 'later.txt'));
    assert.equal(cache.size, 2);
  });

  it('finds the default branch with ls-remote when origin/HEAD is not known locally', async () => {
    sh(fx.clone, 'symbolic-ref', '--delete', 'refs/remotes/origin/HEAD');
    const f = await fetchPr(fx.clone, 'origin', parsePrUrl('https://github.com/acme/web/pull/7')!);
    assert.equal(f.targetBranch, 'main');
    assert.equal(f.base, fx.forkPoint);
  });

  it('shares the PR head ref with Check Out: what the review fetched is the head Check Out saw before', async () => {
    const pr = parsePrUrl('https://github.com/acme/web/pull/7')!;
    const reviewed = await fetchPr(fx.clone, 'origin', pr);
    assert.equal(sh(fx.clone, 'rev-parse', 'refs/devin/pr/origin/7/base'), sh(fx.clone, 'rev-parse', 'refs/remotes/origin/main'), 'the target branch next to the head');
    const checkout = await fetchPrHead(gitAt(fx.clone), 'github', 'origin', 7);
    assert.deepEqual(checkout, { ref: 'refs/devin/pr/origin/7/head', sha: reviewed.head, previous: reviewed.head });
    assert.equal(sh(fx.clone, 'for-each-ref', '--format=%(refname)', 'refs/devin/review/'), '', 'no second namespace');
  });

  it('refuses a remote name that cannot be part of a ref name, with the fetch error and no ref written', async () => {
    sh(fx.clone, 'config', 'remote.bad name.url', FAKE_REMOTE);
    await assert.rejects(fetchPr(fx.clone, 'bad name', parsePrUrl('https://github.com/acme/web/pull/7')!, 'main'), (e: unknown) => {
      assert.ok(e instanceof ReviewError);
      assert.equal(e.kind, 'fetchFailed');
      assert.match(e.message, /unusable remote name/);
      return true;
    });
    assert.doesNotMatch(sh(fx.clone, 'for-each-ref', '--format=%(refname)', 'refs/devin/'), /bad/);
    sh(fx.clone, 'config', '--remove-section', 'remote.bad name');
  });

  it('says clearly when the host has no pull ref', async () => {
    await assert.rejects(fetchPr(fx.clone, 'origin', parsePrUrl('https://github.com/acme/web/pull/99')!), (e: unknown) => {
      assert.ok(e instanceof ReviewError);
      assert.equal(e.kind, 'noPullRefs');
      assert.match(e.message, /refs\/pull\/99\/head/);
      return true;
    });
  });
});

describe('applying a PR onto the working tree', () => {
  let fx: Fixture;
  let changes: FileChange[];
  const status = () => execFileSync('git', ['status', '--porcelain=v1', '--untracked-files=all'], { cwd: fx.clone, encoding: 'utf8' }).replace(/\n$/, '');
  const read = (rel: string) => fs.readFileSync(path.join(fx.clone, rel), 'utf8');
  beforeEach(async () => {
    fx?.cleanup();
    fx = createFixture();
    await fetchPr(fx.clone, 'origin', parsePrUrl('https://github.com/acme/web/pull/7')!);
    changes = await listChangesUncached(fx.clone, fx.forkPoint, fx.head);
  });
  after(() => fx?.cleanup());
  const apply = (list = changes) => applyChanges({ root: fx.clone, base: fx.forkPoint, head: fx.head, changes: list, label: 'PR #7' });

  it('applies every file without committing or staging anything', async () => {
    const headBefore = sh(fx.clone, 'rev-parse', 'HEAD');
    const { outcomes } = await apply();
    assert.deepEqual(outcomes.map((o) => `${o.outcome} ${o.path}`), ['applied a.txt', 'applied bin.dat', 'applied del.txt', 'applied docs/guide.md', 'applied new.txt', 'applied renamed.txt']);
    assert.equal(sh(fx.clone, 'rev-parse', 'HEAD'), headBefore, 'no commit');
    assert.equal(sh(fx.clone, 'diff', '--cached', '--name-only'), '', 'the index is untouched');
    assert.deepEqual(status().split('\n').sort(), [' D del.txt', ' D old.txt', ' M a.txt', ' M bin.dat', '?? docs/guide.md', '?? new.txt', '?? renamed.txt']);
    assert.match(read('a.txt'), /a line 2 \(changed by the PR\)/);
    assert.deepEqual([...fs.readFileSync(path.join(fx.clone, 'bin.dat'))], [0, 9, 8, 7, 0, 255]);
    assert.equal(sh(fx.clone, 'diff', fx.head, '--stat', '--', '.', ':!b.txt').includes('a.txt'), false, 'a.txt now matches the PR head');
  });

  it('applies one file alone and touches nothing else', async () => {
    const { outcomes } = await apply(changes.filter((c) => c.path === 'renamed.txt'));
    assert.deepEqual(outcomes.map((o) => o.outcome), ['applied']);
    assert.deepEqual(status().split('\n').sort(), [' D old.txt', '?? renamed.txt']);
    assert.match(read('renamed.txt'), /renamed and changed/);
  });

  it('merges non-overlapping local edits and reports them as merged', async () => {
    write(fx.clone, 'a.txt', lines('a', 10).replace('a line 9\n', 'a line 9 (mine)\n'));
    assert.deepEqual(await dirtyPaths(fx.clone, changes), ['a.txt']);
    const { outcomes } = await apply(changes.filter((c) => c.path === 'a.txt'));
    assert.equal(outcomes[0].outcome, 'merged');
    assert.match(read('a.txt'), /changed by the PR[\s\S]*a line 9 \(mine\)/);
    assert.equal(sh(fx.clone, 'ls-files', '-u'), '', 'no conflict entries');
  });

  it('leaves conflict markers and the three stages for the merge editor, and undo restores everything', async () => {
    const mine = lines('a', 10).replace('a line 2\n', 'a line 2 (mine)\n');
    write(fx.clone, 'a.txt', mine);
    const indexBefore = sh(fx.clone, 'ls-files', '-s', 'a.txt');
    const { outcomes, backup } = await apply();
    assert.equal(outcomes.find((o) => o.path === 'a.txt')?.outcome, 'conflict');
    const text = read('a.txt');
    assert.match(text, /<<<<<<< Working tree\na line 2 \(mine\)\n=======\na line 2 \(changed by the PR\)\n>>>>>>> PR #7/);
    const stages = sh(fx.clone, 'ls-files', '-u', 'a.txt').split('\n').map((l) => l.split(/\s+/)[2]);
    assert.deepEqual(stages, ['1', '2', '3']);
    assert.match(status(), /^UU a\.txt$/m, 'Source Control shows it under merge changes');
    assert.deepEqual(await changedSinceApply(backup), []);

    write(fx.clone, 'new.txt', 'edited after applying\n');
    assert.deepEqual(await changedSinceApply(backup), ['new.txt'], 'undo can warn about later edits');
    await undoApply(backup);
    assert.equal(read('a.txt'), mine);
    assert.equal(sh(fx.clone, 'ls-files', '-s', 'a.txt'), indexBefore, 'the index entry is back');
    assert.equal(status(), ' M a.txt', 'only the user’s own edit remains');
  });

  it('keeps a file deleted by the PR but changed locally, and a binary changed on both sides', async () => {
    write(fx.clone, 'del.txt', 'I still need this\n');
    write(fx.clone, 'bin.dat', Buffer.from([0, 42]));
    const { outcomes } = await apply(changes.filter((c) => c.path === 'del.txt' || c.path === 'bin.dat'));
    assert.deepEqual(outcomes.map((o) => o.outcome), ['skipped', 'skipped']);
    assert.equal(read('del.txt'), 'I still need this\n');
    assert.deepEqual([...fs.readFileSync(path.join(fx.clone, 'bin.dat'))], [0, 42]);
  });

  it('never overwrites a file of the user at a rename destination: skipped with the reason, the old file kept too', async () => {
    const rename = changes.filter((c) => c.path === 'renamed.txt');
    assert.equal(rename[0].status, 'R');
    write(fx.clone, 'renamed.txt', 'MY OWN UNTRACKED FILE\n');
    const oldBefore = read('old.txt');
    assert.deepEqual(await dirtyPaths(fx.clone, rename), ['renamed.txt']);
    const { outcomes, backup } = await apply(rename);
    assert.equal(outcomes[0].outcome, 'skipped');
    assert.match(outcomes[0].reason ?? '', /renamed\.txt already exists in your working tree with other content; neither it nor old\.txt was changed/);
    assert.equal(read('renamed.txt'), 'MY OWN UNTRACKED FILE\n', 'the user’s file is untouched');
    assert.equal(read('old.txt'), oldBefore, 'the old file is not removed either');
    assert.deepEqual(backup.entries, [], 'nothing was written');
  });

  it('completes a rename whose destination already holds the PR’s version', async () => {
    const rename = changes.filter((c) => c.path === 'renamed.txt');
    write(fx.clone, 'renamed.txt', sh(fx.clone, 'show', `${fx.head}:renamed.txt`) + '\n');
    const { outcomes } = await apply(rename);
    assert.equal(outcomes[0].outcome, 'applied');
    assert.equal(fs.existsSync(path.join(fx.clone, 'old.txt')), false, 'the old file is gone, as the PR renamed it');
    assert.match(read('renamed.txt'), /renamed and changed/);
  });

  it('refuses hostile paths before touching anything', async () => {
    const good = changes.find((c) => c.path === 'new.txt')!;
    const hostile: FileChange[] = [good, ...['../escaped.txt', '.git/hooks/post-checkout', '/tmp/abs.txt'].map((p) => ({ ...good, path: p }))];
    const refusals = await checkChanges(fx.clone, hostile);
    assert.deepEqual(refusals.map((r) => r.path), ['../escaped.txt', '.git/hooks/post-checkout', '/tmp/abs.txt']);
    await assert.rejects(apply(hostile), /Refused to apply/);
    assert.equal(fs.existsSync(path.join(fx.clone, 'new.txt')), false, 'not even the good file was written');
    assert.equal(fs.existsSync(path.join(fx.dir, 'escaped.txt')), false);
    assert.equal(fs.existsSync(path.join(fx.clone, '.git/hooks/post-checkout')), false);
  });

  it('refuses to write through a symlinked folder of the clone, and symlinks from the PR', async () => {
    const outside = path.join(fx.dir, 'outside');
    fs.mkdirSync(outside);
    fs.symlinkSync(outside, path.join(fx.clone, 'docs'));
    const refusals = await checkChanges(fx.clone, changes);
    assert.deepEqual(refusals.map((r) => r.path), ['docs/guide.md']);
    await assert.rejects(apply(), /symbolic link/);
    assert.deepEqual(fs.readdirSync(outside), []);
    fs.unlinkSync(path.join(fx.clone, 'docs'));

    const link = { ...changes.find((c) => c.path === 'new.txt')!, newMode: '120000' };
    assert.match((await checkChanges(fx.clone, [link]))[0].reason, /symbolic links/);
  });
});

describe('Ask Devin message and devin-pr: URIs', () => {
  it('names the path, the line range, the PR and commit, quotes the lines and ends with the user’s words', () => {
    const m = askDevinMessage({ path: 'src/a.ts', start: 2, end: 4, prUrl: 'https://github.com/acme/web/pull/7', commit: 'a'.repeat(40), quoted: 'x\ny\nz\n', text: '  Rename these.  ' });
    assert.equal(m, 'About `src/a.ts` lines 3–5 in https://github.com/acme/web/pull/7 (commit aaaaaaaaaaaa):\n\n```\nx\ny\nz\n```\n\nRename these.');
    assert.match(askDevinMessage({ path: 'a', start: 0, end: 0, prUrl: 'u', commit: 'b'.repeat(40), quoted: 'q', text: 't' }), /^About `a` line 1 /);
  });
  it('uses a longer fence when the quote holds one, and caps long quotes', () => {
    const m = askDevinMessage({ path: 'README.md', start: 0, end: 2, prUrl: 'u', commit: 'c'.repeat(40), quoted: '```js\ncode\n```', text: 't' });
    assert.match(m, /\n````\n```js\ncode\n```\n````\n/);
    const long = askDevinMessage({ path: 'a', start: 0, end: 0, prUrl: 'u', commit: 'c'.repeat(40), quoted: 'x'.repeat(50_000), text: 't' });
    assert.ok(long.length < 21_000);
  });
  it('scrubs secrets from the quote and the words, like every other prompt', () => {
    const m = askDevinMessage({ path: '.env', start: 0, end: 0, prUrl: 'u', commit: 'e'.repeat(40), quoted: 'DB_PASSWORD=hunter2-very-secret', text: 'my key is devin-KEY-1234567890' }, { keys: ['devin-KEY-1234567890'] });
    assert.doesNotMatch(m, /hunter2-very-secret/);
    assert.doesNotMatch(m, /devin-KEY-1234567890/);
    assert.match(m, /REDACTED/);
  });
  it('round-trips a document reference and refuses malformed ones', () => {
    const ref = { root: '/r', commit: 'd'.repeat(40), path: 'a b/c.ts', side: 'head' as const, sessionId: 'devin-1', prUrl: 'https://github.com/a/b/pull/1' };
    assert.deepEqual(parsePrDocQuery(prDocParts(ref).query), ref);
    for (const q of ['', '{', '[]', JSON.stringify({ ...ref, commit: 'HEAD' }), JSON.stringify({ ...ref, side: 'left' }), JSON.stringify({ ...ref, path: '' })]) {
      assert.equal(parsePrDocQuery(q), undefined, q);
    }
  });
});
