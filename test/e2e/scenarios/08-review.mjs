// Review, apply and steer Devin's changes: the PR row of a session expands to its changed files
// (fetched from a local bare repository that git's url.<path>.insteadOf maps to
// https://github.com/acme/web, set in a GIT_CONFIG_GLOBAL file given to code-server), a file opens
// the diff editor, Apply Changes (after one modal confirmation) writes one file that Source Control then lists, and a comment
// on a line of the PR side reaches the fake server as a message with path, lines and quote (its first send fails: the words
// stay in the thread, come back on the file's diff after a window reload, and Send Again sends them).
// Documentation screenshots (docs/images/review*.png) only with E2E_DOC_SCREENSHOTS=1.
import fs from 'node:fs';
import path from 'node:path';
import { openSignedIn, rowByLabel, docShot } from './03-create.mjs';
import { waitFor, sleep } from '../lib/proc.mjs';
import { SEL } from '../lib/workbench.mjs';
import { createPrOrigin, FAKE_REMOTE as REMOTE, gitConfigText, gitRunner, lines } from '../../support/gitRepos.mjs';

let gitEnv = {};
// Reads gitEnv at each call: prepareWorkspace sets it.
const git = (cwd, ...args) => gitRunner(gitEnv)(cwd, ...args);

export default [
  {
    name: 'Review Changes: PR files in the tree, the diff editor, Apply Changes to Source Control, Ask Devin from a line',
    signIn: true,
    // Called after prepareWorkspace: code-server (and so git in the extension host) sees the mapping.
    env: () => ({ ...gitEnv }),
    timeout: 240_000,
    settings: { 'git.enabled': true, 'git.autofetch': false, 'git.openRepositoryInParentFolders': 'never', 'diffEditor.renderSideBySide': true },
    prepareWorkspace(dir) {
      const base = path.dirname(dir);
      const cfg = path.join(base, 'gitconfig');
      const bare = path.join(base, 'origin.git');
      const seed = path.join(base, 'seed');
      fs.writeFileSync(cfg, gitConfigText({ insteadOf: bare }));
      gitEnv = { GIT_CONFIG_GLOBAL: cfg, GIT_CONFIG_NOSYSTEM: '1' };
      // A retry runs in the same folder: start from nothing.
      for (const d of [bare, seed]) fs.rmSync(d, { recursive: true, force: true });
      for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f), { recursive: true, force: true });
      // The same repositories as the unit tests' (test/support/gitRepos.mjs), with this PR.
      createPrOrigin({
        dir: base,
        git,
        main: { 'src/cart.ts': lines('cart', 12), 'README.md': '# web\n' },
        pr: {
          'src/cart.ts': lines('cart', 12).replace('cart line 3\n', 'cart line 3: round per currency\n'),
          'src/currency.ts': 'export const JPY_DIGITS = 0;\n',
          'README.md': '# web\n\nRounding follows the store currency.\n',
        },
      }).pushPr(7);
      // The workspace is a clone of https://github.com/acme/web (= the bare repository).
      git(base, 'clone', '-q', REMOTE, dir);
    },
    async fn({ page, wb, fake, cs, assert, log }) {
      if (process.env.E2E_DOC_SCREENSHOTS === '1') await page.setViewportSize({ width: 1280, height: 800 });
      const workspace = cs.workspace;
      assert.equal(git(workspace, 'config', 'remote.origin.url'), REMOTE, 'the clone names github.com/acme/web (git maps it to the bare repository)');
      await openSignedIn(wb);
      const s = fake.addSession({
        title: 'E2E review: round per currency',
        status: 'running',
        status_detail: 'waiting_for_user',
        pull_requests: [{ pr_url: `${REMOTE}/pull/7`, pr_state: 'open' }],
      });
      await wb.runCommand('Devin: Refresh');
      await wb.waitForTreeRow('E2E review: round per currency', { timeout: 20_000 });
      // Expand the session (its twistie: a click on the row opens the details), then the PR.
      const cartRow = rowByLabel(page, 'cart.ts');
      // The tree re-renders whenever the session changes (a poll, a message moving it to another
      // group), and a re-render can swallow a twistie click or collapse what was just expanded.
      // So expanding is a loop on the state, not a sequence of clicks: each round looks at what is
      // shown now and expands what is still collapsed, until the PR's files are there.
      const expand = () => waitFor(async () => {
        if (await cartRow.isVisible()) return true;
        for (const label of ['E2E review: round per currency', 'acme/web#7']) {
          const row = rowByLabel(page, label);
          if (!(await row.isVisible())) return false;
          if ((await row.getAttribute('aria-expanded')) !== 'true') {
            await row.locator('.monaco-tl-twistie').click({ timeout: 2000 });
            return false;
          }
        }
        // Both expanded: the files are being listed (a git fetch and diff in the extension host).
        await cartRow.waitFor({ state: 'visible', timeout: 2000 }).catch(() => {});
        return cartRow.isVisible();
      }, { timeout: 60_000, interval: 300, message: 'the session and its PR expanded to the file cart.ts' });
      await expand();
      const rows = await wb.treeRows();
      const files = rows.filter((r) => ['cart.ts', 'currency.ts', 'README.md'].includes(r.label)).map((r) => `${r.label} ${r.description}`);
      log('file rows:', JSON.stringify(files));
      assert.deepEqual(files, ['README.md +2 −0', 'cart.ts src +1 −1', 'currency.ts src +1 −0']);
      const prText = rows.find((r) => r.label === 'acme/web#7');
      assert.match(prText.description, /3 files/, `PR row description: ${prText.description}`);
      assert.equal(git(workspace, 'branch', '--list').trim(), '* main', 'no local branch was created');
      assert.match(git(workspace, 'for-each-ref', '--format=%(refname)', 'refs/devin/'), /refs\/devin\/pr\/origin\/7\/head/);

      // A file opens the diff editor: base on the left, the PR on the right.
      await cartRow.click();
      await wb.editorTab(/cart\.ts/);
      const diff = page.locator('.part.editor .monaco-diff-editor').first();
      await diff.waitFor({ state: 'visible', timeout: 20_000 });
      const sideText = async (side) => (await diff.locator(`.editor.${side} .view-lines`).first().innerText()).replace(/\s/g, ' ');
      await waitFor(async () => /round per currency/.test(await sideText('modified')), { timeout: 15_000, message: 'the PR side of the diff' });
      assert.doesNotMatch(await sideText('original'), /round per currency/, 'the base side has the old line');
      await docShot(page, 'review.png', page.locator('.monaco-workbench'), log);

      // Steer: a comment on line 3 of the PR side, sent with Ask Devin.
      const sessionAria = (await wb.treeRows()).find((r) => r.label === 'E2E review: round per currency')?.ariaLabel;
      const modified = diff.locator('.editor.modified');
      // The extension's commenting ranges for the PR side arrive asynchronously; until they do VS
      // Code draws no gutter glyph and hides the command from the palette. Wait for the glyphs, then
      // put the cursor on the line and ask for the comment, again if the first try came too early.
      await modified.locator('.comment-range-glyph').first().waitFor({ state: 'attached', timeout: 30_000 });
      const widget = page.locator('.review-widget').first();
      await waitFor(async () => {
        await modified.locator('.view-line').filter({ hasText: /round.per.currency/ }).first().click();
        try {
          await wb.runCommand('Comments: Add Comment on Current Selection', { timeout: 5000 });
        } catch {
          await page.keyboard.press('Escape');
          return false;
        }
        await widget.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
        return widget.isVisible();
      }, { timeout: 45_000, interval: 500, message: 'a comment widget on line 3 of the PR side' });
      await widget.locator('.monaco-editor textarea, .monaco-editor .native-edit-context').first().focus();
      await page.keyboard.type('Use the store currency here, not the cart currency.');
      // The first send fails: the words stay in the thread, editable, with Send Again (nothing retried by itself).
      const posts = () => fake.requests().filter((r) => r.method === 'POST' && r.path.endsWith(`/sessions/${s.session_id}/messages`));
      fake.fault({ status: 500, paths: `/sessions/${s.session_id}/messages$`, methods: ['POST'], times: 1 });
      await widget.locator('.monaco-button').filter({ hasText: /^Ask Devin$/ }).first().click();
      await waitFor(async () => /Not sent:/.test(await widget.innerText()), { timeout: 20_000, message: 'the thread to say it was not sent' });
      const keptText = await widget.locator('.review-comment .monaco-editor .view-lines').first().innerText();
      assert.match(keptText.replace(/\s+/g, ' '), /Use the store currency here, not the cart currency\./, 'the words are kept in the thread, in an editor');
      assert.equal(posts().length, 1, 'one POST, not retried');
      // The window reloads before Send Again. Opened again, the file's diff shows the thread with the
      // words (kept in the workspace state); the review is open again, so Send Again just sends.
      const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 60_000 });
      await wb.runCommand('Developer: Reload Window');
      await navigated;
      await page.waitForSelector(SEL.workbench, { timeout: 60_000 });
      await openSignedIn(wb, page);
      await expand();
      await cartRow.click();
      await waitFor(async () => /Not sent:/.test(await widget.innerText({ timeout: 1000 }).catch(() => '')), { timeout: 60_000, message: 'the kept comment in the diff opened again' });
      assert.match((await widget.locator('.review-comment .monaco-editor .view-lines').first().innerText()).replace(/\s+/g, ' '), /Use the store currency here, not the cart currency\./, 'the words are back after the reload');
      await widget.locator('.monaco-button, .action-label').filter({ hasText: /^Send Again$/ }).first().click();
      const post = await waitFor(() => posts()[1], { timeout: 20_000, message: 'the second POST …/messages at the fake' });
      const body = post.body.message;
      log('message:', JSON.stringify(body));
      assert.match(body, /^About `src\/cart\.ts` line 3 in https:\/\/github\.com\/acme\/web\/pull\/7 \(commit [0-9a-f]{12}\):/);
      assert.match(body, /```\ncart line 3: round per currency\n```/);
      assert.match(body, /Use the store currency here, not the cart currency\.$/);
      await waitFor(async () => /Sent to Devin/.test(await widget.innerText()), { timeout: 10_000, message: 'the thread to say it was sent' });
      await docShot(page, 'review-comment.png', page.locator('.monaco-workbench'), log);

      // Apply one file: the inline action of its row; nothing is committed; Source Control lists it.
      const headBefore = git(workspace, 'rev-parse', 'HEAD');
      // The message moves the session from "needs your input" to "working": first optimistically,
      // then when the next poll confirms it. Each move renders it anew, collapsed. Wait until the
      // tree shows the new status, then expand and click; if a late re-render takes the row away
      // before the click, do it again (the click itself happens once: it ends the loop).
      await waitFor(async () => (await wb.treeRows()).some((r) => r.label === 'E2E review: round per currency' && r.ariaLabel !== sessionAria),
        { timeout: 30_000, message: 'the session row to show its new status after the message' });
      await waitFor(async () => {
        await expand();
        await cartRow.hover({ timeout: 2000 });
        await cartRow.locator('.actions .action-label[aria-label^="Apply Changes to Working Tree"]').first().click({ timeout: 2000 });
        return true;
      }, { timeout: 90_000, interval: 300, message: 'the Apply Changes action on the cart.ts row' });
      // One modal dialog (any extension can run the command with our row's node): it names the file,
      // the PR and the session; nothing is written before the answer.
      const dialog = page.locator('.monaco-dialog-box').first();
      await dialog.waitFor({ state: 'visible', timeout: 20_000 });
      const dialogText = (await dialog.innerText()).replace(/\s+/g, ' ');
      log('apply dialog:', dialogText);
      assert.match(dialogText, /Apply src\/cart\.ts from pull request #7 to your working tree\?/);
      assert.match(dialogText, /From the Devin session "E2E review: round per currency"/);
      assert.equal(git(workspace, 'status', '--porcelain'), '', 'nothing applied before the answer');
      await dialog.locator('.monaco-button').filter({ hasText: /^Apply$/ }).first().click();
      await wb.waitForNotification(/Applied 1 file\(s\) from pull request #7/, { timeout: 20_000 });
      assert.match(fs.readFileSync(path.join(workspace, 'src/cart.ts'), 'utf8'), /cart line 3: round per currency/);
      assert.equal(fs.existsSync(path.join(workspace, 'src/currency.ts')), false, 'only the one file');
      assert.equal(git(workspace, 'rev-parse', 'HEAD'), headBefore, 'nothing committed');
      assert.equal(git(workspace, 'status', '--porcelain'), 'M src/cart.ts');
      await page.keyboard.press('Control+Shift+G');
      const scmRow = page.locator('.part.sidebar .scm-view .monaco-list-row').filter({ hasText: 'cart.ts' }).first();
      await scmRow.waitFor({ state: 'visible', timeout: 20_000 });
      // The status letter is drawn by CSS; the row's accessible name and title say it in words.
      const scmText = await scmRow.evaluate((r) => [r.getAttribute('aria-label'), ...[...r.querySelectorAll('[title]')].map((e) => e.getAttribute('title'))].join(' | '));
      log('Source Control row:', scmText);
      assert.match(scmText, /cart\.ts.*Modified/);
      assert.doesNotMatch(scmText, /Index Modified|Staged/i, 'an ordinary (unstaged) modification');
      await sleep(200);
    },
  },
];
