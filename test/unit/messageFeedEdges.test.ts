// Edges of the message feed (src/sessions/messageFeed.ts) with a scripted client in process: no
// server, manual timers, so each case is milliseconds. The HTTP-level behaviour (paging through
// the fake Devin server, faults) is in messageFeed.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DevinApiError } from '../../src/api/errors';
import type { Page, PageParams, SessionMessage } from '../../src/api/types';
import { CursorRepeatedError, MessageFeed, TRUNCATION_MARK, WORKING_POLL_MS, errorText, type FeedClient, type FeedLimits, type MessageFeedOptions } from '../../src/sessions/messageFeed';
import { FakeTimers } from '../support/fakeTimers';

const m = (id: string, message = `text ${id}`): SessionMessage => ({ event_id: id, source: 'devin', message, created_at: 1 });
const page = (items: SessionMessage[], end_cursor: string | null = null, has_next_page = false): Page<SessionMessage> => ({ items, end_cursor, has_next_page });

/** One entry per walk: the pages it yields, then (optionally) an error it throws. */
interface Walk {
  pages: Page<SessionMessage>[];
  error?: unknown;
}

class ScriptedFeedClient implements FeedClient {
  readonly walks: Walk[] = [];
  readonly calls: { id: string; params?: PageParams }[] = [];
  async *iterateMessages(id: string, params?: PageParams): AsyncIterable<Page<SessionMessage>> {
    this.calls.push({ id, params });
    const w = this.walks.shift() ?? { pages: [] };
    for (const p of w.pages) yield p;
    if (w.error !== undefined) throw w.error;
  }
}

function harness(opts: { limits?: Partial<FeedLimits>; onError?: boolean; enabled?: () => boolean } = {}) {
  const client = new ScriptedFeedClient();
  const timers = new FakeTimers();
  const batches: string[][] = [];
  const errors: string[] = [];
  const options: MessageFeedOptions = {
    client: () => client,
    sessionId: () => 'devin-feed',
    session: () => ({ status: 'running', status_detail: 'working', is_archived: false }),
    onMessages: (fresh) => batches.push(fresh.map((x) => x.event_id)),
    timers,
    limits: opts.limits,
    enabled: opts.enabled,
  };
  if (opts.onError !== false) options.onError = (message) => errors.push(message);
  const feed = new MessageFeed(options);
  return { feed, client, timers, batches, errors };
}

