// The needs-input banner quotes Devin's question as one short plain line (questionExcerpt in
// src/webview/render.ts): each Markdown construct is removed on its own, and the cut lands on a word.
// Edges that render.test.ts's two examples leave open (mutation testing showed them untested).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';

const require = createRequire(__filename);
require('../support/vscode-stub.cjs');
const { questionExcerpt, QUESTION_CHARS } = require('../../src/webview/render') as typeof import('../../src/webview/render');

describe('questionExcerpt: the banner quote', () => {
  it('is empty for anything but text', () => {
    assert.equal(questionExcerpt(undefined), '');
    assert.equal(questionExcerpt(42), '');
    assert.equal(questionExcerpt(null), '');
  });

  it('drops each Markdown mark and keeps the words', () => {
    assert.equal(questionExcerpt('# Heading\nbody'), 'Heading body');
    assert.equal(questionExcerpt('###### Six\nx'), 'Six x');
    assert.equal(questionExcerpt('> quoted\n- one\n* two\n+ three\n1. first\n2) second'), 'quoted one two three first second');
    assert.equal(questionExcerpt('   # three spaces'), 'three spaces');
    assert.equal(questionExcerpt('#hashtag stays'), '#hashtag stays');
    assert.equal(questionExcerpt('**bold** __under__ *em* _em_ ~~gone~~ `code`'), 'bold under em em gone code');
    assert.equal(questionExcerpt('a ![the chart](https://x.example/c.png) b'), 'a the chart b');
    assert.equal(questionExcerpt('a [link](https://x.example/) b'), 'a link b');
    assert.equal(questionExcerpt('before ```js\nlet x;\n``` after'), 'before … after');
    assert.equal(questionExcerpt('open fence ```\nnever closed'), 'open fence …');
  });

  it('a text that fits is unchanged; a longer one is cut on a word, without trailing punctuation, with …', () => {
    const exact = 'x'.repeat(QUESTION_CHARS);
    assert.equal(questionExcerpt(exact), exact);
    assert.equal(questionExcerpt(`${exact}y`), `${'x'.repeat(QUESTION_CHARS - 1)}…`, 'no space to cut at: cut inside the word');
    assert.equal(questionExcerpt('alpha beta, gamma delta', 15), 'alpha beta…');
    assert.equal(questionExcerpt('alpha beta gamma', 16), 'alpha beta gamma', 'exactly max fits');
    // A space too early (before 60% of max) is not used: the cut stays at max - 1.
    assert.equal(questionExcerpt('ab cdefghijklmnopqrstu', 12), 'ab cdefghij…');
  });
});
