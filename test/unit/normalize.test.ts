// normalize.ts: whatever the server sends becomes a well-formed object, unknown values kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeMessage, normalizePullRequest, normalizeSession, toUnixSeconds } from '../../src/api/normalize';

test('toUnixSeconds accepts seconds, milliseconds and ISO strings', () => {
  assert.equal(toUnixSeconds(1_750_000_000), 1_750_000_000);
  assert.equal(toUnixSeconds(1_750_000_000_123), 1_750_000_000);
  assert.equal(toUnixSeconds('2025-06-15T12:00:00Z'), Date.UTC(2025, 5, 15, 12) / 1000);
  for (const bad of [null, undefined, 'yesterday', NaN, Infinity, {}, []]) assert.equal(toUnixSeconds(bad), 0);
});

test('a session with nulls everywhere gets safe defaults', () => {
  const s = normalizeSession({
    session_id: 'devin-abc', url: null, status: null, status_detail: null, title: null, tags: null, org_id: null,
    created_at: null, updated_at: null, acus_consumed: null, pull_requests: null, child_session_ids: null, is_archived: null,
  });
  assert.ok(s);
  assert.equal(s.url, '');
  assert.equal(s.status, 'unknown');
  assert.equal(s.status_detail, null);
  assert.equal(s.title, null);
  assert.deepEqual(s.tags, []);
  assert.equal(s.org_id, '');
  assert.equal(s.created_at, 0);
  assert.equal(s.updated_at, 0);
  assert.equal(s.acus_consumed, 0);
  assert.deepEqual(s.pull_requests, []);
  assert.deepEqual(s.child_session_ids, []);
  assert.equal(s.is_archived, false);
});

test('unknown enum values and extra fields pass through', () => {
  const s = normalizeSession({
    session_id: 'devin-x', status: 'hibernating', status_detail: 'pondering', origin: 'carrier_pigeon', future_field: { a: 1 },
    tags: ['ok', 3, null, 'fine'], pull_requests: [{ pr_url: 'https://github.com/acme/a/pull/1', pr_state: 'draft_v2' }, { pr_state: 'open' }, 'junk'],
    updated_at: '2025-01-01T00:00:00Z', created_at: 1_700_000_000_000, acus_consumed: 'many',
  });
  assert.ok(s);
  assert.equal(s.status, 'hibernating');
  assert.equal(s.status_detail, 'pondering');
  assert.equal(s.origin, 'carrier_pigeon');
  assert.deepEqual(s.future_field, { a: 1 });
  assert.deepEqual(s.tags, ['ok', 'fine']);
  assert.deepEqual(s.pull_requests, [{ pr_url: 'https://github.com/acme/a/pull/1', pr_state: 'draft_v2' }]);
  assert.equal(s.updated_at, Date.UTC(2025, 0, 1) / 1000);
  assert.equal(s.created_at, 1_700_000_000);
  assert.equal(s.acus_consumed, 0);
});

test('updated_at falls back to created_at', () => {
  assert.equal(normalizeSession({ session_id: 'devin-y', created_at: 123 })?.updated_at, 123);
});

test('items without an id or not objects are dropped', () => {
  for (const bad of [null, undefined, 'devin-x', 42, [], {}, { session_id: '' }, { session_id: 7 }, { title: 'no id' }]) {
    assert.equal(normalizeSession(bad), undefined, JSON.stringify(bad));
  }
  assert.equal(normalizePullRequest({ pr_url: 5 }), undefined);
  assert.deepEqual(normalizePullRequest({ pr_url: 'javascript:alert(1)', pr_state: 3 }), { pr_url: 'javascript:alert(1)', pr_state: null });
});

test('messages: numeric ids, missing source, non-string bodies', () => {
  assert.deepEqual(normalizeMessage({ event_id: 12, source: 'devin', message: 'hi', created_at: 5 }), { event_id: '12', source: 'devin', message: 'hi', created_at: 5 });
  const m = normalizeMessage({ event_id: 'e1', message: null });
  assert.equal(m?.source, 'unknown');
  assert.equal(m?.message, '');
  assert.equal(normalizeMessage({ event_id: 'e2', message: { rich: true } })?.message, '{"rich":true}');
  assert.equal(normalizeMessage({ message: 'no id' }), undefined);
  assert.equal(normalizeMessage('x'), undefined);
  const html = '<img src=x onerror=alert(1)>';
  assert.equal(normalizeMessage({ event_id: 'e3', source: 'user', message: html })?.message, html, 'kept as data; views escape');
});
