// The Sessions view talks to the workbench only when something on screen changes: each
// TreeView.message assignment also enters the extension host's 200 ms debounce of tree changes,
// and a needless tree change event opens that window, holding back the rows that follow.
// Runs on the recording vscode stub (test/support/vscode-stub.cjs) against the fake Devin server.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { afterEach, describe, it } from 'node:test';
import type { SessionStore as SessionStoreT } from '../../src/sessions/store';
import { storeOnFake } from '../support/fakeStore';

const require = createRequire(__filename);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const stub: any = require('../support/vscode-stub.cjs');
// Loaded after the stub is installed: these import 'vscode'.
const { SessionsTreeProvider } = require('../../src/views/sessionsTree') as typeof import('../../src/views/sessionsTree');
const { SessionsView } = require('../../src/views/sessionsView') as typeof import('../../src/views/sessionsView');
const { createFakeDevin } = require('../fake-devin/server.js');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let fake: any;
let store: SessionStoreT | undefined;
afterEach(async () => {
  store?.dispose();
  store = undefined;
  await fake?.close();
  fake = undefined;
});

async function setup(sessions: number): Promise<SessionStoreT> {
  fake = await createFakeDevin({ sessions, seed: 5 });
  store = storeOnFake(fake);
  return store;
}

const memento = () => {
  const data = new Map<string, unknown>();
  return { get: (k: string) => data.get(k), update: async (k: string, v: unknown) => void data.set(k, v), keys: () => [...data.keys()] };
};

describe('sessions tree change events', () => {
  it('a reset while the tree is empty fires nothing; the first rows fire once; a reset with rows fires', async () => {
    const s = await setup(12);
    const p = new SessionsTreeProvider(s, () => ({ showArchived: false }));
    const fired: unknown[] = [];
    p.onDidChangeTreeData((e) => fired.push(e));
    s.reset();
    s.setServerFilter({});
    assert.equal(fired.length, 0, 'nothing on screen changed');
    await s.refresh();
    assert.equal(fired.length, 1, 'the first rows');
    assert.ok(p.getChildren().length > 0);
    s.reset();
    assert.equal(fired.length, 2, 'rows disappear on reset');
    assert.equal(fired[1], undefined, 'the whole tree');
    p.dispose();
  });
});

describe('sessions view', () => {
  it('creates its tree view through the host it is given (the activation shell\'s), not a module global', async () => {
    const s = await setup(0);
    const made: { viewId: string; provider: unknown }[] = [];
    const before = stub.recorded.treeViews.length;
    const host = {
      registerCommand: () => ({ dispose() {} }),
      registerWebviewPanelSerializer: () => ({ dispose() {} }),
      createTreeView: (viewId: string, options: { treeDataProvider: unknown }) => {
        made.push({ viewId, provider: options.treeDataProvider });
        return stub.window.createTreeView(viewId, options);
      },
    };
    const view = new SessionsView(s, memento() as never, host as never);
    assert.deepEqual(made.map((m) => m.viewId), ['devin.sessions']);
    assert.equal(made[0].provider, view.provider);
    assert.equal(stub.recorded.treeViews.length, before + 1, 'one tree view, made by that host');
    view.dispose();
  });

  it('assigns the message, description and badge only when they change', async () => {
    const s = await setup(0);
    const view = new SessionsView(s, memento() as never);
    const tv = stub.recorded.treeViews.at(-1);
    assert.deepEqual(tv.assignments, [], 'a new view shows no message, description or badge: nothing to send');

    await s.refresh();
    await s.refresh();
    s.reset();
    await s.refresh();
    assert.deepEqual(tv.assignments, [], 'store events that change nothing on screen send nothing');

    // One session starts waiting for the user: the badge shows, once.
    fake.addSession({ status: 'running', status_detail: 'waiting_for_user', title: 'Needs a reply' });
    await s.refresh({ full: true });
    await s.refresh();
    assert.deepEqual(tv.assignments.map(([k, v]: [string, { value?: number }]) => [k, v?.value]), [['badge', 1]]);

    // A text filter: "Filtered" and the filter line, once each, however many updates follow.
    await view.setFilter({ text: 'zzz-no-match' });
    await s.refresh();
    const keys = tv.assignments.map(([k]: [string]) => k);
    assert.deepEqual(keys, ['badge', 'description', 'message']);
    assert.equal(tv.description, 'Filtered');
    assert.match(tv.message, /zzz-no-match/);

    // An error shows in the message line (rows are kept); recovery clears it.
    fake.setFault({ status: 500, times: 1 });
    await s.refresh();
    assert.match(tv.message, /⚠/);
    await s.refresh();
    assert.doesNotMatch(tv.message ?? '', /⚠/);
    view.dispose();
  });

  it('the description names the active organization (when its name is known), before "Filtered"', async () => {
    const s = await setup(0);
    const view = new SessionsView(s, memento() as never);
    const tv = stub.recorded.treeViews.at(-1);
    view.setOrganization('Acme Research');
    assert.equal(tv.description, 'Acme Research');
    await view.setFilter({ text: 'zzz' });
    assert.equal(tv.description, 'Acme Research · Filtered');
    view.setOrganization(undefined);
    assert.equal(tv.description, 'Filtered');
    await view.clearFilter();
    assert.equal(tv.description, undefined);
    view.dispose();
  });
});

describe('sessions tree ids', () => {
  it('a server answering bare ids: tree ids and command arguments use the one canonical form', async () => {
    fake = await createFakeDevin({ sessions: 8, seed: 5, sessionIds: 'bare' });
    store = storeOnFake(fake);
    const p = new SessionsTreeProvider(store, () => ({ showArchived: true }));
    await store.refresh();
    const items = p.getChildren().flatMap((g) => p.getChildren(g)).map((n) => p.getTreeItem(n));
    assert.equal(items.length, 8);
    for (const item of items) {
      assert.match(String(item.id), /^session:devin-[0-9a-f]{32}$/);
      assert.deepEqual(item.command?.arguments, [String(item.id).slice('session:'.length)]);
    }
    p.dispose();
  });
});
