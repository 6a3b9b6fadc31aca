// Every translation (l10n/bundle.l10n.<lang>.json for vscode.l10n.t and the details webview,
// package.nls.<lang>.json for commands, views, settings and the walkthrough) is complete and
// current: every English key, no stale key, the same placeholders, codicons, links, command ids
// and code spans as English, welcome-view buttons still one per line, and nothing left in English
// but the names of l10n/allow-identical.json. The checker itself (scripts/l10nCheck.ts, also
// `npm run l10n:check`) is proven on small files it writes to a temporary folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { tempProjects } from '../support/l10nProject';
import { buttonLines, checkAll, checkFile, fixedParts, formatReport, LANGUAGES, nothingToTranslate, presentLanguages, readEnglish, REQUIRE_ALL_LANGUAGES } from '../../scripts/l10nCheck';
import { DEFAULT_STRINGS } from '../../src/webview/protocol';

const root = path.resolve(__dirname, '../..');

describe('translations in the repository', () => {
  const present = presentLanguages(root);

  it(REQUIRE_ALL_LANGUAGES ? `exist for every language the extension ships: ${LANGUAGES.join(', ')}` : 'exist for the languages translated so far', () => {
    if (REQUIRE_ALL_LANGUAGES) assert.deepEqual(present, [...LANGUAGES].sort());
  });

  it('are only of the languages the extension ships, each with both files', () => {
    assert.deepEqual(present.filter((l) => !(LANGUAGES as readonly string[]).includes(l)), [], `expected only ${LANGUAGES.join(', ')} (VS Code locale ids, lower case)`);
    for (const lang of present) {
      assert.ok(fs.existsSync(path.join(root, `l10n/bundle.l10n.${lang}.json`)), `${lang}: l10n/bundle.l10n.${lang}.json is missing`);
      assert.ok(fs.existsSync(path.join(root, `package.nls.${lang}.json`)), `${lang}: package.nls.${lang}.json is missing`);
    }
  });

  for (const report of checkAll(root, present)) {
    it(`${report.file} is complete and consistent with English`, () => {
      assert.ok(report.present);
      assert.equal(report.problems.length, 0, `run npm run l10n:check\n${formatReport([report], [])}`);
    });
  }

  it('cover the details webview: every DEFAULT_STRINGS text is a bundle key, so each translation has it', () => {
    const english = readEnglish(root, 'bundle');
    for (const text of Object.values(DEFAULT_STRINGS)) assert.ok(english.has(text), JSON.stringify(text));
    for (const lang of present) {
      const bundle = JSON.parse(fs.readFileSync(path.join(root, `l10n/bundle.l10n.${lang}.json`), 'utf8')) as Record<string, string>;
      const untranslated = Object.values(DEFAULT_STRINGS).filter((t) => typeof bundle[t] !== 'string');
      assert.deepEqual(untranslated, [], lang);
    }
  });
});

