// An archived session is put away: whatever happens to it (it finishes, fails, asks for input,
// opens a PR) is not announced. The same changes on a session that is not archived are.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeSession } from '../../src/api/normalize';
import type { Session } from '../../src/api/types';
import { computeTransitions } from '../../src/sessions/model';

let n = 0;
function s(fields: Partial<Session> = {}): Session {
  n++;
  return normalizeSession({
    session_id: `devin-${String(n).padStart(32, 'a')}`,
    url: `https://app.devin.ai/sessions/${n}`,
    status: 'running',
    status_detail: 'working',
    title: `Archived test ${n}`,
    tags: [],
    org_id: 'org-1',
    created_at: 1000,
    updated_at: 1000 + n,
    acus_consumed: 1,
    pull_requests: [],
    ...fields,
  })!;
}

const PR = [{ pr_url: 'https://github.com/a/b/pull/9', pr_state: 'open' }];
const CHANGES: [string, Partial<Session>, string[]][] = [
  ['finishes', { status: 'exit' }, ['finished']],
  ['fails', { status: 'error' }, ['failed']],
  ['asks for input', { status_detail: 'waiting_for_user' }, ['needsInput']],
  ['opens a PR', { pull_requests: PR }, ['prOpened']],
];

describe('transitions of archived sessions', () => {
  for (const [what, change, kinds] of CHANGES) {
    it(`a session archived in the same update that ${what} gives none; not archived, it gives ${kinds.join(', ')}`, () => {
      const before = s();
      const prev = new Map([[before.session_id, before]]);
      const archived = { ...before, ...change, is_archived: true, updated_at: before.updated_at + 1 };
      assert.deepEqual(computeTransitions(prev, [archived]), []);
      const live = { ...before, ...change, updated_at: before.updated_at + 1 };
      assert.deepEqual(computeTransitions(prev, [live]).map((t) => t.kind), kinds);
    });
  }
});
