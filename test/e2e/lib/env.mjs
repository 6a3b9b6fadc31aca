// Paths and the environment written by scripts/setup-e2e.sh.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CACHE = process.env.E2E_CACHE ? path.resolve(process.env.E2E_CACHE) : path.join(ROOT, '.vscode-test');
export const RESULTS = path.join(ROOT, 'test-results');
export const EXTENSION_ID = 'devin-community.devin-vscode';

/** Thrown by setup(): `reason` is what scripts/setup-e2e.sh said (setup-error.txt). */
export class SetupError extends Error {
  constructor(reason) {
    super(`setup failed (${reason})`);
    this.name = 'SetupError';
    this.reason = reason;
  }
}

/**
 * Runs scripts/setup-e2e.sh (fast when everything is installed; it cleans the npm environment of
 * its nested installs itself) and returns env.json. Throws a SetupError with the script's reason.
 */
export function setup({ quiet = false } = {}) {
  const args = [path.join(ROOT, 'scripts/setup-e2e.sh')];
  if (quiet) args.push('--quiet');
  const r = spawnSync('bash', args, { stdio: 'inherit', env: { ...process.env, E2E_CACHE: CACHE } });
  if (r.status !== 0) {
    let reason = '';
    try {
      reason = fs.readFileSync(path.join(CACHE, 'setup-error.txt'), 'utf8').trim();
    } catch {}
    throw new SetupError(`${reason || 'scripts/setup-e2e.sh failed'}; exit ${r.status ?? r.signal}`);
  }
  return loadEnv();
}

export function loadEnv() {
  const p = path.join(CACHE, 'env.json');
  if (!fs.existsSync(p)) throw new Error(`${p} is missing: run scripts/setup-e2e.sh`);
  const env = JSON.parse(fs.readFileSync(p, 'utf8'));
  if (process.env.CHROMIUM) env.chromium = process.env.CHROMIUM;
  return env;
}

export function timestamp() {
  return `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-')}-${process.pid}`;
}

export function slug(s) {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

/** Keeps the newest `keep` run folders under .vscode-test/runs. */
export function pruneRuns(keep = 3, minAgeMs = 3 * 3600_000) {
  const dir = path.join(CACHE, 'runs');
  if (!fs.existsSync(dir)) return;
  const runs = fs.readdirSync(dir).sort();
  // Beyond the newest `keep`, only runs older than `minAgeMs`: another run sharing this cache (a
  // second checkout, E2E_CACHE) may still be using a younger folder, its VSIX and extensions.
  for (const r of runs.slice(0, Math.max(0, runs.length - keep))) {
    const p = path.join(dir, r);
    let age = 0;
    try {
      age = Date.now() - fs.statSync(p).mtimeMs;
    } catch {
      continue;
    }
    if (age < minAgeMs) continue;
    try {
      fs.rmSync(p, { recursive: true, force: true });
    } catch {
      // In use or half removed by another run: the next prune tries again.
    }
  }
}
