// What ships: the VSIX holds only the runtime files (no sources, maps, tests, fake data or
// dev dependencies), and the runtime dependency tree is tiny enough to review by hand.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(__dirname, '../..');

describe('VSIX contents', () => {
  it('lists only runtime files', () => {
    // The listing depends on the build output: build as `npm run package` does (fast).
    execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: root, stdio: 'pipe' });
    const vsce = path.join(root, 'node_modules/.bin/vsce');
    const out = execFileSync(vsce, ['ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
    const files = out.split('\n').map((l) => l.trim()).filter(Boolean);
    const allowed = [
      /^package\.json$/,
      /^package\.nls(\.[a-z-]+)?\.json$/,
      /^(README|CHANGELOG)\.md$/,
      /^LICENSE$/,
      /^dist\/[a-z]+\.js$/,
      /^media\/[a-z-]+\.(svg|png)$/,
      /^media\/dist\/(details\.js|details\.css|icons\.svg)$/,
      /^media\/walkthrough\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?[A-Za-z]+\.md$/,
      /^dist\/l10n\/bundle\.l10n\.[a-z]{2}(-[a-z]{2})?\.json$/,
      /^syntaxes\/devin-prompt\.tmLanguage\.json$/,
    ];
    const unexpected = files.filter((f) => !allowed.some((re) => re.test(f)));
    assert.deepEqual(unexpected, [], `unexpected files in the VSIX: ${unexpected.join(', ')}`);
    assert.ok(files.includes('dist/extension.js'));
    assert.ok(files.includes('dist/core.js'), 'the core bundle the activation shell requires');
    const { HOST_BUNDLES } = require('../../esbuild.js') as { HOST_BUNDLES: { name: string }[] };
    for (const b of HOST_BUNDLES) assert.ok(files.includes(`dist/${b.name}.js`), `the ${b.name} bundle (esbuild.js HOST_BUNDLES)`);
    assert.ok(files.includes('media/dist/details.js'));
    assert.ok(files.includes('media/dist/details.css') && !files.includes('media/details.css'), 'the details view styles, minified (not their source)');
    assert.ok(files.includes('media/dist/icons.svg'), 'the details view icons, one sprite (details.css masks)');
    assert.ok(!files.some((f) => f.startsWith('media/icons/')), 'not the icon files the sprite is built from');
    assert.ok(files.includes('media/walkthrough/signIn.md'), 'the walkthrough media');
    for (const lang of fs.readdirSync(path.join(root, 'media/walkthrough'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)) {
      assert.ok(files.includes(`media/walkthrough/${lang}/signIn.md`), `the ${lang} walkthrough media`);
    }
    assert.ok(files.includes('syntaxes/devin-prompt.tmLanguage.json'), 'the prompt draft document\'s grammar');
    for (const f of fs.readdirSync(root).filter((n) => /^package\.nls\..+\.json$/.test(n))) assert.ok(files.includes(f), `the translation ${f}`);
    // The translations as the build writes them (esbuild.js writeL10n), where package.json "l10n" points.
    assert.equal(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).l10n, './dist/l10n');
    for (const f of fs.readdirSync(path.join(root, 'l10n')).filter((n) => /^bundle\.l10n\..+\.json$/.test(n))) assert.ok(files.includes(`dist/l10n/${f}`), `the translation l10n/${f}, as dist/l10n/${f}`);
    // VS Code never reads the English bundle (in English it uses the strings in the code; in another
    // language, dist/l10n/bundle.l10n.<language>.json): l10n/ is the translators' source, kept out.
    assert.ok(!files.some((f) => f.startsWith('l10n/')), 'the translators\' l10n/ folder stays out');
    assert.ok(!files.includes('dist/l10n/bundle.l10n.json'), 'no English l10n bundle');
    assert.ok(!files.includes('l10n/allow-identical.json'), 'the translators\' allow-list stays out');
    assert.ok(!files.some((f) => f.endsWith('.map')), 'no source maps');
    assert.ok(!files.some((f) => /^(src|test|bench|scripts|node_modules)\//.test(f)), 'no sources, tests or modules');
  });

  it('has two runtime dependencies (ky, @vscode/l10n), bundled, with none of their own', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    assert.deepEqual(Object.keys(pkg.dependencies ?? {}).sort(), ['@vscode/l10n', 'ky']);
    for (const dep of ['ky', '@vscode/l10n']) {
      const meta = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', dep, 'package.json'), 'utf8'));
      assert.deepEqual(Object.keys(meta.dependencies ?? {}), [], `${dep} has no dependencies`);
    }
  });
});
