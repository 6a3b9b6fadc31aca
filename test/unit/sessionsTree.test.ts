// The Sessions tree as a person sees it: which groups start open, what the user opened is
// remembered, empty groups keep their place, rows lead with the age and name the repository, PR
// rows say their state in words, and the menus (package.json `when` clauses evaluated on the
// rows' contextValues) offer only what fits the state a user believes a session is in.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import type { Session } from '../../src/api/types';
import type { Node } from '../../src/views/sessionsTree';

const require = createRequire(__filename);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const stub: any = require('../support/vscode-stub.cjs');
const { SessionStore } = require('../../src/sessions/store') as typeof import('../../src/sessions/store');
const { SessionHints, HINTS_KEY, MAX_HINTS } = require('../../src/sessions/hints') as typeof import('../../src/sessions/hints');
const { SessionsTreeProvider, prContextValue } = require('../../src/views/sessionsTree') as typeof import('../../src/views/sessionsTree');
const { SessionsView, EXPANSION_STATE_KEY } = require('../../src/views/sessionsView') as typeof import('../../src/views/sessionsView');
const { normalizeSession } = require('../../src/api/normalize') as typeof import('../../src/api/normalize');
const { relativeTime } = require('../../src/sessions/model') as typeof import('../../src/sessions/model');
const { createFakeDevin } = require('../fake-devin/server.js');

const NOW = 1_800_000_000;
let n = 0;
function session(fields: Partial<Session> = {}): Session {
  n++;
  return normalizeSession({
    session_id: `devin-${String(n).padStart(32, '0')}`,
    url: `https://app.devin.ai/sessions/${n}`,
    status: 'running',
    status_detail: 'working',
    title: `Session title ${n}`,
    tags: [],
    org_id: 'org-1',
    created_at: NOW - 7200,
    updated_at: NOW - 300,
    acus_consumed: 0,
    pull_requests: [],
    ...fields,
  })!;
}

const memento = () => {
  const data = new Map<string, unknown>();
  return { get: <T>(k: string) => data.get(k) as T | undefined, update: async (k: string, v: unknown) => void data.set(k, v), keys: () => [...data.keys()], data };
};

/** A store with no server: sessions go in through upsert, as an action's answer would. */
function storeWith(sessions: Session[], hints?: InstanceType<typeof SessionHints>) {
  const store = new SessionStore({ createClient: () => undefined, intervalSec: () => 30, maxSessions: () => 1000, setTimer: () => 0, clearTimer: () => undefined, hints });
  for (const s of sessions) store.upsert(s);
  return store;
}

const label = (item: { label?: unknown }) => (typeof item.label === 'string' ? item.label : '');
const Collapsed = stub.TreeItemCollapsibleState.Collapsed;
const Expanded = stub.TreeItemCollapsibleState.Expanded;

function groups(p: InstanceType<typeof SessionsTreeProvider>) {
  return p.getChildren().filter((x) => x.kind === 'group').map((g) => {
    const item = p.getTreeItem(g);
    return { id: (g as { id: string }).id, label: label(item), description: item.description, state: item.collapsibleState, children: p.getChildren(g) };
  });
}

// ---- a small evaluator of the menus' `when` clauses (view ==, viewItem =~, !(…), &&) ----------
const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
type MenuItem = { command: string; when?: string; group?: string };
const itemMenu: MenuItem[] = manifest.contributes.menus['view/item/context'];

function evalWhen(when: string, ctx: { view: string; viewItem: string }): boolean {
  return when.split('&&').every((raw) => {
    let term = raw.trim();
    let negate = false;
    const neg = /^!\((.*)\)$/.exec(term);
    if (neg) {
      negate = true;
      term = neg[1].trim();
    }
    let m: RegExpExecArray | null;
    let v: boolean;
    if ((m = /^view == (\S+)$/.exec(term))) v = ctx.view === m[1];
    else if ((m = /^viewItem =~ \/(.*)\/$/.exec(term))) v = new RegExp(m[1]).test(ctx.viewItem);
    else throw new Error(`the test's evaluator does not know "${term}"`);
    return negate ? !v : v;
  });
}

