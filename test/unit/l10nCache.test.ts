// The memoized translations of src/util/l10n.ts: a lookup runs once per configured bundle (tree rows
// call them thousands of times), runs again after the bundle changes, and a "{0}" template is filled
// like the l10n.t call it replaces, also when a translation leaves "{0}" out.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import * as l10n from '@vscode/l10n';
import { cached, cachedFill, configure } from '../../src/util/l10n';

describe('cached translations', () => {
  after(() => configure(undefined));

  it('looks a word up once per bundle, and again after the bundle changes', () => {
    configure(undefined);
    let calls = 0;
    const word = cached(() => {
      calls++;
      return l10n.t('running');
    });
    assert.equal(word(), 'running');
    assert.equal(word(), 'running');
    assert.equal(calls, 1);
    configure({ running: 'läuft' });
    assert.equal(word(), 'läuft');
    assert.equal(word(), 'läuft');
    assert.equal(calls, 2);
  });

  it('fills "{0}" with the argument, in English and translated', () => {
    configure(undefined);
    const ago = cachedFill(() => l10n.t('{0} min ago'));
    assert.equal(ago(5), '5 min ago');
    configure({ '{0} min ago': 'il y a {0} min' });
    assert.equal(ago(7), 'il y a 7 min');
    assert.equal(ago('x'), 'il y a x min');
  });

  it('keeps a translation that leaves "{0}" out as it is', () => {
    configure({ '{0} min ago': 'vorhin' });
    const ago = cachedFill(() => l10n.t('{0} min ago'));
    assert.equal(ago(5), 'vorhin');
  });

  it('fills a template whose "{0}" is at the start or the end', () => {
    configure({ 'ACUs: {0}': '{0}', 'x {0}': 'x {0}' });
    assert.equal(cachedFill(() => l10n.t('ACUs: {0}'))(3), '3');
    assert.equal(cachedFill(() => l10n.t('x {0}'))(3), 'x 3');
  });
});
