// The session details view as a newcomer meets it (issue 18): it opens on Devin's question, fully
// visible above the sticky composer (bounding boxes); the needs-input banner quotes the question and
// jumps to it; after sending, the user's own message is in view and the send state sits by the
// composer; the header (one-line session id with a copy button, repository/branch/playbook, a
// destructive Terminate only while running, no Refresh, a short tab title); PR rows with state
// icon and words, acme/repo#n and Open / Check Out / Review Changes / Copy URL reaching the tree's
// commands; a restored panel is reused after a reload; the reply box keeps its text when the panel
// closes, a send fails or the window reloads; Sign Out empties open panels.
// With E2E_DOC_SCREENSHOTS=1: step screenshots under test-results/e2e/details-shots/ and the
// documentation pictures docs/images/details-light.png and details-dark.png.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSignedIn, docShot, rowByLabel } from './03-create.mjs';
import { waitFor, sleep } from '../lib/proc.mjs';
import { SEL } from '../lib/workbench.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SHOTS = path.join(ROOT, 'test-results/e2e/details-shots');
const DOCS = process.env.E2E_DOC_SCREENSHOTS === '1';

/** A step screenshot a person can look at (only with E2E_DOC_SCREENSHOTS=1). */
async function stepShot(page, name, log) {
  if (!DOCS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, name);
  await page.locator('.part.editor').screenshot({ path: file, animations: 'disabled' });
  log(`step screenshot ${path.relative(ROOT, file)}`);
}

const QUESTION = 'I traced the off-by-one-cent totals to `roundTotal()` in `cart.ts`: it rounds each line item before summing, '
  + 'and for JPY the store converts twice. **Which currency should rounding follow**: the currency of the cart (what the '
  + 'customer sees) or the currency of the store (what accounting books)? The answer changes the migration for 1,204 open orders.';

// HTML references, decoded in the webview by the browser's parser (src/webview/client/entities.ts
// in place of the `entities` table): named ones in text, a legacy name followed by letters and an
// unknown name left as written, and one in a link destination (markdown-it's unescapeAll).
const ENTITIES_NOTE = 'Note 2: keep going &rarr; JPY &amp; EUR &notin; scope &copy; acme, as written: &notit; &bogus; ([the plan](https://example.com/plan?a=1&amp;b=2))';
const ENTITIES_SHOWN = 'Note 2: keep going → JPY & EUR ∉ scope © acme, as written: &notit; &bogus; (the plan)';

/** A long conversation with code blocks and long paragraphs (`content-visibility` estimates are far off). */
function longConversation(n = 28) {
  const out = [{ source: 'user', message: 'Totals are off by a cent for JPY carts.\n\nRepository: acme/payments-service, branch `fix/jpy-rounding`, commit `4f2a9c1d0b7e`' }];
  for (let i = 1; i < n; i++) {
    if (i % 3 === 0) {
      out.push({ source: 'devin', message: `Step ${i}: checked the totals module.\n\n\`\`\`ts\n${Array.from({ length: 14 }, (_, k) => `const line${k} = roundTotal(items[${k}], currency); // ${'x'.repeat(40)}`).join('\n')}\n\`\`\`` });
    } else if (i % 3 === 1) {
      out.push({ source: 'devin', message: `Step ${i}: ${'The cart sums line items after converting each one, which loses a cent on some carts. '.repeat(6)}` });
    } else if (i === 2) {
      out.push({ source: 'user', message: ENTITIES_NOTE });
    } else {
      out.push({ source: 'user', message: `Note ${i}: keep going.` });
    }
  }
  out.push({ source: 'devin', message: QUESTION });
  return out;
}

/** Bounding boxes (page coordinates) of a message, the composer and the webview frame. */
async function boxes(frame, li) {
  const view = await (await frame.frameElement()).boundingBox();
  return { view, li: await li.boundingBox(), composer: await frame.locator('#composer').boundingBox() };
}

/** The message is fully visible: below the top of the view and above the sticky composer, which sits at the bottom. */
function fullyVisible(b) {
  if (!b.view || !b.li || !b.composer) return false;
  return b.li.y >= b.view.y - 0.5 && b.li.y + b.li.height <= b.composer.y + 0.5 && b.composer.y + b.composer.height <= b.view.y + b.view.height + 1;
}

/** [r, g, b] in 0..1 from a computed colour ("rgb(…)", "rgba(…)" or "color(srgb …)" from color-mix). */
function srgb(css) {
  const m = /^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)/.exec(css);
  if (m) return m.slice(1, 4).map(Number);
  const n = /rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)/.exec(css);
  if (!n) throw new Error(`unexpected colour ${css}`);
  return n.slice(1, 4).map((x) => Number(x) / 255);
}

