// The edges of src/sessions/model.ts that model.test.ts does not pin: every boundary of the
// relative times and ACUs, each field of the "did it change" check, each pull request URL form,
// and the transitions that must stay silent. Pure functions, no server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Session } from '../../src/api/types';
import {
  GROUP_ORDER,
  buildGroups,
  canArchive,
  canReceiveMessage,
  canTerminate,
  cleanText,
  compareSessions,
  computeTransitions,
  contextValue,
  describeStatus,
  formatAcus,
  groupOf,
  isActive,
  matchesFilter,
  needsInput,
  prInfo,
  prLabel,
  relativeTime,
  repoNames,
  sameSession,
  sessionTitle,
  summarize,
} from '../../src/sessions/model';

let n = 0;
function s(fields: Partial<Session> & Record<string, unknown> = {}): Session {
  n++;
  return {
    session_id: `devin-${String(n).padStart(8, '0')}`,
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
    is_archived: false,
    ...fields,
  } as Session;
}

describe('model: states and what they allow', () => {
  it('needsInput and isActive are false for archived sessions', () => {
    assert.equal(needsInput(s({ status_detail: 'waiting_for_user' })), true);
    assert.equal(needsInput(s({ status_detail: 'waiting_for_user', is_archived: true })), false);
    assert.equal(needsInput(s({ status_detail: 'working' })), false);
    assert.equal(isActive(s({ status: 'new', status_detail: null })), true);
    assert.equal(isActive(s({ status: 'claimed', is_archived: true })), false);
    assert.equal(isActive(s({ status_detail: 'waiting_for_user' })), false);
  });

  it('a status_detail only groups a running session', () => {
    assert.equal(groupOf({ status: 'suspended', status_detail: 'waiting_for_user' }), 'suspended');
    assert.equal(groupOf({ status: 'exit', status_detail: 'working' }), 'finished');
    assert.equal(groupOf({ status: 'running', status_detail: undefined }), 'working');
  });

  it('messages: every working state and suspended; not finished, failed or unknown ones', () => {
    for (const status of ['new', 'claimed', 'resuming', 'running', 'suspended']) {
      assert.equal(canReceiveMessage(s({ status })), true, status);
      assert.equal(canTerminate(s({ status })), true, status);
    }
    for (const status of ['exit', 'error', 'mystery']) {
      assert.equal(canReceiveMessage(s({ status })), false, status);
      assert.equal(canTerminate(s({ status })), false, status);
    }
    assert.equal(canReceiveMessage(s({ status: 'suspended', is_archived: true })), false);
  });

  it('archive only what is not archived', () => {
    assert.equal(canArchive(s()), true);
    assert.equal(canArchive(s({ is_archived: true })), false);
  });

  it('contextValue keeps known-shaped statuses and only lower-case letters and _', () => {
    assert.equal(contextValue(s({ status: 'new_state' })), 'session:new_state');
    assert.equal(contextValue(s({ status: 'Running' })), 'session:unknown');
    assert.equal(contextValue(s({ status: 'running:archived' })), 'session:unknown');
    assert.equal(contextValue(s({ status: 'x running' })), 'session:unknown');
    assert.equal(contextValue(s({ status: '' })), 'session:unknown');
  });
});

