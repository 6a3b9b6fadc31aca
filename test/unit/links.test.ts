import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_LINK_LENGTH, MAX_LINK_PROMPT, parseLink, sessionLink } from '../../src/links/uri';

describe('parseLink: accepted links', () => {
  it('/session/<id> opens that session, in the canonical devin- form whichever form the link uses', () => {
    assert.deepEqual(parseLink('/session/devin-abc123', ''), { ok: true, kind: 'session', sessionId: 'devin-abc123' });
    assert.deepEqual(parseLink('/session/abc123', ''), { ok: true, kind: 'session', sessionId: 'devin-abc123' });
    assert.deepEqual(parseLink('/session/abc123/', ''), { ok: true, kind: 'session', sessionId: 'devin-abc123' });
  });
  it('/new carries prompt and repo, both optional, and nothing else', () => {
    assert.deepEqual(parseLink('/new', ''), { ok: true, kind: 'new' });
    assert.deepEqual(parseLink('/new', 'prompt=Fix the flaky test&repo=acme/web'), { ok: true, kind: 'new', prompt: 'Fix the flaky test', repo: 'acme/web' });
    assert.deepEqual(parseLink('/new', 'repo=acme/web'), { ok: true, kind: 'new', repo: 'acme/web' });
    assert.deepEqual(parseLink('/new', 'prompt=a = b, 50% done'), { ok: true, kind: 'new', prompt: 'a = b, 50% done' });
    assert.deepEqual(parseLink('/new', 'prompt=line one\nline two\tend'), { ok: true, kind: 'new', prompt: 'line one\nline two\tend' });
    assert.deepEqual(parseLink('/new', 'prompt=   '), { ok: true, kind: 'new' }, 'a blank prompt is no prompt');
  });
  it('a prompt that mentions javascript: is only text for the New Session box (it is never opened)', () => {
    assert.deepEqual(parseLink('/new', 'prompt=javascript:alert(1)'), { ok: true, kind: 'new', prompt: 'javascript:alert(1)' });
  });
  it('a prompt of exactly the limit is accepted', () => {
    const r = parseLink('/new', `prompt=${'x'.repeat(MAX_LINK_PROMPT)}`);
    assert.equal(r.ok && r.kind === 'new' && r.prompt?.length, MAX_LINK_PROMPT);
  });
});

describe('parseLink: malformed and hostile links are refused with a reason', () => {
  const problem = (path: string, query = '') => {
    const r = parseLink(path, query);
    assert.equal(r.ok, false, `${JSON.stringify(path)}?${JSON.stringify(query)} was accepted`);
    return (r as { problem: string }).problem;
  };
  it('unknown paths', () => {
    for (const p of ['', '/', '/sessions/abc', '/session', '/session/', '/session/a/b', '/new/x', '/NEW', '/open', '/../session/abc', '/javascript:alert(1)']) {
      assert.equal(problem(p), 'unknownPath', p);
    }
  });
  it('bad session ids: traversal, dots, spaces, javascript:, too long', () => {
    for (const id of ['..', 'a.b', 'a b', 'javascript:alert(1)', 'x'.repeat(129), 'abc?x', 'é']) {
      assert.equal(problem(`/session/${id}`), 'badSessionId', id);
    }
  });
  it('control characters and bidi overrides in the path, the prompt or the repo', () => {
    assert.equal(problem('/session/abc\u0000'), 'controlChars');
    assert.equal(problem('/session/abc\n'), 'controlChars');
    assert.equal(problem('/new', 'prompt=hi\u0007'), 'controlChars');
    assert.equal(problem('/new', 'prompt=hi\u001b[31m'), 'controlChars');
    assert.equal(problem('/new', 'prompt=evil\u202Etxt.exe'), 'controlChars');
    assert.equal(problem('/new', 'prompt=a\u0085b'), 'controlChars');
    assert.equal(problem('/new', 'repo=acme/web\u2066'), 'controlChars');
  });
  it('double-encoded input (a %XX left after VS Code decoded the link once)', () => {
    assert.equal(problem('/session/%2e%2e'), 'doubleEncoded');
    assert.equal(problem('/session%2Fabc'), 'doubleEncoded');
    assert.equal(problem('/new', 'prompt=%0d%0aSet-Cookie'), 'doubleEncoded');
    assert.equal(problem('/new', 'repo=acme%2Fweb'), 'doubleEncoded');
  });
  it('extra, unknown or repeated parameters', () => {
    assert.equal(problem('/session/abc', 'send=true'), 'unknownParam');
    assert.equal(problem('/new', 'prompt=x&send=1'), 'unknownParam');
    assert.equal(problem('/new', 'autoSend'), 'unknownParam');
    assert.equal(problem('/new', 'Prompt=x'), 'unknownParam');
    assert.equal(problem('/new', 'prompt=a&prompt=b'), 'repeatedParam');
    assert.equal(problem('/new', 'repo=a/b&repo=c/d'), 'repeatedParam');
  });
  it('the detail names the offending parameter, cut short and never with control characters', () => {
    assert.deepEqual(parseLink('/new', 'prompt=x&send=1'), { ok: false, problem: 'unknownParam', detail: 'send' });
    assert.equal((parseLink('/new', `${'n'.repeat(500)}=1`) as { detail?: string }).detail?.length, 40);
    assert.equal((parseLink('/new', 'a\u0000b=1') as { detail?: string }).detail, undefined);
  });
  it('repositories that are not owner/name, including javascript: and URLs', () => {
    for (const repo of ['javascript:alert(1)', 'https://github.com/a/b', 'acme', 'acme/', '/acme/web', 'acme/web?x', 'a b/c', `a/${'b'.repeat(200)}`]) {
      assert.equal(problem('/new', `repo=${repo}`), 'badRepo', repo);
    }
  });
  it('huge prompts and huge links', () => {
    assert.equal(problem('/new', `prompt=${'x'.repeat(MAX_LINK_PROMPT + 1)}`), 'promptTooLong');
    assert.equal(problem('/new', `prompt=${'x'.repeat(MAX_LINK_LENGTH + 1)}`), 'tooLong');
    assert.equal(problem(`/session/${'a'.repeat(MAX_LINK_LENGTH + 1)}`), 'tooLong');
  });
});

describe('sessionLink', () => {
  it('builds the link the handler accepts, for either id form', () => {
    const link = sessionLink('vscode', 'devin-community.devin-vscode', 'abc123');
    assert.equal(link, 'vscode://devin-community.devin-vscode/session/devin-abc123');
    const u = new URL(link);
    assert.deepEqual(parseLink(u.pathname, u.search.slice(1)), { ok: true, kind: 'session', sessionId: 'devin-abc123' });
    assert.equal(sessionLink('vscode-insiders', 'devin-community.devin-vscode', 'devin-abc123'), 'vscode-insiders://devin-community.devin-vscode/session/devin-abc123');
  });
  it('refuses what is not a session id', () => {
    assert.throws(() => sessionLink('vscode', 'x.y', '../etc'));
  });
});