describe('message feed edges', () => {
  it('without injected timers it polls with setTimeout and stops with clearTimeout', () => {
    const realSet = globalThis.setTimeout;
    const realClear = globalThis.clearTimeout;
    const armed: number[] = [];
    const cleared: unknown[] = [];
    const handle = { fake: true };
    globalThis.setTimeout = ((_fn: () => void, ms: number) => {
      armed.push(ms);
      return handle;
    }) as unknown as typeof setTimeout;
    globalThis.clearTimeout = ((t: unknown) => cleared.push(t)) as unknown as typeof clearTimeout;
    try {
      const feed = new MessageFeed({
        client: () => new ScriptedFeedClient(),
        sessionId: () => 'devin-x',
        session: () => ({ status: 'running', status_detail: 'working', is_archived: false }),
        onMessages: () => undefined,
      });
      feed.setActive(true);
      assert.deepEqual(armed, [WORKING_POLL_MS]);
      assert.equal(feed.polling, true);
      cleared.length = 0;
      feed.dispose();
      assert.deepEqual(cleared, [handle]);
    } finally {
      globalThis.setTimeout = realSet;
      globalThis.clearTimeout = realClear;
    }
  });

  it('a repeated cursor is a CursorRepeatedError with its own name and a message that says what happened', async () => {
    const e = new CursorRepeatedError();
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'CursorRepeatedError');
    assert.match(e.message, /repeated a page cursor/);
    const { feed, client, errors } = harness();
    client.walks.push({ pages: [page([m('a')], 'c1', true)] });
    await feed.fetch();
    assert.equal(errors.length, 1);
    assert.match(errors[0], /repeated a page cursor/);
  });

  it('a walk that ends with no more pages is no error', async () => {
    const { feed, client, errors } = harness();
    client.walks.push({ pages: [page([m('a')], 'c1', false)] });
    await feed.fetch();
    assert.deepEqual(errors, []);
    assert.equal(feed.error, undefined);
  });

  it('a walk that yields no page at all is no error', async () => {
    const { feed, errors, batches } = harness();
    await feed.fetch();
    assert.deepEqual(errors, []);
    assert.equal(feed.errorCount, 0);
    assert.deepEqual(batches, []);
  });

  it('a failure without an onError callback is counted and kept, not thrown', async () => {
    const { feed, client } = harness({ onError: false });
    client.walks.push({ pages: [], error: new Error('down') });
    await feed.fetch();
    assert.equal(feed.errorCount, 1);
    assert.equal(feed.error, 'down');
  });

  it('errorText: the message of an Error, anything else as text, at most 500 characters', () => {
    assert.equal(errorText(new Error('boom')), 'boom');
    assert.equal(errorText('plain'), 'plain');
    assert.equal(errorText(42), '42');
    assert.equal(errorText('x'.repeat(600)), 'x'.repeat(500));
  });

  it('a message longer than the cap is cut and marked; one at the cap is kept whole', async () => {
    assert.equal(TRUNCATION_MARK, '\n\n…');
    const { feed, client } = harness({ limits: { maxMessageChars: 5 } });
    client.walks.push({ pages: [page([m('a', '123456'), m('b', '12345')])] });
    await feed.fetch();
    assert.deepEqual(
      feed.messages.map((x) => x.message),
      ['12345\n\n…', '12345'],
    );
  });

  it('the seen ids are bounded: the oldest is forgotten only beyond the bound', async () => {
    const { feed, client, batches } = harness({ limits: { maxSeenIds: 2 } });
    client.walks.push({ pages: [page([m('a'), m('b')])] });
    client.walks.push({ pages: [page([m('a')])] });
    client.walks.push({ pages: [page([m('c'), m('a')])] });
    await feed.fetch();
    await feed.fetch();
    await feed.fetch();
    // a and b fit the bound: a again is not news. c pushes a out, so a again is reported again.
    assert.deepEqual(batches, [['a', 'b'], ['c', 'a']]);
  });

  it('a page without a cursor keeps the last cursor; the next walk starts there', async () => {
    const { feed, client } = harness();
    client.walks.push({ pages: [page([m('a')], 'c1', true), page([m('b')], null, false)] });
    await feed.fetch();
    assert.equal(feed.position, 'c1');
    await feed.fetch();
    assert.deepEqual(client.calls.map((c) => c.params), [
      { first: 200, after: undefined },
      { first: 200, after: 'c1' },
    ]);
    assert.deepEqual(client.calls.map((c) => c.id), ['devin-feed', 'devin-feed']);
  });

  it('at most maxPages pages per fetch, exactly', async () => {
    const { feed, client, batches } = harness({ limits: { maxPages: 2 } });
    client.walks.push({ pages: [page([m('a')], 'c1', true), page([m('b')], 'c2', true), page([m('c')], 'c3', true)] });
    await feed.fetch();
    assert.deepEqual(batches, [['a', 'b']]);
    assert.equal(feed.pagesRead, 2);
    assert.equal(feed.position, 'c2');
    assert.equal(feed.error, undefined, 'stopping at the bound is no error');
  });

  it('a refused kept cursor (validation or bad request) is dropped and the walk starts over once', async () => {
    for (const kind of ['validation', 'bad_request'] as const) {
      const { feed, client, batches, errors } = harness();
      client.walks.push({ pages: [page([m('a')], 'c1')] });
      client.walks.push({ pages: [], error: new DevinApiError({ kind, status: 422 }) });
      client.walks.push({ pages: [page([m('a'), m('b')], 'c9')] });
      await feed.fetch();
      await feed.fetch();
      assert.deepEqual(client.calls.map((c) => c.params?.after), [undefined, 'c1', undefined], kind);
      assert.deepEqual(batches, [['a'], ['b']], kind);
      assert.deepEqual(errors, [], kind);
      assert.equal(feed.position, 'c9');
    }
  });

  it('a refusal without a kept cursor, of another kind, or after a page is an error (no second walk)', async () => {
    const cases: [string | undefined, Walk, string][] = [
      [undefined, { pages: [], error: new DevinApiError({ kind: 'validation', status: 422 }) }, 'no cursor yet'],
      ['c1', { pages: [], error: new DevinApiError({ kind: 'server', status: 500 }) }, 'a server error'],
      ['c1', { pages: [page([m('x')], 'c2', true)], error: new DevinApiError({ kind: 'validation', status: 422 }) }, 'after a page'],
      ['c1', { pages: [], error: new Error('validation') }, 'not an API error'],
    ];
    for (const [cursor, walk, name] of cases) {
      const { feed, client, errors } = harness();
      if (cursor) client.walks.push({ pages: [page([m('a')], cursor)] });
      client.walks.push(walk);
      if (cursor) await feed.fetch();
      const before = client.calls.length;
      await feed.fetch();
      assert.equal(client.calls.length, before + 1, name);
      assert.equal(errors.length, 1, name);
    }
  });

  it('a disabled feed asks nothing and reports nothing', async () => {
    const { feed, client } = harness({ enabled: () => false });
    client.walks.push({ pages: [page([m('a')])] });
    await feed.fetch();
    assert.equal(client.calls.length, 0);
    assert.deepEqual(feed.messages, []);
  });

  it('a fetch that ends after dispose reports nothing and counts no error', async () => {
    const { feed, client, batches, errors } = harness();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    client.iterateMessages = async function* () {
      await gate;
      yield page([m('a')]);
      throw new Error('late');
    };
    const run = feed.fetch();
    feed.dispose();
    release();
    await run;
    assert.deepEqual(batches, []);
    assert.deepEqual(errors, []);
    assert.equal(feed.errorCount, 0);
  });

  it('after dispose nothing arms: setActive, fetchSoon, reschedule', () => {
    const { feed, timers } = harness();
    feed.dispose();
    feed.setActive(true);
    feed.fetchSoon();
    feed.reschedule();
    assert.equal(timers.pending.size, 0);
    assert.equal(feed.polling, false);
  });

  it('fetchSoon does nothing while hidden; visible it arms the short delay', () => {
    const { feed, timers } = harness();
    feed.fetchSoon();
    assert.equal(timers.pending.size, 0);
    feed.setActive(true);
    feed.fetchSoon();
    assert.equal(timers.pending.size, 1);
    assert.equal(timers.peek()!.ms, 250);
  });

  it('the poll timer fetches, then re-arms at the cadence', async () => {
    const { feed, client, timers } = harness();
    client.walks.push({ pages: [page([m('a')])] });
    feed.setActive(true);
    timers.fire();
    assert.equal(feed.polling, false, 'the fired timer is forgotten');
    await feed.whenIdle();
    assert.equal(client.calls.length, 1);
    assert.equal(timers.peek()!.ms, WORKING_POLL_MS);
  });

  it('a fetch asked for during a run while visible runs once more, and only once', async () => {
    const { feed, client } = harness();
    feed.setActive(true);
    const a = feed.fetch();
    const b = feed.fetch();
    const c = feed.fetch();
    assert.equal(a, b);
    assert.equal(b, c);
    await feed.whenIdle();
    assert.equal(client.calls.length, 2);
  });
});
