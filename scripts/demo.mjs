#!/usr/bin/env node
// `npm run demo`: the extension against the fake Devin server with realistic, moving data.
//   1. ensure deps, production build (dist/) + VSIX (built to check it packages; not installed)
//   2. the fake Devin server (test/fake-devin/cli.js --demo --lifecycle 5000): the demo stories of
//      test/fake-devin/demoStories.js, moving along for as long as the demo runs, and the workspace:
//      a clone of https://github.com/acme/web-app that git maps to a local bare repository with the
//      stories' pull requests (scripts/demoRepo.mjs), so Check Out and Review Changes work offline
//   3a. with a `code` CLI on PATH: desktop VS Code with --extensionDevelopmentPath=<repo> and a fresh
//       user-data/extensions dir, or
//   3b. otherwise code-server (scripts/setup-e2e.sh) on 127.0.0.1 with --auth none, loading the
//       extension from the repository in Development mode: the printed URL carries the workbench
//       payload `extensionDevelopmentPath`, which code-server honours only with
//       `--vscode-option enable-smoke-test-driver`; open that URL in a browser.
// Settings point devin.apiBaseUrl/devin.orgId at the fake server; the key reaches the extension through
// DEVIN_DEMO_API_KEY, which the extension honours only in Development or Test extension mode and for
// a loopback API URL (an installed extension ignores it), so the demo starts signed in.
// Ctrl+C stops everything this script started.
//
// Options: --smoke           start everything, check that code-server answers HTTP 200 and that the
//                            Devin view lists sessions in headless Chromium, then stop (CI)
//          --code-server     use code-server even when `code` exists
//          --port N          code-server port (default 8088; 0 = any free port; --smoke uses 0)
//          --lifecycle MS    fake server tick (default 5000), --sessions N extra generated sessions (default 0)
//          --keep            keep the demo folder under .vscode-test/demo/
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { ROOT, CACHE, SetupError, setup, timestamp } from '../test/e2e/lib/env.mjs';
import { buildAndPackage } from '../test/e2e/lib/build.mjs';
import { startCodeServer } from '../test/e2e/lib/codeServer.mjs';
import { spawnGroup, killGroup, onCleanup, runCleanups, installSignalHandlers, waitFor } from '../test/e2e/lib/proc.mjs';
import { buildDemoRepo } from './demoRepo.mjs';

const argv = process.argv.slice(2);
const flag = (f) => argv.includes(f);
const opt = (f, d) => {
  const i = argv.indexOf(f);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : d;
};
const smoke = flag('--smoke');
const T0 = Date.now();
const log = (...a) => console.log(`[demo +${((Date.now() - T0) / 1000).toFixed(1)}s]`, ...a);

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

async function startFakeCli() {
  const args = [path.join(ROOT, 'test/fake-devin/cli.js'), '--port', '0', '--demo',
    '--sessions', opt('--sessions', '0'), '--lifecycle', opt('--lifecycle', '5000')];
  let info;
  const lines = [];
  const child = spawnGroup(process.execPath, args, {
    onLine: (l) => {
      lines.push(l);
      if (!info && l.startsWith('{')) {
        try {
          info = JSON.parse(l);
        } catch {}
      }
    },
  });
  let exited = null;
  child.on('exit', (code) => (exited = code));
  onCleanup(() => killGroup(child.pid));
  await waitFor(() => {
    if (exited !== null) throw new Error(`the fake server exited (${exited}):\n${lines.join('\n')}`);
    return info;
  }, { timeout: 15_000, message: 'the fake Devin server' });
  return { ...info, pid: child.pid };
}

function writeSettings(userDataDir, fake) {
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  const settings = {
    'devin.apiBaseUrl': fake.url,
    'devin.orgId': fake.orgId,
    'devin.refreshInterval': 10,
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'chat.disableAIFeatures': true,
    // Source Control, Check Out and Review Changes work on the demo's git repository.
    'git.enabled': true,
    'git.autofetch': false,
    'git.openRepositoryInParentFolders': 'never',
  };
  fs.writeFileSync(path.join(userDataDir, 'User/settings.json'), JSON.stringify(settings, null, 2));
  return settings;
}

async function smokeUi(env, url) {
  const { launchBrowser, newPage } = await import('../test/e2e/lib/browser.mjs');
  const { openWorkbench, openDevinView, waitForTreeRow } = await import('../test/e2e/lib/workbench.mjs');
  const { browser, close } = await launchBrowser(env);
  try {
    const { page } = await newPage(browser);
    await openWorkbench(page, url);
    await openDevinView(page);
    await waitForTreeRow(page, /^(Needs your input|Working|Suspended|Finished|Failed)$/, { timeout: 30_000 });
    await waitForTreeRow(page, 'Fix discount rounding for JPY and KRW in checkout', { timeout: 30_000 });
    fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: path.join(ROOT, 'test-results/demo-smoke.png') });
  } finally {
    await close();
  }
}

