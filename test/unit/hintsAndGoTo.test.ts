// Session hints (src/sessions/hints.ts) read back from global state, which is not trusted: only
// well-formed prompts and repositories survive. And the Go to Session items' icons and the hint's
// repository fallback (src/sessions/goTo.ts). In process, no VS Code.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Session } from '../../src/api/types';
import { buildGoToItems } from '../../src/sessions/goTo';
import { HINTS_KEY, SessionHints, type MementoLike } from '../../src/sessions/hints';

function memento(saved: unknown): MementoLike & { updates: [string, unknown][] } {
  const updates: [string, unknown][] = [];
  return {
    updates,
    get: <T>(key: string) => (key === HINTS_KEY ? (saved as T) : undefined),
    update: async (key: string, value: unknown) => {
      updates.push([key, value]);
    },
  };
}

describe('session hints from global state', () => {
  it('reads only well-formed entries under devin.sessionHints', () => {
    const h = new SessionHints(
      memento({
        a1: { prompt: 'Fix the login\nmore', repo: 'acme/web' },
        a2: { prompt: 42, repo: 'acme/api' },
        a3: { prompt: '   ', repo: 'not a repo' },
        a4: 'a string',
        a5: null,
        a6: { repo: 'x/acme/web' },
        a7: { repo: `acme/${'r'.repeat(195)}` },
        a8: { repo: `acme/${'r'.repeat(196)}` },
        a9: { repo: 'acme' },
        b1: { repo: 'acme/web/../x y' },
        b2: { prompt: 'only a prompt', repo: 5 },
        b3: { prompt: '   ', repo: 'acme/docs' },
        b4: { repo: 'evil acme/web' },
      }),
    );
    assert.deepEqual(h.get('devin-a1'), { prompt: 'Fix the login', repo: 'acme/web' });
    assert.deepEqual(h.get('a2'), { repo: 'acme/api' }, 'a non-string prompt is dropped');
    assert.equal(h.get('a3'), undefined, 'nothing usable left');
    assert.equal(h.get('a4'), undefined);
    assert.equal(h.get('a5'), undefined);
    assert.deepEqual(h.get('a6'), { repo: 'x/acme/web' }, 'nested groups (GitLab) are repositories');
    assert.deepEqual(h.get('a7'), { repo: `acme/${'r'.repeat(195)}` }, '200 characters');
    assert.equal(h.get('a8'), undefined, '201 characters');
    assert.equal(h.get('a9'), undefined, 'no owner');
    assert.equal(h.get('b1'), undefined, 'not a repository name');
    assert.deepEqual(h.get('b2'), { prompt: 'only a prompt' });
    assert.deepEqual(h.get('b3'), { repo: 'acme/docs' }, 'a blank prompt is left out');
    assert.equal(h.get('b4'), undefined, 'the whole text must be a repository name');
    assert.equal(h.size, 6);
    assert.equal(HINTS_KEY, 'devin.sessionHints');
  });

  it('saved state that is not an object, or no memento at all, gives no hints', () => {
    for (const saved of [undefined, null, 'text', 7, true]) assert.equal(new SessionHints(memento(saved)).size, 0, String(saved));
    const none = new SessionHints();
    none.remember('devin-x', { prompt: 'p' });
    assert.deepEqual(none.get('x'), { prompt: 'p' }, 'kept in memory without a memento');
  });

  it('remember stores under devin.sessionHints; nothing usable stores nothing', async () => {
    const m = memento({});
    const h = new SessionHints(m);
    h.remember('x1', { prompt: null, repo: 'bad repo' });
    assert.equal(m.updates.length, 0);
    h.remember('x1', { prompt: 'Write docs', repo: null });
    await Promise.resolve();
    assert.deepEqual(m.updates, [[HINTS_KEY, { 'devin-x1': { prompt: 'Write docs' } }]]);
  });
});

function session(id: string, patch: Partial<Session> = {}): Session {
  return { session_id: `devin-${id}`, url: '', status: 'running', status_detail: 'working', title: `T ${id}`, tags: [], org_id: 'o', created_at: 1, updated_at: 2, acus_consumed: 0, pull_requests: [], ...patch } as Session;
}

describe('Go to Session: icons and hints', () => {
  it('an icon per state: suspended and unknown too; an archived session shows the archive icon, as in the tree', () => {
    const items = buildGoToItems([session('s', { status: 'suspended' }), session('o', { status: 'mystery' }), session('a', { is_archived: true, status: 'exit' })], 0);
    assert.deepEqual(items.map((i) => i.label.split(' ')[0]), ['$(debug-pause)', '$(circle-outline)', '$(archive)']);
  });

  it('a codicon in server text gets a zero-width space after the $', () => {
    const [item] = buildGoToItems([session('x', { title: 'a $(alert) b' })], 0);
    assert.equal(item.label, '$(sync) a $\u200b(alert) b');
  });

  it('without a repository from the server, the hint names it; the hint prompt names an untitled session', () => {
    const [item] = buildGoToItems([session('x', { title: null })], 0, () => ({ prompt: 'Upgrade React', repo: 'acme/$(web)' }));
    assert.ok(item.description.startsWith('acme/$\u200b(web) · '), item.description);
    assert.ok(item.label.includes('Upgrade React'), item.label);
    const [plain] = buildGoToItems([session('y', { updated_at: 0 })], 0, () => ({ prompt: 'p' }));
    assert.equal(plain.description, 'Working · unknown time', 'no repository part at all');
    const [blank] = buildGoToItems([session('z', { updated_at: 0, repos: ['', '\u200b', 'acme/web'] } as Partial<Session>)], 0);
    assert.equal(blank.description, 'acme/web · Working · unknown time', 'empty repository names are left out');
  });
});