describe('model: text', () => {
  it('cleanText: empty values, the bound at exactly max, control characters in otherwise plain text', () => {
    assert.equal(cleanText(null), '');
    assert.equal(cleanText(undefined), '');
    assert.equal(cleanText(''), '');
    assert.equal(cleanText('abcde', 5), 'abcde');
    assert.equal(cleanText('abcdef', 5), 'abcd…');
    assert.equal(cleanText('a\tb'), 'a b');
    assert.equal(cleanText('a\u0007b'), 'ab');
    assert.equal(cleanText('  padded  '), 'padded');
    assert.equal(cleanText('two  spaces'), 'two spaces');
    assert.equal(cleanText('plain words stay'), 'plain words stay');
    assert.equal(cleanText('\u202e\u2066\ufeff'), '');
    assert.equal(cleanText('x'.repeat(200)), 'x'.repeat(200), 'the default bound is 200');
    assert.equal(cleanText('x'.repeat(201)), `${'x'.repeat(199)}…`);
  });

  it('sessionTitle: the cleaned title, else "Session" and the short id', () => {
    assert.equal(sessionTitle({ title: ' Fix  it ', session_id: 'devin-abc' }), 'Fix it');
    assert.equal(sessionTitle({ title: '', session_id: 'devin-0123456789abcdef' }), 'Session 01234567');
  });

  it('describeStatus: details of suspended sessions, unknown details, details of other statuses, own keys only', () => {
    assert.equal(describeStatus({ status: 'running', status_detail: 'finished' }), 'Finished');
    assert.equal(describeStatus({ status: 'running', status_detail: 'waiting_for_approval' }), 'Waiting for your approval');
    assert.equal(describeStatus({ status: 'suspended', status_detail: 'brand_new' }), 'Suspended (brand_new)');
    assert.equal(describeStatus({ status: 'exit', status_detail: 'inactivity' }), 'Finished', 'a detail of a finished session is not shown');
    assert.equal(describeStatus({ status: 'error', status_detail: null }), 'Failed');
    assert.equal(describeStatus({ status: 'suspended', status_detail: '' }), 'Suspended');
    assert.equal(describeStatus({ status: 'new', status_detail: null }), 'Starting');
    assert.equal(describeStatus({ status: 'resuming', status_detail: null }), 'Resuming');
    assert.equal(describeStatus({ status: 'constructor', status_detail: null }), 'constructor');
    assert.equal(describeStatus({ status: 'running', status_detail: 'toString' }), 'Running (toString)');
    assert.equal(describeStatus({ status: 'w\u202earp', status_detail: null }), 'warp');
    assert.equal(describeStatus({ status: 'x'.repeat(80), status_detail: null }), `${'x'.repeat(59)}…`);
  });

  it('formatAcus: one decimal below 100, whole numbers from 100, "1 ACU" only for exactly one', () => {
    assert.equal(formatAcus(Number.NaN), '0 ACUs');
    assert.equal(formatAcus(Number.POSITIVE_INFINITY), '0 ACUs');
    assert.equal(formatAcus(0), '0 ACUs');
    assert.equal(formatAcus(0.96), '1 ACU');
    assert.equal(formatAcus(1.04), '1 ACU');
    assert.equal(formatAcus(1.06), '1.1 ACUs');
    assert.equal(formatAcus(99.94), '99.9 ACUs');
    assert.equal(formatAcus(100.4), '100 ACUs');
    assert.equal(formatAcus(99.96), '100 ACUs');
  });

  it('relativeTime: every boundary (English, Intl wording)', () => {
    const now = 1_700_000_000_000;
    const ago = (sec: number) => relativeTime(now / 1000 - sec, now);
    assert.equal(ago(-500), 'now', 'a time in the future');
    assert.equal(ago(44), 'now');
    assert.equal(ago(45), '1 minute ago');
    assert.equal(ago(89), '1 minute ago');
    assert.equal(ago(90), '2 minutes ago');
    assert.equal(ago(3599), '60 minutes ago');
    assert.equal(ago(3600), '1 hour ago');
    assert.equal(ago(86399), '24 hours ago');
    assert.equal(ago(86400), 'yesterday');
    assert.equal(ago(86400 * 30 - 1), '30 days ago');
    assert.equal(ago(86400 * 30), 'Oct 15, 2023', 'from 30 days: the date');
    assert.equal(relativeTime(1_600_000_000, now), 'Sep 13, 2020');
    assert.equal(relativeTime(now / 1000 - 0.4, now), 'now');
  });

  it('relativeTime defaults to the current time', () => {
    assert.equal(relativeTime(Date.now() / 1000 - 7200), '2 hours ago');
  });
});

