// Handing work to Devin from where the problem shows up: the Fix with Devin quick fix on a
// TypeScript type error, Delegate to Devin on a TODO comment (into an existing session), Send Last
// Terminal Command after a failing command in bash with shell integration, and a file over the
// attachment threshold sent as an upload followed by attachment_urls.
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { waitFor, sleep } from '../lib/proc.mjs';
import assert from 'node:assert/strict';
import { openSignedIn, createRequests } from './03-create.mjs';
import { SEL } from '../lib/workbench.mjs';

// Assembled here so the repository holds no secret-shaped string; the workspace file does.
const FAKE_GH_TOKEN = `ghp_${'e2eT0k3n'.repeat(5)}`;

const APP_TS = `export interface Order {
  id: string;
  total: number;
}

export function label(order: Order): string {
  const githubToken = "${FAKE_GH_TOKEN}";
  const count: string = order.total;
  return \`\${order.id}: \${count} \${githubToken.length}\`;
}

export function compute(orders: Order[]): number {
  // TODO: cache the sum per order id
  return orders.reduce((s, o) => s + o.total, 0);
}
`;

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, target: 'es2022', module: 'commonjs', noEmit: true }, include: ['src'] }, null, 2);

/** The TypeScript workspace of the first two scenarios: src/app.ts with a type error and a TODO. */
function tsWorkspace(dir) {
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'src/app.ts'), APP_TS);
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), TSCONFIG);
}

// The tests of test/e2e/fixtures/test-controller-extension: "rounds to cents" fails at line 8.
const MATH_TEST_TS = `import { round } from './math';

test('adds two numbers', () => {
  expect(1 + 2).toBe(3);
});

test('rounds to cents', () => {
  expect(round(2.675)).toBe(2.68);
  expect(round(1.005)).toBe(1.01);
});
`;

function git(cwd, ...args) {
  return execFileSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.com', '-c', 'init.defaultBranch=main', ...args],
    { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } }).trim();
}

/** A repository with one commit, then an edited file and a new one (uncommitted). */
function changedRepo(dir) {
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'src/price.ts'), 'export function price(cents: number): string {\n  return `$${cents / 100}`;\n}\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'remote', 'add', 'origin', 'https://github.com/acme/web-app.git');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'price');
  fs.writeFileSync(path.join(dir, 'src/price.ts'), 'export function price(cents: number): string {\n  return `$${(cents / 100).toFixed(2)}`;\n}\n');
  fs.writeFileSync(path.join(dir, 'src/discount.ts'), 'export function discount(cents: number, pct: number): number {\n  // half-done\n  return cents;\n}\n');
  return git(dir, 'rev-parse', 'HEAD');
}

/** The repository of the Send Uncommitted Changes scenario (set by its prepareWorkspace). */
let changes = {};

/** The sessions the fake holds that can take a message (running, suspended or starting, not archived). */
const messageable = (fake) => fake.sessions().filter((s) => !s.is_archived && ['running', 'suspended', 'new', 'claimed', 'resuming'].includes(s.status));

const messageRequests = (fake) => fake.requests().filter((r) => r.method === 'POST' && /\/sessions\/[^/]+\/messages$/.test(r.path));
const uploadRequests = (fake) => fake.requests().filter((r) => r.method === 'POST' && /\/attachments$/.test(r.path));

/**
 * The "where does this go" choice: a modal dialog (another extension can accept a quick pick, not
 * a dialog). Its text (the question and what will be sent) and its buttons.
 */
async function targetDialog(page) {
  const dialog = page.locator('.monaco-dialog-box').first();
  await dialog.waitFor({ state: 'visible', timeout: 15_000 });
  assert.match(await dialog.innerText(), /Where should this go\?/);
  return { dialog, text: (await dialog.innerText()).replace(/\s+/g, ' '), buttons: (await dialog.locator('.monaco-button').allInnerTexts()).map((b) => b.trim()) };
}

