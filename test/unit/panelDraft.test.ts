// The details panel's reply box loses nothing (issue 13, Trust): its text is kept per session in
// the extension's global state (the store of unsent messages, src/sessions/unsent.ts), so it comes
// back when the panel is closed and the session opened again, and it goes only when exactly that
// text was sent. The panels are fake webview panels handed to the manager the way VS Code revives
// one after a reload (its serializer); the store's write delay runs on timers the test fires.
import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import type { Session } from '../../src/api/types';
import { normalizeSession } from '../../src/api/normalize';
import { DraftKeeper, UNSENT_KEY, unsentMessages, type DraftTimers } from '../../src/sessions/unsent';
import { MAX_SEND_CHARS, mergeDrafts, parseWebviewMessage } from '../../src/webview/protocol';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const stub: any = require('../support/vscode-stub.cjs');
const { Disposable, EventEmitter } = stub;
stub.Uri ??= {};
stub.Uri.joinPath ??= (base: { path: string }, ...parts: string[]) => ({ path: [base.path, ...parts].join('/'), toString: () => [base.path, ...parts].join('/') });
stub.env ??= {};
stub.env.language ??= 'en';
// What a new panel needs (set before the module is loaded: its namespace import copies the stub's keys).
stub.ViewColumn ??= { Active: -1 };

const { SessionPanelManager } = require('../../src/webview/sessionPanel') as typeof import('../../src/webview/sessionPanel');

const ID = 'devin-0123456789abcdef0123456789abcdef';
const BARE = '0123456789abcdef0123456789abcdef';

function session(): Session {
  return normalizeSession({
    session_id: ID,
    url: `https://app.devin.ai/sessions/${BARE}`,
    status: 'running',
    status_detail: 'working',
    title: 'Round totals per currency',
    tags: [],
    org_id: 'org-1',
    created_at: 1_700_000_000,
    updated_at: 1_700_000_100,
    acus_consumed: 0,
    pull_requests: [],
  })!;
}

function memento() {
  const map = new Map<string, unknown>();
  return { map, get: <T>(k: string) => map.get(k) as T | undefined, update: async (k: string, v: unknown) => void (v === undefined ? map.delete(k) : map.set(k, v)) };
}

/** A webview panel as VS Code hands it over: what the host posted, and the webview's side of the channel. */
function fakePanel() {
  const posted: Record<string, unknown>[] = [];
  const fromWebview = new EventEmitter();
  const disposed = new EventEmitter();
  const panel = {
    visible: true,
    title: '',
    iconPath: undefined,
    webview: {
      options: {},
      html: '',
      cspSource: 'vscode-webview:',
      asWebviewUri: (u: { path: string }) => ({ toString: () => `vscode-webview://panel${u.path}` }),
      onDidReceiveMessage: fromWebview.event,
      postMessage: async (m: Record<string, unknown>) => {
        posted.push(m);
        return true;
      },
    },
    onDidDispose: disposed.event,
    onDidChangeViewState: () => new Disposable(() => undefined),
    reveal() {},
    /** The user closes the tab. */
    dispose() {
      disposed.fire();
    },
  };
  const send = async (m: unknown) => {
    fromWebview.fire(m);
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
  };
  return { panel, posted, send, init: () => posted.find((m) => m.type === 'init'), results: () => posted.filter((m) => m.type === 'sendResult') };
}