/** Commands a row offers: `inline` and `menu` (right-click). */
function offered(contextValue: string) {
  const hits = itemMenu.filter((m) => !m.when || evalWhen(m.when, { view: 'devin.sessions', viewItem: contextValue }));
  return {
    inline: new Set(hits.filter((m) => m.group?.startsWith('inline')).map((m) => m.command)),
    menu: new Set(hits.filter((m) => !m.group?.startsWith('inline')).map((m) => m.command)),
  };
}

describe('a calm tree', () => {
  it('Needs your input and Working start expanded; Suspended, Finished, Failed and Archived start collapsed', () => {
    const store = storeWith([
      session({ status_detail: 'waiting_for_user' }),
      session(),
      session({ status: 'suspended', status_detail: 'inactivity' }),
      session({ status: 'exit', status_detail: null }),
      session({ status: 'running', status_detail: 'finished' }),
      session({ status: 'error', status_detail: null }),
      session({ status: 'exit', is_archived: true }),
    ]);
    const p = new SessionsTreeProvider(store, () => ({ showArchived: true }), () => NOW * 1000);
    const g = groups(p);
    assert.deepEqual(g.map((x) => x.id), ['needsInput', 'working', 'suspended', 'finished', 'failed', 'archived']);
    const state = Object.fromEntries(g.map((x) => [x.id, x.state]));
    assert.deepEqual(state, { needsInput: Expanded, working: Expanded, suspended: Collapsed, finished: Collapsed, failed: Collapsed, archived: Collapsed });
    assert.equal(g.find((x) => x.id === 'finished')!.children.length, 2, 'running + finished is Finished');
    assert.equal(g.find((x) => x.id === 'archived')!.label, 'Archived');
    p.dispose();
  });

  it('what the user expanded or collapsed is remembered by the view and used by the next tree (a reload)', () => {
    const rows = [session(), session({ status: 'exit', status_detail: null })];
    const store = storeWith([]);
    const m = memento();
    const view = new SessionsView(store, m as never);
    for (const s of rows) store.upsert(s); // after the view set its server filter (which empties the store)
    const tv = stub.recorded.treeViews.at(-1);
    const byId = (id: string) => view.provider.getChildren().find((x) => x.kind === 'group' && x.id === id)!;
    tv.expandEmitter.fire({ element: byId('finished') });
    tv.collapseEmitter.fire({ element: byId('working') });
    // A session row expanding (its PRs) is not a group: not remembered.
    const sessionRow = view.provider.getChildren(byId('working'))[0];
    tv.expandEmitter.fire({ element: sessionRow });
    assert.deepEqual(m.data.get(EXPANSION_STATE_KEY), { finished: true, working: false });
    view.dispose();

    const again = new SessionsView(store, m as never);
    for (const s of rows) store.upsert(s);
    const state = Object.fromEntries(groups(again.provider).map((x) => [x.id, x.state]));
    assert.equal(state.finished, Expanded, 'opened by the user');
    assert.equal(state.working, Collapsed, 'closed by the user');
    assert.equal(state.needsInput, Expanded, 'untouched: its default');
    again.dispose();
  });

  it('Needs your input and Working keep their place (0) while any session shows; other empty groups are not shown; no sessions, no groups', () => {
    const finished = session({ status: 'exit', status_detail: null });
    const store = storeWith([finished]);
    const p = new SessionsTreeProvider(store, () => ({ showArchived: false }), () => NOW * 1000);
    assert.deepEqual(groups(p).map((x) => [x.id, x.description, x.children.length]), [['needsInput', '0', 0], ['working', '0', 0], ['finished', '1', 1]]);
    assert.deepEqual(p.visibleGroups.map((g) => g.id), ['finished'], 'the welcome logic still sees only groups with sessions');

    // A session starts waiting: the group rows stay the same, only that group's rows change.
    const fired: unknown[] = [];
    p.onDidChangeTreeData((e) => fired.push(e));
    const waiting = session({ status_detail: 'waiting_for_user', updated_at: NOW - 10 });
    store.upsert(waiting);
    assert.deepEqual(groups(p).map((x) => [x.id, x.description]), [['needsInput', '1'], ['working', '0'], ['finished', '1']]);
    assert.equal(fired.length, 1);
    assert.ok(Array.isArray(fired[0]), 'a refresh of the groups that changed, not of the whole tree (no jump)');

    const empty = storeWith([]);
    const p2 = new SessionsTreeProvider(empty, () => ({ showArchived: false }));
    assert.deepEqual(p2.getChildren(), [], 'nothing to show: the welcome view, not two empty groups');
    p.dispose();
    p2.dispose();
  });

  it('a row leads with its age, then the repository in short form; the tooltip names the full repository', () => {
    const hints = new SessionHints(memento());
    const withPr = session({ updated_at: NOW - 600, acus_consumed: 2.5, pull_requests: [{ pr_url: 'https://github.com/acme/web-app/pull/7', pr_state: 'open' }] });
    const waiting = session({ status_detail: 'waiting_for_approval', updated_at: NOW - 7200 });
    hints.remember(waiting.session_id, { repo: 'acme/billing' });
    const store = storeWith([withPr, waiting], hints);
    const p = new SessionsTreeProvider(store, () => ({}), () => NOW * 1000);
    const item = (s: Session) => p.getTreeItem({ kind: 'session', sessionId: s.session_id } as Node);
    const ago = (sec: number) => relativeTime(NOW - sec, NOW * 1000, true);
    assert.equal(item(withPr).description, `${ago(600)} · web-app · 1 PR · 2.5 ACUs`);
    assert.equal(ago(600), '10 min. ago', 'the short form of the age');
    assert.equal(item(withPr).accessibilityInformation?.label, `${withPr.title}, Working, 10 minutes ago · web-app · 1 PR · 2.5 ACUs`, 'read out in full words');
    assert.equal(item(waiting).description, `${ago(7200)} · billing · Waiting for your approval`);
    const tip = p.resolveTreeItem(item(waiting), { kind: 'session', sessionId: waiting.session_id } as Node);
    assert.match(String((tip.tooltip as { value: string }).value), /Repository:\*\* acme\/billing/);
    p.dispose();
  });

  it('an untitled session shows the first line of its prompt when this window created it, else "Session <id>"', async () => {
    const fake = await createFakeDevin({ sessions: 0 });
    try {
      const { DevinClient } = require('../../src/api/client') as typeof import('../../src/api/client');
      const m = memento();
      const store = new SessionStore({
        createClient: () => new DevinClient({ baseUrl: fake.url, orgId: fake.orgId, getKey: () => fake.key, retryLimit: 0, timeoutMs: 2000 }),
        intervalSec: () => 30,
        maxSessions: () => 1000,
        setTimer: () => 0,
        clearTimer: () => undefined,
        hints: new SessionHints(m),
      });
      const created = await store.create({ prompt: '\n## Fix the flaky checkout test\nIt fails one run in ten.', repos: ['acme/web-app'] });
      assert.ok(!created.title, 'the fake server gives a new session no title yet');
      const p = new SessionsTreeProvider(store, () => ({}), () => NOW * 1000);
      const row = p.getTreeItem({ kind: 'session', sessionId: created.session_id } as Node);
      // Shortened for the row (the age after it stays in view), whole for screen readers.
      assert.equal(row.label, 'Fix the flaky…');
      assert.match(String(row.accessibilityInformation?.label), /^Fix the flaky checkout test, /);
      assert.match(String(row.description), /· web-app$/);
      // Remembered across a reload (a new store over the same global state).
      const reloaded = storeWith([created], new SessionHints(m));
      const p2 = new SessionsTreeProvider(reloaded, () => ({}), () => NOW * 1000);
      assert.equal(p2.getTreeItem({ kind: 'session', sessionId: created.session_id } as Node).label, 'Fix the flaky…');
      // Another window's untitled session: nothing is known.
      const other = session({ title: null });
      const p3 = new SessionsTreeProvider(storeWith([other]), () => ({}), () => NOW * 1000);
      assert.match(String(p3.getTreeItem({ kind: 'session', sessionId: other.session_id } as Node).label), /^Session [0-9a-f]{8}$/);
      for (const x of [p, p2, p3]) x.dispose();
      store.dispose();
    } finally {
      await fake.close();
    }
  });
});

