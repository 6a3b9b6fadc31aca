// The translations use the words VS Code itself uses (l10n/glossary.json, read from VS Code's
// language packs in microsoft/vscode-loc): wherever an English text has a glossary term ("sign in",
// "pull request", "check out", "branch", "settings", …), each language's translation has VS Code's
// word for it. The checker (scripts/l10nGlossary.ts) is proven on small projects it writes itself.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { tempProjects } from '../support/l10nProject';
import { LANGUAGES } from '../../scripts/l10nCheck';
import { checkGlossary, formatGlossaryMisses, readable, readGlossary } from '../../scripts/l10nGlossary';

const root = path.resolve(__dirname, '../..');

describe('the glossary of VS Code terms', () => {
  const glossary = readGlossary(root);

  it('gives every term a word, a pattern and a source (or a note why none) in all seven languages', () => {
    assert.ok(glossary.terms.length >= 10);
    for (const t of glossary.terms) {
      assert.doesNotThrow(() => new RegExp(t.en, 'iu'), t.id);
      assert.deepEqual(Object.keys(t.langs).sort(), [...LANGUAGES].sort(), t.id);
      for (const [lang, l] of Object.entries(t.langs)) {
        const where = `${t.id} ${lang}`;
        assert.ok(l.term.trim(), where);
        assert.match(l.term, new RegExp(l.accept, 'iu'), `${where}: the term itself matches its accept pattern`);
        assert.ok(typeof l.source === 'string' ? /\.i18n\.json\b/.test(l.source) : typeof l.note === 'string' && l.note.length > 0, `${where}: a vscode-loc source or a note`);
      }
    }
  });

  it('exempts only keys that exist, each with a reason', () => {
    const english = new Set([
      ...Object.keys(JSON.parse(fs.readFileSync(path.join(root, 'l10n/bundle.l10n.json'), 'utf8'))),
      ...Object.keys(JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8'))),
    ]);
    for (const [id, byLang] of Object.entries(glossary.except)) {
      assert.ok(glossary.terms.some((t) => t.id === id), id);
      for (const keys of Object.values(byLang)) {
        for (const [key, reason] of Object.entries(keys)) {
          assert.ok(english.has(key), `${id}: stale exception ${JSON.stringify(key)}`);
          assert.ok(reason.trim().length > 5, key);
        }
      }
    }
  });

  it('is used by every translation (bundle and package.nls, all seven languages)', () => {
    const misses = checkGlossary(root, glossary);
    assert.deepEqual(misses, [], `use VS Code's word (l10n/glossary.json):\n${formatGlossaryMisses(misses)}`);
  });
});

describe('the glossary checker', () => {
  const project = tempProjects('devin-l10n-glossary-');
  const glossary = {
    terms: [
      { id: 'sign-in', en: '\\bsign(?:ed)? in\\b', langs: { de: { term: 'Anmelden', accept: 'anmeld|angemeld', source: 'x.i18n.json' }, ja: { term: 'サインイン', accept: 'サインイン', source: 'x.i18n.json' } } },
      { id: 'branch', en: '\\bbranch\\b', langs: { de: { term: 'Branch', accept: 'branch', source: 'x.i18n.json' } } },
    ],
    except: { branch: { de: { 'Run: git branch {0}': 'a command line' } } },
  };

  it('reports a translation without the term, in bundles and package.nls, and passes inflected forms', () => {
    const dir = project({
      'l10n/glossary.json': glossary,
      'l10n/bundle.l10n.json': { 'Sign In': 'Sign In', 'Signed in as {0}.': 'Signed in as {0}.', 'New branch': 'New branch', 'Run: git branch {0}': 'Run: git branch {0}' },
      'package.nls.json': { 'cmd.signIn': 'Sign In' },
      'l10n/bundle.l10n.de.json': { 'Sign In': 'Einloggen', 'Signed in as {0}.': 'Als {0} angemeldet.', 'New branch': 'Neue Verzweigung', 'Run: git branch {0}': 'Ausführen: git branch {0}' },
      'package.nls.de.json': { 'cmd.signIn': 'Login' },
      'l10n/bundle.l10n.ja.json': { 'Sign In': 'サインイン', 'Signed in as {0}.': '{0} としてサインインしました。', 'New branch': '新しいブランチ' },
      'package.nls.ja.json': { 'cmd.signIn': 'サインイン' },
    });
    const misses = checkGlossary(dir, readGlossary(dir), ['de', 'ja']);
    assert.deepEqual(misses.map((m) => `${m.file} ${m.term} ${m.key}`).sort(), [
      'l10n/bundle.l10n.de.json branch New branch',
      'l10n/bundle.l10n.de.json sign-in Sign In',
      'package.nls.de.json sign-in cmd.signIn',
    ]);
    assert.match(formatGlossaryMisses(misses), /package\.nls\.de\.json: "sign-in" should read "Anmelden".*"cmd\.signIn" = "Login"/);
  });

  it('ignores what nobody reads as the term: code spans, link targets and placeholders', () => {
    assert.doesNotMatch(readable('Run `git branch x` or [Open](command:devin.branch) for {branch}'), /branch/);
    assert.match(readable('Run `x` on the branch [Open](command:y)'), /the branch \[Open\]/);
    const dir = project({
      'l10n/glossary.json': glossary,
      'l10n/bundle.l10n.json': { 'Run `git branch x`.': 'Run `git branch x`.' },
      'package.nls.json': {},
      'l10n/bundle.l10n.de.json': { 'Run `git branch x`.': 'Führen Sie `git branch x` aus.' },
    });
    assert.deepEqual(checkGlossary(dir, readGlossary(dir), ['de']), []);
  });
});
