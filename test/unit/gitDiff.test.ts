// workingTreeDiff against a git repository the test creates (and removes).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { MAX_UNTRACKED, workingTreeDiff } from '../../src/delegate/gitDiff';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.invalid', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
}

test('the diff against HEAD holds staged and unstaged edits, deletions and new files; ignored files stay out', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devin-diff-'));
  try {
    git(dir, 'init', '-q');
    fs.writeFileSync(path.join(dir, 'a.ts'), 'export const a = 1;\n');
    fs.writeFileSync(path.join(dir, 'gone.txt'), 'bye\n');
    fs.writeFileSync(path.join(dir, '.gitignore'), 'secret.env\n');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'init');
    assert.deepEqual(await workingTreeDiff(dir), { diff: '', files: [], hasHead: true, untrackedNotShown: 0 });
    fs.writeFileSync(path.join(dir, 'a.ts'), 'export const a = 2;\n');
    git(dir, 'add', 'a.ts');
    fs.appendFileSync(path.join(dir, 'a.ts'), 'export const b = 3;\n');
    fs.rmSync(path.join(dir, 'gone.txt'));
    fs.mkdirSync(path.join(dir, 'new dir'));
    fs.writeFileSync(path.join(dir, 'new dir/ñew.py'), 'print("hi")\n');
    fs.writeFileSync(path.join(dir, 'secret.env'), 'TOKEN=x\n');
    const { diff, files } = await workingTreeDiff(dir);
    assert.deepEqual(files.sort(), ['a.ts', 'gone.txt', 'new dir/ñew.py']);
    assert.match(diff, /-export const a = 1;\n\+export const a = 2;\n\+export const b = 3;/);
    assert.match(diff, /deleted file mode[\s\S]*-bye/);
    assert.match(diff, /new file mode[\s\S]*\+print\("hi"\)/);
    assert.ok(!diff.includes('TOKEN=x'), 'ignored files are not sent');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a repository without a commit is compared with the empty tree; new files over the cap are listed, not shown', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devin-diff-nohead-'));
  try {
    git(dir, 'init', '-q');
    fs.writeFileSync(path.join(dir, 'staged.ts'), 'export const s = 1;\n');
    git(dir, 'add', 'staged.ts');
    for (let i = 0; i < MAX_UNTRACKED + 2; i++) fs.writeFileSync(path.join(dir, `n${String(i).padStart(3, '0')}.txt`), `new ${i}\n`);
    const r = await workingTreeDiff(dir, { gitPath: 'git' });
    assert.equal(r.hasHead, false);
    assert.match(r.diff, /new file mode[\s\S]*\+export const s = 1;/, 'the staged file is in the diff');
    assert.equal(r.files.length, MAX_UNTRACKED + 3);
    assert.equal(r.untrackedNotShown, 2);
    assert.equal(r.diff.match(/^\+new \d+$/gm)?.length, MAX_UNTRACKED);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a git binary that does not exist fails with a message, not a hang', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devin-diff-nogit-'));
  try {
    await assert.rejects(workingTreeDiff(dir, { gitPath: path.join(dir, 'no-such-git') }), /ENOENT|not found/i);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('outside a repository it fails with git’s message', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devin-nodiff-'));
  try {
    await assert.rejects(workingTreeDiff(dir), /not a git repository/i);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
