// Review and Ask Devin when the caller is not the user (security review H2, M3, L1): other
// extensions can run devin.askDevin, devin.applyAllChanges and devin.applyFileChanges with any
// arguments (and, through VS Code's tree argument conversion, with our own tree nodes), and can
// open a `devin-pr:` URI naming any folder and commit. Runs ReviewManager and ReviewComments on
// the vscode stub (test/support/vscode-stub.cjs, with the comments / documents / trust parts this
// file adds), against a real clone and origin made in a temp folder (test/support/gitFixture.ts).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import type { Session } from '../../src/api/types';
import { createFixture, lines, sh, write, type Fixture } from '../support/gitFixture';

const require = createRequire(__filename);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const stub: any = require('../support/vscode-stub.cjs');

// ---- what this file adds to the stub: documents, comments, workspace trust -------------------------

class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}
class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(sl: number, sc: number, el: number, ec: number) {
    this.start = new Position(sl, sc);
    this.end = new Position(el, ec);
  }
}
/** A `devin-pr:` URI as VS Code would hand it over (scheme, path and the JSON query). */
const uriOf = (parts: { scheme: string; path: string; query?: string }) => ({ scheme: parts.scheme, path: parts.path, query: parts.query ?? '', fsPath: parts.path, toString: () => `${parts.scheme}:${parts.path}?${parts.query ?? ''}` });
const providers = new Map<string, { provideTextDocumentContent(uri: unknown): Promise<string> | string }>();
const opened: unknown[] = [];
const trustGranted = new stub.EventEmitter();
const trust = { trusted: true };
Object.assign(stub, {
  Position,
  Range,
  CommentMode: { Editing: 0, Preview: 1 },
  CommentThreadState: { Unresolved: 0, Resolved: 1 },
  CommentThreadCollapsibleState: { Collapsed: 0, Expanded: 1 },
  extensions: { getExtension: () => undefined },
  comments: {
    createCommentController: () => ({
      options: undefined,
      commentingRangeProvider: undefined,
      dispose() {},
      // Threads the extension makes itself (kept comments restored after a reload).
      createCommentThread: (uri: unknown, range: Range, comments: unknown[]) => {
        const t = { uri, range, comments, label: undefined, collapsibleState: undefined, disposed: false, dispose: () => void (t.disposed = true) };
        created.push(t);
        return t;
      },
    }),
  },
});
const created: { uri: unknown; range: Range; comments: unknown[]; disposed: boolean }[] = [];
stub.Uri.from = uriOf;
/** The inverse of uriOf's toString. */
stub.Uri.parse = (text: string) => {
  const colon = text.indexOf(':');
  const q = text.indexOf('?');
  return uriOf({ scheme: text.slice(0, colon), path: text.slice(colon + 1, q < 0 ? undefined : q), query: q < 0 ? '' : text.slice(q + 1) });
};
stub.Uri.file = (p: string) => uriOf({ scheme: 'file', path: p });
stub.window.registerFileDecorationProvider = () => new stub.Disposable(() => {});
Object.defineProperty(stub.workspace, 'isTrusted', { get: () => trust.trusted, configurable: true });
Object.assign(stub.workspace, {
  onDidGrantWorkspaceTrust: trustGranted.event,
  workspaceFolders: [] as unknown[],
  registerTextDocumentContentProvider: (scheme: string, p: { provideTextDocumentContent(uri: unknown): Promise<string> }) => {
    providers.set(scheme, p);
    return new stub.Disposable(() => providers.delete(scheme));
  },
  openTextDocument: async (uri: { scheme: string }) => {
    opened.push(uri);
    const text = await providers.get(uri.scheme)!.provideTextDocumentContent(uri);
    const docLines = text.split('\n');
    return {
      uri,
      lineCount: docLines.length,
      lineAt: (i: number) => ({ text: docLines[i] }),
      getText: (r: Range) => docLines.slice(r.start.line, r.end.line + 1).join('\n').slice(0, undefined),
    };
  },
});