describe('model: pull requests', () => {
  it('every supported URL form gives repository and number', () => {
    const cases: [string, string, number][] = [
      ['https://github.com/a/b/pull/1', 'a/b', 1],
      ['https://bitbucket.example/a/b/pulls/2', 'a/b', 2],
      ['https://gitlab.com/g/p/merge_requests/3', 'g/p', 3],
      ['https://gitlab.com/g/p/-/merge_requests/4', 'g/p', 4],
      ['https://bitbucket.org/t/r/pull-requests/5', 't/r', 5],
      ['http://git.local/a/b/pull/6/files', 'a/b', 6],
    ];
    for (const [url, repo, num] of cases) {
      const i = prInfo({ pr_url: url, pr_state: 'open' });
      assert.deepEqual([i.repo, i.number, i.safeUrl, i.url], [repo, num, true, url], url);
    }
    const other = prInfo({ pr_url: 'https://github.com/a/b/issues/7', pr_state: 'open' });
    assert.deepEqual([other.repo, other.number], [undefined, undefined]);
    const rooted = prInfo({ pr_url: 'https://github.com/pull/7', pr_state: 'open' });
    assert.deepEqual([rooted.repo, rooted.number], [undefined, undefined]);
    const notFirst = prInfo({ pr_url: 'https://x.example/pages?u=/a/b/pull/8', pr_state: 'open' });
    assert.equal(notFirst.number, undefined, 'only the path counts');
  });

  it('states: any case; unknown ones keep their text (cleaned); a missing state is unknown', () => {
    assert.equal(prInfo({ pr_url: 'https://github.com/a/b/pull/1', pr_state: 'OPEN' }).state, 'open');
    assert.equal(prInfo({ pr_url: 'https://github.com/a/b/pull/1', pr_state: 'Closed' }).state, 'closed');
    assert.equal(prInfo({ pr_url: 'https://github.com/a/b/pull/1', pr_state: 'merged' }).state, 'merged');
    const draft = prInfo({ pr_url: 'https://github.com/a/b/pull/1', pr_state: 'draft\u202e' });
    assert.deepEqual([draft.state, draft.rawState], ['unknown', 'draft']);
    const none = prInfo({ pr_url: 'https://github.com/a/b/pull/1', pr_state: null });
    assert.deepEqual([none.state, none.rawState], ['unknown', 'unknown']);
    assert.equal(prInfo({ pr_url: 'https://github.com/a/b/pull/1', pr_state: 'x'.repeat(50) }).rawState, `${'x'.repeat(39)}…`);
  });

  it('prLabel: "repo#n", else the URL (bounded), else "Pull request"', () => {
    assert.equal(prLabel({ pr_url: 'https://github.com/a/b/pull/0', pr_state: 'open' }), 'a/b#0');
    assert.equal(prLabel({ pr_url: 'https://example.com/review/9', pr_state: 'open' }), 'https://example.com/review/9');
    assert.equal(prLabel({ pr_url: 'javascript:alert(1)', pr_state: 'open' }), 'javascript:alert(1)');
    assert.equal(prLabel({ pr_url: '', pr_state: 'open' }), 'Pull request');
    const long = `https://example.com/${'x'.repeat(200)}`;
    assert.equal(prLabel({ pr_url: long, pr_state: 'open' }).length, 100);
    assert.equal(prLabel({ pr_url: `https://github.com/${'o'.repeat(60)}/${'r'.repeat(60)}/pull/3`, pr_state: 'open' }), `${cleanText(`${'o'.repeat(60)}/${'r'.repeat(60)}`, 100)}#3`);
  });

  it('repoNames: from pull requests, then a repos field of strings only', () => {
    const x = s({ pull_requests: [{ pr_url: 'https://github.com/a/b/pull/1', pr_state: 'open' }, { pr_url: 'https://example.com/x', pr_state: 'open' }], repos: ['c/d', 5, null, 'e/f'] });
    assert.deepEqual(repoNames(x), ['a/b', 'c/d', 'e/f']);
    assert.deepEqual(repoNames(s({ repos: 'c/d' })), []);
  });
});

describe('model: filters, order and groups', () => {
  it('text filter: trimmed, case-insensitive, over title, id, tags, PR URLs and repositories; blank matches all', () => {
    const x = s({ title: 'Fix Login', tags: ['Urgent'], pull_requests: [{ pr_url: 'https://github.com/acme/web/pull/9', pr_state: 'open' }], repos: ['acme/docs'] });
    for (const text of ['  fix login  ', x.session_id.toUpperCase(), 'urgent', 'pull/9', 'acme/docs', '   ', '']) {
      assert.equal(matchesFilter(x, { text }), true, text);
    }
    assert.equal(matchesFilter(x, { text: 'logout' }), false);
    assert.equal(matchesFilter(s({ title: null }), { text: 'session' }), false, 'an untitled session is found by its id only');
  });

  it('the text filter sees a changed session (a new object) and not its old text', () => {
    const a = s({ title: 'alpha' });
    assert.equal(matchesFilter(a, { text: 'alpha' }), true);
    const b = { ...a, title: 'beta' };
    assert.equal(matchesFilter(b, { text: 'alpha' }), false);
    assert.equal(matchesFilter(b, { text: 'beta' }), true);
  });

  it('tags: every chosen tag; an empty list matches all', () => {
    const x = s({ tags: ['a', 'b'] });
    assert.equal(matchesFilter(x, { tags: ['a', 'b'] }), true);
    assert.equal(matchesFilter(x, { tags: ['a', 'c'] }), false);
    assert.equal(matchesFilter(x, { tags: [] }), true);
  });

  it('mine: user id or service user id; neither given matches nothing; an empty id never matches', () => {
    const x = s({ user_id: 'u1', service_user_id: 'su1' });
    assert.equal(matchesFilter(x, { mine: {} }), false);
    assert.equal(matchesFilter(x, { mine: { userId: 'u2', serviceUserId: 'su1' } }), true);
    assert.equal(matchesFilter(x, { mine: { userId: 'u1', serviceUserId: 'su2' } }), true);
    assert.equal(matchesFilter(x, { mine: { userId: 'u2', serviceUserId: 'su2' } }), false);
    assert.equal(matchesFilter(s({ user_id: '' }), { mine: { userId: '' } }), false);
  });

  it('compareSessions: newest update first, then newest creation, then id', () => {
    const a = s({ updated_at: 5, created_at: 1, session_id: 'devin-b' });
    const b = s({ updated_at: 5, created_at: 2, session_id: 'devin-a' });
    const c = s({ updated_at: 5, created_at: 1, session_id: 'devin-a' });
    const d = s({ updated_at: 6, created_at: 0, session_id: 'devin-z' });
    assert.deepEqual([a, b, c, d].sort(compareSessions).map((x) => x.session_id + x.created_at), ['devin-z0', 'devin-a2', 'devin-a1', 'devin-b1']);
    assert.equal(compareSessions(c, { ...c }), 0);
    assert.ok(compareSessions(a, c) > 0);
    assert.ok(compareSessions(c, a) < 0);
  });

  it('buildGroups: every group in display order; the filter applies', () => {
    const list = [
      s({ status: 'mystery' }),
      s({ status: 'error' }),
      s({ status: 'exit' }),
      s({ status: 'suspended' }),
      s({ status: 'new' }),
      s({ status_detail: 'waiting_for_user' }),
      s({ status: 'exit', is_archived: true }),
    ];
    assert.deepEqual(buildGroups(list).map((g) => g.id), GROUP_ORDER.filter((g) => g !== 'archived'));
    assert.deepEqual(buildGroups(list).map((g) => g.sessions.length), [1, 1, 1, 1, 1, 1]);
    const all = buildGroups(list, { showArchived: true });
    assert.deepEqual(all.map((g) => g.id), [...GROUP_ORDER], 'archived sessions in their own group, last');
    assert.deepEqual(all.map((g) => g.sessions.length), [1, 1, 1, 1, 1, 1, 1]);
    assert.deepEqual(buildGroups([]), []);
  });

  it('summarize: suspended and finished count in the total only', () => {
    assert.deepEqual(summarize([s({ status: 'suspended' }), s({ status: 'exit' }), s({ status: 'claimed' }), s({ status_detail: 'waiting_for_approval' })]), { needsInput: 1, working: 1, total: 4 });
    assert.deepEqual(summarize([]), { needsInput: 0, working: 0, total: 0 });
  });
});

