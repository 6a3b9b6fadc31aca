// The demo tells a true story: unique titles, each conversation about its own task, pull requests
// that exist in the demo workspace's repository (a clone of https://github.com/acme/web-app that
// git maps to a local bare repository), and a lifecycle that keeps moving without suspending a
// session someone is reading.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFakeDevin, type FakeDevin, type FakeSession } from '../fake-devin/server.js';
// @ts-expect-error: a plain .mjs script without types
import { buildDemoRepo, demoPullRequests, DEMO_REMOTE } from '../../scripts/demoRepo.mjs';

type DemoSession = FakeSession & { title: string; status_detail: string | null; pull_requests: { pr_url: string; pr_state: string }[] | null };
const sessions = (f: FakeDevin) => [...f.store.sessions.values()] as DemoSession[];
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

test('demo data: unique titles, every state, each conversation is its own story and starts with its prompt', async () => {
  const f = await createFakeDevin({ demo: true, lifecycle: false, seed: 1 });
  try {
    const all = sessions(f);
    const titles = all.map((s) => s.title);
    assert.equal(new Set(titles).size, titles.length, `duplicate titles: ${titles.join(' | ')}`);
    const states = new Set(all.map((s) => `${s.status}/${s.status_detail}`));
    for (const st of ['running/waiting_for_user', 'running/working', 'running/finished', 'exit/null', 'suspended/inactivity', 'error/null', 'new/null']) assert.ok(states.has(st), `state ${st} in ${[...states].join(', ')}`);
    for (const s of all) {
      const story = f.demo!.stories.find((x) => x.title === s.title)!;
      assert.ok(story, s.title);
      const msgs = f.messages(s.session_id)!;
      assert.equal(msgs[0].source, 'user');
      assert.equal(msgs[0].message, story.prompt);
      // Messages are in time order within the session's life.
      for (let i = 1; i < msgs.length; i++) assert.ok(msgs[i].created_at >= msgs[i - 1].created_at);
      assert.ok(msgs[msgs.length - 1].created_at <= s.updated_at && msgs[0].created_at >= s.created_at);
      for (const pr of s.pull_requests ?? []) assert.equal(pr.pr_url, `https://github.com/${story.repo}/pull/${story.pr!.number}`);
      if (s.status_detail === 'waiting_for_user') assert.equal(msgs[msgs.length - 1].message, story.question);
    }
    // Timestamps spread from minutes to days.
    const ages = all.map((s) => Date.now() / 1000 - s.updated_at);
    assert.ok(Math.min(...ages) < 600 && Math.max(...ages) > 3 * 86400, `ages ${Math.min(...ages)}..${Math.max(...ages)}`);
  } finally {
    await f.close();
  }
});

test('demo lifecycle: after 3 minutes sessions still start, ask, open PRs and finish; titles stay unique', async () => {
  const f = await createFakeDevin({ demo: true, lifecycle: false, seed: 2 });
  try {
    const startIds = new Set(sessions(f).map((s) => s.session_id));
    const seen = { started: 0, asked: 0, pr: 0, finished: 0 };
    let lastChange = 0;
    for (let t = 1; t <= 120; t++) { // 10 minutes of 5 s ticks
      const before = JSON.stringify(sessions(f).map((s) => [s.session_id, s.status, s.status_detail, s.pull_requests]));
      f.demo!.tick();
      const now = sessions(f);
      if (JSON.stringify(now.map((s) => [s.session_id, s.status, s.status_detail, s.pull_requests])) !== before) lastChange = t;
      seen.started += now.filter((s) => !startIds.has(s.session_id) && s.status === 'new').length;
      seen.asked += now.filter((s) => s.status_detail === 'waiting_for_user').length;
      seen.pr += now.filter((s) => (s.pull_requests ?? []).length).length;
      seen.finished += now.filter((s) => s.status_detail === 'finished').length;
      const titles = now.map((s) => s.title);
      assert.equal(new Set(titles).size, titles.length, `tick ${t}: duplicate titles`);
      assert.ok(now.filter((s) => ['new', 'claimed', 'running'].includes(s.status) && (s.status !== 'running' || s.status_detail === 'working')).length >= 1, `tick ${t}: something is active`);
    }
    assert.ok(lastChange >= 115, `still moving at the end (last change at tick ${lastChange})`);
    for (const [k, v] of Object.entries(seen)) assert.ok(v > 0, `${k}: ${v}`);
  } finally {
    await f.close();
  }
});

