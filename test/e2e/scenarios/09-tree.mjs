// A calm Sessions tree and first-class PR rows (issue 18): which groups start open and which
// closed, what the user opened survives a window reload, the rows lead with their age and name the
// repository, a finished session offers no Terminate, and PR rows say their state in words and
// offer Open, Check Out, Review Changes and Copy URL inline and in their menu.
// Screenshots for a person: test-results/e2e/<scenario>/ with --screenshots; the README's
// docs/images/tree-{light,dark}.png only with E2E_DOC_SCREENSHOTS=1.
import { GROUP_LABELS } from './01-signin.mjs';
import { docShot, rowByLabel } from './03-create.mjs';
import { waitFor, sleep } from '../lib/proc.mjs';
import { SEL, isDevinViewShown } from '../lib/workbench.mjs';

/**
 * Shows the view and waits for the group rows without opening any group (wb.waitForTreeRow
 * opens collapsed groups while a row it looks for is missing; here the closed state is the point).
 */
async function openSignedIn(wb, page) {
  await waitFor(() => isDevinViewShown(page), { timeout: 15_000, message: 'the Devin view to be restored' }).catch(() => {});
  await wb.openDevinView();
  await wb.waitForTreeRow(GROUP_LABELS, { timeout: 45_000, expand: false });
}

const DAY = 86_400;
const now = () => Math.floor(Date.now() / 1000);

/** Sessions of every state, each with its own repository; two with pull requests. */
function seed(fake) {
  const t = now();
  const add = (fields, repo) => fake.addSession({ created_at: fields.updated_at - 3600, ...fields }, { repos: [repo] });
  add({ title: 'Tree: which currency rounds first?', status: 'running', status_detail: 'waiting_for_user', updated_at: t - 240 }, 'acme/payments');
  add({
    title: 'Tree: fix the flaky checkout test',
    status: 'running',
    status_detail: 'working',
    updated_at: t - 600,
    acus_consumed: 3.5,
    pull_requests: [
      { pr_url: 'https://github.com/acme/web/pull/7', pr_state: 'open' },
      { pr_url: 'https://github.com/acme/web/pull/9', pr_state: 'draft' },
    ],
  }, 'acme/web');
  add({ title: 'Tree: nightly export to S3', status: 'suspended', status_detail: 'inactivity', updated_at: t - 3 * 3600 }, 'acme/data');
  add({
    title: 'Tree: done but still running',
    status: 'running',
    status_detail: 'finished',
    updated_at: t - DAY,
    pull_requests: [{ pr_url: 'https://github.com/acme/api/pull/42', pr_state: 'merged' }],
  }, 'acme/api');
  add({ title: 'Tree: upgrade React to 19', status: 'exit', status_detail: null, updated_at: t - 2 * DAY }, 'acme/web');
  add({ title: 'Tree: migrate the billing cron', status: 'error', status_detail: null, updated_at: t - 3 * DAY }, 'acme/billing');
}

/** Group rows (level 1) as [label, aria-expanded]. */
async function groupStates(wb) {
  return (await wb.treeRows()).filter((r) => r.level === 1 && GROUP_LABELS.test(r.label)).map((r) => [r.label, r.expanded]);
}

/** Labels of the action bar a row shows on hover (its inline actions). */
async function inlineActions(page, row) {
  await row.hover();
  await sleep(200);
  return row.locator('.actions .action-label').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.getAttribute('title') ?? ''));
}

/** Entries of a row's context menu (then closed with Escape). */
async function menuEntries(page, row) {
  await row.click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu').first();
  await menu.waitFor({ state: 'visible', timeout: 10_000 });
  await sleep(300);
  const entries = (await menu.locator('.action-item .action-label').allInnerTexts()).map((x) => x.trim()).filter(Boolean);
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'hidden', timeout: 5000 });
  return entries;
}

/** Opens a session row's children (its twistie: a click on the row opens the details). */
async function expandSession(page, title) {
  const row = rowByLabel(page, title);
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
}