/** sendMessage answers as the test says: `next` is the outcome of the next call. */
function setup() {
  const s = session();
  let refreshes = 0;
  const sends: { id: string; text: string; settle: (error?: Error) => void }[] = [];
  let serializer: { deserializeWebviewPanel(panel: unknown, state: unknown): Promise<void> } | undefined;
  const host = {
    registerWebviewPanelSerializer: (_type: string, sz: typeof serializer) => {
      serializer = sz;
      return new Disposable(() => undefined);
    },
  };
  const store = {
    get: (id: string) => (id === s.session_id || id === BARE ? s : undefined),
    onDidChange: new EventEmitter().event,
    setPanelVisible() {},
    requireApi() {
      throw new Error('no API in this test');
    },
    refreshSession: async () => {
      refreshes++;
      return s;
    },
    all: () => [s],
    sendMessage: (id: string, text: string) =>
      new Promise<void>((resolve, reject) => sends.push({ id, text, settle: (error) => (error ? reject(error) : resolve()) })),
  };
  const globalState = memento();
  const context = { extensionUri: { path: '/ext' }, workspaceState: memento(), globalState };
  const warnings: string[] = [];
  const log = { warn: (m: string) => void warnings.push(m), info() {}, error() {} };
  const auth = { signedIn: true, onDidChange: new EventEmitter().event };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const manager = new SessionPanelManager(context as any, store as any, log as any, auth, host as any);
  const open = async (sessionId: string) => {
    const p = fakePanel();
    await serializer!.deserializeWebviewPanel(p.panel, { sessionId });
    await p.send({ type: 'ready' });
    return p;
  };
  const kept = () => (globalState.map.get(UNSENT_KEY) as Record<string, string> | undefined)?.[ID];
  return { manager, open, kept, sends, warnings, globalState, workspaceState: context.workspaceState, serializer: () => serializer!, refreshes: () => refreshes };
}

const settled = () => new Promise((r) => setImmediate(r));

describe('details panel: the reply box is kept', () => {
  it('keeps what was typed when the panel closes and gives it to the next panel of the session', async () => {
    const { manager, open, kept, warnings } = setup();
    const first = await open(ID);
    assert.equal(first.init()?.draft, undefined, 'nothing kept yet');
    await first.send({ type: 'draft', text: 'Use banker' });
    await first.send({ type: 'draft', text: 'Use banker’s rounding, not half-up' });
    first.panel.dispose(); // the tab is closed at once: what waits is written now
    await settled();
    assert.equal(kept(), 'Use banker’s rounding, not half-up', 'in global state, under the devin- form of the id');
    // The session opened again (by its bare id, as a web link names it): the text is in the box.
    const again = await open(BARE);
    assert.equal(again.init()?.draft, 'Use banker’s rounding, not half-up');
    // Emptying the box removes it.
    await again.send({ type: 'draft', text: '' });
    again.panel.dispose();
    await settled();
    assert.equal(kept(), undefined);
    assert.ok(!warnings.some((w) => w.includes('banker')), `the text is never logged: ${warnings.join(' | ')}`);
    manager.dispose();
  });

  it('shows a message kept by a failed Send Message… in the box, and Send Message… offers the box\'s text', async () => {
    const { manager, open, globalState } = setup();
    const store = unsentMessages(globalState);
    await store.set(ID, 'kept from the palette');
    const p = await open(ID);
    assert.equal(p.init()?.draft, 'kept from the palette');
    await p.send({ type: 'draft', text: 'kept from the palette, and more' });
    p.panel.dispose();
    await settled();
    assert.equal(store.get(BARE), 'kept from the palette, and more', 'the one store, found by either form of the id');
    manager.dispose();
  });

  it('removes the kept text only after exactly that text was sent', async () => {
    const { manager, open, kept, sends } = setup();
    const p = await open(ID);
    await p.send({ type: 'draft', text: 'Please add a test' });
    // The send fails: the text is written at once (not after the delay) and stays.
    await p.send({ type: 'send', text: 'Please add a test' });
    sends[0].settle(new Error('HTTP 503'));
    await settled();
    assert.deepEqual(p.results().at(-1), { type: 'sendResult', ok: false, error: 'HTTP 503' });
    assert.equal(kept(), 'Please add a test', 'a failed send keeps it');
    // Sent again; while it is on its way the user goes on typing: the new words are kept.
    await p.send({ type: 'send', text: 'Please add a test' });
    await p.send({ type: 'draft', text: 'Please add a test\nAnd a changelog line' });
    sends[1].settle();
    await settled();
    assert.equal(p.results().at(-1)?.ok, true);
    assert.equal(kept(), 'Please add a test\nAnd a changelog line', 'what the box holds now, not emptied');
    // That text sent: gone.
    await p.send({ type: 'send', text: 'Please add a test\nAnd a changelog line' });
    sends[2].settle();
    await settled();
    assert.equal(kept(), undefined, 'sent, so removed');
    p.panel.dispose();
    manager.dispose();
  });

  it('does not remove a kept text when a different text was sent', async () => {
    const { manager, open, kept, sends, globalState } = setup();
    await unsentMessages(globalState).set(ID, 'the kept one');
    const p = await open(ID);
    await p.send({ type: 'send', text: 'something else' });
    sends[0].settle();
    await settled();
    assert.equal(kept(), 'the kept one');
    p.panel.dispose();
    manager.dispose();
  });

  it('ignores draft messages of the wrong shape or over the length cap', async () => {
    const { manager, open, kept, warnings } = setup();
    const p = await open(ID);
    await p.send({ type: 'draft', text: 'fine' });
    for (const bad of [
      { type: 'draft', text: 'x'.repeat(MAX_SEND_CHARS + 1) },
      { type: 'draft', text: 42 },
      { type: 'draft', text: ['fine'] },
      { type: 'draft' },
      { type: 'draft', text: 'fine', sessionId: 'devin-other' },
    ]) {
      await p.send(bad);
    }
    p.panel.dispose();
    await settled();
    assert.equal(kept(), 'fine', 'none of them replaced the text');
    assert.equal(warnings.filter((w) => w.includes('ignored an invalid message from the webview (draft)')).length, 5);
    manager.dispose();
  });
});