describe('the translation checker', () => {
  const project = tempProjects('devin-l10n-check-');

  const englishBundle = {
    'Sign In': 'Sign In',
    'Devin finished: {0}': 'Devin finished: {0}',
    '{0} ({1})': '{0} ({1})',
    Devin: 'Devin',
    'Delete {0}?/{0} is a file name': { message: 'Delete {0}?', comment: ['{0} is a file name'] },
  };
  const englishNls = {
    'cmd.refresh': 'Refresh',
    'welcome.empty': 'No sessions yet.\n[New Session](command:devin.newSession)\nOr choose **Send to Devin**.',
    'config.url': 'Must be `https`. See https://docs.devin.ai and %config.other%. $(sync) spins.',
  };

  it('passes a complete, faithful translation', () => {
    const dir = project({
      'l10n/bundle.l10n.json': englishBundle,
      'package.nls.json': englishNls,
      'l10n/bundle.l10n.ja.json': {
        'Sign In': 'サインイン',
        'Devin finished: {0}': 'Devin が完了しました: {0}',
        '{0} ({1})': '{0} ({1})',
        Devin: 'Devin',
        'Delete {0}?/{0} is a file name': '{0} を削除しますか?',
      },
      'package.nls.ja.json': {
        'cmd.refresh': '最新の情報に更新',
        'welcome.empty': 'セッションはまだありません。\n[新しいセッション](command:devin.newSession)\nまたは **Devin に送信** を選びます。',
        'config.url': '`https` が必要です。https://docs.devin.ai と %config.other% を参照。$(sync) が回ります。',
      },
      'l10n/allow-identical.json': { '*': ['Devin'] },
    });
    assert.deepEqual(presentLanguages(dir), ['ja']);
    for (const r of checkAll(dir)) assert.deepEqual(r.problems, [], r.file);
  });

  it('reports missing, stale, empty, non-string and untranslated values', () => {
    const dir = project({
      'l10n/bundle.l10n.json': englishBundle,
      'package.nls.json': englishNls,
      'l10n/bundle.l10n.ko.json': {
        'Sign In': 'Sign In',
        'Devin finished: {0}': '',
        Devin: 'Devin',
        'Delete {0}?/{0} is a file name': 3,
        'Old text': '오래된 텍스트',
      },
      'l10n/allow-identical.json': { '*': ['Devin'], fr: ['Sign In'] },
    });
    const r = checkFile(dir, 'bundle', 'ko');
    const got = r.problems.map((p) => `${p.kind} ${p.key}`).sort();
    assert.deepEqual(got, ['empty Devin finished: {0}', 'identical Sign In', 'missing {0} ({1})', 'notString Delete {0}?/{0} is a file name', 'stale Old text']);
    const nls = checkFile(dir, 'nls', 'ko');
    assert.equal(nls.present, false);
    const text = formatReport(checkAll(dir, ['ko']), ['ko', 'de']);
    assert.match(text, /l10n\/bundle\.l10n\.ko\.json: 1 identical, 1 empty, 1 missing, 1 notString, 1 stale\n/);
    assert.match(text, /missing: "\{0\} \(\{1\}\)"/);
    assert.match(text, /stale: "Old text"/);
    assert.match(text, /package\.nls\.ko\.json: absent/);
    assert.match(text, /languages without translations: de/);
  });

  it('honours the allow-list per language', () => {
    const dir = project({
      'l10n/bundle.l10n.json': { Status: 'Status' },
      'package.nls.json': {},
      'l10n/bundle.l10n.de.json': { Status: 'Status' },
      'l10n/bundle.l10n.fr.json': { Status: 'Status' },
      'l10n/allow-identical.json': { de: ['Status'] },
    });
    assert.deepEqual(checkFile(dir, 'bundle', 'de').problems, []);
    assert.deepEqual(checkFile(dir, 'bundle', 'fr').problems.map((p) => p.kind), ['identical']);
  });

  it('reports lost, added or changed placeholders, links, command ids, codicons and code spans', () => {
    const dir = project({
      'l10n/bundle.l10n.json': englishBundle,
      'package.nls.json': englishNls,
      'l10n/bundle.l10n.zh-cn.json': {
        'Sign In': '登录',
        'Devin finished: {0}': 'Devin 已完成',
        '{0} ({1})': '{0} ({2})',
        Devin: 'Devin',
        'Delete {0}?/{0} is a file name': '删除 {0} {0}?',
      },
      'package.nls.zh-cn.json': {
        'cmd.refresh': '刷新',
        'welcome.empty': '还没有会话。\n[新建会话](command:devin.newSessio)\n或选择 **发送到 Devin**。',
        'config.url': '必须是 https。参见 https://docs.devin.ai 和 %config.other%。$(refresh) 旋转。',
      },
      'l10n/allow-identical.json': { '*': ['Devin'] },
    });
    const bundle = checkFile(dir, 'bundle', 'zh-cn').problems;
    assert.deepEqual(bundle.map((p) => `${p.kind} ${p.key}`).sort(), ['placeholders Delete {0}?/{0} is a file name', 'placeholders Devin finished: {0}', 'placeholders {0} ({1})']);
    const nls = checkFile(dir, 'nls', 'zh-cn').problems;
    assert.deepEqual(nls.map((p) => `${p.kind} ${p.key}`).sort(), ['buttons welcome.empty', 'placeholders config.url', 'placeholders welcome.empty']);
    assert.match(nls.find((p) => p.key === 'config.url')!.detail!, /lost code:https codicon:\$\(sync\)/);
  });

  it('keeps welcome-view buttons on their own lines', () => {
    assert.deepEqual(buttonLines('Text.\n[Sign In](command:devin.signIn)\nMore [inline](https://x.test).'), ['command:devin.signIn']);
    const dir = project({
      'l10n/bundle.l10n.json': {},
      'package.nls.json': { w: 'Text.\n[Sign In](command:devin.signIn)' },
      'package.nls.ja.json': { w: 'テキスト。[サインイン](command:devin.signIn)' },
    });
    assert.deepEqual(checkFile(dir, 'nls', 'ja').problems.map((p) => p.kind), ['buttons']);
  });

  it('extracts what must not be translated', () => {
    assert.deepEqual(fixedParts('[Open Settings](command:workbench.action.openSettings?%5B%22devin.orgId%22%5D) {1} {0}'), [
      'link:command:workbench.action.openSettings?%5B%22devin.orgId%22%5D',
      'ph:{0}',
      'ph:{1}',
    ]);
    assert.deepEqual(fixedParts('参见 https://docs.devin.ai/api。'), ['url:https://docs.devin.ai/api']);
    assert.ok(nothingToTranslate('{0} ({1})'));
    assert.ok(nothingToTranslate('… {0}'));
    assert.ok(!nothingToTranslate('{0} files'));
  });

  it('`npm run l10n:check` lists the problems and exits non-zero, or 0 with --report-only', () => {
    const dir = project({
      'l10n/bundle.l10n.json': { 'Sign In': 'Sign In', Refresh: 'Refresh' },
      'package.nls.json': { 'cmd.refresh': 'Refresh' },
      'l10n/bundle.l10n.ja.json': { 'Sign In': 'サインイン', Gone: '消えた' },
      'package.nls.ja.json': { 'cmd.refresh': '最新の情報に更新' },
    });
    const script = path.join(root, 'scripts/l10nCheck.ts');
    const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', script, '--root', dir, ...args], { cwd: root, encoding: 'utf8' });
    const failing = run();
    assert.equal(failing.status, 1, failing.stderr);
    assert.match(failing.stdout, /l10n\/bundle\.l10n\.ja\.json: 1 missing, 1 stale/);
    assert.match(failing.stdout, /missing: "Refresh"/);
    assert.match(failing.stdout, /stale: "Gone"/);
    assert.match(failing.stdout, /package\.nls\.ja\.json: complete/);
    assert.match(failing.stdout, /languages without translations: zh-cn, ko, de, fr, es, pt-br/);
    assert.equal(run('--report-only').status, 0);
    fs.writeFileSync(path.join(dir, 'l10n/bundle.l10n.ja.json'), JSON.stringify({ 'Sign In': 'サインイン', Refresh: '最新の情報に更新' }));
    const ok = run();
    assert.match(ok.stdout, /bundle\.l10n\.ja\.json: complete/);
    assert.equal(ok.status, REQUIRE_ALL_LANGUAGES ? 1 : 0, 'six languages are absent');
  });
});
