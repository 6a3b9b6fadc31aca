// Apply a pull request's changes onto the working tree, file by file, as a 3-way merge:
//   base   = the file at the merge-base,  theirs = the file at the PR head,
//   ours   = the file in the working tree now.
// ours == base → theirs is written; ours == theirs → nothing to do; otherwise `git merge-file`
// merges, and a conflict is left as conflict markers with the three versions recorded as the
// index's conflict stages (1/2/3), so Source Control lists it under Merge Changes and VS Code's
// merge editor can resolve it. Nothing is committed and, apart from those conflict entries, the
// index is left as the user had it: applied files show as ordinary (unstaged) modifications.
// (`git apply --3way` was not used: it implies --index, so it stages every applied file and
// refuses files whose working copy differs from the index.)
//
// Every path is checked before anything is touched: no absolute paths, no `..`, no `.git`, no
// symbolic links or submodules from the PR, no writing through a symlinked folder of the clone.
// No vscode import: unit-tested on real repositories.
import { lstat, mkdir, mkdtemp, readFile, rm, unlink, writeFile, chmod } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { git, gitText } from './git';
import { NULL_OID, type FileChange } from './prChanges';

// ---- path safety -----------------------------------------------------------------------------------

/** Why a repository-relative path from a diff may not be written, or undefined when it may. */
export function unsafePathReason(p: string): string | undefined {
  if (!p) return l10n.t('empty path');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(p)) return l10n.t('control characters in the path');
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p) || p.includes('\\')) return l10n.t('absolute path or backslash');
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.' || seg === '..') return l10n.t('"{0}" in the path', seg || '//');
    // .git, and what Windows or macOS would also open as .git (".git.", ".git ", "git~1", ".GIT").
    const norm = seg.toLowerCase().replace(/[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g, '').replace(/[. ]+$/, '');
    if (norm === '.git' || norm === 'git~1') return l10n.t('a .git folder in the path');
  }
  return undefined;
}

export interface Refusal {
  path: string;
  reason: string;
}

/** Modes the PR may set: regular files only (no symbolic links, no submodules). */
function modeRefusal(c: FileChange): string | undefined {
  for (const m of [c.oldMode, c.newMode]) {
    if (m === '120000') return l10n.t('symbolic links are not applied');
    if (m === '160000') return l10n.t('submodules are not applied');
  }
  return undefined;
}

/** A folder on the way that is a symlink (or the file itself being one) would write outside. */
async function workingTreeRefusal(root: string, rel: string): Promise<string | undefined> {
  const segs = rel.split('/');
  let cur = root;
  for (let i = 0; i < segs.length; i++) {
    cur = path.join(cur, segs[i]);
    let st;
    try {
      st = await lstat(cur);
    } catch {
      return undefined; // does not exist: created fresh below a checked folder
    }
    if (st.isSymbolicLink()) return l10n.t('{0} is a symbolic link in your working tree', segs.slice(0, i + 1).join('/'));
    if (i < segs.length - 1 && !st.isDirectory()) return l10n.t('{0} is not a folder in your working tree', segs.slice(0, i + 1).join('/'));
    if (i === segs.length - 1 && st.isDirectory()) return l10n.t('it is a folder in your working tree');
  }
  return undefined;
}

/** Every reason not to apply these changes. Empty: safe to apply. Touches nothing. */
export async function checkChanges(root: string, changes: readonly FileChange[]): Promise<Refusal[]> {
  const out: Refusal[] = [];
  for (const c of changes) {
    const paths = c.oldPath && c.oldPath !== c.path ? [c.oldPath, c.path] : [c.path];
    let reason: string | undefined;
    for (const p of paths) {
      reason = unsafePathReason(p);
      if (reason) {
        out.push({ path: p, reason });
        break;
      }
    }
    if (reason) continue;
    reason = modeRefusal(c);
    if (reason) {
      out.push({ path: c.path, reason });
      continue;
    }
    for (const p of paths) {
      reason = await workingTreeRefusal(root, p);
      if (reason) {
        out.push({ path: p, reason });
        break;
      }
    }
  }
  return out;
}

/** Paths the changes touch (both sides of renames). */
export function touchedPaths(changes: readonly FileChange[]): string[] {
  const s = new Set<string>();
  for (const c of changes) {
    s.add(c.path);
    if (c.oldPath && c.status === 'R') s.add(c.oldPath);
  }
  return [...s];
}

