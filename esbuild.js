// Bundles the extension host code (the activation shell src/extension.ts -> dist/extension.js,
// the core src/core.ts -> dist/core.js, loaded by the shell on first need, and the parts the core
// loads on first use, dist/view.js and dist/send.js: see HOST_BUNDLES) and the
// details webview script (src/webview/client/main.ts -> media/dist/details.js).
// It also writes the translations VS Code reads, dist/l10n (writeL10n).
// Usage: node esbuild.js [--production] [--watch] [--metafile] [--outdir DIR]
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const wantMeta = process.argv.includes('--metafile');
// --outdir DIR: the host bundles (and their metafiles) go there instead of dist/, and the webview
// script is not built (test/unit/bundles.test.ts builds into a temporary folder).
const outdirArg = process.argv.indexOf('--outdir');
const outdir = outdirArg > 0 ? process.argv[outdirArg + 1] : 'dist';

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
 * one virtual ES module (`export * from 'vscode'`) makes that one copy, in the core; the lazy
 * parts take the core's (sharedModules below). (The shell, src/extension.ts, imports names only,
 * which esbuild leaves as a plain require.)
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
 * markdown-it (details webview) asks uc.micro's 2.5 KB table of Unicode symbols (`S`) and
 * punycode.js's encoder (`toASCII`) what the browser can answer: src/webview/client/unicode.ts
 * gives both (test/unit/webviewUnicode.test.ts compares them with the packages). The other
 * categories, which linkify-it builds its patterns from, and punycode's decoder stay. 1.5 KB of
 * the VSIX. Node keeps the packages.
 * @type {import('esbuild').Plugin}
 */
const unicodeFromBrowser = {
  name: 'unicode-from-browser',
  setup(build) {
    const unicode = JSON.stringify(path.join(__dirname, 'src/webview/client/unicode.ts'));
    build.onResolve({ filter: /^(?:uc\.micro|punycode\.js)$/ }, (args) => ({ path: args.path, namespace: 'unicode-from-browser' }));
    build.onLoad({ filter: /^uc\.micro$/, namespace: 'unicode-from-browser' }, () => ({
      contents: ['Any:properties/Any', 'Cc:categories/Cc', 'Cf:categories/Cf', 'P:categories/P', 'Z:categories/Z']
        .map((e) => `export { default as ${e.split(':')[0]} } from 'uc.micro/${e.split(':')[1]}/regex.mjs';`)
        .concat(`export { S } from ${unicode};`)
        .join('\n'),
      loader: 'js',
      resolveDir: __dirname,
    }));
    build.onLoad({ filter: /^punycode\.js$/, namespace: 'unicode-from-browser' }, () => ({
      contents: `import { toUnicode } from 'punycode.js/punycode.es6.js';\nimport { toASCII } from ${unicode};\nexport default { toASCII, toUnicode };`,
      loader: 'js',
      resolveDir: __dirname,
    }));
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

/**
 * The extension host bundles, in load order. The shell (dist/extension.js) is what activate()
 * evaluates; the core (dist/core.js) is required by the shell on first need (at startup when
 * signed in); the lazy parts are required by the core the first time one of their commands,
 * views or documents is used (src/parts/*.ts). `startup: true` marks the bundles counted against
 * the 150 KB budget (test/unit/bundles.test.ts, bench/bundle.mjs).
 *
 * Each source module lives in exactly one of them: a later bundle that imports a module an
 * earlier bundle contains gets it from that bundle's `__modules` registry
 * (`require('./core.js').__modules['src/api/errors.ts']`), which Node returns from its module
 * cache, so classes (`instanceof DevinApiError`), configured state (util/l10n, util/intl) and the
 * `vscode` namespace copy are shared, not copied. See sharedModules() below.
 */
const HOST_BUNDLES = [
  { name: 'extension', entry: 'src/extension.ts', startup: true, plugins: [], external: ['vscode'] },
  { name: 'core', entry: 'src/core.ts', startup: true, plugins: [vscodeOnce, l10nFromVscode] },
  // Check Out, the details panel and the review (the panel and the review use Check Out's code).
  { name: 'view', entry: 'src/parts/viewBundle.ts', startup: false, plugins: [vscodeOnce, l10nFromVscode] },
  // New Session (Send Selection / File / Draft) and Delegate's commands (which use New Session's code).
  { name: 'send', entry: 'src/parts/sendBundle.ts', startup: false, plugins: [vscodeOnce, l10nFromVscode] },
];
const BUNDLE_FILES = new Set(HOST_BUNDLES.map((b) => `./${b.name}.js`));

/** A metafile input key: 'src/api/errors.ts', 'node_modules/ky/…', or 'namespace:path' (virtual modules). */
function inputKey(result) {
  return result.namespace === 'file' ? path.relative(__dirname, result.path).split(path.sep).join('/') : `${result.namespace}:${result.path}`;
}

/** The `export let` / `export var` of a source module: a binding that can change after it is read. */
function hasMutableExport(key) {
  if (!/^src\/.*\.ts$/.test(key)) return false;
  return /^export\s+(?:let|var)\b/m.test(fs.readFileSync(path.join(__dirname, key), 'utf8'));
}

/**
 * For bundle i: every import that resolves to a module one of the earlier bundles contains
 * (`owners`: key → bundle name) is taken from that bundle's `__modules` registry instead.
 * `./<bundle>.js` (a lazy part required by the core, or the registries) stays external.
 *
 * `plan` (the first pass, ES module output): such an import stays external as
 * `devin-shared:<owner>:<key>`, so the output names what the bundle imports from it (see
 * importedNames). Otherwise (`uses`: owner → key → names, or WHOLE): a module of a few lines
 * takes it from the registry. When the bundle imports named exports only, the module exports
 * exactly those (an ES module: esbuild then fails the build when the bundle imports a name the
 * plan did not find, e.g. a new import while `--watch` runs); a whole module (a namespace import,
 * or an `export let` whose value can change) is the registry's namespace object itself.
 * @returns {import('esbuild').Plugin}
 */
function sharedModules(owners, { plan = false, uses = new Map() } = {}) {
  return {
    name: 'shared-modules',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (BUNDLE_FILES.has(args.path)) return { path: args.path, external: true };
        if (args.pluginData === 'shared-modules' || args.kind === 'entry-point' || args.namespace === 'shared-modules') return undefined;
        const r = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, namespace: args.namespace, pluginData: 'shared-modules' });
        if (r.errors.length || r.external) return undefined;
        const key = inputKey(r);
        const owner = owners.get(key);
        if (!owner) return undefined;
        if (plan) return { path: `${SHARED}${owner}:${key}`, external: true };
        const names = uses.get(owner)?.get(key);
        if (!names) return { errors: [{ text: `${key} (in dist/${owner}.js) is not in the plan of shared modules: restart the build` }] };
        return { path: key, namespace: 'shared-modules', pluginData: { owner, names } };
      });
      build.onLoad({ filter: /.*/, namespace: 'shared-modules' }, (args) => {
        const { owner, names } = args.pluginData;
        const from = `require(${JSON.stringify(`./${owner}.js`)}).__modules[${JSON.stringify(args.path)}]`;
        if (names === WHOLE) return { contents: `module.exports = ${from};`, loader: 'js' };
        const list = [...names].sort();
        return {
          contents: `const m = ${from};\n${list.map((n, i) => `const v${i} = m[${JSON.stringify(n)}];`).join('\n')}\nexport { ${list.map((n, i) => `v${i} as ${n}`).join(', ')} };`,
          loader: 'js',
        };
      });
    },
  };
}

