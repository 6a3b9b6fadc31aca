// DevinClient against the fake Devin server (test/fake-devin). Every test starts its own server.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as util from 'node:util';
import { createFakeDevin, type FakeDevin, type FakeDevinOptions } from '../fake-devin/server.js';
import { DevinClient, MAX_PAGE_SIZE, newerFirst, parseRetryAfter, sessionPathId, toSearchParams, validateBaseUrl, validateOrgId, type DevinClientOptions, type RequestInfo } from '../../src/api/client';
import { DevinApiError, type DevinErrorKind } from '../../src/api/errors';
import type { Session } from '../../src/api/types';

const KEY = 'cog_SECRET_do_not_leak_5f3a9c1e7b2d4f60';

/** Fast client settings: tiny backoff, short Retry-After ceiling. */
function clientFor(fake: FakeDevin, opts: Partial<DevinClientOptions> = {}): DevinClient {
  return new DevinClient({
    baseUrl: fake.url,
    orgId: fake.orgId,
    getKey: () => fake.key,
    retryLimit: 2,
    backoffLimitMs: 5,
    maxRetryAfterMs: 2_000,
    timeoutMs: 5_000,
    ...opts,
  });
}

async function withFake(options: FakeDevinOptions, fn: (fake: FakeDevin) => Promise<void>): Promise<void> {
  const fake = await createFakeDevin({ key: KEY, ...options });
  try {
    await fn(fake);
  } finally {
    await fake.close();
  }
}

/** The key must appear in no form of an error. */
function assertNoKey(err: unknown, key = KEY): void {
  const e = err as Error;
  const forms = [String(e), e.message, JSON.stringify(e), util.inspect(e, { depth: 10 }), String(e.stack)];
  for (const f of forms) {
    assert.ok(!f.includes(key), `key leaked in: ${f.slice(0, 200)}`);
    assert.ok(!f.includes(key.slice(4)), 'key body leaked');
  }
}

async function expectApiError(p: Promise<unknown>, kind: DevinErrorKind): Promise<DevinApiError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof DevinApiError, `expected DevinApiError, got ${util.inspect(err)}`);
    assert.equal(err.kind, kind, `kind ${err.kind}: ${err.message}`);
    assertNoKey(err);
    return err;
  }
  assert.fail(`expected a ${kind} error`);
}

const sessionsPath = (fake: FakeDevin) => `/v3/organizations/${fake.orgId}/sessions`;
/** Exactly the session list/create path (not /sessions/{id}/...). */
const sessionsExact = (fake: FakeDevin) => new RegExp(`^${sessionsPath(fake)}$`);

// ---- configuration -------------------------------------------------------------------------