test('demo lifecycle: a session waiting for the user never suspends while it is being read, and does when nobody looks', async () => {
  let clock = 1_800_000_000_000;
  const f = await createFakeDevin({ demo: true, lifecycle: false, seed: 3, now: () => clock });
  try {
    const waiting = sessions(f).filter((s) => s.status_detail === 'waiting_for_user');
    assert.ok(waiting.length >= 2, 'two sessions wait for the user');
    const [read, unread] = waiting;
    for (let t = 0; t < 200; t++) {
      clock += 5000;
      // The details view polls the messages of the session it shows (here every 20 s).
      if (t % 4 === 0) {
        const res = await fetch(`${f.url}/v3/organizations/${f.orgId}/sessions/${read.session_id}/messages`, { headers: { authorization: `Bearer ${f.key}` } });
        assert.equal(res.status, 200);
        await res.arrayBuffer();
      }
      f.demo!.tick();
    }
    assert.equal((f.getSession(read.session_id) as DemoSession).status_detail, 'waiting_for_user', 'the session being read still waits');
    // Nobody read the other one: it suspended (and may since have been recycled into a new session).
    const other = f.getSession(unread.session_id) as DemoSession | undefined;
    assert.ok(!other || other.status === 'suspended', `unread: ${other?.status}/${other?.status_detail}`);
  } finally {
    await f.close();
  }
});

test('demo repository: a clone of https://github.com/acme/web-app whose origin serves each story PR at refs/pull/N/head with that story\'s files', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devin-demo-repo-'));
  const empty = path.join(dir, 'empty-gitconfig');
  fs.writeFileSync(empty, '');
  const saved = { g: process.env.GIT_CONFIG_GLOBAL, s: process.env.GIT_CONFIG_NOSYSTEM };
  process.env.GIT_CONFIG_GLOBAL = empty; // nothing from the machine's git config
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  try {
    const repo = buildDemoRepo(dir);
    assert.equal(git(repo.workspace, 'config', 'remote.origin.url'), DEMO_REMOTE);
    assert.equal(git(repo.workspace, 'branch', '--show-current'), 'main');
    assert.ok(fs.existsSync(path.join(repo.workspace, 'src/checkout.ts')));
    const pulls = demoPullRequests();
    assert.ok(pulls.length >= 4, `${pulls.length} PRs`);
    const refs = git(repo.workspace, 'ls-remote', 'origin', 'refs/pull/*');
    for (const p of pulls) {
      assert.match(refs, new RegExp(`refs/pull/${p.number}/head`));
      git(repo.workspace, 'fetch', '-q', 'origin', `refs/pull/${p.number}/head`);
      const changed = git(repo.workspace, 'diff', '--name-only', 'HEAD', 'FETCH_HEAD').split('\n').sort();
      assert.deepEqual(changed, [...p.files].sort(), `PR #${p.number}`);
    }
    // package.json and ci.yml: the base and the PR come from one builder, so the diffs are the few
    // lines the stories talk about (React 18 → 19; the test job in 4 shards).
    const numstat = (n: number, file: string) => {
      git(repo.workspace, 'fetch', '-q', 'origin', `refs/pull/${n}/head`);
      return git(repo.workspace, 'diff', '--numstat', 'HEAD', 'FETCH_HEAD', '--', file);
    };
    assert.equal(numstat(412, 'package.json'), '3\t3\tpackage.json', 'PR #412: react, react-dom and @types/react');
    assert.equal(numstat(405, '.github/workflows/ci.yml'), '4\t1\t.github/workflows/ci.yml', 'PR #405: the matrix and the sharded test run');
    // The fake's PR URLs for acme/web-app are exactly these PRs.
    const f = await createFakeDevin({ demo: true, lifecycle: false });
    try {
      for (let i = 0; i < 200; i++) f.demo!.tick();
      const urls = new Set(sessions(f).flatMap((s) => (s.pull_requests ?? []).map((p) => p.pr_url)).filter((u) => u.startsWith(`${DEMO_REMOTE}/pull/`)));
      assert.ok(urls.size > 0);
      for (const u of urls) assert.ok(pulls.some((p: { number: number }) => u === `${DEMO_REMOTE}/pull/${p.number}`), `${u} has a ref`);
    } finally {
      await f.close();
    }
  } finally {
    process.env.GIT_CONFIG_GLOBAL = saved.g;
    process.env.GIT_CONFIG_NOSYSTEM = saved.s;
    if (saved.g === undefined) delete process.env.GIT_CONFIG_GLOBAL;
    if (saved.s === undefined) delete process.env.GIT_CONFIG_NOSYSTEM;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
