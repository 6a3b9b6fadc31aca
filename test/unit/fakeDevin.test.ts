// The fake Devin server itself: contract details other suites (and e2e) rely on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFakeDevin, type FakeDevin } from '../fake-devin/server.js';

async function call(fake: FakeDevin, path: string, init: RequestInit & { json?: unknown } = {}): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { authorization: `Bearer ${fake.key}` };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${fake.url}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) }, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

test('same seed, same data; ids are devin- + 32 hex; timestamps are Unix seconds', async () => {
  const a = await createFakeDevin({ sessions: 10, seed: 5, now: () => 1_750_000_000_000 });
  const b = await createFakeDevin({ sessions: 10, seed: 5, now: () => 1_750_000_000_000 });
  try {
    assert.deepEqual([...a.store.sessions.values()], [...b.store.sessions.values()]);
    for (const s of a.store.sessions.values()) {
      assert.match(s.session_id, /^devin-[0-9a-f]{32}$/);
      assert.ok(s.updated_at <= 1_750_000_000 && s.updated_at >= s.created_at);
    }
  } finally {
    await a.close();
    await b.close();
  }
});

test('lifecycle: new → claimed → running/working → waiting → (message) → working → PR → finished → merged/closed', async () => {
  const fake = await createFakeDevin({});
  try {
    const created = await call(fake, `/v3/organizations/${fake.orgId}/sessions`, { method: 'POST', json: { prompt: 'Add a README badge', repos: ['acme/docs'] } });
    const id = (created.body as { session_id: string }).session_id;
    const seen: string[] = [];
    const state = () => {
      const s = fake.getSession(id)!;
      return `${s.status}/${s.status_detail ?? ''}`;
    };
    for (let i = 0; i < 4; i++) {
      fake.advance({ sessionId: id });
      seen.push(state());
    }
    assert.deepEqual(seen, ['claimed/', 'running/working', 'running/working', 'running/waiting_for_user']);
    const before = fake.getSession(id)!.updated_at;
    const sent = await call(fake, `/v3/organizations/${fake.orgId}/sessions/${id.slice(6)}/messages`, { method: 'POST', json: { message: 'Yes please' } });
    assert.equal(sent.status, 200);
    assert.equal(state(), 'running/working');
    assert.ok(fake.getSession(id)!.updated_at >= before);
    fake.advance({ sessionId: id });
    const prs = fake.getSession(id)!.pull_requests as { pr_url: string; pr_state: string }[];
    assert.match(prs[0].pr_url, /^https:\/\/github\.com\/acme\/docs\/pull\/\d+$/);
    assert.equal(prs[0].pr_state, 'open');
    fake.advance({ sessionId: id });
    assert.equal(state(), 'running/finished');
    fake.advance({ sessionId: id });
    assert.ok(['merged', 'closed'].includes(prs[0].pr_state));
    const msgs = fake.messages(id)!;
    assert.equal(msgs[0].source, 'user');
    assert.ok(msgs.filter((m) => m.source === 'devin').length >= 4);
  } finally {
    await fake.close();
  }
});

test('suspended sessions resume on a message; ended ones refuse it; empty is 422', async () => {
  const fake = await createFakeDevin({});
  try {
    const s = fake.addSession({ status: 'suspended', status_detail: 'inactivity' });
    const base = `/v3/organizations/${fake.orgId}/sessions/${s.session_id}`;
    assert.equal((await call(fake, `${base}/messages`, { method: 'POST', json: { message: '  ' } })).status, 422);
    assert.equal((await call(fake, `${base}/messages`, { method: 'POST', json: { message: 'wake up' } })).status, 200);
    assert.equal(fake.getSession(s.session_id)!.status, 'resuming');
    fake.advance({ sessionId: s.session_id });
    assert.equal(fake.getSession(s.session_id)!.status, 'running');
    const del = await call(fake, `${base}?archive=false`, { method: 'DELETE' });
    assert.equal((del.body as { status: string }).status, 'exit');
    assert.equal((await call(fake, `${base}/messages`, { method: 'POST', json: { message: 'again' } })).status, 400);
    assert.equal((await call(fake, `${base}?archive=maybe`, { method: 'DELETE' })).status, 422);
  } finally {
    await fake.close();
  }
});

