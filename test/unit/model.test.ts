import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeSession } from '../../src/api/normalize';
import type { Session } from '../../src/api/types';
import {
  buildGroups,
  canReceiveMessage,
  canTerminate,
  cleanText,
  computeTransitions,
  contextValue,
  describeStatus,
  formatAcus,
  groupOf,
  isSafeHttpUrl,
  matchesFilter,
  prInfo,
  prLabel,
  relativeTime,
  sessionTitle,
  summarize,
} from '../../src/sessions/model';

let n = 0;
function s(fields: Partial<Session> = {}): Session {
  n++;
  return normalizeSession({
    session_id: `devin-${String(n).padStart(32, '0')}`,
    url: `https://app.devin.ai/sessions/${n}`,
    status: 'running',
    status_detail: 'working',
    title: `Session ${n}`,
    tags: [],
    org_id: 'org-1',
    created_at: 1000,
    updated_at: 1000 + n,
    acus_consumed: 1,
    pull_requests: [],
    ...fields,
  })!;
}

describe('grouping', () => {
  it('maps every status and detail to its group', () => {
    assert.equal(groupOf(s({ status: 'running', status_detail: 'waiting_for_user' })), 'needsInput');
    assert.equal(groupOf(s({ status: 'running', status_detail: 'waiting_for_approval' })), 'needsInput');
    assert.equal(groupOf(s({ status: 'running', status_detail: 'working' })), 'working');
    assert.equal(groupOf(s({ status: 'running', status_detail: null })), 'working');
    assert.equal(groupOf(s({ status: 'running', status_detail: 'brand_new_detail' })), 'working');
    assert.equal(groupOf(s({ status: 'new', status_detail: null })), 'working');
    assert.equal(groupOf(s({ status: 'claimed' })), 'working');
    assert.equal(groupOf(s({ status: 'resuming' })), 'working');
    assert.equal(groupOf(s({ status: 'suspended', status_detail: 'inactivity' })), 'suspended');
    assert.equal(groupOf(s({ status: 'exit' })), 'finished');
    assert.equal(groupOf(s({ status: 'running', status_detail: 'finished' })), 'finished');
    assert.equal(groupOf(s({ status: 'error' })), 'failed');
    assert.equal(groupOf(s({ status: 'hibernating' })), 'other');
  });

  it('orders groups, hides empty ones, sorts newest first and keeps unknown statuses', () => {
    const a = s({ status: 'exit', updated_at: 10 });
    const b = s({ status: 'exit', updated_at: 30 });
    const c = s({ status: 'running', status_detail: 'waiting_for_user', updated_at: 5 });
    const d = s({ status: 'mystery', updated_at: 7 });
    const groups = buildGroups([a, b, c, d]);
    assert.deepEqual(groups.map((g) => g.id), ['needsInput', 'finished', 'other']);
    assert.deepEqual(groups[1].sessions.map((x) => x.session_id), [b.session_id, a.session_id]);
    assert.equal(groups[2].sessions[0].status, 'mystery');
  });

  it('filters archived, text, tags and mine', () => {
    const arch = s({ is_archived: true, title: 'old work' });
    const tagged = s({ tags: ['frontend', 'urgent'], title: 'Fix button', user_id: 'u1' });
    const repo = s({ title: 'x', pull_requests: [{ pr_url: 'https://github.com/acme/api/pull/3', pr_state: 'open' }], service_user_id: 'su1' });
    assert.equal(matchesFilter(arch, {}), false);
    assert.equal(matchesFilter(arch, { showArchived: true }), true);
    assert.equal(matchesFilter(tagged, { text: 'BUTTON' }), true);
    assert.equal(matchesFilter(tagged, { text: 'urgent' }), true);
    assert.equal(matchesFilter(repo, { text: 'acme/api' }), true);
    assert.equal(matchesFilter(repo, { text: 'nope' }), false);
    assert.equal(matchesFilter(tagged, { tags: ['frontend'] }), true);
    assert.equal(matchesFilter(tagged, { tags: ['backend'] }), false);
    assert.equal(matchesFilter(tagged, { mine: { userId: 'u1' } }), true);
    assert.equal(matchesFilter(repo, { mine: { userId: 'u1' } }), false);
    assert.equal(matchesFilter(repo, { mine: { serviceUserId: 'su1' } }), true);
  });

  it('summarizes needs-input and working counts, ignoring archived', () => {
    const sum = summarize([
      s({ status_detail: 'waiting_for_user' }),
      s({ status_detail: 'waiting_for_user', is_archived: true }),
      s({ status: 'new' }),
      s({ status: 'exit' }),
    ]);
    assert.deepEqual(sum, { needsInput: 1, working: 1, total: 3 });
  });
});

