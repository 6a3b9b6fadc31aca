// The lazily loaded parts' plumbing in the core (src/parts/part.ts): a part loads once, on first
// use; a failed load is shown once, clearly, and remembered; the commands the core registers at
// startup forward to the handlers the part registers once loaded. And the Sessions tree's PR rows
// look reviewable before the review part is loaded (src/parts/review.ts).
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { Host } from '../../src/host';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const stub: any = require('../support/vscode-stub.cjs');
const { forwardCommands, lazyPart } = require('../../src/parts/part') as typeof import('../../src/parts/part');
const { decorateReviewable } = require('../../src/parts/review') as typeof import('../../src/parts/review');

/** A host that records what the core registers (as the activation shell's does). */
function recordingHost() {
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  const host = {
    registerCommand(id: string, fn: (...args: unknown[]) => unknown) {
      assert.ok(!commands.has(id), `${id} registered twice`);
      commands.set(id, fn);
      return new stub.Disposable(() => commands.delete(id));
    },
    createTreeView: () => assert.fail('no tree view'),
    registerWebviewPanelSerializer: () => assert.fail('no serializer'),
  } as unknown as Host;
  return { host, commands };
}

beforeEach(() => {
  stub.resetUi();
  stub.recorded.messages.length = 0;
});

describe('lazy parts', () => {
  it('loads a part once, on first use', () => {
    let loads = 0;
    const part = lazyPart('review', () => ({ n: ++loads }));
    assert.equal(part.loaded, undefined);
    assert.equal(loads, 0, 'nothing loads before the first use');
    assert.deepEqual(part.get(), { n: 1 });
    assert.equal(part.get(), part.get());
    assert.equal(loads, 1);
    assert.deepEqual(part.loaded, { n: 1 });
  });

  it('shows a failed load once, naming the bundle and the reason, and does not try again', () => {
    let loads = 0;
    const part = lazyPart('review', () => {
      loads++;
      throw new Error("Cannot find module './view.js'");
    });
    assert.throws(() => part.get(), /Cannot find module/);
    assert.throws(() => part.get(), /Cannot find module/);
    assert.equal(loads, 1);
    assert.equal(part.loaded, undefined);
    const errors = stub.recorded.messages.filter((m: { severity: string }) => m.severity === 'error');
    assert.deepEqual(errors.map((m: { text: string }) => m.text), ["Devin could not load dist/view.js: Cannot find module './view.js'"]);
  });

  it('registers the forwarded commands at once; the first call loads the part and runs its handler', async () => {
    const { host, commands } = recordingHost();
    let loads = 0;
    const forwarding = forwardCommands(host, ['devin.a', 'devin.b'], () => part);
    const part = lazyPart('p', () => {
      loads++;
      forwarding.partHost.registerCommand('devin.a', (...args) => ['a', ...args]);
      forwarding.partHost.registerCommand('devin.c', () => 'c'); // not forwarded: straight to the host
      return true;
    });
    assert.deepEqual([...commands.keys()].sort(), ['devin.a', 'devin.b']);
    assert.equal(loads, 0);
    assert.deepEqual(await commands.get('devin.a')!(1, 'x'), ['a', 1, 'x']);
    assert.equal(loads, 1);
    assert.deepEqual(await commands.get('devin.a')!(2), ['a', 2]);
    assert.equal(loads, 1, 'loaded once');
    assert.equal(commands.get('devin.c')!(), 'c');
    // A forwarded id the part never registered is an error, not a silent no-op.
    assert.throws(() => commands.get('devin.b')!(), /command devin\.b is not available/);
    for (const d of forwarding.disposables) d.dispose();
    assert.deepEqual([...commands.keys()], ['devin.c']);
  });

  it('a command whose part cannot load rejects with the load error', () => {
    const { host, commands } = recordingHost();
    const forwarding = forwardCommands(host, ['devin.a'], () => part);
    const part = lazyPart('p', () => {
      throw new Error('broken bundle');
    });
    assert.ok(forwarding.partHost);
    assert.throws(() => commands.get('devin.a')!(), /broken bundle/);
    assert.equal(stub.recorded.messages.length, 1);
  });

  it('a PR row is reviewable (collapsed, `:reviewable`) with its description kept, before the review loads', () => {
    const item = new stub.TreeItem('acme/web #7');
    item.contextValue = 'pullRequest:open';
    item.description = 'open';
    decorateReviewable(item, []);
    assert.equal(item.collapsibleState, stub.TreeItemCollapsibleState.Collapsed);
    assert.equal(item.contextValue, 'pullRequest:open:reviewable');
    assert.equal(item.description, 'open');
    const loaded = new stub.TreeItem('x');
    decorateReviewable(loaded, ['3 files', 'updated']);
    assert.equal(loaded.contextValue, 'pullRequest:reviewable');
    assert.equal(loaded.description, '3 files · updated');
  });
});