test('list filters and 422 on a bad page size or cursor', async () => {
  const fake = await createFakeDevin({ sessions: 60, seed: 11 });
  try {
    const list = `/v3/organizations/${fake.orgId}/sessions`;
    for (const q of ['first=0', 'first=201', 'first=abc', 'after=garbage', 'updated_after=soon', 'is_archived=maybe']) {
      assert.equal((await call(fake, `${list}?${q}`)).status, 422, q);
    }
    const all = [...fake.store.sessions.values()];
    const cut = all.map((s) => s.updated_at).sort((a, b) => a - b)[30];
    const recent = (await call(fake, `${list}?updated_after=${cut}&first=200`)).body as { items: { updated_at: number }[]; total: number };
    assert.equal(recent.total, all.filter((s) => s.updated_at >= cut).length);
    const archived = (await call(fake, `${list}?is_archived=true`)).body as { items: { is_archived: boolean }[] };
    assert.ok(archived.items.every((s) => s.is_archived));
    const byRepo = (await call(fake, `${list}?repo_names=acme/infra&repo_names=acme/docs`)).body as { total: number };
    assert.ok(byRepo.total > 0 && byRepo.total < 60);
    const users = (await call(fake, `${list}?user_ids=user-3f9c2a1b7e`)).body as { items: { user_id: string }[] };
    assert.ok(users.items.every((s) => s.user_id === 'user-3f9c2a1b7e'));
  } finally {
    await fake.close();
  }
});

test('faults: times, paths and methods limit them; control endpoints work over HTTP without auth', async () => {
  const fake = await createFakeDevin({ sessions: 3 });
  try {
    const post = (p: string, json: unknown) => fetch(`${fake.url}${p}`, { method: 'POST', body: JSON.stringify(json) }).then((r) => r.json() as Promise<Record<string, unknown>>);
    await post('/_fake/fault', { status: 500, times: 2, paths: '/sessions$', methods: ['GET'] });
    assert.equal((await call(fake, '/v3/self')).status, 200);
    assert.equal((await call(fake, `/v3/organizations/${fake.orgId}/sessions`)).status, 500);
    assert.equal((await call(fake, `/v3/organizations/${fake.orgId}/sessions`)).status, 500);
    assert.equal((await call(fake, `/v3/organizations/${fake.orgId}/sessions`)).status, 200);
    const state = (await fetch(`${fake.url}/_fake/state?sessions=0`).then((r) => r.json())) as { counts: { total: number }; fault: unknown };
    assert.equal(state.counts.total, 3);
    assert.equal(state.fault, null);
    const patched = await post('/_fake/sessions', { session_id: [...fake.store.sessions.keys()][0], title: 'Renamed', status: 'running', status_detail: 'waiting_for_user' });
    assert.equal(patched.title, 'Renamed');
    const added = await post('/_fake/sessions', { title: 'Brand new', status: 'running', status_detail: 'working' });
    assert.match(String(added.session_id), /^devin-/);
    const msg = await post(`/_fake/sessions/${added.session_id}/messages`, { message: 'Hello from Devin' });
    assert.equal(msg.source, 'devin');
    const reqs = (await fetch(`${fake.url}/_fake/requests?since=1`).then((r) => r.json())) as { requests: { path: string }[]; next: number };
    assert.equal(reqs.next, 4);
    assert.equal(reqs.requests.length, 3);
    await post('/_fake/offline', { on: true });
    await assert.rejects(fetch(`${fake.url}/v3/self`));
    await post('/_fake/offline', { on: false });
    assert.equal((await call(fake, '/v3/self')).status, 200);
    await post('/_fake/reset-requests', {});
    assert.equal(fake.requests.length, 0);
  } finally {
    await fake.close();
  }
});

test('10,000 sessions are added quickly and paginate in 200s', async () => {
  const fake = await createFakeDevin({});
  try {
    fake.addSessions(10_000);
    let pages = 0;
    let after = '';
    let count = 0;
    for (;;) {
      const r = (await call(fake, `/v3/organizations/${fake.orgId}/sessions?first=200${after ? `&after=${after}` : ''}`)).body as { items: unknown[]; end_cursor: string | null; has_next_page: boolean };
      pages++;
      count += r.items.length;
      if (!r.has_next_page) break;
      after = r.end_cursor!;
    }
    assert.equal(count, 10_000);
    assert.equal(pages, 50);
  } finally {
    await fake.close();
  }
});

