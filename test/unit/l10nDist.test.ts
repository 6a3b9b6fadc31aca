// The translations that ship (esbuild.js writeL10n -> dist/l10n, where package.json "l10n" points)
// are the translators' l10n/bundle.l10n.<language>.json, smaller: every English string still comes
// out in each language exactly as the source bundle says (an entry whose translation is the English
// text is left out, and a missing key shows the English text), and nothing else is in them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as l10n from '@vscode/l10n';

const root = path.resolve(__dirname, '../..');
const { writeL10n } = require('../../esbuild.js') as { writeL10n: (dir: string) => void };
const languages = fs.readdirSync(path.join(root, 'l10n')).map((f) => /^bundle\.l10n\.([\w-]+)\.json$/.exec(f)?.[1]).filter((l): l is string => !!l);
const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;

let dir: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devin-l10n-'));
  // A stale file from a language since removed is not left behind.
  fs.mkdirSync(path.join(dir, 'l10n'));
  fs.writeFileSync(path.join(dir, 'l10n/bundle.l10n.xx.json'), '{}');
  writeL10n(dir);
});
after(() => {
  l10n.config({ contents: {} });
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the shipped translations (dist/l10n)', () => {
  it('has one bundle per language of l10n/, and no English bundle', () => {
    assert.ok(languages.length >= 7, `languages: ${languages.join(', ')}`);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'l10n')).sort(), languages.map((l) => `bundle.l10n.${l}.json`).sort());
  });

  for (const lang of languages) {
    it(`${lang}: every string translates as in l10n/bundle.l10n.${lang}.json, from a smaller file`, () => {
      const source = read(path.join(root, `l10n/bundle.l10n.${lang}.json`));
      const file = path.join(dir, `l10n/bundle.l10n.${lang}.json`);
      const shipped = read(file);
      assert.ok(Object.keys(shipped).every((k) => k in source), 'no key that the source lacks');
      assert.ok(Object.keys(shipped).length > Object.keys(source).length / 2, 'the translations are there');
      // The webview's library, as the host's vscode.l10n does: a missing key shows the English text.
      l10n.config({ contents: shipped });
      for (const [key, text] of Object.entries(source)) {
        const args = Array.from({ length: 10 }, (_, i) => `‹${i}›`);
        const expected = text.replace(/\{(\d+)\}/g, (_m, i: string) => args[Number(i)]);
        assert.equal(l10n.t(key, ...args), expected, `${lang}: ${key}`);
      }
      assert.ok(fs.statSync(file).size < fs.statSync(path.join(root, `l10n/bundle.l10n.${lang}.json`)).size);
      assert.ok(!fs.readFileSync(file, 'utf8').includes('\n'), 'no indentation');
    });
  }
});
