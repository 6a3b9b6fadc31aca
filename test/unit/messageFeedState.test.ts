// The feed's `polling` flag and a fetch after dispose, with a scripted client and manual timers
// (three mutants of src/sessions/messageFeed.ts survived the other feed tests).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page, PageParams, SessionMessage } from '../../src/api/types';
import { MessageFeed, type FeedClient } from '../../src/sessions/messageFeed';
import { FakeTimers } from '../support/fakeTimers';

class CountingClient implements FeedClient {
  calls: (PageParams | undefined)[] = [];
  async *iterateMessages(_id: string, params?: PageParams): AsyncIterable<Page<SessionMessage>> {
    this.calls.push(params);
    yield { items: [{ event_id: 'a', source: 'devin', message: 'hi', created_at: 1 }], end_cursor: null, has_next_page: false };
  }
}

function make() {
  const client = new CountingClient();
  const timers = new FakeTimers();
  const batches: SessionMessage[][] = [];
  const feed = new MessageFeed({
    client: () => client,
    sessionId: () => 'devin-x',
    session: () => ({ status: 'running', status_detail: 'working', is_archived: false }),
    onMessages: (m) => batches.push(m),
    timers,
  });
  return { feed, client, timers, batches };
}

describe('message feed: polling flag and dispose', () => {
  it('a new feed is not polling until it is made active', () => {
    const { feed } = make();
    assert.equal(feed.polling, false);
    feed.setActive(true);
    assert.equal(feed.polling, true);
  });

  it('a poll timer that fires while hidden leaves the feed not polling', () => {
    const { feed, timers, client } = make();
    feed.setActive(true);
    const t = timers.take()!;
    feed.setActive(false);
    t.fn();
    assert.equal(feed.polling, false);
    assert.equal(client.calls.length, 0);
  });

  it('a fetch after dispose asks the client nothing and reports nothing', async () => {
    const { feed, client, batches } = make();
    feed.dispose();
    await feed.fetch();
    assert.equal(client.calls.length, 0);
    assert.deepEqual(batches, []);
  });
});
