// Selector helpers for the VS Code workbench (verified on code-server 4.139.1 / VS Code 1.139.1).
// Every helper takes the Playwright page; `wb(page)` binds them all.
import { sleep, waitFor } from './proc.mjs';

export const SEL = {
  workbench: '.monaco-workbench',
  devinActivity: '.activitybar [aria-label^="Devin"]',
  sidebar: '.part.sidebar',
  sidebarTitle: '.part.sidebar .composite.title',
  treeRows: '.part.sidebar .pane-body .monaco-list-row',
  welcome: '.part.sidebar .welcome-view-content',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget input',
  quickInputRows: '.quick-input-widget .quick-input-list .monaco-list-row',
  toasts: '.notifications-toasts',
  toast: '.notifications-toasts .notification-toast',
  statusBar: '.part.statusbar',
  tabs: '.tabs-container .tab',
};

export async function openWorkbench(page, url, { timeout = 60_000 } = {}) {
  await page.goto(url);
  await page.waitForSelector(SEL.workbench, { timeout });
}

/** Shows the Devin view container (clicks the activity bar entry unless it is already shown). */
export async function openDevinView(page, { timeout = 30_000 } = {}) {
  const item = page.locator(SEL.devinActivity).first();
  await item.waitFor({ state: 'visible', timeout });
  if (!(await isDevinViewShown(page))) await item.click();
  await waitFor(() => isDevinViewShown(page), { timeout: 10_000, message: 'the Devin view to show' });
}

export async function isDevinViewShown(page) {
  return page.evaluate(() => {
    const sb = document.querySelector('.part.sidebar');
    if (!sb || sb.offsetParent === null || getComputedStyle(sb).display === 'none') return false;
    const t = sb.querySelector('.composite.title');
    return !!t && /devin/i.test(t.textContent || '');
  });
}

/** [{label, description, text, level, expanded, ariaLabel}] of the side-bar tree rows. */
/**
 * The side bar's tree rows. `label` is the row's whole title: a session row shows a long title
 * shortened with "…" (its age stays in view), and its accessible name starts with the whole title
 * then ", "; `shown` is the label as drawn.
 */
export async function treeRows(page) {
  return page.locator(SEL.treeRows).evaluateAll((rows) => rows.map((r) => ({
    label: (() => {
      const shown = r.querySelector('.label-name')?.textContent?.trim() ?? '';
      const aria = r.getAttribute('aria-label') ?? '';
      if (!shown.endsWith('…') || !aria.startsWith(shown.slice(0, -1))) return shown;
      const end = aria.indexOf(', ', shown.length - 1);
      return end < 0 ? aria : aria.slice(0, end);
    })(),
    shown: r.querySelector('.label-name')?.textContent?.trim() ?? '',
    description: r.querySelector('.label-description')?.textContent?.trim() ?? '',
    text: r.innerText.replace(/\s+/g, ' ').trim(),
    level: Number(r.getAttribute('aria-level') ?? 0),
    expanded: r.getAttribute('aria-expanded'),
    ariaLabel: r.getAttribute('aria-label') ?? '',
  })));
}

/** pattern: a substring, a RegExp or a predicate (text) => boolean. */
function matches(value, pattern) {
  if (typeof pattern === 'function') return !!pattern(value);
  return typeof pattern === 'string' ? value.includes(pattern) : pattern.test(value);
}

/**
 * Waits until some tree row's text matches; returns that row's Locator. Finished, Suspended,
 * Failed and Archived start collapsed: while the row is not there, collapsed group rows are opened,
 * as a person looking for a session would (`expand: false` only looks).
 */
export async function waitForTreeRow(page, pattern, { timeout = 20_000, expand = true } = {}) {
  const rows = await waitFor(async () => {
    const all = await treeRows(page);
    const i = all.findIndex((r) => matches(r.label, pattern) || matches(r.text, pattern) || matches(r.ariaLabel, pattern));
    if (i < 0 && expand) await expandCollapsedGroups(page);
    return i >= 0 ? { i } : null;
  }, { timeout, message: `a tree row matching ${pattern}` });
  return page.locator(SEL.treeRows).nth(rows.i);
}