describe('session hints', () => {
  it('keep the first line only, refuse a malformed repository, and forget the oldest beyond the bound', () => {
    const m = memento();
    const h = new SessionHints(m);
    h.remember('devin-1', { prompt: 'line one\nsecret second line', repo: 'acme/web; rm -rf' });
    assert.deepEqual(h.get('1'), { prompt: 'line one' }, 'bare and prefixed ids are one session');
    for (let i = 0; i < MAX_HINTS + 5; i++) h.remember(`devin-x${i}`, { prompt: `p${i}` });
    assert.equal(h.size, MAX_HINTS);
    assert.equal(h.get('devin-1'), undefined, 'the oldest left');
    assert.equal(h.get(`devin-x${MAX_HINTS + 4}`)?.prompt, `p${MAX_HINTS + 4}`);
    assert.equal(Object.keys(m.data.get(HINTS_KEY) as object).length, MAX_HINTS);
    assert.doesNotMatch(JSON.stringify(m.data.get(HINTS_KEY)), /secret second line/);
  });
});

describe('actions match the state a user sees', () => {
  it('running + finished: no Terminate anywhere; Archive inline as for other finished sessions', () => {
    const done = session({ status: 'running', status_detail: 'finished' });
    const store = storeWith([done]);
    const p = new SessionsTreeProvider(store, () => ({}));
    const cv = String(p.getTreeItem({ kind: 'session', sessionId: done.session_id } as Node).contextValue);
    assert.equal(cv, 'session:running:finished');
    const o = offered(cv);
    assert.ok(!o.inline.has('devin.terminateSession') && !o.menu.has('devin.terminateSession'), 'no Terminate');
    assert.ok(o.inline.has('devin.archiveSession'));
    assert.ok(!offered('session:running:finished:archived').menu.has('devin.terminateSession'));
    p.dispose();
  });

  it('working, waiting and suspended sessions keep Terminate; ended ones never get it', () => {
    for (const cv of ['session:running', 'session:running:archived', 'session:new', 'session:suspended']) {
      assert.ok(offered(cv).menu.has('devin.terminateSession'), cv);
    }
    for (const cv of ['session:exit', 'session:error', 'session:exit:archived', 'session:unknown']) {
      assert.ok(!offered(cv).menu.has('devin.terminateSession') && !offered(cv).inline.has('devin.terminateSession'), cv);
    }
  });
});

