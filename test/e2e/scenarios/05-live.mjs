// Live behaviour of the Sessions view: group counts and the activity-bar badge, updates by polling
// (no manual refresh), the offline warning that keeps the last good rows and goes away by itself,
// and coalesced notifications. All start signed in (`signIn: true`, see 02-sessions.mjs).
import { GROUP_LABELS } from './01-signin.mjs';
import { waitFor, sleep } from '../lib/proc.mjs';


/** Known data: 3 need input, 2 working, 1 suspended, 2 finished, 1 failed, 1 unknown status, 1 archived. */
const KNOWN = [
  { title: 'Live needs A', status: 'running', status_detail: 'waiting_for_user' },
  { title: 'Live needs B', status: 'running', status_detail: 'waiting_for_user' },
  { title: 'Live needs C', status: 'running', status_detail: 'waiting_for_approval' },
  { title: 'Live working A', status: 'running', status_detail: 'working' },
  { title: 'Live working B', status: 'claimed' },
  { title: 'Live suspended', status: 'suspended', status_detail: 'inactivity' },
  { title: 'Live finished A', status: 'exit' },
  { title: 'Live finished B', status: 'running', status_detail: 'finished' },
  { title: 'Live failed', status: 'error' },
  { title: 'Live unknown', status: 'hibernating' },
  // Archived sessions are hidden (devin.showArchived is off) and never counted.
  { title: 'Live archived needs', status: 'running', status_detail: 'waiting_for_user', is_archived: true },
];
const EXPECTED = { 'Needs your input': '3', Working: '2', Suspended: '1', Finished: '2', Failed: '1', Other: '1' };

/** Text of the badge on the Devin activity-bar entry ('' when there is none). */
async function devinBadge(page) {
  return page.evaluate(() => {
    for (const item of document.querySelectorAll('.activitybar .action-item')) {
      const label = item.querySelector('[aria-label]');
      if (!label || !/^Devin/.test(label.getAttribute('aria-label') ?? '')) continue;
      const b = item.querySelector('.badge .badge-content') ?? item.querySelector('.badge-content');
      if (!b) return '';
      const badge = b.closest('.badge') ?? b;
      return getComputedStyle(badge).display === 'none' ? '' : b.textContent.trim();
    }
    return null;
  });
}

