// The details panel's message feed against the fake Devin server (its own server per test) with
// manual timers: paging, de-duplication, caps, errors, the poll cadence and disposal.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { createFakeDevin, type FakeDevin, type FakeSession } from '../fake-devin/server.js';
import { DevinClient } from '../../src/api/client';
import type { SessionMessage } from '../../src/api/types';
import {
  CursorRepeatedError,
  ENDED_POLL_MS,
  FEED_PAGE_SIZE,
  IDLE_POLL_MS,
  MAX_FEED_BACKOFF_MS,
  MAX_FEED_CHARS,
  MAX_MESSAGE_CHARS,
  MAX_MESSAGES,
  MAX_PAGES_PER_FETCH,
  MAX_SEEN_IDS,
  MessageFeed,
  SOON_MS,
  TRUNCATION_MARK,
  WORKING_POLL_MS,
  feedPollDelay,
  type FeedLimits,
  type MessageFeedOptions,
} from '../../src/sessions/messageFeed';
import { FakeTimers } from '../support/fakeTimers';

let fake: FakeDevin | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

interface Harness {
  feed: MessageFeed;
  timers: FakeTimers;
  batches: SessionMessage[][];
  errors: { message: string; error: unknown }[];
  session: FakeSession;
  state: { status: string; status_detail: string | null; is_archived: boolean };
  messagesPath: string;
  /** GETs of this session's messages since the last reset. */
  gets(): number;
}

function clientFor(f: FakeDevin, retryLimit = 0): DevinClient {
  return new DevinClient({ baseUrl: f.url, orgId: f.orgId, getKey: () => f.key, retryLimit, backoffLimitMs: 1, timeoutMs: 5_000 });
}

async function harness(opts: { messages?: number; texts?: string[]; limits?: Partial<FeedLimits>; client?: MessageFeedOptions['client']; retryLimit?: number } = {}): Promise<Harness> {
  fake ??= await createFakeDevin({ sessions: 0 });
  const f = fake;
  const texts = opts.texts ?? Array.from({ length: opts.messages ?? 0 }, (_, i) => `message ${i + 1}`);
  const session = f.addSession({ status: 'running', status_detail: 'working', title: 'feed' }, { messages: texts.map((message) => ({ source: 'devin', message })) });
  const state = { status: 'running', status_detail: 'working' as string | null, is_archived: false };
  const timers = new FakeTimers();
  const batches: SessionMessage[][] = [];
  const errors: { message: string; error: unknown }[] = [];
  const client = clientFor(f, opts.retryLimit);
  const feed = new MessageFeed({
    client: opts.client ?? (() => client),
    sessionId: () => session.session_id,
    session: () => state,
    onMessages: (fresh) => batches.push(fresh),
    onError: (message, error) => errors.push({ message, error }),
    timers,
    limits: opts.limits,
  });
  const messagesPath = `/v3/organizations/${f.orgId}/sessions/${session.session_id}/messages`;
  f.resetRequests();
  return { feed, timers, batches, errors, session, state, messagesPath, gets: () => f.requestsTo(messagesPath, 'GET').length };
}

const texts = (ms: readonly SessionMessage[]) => ms.map((m) => m.message);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `message ${from + i}`);