/** Touched paths with uncommitted changes (staged, unstaged or untracked). */
export async function dirtyPaths(root: string, changes: readonly FileChange[]): Promise<string[]> {
  const paths = touchedPaths(changes);
  if (!paths.length) return [];
  const out = await git(['--literal-pathspecs', 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', '--', ...paths], { cwd: root });
  const dirty: string[] = [];
  for (const entry of out.stdout.toString('utf8').split('\0')) {
    if (entry.length > 3) dirty.push(entry.slice(3));
  }
  return dirty.sort();
}

// ---- applying --------------------------------------------------------------------------------------

export type Outcome = 'applied' | 'merged' | 'conflict' | 'unchanged' | 'skipped';

export interface FileOutcome {
  path: string;
  oldPath?: string;
  outcome: Outcome;
  /** For skipped files: why. */
  reason?: string;
}

interface BackupEntry {
  path: string;
  /** Bytes before applying (null: the file did not exist). */
  before: Buffer | null;
  mode?: number;
  /** What we wrote (null: deleted). */
  after: Buffer | null;
  /** `git ls-files -s` lines of the path before we recorded conflict stages. */
  index?: string;
}

/** What Undo Apply needs: every file as it was, and as we left it. */
export interface ApplyBackup {
  root: string;
  entries: BackupEntry[];
}

export interface ApplyResult {
  outcomes: FileOutcome[];
  backup: ApplyBackup;
}

export interface ApplyInput {
  root: string;
  /** The merge-base and the PR head. */
  base: string;
  head: string;
  changes: readonly FileChange[];
  /** Conflict marker label for the PR side, e.g. "PR #12". */
  label: string;
}

const isBinary = (b: Buffer | null) => !!b && b.subarray(0, 8000).includes(0);
const abs = (root: string, rel: string) => path.join(root, ...rel.split('/'));

async function readOrNull(file: string): Promise<{ bytes: Buffer; mode: number } | null> {
  try {
    const st = await lstat(file);
    if (!st.isFile()) return null;
    return { bytes: await readFile(file), mode: st.mode };
  } catch {
    return null;
  }
}

/** The blob a working-tree content would be committed as (clean filters and eol by path). */
async function hashAs(root: string, rel: string, bytes: Buffer, write = false): Promise<string> {
  return gitText(['hash-object', ...(write ? ['-w'] : []), `--path=${rel}`, '--stdin'], { cwd: root, input: bytes });
}

/** A blob as it would be checked out at `rel` (smudge filters and eol). */
async function blobForWorktree(root: string, blob: string, rel: string): Promise<Buffer> {
  return (await git(['cat-file', '--filters', `--path=${rel}`, blob], { cwd: root })).stdout;
}

async function writeFileSafely(root: string, rel: string, bytes: Buffer, newMode: string): Promise<void> {
  const why = await workingTreeRefusal(root, rel);
  if (why) throw new Error(why);
  const file = abs(root, rel);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes);
  if (process.platform !== 'win32') {
    const st = await lstat(file);
    const exec = newMode === '100755';
    const mode = exec ? st.mode | 0o111 : st.mode & ~0o111;
    if (mode !== st.mode) await chmod(file, mode & 0o7777);
  }
}

async function merge3(ours: Buffer, base: Buffer, theirs: Buffer, label: string): Promise<{ text: Buffer; conflicts: number }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'devin-merge-'));
  try {
    const [o, b, t] = ['ours', 'base', 'theirs'].map((n) => path.join(dir, n));
    await Promise.all([writeFile(o, ours), writeFile(b, base), writeFile(t, theirs)]);
    const r = await git(['merge-file', '-p', '-L', l10n.t('Working tree'), '-L', l10n.t('Base'), '-L', label, o, b, t], { cwd: dir, okCodes: Array.from({ length: 127 }, (_, i) => i + 1) });
    return { text: r.stdout, conflicts: r.code };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Records base/ours/theirs as conflict stages 1/2/3 of `rel` (what a merge leaves for the merge editor). */
async function recordConflict(root: string, rel: string, mode: string, base: string | undefined, ours: string, theirs: string): Promise<void> {
  const m = mode === '100755' ? '100755' : '100644';
  const lines = [`0 ${'0'.repeat(40)}\t${rel}`];
  if (base) lines.push(`${m} ${base} 1\t${rel}`);
  lines.push(`${m} ${ours} 2\t${rel}`, `${m} ${theirs} 3\t${rel}`);
  await git(['update-index', '-z', '--index-info'], { cwd: root, input: lines.join('\0') + '\0' });
}

async function indexEntries(root: string, rel: string): Promise<string> {
  return (await git(['--literal-pathspecs', 'ls-files', '-s', '-z', '--', rel], { cwd: root })).stdout.toString('utf8');
}

/**
 * Applies `changes` (already checked with checkChanges; checked again here) onto the working
 * tree. Refuses everything if any path is unsafe, before touching anything.
 */
export async function applyChanges(input: ApplyInput): Promise<ApplyResult> {
  const { root, changes, label } = input;
  const refused = await checkChanges(root, changes);
  if (refused.length) {
    throw new Error(l10n.t('Refused to apply: {0}', refused.map((r) => `${r.path} (${r.reason})`).join('; ')));
  }
  const backup: ApplyBackup = { root, entries: [] };
  const outcomes: FileOutcome[] = [];
  const remember = (rel: string, before: { bytes: Buffer; mode: number } | null, after: Buffer | null, index?: string) => {
    const existing = backup.entries.find((e) => e.path === rel);
    if (existing) {
      existing.after = after;
      if (index !== undefined && existing.index === undefined) existing.index = index;
    } else backup.entries.push({ path: rel, before: before?.bytes ?? null, mode: before?.mode, after, index });
  };

  for (const c of changes) {
    const srcRel = c.status === 'R' && c.oldPath ? c.oldPath : c.path;
    const atSrc = await readOrNull(abs(root, srcRel));
    const atDest = srcRel === c.path ? atSrc : await readOrNull(abs(root, c.path));
    // For a rename not yet made here, "ours" is the old file; if only the new one exists, that one.
    const oursFile = atSrc ?? atDest;
    const oursRel = atSrc ? srcRel : c.path;
    const baseOid = NULL_OID.test(c.oldBlob) ? undefined : c.oldBlob;
    const theirsOid = NULL_OID.test(c.newBlob) ? undefined : c.newBlob;
    const oursOid = oursFile ? await hashAs(root, oursRel, oursFile.bytes) : undefined;
    const out: FileOutcome = { path: c.path, oldPath: c.oldPath, outcome: 'applied' };

    const removeSource = async () => {
      if (c.status === 'R' && atSrc && srcRel !== c.path) {
        await unlink(abs(root, srcRel));
        remember(srcRel, atSrc, null);
      }
    };

    // A rename whose destination already exists here (next to the old file) with other content
    // than the PR's: that file is the user's, not the old one renamed. Never overwritten.
    const destOid = c.status === 'R' && atSrc && atDest && srcRel !== c.path ? await hashAs(root, c.path, atDest.bytes) : undefined;

    if (destOid !== undefined && destOid !== theirsOid) {
      out.outcome = 'skipped';
      out.reason = l10n.t('{0} already exists in your working tree with other content; neither it nor {1} was changed', c.path, srcRel);
    } else if (oursOid === theirsOid && (c.status !== 'R' || !atSrc || atDest)) {
      out.outcome = 'unchanged';
    } else if (oursOid === theirsOid || oursOid === baseOid) {
      if (theirsOid) {
        const bytes = await blobForWorktree(root, theirsOid, c.path);
        await writeFileSafely(root, c.path, bytes, c.newMode);
        remember(c.path, atDest, bytes);
        await removeSource();
      } else if (oursFile) {
        await unlink(abs(root, oursRel));
        remember(oursRel, oursFile, null);
      }
    } else if (!theirsOid) {
      out.outcome = 'skipped';
      out.reason = l10n.t('deleted by the pull request but changed in your working tree; left as it is');
    } else {
      const theirs = await blobForWorktree(root, theirsOid, c.path);
      const base = baseOid ? await blobForWorktree(root, baseOid, srcRel) : Buffer.alloc(0);
      const ours = oursFile?.bytes ?? Buffer.alloc(0);
      if (isBinary(theirs) || isBinary(base) || isBinary(ours)) {
        out.outcome = 'skipped';
        out.reason = l10n.t('binary file changed both in your working tree and in the pull request; left as it is');
      } else {
        const merged = await merge3(ours, base, theirs, label);
        const indexBefore = merged.conflicts ? await indexEntries(root, c.path) : undefined;
        await writeFileSafely(root, c.path, merged.text, c.newMode);
        remember(c.path, atDest, merged.text, indexBefore);
        await removeSource();
        if (merged.conflicts) {
          out.outcome = 'conflict';
          const oursBlob = await hashAs(root, c.path, ours, true);
          await recordConflict(root, c.path, c.newMode, baseOid, oursBlob, theirsOid);
        } else out.outcome = 'merged';
      }
    }
    outcomes.push(out);
  }
  return { outcomes, backup };
}

/** Files edited since the apply (an undo would lose those edits). */
export async function changedSinceApply(backup: ApplyBackup): Promise<string[]> {
  const changed: string[] = [];
  for (const e of backup.entries) {
    const now = await readOrNull(abs(backup.root, e.path));
    const same = now === null ? e.after === null : e.after !== null && now.bytes.equals(e.after);
    if (!same) changed.push(e.path);
  }
  return changed;
}

/** Puts every touched file (and conflict index entries) back as it was before the apply. */
export async function undoApply(backup: ApplyBackup): Promise<string[]> {
  const restored: string[] = [];
  for (const e of [...backup.entries].reverse()) {
    const file = abs(backup.root, e.path);
    if (await workingTreeRefusal(backup.root, e.path)) continue;
    if (e.before === null) await rm(file, { force: true });
    else {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, e.before);
      if (e.mode !== undefined && process.platform !== 'win32') await chmod(file, e.mode & 0o7777);
    }
    if (e.index !== undefined) {
      const lines = [`0 ${'0'.repeat(40)}\t${e.path}`, ...e.index.split('\0').filter(Boolean)];
      await git(['update-index', '-z', '--index-info'], { cwd: backup.root, input: lines.join('\0') + '\0' });
    }
    restored.push(e.path);
  }
  return restored.reverse();
}
