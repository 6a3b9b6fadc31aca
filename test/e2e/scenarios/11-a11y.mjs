// Accessibility of the session details view (issue 16), in the real webview:
//  - axe-core, injected into the webview's inner frame, finds no serious or critical violation in
//    the light, dark and high-contrast themes (every violation of any impact is printed);
//  - keyboard only: the view opens from the tree with Enter, Tab and Shift+Tab walk the controls in
//    reading order (asserted by role and accessible name), focus is visible on each, links open with
//    Enter, Escape closes VS Code's link dialog and the link has the focus again, Escape in the
//    composer keeps the draft, Ctrl+Enter sends (the fake server receives the text);
//  - reduced motion: with prefers-reduced-motion (Playwright emulation, which reaches the webview's
//    frames) and, in a scenario of its own, with VS Code's `workbench.reduceMotion: "on"`, no
//    animation, transition or smooth scrolling is left (computed styles); without them, "Jump to
//    message" does animate (the check can fail).
// With E2E_DOC_SCREENSHOTS=1: docs/images/details-hc.png (the tree and the details view in the
// high-contrast theme).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { openSignedIn, docShot, rowByLabel } from './03-create.mjs';
import { waitFor } from '../lib/proc.mjs';
import { SEL } from '../lib/workbench.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const AXE_SOURCE = fs.readFileSync(createRequire(path.join(ROOT, 'package.json')).resolve('axe-core/axe.min.js'), 'utf8');

const TITLE = 'Round totals per currency for JPY carts';
const QUESTION = 'Which currency should rounding follow: the **cart** currency or the **store** currency? '
  + 'See `roundTotal()` in [cart.ts](https://github.com/acme/payments-service/blob/main/src/cart.ts).';
const FINDINGS = [
  '## Findings',
  '',
  '- `roundTotal()` rounds each line item before summing',
  '- JPY is converted **twice**',
  '',
  '```ts',
  'export function roundTotal(items: Item[], currency: string): number {',
  '  return items.reduce((sum, i) => sum + round(i.price, currency), 0);',
  '}',
  '```',
  '',
  '> The store books in USD.',
  '',
  '| Cart | Store | Difference |',
  '| --- | --- | --- |',
  '| ¥1,000 | $6.70 | $0.01 |',
  '',
  'Chart: ![totals by currency](https://example.com/chart.png)',
  '',
  'I opened https://github.com/acme/payments-service/pull/318 with a failing test.',
].join('\n');

/** A session whose view has everything: needs-input banner, chips, tags, PRs, structured output, Markdown with code, links, an image, the composer. */
function addRichSession(fake) {
  return fake.addSession({
    title: TITLE,
    status: 'running',
    status_detail: 'waiting_for_user',
    tags: ['payments', 'jpy'],
    playbook_id: 'playbook-flaky-tests',
    acus_consumed: 3.5,
    structured_output: { summary: 'Rounding per line item', affected_orders: 1204, currencies: ['JPY', 'USD'] },
    pull_requests: [
      { pr_url: 'https://github.com/acme/payments-service/pull/318', pr_state: 'open' },
      { pr_url: 'https://github.com/acme/web/pull/77', pr_state: 'merged' },
    ],
  }, { messages: [
    { source: 'user', message: 'Totals are off by a cent for JPY carts.\n\nRepository: acme/payments-service, branch `fix/jpy-rounding`, commit `4f2a9c1d0b7e`' },
    { source: 'devin', message: FINDINGS },
    { source: 'devin', message: QUESTION },
  ] });
}

/** The details webview's inner frame (found anew each time: VS Code may reload a webview). */
async function detailsFrame(page, { timeout = 30_000 } = {}) {
  return waitFor(async () => {
    for (const f of page.frames()) {
      if (f === page.mainFrame()) continue;
      const ok = await f.evaluate((t) => !!document.getElementById('composer') && (document.body?.textContent ?? '').includes(t)
        && document.querySelectorAll('li.msg').length === 3, TITLE).catch(() => false);
      if (ok) return f;
    }
    return null;
  }, { timeout, message: `the details view of "${TITLE}" with its 3 messages` });
}

