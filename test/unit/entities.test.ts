// The details webview decodes HTML character references with the browser's parser
// (src/webview/client/entities.ts, which esbuild puts in place of the `entities` package in
// media/dist/details.js). Run here on jsdom's HTML parser: for every named reference on the
// package's list, and for the near misses markdown-it can pass, it gives what the package gives.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JSDOM } from 'jsdom';
import { decodeHTML, decodeHTMLStrict, determineBranch, htmlDecodeTree } from 'entities/lib/decode.js';
import { decodeHTML as pageDecodeHTML, decodeHTMLStrict as pageDecodeHTMLStrict, entityDecoder } from '../../src/webview/client/entities';

const ours = entityDecoder(new JSDOM('<!doctype html><body></body>').window.document);

/** Every name in the package's decode tree: "amp;", "amp" (a legacy name without ";"), … */
function allNames(): string[] {
  const alphabet = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789;'];
  const names: string[] = [];
  const walk = (index: number, name: string): void => {
    const node = htmlDecodeTree[index];
    const valueLength = (node & 0xc000) >> 14;
    for (const c of alphabet) {
      const next = determineBranch(htmlDecodeTree, node, index + Math.max(1, valueLength), c.charCodeAt(0));
      if (next < 0) continue;
      if (htmlDecodeTree[next] & 0xc000) names.push(name + c);
      // After ";" the name is complete (and a one-word value fills the node's branch bits).
      if (c !== ';') walk(next, name + c);
    }
  };
  walk(0, '');
  return names;
}

describe('webview HTML references (browser parser instead of the entities table)', () => {
  const names = allNames();

  it('walks the whole list (2,231 names, 106 of them legacy ones without ";")', () => {
    assert.equal(names.length, 2231);
    assert.equal(names.filter((n) => !n.endsWith(';')).length, 106);
    assert.ok(names.includes('CounterClockwiseContourIntegral;') && names.includes('amp') && names.includes('notin;'));
  });

  it('decodes every named reference as the package does, in both modes', () => {
    const differ: string[] = [];
    for (const name of names) {
      const ref = `&${name}`;
      if (ours.decodeHTML(ref) !== decodeHTML(ref)) differ.push(`decodeHTML ${ref}`);
      if (ours.decodeHTMLStrict(ref) !== decodeHTMLStrict(ref)) differ.push(`decodeHTMLStrict ${ref}`);
    }
    assert.deepEqual(differ, []);
    assert.equal(ours.decodeHTMLStrict('&rarr;'), '→');
    assert.equal(ours.decodeHTMLStrict('&NotEqualTilde;'), '\u2242\u0338', 'a two-code-point value');
  });

  it('a legacy name followed by letters: decoded in text, left alone in strict mode', () => {
    for (const ref of ['&notit;', '&ampfoo;', '&copyx;', '&AMPx;', '&lt9;']) {
      assert.notEqual(decodeHTML(ref), ref, `the package decodes ${ref} in legacy mode`);
      assert.equal(ours.decodeHTML(ref), decodeHTML(ref), ref);
      assert.equal(ours.decodeHTMLStrict(ref), ref, `${ref} stays as written`);
      assert.equal(decodeHTMLStrict(ref), ref);
    }
    assert.equal(ours.decodeHTML('&notit;'), '¬it;');
  });

  it('unknown names, numeric references and text around them as the package', () => {
    const inputs = [
      '&foo;', '&Amp;', '&xyz123;', '&a;', '&#x;', '&#;', '&#xZ;', '&#65;', '&#x41;', '&#X41;', '&#0;', '&#128;', '&#x80;',
      '&#55296;', '&#1114112;', '&#123456789;', '&#x1F600;', '&#9;', 'plain text', '', '&', '&;',
      'a &amp; b &lt;c&gt; &notin; d', 'x&amp&lt;y', '&amp;&amp;', 'Tom &amp Jerry', '<b>&quot;"</b>', '&lt<',
    ];
    for (const s of inputs) {
      assert.equal(ours.decodeHTML(s), decodeHTML(s), `decodeHTML ${JSON.stringify(s)}`);
      if (!/&[A-Za-z0-9#]+(?![A-Za-z0-9;])/.test(s)) {
        // (strict mode on a reference without ";" is not something markdown-it asks for)
        assert.equal(ours.decodeHTMLStrict(s), decodeHTMLStrict(s), `decodeHTMLStrict ${JSON.stringify(s)}`);
      }
    }
  });

  it('the module functions (what markdown-it imports) decode on the page\'s document, with one textarea and one template kept', () => {
    const doc = new JSDOM('<!doctype html><body></body>').window.document;
    const created: string[] = [];
    const create = doc.createElement.bind(doc);
    doc.createElement = ((tag: string) => (created.push(tag), create(tag))) as typeof doc.createElement;
    const g = globalThis as { document?: Document };
    const before = g.document;
    g.document = doc;
    try {
      assert.equal(pageDecodeHTML('&notit; &amp; &rarr;'), '¬it; & →');
      assert.equal(pageDecodeHTMLStrict('&notit; &amp; &rarr;'), '&notit; & →');
      assert.equal(pageDecodeHTML('no references'), 'no references');
      assert.equal(pageDecodeHTMLStrict('&copy;'), '©');
      assert.deepEqual(created, ['textarea', 'template']);
    } finally {
      if (before === undefined) delete g.document;
      else g.document = before;
    }
  });

  it('never hands markup to the parser: tags and quotes around references come back as written', () => {
    const doc = new JSDOM('<!doctype html><body></body>').window.document;
    const dec = entityDecoder(doc);
    const hostile = '</textarea><img src=x onerror=alert(1)>&amp;"><i title="&lt;">';
    assert.equal(dec.decodeHTML(hostile), '</textarea><img src=x onerror=alert(1)>&"><i title="<">');
    assert.equal(dec.decodeHTMLStrict(hostile), '</textarea><img src=x onerror=alert(1)>&"><i title="<">');
    assert.equal(doc.querySelectorAll('img').length, 0);
  });
});