async function main() {
  installSignalHandlers();
  const ensure = spawnSync(process.execPath, [path.join(ROOT, 'scripts/ensure-deps.js')], { stdio: 'inherit' });
  if (ensure.status !== 0) throw new Error('scripts/ensure-deps.js failed');

  const dir = path.join(CACHE, 'demo', timestamp());
  fs.mkdirSync(dir, { recursive: true });
  if (!flag('--keep')) onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  const b = buildAndPackage(dir);
  log(`built and packaged ${path.relative(ROOT, b.vsix)}`);

  const fake = await startFakeCli();
  log(`fake Devin API on ${fake.url} (org ${fake.orgId})`);
  const repo = buildDemoRepo(dir);
  const workspace = repo.workspace;
  log(`workspace: a clone of ${repo.remote} (git maps it to ${path.relative(ROOT, repo.bare)}; pull requests ${repo.pulls.map((p) => `#${p.number}`).join(', ')})`);
  const userDataDir = path.join(dir, 'user-data');
  const extensionsDir = path.join(dir, 'extensions');
  writeSettings(userDataDir, fake);
  const demoEnv = { DEVIN_DEMO_API_KEY: fake.key };

  const code = !smoke && !flag('--code-server') ? which('code') : null;
  if (code) {
    log(`starting VS Code (${code}) with the extension from ${ROOT}`);
    printInfo(fake, null);
    const child = spawn(code, ['--new-window', '--wait', `--extensionDevelopmentPath=${ROOT}`,
      '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--disable-workspace-trust', workspace],
    { stdio: 'inherit', env: { ...process.env, ...demoEnv }, detached: true });
    onCleanup(() => killGroup(child.pid));
    await new Promise((r) => child.on('exit', r));
    log('VS Code closed');
    return 0;
  }

  const env = setup();
  const port = smoke ? 0 : Number(opt('--port', '8088'));
  // Development mode (extensionDevelopmentPath), as with desktop VS Code above: only there does the
  // extension take DEVIN_DEMO_API_KEY. An installed VSIX signs in through Devin: Sign In only.
  const cs = await startCodeServer(env, {
    dir, extensionsDir, workspace, port,
    smokeTestDriver: true,
    settings: JSON.parse(fs.readFileSync(path.join(userDataDir, 'User/settings.json'), 'utf8')),
    processEnv: demoEnv,
  });
  const url = cs.workbenchUrl([['extensionDevelopmentPath', cs.remoteUri(ROOT)], ['skipWelcome', 'true']]);
  if (smoke) {
    const status = await waitFor(async () => {
      const res = await fetch(url);
      return res.status === 200 ? res.status : null;
    }, { timeout: 30_000, message: `HTTP 200 from ${url}` });
    log(`code-server answered HTTP ${status} (${cs.url})`);
    const state = await (await fetch(`${fake.url}/_fake/state?sessions=0`)).json();
    log(`fake server state: ${JSON.stringify(state.counts ?? state).slice(0, 200)}`);
    // The workspace is a clone of the GitHub URL that git maps to the local bare repository, which
    // holds the pull requests the sessions talk about.
    const pulls = execFileSync('git', ['ls-remote', 'origin', 'refs/pull/*'], { cwd: workspace, encoding: 'utf8' });
    const missing = repo.pulls.filter((p) => !pulls.includes(`refs/pull/${p.number}/head`));
    if (missing.length) throw new Error(`the demo repository lacks ${missing.map((p) => `#${p.number}`).join(', ')}`);
    log(`origin ${repo.remote} answers with ${repo.pulls.length} pull request refs`);
    await smokeUi(env, url);
    log('the Devin view lists sessions (screenshot: test-results/demo-smoke.png)');
    console.log('smoke: 1 passed, 0 failed');
    return 0;
  }
  printInfo(fake, url);
  log(`code-server log: ${cs.logFile}`);
  const how = await cs.whenExited;
  log(`code-server exited (${JSON.stringify(how)})`);
  return 1;
}

function printInfo(fake, url) {
  console.log('\n──────── Devin demo ────────');
  if (url) console.log(`Open:        ${url}`);
  console.log(`Fake API:    ${fake.url}   (control: ${fake.url}/_fake/state)`);
  console.log(`Org id:      ${fake.orgId}`);
  console.log(`API key:     ${fake.key}   (already signed in through DEVIN_DEMO_API_KEY, Development mode)`);
  if (url) console.log('Development mode through code-server\'s smoke-test driver: notification toasts go straight to the\nnotification center (the bell in the status bar).');
  console.log('Sessions move on every 5 s: they start, ask, open pull requests and finish. The workspace is a clone of\nhttps://github.com/acme/web-app (served from a local repository): try Review Changes on PR #421.\nPress Ctrl+C to stop everything.\n');
}

main().then(async (code) => {
  await runCleanups();
  process.exitCode = code;
}, async (e) => {
  if (e instanceof SetupError) console.error(`✘ demo: ${e.message}`);
  else console.error(`✘ demo failed: ${e?.stack ?? e}`);
  if (smoke) console.log(e instanceof SetupError ? `smoke: ${e.message} — no check ran` : 'smoke: 0 passed, 1 failed');
  await runCleanups();
  process.exitCode = 1;
});
