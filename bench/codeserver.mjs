// Shared code-server plumbing for bench/activation.mjs and bench/e2e.mjs. Reuses the e2e harness
// (test/e2e/lib, code-server installed by scripts/setup-e2e.sh into .vscode-test/).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { ROOT } from './report.mjs';

export const SKIP_LINE = 'code-server harness not installed — run scripts/setup-e2e.sh';

/**
 * Loads the e2e helpers after scripts/setup-e2e.sh (throws its SetupError when it fails), or returns
 * { missing: reason } when test/e2e/lib itself is absent.
 */
export async function loadHarness() {
  const lib = path.join(ROOT, 'test/e2e/lib');
  const need = ['env.mjs', 'codeServer.mjs', 'browser.mjs', 'workbench.mjs', 'fake.mjs', 'proc.mjs', 'build.mjs'];
  const absent = need.filter((f) => !fs.existsSync(path.join(lib, f)));
  if (absent.length) return { missing: `${SKIP_LINE} (test/e2e/lib lacks ${absent.join(', ')})` };
  const imp = (f) => import(pathToFileURL(path.join(lib, f)).href);
  const [env, cs, browser, workbench, fake, proc, build] = await Promise.all(need.map(imp));
  // Installs what is missing (quiet when nothing is); a setup that fails fails the bench, it is
  // never a silent skip.
  const e = env.setup({ quiet: true });
  for (const p of [e.n24, e.csEntry, e.chromium]) {
    if (!p || !fs.existsSync(p)) throw new Error(`code-server harness incomplete after scripts/setup-e2e.sh: ${p ?? 'a path in env.json'} is missing`);
  }
  return { env: e, envLib: env, cs, browser, workbench, fake, proc, build };
}

/** Packages bench/fixtures/<name> (empty-extension, hello-extension) into a VSIX with the project's vsce. */
export function packageFixture(outDir, name) {
  const vsix = path.join(outDir, `bench-${name}.vsix`);
  const vsce = path.join(ROOT, 'node_modules/.bin/vsce');
  const r = spawnSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix],
    { cwd: path.join(ROOT, 'bench/fixtures', name), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`packaging ${name} failed:\n${r.stdout}${r.stderr}`);
  return vsix;
}

/** Settings pointing the extension at the fake server. */
export function fakeSettings(fake, extra = {}) {
  return { 'devin.apiBaseUrl': fake.url, 'devin.orgId': fake.orgId, ...extra };
}

/** Text of every extension-host log line of this code-server run. */
export function exthostLog(h, cs) {
  return h.cs.findExthostLogs(cs.userDataDir).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}

/**
 * The common frame of the code-server benches: loads the harness (or reports the skip), builds the
 * production bundle and VSIX, installs the VSIX paths `extraVsix(dir)` returns (when given), starts
 * the fake server with 100 sessions, code-server signed in to it and Chromium, runs `fn`, then
 * stops everything. Ours runs from the repository in Development mode (the `extensionDevelopmentPath`
 * payload, which `cs.workbenchUrl()` adds): the same dist/ bundles as the VSIX, but only there does
 * the extension take DEVIN_DEMO_API_KEY (an installed one signs in through Devin: Sign In only).
 */
export async function withCodeServer(report, name, { extraVsix, processEnv = () => ({}), settings = {} } = {}, fn) {
  const h = await loadHarness();
  if (h.missing) {
    report.skip(h.missing);
    return;
  }
  const { env } = h;
  h.proc.installSignalHandlers();
  const dir = fs.mkdtempSync(path.join(h.envLib.CACHE, `bench-${name}-`));
  let fake, cs, browserHandle;
  try {
    console.log(`${name}: building and packaging`);
    h.build.buildAndPackage(dir);
    const extensionsDir = path.join(dir, 'extensions');
    fs.mkdirSync(extensionsDir, { recursive: true });
    for (const v of extraVsix ? [extraVsix(dir)].flat() : []) {
      h.cs.installVsix(env, { vsix: v, userDataDir: path.join(dir, 'install-user-data'), extensionsDir, tmpDir: dir });
    }
    fake = await h.fake.startFake({ sessions: 100 });
    cs = await h.cs.startCodeServer(env, {
      dir: path.join(dir, 'run'),
      extensionsDir,
      settings: fakeSettings(fake, settings),
      smokeTestDriver: true,
      processEnv: { DEVIN_DEMO_API_KEY: fake.key, ...processEnv(dir) },
    });
    const plainUrl = cs.workbenchUrl.bind(cs);
    cs.workbenchUrl = (payload) => plainUrl(payload ?? [['extensionDevelopmentPath', cs.remoteUri(ROOT)], ['skipWelcome', 'true']]);
    browserHandle = await h.browser.launchBrowser(env);
    await fn({ h, dir, fake, cs, browser: browserHandle.browser });
  } finally {
    await browserHandle?.close();
    await cs?.stop();
    await fake?.close().catch(() => {});
    await h.proc.runCleanups();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
