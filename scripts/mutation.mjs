#!/usr/bin/env node
// Mutation testing of the whole scope, one Stryker run per group (issue 13, section 8).
//
//   npm run test:mutation                          every group, then the total
//   npm run test:mutation -- --group api-client    one group (repeatable), then the total
//   npm run test:mutation -- --report-only         no Stryker run: aggregate reports/mutation/<group>.json
//   options passed on to Stryker: --concurrency <n>, --force (ignore the incremental files)
//   --threshold <percent> (default 90)
//
// Globs are expanded with `glob`, the matcher the tap runner uses (minimatch semantics, as Stryker's
// `mutate`).
//
// Why groups: one Stryker run over the whole scope runs, for each mutant, every test *file* that
// covers it (the tap runner's unit of coverage is a file), and the slow files (client, store,
// reliability) cover most of the scope; on this shared 2-core machine that was about 2 mutants a
// minute. A group (mutation/groups/<name>.json) names the source files it mutates and the test files
// that may kill their mutants:
//
//   { "mutate": ["src/util/redact.ts"], "testFiles": ["test/unit/redact.test.ts"], "note": "why" }
//
// Focusing the test files is conservative: fewer tests can only kill fewer mutants, so a group's
// score is a lower bound of what the whole suite would give. Each group keeps its own report
// (reports/mutation/<group>.json and .html) and incremental file (reports/mutation/incremental/),
// so a rerun only runs the mutants whose code or tests changed.
//
// After the runs, the reports of all groups are aggregated: a table per file, the total score
// (Stryker's definition: (killed + timeout) / (killed + timeout + survived + no coverage)) and every
// surviving or uncovered mutant. The groups must cover every file of the scope (the `mutate` list of
// stryker.config.json) exactly once; a file in no group, in two groups, or a group file outside the
// scope fails the run. Exit code 1 below the threshold, when a group run fails, or when a group has
// no report.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { globSync } from 'glob';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const groupsDir = path.join(root, 'mutation', 'groups');
const reportsDir = path.join(root, 'reports', 'mutation');

