// The one session-id module: both forms name one session; only valid ids are rewritten.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sessionPathId } from '../../src/api/client';
import { normalizeSession } from '../../src/api/normalize';
import { bareSessionId, canonicalSessionId, isSessionId, sameSessionId, shortSessionId } from '../../src/sessions/sessionId';

const HEX = '0123456789abcdef0123456789abcdef';

describe('session ids', () => {
  it('canonical form is devin-<id> for either form; other strings pass unchanged', () => {
    assert.equal(canonicalSessionId(HEX), `devin-${HEX}`);
    assert.equal(canonicalSessionId(`devin-${HEX}`), `devin-${HEX}`);
    assert.equal(canonicalSessionId('devin-'), 'devin-');
    for (const bad of ['../x', 'a b', '', 'devin-a/b', 'x?y=1']) assert.equal(canonicalSessionId(bad), bad);
    assert.equal(bareSessionId(`devin-${HEX}`), HEX);
    assert.equal(bareSessionId(HEX), HEX);
    assert.equal(shortSessionId(`devin-${HEX}`), '01234567');
    assert.equal(shortSessionId(HEX), '01234567');
  });

  it('sameSessionId compares across forms; validation refuses path tricks', () => {
    assert.equal(sameSessionId(HEX, `devin-${HEX}`), true);
    assert.equal(sameSessionId(`devin-${HEX}`, `devin-${HEX}`), true);
    assert.equal(sameSessionId(HEX, 'devin-other'), false);
    assert.equal(sameSessionId(undefined, HEX), false);
    // Two missing ids are not the same session (a panel without an id must not match another).
    assert.equal(sameSessionId(undefined, undefined), false);
    assert.equal(sameSessionId(null, null), false);
    assert.equal(sameSessionId(HEX, undefined), false);
    for (const ok of [HEX, `devin-${HEX}`, 'a', 'A_b-1']) assert.equal(isSessionId(ok), true, ok);
    for (const bad of ['', '../../etc', 'a/b', 'a b', 'x'.repeat(129), 7, null]) assert.equal(isSessionId(bad), false, String(bad));
  });

  it('API paths and answers go through it: paths take devin-, answers are kept in one form', () => {
    assert.equal(sessionPathId(HEX), `devin-${HEX}`);
    assert.equal(sessionPathId(`devin-${HEX}`), `devin-${HEX}`);
    assert.throws(() => sessionPathId('../self'));
    const s = normalizeSession({ session_id: HEX, parent_session_id: 'abc', child_session_ids: ['def', 'devin-ghi'], created_at: 1 });
    assert.equal(s?.session_id, `devin-${HEX}`);
    assert.equal(s?.parent_session_id, 'devin-abc');
    assert.deepEqual(s?.child_session_ids, ['devin-def', 'devin-ghi']);
  });
});
