// isHostMessage: the webview's check of what the host posts. Every kind is accepted in its valid
// shape and refused when any one required field has the wrong type.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHostMessage } from '../../src/webview/protocol';

const VALID: Record<string, Record<string, unknown>> = {
  init: { type: 'init', sessionId: 'devin-1', strings: {}, messages: [], checkoutable: [], session: null, isMac: false, now: 1 },
  session: { type: 'session', session: { session_id: 'devin-1' }, checkoutable: [], now: 1 },
  messages: { type: 'messages', items: [] },
  sendResult: { type: 'sendResult', ok: true },
  status: { type: 'status', busy: false },
};

/** For each kind, each required field replaced by a value of the wrong type. */
const BROKEN: [string, string, unknown][] = [
  ['init', 'sessionId', 1],
  ['init', 'strings', []],
  ['init', 'strings', null],
  ['init', 'messages', {}],
  ['init', 'checkoutable', 'x'],
  ['init', 'draft', 42],
  ['init', 'draft', null],
  ['session', 'session', null],
  ['session', 'session', []],
  ['session', 'checkoutable', undefined],
  ['messages', 'items', 'x'],
  ['sendResult', 'ok', 'true'],
  ['status', 'busy', 0],
];

describe('isHostMessage', () => {
  for (const [kind, msg] of Object.entries(VALID)) {
    it(`accepts a valid ${kind} message`, () => assert.equal(isHostMessage(msg), true));
  }
  for (const [kind, field, value] of BROKEN) {
    it(`refuses ${kind} with ${field} = ${JSON.stringify(value)}`, () => {
      assert.equal(isHostMessage({ ...VALID[kind], [field]: value }), false);
    });
  }
  it('accepts an init message with the reply box\'s kept text, the empty one included', () => {
    assert.equal(isHostMessage({ ...VALID.init, draft: 'my unsent reply' }), true);
    assert.equal(isHostMessage({ ...VALID.init, draft: '' }), true);
  });
  it('refuses unknown types, non-objects and objects that are not plain', () => {
    for (const x of [null, undefined, 'init', 1, [], [VALID.status], { type: 'navigate', url: 'https://x' }, { type: 5 }, {}, new (class { type = 'status'; busy = true })()]) {
      assert.equal(isHostMessage(x), false, String(x));
    }
  });
});
