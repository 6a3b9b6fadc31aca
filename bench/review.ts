// Review Changes on a 300-file pull request, on a real repository in a temp folder:
//   - listing the changed files (status, renames, +/-, binary) after the fetch: < 1 s
//   - opening one file's diff (both sides' contents, as the devin-pr: provider reads them): < 300 ms
// Both also as ratios to a plain `git diff --name-status <base> <head>` of the same refs in the
// same run, so a slow machine shows as a slow baseline, not as a regression.
//   node --import tsx bench/review.ts
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { git } from '../src/review/git';
import { fetchPr, listChangesUncached, parsePrUrl, readAt } from '../src/review/prChanges';
import { createFixture, write } from '../test/support/gitFixture';
import { createReport, fmt, median } from './report.mjs';

const FILES = 300;
const RUNS = 7;
const report = createReport('review');

async function main(): Promise<void> {
const fx = createFixture();
try {
  // 300 files changed by the PR: 240 edited (of 80-line files), 40 added, 20 renamed with an edit.
  const body = (i: number, tag: string) => Array.from({ length: 80 }, (_, l) => `file ${i} line ${l + 1}${l === 40 ? ` ${tag}` : ''}`).join('\n') + '\n';
  const sh = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
  sh(fx.seed, 'checkout', '-q', 'main');
  for (let i = 0; i < 260; i++) write(fx.seed, `src/mod${i % 10}/file${i}.ts`, body(i, 'base'));
  sh(fx.seed, 'add', '-A');
  sh(fx.seed, 'commit', '-q', '-m', 'many files');
  sh(fx.seed, 'push', '-q', 'origin', 'main');
  sh(fx.seed, 'checkout', '-q', '-B', 'pr', 'main');
  for (let i = 0; i < 240; i++) write(fx.seed, `src/mod${i % 10}/file${i}.ts`, body(i, 'changed by the PR'));
  for (let i = 0; i < 40; i++) write(fx.seed, `src/new/added${i}.ts`, body(1000 + i, 'new'));
  mkdirSync(path.join(fx.seed, 'src/moved'), { recursive: true });
  for (let i = 240; i < 260; i++) {
    sh(fx.seed, 'mv', `src/mod${i % 10}/file${i}.ts`, `src/moved/file${i}.ts`);
    write(fx.seed, `src/moved/file${i}.ts`, body(i, 'moved'));
  }
  const head = fx.pushPr(300);
  const pr = parsePrUrl('https://github.com/acme/web/pull/300')!;
  const t0 = performance.now();
  const fetched = await fetchPr(fx.clone, 'origin', pr);
  report.info(`fetch of pull/300/head and main into private refs: ${fmt(performance.now() - t0, 'ms')} (local bare repository)`);
  if (fetched.head !== head) throw new Error('fetched the wrong head');

  const time = async (fn: () => Promise<unknown>) => {
    const xs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await fn();
      xs.push(performance.now() - t);
    }
    return median(xs);
  };
  const baseline = await time(() => git(['diff', '--name-status', fetched.base, fetched.head], { cwd: fx.clone }));
  let count = 0;
  const list = await time(async () => {
    count = (await listChangesUncached(fx.clone, fetched.base, fetched.head)).length;
  });
  if (count !== FILES) throw new Error(`expected ${FILES} changed files, listed ${count}`);
  const changes = await listChangesUncached(fx.clone, fetched.base, fetched.head);
  const one = changes.find((c) => c.status === 'R')!;
  const open = await time(() => Promise.all([readAt(fx.clone, fetched.base, one.oldPath ?? one.path), readAt(fx.clone, fetched.head, one.path)]));
  report.info(`median of ${RUNS} runs; ${count} files (${changes.filter((c) => c.status === 'R').length} renames, ${changes.filter((c) => c.status === 'A').length} added)`);
  report.figure('baseline', 'git diff --name-status (baseline)', baseline, 'ms');
  report.figure('list', `list ${FILES} changed files (raw + numstat, renames)`, list, 'ms', { op: '<', value: 1000 });
  report.figure('listRatio', 'list / baseline', list / baseline, '×');
  report.figure('open', 'open one file diff (both sides read)', open, 'ms', { op: '<', value: 300 });
  report.figure('openRatio', 'open / baseline', open / baseline, '×');
} finally {
  fx.cleanup();
}
}

main().then(
  () => {
    process.exitCode = report.finish();
  },
  (e) => {
    console.error(e);
    process.exitCode = 1;
  },
);