test('terminate ends a session and archives it only when asked; archive keeps a session running; archived ones refuse changes', async () => {
  const fake = await createFakeDevin({});
  try {
    const a = fake.addSession({ status: 'running', status_detail: 'working' });
    const b = fake.addSession({ status: 'running', status_detail: 'working' });
    const c = fake.addSession({ status: 'running', status_detail: 'working' });
    const path = (s: { session_id: string }) => `/v3/organizations/${fake.orgId}/sessions/${s.session_id}`;
    const plain = (await call(fake, path(a), { method: 'DELETE' })).body as { status: string; is_archived: boolean };
    assert.deepEqual([plain.status, plain.is_archived], ['exit', false], 'archive defaults to false');
    const both = (await call(fake, `${path(b)}?archive=true`, { method: 'DELETE' })).body as { status: string; is_archived: boolean };
    assert.deepEqual([both.status, both.is_archived], ['exit', true]);
    const archived = (await call(fake, `${path(c)}/archive`, { method: 'POST' })).body as { status: string; status_detail: string; is_archived: boolean };
    assert.deepEqual([archived.status, archived.status_detail, archived.is_archived], ['running', 'working', true], 'archiving does not stop it');
    fake.advance({ sessionId: c.session_id });
    fake.advance({ sessionId: c.session_id });
    assert.equal(fake.getSession(c.session_id)!.status_detail, 'waiting_for_user', 'it goes on working');
    // "Cannot be modified or continued": messages and tag changes are refused; it can still be terminated.
    assert.equal((await call(fake, `${path(c)}/messages`, { method: 'POST', json: { message: 'hi' } })).status, 400);
    assert.equal((await call(fake, `${path(c)}/tags`, { method: 'POST', json: { tags: ['x'] } })).status, 400);
    assert.equal(((await call(fake, path(c), { method: 'DELETE' })).body as { status: string }).status, 'exit');
  } finally {
    await fake.close();
  }
});

test('modes: bare or mixed session ids, a shuffled list order, tags matching any or all', async () => {
  const fake = await createFakeDevin({ sessions: 450, seed: 3, order: 'shuffled', sessionIds: 'mixed' });
  try {
    const list = `/v3/organizations/${fake.orgId}/sessions`;
    const ids: string[] = [];
    const updated: number[] = [];
    let after = '';
    for (;;) {
      const page = (await call(fake, `${list}?first=200${after ? `&after=${after}` : ''}`)).body as { items: { session_id: string; updated_at: number }[]; end_cursor: string | null; has_next_page: boolean };
      for (const s of page.items) {
        ids.push(s.session_id);
        updated.push(s.updated_at);
      }
      if (!page.has_next_page) break;
      after = page.end_cursor!;
    }
    assert.equal(new Set(ids).size, 450, 'every session once');
    assert.ok(ids.every((id) => /^[0-9a-f]{32}$/.test(id)), 'lists carry bare ids');
    const sortedDesc = [...updated].sort((x, y) => y - x);
    assert.notDeepEqual(updated, sortedDesc, 'not newest first');
    assert.notDeepEqual(updated.slice(0, 200), sortedDesc.slice(0, 200), 'the first page is not the newest 200');
    const one = (await call(fake, `${list}/${ids[0]}`)).body as { session_id: string };
    assert.equal(one.session_id, `devin-${ids[0]}`, 'mixed: single answers carry the prefix');
    await call(fake, '/_fake/config', { method: 'POST', json: { sessionIds: 'bare', tagMatch: 'all' } });
    assert.equal(((await call(fake, `${list}/devin-${ids[0]}`)).body as { session_id: string }).session_id, ids[0]);
    const x = fake.addSession({ tags: ['a', 'b'] });
    fake.addSession({ tags: ['a'] });
    const all = (await call(fake, `${list}?tags=a&tags=b`)).body as { items: { session_id: string }[] };
    assert.deepEqual(all.items.map((s) => s.session_id), [x.session_id.slice(6)]);
    await call(fake, '/_fake/config', { method: 'POST', json: { tagMatch: 'any' } });
    const any = (await call(fake, `${list}?tags=a&tags=b`)).body as { items: unknown[] };
    assert.ok(any.items.length >= 2);
  } finally {
    await fake.close();
  }
});
