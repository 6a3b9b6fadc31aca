// Compares every translation with the English strings it translates:
//   l10n/bundle.l10n.<lang>.json  against l10n/bundle.l10n.json (keys are the English texts of vscode.l10n.t)
//   package.nls.<lang>.json       against package.nls.json      (commands, views, settings, walkthrough)
// It finds missing keys (English strings nobody translated yet), stale keys (translations of strings
// English no longer has), placeholders, codicons, links, command ids and code spans that differ
// from English, and values left identical to English that are not names (l10n/allow-identical.json).
//
// `npm run l10n:check` prints the report and fails when anything is wrong; `npm run l10n` (export of
// the English bundle) prints the same report without failing. test/unit/l10nTranslations.test.ts
// runs the same checks.
import fs from 'node:fs';
import path from 'node:path';
import { checkGlossary, formatGlossaryMisses, GLOSSARY_FILE } from './l10nGlossary';

/** The display languages the extension ships, as VS Code spells the locale ids. */
export const LANGUAGES = ['zh-cn', 'ja', 'ko', 'de', 'fr', 'es', 'pt-br'] as const;

/**
 * Whether every language of LANGUAGES must have its files: an absent language fails
 * `npm run l10n:check` and the unit tests. (False only while the first translations were landing.)
 */
export const REQUIRE_ALL_LANGUAGES = true;

export type FileKind = 'bundle' | 'nls';

export interface Problem {
  kind: 'missing' | 'stale' | 'notString' | 'empty' | 'placeholders' | 'identical' | 'buttons';
  key: string;
  detail?: string;
}

export interface FileReport {
  lang: string;
  kind: FileKind;
  file: string;
  /** False when the file does not exist (then `problems` is empty). */
  present: boolean;
  problems: Problem[];
}

/** Names and words that stay English in a translation, by English value: "*" for every language. */
export type AllowList = Record<string, readonly string[]>;

export function englishFile(kind: FileKind): string {
  return kind === 'bundle' ? 'l10n/bundle.l10n.json' : 'package.nls.json';
}

export function translationFile(kind: FileKind, lang: string): string {
  return kind === 'bundle' ? `l10n/bundle.l10n.${lang}.json` : `package.nls.${lang}.json`;
}

/** The language ids of the translation files in the repository (bundle or nls). */
export function presentLanguages(root: string): string[] {
  const langs = new Set<string>();
  for (const f of fs.readdirSync(path.join(root, 'l10n'))) {
    const m = /^bundle\.l10n\.([^.]+)\.json$/.exec(f);
    if (m) langs.add(m[1]);
  }
  for (const f of fs.readdirSync(root)) {
    const m = /^package\.nls\.([^.]+)\.json$/.exec(f);
    if (m) langs.add(m[1]);
  }
  return [...langs].sort();
}

/** English strings by key. In the bundle a value may be `{ message, comment }` (l10n.t with a comment). */
export function readEnglish(root: string, kind: FileKind): Map<string, string> {
  const raw = JSON.parse(fs.readFileSync(path.join(root, englishFile(kind)), 'utf8')) as Record<string, unknown>;
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === 'string') out.set(k, v);
    else if (v && typeof v === 'object' && typeof (v as { message?: unknown }).message === 'string') out.set(k, (v as { message: string }).message);
    else throw new Error(`${englishFile(kind)}: ${JSON.stringify(k)} has no English text`);
  }
  return out;
}

/**
 * What a translation must carry over unchanged, as a sorted list: placeholders ({0}, {name}),
 * codicons ($(sync)), %…% references, markdown link targets (URLs, command ids with their
 * arguments), bare command: / http(s) URLs, and `code spans`.
 */
