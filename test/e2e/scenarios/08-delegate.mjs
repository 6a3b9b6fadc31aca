// Handing work to Devin from where the problem shows up: the Fix with Devin quick fix on a
// TypeScript type error, Delegate to Devin on a TODO comment (into an existing session), Send Last
// Terminal Command after a failing command in bash with shell integration, and a file over the
// attachment threshold sent as an upload followed by attachment_urls.
import fs from 'node:fs';
import path from 'node:path';
import { waitFor, sleep } from '../lib/proc.mjs';
import { openSignedIn, createRequests } from './03-create.mjs';
import { SEL } from '../lib/workbench.mjs';

// Assembled here so the repository holds no secret-shaped string; the workspace file does.
const FAKE_GH_TOKEN = `ghp_${'e2eT0k3n'.repeat(5)}`;

const APP_TS = `export interface Order {
  id: string;
  total: number;
}

export function label(order: Order): string {
  const githubToken = "${FAKE_GH_TOKEN}";
  const count: string = order.total;
  return \`\${order.id}: \${count} \${githubToken.length}\`;
}

export function compute(orders: Order[]): number {
  // TODO: cache the sum per order id
  return orders.reduce((s, o) => s + o.total, 0);
}
`;

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, target: 'es2022', module: 'commonjs', noEmit: true }, include: ['src'] }, null, 2);

const messageRequests = (fake) => fake.requests().filter((r) => r.method === 'POST' && /\/sessions\/[^/]+\/messages$/.test(r.path));
const uploadRequests = (fake) => fake.requests().filter((r) => r.method === 'POST' && /\/attachments$/.test(r.path));

async function openFile(page, wb, name) {
  await page.keyboard.press('Control+P');
  await wb.waitForQuickInput(undefined, { timeout: 15_000 });
  await wb.quickInputType(name, { enter: false });
  await wb.quickPick(name, { timeout: 15_000 });
  await wb.editorTab(name);
  const editor = page.locator('.part.editor .monaco-editor').first();
  await editor.locator('.view-lines').waitFor({ state: 'visible', timeout: 15_000 });
  return editor;
}

async function goToLine(page, wb, editor, line, column = 1) {
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+G');
  await wb.waitForQuickInput(/line/i, { timeout: 10_000 });
  await wb.quickInputType(`:${line}:${column}`);
  await sleep(300);
}

/** Opens the Quick Fix menu (what the lightbulb opens) and clicks the entry. */
async function quickFix(page, entry) {
  const item = page.locator('.action-widget .monaco-list-row').filter({ hasText: entry }).first();
  await waitFor(async () => {
    if (await item.isVisible().catch(() => false)) return true;
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+.');
    await sleep(800);
    return item.isVisible().catch(() => false);
  }, { timeout: 30_000, message: `"${entry}" in the Quick Fix menu` });
  await item.click();
}

