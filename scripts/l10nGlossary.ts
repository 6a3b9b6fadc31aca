// The translations use VS Code's own words (l10n/glossary.json): wherever an English text has a
// glossary term, its translation has that language's term (any inflection the `accept` pattern
// allows), except for the English keys listed under `except`. Run by `npm run l10n:check` and
// test/unit/l10nGlossary.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import { type FileKind, LANGUAGES, readEnglish, translationFile } from './l10nCheck';

export interface GlossaryLang {
  term: string;
  accept: string;
  source: string | null;
  note?: string;
}
export interface GlossaryTerm {
  id: string;
  en: string;
  langs: Record<string, GlossaryLang>;
}
export interface Glossary {
  terms: GlossaryTerm[];
  /** term id → language ('*' for all) → English keys (bundle key or package.nls id) exempt, each with a reason. */
  except: Record<string, Record<string, Record<string, string>>>;
}
export interface GlossaryMiss {
  term: string;
  lang: string;
  file: string;
  key: string;
  english: string;
  translation: string;
  expected: string;
}

export const GLOSSARY_FILE = 'l10n/glossary.json';

export function readGlossary(root: string): Glossary {
  const g = JSON.parse(fs.readFileSync(path.join(root, GLOSSARY_FILE), 'utf8')) as Glossary;
  if (!Array.isArray(g.terms)) throw new Error(`${GLOSSARY_FILE}: no terms`);
  return { terms: g.terms, except: g.except ?? {} };
}

/** Text outside code spans, command links' targets and placeholders: what a person reads. */
export function readable(text: string): string {
  return text.replace(/`[^`]*`/g, ' ').replace(/\]\([^)]*\)/g, '] ').replace(/\{[^}]*\}/g, ' ');
}

function readTranslation(root: string, kind: FileKind, lang: string): Record<string, unknown> {
  const file = path.join(root, translationFile(kind, lang));
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
}

export function checkGlossary(root: string, glossary: Glossary = readGlossary(root), langs: readonly string[] = LANGUAGES): GlossaryMiss[] {
  const misses: GlossaryMiss[] = [];
  for (const kind of ['bundle', 'nls'] as const) {
    const english = readEnglish(root, kind);
    for (const lang of langs) {
      const tr = readTranslation(root, kind, lang);
      for (const t of glossary.terms) {
        const l = t.langs[lang];
        if (!l) continue;
        const en = new RegExp(t.en, 'iu');
        const accept = new RegExp(l.accept, 'iu');
        const except = { ...(glossary.except[t.id]?.['*'] ?? {}), ...(glossary.except[t.id]?.[lang] ?? {}) };
        for (const [key, text] of english) {
          if (!en.test(readable(text)) || key in except) continue;
          const value = tr[key];
          if (typeof value !== 'string') continue; // missing keys are l10nCheck's report
          if (!accept.test(readable(value))) misses.push({ term: t.id, lang, file: translationFile(kind, lang), key, english: text, translation: value, expected: l.term });
        }
      }
    }
  }
  return misses;
}

export function formatGlossaryMisses(misses: readonly GlossaryMiss[]): string {
  return misses.map((m) => `${m.file}: "${m.term}" should read "${m.expected}" (VS Code's word): ${JSON.stringify(m.key)} = ${JSON.stringify(m.translation)}`).join('\n');
}

if (require.main === module) {
  const misses = checkGlossary(path.resolve(__dirname, '..'));
  if (misses.length) {
    console.log(formatGlossaryMisses(misses));
    console.log(`${misses.length} translation(s) do not use the glossary's term (l10n/glossary.json).`);
    process.exitCode = 1;
  } else console.log('All translations use the glossary terms.');
}