const SHARED = 'devin-shared:';
/** A module a later bundle uses as a whole (a namespace object), not by some of its names. */
const WHOLE = 'whole';

/**
 * What a bundle built in the plan pass (ES module output, shared modules external as
 * `devin-shared:<owner>:<key>`) imports from each shared module: names, or WHOLE. Every
 * reference to a shared module must be one of the import or export forms esbuild prints; any
 * other (a require, a dynamic import) fails the build rather than be guessed.
 * @returns {{ owner: string, key: string, names: Set<string> | typeof WHOLE }[]}
 */
function importedNames(text, bundle) {
  const found = [];
  const spec = '"devin-shared:([\\w-]+):([^"]+)"';
  const clause = (list) => list.split(',').map((s) => s.trim()).filter(Boolean).map((s) => s.split(/\s+as\s+/)[0].trim());
  const forms = [
    [new RegExp(`import\\s*\\*\\s*as\\s+[\\w$]+\\s+from\\s*${spec}`, 'g'), () => WHOLE],
    [new RegExp(`export\\s*\\*\\s*(?:as\\s+[\\w$]+\\s*)?from\\s*${spec}`, 'g'), () => WHOLE],
    [new RegExp(`import\\s*${spec}`, 'g'), () => WHOLE],
    [new RegExp(`import\\s+([\\w$]+)\\s*,\\s*\\*\\s*as\\s+[\\w$]+\\s+from\\s*${spec}`, 'g'), () => WHOLE],
    [new RegExp(`import\\s+(?:([\\w$]+)\\s*,\\s*)?\\{([^}]*)\\}\\s*from\\s*${spec}`, 'g'), (m) => new Set([...(m[1] ? ['default'] : []), ...clause(m[2])])],
    [new RegExp(`import\\s+([\\w$]+)\\s+from\\s*${spec}`, 'g'), () => new Set(['default'])],
    [new RegExp(`export\\s*\\{([^}]*)\\}\\s*from\\s*${spec}`, 'g'), (m) => new Set(clause(m[1]))],
  ];
  let matched = 0;
  for (const [re, names] of forms) {
    for (const m of text.matchAll(re)) {
      matched++;
      found.push({ owner: m[m.length - 2], key: m[m.length - 1], names: names(m) });
    }
  }
  const all = text.split('"devin-shared:').length - 1;
  if (all !== matched) throw new Error(`esbuild.js: dist/${bundle}.js refers to a shared module in a way the plan cannot read (${all} references, ${matched} imports)`);
  return found;
}

