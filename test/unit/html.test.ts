// The details panel's HTML shell and Content Security Policy (src/webview/html.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCsp, buildHtml, escapeAttr, makeNonce, type HtmlInput } from '../../src/webview/html';

const CSP_SOURCE = 'https://*.vscode-cdn.net';
const NONCE = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

function input(over: Partial<HtmlInput> = {}): HtmlInput {
  return {
    nonce: NONCE,
    cspSource: CSP_SOURCE,
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/dist/details.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/details.css',
    sessionId: 'devin-0123456789abcdef',
    language: 'en',
    ...over,
  };
}

/** Directive name → its source list, failing on a directive given twice. */
function directives(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    assert.ok(!map.has(name), `${name} given twice`);
    map.set(name.toLowerCase(), sources);
  }
  return map;
}

/**
 * Every rule the panel's policy must keep. A policy weakened in any of these ways fails:
 * 'unsafe-inline', 'unsafe-eval', '*', a scheme or a host in script-src; inline styles; wide images.
 */
function assertStrict(csp: string, nonce: string): void {
  assert.ok(!csp.includes(','), 'one policy only');
  const d = directives(csp);
  assert.deepEqual(d.get('default-src'), ["'none'"]);
  assert.deepEqual(d.get('script-src'), [`'nonce-${nonce}'`], 'scripts only with the nonce');
  assert.equal(d.get('script-src-elem'), undefined);
  assert.equal(d.get('script-src-attr'), undefined);
  assert.deepEqual(d.get('style-src'), [CSP_SOURCE], 'styles only from the extension files, no inline');
  assert.deepEqual(d.get('img-src'), [CSP_SOURCE, 'https:'], 'images: extension files and https only (no data:, http:, *)');
  assert.deepEqual(d.get('font-src'), [CSP_SOURCE]);
  assert.deepEqual(d.get('base-uri'), ["'none'"]);
  assert.deepEqual(d.get('form-action'), ["'none'"]);
  assert.deepEqual(d.get('frame-src'), ["'none'"]);
  for (const name of ['connect-src', 'object-src', 'worker-src', 'child-src', 'media-src', 'manifest-src']) {
    assert.equal(d.get(name), undefined, `${name} falls back to default-src 'none'`);
  }
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|unsafe-hashes|strict-dynamic|wasm-unsafe/i);
  assert.equal(d.size, 8, `no other directive: ${[...d.keys()].join(', ')}`);
}