/** Clicks a button of the dialog that is showing (no keyboard: the button's own click). */
async function chooseInDialog(page, name) {
  const dialog = page.locator('.monaco-dialog-box').first();
  await dialog.waitFor({ state: 'visible', timeout: 15_000 });
  await dialog.locator('.monaco-button').filter({ hasText: name }).first().click();
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
}

async function openFile(page, wb, name) {
  await page.keyboard.press('Control+P');
  await wb.waitForQuickInput(undefined, { timeout: 15_000 });
  await wb.quickInputType(name, { enter: false });
  await wb.quickPick(name, { timeout: 15_000 });
  await wb.editorTab(name);
  const editor = page.locator('.part.editor .monaco-editor').first();
  await editor.locator('.view-lines').waitFor({ state: 'visible', timeout: 15_000 });
  return editor;
}

async function goToLine(page, wb, editor, line, column = 1) {
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+G');
  await wb.waitForQuickInput(/line/i, { timeout: 10_000 });
  await wb.quickInputType(`:${line}:${column}`);
  await sleep(300);
}

/**
 * Opens the Quick Fix menu (what the lightbulb opens) and clicks the entry. Ctrl+. is pressed again
 * only when no menu is open (a second Ctrl+. into an open menu can run its first entry); a menu
 * without the entry (code actions still loading) is closed first.
 */
async function quickFix(page, entry) {
  const widget = page.locator('.action-widget').first();
  const item = page.locator('.action-widget .monaco-list-row').filter({ hasText: entry }).first();
  await waitFor(async () => {
    if (await item.isVisible().catch(() => false)) return true;
    if (await widget.isVisible().catch(() => false)) await page.keyboard.press('Escape');
    await page.keyboard.press('Control+.');
    return item.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false);
  }, { timeout: 40_000, message: `"${entry}" in the Quick Fix menu` });
  await item.click();
}

