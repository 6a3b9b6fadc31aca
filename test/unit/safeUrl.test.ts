// The host-side link check (isSafeHttpUrl): the details panel opens a link the webview asks for
// only when this says yes, and the renderer gives a link an href only then. Only http(s), no
// credentials in the URL, bounded length.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSafeHttpUrl } from '../../src/sessions/model';

describe('isSafeHttpUrl (host-side link check)', () => {
  it('accepts http and https links, in any case', () => {
    for (const ok of ['https://github.com/a/b/pull/1', 'http://localhost:3000/x?y=1#z', 'HTTPS://EXAMPLE.COM/', 'HtTp://example.com']) {
      assert.equal(isSafeHttpUrl(ok), true, ok);
    }
  });
  it('refuses every other scheme', () => {
    for (const bad of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'vscode://ms-vscode.remote/x',
      'vscode-insiders://x',
      'command:workbench.action.terminal.new',
      'ftp://example.com/x',
      'ws://example.com',
      'mailto:a@b.c',
      'httpx://example.com',
      'https-evil://example.com',
    ]) {
      assert.equal(isSafeHttpUrl(bad), false, bad);
    }
  });
  it('refuses URLs with a user name or a password (phishing, credentials)', () => {
    assert.equal(isSafeHttpUrl('https://user@example.com/'), false);
    assert.equal(isSafeHttpUrl('https://:secret@example.com/'), false);
    assert.equal(isSafeHttpUrl('https://user:secret@example.com/'), false);
  });
  it('refuses what is not a URL or not a string', () => {
    for (const bad of ['', 'example.com', '/relative/path', 'https://', 'http://[::1', undefined, null, 42, {}, ['https://x.example'], { toString: () => 'https://x.example' }]) {
      assert.equal(isSafeHttpUrl(bad), false, String(bad));
    }
  });
  it('refuses URLs over 4096 characters, accepts 4096', () => {
    const base = 'https://example.com/';
    assert.equal(isSafeHttpUrl(base + 'a'.repeat(4096 - base.length)), true);
    assert.equal(isSafeHttpUrl(base + 'a'.repeat(4097 - base.length)), false);
  });
});