describe('buildCsp', () => {
  it('is strict: nothing by default, scripts only by nonce, styles and fonts from the extension, images from it and https', () => {
    const csp = buildCsp(NONCE, CSP_SOURCE);
    assertStrict(csp, NONCE);
    assert.equal(
      csp,
      `default-src 'none'; script-src 'nonce-${NONCE}'; style-src ${CSP_SOURCE}; img-src ${CSP_SOURCE} https:; font-src ${CSP_SOURCE}; base-uri 'none'; form-action 'none'; frame-src 'none'`,
    );
  });

  it('the checker fails on the weakenings a review found survivable', () => {
    const good = buildCsp(NONCE, CSP_SOURCE);
    const weakened = [
      good.replace(`script-src 'nonce-${NONCE}'`, `script-src 'unsafe-inline' *`),
      good.replace(`script-src 'nonce-${NONCE}'`, `script-src 'nonce-${NONCE}' 'unsafe-eval'`),
      good.replace(`script-src 'nonce-${NONCE}'`, `script-src 'nonce-${NONCE}' ${CSP_SOURCE}`),
      good.replace(`script-src 'nonce-${NONCE}'`, `script-src 'nonce-${NONCE}' https:`),
      good.replace(`style-src ${CSP_SOURCE}`, `style-src ${CSP_SOURCE} 'unsafe-inline'`),
      good.replace(`img-src ${CSP_SOURCE} https:`, `img-src ${CSP_SOURCE} https: data:`),
      good.replace(`img-src ${CSP_SOURCE} https:`, `img-src *`),
      good.replace("default-src 'none'", 'default-src *'),
      good.replace("; frame-src 'none'", ''),
      `${good}; script-src-attr 'unsafe-inline'`,
    ];
    for (const csp of weakened) assert.throws(() => assertStrict(csp, NONCE), assert.AssertionError, csp);
  });

  it('refuses a nonce that is not 16 to 128 letters and digits (it would break out of the quotes)', () => {
    for (const bad of ['', 'short', "abcdefghijklmnop' 'unsafe-inline", 'abcdefghijklmnop;script-src *', 'a'.repeat(129), 'abcdefghijklmno-', 'ÄÖÜabcdefghijklmn']) {
      assert.throws(() => buildCsp(bad, CSP_SOURCE), /invalid CSP nonce/, bad);
    }
    assert.doesNotThrow(() => buildCsp('a'.repeat(16), CSP_SOURCE));
    assert.doesNotThrow(() => buildCsp('a'.repeat(128), CSP_SOURCE));
  });

  it('refuses a CSP source that could add a directive, a policy, a wildcard or unsafe keywords', () => {
    for (const bad of ['', ' ', 'https://x; script-src *', 'https://x, script-src *', '*', 'https://x *', "'unsafe-inline'", "https://x 'UNSAFE-eval'", 'https://x"><script>', 'a  b', 'https://x\nscript-src *', 'https://x&amp;']) {
      assert.throws(() => buildCsp(NONCE, bad), /invalid CSP source/, JSON.stringify(bad));
    }
    for (const ok of ['https://*.vscode-cdn.net', "'self' https://*.vscode-cdn.net", 'vscode-webview-resource:', 'http://127.0.0.1:8080']) {
      assert.doesNotThrow(() => buildCsp(NONCE, ok), ok);
    }
  });
});

describe('makeNonce', () => {
  it('is 32 hex characters and different on every render', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const n = makeNonce();
      assert.match(n, /^[0-9a-f]{32}$/);
      seen.add(n);
    }
    assert.equal(seen.size, 200);
  });
});

