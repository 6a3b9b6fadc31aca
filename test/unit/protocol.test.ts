// Validation of messages from the details webview, panel state, and PR checkout URL matching.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { branchForPr, findRepoForPr, parseGitHubPrUrl, parseGitLabMrUrl, parsePrUrl, parseRemoteUrl, remoteMatchesPr, type GitApiLike } from '../../src/webview/checkout';
import { isHostMessage, MAX_SEND_CHARS, MAX_URL_CHARS, parsePanelState, parseWebviewMessage } from '../../src/webview/protocol';

describe('parseWebviewMessage', () => {
  it('accepts every valid message', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'send', text: 'hello' }), { type: 'send', text: 'hello' });
    assert.deepEqual(parseWebviewMessage({ type: 'openLink', url: 'https://x.example' }), { type: 'openLink', url: 'https://x.example' });
    assert.deepEqual(parseWebviewMessage({ type: 'openSession', sessionId: 'devin-abc_1' }), { type: 'openSession', sessionId: 'devin-abc_1' });
    for (const action of ['openInBrowser', 'archive', 'terminate', 'copySessionId', 'signIn']) {
      assert.deepEqual(parseWebviewMessage({ type: 'action', action }), { type: 'action', action });
    }
    for (const type of ['checkout', 'reviewChanges', 'openPr', 'copyPrUrl']) {
      assert.deepEqual(parseWebviewMessage({ type, prUrl: 'https://github.com/a/b/pull/1' }), { type, prUrl: 'https://github.com/a/b/pull/1' });
    }
  });

  it('rejects non-objects and unknown types', () => {
    for (const x of [undefined, null, 1, 'ready', [], [{ type: 'ready' }], { type: 'eval', code: 'x' }, { type: 'getApiKey' }, { type: 1 }, {}]) {
      assert.equal(parseWebviewMessage(x), undefined, JSON.stringify(x));
    }
  });

  it('rejects wrong field types', () => {
    assert.equal(parseWebviewMessage({ type: 'send', text: 5 }), undefined);
    assert.equal(parseWebviewMessage({ type: 'send', text: ['a'] }), undefined);
    assert.equal(parseWebviewMessage({ type: 'openLink', url: { href: 'https://x' } }), undefined);
    assert.equal(parseWebviewMessage({ type: 'action', action: 'delete' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'action', action: 'toString' }), undefined);
    // The view is live: there is no Refresh action any more.
    assert.equal(parseWebviewMessage({ type: 'action', action: 'refresh' }), undefined);
    for (const type of ['openPr', 'copyPrUrl']) {
      assert.equal(parseWebviewMessage({ type, prUrl: 7 }), undefined);
      assert.equal(parseWebviewMessage({ type, prUrl: '' }), undefined);
      assert.equal(parseWebviewMessage({ type, prUrl: 'x'.repeat(MAX_URL_CHARS + 1) }), undefined);
    }
    assert.equal(parseWebviewMessage({ type: 'checkout', prUrl: null }), undefined);
    assert.deepEqual(parseWebviewMessage({ type: 'reviewChanges', prUrl: 'https://github.com/a/b/pull/1' }), { type: 'reviewChanges', prUrl: 'https://github.com/a/b/pull/1' });
    assert.equal(parseWebviewMessage({ type: 'reviewChanges', prUrl: 1 }), undefined);
    assert.equal(parseWebviewMessage({ type: 'reviewChanges', prUrl: 'https://github.com/a/b/pull/1', extra: true }), undefined);
    assert.equal(parseWebviewMessage({ type: 'reviewChanges', prUrl: 'x'.repeat(5000) }), undefined);
  });

  it('rejects empty and over-long strings', () => {
    assert.equal(parseWebviewMessage({ type: 'send', text: '' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'send', text: '   \n ' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'send', text: 'a'.repeat(MAX_SEND_CHARS + 1) }), undefined);
    assert.ok(parseWebviewMessage({ type: 'send', text: 'a'.repeat(MAX_SEND_CHARS) }));
    assert.equal(parseWebviewMessage({ type: 'openLink', url: 'https://x/' + 'a'.repeat(MAX_URL_CHARS) }), undefined);
    assert.equal(parseWebviewMessage({ type: 'openLink', url: '' }), undefined);
  });

  it('rejects bad session ids (path traversal, URLs, too long)', () => {
    for (const sessionId of ['../../etc', 'devin-a/b', 'https://evil', '', 'a'.repeat(129), 'a b', 'devin-1?x=1']) {
      assert.equal(parseWebviewMessage({ type: 'openSession', sessionId }), undefined, sessionId);
    }
  });

  it('rejects extra fields and prototype tricks', () => {
    assert.equal(parseWebviewMessage({ type: 'ready', extra: 1 }), undefined);
    assert.equal(parseWebviewMessage({ type: 'send', text: 'x', as_user: 'admin' }), undefined);
    assert.equal(parseWebviewMessage(JSON.parse('{"type":"send","text":"x","__proto__":{"admin":true}}')), undefined);
    class Fake {
      type = 'ready';
    }
    assert.equal(parseWebviewMessage(new Fake()), undefined);
  });

  it('openLink passes any string to the host, which validates the scheme itself', () => {
    // The host runs isSafeHttpUrl before opening; the parser only bounds the string.
    assert.deepEqual(parseWebviewMessage({ type: 'openLink', url: 'javascript:alert(1)' }), { type: 'openLink', url: 'javascript:alert(1)' });
  });
});

