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

  // Without the key passed in: the patterns alone must catch what is shaped like a key, because
  // an error body, a log line or a stack may carry a key that is not the one the caller holds.
  it('catches a cog_ key that nobody passed in, keeping the prefix as a hint', () => {
    assert.equal(redact('invalid key cog_live_Ab1.~+/=-xyz for org'), 'invalid key cog_*** for org');
    assert.equal(redact('cog_abcd'), 'cog_***', 'four characters after the prefix are enough');
    assert.equal(redact('cog_abc'), 'cog_abc', 'three are not a key');
  });
  it('catches apk_ and apk_user_ keys that nobody passed in', () => {
    assert.equal(redact('k=apk_0123456789'), 'k=apk_***');
    assert.equal(redact('k=apk_user_0123456789'), 'k=apk_user_***');
  });
  it('catches several keys in one text (global match)', () => {
    assert.equal(redact('cog_first111 then cog_second22'), 'cog_*** then cog_***');
  });
  it('matches key prefixes only at a word start', () => {
    assert.equal(redact('xcog_abcdef'), 'xcog_abcdef');
  });
  it('catches a bearer token of any shape that nobody passed in, in any case, as often as it appears', () => {
    assert.equal(redact('Authorization: Bearer opaque.Token~1+/='), 'Authorization: Bearer ***');
    assert.equal(redact('authorization: bearer  xyz123 / BEARER abc'), 'authorization: bearer  *** / BEARER ***');
    assert.equal(redact('Bearer\tt0k'), 'Bearer\t***');
  });
  it('replaces every occurrence of the given key, and ignores keys too short to be one', () => {
    assert.equal(redact('s3cr3t-opaque, again s3cr3t-opaque', 's3cr3t-opaque'), '***, again ***');
    assert.equal(redact('abcd abcd', undefined, 'abcd'), '*** ***', 'four characters are redacted');
    assert.equal(redact('abc abc', 'abc'), 'abc abc', 'a three-character "key" would shred ordinary text');
    assert.equal(redact('text', ''), 'text');
  });
});