describe('message feed: paging', () => {
  it('first load reads every page through the cursor, oldest first, in ceil(N / 200) requests', async () => {
    const h = await harness({ messages: 450 });
    await h.feed.fetch();
    assert.equal(h.gets(), 3);
    assert.deepEqual(texts(h.feed.messages), range(1, 450));
    assert.equal(h.batches.length, 1, 'one batch per fetch');
    assert.deepEqual(texts(h.batches[0]), range(1, 450));
    const reqs = fake!.requestsTo(h.messagesPath, 'GET');
    assert.deepEqual(reqs.map((r) => r.query.first), ['200', '200', '200']);
    assert.equal(reqs[0].query.after, undefined, 'the first page has no cursor');
    assert.equal(reqs[1].query.after !== undefined && reqs[2].query.after !== undefined && reqs[1].query.after !== reqs[2].query.after, true);
    assert.equal(h.feed.pagesRead, 3);
    assert.equal(h.feed.error, undefined);
    assert.equal(h.errors.length, 0);
  });

  it('an empty conversation reports nothing and needs one request', async () => {
    const h = await harness({ messages: 0 });
    await h.feed.fetch();
    assert.equal(h.gets(), 1);
    assert.equal(h.batches.length, 0, 'onMessages is never called empty');
    assert.equal(h.feed.messages.length, 0);
  });

  it('later fetches start after the last cursor and report only the new messages', async () => {
    const h = await harness({ messages: 450 });
    await h.feed.fetch();
    const cursor = h.feed.position;
    assert.ok(cursor, 'a cursor is known after a multi-page load');
    fake!.addMessage(h.session.session_id, 'message 451');
    fake!.addMessage(h.session.session_id, 'message 452');
    fake!.resetRequests();
    await h.feed.fetch();
    const reqs = fake!.requestsTo(h.messagesPath, 'GET');
    assert.equal(reqs.length, 1, 'one request for the new messages');
    assert.equal(reqs[0].query.after, cursor, 'starts after the last cursor, not from the start');
    assert.deepEqual(texts(h.batches[1]), ['message 451', 'message 452']);
    assert.equal(h.feed.messages.length, 452);
    // Nothing new: a poll reports nothing.
    await h.feed.fetch();
    assert.equal(h.batches.length, 2);
    assert.equal(h.feed.messages.length, 452);
  });

  it('a conversation on one page is read again from the start (the server gives no cursor) but reported once', async () => {
    const h = await harness({ messages: 3 });
    await h.feed.fetch();
    assert.equal(h.feed.position, undefined);
    fake!.addMessage(h.session.session_id, 'message 4');
    await h.feed.fetch();
    await h.feed.fetch();
    assert.deepEqual(h.batches.map(texts), [range(1, 3), ['message 4']]);
    assert.deepEqual(texts(h.feed.messages), range(1, 4));
  });

  it('uses the iterator and its bound: at most maxPages pages per fetch, the next fetch continues', async () => {
    const h = await harness({ messages: 25, limits: { pageSize: 5, maxPages: 2 } });
    await h.feed.fetch();
    assert.equal(h.gets(), 2);
    assert.deepEqual(texts(h.feed.messages), range(1, 10));
    await h.feed.fetch();
    assert.equal(h.gets(), 4);
    assert.deepEqual(texts(h.feed.messages), range(1, 20));
    assert.equal(h.errors.length, 0, 'stopping at the bound is not an error');
    await h.feed.fetch();
    assert.deepEqual(texts(h.feed.messages), range(1, 25));
  });

  it('asks for the id the session callback gives (the store may learn the devin- form later)', async () => {
    const h = await harness({ messages: 1 });
    await h.feed.fetch();
    assert.equal(fake!.requests[0].path, h.messagesPath);
  });
});