/** Opens every collapsed group (level 1) row of the side-bar tree by its twistie. */
export async function expandCollapsedGroups(page) {
  const collapsed = page.locator(`${SEL.treeRows}[aria-level="1"][aria-expanded="false"]`);
  for (let n = await collapsed.count(); n > 0; n--) {
    await collapsed.first().locator('.monaco-tl-twistie').click({ timeout: 2000 }).catch(() => {});
  }
}

/** Opens (or closes) one group row by its label, by its twistie; waits for the state. */
export async function setGroupExpanded(page, label, expanded = true) {
  const row = page.locator(`${SEL.treeRows}[aria-level="1"]`).filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  if ((await row.getAttribute('aria-expanded')) !== String(expanded)) await row.locator('.monaco-tl-twistie').click();
  await waitFor(async () => (await row.getAttribute('aria-expanded')) === String(expanded), { timeout: 5000, message: `group ${label} ${expanded ? 'expanded' : 'collapsed'}` });
}

/** Text of the view's welcome content ('' when there is none). */
export async function welcomeText(page) {
  const loc = page.locator(SEL.welcome);
  if ((await loc.count()) === 0) return '';
  return (await loc.first().innerText()).replace(/\s+/g, ' ').trim();
}

/** Text of the tree view's message (TreeView.message) shown above the tree; '' when none. */
export async function viewMessage(page) {
  return page.evaluate(() => {
    const els = [...document.querySelectorAll('.part.sidebar .pane-body .message')];
    return els.map((e) => (e.offsetParent === null ? '' : e.textContent.replace(/\s+/g, ' ').trim())).filter(Boolean).join(' ');
  });
}

export async function waitForViewMessage(page, pattern, { timeout = 20_000 } = {}) {
  return waitFor(async () => {
    const t = await viewMessage(page);
    return t && matches(t, pattern) ? t : null;
  }, { timeout, message: `a view message matching ${pattern}` });
}

export async function waitForWelcome(page, pattern, { timeout = 20_000 } = {}) {
  return waitFor(async () => {
    const t = await welcomeText(page);
    return t && matches(t, pattern) ? t : null;
  }, { timeout, message: `welcome view text matching ${pattern}` });
}

export function welcomeButton(page, name) {
  return page.locator(`${SEL.welcome} .monaco-button`).filter({ hasText: name }).first();
}

/** Runs a command through the F1 palette by its title as shown there ("Devin: Sign In"). */
export async function runCommand(page, title, { timeout = 15_000 } = {}) {
  try {
    await runCommandOnce(page, title, { timeout });
  } catch (e) {
    // Under load the palette can close before its row is clicked (an editor or a notification
    // that appears at startup takes the focus): the click then waits for a row that is gone, and
    // the command has not run. Open the palette again, once; any other failure stands.
    if (!/locator\.click/.test(String(e?.message)) || (await quickInputVisible(page))) throw e;
    await runCommandOnce(page, title, { timeout });
  }
}

async function runCommandOnce(page, title, { timeout }) {
  await closeQuickInput(page);
  await page.keyboard.press('F1');
  const input = page.locator(SEL.quickInputBox).first();
  await input.waitFor({ state: 'visible', timeout });
  await input.fill(`>${title}`);
  const rows = page.locator(SEL.quickInputRows);
  await waitFor(async () => {
    const labels = await rows.evaluateAll((rs) => rs.map((r) => r.querySelector('.label-name')?.textContent?.trim() ?? r.innerText));
    return labels.some((l) => l === title) || labels.some((l) => l.includes(title));
  }, { timeout, message: `command "${title}" in the palette` });
  const labels = await rows.evaluateAll((rs) => rs.map((r) => r.querySelector('.label-name')?.textContent?.trim() ?? r.innerText));
  let idx = labels.findIndex((l) => l === title);
  if (idx < 0) idx = labels.findIndex((l) => l.includes(title));
  await rows.nth(idx).click({ timeout: Math.min(timeout, 10_000) });
  // Wait until the palette has closed or turned into the command's own input.
  await waitFor(async () => !(await quickInputVisible(page)) || !(await input.inputValue().catch(() => '')).startsWith('>'),
    { timeout: 5000, message: 'the command palette to close' }).catch(() => {});
}

