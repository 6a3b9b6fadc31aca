#!/usr/bin/env node
// npm run bench: runs every bench in turn (each in its own process) and summarizes PASS/MISS per target.
//   node bench/run.mjs [--only <regex>] [--quick] [--strict]
//   --quick   shorter simulated day in bench/memory.ts (3 h instead of 24 h)
//   --strict  exit 1 when a target is missed (default: figures only, exit 0 unless a bench crashed)
// Results: bench/results/<bench>.json and bench/results/summary.md (a table for docs/performance.md).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fmt, RESULTS_DIR, ROOT } from './report.mjs';

const argv = process.argv.slice(2);
const only = argv.includes('--only') ? new RegExp(argv[argv.indexOf('--only') + 1], 'i') : null;
const quick = argv.includes('--quick');
const strict = argv.includes('--strict');

const tsx = ['--import', 'tsx'];
const BENCHES = [
  { name: 'bundle', args: ['bench/bundle.mjs'] },
  { name: 'tree', args: ['--expose-gc', ...tsx, 'bench/tree.ts'] },
  { name: 'search', args: ['--expose-gc', ...tsx, 'bench/search.ts'] },
  { name: 'requests', args: ['--expose-gc', ...tsx, 'bench/requests.ts', ...(quick ? ['--quick'] : [])] },
  { name: 'memory', args: ['--expose-gc', ...tsx, 'bench/memory.ts', ...(quick ? ['--quick'] : [])] },
  { name: 'review', args: [...tsx, 'bench/review.ts'] },
  { name: 'activation', args: ['bench/activation.mjs'] },
  { name: 'e2e', args: ['bench/e2e.mjs'] },
];

const T0 = Date.now();
const rows = [];
let crashed = 0;

// The code-server benches need the e2e harness: install it first (with its progress shown), and
// when that fails, say so for each of them instead of running (or skipping) them.
const NEEDS_CODE_SERVER = new Set(['activation', 'e2e']);
let setupFailure;
if (BENCHES.some((b) => NEEDS_CODE_SERVER.has(b.name) && (!only || only.test(b.name)))) {
  console.log('\n━━━━ setup (scripts/setup-e2e.sh) ━━━━');
  const { setup } = await import('../test/e2e/lib/env.mjs');
  try {
    setup();
  } catch (e) {
    setupFailure = e?.message ?? String(e);
    console.log(`bench: ${setupFailure}: the activation and e2e benches cannot run`);
  }
}

for (const b of BENCHES) {
  if (only && !only.test(b.name)) continue;
  if (setupFailure && NEEDS_CODE_SERVER.has(b.name)) {
    crashed++;
    rows.push({ bench: b.name, ms: 0, setupFailure });
    continue;
  }
  console.log(`\n━━━━ ${b.name} ━━━━`);
  const file = path.join(RESULTS_DIR, `${b.name}.json`);
  fs.rmSync(file, { force: true });
  const t = Date.now();
  const r = spawnSync(process.execPath, b.args, { cwd: ROOT, stdio: 'inherit' });
  const ms = Date.now() - t;
  let res;
  try {
    res = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    res = undefined;
  }
  if (r.status !== 0 || !res) crashed++;
  rows.push({ bench: b.name, ms, status: r.status, res });
}

const lines = [];
let pass = 0;
let miss = 0;
const skipped = [];
console.log('\n━━━━ summary ━━━━');
lines.push('| bench | figure | value | target | result |', '|---|---|---|---|---|');
for (const { bench, ms, status, res, setupFailure: why } of rows) {
  if (why) {
    console.log(`NOT RUN ${bench}: ${why}`);
    lines.push(`| ${bench} | (not run: ${why}) | | | SETUP FAILED |`);
    continue;
  }
  if (!res) {
    console.log(`CRASH  ${bench} (exit ${status}, ${(ms / 1000).toFixed(1)} s)`);
    lines.push(`| ${bench} | (crashed, exit ${status}) | | | CRASH |`);
    continue;
  }
  if (res.skipped) {
    skipped.push(`${bench}: ${res.skipped}`);
    console.log(`SKIP   ${bench}: ${res.skipped}`);
    lines.push(`| ${bench} | ${res.skipped} | | | SKIPPED |`);
    continue;
  }
  for (const f of res.figures) {
    const result = f.pass === undefined ? '' : f.pass ? 'PASS' : 'MISS';
    if (f.pass === true) pass++;
    if (f.pass === false) miss++;
    if (f.target) console.log(`${result.padEnd(6)} ${bench.padEnd(10)} ${f.label}: ${fmt(f.value, f.unit)} (target ${f.target.text})`);
    lines.push(`| ${bench} | ${f.label} | ${fmt(f.value, f.unit)} | ${f.target ? f.target.text : '—'} | ${result || 'info'} |`);
  }
  console.log(`       ${bench.padEnd(10)} took ${(ms / 1000).toFixed(1)} s`);
}
const total = ((Date.now() - T0) / 1000).toFixed(0);
const notRun = rows.filter((r) => r.setupFailure).length;
const summary = `${pass} targets met, ${miss} missed${skipped.length ? `, ${skipped.length} bench(es) skipped` : ''}${crashed - notRun ? `, ${crashed - notRun} crashed` : ''}${notRun ? `, ${notRun} not run (setup failed)` : ''}; total ${total} s`;
fs.mkdirSync(RESULTS_DIR, { recursive: true });
fs.writeFileSync(path.join(RESULTS_DIR, 'summary.md'), `${lines.join('\n')}\n\n${summary} (${new Date().toISOString()}, node ${process.version})\n`);
console.log(`\nbench: ${notRun ? 'SETUP FAILED' : miss || crashed ? 'MISS' : 'PASS'} — ${summary}`);
if (crashed || (strict && miss)) process.exitCode = 1;
