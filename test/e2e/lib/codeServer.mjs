// Starts and stops code-server (VS Code's workbench + a Node 24 extension host) for one test run,
// with its own user-data, extensions dir, workspace folder and TMPDIR, in its own process group.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { spawnGroup, killGroup, onCleanup, waitFor } from './proc.mjs';

export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  // Our extension opens its walkthrough on the first activation after install unless this is off
  // (scenario 09-walkthrough turns it on); it would take the editor area of every fresh profile.
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'window.restoreWindows': 'none',
};

/** Installs a VSIX into `extensionsDir` (code-server --install-extension). */
export function installVsix(env, { vsix, userDataDir, extensionsDir, tmpDir }) {
  fs.mkdirSync(extensionsDir, { recursive: true });
  const r = spawnSync(env.n24, [env.csEntry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    '--install-extension', vsix, '--force'], { encoding: 'utf8', env: { ...process.env, TMPDIR: tmpDir } });
  const out = `${r.stdout}${r.stderr}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`installing ${vsix} failed (exit ${r.status}):\n${out}`);
  }
  return out.trim();
}

// A Unix socket's path has at most 107 bytes. code-server puts one in its user-data folder
// (code-server-ipc.sock), VS Code and the git extension theirs in TMPDIR (the longest:
// vscode-ipc-<uuid>.sock). Under a run folder (<cache>/runs/<timestamp>/<scenario slug>) they do not
// fit, so code-server gets both folders through a short link (<os tmp>/dv-XXXXXX/d → the run
// folder); the files stay in the run folder (artifacts, the key hygiene scan).
const SOCKET_PATH_MAX = 107;
const LONGEST_SOCKET = path.join('tmp', `vscode-ipc-${'0'.repeat(8)}-${'0'.repeat(4)}-${'0'.repeat(4)}-${'0'.repeat(4)}-${'0'.repeat(12)}.sock`);

/** A short path for `dir` (a link) and its removal; throws when even that is too long for a socket. */
export function shortAlias(dir) {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'dv-'));
  const remove = () => fs.rmSync(parent, { recursive: true, force: true }); // the link, not what it points to
  const link = path.join(parent, 'd');
  fs.symlinkSync(dir, link, 'dir');
  const longest = path.join(link, LONGEST_SOCKET);
  if (Buffer.byteLength(longest) > SOCKET_PATH_MAX) {
    remove();
    throw new Error(`socket paths such as ${longest} are longer than ${SOCKET_PATH_MAX} bytes: set TMPDIR to a shorter folder`);
  }
  return { link, remove };
}

/** code-server's complaints about sockets it could not create (a path too long, say). */
export function socketErrors(logFile) {
  if (!fs.existsSync(logFile)) return [];
  return fs.readFileSync(logFile, 'utf8').split('\n').filter((l) => /could not create socket|ENAMETOOLONG|EADDRINUSE.*\.sock/i.test(l));
}

/**
 * @param env        env.json from setup-e2e
 * @param opts.dir   run folder (created): user-data/, workspace/, code-server.log, tmp/
 * @param opts.extensionsDir  shared or own extensions dir
 * @param opts.settings       merged over DEFAULT_SETTINGS into User/settings.json
 * @param opts.processEnv     extra environment for code-server (and so the extension host)
 * @param opts.smokeTestDriver  pass --vscode-option enable-smoke-test-driver (payload tests)
 * @param opts.locale   display language (code-server --locale, e.g. 'zh-cn')
 * @param opts.languagePack  with `locale`: record a language pack for it in user-data (see writeLanguagePack)
 * @returns {{url, host, pid, dir, userDataDir, workspace, logFile, stop(), exthostLogs()}}
 */
export async function startCodeServer(env, opts) {
  const dir = opts.dir;
  const userDataDir = path.join(dir, 'user-data');
  const extensionsDir = opts.extensionsDir ?? path.join(dir, 'extensions');
  const workspace = opts.workspace ?? path.join(dir, 'workspace');
  const tmpDir = path.join(dir, 'tmp');
  for (const d of [path.join(userDataDir, 'User'), extensionsDir, workspace, tmpDir]) fs.mkdirSync(d, { recursive: true });
  const settings = { ...DEFAULT_SETTINGS, ...(opts.settings ?? {}) };
  fs.writeFileSync(path.join(userDataDir, 'User/settings.json'), JSON.stringify(settings, null, 2));
  // The extension host of code-server is a remote one: it reads machine-scoped settings (such as
  // workbench.welcomePage.walkthroughs.openOnInstall) from the server's Machine/settings.json, not
  // from the user settings above. Only those go there: a value in Machine/settings.json overrides
  // the user's, so a copy of everything would pin settings that tests change (devin.apiBaseUrl).
  const MACHINE_SCOPED = ['workbench.welcomePage.walkthroughs.openOnInstall'];
  fs.mkdirSync(path.join(userDataDir, 'Machine'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'Machine/settings.json'),
    JSON.stringify(Object.fromEntries(MACHINE_SCOPED.filter((k) => k in settings).map((k) => [k, settings[k]])), null, 2));
  if (opts.languagePack) writeLanguagePack(userDataDir, opts.locale, path.join(dir, 'language-pack'));
  const configFile = path.join(dir, 'config.yaml');
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');
  for (const [name, content] of Object.entries(opts.files ?? {})) {
    const p = path.join(workspace, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
  const logFile = path.join(dir, 'code-server.log');
  const alias = shortAlias(path.resolve(dir)); // removed by stop()

  const args = [env.csEntry, '--auth', 'none', '--bind-addr', `${opts.host ?? '127.0.0.1'}:${opts.port ?? 0}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--config', configFile, '--user-data-dir', path.join(alias.link, 'user-data'), '--extensions-dir', extensionsDir];
  if (opts.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  if (opts.locale) args.push('--locale', opts.locale);
  args.push(...(opts.extraArgs ?? []), workspace);

  let url;
  const started = Date.now();
  const child = spawnGroup(env.n24, args, {
    env: { ...process.env, TMPDIR: path.join(alias.link, 'tmp'), ...(opts.processEnv ?? {}) },
    logFile,
    onLine: (line) => {
      const m = /HTTP server listening on (http:\/\/[^\s/]+)\/?/.exec(line);
      if (m && !url) url = m[1];
    },
  });
  let exited = null;
  const whenExited = new Promise((r) => child.on('exit', (code, signal) => r((exited = { code, signal }))));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    removeCleanup();
    await killGroup(child.pid);
    alias.remove();
  };
  const removeCleanup = onCleanup(stop);
  try {
    await waitFor(() => {
      if (exited) throw new Error(`code-server exited early (${JSON.stringify(exited)})`);
      return url;
    }, { timeout: 60_000, message: 'code-server to listen' });
  } catch (e) {
    await stop();
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-3000) : '';
    throw new Error(`${e.message}\n--- ${logFile} ---\n${log}`);
  }
  const host = new URL(url).host;
  return {
    url,
    host,
    pid: child.pid,
    dir,
    userDataDir,
    extensionsDir,
    workspace,
    logFile,
    startMs: Date.now() - started,
    get exited() {
      return exited;
    },
    /** Resolves with { code, signal } when the code-server process exits. */
    whenExited,
    stop,
    exthostLogs: () => findExthostLogs(userDataDir),
    /** URL of the workbench with `folder` open and an optional payload ([key, value] pairs). */
    workbenchUrl(payload) {
      let u = `${url}/?folder=${encodeURIComponent(workspace)}`;
      if (payload) u += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return u;
    },
    /** vscode-remote URI for an absolute path on this machine (for payload entries). */
    remoteUri(p) {
      return `vscode-remote://${host}${p}`;
    },
  };
}