export async function quickInputVisible(page) {
  return page.locator(SEL.quickInput).first().isVisible().catch(() => false);
}

/** Waits for the quick input (optionally until its prompt/title/placeholder matches). */
export async function waitForQuickInput(page, pattern, { timeout = 15_000, type } = {}) {
  return waitFor(async () => {
    if (!(await quickInputVisible(page))) return null;
    const info = await quickInputInfo(page);
    if (info.value.startsWith('>')) return null; // still the command palette
    if (type && info.type !== type) return null;
    if (!pattern) return info;
    const all = `${info.title}\n${info.placeholder}\n${info.message}\n${info.ariaLabel}`;
    return matches(all, pattern) ? info : null;
  }, { timeout, message: `a quick input${type ? ` of type ${type}` : ''}${pattern ? ` matching ${pattern}` : ''}` });
}

export async function quickInputInfo(page) {
  return page.evaluate(() => {
    const w = document.querySelector('.quick-input-widget');
    const input = w?.querySelector('input');
    return {
      title: w?.querySelector('.quick-input-title')?.textContent?.trim() ?? '',
      placeholder: input?.getAttribute('placeholder') ?? '',
      ariaLabel: input?.getAttribute('aria-label') ?? '',
      type: input?.getAttribute('type') ?? '',
      value: input?.value ?? '',
      message: w?.querySelector('.quick-input-message')?.textContent?.trim() ?? '',
      items: [...(w?.querySelectorAll('.quick-input-list .monaco-list-row') ?? [])].map((r) => r.innerText.replace(/\s+/g, ' ').trim()),
    };
  });
}

/** Types into the open quick input and (by default) presses Enter. */
export async function quickInputType(page, text, { enter = true, timeout = 15_000 } = {}) {
  const input = page.locator(SEL.quickInputBox).first();
  await input.waitFor({ state: 'visible', timeout });
  await input.fill(text);
  if (enter) await input.press('Enter');
}

/** Picks an item of the open quick pick by its text. */
export async function quickPick(page, pattern, { timeout = 15_000 } = {}) {
  const rows = page.locator(SEL.quickInputRows);
  const idx = await waitFor(async () => {
    const texts = await rows.evaluateAll((rs) => rs.map((r) => r.innerText.replace(/\s+/g, ' ').trim()));
    const i = texts.findIndex((t) => matches(t, pattern));
    return i >= 0 ? { i } : null;
  }, { timeout, message: `quick pick item matching ${pattern}` });
  await rows.nth(idx.i).click();
}

export async function closeQuickInput(page) {
  if (await quickInputVisible(page)) {
    await page.keyboard.press('Escape');
    await sleep(100);
  }
}

/**
 * Records the notification toasts shown from now on (a MutationObserver in the workbench, so
 * nothing between two polls is missed). The returned stop() gives each toast element once with
 * the texts it showed, `max` (most toasts visible at one time) and `maxProgress` (most visible
 * toasts at one time with a running progress bar).
 */
export async function recordToasts(page) {
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    const seen = new Map();
    w.__toasts = { seen, max: 0, maxProgress: 0 };
    const scan = () => {
      const toasts = [...document.querySelectorAll('.notifications-toasts .notification-toast')].filter((t) => t.offsetParent !== null);
      const running = toasts.filter((t) => t.querySelector('.monaco-progress-container.active'));
      w.__toasts.max = Math.max(w.__toasts.max, toasts.length);
      w.__toasts.maxProgress = Math.max(w.__toasts.maxProgress, running.length);
      for (const t of toasts) {
        const text = (t.innerText || '').replace(/\s+/g, ' ').trim();
        if (!text) continue;
        if (!seen.has(t)) seen.set(t, { texts: [], progress: false });
        const entry = seen.get(t);
        if (!entry.texts.includes(text)) entry.texts.push(text);
        if (running.includes(t)) entry.progress = true;
      }
    };
    w.__toastObserver = new MutationObserver(scan);
    w.__toastObserver.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['class'] });
    scan();
  });
  return async () => page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__toastObserver.disconnect();
    return { toasts: [...w.__toasts.seen.values()], max: w.__toasts.max, maxProgress: w.__toasts.maxProgress };
  });
}