describe('message feed: de-duplication', () => {
  it('the same event id twice across pages is kept and reported once (the first copy wins)', async () => {
    const h = await harness({ messages: 12, limits: { pageSize: 5 } });
    const list = fake!.messages(h.session.session_id)!;
    // The server repeats event 3 on the last page with other text.
    list.push({ ...list[2], message: 'a replayed copy' });
    await h.feed.fetch();
    assert.equal(h.gets(), 3);
    assert.deepEqual(texts(h.feed.messages), range(1, 12));
    assert.equal(new Set(h.feed.messages.map((m) => m.event_id)).size, 12);
  });

  it('the same event id twice across polls is reported once', async () => {
    const h = await harness({ messages: 7, limits: { pageSize: 5 } });
    await h.feed.fetch();
    const list = fake!.messages(h.session.session_id)!;
    list.push({ ...list[6], message: 'again' }, { ...list[0], message: 'old again' });
    fake!.addMessage(h.session.session_id, 'message 8');
    await h.feed.fetch();
    assert.deepEqual(h.batches.map(texts), [range(1, 7), ['message 8']]);
  });

  it('messages dropped by the cap are not reported again when the server sends them again', async () => {
    const h = await harness({ messages: 6, limits: { maxMessages: 4 } });
    await h.feed.fetch();
    assert.deepEqual(texts(h.feed.messages), range(3, 6));
    // One page, no cursor: the next poll reads messages 1..6 again.
    await h.feed.fetch();
    assert.equal(h.batches.length, 1);
    assert.deepEqual(texts(h.feed.messages), range(3, 6));
  });

  it('remembers a bounded number of ids: the oldest are forgotten first', async () => {
    const h = await harness({ messages: 6, limits: { maxSeenIds: 4, pageSize: 4 } });
    await h.feed.fetch();
    assert.deepEqual(texts(h.feed.messages), range(1, 6));
    // Ids 3..6 are remembered, 1 and 2 forgotten. A server replaying 1 and 6 after the cursor:
    const list = fake!.messages(h.session.session_id)!;
    list.push({ ...list[0] }, { ...list[5] });
    await h.feed.fetch();
    assert.deepEqual(h.batches.map(texts), [range(1, 6), ['message 1']]);
  });
});

describe('message feed: a repeating cursor', () => {
  it('stops the walk at the repeat: two requests for a first load, one per later poll, reported once', async () => {
    const h = await harness({ messages: 450 });
    fake!.setFault({ repeatCursor: true });
    await h.feed.fetch();
    assert.equal(h.gets(), 2, 'the page, then the repeat');
    assert.deepEqual(texts(h.feed.messages), range(1, 200), 'what arrived is kept');
    assert.equal(h.errors.length, 1);
    assert.ok(h.errors[0].error instanceof CursorRepeatedError);
    assert.match(h.feed.error!, /repeated a page cursor/);
    fake!.resetRequests();
    for (let i = 0; i < 5; i++) await h.feed.fetch();
    assert.equal(h.gets(), 5, 'each poll costs one request: the start cursor counts as seen');
    assert.equal(h.errors.length, 1, 'reported once, not once per poll');
    assert.equal(h.feed.errorCount, 6);
    assert.equal(h.feed.messages.length, 200);
    // The fake refuses its own repeated cursor once the fault ends: the feed reads again from the
    // start in the same fetch and reports only what it did not have.
    fake!.setFault(null);
    fake!.resetRequests();
    await h.feed.fetch();
    const reqs = fake!.requestsTo(h.messagesPath, 'GET');
    assert.deepEqual(reqs.map((r) => r.query.after === undefined), [false, true, false, false]);
    assert.equal(h.feed.error, undefined, 'recovers when the cursor works again');
    assert.equal(h.feed.errorCount, 0);
    assert.deepEqual(texts(h.batches.at(-1)!), range(201, 450));
    assert.equal(h.feed.messages.length, 450);
  });

  it('a cursor the server refuses is dropped once; a refusal from the start is an error', async () => {
    const h = await harness({ messages: 450 });
    await h.feed.fetch();
    fake!.setFault({ status: 422, paths: '/messages', times: 1 });
    fake!.resetRequests();
    await h.feed.fetch();
    assert.equal(h.gets(), 4, 'the refused request, then a walk from the start');
    assert.equal(h.errors.length, 0);
    assert.equal(h.feed.messages.length, 450);
    assert.equal(h.batches.length, 1, 'nothing new to report');
    // A 400 for the cursor too; a 404 (the session is gone) is an error, not a reason to re-read.
    fake!.setFault({ status: 400, body: { detail: 'bad cursor' }, paths: '/messages', times: 1 });
    fake!.resetRequests();
    await h.feed.fetch();
    assert.equal(h.gets(), 4);
    assert.equal(h.errors.length, 0);
    fake!.setFault({ status: 404, paths: '/messages', times: 1 });
    fake!.resetRequests();
    await h.feed.fetch();
    assert.equal(h.gets(), 1);
    assert.equal(h.errors.length, 1);
    assert.equal((h.errors[0].error as { kind?: string }).kind, 'not_found');
    assert.ok(h.feed.position, 'the cursor is kept');
    h.errors.length = 0;
    // From the start (no cursor to drop) a 422 is a plain error, not retried.
    const h2 = await harness({ messages: 3 });
    fake!.setFault({ status: 422, paths: '/messages' });
    fake!.resetRequests();
    await h2.feed.fetch();
    assert.equal(h2.gets(), 1);
    assert.equal(h2.errors.length, 1);
    assert.equal((h2.errors[0].error as { kind?: string }).kind, 'validation');
  });

  it('a refused cursor after the first page of a walk is an error and keeps the pages read', async () => {
    const h = await harness({ messages: 450 });
    const client = clientFor(fake!);
    let n = 0;
    const refusing = {
      async *iterateMessages(id: string, params?: { first?: number; after?: string }, signal?: AbortSignal) {
        for await (const page of client.iterateMessages(id, params, signal)) {
          yield page;
          if (++n === 1) fake!.setFault({ status: 422, paths: '/messages', times: 1 });
        }
      },
    };
    h.feed.dispose();
    const errors: string[] = [];
    const feed = new MessageFeed({ client: () => refusing, sessionId: () => h.session.session_id, session: () => h.state, onMessages: () => undefined, onError: (m) => errors.push(m), timers: h.timers });
    await feed.fetch();
    assert.equal(errors.length, 1);
    assert.equal(feed.messages.length, 200);
    assert.ok(feed.position, 'the cursor of the last good page is kept');
  });

  it('the fault is scoped by paths: message lists outside the pattern page normally', async () => {
    const h = await harness({ messages: 450 });
    fake!.setFault({ repeatCursor: true, paths: '/sessions$' });
    await h.feed.fetch();
    assert.equal(h.feed.messages.length, 450);
    assert.equal(h.errors.length, 0);
  });
});

