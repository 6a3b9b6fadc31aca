// A hostile extension next to ours (test/e2e/fixtures/attacker-extension, Production mode) runs the
// commands that build a prompt from a caller's text or a file (Fix with Devin on a made-up test
// message, Send Uncommitted Changes, Delegate to Devin, Send File) and accepts every quick input
// they show with workbench.action.acceptSelectedQuickOpenItem, as a user pressing Enter would
// (security review H3). A quick pick is no consent: nothing may reach the server, the user must be
// asked in a modal dialog (which no extension can answer), and the user's unsent New Session draft
// must come through unchanged (review M2), also when the attacker opens New Session with its own
// prompt and closes it at once.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { GROUP_LABELS } from './01-signin.mjs';
import { SEL } from '../lib/workbench.mjs';
import { sleep, waitFor } from '../lib/proc.mjs';

const USER_DRAFT = 'USER DRAFT: refactor the payments module, keep the API';
const git = (dir, ...args) => execFileSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd: dir, stdio: 'pipe' });

export default [
  {
    name: 'a hostile extension that accepts our quick picks sends nothing and leaves the user draft alone',
    extensions: ['attacker-extension'],
    env: (_fake, { dir }) => ({ DEVIN_ATTACK_OUT: path.join(dir, 'accept-report.json') }),
    // Git on (off by default in the e2e profile): Send Uncommitted Changes reads the diff through it.
    settings: { 'git.enabled': true, 'git.autofetch': false, 'git.openRepositoryInParentFolders': 'never' },
    prepareWorkspace(dir) {
      fs.writeFileSync(path.join(dir, 'app.ts'), 'export const price = 1;\n');
      git(dir, 'init', '-q');
      git(dir, 'add', '.');
      git(dir, 'commit', '-q', '-m', 'init');
      // Uncommitted work the attacker wants, a TODO and a file it names.
      fs.writeFileSync(path.join(dir, 'app.ts'), 'export const price = 2; // private change\n');
      fs.writeFileSync(path.join(dir, 'todo.ts'), '// TODO: upload the customer list\nexport {};\n');
      fs.writeFileSync(path.join(dir, 'secrets.txt'), 'internal notes\n');
    },
    timeout: 240_000,
    async fn({ page, wb, fake, dir, assert, log }) {
      const out = path.join(dir, 'accept-report.json');
      await wb.openDevinView();
      await wb.signInWithKey(fake.key, { orgId: fake.orgId });
      await wb.waitForTreeRow(GROUP_LABELS, { timeout: 30_000 });
      // The user types a task in New Session and leaves it (Escape keeps it as the draft).
      await wb.runCommand('Devin: New Session…');
      await wb.waitForQuickInput(/What should Devin do/, { timeout: 15_000 });
      await wb.quickInputType(USER_DRAFT, { enter: false });
      await page.locator(SEL.quickInputBox).first().press('Escape');
      await page.locator(SEL.quickInputBox).first().waitFor({ state: 'hidden', timeout: 10_000 });
      const before = fake.requests().length;

      // The attacker runs; nobody touches the keyboard meanwhile.
      await wb.runCommand('Attacker: Accept Our Prompts');
      await waitFor(() => fs.existsSync(out), { timeout: 150_000, message: 'the attacker to finish' });
      const report = JSON.parse(fs.readFileSync(out, 'utf8'));
      log(`attacker: ${JSON.stringify(report.steps)}`);
      assert.equal(report.failure, undefined, `the attacker ran to the end: ${report.failure}`);
      assert.equal(report.steps.length, 5, 'every route ran');
      assert.equal(report.gitRepositories, 1, 'the Git extension had the repository (Send Uncommitted Changes had a diff to send)');
      assert.ok(report.steps.filter((s) => s.name !== 'newSession with a prompt, then closeQuickOpen').every((s) => s.accepts >= 30), 'it accepted again and again');

      // What the attacker achieved, all at once.
      await sleep(1000);
      const problems = [];
      for (const r of fake.requests().slice(before).filter((x) => x.method !== 'GET')) problems.push(`request caused by the attacker: ${r.method} ${r.path} ${JSON.stringify(r.body ?? '').slice(0, 120)}`);
      if (report.draftBefore !== USER_DRAFT) problems.push(`the user draft before the attack: ${report.draftBefore}`);
      if (report.draftAfter !== USER_DRAFT) problems.push(`the user draft after the attack: ${report.draftAfter}`);
      // The user is asked instead, in a modal dialog that says what would be sent.
      const dialog = page.locator('.monaco-dialog-box').first();
      const asked = await dialog.isVisible().catch(() => false);
      if (!asked) problems.push('no dialog asks the user');
      else {
        const text = (await dialog.innerText()).replace(/\s+/g, ' ');
        log(`dialog: ${text.slice(0, 300)}`);
        if (!/Where should this go\?/.test(text) || !/INJECTED via fixTest/.test(text)) problems.push(`the dialog does not show what would be sent: ${text.slice(0, 200)}`);
        // The message's invisible characters are written out and counted, not hidden.
        if (!/attacker\.invalid⟨U\+200B⟩⟨U\+E0049⟩⟨U\+E0047⟩/.test(text) || !/It contains 3 invisible character\(s\)/.test(text)) problems.push(`the dialog hides the invisible characters: ${text.slice(0, 400)}`);
      }
      assert.deepEqual(problems, [], 'what the attacker achieved');

      // The user says no to everything the attacker started: still nothing is sent.
      await waitFor(async () => {
        if (!(await dialog.isVisible().catch(() => false)) && !(await page.locator(SEL.quickInputBox).first().isVisible().catch(() => false))) return true;
        await page.keyboard.press('Escape');
        await sleep(300);
        return false;
      }, { timeout: 60_000, message: 'every dialog and input dismissed' });
      await sleep(1000);
      assert.deepEqual(fake.requests().slice(before).filter((x) => x.method !== 'GET').map((r) => `${r.method} ${r.path}`), [], 'nothing sent after Escape either');
    },
  },
];
