// DevinApiError: messages a person can act on, classification helpers, safe JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DevinApiError, describe as describeError, formatDetail, isDevinApiError, type DevinErrorKind } from '../../src/api/errors';

test('every kind has a message', () => {
  const kinds: DevinErrorKind[] = ['config', 'unauthorized', 'forbidden', 'not_found', 'validation', 'bad_request', 'rate_limited', 'server', 'timeout', 'offline', 'bad_response', 'cancelled'];
  for (const kind of kinds) {
    const e = new DevinApiError({ kind, operation: 'list sessions' });
    assert.ok(e.message.length > 10, kind);
    assert.equal(e.name, 'DevinApiError');
    assert.ok(e instanceof Error && isDevinApiError(e));
  }
  assert.equal(isDevinApiError(new Error('x')), false);
});

test('forbidden names the permission by method; not_found tells session from org', () => {
  assert.match(describeError({ kind: 'forbidden', method: 'GET' }), /ViewOrgSessions/);
  assert.match(describeError({ kind: 'forbidden', method: 'POST' }), /ManageOrgSessions/);
  assert.match(describeError({ kind: 'not_found', path: 'v3/organizations/org-a/sessions/devin-1' }), /session/);
  assert.match(describeError({ kind: 'not_found', path: 'v3/organizations/org-a/sessions' }), /organization/);
});

test('rate limited mentions the wait when known', () => {
  assert.match(describeError({ kind: 'rate_limited', retryAfterMs: 1000 }), /1 second\b/);
  assert.match(describeError({ kind: 'rate_limited', retryAfterMs: 90_000 }), /90 seconds/);
  assert.match(describeError({ kind: 'rate_limited' }), /Wait a moment/);
});

test('validation: detail lines and fieldErrors', () => {
  const e = new DevinApiError({
    kind: 'validation',
    detail: [
      { loc: ['body', 'prompt'], msg: 'Field required', type: 'missing' },
      { loc: ['body', 'tags', 0], msg: 'Input should be a valid string', type: 'string_type' },
      { loc: ['query', 'first'], msg: 'too big', type: 'less_than_equal' },
    ],
  });
  assert.deepEqual(e.fieldErrors, ['prompt: Field required', 'tags.0: Input should be a valid string', 'first: too big']);
  assert.match(e.message, /prompt: Field required; tags\.0/);
  assert.equal(formatDetail({ loc: ['body'], msg: 'bad body', type: 'x' }), 'bad body');
  assert.equal(formatDetail({ loc: undefined as unknown as string[], msg: undefined as unknown as string, type: 'x' }), 'invalid');
  assert.match(new DevinApiError({ kind: 'validation' }).message, /as invalid/);
});

test('transient and needsSignIn', () => {
  const t = (kind: DevinErrorKind) => new DevinApiError({ kind }).transient;
  assert.deepEqual(['rate_limited', 'server', 'timeout', 'offline', 'bad_response'].map((k) => t(k as DevinErrorKind)), [true, true, true, true, true]);
  assert.deepEqual(['config', 'unauthorized', 'forbidden', 'not_found', 'validation', 'bad_request', 'cancelled'].map((k) => t(k as DevinErrorKind)), [false, false, false, false, false, false, false]);
  assert.equal(new DevinApiError({ kind: 'unauthorized' }).needsSignIn, true);
  assert.equal(new DevinApiError({ kind: 'forbidden' }).needsSignIn, false);
});

test('toJSON carries no request data beyond the path', () => {
  const e = new DevinApiError({ kind: 'server', status: 502, method: 'GET', path: 'v3/self', requestId: 'req-1', serverMessage: 'boom' }, 'custom');
  assert.equal(e.message, 'custom');
  assert.deepEqual(Object.keys(e.toJSON()).sort(), ['detail', 'kind', 'message', 'name', 'path', 'retryAfterMs', 'status']);
});