describe('message feed: size caps', () => {
  it('a 1 MB message arrives whole from the server and is kept cut at MAX_MESSAGE_CHARS with a mark', async () => {
    const big = 'x'.repeat(1024 * 1024 - 5) + 'TAIL!';
    const h = await harness({ texts: ['before', big, 'after'] });
    let whole: string | undefined;
    const client = clientFor(fake!);
    // What the client hands the feed is the whole message.
    for await (const page of client.iterateMessages(h.session.session_id, { first: 200 })) whole ??= page.items[1]?.message;
    assert.equal(whole?.length, 1024 * 1024);
    assert.ok(whole?.endsWith('TAIL!'));
    await h.feed.fetch();
    assert.deepEqual(texts(h.feed.messages).map((t) => t.length), [6, MAX_MESSAGE_CHARS + TRUNCATION_MARK.length, 5]);
    const kept = h.feed.messages[1].message;
    assert.equal(kept, big.slice(0, MAX_MESSAGE_CHARS) + TRUNCATION_MARK);
    assert.equal(h.feed.chars, 6 + kept.length + 5);
    assert.equal(h.feed.messages[1].event_id, fake!.messages(h.session.session_id)![1].event_id, 'other fields unchanged');
    assert.equal(h.batches[0][1].message, kept, 'the webview gets the capped text');
  });

  it('a message of exactly MAX_MESSAGE_CHARS is kept as it is', async () => {
    const exact = 'y'.repeat(MAX_MESSAGE_CHARS);
    const h = await harness({ texts: [exact] });
    await h.feed.fetch();
    assert.equal(h.feed.messages[0].message, exact);
  });

  it('keeps at most maxMessages, dropping the oldest, and reports only the fresh ones kept', async () => {
    const h = await harness({ messages: 10, limits: { maxMessages: 4, pageSize: 3 } });
    await h.feed.fetch();
    assert.deepEqual(texts(h.feed.messages), range(7, 10));
    assert.deepEqual(texts(h.batches[0]), range(7, 10), 'dropped messages are not posted');
    fake!.addMessage(h.session.session_id, 'message 11');
    await h.feed.fetch();
    assert.deepEqual(texts(h.feed.messages), range(8, 11));
    assert.deepEqual(texts(h.batches[1]), ['message 11']);
  });

  it('keeps at most maxChars of text, dropping the oldest, but always the newest message', async () => {
    const h = await harness({ texts: ['a'.repeat(40), 'b'.repeat(40), 'c'.repeat(40)], limits: { maxChars: 100 } });
    await h.feed.fetch();
    assert.deepEqual(texts(h.feed.messages), ['b'.repeat(40), 'c'.repeat(40)]);
    assert.equal(h.feed.chars, 80);
    fake!.addMessage(h.session.session_id, 'd'.repeat(20));
    await h.feed.fetch();
    assert.deepEqual(texts(h.feed.messages), ['b'.repeat(40), 'c'.repeat(40), 'd'.repeat(20)], 'exactly at the cap is allowed');
    assert.equal(h.feed.chars, 100);
    fake!.addMessage(h.session.session_id, 'e'.repeat(150));
    await h.feed.fetch();
    assert.deepEqual(texts(h.feed.messages), ['e'.repeat(150)], 'one message over the cap is still shown');
    assert.equal(h.feed.chars, 150);
  });

  it('the default caps hold: 5000 messages and 4,000,000 characters', () => {
    assert.equal(MAX_MESSAGES, 5000);
    assert.equal(MAX_FEED_CHARS, 4_000_000);
    assert.equal(MAX_MESSAGE_CHARS, 200_000);
    assert.equal(FEED_PAGE_SIZE, 200);
    assert.equal(MAX_PAGES_PER_FETCH, 50);
    assert.equal(MAX_SEEN_IDS, 50_000);
    assert.equal(SOON_MS, 250);
  });
});

