// The local branch of a pull request: what is there, what checking out the fetched PR head would
// do to it, and doing it. No vscode import (the words go through @vscode/l10n): the decisions are
// unit-tested on real repositories, and the UI only shows a plan's question and runs the action
// the user picked.
//
// The rules, so that no local work is ever lost:
// - The PR head arrives in a private ref (prRefs.ts); a fetch never writes a branch.
// - The branch is created only when it does not exist, and moved forward only when it has no
//   commits of its own (its tip is an ancestor of the PR head). Every ref update names the old tip
//   (compare-and-swap), so a branch that moved meanwhile is left alone.
// - A branch with commits of its own is never moved without the user choosing "Reset", whose
//   label says how many commits end up on no branch and whose detail says how to get them back.
// - Uncommitted changes are never stashed, reset or discarded: the question says they are there,
//   and git itself refuses a switch or update that would overwrite them.
// - Commits made on a detached HEAD that no branch, tag or remote-tracking ref holds would be left
//   on no branch by the switch: the user is asked first (planDetached) and can put a branch on them.
import * as l10n from '@vscode/l10n';
import type { Git } from './gitCli';
import { GitError } from './gitCli';
import { resolveCommit } from './prRefs';

export interface PrBranchState {
  prNumber: number;
  /** The local branch name, e.g. devin/pr-7. */
  branch: string;
  /** The fetched PR head commit. */
  head: string;
  /** The local branch's tip, undefined when the branch does not exist. */
  tip: string | undefined;
  /** The checked-out branch (short name), undefined when HEAD is detached. */
  currentBranch: string | undefined;
  /** The branch is checked out in another worktree of this repository. */
  inOtherWorktree: boolean;
  /** Tracked files with uncommitted changes (staged or not), at most MAX_LISTED of them. */
  dirtyFiles: string[];
  dirtyCount: number;
  /** Commits on the branch that the PR head does not have (0 when there is no branch). */
  ahead: number;
  /** Of those, the commits no other branch, tag or remote-tracking ref holds. */
  lost: number;
  /** Commits of the PR head the branch does not have. */
  behind: number;
  /** Of `ahead`, the commits that were in the PR head fetched last time (the PR was force-pushed). */
  fromEarlierHead: number;
  /** The first free `<branch>-<k>` name, for keeping a branch with commits of its own. */
  freeName: string;
  /** HEAD's commit when HEAD is detached; undefined when a branch is checked out. */
  detachedAt: string | undefined;
  /**
   * Commits of the detached HEAD that only HEAD holds: on no branch, tag or remote-tracking ref, and
   * not in the PR head (which the branch checked out afterwards holds). 0 when not detached.
   */
  onNoBranch: number;
}

const MAX_LISTED = 5;

/** `previousHead`: the PR head an earlier fetch saw, to tell an old version of the PR from the user's own commits. */
export async function inspectPrBranch(git: Git, prNumber: number, branch: string, head: string, previousHead?: string): Promise<PrBranchState> {
  const ref = `refs/heads/${branch}`;
  const [tip, symbolic, status, worktrees] = await Promise.all([
    resolveCommit(git, ref),
    git.tryRun(['symbolic-ref', '--quiet', 'HEAD']),
    git.run(['status', '--porcelain', '-z', '--untracked-files=no']),
    git.tryRun(['worktree', 'list', '--porcelain']),
  ]);
  const headRef = symbolic?.trim();
  const currentBranch = headRef?.startsWith('refs/heads/') ? headRef.slice('refs/heads/'.length) : undefined;
  const current = currentBranch === branch;
  const inOtherWorktree = !current && !!worktrees?.split('\n').some((l) => l === `branch ${ref}`);
  const dirty = parsePorcelainZ(status);
  let ahead = 0;
  let lost = 0;
  let behind = 0;
  let fromEarlierHead = 0;
  if (tip && tip !== head) {
    const earlier = previousHead && previousHead !== head ? previousHead : undefined;
    let notEarlier: number;
    [ahead, behind, lost, notEarlier] = await Promise.all([
      count(git, [tip, '--not', head]),
      count(git, [head, '--not', tip]),
      count(git, [tip, '--not', head, `--exclude=${branch}`, '--branches', '--tags', '--remotes']),
      earlier ? count(git, [tip, '--not', head, earlier]) : Promise.resolve(-1),
    ]);
    fromEarlierHead = notEarlier < 0 ? 0 : ahead - notEarlier;
  }
  let freeName = '';
  for (let k = 2; k < 1000 && !freeName; k++) {
    const name = `${branch}-${k}`;
    if (!(await resolveCommit(git, `refs/heads/${name}`))) freeName = name;
  }
  // symbolic-ref says no (exit 1) only for a detached HEAD. The private PR refs (refs/devin/pr/…)
  // do not count as keeping commits: the next fetch overwrites them and they have no reflog. Only
  // the PR head being checked out does, because the branch checked out afterwards holds it.
  const detachedAt = symbolic === undefined ? await resolveCommit(git, 'HEAD') : undefined;
  const onNoBranch = detachedAt ? await count(git, [detachedAt, '--not', head, '--branches', '--tags', '--remotes']) : 0;
  return {
    prNumber,
    branch,
    head,
    tip,
    currentBranch,
    inOtherWorktree,
    dirtyFiles: dirty.slice(0, MAX_LISTED),
    dirtyCount: dirty.length,
    ahead,
    lost,
    behind,
    fromEarlierHead,
    freeName,
    detachedAt,
    onNoBranch,
  };
}

