// The details panel's host side for pull requests: what GitHub says of a session's PRs (the same
// source as the tree's PR rows) goes to the webview with the session, and again when it changes;
// the PR row's actions become the tree's commands, for this session's PRs only. A fake webview
// panel is handed to the manager the way VS Code revives one after a reload (its serializer).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Session } from '../../src/api/types';
import type { GitHubPrDetails } from '../../src/github/prInfo';
import { normalizeSession } from '../../src/api/normalize';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const stub: any = require('../support/vscode-stub.cjs');
const { Disposable, EventEmitter } = stub;
// What the panel needs of vscode.Uri and vscode.env, added to whatever another test file put there.
stub.Uri ??= {};
stub.Uri.joinPath ??= (base: { path: string }, ...parts: string[]) => ({ path: [base.path, ...parts].join('/'), toString: () => [base.path, ...parts].join('/') });
stub.env ??= {};
stub.env.language ??= 'en';

const { SessionPanelManager } = require('../../src/webview/sessionPanel') as typeof import('../../src/webview/sessionPanel');

const PR = 'https://github.com/acme/web/pull/7';
const OTHER = 'https://github.com/acme/web/pull/9';

function session(): Session {
  return normalizeSession({
    session_id: 'devin-0123456789abcdef0123456789abcdef',
    url: 'https://app.devin.ai/sessions/0123456789abcdef0123456789abcdef',
    status: 'running',
    status_detail: 'working',
    title: 'Round totals per currency',
    tags: [],
    org_id: 'org-1',
    created_at: 1_700_000_000,
    updated_at: 1_700_000_100,
    acus_consumed: 0,
    pull_requests: [{ pr_url: PR, pr_state: 'open' }],
  })!;
}

/** A GitHub details source like src/github/connect.ts's: what it knows, what it was asked for, a change event. */
function detailsSource() {
  const changes = new EventEmitter();
  const known = new Map<string, GitHubPrDetails>();
  const wanted: string[][] = [];
  return { known, wanted, fire: (urls: string[]) => changes.fire(urls), onDidChange: changes.event, get: (u: string) => known.get(u), want: (urls: readonly string[]) => void wanted.push([...urls]) };
}

async function setup() {
  const s = session();
  const posted: Record<string, unknown>[] = [];
  const fromWebview = new EventEmitter();
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
    onDidDispose: () => new Disposable(() => undefined),
    onDidChangeViewState: () => new Disposable(() => undefined),
    reveal() {},
    dispose() {},
  };
  let serializer: { deserializeWebviewPanel(panel: unknown, state: unknown): Promise<void> } | undefined;
  const host = {
    registerWebviewPanelSerializer: (_type: string, sz: typeof serializer) => {
      serializer = sz;
      return new Disposable(() => undefined);
    },
  };
  const store = {
    get: (id: string) => (id === s.session_id ? s : undefined),
    onDidChange: new EventEmitter().event,
    setPanelVisible() {},
    requireApi() {
      throw new Error('no API in this test');
    },
    refreshSession: async () => s,
    all: () => [s],
  };
  const state = new Map<string, unknown>();
  const memento = { get: (k: string) => state.get(k), update: async (k: string, v: unknown) => void state.set(k, v) };
  const context = { extensionUri: { path: '/ext' }, workspaceState: memento, globalState: memento };
  const log = { warn() {}, info() {}, error() {} };
  const auth = { signedIn: true, onDidChange: new EventEmitter().event };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const manager = new SessionPanelManager(context as any, store as any, log as any, auth, host as any);
  const source = detailsSource();
  manager.setPrDetails(source);
  await serializer!.deserializeWebviewPanel(panel, { sessionId: s.session_id });
  const send = async (m: unknown) => {
    fromWebview.fire(m);
    await new Promise((r) => setImmediate(r));
  };
  stub.resetUi();
  return { s, posted, send, source, manager };
}

describe('details panel: pull requests', () => {
  it('posts what GitHub said of the session\'s PRs with the session, asks the source for them, and posts again when they change', async () => {
    const { s, posted, send, source, manager } = await setup();
    source.known.set(PR, { title: 'Round totals per currency', state: 'draft', reviewDecision: 'approved', checks: 'pending' });
    source.known.set(OTHER, { title: 'Not this session\'s', state: 'open' });
    await send({ type: 'ready' });
    const init = posted.find((m) => m.type === 'init');
    assert.ok(init, 'the webview got its init message');
    assert.deepEqual(init.prDetails, { [PR]: { title: 'Round totals per currency', state: 'draft', reviewDecision: 'approved', checks: 'pending' } }, 'only this session\'s PRs');
    assert.deepEqual(init.checkoutable, [PR], 'Check Out as on the tree\'s PR row (a GitHub pull request)');
    assert.ok(source.wanted.some((w) => w.length === 1 && w[0] === PR), `the source was asked for the session's PR: ${JSON.stringify(source.wanted)}`);

    // GitHub's answer changes: the session is posted again with the new details.
    posted.length = 0;
    source.known.set(PR, { title: 'Round totals per currency', state: 'open', reviewDecision: 'changes_requested', checks: 'failure' });
    source.fire([PR]);
    const update = posted.find((m) => m.type === 'session');
    assert.ok(update, 'a session update after the change');
    assert.deepEqual((update.prDetails as Record<string, GitHubPrDetails>)[PR].checks, 'failure');
    // A change of another PR posts nothing; an empty list (any PR: the account changed) does.
    posted.length = 0;
    source.fire([OTHER]);
    assert.equal(posted.length, 0);
    source.known.clear();
    source.fire([]);
    assert.deepEqual(posted.find((m) => m.type === 'session')?.prDetails, {}, 'without details the webview shows what the Devin API gives');
    assert.equal(s.pull_requests.length, 1);
    manager.dispose();
  });

  it('turns the PR row\'s actions into the tree\'s commands, for this session\'s PRs only', async () => {
    const { s, posted, send, manager } = await setup();
    await send({ type: 'ready' });
    posted.length = 0;
    stub.recorded.commands.length = 0;
    await send({ type: 'openPr', prUrl: PR });
    await send({ type: 'checkout', prUrl: PR });
    await send({ type: 'reviewChanges', prUrl: PR });
    await send({ type: 'copyPrUrl', prUrl: PR });
    const ran = stub.recorded.commands.filter((c: unknown[]) => String(c[0]).startsWith('devin.'));
    assert.deepEqual(ran, [
      ['devin.openPullRequest', PR],
      ['devin.checkoutPullRequest', PR],
      ['devin.reviewChanges', s.session_id, PR],
      ['devin.copyPullRequestUrl', PR],
    ]);
    assert.ok(posted.some((m) => m.type === 'copied' && m.what === 'prUrl'), '"Copied" by the button');
    // A PR of no PR row here, a link that is not http(s), or a malformed message: nothing runs.
    stub.recorded.commands.length = 0;
    for (const m of [
      { type: 'checkout', prUrl: OTHER },
      { type: 'reviewChanges', prUrl: OTHER },
      { type: 'openPr', prUrl: 'javascript:alert(1)//github.com/acme/web/pull/7' },
      { type: 'copyPrUrl', prUrl: PR, extra: 1 },
      { type: 'copyPrUrl', prUrl: [PR] },
    ]) await send(m);
    assert.deepEqual(stub.recorded.commands.filter((c: unknown[]) => String(c[0]).startsWith('devin.')), []);
    manager.dispose();
  });
});