async function openByMouse(page, wb) {
  await wb.waitForTreeRow(TITLE.slice(0, 24), { timeout: 20_000 });
  await rowByLabel(page, TITLE.slice(0, 24)).click();
  return detailsFrame(page);
}

// ---- axe ----------------------------------------------------------------------------------------

/**
 * Runs axe-core in the frame. The webview's CSP admits no script without its nonce, so axe is not
 * added as a <script>: Playwright evaluates its source through the DevTools protocol, which the
 * page's CSP does not govern, in the page's own world. Returns the violations, plain.
 */
async function runAxe(frame) {
  if (!(await frame.evaluate(() => typeof window.axe === 'object'))) await frame.evaluate(AXE_SOURCE);
  return frame.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim() })),
    }));
  });
}

function formatViolations(theme, violations) {
  if (!violations.length) return `${theme}: no violation`;
  return `${theme}: ${violations.length} violation(s)\n` + violations.map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n`
    + v.nodes.map((n) => `      ${n.target} — ${n.summary}`).join('\n')).join('\n');
}

/** Which of `names` the Color Theme picker offers (exact labels; names differ between VS Code versions). */
async function offeredThemes(page, wb, names) {
  await wb.runCommand('Preferences: Color Theme');
  const input = page.locator(SEL.quickInputBox).first();
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  const rows = page.locator(SEL.quickInputRows);
  const out = [];
  for (const name of names) {
    await input.fill(name);
    const found = await waitFor(async () => {
      const labels = await rows.evaluateAll((rs) => rs.map((r) => r.querySelector('.label-name')?.textContent?.trim() ?? ''));
      return labels.includes(name) || null;
    }, { timeout: 3000, message: name }).catch(() => false);
    if (found) out.push(name);
  }
  await wb.closeQuickInput();
  return out;
}

/** Picks a color theme by its exact name in the Color Theme picker (already open when `open` is false). */
async function pickTheme(page, wb, name, { open = true } = {}) {
  if (open) await wb.runCommand('Preferences: Color Theme');
  const input = page.locator(SEL.quickInputBox).first();
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(name);
  const rows = page.locator(SEL.quickInputRows);
  const hit = await waitFor(async () => {
    const labels = await rows.evaluateAll((rs) => rs.map((r) => r.querySelector('.label-name')?.textContent?.trim() ?? ''));
    const i = labels.indexOf(name);
    return i >= 0 ? { i } : null;
  }, { timeout: 10_000, message: `the theme "${name}" in the picker` });
  await rows.nth(hit.i).click();
  await waitFor(async () => !(await page.locator(SEL.quickInput).first().isVisible().catch(() => false)), { timeout: 10_000, message: 'the theme picker to close' });
}

// The light, dark and high-contrast themes that ship with VS Code; code-server 4.139 names some
// differently ("Dark High Contrast" for "Default High Contrast"); each one offered is checked.
const isLight = (c) => c.includes('vscode-light');
const isDark = (c) => c.includes('vscode-dark');
const isHcDark = (c) => c.includes('vscode-high-contrast') && !c.includes('vscode-high-contrast-light');
const isHcLight = (c) => c.includes('vscode-high-contrast-light');
const THEMES = [
  { name: 'Default Light Modern', kind: 'light', body: isLight },
  { name: 'Light Modern', kind: 'light', body: isLight },
  { name: 'Light 2026', kind: 'light', body: isLight },
  { name: 'Default Dark Modern', kind: 'dark', body: isDark },
  { name: 'Dark Modern', kind: 'dark', body: isDark },
  { name: 'Dark 2026', kind: 'dark', body: isDark },
  { name: 'Default High Contrast', kind: 'hc', body: isHcDark },
  { name: 'Dark High Contrast', kind: 'hc', body: isHcDark },
  { name: 'Default High Contrast Light', kind: 'hc-light', body: isHcLight },
  { name: 'Light High Contrast', kind: 'hc-light', body: isHcLight },
];

// ---- keyboard -------------------------------------------------------------------------------------

/** Role and accessible name of the frame's focused element, as the accessibility tree has them ("button \"Send\""). */
async function focused(frame) {
  const loc = frame.locator(':focus');
  if ((await loc.count()) === 0) return null;
  const snap = await loc.first().ariaSnapshot({ timeout: 5000 }).catch(() => '');
  // The snapshot is YAML: a line with "#" comes quoted ('link "acme/web #77"').
  const line = snap.split('\n')[0].replace(/^- /, '').replace(/:$/, '').trim().replace(/^'(.*)'$/, (_, x) => x.replace(/''/g, "'"));
  return line || (await loc.first().evaluate((e) => `<${e.tagName.toLowerCase()}>`));
}

/** The focus indicator of the frame's focused element: its computed outline and box-shadow. */
async function focusRing(frame) {
  return frame.locator(':focus').first().evaluate((e) => {
    const cs = getComputedStyle(e);
    return { outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`, outlineStyle: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth) || 0, boxShadow: cs.boxShadow };
  });
}

