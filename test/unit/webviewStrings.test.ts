// The webview's fallback strings (DEFAULT_STRINGS, shown until the host's init arrives and for any
// key the host leaves out) are the very English texts the host localizes with vscode.l10n.t: each
// is a key of l10n/bundle.l10n.json. So the fallback is never blank and never drifts from the host.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_STRINGS } from '../../src/webview/protocol';

const bundle = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../l10n/bundle.l10n.json'), 'utf8')) as Record<string, unknown>;

describe('webview fallback strings', () => {
  for (const [key, text] of Object.entries(DEFAULT_STRINGS)) {
    it(`${key} is a non-empty text the host localizes`, () => {
      assert.ok(text.trim().length > 0, `${key} is blank`);
      assert.ok(Object.hasOwn(bundle, text), `${key}: ${JSON.stringify(text)} is not in l10n/bundle.l10n.json`);
    });
  }
});
