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
const { spawnSync } = require('node:child_process');

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

function run(args) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  console.log(`[ensure-deps] npm ${args.join(' ')}`);
  const t = Date.now();
  const r = spawnSync(npm, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`[ensure-deps] npm ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    return false;
  }
  console.log(`[ensure-deps] done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return true;
}

function main() {
  const hasLock = fs.existsSync(lockPath);
  if (!fs.existsSync(nm) || !fs.existsSync(path.join(nm, '.package-lock.json'))) {
    if (checkOnly) {
      console.log('[ensure-deps] node_modules missing');
      return 1;
    }
    const ok = hasLock ? run(['ci', '--no-audit', '--no-fund']) || run(['install', '--no-audit', '--no-fund'])
      : run(['install', '--no-audit', '--no-fund']);
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
  if (!run(['install', '--no-audit', '--no-fund'])) return 1;
  writeStamp(depsHash());
  return 0;
}

process.exitCode = main();