describe('labels', () => {
  it('falls back to a short id when the title is missing or blank', () => {
    assert.equal(sessionTitle({ title: null, session_id: 'devin-abcdef0123456789' }), 'Session abcdef01');
    assert.equal(sessionTitle({ title: '  \u200b ', session_id: 'ffff0000aaaa' }), 'Session ffff0000');
  });

  it('removes bidi and zero-width characters and collapses whitespace', () => {
    assert.equal(cleanText('safe\u202Etxt.exe\u200b  \n done'), 'safetxt.exe done');
    assert.equal(cleanText('x'.repeat(300), 10), `${'x'.repeat(9)}…`);
  });

  it('describes statuses in words and shows unknown values as they came', () => {
    assert.equal(describeStatus({ status: 'suspended', status_detail: 'out_of_credits' }), 'Suspended: out of credits');
    assert.equal(describeStatus({ status: 'suspended', status_detail: 'inactivity' }), 'Suspended after inactivity');
    assert.equal(describeStatus({ status: 'running', status_detail: 'waiting_for_user' }), 'Waiting for your reply');
    assert.equal(describeStatus({ status: 'running', status_detail: 'thinking_hard' }), 'Running (thinking_hard)');
    assert.equal(describeStatus({ status: 'warp_speed', status_detail: null }), 'warp_speed');
  });

  it('formats ACUs and relative times', () => {
    assert.equal(formatAcus(1), '1 ACU');
    assert.equal(formatAcus(2.345), '2.3 ACUs');
    assert.equal(formatAcus(150.6), '151 ACUs');
    const now = 1_700_000_000_000;
    assert.equal(relativeTime(now / 1000 - 10, now), 'now');
    assert.equal(relativeTime(now / 1000 - 300, now), '5 minutes ago');
    assert.equal(relativeTime(now / 1000 - 7200, now), '2 hours ago');
    assert.equal(relativeTime(now / 1000 - 86400 * 3, now), '3 days ago');
    assert.equal(relativeTime(0, now), 'unknown time');
  });

  it('encodes state and archived flag in contextValue, and never injects odd statuses', () => {
    assert.equal(contextValue(s({ status: 'running' })), 'session:running');
    assert.equal(contextValue(s({ status: 'exit', is_archived: true })), 'session:exit:archived');
    assert.equal(contextValue(s({ status: 'Evil/../x' })), 'session:unknown');
  });

  it('allows actions only where the state does', () => {
    assert.equal(canReceiveMessage(s({ status: 'suspended' })), true);
    assert.equal(canReceiveMessage(s({ status: 'exit' })), false);
    assert.equal(canReceiveMessage(s({ status: 'running', is_archived: true })), false);
    assert.equal(canTerminate(s({ status: 'error' })), false);
    assert.equal(canTerminate(s({ status: 'running' })), true);
    assert.equal(canTerminate(s({ status: 'running', is_archived: true })), true, 'archiving does not stop a session');
    assert.equal(canTerminate(s({ status: 'exit', is_archived: true })), false);
  });
});

describe('pull requests', () => {
  it('parses GitHub and GitLab links and rejects non-http(s) urls', () => {
    const gh = prInfo({ pr_url: 'https://github.com/acme/web/pull/412', pr_state: 'merged' });
    assert.deepEqual([gh.repo, gh.number, gh.state, gh.safeUrl], ['acme/web', 412, 'merged', true]);
    const gl = prInfo({ pr_url: 'https://gitlab.example.com/group/sub/proj/-/merge_requests/9', pr_state: 'weird' });
    assert.deepEqual([gl.repo, gl.number, gl.state, gl.rawState], ['group/sub/proj', 9, 'unknown', 'weird']);
    for (const bad of ['javascript:alert(1)', 'data:text/html,<b>x', 'command:workbench.action.quit', 'vscode://x', 'https://user:pw@github.com/a/b/pull/1']) {
      assert.equal(isSafeHttpUrl(bad), false, bad);
      assert.equal(prInfo({ pr_url: bad, pr_state: 'open' }).safeUrl, false);
    }
    assert.equal(prLabel({ pr_url: 'https://github.com/a/b/pull/7', pr_state: null }), 'a/b#7');
  });
});

describe('transitions', () => {
  it('an archived session gives none: archived now, or archived before and changed since', () => {
    const a = s({ status_detail: 'working' });
    const b = s({ status_detail: 'working', is_archived: true });
    const prev = new Map([a, b].map((x) => [x.session_id, x]));
    const pr = [{ pr_url: 'https://github.com/a/b/pull/2', pr_state: 'open' }];
    const next = [
      { ...a, status: 'exit', is_archived: true, pull_requests: pr, updated_at: a.updated_at + 1 },
      { ...b, status_detail: 'waiting_for_user', is_archived: false, pull_requests: pr, updated_at: b.updated_at + 1 },
    ];
    assert.deepEqual(computeTransitions(prev, next), []);
  });

  it('reports needs-input, finished, failed and new PRs, but not first sightings', () => {
    const a = s({ status_detail: 'working' });
    const b = s({ status_detail: 'working' });
    const c = s({ status: 'new' });
    const d = s({ status_detail: 'working' });
    const prev = new Map([a, b, c, d].map((x) => [x.session_id, x]));
    const next = [
      { ...a, status_detail: 'waiting_for_user', updated_at: a.updated_at + 1 },
      { ...b, status: 'exit', updated_at: b.updated_at + 1 },
      { ...c, status: 'error', updated_at: c.updated_at + 1 },
      { ...d, pull_requests: [{ pr_url: 'https://github.com/a/b/pull/1', pr_state: 'open' }] },
      s({ status_detail: 'waiting_for_user' }),
    ];
    const t = computeTransitions(prev, next);
    assert.deepEqual(t.map((x) => x.kind).sort(), ['failed', 'finished', 'needsInput', 'prOpened']);
  });

  it('does not repeat a transition when nothing changed', () => {
    const a = s({ status_detail: 'waiting_for_user' });
    assert.deepEqual(computeTransitions(new Map([[a.session_id, a]]), [a]), []);
  });
});