describe('parseWebviewMessage, field by field', () => {
  it('rejects an extra field on every kind of message', () => {
    const valid: Record<string, unknown>[] = [
      { type: 'ready' },
      { type: 'send', text: 'hello' },
      { type: 'openLink', url: 'https://x.example' },
      { type: 'openSession', sessionId: 'devin-abc' },
      { type: 'action', action: 'archive' },
      { type: 'checkout', prUrl: 'https://github.com/a/b/pull/1' },
      { type: 'openPr', prUrl: 'https://github.com/a/b/pull/1' },
      { type: 'copyPrUrl', prUrl: 'https://github.com/a/b/pull/1' },
    ];
    for (const msg of valid) {
      assert.ok(parseWebviewMessage(msg), `valid ${msg.type as string}`);
      assert.equal(parseWebviewMessage({ ...msg, extra: 1 }), undefined, `${msg.type as string} with an extra field`);
    }
  });

  it('accepts an object without a prototype (Object.create(null)) like a plain one', () => {
    const msg = Object.assign(Object.create(null) as Record<string, unknown>, { type: 'send', text: 'hi' });
    assert.deepEqual(parseWebviewMessage(msg), { type: 'send', text: 'hi' });
    assert.equal(isHostMessage(Object.assign(Object.create(null) as Record<string, unknown>, { type: 'status', busy: true })), true);
  });

  it('accepts one-character strings (the lower bound is 1, not 2)', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'send', text: 'y' }), { type: 'send', text: 'y' });
    assert.deepEqual(parseWebviewMessage({ type: 'openLink', url: 'x' }), { type: 'openLink', url: 'x' });
  });

  it('a PR action names an http(s) link, nothing else', () => {
    for (const type of ['checkout', 'reviewChanges', 'openPr', 'copyPrUrl']) {
      for (const prUrl of ['x', 'javascript:alert(1)//github.com/a/b/pull/1', 'command:devin.signOut', 'file:///etc/passwd', 'https://user:pw@github.com/a/b/pull/1', 'data:text/html,x']) {
        assert.equal(parseWebviewMessage({ type, prUrl }), undefined, `${type} ${prUrl}`);
      }
      assert.deepEqual(parseWebviewMessage({ type, prUrl: 'http://127.0.0.1:3000/a/b/pull/1' }), { type, prUrl: 'http://127.0.0.1:3000/a/b/pull/1' });
    }
  });

  it('accepts strings of exactly the maximum length', () => {
    const url = 'https://x/' + 'a'.repeat(MAX_URL_CHARS - 10);
    assert.equal(url.length, MAX_URL_CHARS);
    assert.deepEqual(parseWebviewMessage({ type: 'openLink', url }), { type: 'openLink', url });
    assert.deepEqual(parseWebviewMessage({ type: 'checkout', prUrl: url }), { type: 'checkout', prUrl: url });
    assert.equal(parseWebviewMessage({ type: 'checkout', prUrl: url + 'a' }), undefined);
  });

  it('refuses a session id that is not a string even when its text would match', () => {
    // SESSION_ID_RE.test() turns its argument into a string: 12345 and ['devin-1'] would pass it.
    for (const sessionId of [12345, ['devin-1'], { toString: () => 'devin-1' }]) {
      assert.equal(parseWebviewMessage({ type: 'openSession', sessionId }), undefined, String(sessionId));
      assert.equal(parsePanelState({ sessionId }), undefined, String(sessionId));
    }
  });

  it('refuses an action or URL that is not a string', () => {
    assert.equal(parseWebviewMessage({ type: 'action', action: ['refresh'] }), undefined);
    assert.equal(parseWebviewMessage({ type: 'openLink', url: ['https://x.example'] }), undefined);
    assert.equal(parseWebviewMessage({ type: 'checkout', prUrl: ['https://github.com/a/b/pull/1'] }), undefined);
  });
});

