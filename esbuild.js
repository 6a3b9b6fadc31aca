// Bundles the extension host code (the activation shell src/extension.ts -> dist/extension.js,
// the rest src/core.ts -> dist/core.js, loaded by the shell on first need) and the details webview script (src/webview/client/main.ts -> media/dist/details.js).
// Usage: node esbuild.js [--production] [--watch] [--metafile]
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const wantMeta = process.argv.includes('--metafile');

/** @type {import('esbuild').Plugin} */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
  metafile: wantMeta,
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
  plugins: watch ? [problemMatcher] : [],
};

/**
 * `import * as vscode from 'vscode'` in N source files makes esbuild's CommonJS interop (__toESM)
 * copy every property of the API object N times when the bundle loads. Routing 'vscode' through
 * one virtual ES module (`export * from 'vscode'`) makes that one copy per bundle. (The shell,
 * src/extension.ts, imports names only, which esbuild leaves as a plain require.)
 * @type {import('esbuild').Plugin}
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' });
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

/**
 * In the extension host, @vscode/l10n is a second copy of what vscode.l10n already does: the core
 * configures it with vscode.l10n.bundle (src/util/l10n.ts), so both answer from the same bundle.
 * The core's bundle maps it onto vscode.l10n (2 KB less, and no file reader of its own). The
 * webview bundle and the Node tests keep the real library.
 * @type {import('esbuild').Plugin}
 */
const l10nFromVscode = {
  name: 'l10n-from-vscode',
  setup(build) {
    build.onResolve({ filter: /^@vscode\/l10n$/ }, () => ({ path: '@vscode/l10n', namespace: 'l10n-from-vscode' }));
    build.onLoad({ filter: /.*/, namespace: 'l10n-from-vscode' }, () => ({
      contents: "import { l10n } from 'vscode'; export function t(...args) { return l10n.t(...args); } export function config() {}",
      loader: 'js',
      resolveDir: __dirname,
    }));
  },
};

/**
 * markdown-it (details webview) imports decodeHTML and decodeHTMLStrict from `entities`, whose
 * decoder carries a 47 KB table of HTML's named references (19 KB of the VSIX). The webview has
 * the same list in its own HTML parser: src/webview/client/entities.ts decodes with it
 * (test/unit/entities.test.ts proves it equal to the package for every name). Node keeps the package.
 * @type {import('esbuild').Plugin}
 */
const entitiesFromBrowser = {
  name: 'entities-from-browser',
  setup(build) {
    build.onResolve({ filter: /^entities$/ }, () => ({ path: path.join(__dirname, 'src/webview/client/entities.ts') }));
  },
};

/**
 * markdown-it rules that never run in the details webview: src/webview/render.ts sets html: false
 * and typographer: false, and these rules return at once then (raw HTML blocks and inline tags;
 * replacements and smart quotes). 2 KB of the VSIX. Each is replaced by a rule that returns at
 * once too, and throws if its option is ever turned on, so such a change fails loudly.
 * @type {import('esbuild').Plugin}
 */
const markdownItUnusedRules = {
  name: 'markdown-it-unused-rules',
  setup(build) {
    const rules = /[\\/]markdown-it[\\/]lib[\\/](?:rules_core[\\/](?:replacements|smartquotes)|rules_block[\\/]html_block|rules_inline[\\/]html_inline)\.mjs$/;
    build.onLoad({ filter: rules }, (args) => {
      const option = /rules_core/.test(args.path) ? 'typographer' : 'html';
      const error = JSON.stringify(`markdown-it's ${option} option is left out of media/dist/details.js (esbuild.js)`);
      return { contents: `export default function (state) { if (state.md.options.${option}) throw new Error(${error}); return false; }`, loader: 'js' };
    });
  },
};

