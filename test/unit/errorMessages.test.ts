// The exact English message of every DevinApiError kind (src/api/errors.ts), with and without the
// operation, and each operation's name: these are the words a person reads in the tree's error
// view and in notifications.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DevinApiError, describe as describeError, formatDetail, type DevinErrorKind } from '../../src/api/errors';

describe('DevinApiError messages', () => {
  it('says what each kind means, with the operation in parentheses', () => {
    const op = { operation: 'list sessions' };
    const cases: [DevinErrorKind, Record<string, unknown>, string][] = [
      ['config', {}, 'The Devin extension is not configured.'],
      ['config', { serverMessage: 'No org set.' }, 'No org set.'],
      ['unauthorized', op, 'Devin rejected the API key (list sessions). It may have been revoked or mistyped: sign in again with a valid cog_ key.'],
      ['forbidden', { ...op, method: 'DELETE' }, 'The API key is not allowed to do this (list sessions). Its service user needs the ManageOrgSessions permission in this organization.'],
      ['forbidden', op, 'The API key is not allowed to do this (list sessions). Its service user needs the ViewOrgSessions permission in this organization.'],
      ['not_found', { ...op, path: '/v3/organizations/org-a/sessions/devin-1' }, 'Devin could not find this session (list sessions). It may have been deleted, or it belongs to another organization.'],
      ['not_found', { ...op, path: '/v3/organizations/org-a/sessions' }, 'Devin could not find the organization (list sessions). Check the org id setting (devin.orgId).'],
      ['not_found', { ...op, path: '/v3/organizations/org-a/sessions/' }, 'Devin could not find the organization (list sessions). Check the org id setting (devin.orgId).'],
      ['not_found', op, 'Devin could not find the organization (list sessions). Check the org id setting (devin.orgId).'],
      ['validation', op, 'Devin rejected the request (list sessions) as invalid.'],
      ['bad_request', op, 'Devin rejected the request (list sessions) (HTTP 400).'],
      ['bad_request', { ...op, status: 409 }, 'Devin rejected the request (list sessions) (HTTP 409).'],
      ['bad_request', { ...op, serverMessage: 'no such tag' }, 'Devin rejected the request (list sessions) (HTTP 400): no such tag'],
      ['bad_request', { ...op, status: 413, serverMessage: 'too big' }, 'Devin rejected the request (list sessions) (HTTP 413): too big'],
      ['rate_limited', op, 'Devin is rate limiting requests (list sessions). Wait a moment and try again.'],
      ['rate_limited', { ...op, retryAfterMs: 0 }, 'Devin is rate limiting requests (list sessions). Retrying is possible in 1 second.'],
      ['rate_limited', { ...op, retryAfterMs: 2400 }, 'Devin is rate limiting requests (list sessions). Retrying is possible in 2 seconds.'],
      ['server', op, 'The Devin API had a server error (list sessions) (HTTP 500). It is usually temporary.'],
      ['server', { ...op, status: 503 }, 'The Devin API had a server error (list sessions) (HTTP 503). It is usually temporary.'],
      ['timeout', op, 'The Devin API did not answer in time (list sessions).'],
      ['offline', op, 'Cannot reach the Devin API (list sessions). Check your network connection and the devin.apiBaseUrl setting.'],
      ['bad_response', op, 'The Devin API sent an answer that could not be read (list sessions).'],
      ['bad_response', { ...op, serverMessage: 'not JSON: text/html' }, 'The Devin API sent an answer that could not be read (list sessions) (not JSON: text/html).'],
      ['cancelled', op, 'The request was cancelled (list sessions).'],
    ];
    for (const [kind, init, message] of cases) {
      assert.equal(describeError({ kind, ...init }), message, `${kind} ${JSON.stringify(init)}`);
      assert.equal(new DevinApiError({ kind, ...init }).message, message);
    }
  });

  it('leaves the parentheses out without an operation, and keeps an unknown operation as it is', () => {
    assert.equal(describeError({ kind: 'timeout' }), 'The Devin API did not answer in time.');
    assert.equal(describeError({ kind: 'timeout', operation: '' }), 'The Devin API did not answer in time.');
    assert.equal(describeError({ kind: 'timeout', operation: 'upload attachment' }), 'The Devin API did not answer in time (upload attachment).');
    assert.equal(describeError({ kind: 'timeout', operation: 'toString' }), 'The Devin API did not answer in time (toString).');
  });

  it('names every operation of the client', () => {
    for (const name of [
      'check the API key',
      'list organizations',
      'list sessions',
      'get session',
      'create session',
      'send message',
      'list messages',
      'archive session',
      'terminate session',
      'list playbooks',
      'list knowledge',
      'list repositories',
    ]) {
      assert.equal(describeError({ kind: 'cancelled', operation: name }), `The request was cancelled (${name}).`);
    }
  });

  it('an error without detail has an empty detail list', () => {
    assert.deepEqual(new DevinApiError({ kind: 'server' }).detail, []);
    assert.deepEqual(new DevinApiError({ kind: 'server' }).fieldErrors, []);
  });

  it('field paths leave out where the field was (body, query, path)', () => {
    assert.equal(formatDetail({ loc: ['path', 'session_id'], msg: 'bad id', type: 'x' }), 'session_id: bad id');
    assert.equal(formatDetail({ loc: ['query', 'first'], msg: 'too big', type: 'x' }), 'first: too big');
    assert.equal(formatDetail({ loc: ['body', 'tags', 1], msg: 'not a string', type: 'x' }), 'tags.1: not a string');
    assert.equal(formatDetail({ loc: ['header', 'x'], msg: 'm', type: 'x' }), 'header.x: m');
  });
});
