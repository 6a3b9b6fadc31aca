// Acting on sessions: the details webview (PRs, conversation, composer), terminate with its modal
// confirmation, archive, and the documentation screenshots of the tree and the details view
// (written only with E2E_DOC_SCREENSHOTS=1).
import { GROUP_LABELS } from './01-signin.mjs';
import { openSignedIn, docShot, rowByLabel } from './03-create.mjs';
import { waitFor, sleep } from '../lib/proc.mjs';
import { SEL } from '../lib/workbench.mjs';

/** The group label a session row sits under (rows are in display order; groups are level 1). */
async function groupOfRow(wb, title) {
  const rows = await wb.treeRows();
  let group = null;
  for (const r of rows) {
    if (r.level === 1 && GROUP_LABELS.test(r.label)) group = r.label;
    else if (r.label.includes(title)) return group;
  }
  return undefined; // not listed
}

const sessionPath = (id) => new RegExp(`/sessions/${id}$`);

/**
 * Right-click → menu entry. Like wb.contextMenu, but waits for the menu to settle, and if the menu
 * is still open after the click (a tree re-render under the menu swallowed it, seen once), presses
 * Enter on the highlighted entry instead. An action that ran closes the menu, so nothing runs twice.
 */
async function contextMenuEntry(page, locator, entry) {
  await locator.click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu').first();
  const item = menu.locator('.action-item').filter({ hasText: entry }).first();
  await item.waitFor({ state: 'visible', timeout: 10_000 });
  await sleep(300);
  await item.hover();
  await item.click();
  const closed = await menu.waitFor({ state: 'hidden', timeout: 2000 }).then(() => true, () => false);
  if (!closed) {
    await item.hover();
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden', timeout: 5000 });
  }
}

