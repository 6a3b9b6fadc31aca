// Builds the extension (production bundle) and packages the VSIX with the project's own vsce.
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT } from './env.mjs';

function run(cmd, args, what) {
  const t = Date.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(r.stdout ?? '');
    process.stderr.write(r.stderr ?? '');
    throw new Error(`${what} failed (exit ${r.status ?? r.signal})`);
  }
  return { ms: Date.now() - t, out: `${r.stdout}${r.stderr}` };
}

/**
 * Returns { vsix, buildMs, packageMs, recompressMs }.
 * @param opts.recompress  recompress the VSIX with Zopfli as `npm run package` does (the end-to-end
 *   suite installs that VSIX: the one that ships); the demo and the benches skip it (10–30 s).
 */
export function buildAndPackage(outDir, { recompress = false } = {}) {
  const vsix = path.join(outDir, 'devin-vscode.vsix');
  const b = run(process.execPath, ['esbuild.js', '--production'], 'node esbuild.js --production');
  const vsce = path.join(ROOT, 'node_modules/.bin/vsce');
  const p = run(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--skip-license', '-o', vsix],
    'vsce package');
  const z = recompress ? run(process.execPath, ['scripts/vsixRecompress.mjs', vsix], 'scripts/vsixRecompress.mjs') : undefined;
  return { vsix, buildMs: b.ms, packageMs: p.ms, recompressMs: z?.ms };
}