export function fixedParts(text: string): string[] {
  const parts: string[] = [];
  const linkTargets = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  for (const t of linkTargets) parts.push(`link:${t}`);
  // Outside link targets: bare URLs and command ids.
  const withoutLinks = text.replace(/\]\(([^)\s]+)\)/g, ']');
  for (const m of withoutLinks.matchAll(/\b(?:https?:\/\/|command:)[A-Za-z0-9\-._~:/?#@!$&*+,;=%<>]+/g)) parts.push(`url:${m[0].replace(/[.,;:]+$/, '')}`);
  for (const m of text.matchAll(/\{[A-Za-z0-9_]+\}/g)) parts.push(`ph:${m[0]}`);
  for (const m of text.matchAll(/\$\([A-Za-z0-9~-]+\)/g)) parts.push(`codicon:${m[0]}`);
  for (const m of withoutLinks.matchAll(/%[A-Za-z0-9_.-]+%/g)) parts.push(`ref:${m[0]}`);
  for (const m of text.matchAll(/`([^`\n]+)`/g)) parts.push(`code:${m[1]}`);
  return parts.sort();
}

/**
 * The targets of the lines that are a link and nothing else, in order. In a welcome view
 * (viewsWelcome) such a line is a button; a translation must keep each on its own line.
 */
export function buttonLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => /^\s*\[[^\]]+\]\(([^)\s]+)\)\s*$/.exec(l)?.[1])
    .filter((t): t is string => t !== undefined);
}

/**
 * True when an untranslated value is fine without an allow-list entry: nothing but placeholders,
 * codicons, URLs, numbers and punctuation ("{0} ({1})", "{0}: {1}", "…").
 */
export function nothingToTranslate(text: string): boolean {
  const rest = text
    .replace(/\{[A-Za-z0-9_]+\}/g, '')
    .replace(/\$\([A-Za-z0-9~-]+\)/g, '')
    .replace(/\b(?:https?:\/\/|command:)[A-Za-z0-9\-._~:/?#@!$&*+,;=%<>]+/g, '')
    .replace(/`[^`]*`/g, '');
  return !/\p{L}/u.test(rest);
}

export function readAllowList(root: string): AllowList {
  const file = path.join(root, 'l10n/allow-identical.json');
  if (!fs.existsSync(file)) return {};
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const out: Record<string, string[]> = {};
  for (const [lang, list] of Object.entries(raw)) {
    if (lang.startsWith('//')) continue;
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) throw new Error(`l10n/allow-identical.json: "${lang}" must be a list of English texts`);
    out[lang] = list as string[];
  }
  return out;
}

function allowed(allow: AllowList, lang: string, english: string): boolean {
  return (allow['*'] ?? []).includes(english) || (allow[lang] ?? []).includes(english);
}

/** Checks one translation file against English. */
export function checkFile(root: string, kind: FileKind, lang: string, allow: AllowList = readAllowList(root)): FileReport {
  const file = translationFile(kind, lang);
  const full = path.join(root, file);
  if (!fs.existsSync(full)) return { lang, kind, file, present: false, problems: [] };
  const english = readEnglish(root, kind);
  let translated: Record<string, unknown>;
  try {
    translated = JSON.parse(fs.readFileSync(full, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    return { lang, kind, file, present: true, problems: [{ kind: 'notString', key: '(file)', detail: `not valid JSON: ${(e as Error).message}` }] };
  }
  const problems: Problem[] = [];
  for (const [key, en] of english) {
    if (!Object.hasOwn(translated, key)) {
      problems.push({ kind: 'missing', key });
      continue;
    }
    const value = translated[key];
    if (typeof value !== 'string') {
      problems.push({ kind: 'notString', key, detail: `is ${JSON.stringify(value)}` });
      continue;
    }
    if (value.trim() === '') {
      problems.push({ kind: 'empty', key });
      continue;
    }
    const want = fixedParts(en);
    const got = fixedParts(value);
    if (JSON.stringify(want) !== JSON.stringify(got)) {
      const lost = want.filter((p) => !got.includes(p));
      const extra = got.filter((p) => !want.includes(p));
      problems.push({ kind: 'placeholders', key, detail: `expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}${lost.length ? `; lost ${lost.join(' ')}` : ''}${extra.length ? `; extra ${extra.join(' ')}` : ''}` });
    }
    if (JSON.stringify(buttonLines(en)) !== JSON.stringify(buttonLines(value))) {
      problems.push({ kind: 'buttons', key, detail: `link lines ${JSON.stringify(buttonLines(en))} must stay one per line, got ${JSON.stringify(buttonLines(value))}` });
    }
    if (value === en && !nothingToTranslate(en) && !allowed(allow, lang, en)) {
      problems.push({ kind: 'identical', key, detail: 'left in English (translate it, or add it to l10n/allow-identical.json if it is a name)' });
    }
  }
  for (const key of Object.keys(translated)) {
    if (!english.has(key)) problems.push({ kind: 'stale', key });
  }
  return { lang, kind, file, present: true, problems };
}

/** Reports for the given languages (default: every language that has a file), bundle and nls each. */
export function checkAll(root: string, langs: readonly string[] = presentLanguages(root)): FileReport[] {
  const allow = readAllowList(root);
  return langs.flatMap((lang) => (['bundle', 'nls'] as const).map((kind) => checkFile(root, kind, lang, allow)));
}

/** Human-readable report: per file, counts and the keys by problem. */
export function formatReport(reports: readonly FileReport[], expected: readonly string[] = LANGUAGES): string {
  const lines: string[] = [];
  const langs = new Set(reports.map((r) => r.lang));
  const absent = expected.filter((l) => !reports.some((r) => r.lang === l && r.present));
  for (const lang of langs) {
    for (const r of reports.filter((x) => x.lang === lang)) {
      if (!r.present) {
        lines.push(`${r.file}: absent`);
        continue;
      }
      if (r.problems.length === 0) {
        lines.push(`${r.file}: complete`);
        continue;
      }
      const byKind = new Map<string, Problem[]>();
      for (const p of r.problems) byKind.set(p.kind, [...(byKind.get(p.kind) ?? []), p]);
      lines.push(`${r.file}: ${[...byKind].map(([k, ps]) => `${ps.length} ${k}`).join(', ')}`);
      for (const [k, ps] of byKind) {
        for (const p of ps) lines.push(`  ${k}: ${JSON.stringify(p.key)}${p.detail ? ` ${p.detail}` : ''}`);
      }
    }
  }
  if (absent.length) lines.push(`languages without translations: ${absent.join(', ')}`);
  return lines.join('\n');
}

function main(argv: string[]): void {
  const at = argv.indexOf('--root');
  const root = at >= 0 ? path.resolve(argv[at + 1]) : path.resolve(__dirname, '..');
  const reportOnly = argv.includes('--report-only');
  const reports = checkAll(root, LANGUAGES);
  const unexpected = presentLanguages(root).filter((l) => !(LANGUAGES as readonly string[]).includes(l));
  console.log(formatReport(reports));
  if (unexpected.length) console.log(`unexpected language files (not one of ${LANGUAGES.join(', ')}): ${unexpected.join(', ')}`);
  const absent = REQUIRE_ALL_LANGUAGES && reports.some((r) => !r.present);
  // VS Code's own words (l10n/glossary.json), once every file is complete.
  const glossaryMisses = fs.existsSync(path.join(root, GLOSSARY_FILE)) ? checkGlossary(root) : [];
  if (glossaryMisses.length) console.log(`${formatGlossaryMisses(glossaryMisses)}\n${glossaryMisses.length} translation(s) do not use the term of ${GLOSSARY_FILE}`);
  const bad = reports.some((r) => r.problems.length > 0) || unexpected.length > 0 || absent || glossaryMisses.length > 0;
  if (bad && !reportOnly) process.exitCode = 1;
}

if (require.main === module) main(process.argv.slice(2));
