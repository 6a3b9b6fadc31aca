// A hostile extension next to ours (test/e2e/fixtures/attacker-extension, installed as a VSIX next to
// our VSIX: both in Production mode). The user signs in through the input box; then the attacker
// reads our exports, runs every contributed command with crafted arguments, again with a forged
// Sessions-tree node (runCommands with { $treeViewId, $treeItemHandle }: VS Code hands our command
// our real node object), Send Message and Archive with a forged node of every session, writes a
// prompt into the New Session draft document and runs devin.sendDraft, and points
// devin.apiBaseUrl at a server of its own. Every modal or input our commands raise is dismissed
// (Escape), as a user who did not ask for it would. The attacker must get neither the key nor a way
// to make a request with it: no key anywhere in what it got, no mutating request at the fake server
// while it ran, no request with a key at its own server, and the user stays signed in with their
// own key and organization.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { GROUP_LABELS } from './01-signin.mjs';
import { sleep, waitFor } from '../lib/proc.mjs';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export default [
  {
    name: 'a hostile extension gets neither the API key nor a request made with it',
    extensions: ['attacker-extension'],
    env: (_fake, { dir }) => ({
      DEVIN_ATTACK_OUT: path.join(dir, 'attack-report.json'),
      DEVIN_ATTACK_IDS: path.join(dir, 'attack-ids.json'),
      DEVIN_ATTACK_TARGETS: path.join(dir, 'attack-targets.json'),
    }),
    timeout: 420_000,
    async fn({ page, wb, fake, cs, dir, assert, log }) {
      const out = path.join(dir, 'attack-report.json');
      // Sessions that can take a message first: their rows are in the tree (expanded groups), so a
      // forged node of the first one resolves to our real node.
      const active = (s) => !s.is_archived && ['running', 'suspended', 'new', 'claimed', 'resuming'].includes(s.status);
      const ids = [...fake.sessions()].sort((a, b) => Number(active(b)) - Number(active(a))).map((s) => s.session_id);
      fs.writeFileSync(path.join(dir, 'attack-ids.json'), JSON.stringify(ids));
      // For the review routes: two sessions that can take a message, each with a PR of its own, and a
      // git repository (not a review of ours) holding a file the attacker wants to read through a
      // devin-pr: document.
      const withPr = [1, 2].map((i) => fake.addSession({ title: `E2E attacked session ${i}`, status: 'running', status_detail: 'waiting_for_user', pull_requests: [{ pr_url: `https://github.com/acme/web/pull/${900 + i}`, pr_state: 'open' }] }));
      const repo = path.join(dir, 'private-repo');
      const marker = `PRIVATE-FILE-${process.pid}-${Date.now()}`;
      fs.mkdirSync(repo, { recursive: true });
      const g = (...args) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'u', GIT_AUTHOR_EMAIL: 'u@example.invalid', GIT_COMMITTER_NAME: 'u', GIT_COMMITTER_EMAIL: 'u@example.invalid' } }).trim();
      g('init', '-q');
      fs.writeFileSync(path.join(repo, 'notes.txt'), `${marker}\n`);
      g('add', 'notes.txt');
      g('commit', '-q', '-m', 'private');
      fs.writeFileSync(path.join(dir, 'attack-targets.json'), JSON.stringify({
        sessions: withPr.map((s) => ({ id: s.session_id, prUrl: s.pull_requests[0].pr_url })),
        repo: { root: repo, commit: g('rev-parse', 'HEAD'), path: 'notes.txt' },
      }));

      // The user signs in interactively (Production mode: no argument or variable does it).
      await wb.openDevinView();
      await wb.signInWithKey(fake.key, { orgId: fake.orgId });
      await wb.waitForTreeRow(GROUP_LABELS, { timeout: 30_000 });
      await sleep(1000);
      const before = fake.requests().length;

      await wb.runCommand('Attacker: Run');
      // Dismiss whatever our commands raise (modal dialogs, inputs, pickers), as a user who did not
      // ask for them would, until the attacker has written its report.
      const started = Date.now();
      let escapes = 0;
      while (!fs.existsSync(out)) {
        if (Date.now() - started > 360_000) throw new Error('the attacker did not finish in 6 minutes');
        await page.keyboard.press('Escape').catch(() => {});
        escapes++;
        await sleep(150);
      }
      const raw = fs.readFileSync(out, 'utf8');
      const report = JSON.parse(raw);
      const during = fake.requests().slice(before);
      log(`attacker ran ${report.calls?.length ?? 0} command calls and ${report.redirectedCalls?.length ?? 0} with a redirected base URL `
        + `in ${((report.ended - report.started) / 1000).toFixed(0)} s (${escapes} Escapes); exports: ${report.exportsType}; `
        + `fake saw ${during.length} requests, its own server ${report.evilRequests?.length ?? 0}`);
      assert.equal(report.failure, undefined, `the attacker ran to the end: ${report.failure}`);
      assert.ok(report.commands.length >= 20 && report.calls.length >= report.commands.length * 10, 'every command ran with every crafted argument');
      assert.ok(report.forgedCalls.length >= report.commands.length + 2 * ids.length, 'every command ran with a forged tree node');
      assert.equal(report.draftCall?.applied, true, 'the attacker wrote into the draft document before running devin.sendDraft');
      log(`forged-node calls: ${report.forgedCalls.length}; sendDraft: ${JSON.stringify(report.draftCall)}`);

      // Every finding at once (a failure on the code before the fix listed all of them).
      const problems = [];
      // 1. The key is nowhere in what the attacker got (exports, command results, its own server).
      if (raw.includes(fake.key)) problems.push('the API key is in what the attacker got');
      if (report.exportsType !== 'undefined') problems.push(`activate() returned ${report.exportsType} exports in Production`);
      // 2. No mutating request reached the fake while the attacker ran.
      for (const r of during.filter((x) => MUTATING.has(x.method))) problems.push(`mutating request caused by the attacker: ${r.method} ${r.path}`);
      // 3. Nothing with a key went to the attacker's server (neither the user's nor one it passed in).
      for (const r of (report.evilRequests ?? []).filter((x) => x.authorization)) {
        problems.push(`request with ${r.authorization === `Bearer ${fake.key}` ? 'the user key' : 'a key'} at the attacker server: ${r.method} ${r.url}`);
      }
      // 4. Ask Devin sent nothing (checked in 2: no POST …/messages) and reached each session; the
      //    devin-pr: document did not serve the attacker's pick of folder and commit.
      // The thread the attacker made holds the comment Ask Devin added: the crafted reply got that far.
      if (!report.askDevin?.length || report.askDevin.some((x) => x.comments !== 1)) problems.push(`the Ask Devin route was not exercised: ${JSON.stringify(report.askDevin)}`);
      log(`Ask Devin route: ${JSON.stringify(report.askDevin)}; devin-pr: document: ${JSON.stringify(report.prDocument)}`);
      if (raw.includes(marker)) problems.push(`a devin-pr: document served a file of a repository no review fetched: ${JSON.stringify(report.prDocument)}`);
      else if (!/not from a review open in this window/.test(report.prDocument?.text ?? '')) problems.push(`the devin-pr: document did not say why it is empty: ${JSON.stringify(report.prDocument)}`);
      // 5. Settings are the user's.
      const settings = JSON.parse(fs.readFileSync(path.join(cs.userDataDir, 'User/settings.json'), 'utf8'));
      if (settings['devin.apiBaseUrl'] !== fake.url) problems.push(`devin.apiBaseUrl is ${settings['devin.apiBaseUrl']}`);
      if (settings['devin.orgId'] !== fake.orgId) problems.push(`devin.orgId is ${settings['devin.orgId']}`);
      assert.deepEqual(problems, [], 'what the attacker achieved');

      // 6. The user is still signed in with their own key.
      for (let i = 0; i < 5; i++) await wb.closeQuickInput();
      const n = fake.authedRequests(/\/organizations\/[^/]+\/sessions$/).length;
      await wb.runCommand('Devin: Refresh');
      await waitFor(() => fake.authedRequests(/\/organizations\/[^/]+\/sessions$/).length > n,
        { timeout: 20_000, message: 'a session list with the user key after the attack' });
      assert.ok(fake.requests().slice(before).every((r) => !r.headers.authorization || r.headers.authorizationValue === `Bearer ${fake.key}`),
        'every request to the fake carries the user key');
    },
  },
];