/** The entry of a bundle that others take modules from: its own entry, plus `__modules` (key → the names they use, or WHOLE). */
function registryEntry(bundle, keys) {
  const lines = [`export * from ${JSON.stringify(`./${bundle.entry}`)};`];
  const props = [];
  [...keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).forEach(([key, names], i) => {
    const file = !/^[\w-]+:/.test(key) || key.startsWith('file:');
    const spec = JSON.stringify(file ? `./${key}` : key.slice(key.indexOf(':') + 1));
    if (names === WHOLE) {
      lines.push(`import * as m${i} from ${spec};`);
      props.push(`${JSON.stringify(key)}: m${i}`);
      return;
    }
    const list = [...names].sort();
    lines.push(`import { ${list.map((n, j) => `${n} as m${i}_${j}`).join(', ')} } from ${spec};`);
    props.push(`${JSON.stringify(key)}: { ${list.map((n, j) => `${JSON.stringify(n)}: m${i}_${j}`).join(', ')} }`);
  });
  lines.push(`export const __modules = { ${props.join(', ')} };`);
  return { contents: lines.join('\n'), resolveDir: __dirname, sourcefile: `${bundle.name}-registry.js`, loader: 'js' };
}

function hostOptions(bundle, owners, shared, registry) {
  return {
    ...common,
    ...host,
    ...(registry ? { stdin: registryEntry(bundle, registry) } : { entryPoints: [bundle.entry] }),
    outfile: path.join(outdir, `${bundle.name}.js`),
    external: bundle.external ?? [],
    metafile: true,
    // Lets src/parts/*.ts require a part's bundle (dist/<name>.js) here and its source under tsx.
    define: { ...common.define, 'process.env.DEVIN_BUNDLED': '"1"' },
    plugins: [...common.plugins, sharedModules(owners, shared), ...bundle.plugins],
  };
}

/** The bundle's own inputs (the registry stubs and the stdin entry are not modules of ours). */
function ownInputs(metafile) {
  return Object.keys(metafile.inputs).filter((k) => !k.startsWith('shared-modules:') && !/^[\w-]+-registry\.js$/.test(k));
}

/**
 * Two passes: the first learns, bundle by bundle in load order, which modules each contains and
 * which names of them later bundles import; the second builds each bundle with a registry of
 * exactly those (so the bundle that owns a module can still leave out what nobody uses). A module
 * that two bundles would both contain cannot happen: the second one always gets it from the first.
 * `uses`: owner → key → names or WHOLE (what the owner's registry exports);
 * `imports`: bundle → owner → key → names or WHOLE (what the bundle takes from where).
 */
async function hostPlan() {
  const owners = new Map();
  const uses = new Map();
  const imports = new Map();
  const add = (map, owner, key, names) => {
    if (!map.has(owner)) map.set(owner, new Map());
    const byKey = map.get(owner);
    const had = byKey.get(key);
    if (names === WHOLE || had === WHOLE || hasMutableExport(key)) byKey.set(key, WHOLE);
    else byKey.set(key, new Set([...(had ?? []), ...names]));
  };
  for (const b of HOST_BUNDLES) {
    const r = await esbuild.build({ ...hostOptions(b, owners, { plan: true }), format: 'esm', write: false, minify: false });
    imports.set(b.name, new Map());
    for (const { owner, key, names } of importedNames(r.outputFiles[0].text, b.name)) {
      add(uses, owner, key, names);
      add(imports.get(b.name), owner, key, names);
    }
    for (const k of ownInputs(r.metafile)) owners.set(k, b.name);
  }
  return { owners, uses, imports };
}

const webview = {
  ...common,
  entryPoints: ['src/webview/client/main.ts'],
  outfile: 'media/dist/details.js',
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  plugins: [...common.plugins, entitiesFromBrowser, markdownItUnusedRules, unicodeFromBrowser],
};
// The details webview's styles, minified (media/details.css -> media/dist/details.css), and the icon sprite.
const webviewCss = { ...common, bundle: false, entryPoints: ['media/details.css'], outfile: 'media/dist/details.css', plugins: [...common.plugins, iconSprite] };