async function count(git: Git, revs: string[]): Promise<number> {
  return Number((await git.run(['rev-list', '--count', ...revs])).trim()) || 0;
}

/** Paths from `git status --porcelain -z` (a rename's second, original path is skipped). */
export function parsePorcelainZ(out: string): string[] {
  const fields = out.split('\0');
  const paths: string[] = [];
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    if (f.length < 4) continue;
    paths.push(f.slice(3));
    if (f[0] === 'R' || f[0] === 'C') i++;
  }
  return paths;
}

// ---- the plan -----------------------------------------------------------------------------------

export type ActionKind = 'create' | 'switch' | 'fastForward' | 'newBranch' | 'reset';

export interface PlanAction {
  kind: ActionKind;
  /** The button. */
  label: string;
  /** The branch that is checked out afterwards. */
  branch: string;
}

/** A modal question: the message, the detail below it, and the buttons besides Cancel. */
export interface Question {
  message: string;
  detail: string;
  /** Ask with a warning: work could be lost or uncommitted changes are involved. */
  warning: boolean;
  actions: readonly { label: string }[];
}

export interface CheckoutPlan extends Question {
  /** Nothing to do; say this. */
  done?: string;
  message: string;
  detail: string;
  /** Ask with a warning: work could be lost or uncommitted changes are involved. */
  warning: boolean;
  /** The choices besides Cancel (which does nothing). */
  actions: PlanAction[];
}

export type DetachedChoice = 'keepDetached' | 'leaveDetached';

