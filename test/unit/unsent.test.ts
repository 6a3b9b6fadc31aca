// The store of unsent text (src/sessions/unsent.ts) loses nothing and keeps nothing it should not
// (issue 13, Trust: no user work may be lost). Written for the mutants that survived
// panelDraft.test.ts and trust.test.ts: damaged global state, entries under the other form of a
// session id, the reply box's real timers, and a send or a failure that races the user's typing.
// The timers are node:test's mock timers: nothing waits.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DRAFT_SAVE_DELAY_MS, DraftKeeper, UNSENT_KEY, unsentMessages, type DraftTimers } from '../../src/sessions/unsent';

const ID = 'devin-0123456789abcdef0123456789abcdef';
const BARE = '0123456789abcdef0123456789abcdef';
const OTHER = 'devin-fedcba9876543210fedcba9876543210';

/** A Memento that records every write. */
function memento(initial?: unknown) {
  const map = new Map<string, unknown>();
  if (initial !== undefined) map.set(UNSENT_KEY, initial);
  const writes: unknown[] = [];
  return {
    map,
    writes,
    get: <T>(k: string) => map.get(k) as T | undefined,
    update: async (k: string, v: unknown) => {
      writes.push(v);
      if (v === undefined) map.delete(k);
      else map.set(k, v);
    },
  };
}

/** Timers the test fires by hand; `waiting` is what is still armed. */
function manualTimers() {
  const waiting = new Map<number, () => void>();
  let n = 0;
  const t: DraftTimers = {
    set: (fn) => (waiting.set(++n, fn), n),
    clear: (h) => void waiting.delete(h as number),
  };
  return { t, waiting, fire: () => [...waiting.entries()].forEach(([h, fn]) => (waiting.delete(h), fn())) };
}

const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the store of unsent text: damaged global state', () => {
  for (const [what, saved] of [
    ['null', null],
    ['a string', 'my reply'],
    ['an array', ['my reply']],
    ['a number', 7],
  ] as const) {
    it(`reads ${what} as nothing kept, and a new text is still kept (alone)`, async () => {
      const m = memento(saved);
      const store = unsentMessages(m);
      assert.equal(store.get(ID), undefined);
      assert.equal(store.get('0'), undefined, 'no entry made of the pieces of a string or an array');
      await store.set(ID, 'the reply');
      assert.deepEqual(m.map.get(UNSENT_KEY), { [ID]: 'the reply' });
    });
  }

  it('drops entries that are not text and keeps the other sessions\' text', async () => {
    const m = memento({ [ID]: { text: 'x' }, [OTHER]: 'keep me', x: 42 });
    const store = unsentMessages(m);
    assert.equal(store.get(ID), undefined);
    assert.equal(store.get('x'), undefined);
    assert.equal(store.get(OTHER), 'keep me');
    await store.set(ID, 'the reply');
    assert.deepEqual(m.map.get(UNSENT_KEY), { [ID]: 'the reply', [OTHER]: 'keep me' });
  });
});

describe('the store of unsent text: delete', () => {
  it('removes an entry kept under the id as it was given (not the canonical form)', async () => {
    const m = memento({ [BARE]: 'older text', [OTHER]: 'keep me' });
    const store = unsentMessages(m);
    assert.equal(store.get(BARE), 'older text');
    await store.delete(BARE);
    assert.equal(store.get(BARE), undefined);
    assert.deepEqual(m.map.get(UNSENT_KEY), { [OTHER]: 'keep me' });
  });

  it('writes nothing when the session has no entry', async () => {
    const m = memento({ [OTHER]: 'keep me' });
    await unsentMessages(m).delete(ID);
    assert.deepEqual(m.writes, []);
    assert.deepEqual(m.map.get(UNSENT_KEY), { [OTHER]: 'keep me' });
  });
});

describe('DraftKeeper: the reply box', () => {
  it('on the real timers: writes the last text DRAFT_SAVE_DELAY_MS after the last keystroke', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const m = memento();
    const keeper = new DraftKeeper(unsentMessages(m), ID);
    keeper.typed('a');
    t.mock.timers.tick(DRAFT_SAVE_DELAY_MS - 1);
    keeper.typed('ab');
    t.mock.timers.tick(DRAFT_SAVE_DELAY_MS - 1);
    await settled();
    assert.deepEqual(m.writes, [], 'each keystroke restarts the wait');
    t.mock.timers.tick(1);
    await settled();
    assert.deepEqual(m.writes, [{ [ID]: 'ab' }]);
    t.mock.timers.tick(10 * DRAFT_SAVE_DELAY_MS);
    await settled();
    assert.equal(m.writes.length, 1, 'written once');
  });

  it('a send of exactly the text still waiting to be written keeps nothing, and leaves no timer armed', async () => {
    const m = memento();
    const store = unsentMessages(m);
    const { t, waiting, fire } = manualTimers();
    const keeper = new DraftKeeper(store, ID, undefined, t);
    keeper.typed('send this');
    await keeper.sent('send this');
    assert.equal(waiting.size, 0, 'the pending write is cancelled');
    fire();
    await settled();
    assert.equal(store.get(ID), undefined, 'the sent text does not come back in the box');
    assert.equal(keeper.current(), undefined);
    assert.deepEqual(m.writes, []);
  });

  it('a failed send does not replace what the user typed since', async () => {
    const store = unsentMessages(memento());
    const { t } = manualTimers();
    const keeper = new DraftKeeper(store, ID, undefined, t);
    keeper.typed('a new reply, typed while the first one was being sent');
    await keeper.failed('the first reply');
    assert.equal(store.get(ID), 'a new reply, typed while the first one was being sent');
    assert.equal(keeper.current(), 'a new reply, typed while the first one was being sent');
  });

  it('a failed send\'s text replaces a kept text that is only blanks', async () => {
    const store = unsentMessages(memento());
    await store.set(ID, ' \n ');
    const keeper = new DraftKeeper(store, ID, undefined, manualTimers().t);
    await keeper.failed('the reply');
    assert.equal(store.get(ID), 'the reply');
  });
});