describe('message feed: errors', () => {
  it('a failure keeps the messages it has, reports once per streak, and clears on success', async () => {
    const h = await harness({ messages: 3 });
    await h.feed.fetch();
    fake!.setFault({ status: 500, paths: '/messages' });
    await h.feed.fetch();
    await h.feed.fetch();
    await h.feed.fetch();
    assert.equal(h.errors.length, 1, 'one report for three failed polls');
    assert.equal((h.errors[0].error as { kind?: string }).kind, 'server');
    assert.ok(h.feed.error);
    assert.equal(h.feed.errorCount, 3);
    assert.deepEqual(texts(h.feed.messages), range(1, 3), 'kept');
    fake!.setFault(null);
    fake!.addMessage(h.session.session_id, 'message 4');
    await h.feed.fetch();
    assert.equal(h.feed.error, undefined);
    assert.equal(h.feed.errorCount, 0);
    assert.deepEqual(texts(h.batches.at(-1)!), ['message 4']);
    fake!.setFault({ status: 503, paths: '/messages' });
    await h.feed.fetch();
    assert.equal(h.errors.length, 2, 'a new streak is reported again');
  });

  it('a failure mid-walk keeps and reports the pages that arrived, and continues from there', async () => {
    const h = await harness({ messages: 450 });
    const client = clientFor(fake!);
    let pages = 0;
    const failing = {
      async *iterateMessages(id: string, params?: { first?: number; after?: string }, signal?: AbortSignal) {
        for await (const page of client.iterateMessages(id, params, signal)) {
          if (++pages === 2) throw new Error('connection reset');
          yield page;
        }
      },
    };
    h.feed.dispose();
    const batches: SessionMessage[][] = [];
    const errors: string[] = [];
    const feed = new MessageFeed({ client: () => failing, sessionId: () => h.session.session_id, session: () => h.state, onMessages: (m) => batches.push(m), onError: (m) => errors.push(m), timers: h.timers });
    await feed.fetch();
    assert.deepEqual(texts(feed.messages), range(1, 200));
    assert.deepEqual(errors, ['connection reset']);
    fake!.resetRequests();
    await feed.fetch();
    assert.deepEqual(texts(feed.messages), range(1, 450));
    assert.ok(fake!.requestsTo(h.messagesPath)[0].query.after, 'continued after the first page');
    assert.equal(batches.length, 2);
  });

  it('a client that cannot be made (signed out) is an error, not a crash', async () => {
    const h = await harness({
      client: () => {
        throw new Error('You are not signed in to Devin.');
      },
    });
    await h.feed.fetch();
    assert.equal(h.feed.error, 'You are not signed in to Devin.');
    assert.equal(h.errors.length, 1);
    assert.equal(h.gets(), 0);
  });

  it('long error texts are cut at 500 characters', async () => {
    const h = await harness({
      client: () => {
        throw new Error('e'.repeat(900));
      },
    });
    await h.feed.fetch();
    assert.equal(h.feed.error!.length, 500);
  });

  it('a disabled feed (session not found) requests nothing', async () => {
    fake = await createFakeDevin({ sessions: 0 });
    const client = clientFor(fake);
    const s = fake.addSession({ status: 'running' }, { messages: [{ source: 'devin', message: 'hi' }] });
    let enabled = false;
    const got: SessionMessage[][] = [];
    const feed = new MessageFeed({ client: () => client, sessionId: () => s.session_id, session: () => undefined, enabled: () => enabled, onMessages: (m) => got.push(m), timers: new FakeTimers() });
    fake.resetRequests();
    await feed.fetch();
    assert.equal(fake.requests.length, 0);
    enabled = true;
    await feed.fetch();
    assert.equal(got.length, 1);
  });
});