export interface DetachedQuestion extends Question {
  warning: true;
  actions: { kind: DetachedChoice; label: string }[];
  /** Consent to `plan` too: it has one action, which the question describes. */
  coversPlan: boolean;
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** What checking out the PR head would do, as one question. Pure. */
export function planCheckout(s: PrBranchState): CheckoutPlan {
  const current = s.currentBranch === s.branch;
  const head = shortSha(s.head);
  const dirtyNote = (target: string): string => {
    if (!s.dirtyCount) return '';
    const files = s.dirtyFiles.join(', ') + (s.dirtyCount > s.dirtyFiles.length ? ', …' : '');
    return current && target === s.branch
      ? l10n.t('You have {0} uncommitted change(s) ({1}). They are kept: git updates the branch around them, or refuses and changes nothing if the pull request changed the same files. Nothing is stashed or discarded.', s.dirtyCount, files)
      : l10n.t('You have {0} uncommitted change(s) on {1} ({2}). Git carries them over to {3}, or refuses to switch and changes nothing if they touch files that differ. Nothing is stashed or discarded.', s.dirtyCount, s.currentBranch ?? l10n.t('the detached HEAD'), files, target);
  };
  const join = (...parts: string[]) => parts.filter(Boolean).join('\n\n');

  if (s.inOtherWorktree) {
    return {
      message: l10n.t('Branch {0} is checked out in another worktree of this repository, so it is not changed here.', s.branch),
      detail: join(l10n.t('Pull request #{0} can be checked out here as a new branch {1} at its head ({2}).', s.prNumber, s.freeName, head), dirtyNote(s.freeName)),
      warning: true,
      actions: [{ kind: 'newBranch', label: l10n.t('Check Out as {0}', s.freeName), branch: s.freeName }],
    };
  }
  if (!s.tip) {
    return {
      message: l10n.t('Create local branch {0} at the head of pull request #{1} ({2}) and check it out?', s.branch, s.prNumber, head),
      detail: dirtyNote(s.branch),
      warning: s.dirtyCount > 0,
      actions: [{ kind: 'create', label: l10n.t('Check Out'), branch: s.branch }],
    };
  }
  if (s.tip === s.head) {
    if (current) return { done: l10n.t('Branch {0} is checked out and up to date with pull request #{1}.', s.branch, s.prNumber), message: '', detail: '', warning: false, actions: [] };
    return {
      message: l10n.t('Check out {0}? It is up to date with pull request #{1} ({2}).', s.branch, s.prNumber, head),
      detail: dirtyNote(s.branch),
      warning: s.dirtyCount > 0,
      actions: [{ kind: 'switch', label: l10n.t('Check Out'), branch: s.branch }],
    };
  }
  if (s.ahead === 0) {
    return {
      message: current
        ? l10n.t('Update {0} with {1} new commit(s) from pull request #{2} (fast-forward to {3})?', s.branch, s.behind, s.prNumber, head)
        : l10n.t('Update {0} with {1} new commit(s) from pull request #{2} (fast-forward to {3}) and check it out?', s.branch, s.behind, s.prNumber, head),
      detail: join(l10n.t('The branch has no commits of its own, so nothing is lost.'), dirtyNote(s.branch)),
      warning: s.dirtyCount > 0,
      actions: [{ kind: 'fastForward', label: current ? l10n.t('Update') : l10n.t('Update and Check Out'), branch: s.branch }],
    };
  }
  const recover = l10n.t('"Reset" moves {0} from {1} to {2}. To get its old commits back afterwards, run: git branch <name> {3} (the old tip is also in: git reflog {0}).', s.branch, shortSha(s.tip), head, s.tip);
  const lostNote =
    s.lost === s.ahead
      ? ''
      : l10n.t('{0} of these commits are also on other branches, tags or remote branches and stay there.', s.ahead - s.lost);
  const earlierNote =
    s.fromEarlierHead === 0
      ? ''
      : s.fromEarlierHead === s.ahead
        ? l10n.t('They all come from an earlier version of the pull request, which has been force-pushed since; none are commits of your own.')
        : l10n.t('{0} of them come from an earlier version of the pull request, which has been force-pushed since; {1} are commits of your own.', s.fromEarlierHead, s.ahead - s.fromEarlierHead);
  return {
    message: l10n.t('Local branch {0} has {1} commit(s) that pull request #{2} does not have.', s.branch, s.ahead, s.prNumber),
    detail: join(
      earlierNote,
      l10n.t('"Check Out as {0}" keeps {1} as it is and creates {0} at the head of the pull request ({2}).', s.freeName, s.branch, head),
      recover,
      lostNote,
      dirtyNote(s.branch),
    ),
    warning: true,
    actions: [
      { kind: 'newBranch', label: l10n.t('Check Out as {0}', s.freeName), branch: s.freeName },
      { kind: 'reset', label: l10n.t('Reset {0} (loses {1} commit(s))', s.branch, s.lost), branch: s.branch },
    ],
  };
}

/**
 * The question before the plan's when the detached HEAD has commits only it holds: keep them on a
 * new branch first, or check out anyway (and how to get them back). Undefined otherwise. A plan with
 * one action is described in the same question, so one answer covers both; a plan with a choice of
 * its own is asked next. Pure.
 */
export function planDetached(s: PrBranchState, plan: CheckoutPlan): DetachedQuestion | undefined {
  if (!s.detachedAt || s.onNoBranch <= 0) return undefined;
  const at = shortSha(s.detachedAt);
  const coversPlan = plan.actions.length === 1;
  return {
    message: l10n.t('Your detached HEAD ({0}) has {1} commit(s) that are on no branch, tag or remote branch. Checking out pull request #{2} leaves them on no branch.', at, s.onNoBranch, s.prNumber),
    detail: [
      l10n.t('"Create Branch and Check Out" asks for a name, creates that branch at {0} to keep them, then checks out the pull request.', at),
      l10n.t('"Check Out Anyway" leaves them on no branch. To get them back afterwards, run: git branch <name> {0} (HEAD\'s old position is also in: git reflog).', s.detachedAt),
      coversPlan ? plan.message : l10n.t('A second question follows: {0}', plan.message),
      coversPlan ? plan.detail : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
    warning: true,
    actions: [
      { kind: 'keepDetached', label: l10n.t('Create Branch and Check Out') },
      { kind: 'leaveDetached', label: l10n.t('Check Out Anyway') },
    ],
    coversPlan,
  };
}

/** Why `name` cannot be the new branch (in the user's words), or undefined when it can. */
export async function checkBranchName(git: Git, name: string): Promise<string | undefined> {
  if (!name) return l10n.t('Enter a name for the branch.');
  let normalized: string | undefined;
  try {
    // --branch: the rules for a branch name (no leading "-", not HEAD, no @{-1}); it prints the name.
    normalized = (await git.run(['check-ref-format', '--branch', name])).trim();
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
  }
  if (normalized !== name) return l10n.t('"{0}" is not a valid branch name.', name);
  if (await resolveCommit(git, `refs/heads/${name}`)) return l10n.t('Branch {0} already exists.', name);
  return undefined;
}

/**
 * Creates branch `name` at the detached HEAD, so its commits stay on a branch. Refuses (and changes
 * nothing) when the name is not usable or HEAD moved since it was inspected.
 */
export async function keepDetachedHead(git: Git, s: PrBranchState, name: string): Promise<string> {
  if (!s.detachedAt) throw new Error('HEAD is not detached');
  const invalid = await checkBranchName(git, name);
  if (invalid) throw new Error(invalid);
  await expectDetachedHead(git, s);
  await git.run(['update-ref', '-m', `devin: keep the detached HEAD before checking out pull request #${s.prNumber}`, `refs/heads/${name}`, s.detachedAt, '0'.repeat(s.detachedAt.length)]);
  return l10n.t('Created branch {0} at {1}: the commits of the detached HEAD are on it.', name, shortSha(s.detachedAt));
}

/** Throws, changing nothing, when HEAD is no longer detached at the commit the question named. */
export async function expectDetachedHead(git: Git, s: PrBranchState): Promise<void> {
  const symbolic = await git.tryRun(['symbolic-ref', '--quiet', 'HEAD']);
  if (symbolic !== undefined || (await git.run(['rev-parse', 'HEAD'])).trim() !== s.detachedAt) {
    throw new Error(l10n.t('HEAD moved while you were asked; nothing was changed. Try again.'));
  }
}

/** Said after checking out anyway: where the left commits are. */
export function leftOnNoBranch(s: PrBranchState): string {
  return l10n.t('{0} commit(s) of the detached HEAD are on no branch now. To get them back, run: git branch <name> {1}', s.onNoBranch, s.detachedAt ?? '');
}

// ---- doing it -----------------------------------------------------------------------------------

/** Carries out one of the plan's actions. Returns what to tell the user; throws a GitError when git refuses. */
export async function applyCheckout(git: Git, s: PrBranchState, action: PlanAction): Promise<string> {
  const ref = (b: string) => `refs/heads/${b}`;
  const current = s.currentBranch === s.branch;
  const msg = (what: string) => `devin: ${what} pull request #${s.prNumber}`;
  switch (action.kind) {
    case 'create':
    case 'newBranch': {
      // update-ref with an all-zero old value creates the branch and fails if it exists meanwhile.
      await git.run(['update-ref', '-m', msg('branch from'), ref(action.branch), s.head, '0'.repeat(s.head.length)]);
      await switchTo(git, action.branch, l10n.t('Created branch {0}, but did not switch to it: {1}', action.branch, '{error}'));
      return l10n.t('Checked out {0} at the head of pull request #{1}.', action.branch, s.prNumber);
    }
    case 'switch':
      await switchTo(git, s.branch);
      return l10n.t('Checked out {0}.', s.branch);
    case 'fastForward':
      if (!s.tip) throw new Error('no branch to update');
      if (current) {
        await expectHead(git, s.tip);
        await git.run(['merge', '--ff-only', '--no-stat', s.head]);
        return l10n.t('Updated {0} to the head of pull request #{1}.', s.branch, s.prNumber);
      }
      await git.run(['update-ref', '-m', msg('fast-forward to'), ref(s.branch), s.head, s.tip]);
      await switchTo(git, s.branch, l10n.t('Updated {0}, but did not switch to it: {1}', s.branch, '{error}'));
      return l10n.t('Updated and checked out {0}.', s.branch);
    case 'reset':
      if (!s.tip) throw new Error('no branch to reset');
      if (current) {
        await expectHead(git, s.tip);
        // --keep never discards uncommitted changes: it refuses when they are in the way.
        await git.run(['reset', '--keep', s.head]);
      } else {
        await git.run(['update-ref', '-m', msg(`reset (was ${s.tip}) to`), ref(s.branch), s.head, s.tip]);
        await switchTo(git, s.branch, l10n.t('Reset {0}, but did not switch to it: {1}', s.branch, '{error}'));
      }
      return l10n.t('Reset {0} to pull request #{1}. Its old tip was {2}.', s.branch, s.prNumber, s.tip);
  }
}

async function expectHead(git: Git, sha: string): Promise<void> {
  const now = (await git.run(['rev-parse', 'HEAD'])).trim();
  if (now !== sha) throw new Error(l10n.t('The branch moved while you were asked; nothing was changed. Try again.'));
}

async function switchTo(git: Git, branch: string, context?: string): Promise<void> {
  try {
    await git.run(['checkout', '--quiet', branch, '--']);
  } catch (e) {
    if (context && e instanceof GitError) throw new Error(context.replace('{error}', e.message));
    throw e;
  }
}
