#!/usr/bin/env node
// Bundle size: production build with an esbuild metafile, then the VSIX packaged by vsce and
// recompressed as `npm run package` does (scripts/vsixRecompress.mjs).
// Targets: extension host code loaded at startup (dist/extension.js, the activation shell, +
// dist/core.js) < 150 KB minified, VSIX < 300 KB; the lazy parts (esbuild.js HOST_BUNDLES) and
// the total are reported. Lists the largest contributors.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { createReport, ROOT } from './report.mjs';

const KB = 1024;
const report = createReport('bundle');

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  return `${r.stdout}${r.stderr}`;
}

console.log('bundle: production build (node esbuild.js --production --metafile)');
run(process.execPath, ['esbuild.js', '--production', '--metafile'], 'esbuild');
const size = (rel) => {
  const buf = fs.readFileSync(path.join(ROOT, rel));
  return { bytes: buf.length, gz: zlib.gzipSync(buf, { level: 9 }).length };
};
// The host bundles as esbuild.js lists them (load order; `startup` = loaded at activation or for
// the everyday path: the budget), each with its own metafile.
const { HOST_BUNDLES } = createRequire(import.meta.url)(path.join(ROOT, 'esbuild.js'));
const bundles = HOST_BUNDLES.map((b) => ({ ...b, ...size(`dist/${b.name}.js`) }));
const sum = (list, k) => list.reduce((s, b) => s + b[k], 0);
const startup = bundles.filter((b) => b.startup);
const lazy = bundles.filter((b) => !b.startup);
for (const b of bundles) report.info(`dist/${b.name}.js (${b.startup ? 'startup' : 'lazy, loaded on first use'}): ${fmt1(b.bytes / KB)} KB (${fmt1(b.gz / KB)} KB gzipped)`);
report.figure('bundle.startupJs', `extension host code loaded at startup, ${startup.map((b) => `dist/${b.name}.js`).join(' + ')} (minified)`, sum(startup, 'bytes') / KB, 'KB', { op: '<', value: 150 }, `${fmt1(sum(startup, 'gz') / KB)} KB gzipped`);
report.figure('bundle.lazyJs', `lazy parts, ${lazy.map((b) => `dist/${b.name}.js`).join(' + ')} (minified)`, sum(lazy, 'bytes') / KB, 'KB', undefined, `${fmt1(sum(lazy, 'gz') / KB)} KB gzipped`);
report.figure('bundle.totalJs', 'all extension host code, startup + lazy (minified)', sum(bundles, 'bytes') / KB, 'KB', undefined, `${fmt1(sum(bundles, 'gz') / KB)} KB gzipped`);
const shell = bundles.find((b) => b.name === 'extension');
report.figure('bundle.shellJs', 'activation shell dist/extension.js (all that activate() evaluates)', shell.bytes / KB, 'KB', { op: '<', value: 10 });

// Largest contributors from the core's metafile: by package (node_modules/<pkg>) and by source file.
const meta = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist/core.meta.json'), 'utf8'));
const outKey = Object.keys(meta.outputs).find((k) => k.endsWith('core.js'));
const inputs = meta.outputs[outKey].inputs;
const byGroup = new Map();
const byFile = [];
for (const [file, { bytesInOutput }] of Object.entries(inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  const group = m ? m[1] : file.startsWith('src/') ? `src/${file.split('/')[1].replace(/\.ts$/, '')}` : file;
  byGroup.set(group, (byGroup.get(group) ?? 0) + bytesInOutput);
  byFile.push([file, bytesInOutput]);
}
const groups = [...byGroup].sort((a, b) => b[1] - a[1]);
const totalIn = groups.reduce((s, [, b]) => s + b, 0);
report.info(`largest contributors to dist/core.js (esbuild metafile, bytes in output; total ${fmt1(totalIn / KB)} KB, rest is bundler glue):`);
for (const [g, b] of groups.slice(0, 10)) report.info(`  ${fmt1(b / KB).padStart(6)} KB  ${(100 * b / totalIn).toFixed(0).padStart(3)}%  ${g}`);
report.info('largest files:');
for (const [f, b] of byFile.sort((a, b) => b[1] - a[1]).slice(0, 8)) report.info(`  ${fmt1(b / KB).padStart(6)} KB  ${f}`);
const results = { contributors: groups.slice(0, 10).map(([name, b]) => ({ name, kb: +(b / KB).toFixed(1) })) };

// The webview script is a separate bundle that also ships in the VSIX.
const details = path.join(ROOT, 'media/dist/details.js');
if (fs.existsSync(details)) {
  report.info(`media/dist/details.js (webview bundle, also in the VSIX): ${fmt1(fs.statSync(details).size / KB)} KB; largest contributors:`);
  const dmetaFile = path.join(ROOT, 'dist/details.meta.json');
  if (fs.existsSync(dmetaFile)) {
    const dmeta = JSON.parse(fs.readFileSync(dmetaFile, 'utf8'));
    const dkey = Object.keys(dmeta.outputs).find((k) => k.endsWith('details.js'));
    const dg = new Map();
    for (const [file, { bytesInOutput }] of Object.entries(dmeta.outputs[dkey].inputs)) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
      const g = m ? m[1] : file;
      dg.set(g, (dg.get(g) ?? 0) + bytesInOutput);
    }
    const top = [...dg].sort((a, b) => b[1] - a[1]).slice(0, 6);
    for (const [g, b] of top) report.info(`  ${fmt1(b / KB).padStart(6)} KB  ${g}`);
    results.webviewContributors = top.map(([name, b]) => ({ name, kb: +(b / KB).toFixed(1) }));
  }
}

