// Status and notifications without opening the view (issue 18): signed in, the extension starts
// after startup and polls at the relaxed interval while the window is focused, so the status bar
// counts and "needs your input" notifications work for a user who never opens the Devin view;
// devin.backgroundRefresh turns that off (then no request until the view shows).
import { waitFor, sleep } from '../lib/proc.mjs';
import { isDevinViewShown } from '../lib/workbench.mjs';

const listRequests = (fake) => fake.requests().filter((r) => r.method === 'GET' && /\/sessions$/.test(r.path));

export default [
  {
    name: 'signed in, view never opened: the status bar counts and a "needs your input" notification arrive',
    signIn: true,
    fake: { sessions: 0 },
    settings: { 'devin.refreshInterval': 5 },
    timeout: 120_000,
    async fn({ page, wb, fake, assert, log, screenshot }) {
      const s = fake.addSession({ title: 'Background: pick the currency', status: 'running', status_detail: 'working' });
      fake.addSession({ title: 'Background: waiting already', status: 'running', status_detail: 'waiting_for_user' });
      // The runner reloaded the window with the Explorer shown: the Devin view was never opened here.
      await waitFor(async () => /\b1\b.*\b1\b/.test(await wb.statusBarText()) && listRequests(fake).length > 0,
        { timeout: 45_000, message: 'the status bar to count 1 waiting and 1 working (a background load)' });
      log('status bar:', (await wb.statusBarText()).trim());
      assert.equal(await isDevinViewShown(page), false, 'the Devin view is still not shown');
      fake.patchSession(s.session_id, { status_detail: 'waiting_for_user' });
      const toast = await wb.waitForNotification(/Devin needs your input: Background: pick the currency/, { timeout: 40_000 });
      log('toast:', toast);
      assert.equal(await isDevinViewShown(page), false, 'still not shown');
      await screenshot('background-notification');
    },
  },
  {
    name: 'devin.backgroundRefresh off: no request until the view shows',
    signIn: true,
    fake: { sessions: 3 },
    settings: { 'devin.refreshInterval': 5, 'devin.backgroundRefresh': false },
    timeout: 120_000,
    async fn({ wb, fake, assert }) {
      // Three relaxed intervals (2 × 5 s each) with the view hidden: nothing may reach the server.
      await sleep(30_000);
      assert.deepEqual(listRequests(fake).map((r) => r.path), [], 'no session request with the view hidden');
      await wb.openDevinView();
      await waitFor(() => listRequests(fake).length > 0, { timeout: 30_000, message: 'the first request once the view shows' });
    },
  },
];