export default [
  {
    name: 'Fix with Devin on a TypeScript type error and Delegate to Devin on a TODO',
    signIn: true,
    timeout: 240_000,
    prepareWorkspace: tsWorkspace,
    async fn({ page, wb, fake, assert, log }) {
      await openSignedIn(wb);
      const editor = await openFile(page, wb, 'app.ts');
      // The TypeScript server reports the error (a red squiggle).
      await page.locator('.part.editor .squiggly-error').first().waitFor({ state: 'attached', timeout: 90_000 });
      await goToLine(page, wb, editor, 8, 9);
      const before = createRequests(fake).length;
      await quickFix(page, /^Fix with Devin/);
      const info = await targetDialog(page);
      log('targets:', info.buttons.join(' | '), '\ndialog:', info.text);
      // (VS Code orders a dialog's buttons by platform.)
      assert.deepEqual(info.buttons.filter((b) => b !== 'Cancel').sort(), ['Add to an Existing Session…', 'Preview and Edit First…', 'Start a New Devin Session']);
      assert.match(info.text, /Fix with Devin · [\d,]+ characters · 1 secret\(s\) hidden: github-token/, 'the dialog says what is sent and that a secret was hidden');
      assert.match(info.text, /Session title: Fix: Type 'number' is not assignable/, 'and the title');
      assert.match(info.text, /Fix this problem that the editor reports in this file\./, 'and the prompt\'s first lines');
      await chooseInDialog(page, /^Start a New Devin Session$/);
      const req = await waitFor(() => createRequests(fake)[before], { timeout: 20_000, message: 'POST …/sessions for Fix with Devin' });
      const p = String(req.body.prompt);
      log('prompt:\n' + p);
      assert.ok(p.startsWith('Fix this problem that the editor reports in this file.'));
      assert.match(p, /- Error at line 8, column 9 \[ts 2322\]: Type 'number' is not assignable to type 'string'\./, 'the diagnostic with source and code');
      assert.ok(p.includes('File: `src/app.ts`'), 'the relative path');
      assert.ok(p.includes('```typescript\n'), 'a typescript fence');
      assert.ok(p.includes('  const count: string = order.total;'), 'the code of the range');
      assert.ok(p.includes('export function compute'), 'surrounding code');
      assert.ok(!p.includes(FAKE_GH_TOKEN), 'the token in the code is not sent');
      assert.ok(p.includes('const githubToken = "[REDACTED:github-token]";'), 'it is replaced by a marker');
      assert.match(String(req.body.title), /^Fix: Type 'number' is not assignable/);
      await wb.waitForNotification(/Devin session started/, { timeout: 15_000 });

      // TODO → Delegate to Devin → into an existing session.
      await goToLine(page, wb, editor, 13, 8);
      const beforeMsg = messageRequests(fake).length;
      await quickFix(page, /^Delegate to Devin/);
      await targetDialog(page);
      await chooseInDialog(page, /^Add to an Existing Session…$/);
      await wb.waitForQuickInput(/Add to which session/, { timeout: 15_000 });
      const sessions = await wb.quickInputInfo();
      log('sessions offered:', sessions.items.length);
      await page.keyboard.press('Enter');
      const msg = await waitFor(() => messageRequests(fake)[beforeMsg], { timeout: 20_000, message: 'POST …/messages for Delegate to Devin' });
      const m = String(msg.body.message);
      log('message:\n' + m);
      assert.ok(m.startsWith('Do what this TODO comment asks, then remove the comment.'));
      assert.ok(m.includes('Comment: `// TODO: cache the sum per order id`'), 'the comment');
      assert.ok(m.includes('Enclosing function: `compute`'), 'the enclosing function from the document symbols');
      assert.ok(m.includes('return orders.reduce((s, o) => s + o.total, 0);'), 'the function body');
      assert.ok(!m.includes('export function label'), 'only the function, not the whole file');
      await waitFor(async () => /Sent to Devin: /.test(await wb.statusBarText()), { timeout: 15_000, message: '"Sent to Devin" in the status bar' });
    },
  },
  {
    name: 'with devin.delegate.alwaysPreview the prompt opens in the prompt editor, and what is sent is the edited text',
    signIn: true,
    timeout: 200_000,
    settings: { 'devin.delegate.alwaysPreview': true },
    prepareWorkspace: tsWorkspace,
    async fn({ page, wb, fake, assert, log }) {
      await openSignedIn(wb);
      const editor = await openFile(page, wb, 'app.ts');
      await goToLine(page, wb, editor, 13, 8);
      const before = createRequests(fake).length;
      await quickFix(page, /^Delegate to Devin/);
      await wb.editorTab(/devin-prompt-todo/, { timeout: 15_000 });
      const prompt = page.locator('.part.editor .monaco-editor').filter({ hasText: 'Do what this TODO comment asks' }).first();
      await prompt.waitFor({ state: 'visible', timeout: 15_000 });
      await sleep(500);
      assert.equal(createRequests(fake).length, before, 'nothing is sent before the preview is confirmed');
      // Add a line at the top, then send with Ctrl+Enter.
      await page.keyboard.press('Control+Home');
      await page.keyboard.type('Keep the public API unchanged.\n');
      await page.keyboard.press('Control+Enter');
      // One modal: the target dialog shows the edited text (deliver's preview asks nothing else).
      const info = await targetDialog(page);
      assert.ok(!info.buttons.some((i) => /Preview and Edit/.test(i)), 'no second preview offered');
      assert.match(info.text, /Keep the public API unchanged\. Do what this TODO comment asks/, 'the dialog shows the edited text');
      await chooseInDialog(page, /^Start a New Devin Session$/);
      const req = await waitFor(() => createRequests(fake)[before], { timeout: 20_000, message: 'POST …/sessions after the preview' });
      const p = String(req.body.prompt);
      log('prompt:\n' + p);
      assert.ok(p.startsWith('Keep the public API unchanged.\nDo what this TODO comment asks'), 'the edited text is what was sent');
      assert.ok(p.includes('Comment: `// TODO: cache the sum per order id`'));
      await waitFor(async () => !(await page.locator(SEL.tabs).filter({ hasText: /devin-prompt-todo/ }).count()), { timeout: 15_000, message: 'the preview tab to close' });
    },
  },
  {
    name: 'Send Last Terminal Command after a failing ls in bash with shell integration',
    signIn: true,
    timeout: 180_000,
    settings: {
      'terminal.integrated.defaultProfile.linux': 'bash',
      'terminal.integrated.profiles.linux': { bash: { path: '/bin/bash' } },
      'terminal.integrated.shellIntegration.enabled': true,
    },
    async fn({ page, wb, fake, assert, log }) {
      await openSignedIn(wb);
      // What the user had on the clipboard: it must be there afterwards (the output may be read
      // through VS Code's Copy Last Command and Output when the shell-integration stream lost it).
      const clip = 'the user\'s clipboard text';
      await page.evaluate((t) => navigator.clipboard.writeText(t), clip);
      await wb.runCommand('Terminal: Create New Terminal');
      const term = page.locator('.terminal-wrapper .xterm').first();
      await term.waitFor({ state: 'visible', timeout: 30_000 });
      await sleep(4000); // bash starts and the shell integration script runs
      await term.click();
      await page.keyboard.type('ls /nonexistent');
      await page.keyboard.press('Enter');
      await sleep(3000);
      const before = createRequests(fake).length;
      await wb.runCommand('Devin: Send Last Terminal Command');
      await targetDialog(page);
      await chooseInDialog(page, /^Start a New Devin Session$/);
      const req = await waitFor(() => createRequests(fake)[before], { timeout: 20_000, message: 'POST …/sessions for the terminal command' });
      const p = String(req.body.prompt);
      log('prompt:\n' + p);
      assert.ok(p.startsWith('This command failed in my terminal.'));
      assert.ok(p.includes('Command:\n```shellscript\nls /nonexistent\n```'), 'the command line');
      assert.match(p, /Exit code: 2\b/, 'the exit code');
      assert.ok(p.includes('Working directory: `. (workspace folder)`'), 'the working directory, relative to the workspace');
      assert.match(p, /Output:\n```\n[^`]*No such file or directory/, 'the output');
      assert.ok(!p.includes('\u001b'), 'no escape sequences');
      assert.match(String(req.body.title), /^Fix failing command: ls \/nonexistent/);
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), clip, 'the clipboard holds the user\'s text again');
    },
  },
  {
    name: 'a file over the attachment threshold is uploaded, then created with attachment_urls',
    signIn: true,
    timeout: 180_000,
    prepareWorkspace(dir) {
      const lines = Array.from({ length: 2000 }, (_, i) => `2026-11-29T10:00:${String(i % 60).padStart(2, '0')}Z INFO request ${i} handled in ${i % 97} ms`);
      lines.push('DB_PASSWORD=hunter2-not-for-devin');
      fs.writeFileSync(path.join(dir, 'server.log'), `${lines.join('\n')}\n`);
    },
    async fn({ page, wb, fake, assert, log }) {
      await openSignedIn(wb);
      await openFile(page, wb, 'server.log');
      const before = createRequests(fake).length;
      await wb.runCommand('Devin: Send File to Devin');
      // The box names the file (another extension can pass any file), and a dialog decides.
      await wb.waitForQuickInput(/What should Devin do with server\.log\?/, { timeout: 15_000 });
      await wb.quickInputType('Find out why requests slow down');
      const dialog = page.locator('.monaco-dialog-box').first();
      await dialog.waitFor({ state: 'visible', timeout: 15_000 });
      const shown = (await dialog.innerText()).replace(/\s+/g, ' ');
      assert.match(shown, /Start a Devin session with this prompt\?/);
      assert.match(shown, /Session title: Find out why requests slow down/);
      assert.match(shown, /attachment server\.log \(\d+ KB\)/, 'the dialog names the attachment');
      assert.equal(createRequests(fake).length, before, 'nothing is sent before the dialog is answered');
      await dialog.locator('.monaco-button').filter({ hasText: /^Start Session$/ }).first().click();
      const req = await waitFor(() => createRequests(fake)[before], { timeout: 30_000, message: 'POST …/sessions after the upload' });
      const uploads = uploadRequests(fake);
      assert.equal(uploads.length, 1, 'one upload');
      assert.ok(uploads[0].index < req.index, 'the upload comes before the create');
      const part = uploads[0].body.multipart[0];
      log('upload part:', JSON.stringify(part));
      assert.equal(part.name, 'file');
      assert.equal(part.filename, 'server.log');
      assert.ok(part.size > 48 * 1024, 'the whole file went up');
      const urls = req.body.attachment_urls;
      assert.ok(Array.isArray(urls) && urls.length === 1 && /\/attachments\/[0-9a-f-]{36}\/server\.log$/.test(urls[0]), `attachment_urls: ${JSON.stringify(urls)}`);
      const p = String(req.body.prompt);
      log('prompt:\n' + p);
      assert.ok(p.includes('Attached: `server.log`'));
      assert.ok(!p.includes('request 1999'), 'the file is not inlined');
      // The uploaded bytes were scrubbed like a prompt.
      const stored = [...fake.raw.store.attachments.values()][0];
      const text = stored.data.toString('utf8');
      assert.ok(!text.includes('hunter2-not-for-devin'), 'the password in the log was not uploaded');
      assert.ok(text.includes('DB_PASSWORD=[REDACTED:assignment]'));
      assert.ok(text.includes('request 1999 handled'), 'the rest of the file is there');
    },
  },
  {
    name: 'Fix with Devin on a failed test message in the Test Results',
    signIn: true,
    timeout: 200_000,
    extensions: ['test-controller-extension'],
    prepareWorkspace(dir) {
      fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'src/math.test.ts'), MATH_TEST_TS);
      fs.writeFileSync(path.join(dir, 'src/math.ts'), 'export const round = (n: number) => Math.floor(n * 100) / 100;\n');
    },
    async fn({ page, wb, fake, assert, log }) {
      await openSignedIn(wb);
      // The fixture's controller shows its tests in the Testing view; run them all.
      await wb.runCommand('View: Show Testing');
      await page.locator('.part.sidebar .monaco-list-row').filter({ hasText: 'math.test.ts' }).first().waitFor({ state: 'visible', timeout: 30_000 });
      await wb.runCommand('Test: Run All Tests');
      // The failure in the Test Results view: the test, then its message (expand the test when needed).
      await wb.runCommand('Test: Show Output');
      const tree = page.locator('.test-output-peek-tree .monaco-list-row');
      // The failed test's row, then its message rows (children): right-click the first message.
      const messageRow = tree.filter({ hasText: 'Expected values to be strictly equal', hasNotText: 'rounds to cents' }).first();
      const failedRow = tree.filter({ hasText: 'rounds to cents' }).first();
      await waitFor(async () => {
        if (await messageRow.isVisible().catch(() => false)) return true;
        if (await failedRow.isVisible().catch(() => false) && (await failedRow.getAttribute('aria-expanded')) !== 'true') {
          await failedRow.click();
          await page.keyboard.press('ArrowRight');
        }
        return false;
      }, { timeout: 30_000, message: 'the failure message in the Test Results' });
      log('result rows:', (await tree.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ')).join(' | '));
      const before = createRequests(fake).length;
      await messageRow.click({ button: 'right' });
      const item = page.locator('.context-view .monaco-menu .action-item').filter({ hasText: 'Fix with Devin' }).first();
      await item.waitFor({ state: 'visible', timeout: 10_000 });
      // The menu sometimes ignores a click that lands while it is still laying out: select the entry with the keyboard too.
      await item.hover();
      await item.click();
      await waitFor(async () => {
        if (await page.locator('.monaco-dialog-box').first().isVisible().catch(() => false)) return true;
        if (await item.isVisible().catch(() => false)) await page.keyboard.press('Enter');
        return false;
      }, { timeout: 15_000, message: 'Fix with Devin to run from the message menu' });
      const info = await targetDialog(page);
      assert.ok(info.buttons.includes('Add to an Existing Session…'), 'Add to an Existing Session is offered beside a new one');
      await chooseInDialog(page, /^Start a New Devin Session$/);
      const req = await waitFor(() => createRequests(fake)[before], { timeout: 20_000, message: 'POST …/sessions for the failed test' });
      const p = String(req.body.prompt);
      log('prompt:\n' + p);
      assert.ok(p.startsWith('This test fails.'));
      assert.ok(p.includes('Test: `math.test.ts › rounds to cents`'), 'the test name, under its parent');
      assert.ok(p.includes('File: `src/math.test.ts`, line 7\nFailed at: `src/math.test.ts`, line 8\n'), 'the location of the test and of the failure');
      assert.match(p, /Failure message:\n```\nExpected values to be strictly equal: round\(2\.675\) should be 2\.68\n```/, 'the message');
      assert.match(p, /Expected:\n```\n2\.68\n```/, 'the expected value');
      assert.match(p, /Actual:\n```\n2\.67\n```/, 'the actual value');
      assert.equal(String(req.body.title), 'Fix failing test: rounds to cents');
    },
  },
  {
    name: 'Send Uncommitted Changes from the Source Control title: the diff and the instruction; a large diff as an attachment to an existing session',
    signIn: true,
    timeout: 220_000,
    settings: { 'git.enabled': true, 'git.autofetch': false, 'git.openRepositoryInParentFolders': 'never' },
    prepareWorkspace(dir) {
      changes = { dir, commit: changedRepo(dir) };
    },
    async fn({ page, wb, fake, assert, log }) {
      const { commit, dir } = changes;
      await openSignedIn(wb);
      await wb.runCommand('Source Control: Focus on Changes View');
      // The git extension lists the two changes; then the title action is there (`scmProvider == git`).
      await page.locator('.part.sidebar .monaco-list-row').filter({ hasText: 'discount.ts' }).first().waitFor({ state: 'visible', timeout: 45_000 });
      const before = createRequests(fake).length;
      const action = page.locator('.part.sidebar .actions-container [aria-label^="Send Uncommitted Changes"]').first();
      await waitFor(async () => {
        await page.locator('.part.sidebar .pane-header').filter({ hasText: /Changes|Source Control/ }).first().hover().catch(() => {});
        await page.locator('.part.sidebar').hover();
        return action.isVisible();
      }, { timeout: 15_000, message: 'Send Uncommitted Changes in the Source Control view title' });
      await action.click();
      await wb.waitForQuickInput(/What should Devin do with them/, { timeout: 20_000 });
      assert.match((await wb.quickInputInfo()).title, /Send Uncommitted Changes \(2 files\)/);
      await wb.quickPick(/In My Own Words/);
      await wb.waitForQuickInput(/What should Devin do with these changes/);
      await wb.quickInputType('Finish the discount function and add a test');
      const targets = await targetDialog(page);
      assert.ok(targets.buttons.includes('Add to an Existing Session…'), 'Add to an Existing Session is offered beside a new one');
      await chooseInDialog(page, /^Start a New Devin Session$/);
      const req = await waitFor(() => createRequests(fake)[before], { timeout: 20_000, message: 'POST …/sessions for the changes' });
      const p = String(req.body.prompt);
      log('prompt:\n' + p);
      assert.ok(p.startsWith('Finish the discount function and add a test\n'), 'the instruction first');
      assert.ok(p.includes(`Repository: acme/web-app, branch \`main\`, commit \`${commit.slice(0, 12)}\``), 'repository, branch and commit');
      assert.ok(p.includes('Changed files:\n- src/price.ts\n- src/discount.ts'), 'the changed files, the new one included');
      assert.ok(p.includes('```diff\ndiff --git a/src/price.ts b/src/price.ts'), 'the diff against HEAD, fenced');
      assert.ok(p.includes('-  return `$${cents / 100}`;\n+  return `$${(cents / 100).toFixed(2)}`;'), 'the modification');
      assert.match(p, /new file mode \d+\n[\s\S]*\+\+\+ b\/src\/discount\.ts[\s\S]*\+ {2}\/\/ half-done/, 'the new file');
      assert.equal(uploadRequests(fake).length, 0, 'a small diff is inlined');
      assert.deepEqual(req.body.repos, ['acme/web-app']);
      await wb.waitForNotification(/Devin session started/, { timeout: 15_000 });
      await wb.runCommand('Notifications: Clear All Notifications');

      // A diff over the threshold (a 60 KB generated file) goes as an upload, here to an existing session.
      const rows = Array.from({ length: 1500 }, (_, i) => `  { id: ${i}, name: 'product ${i}', cents: ${i * 7} },`);
      fs.writeFileSync(path.join(dir, 'src/catalog.ts'), `export const catalog = [\n${rows.join('\n')}\n];\n`);
      const beforeMsg = messageRequests(fake).length;
      await wb.runCommand('Devin: Send Uncommitted Changes…');
      await wb.waitForQuickInput(/What should Devin do with them/, { timeout: 20_000 });
      await wb.quickPick(/Review These Changes/);
      const info = await targetDialog(page);
      assert.match(info.text, /attachment changes\.diff \(\d+ KB\)/, 'the dialog names the attachment');
      await chooseInDialog(page, /^Add to an Existing Session…$/);
      await wb.waitForQuickInput(/Add to which session/, { timeout: 15_000 });
      // Only sessions that can take a message are offered.
      const offered = (await wb.quickInputInfo()).items;
      const ok = messageable(fake);
      const okTitles = new Set(ok.map((s) => s.title).filter(Boolean));
      const notOk = fake.sessions().filter((s) => !ok.includes(s) && s.title && !okTitles.has(s.title)).map((s) => s.title);
      log(`sessions offered: ${offered.length} rows shown; ${ok.length} of ${fake.sessions().length} fake sessions can take a message`);
      assert.ok(offered.length > 0 && notOk.length > 0, 'the fake holds both kinds');
      for (const row of offered) assert.ok(!notOk.some((t) => row.startsWith(t)), `offered, but cannot take a message: ${row}`);
      const target = ok.find((s) => s.title && offered[0].startsWith(s.title));
      assert.ok(target, `the first row is a session that can take a message: ${offered[0]}`);
      await page.keyboard.press('Enter');
      const msg = await waitFor(() => messageRequests(fake)[beforeMsg], { timeout: 30_000, message: 'POST …/messages with the attachment' });
      assert.ok(msg.path.includes(`/sessions/${target.session_id}/messages`), 'to the session picked');
      const uploads = uploadRequests(fake);
      assert.equal(uploads.length, 1, 'one upload');
      assert.ok(uploads[0].index < msg.index, 'the upload comes before the message');
      assert.equal(uploads[0].body.multipart[0].filename, 'changes.diff');
      const urls = msg.body.attachment_urls;
      assert.ok(Array.isArray(urls) && urls.length === 1 && /\/attachments\/[0-9a-f-]{36}\/changes\.diff$/.test(urls[0]), `attachment_urls: ${JSON.stringify(urls)}`);
      const m = String(msg.body.message);
      log('message:\n' + m);
      assert.ok(m.startsWith('Review these uncommitted changes against HEAD'));
      assert.ok(m.includes('Attached: `changes.diff`'));
      assert.ok(m.includes('- src/catalog.ts'), 'the new file is listed');
      assert.ok(!m.includes('product 1499'), 'the diff is not inlined');
      const stored = [...fake.raw.store.attachments.values()][0].data.toString('utf8');
      assert.ok(stored.includes('+++ b/src/catalog.ts') && stored.includes("product 1499") && stored.includes('+  // half-done'), 'the uploaded diff holds every change');
    },
  },
];
