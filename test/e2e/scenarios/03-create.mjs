// Creating sessions: the New Session wizard from the palette, right-click Send to Devin on a selection
// in a git repository, and a failed create whose prompt survives a window reload.
// Documentation screenshots (docs/images/*.png) are written only with E2E_DOC_SCREENSHOTS=1.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GROUP_LABELS } from './01-signin.mjs';
import { waitFor, sleep } from '../lib/proc.mjs';
import { SEL, isDevinViewShown } from '../lib/workbench.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CREATE_PATH = /\/organizations\/[^/]+\/sessions$/;

/** POST …/sessions requests the fake server has seen. */
export const createRequests = (fake) => fake.requests().filter((r) => r.method === 'POST' && CREATE_PATH.test(r.path));

/**
 * Saves a documentation screenshot to docs/images/<name> only when E2E_DOC_SCREENSHOTS=1.
 * `target`: a Locator (element screenshot) or { clip }.
 */
export async function docShot(page, name, target, log = () => {}) {
  if (process.env.E2E_DOC_SCREENSHOTS !== '1') return;
  const file = path.join(ROOT, 'docs/images', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (target && typeof target.screenshot === 'function') await target.screenshot({ path: file, animations: 'disabled' });
  else await page.screenshot({ path: file, clip: target.clip, animations: 'disabled' });
  log(`wrote ${path.relative(ROOT, file)} (${Math.round(fs.statSync(file).size / 1024)} KB)`);
}

/**
 * A side-bar tree row by its label text (not by position: rows move when the tree updates), or by
 * the start of its accessible name (a long session title is shortened on the row).
 */
export function rowByLabel(page, text) {
  const byLabel = page.locator(SEL.treeRows).filter({ has: page.locator('.label-name', { hasText: text }) });
  const byName = page.locator(`${SEL.treeRows}[aria-label^="${text.replace(/["\\]/g, '\\$&')}"]`);
  return byLabel.or(byName).first();
}

/**
 * Shows the Devin view and waits for the group rows (signed in by the runner through the input box).
 * After a reload the workbench restores the view by itself; clicking its activity bar entry then
 * can hit the progress badge drawn over it (Playwright: "badge progress-badge intercepts pointer
 * events"), so wait for the restore first.
 */
export async function openSignedIn(wb, page) {
  if (page) await waitFor(() => isDevinViewShown(page), { timeout: 15_000, message: 'the Devin view to be restored' }).catch(() => {});
  await wb.openDevinView();
  await wb.waitForTreeRow(GROUP_LABELS, { timeout: 45_000 });
}

/**
 * Walks the New Session wizard after "Devin: New Session…" ran. Each step is recognised by its
 * prompt/placeholder, so a slow transition never types into the previous step.
 * `prompt` undefined keeps the prefilled value (asserted by the caller). `oneStep`: Enter on the
 * prompt creates the session (the workspace's repository, no other step); otherwise the labelled
 * row More Options… goes through repository, title, tags, playbook, knowledge, ACU limit and
 * attachments.
 */
async function walkWizard(wb, page, { prompt, oneStep = false, repo = 'No repository', title, tags, playbook, acu }) {
  const step1 = await promptStep(wb);
  await wb.quickInputType(prompt ?? step1.value, { enter: false });
  // The first row shows the typed prompt (it is what Enter does).
  const typed = (prompt ?? step1.value).trim();
  await waitFor(async () => (await wb.quickInputInfo()).items[0]?.startsWith(typed), { timeout: 10_000, message: 'the first row to show the typed prompt' });
  if (oneStep) {
    await page.locator(SEL.quickInputBox).first().press('Enter');
    return;
  }
  await wb.quickPick(/^More Options…/);
  await wb.waitForQuickInput(/Repository for Devin|No git repository in this workspace/);
  await wb.quickPick(repo);
  const titleStep = await wb.waitForQuickInput(/Title \(optional\)/);
  assert.equal(titleStep.placeholder, 'Leave empty and Devin names the session', 'the title placeholder does not pretend the prompt is the title');
  if (title !== undefined) await wb.quickInputType(title);
  else await wb.quickInputType((await wb.quickInputInfo()).value);
  await wb.waitForQuickInput(/^Tags|Tags, separated/m);
  if (tags !== undefined) await wb.quickInputType(tags);
  else await wb.quickInputType((await wb.quickInputInfo()).value);
  await wb.waitForQuickInput(/Playbook \(optional\)/);
  await wb.quickPick(playbook ?? 'No playbook');
  // Knowledge (multi-pick): accept with nothing ticked.
  await wb.waitForQuickInput(/Knowledge to include/);
  await pressEnterInQuickInput(wb);
  await wb.waitForQuickInput(/Maximum ACUs/);
  await wb.quickInputType(acu ?? '');
  await wb.waitForQuickInput(/Attach files/);
  await wb.quickPick('No attachments');
}

/**
 * Waits for New Session's first step: a quick pick whose rows are labelled actions (start, write in
 * an editor, more options), each with a visible label and not only an icon.
 */
async function promptStep(wb) {
  const step1 = await wb.waitForQuickInput(/What should Devin do/, { timeout: 20_000 });
  const info = await waitFor(async () => {
    const i = await wb.quickInputInfo();
    return i.items.length >= 3 ? i : null;
  }, { timeout: 10_000, message: 'the three rows of the prompt step' });
  assert.match(info.items[0], /Enter starts the session/, 'the first row says what Enter does');
  assert.ok(info.items.some((t) => /^Write in an Editor…\s*for a long prompt/.test(t)), `a labelled "Write in an Editor…" row: ${info.items.join(' | ')}`);
  assert.ok(info.items.some((t) => /^More Options…\s*repository, title, tags/.test(t)), `a labelled "More Options…" row: ${info.items.join(' | ')}`);
  return step1;
}

/** The text of the active editor (what Monaco renders; long lines wrap), whitespace collapsed. */
async function editorText(page) {
  return page.locator('.part.editor .monaco-editor .view-lines').first().evaluate((el) => el.innerText.replace(/\s+/g, ' ').trim());
}

/** A modal dialog (e.g. "Do you want to save …?") on screen. */
async function dialogShown(page) {
  return page.locator('.monaco-dialog-box').first().isVisible().catch(() => false);
}

/**
 * docs/images/new-session-{light,dark}.png: the prompt step with a typed task and its labelled
 * rows, in the theme the workbench starts with and then in the other one (E2E_DOC_SCREENSHOTS=1).
 */
async function newSessionShots(page, wb, log) {
  const isDark = () => page.evaluate(() => !!document.querySelector('.monaco-workbench')?.classList.contains('vs-dark'));
  const shoot = async () => {
    await wb.runCommand('Devin: New Session…');
    await promptStep(wb);
    await wb.quickInputType('Add rate limiting to the public API and document the limits', { enter: false });
    await waitFor(async () => (await wb.quickInputInfo()).items[0]?.startsWith('Add rate limiting'), { timeout: 10_000, message: 'the typed prompt in the first row' });
    await page.mouse.move(5, 700); // no hover highlight on a row
    await sleep(300);
    await docShot(page, `new-session-${(await isDark()) ? 'dark' : 'light'}.png`, page.locator(SEL.quickInput).first(), log);
    await wb.closeQuickInput();
  };
  const first = await isDark();
  await shoot();
  await wb.runCommand('Preferences: Toggle between Light/Dark Themes');
  await waitFor(async () => (await isDark()) !== first, { timeout: 15_000, message: 'the other theme' });
  await shoot();
}

async function pressEnterInQuickInput(wb) {
  const info = await wb.quickInputInfo();
  await wb.quickInputType(info.value, { enter: true });
}

function git(cwd, ...args) {
  return execFileSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.com', '-c', 'init.defaultBranch=main', ...args],
    { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } }).trim();
}