export default [
  {
    name: 'groups start calm (Needs your input and Working open, the rest closed) and what the user opened survives a reload',
    signIn: true,
    fake: { sessions: 0 },
    timeout: 180_000,
    async fn({ page, wb, fake, assert, log, screenshot }) {
      seed(fake);
      await openSignedIn(wb, page);
      await wb.waitForTreeRow('Tree: which currency rounds first?', { timeout: 30_000, expand: false });
      const first = await groupStates(wb);
      log('groups:', JSON.stringify(first));
      assert.deepEqual(first, [
        ['Needs your input', 'true'], ['Working', 'true'], ['Suspended', 'false'], ['Finished', 'false'], ['Failed', 'false'],
      ]);
      const rows = await wb.treeRows();
      assert.ok(!rows.some((r) => r.label.includes('upgrade React')), 'Finished rows are not shown while it is closed');
      await screenshot('calm-tree');

      // The user opens Finished and closes Working; a reload keeps both.
      await wb.setGroupExpanded('Finished', true);
      await wb.setGroupExpanded('Working', false);
      await sleep(1500); // the global state reaches the workbench's storage (written asynchronously)
      await page.reload();
      await page.waitForSelector(SEL.workbench, { timeout: 60_000 });
      await openSignedIn(wb, page);
      await wb.waitForTreeRow('Tree: upgrade React to 19', { timeout: 30_000, expand: false });
      const after = Object.fromEntries(await groupStates(wb));
      log('after reload:', JSON.stringify(after));
      assert.equal(after.Finished, 'true', 'Finished stays open');
      assert.equal(after.Working, 'false', 'Working stays closed');
      assert.equal(after['Needs your input'], 'true');
      assert.equal(after.Suspended, 'false');
    },
  },
  {
    name: 'rows lead with the age and name the repository; Needs your input and Working keep their place when empty',
    signIn: true,
    fake: { sessions: 0 },
    timeout: 120_000,
    async fn({ page, wb, fake, assert, log }) {
      seed(fake);
      await openSignedIn(wb, page);
      const row = await wb.waitForTreeRow('Tree: fix the flaky checkout test', { timeout: 30_000, expand: false });
      const working = (await wb.treeRows()).find((r) => r.label === 'Tree: fix the flaky checkout test');
      log('description:', working.description);
      assert.match(working.description, /^1[01] min\. ago · web · 2 PRs · 3\.5 ACUs$/, 'age first, then the repository of its PRs');
      // The API's session names no repository: without a PR (or a prompt created in this window) none is shown.
      const waiting = (await wb.treeRows()).find((r) => r.label === 'Tree: which currency rounds first?');
      assert.match(waiting.description, /^[45] min\. ago · Waiting for your reply$/);
      // At a narrow side bar the end of the description is cut, never the age that leads it.
      const box = await row.locator('.label-description').boundingBox();
      assert.ok(box && box.width > 0, 'the description is shown');

      // The waiting session gets its answer and works: Needs your input stays, with 0, in place.
      const rowsBefore = (await wb.treeRows()).filter((r) => r.level === 1).map((r) => r.label);
      const s = fake.sessions().find((x) => x.title === 'Tree: which currency rounds first?');
      fake.patchSession(s.session_id, { status_detail: 'working' });
      await wb.runCommand('Devin: Refresh');
      await waitFor(async () => (await wb.treeRows()).find((r) => r.level === 1 && r.label === 'Needs your input')?.description === '0',
        { timeout: 20_000, message: 'Needs your input to show 0' });
      const rowsAfter = (await wb.treeRows()).filter((r) => r.level === 1).map((r) => r.label);
      assert.deepEqual(rowsAfter, rowsBefore, 'the same group rows in the same order');
    },
  },
  {
    name: 'at the default side bar width a long-titled row keeps its age (and repository) in view: the label is shortened, the full title is in the tooltip and the accessible name',
    signIn: true,
    fake: { sessions: 0 },
    timeout: 120_000,
    async fn({ page, wb, fake, assert, log, screenshot }) {
      const t = now();
      const long = 'Tree: migrate the payments service from Express 4 to Fastify with streaming refunds and retries';
      // No space near the cut (the label is cut at its full width), wide letters (W, m, w) and a wider age: the tightest row.
      const wide = 'Tree: Wrong sums when a cart mixes currencies';
      fake.addSession({
        title: long, status: 'running', status_detail: 'working', updated_at: t - 420, created_at: t - 4000,
        pull_requests: [{ pr_url: 'https://github.com/acme/payments-service/pull/318', pr_state: 'open' }],
      });
      fake.addSession({
        title: wide, status: 'running', status_detail: 'working', updated_at: t - 23 * 3600, created_at: t - 30 * 3600,
        pull_requests: [{ pr_url: 'https://github.com/acme/web/pull/12', pr_state: 'open' }],
      });
      fake.addSession({ title: 'Tree: short one', status: 'running', status_detail: 'working', updated_at: t - 900, created_at: t - 4000 });
      await openSignedIn(wb, page);
      // The side bar as a fresh profile has it (nobody resized it in this scenario).
      const sidebarWidth = (await page.locator(SEL.sidebar).boundingBox()).width;
      log(`side bar width: ${sidebarWidth.toFixed(0)} px (viewport ${JSON.stringify(page.viewportSize())})`);
      assert.ok(sidebarWidth <= 320, `the default side bar width (${sidebarWidth} px)`);
      await wb.waitForTreeRow('Tree: migrate the payments', { timeout: 30_000, expand: false });
      await wb.waitForTreeRow('Tree: Wrong sums when', { timeout: 30_000, expand: false });
      await page.mouse.move(900, 500); // no row hovered: its inline actions would cover the end of the row

      /** Where the row's age and repository end, against the right edge of the label container that clips the row. */
      const geometry = (title, repo) => page.locator(`${SEL.treeRows}[aria-label^="${title}"]`).first().evaluate((r, repoName) => {
        const container = r.querySelector('.monaco-icon-label-container');
        const desc = r.querySelector('.label-description');
        const name = r.querySelector('.label-name');
        const text = desc?.firstChild;
        const rangeEnd = (needle) => {
          const at = text?.textContent?.indexOf(needle) ?? -1;
          if (!text || at < 0) return null;
          const range = document.createRange();
          range.setStart(text, at);
          range.setEnd(text, at + needle.length);
          const rects = [...range.getClientRects()];
          return rects.length ? Math.max(...rects.map((x) => x.right)) : null;
        };
        const description = desc?.textContent ?? '';
        const c = container.getBoundingClientRect();
        const d = desc?.getBoundingClientRect();
        const style = desc ? getComputedStyle(desc) : null;
        return {
          label: name?.textContent ?? '',
          ariaLabel: r.getAttribute('aria-label') ?? '',
          description,
          containerLeft: c.left,
          containerRight: c.right,
          labelWidth: name?.getBoundingClientRect().width ?? null,
          descriptionVisible: !!d && d.width > 0 && d.height > 0 && style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0,
          descriptionLeft: d?.left ?? null,
          ageRight: rangeEnd(description.split(' · ')[0]),
          repoRight: rangeEnd(repoName),
        };
      }, repo);

      for (const [title, repo, age, ageWords] of [[long, 'payments-service', /^[78] min\. ago$/, /[78] minutes ago/], [wide, 'web', /^23 hr\. ago$/, /23 hours ago/]]) {
        const geo = await geometry(title.slice(0, 24), repo);
        log('row:', JSON.stringify(geo));
        log(`label ${geo.labelWidth?.toFixed(0)} px for ${geo.label.length} characters; age ends at ${geo.ageRight?.toFixed(0)}, repository at ${geo.repoRight?.toFixed(0)}, the row clips at ${geo.containerRight}`);
        const parts = geo.description.split(' · ');
        assert.match(parts[0], age, `the age first, in its short form: ${geo.description}`);
        assert.equal(parts[1], repo, `then the short repository: ${geo.description}`);
        assert.ok(geo.descriptionVisible, 'the description is rendered');
        assert.ok(geo.descriptionLeft !== null && geo.descriptionLeft < geo.containerRight, `the description starts inside the row (${geo.descriptionLeft} < ${geo.containerRight})`);
        assert.ok(geo.ageRight !== null && geo.ageRight <= geo.containerRight + 0.5, `the age is not clipped (ends at ${geo.ageRight}, the row clips at ${geo.containerRight})`);
        // The label gave way: shortened with "…"; the whole title and the age in words are in the accessible name.
        assert.ok(geo.label.endsWith('…') && title.startsWith(geo.label.slice(0, -1)), `a shortened label: ${geo.label}`);
        assert.ok(geo.ariaLabel.startsWith(`${title}, `), `the accessible name starts with the whole title: ${geo.ariaLabel}`);
        assert.match(geo.ariaLabel, ageWords, 'and says the age in full words');
      }
      // The tooltip has the whole title.
      await page.locator(`${SEL.treeRows}[aria-label^="Tree: migrate the payments"]`).first().hover();
      const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: long }).first();
      await hover.waitFor({ state: 'visible', timeout: 10_000 });
      // A short title is not touched.
      const short = (await wb.treeRows()).find((r) => r.label === 'Tree: short one');
      assert.equal(short?.shown, 'Tree: short one', 'the short title is shown whole');
      await screenshot('long-title-row');
    },
  },
  {
    name: 'a finished session offers no Terminate; PR rows say their state and offer Open, Check Out, Review Changes and Copy URL (light and dark screenshots)',
    signIn: true,
    fake: { sessions: 0 },
    timeout: 180_000,
    async fn({ page, wb, fake, assert, log, screenshot }) {
      if (process.env.E2E_DOC_SCREENSHOTS === '1') await page.setViewportSize({ width: 1200, height: 760 });
      seed(fake);
      await openSignedIn(wb, page);
      // running + finished: under Finished, and its menu has Archive but no Terminate.
      const done = await wb.waitForTreeRow('Tree: done but still running', { timeout: 30_000 });
      const doneMenu = await menuEntries(page, done);
      log('finished session menu:', doneMenu.join(' | '));
      assert.ok(doneMenu.includes('Archive Session'), doneMenu.join(' | '));
      assert.ok(!doneMenu.some((e) => /Terminate/.test(e)), `no Terminate: ${doneMenu.join(' | ')}`);
      const working = await wb.waitForTreeRow('Tree: fix the flaky checkout test', { timeout: 10_000 });
      assert.ok((await menuEntries(page, working)).some((e) => /Terminate Session/.test(e)), 'a working session can be terminated');

      // PR rows: "acme/web#7" with its state in words.
      await expandSession(page, 'Tree: fix the flaky checkout test');
      await waitFor(async () => (await wb.treeRows()).filter((r) => r.level === 3).length >= 2, { timeout: 15_000, message: 'two PR rows' });
      const prs = (await wb.treeRows()).filter((r) => r.level === 3).map((r) => [r.label, r.description.split(' · ')[0]]);
      log('PR rows:', JSON.stringify(prs));
      assert.deepEqual(prs.slice(0, 2), [['acme/web#7', 'open'], ['acme/web#9', 'draft']]);
      const pr = rowByLabel(page, 'acme/web#7');
      const inline = await inlineActions(page, pr);
      log('PR inline actions:', inline.join(' | '));
      for (const a of ['Open Pull Request', 'Check Out Pull Request', 'Review Changes']) assert.ok(inline.some((x) => x.startsWith(a)), `inline ${a}: ${inline.join(' | ')}`);
      const menu = await menuEntries(page, pr);
      log('PR menu:', menu.join(' | '));
      for (const a of ['Open Pull Request', 'Check Out Pull Request', 'Review Changes', 'Copy Pull Request URL']) assert.ok(menu.includes(a), `menu ${a}: ${menu.join(' | ')}`);

      // Copy URL puts the link on the clipboard (read back through VS Code's clipboard API).
      await pr.click({ button: 'right' });
      const item = page.locator('.context-view .monaco-menu .action-item').filter({ hasText: 'Copy Pull Request URL' }).first();
      await item.waitFor({ state: 'visible', timeout: 10_000 });
      await sleep(300);
      await item.click();
      await waitFor(async () => /Copied the pull request URL/.test(await wb.statusBarText()), { timeout: 10_000, message: 'the status bar to confirm the copy' });

      // Screenshots: the tree with PR rows in the theme the workbench starts with, then the other one.
      const dark = () => page.evaluate(() => !!document.querySelector('.monaco-workbench')?.classList.contains('vs-dark'));
      const firstDark = await dark();
      await page.mouse.move(900, 500);
      await sleep(500);
      const shoot = async (isDark) => {
        const name = `tree-${isDark ? 'dark' : 'light'}`;
        await screenshot(name);
        await docShot(page, `${name}.png`, page.locator(SEL.sidebar), log);
      };
      await shoot(firstDark);
      await wb.runCommand('Preferences: Toggle between Light/Dark Themes');
      await waitFor(async () => (await dark()) !== firstDark, { timeout: 15_000, message: 'the other theme' });
      await page.mouse.move(900, 500);
      await sleep(800);
      await shoot(!firstDark);
    },
  },
];