// Loaded after the stub is complete: these import 'vscode'.
const { ReviewManager } = require('../../src/review/review') as typeof import('../../src/review/review');
const { ReviewComments } = require('../../src/review/comments') as typeof import('../../src/review/comments');
const { prDocParts } = require('../../src/review/uris') as typeof import('../../src/review/uris');

const PR_URL = 'https://github.com/acme/web/pull/7';
const SESSION = 'devin-0123456789abcdef0123456789abcdef';
const log = { info() {}, warn() {}, error() {}, debug() {}, trace() {} };

function session(over: Partial<Session> = {}): Session {
  return {
    session_id: SESSION,
    url: 'https://app.devin.ai/sessions/x',
    status: 'running',
    status_detail: 'waiting_for_user',
    title: 'Round per currency',
    tags: [],
    org_id: 'org-1',
    created_at: 1,
    updated_at: 2,
    acus_consumed: 0,
    pull_requests: [{ pr_url: PR_URL, pr_state: 'open' }],
    ...over,
  } as Session;
}

/** The store the review reads (get) and Ask Devin sends through (sendMessage, recorded; `answer` can fail or hold it). */
function fakeStore(sessions: Session[]) {
  const sent: { id: string; message: string }[] = [];
  const byId = new Map(sessions.map((s) => [s.session_id, s]));
  const o = {
    sent,
    byId,
    answer: undefined as undefined | (() => Promise<void>),
    get: (id: string) => byId.get(id),
    sendMessage: async (id: string, message: string) => {
      if (o.answer) return o.answer();
      sent.push({ id, message });
    },
  };
  return o;
}

/** A Host that keeps the command handlers, so the test runs them as another extension would. */
function recordingHost() {
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  return {
    commands,
    registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => (commands.set(id, fn), new stub.Disposable(() => commands.delete(id))),
    createTreeView: () => undefined as never,
    registerWebviewPanelSerializer: () => new stub.Disposable(() => {}),
    registerTextDocumentContentProvider: (scheme: string, p: never) => stub.workspace.registerTextDocumentContentProvider(scheme, p),
  };
}

const modals = () => stub.recorded.ui.filter((u: unknown[]) => (u[2] as { modal?: boolean } | undefined)?.modal === true);
const docUri = (fx: Fixture, o: { root?: string; commit: string; path: string; side: 'base' | 'head'; sessionId?: string }) =>
  uriOf(prDocParts({ root: o.root ?? fx.clone, commit: o.commit, path: o.path, side: o.side, sessionId: o.sessionId ?? SESSION, prUrl: PR_URL }));
const status = (fx: Fixture) => execFileSync('git', ['status', '--porcelain=v1', '--untracked-files=all'], { cwd: fx.clone, encoding: 'utf8' }).trim();
const NOT_OURS = /not from a review open in this window/;
const RESTRICTED = /Restricted Mode\. Trust the workspace first\./;

