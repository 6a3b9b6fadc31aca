// Activation, the signed-out welcome view, and signing in through the input box.
// Runs the installed VSIX (Production mode), where only the interactive flow signs in.
// A scenario is { name, fn(ctx), settings?, fake?, env?, files?, timeout?, todo?, allowExtensionErrors?,
// signIn?, extensions? }:
//   settings  merged into User/settings.json (the runner already sets devin.apiBaseUrl/orgId to the fake)
//   fake      options for createFakeDevin (default { sessions: 40 })
//   env(fake, { dir }) extra environment for code-server / the extension host
//   signIn    true: the runner signs in through Devin: Sign In (the input box) before fn, as a user
//             would; the installed extension takes no key from arguments or the environment
//   extensions  fixtures (test/e2e/fixtures/<name>) packaged and installed next to the VSIX
//   files     { 'relative/path': 'content' } written into the opened workspace folder
//   todo      'reason': the feature is not there yet; a failure is reported but does not fail the run
// ctx: { page, wb, fake, cs, dir, assert, log, screenshot(name), waitForActivation(), exthostLog() }
export const GROUP_LABELS = /^(Needs your input|Working|Suspended|Finished|Failed|Other|Archived)$/;

export default [
  {
    name: 'activates without errors and shows the signed-out welcome view',
    async fn({ wb, assert, waitForActivation, screenshot }) {
      await wb.openDevinView();
      await waitForActivation();
      const text = await wb.waitForWelcome(/Sign in with a Devin API key/);
      assert.match(text, /Sign in with a Devin API key/);
      const button = wb.welcomeButton('Sign In');
      await button.waitFor({ state: 'visible', timeout: 5000 });
      assert.equal((await wb.treeRows()).length, 0, 'no tree rows while signed out');
      await screenshot('welcome');
    },
  },
  {
    name: 'signs in through the input box with one progress notification and lists session groups',
    async fn({ wb, fake, assert, screenshot, page, log }) {
      await wb.openDevinView();
      await wb.waitForWelcome(/Sign in with a Devin API key/);
      // A slow server (1.5 s for /self and for the org check) so each step's progress is on screen.
      fake.fault({ delayMs: 1500, paths: '/v3/self$|/organizations/[^/]+/sessions$', methods: ['GET'], times: 2 });
      await wb.runCommand('Devin: Sign In');
      // The API key box hides what is typed.
      await wb.waitForQuickInput(undefined, { type: 'password' });
      const stop = await wb.recordToasts();
      await wb.quickInputType(fake.key);
      // The org id comes from settings: no org prompt.
      await wb.waitForNotification(/Signed in to Devin/, { timeout: 30_000 });
      const seen = await stop();
      log('toasts during sign-in (each toast: the texts it showed):', JSON.stringify(seen));
      assert.equal(seen.maxProgress, 1, `at most one progress notification on screen at any time, and one was (saw ${seen.maxProgress})`);
      const progress = seen.toasts.filter((t) => t.progress);
      assert.equal(progress.length, 1, `one progress notification for the whole check: ${JSON.stringify(progress)}`);
      assert.ok(progress[0].texts.some((t) => /Checking the Devin API key/.test(t)), 'it starts as the key check');
      assert.ok(progress[0].texts.some((t) => new RegExp(`Checking access to ${fake.orgId}`).test(t)), 'its message then names the organization step');
      assert.ok(seen.max <= 2, `never more than two toasts at once (saw ${seen.max})`);
      assert.deepEqual(fake.requests().map((r) => r.path).slice(0, 2), ['/v3/self', `/v3/organizations/${fake.orgId}/sessions`], 'the key check, then the org check');
      await wb.waitForTreeRow(GROUP_LABELS, { timeout: 30_000 });
      const rows = await wb.treeRows();
      const groups = rows.filter((r) => GROUP_LABELS.test(r.label));
      assert.ok(groups.length >= 2, `expected several group rows, got: ${rows.map((r) => r.text).join(' | ')}`);
      assert.equal(await wb.welcomeText(), '', 'the welcome view is gone after signing in');
      assert.ok(fake.authedRequests(/\/organizations\/[^/]+\/sessions$/).length > 0,
        'the fake server saw an authenticated session list request');
      await screenshot('signed-in');
      void page;
    },
  },
];