/**
 * The translations VS Code reads (package.json "l10n": "./dist/l10n"), built from the ones
 * translators edit, l10n/bundle.l10n.<language>.json: without indentation, and without the entries
 * whose translation is the English text itself (names, product terms: l10n/allow-identical.json),
 * which VS Code and @vscode/l10n show as written when a key is missing. The English
 * l10n/bundle.l10n.json is not needed (in English the code's own strings are shown). Sorted by
 * key. 1.8 KB less in the VSIX, and 1.3 KB for the order; test/unit/l10nDist.test.ts proves every string translates as before.
 */
function writeL10n(dir) {
  const out = path.join(dir, 'l10n');
  fs.mkdirSync(out, { recursive: true });
  const names = fs.readdirSync(path.join(__dirname, 'l10n')).filter((f) => /^bundle\.l10n\.[\w-]+\.json$/.test(f));
  for (const f of fs.readdirSync(out)) if (!names.includes(f)) fs.rmSync(path.join(out, f));
  for (const f of names) {
    const bundle = JSON.parse(fs.readFileSync(path.join(__dirname, 'l10n', f), 'utf8'));
    // In the order of their keys (code units): similar messages sit together, which deflate
    // compresses better (1.3 KB less over the seven bundles than in the source files' order).
    const kept = Object.fromEntries(Object.entries(bundle).filter(([key, text]) => text !== key).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    fs.writeFileSync(path.join(out, f), JSON.stringify(kept));
  }
}

/**
 * A production build leaves no source map of an earlier development build behind, nor a host
 * bundle esbuild.js no longer builds (e.g. dist/review.js, now in dist/view.js): vsce would ship it.
 */
function removeStale() {
  const bundles = new Set(HOST_BUNDLES.map((b) => `${b.name}.js`));
  for (const dir of ['dist', 'media/dist']) {
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir)) {
      if (f.endsWith('.map') || (dir === 'dist' && f.endsWith('.js') && !bundles.has(f))) fs.rmSync(path.join(dir, f));
    }
  }
}

async function main() {
  if (production && outdirArg < 0) removeStale();
  writeL10n(outdir);
  const plan = await hostPlan();
  const targets = [
    ...HOST_BUNDLES.map((b, i) => {
      const earlier = new Set(HOST_BUNDLES.slice(0, i).map((e) => e.name));
      const owners = new Map([...plan.owners].filter(([, owner]) => earlier.has(owner)));
      return { name: b.name, options: hostOptions(b, owners, { uses: plan.imports.get(b.name) }, plan.uses.get(b.name)) };
    }),
    ...(outdirArg > 0 ? [] : [{ name: 'details', options: webview }, { name: 'details.css', options: webviewCss }]),
  ];
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t.options)));
  if (watch) {
    // The registries are planned once: restart the watch after adding an import across bundles.
    await Promise.all(contexts.map((c) => c.watch()));
    let pending;
    fs.watch(path.join(__dirname, 'l10n'), () => {
      clearTimeout(pending);
      pending = setTimeout(() => {
        try {
          writeL10n(outdir);
          console.log('[watch] translations written');
        } catch (e) {
          console.error(`✘ [ERROR] l10n: ${e.message}`);
        }
      }, 100);
    });
    return;
  }
  const results = await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  // The plan and the build must agree: each module in the bundle the plan gave it.
  results.forEach((r, i) => {
    const b = HOST_BUNDLES[i];
    if (!b) return;
    for (const k of ownInputs(r.metafile)) {
      if (plan.owners.get(k) !== b.name) throw new Error(`esbuild.js: ${k} is in dist/${b.name}.js but was planned for ${plan.owners.get(k) ?? 'no bundle'}`);
    }
  });
  if (wantMeta) {
    fs.mkdirSync(outdir, { recursive: true });
    results.forEach((r, i) => fs.writeFileSync(path.join(outdir, `${targets[i].name}.meta.json`), JSON.stringify(r.metafile)));
    // What each bundle takes from which earlier bundle: owner → key → names, or "whole".
    const imports = Object.fromEntries([...plan.imports].map(([b, byOwner]) => [b, Object.fromEntries([...byOwner].map(([owner, byKey]) =>
      [owner, Object.fromEntries([...byKey].map(([key, names]) => [key, names === WHOLE ? WHOLE : [...names].sort()]))]))]));
    fs.writeFileSync(path.join(outdir, 'host-plan.json'), JSON.stringify(imports, null, 1));
  }
}

module.exports = { HOST_BUNDLES, sharedModules, WHOLE, unicodeFromBrowser, writeL10n };

if (require.main === module) main().catch((e) => {
  console.error(e);
  process.exit(1);
});
