// What a user reads and may do for each state (src/sessions/model.ts): every suspend reason and
// start state in words, the "running + finished is done" rule for Terminate and for the menus'
// context value, and a PR's state with GitHub's details. Mutation testing showed these untested in
// the sessions-model group.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';

const require = createRequire(__filename);
require('../support/vscode-stub.cjs');
const model = require('../../src/sessions/model') as typeof import('../../src/sessions/model');
type Session = import('../../src/api/types').Session;

function session(over: Partial<Session>): Session {
  return {
    session_id: 'devin-abc', url: 'https://app.devin.ai/sessions/abc', status: 'running', status_detail: null, title: 't',
    tags: [], org_id: 'org-1', created_at: 1, updated_at: 2, acus_consumed: 0, pull_requests: [], ...over,
  } as Session;
}

describe('session states in words and actions', () => {
  it('every suspend reason, and new/claimed, has its own words', () => {
    const cases: Array<[string, string | null, string]> = [
      ['suspended', 'user_request', 'Suspended on request'],
      ['suspended', 'usage_limit_exceeded', 'Suspended: usage limit reached'],
      ['suspended', 'out_of_quota', 'Suspended: out of quota'],
      ['suspended', 'no_quota_allocation', 'Suspended: no quota allocated'],
      ['suspended', 'payment_declined', 'Suspended: payment declined'],
      ['suspended', 'org_usage_limit_exceeded', 'Suspended: organization usage limit reached'],
      ['suspended', 'user_usage_limit_exceeded', 'Suspended: your usage limit reached'],
      ['suspended', 'total_session_limit_exceeded', 'Suspended: session limit reached'],
      ['suspended', 'error', 'Suspended after an error'],
      ['new', null, 'Starting'],
      ['claimed', null, 'Starting'],
    ];
    for (const [status, detail, words] of cases) assert.equal(model.describeStatus({ status, status_detail: detail } as Session), words, `${status}/${detail}`);
  });

  it('running + finished is done: no Terminate, and the context value says :finished; running otherwise can be terminated', () => {
    assert.equal(model.canTerminate({ status: 'running', status_detail: 'finished' } as Session), false);
    assert.equal(model.canTerminate({ status: 'running', status_detail: 'working' } as Session), true);
    assert.equal(model.canTerminate({ status: 'running', status_detail: null } as Session), true);
    assert.equal(model.canTerminate({ status: 'exit', status_detail: null } as Session), false);
    assert.equal(model.canTerminate({ status: 'error', status_detail: null } as Session), false);
    assert.equal(model.canTerminate({ status: 'suspended', status_detail: 'inactivity' } as Session), true);
    assert.equal(model.contextValue(session({ status: 'running', status_detail: 'finished' })), 'session:running:finished');
    assert.equal(model.contextValue(session({ status: 'running', status_detail: 'working' })), 'session:running');
    assert.equal(model.contextValue(session({ status: 'exit', status_detail: 'finished' })), 'session:exit');
  });

  it("a PR's state with GitHub's details: the four known words, anything else unknown", () => {
    const pr = { pr_url: 'https://github.com/acme/web/pull/7', pr_state: 'open' };
    for (const st of ['open', 'draft', 'merged', 'closed'] as const) assert.equal(model.prDisplayState(pr as never, { state: st }), st);
    assert.equal(model.prDisplayState(pr as never, { state: 'OPEN' }), 'unknown');
    assert.equal(model.prDisplayState(pr as never, { state: '' }), 'unknown');
    // Without details: the API's state; "draft" only when the API's word is draft.
    assert.equal(model.prDisplayState({ pr_url: pr.pr_url, pr_state: 'Draft' } as never), 'draft');
    assert.equal(model.prDisplayState({ pr_url: pr.pr_url, pr_state: 'merged' } as never), 'merged');
    assert.equal(model.prDisplayState({ pr_url: pr.pr_url, pr_state: 'weird' } as never), 'unknown');
  });
});