const CART_TS = `export interface Item {
  price: number;
  qty: number;
}

export function total(items: Item[]): number {
  let sum = 0;
  for (const i of items) sum += i.price * i.qty;
  return Math.round(sum * 100) / 100;
}
`;

let repoInfo = {};

export default [
  {
    name: 'New Session from the palette walks every step and the session shows without a refresh',
    signIn: true,
    timeout: 150_000,
    async fn({ page, wb, fake, assert, log }) {
      await openSignedIn(wb);
      const before = createRequests(fake).length;
      const prompt = 'E2E: add input validation to the signup form';
      // Escape on the first step keeps what was typed: the next New Session starts with it.
      await wb.runCommand('Devin: New Session…');
      await promptStep(wb);
      const escaped = 'E2E: a half-typed task that Escape must not lose';
      await wb.quickInputType(escaped, { enter: false });
      await page.locator(SEL.quickInputBox).first().press('Escape');
      await page.locator(SEL.quickInputBox).first().waitFor({ state: 'hidden', timeout: 10_000 });
      await wb.runCommand('Devin: New Session…');
      const again = await promptStep(wb);
      assert.equal(again.value, escaped, 'the prompt typed before Escape is back');
      assert.equal(createRequests(fake).length, before, 'Escape created nothing');
      await walkWizard(wb, page, { prompt, repo: 'No repository', title: 'E2E palette session', tags: 'e2e, palette', playbook: 'Fix a flaky test', acu: '5' });
      const req = await waitFor(() => createRequests(fake)[before], { timeout: 20_000, message: 'POST …/sessions at the fake' });
      log('create body', JSON.stringify(req.body));
      assert.equal(req.body.prompt, prompt);
      assert.equal(req.body.title, 'E2E palette session');
      assert.deepEqual(req.body.tags, ['e2e', 'palette']);
      assert.equal(req.body.playbook_id, 'playbook-flaky-tests');
      assert.equal(req.body.max_acu_limit, 5);
      assert.equal(req.body.repos, undefined, '"No repository" sends no repos');
      assert.equal(req.body.knowledge_ids, undefined, 'no knowledge was picked');
      // The tree shows it at once (no refresh command).
      await wb.waitForTreeRow('E2E palette session', { timeout: 15_000 });
      await wb.waitForNotification(/Devin session started: E2E palette session/, { timeout: 10_000 });
    },
  },
  {
    name: 'right-click Send to Devin on a selection sends file, lines, code and the git context',
    signIn: true,
    timeout: 180_000,
    settings: { 'git.enabled': true, 'git.autofetch': false, 'git.openRepositoryInParentFolders': 'never' },
    prepareWorkspace(dir) {
      fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'src/cart.ts'), CART_TS);
      fs.writeFileSync(path.join(dir, 'README.md'), '# web-app\n');
      git(dir, 'init', '-q', '-b', 'main');
      git(dir, 'remote', 'add', 'origin', 'https://github.com/acme/web-app.git');
      git(dir, 'add', '.');
      git(dir, 'commit', '-q', '-m', 'cart total');
      repoInfo = { commit: git(dir, 'rev-parse', 'HEAD'), branch: 'main' };
    },
    async fn({ page, wb, fake, assert, log }) {
      if (process.env.E2E_DOC_SCREENSHOTS === '1') await page.setViewportSize({ width: 1200, height: 760 });
      await openSignedIn(wb);
      const before = createRequests(fake).length;
      // Open src/cart.ts through Quick Open.
      await page.keyboard.press('Control+P');
      await wb.waitForQuickInput(undefined, { timeout: 15_000 });
      await wb.quickInputType('cart.ts', { enter: false });
      await wb.quickPick('cart.ts', { timeout: 15_000 });
      await wb.editorTab('cart.ts');
      const editor = page.locator('.part.editor .monaco-editor').first();
      await editor.locator('.view-lines').waitFor({ state: 'visible', timeout: 15_000 });
      // The git extension must know the repository (the branch shows in the status bar).
      await waitFor(async () => /\bmain\b/.test(await wb.statusBarText()), { timeout: 30_000, message: 'the git branch "main" in the status bar' });
      // Select lines 6-9 (the function) with the keyboard: Ctrl+G 6, then Shift+Down ×4.
      await editor.locator('.view-lines').click();
      await page.keyboard.press('Control+G');
      await wb.waitForQuickInput(/line/i, { timeout: 10_000 });
      await wb.quickInputType(':6'); // Go to Line is the ':' mode of quick access
      await sleep(300);
      for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowDown');
      const selected = page.locator('.part.editor .monaco-editor .selected-text').first();
      await selected.waitFor({ state: 'visible', timeout: 5000 });
      // Right-click inside the selection → editor context menu → "Send to Devin".
      // The selection layer sits under the text layer: right-click at its position with the mouse.
      const sb = await selected.boundingBox();
      // (At the end of the first selected line, so the menu leaves the code visible.)
      await page.mouse.click(sb.x + Math.max(5, sb.width - 8), sb.y + Math.min(8, sb.height / 2), { button: 'right' });
      // The label alone: the item also shows the command's keybinding (Ctrl+Alt+D S).
      const item = page.locator('.context-view .monaco-menu .action-item').filter({ has: page.locator('.action-label', { hasText: /^Send to Devin$/ }) }).first();
      await item.waitFor({ state: 'visible', timeout: 10_000 });
      const menu = page.locator('.context-view .monaco-menu').first();
      const box = await menu.boundingBox();
      const ed = await page.locator('.part.editor').boundingBox();
      if (box && ed) {
        // The editor (tab, code, selection) from its left edge to just past the menu.
        const x = ed.x;
        const y = ed.y;
        await docShot(page, 'send-to-devin.png', { clip: { x, y, width: box.x + box.width + 16 - x, height: Math.min(box.y + box.height + 16, page.viewportSize().height) - y } }, log);
      }
      await item.click();
      await wb.waitForQuickInput(/What should Devin do with the selected code/, { timeout: 15_000 });
      const instruction = 'Handle negative quantities in total()';
      await wb.quickInputType(instruction);
      const req = await waitFor(() => createRequests(fake)[before], { timeout: 20_000, message: 'POST …/sessions at the fake' });
      const p = String(req.body.prompt);
      log('prompt:\n' + p);
      assert.ok(p.startsWith(instruction), 'the prompt starts with the instruction');
      assert.ok(p.includes('File: `src/cart.ts` (lines 6-9)'), 'file and line range');
      assert.ok(p.includes('```typescript\nexport function total(items: Item[]): number {\n  let sum = 0;\n  for (const i of items) sum += i.price * i.qty;\n  return Math.round(sum * 100) / 100;\n```'),
        'the selected code in a typescript fence');
      assert.ok(p.includes(`Repository: acme/web-app, branch \`main\`, commit \`${repoInfo.commit.slice(0, 12)}\``), 'repository, branch and commit');
      assert.deepEqual(req.body.repos, ['acme/web-app']);
      assert.equal(req.body.title, instruction);
      await wb.waitForTreeRow(instruction, { timeout: 15_000 });
    },
  },
  {
    name: 'a failed create offers Retry, never retries itself, and the prompt survives a window reload',
    signIn: true,
    timeout: 200_000,
    async fn({ page, wb, fake, assert, log }) {
      await openSignedIn(wb);
      const prompt = 'E2E: migrate the cron jobs to the new scheduler';
      fake.fault({ status: 500, methods: ['POST'] });
      await wb.runCommand('Devin: New Session…');
      await walkWizard(wb, page, { prompt, title: 'E2E kept draft', tags: 'e2e' });
      const toast = await wb.waitForNotification(/was not created; your prompt is kept/, { timeout: 20_000 });
      log('notification:', toast);
      const retry = page.locator(SEL.toast).filter({ hasText: /your prompt is kept/ }).first().locator('.monaco-button').filter({ hasText: 'Retry' });
      await retry.first().waitFor({ state: 'visible', timeout: 5000 });
      await sleep(3000); // long enough for an automatic retry to show up, if there were one
      assert.equal(createRequests(fake).length, 1, 'exactly one POST: no automatic retry');
      // Reload the window; the draft is in globalState.
      await sleep(1000);
      await page.reload();
      await page.waitForSelector(SEL.workbench, { timeout: 60_000 });
      fake.fault(null);
      await openSignedIn(wb, page);
      await wb.runCommand('Devin: New Session…');
      const step1 = await wb.waitForQuickInput(/What should Devin do/, { timeout: 20_000 });
      assert.equal(step1.value, prompt, 'the prompt input is prefilled with the kept prompt');
      await wb.waitForNotification(/Restored the prompt/, { timeout: 10_000 }).catch(() => log('(no "Restored the prompt" toast seen)'));
      // prompt → Enter → created: no other step.
      await walkWizard(wb, page, { prompt: undefined, oneStep: true });
      const req = await waitFor(() => createRequests(fake)[1], { timeout: 20_000, message: 'the second POST …/sessions' });
      assert.equal(req.body.prompt, prompt);
      assert.equal(req.body.title, 'E2E kept draft', 'the title was kept with the draft');
      await wb.waitForTreeRow('E2E kept draft', { timeout: 15_000 });
    },
  },
  {
    name: 'New Session → Write in an Editor…: the document explains itself, closing it never asks to save and keeps the draft, the prompt goes without the header',
    signIn: true,
    timeout: 200_000,
    // VS Code's desktop default (code-server's web default saves after a delay): closing a changed
    // file asks to save unless the document saves itself.
    // The workspace is a git repository with a GitHub remote: New Session's repository.
    settings: { 'files.autoSave': 'off', 'git.enabled': true, 'git.autofetch': false, 'git.openRepositoryInParentFolders': 'never' },
    prepareWorkspace(dir) {
      fs.writeFileSync(path.join(dir, 'README.md'), '# billing\n');
      git(dir, 'init', '-q', '-b', 'main');
      git(dir, 'remote', 'add', 'origin', 'https://github.com/acme/billing.git');
      git(dir, 'add', '.');
      git(dir, 'commit', '-q', '-m', 'readme');
    },
    async fn({ page, wb, fake, assert, log }) {
      const docs = process.env.E2E_DOC_SCREENSHOTS === '1';
      if (docs) await page.setViewportSize({ width: 1200, height: 760 });
      await openSignedIn(wb, page);
      // The git extension must know the repository (the branch shows in the status bar).
      await waitFor(async () => /\bmain\b/.test(await wb.statusBarText()), { timeout: 30_000, message: 'the git branch "main" in the status bar' });
      if (docs) await newSessionShots(page, wb, log);
      const first = 'E2E: rewrite the billing export';
      await wb.runCommand('Devin: New Session…');
      await promptStep(wb);
      await wb.quickInputType(first, { enter: false });
      await wb.quickPick(/^Write in an Editor…/);
      await wb.editorTab(/devin-prompt\.md/, { timeout: 15_000 });
      const text = await waitFor(async () => {
        const t = await editorText(page);
        return t.includes(first) ? t : null;
      }, { timeout: 15_000, message: 'the prompt editor with what was typed' });
      log('document:', text);
      assert.match(text, /New Devin session: write the task below this comment\. The comment is not sent\./, 'the document says what it is');
      assert.match(text, /Send: Ctrl\+Enter \(Cmd\+Enter on macOS\) or the Send button in the editor title starts the session in acme\/billing\./, 'it says how to send, and where the session starts');
      assert.match(text, /Cancel: close this tab\. The draft is kept/, 'it says how to cancel');
      assert.equal(await page.locator('.notifications-toasts .notification-toast').filter({ hasText: /Write the prompt|Ctrl\+Enter/ }).count(), 0, 'no toast explains it instead');

      // Type a second paragraph and close the tab at once: no save dialog, the tab goes away.
      await page.locator('.part.editor .monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('\n\nKeep the CSV columns stable.');
      const tab = page.locator(SEL.tabs).filter({ hasText: /devin-prompt\.md/ }).first();
      await tab.hover();
      await tab.locator('.tab-actions .action-label').first().click();
      await waitFor(async () => (await page.locator(SEL.tabs).filter({ hasText: /devin-prompt\.md/ }).count()) === 0 || (await dialogShown(page)), { timeout: 10_000, message: 'the tab to close' });
      await sleep(1000);
      assert.equal(await dialogShown(page), false, 'closing the prompt editor asks nothing');
      assert.equal(await page.locator(SEL.tabs).filter({ hasText: /devin-prompt\.md/ }).count(), 0, 'the tab is closed');

      // Next time the draft is back, both paragraphs.
      await wb.runCommand('Devin: New Session…');
      const again = await promptStep(wb);
      log('prefilled:', again.value);
      await wb.quickPick(/^Write in an Editor…/);
      await wb.editorTab(/devin-prompt\.md/, { timeout: 15_000 });
      await waitFor(async () => (await editorText(page)).includes('Keep the CSV columns stable.'), { timeout: 15_000, message: 'the draft (both paragraphs) back in the editor' });
      assert.ok((await editorText(page)).includes(first), 'the first paragraph is back too');

      // Ctrl+Enter asks in a modal with the first line and the length (any extension can edit the
      // draft and run the command), Enter sends it: the POST has the prompt, not the header; the tab closes by itself.
      const before = createRequests(fake).length;
      await page.locator('.part.editor .monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+Enter');
      const ask = page.locator('.monaco-dialog-box').first();
      await ask.waitFor({ state: 'visible', timeout: 10_000 });
      const asked = (await ask.innerText()).replace(/\s+/g, ' ');
      log('dialog:', asked);
      assert.match(asked, /Start a Devin session with this prompt\?/);
      assert.ok(asked.includes(first.trim().split('\n')[0].trim().slice(0, 60)), 'the dialog shows the first line');
      assert.ok(asked.includes(`${`${first}\n\nKeep the CSV columns stable.`.length} characters in all`), 'and the length');
      assert.equal(createRequests(fake).length, before, 'nothing sent before the answer');
      await page.keyboard.press('Enter');
      const req = await waitFor(() => createRequests(fake)[before], { timeout: 20_000, message: 'POST …/sessions at the fake' });
      log('create body', JSON.stringify(req.body));
      assert.equal(req.body.prompt, `${first}\n\nKeep the CSV columns stable.`, 'the prompt as written, without the header comment');
      assert.deepEqual(req.body.repos, ['acme/billing'], 'the repository the header named');
      await waitFor(async () => (await page.locator(SEL.tabs).filter({ hasText: /devin-prompt\.md/ }).count()) === 0, { timeout: 15_000, message: 'the prompt editor to close after sending' });
      assert.equal(await dialogShown(page), false, 'no dialog after sending');
      await wb.waitForNotification(/Devin session started/, { timeout: 15_000 });
    },
  },
];