export default [
  {
    name: 'Fix with Devin on a TypeScript type error and Delegate to Devin on a TODO',
    signIn: true,
    timeout: 240_000,
    prepareWorkspace(dir) {
      fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'src/app.ts'), APP_TS);
      fs.writeFileSync(path.join(dir, 'tsconfig.json'), TSCONFIG);
    },
    async fn({ page, wb, fake, assert, log }) {
      await openSignedIn(wb);
      const editor = await openFile(page, wb, 'app.ts');
      // The TypeScript server reports the error (a red squiggle).
      await page.locator('.part.editor .squiggly-error').first().waitFor({ state: 'attached', timeout: 90_000 });
      await goToLine(page, wb, editor, 8, 9);
      const before = createRequests(fake).length;
      await quickFix(page, /^Fix with Devin/);
      await wb.waitForQuickInput(/Where should this go/, { timeout: 15_000 });
      const info = await wb.quickInputInfo();
      log('targets:', info.items.join(' | '));
      assert.ok(info.items.some((i) => /Add to an Existing Session/.test(i)), 'Add to an Existing Session is offered beside a new one');
      assert.ok(info.items.some((i) => /secret\(s\) hidden: github-token/.test(i)), 'the pick says a secret was hidden');
      await wb.quickPick(/Start a New Devin Session/);
      const req = await waitFor(() => createRequests(fake)[before], { timeout: 20_000, message: 'POST …/sessions for Fix with Devin' });
      const p = String(req.body.prompt);
      log('prompt:\n' + p);
      assert.ok(p.startsWith('Fix this problem that the editor reports in this file.'));
      assert.match(p, /- Error at line 8, column 9 \[ts 2322\]: Type 'number' is not assignable to type 'string'\./, 'the diagnostic with source and code');
      assert.ok(p.includes('File: `src/app.ts`'), 'the relative path');
      assert.ok(p.includes('```typescript\n'), 'a typescript fence');
      assert.ok(p.includes('  const count: string = order.total;'), 'the code of the range');
      assert.ok(p.includes('export function compute'), 'surrounding code');
      assert.ok(!p.includes(FAKE_GH_TOKEN), 'the token in the code is not sent');
      assert.ok(p.includes('const githubToken = "[REDACTED:github-token]";'), 'it is replaced by a marker');
      assert.match(String(req.body.title), /^Fix: Type 'number' is not assignable/);
      await wb.waitForNotification(/Devin session started/, { timeout: 15_000 });

      // TODO → Delegate to Devin → into an existing session.
      await goToLine(page, wb, editor, 13, 8);
      const beforeMsg = messageRequests(fake).length;
      await quickFix(page, /^Delegate to Devin/);
      await wb.waitForQuickInput(/Where should this go/, { timeout: 15_000 });
      await wb.quickPick(/Add to an Existing Session/);
      await wb.waitForQuickInput(/Add to which session/, { timeout: 15_000 });
      const sessions = await wb.quickInputInfo();
      log('sessions offered:', sessions.items.length);
      await page.keyboard.press('Enter');
      const msg = await waitFor(() => messageRequests(fake)[beforeMsg], { timeout: 20_000, message: 'POST …/messages for Delegate to Devin' });
      const m = String(msg.body.message);
      log('message:\n' + m);
      assert.ok(m.startsWith('Do what this TODO comment asks, then remove the comment.'));
      assert.ok(m.includes('Comment: `// TODO: cache the sum per order id`'), 'the comment');
      assert.ok(m.includes('Enclosing function: `compute`'), 'the enclosing function from the document symbols');
      assert.ok(m.includes('return orders.reduce((s, o) => s + o.total, 0);'), 'the function body');
      assert.ok(!m.includes('export function label'), 'only the function, not the whole file');
      await waitFor(async () => /Sent to Devin: /.test(await wb.statusBarText()), { timeout: 15_000, message: '"Sent to Devin" in the status bar' });
    },
  },
  {
    name: 'with devin.delegate.alwaysPreview the prompt opens in the prompt editor, and what is sent is the edited text',
    signIn: true,
    timeout: 200_000,
    settings: { 'devin.delegate.alwaysPreview': true },
    prepareWorkspace(dir) {
      fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'src/app.ts'), APP_TS);
      fs.writeFileSync(path.join(dir, 'tsconfig.json'), TSCONFIG);
    },
    async fn({ page, wb, fake, assert, log }) {
      await openSignedIn(wb);
      const editor = await openFile(page, wb, 'app.ts');
      await goToLine(page, wb, editor, 13, 8);
      const before = createRequests(fake).length;
      await quickFix(page, /^Delegate to Devin/);
      await wb.editorTab(/devin-prompt-todo/, { timeout: 15_000 });
      const prompt = page.locator('.part.editor .monaco-editor').filter({ hasText: 'Do what this TODO comment asks' }).first();
      await prompt.waitFor({ state: 'visible', timeout: 15_000 });
      await sleep(500);
      assert.equal(createRequests(fake).length, before, 'nothing is sent before the preview is confirmed');
      // Add a line at the top, then send with Ctrl+Enter.
      await page.keyboard.press('Control+Home');
      await page.keyboard.type('Keep the public API unchanged.\n');
      await page.keyboard.press('Control+Enter');
      await wb.waitForQuickInput(/Where should this go/, { timeout: 15_000 });
      const info = await wb.quickInputInfo();
      assert.ok(!info.items.some((i) => /Preview and Edit/.test(i)), 'no second preview offered');
      await wb.quickPick(/Start a New Devin Session/);
      const req = await waitFor(() => createRequests(fake)[before], { timeout: 20_000, message: 'POST …/sessions after the preview' });
      const p = String(req.body.prompt);
      log('prompt:\n' + p);
      assert.ok(p.startsWith('Keep the public API unchanged.\nDo what this TODO comment asks'), 'the edited text is what was sent');
      assert.ok(p.includes('Comment: `// TODO: cache the sum per order id`'));
      await waitFor(async () => !(await page.locator(SEL.tabs).filter({ hasText: /devin-prompt-todo/ }).count()), { timeout: 15_000, message: 'the preview tab to close' });
    },
  },
  {
    name: 'Send Last Terminal Command after a failing ls in bash with shell integration',
    signIn: true,
    timeout: 180_000,
    settings: {
      'terminal.integrated.defaultProfile.linux': 'bash',
      'terminal.integrated.profiles.linux': { bash: { path: '/bin/bash' } },
      'terminal.integrated.shellIntegration.enabled': true,
    },
    async fn({ page, wb, fake, assert, log }) {
      await openSignedIn(wb);
      await wb.runCommand('Terminal: Create New Terminal');
      const term = page.locator('.terminal-wrapper .xterm').first();
      await term.waitFor({ state: 'visible', timeout: 30_000 });
      await sleep(4000); // bash starts and the shell integration script runs
      await term.click();
      await page.keyboard.type('ls /nonexistent');
      await page.keyboard.press('Enter');
      await sleep(3000);
      const before = createRequests(fake).length;
      await wb.runCommand('Devin: Send Last Terminal Command');
      await wb.waitForQuickInput(/Where should this go/, { timeout: 15_000 });
      await wb.quickPick(/Start a New Devin Session/);
      const req = await waitFor(() => createRequests(fake)[before], { timeout: 20_000, message: 'POST …/sessions for the terminal command' });
      const p = String(req.body.prompt);
      log('prompt:\n' + p);
      assert.ok(p.startsWith('This command failed in my terminal.'));
      assert.ok(p.includes('Command:\n```shellscript\nls /nonexistent\n```'), 'the command line');
      assert.match(p, /Exit code: 2\b/, 'the exit code');
      assert.ok(p.includes('Working directory: `. (workspace folder)`'), 'the working directory, relative to the workspace');
      assert.match(p, /Output:\n```\n[^`]*No such file or directory/, 'the output');
      assert.ok(!p.includes('\u001b'), 'no escape sequences');
      assert.match(String(req.body.title), /^Fix failing command: ls \/nonexistent/);
    },
  },
  {
    name: 'a file over the attachment threshold is uploaded, then created with attachment_urls',
    signIn: true,
    timeout: 180_000,
    prepareWorkspace(dir) {
      const lines = Array.from({ length: 2000 }, (_, i) => `2026-11-29T10:00:${String(i % 60).padStart(2, '0')}Z INFO request ${i} handled in ${i % 97} ms`);
      lines.push('DB_PASSWORD=hunter2-not-for-devin');
      fs.writeFileSync(path.join(dir, 'server.log'), `${lines.join('\n')}\n`);
    },
    async fn({ page, wb, fake, assert, log }) {
      await openSignedIn(wb);
      await openFile(page, wb, 'server.log');
      const before = createRequests(fake).length;
      await wb.runCommand('Devin: Send File to Devin');
      await wb.waitForQuickInput(/What should Devin do with this file/, { timeout: 15_000 });
      await wb.quickInputType('Find out why requests slow down');
      const req = await waitFor(() => createRequests(fake)[before], { timeout: 30_000, message: 'POST …/sessions after the upload' });
      const uploads = uploadRequests(fake);
      assert.equal(uploads.length, 1, 'one upload');
      assert.ok(uploads[0].index < req.index, 'the upload comes before the create');
      const part = uploads[0].body.multipart[0];
      log('upload part:', JSON.stringify(part));
      assert.equal(part.name, 'file');
      assert.equal(part.filename, 'server.log');
      assert.ok(part.size > 48 * 1024, 'the whole file went up');
      const urls = req.body.attachment_urls;
      assert.ok(Array.isArray(urls) && urls.length === 1 && /\/attachments\/[0-9a-f-]{36}\/server\.log$/.test(urls[0]), `attachment_urls: ${JSON.stringify(urls)}`);
      const p = String(req.body.prompt);
      log('prompt:\n' + p);
      assert.ok(p.includes('Attached: `server.log`'));
      assert.ok(!p.includes('request 1999'), 'the file is not inlined');
      // The uploaded bytes were scrubbed like a prompt.
      const stored = [...fake.raw.store.attachments.values()][0];
      const text = stored.data.toString('utf8');
      assert.ok(!text.includes('hunter2-not-for-devin'), 'the password in the log was not uploaded');
      assert.ok(text.includes('DB_PASSWORD=[REDACTED:assignment]'));
      assert.ok(text.includes('request 1999 handled'), 'the rest of the file is there');
    },
  },
];
