#!/usr/bin/env node
// Makes sure node_modules matches package.json / package-lock.json. Used by `pretest` and `predemo`.
// - node_modules missing            -> `npm ci` (or `npm install` when there is no package-lock.json)
// - package.json or the lock changed -> `npm install`, but only when the dependency-relevant content
//   changed (a hash is kept in node_modules/.ensure-deps.json), so editing scripts or contributes in
//   package.json does not trigger an install
// - otherwise a quick no-op.
// Plain node, no dependencies. `--check` only reports (exit 1 when an install would run).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawn } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const pkgPath = path.join(root, 'package.json');
const lockPath = path.join(root, 'package-lock.json');
const nm = path.join(root, 'node_modules');
const stampPath = path.join(nm, '.ensure-deps.json');
const checkOnly = process.argv.includes('--check');

function mtime(p) {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

function depsHash() {
  const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
  const relevant = {};
  for (const k of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies',
    'overrides', 'allowScripts', 'bundleDependencies', 'workspaces']) {
    if (pkg[k] !== undefined) relevant[k] = pkg[k];
  }
  const h = crypto.createHash('sha256').update(JSON.stringify(relevant));
  if (fs.existsSync(lockPath)) {
    // The lock's own top-level "version"/"name" fields do not matter; its packages do.
    const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
    h.update(JSON.stringify(lock.packages || lock.dependencies || {}));
  }
  return h.digest('hex');
}

function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(stampPath, 'utf8'));
  } catch {
    return null;
  }
}

function writeStamp(hash) {
  fs.writeFileSync(stampPath, JSON.stringify({ hash, at: new Date().toISOString() }) + '\n');
}

// The environment of the nested npm: without what the npm that started us (`npm test`, `npm run
// demo`) exports about itself, its Node and this project, as scripts/setup-e2e.sh does for its
// installs (there npm_config_user_agent made code-server's postinstall see the wrong Node). The
// user's own npm settings (cache, registry, proxy, ...) stay.
const OUTER_NPM_VARS = /^(npm_config_(user_agent|node_gyp|nodedir|prefix|global_prefix|local_prefix|npm_version|allow_scripts)|npm_command|npm_execpath|npm_node_execpath|init_cwd|npm_lifecycle_.*|npm_package_.*)$/i;
function cleanNpmEnv(env = process.env) {
  const out = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined || OUTER_NPM_VARS.test(k)) continue;
    if (k === 'NODE' && env.npm_node_execpath && v === env.npm_node_execpath) continue;
    out[k] = v;
  }
  const sep = path.delimiter;
  out.PATH = (env.PATH || '').split(sep).filter((e) => {
    if (e.endsWith(`${path.sep}@npmcli${path.sep}run-script${path.sep}lib${path.sep}node-gyp-bin`)) return false;
    const bin = `${path.sep}node_modules${path.sep}.bin`;
    return !(e.endsWith(bin) && (root + path.sep).startsWith(e.slice(0, -bin.length) + path.sep));
  }).join(sep);
  return out;
}

/** Runs npm with its output shown, and a progress line every 15 s (npm ci is silent for a while). */
function run(args) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  console.log(`[ensure-deps] npm ${args.join(' ')}`);
  const t = Date.now();
  return new Promise((resolve) => {
    const child = spawn(npm, args, { cwd: root, stdio: 'inherit', env: cleanNpmEnv() });
    const beat = setInterval(() => {
      let n = 0;
      try {
        n = fs.readdirSync(nm).length;
      } catch {}
      console.log(`[ensure-deps] npm ${args[0]}: ${((Date.now() - t) / 1000).toFixed(0)} s, ${n} entries in node_modules so far`);
    }, Number(process.env.ENSURE_DEPS_HEARTBEAT || 15) * 1000);
    const done = (code, what) => {
      clearInterval(beat);
      if (code !== 0) {
        console.error(`[ensure-deps] npm ${args.join(' ')} failed (${what})`);
        resolve(false);
        return;
      }
      console.log(`[ensure-deps] done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      resolve(true);
    };
    child.on('error', (e) => done(1, e.message));
    child.on('exit', (code, signal) => done(code, `exit ${code ?? signal}`));
  });
}

async function main() {
  const hasLock = fs.existsSync(lockPath);
  if (!fs.existsSync(nm) || !fs.existsSync(path.join(nm, '.package-lock.json'))) {
    if (checkOnly) {
      console.log('[ensure-deps] node_modules missing');
      return 1;
    }
    const ok = hasLock ? await run(['ci', '--no-audit', '--no-fund']) || await run(['install', '--no-audit', '--no-fund'])
      : await run(['install', '--no-audit', '--no-fund']);
    if (!ok) return 1;
    writeStamp(depsHash());
    return 0;
  }

  const stamp = readStamp();
  const newest = Math.max(mtime(pkgPath), mtime(lockPath));
  const stampTime = stamp ? mtime(stampPath) : mtime(path.join(nm, '.package-lock.json'));
  if (stampTime >= newest) {
    // Fast path: nothing touched since the last install. Record the current state once.
    if (!stamp && !checkOnly) writeStamp(depsHash());
    return 0;
  }

  const hash = depsHash();
  if (stamp && stamp.hash === hash) {
    // package.json changed, but not in a way that affects node_modules.
    if (!checkOnly) writeStamp(hash);
    return 0;
  }
  if (!stamp && mtime(path.join(nm, '.package-lock.json')) >= mtime(lockPath) && hasLock) {
    // Installed by hand with npm after the last lock change: adopt it.
    if (!checkOnly) writeStamp(hash);
    return 0;
  }
  if (checkOnly) {
    console.log('[ensure-deps] node_modules is out of date');
    return 1;
  }
  if (!(await run(['install', '--no-audit', '--no-fund']))) return 1;
  writeStamp(depsHash());
  return 0;
}

if (require.main === module) {
  main().then((code) => {
    process.exitCode = code;
  });
}
module.exports = { cleanNpmEnv };