export default [
  {
    name: 'the details webview shows PRs and messages, and Ctrl+Enter in the composer sends a message',
    signIn: true,
    fake: { sessions: 8 },
    timeout: 150_000,
    async fn({ page, wb, fake, assert, log }) {
      if (process.env.E2E_DOC_SCREENSHOTS === '1') await page.setViewportSize({ width: 1200, height: 760 });
      await openSignedIn(wb);
      const s = fake.addSession({
        title: 'E2E details: round totals per currency',
        status: 'running',
        status_detail: 'waiting_for_user',
        tags: ['payments', 'e2e'],
        acus_consumed: 2.5,
        pull_requests: [
          { pr_url: 'https://github.com/acme/payments-service/pull/318', pr_state: 'open' },
          { pr_url: 'https://github.com/acme/web-app/pull/77', pr_state: 'merged' },
        ],
      }, {
        messages: [
          { source: 'user', message: 'Totals are off by a cent for JPY carts.' },
          { source: 'devin', message: 'I found the rounding in `cart.ts`. **Which currency should rounding follow**: the cart or the store?' },
        ],
      });
      await wb.runCommand('Devin: Refresh');
      await wb.waitForTreeRow('E2E details: round totals', { timeout: 20_000 });
      await rowByLabel(page, 'E2E details: round totals').click();
      await wb.editorTab('E2E details: round totals');
      const frame = await wb.webviewFrame('Which currency should rounding follow', { timeout: 30_000 });
      const text = await frame.evaluate(() => document.body.innerText);
      assert.match(text, /acme\/payments-service#318/, 'the first PR row (repo #number)');
      assert.match(text, /acme\/web-app#77/, 'the second PR row');
      const prs = await frame.evaluate(() => [...document.querySelectorAll('li.pr')].map((li) => li.innerText.replace(/\s+/g, ' ').trim()));
      log('PR rows:', JSON.stringify(prs));
      assert.ok(prs.some((p) => /open/i.test(p) && p.includes('#318')), `PR #318 is shown open: ${prs.join(' | ')}`);
      assert.ok(prs.some((p) => /merged/i.test(p) && p.includes('#77')), `PR #77 is shown merged: ${prs.join(' | ')}`);
      assert.match(text, /Totals are off by a cent for JPY carts\./, 'the user message');

      // Composer: type and Ctrl+Enter.
      const message = 'Follow the store currency, and add a JPY test.';
      const input = frame.locator('#composer-input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await waitFor(() => input.isEnabled(), { timeout: 10_000, message: 'the composer to be enabled' });
      await input.click();
      await input.fill(message);
      await input.press('Control+Enter');
      const post = await waitFor(() => fake.requests().find((r) => r.method === 'POST' && r.path.endsWith(`/sessions/${s.session_id}/messages`)),
        { timeout: 15_000, message: 'POST …/messages at the fake' });
      assert.equal(post.body.message, message);
      // The message shows in the thread (it is re-read from the server).
      await waitFor(async () => {
        const items = await frame.evaluate(() => [...document.querySelectorAll('li.msg')].map((li) => li.innerText));
        return items.some((t) => t.includes(message));
      }, { timeout: 20_000, message: 'the sent message in the conversation' });
      assert.equal(await input.inputValue(), '', 'the composer is cleared after sending');
    },
  },
  {
    name: 'terminate asks in a modal naming the session, then archive hides a finished session',
    signIn: true,
    fake: { sessions: 4 },
    timeout: 150_000,
    async fn({ page, wb, fake, assert, log }) {
      await openSignedIn(wb);
      const running = fake.addSession({ title: 'E2E terminate me', status: 'running', status_detail: 'working' });
      await wb.runCommand('Devin: Refresh');
      await wb.waitForTreeRow('E2E terminate me', { timeout: 20_000 });
      const row = rowByLabel(page, 'E2E terminate me');
      assert.equal(await groupOfRow(wb, 'E2E terminate me'), 'Working');
      await contextMenuEntry(page, row, 'Terminate Session…');
      const dialog = page.locator('.monaco-dialog-box').first();
      await dialog.waitFor({ state: 'visible', timeout: 10_000 });
      const dialogText = (await dialog.innerText()).replace(/\s+/g, ' ');
      log('dialog:', dialogText);
      assert.match(dialogText, /Terminate the Devin session "E2E terminate me"\?/);
      const buttons = await dialog.locator('.monaco-button').allInnerTexts();
      assert.ok(buttons.some((b) => b.trim() === 'Terminate and Archive'), `buttons: ${buttons.join(' | ')}`);
      assert.equal(fake.requests().filter((r) => r.method === 'DELETE').length, 0, 'nothing terminated before the answer');
      await dialog.locator('.monaco-button').filter({ hasText: /^Terminate$/ }).first().click();
      const del = await waitFor(() => fake.requests().find((r) => r.method === 'DELETE' && sessionPath(running.session_id).test(r.path)),
        { timeout: 15_000, message: 'DELETE …/sessions/{id} at the fake' });
      assert.deepEqual([].concat(del.query.archive), ['false'], `archive=false (query ${del.rawQuery})`);
      // Finished starts collapsed: open it to see the session arrive there.
      await wb.setGroupExpanded('Finished');
      await waitFor(async () => (await groupOfRow(wb, 'E2E terminate me')) === 'Finished',
        { timeout: 15_000, message: 'the terminated session under Finished' });
      // The user's own terminate is not news: no "Devin finished" toast (the store saw the change at
      // once, so a toast would be up by now). Another session finishing meanwhile still notifies.
      await sleep(1500);
      const afterTerminate = await wb.notifications();
      assert.ok(!afterTerminate.some((t) => /Devin finished|Devin sessions changed/.test(t)), `no toast for the own terminate: ${afterTerminate.join(' | ')}`);
      const other = fake.addSession({ title: 'E2E finishes by itself', status: 'running', status_detail: 'working' });
      await wb.runCommand('Devin: Refresh');
      await wb.waitForTreeRow('E2E finishes by itself', { timeout: 20_000 });
      fake.patchSession(other.session_id, { status_detail: 'finished' });
      await wb.runCommand('Devin: Refresh');
      const toast = await wb.waitForNotification(/Devin finished: E2E finishes by itself/, { timeout: 20_000 });
      assert.match(toast, /E2E finishes by itself/);
      assert.ok(!(await wb.notifications()).some((t) => /Devin finished: E2E terminate me/.test(t)), 'still none for the terminated one');

      // Archive the finished session from its context menu: a modal naming it (a tree node can be
      // forged by another extension, so the menu's argument proves nothing), Enter archives, the row goes away.
      const finished = rowByLabel(page, 'E2E terminate me');
      await contextMenuEntry(page, finished, 'Archive Session');
      const ask = page.locator('.monaco-dialog-box').first();
      await ask.waitFor({ state: 'visible', timeout: 10_000 });
      assert.match((await ask.innerText()).replace(/\s+/g, ' '), /Archive the Devin session "E2E terminate me"\?/);
      assert.equal(fake.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/archive')).length, 0, 'nothing archived before the answer');
      await page.keyboard.press('Enter');
      const arch = await waitFor(() => fake.requests().find((r) => r.method === 'POST' && r.path.endsWith(`/sessions/${running.session_id}/archive`)),
        { timeout: 15_000, message: 'POST …/archive at the fake' });
      assert.ok(arch);
      await ask.waitFor({ state: 'hidden', timeout: 10_000 });
      await waitFor(async () => (await groupOfRow(wb, 'E2E terminate me')) === undefined,
        { timeout: 15_000, message: 'the archived session to leave the tree' });
    },
  },
  {
    name: 'demo data: groups, needs-input and PR rows in the tree (documentation screenshot)',
    signIn: true,
    fake: { demo: true, sessions: 0, seed: 7, lifecycle: false },
    timeout: 120_000,
    async fn({ page, wb, assert, log }) {
      if (process.env.E2E_DOC_SCREENSHOTS === '1') await page.setViewportSize({ width: 1200, height: 760 });
      await openSignedIn(wb);
      await wb.waitForTreeRow('Upgrade React to 19 in web-app', { timeout: 20_000 });
      const rows = await wb.treeRows();
      const groups = rows.filter((r) => r.level === 1 && GROUP_LABELS.test(r.label)).map((r) => r.label);
      log('groups:', groups.join(', '));
      assert.ok(groups.includes('Needs your input') && groups.includes('Working'), `groups: ${groups.join(', ')}`);
      // Expand the first collapsed session (it has PRs) to show its PR rows.
      const collapsed = page.locator(`${SEL.treeRows}[aria-level="2"][aria-expanded="false"]`).first();
      await collapsed.waitFor({ state: 'visible', timeout: 10_000 });
      await collapsed.locator('.monaco-tl-twistie').click();
      await waitFor(async () => (await wb.treeRows()).some((r) => r.level === 3 && /#\d+/.test(r.label)),
        { timeout: 10_000, message: 'a PR row (owner/repo #n) under an expanded session' });
      await page.mouse.move(700, 400); // no hover highlight in the picture
      await sleep(500);
      await docShot(page, 'tree.png', page.locator(SEL.sidebar), log);
    },
  },
];