describe('pull request rows', () => {
  const prRow = (pr: { pr_url: string; pr_state: string | null }) => {
    const s = session({ pull_requests: [pr] });
    const p = new SessionsTreeProvider(storeWith([s]), () => ({}));
    const [node] = p.getChildren({ kind: 'session', sessionId: s.session_id } as Node);
    const item = p.getTreeItem(node);
    p.dispose();
    return item;
  };

  it('name the repository and number as people write them, and say the state in words with a matching icon', () => {
    const cases: [string | null, string, string][] = [
      ['open', 'open', 'git-pull-request'],
      ['merged', 'merged', 'git-merge'],
      ['closed', 'closed', 'git-pull-request-closed'],
      ['draft', 'draft', 'git-pull-request-draft'],
      ['queued_for_merge', 'queued_for_merge', 'git-pull-request'],
      [null, 'unknown', 'git-pull-request'],
    ];
    for (const [state, words, icon] of cases) {
      const item = prRow({ pr_url: 'https://github.com/acme/web/pull/7', pr_state: state });
      assert.equal(item.label, 'acme/web#7');
      assert.equal(String(item.description).split(' · ')[0], words, String(state));
      assert.equal((item.iconPath as { id: string }).id, icon, String(state));
      assert.equal(item.accessibilityInformation?.label, `Pull request acme/web#7, ${words}`);
    }
  });

  it('offer Open, Check Out and Copy URL inline or in the menu only where they can work', () => {
    const github = prContextValue({ pr_url: 'https://github.com/acme/web/pull/7', pr_state: 'open' });
    assert.equal(github, 'pullRequest:open:url:checkout');
    let o = offered(github);
    for (const c of ['devin.openPullRequest', 'devin.checkoutPullRequest']) assert.ok(o.inline.has(c) && o.menu.has(c), c);
    assert.ok(o.menu.has('devin.copyPullRequestUrl'));
    assert.ok(!o.menu.has('devin.reviewChanges'), 'Review Changes comes with the review hook (":reviewable")');
    o = offered(`${github}:reviewable`);
    assert.ok(o.inline.has('devin.reviewChanges') && o.menu.has('devin.reviewChanges'));

    // A link that is not a GitHub/GitLab pull request: open and copy, nothing to check out.
    const other = prContextValue({ pr_url: 'https://git.example.com/acme/web/pulls/7', pr_state: 'open' });
    assert.equal(other, 'pullRequest:open:url');
    assert.ok(!offered(other).menu.has('devin.checkoutPullRequest'));
    // Not an http(s) link: nothing to open, copy or check out.
    const bad = prContextValue({ pr_url: 'javascript:alert(1)', pr_state: 'open' });
    assert.equal(bad, 'pullRequest:open');
    assert.deepEqual([...offered(bad).menu, ...offered(bad).inline], []);
  });
});