/**
 * What installing a VS Code language pack (e.g. MS-CEINTL.vscode-language-pack-zh-hans) leaves in
 * user-data: languagepacks.json naming the pack's translation file for `locale`. VS Code (and so
 * code-server, whose --locale only picks the language) resolves the display language through this
 * file alone; without an entry it falls back to English for the workbench, the extension host
 * (vscode.l10n) and package.nls. The translation file here is empty, so VS Code's own words stay
 * English and only the extensions' own translations show: no download needed.
 */
export function writeLanguagePack(userDataDir, locale, packDir) {
  if (!locale) throw new Error('languagePack needs a locale');
  fs.mkdirSync(packDir, { recursive: true });
  const translations = path.join(packDir, 'main.i18n.json');
  fs.writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  const record = {
    [locale]: {
      hash: 'e2e-stub',
      extensions: [{ extensionIdentifier: { id: `e2e.language-pack-${locale}` }, version: '0.0.0' }],
      translations: { vscode: translations },
      label: locale,
    },
  };
  fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify(record, null, 2));
}

/** All extension-host log files (remoteexthost.log) and the output-channel logs under user-data/logs. */
export function findExthostLogs(userDataDir) {
  const found = [];
  const walk = (d) => {
    let entries;
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/exthost\.log$/.test(e.name)) found.push(p);
    }
  };
  walk(path.join(userDataDir, 'logs'));
  return found;
}

/** Lines of the extension host logs that report an error from `extensionId`. */
export function extensionErrors(userDataDir, extensionId, { ignore = [] } = {}) {
  const idRe = new RegExp(extensionId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  const errs = [];
  for (const f of findExthostLogs(userDataDir)) {
    const lines = fs.readFileSync(f, 'utf8').split('\n');
    lines.forEach((line, i) => {
      const isError = /\[error\]/i.test(line) || /failed to activate|activating extension .* failed/i.test(line);
      if (!isError) return;
      // An error line names the extension itself or its continuation lines (a stack) do.
      let end = i + 1;
      while (end < lines.length && end < i + 40 && !/^\d{4}-\d\d-\d\d[ T]/.test(lines[end])) end++;
      const context = lines.slice(i, end).join('\n');
      if (!idRe.test(context)) return;
      if (ignore.some((re) => re.test(context))) return;
      errs.push(`${path.basename(f)}: ${lines.slice(i, i + 4).join('\n    ')}`);
    });
  }
  return errs;
}