describe('buildHtml', () => {
  const scripts = (html: string) => [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);

  it('puts the strict policy in the document, first in <head>', () => {
    const html = buildHtml(input());
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    assert.ok(meta, 'a CSP meta tag');
    assert.equal(meta[1], buildCsp(NONCE, CSP_SOURCE).replace(/'/g, '&#39;'));
    assertStrict(meta[1].replace(/&#39;/g, "'"), NONCE);
    const head = html.slice(html.indexOf('<head>'), html.indexOf('</head>'));
    assert.ok(head.indexOf('Content-Security-Policy') < head.indexOf('<link'), 'the policy comes before any resource');
    assert.equal(html.match(/Content-Security-Policy/g)?.length, 1);
  });

  it('every script tag carries the nonce of this render and loads a file; no inline script or style', () => {
    const a = buildHtml(input());
    const tags = scripts(a);
    assert.equal(tags.length, 1);
    for (const t of tags) {
      assert.match(t, new RegExp(`nonce="${NONCE}"`));
      assert.match(t, /src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/media\/dist\/details\.js"/);
    }
    assert.match(a, /<script [^>]*><\/script>/, 'the script element is empty');
    assert.doesNotMatch(a, /<style|\sstyle=|\son[a-z]+=/i, 'no inline style or event handler');
    const other = 'ffffffffffffffffffffffffffffffff';
    const b = buildHtml(input({ nonce: other }));
    assert.ok(scripts(b).every((t) => t.includes(`nonce="${other}"`)));
    assert.ok(!b.includes(NONCE), 'nothing of the other render');
    assert.match(b, new RegExp(`script-src &#39;nonce-${other}&#39;`));
  });

  it('links the style sheet and sets the session id and language', () => {
    const html = buildHtml(input({ language: 'zh-cn' }));
    assert.match(html, /<link rel="stylesheet" href="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/media\/details\.css">/);
    assert.match(html, /<body data-session-id="devin-0123456789abcdef">/);
    assert.match(html, /<html lang="zh-cn">/);
    for (const id of ['composer-input', 'messages', 'conversation', 'header', 'toolbar', 'status', 'prs', 'structured', 'no-messages', 'composer-send']) {
      assert.match(html, new RegExp(`id="${id}"`), id);
    }
    // The reply box takes no more than the host accepts (a longer text would be dropped unsent).
    assert.match(html, /<textarea id="composer-input"[^>]* maxlength="100000"/);
  });

  it('no untrusted string reaches the HTML unescaped', () => {
    const evil = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
    const html = buildHtml(
      input({
        sessionId: evil,
        language: `en"><script>alert(3)</script>`,
        scriptUri: 'https://x/details.js?a=1&b=2',
        styleUri: 'https://x/d.css?x=&lt;',
      }),
    );
    assert.equal(scripts(html).length, 1, 'no injected script element');
    assert.doesNotMatch(html, /alert\(1\)|alert\(2\)|alert\(3\)/, 'an invalid session id and the language are dropped or stripped');
    assert.match(html, /<body data-session-id="">/);
    assert.match(html, /<html lang="enscriptalert3script">/);
    assert.match(html, /src="https:\/\/x\/details\.js\?a=1&amp;b=2"/, 'URLs are escaped');
    assert.match(html, /href="https:\/\/x\/d\.css\?x=&amp;lt;"/);
    assert.doesNotMatch(html, /\sonerror=|\sonload=/);
    // Quotes and angle brackets in a resource URI are refused outright.
    for (const uri of [`https://x/details.js?b="><script>alert(4)</script>`, `https://x/d.css?'onload='alert(5)`, 'https://x/<b>']) {
      assert.throws(() => buildHtml(input({ scriptUri: uri })), /invalid webview resource URI/);
      assert.throws(() => buildHtml(input({ styleUri: uri })), /invalid webview resource URI/);
    }
  });

  it('an empty or odd language falls back to en and is bounded', () => {
    assert.match(buildHtml(input({ language: '' })), /<html lang="en">/);
    assert.match(buildHtml(input({ language: '"<>' })), /<html lang="en">/);
    assert.match(buildHtml(input({ language: 'a'.repeat(100) })), new RegExp(`<html lang="${'a'.repeat(35)}">`));
  });

  it('refuses resource URIs that are not absolute http(s) or vscode-* URLs', () => {
    for (const bad of ['javascript:alert(1)', 'javascript://%0aalert(1)', 'file:///etc/details.js', 'ftp://x/details.js', 'data:text/javascript,alert(1)', '//evil.example/x.js', 'details.js', 'https://x/a b.js', 'https://x/"a.js', '', 'javascript:https://x/details.js', 'data:text/javascript,https://x/a.js', 'xhttps://x/a.js']) {
      assert.throws(() => buildHtml(input({ scriptUri: bad })), /invalid webview resource URI/, bad);
      assert.throws(() => buildHtml(input({ styleUri: bad })), /invalid webview resource URI/, bad);
    }
    assert.doesNotThrow(() => buildHtml(input({ scriptUri: 'vscode-webview-resource://abc/file///x/details.js' })));
    assert.doesNotThrow(() => buildHtml(input({ scriptUri: 'http://127.0.0.1:8080/stable/vscode-remote-resource?path=/x/details.js' })));
  });

  it('refuses a bad nonce or CSP source (through buildCsp)', () => {
    assert.throws(() => buildHtml(input({ nonce: `x" onload="alert(1)` })), /invalid CSP nonce/);
    assert.throws(() => buildHtml(input({ cspSource: '* ; script-src *' })), /invalid CSP source/);
  });
});

describe('escapeAttr', () => {
  it('escapes the five characters that matter in attributes and text', () => {
    assert.equal(escapeAttr(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    assert.equal(escapeAttr('&amp;'), '&amp;amp;', 'escapes & first, once');
    assert.equal(escapeAttr('plain text'), 'plain text');
  });
});
