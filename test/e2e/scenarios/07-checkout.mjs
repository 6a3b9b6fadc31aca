// Check Out from the details panel in real VS Code, on a real repository: the workspace is a clone
// whose local devin/pr-7 carries a commit of the user's own, and the PR has moved on. The modal
// must say so, offer a new branch or a reset that counts the lost commit, and "Check Out as
// devin/pr-7-2" must keep the user's commit on devin/pr-7.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openSignedIn, rowByLabel } from './03-create.mjs';
import { waitFor } from '../lib/proc.mjs';
import { quickInputInfo, quickInputType, waitForQuickInput } from '../lib/workbench.mjs';

function git(cwd, ...args) {
  return execFileSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.com', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args],
    { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } }).trim();
}

function commit(cwd, file, text) {
  fs.writeFileSync(path.join(cwd, file), text);
  git(cwd, 'add', file);
  git(cwd, 'commit', '-q', '-m', `${file}: ${text.trim()}`);
  return git(cwd, 'rev-parse', 'HEAD');
}

/**
 * origin.git with main and pull request #7 (one commit, pr.txt "one"), the author's clone that pushed
 * them, and the workspace `dir` cloned from origin; both sit next to the workspace (the run folder).
 * Fetches go to the local origin; the workspace's push URL is the PR's repository, which is how the
 * extension matches the PR to this clone.
 */
function originWithPr7(dir) {
  const origin = path.join(dir, '..', 'origin.git');
  const author = path.join(dir, '..', 'author');
  git(path.dirname(dir), 'init', '-q', '--bare', origin);
  git(path.dirname(dir), 'init', '-q', author);
  commit(author, 'README.md', '# web-app\n');
  git(author, 'push', '-q', origin, 'main');
  git(author, 'checkout', '-q', '-b', 'feature');
  const first = commit(author, 'pr.txt', 'one\n');
  git(author, 'push', '-q', origin, 'HEAD:refs/pull/7/head');
  git(path.dirname(dir), 'clone', '-q', origin, dir);
  git(dir, 'remote', 'set-url', '--push', 'origin', 'https://github.com/acme/web-app.git');
  return { origin, author, first };
}

/**
 * Adds a running session with pull request #7 and a message from Devin, refreshes the list, opens
 * the session's details panel, clicks its Check Out and returns the modal dialog, once visible.
 */
async function openCheckoutDialog(page, wb, fake, title, message) {
  fake.addSession({
    title,
    status: 'running',
    pull_requests: [{ pr_url: 'https://github.com/acme/web-app/pull/7', pr_state: 'open' }],
  }, { messages: [{ source: 'devin', message }] });
  await wb.runCommand('Devin: Refresh');
  await wb.waitForTreeRow(title, { timeout: 20_000 });
  await rowByLabel(page, title).click();
  const frame = await wb.webviewFrame(message, { timeout: 30_000 });
  const button = frame.locator('button[data-action="checkout"]').first();
  await button.waitFor({ state: 'visible', timeout: 30_000 });
  await button.click();
  const dialog = page.locator('.monaco-dialog-box').first();
  await dialog.waitFor({ state: 'visible', timeout: 30_000 });
  return dialog;
}

let shas;
let detached;

