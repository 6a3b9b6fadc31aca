// The pull request checkout on real git repositories: each test makes a bare origin that publishes
// refs/pull/N/head (or GitLab's refs/merge-requests/N/head), an author clone that moves the PR, and
// the user's clone, in a temp dir it removes afterwards. Git runs without the user's global or
// system config (GIT_CONFIG_GLOBAL=/dev/null, GIT_CONFIG_NOSYSTEM, no signing, fixed identity).
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { gitAt, GitError, type Git } from '../../src/git/gitCli';
import { applyCheckout, checkBranchName, inspectPrBranch, keepDetachedHead, parsePorcelainZ, planCheckout, type Question } from '../../src/git/prBranch';
import { fetchPrHead, privatePrRef, resolveCommit } from '../../src/git/prRefs';
import { checkoutPullRequest, errorText, type CheckoutUi, type GitApiLike } from '../../src/webview/checkout';

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

// Every temp dir is named after this process, so a run killed midway (Stryker kills test processes
// when a mutant makes them fail or hang) leaves dirs the next run removes: those of dead processes.
const PREFIX = `devin-checkout-${process.pid}-`;
for (const name of readdirSync(tmpdir())) {
  const pid = /^devin-checkout-(\d+)-/.exec(name)?.[1];
  if (!pid || Number(pid) === process.pid) continue;
  try {
    process.kill(Number(pid), 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const at = (cwd: string): Git => gitAt(cwd, { env: ENV });
const BR = 'devin/pr-7';

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
    const dir = mkdtempSync(join(tmpdir(), `${PREFIX}template-`));
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
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
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

/** The vscode.git API over the real clone: its remote claims the GitHub (or GitLab) URL of the PR. */
function fakeApi(f: Fixture, url = 'https://github.com/acme/app.git'): GitApiLike {
  return {
    repositories: [
      {
        rootUri: { fsPath: f.clone } as never,
        state: { remotes: [{ name: 'origin', fetchUrl: url }] },
        fetch: async (o) => void (await f.git.run(['fetch', '-q', '--', o!.remote!, o!.ref!])),
        checkout: async () => assert.fail('the checkout does not go through the git extension'),
      },
    ],
  };
}

/** A question the user was asked: a plan's or the detached HEAD's. */
type Asked = Omit<Question, 'actions'> & { actions: readonly { kind: string; label: string; branch?: string }[] };

interface Run {
  ok: boolean;
  plans: Asked[];
  infos: string[];
  errors: string[];
  /** The name prompts: the prompt, the suggested name, and what the validation said of the typed name. */
  names: { prompt: string; value: string; invalid: string | undefined }[];
}

/**
 * Runs the command as the details panel does; `answer` picks an action by kind (undefined = Cancel),
 * a list answers successive questions. `name` is typed into the name prompt; a name the validation
 * refuses cannot be accepted there, so the prompt is cancelled.
 */
async function run(
  f: Fixture,
  answer: string | undefined | (string | undefined)[],
  opts: { url?: string; remoteUrl?: string; trusted?: boolean; name?: string } = {},
): Promise<Run> {
  const r: Run = { ok: false, plans: [], infos: [], errors: [], names: [] };
  const answers = Array.isArray(answer) ? [...answer] : [answer];
  const ui: CheckoutUi = {
    getGitApi: async () => fakeApi(f, opts.remoteUrl),
    isTrusted: () => opts.trusted ?? true,
    ask: async (question) => {
      const q = question as Asked;
      r.plans.push(q);
      const kind = answers.shift();
      const i = q.actions.findIndex((a) => a.kind === kind);
      return i < 0 ? undefined : i;
    },
    askName: async (prompt, value, validate) => {
      const invalid = opts.name === undefined ? undefined : await validate(opts.name);
      r.names.push({ prompt, value, invalid });
      return invalid ? undefined : opts.name;
    },
    info: (m) => r.infos.push(m),
    error: (m) => r.errors.push(m),
    log: () => undefined,
    openGit: (root, o) => gitAt(root, { ...o, env: ENV }),
  };
  r.ok = await checkoutPullRequest(opts.url ?? 'https://github.com/acme/app/pull/7', ui);
  return r;
}

const kinds = (p: Asked | undefined) => p?.actions.map((a) => a.kind);

describe('PR refs', () => {
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

  it('reads git status paths, skipping the original path of a rename', () => {
    assert.deepEqual(parsePorcelainZ(' M a.txt\0R  new.txt\0old.txt\0M  b c\0'), ['a.txt', 'new.txt', 'b c']);
    assert.deepEqual(parsePorcelainZ(''), []);
  });
});

describe('PR checkout on real repositories', () => {
  it('a first checkout creates the branch at the PR head and checks it out', async () => {
    const f = await fixture();
    const r = await run(f, 'create');
    assert.deepEqual(r.errors, []);
    assert.ok(r.ok);
    assert.deepEqual(kinds(r.plans[0]), ['create']);
    assert.equal(r.plans[0].warning, false);
    assert.equal(await f.current(), BR);
    assert.equal(await f.tip(BR), await resolveCommit(f.git, privatePrRef('origin', 7)));
    assert.equal(f.read('pr.txt'), 'one\n');
    assert.deepEqual(await f.branches(), [BR, 'main']);
  });

  it('Cancel on the first checkout creates nothing', async () => {
    const f = await fixture();
    const r = await run(f, undefined);
    assert.equal(r.ok, false);
    assert.equal(r.plans.length, 1);
    assert.deepEqual(await f.branches(), ['main']);
    assert.equal(await f.current(), 'main');
  });

  it('a GitLab merge request checks out the same way', async () => {
    const f = await fixture('gitlab');
    const r = await run(f, 'create', { url: 'https://gitlab.com/acme/app/-/merge_requests/5', remoteUrl: 'git@gitlab.com:acme/app.git' });
    assert.deepEqual(r.errors, []);
    assert.equal(await f.current(), 'devin/pr-5');
    assert.equal(await f.tip('devin/pr-5'), await resolveCommit(f.git, 'refs/devin/pr/origin/5/head'));
    assert.deepEqual(await f.branches(), ['devin/pr-5', 'main']);
  });

  it('a second checkout after the PR moved fast-forwards the branch (not checked out)', async () => {
    const f = await fixture();
    await run(f, 'create');
    await f.git.run(['checkout', '-q', 'main']);
    const moved = await f.movePr('pr.txt', 'two\n');
    const r = await run(f, 'fastForward');
    assert.deepEqual(r.errors, []);
    assert.deepEqual(kinds(r.plans[0]), ['fastForward']);
    assert.match(r.plans[0].message, /1 new commit/);
    assert.equal(await f.tip(BR), moved);
    assert.equal(await f.current(), BR);
    assert.equal(f.read('pr.txt'), 'two\n');
    assert.deepEqual(await f.branches(), [BR, 'main']);
  });

  it('the branch checked out and clean is fast-forwarded (it used to never update)', async () => {
    const f = await fixture();
    await run(f, 'create');
    const moved = await f.movePr('more.txt', 'x\n');
    const r = await run(f, 'fastForward');
    assert.deepEqual(r.errors, []);
    assert.equal(r.plans[0].warning, false);
    assert.equal(await f.tip(BR), moved);
    assert.equal((await f.git.run(['rev-parse', 'HEAD'])).trim(), moved);
    assert.equal(f.read('more.txt'), 'x\n');
    assert.equal((await f.git.run(['status', '--porcelain'])).trim(), '');
    assert.deepEqual(await f.branches(), [BR, 'main']);
  });

  it('checked out and up to date: says so and asks nothing', async () => {
    const f = await fixture();
    await run(f, 'create');
    const r = await run(f, 'create');
    assert.ok(r.ok);
    assert.equal(r.plans.length, 0);
    assert.match(r.infos.join(), /up to date/);
  });

  it('checked out and dirty: nothing is touched without consent, and consent keeps the changes', async () => {
    const f = await fixture();
    await run(f, 'create');
    const before = await f.tip(BR);
    const moved = await f.movePr('more.txt', 'x\n');
    f.write('README', 'my edit\n');
    const r = await run(f, undefined);
    assert.equal(r.ok, false);
    assert.equal(r.plans[0].warning, true);
    assert.match(r.plans[0].detail, /1 uncommitted change\(s\) \(README\)/);
    assert.equal(await f.tip(BR), before);
    assert.equal(f.read('README'), 'my edit\n');
    assert.equal((await f.git.run(['status', '--porcelain'])).trim(), 'M README');
    // Consent: git updates around the change.
    const r2 = await run(f, 'fastForward');
    assert.deepEqual(r2.errors, []);
    assert.equal(await f.tip(BR), moved);
    assert.equal(f.read('README'), 'my edit\n');
    assert.deepEqual(await f.branches(), [BR, 'main']);
  });

  it('checked out and dirty where the PR changed the same file: git refuses, nothing changes', async () => {
    const f = await fixture();
    await run(f, 'create');
    const before = await f.tip(BR);
    await f.movePr('pr.txt', 'theirs\n');
    f.write('pr.txt', 'mine\n');
    const r = await run(f, 'fastForward');
    assert.equal(r.ok, false);
    assert.match(r.errors.join(), /overwritten/);
    assert.equal(await f.tip(BR), before);
    assert.equal(f.read('pr.txt'), 'mine\n');
  });

  it('a dirty tree elsewhere is named before switching; Cancel creates nothing, consent carries the changes', async () => {
    const f = await fixture();
    f.write('README', 'wip\n');
    const r = await run(f, undefined);
    assert.equal(r.plans[0].warning, true);
    assert.match(r.plans[0].detail, /uncommitted change\(s\) on main \(README\)/);
    assert.deepEqual(await f.branches(), ['main']);
    assert.equal(await f.current(), 'main');
    assert.equal(f.read('README'), 'wip\n');
    const r2 = await run(f, 'create');
    assert.deepEqual(r2.errors, []);
    assert.equal(await f.current(), BR);
    assert.equal(f.read('README'), 'wip\n');
    assert.deepEqual(await f.branches(), [BR, 'main']);
  });

  it('a local commit on devin/pr-7 survives a second checkout, whatever the answer short of Reset', async () => {
    const f = await fixture();
    await run(f, 'create');
    const mine = await f.commitLocal('mine.txt', 'local work\n');
    const moved = await f.movePr('pr.txt', 'two\n');
    await f.git.run(['checkout', '-q', 'main']);

    const cancel = await run(f, undefined);
    assert.deepEqual(kinds(cancel.plans[0]), ['newBranch', 'reset']);
    assert.equal(await f.tip(BR), mine);

    const keep = await run(f, 'newBranch');
    assert.deepEqual(keep.errors, []);
    assert.equal(await f.tip(BR), mine);
    assert.equal(await f.tip('devin/pr-7-2'), moved);
    assert.equal(await f.current(), 'devin/pr-7-2');
    assert.match(await f.git.run(['branch', '--contains', mine]), /devin\/pr-7\n/);
    assert.deepEqual(await f.branches(), [BR, 'devin/pr-7-2', 'main']);

    // A third checkout: devin/pr-7-2 is taken, so the offer is devin/pr-7-3.
    await f.git.run(['checkout', '-q', 'main']);
    const third = await run(f, undefined);
    assert.equal(third.plans[0].actions[0].branch, 'devin/pr-7-3');
    assert.equal(await f.tip(BR), mine);
  });

  it('diverged: the question counts the commits a reset would lose', async () => {
    const f = await fixture();
    await run(f, 'create');
    const first = await f.commitLocal('a.txt', '1\n');
    await f.commitLocal('b.txt', '2\n');
    await f.movePr('pr.txt', 'two\n');
    const head = (await fetchPrHead(f.git, 'github', 'origin', 7)).sha;
    let s = await inspectPrBranch(f.git, 7, BR, head);
    assert.deepEqual([s.ahead, s.lost, s.behind], [2, 2, 1]);
    let plan = planCheckout(s);
    assert.deepEqual(kinds(plan), ['newBranch', 'reset']);
    assert.equal(plan.actions[1].label, 'Reset devin/pr-7 (loses 2 commit(s))');
    assert.match(plan.detail, new RegExp(`git branch <name> ${s.tip}`));
    // One of the two commits is also on another branch: a reset loses only the other.
    await f.git.run(['branch', 'keep', first]);
    s = await inspectPrBranch(f.git, 7, BR, head);
    assert.deepEqual([s.ahead, s.lost], [2, 1]);
    plan = planCheckout(s);
    assert.equal(plan.actions[1].label, 'Reset devin/pr-7 (loses 1 commit(s))');
    assert.match(plan.detail, /1 of these commits are also on other branches/);
  });

  it('after a force-push, the question tells the old PR version from the user\'s own commits', async () => {
    const f = await fixture();
    await run(f, 'create');
    await f.git.run(['checkout', '-q', 'main']);
    const rewritten = await f.rewritePr('pr.txt', 'rewritten\n');
    const r = await run(f, undefined);
    assert.deepEqual(kinds(r.plans[0]), ['newBranch', 'reset']);
    assert.match(r.plans[0].detail, /They all come from an earlier version of the pull request/);
    assert.equal(r.plans[0].actions[1].label, 'Reset devin/pr-7 (loses 1 commit(s))');
    // With a commit of the user's own on top, the question says which is which.
    await f.git.run(['checkout', '-q', BR]);
    const mine = await f.commitLocal('mine.txt', 'x\n');
    const head = await fetchPrHead(f.git, 'github', 'origin', 7);
    assert.equal(head.sha, rewritten);
    assert.equal(head.previous, rewritten);
    const s = await inspectPrBranch(f.git, 7, BR, head.sha, (await f.git.run(['rev-parse', `${mine}~1`])).trim());
    assert.deepEqual([s.ahead, s.fromEarlierHead, s.lost], [2, 1, 2]);
    assert.match(planCheckout(s).detail, /1 of them come from an earlier version of the pull request, which has been force-pushed since; 1 are commits of your own/);
  });

  it('reset happens only when chosen, and the old tip stays recoverable from the reflog', async () => {
    const f = await fixture();
    await run(f, 'create');
    const mine = await f.commitLocal('mine.txt', 'local\n');
    const moved = await f.movePr('pr.txt', 'two\n');
    await f.git.run(['checkout', '-q', 'main']);
    const r = await run(f, 'reset');
    assert.deepEqual(r.errors, []);
    assert.equal(await f.tip(BR), moved);
    assert.equal(await f.current(), BR);
    assert.equal((await f.git.run(['rev-parse', `${BR}@{1}`])).trim(), mine);
    assert.match(r.infos.join(), new RegExp(mine));
    assert.deepEqual(await f.branches(), [BR, 'main']);
  });

  it('reset of the checked-out branch keeps uncommitted changes (git reset --keep)', async () => {
    const f = await fixture();
    await run(f, 'create');
    const mine = await f.commitLocal('mine.txt', 'local\n');
    const moved = await f.movePr('pr.txt', 'two\n');
    f.write('README', 'wip\n');
    const r = await run(f, 'reset');
    assert.deepEqual(r.errors, []);
    assert.equal(await f.tip(BR), moved);
    assert.equal(f.read('README'), 'wip\n');
    assert.equal((await f.git.run(['rev-parse', `${BR}@{1}`])).trim(), mine);
    assert.deepEqual(await f.branches(), [BR, 'main']);
  });

  it('a branch that moves while the user is asked is left alone', async () => {
    const f = await fixture();
    await run(f, 'create');
    await f.git.run(['checkout', '-q', 'main']);
    await f.movePr('pr.txt', 'two\n');
    const head = (await fetchPrHead(f.git, 'github', 'origin', 7)).sha;
    const s = await inspectPrBranch(f.git, 7, BR, head);
    const plan = planCheckout(s);
    assert.deepEqual(kinds(plan), ['fastForward']);
    // Meanwhile the user commits on the branch in a terminal.
    await f.git.run(['checkout', '-q', BR]);
    const mine = await f.commitLocal('mine.txt', 'x\n');
    await f.git.run(['checkout', '-q', 'main']);
    await assert.rejects(applyCheckout(f.git, s, plan.actions[0]), GitError);
    assert.equal(await f.tip(BR), mine);
    // A branch created meanwhile is not overwritten either.
    const s2 = { ...s, tip: undefined };
    await assert.rejects(applyCheckout(f.git, s2, { kind: 'create', label: '', branch: BR }), GitError);
    assert.equal(await f.tip(BR), mine);
  });

  it('a branch checked out in another worktree is not moved; a new branch is offered', async () => {
    const f = await fixture();
    await run(f, 'create');
    const tip = await f.tip(BR);
    await f.git.run(['checkout', '-q', 'main']);
    await f.git.run(['worktree', 'add', '-q', join(f.dir, 'wt'), BR]);
    await f.movePr('pr.txt', 'two\n');
    const r = await run(f, 'newBranch');
    assert.deepEqual(kinds(r.plans[0]), ['newBranch']);
    assert.equal(await f.tip(BR), tip);
    assert.equal(await f.current(), 'devin/pr-7-2');
    assert.deepEqual(await f.branches(), [BR, 'devin/pr-7-2', 'main']);
  });

  // ---- a detached HEAD with commits of its own (review finding M4: they were left on no branch, unannounced)

  /** The clone on a detached HEAD (at main) with one commit only HEAD holds. */
  async function detachedWithCommit(f: Fixture): Promise<string> {
    await f.git.run(['checkout', '-q', '--detach', 'main']);
    return f.commitLocal('mine.txt', 'detached work\n');
  }
  const onBranches = async (f: Fixture, sha: string) => (await f.git.run(['for-each-ref', '--contains', sha, '--format=%(refname)', 'refs/heads', 'refs/tags', 'refs/remotes'])).split('\n').filter(Boolean).sort();
  const headSha = async (f: Fixture) => (await f.git.run(['rev-parse', 'HEAD'])).trim();

  it('detached HEAD with a commit of its own: the question says so first, with the count and the commit; Cancel changes nothing', async () => {
    const f = await fixture();
    const mine = await detachedWithCommit(f);
    const r = await run(f, undefined);
    assert.equal(r.ok, false);
    assert.equal(r.plans.length, 1);
    assert.deepEqual(kinds(r.plans[0]), ['keepDetached', 'leaveDetached']);
    assert.equal(r.plans[0].warning, true);
    assert.equal(
      r.plans[0].message,
      `Your detached HEAD (${mine.slice(0, 7)}) has 1 commit(s) that are on no branch, tag or remote branch. Checking out pull request #7 leaves them on no branch.`,
    );
    assert.match(r.plans[0].detail, new RegExp(`git branch <name> ${mine}`));
    // The plan's own question (one action) is in the same dialog, so one answer covers both.
    assert.match(r.plans[0].detail, /Create local branch devin\/pr-7 at the head of pull request #7/);
    assert.equal(await headSha(f), mine);
    await assert.rejects(f.current(), GitError, 'HEAD is still detached');
    assert.deepEqual(await f.branches(), ['main']);
    assert.deepEqual(r.names, []);
  });

  it('"Create Branch and Check Out": the commit is on the named branch, then the PR is checked out', async () => {
    const f = await fixture();
    const mine = await detachedWithCommit(f);
    const r = await run(f, 'keepDetached', { name: 'saved/work' });
    assert.deepEqual(r.errors, []);
    assert.ok(r.ok);
    assert.equal(r.plans.length, 1, 'one question: it covered the single action of the plan');
    assert.deepEqual(r.names, [{ prompt: `A name for the new branch at ${mine.slice(0, 7)} (the commits of the detached HEAD)`, value: `detached-${mine.slice(0, 7)}`, invalid: undefined }]);
    assert.equal(await f.tip('saved/work'), mine);
    assert.deepEqual(await onBranches(f, mine), ['refs/heads/saved/work']);
    assert.equal(await f.current(), BR);
    assert.equal(await f.tip(BR), await resolveCommit(f.git, privatePrRef('origin', 7)));
    assert.deepEqual(await f.branches(), [BR, 'main', 'saved/work']);
    assert.deepEqual(r.infos, [`Created branch saved/work at ${mine.slice(0, 7)}: the commits of the detached HEAD are on it.`, `Checked out ${BR} at the head of pull request #7.`]);
  });

  it('the branch name is checked by git check-ref-format and must be new; a refused name creates nothing', async () => {
    const f = await fixture();
    const mine = await detachedWithCommit(f);
    assert.equal(await checkBranchName(f.git, 'ok/name'), undefined);
    assert.equal(await checkBranchName(f.git, ''), 'Enter a name for the branch.');
    for (const bad of ['a..b', '-x', 'HEAD', 'with space', 'x.lock', '@{-1}', 'a~1', 'end/']) {
      assert.equal(await checkBranchName(f.git, bad), `"${bad}" is not a valid branch name.`, bad);
    }
    assert.equal(await checkBranchName(f.git, 'main'), 'Branch main already exists.');
    const r = await run(f, 'keepDetached', { name: 'main' });
    assert.equal(r.ok, false);
    assert.equal(r.names[0].invalid, 'Branch main already exists.');
    assert.equal(await headSha(f), mine);
    assert.deepEqual(await f.branches(), ['main']);
    assert.equal(await f.tip('main'), (await f.git.run(['rev-parse', `${mine}~1`])).trim());
  });

  it('"Check Out Anyway" checks out the PR and says how to get the commit back, which works', async () => {
    const f = await fixture();
    const mine = await detachedWithCommit(f);
    const r = await run(f, 'leaveDetached');
    assert.deepEqual(r.errors, []);
    assert.ok(r.ok);
    assert.equal(r.plans.length, 1);
    assert.equal(await f.current(), BR);
    assert.deepEqual(await onBranches(f, mine), []);
    assert.deepEqual(r.infos, [`Checked out ${BR} at the head of pull request #7. 1 commit(s) of the detached HEAD are on no branch now. To get them back, run: git branch <name> ${mine}`]);
    await f.git.run(['branch', 'back', mine]);
    assert.equal(await f.tip('back'), mine);
  });

  it('a plan with a choice of its own is asked second; the new branch is counted when it is', async () => {
    const f = await fixture();
    await run(f, 'create');
    const own = await f.commitLocal('own.txt', 'on the PR branch\n');
    await f.movePr('pr.txt', 'two\n');
    // Detached on top of devin/pr-7's own commit, with one more.
    await f.git.run(['checkout', '-q', '--detach']);
    const mine = await f.commitLocal('mine.txt', 'detached\n');
    const r = await run(f, ['keepDetached', 'newBranch'], { name: 'keep' });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.plans.map(kinds), [['keepDetached', 'leaveDetached'], ['newBranch', 'reset']]);
    assert.match(r.plans[0].detail, /A second question follows: Local branch devin\/pr-7 has 1 commit\(s\)/);
    // Asked after the branch "keep" exists, which holds devin/pr-7's commit: a reset loses none.
    assert.equal(r.plans[1].actions[1].label, 'Reset devin/pr-7 (loses 0 commit(s))');
    assert.equal(await f.tip('keep'), mine);
    assert.equal(await f.tip(BR), own);
    assert.equal(await f.current(), 'devin/pr-7-2');
  });

  it('a detached HEAD whose commits a branch, tag or remote branch holds, or the PR head itself, asks as before', async () => {
    const f = await fixture();
    // At main (a branch and origin/main hold it).
    await f.git.run(['checkout', '-q', '--detach', 'main']);
    let r = await run(f, undefined);
    assert.deepEqual(kinds(r.plans[0]), ['create']);
    assert.equal(r.plans[0].detail, '');
    // A commit that only a tag holds.
    const tagged = await f.commitLocal('t.txt', 't\n');
    await f.git.run(['tag', 'v1', tagged]);
    r = await run(f, undefined);
    assert.deepEqual(kinds(r.plans[0]), ['create']);
    // At the PR head: the branch checked out afterwards holds it.
    await f.git.run(['checkout', '-q', '--detach', privatePrRef('origin', 7)]);
    r = await run(f, 'create');
    assert.deepEqual(r.errors, []);
    assert.deepEqual(kinds(r.plans[0]), ['create']);
    assert.equal(await f.current(), BR);
  });

  it('a private PR ref does not count as keeping a detached commit: the next fetch overwrites it', async () => {
    const f = await fixture();
    const mine = await detachedWithCommit(f);
    await f.git.run(['update-ref', 'refs/devin/pr/origin/12/head', mine]);
    const r = await run(f, undefined);
    assert.deepEqual(kinds(r.plans[0]), ['keepDetached', 'leaveDetached']);
    assert.match(r.plans[0].message, /has 1 commit\(s\)/);
    // The PR was force-pushed since HEAD was detached at its old head: the old head is counted too.
    const g = await fixture();
    await run(g, 'create');
    await g.git.run(['checkout', '-q', '--detach', privatePrRef('origin', 7)]);
    const old = await headSha(g);
    await g.git.run(['checkout', '-q', 'main']);
    await g.git.run(['branch', '-D', BR]);
    await g.git.run(['checkout', '-q', '--detach', old]);
    await g.rewritePr('pr.txt', 'rewritten\n');
    const r2 = await run(g, undefined);
    assert.deepEqual(kinds(r2.plans[0]), ['keepDetached', 'leaveDetached']);
    assert.match(r2.plans[0].message, new RegExp(`\\(${old.slice(0, 7)}\\) has 1 commit`));
  });

  it('HEAD that moves while the user is asked is not left behind', async () => {
    const f = await fixture();
    const mine = await detachedWithCommit(f);
    const head = await fetchPrHead(f.git, 'github', 'origin', 7);
    const s = await inspectPrBranch(f.git, 7, BR, head.sha, head.previous);
    assert.deepEqual([s.detachedAt, s.onNoBranch], [mine, 1]);
    const later = await f.commitLocal('later.txt', 'x\n');
    await assert.rejects(keepDetachedHead(f.git, s, 'saved'), { message: 'HEAD moved while you were asked; nothing was changed. Try again.' });
    assert.deepEqual(await f.branches(), ['main']);
    assert.equal(await headSha(f), later);
  });

  it('runs no git in an untrusted workspace and explains', async () => {
    const f = await fixture();
    const r = await run(f, 'create', { trusted: false });
    assert.equal(r.ok, false);
    assert.match(r.errors.join(), /Restricted Mode/);
    assert.equal(await resolveCommit(f.git, privatePrRef('origin', 7)), undefined);
  });

  it('errors show git\'s own words (the git extension keeps them in stderr)', () => {
    assert.equal(errorText(Object.assign(new Error('Failed to execute git'), { stderr: 'fatal: could not read Username\n' })), 'fatal: could not read Username');
    assert.equal(errorText(Object.assign(new Error('plain'), { stderr: '  ' })), 'plain');
    assert.equal(errorText('text'), 'text');
    assert.equal(errorText(new Error('x'.repeat(600))).length, 500);
  });

  it('a PR the origin does not publish is a clear error that creates nothing', async () => {
    const f = await fixture();
    const r = await run(f, 'create', { url: 'https://github.com/acme/app/pull/8' });
    assert.equal(r.ok, false);
    assert.match(r.errors.join(), /Could not check out pull request #8/);
    assert.match(r.errors.join(), /refs\/pull\/8\/head/);
    assert.deepEqual(await f.branches(), ['main']);
  });
});
