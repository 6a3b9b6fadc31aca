// Enterprise organizations (issue 16): an enterprise service user's key switches between the
// three organizations the fake server gives it, the Sessions view's description names the active
// one and its sessions replace the others; an org-scoped key is told why there is nothing to switch.
// Runs the installed VSIX (Production mode): every choice is made in the UI, as a user would.
import { GROUP_LABELS } from './01-signin.mjs';

/** The view's header text (title and description), where VS Code shows TreeView.description. */
async function viewHeader(page) {
  return page.locator('.part.sidebar .composite.title, .part.sidebar .pane-header').evaluateAll((els) => els.map((e) => e.textContent ?? '').join(' ').replace(/\s+/g, ' '));
}

async function waitFor(fn, { timeout = 20_000, message = 'a condition' } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${message}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export default [
  {
    name: 'an enterprise key switches organization: the view names it and lists its sessions',
    async fn({ wb, page, fake, assert, screenshot }) {
      await wb.openDevinView();
      await wb.waitForWelcome(/Sign in with a Devin API key/);
      await wb.signInWithKey(fake.raw.enterpriseKey, { orgId: fake.orgId });
      await wb.waitForTreeRow(GROUP_LABELS, { timeout: 30_000 });

      await wb.runCommand('Devin: Switch Organization…');
      const pick = await wb.waitForQuickInput(/Switch Devin Organization/);
      await waitFor(async () => (await wb.quickInputInfo()).items.length === 3, { message: 'three organizations in the picker' });
      const items = (await wb.quickInputInfo()).items;
      assert.match(items[0], /Acme Engineering.*current/, `the current organization is marked: ${items.join(' | ')}`);
      assert.ok(items.some((t) => /Acme Platform/.test(t)), items.join(' | '));
      void pick;
      await wb.quickPick(/Acme Research/);

      await wb.waitForTreeRow(/Research: evaluate the new tokenizer/, { timeout: 30_000 });
      await waitFor(async () => /Acme Research/.test(await viewHeader(page)), { message: 'the view description naming Acme Research' });
      const titles = (await wb.treeRows()).map((r) => r.label);
      const firstOrgTitles = fake.sessions().filter((s) => s.org_id === fake.orgId && s.title).map((s) => s.title);
      assert.ok(!titles.some((t) => firstOrgTitles.includes(t)), `no session of the first organization is left: ${titles.join(' | ')}`);
      assert.ok(
        fake.raw.requestsTo(/\/organizations\/org-fake-research\/sessions$/).some((r) => r.headers.authorizationValue === `Bearer ${fake.raw.enterpriseKey}`),
        'the sessions of the chosen organization were listed with the enterprise key',
      );
      await screenshot('switched-organization');
    },
  },
  {
    name: 'an org-scoped key: Switch Organization explains why there is nothing to switch',
    signIn: true,
    async fn({ wb, page, assert }) {
      await wb.openDevinView();
      await wb.waitForTreeRow(GROUP_LABELS, { timeout: 30_000 });
      await wb.runCommand('Devin: Switch Organization…');
      const dialog = page.locator('.monaco-dialog-box').first();
      await dialog.waitFor({ state: 'visible', timeout: 15_000 });
      const text = (await dialog.innerText()).replace(/\s+/g, ' ');
      assert.match(text, /There is no other organization to switch to/);
      assert.match(text, /personal access token/);
      assert.match(text, /enterprise service user/);
      assert.match(text, /Sign In with Another Key/);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
      assert.doesNotMatch(await viewHeader(page), /Acme/, 'no organization name without an enterprise list');
    },
  },
];