describe('parsePanelState', () => {
  it('keeps a valid id, draft and scroll', () => {
    assert.deepEqual(parsePanelState({ sessionId: 'devin-x', draft: 'hi', scrollY: 10, atBottom: false }), { sessionId: 'devin-x', draft: 'hi', scrollY: 10, atBottom: false });
  });
  it('rejects bad state', () => {
    assert.equal(parsePanelState(undefined), undefined);
    assert.equal(parsePanelState({ sessionId: '../x' }), undefined);
    assert.equal(parsePanelState({ sessionId: 5 }), undefined);
  });
  it('keeps the bounds of the optional fields: a draft of the maximum length, scroll position 0', () => {
    const draft = 'd'.repeat(MAX_SEND_CHARS);
    assert.deepEqual(parsePanelState({ sessionId: 'a', draft, scrollY: 0, atBottom: true }), { sessionId: 'a', draft, scrollY: 0, atBottom: true });
  });
  it('drops a draft that is too long or not a string, and a scroll position that is not a finite number', () => {
    for (const draft of ['d'.repeat(MAX_SEND_CHARS + 1), ['hi'], { length: 2 }]) {
      assert.equal(parsePanelState({ sessionId: 'a', draft })?.draft, undefined, JSON.stringify(draft).slice(0, 20));
    }
    for (const scrollY of [Infinity, -Infinity, NaN, '10', -0.5]) {
      assert.equal(parsePanelState({ sessionId: 'a', scrollY })?.scrollY, undefined, String(scrollY));
    }
    assert.equal(parsePanelState({ sessionId: 'a', atBottom: 1 })?.atBottom, undefined);
  });
  it('drops bad optional fields', () => {
    assert.deepEqual(parsePanelState({ sessionId: 'a', draft: 5, scrollY: -1, atBottom: 'yes' }), { sessionId: 'a', draft: undefined, scrollY: undefined, atBottom: undefined });
  });
});

describe('isHostMessage', () => {
  it('checks the shape of host messages', () => {
    assert.ok(isHostMessage({ type: 'messages', items: [] }));
    assert.ok(isHostMessage({ type: 'sendResult', ok: false, error: 'x' }));
    assert.ok(!isHostMessage({ type: 'messages', items: 'x' }));
    assert.ok(!isHostMessage({ type: 'navigate', url: 'x' }));
    assert.ok(isHostMessage({ type: 'signedOut' }));
    assert.ok(isHostMessage({ type: 'copied', what: 'sessionId' }));
    assert.ok(isHostMessage({ type: 'copied', what: 'prUrl' }));
    assert.ok(!isHostMessage({ type: 'copied', what: 'apiKey' }));
    assert.ok(!isHostMessage(null));
  });

  it('a session update may carry GitHub\'s PR details as a plain object, nothing else', () => {
    const base = { type: 'session', session: { session_id: 'devin-1' }, checkoutable: [] };
    assert.ok(isHostMessage(base));
    assert.ok(isHostMessage({ ...base, prDetails: { 'https://github.com/a/b/pull/1': { title: 'T', state: 'open' } } }));
    for (const prDetails of [null, 'x', [], 7]) assert.ok(!isHostMessage({ ...base, prDetails }), JSON.stringify(prDetails));
    const init = { type: 'init', sessionId: 'devin-1', strings: {}, messages: [], checkoutable: [] };
    assert.ok(isHostMessage(init));
    assert.ok(isHostMessage({ ...init, prDetails: {} }));
    assert.ok(!isHostMessage({ ...init, prDetails: [] }));
  });
});

