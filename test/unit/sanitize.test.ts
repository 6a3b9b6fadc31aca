// The webview's DOMPurify step (src/webview/sanitize.ts), run on jsdom: what it must remove from
// message HTML before it enters the page, and what the renderer's own markup must keep.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JSDOM } from 'jsdom';
import { appendSanitized, sanitizeHtml } from '../../src/webview/sanitize';
import { renderMessage } from '../../src/webview/render';
import { DEFAULT_STRINGS } from '../../src/webview/protocol';

type Win = Window & typeof globalThis;

function page(): { win: Win; list: HTMLOListElement } {
  const dom = new JSDOM('<!doctype html><html><body><ol id="messages"><li id="first">earlier</li></ol></body></html>');
  const win = dom.window as unknown as Win;
  return { win, list: win.document.getElementById('messages') as HTMLOListElement };
}

/** Everything in `root` that could run script or navigate somewhere other than http(s). */
function dangers(root: Element): string[] {
  const found: string[] = [];
  for (const el of Array.from(root.querySelectorAll('*'))) {
    const tag = el.tagName.toLowerCase();
    if (['script', 'iframe', 'object', 'embed', 'svg', 'math', 'style', 'form', 'input', 'button', 'textarea', 'select'].includes(tag)) found.push(`<${tag}>`);
    for (const a of Array.from(el.attributes)) {
      if (/^on/i.test(a.name)) found.push(`${tag}[${a.name}]`);
      if (a.name === 'style') found.push(`${tag}[style]`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(a.name) && !/^https?:/i.test(a.value)) found.push(`${tag}[${a.name}=${a.value}]`);
    }
  }
  return found;
}

const HOSTILE = [
  '<script>window.pwned = 1</script>',
  '<img src="x" onerror="window.pwned = 2">',
  '<img src="https://img.example/a.png" onerror="window.pwned = 3">',
  '<a href="javascript:window.pwned=4">click</a>',
  '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
  '<a href="javascript:alert(1)//https://x.example">scheme later in the value</a>',
  '<a href="data:text/html,<script>alert(1)</script>">data</a>',
  '<a href="vscode:extension/evil">vscode</a>',
  '<a href="command:workbench.action.terminal.new">command</a>',
  '<iframe src="https://evil.example"></iframe>',
  '<object data="https://evil.example/x.swf"></object>',
  '<embed src="https://evil.example/x.swf">',
  '<svg><a xlink:href="javascript:alert(1)"><text>svg</text></a></svg>',
  '<svg onload="alert(1)"></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<form action="https://evil.example"><input name="k"><button>go</button></form>',
  '<p style="position:fixed;inset:0">overlay</p>',
  '<style>body{display:none}</style>',
  '<textarea>t</textarea><select><option>o</option></select>',
  '<div onclick="alert(1)" onmouseover="alert(2)">hover</div>',
];

describe('webview sanitizing (DOMPurify on jsdom)', () => {
  for (const html of HOSTILE) {
    it(`removes the danger from ${html.slice(0, 60)}`, () => {
      const { win, list } = page();
      appendSanitized(list, `<li>${html}</li>`);
      assert.deepEqual(dangers(list), []);
      assert.equal((win as unknown as { pwned?: number }).pwned, undefined);
      assert.equal(list.firstElementChild?.id, 'first', 'appended after what was there');
      assert.equal(list.children.length, 2);
    });
  }

  it('sanitizeHtml alone removes script, handlers and javascript: URLs', () => {
    const { win } = page();
    for (const html of HOSTILE) {
      const out = sanitizeHtml(html, win);
      assert.doesNotMatch(out, /<script|onerror|onload|onclick|onmouseover|javascript:|data:text|<iframe|<object|<embed|<svg|<math|<style|<form|<input|<button|<textarea|<select|style=/i, html);
    }
    assert.equal(sanitizeHtml('<p style="position:fixed">overlay</p>', win), '<p>overlay</p>', 'text content stays');
    assert.equal(sanitizeHtml('<a href="javascript:x">click</a>', win), '<a>click</a>');
  });

  it('keeps http(s) links, in any case, with the attributes the script relies on', () => {
    const { win } = page();
    const out = sanitizeHtml(
      '<a class="ext-link" href="https://x.example/a" data-link="https://x.example/a" title="t" rel="noopener noreferrer">s</a>' +
        '<a href="http://localhost:8080/p">h</a><a href="HTTPS://UP.EXAMPLE/">u</a>',
      win,
    );
    const doc = new JSDOM(`<body>${out}</body>`).window.document;
    const links = Array.from(doc.querySelectorAll('a'));
    assert.deepEqual(links.map((a) => a.getAttribute('href')), ['https://x.example/a', 'http://localhost:8080/p', 'HTTPS://UP.EXAMPLE/']);
    assert.equal(links[0].getAttribute('data-link'), 'https://x.example/a');
    // DOMPurify drops rel; harmless, as the script intercepts every click on a link.
    assert.equal(links[0].getAttribute('class'), 'ext-link');
  });

  it('keeps the image attributes that stop a referrer and lazy-load', () => {
    const { win } = page();
    const out = sanitizeHtml('<img src="https://img.example/a.png" alt="a" loading="lazy" decoding="async" referrerpolicy="no-referrer">', win);
    const img = new JSDOM(`<body>${out}</body>`).window.document.querySelector('img');
    assert.ok(img);
    assert.equal(img.getAttribute('src'), 'https://img.example/a.png');
    assert.equal(img.getAttribute('loading'), 'lazy');
    assert.equal(img.getAttribute('decoding'), 'async');
    assert.equal(img.getAttribute('referrerpolicy'), 'no-referrer');
  });

  it("leaves the renderer's markup of a hostile message intact (nothing to remove, nothing lost)", () => {
    const { list } = page();
    const html = renderMessage(
      {
        event_id: 'ev-1',
        source: 'devin',
        created_at: 1_700_000_000,
        message: 'Hi <script>alert(1)</script> [ok](https://ok.example/x) [bad](javascript:alert(1)) ![i](https://img.example/p.png) <img src=x onerror=alert(1)>',
      },
      DEFAULT_STRINGS,
      1_700_000_100,
    );
    appendSanitized(list, html);
    const li = list.children[1];
    assert.equal(li.getAttribute('data-event-id'), 'ev-1');
    assert.ok(li.classList.contains('from-devin'));
    assert.deepEqual(dangers(list), []);
    assert.equal(list.querySelector('a[data-link]')?.getAttribute('href'), 'https://ok.example/x');
    const placeholder = list.querySelector('.img-placeholder');
    assert.equal(placeholder?.getAttribute('data-image'), 'https://img.example/p.png');
    // Reached with Tab and announced as a button (e2e 11-a11y walks the tab order).
    assert.equal(placeholder?.getAttribute('tabindex'), '0');
    assert.equal(placeholder?.getAttribute('role'), 'button');
    assert.match(li.textContent ?? '', /<script>alert\(1\)<\/script>/, 'the escaped script is shown as text');
  });

  it('refuses to insert anything where DOMPurify cannot work', () => {
    assert.throws(() => sanitizeHtml('<b>x</b>', {} as Win), /not supported/);
    const detached = page().win.document.implementation.createHTMLDocument('x');
    const list = detached.createElement('ol');
    assert.throws(() => appendSanitized(list, '<li>x</li>'), /not in a window/);
    assert.equal(list.children.length, 0);
  });
});
