import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCodePrompt, fenceFor, MAX_CODE_CHARS } from '../../src/commands/codePrompt';
import {
  isValidSessionId,
  parseTags,
  titleFromInstruction,
  validateAcuLimit,
  validateApiKeyInput,
  validateOrgIdInput,
} from '../../src/commands/prompt';

describe('prompt building', () => {
  it('puts instruction, path, line range, repo, branch, commit and a fenced block with the language', () => {
    const p = buildCodePrompt({
      instruction: 'Add tests',
      code: 'const x = 1;\nconst y = 2;',
      languageId: 'typescript',
      relativePath: 'src/a.ts',
      startLine: 10,
      endLine: 11,
      repo: 'acme/web',
      branch: 'main',
      commit: '0123456789abcdef0123',
    });
    assert.equal(
      p,
      'Add tests\n\nFile: `src/a.ts` (lines 10-11)\nRepository: acme/web, branch `main`, commit `0123456789ab`\n\n```typescript\nconst x = 1;\nconst y = 2;\n```',
    );
  });
  it('uses a longer fence when the code holds backticks', () => {
    const code = 'const md = `\n```js\nx\n```\n`;';
    assert.equal(fenceFor(code), '````');
    const p = buildCodePrompt({ instruction: 'x', code, relativePath: 'a.js', languageId: 'javascript' });
    assert.ok(p.includes('````javascript\n'));
    assert.ok(p.endsWith('\n````'));
    assert.equal(fenceFor('`````'), '``````');
  });
  it('single line, whole file and plaintext', () => {
    assert.ok(buildCodePrompt({ instruction: 'x', code: 'a', relativePath: 'f', startLine: 3, endLine: 3 }).includes('(line 3)'));
    const whole = buildCodePrompt({ instruction: 'x', code: 'a', relativePath: 'f', languageId: 'plaintext' });
    assert.ok(whole.includes('(whole file)'));
    assert.ok(whole.includes('\n```\na\n```'));
  });
  it('cuts huge code with a note, and strips odd characters from the language', () => {
    const p = buildCodePrompt({ instruction: 'x', code: 'a'.repeat(MAX_CODE_CHARS + 10), relativePath: 'f', languageId: 'c++`\n<x>' });
    assert.ok(p.includes('```c++x\n'));
    assert.ok(p.endsWith(`(The excerpt was cut at ${MAX_CODE_CHARS} characters.)`));
  });
  it('titles, tags and inputs', () => {
    assert.equal(titleFromInstruction('  Fix login\nmore', 'fallback'), 'Fix login');
    assert.equal(titleFromInstruction('', 'fallback'), 'fallback');
    assert.equal(titleFromInstruction('x'.repeat(100), 'f').length, 80);
    assert.deepEqual(parseTags('a, b  c,a', ['vscode']), ['vscode', 'a', 'b', 'c']);
    assert.equal(validateAcuLimit(''), undefined);
    assert.equal(validateAcuLimit('12.5'), undefined);
    assert.ok(validateAcuLimit('-1'));
    assert.ok(validateAcuLimit('0'));
    assert.ok(validateAcuLimit('abc'));
    assert.equal(validateOrgIdInput('org-abc_1'), undefined);
    assert.ok(validateOrgIdInput('abc'));
    assert.equal(validateApiKeyInput('cog_abcdef123'), undefined);
    assert.ok(validateApiKeyInput('cog abc def'));
    assert.ok(validateApiKeyInput(''));
  });
  it('accepts only session ids as command arguments', () => {
    assert.equal(isValidSessionId('devin-abc123'), true);
    for (const bad of ['', 'a/b', '../x', 'x'.repeat(129), 42, null, { session_id: 'x' }, 'javascript:alert(1)']) {
      assert.equal(isValidSessionId(bad), false, String(bad));
    }
  });
});
