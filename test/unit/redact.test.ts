import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redact } from '../../src/util/redact';

describe('redact', () => {
  it('removes the given key and anything shaped like a Devin key or bearer token', () => {
    const key = 'cog_live_SECRET123456';
    const out = redact(`Authorization: Bearer ${key} and ${key} and apk_user_abcdef and opaque-token-xyz`, key, 'opaque-token-xyz');
    assert.ok(!out.includes('SECRET123456'));
    assert.ok(!out.includes('apk_user_abcdef'));
    assert.ok(!out.includes('opaque-token-xyz'));
    assert.ok(out.includes('Bearer ***'));
  });
  it('leaves ordinary text alone', () => {
    assert.equal(redact('cognition is cool; cog_ alone', undefined), 'cognition is cool; cog_ alone');
  });
});
