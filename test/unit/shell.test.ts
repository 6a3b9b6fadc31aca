// The activation shell (src/extension.ts -> dist/extension.js): activate() registers forwarders
// and must not load the core; the first use loads it once and forwards to what it registered.
// The shell is bundled as esbuild.js does it into a temporary folder, next to a stand-in core.js
// and a recording `vscode` module (node_modules/vscode), then required from there.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { buildSync } from 'esbuild';

const root = path.resolve(__dirname, '../..');

// A recording vscode: what the shell registers is kept on globalThis.__shellTest.
const VSCODE_STUB = `
'use strict';
const R = () => globalThis.__shellTest;
class Disposable { constructor(fn) { this.fn = fn; } dispose() { const f = this.fn; this.fn = undefined; if (f) f(); } }
class EventEmitter {
  constructor() { this.ls = new Set(); this.event = (l) => { this.ls.add(l); return new Disposable(() => this.ls.delete(l)); }; }
  fire(e) { for (const l of [...this.ls]) l(e); }
  dispose() { this.ls.clear(); }
}
module.exports = {
  Disposable, EventEmitter,
  ExtensionMode: { Production: 1, Development: 2, Test: 3 },
  l10n: { t: (m, ...a) => m.replace(/\\{(\\d+)\\}/g, (_, i) => String(a[+i])) },
  commands: {
    registerCommand: (id, fn) => { if (R().commands.has(id)) throw new Error('command ' + id + ' already exists'); R().commands.set(id, fn); return new Disposable(() => R().commands.delete(id)); },
    executeCommand: (id, ...args) => { const fn = R().commands.get(id); return fn ? Promise.resolve(fn(...args)) : Promise.reject(new Error('command ' + id + ' not found')); },
  },
  window: {
    createTreeView: (id, options) => { const tv = { id, options, dispose() {} }; R().treeViews.push(tv); return tv; },
    registerWebviewPanelSerializer: (type, s) => { R().serializers.set(type, s); return new Disposable(() => R().serializers.delete(type)); },
    showErrorMessage: (m) => { R().errors.push(m); return Promise.resolve(undefined); },
    registerUriHandler: (h) => { R().uriHandlers.push(h); return new Disposable(() => {}); },
  },
};
`;

// A stand-in core: counts its loads and registers through the host it is given, like src/core.ts.
const CORE_STUB = `
'use strict';
const rec = globalThis.__shellTest;
rec.coreEvaluations++;
if (rec.coreThrows) throw new Error('core failed to load');
exports.activateCore = (context, host, prefetched) => {
  rec.coreActivations++;
  rec.prefetched = prefetched;
  const subs = [];
  for (const id of rec.coreCommands) subs.push(host.registerCommand(id, (...args) => { rec.calls.push([id, ...args]); return 'result of ' + id; }));
  subs.push(host.registerCommand('devin.internal', () => 'internal'));
  subs.push(host.registerCommand('devin.internal.openLink', (...args) => { rec.calls.push(['devin.internal.openLink', ...args]); }));
  const listeners = new Set();
  const provider = {
    onDidChangeTreeData: (l) => { listeners.add(l); return { dispose: () => listeners.delete(l) }; },
    getChildren: (e) => (e ? ['child of ' + e] : ['root-a', 'root-b']),
    getTreeItem: (e) => ({ label: 'item ' + e }),
    getParent: (e) => 'parent of ' + e,
    resolveTreeItem: (item, e) => ({ ...item, tooltip: 'tip ' + e }),
  };
  rec.fireTree = (e) => { for (const l of listeners) l(e); };
  const treeView = host.createTreeView('devin.sessions', { showCollapseAll: true, treeDataProvider: provider });
  rec.coreTreeView = treeView;
  host.registerWebviewPanelSerializer('devin.session', { deserializeWebviewPanel: async (panel, state) => { rec.restored.push([panel, state]); } });
  return { testView: { signedIn: true, marker: 'test view' }, log: { debug: (m) => rec.logs.push(m), info: (m) => rec.logs.push(m) }, buildMs: 0.5 };
};
`;

interface Rec {
  commands: Map<string, (...args: unknown[]) => unknown>;
  treeViews: { id: string; options: { treeDataProvider: Record<string, (...a: unknown[]) => unknown> & { onDidChangeTreeData: (l: (e: unknown) => void) => unknown }; showCollapseAll?: boolean } }[];
  serializers: Map<string, { deserializeWebviewPanel(panel: unknown, state: unknown): Promise<void> }>;
  errors: string[];
  logs: string[];
  calls: unknown[][];
  restored: unknown[][];
  coreEvaluations: number;
  coreActivations: number;
  coreThrows: boolean;
  coreCommands: string[];
  fireTree?: (e: unknown) => void;
  coreTreeView?: unknown;
  secretReads: string[];
  prefetched?: { apiKey?: Promise<string | undefined> };
  uriHandlers: { handleUri(uri: { path: string; query: string }): unknown }[];
}