describe('checkout URL matching', () => {
  it('parses GitHub-style PR URLs only', () => {
    assert.deepEqual(parseGitHubPrUrl('https://github.com/Acme/App/pull/42/files'), { kind: 'github', host: 'github.com', repo: 'acme/app', number: 42 });
    assert.equal(parseGitHubPrUrl('https://gitlab.com/a/b/-/merge_requests/1'), undefined);
    assert.equal(parseGitHubPrUrl('javascript:alert(1)'), undefined);
    assert.equal(parseGitHubPrUrl('https://github.com/a/b/pull/1;rm -rf'), undefined);
    assert.equal(parseGitHubPrUrl('https://github.com/a/b/pull/abc'), undefined);
  });

  it('parses GitLab merge request URLs, subgroups included', () => {
    assert.deepEqual(parsePrUrl('https://gitlab.com/Group/Sub/App/-/merge_requests/12/diffs'), { kind: 'gitlab', host: 'gitlab.com', repo: 'group/sub/app', number: 12 });
    assert.deepEqual(parsePrUrl('https://github.com/a/b/pull/3'), { kind: 'github', host: 'github.com', repo: 'a/b', number: 3 });
    assert.equal(parseGitLabMrUrl('https://gitlab.com/app/-/merge_requests/1'), undefined);
    assert.equal(parseGitLabMrUrl('https://gitlab.com/a/../b/-/merge_requests/1'), undefined);
    assert.equal(parseGitLabMrUrl('https://u:p@gitlab.com/a/b/-/merge_requests/1'), undefined);
    assert.equal(parseGitLabMrUrl('ftp://gitlab.com/a/b/-/merge_requests/1'), undefined);
    assert.equal(parseGitLabMrUrl('https://gitlab.com/a/b/-/merge_requests/x'), undefined);
    const mr = parsePrUrl('https://gitlab.example.com/g/s/app/-/merge_requests/4')!;
    assert.ok(remoteMatchesPr('git@gitlab.example.com:g/s/app.git', mr));
    assert.ok(!remoteMatchesPr('git@gitlab.example.com:g/app.git', mr));
    // GitLab's SSH over port 443 (altssh.gitlab.com) names the same host.
    const gl = parsePrUrl('https://gitlab.com/g/app/-/merge_requests/2')!;
    assert.ok(remoteMatchesPr('ssh://git@altssh.gitlab.com:443/g/app.git', gl));
    assert.ok(!remoteMatchesPr('ssh://git@altssh.gitlab.example.com:443/g/app.git', gl));
  });

  it('parses remote URL forms', () => {
    for (const u of ['https://github.com/acme/app.git', 'https://github.com/acme/app', 'git@github.com:acme/app.git', 'ssh://git@github.com/acme/app.git', 'ssh://git@github.com:22/acme/app', 'git://github.com/acme/app.git', 'https://token@github.com/Acme/App/']) {
      assert.deepEqual(parseRemoteUrl(u), { host: 'github.com', repo: 'acme/app' }, u);
    }
    assert.equal(parseRemoteUrl('/home/me/app'), undefined);
    assert.equal(parseRemoteUrl('C:\\repos\\app'), undefined);
    assert.equal(parseRemoteUrl('file:///srv/app.git'), undefined);
  });

  it('matches a remote to a PR by host and owner/repo', () => {
    const pr = parseGitHubPrUrl('https://github.com/acme/app/pull/7')!;
    assert.ok(remoteMatchesPr('git@github.com:acme/app.git', pr));
    assert.ok(remoteMatchesPr('ssh://git@ssh.github.com:443/acme/app.git', pr));
    assert.ok(!remoteMatchesPr('git@github.com:acme/app2.git', pr));
    assert.ok(!remoteMatchesPr('git@gitlab.com:acme/app.git', pr));
  });

  it('finds the workspace repository and prefers origin', () => {
    const repo = (remotes: { name: string; fetchUrl?: string }[]) =>
      ({ rootUri: {} as never, state: { remotes }, fetch: async () => undefined, checkout: async () => undefined }) as GitApiLike['repositories'][number];
    const a = repo([{ name: 'origin', fetchUrl: 'https://github.com/other/x' }]);
    const b = repo([
      { name: 'upstream', fetchUrl: 'git@github.com:acme/app.git' },
      { name: 'origin', fetchUrl: 'https://github.com/acme/app.git' },
    ]);
    const api: GitApiLike = { repositories: [a, b] };
    const m = findRepoForPr(api, 'https://github.com/acme/app/pull/9');
    assert.equal(m?.repository, b);
    assert.equal(m?.remote, 'origin');
    assert.equal(findRepoForPr(api, 'https://github.com/nobody/none/pull/1'), undefined);
    assert.equal(findRepoForPr(undefined, 'https://github.com/acme/app/pull/9'), undefined);
    assert.equal(branchForPr(9), 'devin/pr-9');
  });
});
