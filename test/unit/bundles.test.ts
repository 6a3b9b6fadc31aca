// The extension host bundles (esbuild.js, HOST_BUNDLES): built as `npm run package` builds them
// (production) into a temporary folder. Each source module is in exactly one bundle (a second
// copy of src/api/errors.ts would break `instanceof DevinApiError` across bundles, a second
// util/l10n.ts would never be configured), every cross-bundle reference names a module the other
// bundle's registry exports, and what loads at startup (the shell + the core) stays within the
// issue 17 budget of 150 KB, minified. Then every bundle is loaded in Node (a stand-in `vscode`):
// a lazy part gets the core's very module objects, not copies.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as esbuild from 'esbuild';

const root = path.resolve(__dirname, '../..');
const { HOST_BUNDLES, sharedModules, WHOLE } = require('../../esbuild.js') as {
  HOST_BUNDLES: { name: string; entry: string; startup: boolean }[];
  sharedModules: (owners: Map<string, string>, options: { uses: Map<string, Map<string, Set<string> | string>> }) => esbuild.Plugin;
  WHOLE: string;
};
const STARTUP_BUDGET = 150 * 1024;

interface Meta {
  inputs: Record<string, unknown>;
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

// The API's names (from @types/vscode) as stand-ins: enough for the bundles' top-level code
// (module evaluation, no activation).
const API_NAMES = [...new Set([...fs.readFileSync(path.join(root, 'node_modules/@types/vscode/index.d.ts'), 'utf8').matchAll(/^\s{1,4}export (?:class|enum|namespace|const|function|let) (\w+)/gm)].map((m) => m[1]))];
const VSCODE_STUB = `
'use strict';
const any = new Proxy(function () {}, { get: (t, k) => (k === Symbol.toPrimitive ? () => '' : any), apply: () => any, construct: () => any });
class Disposable { constructor(fn) { this.fn = fn; } dispose() { if (this.fn) this.fn(); } static from() { return new Disposable(); } }
class EventEmitter { constructor() { this.event = () => new Disposable(); } fire() {} dispose() {} }
module.exports = { Disposable, EventEmitter, l10n: { t: (m) => m } };
for (const name of ${JSON.stringify(API_NAMES)}) if (!(name in module.exports)) module.exports[name] = any;
`;

let dir: string;
const metas = new Map<string, Meta>();
/** esbuild.js's plan (dist/host-plan.json): bundle → the bundle it takes modules from → key → the names it uses, or "whole". */
let plan: Record<string, Record<string, Record<string, string[] | string>>>;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devin-bundles-'));
  const out = path.join(dir, 'dist');
  execFileSync(process.execPath, ['esbuild.js', '--production', '--metafile', '--outdir', out], { cwd: root, stdio: 'pipe' });
  for (const b of HOST_BUNDLES) metas.set(b.name, JSON.parse(fs.readFileSync(path.join(out, `${b.name}.meta.json`), 'utf8')) as Meta);
  plan = JSON.parse(fs.readFileSync(path.join(out, 'host-plan.json'), 'utf8')) as typeof plan;
  fs.mkdirSync(path.join(dir, 'node_modules/vscode'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'node_modules/vscode/index.js'), VSCODE_STUB);
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

const output = (name: string) => Object.values(metas.get(name)!.outputs)[0];
/** Source modules (and packages) a bundle contains, without the registry stubs and its generated entry. */
const modulesOf = (name: string) => Object.keys(output(name).inputs).filter((k) => !k.startsWith('shared-modules:') && !k.endsWith('-registry.js'));
const code = (name: string) => fs.readFileSync(path.join(dir, 'dist', `${name}.js`), 'utf8');
/** `require("./core.js").__modules["src/api/errors.ts"]` references in a bundle's code. */
const references = (name: string) => [...code(name).matchAll(/require\("\.\/([\w-]+)\.js"\)\.__modules\["([^"]+)"\]/g)].map((m) => ({ bundle: m[1], key: m[2] }));

describe('extension host bundles', () => {
  it('puts each module in exactly one bundle', () => {
    const where = new Map<string, string[]>();
    for (const b of HOST_BUNDLES) for (const m of modulesOf(b.name)) where.set(m, [...(where.get(m) ?? []), b.name]);
    const twice = [...where].filter(([, names]) => names.length > 1).map(([m, names]) => `${m} (${names.join(', ')})`);
    assert.deepEqual(twice, [], `modules in two host bundles: ${twice.join('; ')}`);
    // The parts this design moves out of the startup bundles are where they belong.
    const ownerOf = (m: string) => where.get(m)?.[0];
    assert.equal(ownerOf('src/review/review.ts'), 'view');
    assert.equal(ownerOf('src/webview/sessionPanel.ts'), 'view');
    assert.equal(ownerOf('src/webview/checkoutUi.ts'), 'view');
    assert.equal(ownerOf('src/delegate/commands.ts'), 'send');
    assert.equal(ownerOf('src/commands/create.ts'), 'send');
    assert.equal(ownerOf('src/delegate/shell.ts'), 'extension', 'the code actions and the terminal recorder run in the shell');
    assert.equal(ownerOf('src/api/errors.ts'), 'core');
    assert.equal(ownerOf('src/util/l10n.ts'), 'core');
  });

  it('keeps what loads at startup (the shell and the core) under 150 KB, minified', () => {
    const startup = HOST_BUNDLES.filter((b) => b.startup);
    assert.deepEqual(startup.map((b) => b.name), ['extension', 'core']);
    const bytes = startup.reduce((s, b) => s + fs.statSync(path.join(dir, 'dist', `${b.name}.js`)).size, 0);
    assert.ok(bytes < STARTUP_BUDGET, `startup bundles are ${(bytes / 1024).toFixed(1)} KB (budget 150 KB)`);
    // The lazy parts exist and are not empty.
    for (const b of HOST_BUNDLES.filter((x) => !x.startup)) assert.ok(output(b.name).bytes > 1000, `${b.name}.js`);
  });

  it('references only modules that an earlier bundle contains and exports', () => {
    const order = HOST_BUNDLES.map((b) => b.name);
    for (const b of HOST_BUNDLES) {
      for (const ref of references(b.name)) {
        assert.ok(order.indexOf(ref.bundle) >= 0 && order.indexOf(ref.bundle) < order.indexOf(b.name), `${b.name}.js takes ${ref.key} from ${ref.bundle}.js, which is not loaded before it`);
        assert.ok(modulesOf(ref.bundle).includes(ref.key), `${b.name}.js takes ${ref.key} from ${ref.bundle}.js, which does not contain it`);
      }
    }
    // The lazy parts do take the shared modules from the core (not merely nothing at all).
    assert.ok(references('view').some((r) => r.bundle === 'core' && r.key === 'vscode-once:vscode'));
    assert.ok(references('view').some((r) => r.bundle === 'core' && r.key === 'src/api/errors.ts'));
    assert.ok(references('send').some((r) => r.bundle === 'core' && r.key === 'src/api/errors.ts'));
  });

  it('gives a lazy part the very module objects the core loaded', () => {
    const req = (name: string) => require(path.join(dir, 'dist', `${name}.js`)) as { __modules: Record<string, Record<string, unknown>> };
    const loaded = new Map(HOST_BUNDLES.map((b) => [b.name, req(b.name)]));
    for (const b of HOST_BUNDLES) {
      for (const ref of references(b.name)) {
        const mod = loaded.get(ref.bundle)!.__modules[ref.key];
        assert.ok(mod && typeof mod === 'object', `${ref.bundle}.js exports ${ref.key} for ${b.name}.js`);
      }
    }
    // Every name a bundle takes from an earlier one is there (the registries export only those).
    for (const b of HOST_BUNDLES) {
      const fromCode = references(b.name).map((r) => `${r.bundle}:${r.key}`).sort();
      const planned = Object.entries(plan[b.name] ?? {}).flatMap(([owner, keys]) => Object.keys(keys).map((k) => `${owner}:${k}`)).sort();
      assert.deepEqual(fromCode, planned, `${b.name}.js takes the modules the plan lists`);
      for (const [owner, keys] of Object.entries(plan[b.name] ?? {})) {
        for (const [key, names] of Object.entries(keys)) {
          const mod = loaded.get(owner)!.__modules[key];
          if (names === WHOLE) continue;
          for (const n of names as string[]) assert.notEqual(mod[n], undefined, `${owner}.js exports ${key}'s ${n} for ${b.name}.js`);
        }
      }
    }
    // A registry exports only the names the later bundles use (the rest of the module can be left out).
    const union = new Map<string, Set<string> | string>();
    for (const byOwner of Object.values(plan)) {
      for (const [owner, keys] of Object.entries(byOwner)) {
        for (const [key, names] of Object.entries(keys)) {
          const had = union.get(`${owner}:${key}`);
          union.set(`${owner}:${key}`, names === WHOLE || had === WHOLE ? WHOLE : new Set([...((had as Set<string>) ?? []), ...(names as string[])]));
        }
      }
    }
    for (const [ownerKey, names] of union) {
      if (names === WHOLE) continue;
      const [owner, key] = [ownerKey.slice(0, ownerKey.indexOf(':')), ownerKey.slice(ownerKey.indexOf(':') + 1)];
      assert.deepEqual(Object.keys(loaded.get(owner)!.__modules[key]).sort(), [...(names as Set<string>)].sort(), `${owner}.js exports ${key}`);
    }
    assert.ok(!('describe' in loaded.get('core')!.__modules['src/api/errors.ts']), "src/api/errors.ts's describe, which no part takes, is not exported");
    const errors = loaded.get('core')!.__modules['src/api/errors.ts'];
    assert.equal(typeof errors.DevinApiError, 'function');
    // Requiring the core again (Node's module cache, as a lazy part does) evaluates nothing twice.
    assert.equal(req('core').__modules['src/api/errors.ts'].DevinApiError, errors.DevinApiError);
  });

  it('fails the build when a bundle imports a name its registry does not export', async () => {
    // A lazy part's stand-in for src/api/errors.ts (in the core) exports exactly the planned names:
    // a name the plan lacks (an import added while `npm run watch` runs, or one the plan misread)
    // is a build error, not an undefined at run time.
    const owners = new Map([['src/api/errors.ts', 'core']]);
    const build = (source: string, names: Set<string> | string) => esbuild.build({
      stdin: { contents: source, resolveDir: root, sourcefile: 'part.ts', loader: 'ts' },
      bundle: true, write: false, format: 'cjs', platform: 'node', logLevel: 'silent',
      plugins: [sharedModules(owners, { uses: new Map([['core', new Map([['src/api/errors.ts', names]])]]) })],
    });
    const ok = await build("import { DevinApiError } from './src/api/errors'; export const E = DevinApiError;", new Set(['DevinApiError']));
    assert.match(ok.outputFiles[0].text, /require\("\.\/core\.js"\)\.__modules\["src\/api\/errors\.ts"\]/);
    await assert.rejects(
      build("import { DevinApiError, isDevinApiError } from './src/api/errors'; export const E = [DevinApiError, isDevinApiError];", new Set(['DevinApiError'])),
      (e: Error) => /isDevinApiError/.test(e.message),
    );
    // A module the plan does not list at all is an error too.
    await assert.rejects(
      esbuild.build({
        stdin: { contents: "import { DevinApiError } from './src/api/errors'; export const E = DevinApiError;", resolveDir: root, sourcefile: 'part.ts', loader: 'ts' },
        bundle: true, write: false, format: 'cjs', platform: 'node', logLevel: 'silent',
        plugins: [sharedModules(owners, { uses: new Map() })],
      }),
      (e: Error) => /not in the plan/.test(e.message),
    );
    // A namespace import takes the whole module object.
    const whole = await build("import * as errors from './src/api/errors'; export const E = errors;", WHOLE);
    assert.match(whole.outputFiles[0].text, /exports = require\("\.\/core\.js"\)\.__modules\["src\/api\/errors\.ts"\];/);
    assert.doesNotMatch(whole.outputFiles[0].text, /\["DevinApiError"\]/);
  });
});
