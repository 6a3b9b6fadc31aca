import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_BACKOFF_MS, nextPollDelay } from '../../src/sessions/polling';

const base = { intervalSec: 30, focused: true, viewVisible: true, anyWorking: false, errorCount: 0 };

describe('polling policy', () => {
  it('pauses when the window is unfocused and nothing Devin is visible', () => {
    assert.equal(nextPollDelay({ ...base, focused: false, viewVisible: false }), undefined);
    assert.equal(nextPollDelay({ ...base, focused: false, viewVisible: false, anyWorking: true }), undefined);
  });
  it('polls at most once per interval when nothing is active, faster while a session works', () => {
    const idle = nextPollDelay(base)!;
    const busy = nextPollDelay({ ...base, anyWorking: true })!;
    assert.ok(idle >= 30_000);
    assert.ok(busy < idle);
    assert.equal(busy, 30_000, 'the interval itself while a session works: 3600 / interval polls in a focused hour');
    assert.ok(busy >= 5_000);
  });
  it('no poll while the window is unfocused, whatever is visible (the rule of docs/performance.md)', () => {
    assert.equal(nextPollDelay({ ...base, focused: false, viewVisible: false, panelVisible: true }), undefined);
    assert.equal(nextPollDelay({ ...base, focused: false, viewVisible: true, anyWorking: true }), undefined);
  });
  it('background: focused with nothing Devin visible, polls at the relaxed interval (2 × interval) even while a session works; off, none', () => {
    const hidden = { ...base, viewVisible: false };
    assert.equal(nextPollDelay(hidden), 60_000);
    assert.equal(nextPollDelay({ ...hidden, anyWorking: true }), 60_000, 'relaxed: status bar and notifications only');
    assert.equal(nextPollDelay({ ...hidden, background: true, anyWorking: true }), 60_000);
    assert.equal(nextPollDelay({ ...hidden, background: false }), undefined, 'devin.backgroundRefresh off');
    assert.equal(nextPollDelay({ ...base, background: false, anyWorking: true }), 30_000, 'off, but the view shows: as before');
    assert.equal(nextPollDelay({ ...hidden, background: false, panelVisible: true }), 60_000);
  });
  it('backs off exponentially on errors, bounded, and honours Retry-After', () => {
    const d1 = nextPollDelay({ ...base, errorCount: 1 })!;
    const d3 = nextPollDelay({ ...base, errorCount: 3 })!;
    const d20 = nextPollDelay({ ...base, errorCount: 20 })!;
    assert.ok(d3 > d1);
    assert.equal(d20, MAX_BACKOFF_MS);
    assert.equal(nextPollDelay({ ...base, errorCount: 1, retryAfterMs: 900_000 }), 900_000);
  });
  it('checks rarely after a fatal error (bad key, wrong org) instead of storming', () => {
    assert.equal(nextPollDelay({ ...base, errorCount: 1, fatal: true }), MAX_BACKOFF_MS);
  });
  it('the exact cadence: twice the interval when idle, the interval while a session works, focused or not', () => {
    assert.equal(nextPollDelay(base), 60_000);
    assert.equal(nextPollDelay({ ...base, anyWorking: true }), 30_000);
    assert.equal(nextPollDelay({ ...base, anyWorking: true, focused: false }), undefined, 'working, unfocused, view visible: no request');
    assert.equal(nextPollDelay({ ...base, intervalSec: 2, anyWorking: true }), 5_000, '2 s is below the 5 s floor');
    assert.equal(nextPollDelay({ ...base, errorCount: 1 }), 60_000, 'one error: max(idle, 2 x interval)');
    assert.equal(nextPollDelay({ ...base, errorCount: 2 }), 120_000);
    assert.equal(nextPollDelay({ ...base, errorCount: 1, retryAfterMs: 90_000 }), 90_000);
  });
  it('never polls faster than 5 s whatever the setting', () => {
    assert.ok(nextPollDelay({ ...base, intervalSec: 0.1, anyWorking: true })! >= 5_000);
  });
});
