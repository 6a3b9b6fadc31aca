// The key bound to its API origin (src/api/keyBinding.ts), without a server: origins, the stored
// form and its migration from a bare key, the mismatch message, and that a client is made only for
// the key's origin. trust.test.ts covers the same through Auth against fake servers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DevinClient } from '../../src/api/client';
import { DevinApiError } from '../../src/api/errors';
import { createBoundClient, originMismatchError, originOf, parseStoredKey, serializeStoredKey, type KeySource } from '../../src/api/keyBinding';

const mismatch = (bound: string, shown: string) =>
  `The Devin API key was entered for ${bound}, but devin.apiBaseUrl now points to ${shown}. The key is not sent there: sign in again to use ${shown}, or set devin.apiBaseUrl back.`;

describe('key binding', () => {
  it('the origin of an http(s) base URL, and nothing for anything else', () => {
    assert.equal(originOf('https://api.devin.ai/v3/'), 'https://api.devin.ai');
    assert.equal(originOf('\u00a0https://api.devin.ai:8443/x\u00a0'), 'https://api.devin.ai:8443');
    assert.equal(originOf('http://127.0.0.1:5000'), 'http://127.0.0.1:5000');
    assert.equal(originOf('ftp://api.devin.ai'), undefined);
    assert.equal(originOf('not a url'), undefined);
    assert.equal(originOf(''), undefined);
    assert.equal(originOf(undefined), undefined);
  });

  it('reads the stored key with its origin, and refuses what is not a usable one', () => {
    const good = serializeStoredKey({ key: 'cog_abc', origin: 'https://api.devin.ai' });
    assert.deepEqual(JSON.parse(good), { key: 'cog_abc', origin: 'https://api.devin.ai' });
    assert.deepEqual(parseStoredKey(good, 'https://other.example'), { stored: { key: 'cog_abc', origin: 'https://api.devin.ai' }, migrated: false });
    for (const bad of [
      '{"key":"","origin":"https://api.devin.ai"}',
      '{"key":5,"origin":"https://api.devin.ai"}',
      '{"origin":"https://api.devin.ai"}',
      '{"key":"cog_abc"}',
      '{"key":"cog_abc","origin":7}',
      '{"key":"cog_abc","origin":"https://api.devin.ai/"}',
      '{"key":"cog_abc","origin":"ftp://api.devin.ai"}',
      '{not json',
    ]) {
      assert.deepEqual(parseStoredKey(bad, 'https://api.devin.ai'), { migrated: false }, bad);
    }
    assert.deepEqual(parseStoredKey(undefined, 'https://api.devin.ai'), { migrated: false });
    assert.deepEqual(parseStoredKey('', 'https://api.devin.ai'), { migrated: false });
  });

  it('binds a bare key from before origins were stored to the configured origin, to be written back', () => {
    assert.deepEqual(parseStoredKey('cog_old', 'https://api.devin.ai'), { stored: { key: 'cog_old', origin: 'https://api.devin.ai' }, migrated: true });
    assert.deepEqual(parseStoredKey('cog_old', undefined), { migrated: false });
  });

  it('the mismatch error names both origins, and the raw setting when it has no origin', () => {
    const e = originMismatchError('https://api.devin.ai', 'https://evil.example/v3?x=1');
    assert.ok(e instanceof DevinApiError);
    assert.equal(e.kind, 'config');
    assert.equal(e.message, mismatch('https://api.devin.ai', 'https://evil.example'));
    assert.equal(originMismatchError('https://api.devin.ai', 'nonsense').message, mismatch('https://api.devin.ai', 'nonsense'));
  });

  it('makes a client only for the key\'s origin, which reads the key for that base URL', async () => {
    const asked: string[] = [];
    const source = (origin: string | undefined): KeySource => ({
      origin,
      isBoundTo: (baseUrl) => originOf(baseUrl) === origin,
      getKeyFor: async (baseUrl) => {
        asked.push(baseUrl);
        return 'cog_k';
      },
    });
    const refused = createBoundClient(source('https://api.devin.ai'), { baseUrl: 'https://evil.example/' });
    assert.ok(refused instanceof DevinApiError);
    assert.equal(refused.message, mismatch('https://api.devin.ai', 'https://evil.example'));
    const none = createBoundClient(source(undefined), { baseUrl: 'https://api.devin.ai' });
    assert.ok(none instanceof DevinApiError);
    assert.equal(none.message, mismatch('', 'https://api.devin.ai'));
    assert.throws(() => createBoundClient(source('https://api.devin.ai'), { baseUrl: 'http://evil.example' }), DevinApiError);

    const fetched: string[] = [];
    const client = createBoundClient(source('https://api.devin.ai'), {
      baseUrl: 'https://api.devin.ai/v3/',
      orgId: 'org-a',
      retryLimit: 0,
      fetch: (async (input: Request) => {
        fetched.push(`${input.url} ${input.headers.get('authorization')}`);
        return new Response('{"items":[],"has_next_page":false}', { status: 200, headers: { 'content-type': 'application/json' } });
      }) as unknown as typeof fetch,
    });
    assert.ok(client instanceof DevinClient);
    assert.equal(client.baseUrl, 'https://api.devin.ai');
    await client.listSessions();
    assert.deepEqual(asked, ['https://api.devin.ai']);
    assert.deepEqual(fetched, ['https://api.devin.ai/v3/organizations/org-a/sessions Bearer cog_k']);
  });
});
