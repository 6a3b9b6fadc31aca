// Process helpers: every long-lived child runs in its own process group so that stopping it
// also stops what it started (code-server's extension host, pty host, watchers).
// Cleanups run on normal exit, on failure and on SIGINT/SIGTERM/SIGHUP.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

const cleanups = [];
const liveGroups = new Set();
let handlersInstalled = false;

export function onCleanup(fn) {
  cleanups.push(fn);
  return () => {
    const i = cleanups.indexOf(fn);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

export async function runCleanups() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    try {
      await fn();
    } catch (e) {
      console.error(`[cleanup] ${e?.message ?? e}`);
    }
  }
}

export function installSignalHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  let stopping = false;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, async () => {
      if (stopping) return;
      stopping = true;
      console.error(`\n[${sig}] stopping everything that was started…`);
      const t = setTimeout(() => process.exit(130), 15_000);
      t.unref();
      await runCleanups();
      process.exit(130);
    });
  }
  // Last resort (e.g. an uncaught exception): kill every group still alive, synchronously.
  process.on('exit', () => {
    for (const pgid of liveGroups) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {}
    }
  });
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Spawns `cmd` as the leader of a new process group. Output goes to `logFile` (and `onLine`). */
export function spawnGroup(cmd, args, { env, cwd, logFile, onLine } = {}) {
  const child = spawn(cmd, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : null;
  let buf = '';
  const onData = (d) => {
    out?.write(d);
    if (onLine) {
      buf += d.toString();
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        try {
          onLine(line);
        } catch {}
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.on('exit', () => out?.end());
  if (child.pid) liveGroups.add(child.pid);
  child.on('exit', () => {
    if (!groupAlive(child.pid)) liveGroups.delete(child.pid);
  });
  return child;
}

/** SIGTERM to the whole group, poll until it is gone, SIGKILL after `graceMs`. */
export async function killGroup(pgid, { graceMs = 5000 } = {}) {
  if (!pgid) return;
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    liveGroups.delete(pgid);
    return;
  }
  const until = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < until) await sleep(100);
  if (groupAlive(pgid)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {}
    const until2 = Date.now() + 3000;
    while (groupAlive(pgid) && Date.now() < until2) await sleep(100);
  }
  liveGroups.delete(pgid);
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

export { waitFor } from './shared.cjs';
