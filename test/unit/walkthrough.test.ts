// The Getting Started walkthrough points only at things that exist: its buttons' commands and
// completion events name contributed commands (or VS Code's own view command), its context key
// is one the extension sets, its media files ship, and every string is in package.nls.json.
// The step media are Markdown in every shipped language: package.json names them by %key%, which
// VS Code resolves through package.nls.<lang>.json like any other manifest string (see
// docs/localization.md), so each language's file must exist and say the same things.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fixedParts, LANGUAGES } from '../../scripts/l10nCheck';
import { readable, readGlossary } from '../../scripts/l10nGlossary';

const root = path.join(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
const contributed = new Set<string>(manifest.contributes.commands.map((c: { command: string }) => c.command));
const containers = new Set<string>(manifest.contributes.viewsContainers.activitybar.map((c: { id: string }) => c.id));
const views = new Set<string>(Object.values(manifest.contributes.views as Record<string, { id: string }[]>).flat().map((v) => v.id));
const nlsText = (v: string) => {
  const m = /^%(.+)%$/.exec(v);
  assert.ok(m, `${v} is not localized through package.nls.json`);
  assert.ok(nls[m[1]], `package.nls.json has no ${m[1]}`);
  return nls[m[1]];
};
type Step = { id: string; title: string; description: string; media: { markdown?: string; image?: unknown }; completionEvents: string[] };
const [walkthrough] = manifest.contributes.walkthroughs as { id: string; title: string; description: string; steps: Step[] }[];

describe('Getting Started walkthrough', () => {
  it('has the five steps the issue asks for, in order', () => {
    assert.equal(walkthrough.id, 'devin.gettingStarted');
    assert.deepEqual(walkthrough.steps.map((s) => s.id), ['signIn', 'openSessions', 'sendSelection', 'reply', 'reviewChanges']);
    nlsText(walkthrough.title);
    nlsText(walkthrough.description);
  });
  it('every step has a localized title and description, and each description has a button', () => {
    for (const s of walkthrough.steps) {
      nlsText(s.title);
      assert.match(nlsText(s.description), /\[[^\]]+\]\(command:[\w.]+\)/, s.id);
    }
  });
  it('buttons and completion events name commands, views and context keys that exist', () => {
    const srcText = fs.readdirSync(path.join(root, 'src'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts'))
      .map((e) => fs.readFileSync(path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name), 'utf8'))
      .join('\n');
    const commandExists = (id: string) => contributed.has(id) || [...containers].some((c) => id === `workbench.view.extension.${c}`);
    for (const s of walkthrough.steps) {
      assert.ok(s.completionEvents.length > 0, `${s.id} has completion events`);
      for (const m of nlsText(s.description).matchAll(/\(command:([\w.]+)\)/g)) assert.ok(commandExists(m[1]), `${s.id}: button runs ${m[1]}, which does not exist`);
      for (const e of s.completionEvents) {
        const [kind, arg] = [e.slice(0, e.indexOf(':')), e.slice(e.indexOf(':') + 1)];
        if (kind === 'onCommand') assert.ok(contributed.has(arg), `${s.id}: ${e}`);
        else if (kind === 'onView') assert.ok(views.has(arg), `${s.id}: ${e}`);
        else if (kind === 'onContext') assert.ok(srcText.includes(`'setContext', '${arg}'`), `${s.id}: the extension never sets ${arg}`);
        else assert.fail(`${s.id}: unexpected completion event ${e}`);
      }
    }
  });
  it('media are markdown files that exist (theme-aware; no images with fixed colours)', () => {
    for (const s of walkthrough.steps) {
      assert.equal(s.media.image, undefined, `${s.id} uses an image`);
      assert.ok(s.media.markdown, `${s.id} has markdown media`);
      const media = nlsText(s.media.markdown!);
      const file = path.join(root, media);
      assert.ok(fs.existsSync(file), `${media} exists`);
      const text = fs.readFileSync(file, 'utf8');
      assert.match(text, /^# /, `${media} starts with a heading`);
      assert.doesNotMatch(text, /!\[|<img|style=|color:|#[0-9a-f]{6}\b/i, `${media} has no images or fixed colours`);
      // Commands the media mention by id exist too.
      for (const m of text.matchAll(/command:([\w.]+)/g)) assert.ok(contributed.has(m[1]), m[1]);
    }
  });
  const shape = (md: string) => ({
    headings: md.split('\n').filter((l) => /^#+ /.test(l)).length,
    items: md.split('\n').filter((l) => /^\s*(?:[-*]|\d+\.) /.test(l)).length,
    tableRows: md.split('\n').filter((l) => /^\|/.test(l)).length,
    kbd: [...md.matchAll(/<kbd>([^<]*)<\/kbd>/g)].map((m) => m[1]),
    fixed: fixedParts(md),
    bold: (md.match(/\*\*/g) ?? []).length,
  });
  for (const lang of LANGUAGES) {
    it(`${lang}: every step's media is its own translated Markdown, saying the same things with VS Code's words`, () => {
      const tr = JSON.parse(fs.readFileSync(path.join(root, `package.nls.${lang}.json`), 'utf8')) as Record<string, string>;
      const glossary = readGlossary(root);
      for (const s of walkthrough.steps) {
        const key = /^%(.+)%$/.exec(s.media.markdown!)![1];
        const media = tr[key];
        assert.ok(media, `${lang}: package.nls.${lang}.json has ${key}`);
        assert.equal(media, `media/walkthrough/${lang}/${s.id}.md`, `${lang}: ${key}`);
        const file = path.join(root, media);
        assert.ok(fs.existsSync(file), `${media} exists`);
        const english = fs.readFileSync(path.join(root, nlsText(s.media.markdown!)), 'utf8');
        const text = fs.readFileSync(file, 'utf8');
        assert.notEqual(text, english, `${media} is translated`);
        assert.doesNotMatch(text, /!\[|<img|style=|color:|#[0-9a-f]{6}\b/i, `${media} has no images or fixed colours`);
        // Same headings, list items, table rows, keys, code spans and links, and as much bold (UI names).
        assert.deepEqual(shape(text), shape(english), `${media} has the English file's shape`);
        // The glossary's words: where the English file has a term, the translation has VS Code's word.
        for (const t of glossary.terms) {
          if (!new RegExp(t.en, 'iu').test(readable(english))) continue;
          assert.match(readable(text), new RegExp(t.langs[lang].accept, 'iu'), `${media}: "${t.id}" should read "${t.langs[lang].term}"`);
        }
      }
    });
  }
});