describe('the draft message and the draft merge', () => {
  it('parses a draft message: any string up to the cap, the empty one included', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'draft', text: '' }), { type: 'draft', text: '' });
    assert.deepEqual(parseWebviewMessage({ type: 'draft', text: 'x'.repeat(MAX_SEND_CHARS) }), { type: 'draft', text: 'x'.repeat(MAX_SEND_CHARS) });
    assert.equal(parseWebviewMessage({ type: 'draft', text: 'x'.repeat(MAX_SEND_CHARS + 1) }), undefined);
    assert.equal(parseWebviewMessage({ type: 'draft', text: null }), undefined);
    assert.equal(parseWebviewMessage({ type: 'draft', text: 'a', extra: 1 }), undefined);
  });

  it('merges the host\'s kept text and the webview\'s saved one without dropping either', () => {
    assert.equal(mergeDrafts(undefined, undefined), '');
    assert.equal(mergeDrafts('kept', undefined), 'kept');
    assert.equal(mergeDrafts(undefined, 'local'), 'local');
    assert.equal(mergeDrafts('Hel', 'Hello'), 'Hello', 'the host had not written the last keys yet');
    assert.equal(mergeDrafts('Hello world', 'Hello'), 'Hello world', 'one containing the other wins');
    assert.equal(mergeDrafts('same', 'same'), 'same');
    assert.equal(mergeDrafts('from the palette', 'typed here'), 'from the palette\n\ntyped here');
    assert.equal(mergeDrafts('kept', '   '), 'kept');
    assert.equal(mergeDrafts('', 'local'), 'local');
    assert.equal(mergeDrafts(' \n ', 'local'), 'local', 'a kept text of blanks adds no blank lines');
  });
});

