// Browsing sessions. These start signed in (`signIn: true`): the runner signs in through the input
// box, as a user would; the installed extension (Production mode) takes the key from nowhere else.
import { GROUP_LABELS } from './01-signin.mjs';


export default [
  {
    name: 'a pre-stored key lists groups and session titles from the server',
    signIn: true,
    async fn({ wb, fake, assert }) {
      await wb.openDevinView();
      await wb.waitForTreeRow(GROUP_LABELS, { timeout: 30_000 });
      const newest = fake.sessions().filter((s) => !s.is_archived && s.title)
        .sort((a, b) => b.updated_at - a.updated_at)[0];
      const row = await wb.waitForTreeRow((t) => t.includes(newest.title.slice(0, 20)), { timeout: 10_000 }).catch(() => null);
      const rows = await wb.treeRows();
      assert.ok(row, `the newest session "${newest.title}" is listed; rows: ${rows.map((r) => r.label).slice(0, 15).join(' | ')}`);
    },
  },
  {
    name: 'Devin: Refresh shows a session created on the server',
    signIn: true,
    async fn({ wb, fake }) {
      await wb.openDevinView();
      await wb.waitForTreeRow(GROUP_LABELS, { timeout: 30_000 });
      fake.addSession({ title: 'E2E brand new session', status: 'running', status_detail: 'waiting_for_user' });
      await wb.runCommand('Devin: Refresh');
      await wb.waitForTreeRow('E2E brand new session', { timeout: 15_000 });
    },
  },
  {
    name: 'the status bar counts match the Needs your input and Working groups',
    signIn: true,
    async fn({ wb, assert }) {
      await wb.openDevinView();
      await wb.waitForTreeRow(GROUP_LABELS, { timeout: 30_000 });
      const rows = await wb.treeRows();
      const count = (label) => rows.find((r) => r.label === label)?.description ?? '0';
      const needs = count('Needs your input');
      const working = count('Working');
      const text = (await wb.statusBarText()).trim();
      assert.ok(new RegExp(`(^|\\s)${needs}\\s+${working}(\\s|$)`).test(text),
        `status bar "${text}" shows ${needs} needing input and ${working} working`);
    },
  },
  {
    name: 'clicking a session opens its details webview',
    signIn: true,
    async fn({ wb, fake, page }) {
      await wb.openDevinView();
      await wb.waitForTreeRow(GROUP_LABELS, { timeout: 30_000 });
      const s = fake.addSession({ title: 'E2E details session', status: 'running', status_detail: 'waiting_for_user' },
        { messages: [{ source: 'devin', message: 'Which currency should rounding follow?' }] });
      await wb.runCommand('Devin: Refresh');
      const row = await wb.waitForTreeRow('E2E details session', { timeout: 15_000 });
      await row.click();
      await wb.editorTab('E2E details session');
      await wb.webviewFrame('Which currency should rounding follow?', { timeout: 20_000 });
      void page;
      void s;
    },
  },
  {
    name: 'a server error shows the reason and the error welcome view, and Retry recovers',
    signIn: true,
    fake: { sessions: 10 },
    async fn({ wb, fake }) {
      fake.fault({ status: 500, paths: '/sessions$' });
      await wb.openDevinView();
      // Nothing loaded yet: the error welcome (not the view message, which would hide it) explains.
      await wb.waitForWelcome(/could not load sessions: the API had an error/i, { timeout: 30_000 });
      fake.fault(null);
      await wb.welcomeButton('Retry').click();
      await wb.waitForTreeRow(GROUP_LABELS, { timeout: 30_000 });
    },
  },
  {
    name: 'Devin: Sign Out asks in a modal dialog (Escape keeps the key), then returns to the signed-out welcome view',
    signIn: true,
    async fn({ wb, page, assert }) {
      await wb.openDevinView();
      await wb.waitForTreeRow(GROUP_LABELS, { timeout: 30_000 });
      // Any extension can run devin.signOut: the user confirms in a modal dialog.
      const dialog = page.locator('.monaco-dialog-box').first();
      await wb.runCommand('Devin: Sign Out');
      await dialog.waitFor({ state: 'visible', timeout: 10_000 });
      assert.match((await dialog.innerText()).replace(/\s+/g, ' '), /Sign out of Devin\?/);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden', timeout: 5000 });
      await wb.runCommand('Devin: Refresh');
      await wb.waitForTreeRow(GROUP_LABELS, { timeout: 15_000 });
      assert.equal(await wb.welcomeText(), '', 'still signed in after Escape');
      await wb.runCommand('Devin: Sign Out');
      await dialog.waitFor({ state: 'visible', timeout: 10_000 });
      await dialog.locator('.monaco-button').filter({ hasText: /^Sign Out$/ }).first().click();
      await wb.waitForWelcome(/Sign in with a Devin API key/, { timeout: 15_000 });
    },
  },
];
