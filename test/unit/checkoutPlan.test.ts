// The pull request checkout's decisions without git: what inspectPrBranch asks git and makes of
// the answers, the plan (planCheckout is pure) with its exact words, what applyCheckout runs for
// each choice, and the command (checkoutPullRequest) with every refusal. Git is a scripted model of
// one repository (refs, HEAD, status, worktrees, rev-list counts) that records every call and runs
// nothing, so the file takes milliseconds and can run for every mutant of src/git/prBranch.ts and
// src/webview/checkout.ts. checkoutGit.test.ts runs the same code against real repositories.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GitError, type Git } from '../../src/git/gitCli';
import {
  applyCheckout,
  checkBranchName,
  expectDetachedHead,
  inspectPrBranch,
  keepDetachedHead,
  leftOnNoBranch,
  parsePorcelainZ,
  planCheckout,
  planDetached,
  shortSha,
  type CheckoutPlan,
  type PrBranchState,
  type Question,
} from '../../src/git/prBranch';
import {
  branchForPr,
  checkoutPullRequest,
  errorText,
  findRepoForPr,
  parseGitHubPrUrl,
  parseGitLabMrUrl,
  parsePrUrl,
  parseRemoteUrl,
  remoteMatchesPr,
  type CheckoutUi,
  type GitApiLike,
  type GitRepositoryLike,
} from '../../src/webview/checkout';

const HEAD = 'a'.repeat(40);
const TIP = 'b'.repeat(40);
const EARLIER = 'c'.repeat(40);
/** The detached HEAD's commit. */
const DET = 'd'.repeat(40);
const BR = 'devin/pr-7';

/** One repository as git would answer about it. `fail` makes a command (by its first word) fail. */
interface RepoModel {
  refs: Record<string, string>;
  /** HEAD's symbolic ref (e.g. refs/heads/main); undefined: detached. */
  head?: string;
  /** What `rev-parse HEAD` says (default: the checked-out branch's ref). */
  headSha?: string;
  status?: string;
  /** `worktree list --porcelain`; undefined: git says no (exit 1). */
  worktrees?: string;
  /** `rev-list --count <revs…>` answers, keyed by the revs joined with spaces. */
  counts?: Record<string, string>;
  fail?: Record<string, unknown>;
  /** Names `check-ref-format --branch` refuses; `normalized`: what it prints instead of a name. */
  badNames?: string[];
  normalized?: Record<string, string>;
  /** Runs after each command that changes something (to play a repository that moves meanwhile). */
  onChange?: (args: string[]) => void;
}

const CHANGES = ['update-ref', 'checkout', 'merge', 'reset'];

function scriptedGit(model: RepoModel) {
  const calls: string[][] = [];
  const answer = (args: readonly string[]): string | undefined => {
    const failure = model.fail?.[args[0]];
    if (failure) throw failure;
    switch (args[0]) {
      case 'rev-parse': {
        if (args[1] === 'HEAD') return `${model.headSha ?? (model.head ? model.refs[model.head] : '')}\n`;
        assert.deepEqual(args.slice(1, 3), ['--verify', '--quiet']);
        const ref = args[3].replace(/\^\{commit\}$/, '');
        return ref in model.refs ? `${model.refs[ref]}\n` : undefined;
      }
      case 'symbolic-ref':
        assert.deepEqual(args, ['symbolic-ref', '--quiet', 'HEAD']);
        return model.head === undefined ? undefined : `${model.head}\n`;
      case 'status':
        assert.deepEqual(args, ['status', '--porcelain', '-z', '--untracked-files=no']);
        return model.status ?? '';
      case 'worktree':
        assert.deepEqual(args, ['worktree', 'list', '--porcelain']);
        return model.worktrees;
      case 'check-ref-format': {
        assert.deepEqual(args.slice(0, 2), ['check-ref-format', '--branch']);
        assert.equal(args.length, 3);
        return model.badNames?.includes(args[2]) ? undefined : `${model.normalized?.[args[2]] ?? args[2]}\n`;
      }
      case 'rev-list': {
        assert.deepEqual(args.slice(0, 2), ['rev-list', '--count']);
        const key = args.slice(2).join(' ');
        const n = model.counts?.[key];
        assert.ok(n !== undefined, `unexpected rev-list ${key}`);
        return `${n}\n`;
      }
      default:
        return '';
    }
  };
  const git: Git = {
    cwd: '/nonexistent',
    run: async (args) => {
      calls.push([...args]);
      const out = answer(args);
      if (out === undefined) throw new GitError(args, 1, '');
      if (CHANGES.includes(args[0])) model.onChange?.([...args]);
      return out;
    },
    tryRun: async (args) => {
      calls.push([...args]);
      return answer(args);
    },
  };
  /** The calls that change something (everything but the questions inspectPrBranch asks). */
  const changes = () => calls.filter((c) => CHANGES.includes(c[0]));
  return { git, calls, changes };
}

function state(patch: Partial<PrBranchState> = {}): PrBranchState {
  return {
    prNumber: 7,
    branch: BR,
    head: HEAD,
    tip: undefined,
    currentBranch: 'main',
    inOtherWorktree: false,
    dirtyFiles: [],
    dirtyCount: 0,
    ahead: 0,
    lost: 0,
    behind: 0,
    fromEarlierHead: 0,
    freeName: `${BR}-2`,
    detachedAt: undefined,
    onNoBranch: 0,
    ...patch,
  };
}

const h7 = HEAD.slice(0, 7);
const d7 = DET.slice(0, 7);
/** The rev-list that counts the commits only the detached HEAD holds. */
const ON_NO_BRANCH = `${DET} --not ${HEAD} --branches --tags --remotes`;
const t7 = TIP.slice(0, 7);