/** WCAG contrast ratio of two sRGB colours. */
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const fmt = (b) => `view y=${b.view?.y}..${b.view && b.view.y + b.view.height}, message y=${b.li?.y?.toFixed(0)}..${b.li && (b.li.y + b.li.height).toFixed(0)}, composer y=${b.composer?.y?.toFixed(0)}`;

/** Waits until the message is fully visible, then checks that it stays so for 1.5 s (the layout settles). */
async function assertStaysVisible(frame, li, assert, what) {
  let last;
  await waitFor(async () => fullyVisible((last = await boxes(frame, li))), { timeout: 15_000, message: `${what} fully visible above the composer` }).catch(async (e) => {
    const doc = await frame.evaluate(() => ({ scrollTop: document.scrollingElement?.scrollTop, scrollHeight: document.scrollingElement?.scrollHeight, innerHeight: window.innerHeight, bodyScroll: document.body.scrollTop, overflow: getComputedStyle(document.body).overflow + '/' + getComputedStyle(document.documentElement).overflow }));
    throw new Error(`${e.message}; last: ${last ? fmt(last) : '-'}; document: ${JSON.stringify(doc)}`);
  });
  for (let i = 0; i < 6; i++) {
    await sleep(250);
    const b = await boxes(frame, li);
    assert.ok(fullyVisible(b), `${what} stays fully visible: ${fmt(b)}`);
  }
  return last;
}

/** The webview frame (found anew: VS Code may reload a webview) whose text has the title and `text`. */
async function frameOf(page, title, text = '') {
  for (const f of page.frames()) {
    if (f === page.mainFrame()) continue;
    const t = await f.evaluate(() => document.body?.textContent ?? '').catch(() => '');
    if (t.includes(text) && t.includes(title)) return f;
  }
  return null;
}

async function openSessionPanel(page, wb, title, text) {
  await wb.waitForTreeRow(title.slice(0, 24), { timeout: 20_000 });
  await rowByLabel(page, title.slice(0, 24)).click();
  // textContent, not innerText: messages off screen are skipped by `content-visibility` in innerText.
  return waitFor(async () => {
    for (const f of page.frames()) {
      if (f === page.mainFrame()) continue;
      const t = await f.evaluate(() => document.body?.textContent ?? '').catch(() => '');
      if (t.includes(text) && t.includes(title)) return f;
    }
    return null;
  }, { timeout: 30_000, message: `the details of "${title}" showing "${text}"` });
}