describe('message feed: cadence', () => {
  it('the delay follows the session: fast while it works, slower idle, slowest ended, none unknown', () => {
    const working = { status: 'running', status_detail: 'working', is_archived: false };
    assert.equal(feedPollDelay(working), WORKING_POLL_MS);
    for (const status of ['new', 'claimed', 'resuming']) assert.equal(feedPollDelay({ status, status_detail: null, is_archived: false }), WORKING_POLL_MS, status);
    assert.equal(feedPollDelay({ status: 'running', status_detail: 'waiting_for_user', is_archived: false }), IDLE_POLL_MS);
    assert.equal(feedPollDelay({ status: 'suspended', status_detail: 'inactivity', is_archived: false }), IDLE_POLL_MS);
    assert.equal(feedPollDelay({ status: 'something_new', status_detail: null, is_archived: false }), IDLE_POLL_MS);
    assert.equal(feedPollDelay({ status: 'running', status_detail: 'finished', is_archived: false }), ENDED_POLL_MS);
    assert.equal(feedPollDelay({ status: 'exit', status_detail: null, is_archived: false }), ENDED_POLL_MS);
    assert.equal(feedPollDelay({ status: 'error', status_detail: null, is_archived: false }), ENDED_POLL_MS);
    assert.equal(feedPollDelay({ ...working, is_archived: true }), ENDED_POLL_MS, 'archived counts as ended');
    assert.equal(feedPollDelay(undefined), undefined);
    assert.ok(WORKING_POLL_MS < IDLE_POLL_MS && IDLE_POLL_MS < ENDED_POLL_MS);
    assert.equal(WORKING_POLL_MS, 10_000);
  });

  it('backs off exponentially on failures, bounded, honouring Retry-After', () => {
    const w = { status: 'running', status_detail: 'working', is_archived: false };
    assert.equal(feedPollDelay(w, 0), WORKING_POLL_MS);
    assert.equal(feedPollDelay(w, 1), WORKING_POLL_MS * 2);
    assert.equal(feedPollDelay(w, 3), WORKING_POLL_MS * 8);
    assert.equal(feedPollDelay(w, 30), MAX_FEED_BACKOFF_MS);
    assert.equal(feedPollDelay(w, 1, 60_000), 60_000);
    assert.equal(feedPollDelay(w, 1, 5_000), WORKING_POLL_MS * 2);
    assert.equal(feedPollDelay(w, 0, 60_000), WORKING_POLL_MS, 'Retry-After only matters after a failure');
  });

  it('an active feed polls at the cadence of the session as it is now, one timer at a time', async () => {
    const h = await harness({ messages: 2 });
    assert.equal(h.timers.peek(), undefined, 'nothing armed before it is active');
    h.feed.setActive(true);
    assert.equal(h.timers.peek()?.ms, WORKING_POLL_MS);
    assert.equal(h.feed.polling, true);
    await h.feed.fetch();
    assert.equal(h.timers.pending.size, 1);
    fake!.addMessage(h.session.session_id, 'message 3');
    assert.equal(h.timers.fire(), WORKING_POLL_MS);
    await settle(h);
    assert.deepEqual(texts(h.batches.at(-1)!), ['message 3'], 'the poll fetched');
    assert.equal(h.timers.peek()?.ms, WORKING_POLL_MS, 're-armed after the poll');
    h.state.status_detail = 'waiting_for_user';
    h.feed.reschedule();
    assert.equal(h.timers.pending.size, 1);
    assert.equal(h.timers.peek()?.ms, IDLE_POLL_MS);
    h.state.status = 'exit';
    h.state.status_detail = null;
    h.feed.reschedule();
    assert.equal(h.timers.peek()?.ms, ENDED_POLL_MS);
  });

  it('after failures the poll waits longer, and the normal cadence returns after a success', async () => {
    const h = await harness({ messages: 1 });
    h.feed.setActive(true);
    fake!.setFault({ status: 500, paths: '/messages' });
    await h.feed.fetch();
    assert.equal(h.timers.peek()?.ms, WORKING_POLL_MS * 2);
    h.timers.fire();
    await settle(h);
    assert.equal(h.timers.peek()?.ms, WORKING_POLL_MS * 4);
    fake!.setFault(null);
    h.timers.fire();
    await settle(h);
    assert.equal(h.timers.peek()?.ms, WORKING_POLL_MS);
  });

  it('a 429 with a long Retry-After delays the next poll by at least that', async () => {
    const h = await harness({ messages: 1 });
    h.feed.setActive(true);
    fake!.setFault({ status: 429, retryAfter: 90, paths: '/messages' });
    await h.feed.fetch();
    assert.equal(h.timers.peek()?.ms, 90_000);
  });

  it('fetchSoon coalesces a burst into one fetch after SOON_MS, then polls at the cadence', async () => {
    const h = await harness({ messages: 1 });
    h.feed.fetchSoon();
    assert.equal(h.timers.peek(), undefined, 'an inactive (hidden) feed does not fetch soon');
    h.feed.setActive(true);
    h.feed.fetchSoon();
    h.feed.fetchSoon();
    h.feed.fetchSoon();
    assert.equal(h.timers.pending.size, 1);
    assert.equal(h.timers.fire(), SOON_MS);
    await settle(h);
    assert.equal(h.gets(), 1);
    assert.equal(h.timers.peek()?.ms, WORKING_POLL_MS);
  });

  it('a fetch asked for during a run queues exactly one more', async () => {
    const h = await harness({ messages: 1 });
    h.feed.setActive(true);
    const first = h.feed.fetch();
    const second = h.feed.fetch();
    const third = h.feed.fetch();
    assert.equal(second, first, 'callers during a run wait for that run');
    assert.equal(third, first);
    await first;
    await settle(h);
    assert.equal(h.gets(), 2, 'the run and one queued run');
    assert.equal(h.timers.pending.size, 1);
  });

  it('reschedule during a run arms nothing extra (the run arms when it ends)', async () => {
    const h = await harness({ messages: 1 });
    h.feed.setActive(true);
    const run = h.feed.fetch();
    assert.equal(h.timers.pending.size, 0, 'a fetch disarms the poll');
    h.feed.reschedule();
    assert.equal(h.timers.pending.size, 0);
    await run;
    assert.equal(h.timers.pending.size, 1);
  });

  it('no session known: no poll is armed', async () => {
    fake = await createFakeDevin({ sessions: 0 });
    const timers = new FakeTimers();
    const feed = new MessageFeed({ client: () => clientFor(fake!), sessionId: () => 'devin-x', session: () => undefined, onMessages: () => undefined, timers });
    feed.setActive(true);
    assert.equal(timers.peek(), undefined);
    assert.equal(feed.polling, false);
  });
});