describe('base URL and ids', () => {
  test('https required; http only for loopback hosts', () => {
    assert.equal(validateBaseUrl('https://api.devin.ai'), 'https://api.devin.ai');
    assert.equal(validateBaseUrl(''), 'https://api.devin.ai');
    assert.equal(validateBaseUrl(undefined), 'https://api.devin.ai');
    assert.equal(validateBaseUrl('  https://api.acme.devinenterprise.com/  '), 'https://api.acme.devinenterprise.com');
    for (const ok of ['http://localhost:8080', 'http://127.0.0.1:3000', 'http://127.4.5.6', 'http://[::1]:9000', 'http://api.localhost']) {
      assert.doesNotThrow(() => validateBaseUrl(ok), ok);
    }
    for (const bad of ['http://api.devin.ai', 'http://localhost.evil.com', 'http://127.0.0.1.nip.io', 'http://10.0.0.1', 'ftp://api.devin.ai', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url']) {
      assert.throws(() => validateBaseUrl(bad), (e: unknown) => e instanceof DevinApiError && e.kind === 'config', bad);
    }
  });

  test('trailing /v3 and /v3beta1 are stripped', () => {
    assert.equal(validateBaseUrl('https://api.devin.ai/v3'), 'https://api.devin.ai');
    assert.equal(validateBaseUrl('https://api.devin.ai/v3/'), 'https://api.devin.ai');
    assert.equal(validateBaseUrl('https://api.devin.ai/v3beta1'), 'https://api.devin.ai');
    assert.equal(validateBaseUrl('https://proxy.acme.com/devin/v3'), 'https://proxy.acme.com/devin');
  });

  test('credentials, query and fragment in the URL are refused', () => {
    for (const bad of ['https://user:s3cr3tpw@api.devin.ai', 'https://cog_abc@api.devin.ai', 'https://api.devin.ai/?key=1', 'https://api.devin.ai/#x']) {
      const err = (() => {
        try {
          validateBaseUrl(bad);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      assert.ok(err instanceof DevinApiError && err.kind === 'config', bad);
      if (bad.includes('@')) assert.ok(!err.message.includes('s3cr3tpw') && !err.message.includes('cog_abc'), 'credentials echoed in message');
    }
    assert.throws(() => new DevinClient({ baseUrl: 'http://example.com', getKey: () => KEY }), /https/);
  });

  test('org id validation and session path ids', () => {
    assert.equal(validateOrgId(' org-abc_1 '), 'org-abc_1');
    assert.throws(() => validateOrgId(''), (e: unknown) => e instanceof DevinApiError && e.kind === 'config');
    assert.throws(() => validateOrgId('acme'), /org-abc123/);
    assert.equal(sessionPathId('0123456789abcdef0123456789abcdef'), 'devin-0123456789abcdef0123456789abcdef');
    assert.equal(sessionPathId('devin-abc'), 'devin-abc');
    assert.throws(() => sessionPathId('../../self'), (e: unknown) => e instanceof DevinApiError && e.kind === 'config');
    assert.throws(() => sessionPathId('abc?x=1'));
  });

  test('array params are encoded as repeated keys; undefined and null dropped', () => {
    const sp = toSearchParams({ tags: ['a', 'b c'], first: 5, is_archived: false, x: undefined, y: null });
    assert.equal(sp.toString(), 'tags=a&tags=b+c&first=5&is_archived=false');
  });

  test('parseRetryAfter: seconds, fractions, HTTP dates, junk', () => {
    assert.equal(parseRetryAfter('3'), 3000);
    assert.equal(parseRetryAfter('0.5'), 500);
    assert.equal(parseRetryAfter(null), undefined);
    assert.equal(parseRetryAfter('soon'), undefined);
    const ms = parseRetryAfter(new Date(Date.now() + 60_000).toUTCString());
    assert.ok(ms !== undefined && ms > 50_000 && ms <= 60_000);
    assert.equal(parseRetryAfter(new Date(Date.now() - 60_000).toUTCString()), 0);
  });

  test('org-scoped calls without an org id fail with a config error before any request', async () => {
    await withFake({ sessions: 1 }, async (fake) => {
      const c = new DevinClient({ baseUrl: fake.url, getKey: () => fake.key });
      await expectApiError(c.listSessions(), 'config');
      assert.equal(fake.requests.length, 0);
    });
  });
});

// ---- happy paths ---------------------------------------------------------------------------

describe('identity and pickers', () => {
  test('getSelf sends the bearer key and reads org_id (also null)', async () => {
    await withFake({ selfOrgId: null }, async (fake) => {
      const self = await clientFor(fake).getSelf();
      assert.equal(self.principal_type, 'service_user');
      assert.equal(self.org_id, null);
      const r = fake.requests[0];
      assert.equal(r.path, '/v3/self');
      assert.equal(r.headers.authorizationValue, `Bearer ${KEY}`);
      assert.match(String(r.headers.accept), /application\/json/);
    });
  });

  test('listOrganizations: enterprise keys get a page, others a 403', async () => {
    await withFake({ enterprise: true }, async (fake) => {
      const page = await clientFor(fake).listOrganizations();
      assert.deepEqual(page.items.map((o) => o.org_id), [fake.orgId, 'org-fake-research']);
      assert.equal(page.has_next_page, false);
    });
    await withFake({}, async (fake) => {
      await expectApiError(clientFor(fake).listOrganizations(), 'forbidden');
    });
  });

  test('playbooks, knowledge notes and repositories', async () => {
    await withFake({}, async (fake) => {
      const c = clientFor(fake);
      const pb = await c.listPlaybooks();
      assert.ok(pb.items.length >= 2 && pb.items.every((p) => typeof p.title === 'string'));
      const notes = await c.listKnowledgeNotes({ search: 'style' });
      assert.deepEqual(notes.items.map((n) => n.note_id), ['note-style']);
      const repos = await c.listRepositories({ filter_name: 'payments' });
      assert.deepEqual(repos.items.map((r) => r.repo_name), ['acme/payments-service']);
      const repoReq = fake.requestsTo('/repositories')[0];
      assert.equal(repoReq.path, `/v3beta1/organizations/${fake.orgId}/repositories`);
      assert.equal(repoReq.query.load_indexing_status, 'false');
    });
  });

  test('a denied picker permission is a 403 the caller can tell apart', async () => {
    await withFake({ permissions: ['playbooks'] }, async (fake) => {
      const c = clientFor(fake);
      const err = await expectApiError(c.listPlaybooks(), 'forbidden');
      assert.equal(err.status, 403);
      assert.equal(err.transient, false);
      assert.ok((await c.listKnowledgeNotes()).items.length > 0);
    });
  });
});

describe('sessions', () => {
  test('iterateSessions walks every page, newest updated first, no duplicates', async () => {
    await withFake({ sessions: 25, seed: 3 }, async (fake) => {
      const c = clientFor(fake);
      const pages: Session[][] = [];
      for await (const page of c.iterateSessions({ first: 10 })) pages.push(page.items);
      assert.deepEqual(pages.map((p) => p.length), [10, 10, 5]);
      const all = pages.flat();
      assert.equal(new Set(all.map((s) => s.session_id)).size, 25);
      for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].updated_at >= all[i].updated_at, 'sorted by updated_at desc');
      const reqs = fake.requestsTo(sessionsExact(fake), 'GET');
      assert.equal(reqs.length, 3);
      assert.equal(reqs[0].query.after, undefined);
      assert.equal(typeof reqs[1].query.after, 'string');
      assert.ok(reqs.every((r) => r.query.first === '10'));
    });
  });

  test('listNewestSessions keeps the newest N by updated_at whatever order the pages come in', async () => {
    for (const order of ['newest', 'shuffled'] as const) {
      await withFake({ sessions: 450, seed: 9, order }, async (fake) => {
        const c = clientFor(fake);
        const expected = [...fake.store.sessions.values()].sort((a, b) => newerFirst(a as Session, b as Session)).map((s) => s.session_id);
        const some = await c.listNewestSessions({ first: 50 }, 100);
        assert.deepEqual(some.items.map((s) => s.session_id), expected.slice(0, 100), `${order}: the 100 newest, newest first`);
        assert.equal(some.truncated, true);
        assert.equal(some.requests, 9, 'every page is read: the bound cannot assume an order');
        assert.equal(some.cursorRepeated, false);
        const all = await c.listNewestSessions({}, 1000);
        assert.equal(all.items.length, 450);
        assert.equal(all.truncated, false);
      });
    }
  });

  test('listAllSessions is bounded: truncated + endCursor, and continuing finishes the walk', async () => {
    await withFake({ sessions: 25, seed: 4 }, async (fake) => {
      const c = clientFor(fake);
      const first = await c.listAllSessions({ first: 10 }, 15);
      assert.equal(first.truncated, true);
      assert.equal(first.items.length, 20);
      assert.equal(first.requests, 2);
      assert.equal(first.total, 25);
      assert.ok(first.endCursor);
      const rest = await c.listAllSessions({ first: 10, after: first.endCursor ?? undefined }, 100);
      assert.equal(rest.truncated, false);
      assert.equal(rest.endCursor, null);
      assert.equal(rest.items.length, 5);
      const ids = new Set([...first.items, ...rest.items].map((s) => s.session_id));
      assert.equal(ids.size, 25);

      const everything = await c.listAllSessions({}, 1000);
      assert.equal(everything.items.length, 25);
      assert.equal(everything.requests, 1);
      assert.equal(fake.requests.at(-1)?.query.first, String(MAX_PAGE_SIZE));
    });
  });

  test('page size is clamped to 1..200 (the fake answers 422 outside)', async () => {
    await withFake({ sessions: 3 }, async (fake) => {
      const c = clientFor(fake);
      await c.listSessions({ first: 5000 });
      await c.listSessions({ first: 0 });
      assert.deepEqual(fake.requests.map((r) => r.query.first), ['200', '1']);
      const res = await fetch(`${fake.url}${sessionsPath(fake)}?first=201`, { headers: { authorization: `Bearer ${fake.key}` } });
      assert.equal(res.status, 422);
    });
  });

  test('a repeating cursor stops the walk instead of looping forever', async () => {
    await withFake({ sessions: 30 }, async (fake) => {
      fake.setFault({ repeatCursor: true });
      const c = clientFor(fake);
      let pages = 0;
      for await (const _page of c.iterateSessions({ first: 10 })) {
        pages++;
        if (pages > 10) break;
      }
      assert.equal(pages, 2);
      const res = await c.listAllSessions({ first: 10 }, 1000);
      assert.equal(res.requests, 2);
      assert.equal(fake.requestsTo(sessionsExact(fake)).length, 4);
    });
  });

  test('filters: arrays as repeated keys, numbers and booleans as strings', async () => {
    await withFake({ sessions: 40, seed: 9 }, async (fake) => {
      const c = clientFor(fake);
      const page = await c.listSessions({ tags: ['deps', 'ci'], repo_names: ['acme/infra', 'acme/web-app'], is_archived: false, updated_after: 1 });
      const q = fake.requests[0].query;
      assert.deepEqual(q.tags, ['deps', 'ci']);
      assert.deepEqual(q.repo_names, ['acme/infra', 'acme/web-app']);
      assert.equal(q.is_archived, 'false');
      assert.equal(q.updated_after, '1');
      assert.match(fake.requests[0].rawQuery, /tags=deps&tags=ci/);
      assert.ok(page.items.length > 0);
      assert.ok(page.items.every((s) => !s.is_archived && s.tags.some((t) => t === 'deps' || t === 'ci')));
      const one = page.items[0];
      const byId = await c.listSessions({ session_ids: [one.session_id] });
      assert.deepEqual(byId.items.map((s) => s.session_id), [one.session_id]);
    });
  });

  test('getSession adds the devin- prefix to bare ids', async () => {
    await withFake({ sessions: 2 }, async (fake) => {
      const c = clientFor(fake);
      const id = [...fake.store.sessions.keys()][0];
      const bare = id.replace(/^devin-/, '');
      const s = await c.getSession(bare);
      assert.equal(s.session_id, id);
      assert.equal(fake.requests[0].path, `${sessionsPath(fake)}/${id}`);
      await c.getSession(id);
      assert.equal(fake.requests[1].path, `${sessionsPath(fake)}/${id}`);
    });
  });

  test('create, message, list messages, archive, terminate', async () => {
    await withFake({}, async (fake) => {
      const c = clientFor(fake);
      const created = await c.createSession({ prompt: 'Fix the flaky test', tags: ['ci'], repos: ['acme/web-app'], title: undefined, max_acu_limit: 10 });
      assert.equal(created.status, 'new');
      assert.match(created.session_id, /^devin-[0-9a-f]{32}$/);
      const createReq = fake.requestsTo(sessionsExact(fake), 'POST')[0];
      assert.deepEqual(createReq.body, { prompt: 'Fix the flaky test', tags: ['ci'], repos: ['acme/web-app'], max_acu_limit: 10 });
      assert.match(String(createReq.headers.contentType), /application\/json/);

      fake.patchSession(created.session_id, { status: 'suspended', status_detail: 'inactivity' });
      const after = await c.sendMessage(created.session_id.replace('devin-', ''), 'Please continue');
      assert.equal(after?.status, 'resuming');

      for (let i = 0; i < 3; i++) fake.addMessage(created.session_id, `**step ${i}**\n\n\`\`\`ts\nconst x = ${i};\n\`\`\``);
      const msgs: string[] = [];
      for await (const page of c.iterateMessages(created.session_id, { first: 2 })) msgs.push(...page.items.map((m) => m.message));
      assert.equal(msgs.length, 5);
      assert.equal(msgs[0], 'Fix the flaky test');
      assert.equal(msgs[1], 'Please continue');
      assert.equal(fake.requestsTo(/\/messages$/, 'GET').length, 3);

      const archived = await c.archiveSession(created.session_id);
      assert.equal(archived.is_archived, true);

      const other = await c.createSession({ prompt: 'Another' });
      const ended = await c.terminateSession(other.session_id, { archive: true });
      assert.equal(ended.status, 'exit');
      assert.equal(ended.is_archived, true);
      const del = fake.requestsTo(other.session_id, 'DELETE')[0];
      assert.equal(del.query.archive, 'true');
      const ended2 = await c.terminateSession((await c.createSession({ prompt: 'Third' })).session_id);
      assert.equal(ended2.is_archived, false);
      assert.equal(fake.requests.at(-1)?.query.archive, 'false');
    });
  });

  test('empty prompt and empty message are refused locally (no request)', async () => {
    await withFake({ sessions: 1 }, async (fake) => {
      const c = clientFor(fake);
      const e1 = await expectApiError(c.createSession({ prompt: '   ' }), 'validation');
      assert.deepEqual(e1.fieldErrors, ['prompt: A prompt is required.']);
      await expectApiError(c.sendMessage([...fake.store.sessions.keys()][0], ''), 'validation');
      assert.equal(fake.requests.length, 0);
    });
  });

  test('unknown enum values and nulls pass through normalize; junk items are dropped', async () => {
    await withFake({ hostile: true }, async (fake) => {
      const c = clientFor(fake);
      const res = await c.listAllSessions({}, 1000);
      assert.equal(res.items.length, fake.store.sessions.size, 'items without an id and non-objects dropped');
      const weird = res.items.find((s) => s.status === 'hibernating');
      assert.ok(weird);
      assert.equal(weird.status_detail, 'pondering_the_universe');
      assert.equal(weird.origin, 'carrier_pigeon');
      assert.equal(weird.pull_requests[0].pr_state, 'draft_v2');
      const nully = res.items.find((s) => s.title === null);
      assert.ok(nully);
      assert.deepEqual(nully.tags, []);
      assert.deepEqual(nully.pull_requests, []);
      assert.equal(nully.acus_consumed, 0);
      assert.equal(nully.url, '');
      assert.deepEqual(nully.child_session_ids, []);
      const msgs = await c.listMessages(nully.session_id);
      assert.equal(msgs.items[0].message, '');
      assert.equal(msgs.items[1].source, 'unknown');
      const scary = res.items.find((s) => (s.title ?? '').includes('<script>'));
      assert.ok(scary, 'HTML is kept as data (escaping is the views’ job)');
      assert.ok(scary.pull_requests.some((p) => p.pr_url.startsWith('javascript:')));
      const big = res.items.find((s) => (s.title ?? '').startsWith('Session with a 1 MB message'));
      assert.ok(big);
      const bigMsgs = await c.listMessages(big.session_id);
      assert.ok(bigMsgs.items[0].message.length > 1024 * 1024);
    });
  });
});

// ---- errors --------------------------------------------------------------------------------

describe('errors', () => {
  test('401 without and with a wrong key; no key at all is refused before sending', async () => {
    await withFake({ sessions: 1 }, async (fake) => {
      const wrong = clientFor(fake, { getKey: () => 'cog_wrong_key_0000' });
      const err = await expectApiError(wrong.listSessions(), 'unauthorized');
      assert.equal(err.status, 401);
      assert.equal(err.needsSignIn, true);
      assert.equal(err.serverMessage, 'Invalid API key');
      assertNoKey(err, 'cog_wrong_key_0000');
      assert.equal(fake.requests.length, 1, '401 is not retried');

      const none = clientFor(fake, { getKey: () => undefined });
      const e2 = await expectApiError(none.getSelf(), 'unauthorized');
      assert.match(e2.message, /not signed in/);
      assert.equal(fake.requests.length, 1, 'no request without a key');

      const raw = await fetch(`${fake.url}/v3/self`);
      assert.equal(raw.status, 401);
      assert.equal(typeof ((await raw.json()) as { detail: unknown }).detail, 'string');
    });
  });

  test('403 when ManageOrgSessions is denied; message names the permission', async () => {
    await withFake({ sessions: 1, permissions: { deny: ['ManageOrgSessions'] } }, async (fake) => {
      const c = clientFor(fake);
      const err = await expectApiError(c.createSession({ prompt: 'x' }), 'forbidden');
      assert.equal(err.status, 403);
      assert.match(err.message, /ManageOrgSessions/);
      assert.equal((await c.listSessions()).items.length, 1, 'reading still works');
      const e2 = await expectApiError(c.archiveSession([...fake.store.sessions.keys()][0]), 'forbidden');
      assert.equal(e2.method, 'POST');
    });
  });

  test('404 for an unknown org and for an unknown session, with different messages', async () => {
    await withFake({ sessions: 1 }, async (fake) => {
      const wrongOrg = clientFor(fake, { orgId: 'org-doesnotexist' });
      const e1 = await expectApiError(wrongOrg.listSessions(), 'not_found');
      assert.match(e1.message, /organization/);
      assert.equal(fake.requests.length, 1, '404 is not retried');
      const e2 = await expectApiError(clientFor(fake).getSession('0123456789abcdef0123456789abcdef'), 'not_found');
      assert.match(e2.message, /session/);
      assert.equal(e2.path, `/v3/organizations/${fake.orgId}/sessions/devin-0123456789abcdef0123456789abcdef`);
    });
  });

  test('422 with several detail entries gives detail and fieldErrors', async () => {
    await withFake({}, async (fake) => {
      const c = clientFor(fake);
      const err = await expectApiError(c.createSession({ prompt: 'ok', max_acu_limit: -1, tags: [1 as unknown as string], devin_mode: 'turbo' }), 'validation');
      assert.equal(err.status, 422);
      assert.equal(err.detail.length, 3);
      assert.deepEqual(err.fieldErrors, ['max_acu_limit: Input should be greater than 0', 'tags.0: Input should be a valid string', "devin_mode: Input should be 'normal', 'fast' or 'lite'"]);
      assert.match(err.message, /max_acu_limit: Input should be greater than 0; tags\.0/);
      assert.equal(err.transient, false);

      fake.setFault({ status: 422, times: 1 });
      const e2 = await expectApiError(c.listSessions(), 'validation');
      assert.deepEqual(e2.fieldErrors, ['prompt: Field required', 'max_acu_limit: Input should be greater than 0', 'first: Input should be less than or equal to 200']);
    });
  });

  test('400 (unknown platform) is a bad_request with the server message', async () => {
    await withFake({}, async (fake) => {
      const err = await expectApiError(clientFor(fake).createSession({ prompt: 'x', platform: 'amiga' }), 'bad_request');
      assert.equal(err.status, 400);
      assert.match(err.serverMessage ?? '', /Allowed platforms/);
    });
  });

  test('429 with Retry-After: a GET waits and retries, then succeeds', async () => {
    await withFake({ sessions: 2 }, async (fake) => {
      fake.setFault({ status: 429, retryAfter: 0.05, times: 2 });
      const infos: RequestInfo[] = [];
      const c = clientFor(fake, { retryLimit: 3, onRequest: (i) => infos.push(i) });
      const page = await c.listSessions();
      assert.equal(page.items.length, 2);
      assert.equal(fake.requests.length, 3);
      assert.deepEqual(infos.map((i) => i.status), [429, 429, 200]);
      assert.deepEqual(infos.map((i) => i.attempt), [1, 2, 3]);
      assert.ok(infos.every((i) => !JSON.stringify(i).includes(KEY)));
    });
  });

  test('429 storm: retries are bounded by retryLimit', async () => {
    await withFake({ sessions: 1 }, async (fake) => {
      fake.setFault({ status: 429, retryAfter: 0 });
      const err = await expectApiError(clientFor(fake, { retryLimit: 2 }).listSessions(), 'rate_limited');
      assert.equal(err.status, 429);
      assert.equal(err.retryAfterMs, 0);
      assert.equal(err.transient, true);
      assert.equal(fake.requests.length, 3);
    });
  });

  test('Retry-After longer than maxRetryAfterMs is thrown at once with retryAfterMs', async () => {
    await withFake({ sessions: 1 }, async (fake) => {
      fake.setFault({ status: 429, retryAfter: 120 });
      const err = await expectApiError(clientFor(fake, { maxRetryAfterMs: 1_000 }).listSessions(), 'rate_limited');
      assert.equal(err.retryAfterMs, 120_000);
      assert.match(err.message, /120 seconds/);
      assert.equal(fake.requests.length, 1);
    });
  });

  for (const status of [500, 502, 503]) {
    test(`${status} on a GET is retried, then thrown as a server error`, async () => {
      await withFake({ sessions: 1 }, async (fake) => {
        fake.setFault({ status });
        const err = await expectApiError(clientFor(fake, { retryLimit: 2 }).getSelf(), 'server');
        assert.equal(err.status, status);
        assert.equal(err.transient, true);
        assert.equal(fake.requests.length, 3);
      });
    });
  }

  test('a transient 503 on a GET recovers', async () => {
    await withFake({ sessions: 1 }, async (fake) => {
      fake.setFault({ status: 503, times: 1 });
      assert.equal((await clientFor(fake).listSessions()).items.length, 1);
      assert.equal(fake.requests.length, 2);
    });
  });

  test('POST and DELETE are never retried', async () => {
    await withFake({ sessions: 1 }, async (fake) => {
      const c = clientFor(fake, { retryLimit: 5 });
      const id = [...fake.store.sessions.keys()][0];
      fake.setFault({ status: 503, retryAfter: 0 });
      await expectApiError(c.createSession({ prompt: 'only once' }), 'server');
      assert.equal(fake.requestsTo(sessionsExact(fake), 'POST').length, 1);
      await expectApiError(c.sendMessage(id, 'hi'), 'server');
      assert.equal(fake.requestsTo('/messages', 'POST').length, 1);
      await expectApiError(c.terminateSession(id), 'server');
      assert.equal(fake.requestsTo(id, 'DELETE').length, 1);
      fake.setFault({ status: 429, retryAfter: 0 });
      await expectApiError(c.archiveSession(id), 'rate_limited');
      assert.equal(fake.requestsTo('/archive', 'POST').length, 1);
      fake.setFault({ closeConnection: true });
      await expectApiError(c.createSession({ prompt: 'dropped' }), 'offline');
      assert.equal(fake.requestsTo(sessionsExact(fake), 'POST').length, 2);
      assert.equal(fake.requests.length, 5);
    });
  });

  test('timeout: a slow reply past timeoutMs is a timeout error, not retried', async () => {
    // The client's own fetch calls are counted (a retry is a second call): on a loaded machine the
    // client may give up before the server has even read the request, so the server's log cannot
    // tell. The reply takes 2 s, the timeout is 200 ms: timers of one process fire in order.
    await withFake({ sessions: 1 }, async (fake) => {
      fake.setFault({ delayMs: 2000 });
      let fetches = 0;
      const counted: typeof fetch = (input, init) => {
        fetches++;
        return fetch(input, init);
      };
      const err = await expectApiError(clientFor(fake, { timeoutMs: 200, fetch: counted }).listSessions(), 'timeout');
      assert.equal(err.transient, true);
      assert.equal(fetches, 1, 'one request, no retry');
    });
  });

  test('a slow reply within timeoutMs is fine', async () => {
    await withFake({ sessions: 1 }, async (fake) => {
      fake.setFault({ delayMs: 50 });
      assert.equal((await clientFor(fake, { timeoutMs: 2_000 }).listSessions()).items.length, 1);
    });
  });

  test('offline: connection refused after the server is closed', async () => {
    const fake = await createFakeDevin({ key: KEY });
    const c = clientFor(fake, { retryLimit: 1 });
    await fake.close();
    const err = await expectApiError(c.getSelf(), 'offline');
    assert.equal(err.serverMessage, 'ECONNREFUSED');
    assert.match(err.message, /Cannot reach/);
  });

  test('offline: dropped connections (fault and offline switch) are retried then reported', async () => {
    await withFake({ sessions: 1 }, async (fake) => {
      const c = clientFor(fake, { retryLimit: 2 });
      fake.setFault({ closeConnection: true, times: 1 });
      assert.equal((await c.listSessions()).items.length, 1, 'one dropped connection is retried');
      fake.resetRequests();
      fake.setOffline(true);
      await expectApiError(c.listSessions(), 'offline');
      assert.equal(fake.requests.length, 3);
      fake.setOffline(false);
      assert.equal((await c.listSessions()).items.length, 1);
    });
  });

  test('cancelled by an AbortSignal', async () => {
    await withFake({ sessions: 1 }, async (fake) => {
      const ac = new AbortController();
      fake.setFault({ delayMs: 300 });
      const p = clientFor(fake).listSessions({}, ac.signal);
      setTimeout(() => ac.abort(), 30);
      await expectApiError(p, 'cancelled');
    });
  });

  test('malformed JSON, HTML page and empty body are bad_response', async () => {
    await withFake({ sessions: 1 }, async (fake) => {
      const c = clientFor(fake, { retryLimit: 0 });
      fake.setFault({ malformedJson: true });
      const e1 = await expectApiError(c.listSessions(), 'bad_response');
      assert.match(e1.serverMessage ?? '', /not JSON/);
      fake.setFault({ htmlError: true, status: 200 });
      const e2 = await expectApiError(c.getSelf(), 'bad_response');
      assert.match(e2.serverMessage ?? '', /text\/html/);
      assert.ok(!e2.message.includes('<html'), 'no HTML in the message');
      fake.setFault({ emptyBody: true });
      const e3 = await expectApiError(c.getSession([...fake.store.sessions.keys()][0]), 'bad_response');
      assert.equal(e3.serverMessage, 'empty body');
      fake.setFault({ status: 200, body: { not: 'a page' } });
      await expectApiError(c.listSessions(), 'bad_response');
      fake.setFault({ status: 200, body: { hello: 'not a session' } });
      await expectApiError(c.getSession([...fake.store.sessions.keys()][0]), 'bad_response');
    });
  });

  test('a 502 HTML page from a proxy is a server error without the HTML', async () => {
    await withFake({ sessions: 1 }, async (fake) => {
      fake.setFault({ htmlError: true });
      const err = await expectApiError(clientFor(fake, { retryLimit: 1 }).listSessions(), 'server');
      assert.equal(err.status, 502);
      assert.ok(!err.message.includes('<'));
      assert.equal(fake.requests.length, 2);
    });
  });
});

// ---- the key -------------------------------------------------------------------------------

describe('the API key', () => {
  test('is only sent to the configured origin: a redirect to another host is not followed', async () => {
    const seen: { auth: string | undefined; url: string | undefined }[] = [];
    const other = http.createServer((req, res) => {
      seen.push({ auth: req.headers.authorization, url: req.url });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"items":[],"end_cursor":null,"has_next_page":false}');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
    const port = (other.address() as { port: number }).port;
    try {
      await withFake({ sessions: 1 }, async (fake) => {
        const c = clientFor(fake);
        for (const target of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
          fake.setFault({ redirectTo: target });
          const err = await expectApiError(c.listSessions(), 'bad_response');
          assert.equal(err.status, 307);
          assert.match(err.serverMessage ?? '', /redirect/);
          await expectApiError(c.createSession({ prompt: 'x' }), 'bad_response');
        }
      });
      assert.equal(seen.filter((s) => s.auth !== undefined).length, 0, 'the other server never saw an Authorization header');
      assert.equal(seen.length, 0, 'the redirect is not followed at all');
    } finally {
      await new Promise<void>((r) => other.close(() => r()));
    }
  });

  test('never appears in any form of any error kind', async () => {
    await withFake({ sessions: 1 }, async (fake) => {
      const c = clientFor(fake, { retryLimit: 0 });
      const errors: unknown[] = [];
      const grab = async (p: Promise<unknown>) => {
        try {
          await p;
        } catch (e) {
          errors.push(e);
        }
      };
      for (const status of [401, 403, 404, 422, 429, 500, 502, 503]) {
        fake.setFault({ status, retryAfter: 1 });
        await grab(c.listSessions());
        await grab(c.createSession({ prompt: KEY }));
      }
      fake.setFault({ delayMs: 200 });
      await grab(clientFor(fake, { timeoutMs: 50 }).listSessions());
      for (const f of [{ malformedJson: true }, { htmlError: true }, { emptyBody: true }, { closeConnection: true }, { redirectTo: 'http://127.0.0.1:1' }]) {
        fake.setFault(f);
        await grab(c.getSelf());
      }
      fake.setFault(null);
      await grab(clientFor(fake, { getKey: () => `${KEY}x` }).getSelf());
      await grab(clientFor(fake, { orgId: 'org-nope' }).getSession('abc'));
      await grab(c.sendMessage('../self', 'x'));
      const ac = new AbortController();
      ac.abort();
      await grab(c.getSelf(ac.signal));
      const kinds = new Set(errors.map((e) => (e as DevinApiError).kind));
      for (const k of ['unauthorized', 'forbidden', 'not_found', 'validation', 'rate_limited', 'server', 'timeout', 'bad_response', 'offline', 'cancelled', 'config']) {
        assert.ok(kinds.has(k as DevinErrorKind), `covered ${k}`);
      }
      assert.ok(errors.length >= 26);
      for (const e of errors) {
        assert.ok(e instanceof DevinApiError);
        assertNoKey(e);
      }
    });
  });
});