describe('review and Ask Devin with untrusted callers', () => {
  let fx: Fixture;
  let store: ReturnType<typeof fakeStore>;
  let host: ReturnType<typeof recordingHost>;
  let manager: InstanceType<typeof ReviewManager>;
  let comments: InstanceType<typeof ReviewComments>;
  /** The workspace state (kept across make(), which stands for a window reload). */
  const workspaceState = new Map<string, unknown>();
  const memento = { get: <T>(k: string) => workspaceState.get(k) as T | undefined, update: async (k: string, v: unknown) => void (v === undefined ? workspaceState.delete(k) : workspaceState.set(k, v)) };
  const make = () => {
    host = recordingHost();
    manager = new ReviewManager(store as never, log as never, host);
    comments = new ReviewComments(store as never, log as never, () => undefined, manager, host, memento);
  };
  const run = (id: string, ...args: unknown[]) => host.commands.get(id)!(...args) as Promise<unknown>;
  const content = (uri: unknown) => providers.get('devin-pr')!.provideTextDocumentContent(uri);

  beforeEach(() => {
    fx?.cleanup();
    fx = createFixture();
    stub.resetUi();
    stub.recorded.messages.length = 0;
    opened.length = 0;
    trust.trusted = true;
    stub.workspace.workspaceFolders = [{ uri: stub.Uri.file(fx.clone) }];
    store = fakeStore([session()]);
    workspaceState.clear();
    created.length = 0;
    make();
  });
  afterEach(() => {
    manager.dispose();
    comments.dispose();
  });
  after(() => fx?.cleanup());

  describe('devin-pr: documents (H2)', () => {
    it('serve no folder or commit before a review fetched it, not even the clone’s own commits', async () => {
      const a = await content(docUri(fx, { commit: fx.forkPoint, path: 'a.txt', side: 'base' }));
      assert.match(a, NOT_OURS);
      assert.doesNotMatch(a, /a line 1/);
      const other = await content(docUri(fx, { root: fx.seed, commit: fx.head, path: 'a.txt', side: 'head' }));
      assert.match(other, NOT_OURS, 'another repository on disk');
    });

    it('serve both sides of a review once it is fetched, and only in the clone it was fetched in', async () => {
      assert.equal(await manager.reviewChanges(SESSION, PR_URL), true);
      assert.match(await content(docUri(fx, { commit: fx.head, path: 'a.txt', side: 'head' })), /a line 2 \(changed by the PR\)/);
      assert.equal(await content(docUri(fx, { commit: fx.forkPoint, path: 'a.txt', side: 'base' })), lines('a', 10));
      assert.match(await content(docUri(fx, { root: fx.seed, commit: fx.head, path: 'a.txt', side: 'head' })), NOT_OURS, 'same commit, another folder');
      const mainNow = sh(fx.clone, 'rev-parse', 'refs/devin/pr/origin/7/base');
      assert.notEqual(mainNow, fx.forkPoint);
      assert.match(await content(docUri(fx, { commit: mainNow, path: 'b.txt', side: 'base' })), NOT_OURS, 'a commit no diff of the review shows');
    });

    it('still serve a diff editor restored after a reload, from the private refs of the earlier fetch, and nothing else', async () => {
      await manager.reviewChanges(SESSION, PR_URL);
      manager.dispose();
      comments.dispose();
      make(); // a new window: no review state in memory
      assert.match(await content(docUri(fx, { commit: fx.head, path: 'a.txt', side: 'head' })), /changed by the PR/);
      assert.equal(await content(docUri(fx, { commit: fx.forkPoint, path: 'a.txt', side: 'base' })), lines('a', 10), 'the merge-base of the head and base refs');
      assert.match(await content(docUri(fx, { commit: fx.forkPoint, path: 'a.txt', side: 'head' })), NOT_OURS, 'the merge-base is only the base side');
      stub.workspace.workspaceFolders = [];
      make();
      assert.match(await content(docUri(fx, { commit: fx.head, path: 'a.txt', side: 'head' })), NOT_OURS, 'a clone no longer open in the workspace');
    });

    it('run no git in Restricted Mode and say why', async () => {
      await manager.reviewChanges(SESSION, PR_URL);
      trust.trusted = false;
      const text = await content(docUri(fx, { commit: fx.head, path: 'a.txt', side: 'head' }));
      assert.match(text, RESTRICTED);
      assert.doesNotMatch(text, /changed by the PR/);
    });
  });

  describe('Restricted Mode (M3)', () => {
    const prNode = () => ({ kind: 'pr' as const, sessionId: SESSION, pr: session().pull_requests[0] });

    it('expanding a PR fetches nothing and shows a row that says why, with Manage Workspace Trust; granting trust fetches', async () => {
      trust.trusted = false;
      const node = prNode();
      const changed: unknown[] = [];
      manager.onDidChange((n) => changed.push(n));
      let rows = manager.children(node);
      assert.equal(manager.fetches, 0);
      assert.equal(rows.length, 1);
      const item = manager.treeItem(rows[0]);
      assert.match(String(item.label), RESTRICTED);
      assert.equal(item.command?.command, 'workbench.trust.manage');
      assert.equal(sh(fx.clone, 'for-each-ref', 'refs/devin/'), '', 'no fetch into the clone');

      trust.trusted = true;
      trustGranted.fire();
      assert.deepEqual(changed, [node], 'the row is drawn again');
      rows = manager.children(node);
      await manager.reviewChanges(SESSION, PR_URL);
      assert.equal(manager.fetches, 1);
      assert.ok(manager.children(node).some((r) => (r as { type: string }).type === 'file'));
    });

    it('Review Changes and Apply say why and do nothing', async () => {
      trust.trusted = false;
      assert.equal(await manager.reviewChanges(SESSION, PR_URL), false);
      await run('devin.applyAllChanges', SESSION, PR_URL);
      assert.equal(manager.fetches, 0);
      assert.equal(status(fx), '');
      assert.ok(stub.recorded.messages.length >= 2 && stub.recorded.messages.every((m: { text: string }) => RESTRICTED.test(m.text)), JSON.stringify(stub.recorded.messages));
    });
  });

  describe('Apply confirms once, whoever asks (L1)', () => {
    it('with session and PR strings: a modal dialog naming the PR and session; dismissed, nothing is written', async () => {
      await run('devin.applyAllChanges', SESSION, PR_URL);
      const m = modals();
      assert.equal(m.length, 1);
      assert.match(m[0][1], /^Apply 6 files from pull request #7 to your working tree\?$/);
      assert.match(m[0][2].detail, /"Round per currency"/);
      assert.equal(status(fx), '', 'nothing applied');
    });

    it('with a file node (ours, or forged: VS Code hands out our real node): one modal dialog, then applied', async () => {
      await manager.reviewChanges(SESSION, PR_URL);
      const file = manager.children({ kind: 'pr', sessionId: SESSION, pr: session().pull_requests[0] }).find((n) => (n as { change?: { path: string } }).change?.path === 'a.txt');
      assert.ok(file);
      stub.resetUi();
      stub.answers.showInformationMessage = (_t: string, o?: { modal?: boolean }) => (o?.modal ? 'Apply' : undefined);
      await run('devin.applyFileChanges', file);
      assert.equal(modals().length, 1, 'exactly one confirmation');
      assert.equal(status(fx), 'M a.txt');
      stub.resetUi();
      await run('devin.applyFileChanges', { ...file }); // a look-alike copy: asks the same way
      assert.equal(modals().length, 1);
    });

    it('with uncommitted changes the one dialog is the merge warning, not a second question', async () => {
      write(fx.clone, 'a.txt', lines('a', 10).replace('a line 9\n', 'a line 9 (mine)\n'));
      stub.answers.showWarningMessage = (_t: string, o?: { modal?: boolean }) => (o?.modal ? 'Apply and Merge' : undefined);
      await run('devin.applyAllChanges', SESSION, PR_URL);
      const m = modals();
      assert.equal(m.length, 1);
      assert.match(m[0][1], /1 of the files have uncommitted changes: a\.txt/);
      assert.match(fs.readFileSync(path.join(fx.clone, 'a.txt'), 'utf8'), /changed by the PR[\s\S]*a line 9 \(mine\)/);
    });
  });

  describe('devin.askDevin (H2)', () => {
    const thread = (uri: unknown, over: Record<string, unknown> = {}) => ({ uri, range: new Range(2, 0, 2, 0), comments: [] as { label?: string; body: unknown }[], ...over });
    const ask = (t: ReturnType<typeof thread>, text = 'INJECTED text') => run('devin.askDevin', { thread: t, text });

    it('refuses a session that is not in the store, one that cannot take messages, and a PR that is not the session’s; no dialog, no document read, the words kept', async () => {
      const cases: [string, () => void, RegExp][] = [
        ['unknown session', () => store.byId.clear(), /not in the Devin Sessions view/],
        ['finished session', () => store.byId.set(SESSION, session({ status: 'exit' as never })), /cannot take messages/],
        ['archived session', () => store.byId.set(SESSION, session({ is_archived: true })), /cannot take messages/],
        ['PR of another session', () => store.byId.set(SESSION, session({ pull_requests: [{ pr_url: 'https://github.com/acme/web/pull/8', pr_state: 'open' }] })), /pull request is not one of the session/],
      ];
      for (const [name, arrange, why] of cases) {
        store.byId.set(SESSION, session());
        arrange();
        stub.resetUi();
        const t = thread(docUri(fx, { root: '/', commit: 'a'.repeat(40), path: 'x.txt', side: 'head' }));
        await ask(t);
        assert.deepEqual(store.sent, [], name);
        assert.equal(modals().length, 0, name);
        assert.deepEqual(opened, [], `${name}: the URI's folder was not read`);
        assert.match(String(t.comments[0]?.label), why, name);
        assert.equal(t.comments[0]?.body, 'INJECTED text', `${name}: the words stay in the thread`);
      }
    });

    it('asks in a modal dialog naming the session and showing the text when no review of that root and head is open; dismissed, nothing is sent', async () => {
      const t = thread(docUri(fx, { root: '/tmp', commit: 'a'.repeat(40), path: 'x.txt', side: 'head' }));
      await ask(t, 'INJECTED-B via askDevin');
      const m = modals();
      assert.equal(m.length, 1);
      assert.match(m[0][1], /^Send this comment on x\.txt to the Devin session "Round per currency"\?$/);
      assert.match(m[0][2].detail, /INJECTED-B via askDevin/);
      assert.deepEqual(store.sent, []);
      assert.deepEqual(opened, []);
      assert.match(String(t.comments[0]?.label), /Not sent: not confirmed/);
    });

    it('asks too for the base side, another clone, or an older head than the open review’s', async () => {
      await manager.reviewChanges(SESSION, PR_URL);
      for (const uri of [
        docUri(fx, { commit: fx.forkPoint, path: 'a.txt', side: 'base' }),
        docUri(fx, { root: fx.seed, commit: fx.head, path: 'a.txt', side: 'head' }),
        docUri(fx, { commit: fx.forkPoint, path: 'a.txt', side: 'head' }),
      ]) {
        stub.resetUi();
        await ask(thread(uri));
        assert.equal(modals().length, 1, JSON.stringify(uri.query));
      }
      assert.deepEqual(store.sent, []);
    });

    it('sends without a question from the PR side of the review open here, with path, lines and quote; and after a confirmation otherwise', async () => {
      await manager.reviewChanges(SESSION, PR_URL);
      stub.resetUi();
      await ask(thread(docUri(fx, { commit: fx.head, path: 'a.txt', side: 'head' }), { range: new Range(1, 0, 1, 0) }), 'Keep the old wording.');
      assert.equal(modals().length, 0);
      assert.equal(store.sent.length, 1);
      assert.match(store.sent[0].message, /^About `a\.txt` line 2 in https:\/\/github\.com\/acme\/web\/pull\/7/);
      assert.match(store.sent[0].message, /a line 2 \(changed by the PR\)/);
      assert.match(store.sent[0].message, /Keep the old wording\.$/);

      // A reload: the review is not open, the user confirms, the message goes.
      make();
      stub.answers.showWarningMessage = (_t: string, o?: { modal?: boolean }) => (o?.modal ? 'Send to Devin' : undefined);
      await ask(thread(docUri(fx, { commit: fx.head, path: 'a.txt', side: 'head' })), 'After the reload.');
      assert.equal(modals().length, 1);
      assert.equal(store.sent.length, 2);
      assert.match(store.sent[1].message, /After the reload\.$/);
    });
  });

  describe('Ask Devin loses no words (L4)', () => {
    type C = { label?: string; body: unknown; contextValue?: string; mode?: number };
    const thread = (uri: unknown) => ({ uri, range: new Range(1, 0, 1, 0), comments: [] as C[] });
    const kept = () => (workspaceState.get('devin.unsentComments') as { text: string; why?: string }[] | undefined) ?? [];
    /** A window reload: the part is made again on the same workspace state. */
    const reload = () => {
      comments.dispose();
      manager.dispose();
      make();
    };

    it('a failed send keeps the words in the thread, editable with Retry, and across a reload; Retry sends them and they are forgotten', async () => {
      await manager.reviewChanges(SESSION, PR_URL);
      const uri = docUri(fx, { commit: fx.head, path: 'a.txt', side: 'head' });
      const t = thread(uri);
      store.answer = () => Promise.reject(new Error('HTTP 503 Service Unavailable'));
      await run('devin.askDevin', { thread: t, text: 'Keep the old wording.' });
      const c = t.comments[0];
      assert.equal(c.body, 'Keep the old wording.');
      assert.match(String(c.label), /^Not sent: HTTP 503/);
      assert.equal(c.contextValue, 'devin.unsent', 'Retry and Discard show on it');
      assert.equal(c.mode, stub.CommentMode.Editing);
      assert.deepEqual(kept().map((k) => [k.text, k.why]), [['Keep the old wording.', 'HTTP 503 Service Unavailable']]);

      reload();
      assert.equal(created.length, 1, 'the thread is back on its document');
      assert.equal(String(created[0].uri), String(uri));
      assert.deepEqual([created[0].range.start.line, created[0].range.end.line], [1, 1]);
      const back = created[0].comments[0] as C;
      assert.equal(back.body, 'Keep the old wording.');
      assert.match(String(back.label), /^Not sent: HTTP 503/);
      assert.equal(back.contextValue, 'devin.unsent');

      // Retry after the reload: no review is open here now, so the user confirms; then it goes.
      store.answer = undefined;
      stub.answers.showWarningMessage = (_t: string, o?: { modal?: boolean }) => (o?.modal ? 'Send to Devin' : undefined);
      await run('devin.askDevinRetry', back);
      assert.equal(store.sent.length, 1);
      assert.match(store.sent[0].message, /Keep the old wording\.$/);
      assert.equal(back.label, 'Sent to Devin');
      assert.deepEqual(kept(), [], 'sent, so no longer kept');
      reload();
      assert.equal(created.length, 1, 'nothing restored after that');
    });

    it('a comment on its way when the window closes comes back marked as perhaps sent; Discard forgets it', async () => {
      await manager.reviewChanges(SESSION, PR_URL);
      let reached: () => void = () => undefined;
      const atSend = new Promise<void>((r) => (reached = r));
      store.answer = () => (reached(), new Promise<void>(() => undefined)); // never answers
      const t = thread(docUri(fx, { commit: fx.head, path: 'a.txt', side: 'head' }));
      void run('devin.askDevin', { thread: t, text: 'Rename it to total.' });
      await atSend;
      assert.equal(t.comments[0]?.label, 'Sending…');
      assert.deepEqual(kept().map((k) => [k.text, k.why]), [['Rename it to total.', undefined]], 'kept before it goes');
      reload();
      const back = created[0].comments[0] as C;
      assert.equal(back.body, 'Rename it to total.');
      assert.match(String(back.label), /may have arrived/);
      await run('devin.askDevinDiscard', back);
      assert.equal(created[0].disposed, true);
      assert.deepEqual(kept(), []);
    });

    it('a refused or unconfirmed comment is kept too; at most 50 are kept, the oldest leave first', async () => {
      for (let i = 0; i < 52; i++) await run('devin.askDevin', { thread: thread(docUri(fx, { root: '/tmp', commit: 'a'.repeat(40), path: 'x.txt', side: 'head' })), text: `note ${i}` });
      const all = kept();
      assert.equal(all.length, 50);
      assert.equal(all[0].text, 'note 2');
      assert.match(String(all[49].why), /not confirmed/);
    });
  });
});
