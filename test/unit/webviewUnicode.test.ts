// markdown-it in the details webview takes two answers from the browser instead of tables in
// media/dist/details.js (src/webview/client/unicode.ts, put in place by esbuild.js's plugin
// `unicode-from-browser`): whether a character is a Unicode symbol (uc.micro's `S`) and a host
// name's ASCII form (punycode.js's `toASCII`). Compared here with the packages, and the plugin is
// run on markdown-it as the webview build runs it.
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import MarkdownIt from 'markdown-it';
import { S, toASCII } from '../../src/webview/client/unicode';

const { unicodeFromBrowser } = require('../../esbuild.js') as { unicodeFromBrowser: esbuild.Plugin };
// markdown-it's own dependencies (no type declarations of their own).
const punycode = require('punycode.js') as { toASCII(domain: string): string };
const { S: packageS } = require('uc.micro') as { S: RegExp };

describe('webview Unicode answers (browser instead of uc.micro S and punycode.toASCII)', () => {
  it('every symbol of uc.micro is a symbol here; letters, digits, spaces and punctuation are not', () => {
    const lost: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      const ch = String.fromCodePoint(cp);
      if (packageS.test(ch) && !S.test(ch)) lost.push(cp.toString(16));
    }
    assert.deepEqual(lost, []);
    for (const ch of ['$', '+', '<', '=', '>', '^', '`', '|', '~', '©', '€', '→', '∑', '😀']) assert.ok(S.test(ch), `${ch} is a symbol`);
    for (const ch of ['a', 'Z', '7', ' ', '\u00a0', '!', '.', '*', '_', '。', '中']) assert.ok(!S.test(ch), `${JSON.stringify(ch)} is not a symbol`);
  });

  it('toASCII gives punycode.js\'s answer for international names and leaves ASCII names as written', () => {
    for (const host of ['bücher.example', 'мойдомен.рф', '例え.テスト', 'ドメイン名例.jp', 'straße.de', 'a.bücher.b.example']) {
      assert.equal(toASCII(host), punycode.toASCII(host), host);
    }
    for (const host of ['GitHub.com', 'xn--bcher-kva.example', 'localhost', '127.0.0.1', '[::1]', 'a_b.example']) assert.equal(toASCII(host), host);
    // The URL parser lower-cases (punycode.js keeps "Bcher"); either way the browser opens bücher.example.
    assert.equal(toASCII('Bücher.example'), 'xn--bcher-kva.example');
    assert.throws(() => toASCII('bü cher.example'), 'a name no URL can hold is refused (markdown-it keeps it as written)');
  });

  it('the plugin drops the symbol table and punycode\'s encoder, and markdown-it renders as with the packages', async () => {
    const entry = "import MarkdownIt from 'markdown-it'; globalThis.md = new MarkdownIt({ linkify: true });";
    const build = (plugins: esbuild.Plugin[]) =>
      esbuild.build({ stdin: { contents: entry, resolveDir: process.cwd() }, bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022', plugins });
    const [plain, browser] = await Promise.all([build([]), build([unicodeFromBrowser])]);
    const code = browser.outputFiles[0].text;
    const tableStart = packageS.source.slice(0, 40);
    assert.ok(plain.outputFiles[0].text.includes(tableStart), 'without the plugin the table is in the bundle');
    assert.ok(!code.includes(tableStart), 'with it, it is not');
    assert.ok(!code.includes('digitToBasic') && !code.includes('ucs2decode'), 'punycode.js\'s encoder is left out');
    assert.ok(plain.outputFiles[0].text.includes('digitToBasic'), 'which is there without the plugin');
    assert.ok(code.length < plain.outputFiles[0].text.length - 2500, `smaller: ${plain.outputFiles[0].text.length} → ${code.length}`);

    const context: { md?: MarkdownIt; URL: typeof URL } = { URL };
    vm.runInNewContext(code, context);
    const reference = new MarkdownIt({ linkify: true });
    // Emphasis next to symbols and punctuation (isPunctChar), international host names in links
    // and bare URLs (normalizeLink and normalizeLinkText).
    for (const src of ['€*5*€ and *€*x a*$*b', '**$10**, _→x_ ©*a*©', '[shop](https://bücher.example/straße) https://xn--bcher-kva.example/ https://мойдомен.рф', '*a*😀*b* ~*x*~']) {
      assert.equal(context.md!.render(src), reference.render(src), src);
    }
  });
});