/** Texts of the visible notification toasts. */
export async function notifications(page) {
  return page.locator(SEL.toast).evaluateAll((ts) => ts.map((t) => t.innerText.replace(/\s+/g, ' ').trim()));
}

export async function waitForNotification(page, pattern, { timeout = 15_000 } = {}) {
  return waitFor(async () => (await notifications(page)).find((t) => matches(t, pattern)),
    { timeout, message: `a notification matching ${pattern}` });
}

/** Clicks a button of the notification whose text matches. */
export async function clickNotificationButton(page, pattern, button) {
  const toast = page.locator(SEL.toast).filter({ hasText: pattern }).first();
  await toast.locator('.monaco-button').filter({ hasText: button }).first().click();
}

export async function statusBarText(page) {
  return (await page.locator(SEL.statusBar).innerText()).replace(/\s+/g, ' ');
}

/** Finds the (nested) webview frame whose body text matches; returns the Frame. */
export async function webviewFrame(page, pattern, { timeout = 20_000 } = {}) {
  return waitFor(async () => {
    for (const f of page.frames()) {
      if (f === page.mainFrame()) continue;
      const text = await f.evaluate(() => document.body?.innerText ?? '').catch(() => '');
      if (text && matches(text, pattern)) return f;
    }
    return null;
  }, { timeout, message: `a webview containing ${pattern}` });
}

export async function editorTab(page, pattern, { timeout = 15_000 } = {}) {
  const loc = page.locator(SEL.tabs).filter({ hasText: pattern }).first();
  await loc.waitFor({ state: 'visible', timeout });
  return loc;
}

/** Hovers the side bar and clicks a view title action by its title ("Refresh"). */
export async function clickViewAction(page, title) {
  await page.locator(SEL.sidebar).hover();
  await page.locator(`${SEL.sidebar} .actions-container [aria-label^="${title}"]`).first().click();
}

/** Right-clicks a locator and picks a context-menu entry. */
export async function contextMenu(page, locator, entry) {
  await locator.click({ button: 'right' });
  const item = page.locator('.context-view .monaco-menu .action-item').filter({ hasText: entry }).first();
  await item.waitFor({ state: 'visible', timeout: 10_000 });
  await item.click();
}

/** Signs in through the UI: "Devin: Sign In", type the key into the password box, Enter. */
export async function signInWithKey(page, key, { orgId } = {}) {
  await runCommand(page, 'Devin: Sign In');
  await waitForQuickInput(page, undefined, { type: 'password' });
  await quickInputType(page, key);
  if (orgId !== undefined) {
    // The org prompt shows only when settings/`/self` gave no org id.
    // The org prompt's own words (the key prompt also speaks of organizations).
    const prompt = await waitForQuickInput(page, /organization id|org-…/i, { timeout: 3000 }).catch(() => null);
    if (prompt) await quickInputType(page, orgId);
  }
}

export function wb(page) {
  const bind = (fn) => (...a) => fn(page, ...a);
  return {
    openDevinView: bind(openDevinView),
    treeRows: bind(treeRows),
    waitForTreeRow: bind(waitForTreeRow),
    expandCollapsedGroups: bind(expandCollapsedGroups),
    setGroupExpanded: bind(setGroupExpanded),
    welcomeText: bind(welcomeText),
    waitForWelcome: bind(waitForWelcome),
    viewMessage: bind(viewMessage),
    waitForViewMessage: bind(waitForViewMessage),
    welcomeButton: bind(welcomeButton),
    runCommand: bind(runCommand),
    waitForQuickInput: bind(waitForQuickInput),
    quickInputInfo: bind(quickInputInfo),
    quickInputType: bind(quickInputType),
    quickPick: bind(quickPick),
    closeQuickInput: bind(closeQuickInput),
    notifications: bind(notifications),
    waitForNotification: bind(waitForNotification),
    clickNotificationButton: bind(clickNotificationButton),
    statusBarText: bind(statusBarText),
    webviewFrame: bind(webviewFrame),
    editorTab: bind(editorTab),
    clickViewAction: bind(clickViewAction),
    contextMenu: bind(contextMenu),
    signInWithKey: bind(signInWithKey),
    recordToasts: bind(recordToasts),
  };
}