describe('message feed: hidden and disposed', () => {
  it('hiding stops the poll, and a fetch that ends while hidden arms nothing', async () => {
    const h = await harness({ messages: 2 });
    h.feed.setActive(true);
    assert.equal(h.timers.pending.size, 1);
    h.feed.setActive(false);
    assert.equal(h.timers.pending.size, 0);
    assert.equal(h.feed.polling, false);
    await h.feed.fetch();
    assert.equal(h.timers.pending.size, 0);
    assert.equal(h.feed.messages.length, 2, 'a fetch asked for while hidden still reads');
    h.feed.setActive(true);
    assert.equal(h.timers.pending.size, 1, 'shown again: polls again');
  });

  it('a queued fetch is dropped when the feed is hidden before the run ends', async () => {
    const h = await harness({ messages: 1 });
    h.feed.setActive(true);
    const run = h.feed.fetch();
    void h.feed.fetch();
    h.feed.setActive(false);
    await run;
    await settle(h);
    assert.equal(h.gets(), 1);
    // The dropped request does not linger: shown again, one fetch is one request.
    h.feed.setActive(true);
    await h.feed.fetch();
    await settle(h);
    assert.equal(h.gets(), 2);
  });

  it('a poll timer firing while hidden fetches nothing', async () => {
    const h = await harness({ messages: 1 });
    h.feed.setActive(true);
    const t = h.timers.take()!;
    h.feed.setActive(false);
    t.fn();
    await settle(h);
    assert.equal(h.gets(), 0);
  });

  it('dispose stops polling, aborts the request in flight and reports nothing after', async () => {
    fake = await createFakeDevin({ sessions: 0 });
    const real = clientFor(fake);
    const signals: (AbortSignal | undefined)[] = [];
    const spy = {
      iterateMessages(id: string, params?: { first?: number; after?: string }, signal?: AbortSignal) {
        signals.push(signal);
        return real.iterateMessages(id, params, signal);
      },
    };
    const h = await harness({ messages: 2, client: () => spy });
    h.feed.setActive(true);
    fake.setFault({ delayMs: 2_000, paths: '/messages' });
    const run = h.feed.fetch();
    await waitUntil(() => h.gets() === 1);
    assert.equal(signals[0]?.aborted, false);
    h.feed.dispose();
    assert.equal(signals[0]?.aborted, true, 'the request in flight is aborted');
    await run;
    assert.equal(h.batches.length, 0, 'no messages after dispose');
    assert.equal(h.errors.length, 0, 'the abort is not reported as an error');
    assert.equal(h.timers.pending.size, 0);
    assert.equal(h.feed.polling, false);
    // Nothing works after dispose.
    h.feed.setActive(true);
    h.feed.fetchSoon();
    h.feed.reschedule();
    assert.equal(h.timers.pending.size, 0);
    fake!.setFault(null);
    await h.feed.fetch();
    assert.equal(h.gets(), 1);
    h.feed.dispose(); // twice is fine
  });

  it('dispose with a poll armed clears it', async () => {
    const h = await harness({ messages: 1 });
    h.feed.setActive(true);
    assert.equal(h.timers.pending.size, 1);
    h.feed.dispose();
    assert.equal(h.timers.pending.size, 0);
  });
});

/** Lets a fetch started by a timer (and one it queued) run to its end. */
async function settle(h: Harness): Promise<void> {
  await h.feed.whenIdle();
}

/** Waits (bounded) until the fake has seen a request; no timing is asserted. */
async function waitUntil(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(cond(), 'condition not reached');
}