function fail(message) {
  console.error(`mutation: ${message}`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { groups: [], reportOnly: false, force: false, concurrency: undefined, threshold: 90 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value`);
      return v;
    };
    if (a === '--group') opts.groups.push(...value().split(','));
    else if (a === '--report-only') opts.reportOnly = true;
    else if (a === '--force') opts.force = true;
    else if (a === '--concurrency') opts.concurrency = Number(value());
    else if (a === '--threshold') opts.threshold = Number(value());
    else if (a === '--help' || a === '-h') {
      console.log(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 7).join('\n'));
      process.exit(0);
    } else fail(`unknown option ${a}`);
  }
  if (opts.concurrency !== undefined && !(Number.isInteger(opts.concurrency) && opts.concurrency > 0)) {
    fail('--concurrency must be a positive integer');
  }
  if (!Number.isFinite(opts.threshold)) fail('--threshold must be a number');
  return opts;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    fail(`cannot read ${path.relative(root, file)}: ${err.message}`);
  }
}

function expand(globs) {
  return globSync(globs, { cwd: root, nodir: true, posix: true, ignore: ['**/node_modules/**'] }).map((f) => f.split(path.sep).join('/')).sort();
}

function loadGroups() {
  if (!fs.existsSync(groupsDir)) fail('no mutation/groups directory');
  const groups = [];
  for (const file of fs.readdirSync(groupsDir).filter((f) => f.endsWith('.json')).sort()) {
    const name = file.slice(0, -'.json'.length);
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) fail(`group file name ${file}: use lower case, digits and -`);
    const g = readJson(path.join(groupsDir, file));
    for (const key of ['mutate', 'testFiles']) {
      if (!Array.isArray(g[key]) || g[key].length === 0 || !g[key].every((s) => typeof s === 'string')) {
        fail(`${file}: "${key}" must be a non-empty list of globs`);
      }
    }
    const files = expand(g.mutate);
    const tests = expand(g.testFiles);
    if (files.length === 0) fail(`${file}: "mutate" matches no file`);
    if (tests.length === 0) fail(`${file}: "testFiles" matches no file`);
    groups.push({ name, mutate: g.mutate, testFiles: g.testFiles, note: g.note ?? '', files, tests });
  }
  if (groups.length === 0) fail('no group in mutation/groups');
  return groups;
}

/** Every scope file in exactly one group, and no group file outside the scope. */
function checkCoverage(base, groups) {
  const scope = expand(base.mutate);
  const owners = new Map(scope.map((f) => [f, []]));
  const problems = [];
  for (const g of groups) {
    for (const f of g.files) {
      if (!owners.has(f)) problems.push(`${f} (group ${g.name}) is outside the scope of stryker.config.json`);
      else owners.get(f).push(g.name);
    }
  }
  for (const [f, names] of owners) {
    if (names.length === 0) problems.push(`${f} is in no group`);
    if (names.length > 1) problems.push(`${f} is in ${names.length} groups: ${names.join(', ')}`);
  }
  return { scope, owners, problems };
}

function groupConfig(base, g, opts) {
  const { $schema: _schema, ...rest } = base;
  return {
    ...rest,
    mutate: g.mutate,
    tap: { ...base.tap, testFiles: g.testFiles },
    reporters: ['clear-text', 'progress', 'html', 'json'],
    htmlReporter: { fileName: `reports/mutation/${g.name}.html` },
    jsonReporter: { fileName: `reports/mutation/${g.name}.json` },
    incremental: true,
    incrementalFile: `reports/mutation/incremental/${g.name}.json`,
    force: opts.force,
    tempDirName: `.stryker-tmp-${g.name}`,
    // Stryker leaves out only its own temp dir: without this, groups running side by side copy
    // each other's sandboxes (and fail when one is deleted midway).
    ignorePatterns: [...(base.ignorePatterns ?? []), '/.stryker-tmp*'],
    ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
  };
}

function formatDuration(seconds) {
  const whole = Math.round(seconds);
  const m = Math.floor(whole / 60);
  const s = whole - m * 60;
  return m ? `${m} min ${s} s` : `${s} s`;
}

/** A hash per file of the group (sources and tests), to tell whether a report is stale. */
function hashes(g) {
  const out = {};
  for (const f of [...g.files, ...g.tests]) {
    out[f] = crypto.createHash('sha256').update(fs.readFileSync(path.join(root, f))).digest('hex');
  }
  return out;
}

function runGroup(base, g, opts) {
  fs.mkdirSync(path.join(reportsDir, 'incremental'), { recursive: true });
  const configFile = path.join(reportsDir, `${g.name}.config.json`);
  fs.writeFileSync(configFile, JSON.stringify(groupConfig(base, g, opts), null, 2));
  console.log(`\n=== group ${g.name}: ${g.files.length} file(s), ${g.tests.length} test file(s)`);
  const before = hashes(g);
  const startedAt = new Date();
  const stryker = path.join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
  const res = spawnSync(process.execPath, [stryker, 'run', path.relative(root, configFile)], {
    cwd: root,
    stdio: 'inherit',
  });
  const seconds = (Date.now() - startedAt.getTime()) / 1000;
  fs.writeFileSync(
    path.join(reportsDir, `${g.name}.run.json`),
    JSON.stringify({ group: g.name, startedAt: startedAt.toISOString(), seconds, exitCode: res.status, hashes: before }, null, 2),
  );
  console.log(`=== group ${g.name}: ${formatDuration(seconds)}, exit code ${res.status}`);
  return res.status === 0;
}

const COUNTED = ['Killed', 'Timeout', 'Survived', 'NoCoverage'];

function tally(mutants) {
  const t = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, errors: 0, total: mutants.length };
  for (const m of mutants) {
    if (m.status in t && m.status !== 'errors' && m.status !== 'total') t[m.status]++;
    else t.errors++; // CompileError, RuntimeError, Pending: not in the score (as in Stryker)
  }
  return t;
}

function score(t) {
  const detected = t.Killed + t.Timeout;
  const valid = detected + t.Survived + t.NoCoverage;
  return valid === 0 ? null : (100 * detected) / valid;
}

function pct(s) {
  return s === null ? 'n/a' : `${s.toFixed(2)}%`;
}

function aggregate(groups, coverage, threshold) {
  const rows = [];
  const survivors = [];
  const problems = [];
  const timings = [];
  for (const g of groups) {
    const reportFile = path.join(reportsDir, `${g.name}.json`);
    if (!fs.existsSync(reportFile)) {
      problems.push(`group ${g.name} has no report (run: npm run test:mutation -- --group ${g.name})`);
      for (const f of g.files) rows.push({ file: f, group: g.name, t: null });
      continue;
    }
    const report = readJson(reportFile);
    const runFile = path.join(reportsDir, `${g.name}.run.json`);
    const run = fs.existsSync(runFile) ? readJson(runFile) : undefined;
    if (!run) {
      problems.push(`group ${g.name}: no ${g.name}.run.json next to its report (not made by this script; rerun it)`);
    } else {
      timings.push(run);
      const now = hashes(g);
      const changed = Object.keys({ ...now, ...run.hashes }).filter((f) => now[f] !== run.hashes?.[f]);
      if (changed.length) {
        problems.push(`group ${g.name}: stale report, changed since its run: ${changed.join(', ')} (rerun the group)`);
      }
      if (run.exitCode !== 0) problems.push(`group ${g.name}: its last Stryker run exited with ${run.exitCode}`);
    }
    for (const f of g.files) {
      const entry = report.files?.[f] ?? report.files?.[path.join(root, f)];
      const mutants = entry?.mutants ?? [];
      const t = tally(mutants);
      rows.push({ file: f, group: g.name, t });
      for (const m of mutants) {
        if (m.status === 'Survived' || m.status === 'NoCoverage') {
          const { line, column } = m.location.start;
          const original = entry.source
            ? entry.source.split('\n')[line - 1]?.trim().slice(0, 70)
            : '';
          survivors.push({
            where: `${f}:${line}:${column}`,
            status: m.status,
            mutator: m.mutatorName,
            replacement: (m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 70),
            original,
          });
        }
      }
    }
  }

  const total = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, errors: 0, total: 0 };
  console.log('\n| file | group | score | killed | timeout | survived | no coverage | ignored |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    if (!r.t) {
      console.log(`| ${r.file} | ${r.group} | no report | | | | | |`);
      continue;
    }
    for (const k of Object.keys(total)) total[k] += r.t[k];
    console.log(
      `| ${r.file} | ${r.group} | ${pct(score(r.t))} | ${r.t.Killed} | ${r.t.Timeout} | ${r.t.Survived} | ${r.t.NoCoverage} | ${r.t.Ignored} |`,
    );
  }
  const totalScore = score(total);
  console.log(
    `| **all** | | **${pct(totalScore)}** | ${total.Killed} | ${total.Timeout} | ${total.Survived} | ${total.NoCoverage} | ${total.Ignored} |`,
  );
  console.log(`\n${COUNTED.map((k) => total[k]).reduce((a, b) => a + b, 0)} mutants in the score, ${total.Ignored} ignored (static), ${total.errors} compile/runtime errors.`);

  if (timings.length) {
    console.log('\nRuntime of the last run of each group:');
    let sum = 0;
    for (const t of timings) {
      sum += t.seconds;
      console.log(`  ${t.group}: ${formatDuration(t.seconds)} (started ${t.startedAt}, exit ${t.exitCode})`);
    }
    console.log(`  sum: ${formatDuration(sum)}`);
  }

  if (survivors.length) {
    console.log(`\nSurvivors (${survivors.length}):`);
    for (const s of survivors) {
      console.log(`  ${s.where} [${s.status}] ${s.mutator}: \`${s.original}\` -> \`${s.replacement}\``);
    }
  }

  problems.push(...coverage.problems);
  if (problems.length) {
    console.error('\nProblems:');
    for (const p of problems) console.error(`  - ${p}`);
  }
  const below = totalScore === null || totalScore < threshold;
  const verdict = below ? 'FAIL (below the threshold)' : problems.length ? 'FAIL (see the problems above)' : 'pass';
  console.log(`\nTotal mutation score ${pct(totalScore)} (threshold ${threshold}%): ${verdict}`);
  return !below && problems.length === 0;
}

const opts = parseArgs(process.argv.slice(2));
const base = readJson(path.join(root, 'stryker.config.json'));
const groups = loadGroups();
const coverage = checkCoverage(base, groups);
if (coverage.problems.length) {
  console.error('mutation: the groups do not cover the scope exactly once:');
  for (const p of coverage.problems) console.error(`  - ${p}`);
  // Running chosen groups is still allowed (the total then fails); running everything is not.
  if (!opts.groups.length && !opts.reportOnly) process.exit(2);
}
for (const name of opts.groups) {
  if (!groups.some((g) => g.name === name)) fail(`no group named ${name} (see mutation/groups/)`);
}

let runsOk = true;
if (!opts.reportOnly) {
  const selected = opts.groups.length ? groups.filter((g) => opts.groups.includes(g.name)) : groups;
  const started = Date.now();
  for (const g of selected) runsOk = runGroup(base, g, opts) && runsOk;
  console.log(`\nStryker runs: ${formatDuration((Date.now() - started) / 1000)} for ${selected.length} group(s).`);
}
const ok = aggregate(groups, coverage, opts.threshold);
process.exit(ok && runsOk ? 0 : 1);