function visibleRing(r) {
  return (r.outlineStyle !== 'none' && r.outlineWidth > 0) || (r.boxShadow && r.boxShadow !== 'none');
}

/** The reading order of the view's controls, top to bottom, by role and accessible name. */
const TAB_ORDER = [
  'button "Jump to message"',
  'button "Copy session ID"',
  'button "Open in Browser"',
  'button "Archive"',
  'button "Terminate"',
  'link "acme/payments-service#318"',
  'button "Open"',
  'button "Check Out"',
  'button "Review Changes"',
  'button "Copy URL"',
  'link "acme/web#77"',
  'button "Open"',
  'button "Check Out"',
  'button "Review Changes"',
  'button "Copy URL"',
  /^group|^DisclosureTriangle|^summary|\{ 3 keys \}/, // the structured output's top <summary>
  /\[ 2 items \]/, // its nested array
  'button "totals by currency (example.com)"',
  'link "https://github.com/acme/payments-service/pull/318"',
  'link "cart.ts"',
  'textbox "Message to Devin"',
  'button "Send"',
];

const matchStep = (want, got) => (typeof want === 'string' ? got === want : want.test(got ?? ''));

// ---- reduced motion ----------------------------------------------------------------------------

/** Every element (and ::before/::after) that still animates, transitions or scrolls smoothly. */
async function motion(frame) {
  return frame.evaluate(() => {
    const secs = (v) => v.split(',').map((x) => parseFloat(x) || 0);
    const out = [];
    const name = (e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${typeof e.className === 'string' && e.className ? `.${e.className.trim().split(/\s+/).join('.')}` : ''}`;
    for (const e of [document.documentElement, ...document.querySelectorAll('*')]) {
      for (const pseudo of [null, '::before', '::after']) {
        const cs = getComputedStyle(e, pseudo);
        const where = `${name(e)}${pseudo ?? ''}`;
        if (cs.animationName !== 'none' && secs(cs.animationDuration).some((d) => d > 0)) out.push(`${where}: animation ${cs.animationName} ${cs.animationDuration}`);
        if (cs.transitionProperty !== 'none' && secs(cs.transitionDuration).some((d) => d > 0)) out.push(`${where}: transition ${cs.transitionProperty} ${cs.transitionDuration}`);
        if (cs.scrollBehavior === 'smooth') out.push(`${where}: scroll-behavior smooth`);
      }
    }
    return out;
  });
}

/** Clicks "Jump to message" and returns the computed animation of the message it flashes. */
async function jumpAndRead(frame) {
  const banner = frame.locator('.banner.needs-input');
  await banner.getByRole('button', { name: 'Jump to message' }).click();
  return frame.locator('li.msg').last().evaluate((li) => {
    const cs = getComputedStyle(li);
    return { flash: li.classList.contains('flash'), animationName: cs.animationName, animationDuration: cs.animationDuration, outline: `${cs.outlineStyle} ${cs.outlineWidth}` };
  });
}

export default [
  {
    name: 'a11y: axe finds no serious or critical violation in the details view in light, dark and high-contrast themes',
    signIn: true,
    fake: { sessions: 6 },
    timeout: 240_000,
    async fn({ page, wb, fake, assert, log }) {
      await page.setViewportSize({ width: 1280, height: 860 });
      await openSignedIn(wb, page);
      addRichSession(fake);
      await wb.runCommand('Devin: Refresh');
      await openByMouse(page, wb);
      const offered = await offeredThemes(page, wb, THEMES.map((t) => t.name));
      log('themes offered:', offered.join(' | '));
      const themes = THEMES.filter((t) => offered.includes(t.name));
      const kinds = new Set(themes.map((t) => t.kind));
      assert.ok(kinds.has('light') && kinds.has('dark') && kinds.has('hc'), `light, dark and high-contrast themes are offered: ${offered.join(' | ')}`);
      let shot = false;
      const failures = [];
      for (const t of themes) {
        await pickTheme(page, wb, t.name);
        const frame = await detailsFrame(page);
        await waitFor(async () => t.body(await frame.evaluate(() => document.body.className)), { timeout: 20_000, message: `the webview to follow ${t.name}` });
        // The theme's colours are in place (VS Code sets them with the body class).
        await frame.evaluate(() => new Promise((r) => window.requestAnimationFrame(() => window.requestAnimationFrame(r))));
        const violations = await runAxe(frame);
        log(formatViolations(t.name, violations));
        const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        if (bad.length) failures.push(formatViolations(t.name, bad));
        if (t.kind === 'hc' && !shot) {
          shot = true;
          // The top of the view: title, status, banner, chips, actions, pull requests.
          await frame.evaluate(() => window.scrollTo(0, 0));
          await page.mouse.move(5, 600);
          await docShot(page, 'details-hc.png', page, log);
        }
      }
      assert.equal(failures.length, 0, `serious or critical axe violations:\n${failures.join('\n')}`);
    },
  },
  {
    name: 'a11y: keyboard only: open from the tree, Tab/Shift+Tab in reading order with visible focus, links and Escape, Ctrl+Enter sends',
    signIn: true,
    fake: { sessions: 6 },
    timeout: 240_000,
    async fn({ page, wb, fake, assert, log }) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await openSignedIn(wb, page);
      const s = addRichSession(fake);
      await wb.runCommand('Devin: Refresh');
      await wb.waitForTreeRow(TITLE.slice(0, 24), { timeout: 20_000 });

      // Open the view from the tree with the keyboard: focus the tree, arrow down to the row, Enter.
      await page.keyboard.press('F1');
      const palette = page.locator(SEL.quickInputBox).first();
      await palette.waitFor({ state: 'visible', timeout: 15_000 });
      await page.keyboard.type('>Devin: Focus on Sessions View');
      await waitFor(async () => (await page.locator(SEL.quickInputRows).count()) > 0, { timeout: 10_000, message: 'the focus command in the palette' });
      await page.keyboard.press('Enter');
      const focusedRow = () => page.evaluate(() => {
        const row = document.activeElement?.closest?.('.monaco-list-row') ?? document.querySelector('.part.sidebar .monaco-list:focus-within .monaco-list-row.focused');
        // The accessible name starts with the whole title (the drawn label is shortened to keep the age in view).
        return row?.getAttribute('aria-label') ?? row?.querySelector('.label-name')?.textContent?.trim() ?? '';
      });
      await waitFor(async () => (await page.evaluate(() => !!document.activeElement?.closest?.('.part.sidebar'))), { timeout: 10_000, message: 'focus in the Sessions view' });
      // Down arrow until the row has the focus (Home to start over at the bottom: a refresh can move rows).
      let previous;
      await waitFor(async () => {
        const row = await focusedRow();
        if (row.startsWith(TITLE.slice(0, 24))) return true;
        await page.keyboard.press(row && row === previous ? 'Home' : 'ArrowDown');
        previous = row;
        return false;
      }, { timeout: 20_000, interval: 100, message: 'the session row reached with the arrow keys' });
      await page.keyboard.press('Enter');
      const frame = await detailsFrame(page);

      // Opening puts the focus in the composer (the view asks a question).
      await waitFor(async () => (await focused(frame)) === 'textbox "Message to Devin"', { timeout: 15_000, message: 'focus in the composer on opening' });

      // Shift+Tab from the composer walks back to the top; Tab walks forward again.
      const back = [];
      for (let i = 0; i < TAB_ORDER.length + 3; i++) {
        const name = await focused(frame);
        if (!name) break;
        const ring = await focusRing(frame);
        back.push({ name, ring });
        await page.keyboard.press('Shift+Tab');
      }
      log('Shift+Tab from the composer:\n  ' + back.map((b) => `${b.name}  [outline ${b.ring.outline}; box-shadow ${b.ring.boxShadow}]`).join('\n  '));
      const backNames = back.map((b) => b.name);
      // Shift+Tab from the composer: all but the Send button, in reverse, then out of the view.
      const expectBack = TAB_ORDER.slice(0, -1).reverse();
      assert.equal(backNames.length, expectBack.length, `Shift+Tab stops ${expectBack.length} times in the view:\n  ${backNames.join('\n  ')}`);
      expectBack.forEach((want, i) => assert.ok(matchStep(want, backNames[i]), `Shift+Tab stop ${i + 1}: want ${want}, got ${backNames[i]}`));
      for (const b of back) assert.ok(visibleRing(b.ring), `visible focus on ${b.name}: outline ${b.ring.outline}, box-shadow ${b.ring.boxShadow}`);

      // Back in with Tab: the first control of the view, then forward in reading order to Send.
      await waitFor(async () => {
        await page.keyboard.press('Tab');
        return (await focused(frame)) === TAB_ORDER[0];
      }, { timeout: 15_000, interval: 50, message: `Tab back into the view reaches ${TAB_ORDER[0]}` });
      const fwd = [await focused(frame)];
      for (let i = 1; i < TAB_ORDER.length; i++) {
        await page.keyboard.press('Tab');
        fwd.push(await focused(frame));
      }
      log('Tab forward:', fwd.join(' → '));
      TAB_ORDER.forEach((want, i) => assert.ok(matchStep(want, fwd[i]), `Tab stop ${i + 1}: want ${want}, got ${fwd[i]}`));
      assert.ok(visibleRing(await focusRing(frame)), 'visible focus on Send');

      // A link in a message opens with Enter (VS Code asks first; Escape closes its dialog, and the
      // focus goes back to the link in the view).
      const link = frame.getByRole('link', { name: 'cart.ts' });
      for (let i = 0; i < TAB_ORDER.length && (await focused(frame)) !== 'link "cart.ts"'; i++) await page.keyboard.press('Shift+Tab');
      assert.equal(await focused(frame), 'link "cart.ts"');
      // Focus events in the view, for the message when the focus does not come back.
      await frame.evaluate(() => {
        window.__ev = [];
        const d = (t) => (t === window ? 'window' : t?.tagName ?? String(t));
        for (const type of ['focus', 'blur']) window.addEventListener(type, (e) => { if (e.target === window) window.__ev.push(`${type} window (active ${d(document.activeElement)})`); });
        for (const type of ['focusin', 'focusout']) document.addEventListener(type, (e) => window.__ev.push(`${type} ${d(e.target)} (related ${d(e.relatedTarget)})`));
      });
      await page.keyboard.press('Enter');
      const dialog = page.locator('.monaco-dialog-box').first();
      await dialog.waitFor({ state: 'visible', timeout: 10_000 });
      assert.match((await dialog.innerText()).replace(/\s+/g, ' '), /github\.com\/acme\/payments-service\/blob\/main\/src\/cart\.ts/, 'the dialog names the link\'s address');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden', timeout: 5000 });
      // The view gives the focus back to the link (VS Code leaves the webview with the body focused).
      await waitFor(async () => (await focused(frame)) === 'link "cart.ts"', { timeout: 10_000, message: 'focus back on the link after Escape' })
        .catch(async (e) => { throw new Error(`${e.message}; focus events in the view: ${(await frame.evaluate(() => window.__ev)).join(', ')}`); });
      assert.ok(await link.isVisible());

      // The composer: type, Escape keeps the draft, Ctrl+Enter sends.
      await page.keyboard.press('Tab');
      assert.equal(await focused(frame), 'textbox "Message to Devin"');
      const reply = 'Follow the store currency, and add a JPY test.';
      await page.keyboard.type(reply);
      await page.keyboard.press('Escape');
      assert.equal(await frame.locator('#composer-input').inputValue(), reply, 'Escape keeps the draft');
      assert.equal(await focused(frame), 'textbox "Message to Devin"', 'Escape leaves the focus in the composer');
      const before = fake.requests().length;
      await page.keyboard.press('Control+Enter');
      const posted = await waitFor(() => fake.requests().slice(before).find((r) => r.method === 'POST' && r.path.endsWith(`/sessions/${s.session_id}/messages`)),
        { timeout: 15_000, message: 'POST …/messages at the fake after Ctrl+Enter' });
      assert.equal(posted.body?.message, reply, 'the fake received the typed message');
      await waitFor(async () => (await frame.locator('#composer-input').inputValue()) === '', { timeout: 10_000, message: 'the composer emptied after sending' });
      await waitFor(async () => (await focused(frame)) === 'textbox "Message to Devin"', { timeout: 5000, message: 'focus stays in the composer after sending' });
    },
  },
  {
    name: 'a11y: reduced motion: prefers-reduced-motion reaches the webview and leaves no animation, transition or smooth scrolling',
    signIn: true,
    fake: { sessions: 6 },
    timeout: 180_000,
    async fn({ page, wb, fake, assert, log }) {
      await page.setViewportSize({ width: 1280, height: 860 });
      await openSignedIn(wb, page);
      addRichSession(fake);
      await wb.runCommand('Devin: Refresh');
      const frame = await openByMouse(page, wb);
      const reduced = (f) => f.evaluate(() => window.matchMedia('(prefers-reduced-motion: reduce)').matches);

      // Without the preference, "Jump to message" animates: the check below can see motion.
      assert.equal(await reduced(frame), false, 'no reduced-motion preference at first');
      const moving = await jumpAndRead(frame);
      log('without reduced motion:', JSON.stringify(moving));
      assert.equal(moving.animationName, 'flash', 'the jumped-to message flashes');
      const movingAll = await motion(frame);
      assert.ok(movingAll.some((m) => /animation flash/.test(m)), `the motion check sees the flash: ${movingAll.join('; ')}`);

      // The system preference: Playwright's emulation of prefers-reduced-motion reaches the nested webview frames.
      await page.emulateMedia({ reducedMotion: 'reduce' });
      assert.equal(await page.evaluate(() => window.matchMedia('(prefers-reduced-motion: reduce)').matches), true, 'the workbench sees reduced motion');
      await waitFor(() => reduced(frame), { timeout: 10_000, message: 'the webview\'s inner frame to inherit prefers-reduced-motion' });
      const still = await jumpAndRead(frame);
      log('with reduced motion:', JSON.stringify(still));
      assert.equal(still.flash, true, 'the message is marked');
      assert.equal(still.animationName, 'none', 'no flash animation');
      assert.match(still.outline, /^solid [1-9]/, 'a still outline marks the message instead');
      const left = await motion(frame);
      assert.deepEqual(left, [], `no animation, transition or smooth scrolling with prefers-reduced-motion:\n  ${left.join('\n  ')}`);
      const scroll = await frame.evaluate(() => [getComputedStyle(document.documentElement).scrollBehavior, getComputedStyle(document.body).scrollBehavior]);
      assert.deepEqual(scroll, ['auto', 'auto'], 'the document scrolls instantly');

    },
  },
  {
    name: 'a11y: reduced motion: VS Code\'s workbench.reduceMotion "on" (no system preference) stops the animation too',
    signIn: true,
    fake: { sessions: 6 },
    settings: { 'workbench.reduceMotion': 'on' },
    timeout: 150_000,
    async fn({ page, wb, fake, assert, log }) {
      await page.setViewportSize({ width: 1280, height: 860 });
      await openSignedIn(wb, page);
      addRichSession(fake);
      await wb.runCommand('Devin: Refresh');
      const frame = await openByMouse(page, wb);
      assert.equal(await frame.evaluate(() => window.matchMedia('(prefers-reduced-motion: reduce)').matches), false, 'no system preference');
      const cls = await frame.evaluate(() => document.body.className);
      assert.match(cls, /vscode-reduce-motion/, `VS Code marks the webview body: ${cls}`);
      const jumped = await jumpAndRead(frame);
      log('with workbench.reduceMotion on:', JSON.stringify(jumped));
      assert.equal(jumped.flash, true, 'the message is marked');
      assert.equal(jumped.animationName, 'none', 'no flash animation');
      assert.match(jumped.outline, /^solid [1-9]/, 'a still outline marks the message instead');
      const left = await motion(frame);
      assert.deepEqual(left, [], `no animation, transition or smooth scrolling with workbench.reduceMotion:\n  ${left.join('\n  ')}`);
    },
  },
];