// VSIX.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'devin-bench-'));
try {
  const vsix = path.join(tmp, 'devin-vscode.vsix');
  console.log('bundle: packaging the VSIX (vsce package --no-dependencies)');
  const vsce = path.join(ROOT, 'node_modules/.bin/vsce');
  const args = ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', vsix];
  if (fs.existsSync(vsce)) run(vsce, args, 'vsce package');
  else run('npx', ['vsce', ...args], 'npx vsce package');
  const vsceBytes = fs.statSync(vsix).size;
  // The VSIX that ships (`npm run package`): vsce's, each entry recompressed with Zopfli.
  console.log('bundle: recompressing the VSIX (scripts/vsixRecompress.mjs)');
  run(process.execPath, ['scripts/vsixRecompress.mjs', vsix], 'scripts/vsixRecompress.mjs');
  const vsixBytes = fs.statSync(vsix).size;
  report.info(`VSIX as vsce packs it (zlib, data descriptors): ${fmt1(vsceBytes / KB)} KB; recompressed with Zopfli as \`npm run package\` ships it: ${fmt1(vsixBytes / KB)} KB (${fmt1((vsceBytes - vsixBytes) / KB)} KB less)`);
  results.vsixVsceBytes = vsceBytes;
  results.vsixBytes = vsixBytes;
  report.figure('bundle.vsix', 'VSIX (as `npm run package` ships it)', vsixBytes / KB, 'KB', { op: '<', value: 300 });
  const list = spawnSync('unzip', ['-lv', vsix], { encoding: 'utf8' });
  if (list.status === 0) {
    // unzip -lv: Length Method Size Cmpr Date Time CRC-32 Name
    const entries = list.stdout.split('\n').map((l) => l.trim().split(/\s+/))
      .filter((p) => p.length >= 8 && /^\d+$/.test(p[0]) && /^\d+$/.test(p[2]))
      .map((p) => ({ name: p.slice(7).join(' '), size: +p[0], packed: +p[2] }))
      .sort((a, b) => b.packed - a.packed);
    report.info(`VSIX entries by compressed size (${entries.length} files):`);
    for (const e of entries.slice(0, 8)) report.info(`  ${fmt1(e.packed / KB).padStart(6)} KB  (${fmt1(e.size / KB)} KB raw)  ${e.name}`);
    results.vsixEntries = entries.slice(0, 8);
    const maps = entries.filter((e) => e.name.endsWith('.map'));
    if (maps.length) {
      const kb = maps.reduce((s, e) => s + e.packed, 0) / KB;
      report.info(`NOTE: the VSIX ships ${maps.length} source map(s) (${fmt1(kb)} KB compressed): ${maps.map((e) => e.name).join(', ')}.`);
      report.info('      A stale map from a development build survives `--production` (sourcemap off does not delete it), and');
      report.info("      .vscodeignore's `media/dist/*.map` line does not keep it out (the `!media/**` negation wins in vsce).");
      results.vsixMaps = maps;
    }
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench/results/bundle-contributors.json'), JSON.stringify(results, null, 2));
report.finish();

function fmt1(n) {
  return n.toFixed(1);
}