/**
 * The details view's icons (media/icons/*.svg, CSS masks painted in the text colour) as one
 * sprite, media/dist/icons.svg (16 px apart, in file name order), and the CSS that shows each:
 * added to the built media/dist/details.css as `.icon-<file name>`, a position in the sprite.
 * One file in the VSIX instead of 14 (4 KB less: small files compress badly, and each costs a
 * zip entry).
 * @type {import('esbuild').Plugin}
 */
const iconSprite = {
  name: 'icon-sprite',
  setup(build) {
    build.onLoad({ filter: /[\\/]media[\\/]details\.css$/ }, async (args) => {
      const dir = path.join(__dirname, 'media/icons');
      const names = fs.readdirSync(dir).filter((f) => f.endsWith('.svg')).sort().map((f) => f.slice(0, -4));
      const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16"';
      const parts = names.map((name, i) => {
        const text = fs.readFileSync(path.join(dir, `${name}.svg`), 'utf8').trim();
        if (!text.startsWith(svg)) throw new Error(`media/icons/${name}.svg: expected a 16 × 16 icon starting with ${svg}`);
        return `<svg x="${16 * i}"${text.slice(svg.indexOf(' width'))}`;
      });
      fs.mkdirSync(path.join(__dirname, 'media/dist'), { recursive: true });
      fs.writeFileSync(path.join(__dirname, 'media/dist/icons.svg'),
        `<svg xmlns="http://www.w3.org/2000/svg" width="${16 * names.length}" height="16" viewBox="0 0 ${16 * names.length} 16">${parts.join('')}</svg>\n`);
      // Showing icon i of n: the sprite is n boxes wide, shifted by i boxes (i / (n − 1) of the slack).
      const size = `${100 * names.length}% 100%`;
      const rules = [`.icon { -webkit-mask-image: url(icons.svg); mask-image: url(icons.svg); -webkit-mask-size: ${size}; mask-size: ${size}; }`,
        ...names.map((name, i) => {
          const x = `${names.length > 1 ? +((100 * i) / (names.length - 1)).toFixed(4) : 0}% 0`;
          return `.icon-${name} { -webkit-mask-position: ${x}; mask-position: ${x}; }`;
        })];
      const css = await fs.promises.readFile(args.path, 'utf8');
      return { contents: `${css}\n${rules.join('\n')}\n`, loader: 'css', watchFiles: names.map((n) => path.join(dir, `${n}.svg`)) };
    });
  },
};

// charset utf8: non-ASCII text (…, →, ×, translations' quotes) stays as written instead of \u escapes.
const host = { format: 'cjs', platform: 'node', target: 'node20', mainFields: ['module', 'main'], charset: 'utf8' };

const targets = [
  // The activation shell: registers forwarders and requires ./core.js on first need.
  { ...common, ...host, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', './core.js'] },
  // The extension proper (everything the shell forwards to).
  { ...common, ...host, entryPoints: ['src/core.ts'], outfile: 'dist/core.js', plugins: [...common.plugins, vscodeOnce, l10nFromVscode] },
  {
    ...common,
    entryPoints: ['src/webview/client/main.ts'],
    outfile: 'media/dist/details.js',
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    plugins: [...common.plugins, entitiesFromBrowser, markdownItUnusedRules],
  },
  // The details webview's styles, minified (media/details.css -> media/dist/details.css), and the icon sprite.
  { ...common, bundle: false, entryPoints: ['media/details.css'], outfile: 'media/dist/details.css', plugins: [...common.plugins, iconSprite] },
];

/** A production build leaves no source map of an earlier development build behind. */
function removeStaleMaps() {
  for (const dir of ['dist', 'media/dist']) {
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir)) if (f.endsWith('.map')) fs.rmSync(path.join(dir, f));
  }
}

async function main() {
  if (production) removeStaleMaps();
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  const results = await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  if (wantMeta) {
    fs.mkdirSync('dist', { recursive: true });
    results.forEach((r, i) => {
      const name = path.basename(targets[i].outfile, '.js');
      fs.writeFileSync(path.join('dist', `${name}.meta.json`), JSON.stringify(r.metafile));
    });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
