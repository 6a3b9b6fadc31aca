#!/usr/bin/env node
// `npm run test:desktop`: runs the in-host Mocha suite (test/e2e/suite) in desktop VS Code through
// @vscode/test-electron. It needs to download VS Code (and a display, e.g. xvfb-run, on Linux);
// where the download is impossible it says so and exits non-zero. `npm run test:e2e` runs the same
// suite in code-server instead, which works offline.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { ROOT } from './lib/env.mjs';
import { startFake } from './lib/fake.mjs';
import { installSignalHandlers, runCleanups } from './lib/proc.mjs';

const DOWNLOAD_ERROR = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo|fetch failed|socket hang up|update\.code\.visualstudio\.com|Failed to (get|download|fetch)|timeout|status code 4\d\d|status code 5\d\d/i;

async function main() {
  installSignalHandlers();
  const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('node esbuild.js failed');

  const { runTests, downloadAndUnzipVSCode } = createRequire(path.join(ROOT, 'package.json'))('@vscode/test-electron');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'devin-desktop-'));
  const fake = await startFake({ sessions: 40 });
  try {
    const configFile = path.join(tmp, 'e2e-config.json');
    fs.writeFileSync(configFile, JSON.stringify({ url: fake.url, orgId: fake.orgId, key: fake.key, root: ROOT }));
    const userData = path.join(tmp, 'user-data');
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userData, 'User/settings.json'), JSON.stringify({
      'devin.apiBaseUrl': fake.url, 'devin.orgId': fake.orgId, 'workbench.startupEditor': 'none',
      'security.workspace.trust.enabled': false, 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
    }));
    const workspace = path.join(tmp, 'workspace');
    fs.mkdirSync(workspace);

    let vscodeExecutablePath;
    try {
      vscodeExecutablePath = await downloadAndUnzipVSCode({ version: process.env.VSCODE_VERSION ?? 'stable', timeout: 20_000 });
    } catch (e) {
      const msg = String(e?.message ?? e);
      console.error('\n✘ test:desktop: desktop VS Code cannot be downloaded on this machine');
      console.error(`  (${msg.split('\n')[0]})`);
      if (!DOWNLOAD_ERROR.test(msg)) console.error(e?.stack ?? e);
      console.error('  The same Mocha suite runs in code-server, which needs no download: npm run test:e2e -- --suite');
      return 2;
    }
    const code = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(ROOT, 'test/e2e/suite/index.js'),
      extensionTestsEnv: { DEVIN_E2E_CONFIG: configFile },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome',
        '--skip-release-notes', '--user-data-dir', userData, '--extensions-dir', path.join(tmp, 'extensions')],
    });
    return code;
  } finally {
    await fake.close().catch(() => {});
    await runCleanups();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then((code) => {
  process.exitCode = code;
}, (e) => {
  console.error(`✘ test:desktop failed: ${e?.stack ?? e}`);
  process.exitCode = 1;
});
