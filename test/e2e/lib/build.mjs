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

/** Returns { vsix, buildMs, packageMs }. */
export function buildAndPackage(outDir) {
  const vsix = path.join(outDir, 'devin-vscode.vsix');
  const b = run(process.execPath, ['esbuild.js', '--production'], 'node esbuild.js --production');
  const vsce = path.join(ROOT, 'node_modules/.bin/vsce');
  const p = run(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--skip-license', '-o', vsix],
    'vsce package');
  return { vsix, buildMs: b.ms, packageMs: p.ms };
}