export default [
  {
    name: 'group rows show the counts of the fake data and the activity-bar badge shows 3',
    signIn: true,
    fake: { sessions: 0 },
    async fn({ wb, fake, assert, page }) {
      for (const s of KNOWN) fake.addSession(s);
      await wb.openDevinView();
      await wb.waitForTreeRow('Live needs A', { timeout: 30_000 });
      const rows = await wb.treeRows();
      const groups = Object.fromEntries(rows.filter((r) => GROUP_LABELS.test(r.label)).map((r) => [r.label, r.description]));
      assert.deepEqual(groups, EXPECTED, `group rows: ${JSON.stringify(groups)}`);
      assert.ok(!rows.some((r) => r.label === 'Live archived needs'), 'the archived session is hidden');
      assert.ok(rows.some((r) => r.label === 'Live unknown'), 'the unknown status is listed (under Other)');
      const badge = await waitFor(async () => ((await devinBadge(page)) === '3' ? '3' : null),
        { timeout: 10_000, message: `the Devin activity-bar badge to show 3 (now "${await devinBadge(page)}")` });
      assert.equal(badge, '3');
      // The badge follows the data: one more session needing input → 4 after a refresh.
      fake.patchSession(fake.sessions().find((s) => s.title === 'Live working A').session_id, { status_detail: 'waiting_for_user' });
      await wb.runCommand('Devin: Refresh');
      await waitFor(async () => (await devinBadge(page)) === '4', { timeout: 15_000, message: 'the badge to show 4 after a refresh' });
    },
  },
  {
    name: 'a session that starts waiting moves to Needs your input by polling and notifies',
    signIn: true,
    settings: { 'devin.refreshInterval': 5 },
    fake: { sessions: 0 },
    timeout: 120_000,
    async fn({ wb, fake, assert, log }) {
      for (const s of KNOWN) fake.addSession(s);
      await wb.openDevinView();
      await wb.waitForTreeRow('Live working A', { timeout: 30_000 });
      const target = fake.sessions().find((s) => s.title === 'Live working A');
      const t0 = Date.now();
      fake.patchSession(target.session_id, { status_detail: 'waiting_for_user' });
      // No Devin: Refresh here: the poll (5 s, halved while something works) must pick it up.
      await waitFor(async () => {
        const rows = await wb.treeRows();
        const needsIdx = rows.findIndex((r) => r.label === 'Needs your input');
        const nextGroup = rows.findIndex((r, i) => i > needsIdx && GROUP_LABELS.test(r.label));
        const inNeeds = rows.slice(needsIdx + 1, nextGroup < 0 ? undefined : nextGroup).some((r) => r.label === 'Live working A');
        return needsIdx >= 0 && inNeeds && rows[needsIdx].description === '4';
      }, { timeout: 25_000, message: '"Live working A" under "Needs your input" (count 4) without a manual refresh' });
      log(`row moved after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      const toast = await wb.waitForNotification('Devin needs your input: Live working A', { timeout: 10_000 });
      assert.match(toast, /Devin needs your input: Live working A/);
    },
  },
  {
    name: 'offline: the view warns, keeps the last good rows, and recovers by itself',
    signIn: true,
    settings: { 'devin.refreshInterval': 5 },
    fake: { sessions: 0 },
    timeout: 150_000,
    async fn({ wb, fake, assert, log }) {
      for (const s of KNOWN) fake.addSession(s);
      await wb.openDevinView();
      await wb.waitForTreeRow('Live needs A', { timeout: 30_000 });
      const before = (await wb.treeRows()).map((r) => r.label);
      fake.offline(true);
      const t0 = Date.now();
      const msg = await wb.waitForViewMessage(/Cannot reach the Devin API/, { timeout: 40_000 });
      log(`warning after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${msg}`);
      assert.match(msg, /^⚠ Cannot reach the Devin API.*Showing sessions from the last good refresh at \d{1,2}:\d\d/);
      const during = (await wb.treeRows()).map((r) => r.label);
      assert.deepEqual(during, before, 'the rows stay while offline');
      assert.equal(await wb.welcomeText(), '', 'no error welcome while data is shown');
      // One message, not one per poll: the view message is a single line and no error toast shows.
      const toasts = await wb.notifications();
      assert.ok(!toasts.some((t) => /Cannot reach/i.test(t)), `no toast per failed poll: ${toasts.join(' | ')}`);
      fake.offline(false);
      const t1 = Date.now();
      // No refresh, no focus change: the next poll of the backoff (10-20 s at a 5 s interval) clears it.
      await waitFor(async () => !(await wb.viewMessage()).includes('Cannot reach'),
        { timeout: 60_000, message: 'the offline warning to go away by itself' });
      log(`recovered ${((Date.now() - t1) / 1000).toFixed(1)} s after the fake came back`);
      assert.deepEqual((await wb.treeRows()).map((r) => r.label), before, 'same rows after recovery');
    },
  },
  {
    name: 'three sessions changing at once give one summary notification',
    signIn: true,
    settings: { 'devin.refreshInterval': 5 },
    fake: { sessions: 0 },
    timeout: 120_000,
    async fn({ wb, fake, assert }) {
      for (const s of KNOWN) fake.addSession(s);
      for (let i = 0; i < 3; i++) fake.addSession({ title: `Live batch ${i}`, status: 'running', status_detail: 'working' });
      await wb.openDevinView();
      await wb.waitForTreeRow('Live batch 2', { timeout: 30_000 });
      // All three change between two polls.
      const batch = fake.sessions().filter((s) => /^Live batch/.test(s.title));
      for (const s of batch) fake.patchSession(s.session_id, { status_detail: 'waiting_for_user' });
      const toast = await wb.waitForNotification(/Devin sessions changed/, { timeout: 30_000 });
      assert.match(toast, /Devin sessions changed: 3 need your input/);
      await sleep(2000); // a second toast would show by now
      const all = await wb.notifications();
      assert.equal(all.filter((t) => /Devin/.test(t)).length, 1, `exactly one Devin toast: ${all.join(' | ')}`);
      assert.ok(!all.some((t) => /Devin needs your input:/.test(t)), 'no per-session toast');
    },
  },
];