describe('inspectPrBranch: what git is asked and what is made of it', () => {
  it('no local branch: no tip, nothing ahead or behind, no rev-list, the first free name', async () => {
    const { git, calls } = scriptedGit({ refs: {}, head: 'refs/heads/main' });
    const s = await inspectPrBranch(git, 7, BR, HEAD);
    assert.deepEqual(s, state());
    assert.ok(!calls.some((c) => c[0] === 'rev-list'));
    assert.deepEqual(calls.filter((c) => c[0] === 'rev-parse').map((c) => c[3]), [`refs/heads/${BR}^{commit}`, `refs/heads/${BR}-2^{commit}`]);
  });

  it('the free name skips every taken name, and is empty when all up to 999 are taken', async () => {
    const taken: Record<string, string> = { [`refs/heads/${BR}-2`]: TIP, [`refs/heads/${BR}-3`]: TIP };
    assert.equal((await inspectPrBranch(scriptedGit({ refs: taken, head: 'refs/heads/main' }).git, 7, BR, HEAD)).freeName, `${BR}-4`);
    const all: Record<string, string> = {};
    for (let k = 2; k <= 999; k++) all[`refs/heads/${BR}-${k}`] = TIP;
    const { git, calls } = scriptedGit({ refs: all, head: 'refs/heads/main' });
    assert.equal((await inspectPrBranch(git, 7, BR, HEAD)).freeName, '');
    const asked = calls.filter((c) => c[0] === 'rev-parse').map((c) => c[3]);
    assert.equal(asked.at(-1), `refs/heads/${BR}-999^{commit}`);
    assert.equal(asked.length, 1 + 998);
  });

  it('reads the checked-out branch from HEAD: a branch, detached, or a ref that is not a branch', async () => {
    const cur = async (head: string | undefined) => (await inspectPrBranch(scriptedGit({ refs: {}, head }).git, 7, BR, HEAD)).currentBranch;
    assert.equal(await cur(`refs/heads/${BR}`), BR);
    assert.equal(await cur('refs/heads/feature/x'), 'feature/x');
    assert.equal(await cur(undefined), undefined);
    assert.equal(await cur('refs/remotes/origin/main'), undefined);
  });

  it('tells a branch checked out in another worktree from this one', async () => {
    const worktrees = ['worktree /w/main', 'HEAD ' + TIP, 'branch refs/heads/main', '', 'worktree /w/other', 'HEAD ' + TIP, `branch refs/heads/${BR}`, ''].join('\n');
    const refs = { [`refs/heads/${BR}`]: TIP, 'refs/heads/main': EARLIER };
    const counts = { [`${TIP} --not ${HEAD}`]: '0', [`${HEAD} --not ${TIP}`]: '1', [`${TIP} --not ${HEAD} --exclude=${BR} --branches --tags --remotes`]: '0' };
    const other = await inspectPrBranch(scriptedGit({ refs, head: 'refs/heads/main', worktrees, counts }).git, 7, BR, HEAD);
    assert.equal(other.inOtherWorktree, true);
    // Checked out here: the worktree list names it too (this worktree), but it is not "other".
    const here = await inspectPrBranch(scriptedGit({ refs, head: `refs/heads/${BR}`, worktrees, counts }).git, 7, BR, HEAD);
    assert.equal(here.inOtherWorktree, false);
    assert.equal(here.currentBranch, BR);
    // A longer branch name is another branch; no worktree list (git said no) is no worktree.
    const longer = worktrees.replace(`refs/heads/${BR}`, `refs/heads/${BR}0`);
    assert.equal((await inspectPrBranch(scriptedGit({ refs, head: 'refs/heads/main', worktrees: longer, counts }).git, 7, BR, HEAD)).inOtherWorktree, false);
    assert.equal((await inspectPrBranch(scriptedGit({ refs, head: 'refs/heads/main', counts }).git, 7, BR, HEAD)).inOtherWorktree, false);
  });

  it('lists at most five dirty files and counts them all', async () => {
    const status = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((f) => ` M ${f}.txt`).join('\0') + '\0';
    const s = await inspectPrBranch(scriptedGit({ refs: {}, status }).git, 7, BR, HEAD);
    assert.deepEqual(s.dirtyFiles, ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt']);
    assert.equal(s.dirtyCount, 7);
  });

  it('a branch at the PR head counts nothing', async () => {
    const { git, calls } = scriptedGit({ refs: { [`refs/heads/${BR}`]: HEAD } });
    const s = await inspectPrBranch(git, 7, BR, HEAD, EARLIER);
    assert.deepEqual([s.tip, s.ahead, s.behind, s.lost, s.fromEarlierHead], [HEAD, 0, 0, 0, 0]);
    assert.ok(!calls.some((c) => c[0] === 'rev-list'));
  });

  it('a branch elsewhere counts ahead, behind and lost with these revisions', async () => {
    const counts = {
      [`${TIP} --not ${HEAD}`]: '3',
      [`${HEAD} --not ${TIP}`]: '4',
      [`${TIP} --not ${HEAD} --exclude=${BR} --branches --tags --remotes`]: '2',
    };
    const { git, calls } = scriptedGit({ refs: { [`refs/heads/${BR}`]: TIP }, counts });
    const s = await inspectPrBranch(git, 7, BR, HEAD);
    assert.deepEqual([s.tip, s.ahead, s.behind, s.lost, s.fromEarlierHead], [TIP, 3, 4, 2, 0]);
    assert.equal(calls.filter((c) => c[0] === 'rev-list').length, 3);
    // The same earlier head as now: no fourth count, nothing from an earlier version.
    const same = scriptedGit({ refs: { [`refs/heads/${BR}`]: TIP }, counts });
    assert.equal((await inspectPrBranch(same.git, 7, BR, HEAD, HEAD)).fromEarlierHead, 0);
    assert.equal(same.calls.filter((c) => c[0] === 'rev-list').length, 3);
  });

  it('after a force-push, counts the commits that the earlier PR head had', async () => {
    const counts = {
      [`${TIP} --not ${HEAD}`]: '3',
      [`${HEAD} --not ${TIP}`]: '1',
      [`${TIP} --not ${HEAD} --exclude=${BR} --branches --tags --remotes`]: '3',
      [`${TIP} --not ${HEAD} ${EARLIER}`]: '1',
    };
    const s = await inspectPrBranch(scriptedGit({ refs: { [`refs/heads/${BR}`]: TIP }, counts }).git, 7, BR, HEAD, EARLIER);
    assert.deepEqual([s.ahead, s.fromEarlierHead, s.lost], [3, 2, 3]);
    // None of the user's own: all three came from the earlier head.
    const all = await inspectPrBranch(scriptedGit({ refs: { [`refs/heads/${BR}`]: TIP }, counts: { ...counts, [`${TIP} --not ${HEAD} ${EARLIER}`]: '0' } }).git, 7, BR, HEAD, EARLIER);
    assert.equal(all.fromEarlierHead, 3);
  });

  it('an unreadable count is 0', async () => {
    const counts = { [`${TIP} --not ${HEAD}`]: 'x', [`${HEAD} --not ${TIP}`]: '', [`${TIP} --not ${HEAD} --exclude=${BR} --branches --tags --remotes`]: ' 5 ' };
    const s = await inspectPrBranch(scriptedGit({ refs: { [`refs/heads/${BR}`]: TIP }, counts }).git, 7, BR, HEAD);
    assert.deepEqual([s.ahead, s.behind, s.lost], [0, 0, 5]);
  });

  it('a detached HEAD: counts the commits only it holds (not the PR head, no private ref); on a branch nothing is counted', async () => {
    const { git, calls } = scriptedGit({ refs: { HEAD: DET }, counts: { [ON_NO_BRANCH]: '2' } });
    const s = await inspectPrBranch(git, 7, BR, HEAD);
    assert.deepEqual(s, state({ currentBranch: undefined, detachedAt: DET, onNoBranch: 2 }));
    assert.deepEqual(calls.filter((c) => c[0] === 'rev-list'), [['rev-list', '--count', DET, '--not', HEAD, '--branches', '--tags', '--remotes']]);
    assert.ok(calls.some((c) => c.join(' ') === 'rev-parse --verify --quiet HEAD^{commit}'));
    const none = await inspectPrBranch(scriptedGit({ refs: { HEAD: DET }, counts: { [ON_NO_BRANCH]: '0' } }).git, 7, BR, HEAD);
    assert.deepEqual([none.detachedAt, none.onNoBranch], [DET, 0]);
    // On a branch (HEAD resolves too): neither HEAD's commit nor a count is asked for.
    const onBranch = scriptedGit({ refs: { HEAD: DET, 'refs/heads/main': DET }, head: 'refs/heads/main' });
    const b = await inspectPrBranch(onBranch.git, 7, BR, HEAD);
    assert.deepEqual([b.detachedAt, b.onNoBranch], [undefined, 0]);
    assert.ok(!onBranch.calls.some((c) => c[0] === 'rev-list' || c[3] === 'HEAD^{commit}'));
    // Detached, but HEAD names no commit: nothing to count.
    const unborn = scriptedGit({ refs: {} });
    const u = await inspectPrBranch(unborn.git, 7, BR, HEAD);
    assert.deepEqual([u.detachedAt, u.onNoBranch], [undefined, 0]);
    assert.ok(!unborn.calls.some((c) => c[0] === 'rev-list'));
  });

  it('a failing git status is an error, not a clean tree', async () => {
    const { git } = scriptedGit({ refs: {}, fail: { status: new GitError(['status'], 128, 'fatal: not a git repository') } });
    await assert.rejects(inspectPrBranch(git, 7, BR, HEAD), { message: 'fatal: not a git repository' });
  });
});

describe('parsePorcelainZ', () => {
  it('keeps paths (spaces included), skips the original path of a rename or copy, and short fields', () => {
    assert.deepEqual(parsePorcelainZ(' M a.txt\0R  new.txt\0old.txt\0C  copy.txt\0orig.txt\0M  b c\0'), ['a.txt', 'new.txt', 'copy.txt', 'b c']);
    assert.deepEqual(parsePorcelainZ('M  x\0 M \0MM\0'), ['x']);
    assert.deepEqual(parsePorcelainZ(''), []);
    assert.deepEqual(parsePorcelainZ('A  R.txt\0M  C.txt\0'), ['R.txt', 'C.txt']);
  });

  it('shortSha is the first seven characters', () => {
    assert.equal(shortSha('0123456789abcdef'), '0123456');
  });
});

describe('planCheckout: one question per situation, in these words', () => {
  it('no branch yet: create it, no warning on a clean tree', () => {
    assert.deepEqual(planCheckout(state()), {
      message: `Create local branch ${BR} at the head of pull request #7 (${h7}) and check it out?`,
      detail: '',
      warning: false,
      actions: [{ kind: 'create', label: 'Check Out', branch: BR }],
    });
  });

  it('no branch yet, uncommitted changes on another branch or a detached HEAD: named, with a warning', () => {
    const p = planCheckout(state({ dirtyFiles: ['README'], dirtyCount: 1 }));
    assert.equal(p.warning, true);
    assert.equal(p.detail, `You have 1 uncommitted change(s) on main (README). Git carries them over to ${BR}, or refuses to switch and changes nothing if they touch files that differ. Nothing is stashed or discarded.`);
    const detached = planCheckout(state({ currentBranch: undefined, dirtyFiles: ['a', 'b'], dirtyCount: 2 }));
    assert.equal(detached.detail, `You have 2 uncommitted change(s) on the detached HEAD (a, b). Git carries them over to ${BR}, or refuses to switch and changes nothing if they touch files that differ. Nothing is stashed or discarded.`);
    const many = planCheckout(state({ dirtyFiles: ['a', 'b', 'c', 'd', 'e'], dirtyCount: 6 }));
    assert.match(many.detail, /^You have 6 uncommitted change\(s\) on main \(a, b, c, d, e, …\)\. /);
    const five = planCheckout(state({ dirtyFiles: ['a', 'b', 'c', 'd', 'e'], dirtyCount: 5 }));
    assert.match(five.detail, /^You have 5 uncommitted change\(s\) on main \(a, b, c, d, e\)\. /);
  });

  it('checked out and up to date: done, nothing to ask', () => {
    assert.deepEqual(planCheckout(state({ tip: HEAD, currentBranch: BR })), {
      done: `Branch ${BR} is checked out and up to date with pull request #7.`,
      message: '',
      detail: '',
      warning: false,
      actions: [],
    });
  });

  it('up to date but not checked out: switch to it', () => {
    assert.deepEqual(planCheckout(state({ tip: HEAD })), {
      message: `Check out ${BR}? It is up to date with pull request #7 (${h7}).`,
      detail: '',
      warning: false,
      actions: [{ kind: 'switch', label: 'Check Out', branch: BR }],
    });
    const dirty = planCheckout(state({ tip: HEAD, dirtyFiles: ['x'], dirtyCount: 1 }));
    assert.equal(dirty.warning, true);
    assert.match(dirty.detail, /^You have 1 uncommitted change\(s\) on main \(x\)\. Git carries them over to devin\/pr-7/);
    assert.equal(dirty.done, undefined);
  });

  it('behind only: fast-forward, worded for the checked-out branch or another one', () => {
    assert.deepEqual(planCheckout(state({ tip: TIP, behind: 2 })), {
      message: `Update ${BR} with 2 new commit(s) from pull request #7 (fast-forward to ${h7}) and check it out?`,
      detail: 'The branch has no commits of its own, so nothing is lost.',
      warning: false,
      actions: [{ kind: 'fastForward', label: 'Update and Check Out', branch: BR }],
    });
    assert.deepEqual(planCheckout(state({ tip: TIP, behind: 1, currentBranch: BR })), {
      message: `Update ${BR} with 1 new commit(s) from pull request #7 (fast-forward to ${h7})?`,
      detail: 'The branch has no commits of its own, so nothing is lost.',
      warning: false,
      actions: [{ kind: 'fastForward', label: 'Update', branch: BR }],
    });
  });

  it('behind, checked out and dirty: the changes are kept, said below the no-loss line', () => {
    const p = planCheckout(state({ tip: TIP, behind: 1, currentBranch: BR, dirtyFiles: ['README'], dirtyCount: 1 }));
    assert.equal(p.warning, true);
    assert.equal(
      p.detail,
      'The branch has no commits of its own, so nothing is lost.\n\nYou have 1 uncommitted change(s) (README). They are kept: git updates the branch around them, or refuses and changes nothing if the pull request changed the same files. Nothing is stashed or discarded.',
    );
  });

  it('commits of its own: keep it under a new name, or reset and lose exactly the commits no other ref holds', () => {
    const p = planCheckout(state({ tip: TIP, ahead: 2, lost: 2, behind: 1 }));
    assert.deepEqual(p, {
      message: `Local branch ${BR} has 2 commit(s) that pull request #7 does not have.`,
      detail: [
        `"Check Out as ${BR}-2" keeps ${BR} as it is and creates ${BR}-2 at the head of the pull request (${h7}).`,
        `"Reset" moves ${BR} from ${t7} to ${h7}. To get its old commits back afterwards, run: git branch <name> ${TIP} (the old tip is also in: git reflog ${BR}).`,
      ].join('\n\n'),
      warning: true,
      actions: [
        { kind: 'newBranch', label: `Check Out as ${BR}-2`, branch: `${BR}-2` },
        { kind: 'reset', label: `Reset ${BR} (loses 2 commit(s))`, branch: BR },
      ],
    } satisfies CheckoutPlan);
    const kept = planCheckout(state({ tip: TIP, ahead: 3, lost: 1 }));
    assert.equal(kept.detail.split('\n\n')[2], '2 of these commits are also on other branches, tags or remote branches and stay there.');
    assert.equal(kept.actions[1].label, `Reset ${BR} (loses 1 commit(s))`);
  });

  it('after a force-push: says which commits are an earlier PR version and which are the user\'s', () => {
    const all = planCheckout(state({ tip: TIP, ahead: 2, lost: 2, fromEarlierHead: 2 }));
    assert.equal(all.detail.split('\n\n')[0], 'They all come from an earlier version of the pull request, which has been force-pushed since; none are commits of your own.');
    const some = planCheckout(state({ tip: TIP, ahead: 3, lost: 3, fromEarlierHead: 1 }));
    assert.equal(some.detail.split('\n\n')[0], '1 of them come from an earlier version of the pull request, which has been force-pushed since; 2 are commits of your own.');
    assert.equal(some.detail.split('\n\n').length, 3);
  });

  it('commits of its own and dirty: the dirty note comes last, for the branch that is checked out or another', () => {
    const here = planCheckout(state({ tip: TIP, ahead: 1, lost: 1, currentBranch: BR, dirtyFiles: ['a'], dirtyCount: 1 }));
    assert.match(here.detail.split('\n\n').at(-1)!, /^You have 1 uncommitted change\(s\) \(a\)\. They are kept/);
    const there = planCheckout(state({ tip: TIP, ahead: 1, lost: 1, dirtyFiles: ['a'], dirtyCount: 1 }));
    assert.match(there.detail.split('\n\n').at(-1)!, /^You have 1 uncommitted change\(s\) on main \(a\)\. Git carries them over to devin\/pr-7,/);
  });

  it('checked out in another worktree: only a new branch is offered, with a warning', () => {
    const p = planCheckout(state({ tip: TIP, ahead: 1, lost: 1, inOtherWorktree: true, freeName: `${BR}-3` }));
    assert.deepEqual(p, {
      message: `Branch ${BR} is checked out in another worktree of this repository, so it is not changed here.`,
      detail: `Pull request #7 can be checked out here as a new branch ${BR}-3 at its head (${h7}).`,
      warning: true,
      actions: [{ kind: 'newBranch', label: `Check Out as ${BR}-3`, branch: `${BR}-3` }],
    });
    const dirty = planCheckout(state({ tip: HEAD, inOtherWorktree: true, dirtyFiles: ['z'], dirtyCount: 1 }));
    assert.equal(dirty.actions.length, 1);
    assert.equal(dirty.detail.split('\n\n')[1], `You have 1 uncommitted change(s) on main (z). Git carries them over to ${BR}-2, or refuses to switch and changes nothing if they touch files that differ. Nothing is stashed or discarded.`);
  });
});

describe('a detached HEAD with commits only it holds: asked first, in these words', () => {
  const det = (patch: Partial<PrBranchState> = {}) => state({ currentBranch: undefined, detachedAt: DET, onNoBranch: 2, ...patch });
  const ways = [
    `"Create Branch and Check Out" asks for a name, creates that branch at ${d7} to keep them, then checks out the pull request.`,
    `"Check Out Anyway" leaves them on no branch. To get them back afterwards, run: git branch <name> ${DET} (HEAD's old position is also in: git reflog).`,
  ];

  it('a plan with one action: described in the same question, which covers it', () => {
    const plan = planCheckout(det());
    assert.deepEqual(planDetached(det(), plan), {
      message: `Your detached HEAD (${d7}) has 2 commit(s) that are on no branch, tag or remote branch. Checking out pull request #7 leaves them on no branch.`,
      detail: [...ways, `Create local branch ${BR} at the head of pull request #7 (${h7}) and check it out?`].join('\n\n'),
      warning: true,
      actions: [
        { kind: 'keepDetached', label: 'Create Branch and Check Out' },
        { kind: 'leaveDetached', label: 'Check Out Anyway' },
      ],
      coversPlan: true,
    });
    // The plan's detail (uncommitted changes) comes along.
    const dirty = det({ dirtyFiles: ['a'], dirtyCount: 1 });
    const q = planDetached(dirty, planCheckout(dirty))!;
    assert.equal(q.detail.split('\n\n').length, 4);
    assert.match(q.detail.split('\n\n')[3], /^You have 1 uncommitted change\(s\) on the detached HEAD \(a\)\./);
  });

  it('a plan with a choice of its own: named as the question that follows, not covered', () => {
    const s = det({ tip: TIP, ahead: 1, lost: 1 });
    const q = planDetached(s, planCheckout(s))!;
    assert.equal(q.coversPlan, false);
    assert.equal(q.detail, [...ways, `A second question follows: Local branch ${BR} has 1 commit(s) that pull request #7 does not have.`].join('\n\n'));
  });

  it('no question when HEAD is on a branch or the detached HEAD holds nothing of its own', () => {
    assert.equal(planDetached(state(), planCheckout(state())), undefined);
    assert.equal(planDetached(det({ onNoBranch: 0 }), planCheckout(det({ onNoBranch: 0 }))), undefined);
    assert.equal(planDetached(det({ detachedAt: undefined }), planCheckout(det())), undefined);
    assert.equal(planDetached(det({ onNoBranch: 1 }), planCheckout(det()))?.message.includes(' has 1 commit(s) '), true);
  });

  it('after checking out anyway: how to get them back', () => {
    assert.equal(leftOnNoBranch(det()), `2 commit(s) of the detached HEAD are on no branch now. To get them back, run: git branch <name> ${DET}`);
  });

  it('a branch name: git check-ref-format --branch decides, and it must print the name back; it must be new', async () => {
    const { git, calls } = scriptedGit({ refs: { 'refs/heads/main': TIP }, badNames: ['a..b'], normalized: { '@{-1}': 'main' } });
    assert.equal(await checkBranchName(git, 'ok/x'), undefined);
    assert.deepEqual(calls, [
      ['check-ref-format', '--branch', 'ok/x'],
      ['rev-parse', '--verify', '--quiet', 'refs/heads/ok/x^{commit}'],
    ]);
    assert.equal(await checkBranchName(git, ''), 'Enter a name for the branch.');
    assert.equal(await checkBranchName(git, 'a..b'), '"a..b" is not a valid branch name.');
    assert.equal(await checkBranchName(git, '@{-1}'), '"@{-1}" is not a valid branch name.');
    assert.equal(await checkBranchName(git, 'main'), 'Branch main already exists.');
    const odd = new TypeError('spawn failed');
    await assert.rejects(checkBranchName(scriptedGit({ refs: {}, fail: { 'check-ref-format': odd } }).git, 'x'), (e) => e === odd);
  });

  it('keeping the detached HEAD: checks the name and that HEAD is still there, then creates the branch only if new', async () => {
    const s = state({ currentBranch: undefined, detachedAt: DET, onNoBranch: 2 });
    const { git, calls, changes } = scriptedGit({ refs: { HEAD: DET }, headSha: DET });
    assert.equal(await keepDetachedHead(git, s, 'saved'), `Created branch saved at ${d7}: the commits of the detached HEAD are on it.`);
    assert.deepEqual(calls, [
      ['check-ref-format', '--branch', 'saved'],
      ['rev-parse', '--verify', '--quiet', 'refs/heads/saved^{commit}'],
      ['symbolic-ref', '--quiet', 'HEAD'],
      ['rev-parse', 'HEAD'],
      ['update-ref', '-m', 'devin: keep the detached HEAD before checking out pull request #7', 'refs/heads/saved', DET, '0'.repeat(40)],
    ]);
    assert.equal(changes().length, 1);
    // Refusals change nothing.
    const refuse = async (model: RepoModel, st: PrBranchState, name: string, message: string) => {
      const g = scriptedGit(model);
      await assert.rejects(keepDetachedHead(g.git, st, name), { message });
      assert.deepEqual(g.changes(), []);
      return g;
    };
    const notDetached = await refuse({ refs: {} }, state(), 'saved', 'HEAD is not detached');
    assert.deepEqual(notDetached.calls, []);
    await refuse({ refs: { HEAD: DET }, headSha: DET, badNames: ['bad name'] }, s, 'bad name', '"bad name" is not a valid branch name.');
    await refuse({ refs: { HEAD: DET, 'refs/heads/main': TIP }, headSha: DET }, s, 'main', 'Branch main already exists.');
    const moved = 'HEAD moved while you were asked; nothing was changed. Try again.';
    await refuse({ refs: { HEAD: DET }, headSha: EARLIER }, s, 'saved', moved);
    await refuse({ refs: { HEAD: DET, 'refs/heads/main': DET }, head: 'refs/heads/main' }, s, 'saved', moved);
  });

  it('expectDetachedHead: passes only while HEAD is detached at the same commit', async () => {
    const s = state({ currentBranch: undefined, detachedAt: DET, onNoBranch: 1 });
    await expectDetachedHead(scriptedGit({ refs: {}, headSha: DET }).git, s);
    await assert.rejects(expectDetachedHead(scriptedGit({ refs: {}, headSha: TIP }).git, s), /HEAD moved/);
    await assert.rejects(expectDetachedHead(scriptedGit({ refs: { 'refs/heads/x': DET }, head: 'refs/heads/x' }).git, s), /HEAD moved/);
  });
});

describe('applyCheckout: exactly the git commands of the chosen action', () => {
  const zeros = '0'.repeat(40);

  it('create: makes the branch only if it does not exist (all-zero old value), then switches', async () => {
    const { git, changes } = scriptedGit({ refs: {} });
    const said = await applyCheckout(git, state(), { kind: 'create', label: '', branch: BR });
    assert.equal(said, `Checked out ${BR} at the head of pull request #7.`);
    assert.deepEqual(changes(), [
      ['update-ref', '-m', 'devin: branch from pull request #7', `refs/heads/${BR}`, HEAD, zeros],
      ['checkout', '--quiet', BR, '--'],
    ]);
  });

  it('new branch: the same at the free name; a refused switch says the branch was made', async () => {
    const { git, changes } = scriptedGit({ refs: {} });
    assert.equal(await applyCheckout(git, state({ tip: TIP }), { kind: 'newBranch', label: '', branch: `${BR}-2` }), `Checked out ${BR}-2 at the head of pull request #7.`);
    assert.deepEqual(changes()[0], ['update-ref', '-m', 'devin: branch from pull request #7', `refs/heads/${BR}-2`, HEAD, zeros]);
    assert.deepEqual(changes()[1], ['checkout', '--quiet', `${BR}-2`, '--']);
    const refused = scriptedGit({ refs: {}, fail: { checkout: new GitError(['checkout'], 1, 'error: would be overwritten') } });
    await assert.rejects(applyCheckout(refused.git, state(), { kind: 'newBranch', label: '', branch: `${BR}-2` }), (e: Error) => {
      assert.ok(!(e instanceof GitError));
      assert.equal(e.message, `Created branch ${BR}-2, but did not switch to it: error: would be overwritten`);
      return true;
    });
  });

  it('a short head gives an all-zero old value of the same length', async () => {
    const { git, changes } = scriptedGit({ refs: {} });
    await applyCheckout(git, state({ head: 'abcd' }), { kind: 'create', label: '', branch: BR });
    assert.equal(changes()[0][5], '0000');
  });

  it('switch: only a checkout; git\'s refusal comes through unchanged', async () => {
    const { git, changes } = scriptedGit({ refs: {} });
    assert.equal(await applyCheckout(git, state({ tip: HEAD }), { kind: 'switch', label: '', branch: BR }), `Checked out ${BR}.`);
    assert.deepEqual(changes(), [['checkout', '--quiet', BR, '--']]);
    const err = new GitError(['checkout'], 1, 'error: no');
    const refused = scriptedGit({ refs: {}, fail: { checkout: err } });
    await assert.rejects(applyCheckout(refused.git, state({ tip: HEAD }), { kind: 'switch', label: '', branch: BR }), (e) => e === err);
  });

  it('an error that is not git\'s passes through untouched even with a context', async () => {
    const odd = new TypeError('boom');
    const { git } = scriptedGit({ refs: {}, fail: { checkout: odd } });
    await assert.rejects(applyCheckout(git, state(), { kind: 'create', label: '', branch: BR }), (e) => e === odd);
  });

  it('fast-forward of another branch: compare-and-swap from the old tip, then switch', async () => {
    const { git, changes } = scriptedGit({ refs: {} });
    assert.equal(await applyCheckout(git, state({ tip: TIP, behind: 1 }), { kind: 'fastForward', label: '', branch: BR }), `Updated and checked out ${BR}.`);
    assert.deepEqual(changes(), [
      ['update-ref', '-m', 'devin: fast-forward to pull request #7', `refs/heads/${BR}`, HEAD, TIP],
      ['checkout', '--quiet', BR, '--'],
    ]);
    const refused = scriptedGit({ refs: {}, fail: { checkout: new GitError(['checkout'], 1, 'nope') } });
    await assert.rejects(applyCheckout(refused.git, state({ tip: TIP }), { kind: 'fastForward', label: '', branch: BR }), {
      message: `Updated ${BR}, but did not switch to it: nope`,
    });
  });

  it('fast-forward of the checked-out branch: checks HEAD is still the tip, then merges --ff-only', async () => {
    const { git, calls, changes } = scriptedGit({ refs: { [`refs/heads/${BR}`]: TIP }, head: `refs/heads/${BR}` });
    const s = state({ tip: TIP, behind: 1, currentBranch: BR });
    assert.equal(await applyCheckout(git, s, { kind: 'fastForward', label: '', branch: BR }), `Updated ${BR} to the head of pull request #7.`);
    assert.deepEqual(calls, [['rev-parse', 'HEAD'], ['merge', '--ff-only', '--no-stat', HEAD]]);
    assert.equal(changes().length, 1);
    // HEAD moved while the user was asked: nothing runs.
    const moved = scriptedGit({ refs: {}, head: `refs/heads/${BR}`, headSha: EARLIER });
    await assert.rejects(applyCheckout(moved.git, s, { kind: 'fastForward', label: '', branch: BR }), {
      message: 'The branch moved while you were asked; nothing was changed. Try again.',
    });
    assert.deepEqual(moved.changes(), []);
  });

  it('fast-forward or reset without a branch is refused before git runs', async () => {
    const { git, calls } = scriptedGit({ refs: {} });
    await assert.rejects(applyCheckout(git, state(), { kind: 'fastForward', label: '', branch: BR }), { message: 'no branch to update' });
    await assert.rejects(applyCheckout(git, state({ currentBranch: BR }), { kind: 'reset', label: '', branch: BR }), { message: 'no branch to reset' });
    assert.deepEqual(calls, []);
  });

  it('reset of another branch: compare-and-swap naming the old tip in the reflog, then switch', async () => {
    const { git, changes } = scriptedGit({ refs: {} });
    const said = await applyCheckout(git, state({ tip: TIP, ahead: 1, lost: 1 }), { kind: 'reset', label: '', branch: BR });
    assert.equal(said, `Reset ${BR} to pull request #7. Its old tip was ${TIP}.`);
    assert.deepEqual(changes(), [
      ['update-ref', '-m', `devin: reset (was ${TIP}) to pull request #7`, `refs/heads/${BR}`, HEAD, TIP],
      ['checkout', '--quiet', BR, '--'],
    ]);
    const refused = scriptedGit({ refs: {}, fail: { checkout: new GitError(['checkout'], 1, 'no way') } });
    await assert.rejects(applyCheckout(refused.git, state({ tip: TIP }), { kind: 'reset', label: '', branch: BR }), {
      message: `Reset ${BR}, but did not switch to it: no way`,
    });
  });

  it('reset of the checked-out branch: HEAD checked, then reset --keep (never --hard)', async () => {
    const { git, calls } = scriptedGit({ refs: { [`refs/heads/${BR}`]: TIP }, head: `refs/heads/${BR}` });
    const said = await applyCheckout(git, state({ tip: TIP, ahead: 1, lost: 1, currentBranch: BR }), { kind: 'reset', label: '', branch: BR });
    assert.equal(said, `Reset ${BR} to pull request #7. Its old tip was ${TIP}.`);
    assert.deepEqual(calls, [['rev-parse', 'HEAD'], ['reset', '--keep', HEAD]]);
    const moved = scriptedGit({ refs: {}, head: `refs/heads/${BR}`, headSha: EARLIER });
    await assert.rejects(applyCheckout(moved.git, state({ tip: TIP, currentBranch: BR }), { kind: 'reset', label: '', branch: BR }), /The branch moved/);
    assert.deepEqual(moved.changes(), []);
  });
});

// ---- the command ---------------------------------------------------------------------------------

const PR = 'https://github.com/acme/app/pull/7';

/** A question the user was asked: a plan's or the detached HEAD's. */
type Asked = Omit<Question, 'actions'> & { actions: readonly { kind: string; label: string; branch?: string }[]; coversPlan?: boolean };

interface Seen {
  ok: boolean;
  plans: Asked[];
  infos: string[];
  errors: string[];
  logs: string[];
  fetches: { remote?: string; ref?: string }[];
  opened: { root: string; options: unknown }[];
  /** The name prompts: prompt, suggested value, and what validate said of the typed name. */
  names: { prompt: string; value: string; invalid: string | undefined }[];
}

function repository(remotes: GitRepositoryLike['state']['remotes'], fetched: { remote?: string; ref?: string }[], onFetch?: () => void): GitRepositoryLike {
  return {
    rootUri: { fsPath: '/repo' } as never,
    state: { remotes },
    fetch: async (o) => {
      fetched.push({ ...o });
      onFetch?.();
    },
    checkout: async () => assert.fail('the checkout does not go through the git extension'),
  };
}

/**
 * Runs the command with a scripted repository. The PR head appears in the private ref when the git
 * extension fetches; `answer` picks the action by kind (undefined: Cancel; a number: that index).
 */
async function command(
  model: RepoModel,
  answer: string | number | undefined | (string | number | undefined)[],
  opts: { url?: string; trusted?: boolean; api?: GitApiLike | null; gitPath?: string; fetchFails?: unknown; newHead?: string; name?: string } = {},
): Promise<Seen & { git: ReturnType<typeof scriptedGit> }> {
  const seen: Seen = { ok: false, plans: [], infos: [], errors: [], logs: [], fetches: [], opened: [], names: [] };
  const answers = Array.isArray(answer) ? [...answer] : [answer];
  const sg = scriptedGit(model);
  const repo = repository([{ name: 'origin', fetchUrl: 'git@github.com:acme/app.git' }], seen.fetches, () => {
    if (opts.fetchFails) throw opts.fetchFails;
    model.refs['refs/devin/pr/origin/7/head'] = opts.newHead ?? HEAD;
  });
  const api: GitApiLike | undefined = opts.api === null ? undefined : (opts.api ?? { repositories: [repo], git: opts.gitPath ? { path: opts.gitPath } : undefined });
  const ui: CheckoutUi = {
    getGitApi: async () => api,
    isTrusted: () => opts.trusted ?? true,
    ask: async (question) => {
      const q = question as Asked;
      seen.plans.push(q);
      const a = answers.shift();
      if (typeof a === 'number') return a;
      const i = q.actions.findIndex((x) => x.kind === a);
      return i < 0 ? undefined : i;
    },
    askName: async (prompt, value, validate) => {
      const invalid = opts.name === undefined ? undefined : await validate(opts.name);
      seen.names.push({ prompt, value, invalid });
      return invalid ? undefined : opts.name;
    },
    info: (m) => seen.infos.push(m),
    error: (m) => seen.errors.push(m),
    log: (m) => seen.logs.push(m),
    openGit: (root, options) => {
      seen.opened.push({ root, options });
      return sg.git;
    },
  };
  seen.ok = await checkoutPullRequest(opts.url ?? PR, ui);
  return { ...seen, git: sg };
}

describe('checkoutPullRequest: the command, with a scripted repository', () => {
  it('a first checkout fetches into the private ref, asks once, creates and switches', async () => {
    const r = await command({ refs: {}, head: 'refs/heads/main' }, 'create', { gitPath: '/opt/git' });
    assert.equal(r.ok, true);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.fetches, [{ remote: 'origin', ref: '+refs/pull/7/head:refs/devin/pr/origin/7/head' }]);
    assert.deepEqual(r.opened, [{ root: '/repo', options: { gitPath: '/opt/git' } }]);
    assert.equal(r.plans.length, 1);
    assert.equal(r.plans[0].message, `Create local branch ${BR} at the head of pull request #7 (${h7}) and check it out?`);
    assert.deepEqual(r.infos, [`Checked out ${BR} at the head of pull request #7.`]);
    assert.deepEqual(r.git.changes(), [
      ['update-ref', '-m', 'devin: branch from pull request #7', `refs/heads/${BR}`, HEAD, '0'.repeat(40)],
      ['checkout', '--quiet', BR, '--'],
    ]);
    assert.deepEqual(r.logs, []);
  });

  it('without the git extension\'s binary, opens git with no path', async () => {
    const r = await command({ refs: {}, head: 'refs/heads/main' }, undefined);
    assert.deepEqual(r.opened, [{ root: '/repo', options: { gitPath: undefined } }]);
  });

  it('a GitLab merge request fetches its own ref into devin/pr-<n>', async () => {
    const model: RepoModel = { refs: {}, head: 'refs/heads/main' };
    const seen: { remote?: string; ref?: string }[] = [];
    const sg = scriptedGit(model);
    const repo = repository([{ name: 'origin', fetchUrl: 'https://gitlab.com/g/sub/app.git' }], seen, () => {
      model.refs['refs/devin/pr/origin/5/head'] = HEAD;
    });
    const infos: string[] = [];
    const ok = await checkoutPullRequest('https://gitlab.com/g/sub/app/-/merge_requests/5', {
      getGitApi: async () => ({ repositories: [repo] }),
      isTrusted: () => true,
      ask: async () => 0,
      askName: async () => assert.fail('no name is asked for'),
      info: (m) => infos.push(m),
      error: (m) => assert.fail(m),
      log: () => undefined,
      openGit: () => sg.git,
    });
    assert.equal(ok, true);
    assert.deepEqual(seen, [{ remote: 'origin', ref: '+refs/merge-requests/5/head:refs/devin/pr/origin/5/head' }]);
    assert.deepEqual(infos, ['Checked out devin/pr-5 at the head of pull request #5.']);
  });

  it('Cancel, or an answer that is no action, changes nothing and resolves false', async () => {
    for (const answer of [undefined, 5, -1]) {
      const r = await command({ refs: {}, head: 'refs/heads/main' }, answer);
      assert.equal(r.ok, false);
      assert.equal(r.plans.length, 1);
      assert.deepEqual(r.git.changes(), []);
      assert.deepEqual([r.infos, r.errors], [[], []]);
    }
  });

  it('checked out and up to date: says so, asks nothing, changes nothing, resolves true', async () => {
    const r = await command({ refs: { [`refs/heads/${BR}`]: HEAD }, head: `refs/heads/${BR}` }, 'create');
    assert.equal(r.ok, true);
    assert.deepEqual(r.plans, []);
    assert.deepEqual(r.infos, [`Branch ${BR} is checked out and up to date with pull request #7.`]);
    assert.deepEqual(r.git.changes(), []);
  });

  it('passes the head an earlier fetch saw, so a force-pushed PR is told from the user\'s commits', async () => {
    const model: RepoModel = {
      refs: { [`refs/heads/${BR}`]: TIP, 'refs/devin/pr/origin/7/head': EARLIER },
      head: 'refs/heads/main',
      counts: {
        [`${TIP} --not ${HEAD}`]: '1',
        [`${HEAD} --not ${TIP}`]: '1',
        [`${TIP} --not ${HEAD} --exclude=${BR} --branches --tags --remotes`]: '1',
        [`${TIP} --not ${HEAD} ${EARLIER}`]: '0',
      },
    };
    const r = await command(model, undefined);
    assert.match(r.plans[0].detail, /^They all come from an earlier version of the pull request/);
  });

  it('the choice is carried out and its words shown; a refusal by git is shown and logged', async () => {
    const model = (): RepoModel => ({ refs: { [`refs/heads/${BR}`]: TIP }, head: 'refs/heads/main', counts: { [`${TIP} --not ${HEAD}`]: '0', [`${HEAD} --not ${TIP}`]: '2', [`${TIP} --not ${HEAD} --exclude=${BR} --branches --tags --remotes`]: '0' } });
    const r = await command(model(), 'fastForward');
    assert.equal(r.ok, true);
    assert.deepEqual(r.infos, [`Updated and checked out ${BR}.`]);
    const m = model();
    m.fail = { 'update-ref': new GitError(['update-ref'], 128, `fatal: cannot lock ref 'refs/heads/${BR}': is at ${EARLIER} but expected ${TIP}\n`) };
    const bad = await command(m, 'fastForward');
    assert.equal(bad.ok, false);
    assert.deepEqual(bad.infos, []);
    assert.deepEqual(bad.errors, [`Could not check out pull request #7: fatal: cannot lock ref 'refs/heads/${BR}': is at ${EARLIER} but expected ${TIP}`]);
    assert.deepEqual(bad.logs, [`checkout of acme/app#7: fastForward failed: fatal: cannot lock ref 'refs/heads/${BR}': is at ${EARLIER} but expected ${TIP}`]);
  });

  // A detached HEAD at DET with two commits only it holds; no devin/pr-7 yet (the plan: create).
  const detached = (patch: Partial<RepoModel> = {}): RepoModel => ({ refs: { HEAD: DET }, headSha: DET, counts: { [ON_NO_BRANCH]: '2' }, ...patch });
  const createPr = [
    ['update-ref', '-m', 'devin: branch from pull request #7', `refs/heads/${BR}`, HEAD, '0'.repeat(40)],
    ['checkout', '--quiet', BR, '--'],
  ];
  const keep = (name: string) => ['update-ref', '-m', 'devin: keep the detached HEAD before checking out pull request #7', `refs/heads/${name}`, DET, '0'.repeat(40)];

  it('detached HEAD, Create Branch and Check Out: one question, a validated name, the branch at HEAD, then the PR', async () => {
    const r = await command(detached(), 'keepDetached', { name: 'saved' });
    assert.deepEqual(r.errors, []);
    assert.equal(r.ok, true);
    assert.equal(r.plans.length, 1);
    assert.equal(r.plans[0].coversPlan, true);
    assert.match(r.plans[0].message, /^Your detached HEAD \(ddddddd\) has 2 commit\(s\)/);
    assert.deepEqual(r.names, [{ prompt: `A name for the new branch at ${d7} (the commits of the detached HEAD)`, value: `detached-${d7}`, invalid: undefined }]);
    assert.deepEqual(r.git.changes(), [keep('saved'), ...createPr]);
    assert.deepEqual(r.infos, [`Created branch saved at ${d7}: the commits of the detached HEAD are on it.`, `Checked out ${BR} at the head of pull request #7.`]);
    // The state is read again after the branch exists (its commits may be the PR branch's too).
    const statuses = r.git.calls.filter((c) => c[0] === 'status').length;
    assert.equal(statuses, 2);
  });

  it('detached HEAD, Check Out Anyway: checks HEAD did not move, checks out, says how to get the commits back', async () => {
    const r = await command(detached(), 'leaveDetached');
    assert.equal(r.ok, true);
    assert.deepEqual(r.names, []);
    assert.deepEqual(r.git.changes(), createPr);
    const i = r.git.calls.findIndex((c) => c[0] === 'update-ref');
    assert.deepEqual(r.git.calls.slice(i - 2, i), [['symbolic-ref', '--quiet', 'HEAD'], ['rev-parse', 'HEAD']]);
    assert.deepEqual(r.infos, [`Checked out ${BR} at the head of pull request #7. 2 commit(s) of the detached HEAD are on no branch now. To get them back, run: git branch <name> ${DET}`]);
    // HEAD moved meanwhile (a commit in a terminal): nothing is changed.
    const moved = await command(detached({ headSha: EARLIER }), 'leaveDetached');
    assert.equal(moved.ok, false);
    assert.deepEqual(moved.git.changes(), []);
    assert.deepEqual(moved.errors, ['Could not check out pull request #7: HEAD moved while you were asked; nothing was changed. Try again.']);
  });

  it('detached HEAD: Cancel, an answer that is no action, or a cancelled or refused name change nothing', async () => {
    for (const answer of [undefined, 2, -1]) {
      const r = await command(detached(), answer);
      assert.equal(r.ok, false);
      assert.equal(r.plans.length, 1);
      assert.deepEqual([r.git.changes(), r.names, r.infos, r.errors], [[], [], [], []]);
    }
    const noName = await command(detached(), 'keepDetached');
    assert.equal(noName.ok, false);
    assert.equal(noName.names.length, 1);
    assert.deepEqual([noName.git.changes(), noName.infos, noName.errors], [[], [], []]);
    const taken = await command(detached({ refs: { HEAD: DET, 'refs/heads/main': TIP } }), 'keepDetached', { name: 'main' });
    assert.equal(taken.ok, false);
    assert.equal(taken.names[0].invalid, 'Branch main already exists.');
    assert.deepEqual(taken.git.changes(), []);
  });

  it('detached HEAD: a failure to create the branch is shown and logged, and nothing is checked out', async () => {
    const r = await command(detached({ fail: { 'update-ref': new GitError(['update-ref'], 128, 'fatal: cannot lock ref') } }), 'keepDetached', { name: 'saved' });
    assert.equal(r.ok, false);
    assert.deepEqual(r.errors, ['Could not check out pull request #7: fatal: cannot lock ref']);
    assert.deepEqual(r.logs, ['checkout of acme/app#7: keepDetached failed: fatal: cannot lock ref']);
    assert.deepEqual(r.infos, []);
    assert.ok(!r.git.calls.some((c) => c[0] === 'checkout'));
  });

  it('detached HEAD and a PR branch with commits of its own: two questions, the plan\'s asked after the branch exists', async () => {
    const counts = {
      [ON_NO_BRANCH]: '1',
      [`${TIP} --not ${HEAD}`]: '1',
      [`${HEAD} --not ${TIP}`]: '1',
      [`${TIP} --not ${HEAD} --exclude=${BR} --branches --tags --remotes`]: '1',
    };
    const model = detached({ refs: { HEAD: DET, [`refs/heads/${BR}`]: TIP }, counts });
    // Once "saved" exists it holds the PR branch's commit: the reset label must say so.
    model.onChange = (args) => {
      if (args[3] === 'refs/heads/saved') counts[`${TIP} --not ${HEAD} --exclude=${BR} --branches --tags --remotes`] = '0';
    };
    const r = await command(model, ['keepDetached', 'newBranch'], { name: 'saved' });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.plans.map((p) => p.actions.map((a) => a.kind)), [['keepDetached', 'leaveDetached'], ['newBranch', 'reset']]);
    assert.equal(r.plans[0].coversPlan, false);
    assert.equal(r.plans[1].actions[1].label, `Reset ${BR} (loses 0 commit(s))`);
    assert.deepEqual(r.git.changes()[0], keep('saved'));
    assert.deepEqual(r.git.changes().slice(1), [
      ['update-ref', '-m', 'devin: branch from pull request #7', `refs/heads/${BR}-2`, HEAD, '0'.repeat(40)],
      ['checkout', '--quiet', `${BR}-2`, '--'],
    ]);
    // Check Out Anyway, then Cancel on the plan: nothing changes.
    const cancel = await command(detached({ refs: { HEAD: DET, [`refs/heads/${BR}`]: TIP }, counts: { ...counts } }), ['leaveDetached', undefined]);
    assert.equal(cancel.ok, false);
    assert.equal(cancel.plans.length, 2);
    assert.deepEqual(cancel.git.changes(), []);
    // Check Out Anyway, then Check Out as: the words say where the commits are.
    const leave = await command(detached({ refs: { HEAD: DET, [`refs/heads/${BR}`]: TIP }, counts: { ...counts } }), ['leaveDetached', 'newBranch']);
    assert.deepEqual(leave.infos, [`Checked out ${BR}-2 at the head of pull request #7. 1 commit(s) of the detached HEAD are on no branch now. To get them back, run: git branch <name> ${DET}`]);
  });

  it('detached HEAD: a plan that changes while the branch is created is asked again, not assumed', async () => {
    const model = detached();
    // Meanwhile devin/pr-7 appears at the PR head: the plan is no longer "create".
    model.onChange = (args) => {
      if (args[3] === 'refs/heads/saved') model.refs[`refs/heads/${BR}`] = HEAD;
    };
    const r = await command(model, ['keepDetached', 'switch'], { name: 'saved' });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.plans.map((p) => p.actions.map((a) => a.kind)), [['keepDetached', 'leaveDetached'], ['switch']]);
    assert.deepEqual(r.git.changes(), [keep('saved'), ['checkout', '--quiet', BR, '--']]);
  });

  it('detached HEAD: after the branch is made, a plan that gained or lost a choice is asked, never assumed', async () => {
    const counts = { [ON_NO_BRANCH]: '1', [`${TIP} --not ${HEAD}`]: '1', [`${HEAD} --not ${TIP}`]: '1', [`${TIP} --not ${HEAD} --exclude=${BR} --branches --tags --remotes`]: '1' };
    const elsewhere = ['worktree /w/other', 'HEAD ' + TIP, `branch refs/heads/${BR}`, ''].join('\n');
    // A choice of its own (new branch or reset) that becomes one action (the branch went to another worktree).
    const lost = detached({ refs: { HEAD: DET, [`refs/heads/${BR}`]: TIP }, counts });
    lost.onChange = (args) => {
      if (args[3] === 'refs/heads/saved') lost.worktrees = elsewhere;
    };
    const a = await command(lost, ['keepDetached', 'newBranch'], { name: 'saved' });
    assert.deepEqual(a.plans.map((p) => p.actions.map((x) => x.kind)), [['keepDetached', 'leaveDetached'], ['newBranch']]);
    // One action (in another worktree) that becomes a choice (the worktree is gone, the branch has its own commit).
    const gained = detached({ refs: { HEAD: DET, [`refs/heads/${BR}`]: TIP }, counts, worktrees: elsewhere });
    gained.onChange = (args) => {
      if (args[3] === 'refs/heads/saved') gained.worktrees = undefined;
    };
    const b = await command(gained, ['keepDetached', 'newBranch'], { name: 'saved' });
    assert.equal(b.plans[0].coversPlan, true);
    assert.deepEqual(b.plans.map((p) => p.actions.map((x) => x.kind)), [['keepDetached', 'leaveDetached'], ['newBranch', 'reset']]);
  });

  it('a detached HEAD that holds nothing of its own asks the plan\'s question only, as before', async () => {
    const r = await command(detached({ counts: { [ON_NO_BRANCH]: '0' } }), 'create');
    assert.equal(r.ok, true);
    assert.deepEqual(r.plans.map((p) => p.actions.map((a) => a.kind)), [['create']]);
    assert.deepEqual(r.infos, [`Checked out ${BR} at the head of pull request #7.`]);
    assert.deepEqual(r.git.changes(), createPr);
  });

  it('a failed fetch is shown in git\'s words and logged; nothing is asked or changed', async () => {
    const fetchFails = Object.assign(new Error('Failed to execute git'), { stderr: "fatal: couldn't find remote ref refs/pull/7/head\n" });
    const r = await command({ refs: {}, head: 'refs/heads/main' }, 'create', { fetchFails });
    assert.equal(r.ok, false);
    assert.deepEqual(r.errors, ["Could not check out pull request #7: fatal: couldn't find remote ref refs/pull/7/head"]);
    assert.deepEqual(r.logs, ["checkout of acme/app#7: fetching or reading the branch failed: fatal: couldn't find remote ref refs/pull/7/head"]);
    assert.deepEqual(r.plans, []);
    assert.deepEqual(r.git.changes(), []);
  });

  it('a failure reading the branch is reported the same way', async () => {
    const r = await command({ refs: {}, head: 'refs/heads/main', fail: { status: new GitError(['status'], 128, 'fatal: index file corrupt') } }, 'create');
    assert.equal(r.ok, false);
    assert.deepEqual(r.errors, ['Could not check out pull request #7: fatal: index file corrupt']);
    assert.equal(r.plans.length, 0);
  });

  it('refuses a link that is not a GitHub PR or GitLab MR, before anything else', async () => {
    for (const url of ['https://example.com/x', 'https://github.com/acme/app/issues/7', 'not a url']) {
      const r = await command({ refs: {} }, 'create', { url, trusted: false, api: null });
      assert.equal(r.ok, false);
      assert.deepEqual(r.errors, ['Only GitHub pull request links (…/owner/repo/pull/123) and GitLab merge request links (…/group/repo/-/merge_requests/12) can be checked out locally.']);
      assert.deepEqual([r.fetches, r.opened], [[], []]);
    }
  });

  it('runs no git in Restricted Mode', async () => {
    const r = await command({ refs: {} }, 'create', { trusted: false });
    assert.equal(r.ok, false);
    assert.deepEqual(r.errors, ['Checking out runs git in this workspace, which is in Restricted Mode. Trust the workspace first.']);
    assert.deepEqual([r.fetches, r.opened, r.git.calls], [[], [], []]);
  });

  it('explains a missing git extension and a workspace without a clone of the repository', async () => {
    const none = await command({ refs: {} }, 'create', { api: null });
    assert.equal(none.ok, false);
    assert.deepEqual(none.errors, ['The Git extension is disabled or unavailable, so the pull request branch cannot be checked out.']);
    const other = await command({ refs: {} }, 'create', { api: { repositories: [repository([{ name: 'origin', fetchUrl: 'git@github.com:acme/web.git' }], [])] } });
    assert.equal(other.ok, false);
    assert.deepEqual(other.errors, ['No repository open in this workspace has a remote for acme/app. Open a clone of it first.']);
    assert.deepEqual(other.opened, []);
  });
});