describe('model: transitions and change detection', () => {
  it('moves that announce nothing: to working, to suspended, to other, within a group', () => {
    const pairs: [Partial<Session>, Partial<Session>][] = [
      [{ status_detail: 'waiting_for_user' }, { status_detail: 'working' }],
      [{ status_detail: 'working' }, { status: 'suspended', status_detail: 'inactivity' }],
      [{ status_detail: 'working' }, { status: 'mystery' }],
      [{ status_detail: 'waiting_for_user' }, { status_detail: 'waiting_for_approval' }],
      [{ status: 'exit' }, { status: 'running', status_detail: 'finished' }],
    ];
    for (const [from, to] of pairs) {
      const a = s(from);
      assert.deepEqual(computeTransitions(new Map([[a.session_id, a]]), [{ ...a, ...to }]), [], JSON.stringify([from, to]));
    }
  });

  it('each transition carries the new session; a new PR carries the PR; a known PR is not announced again', () => {
    const pr1 = { pr_url: 'https://github.com/a/b/pull/1', pr_state: 'open' };
    const pr2 = { pr_url: 'https://github.com/a/b/pull/2', pr_state: 'open' };
    const a = s({ pull_requests: [pr1] });
    const next = { ...a, status: 'error', pull_requests: [{ ...pr1, pr_state: 'merged' }, pr2] };
    const t = computeTransitions(new Map([[a.session_id, a]]), [next]);
    assert.deepEqual(t, [
      { kind: 'failed', session: next },
      { kind: 'prOpened', session: next, pr: pr2 },
    ]);
  });

  it('sameSession notices each field it compares, and the order of PRs and tags', () => {
    const pr = { pr_url: 'https://github.com/a/b/pull/1', pr_state: 'open' };
    const base = s({ tags: ['x', 'y'], pull_requests: [pr], title: 'T', acus_consumed: 2 });
    assert.equal(sameSession(base, { ...base }), true);
    assert.equal(sameSession(base, { ...base, structured_output: { a: 1 } }), true, 'fields outside the list do not count');
    const changes: Partial<Session>[] = [
      { updated_at: base.updated_at + 1 },
      { status: 'exit' },
      { status_detail: 'finished' },
      { title: 'U' },
      { is_archived: true },
      { acus_consumed: 3 },
      { pull_requests: [] },
      { pull_requests: [pr, pr] },
      { pull_requests: [{ ...pr, pr_url: 'https://github.com/a/b/pull/2' }] },
      { pull_requests: [{ ...pr, pr_state: 'merged' }] },
      { tags: ['x'] },
      { tags: ['x', 'z'] },
      { tags: ['y', 'x'] },
    ];
    for (const c of changes) assert.equal(sameSession(base, { ...base, ...c }), false, JSON.stringify(c));
  });
});
