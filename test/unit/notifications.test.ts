// Notifications announce what Devin did, never what the user just did from VS Code. Runs the real
// store and src/views/notifications.ts on the recording vscode stub against the fake Devin server.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Transition } from '../../src/sessions/model';
import type { SessionStore as SessionStoreT } from '../../src/sessions/store';
import { storeOnFake } from '../support/fakeStore';

const require = createRequire(__filename);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const stub: any = require('../support/vscode-stub.cjs');
// Loaded after the stub is installed: notifications.ts imports 'vscode'.
const { Notifications, selectTransitions } = require('../../src/views/notifications') as typeof import('../../src/views/notifications');
const { createFakeDevin } = require('../fake-devin/server.js');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let fake: any;
let store: SessionStoreT | undefined;
let notifications: InstanceType<typeof Notifications> | undefined;
beforeEach(() => {
  stub.recorded.messages.length = 0;
});
afterEach(async () => {
  notifications?.dispose();
  store?.dispose();
  notifications = undefined;
  store = undefined;
  await fake?.close();
  fake = undefined;
});

async function setup(): Promise<{ store: SessionStoreT; ids: string[] }> {
  fake = await createFakeDevin({ sessions: 0 });
  const ids = ['Fix the login bug', 'Upgrade React', 'Write docs'].map((title) => fake.addSession({ title, status: 'running', status_detail: 'working' }).session_id);
  store = storeOnFake(fake);
  notifications = new Notifications(store);
  await store.refresh();
  return { store, ids };
}

const shown = () => stub.recorded.messages.map((m: { text: string }) => m.text);

describe('notifications', () => {
  it('Terminate from VS Code shows no "Devin finished"; a session Devin finishes meanwhile does', async () => {
    const { store, ids } = await setup();
    await store.terminate(ids[0], false);
    assert.deepEqual(shown(), []);
    fake.patchSession(ids[1], { status_detail: 'finished' });
    await store.refresh();
    assert.deepEqual(shown(), ['Devin finished: Upgrade React']);
  });

  it('Terminate and Archive, Archive, a message and a new session: no notification at all', async () => {
    const { store, ids } = await setup();
    await store.terminate(ids[0], true);
    await store.archive(ids[1]);
    await store.sendMessage(ids[2], 'Please also update the changelog');
    await store.create({ prompt: 'Another task' });
    await store.refresh({ full: true });
    assert.deepEqual(shown(), []);
  });

  it('an archived session that keeps running is never announced', async () => {
    const { store, ids } = await setup();
    await store.archive(ids[0]);
    fake.patchSession(ids[0], { status_detail: 'waiting_for_user' });
    await store.refresh();
    fake.patchSession(ids[0], { status: 'error', status_detail: null });
    await store.refresh();
    assert.deepEqual(shown(), []);
  });

  it('selectTransitions drops own and archived transitions at every level', () => {
    const base = { session_id: 'devin-1', url: '', status: 'exit', tags: [], org_id: 'org-1', created_at: 1, updated_at: 2, acus_consumed: 0, pull_requests: [] };
    const ts: Transition[] = [
      { kind: 'finished', session: base, own: 'terminate' },
      { kind: 'needsInput', session: { ...base, is_archived: true } },
      { kind: 'needsInput', session: base },
      { kind: 'failed', session: base },
    ];
    assert.deepEqual(selectTransitions(ts, 'all'), [ts[2], ts[3]]);
    assert.deepEqual(selectTransitions(ts, 'needs-input-only'), [ts[2]]);
    assert.deepEqual(selectTransitions(ts, 'off'), []);
  });
});