export default [
  {
    name: 'Check Out keeps a local commit on devin/pr-7: the modal counts it and a new branch is checked out',
    signIn: true,
    timeout: 180_000,
    settings: { 'git.enabled': true, 'git.autofetch': false, 'git.openRepositoryInParentFolders': 'never' },
    prepareWorkspace(dir) {
      const { origin, author, first } = originWithPr7(dir);
      // The workspace: devin/pr-7 at the first PR commit plus a commit of the user's.
      git(dir, 'branch', 'devin/pr-7', first);
      git(dir, 'checkout', '-q', 'devin/pr-7');
      const mine = commit(dir, 'mine.txt', 'local work\n');
      git(dir, 'checkout', '-q', 'main');
      // The PR moves on.
      const head = commit(author, 'pr.txt', 'two\n');
      git(author, 'push', '-q', origin, 'HEAD:refs/pull/7/head');
      shas = { mine, head, workspace: dir };
    },
    async fn({ page, wb, fake, assert, log }) {
      await openSignedIn(wb);
      // The git extension must know the repository before the panel asks it.
      await waitFor(async () => /\bmain\b/.test(await wb.statusBarText()), { timeout: 30_000, message: 'the git branch "main" in the status bar' });
      const dialog = await openCheckoutDialog(page, wb, fake, 'E2E checkout: PR with local work', 'Opened pull request seven for checkout.');
      const text = (await dialog.innerText()).replace(/\s+/g, ' ');
      log('dialog:', text);
      assert.match(text, /Local branch devin\/pr-7 has 1 commit\(s\) that pull request #7 does not have/);
      assert.match(text, new RegExp(`git branch <name> ${shas.mine}`), 'the way back names the old tip');
      const buttons = (await dialog.locator('.monaco-button').allInnerTexts()).map((b) => b.trim());
      log('buttons:', JSON.stringify(buttons));
      assert.ok(buttons.includes('Check Out as devin/pr-7-2'), buttons.join(' | '));
      assert.ok(buttons.includes('Reset devin/pr-7 (loses 1 commit(s))'), buttons.join(' | '));
      assert.ok(buttons.includes('Cancel'), buttons.join(' | '));
      // Before any answer, nothing local has moved.
      assert.equal(git(shas.workspace, 'rev-parse', 'refs/heads/devin/pr-7'), shas.mine);
      await dialog.locator('.monaco-button').filter({ hasText: /^Check Out as devin\/pr-7-2$/ }).first().click();

      await wb.waitForNotification(/Checked out devin\/pr-7-2 at the head of pull request #7/, { timeout: 30_000 });
      assert.equal(git(shas.workspace, 'symbolic-ref', '--short', 'HEAD'), 'devin/pr-7-2');
      assert.equal(git(shas.workspace, 'rev-parse', 'HEAD'), shas.head);
      assert.equal(git(shas.workspace, 'rev-parse', 'refs/heads/devin/pr-7'), shas.mine, 'the user\'s commit is still on devin/pr-7');
      assert.deepEqual(git(shas.workspace, 'for-each-ref', '--format=%(refname:short)', 'refs/heads').split('\n').sort(), ['devin/pr-7', 'devin/pr-7-2', 'main']);
      await waitFor(async () => /devin\/pr-7-2/.test(await wb.statusBarText()), { timeout: 30_000, message: 'the new branch in the status bar' });
    },
  },
  {
    // Review finding M4: Check Out from a detached HEAD left its own commit on no branch, unannounced.
    name: 'Check Out from a detached HEAD with a commit of its own: the modal says so and "Create Branch and Check Out" keeps it on a named branch',
    signIn: true,
    timeout: 180_000,
    settings: { 'git.enabled': true, 'git.autofetch': false, 'git.openRepositoryInParentFolders': 'never' },
    prepareWorkspace(dir) {
      const { first: head } = originWithPr7(dir);
      // The workspace: a detached HEAD with a commit that no branch holds.
      git(dir, 'checkout', '-q', '--detach', 'main');
      const mine = commit(dir, 'mine.txt', 'detached work\n');
      detached = { mine, head, workspace: dir };
    },
    async fn({ page, wb, fake, assert, log }) {
      const short = detached.mine.slice(0, 7);
      await openSignedIn(wb);
      // The git extension shows a detached HEAD as its commit in the status bar.
      await waitFor(async () => (await wb.statusBarText()).includes(short), { timeout: 30_000, message: `the detached HEAD ${short} in the status bar` });
      const dialog = await openCheckoutDialog(page, wb, fake, 'E2E checkout: from a detached HEAD', 'Opened pull request seven from a detached HEAD.');
      const text = (await dialog.innerText()).replace(/\s+/g, ' ');
      log('dialog:', text);
      assert.match(text, new RegExp(`Your detached HEAD \\(${short}\\) has 1 commit\\(s\\) that are on no branch, tag or remote branch`));
      assert.match(text, new RegExp(`git branch <name> ${detached.mine}`), 'the way back names the commit');
      const buttons = (await dialog.locator('.monaco-button').allInnerTexts()).map((b) => b.trim());
      log('buttons:', JSON.stringify(buttons));
      for (const b of ['Create Branch and Check Out', 'Check Out Anyway', 'Cancel']) assert.ok(buttons.includes(b), buttons.join(' | '));
      await dialog.locator('.monaco-button').filter({ hasText: /^Create Branch and Check Out$/ }).first().click();

      const input = await waitForQuickInput(page, /A name for the new branch at/, { timeout: 30_000 });
      assert.equal(input.value, `detached-${short}`);
      // An existing branch is refused as it is typed (git check-ref-format and the branch list decide).
      await quickInputType(page, 'main', { enter: false });
      await waitFor(async () => /Branch main already exists/.test((await quickInputInfo(page)).message), { timeout: 15_000, message: 'the validation message for "main"' });
      await quickInputType(page, 'a..b', { enter: false });
      await waitFor(async () => /"a\.\.b" is not a valid branch name/.test((await quickInputInfo(page)).message), { timeout: 15_000, message: 'the validation message for "a..b"' });
      assert.equal(git(detached.workspace, 'rev-parse', 'HEAD'), detached.mine, 'nothing moved before a name is accepted');
      await quickInputType(page, 'saved-work');

      await wb.waitForNotification(/Checked out devin\/pr-7 at the head of pull request #7/, { timeout: 30_000 });
      assert.equal(git(detached.workspace, 'rev-parse', 'refs/heads/saved-work'), detached.mine, 'the detached commit is on the new branch');
      assert.equal(git(detached.workspace, 'symbolic-ref', '--short', 'HEAD'), 'devin/pr-7');
      assert.equal(git(detached.workspace, 'rev-parse', 'HEAD'), detached.head);
      assert.deepEqual(git(detached.workspace, 'for-each-ref', '--format=%(refname:short)', 'refs/heads').split('\n').sort(), ['devin/pr-7', 'main', 'saved-work']);
    },
  },
];
