// Every vscode.l10n.t string is in l10n/bundle.l10n.json (the file translators start from),
// and every %key% of package.json has an English text in package.nls.json.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(__dirname, '../..');

describe('localization', () => {
  it('l10n/bundle.l10n.json is up to date (run `npm run l10n`)', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'devin-l10n-'));
    execFileSync(path.join(root, 'node_modules/.bin/vscode-l10n-dev'), ['export', '--outDir', out, './src'], { cwd: root, stdio: 'pipe' });
    const fresh = JSON.parse(fs.readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8'));
    const committed = JSON.parse(fs.readFileSync(path.join(root, 'l10n/bundle.l10n.json'), 'utf8'));
    assert.deepEqual(Object.keys(fresh).sort(), Object.keys(committed).sort());
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('every %placeholder% in package.json has a text in package.nls.json', () => {
    const pkg = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
    const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
    const keys = [...pkg.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]);
    assert.ok(keys.length > 40);
    const missing = keys.filter((k) => typeof nls[k] !== 'string');
    assert.deepEqual(missing, []);
  });
});