const CONTRIBUTED = ['devin.signIn', 'devin.refresh', 'devin.openSession'];
let dir: string;
let n = 0;

function freshRec(overrides: Partial<Rec> = {}): Rec {
  const rec: Rec = {
    commands: new Map(), treeViews: [], serializers: new Map(), errors: [], logs: [], calls: [], restored: [],
    coreEvaluations: 0, coreActivations: 0, coreThrows: false, coreCommands: CONTRIBUTED, secretReads: [], uriHandlers: [], ...overrides,
  };
  (globalThis as unknown as { __shellTest: Rec }).__shellTest = rec;
  return rec;
}

const MODE = { Production: 1, Development: 2, Test: 3 } as const;

/**
 * A fresh copy of the shell and the stand-in core (own module cache entries), activated in the
 * given extension mode (Test by default: the mode in which activate() returns the test API).
 */
function activateShell(mode: number = MODE.Test): { api: Record<string, unknown>; subscriptions: { dispose(): void }[] } {
  const sub = path.join(dir, `copy${n++}`);
  fs.mkdirSync(sub);
  fs.copyFileSync(path.join(dir, 'extension.js'), path.join(sub, 'extension.js'));
  fs.writeFileSync(path.join(sub, 'core.js'), CORE_STUB);
  const shell = require(path.join(sub, 'extension.js')) as { activate(ctx: unknown): Record<string, unknown> };
  const subscriptions: { dispose(): void }[] = [];
  const rec = (globalThis as unknown as { __shellTest: Rec }).__shellTest;
  const secrets = { get: (key: string) => { rec.secretReads.push(key); return Promise.resolve('cog_shell_test'); } };
  const context = { subscriptions, secrets, extensionMode: mode, extension: { packageJSON: { contributes: { commands: CONTRIBUTED.map((command) => ({ command, title: command })) } } } };
  return { api: shell.activate(context), subscriptions };
}