export default [
  {
    name: 'details opens on Devin\'s question fully visible; the banner quotes it and jumps to it; after sending, the own message is in view and the send state sits by the composer',
    signIn: true,
    fake: { sessions: 6 },
    timeout: 180_000,
    async fn({ page, wb, fake, assert, log }) {
      await page.setViewportSize({ width: 1280, height: 800 });
      await openSignedIn(wb, page);
      const title = 'Round totals per currency for JPY carts';
      const s = fake.addSession({
        title,
        status: 'running',
        status_detail: 'waiting_for_user',
        tags: ['payments'],
        playbook_id: 'playbook-flaky-tests',
        acus_consumed: 4.5,
        pull_requests: [{ pr_url: 'https://github.com/acme/payments-service/pull/318', pr_state: 'open' }],
      }, { messages: longConversation() });
      await wb.runCommand('Devin: Refresh');
      const frame = await openSessionPanel(page, wb, title, 'Which currency should rounding follow');
      const last = frame.locator('li.msg').last();
      await waitFor(async () => (await frame.locator('li.msg').count()) === 29, { timeout: 20_000, message: 'all 29 messages rendered' });
      assert.match(await last.textContent(), /Which currency should rounding follow/);
      const note = frame.locator('li.msg').nth(2);
      assert.equal((await note.locator('.msg-body').textContent()).trim(), ENTITIES_SHOWN, 'HTML references decoded as markdown-it does');
      assert.equal(await note.locator('a.ext-link').getAttribute('data-link'), 'https://example.com/plan?a=1&b=2', 'a reference in a link destination decoded');
      const opened = await assertStaysVisible(frame, last, assert, 'Devin\'s question (the newest message) on opening');
      log('on open:', fmt(opened));
      await stepShot(page, '1-opened-on-question.png', log);

      // The banner quotes the question, shortened, with "Jump to message".
      const banner = frame.locator('.banner.needs-input');
      const quote = (await banner.locator('.question').innerText()).trim();
      log('banner quote:', quote);
      assert.match(quote, /^I traced the off-by-one-cent totals to roundTotal\(\) in cart\.ts/, 'Markdown marks removed');
      assert.ok(quote.endsWith('…') && quote.length <= 160, `shortened to ≤ 160 characters with …: ${quote.length}`);
      // Scroll to the top with the wheel (the view stops holding the message), then jump back.
      await frame.locator('#session-title').hover();
      for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -2000);
      await waitFor(async () => !fullyVisible(await boxes(frame, last)), { timeout: 10_000, message: 'the question scrolled out of view' });
      await banner.waitFor({ state: 'visible' });
      await stepShot(page, '2-banner-quotes-question.png', log);
      await banner.getByRole('button', { name: 'Jump to message' }).click();
      await assertStaysVisible(frame, last, assert, 'the question after "Jump to message"');
      assert.equal(await frame.evaluate(() => document.activeElement?.classList.contains('msg') && document.activeElement === document.querySelector('li.msg:last-child')), true, 'focus moves to the question');

      // Send from a position away from the bottom: the view then scrolls to the user's own message.
      for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -2000);
      await waitFor(async () => !fullyVisible(await boxes(frame, last)), { timeout: 10_000, message: 'scrolled away from the bottom' });
      fake.fault({ delayMs: 2500, paths: `/sessions/${s.session_id}/messages$`, methods: ['POST'], times: 1 });
      const reply = 'Follow the store currency, and add a JPY test for the 1,204 open orders.';
      const input = frame.locator('#composer-input');
      await waitFor(() => input.isEnabled(), { timeout: 10_000, message: 'the composer to be enabled' });
      await input.fill(reply);
      await input.press('Control+Enter');
      // While the POST is held: the state shows next to the composer, not in the header's status line.
      const sendState = frame.locator('#composer #composer-state');
      await waitFor(async () => (await sendState.innerText()).includes('Sending…'), { timeout: 5000, message: '"Sending…" next to the composer' });
      assert.equal((await frame.locator('#status').innerText()).trim(), '', 'nothing in the header status line while sending');
      const sendBox = await sendState.boundingBox();
      const composerBox = await frame.locator('#composer').boundingBox();
      assert.ok(sendBox.y >= composerBox.y && sendBox.y + sendBox.height <= composerBox.y + composerBox.height + 0.5, 'the send state is inside the composer');
      await stepShot(page, '3-sending.png', log);
      await waitFor(async () => (await sendState.innerText()).includes('Message sent.'), { timeout: 15_000, message: '"Message sent." next to the composer' });
      assert.equal((await frame.locator('#status').innerText()).trim(), '', 'nothing in the header status line after sending');
      const own = frame.locator('li.msg.from-user').filter({ hasText: reply });
      await own.waitFor({ state: 'attached', timeout: 20_000 });
      await assertStaysVisible(frame, own, assert, 'the user\'s own message after sending');
      await stepShot(page, '4-sent-own-message.png', log);
    },
  },
  {
    name: 'details header: one-line id with a copy button, repository/branch/playbook, destructive Terminate only while running, no Refresh, short tab title; PR rows: icon and words, acme/repo#n, Open / Check Out / Review Changes / Copy URL reach the host commands',
    signIn: true,
    fake: { sessions: 6 },
    timeout: 180_000,
    async fn({ page, wb, fake, assert, log }) {
      // A narrow editor: the session id wrapped over 3 lines here before.
      await page.setViewportSize({ width: 1000, height: 800 });
      await openSignedIn(wb, page);
      const title = 'Migrate the payments service from Express 4 to Fastify with streaming refunds';
      const s = fake.addSession({
        title,
        status: 'running',
        status_detail: 'working',
        playbook_id: 'playbook-flaky-tests',
        pull_requests: [
          { pr_url: 'https://github.com/acme/payments-service/pull/318', pr_state: 'open' },
          { pr_url: 'https://github.com/acme/web/pull/7', pr_state: 'merged' },
          { pr_url: 'https://github.com/acme/web/pull/9', pr_state: 'closed' },
        ],
      }, { messages: [
        { source: 'user', message: 'Move us to Fastify.\n\nRepository: acme/payments-service, branch `feat/fastify`, commit `9c1d0b7e4f2a`' },
        { source: 'devin', message: 'Working on it.' },
      ] });
      await wb.runCommand('Devin: Refresh');
      const frame = await openSessionPanel(page, wb, title, 'Working on it.');
      await frame.locator('.sid').waitFor({ state: 'visible', timeout: 15_000 });

      // Tab title: the title shortened, then one short status word.
      const tab = page.locator(SEL.tabs).filter({ hasText: 'Migrate the payments' }).first();
      const tabLabel = (await tab.locator('.label-name').innerText()).trim();
      log('tab title:', tabLabel);
      assert.match(tabLabel, /^Migrate the payments service from… · Working$|^Migrate the payments service… · Working$/);
      assert.ok(tabLabel.length <= 45, `tab title is short: ${tabLabel.length}`);

      // Session id: one line, full id, and a copy button that copies it.
      const sid = frame.locator('.sid');
      const lineHeight = await sid.evaluate((e) => parseFloat(getComputedStyle(e).lineHeight) || parseFloat(getComputedStyle(e).fontSize) * 1.5);
      const sidBox = await sid.boundingBox();
      log(`session id box: ${sidBox.width.toFixed(0)}×${sidBox.height.toFixed(0)} px, line height ${lineHeight}`);
      assert.ok(sidBox.height < lineHeight * 1.6, `the session id is one line (${sidBox.height} px for a ${lineHeight} px line)`);
      assert.equal((await sid.getAttribute('title')), s.session_id);
      await frame.getByRole('button', { name: 'Copy session ID' }).click();
      await waitFor(async () => (await page.evaluate(() => navigator.clipboard.readText())) === s.session_id, { timeout: 10_000, message: 'the session id on the clipboard' });
      await waitFor(async () => (await frame.locator('#status').innerText()).includes('Copied'), { timeout: 5000, message: '"Copied" shown' });

      // Repository, branch and playbook.
      const chips = await frame.locator('.chip').allInnerTexts();
      log('chips:', chips.join(' | '));
      assert.ok(chips.some((c) => /Repository: ?acme\/payments-service/.test(c.replace(/\s+/g, ' '))), 'repository chip');
      assert.ok(chips.some((c) => /acme\/web/.test(c)), 'the PRs\' other repository');
      assert.ok(chips.some((c) => /Branch: ?feat\/fastify/.test(c.replace(/\s+/g, ' '))), 'branch chip');
      assert.ok(chips.some((c) => /Playbook: ?playbook-flaky-tests/.test(c.replace(/\s+/g, ' '))), 'playbook chip');

      // Toolbar: no Refresh; Terminate last, apart, in the error colour.
      const toolbar = frame.locator('#toolbar');
      const labels = (await toolbar.locator('button').allInnerTexts()).map((t) => t.trim());
      assert.deepEqual(labels, ['Open in Browser', 'Archive', 'Terminate'], `toolbar: ${labels.join(' | ')}`);
      const term = toolbar.getByRole('button', { name: 'Terminate' });
      const colors = await term.evaluate((b) => {
        // The theme's error colour, resolved by the browser (CSSOM, which the CSP allows).
        const probe = document.createElement('span');
        probe.style.color = 'var(--vscode-errorForeground)';
        document.body.append(probe);
        const error = getComputedStyle(probe).color;
        probe.remove();
        return { cls: b.className, color: getComputedStyle(b).color, border: getComputedStyle(b).borderTopColor, error, background: getComputedStyle(document.body).backgroundColor };
      });
      log('Terminate:', JSON.stringify(colors));
      assert.equal(colors.cls, 'danger');
      assert.equal(colors.border, colors.error, 'Terminate border in the error colour');
      // The words: the error colour, darkened toward the text colour in light themes where it is too
      // light for text (see 11-a11y); red, and readable (WCAG AA, 4.5:1).
      const text = srgb(colors.color);
      assert.ok(text[0] > text[1] + 0.15 && text[0] > text[2] + 0.15, `Terminate text is red: ${colors.color}`);
      assert.ok(contrast(text, srgb(colors.background)) >= 4.5, `Terminate text contrast ${contrast(text, srgb(colors.background)).toFixed(2)}:1 on ${colors.background}`);
      const archiveBox = await toolbar.getByRole('button', { name: 'Archive' }).boundingBox();
      const termBox = await term.boundingBox();
      assert.ok(termBox.x - (archiveBox.x + archiveBox.width) > 40, `Terminate stands apart (${(termBox.x - archiveBox.x - archiveBox.width).toFixed(0)} px)`);

      // PR rows.
      const rows = frame.locator('li.pr');
      assert.equal(await rows.count(), 3);
      const first = rows.nth(0);
      const rowText = (await first.innerText()).replace(/\s+/g, ' ');
      log('PR row:', rowText);
      assert.match(rowText, /open acme\/payments-service#318/);
      assert.equal(await first.locator('.icon-pr-open').count(), 1, 'an icon with the state word');
      // The styles are the minified media/dist/details.css; the icons one sprite, media/dist/icons.svg
      // (esbuild.js), each icon a mask position in it.
      const style = await frame.evaluate(() => {
        const s = getComputedStyle(document.querySelector('li.pr .icon-pr-open'));
        return { background: s.backgroundColor, image: s.maskImage || s.webkitMaskImage, position: s.maskPosition || s.webkitMaskPosition };
      });
      assert.notEqual(style.background, 'rgba(0, 0, 0, 0)', 'the details view styles are applied');
      assert.match(style.image, /\/media\/dist\/icons\.svg/, `the icon mask is the sprite: ${style.image}`);
      assert.notEqual(style.position.split(' ')[0], '0%', `pr-open is not the sprite's first icon: ${style.position}`);
      const loaded = () => frame.evaluate(() => performance.getEntriesByType('resource').some((e) => /\/media\/dist\/icons\.svg(?:[?#]|$)/.test(e.name)));
      await waitFor(loaded, { timeout: 10_000, message: 'the icon sprite loaded' });
      assert.match((await rows.nth(1).innerText()).replace(/\s+/g, ' '), /merged acme\/web#7/);
      assert.match((await rows.nth(2).innerText()).replace(/\s+/g, ' '), /closed acme\/web#9/);
      // The same actions as the tree's PR rows, each a validated message the host turns into the tree's command.
      const actions = (await first.locator('button').allInnerTexts()).map((t) => t.trim());
      assert.deepEqual(actions, ['Open', 'Check Out', 'Review Changes', 'Copy URL'], `PR actions: ${actions.join(' | ')}`);
      await first.getByRole('button', { name: 'Copy URL' }).click();
      await waitFor(async () => (await page.evaluate(() => navigator.clipboard.readText())) === 'https://github.com/acme/payments-service/pull/318',
        { timeout: 10_000, message: 'the PR URL on the clipboard' });
      // devin.copyPullRequestUrl ran: its status bar confirmation.
      await waitFor(async () => /Copied the pull request URL/.test(await wb.statusBarText()), { timeout: 10_000, message: 'the copy command\'s status bar message' });
      // devin.checkoutPullRequest and devin.reviewChanges ran: each explains why it can do nothing
      // here (the e2e settings turn the Git extension off, and no clone of the repository is open);
      // what they do with a clone: e2e 07-checkout and 08-review.
      await first.getByRole('button', { name: 'Check Out' }).click();
      await wb.waitForNotification(/The Git extension is disabled or unavailable, so the pull request branch cannot be checked out/, { timeout: 20_000 });
      await first.getByRole('button', { name: 'Review Changes' }).click();
      await wb.waitForNotification(/To review pull request #318 here, open a clone of acme\/payments-service/, { timeout: 20_000 });
      await wb.runCommand('Notifications: Clear All Notifications');
      // Open goes through VS Code's external-link check, which names the URL.
      await first.getByRole('button', { name: 'Open' }).click();
      const dialog = page.locator('.monaco-dialog-box').first();
      await dialog.waitFor({ state: 'visible', timeout: 10_000 });
      assert.match((await dialog.innerText()).replace(/\s+/g, ' '), /github\.com\/acme\/payments-service\/pull\/318/);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden', timeout: 5000 });
      await stepShot(page, '5-header-and-prs.png', log);

      // Finished (running + finished): no Terminate; the tab says so in one word.
      fake.patchSession(s.session_id, { status_detail: 'finished' });
      await wb.runCommand('Devin: Refresh');
      await waitFor(async () => {
        const f = await frameOf(page, title);
        const buttons = f ? await f.locator('#toolbar button').allInnerTexts().catch(() => []) : [];
        return buttons.map((t) => t.trim()).join('|') === 'Open in Browser|Archive';
      }, { timeout: 20_000, message: 'no Terminate once finished' });
      await waitFor(async () => /· Finished$/.test((await tab.locator('.label-name').innerText()).trim()), { timeout: 10_000, message: 'tab title "… · Finished"' });
      // The panel's own Archive button archives at once, with no dialog: only our webview can post
      // its messages (the tree's Archive, which any extension can forge, asks: e2e 04-actions).
      const finishedFrame = await frameOf(page, title);
      await finishedFrame.locator('#toolbar').getByRole('button', { name: 'Archive' }).click();
      await waitFor(() => fake.requests().find((r) => r.method === 'POST' && r.path.endsWith(`/sessions/${s.session_id}/archive`)),
        { timeout: 15_000, message: 'POST …/archive after the panel\'s Archive' });
      assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'the panel\'s Archive asks nothing');

      // The documentation pictures: a waiting session with PRs, light then dark (the webview follows the theme).
      await page.setViewportSize({ width: 1280, height: 1040 });
      const docTitle = 'Round totals per currency';
      fake.addSession({
        title: docTitle,
        status: 'running',
        status_detail: 'waiting_for_user',
        tags: ['payments'],
        acus_consumed: 3.5,
        pull_requests: [
          { pr_url: 'https://github.com/acme/payments-service/pull/318', pr_state: 'open' },
          { pr_url: 'https://github.com/acme/web/pull/77', pr_state: 'merged' },
        ],
      }, { messages: [
        { source: 'user', message: 'Totals are off by a cent for JPY carts.\n\nRepository: acme/payments-service, branch `main`, commit `4f2a9c1d0b7e`' },
        { source: 'devin', message: 'Reproduced: `roundTotal()` rounds each line item before summing. I opened https://github.com/acme/payments-service/pull/318 with a failing test.' },
        { source: 'devin', message: QUESTION },
      ] });
      await wb.runCommand('Devin: Refresh');
      const docFrame = await openSessionPanel(page, wb, docTitle, 'Which currency should rounding follow');
      await assertStaysVisible(docFrame, docFrame.locator('li.msg').last(), assert, 'the question in the documentation view');
      await page.mouse.move(5, 400);
      await docShot(page, 'details-light.png', page.locator('.part.editor'), log);
      const themeOf = () => docFrame.evaluate(() => document.body.className);
      assert.match(await themeOf(), /vscode-light/);
      await wb.runCommand('Preferences: Color Theme');
      await wb.quickInputType('Dark Modern', { enter: false });
      await wb.quickPick(/Dark Modern/);
      await waitFor(async () => /vscode-dark/.test(await themeOf()), { timeout: 20_000, message: 'the webview to follow the dark theme' });
      await page.waitForSelector('.monaco-workbench.vs-dark', { timeout: 20_000 }); // the workbench in the dark theme too
      await page.mouse.move(5, 400); // no tooltip over the tabs
      await docShot(page, 'details-dark.png', page.locator('.part.editor'), log);
    },
  },
  {
    name: 'after a window reload, clicking a session whose panel is open reuses the restored tab',
    signIn: true,
    fake: { sessions: 6 },
    timeout: 180_000,
    async fn({ page, wb, fake, assert, log }) {
      await openSignedIn(wb, page);
      fake.addSession({ title: 'Restore me A', status: 'running', status_detail: 'waiting_for_user' }, { messages: [{ source: 'devin', message: 'Question from A?' }] });
      fake.addSession({ title: 'Restore me B', status: 'running', status_detail: 'working' }, { messages: [{ source: 'devin', message: 'Progress in B.' }] });
      await wb.runCommand('Devin: Refresh');
      await openSessionPanel(page, wb, 'Restore me A', 'Question from A?');
      await openSessionPanel(page, wb, 'Restore me B', 'Progress in B.');
      const tabsOf = async (t) => (await page.locator(SEL.tabs).allInnerTexts()).filter((x) => x.includes(t)).length;
      assert.equal(await tabsOf('Restore me A'), 1);
      assert.equal(await tabsOf('Restore me B'), 1);
      // Reload the window: B (shown) is revived at once, A (hidden) only when shown.
      // Developer: Reload Window saves the editor layout first (a bare page reload may not).
      const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 60_000 });
      await wb.runCommand('Developer: Reload Window');
      await navigated;
      await page.waitForSelector(SEL.workbench, { timeout: 60_000 });
      await openSignedIn(wb, page);
      await wb.webviewFrame('Progress in B.', { timeout: 30_000 });
      await wb.editorTab('Restore me A');
      log('tabs after reload:', (await page.locator(SEL.tabs).allInnerTexts()).map((t) => t.trim()).join(' | '));
      await rowByLabel(page, 'Restore me A').click();
      await wb.webviewFrame('Question from A?', { timeout: 30_000 });
      // A duplicate would be open by now: its tab comes before its content.
      assert.equal(await tabsOf('Restore me A'), 1, `one tab for A: ${(await page.locator(SEL.tabs).allInnerTexts()).join(' | ')}`);
      const active = (await page.locator(`${SEL.tabs}.active`).first().innerText()).trim();
      assert.match(active, /Restore me A/, 'the restored tab of A is the active one');
      await rowByLabel(page, 'Restore me B').click();
      await waitFor(async () => /Restore me B/.test(await page.locator(`${SEL.tabs}.active`).first().innerText()), { timeout: 10_000, message: 'B active' });
      assert.equal(await tabsOf('Restore me B'), 1, 'one tab for B');
      assert.equal(await tabsOf('Restore me A'), 1, 'still one tab for A');
    },
  },
  {
    name: 'the reply box keeps its text: the panel closed and the session opened again, a failed send, a window reload; only that text sent empties it',
    signIn: true,
    fake: { sessions: 6 },
    timeout: 240_000,
    async fn({ page, wb, fake, assert }) {
      await openSignedIn(wb, page);
      const title = 'Keep my half-written reply';
      const s = fake.addSession({ title, status: 'running', status_detail: 'waiting_for_user' }, { messages: [{ source: 'devin', message: 'Which currency should I use?' }] });
      await wb.runCommand('Devin: Refresh');
      const tabsOf = async () => (await page.locator(SEL.tabs).allInnerTexts()).filter((x) => x.includes(title.slice(0, 20))).length;
      const open = async () => {
        const frame = await openSessionPanel(page, wb, title, 'Which currency should I use?');
        const input = frame.locator('#composer-input');
        await waitFor(() => input.isEnabled(), { timeout: 10_000, message: 'the composer to be enabled' });
        return { frame, input };
      };
      const close = async () => {
        await page.locator(`${SEL.tabs}.active`).filter({ hasText: title.slice(0, 20) }).waitFor({ timeout: 10_000 });
        await wb.runCommand('View: Close Editor');
        await waitFor(async () => (await tabsOf()) === 0, { timeout: 10_000, message: 'the panel closed' });
      };
      const reply = 'Use the store currency,\nand round once per cart';
      let { input } = await open();
      await input.fill(reply);
      // Closed right after typing: nothing waits for the host's save delay.
      await close();
      ({ input } = await open());
      assert.equal(await input.inputValue(), reply, 'the text is back after closing the panel and opening the session again');

      // A failed send keeps it, in the box and for the next panel.
      fake.fault({ status: 500, paths: `/sessions/${s.session_id}/messages$`, methods: ['POST'], times: 1 });
      await input.press('Control+Enter');
      let frame = await frameOf(page, title, 'Which currency');
      await waitFor(async () => (await frame.locator('#composer-error').innerText()).includes('The message was not sent'), { timeout: 15_000, message: 'the send error' });
      assert.equal(await input.inputValue(), reply, 'kept in the box');
      await close();
      ({ input, frame } = await open());
      assert.equal(await input.inputValue(), reply, 'kept after the failed send and a close');

      // A window reload (the panel restored by its serializer) keeps it.
      const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 60_000 });
      await wb.runCommand('Developer: Reload Window');
      await navigated;
      await page.waitForSelector(SEL.workbench, { timeout: 60_000 });
      await openSignedIn(wb, page);
      frame = await wb.webviewFrame('Which currency should I use?', { timeout: 30_000 });
      input = frame.locator('#composer-input');
      await waitFor(async () => (await input.inputValue()) === reply, { timeout: 15_000, message: 'the text in the restored panel' });
      assert.equal(await tabsOf(), 1, 'one restored tab');

      // Sent: the box empties, and a new panel of the session starts empty.
      await waitFor(() => input.isEnabled(), { timeout: 10_000, message: 'the composer to be enabled' });
      await input.press('Control+Enter');
      await waitFor(async () => (await frame.locator('#composer-state').innerText()).includes('Message sent.'), { timeout: 15_000, message: '"Message sent."' });
      assert.equal(await input.inputValue(), '');
      const posted = fake.requests().filter((r) => r.method === 'POST' && r.path.endsWith(`/sessions/${s.session_id}/messages`));
      assert.equal(posted.length, 2, 'one POST that failed, one that went: none retried by itself');
      await close();
      ({ input } = await open());
      assert.equal(await input.inputValue(), '', 'nothing kept once that text was sent');
    },
  },
  {
    name: 'Sign Out empties open panels (signed-out state, no requests); signing in from the panel brings the session back',
    signIn: true,
    fake: { sessions: 6 },
    timeout: 180_000,
    async fn({ page, wb, fake, assert, log }) {
      await openSignedIn(wb, page);
      fake.addSession({ title: 'Secret plans for the refund flow', status: 'running', status_detail: 'waiting_for_user' }, { messages: [{ source: 'devin', message: 'Confidential: should refunds skip review?' }] });
      await wb.runCommand('Devin: Refresh');
      const frame = await openSessionPanel(page, wb, 'Secret plans for the refund flow', 'Confidential: should refunds skip review?');
      await wb.runCommand('Devin: Sign Out');
      const dialog = page.locator('.monaco-dialog-box').first();
      await dialog.waitFor({ state: 'visible', timeout: 10_000 });
      assert.match((await dialog.innerText()).replace(/\s+/g, ' '), /Sign out of Devin\?/, 'Sign Out asks first');
      await dialog.locator('.monaco-button').filter({ hasText: /^Sign Out$/ }).first().click();
      await waitFor(async () => /signed out of Devin/.test(await frame.evaluate(() => document.body.innerText)), { timeout: 15_000, message: 'the signed-out state in the panel' });
      const text = await frame.evaluate(() => document.body.innerText);
      assert.doesNotMatch(text, /Confidential|Secret plans/, 'nothing of the session stays on screen');
      const tabs = (await page.locator(SEL.tabs).allInnerTexts()).join(' | ');
      assert.doesNotMatch(tabs, /Secret plans/, `the tab title no longer shows the session: ${tabs}`);
      await stepShot(page, '6-signed-out.png', log);
      const before = fake.requests().length;
      await sleep(3000);
      assert.equal(fake.requests().slice(before).length, 0, 'no request while signed out');

      // Sign In from the panel brings the session back. (One progress notification for sign-in did not land.)
      await frame.getByRole('button', { name: 'Sign In' }).click();
      await wb.waitForQuickInput(undefined, { type: 'password' });
      await wb.quickInputType(fake.key);
      await wb.waitForNotification(/Signed in to Devin/, { timeout: 30_000 });
      await wb.webviewFrame('Confidential: should refunds skip review?', { timeout: 30_000 });
    },
  },
];