describe('pull request rows with GitHub details', () => {
  it('show the title, review decision and checks when known; the rows shown are asked for once; a change refreshes only PR rows', async () => {
    const { GitHubPrInfo } = require('../../src/github/prInfo') as typeof import('../../src/github/prInfo');
    const { createFakeGitHub } = require('../support/fakeGitHub') as typeof import('../support/fakeGitHub');
    const gh = await createFakeGitHub('gho_t');
    try {
      gh.prs.set('acme/web#7', { title: 'Fix the flaky checkout test', state: 'OPEN', reviewDecision: 'CHANGES_REQUESTED', checks: 'FAILURE' });
      gh.prs.set('acme/web#9', { title: 'New cart', state: 'OPEN', isDraft: true, checks: 'PENDING' });
      const info = new GitHubPrInfo({ apiUrl: gh.url, token: async () => 'gho_t' });
      const emitter = new stub.EventEmitter();
      const asked: string[][] = [];
      let loading: Promise<void> = Promise.resolve();
      const source = {
        onDidChange: emitter.event,
        get: (url: string) => info.get(url),
        want: (urls: readonly string[]) => {
          asked.push([...urls]);
          loading = info.load(urls).then((changed) => emitter.fire(changed));
        },
      };
      const s = session({ pull_requests: [
        { pr_url: 'https://github.com/acme/web/pull/7', pr_state: 'open' },
        { pr_url: 'https://github.com/acme/web/pull/9', pr_state: 'open' },
      ] });
      const p = new SessionsTreeProvider(storeWith([s]), () => ({}));
      p.setPrDetails(source);
      const fired: unknown[] = [];
      p.onDidChangeTreeData((e) => fired.push(e));
      const sessionNode = { kind: 'session', sessionId: s.session_id } as Node;
      // Before GitHub answers: what the Devin API gives.
      let [pr7, pr9] = p.getChildren(sessionNode);
      assert.equal(p.getTreeItem(pr7).label, 'acme/web#7');
      assert.deepEqual(asked, [['https://github.com/acme/web/pull/7', 'https://github.com/acme/web/pull/9']]);
      await loading;
      assert.equal(gh.requests.length, 1, 'one request for both rows');
      assert.equal(fired.length, 1);
      assert.deepEqual((fired[0] as Node[]).map((n) => n.kind), ['pr', 'pr'], 'only the PR rows re-render');
      [pr7, pr9] = p.getChildren(sessionNode);
      const item7 = p.getTreeItem(pr7);
      assert.equal(item7.label, 'Fix the flaky checkout test');
      assert.equal(item7.description, 'acme/web#7 · open · changes requested · checks failed');
      const item9 = p.getTreeItem(pr9);
      assert.equal(item9.description, 'acme/web#9 · draft · checks running', 'GitHub says draft although the Devin API said open');
      assert.equal((item9.iconPath as { id: string }).id, 'git-pull-request-draft');
      assert.equal(item9.contextValue, 'pullRequest:draft:url:checkout');
      // Shown again while fresh: asked, but no request.
      await loading;
      assert.equal(gh.requests.length, 1);
      p.dispose();
    } finally {
      await gh.close();
    }
  });
});
