import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeSession } from '../../src/api/normalize';
import type { Session } from '../../src/api/types';
import { buildGoToItems } from '../../src/sessions/goTo';

const NOW = 2_000_000_000_000;
function s(id: string, fields: Partial<Session> & Record<string, unknown> = {}): Session {
  return normalizeSession({
    session_id: `devin-${id}`,
    url: `https://app.devin.ai/sessions/${id}`,
    status: 'running',
    status_detail: 'working',
    title: `Session ${id}`,
    tags: [],
    org_id: 'org-1',
    created_at: NOW / 1000 - 3600,
    updated_at: NOW / 1000 - 600,
    acus_consumed: 1,
    pull_requests: [],
    ...fields,
  })!;
}

/** What VS Code's quick pick matches against when matchOnDescription and matchOnDetail are on. */
const searchable = (i: { label: string; description: string; detail: string }) => `${i.label}\n${i.description}\n${i.detail}`;

describe('buildGoToItems', () => {
  it('carries title, repository, tags and id as text the quick pick filters on', () => {
    const [item] = buildGoToItems(
      [s('abc123', { title: 'Fix login', tags: ['auth', 'urgent'], pull_requests: [{ pr_url: 'https://github.com/acme/web/pull/7', pr_state: 'open' }] })],
      NOW,
    );
    assert.equal(item.sessionId, 'devin-abc123');
    assert.match(item.label, /^\$\(sync\) Fix login$/);
    assert.match(item.description, /^acme\/web · /);
    assert.match(item.description, /10 min/);
    assert.equal(item.detail, '#auth #urgent · abc123');
    for (const word of ['Fix login', 'acme/web', '#urgent', 'abc123']) assert.ok(searchable(item).includes(word), word);
  });
  it('takes repositories from a repos field when the server sends one, each name once', () => {
    const [item] = buildGoToItems(
      [s('r1', { repos: ['acme/api'], pull_requests: [{ pr_url: 'https://github.com/acme/api/pull/1', pr_state: 'merged' }, { pr_url: 'https://github.com/acme/web/pull/2', pr_state: 'open' }] })],
      NOW,
    );
    assert.match(item.description, /^acme\/api, acme\/web · /);
  });
  it('leaves out empty parts (no repository, no tags)', () => {
    const [item] = buildGoToItems([s('plain')], NOW);
    assert.equal(item.detail, 'plain');
    assert.doesNotMatch(item.description, /^ · /);
  });
  it('newest first, archived after the rest, and marks the archived ones', () => {
    const items = buildGoToItems(
      [
        s('old', { updated_at: NOW / 1000 - 9000 }),
        s('arch', { updated_at: NOW / 1000 - 10, is_archived: true }),
        s('new', { updated_at: NOW / 1000 - 60 }),
      ],
      NOW,
    );
    assert.deepEqual(items.map((i) => i.sessionId), ['devin-new', 'devin-old', 'devin-arch']);
    assert.match(items[2].description, /archived/);
    assert.doesNotMatch(items[0].description, /archived/);
    // The archive icon, as in the tree's Archived group; the others keep their state's icon.
    assert.match(items[2].label, /^\$\(archive\) /);
    assert.doesNotMatch(items[0].label, /^\$\(archive\) /);
  });
  it('an icon per state: needs input, finished, failed', () => {
    const [a, b, c] = buildGoToItems(
      [
        s('q', { status_detail: 'waiting_for_user', updated_at: 30 }),
        s('f', { status_detail: 'finished', updated_at: 20 }),
        s('e', { status: 'error', status_detail: null, updated_at: 10 }),
      ],
      NOW,
    );
    assert.match(a.label, /^\$\(bell-dot\) /);
    assert.match(b.label, /^\$\(pass\) /);
    assert.match(c.label, /^\$\(error\) /);
  });
  it('server text cannot render as a codicon', () => {
    const [item] = buildGoToItems([s('x', { title: 'Evil $(check) done', tags: ['$(alert)'] })], NOW);
    assert.equal((item.label.match(/\$\(/g) ?? []).length, 1, item.label);
    assert.ok(!item.detail.includes('$('), item.detail);
    assert.ok(item.label.includes('Evil') && item.label.includes('check'));
  });
  it('untitled sessions still get a label', () => {
    const [item] = buildGoToItems([s('untitled1', { title: null })], NOW);
    assert.ok(item.label.length > '$(sync) '.length);
  });
});
