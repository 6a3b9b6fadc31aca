// Attachment uploads: DevinClient.uploadAttachment against the fake server's
// POST /v3/organizations/{org}/attachments (multipart, field `file`), its errors, and no retries.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createFakeDevin, type FakeDevin, type FakeDevinOptions } from '../fake-devin/server.js';
import { DevinClient } from '../../src/api/client';
import { DevinApiError } from '../../src/api/errors';

async function withFake(options: FakeDevinOptions, fn: (fake: FakeDevin, client: DevinClient) => Promise<void>): Promise<void> {
  const fake = await createFakeDevin({ sessions: 0, ...options });
  const client = new DevinClient({ baseUrl: fake.url, orgId: fake.orgId, getKey: () => fake.key, retryLimit: 2, backoffLimitMs: 5, timeoutMs: 5_000 });
  try {
    await fn(fake, client);
  } finally {
    await fake.close();
  }
}

const uploads = (fake: FakeDevin) => fake.requestsTo(/\/attachments$/, 'POST');

describe('attachments', () => {
  test('uploads a file as multipart field `file`; the url serves the same bytes and goes into attachment_urls', async () => {
    await withFake({}, async (fake, client) => {
      const data = new Uint8Array(200_000).map((_, i) => i % 251);
      const a = await client.uploadAttachment({ name: 'big log.txt', data, contentType: 'text/plain' });
      assert.match(a.url, /^http:\/\/127\.0\.0\.1:\d+\/v3\/organizations\/org-fake123\/attachments\/[0-9a-f-]{36}\/big%20log\.txt$/);
      assert.equal(a.name, 'big log.txt');
      const [req] = uploads(fake);
      assert.match(req.headers.contentType ?? '', /^multipart\/form-data; boundary=/);
      assert.deepEqual(req.body, { multipart: [{ name: 'file', filename: 'big log.txt', contentType: 'text/plain', size: 200_000 }], size: (req.body as { size: number }).size });
      const stored = fake.store.attachments.get(a.attachment_id);
      assert.ok(stored);
      assert.deepEqual(new Uint8Array(stored.data), data);
      // The URL the server gave back is accepted by create and message.
      const s = await client.createSession({ prompt: 'see the log', attachment_urls: [a.url] });
      const created = fake.requestsTo(/\/sessions$/, 'POST')[0];
      assert.deepEqual((created.body as { attachment_urls: string[] }).attachment_urls, [a.url]);
      await client.sendMessage(s.session_id, { message: 'and this', attachment_urls: [a.url] });
      const sent = fake.requestsTo(/\/messages$/, 'POST')[0];
      assert.deepEqual((sent.body as { attachment_urls: string[] }).attachment_urls, [a.url]);
    });
  });

  test('413 over the size limit: a clear error, sent once', async () => {
    await withFake({ maxAttachmentBytes: 1000 }, async (fake, client) => {
      await assert.rejects(client.uploadAttachment({ name: 'a.bin', data: new Uint8Array(5000) }), (e: unknown) => {
        assert.ok(e instanceof DevinApiError);
        assert.equal(e.status, 413);
        assert.match(e.message, /too large|limit/i);
        return true;
      });
      assert.equal(uploads(fake).length, 1);
      assert.equal(fake.store.attachments.size, 0);
    });
  });

  test('422 without a file part', async () => {
    await withFake({}, async (fake) => {
      const form = new FormData();
      form.append('other', 'x');
      const res = await fetch(`${fake.url}/v3/organizations/${fake.orgId}/attachments`, { method: 'POST', body: form, headers: { authorization: `Bearer ${fake.key}` } });
      assert.equal(res.status, 422);
      assert.deepEqual(((await res.json()) as { detail: { loc: string[] }[] }).detail[0].loc, ['body', 'file']);
      const json = await fetch(`${fake.url}/v3/organizations/${fake.orgId}/attachments`, { method: 'POST', body: '{}', headers: { authorization: `Bearer ${fake.key}`, 'content-type': 'application/json' } });
      assert.equal(json.status, 422);
    });
  });

  test('a 500 is not retried (a POST), and nothing is stored', async () => {
    await withFake({}, async (fake, client) => {
      fake.setFault({ status: 500, paths: '/attachments', times: 5 });
      await assert.rejects(client.uploadAttachment({ name: 'a.txt', data: new TextEncoder().encode('hello') }), (e: unknown) => e instanceof DevinApiError && e.kind === 'server');
      assert.equal(uploads(fake).length, 1);
    });
  });

  test('403 without UseDevinSessions; a 200 without a URL is a bad response', async () => {
    await withFake({ permissions: { deny: ['UseDevinSessions'] } }, async (_fake, client) => {
      await assert.rejects(client.uploadAttachment({ name: 'a', data: new Uint8Array(1) }), (e: unknown) => e instanceof DevinApiError && e.kind === 'forbidden');
    });
    await withFake({}, async (fake, client) => {
      fake.setFault({ status: 200, paths: '/attachments', body: { attachment_id: 'x', url: 'javascript:alert(1)' } });
      await assert.rejects(client.uploadAttachment({ name: 'a', data: new Uint8Array(1) }), (e: unknown) => e instanceof DevinApiError && e.kind === 'bad_response');
    });
  });
});