describe('DraftKeeper', () => {
  function timers() {
    const waiting = new Map<number, () => void>();
    let n = 0;
    const t: DraftTimers = {
      set: (fn) => {
        waiting.set(++n, fn);
        return n;
      },
      clear: (h) => void waiting.delete(h as number),
    };
    return { t, waiting, fire: () => [...waiting.entries()].forEach(([h, fn]) => (waiting.delete(h), fn())) };
  }

  it('writes after a pause in typing, once, with the last text', async () => {
    const m = memento();
    const writes: unknown[] = [];
    const store = unsentMessages({ get: m.get, update: (k, v) => (writes.push(v), m.update(k, v)) });
    const { t, waiting, fire } = timers();
    const keeper = new DraftKeeper(store, ID, undefined, t);
    keeper.typed('a');
    keeper.typed('ab');
    keeper.typed('abc');
    assert.equal(writes.length, 0, 'nothing written while typing');
    assert.equal(waiting.size, 1, 'one timer, restarted by each key');
    assert.equal(keeper.current(), 'abc', 'a panel re-shown meanwhile gets the latest text');
    fire();
    await settled();
    assert.deepEqual(writes, [{ [ID]: 'abc' }]);
    keeper.typed('  ');
    fire();
    await settled();
    assert.equal(writes.at(-1), undefined, 'an empty box removes the entry');
  });

  it('writes at once when disposed, and after that on every change', async () => {
    const m = memento();
    const store = unsentMessages(m);
    const { t, waiting } = timers();
    const keeper = new DraftKeeper(store, ID, undefined, t);
    keeper.typed('last words');
    await keeper.dispose();
    assert.equal(waiting.size, 0);
    assert.equal(store.get(ID), 'last words');
    keeper.typed('a late report');
    await settled();
    assert.equal(store.get(ID), 'a late report');
  });

  it('reports a failed write instead of throwing', async () => {
    const errors: unknown[] = [];
    const store = unsentMessages({ get: () => undefined, update: () => Promise.reject(new Error('disk full')) });
    const keeper = new DraftKeeper(store, ID, (e) => errors.push(e), timers().t);
    keeper.typed('x');
    await keeper.flush();
    assert.equal(errors.length, 1);
  });

  it('keeps a failed send\'s text only when nothing else is kept', async () => {
    const store = unsentMessages(memento());
    const keeper = new DraftKeeper(store, ID, undefined, timers().t);
    await keeper.failed('first');
    assert.equal(store.get(ID), 'first');
    await store.set(ID, 'something the user kept');
    await keeper.failed('another');
    assert.equal(store.get(ID), 'something the user kept');
  });
});

describe('details panel: a revived panel loads when its webview is ready', () => {
  it('refreshes the session on "ready" even while the host still thinks the panel is hidden', async () => {
    const { serializer, refreshes } = setup();
    const p = fakePanel();
    // A restored panel: VS Code hands it over, and its view state (visible) can arrive after the
    // webview, which runs only while shown, says "ready".
    p.panel.visible = false;
    await serializer().deserializeWebviewPanel(p.panel, { sessionId: ID });
    assert.equal(refreshes(), 0, 'nothing fetched before the webview is ready');
    await p.send({ type: 'ready' });
    assert.equal(refreshes(), 1, 'the session is fetched at once, not at the next idle poll');
    assert.ok(p.init(), 'the cached state was posted');
  });
});

describe('details panel: two clicks on a session whose restored tab is not revived yet', () => {
  it('bring back that one tab, not a second panel', async () => {
    const { manager, serializer, workspaceState } = setup();
    // After a reload: the session's tab is there (its title remembered), VS Code has not revived it.
    await workspaceState.update('devin.panelTitles', { [ID]: 'Round totals · Needs input' });
    stub.window.tabGroups.all = [{ viewColumn: 1, tabs: [{ input: new stub.TabInputWebview('mainThreadWebview-devin.session'), label: 'Round totals · Needs input' }] }];
    let created = 0;
    stub.window.createWebviewPanel = () => {
      created++;
      return fakePanel().panel;
    };
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const first = manager.show(ID);
      const second = manager.show(BARE); // the same session, as a link names it
      await settled();
      // VS Code revives the tab the first call showed.
      const revived = fakePanel();
      await serializer().deserializeWebviewPanel(revived.panel, { sessionId: ID });
      mock.timers.tick(5000); // a wait that was replaced would give up now and open a second panel
      await Promise.all([first, second]);
      await settled();
      assert.equal(created, 0, 'no new panel: both calls show the revived one');
    } finally {
      mock.timers.reset();
      stub.window.tabGroups.all = [{ tabs: [], viewColumn: 1 }];
      delete stub.window.createWebviewPanel;
    }
  });
});