describe('activation shell', () => {
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devin-shell-'));
    fs.mkdirSync(path.join(dir, 'node_modules/vscode'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules/vscode/index.js'), VSCODE_STUB);
    // The same options as esbuild.js's shell target.
    buildSync({
      entryPoints: [path.join(root, 'src/extension.ts')], outfile: path.join(dir, 'extension.js'), bundle: true,
      format: 'cjs', platform: 'node', target: 'node20', external: ['vscode', './core.js'], logLevel: 'silent',
    });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => freshRec());

  it('activate() registers every contributed command, the tree and the serializer without loading the core', () => {
    const rec = freshRec();
    const { api } = activateShell();
    assert.equal(rec.coreEvaluations, 0, 'core.js is not evaluated by activate()');
    assert.deepEqual([...rec.commands.keys()].sort(), [...CONTRIBUTED].sort());
    assert.deepEqual(rec.treeViews.map((t) => [t.id, t.options.showCollapseAll]), [['devin.sessions', true]]);
    assert.ok(rec.serializers.has('devin.session'));
    assert.equal(typeof api.activationMs, 'number');
    assert.equal(api.coreLoadMs, undefined);
    assert.equal(rec.coreEvaluations, 0, 'reading activationMs and coreLoadMs does not load the core');
    assert.deepEqual(rec.secretReads, ['devin.apiKey'], 'the key read starts at activation, once');
    assert.equal(rec.uriHandlers.length, 1, 'one URI handler is registered at activation');
  });

  it('a link loads the core and reaches its link command with the path and query, untouched', async () => {
    const rec = freshRec();
    activateShell();
    assert.equal(rec.coreEvaluations, 0);
    rec.uriHandlers[0].handleUri({ path: '/session/devin-abc', query: 'x=1&y' });
    await new Promise((r) => setImmediate(r));
    assert.equal(rec.coreEvaluations, 1);
    assert.deepEqual(rec.calls, [['devin.internal.openLink', '/session/devin-abc', 'x=1&y']]);
  });

  it('the core gets the key read the shell started, and no second read happens', async () => {
    const rec = freshRec();
    activateShell();
    rec.commands.get('devin.refresh')!();
    assert.equal(await rec.prefetched?.apiKey, 'cog_shell_test');
    assert.deepEqual(rec.secretReads, ['devin.apiKey']);
  });

  it('the first command loads the core once and runs the handler the core registered, with its arguments', () => {
    const rec = freshRec();
    const { api } = activateShell();
    assert.equal(rec.commands.get('devin.refresh')!('a', 2), 'result of devin.refresh');
    assert.equal(rec.commands.get('devin.openSession')!({ id: 'x' }), 'result of devin.openSession');
    assert.deepEqual(rec.calls, [['devin.refresh', 'a', 2], ['devin.openSession', { id: 'x' }]]);
    assert.equal(rec.coreEvaluations, 1);
    assert.equal(rec.coreActivations, 1);
    assert.ok((api.coreLoadMs as number) >= 0);
    assert.match(rec.logs.join('\n'), /activate\(\) took [\d.]+ ms/, 'the activation time is logged once the log exists');
    // A command the core registers but package.json does not contribute goes to VS Code directly.
    assert.equal(rec.commands.get('devin.internal')!(), 'internal');
    // The core's tree view is the shell's, not a second one.
    assert.equal(rec.treeViews.length, 1);
    assert.equal(rec.coreTreeView, rec.treeViews[0]);
  });

  it('the tree loads the core on its first question and forwards every call and change event', async () => {
    const rec = freshRec();
    activateShell();
    const p = rec.treeViews[0].options.treeDataProvider;
    const events: unknown[] = [];
    p.onDidChangeTreeData((e: unknown) => events.push(e));
    assert.equal(rec.coreEvaluations, 0);
    assert.deepEqual(p.getChildren(undefined), ['root-a', 'root-b']);
    assert.equal(rec.coreEvaluations, 1);
    assert.deepEqual(p.getChildren('root-a'), ['child of root-a']);
    assert.deepEqual(p.getTreeItem('root-a'), { label: 'item root-a' });
    assert.equal(p.getParent('x'), 'parent of x');
    assert.deepEqual(p.resolveTreeItem({ label: 'l' }, 'e', undefined), { label: 'l', tooltip: 'tip e' });
    rec.fireTree!(['root-b']);
    assert.deepEqual(events, [['root-b']]);
  });

  it('a restored details panel loads the core and reaches its serializer', async () => {
    const rec = freshRec();
    activateShell();
    const panel = { dispose() {} };
    await rec.serializers.get('devin.session')!.deserializeWebviewPanel(panel, { sessionId: 'devin-1' });
    assert.deepEqual(rec.restored, [[panel, { sessionId: 'devin-1' }]]);
  });

  it('a contributed command the core does not handle fails clearly and is listed', () => {
    const rec = freshRec({ coreCommands: ['devin.signIn', 'devin.refresh'] });
    const { api } = activateShell();
    assert.throws(() => rec.commands.get('devin.openSession')!(), /command devin\.openSession is not available/);
    assert.deepEqual(api.unhandledCommands, ['devin.openSession']);
  });

  it('a core that fails to load says so once and is not evaluated again', () => {
    const rec = freshRec({ coreThrows: true });
    activateShell();
    assert.throws(() => rec.commands.get('devin.refresh')!(), /core failed to load/);
    assert.throws(() => rec.commands.get('devin.signIn')!(), /core failed to load/);
    assert.equal(rec.coreEvaluations, 1);
    assert.equal(rec.errors.length, 1);
    assert.match(rec.errors[0], /Devin could not start: core failed to load/);
  });

  for (const mode of ['Production', 'Development'] as const) {
    it(`in ${mode} mode activate() returns nothing, and the commands still work`, () => {
      const rec = freshRec();
      const { api } = activateShell(MODE[mode]);
      assert.equal(api, undefined, 'any installed extension can read exports: there are none');
      assert.equal(rec.commands.get('devin.refresh')!('a'), 'result of devin.refresh');
      assert.match(rec.logs.join('\n'), /activate\(\) took [\d.]+ ms \(commands [\d.]+ ms, tree [\d.]+ ms, serializer [\d.]+ ms\); the core loaded/,
        'the timings the bench reads are in the debug log instead');
    });
  }

  it('in Test mode the exports are frozen and hold only timings, the unhandled commands and the core\'s test view', () => {
    freshRec();
    const { api } = activateShell(MODE.Test);
    assert.deepEqual(Object.keys(api).sort(), ['activationMs', 'activationPhases', 'core', 'coreLoadMs', 'unhandledCommands']);
    assert.ok(Object.isFrozen(api));
    assert.deepEqual(api.core, { signedIn: true, marker: 'test view' });
    for (const k of ['auth', 'store', 'view']) assert.equal((api as Record<string, unknown>)[k], undefined);
  });

  it('disposing the subscriptions removes every command', () => {
    const rec = freshRec();
    const { subscriptions } = activateShell();
    for (const s of subscriptions) s.dispose();
    assert.equal(rec.commands.size, 0);
    assert.equal(rec.serializers.size, 0);
  });
});
