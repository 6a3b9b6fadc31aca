// normalize.ts on well-formed input: every field the server sends correctly is kept as sent, and
// the limits of what counts as a number, a time, a status and an archived flag.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeMessage, normalizeSession, toUnixSeconds } from '../../src/api/normalize';

describe('normalize: well-formed values are kept', () => {
  it('keeps every field of a complete session', () => {
    const s = normalizeSession({
      session_id: 'devin-abc',
      url: 'https://app.devin.ai/sessions/abc',
      status: 'running',
      status_detail: 'working',
      title: 'Fix it',
      tags: ['a'],
      org_id: 'org-1',
      created_at: 100,
      updated_at: 200,
      acus_consumed: 2.5,
      pull_requests: [],
      parent_session_id: 'devin-parent',
      child_session_ids: ['devin-c1'],
      is_archived: true,
    });
    assert.ok(s);
    assert.equal(s.url, 'https://app.devin.ai/sessions/abc');
    assert.equal(s.status, 'running');
    assert.equal(s.org_id, 'org-1');
    assert.equal(s.created_at, 100);
    assert.equal(s.updated_at, 200);
    assert.equal(s.acus_consumed, 2.5);
    assert.equal(s.parent_session_id, 'devin-parent');
    assert.deepEqual(s.child_session_ids, ['devin-c1']);
    assert.equal(s.is_archived, true);
  });

  it('only a finite number is a number, only true is archived, only a non-empty string is a status', () => {
    for (const acus of [NaN, Infinity, -Infinity, '3', null]) {
      assert.equal(normalizeSession({ session_id: 'devin-a', acus_consumed: acus })?.acus_consumed, 0, String(acus));
    }
    assert.equal(normalizeSession({ session_id: 'devin-a', acus_consumed: 0.25 })?.acus_consumed, 0.25);
    for (const archived of ['true', 1, {}]) {
      assert.equal(normalizeSession({ session_id: 'devin-a', is_archived: archived })?.is_archived, false, String(archived));
    }
    for (const status of ['', 5, true, {}]) {
      assert.equal(normalizeSession({ session_id: 'devin-a', status })?.status, 'unknown', String(status));
    }
    for (const parent of [5, null, undefined, {}]) {
      assert.equal(normalizeSession({ session_id: 'devin-a', parent_session_id: parent })?.parent_session_id, null, String(parent));
    }
    assert.equal(normalizeSession({ session_id: 'devin-a', url: 5, org_id: 7 })?.url, '');
    assert.equal(normalizeSession({ session_id: 'devin-a', url: 5, org_id: 7 })?.org_id, '');
  });

  it('times: seconds up to 1e12, milliseconds above, cut down to whole seconds; only numbers and strings', () => {
    assert.equal(toUnixSeconds(1e12), 1e12);
    assert.equal(toUnixSeconds(1e12 + 1000), 1e9 + 1);
    assert.equal(toUnixSeconds(1_750_000_000_999), 1_750_000_000);
    assert.equal(toUnixSeconds('2025-06-15T12:00:00.900Z'), Date.UTC(2025, 5, 15, 12) / 1000);
    assert.equal(toUnixSeconds(new Date('2025-01-01T00:00:00Z')), 0);
    assert.equal(toUnixSeconds(['2025-01-01T00:00:00Z']), 0);
    assert.equal(toUnixSeconds(-Infinity), 0);
  });

  it('a message that is not an object is dropped', () => {
    for (const bad of [null, undefined, 5, 'e1', ['e1']]) assert.equal(normalizeMessage(bad), undefined, String(bad));
    assert.equal(normalizeMessage({ event_id: '' }), undefined);
    assert.equal(normalizeMessage({ event_id: 0, message: 5 })?.message, '5');
    assert.equal(normalizeMessage({ event_id: 0 })?.event_id, '0');
  });
});