describe('errorText: git\'s own words, bounded', () => {
  it('prefers stderr, then the message, then the value itself; trims and cuts at 500', () => {
    assert.equal(errorText(Object.assign(new Error('Failed to execute git'), { stderr: '  fatal: x \n' })), 'fatal: x');
    assert.equal(errorText(Object.assign(new Error(' plain '), { stderr: ' \n' })), 'plain');
    assert.equal(errorText({ stderr: 5, message: 'm' }), 'm');
    assert.equal(errorText({ message: 7 }), '[object Object]');
    assert.equal(errorText(undefined), 'undefined');
    assert.equal(errorText(null), 'null');
    assert.equal(errorText(' text '), 'text');
    assert.equal(errorText(new Error('x'.repeat(600))), 'x'.repeat(500));
    assert.equal(errorText({ stderr: 'y'.repeat(501) }), 'y'.repeat(500));
  });
});

describe('PR links, remotes and the repository they belong to', () => {
  it('GitHub: http(s) only, no credentials, owner/repo/pull/<1 to 9 digits>, lower-cased, .git dropped', () => {
    assert.deepEqual(parseGitHubPrUrl('http://GitHub.example.com/Acme/App.GIT/pull/7'), { kind: 'github', host: 'github.example.com', repo: 'acme/app', number: 7 });
    assert.deepEqual(parseGitHubPrUrl('https://github.com/a/b/pull/123456789'), { kind: 'github', host: 'github.com', repo: 'a/b', number: 123456789 });
    assert.deepEqual(parseGitHubPrUrl('https://github.com/a/b/pull/5/'), { kind: 'github', host: 'github.com', repo: 'a/b', number: 5 });
    assert.deepEqual(parseGitHubPrUrl('https://github.com/a/b.github.io/pull/5'), { kind: 'github', host: 'github.com', repo: 'a/b.github.io', number: 5 });
    for (const bad of [
      'https://github.com/a/b/pull/1234567890',
      'https://github.com/a/b/pull/12x',
      'https://github.com/a/b/pull/',
      'https://user@github.com/a/b/pull/1',
      'https://:secret@github.com/a/b/pull/1',
      'ftp://github.com/a/b/pull/1',
      'https://github.com/x/a/b/pull/1',
      'https://github.com/a b/c/pull/1',
      'github.com/a/b/pull/1',
    ]) {
      assert.equal(parseGitHubPrUrl(bad), undefined, bad);
      assert.equal(parsePrUrl(bad), undefined, bad);
    }
  });

  it('no "." or ".." segment reaches the repository: URL parsing resolves them (%2e and backslash forms too), as a browser does', () => {
    for (const [url, repo] of [
      ['https://gitlab.com/g/x/../app/-/merge_requests/1', 'g/app'],
      ['https://gitlab.com/g/x/%2e%2E/app/-/merge_requests/1', 'g/app'],
      ['https://gitlab.com/g/x/.%2e/app/-/merge_requests/1', 'g/app'],
      ['https://gitlab.com/g/./app/-/merge_requests/1', 'g/app'],
      ['https://gitlab.com/g/%2E/app/-/merge_requests/1', 'g/app'],
      ['https://gitlab.com/g\\x\\..\\app/-/merge_requests/1', 'g/app'],
    ]) {
      assert.equal(parseGitLabMrUrl(url)?.repo, repo, url);
    }
    assert.equal(parseGitHubPrUrl('https://github.com/x/../acme/app/pull/1')?.repo, 'acme/app');
    assert.equal(parseGitHubPrUrl('https://github.com/acme/%2e%2e/pull/1'), undefined);
    // Resolved to fewer than a group and a repository: no match.
    for (const url of ['https://gitlab.com/a/../b/-/merge_requests/1', 'https://gitlab.com/../../-/merge_requests/1', 'https://gitlab.com/a/%2e%2e/-/merge_requests/1']) {
      assert.equal(parseGitLabMrUrl(url), undefined, url);
    }
  });

  it('GitLab: group[/subgroups]/repo/-/merge_requests/<n>, subgroups kept', () => {
    assert.deepEqual(parseGitLabMrUrl('http://GitLab.com/G/App.git/-/merge_requests/3/'), { kind: 'gitlab', host: 'gitlab.com', repo: 'g/app', number: 3 });
    assert.deepEqual(parseGitLabMrUrl('https://gitlab.com/a.b/c/-/merge_requests/3'), { kind: 'gitlab', host: 'gitlab.com', repo: 'a.b/c', number: 3 });
    for (const bad of [
      'https://gitlab.com/a/b/-/merge_requests/1234567890',
      'https://gitlab.com/a/b/-/merge_requests/1x',
      'https://:p@gitlab.com/a/b/-/merge_requests/1',
      'https://u@gitlab.com/a/b/-/merge_requests/1',
      'x/a/b/-/merge_requests/1',
    ]) {
      assert.equal(parseGitLabMrUrl(bad), undefined, bad);
    }
    // The path must match from its start (a segment git hosts refuse is not skipped over), and
    // only a trailing .git is dropped.
    assert.equal(parseGitLabMrUrl('https://gitlab.com/x%20y/a/b/-/merge_requests/1'), undefined);
    assert.deepEqual(parseGitLabMrUrl('https://gitlab.com/g/a.github.io/-/merge_requests/1'), { kind: 'gitlab', host: 'gitlab.com', repo: 'g/a.github.io', number: 1 });
    // A GitLab link is not a GitHub link and the other way round.
    assert.equal(parseGitLabMrUrl('https://github.com/a/b/pull/1'), undefined);
  });

  it('a remote is owner/repo on a host; anything else is not a GitHub-style remote', () => {
    assert.deepEqual(parseRemoteUrl('git@GitHub.com:Acme/App.git'), { host: 'github.com', repo: 'acme/app' });
    assert.equal(parseRemoteUrl(undefined), undefined);
    assert.equal(parseRemoteUrl('https://gitlab.com/g/sub/app.git'), undefined);
  });

  it('a remote belongs to a PR when owner/repo and host match, www./ssh./altssh. aside', () => {
    const pr = parsePrUrl('https://www.github.com/Acme/App/pull/1')!;
    assert.equal(pr.host, 'www.github.com');
    assert.equal(remoteMatchesPr('https://github.com/acme/app.git', pr), true);
    assert.equal(remoteMatchesPr('https://ssh.github.com/ACME/APP', pr), true);
    assert.equal(remoteMatchesPr(undefined, pr), false);
    assert.equal(remoteMatchesPr('https://github.com/acme/app/extra', pr), false);
    assert.equal(remoteMatchesPr('https://mygithub.com/acme/app', pr), false);
    assert.equal(remoteMatchesPr('https://github.com.evil.example/acme/app', pr), false);
    // Only a leading www./ssh./altssh. is an alias.
    const gh = parsePrUrl('https://git.example/acme/app/pull/1')!;
    assert.equal(remoteMatchesPr('https://git.ssh.example/acme/app', gh), false);
    assert.equal(remoteMatchesPr('https://ssh.git.example/acme/app', gh), true);
  });

  it('finds the clone by fetch or push URL; origin first, otherwise the remotes\' order', () => {
    const repo = (remotes: { name: string; fetchUrl?: string; pushUrl?: string }[]) => repository(remotes, []);
    const byPush = repo([{ name: 'fork', fetchUrl: 'git@github.com:me/app.git', pushUrl: 'git@github.com:acme/app.git' }]);
    assert.deepEqual(findRepoForPr({ repositories: [byPush] }, PR), { repository: byPush, remote: 'fork' });
    const originLast = repo([
      { name: 'a', fetchUrl: 'git@github.com:acme/app.git' },
      { name: 'b', fetchUrl: 'git@github.com:acme/app.git' },
      { name: 'origin', fetchUrl: 'git@github.com:acme/app.git' },
    ]);
    assert.equal(findRepoForPr({ repositories: [originLast] }, PR)?.remote, 'origin');
    const originFirst = repo([
      { name: 'origin', fetchUrl: 'git@github.com:acme/app.git' },
      { name: 'z', fetchUrl: 'git@github.com:acme/app.git' },
    ]);
    assert.equal(findRepoForPr({ repositories: [originFirst] }, PR)?.remote, 'origin');
    const noOrigin = repo([
      { name: 'b', fetchUrl: 'git@github.com:acme/app.git' },
      { name: 'a', fetchUrl: 'git@github.com:acme/app.git' },
    ]);
    assert.equal(findRepoForPr({ repositories: [noOrigin] }, PR)?.remote, 'b');
    const originElsewhere = repo([
      { name: 'origin', fetchUrl: 'git@github.com:acme/other.git' },
      { name: 'up', fetchUrl: 'git@github.com:acme/app.git' },
    ]);
    assert.equal(findRepoForPr({ repositories: [originElsewhere] }, PR)?.remote, 'up');
    // The remotes of the git extension's state are not reordered in place.
    const remotes = [
      { name: 'a', fetchUrl: 'x' },
      { name: 'origin', fetchUrl: 'y' },
    ];
    findRepoForPr({ repositories: [repo(remotes)] }, PR);
    assert.deepEqual(remotes.map((r) => r.name), ['a', 'origin']);
    assert.equal(findRepoForPr({ repositories: [originLast] }, 'https://example.com/acme/app/pull'), undefined);
    assert.equal(branchForPr(12), 'devin/pr-12');
  });
});
