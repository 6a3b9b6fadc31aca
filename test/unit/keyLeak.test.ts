// A hostile or buggy server that echoes the API key in an error body: the key must reach no form
// of the error the client throws (its message is shown to the user and written to the log).
// Each test starts its own fake server and closes it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as util from 'node:util';
import { createFakeDevin, type FakeDevin } from '../fake-devin/server.js';
import { DevinClient } from '../../src/api/client';
import { DevinApiError } from '../../src/api/errors';
import { caught } from '../support/apiError';

const COG_KEY = 'cog_ECHOED_secret_8c1d2e3f4a5b6c7d';
/** A key of no known shape: only the key the client holds can redact it. */
const OPAQUE_KEY = 'opaque9f8e7d6c5b4a3210secretvalue';

async function withFake(key: string, fn: (fake: FakeDevin, client: DevinClient) => Promise<void>): Promise<void> {
  const fake = await createFakeDevin({ key, sessions: 1 });
  try {
    const client = new DevinClient({ baseUrl: fake.url, orgId: fake.orgId, getKey: () => fake.key, retryLimit: 0, timeoutMs: 5_000 });
    await fn(fake, client);
  } finally {
    await fake.close();
  }
}

/** No form of the error holds the key, nor any 8-character piece of it. */
function assertNoKey(err: DevinApiError, key: string): void {
  const forms = [String(err), err.message, JSON.stringify(err), util.inspect(err, { depth: 10 }), String(err.stack), String(err.serverMessage), err.fieldErrors.join('\n'), JSON.stringify(err.detail)];
  for (const f of forms) {
    for (let i = 0; i + 8 <= key.length; i++) {
      assert.ok(!f.includes(key.slice(i, i + 8)), `a piece of the key (${key.slice(i, i + 8)}) leaked in: ${f.slice(0, 300)}`);
    }
  }
}

const ECHO_BODIES = (key: string): { status: number; field: string; body: Record<string, string> }[] => [
  { status: 400, field: 'detail', body: { detail: `unknown platform for key ${key}` } },
  { status: 400, field: 'message', body: { message: `bad request from ${key}` } },
  { status: 409, field: 'error', body: { error: `conflict: Authorization: Bearer ${key}` } },
  { status: 401, field: 'detail', body: { detail: `Invalid API key ${key}` } },
  { status: 503, field: 'detail', body: { detail: `upstream said ${key}` } },
];

for (const [name, key] of [
  ['a cog_ key', COG_KEY],
  ['an opaque key', OPAQUE_KEY],
] as const) {
  describe(`a server error body that echoes ${name}`, () => {
    for (const { status, field, body } of ECHO_BODIES(key)) {
      test(`HTTP ${status} with the key in "${field}": the message is kept, the key is not`, async () => {
        await withFake(key, async (fake, client) => {
          fake.setFault({ status, body, times: 1 });
          const err = await caught(client.listSessions());
          assert.equal(err.status, status);
          assertNoKey(err, key);
          // The rest of the server's words survive: the user still learns what went wrong.
          const words = body[field].replace(key, '').trim();
          assert.ok(err.serverMessage?.includes(words.split(' ')[0]), `the server's words are kept: ${err.serverMessage}`);
          assert.ok(err.serverMessage?.includes('***'), `the key is replaced by a placeholder: ${err.serverMessage}`);
        });
      });
    }

    test('HTTP 422 with the key in a field error (msg, loc and type)', async () => {
      await withFake(key, async (fake, client) => {
        fake.setFault({ status: 422, body: { detail: [{ loc: ['header', `authorization ${key}`], msg: `value ${key} is not valid`, type: `type_${key}` }] }, times: 1 });
        const err = await caught(client.listSessions());
        assert.equal(err.kind, 'validation');
        assertNoKey(err, key);
        assert.match(err.fieldErrors[0], /is not valid/);
        assert.match(err.message, /is not valid/, 'the field error is shown');
      });
    });

    test('the key at the cut of a long message does not leave a piece behind', async () => {
      await withFake(key, async (fake, client) => {
        const pad = 'x'.repeat(295);
        fake.setFault({ status: 400, body: { detail: `${pad} ${key}` }, times: 1 });
        const err = await caught(client.listSessions());
        assertNoKey(err, key);
        assert.equal(err.serverMessage?.slice(0, 10), 'xxxxxxxxxx');
        assert.ok((err.serverMessage ?? '').length <= 300);
        fake.setFault({ status: 422, body: { detail: [{ loc: ['body', 'prompt'], msg: `${'y'.repeat(495)} ${key}`, type: 'x' }] }, times: 1 });
        const e2 = await caught(client.listSessions());
        assertNoKey(e2, key);
        assert.ok(e2.detail[0].msg.startsWith('yyyy'));
        assert.ok(e2.detail[0].msg.length <= 500);
      });
    });
  });
}

test('a key that cannot be read while building the error does not hide the error', async () => {
  const fake = await createFakeDevin({ key: COG_KEY, sessions: 1 });
  try {
    let calls = 0;
    const client = new DevinClient({
      baseUrl: fake.url,
      orgId: fake.orgId,
      retryLimit: 0,
      getKey: () => {
        calls++;
        if (calls > 1) throw new Error('secret storage went away');
        return fake.key;
      },
    });
    fake.setFault({ status: 400, body: { detail: `bad ${COG_KEY}` }, times: 1 });
    const err = await caught(client.listSessions());
    assert.equal(err.kind, 'bad_request');
    assertNoKey(err, COG_KEY); // the cog_ pattern still catches it
  } finally {
    await fake.close();
  }
});
