import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ATTACH_THRESHOLD_BYTES,
  bound,
  buildPrompt,
  codePrompt,
  describeDiagnostic,
  diagnosticPrompt,
  diffGoesAsAttachment,
  diffPrompt,
  excerptLines,
  fenceLanguage,
  findTodo,
  inlineCode,
  LIMITS,
  stripAnsi,
  terminalPrompt,
  testFailurePrompt,
  todoPrompt,
  utf8Bytes,
} from '../../src/delegate/promptBuilder';

const ghToken = `ghp_${'aB3'.repeat(12)}`;
const numbered = (n: number, prefix = 'line') => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`).join('\n');

describe('buildPrompt', () => {
  it('instruction, facts, repository, list, fenced block in that order', () => {
    const p = buildPrompt({
      instruction: '  Do it  ',
      facts: ['File: `a.ts`', undefined, false],
      repo: { repo: 'acme/web', branch: 'feat/x', commit: '0123456789abcdef' },
      lists: [{ label: 'Problems', items: ['one', 'two\nlines'], maxItems: 5, itemChars: 100 }],
      blocks: [{ text: 'x = 1', languageId: 'python', maxChars: 100 }],
      attachments: ['big.log'],
    });
    assert.equal(
      p.text,
      'Do it\n\nFile: `a.ts`\nRepository: acme/web, branch `feat/x`, commit `0123456789ab`\nAttached: `big.log`\n\nProblems:\n- one\n- two\n  lines\n\n```python\nx = 1\n```',
    );
    assert.equal(p.truncated, false);
    assert.equal(p.redactionCount, 0);
  });
  it('scrubs every part: instruction, facts, lists and blocks, and counts what it removed', () => {
    const key = 'my-own-devin-key-123';
    const p = buildPrompt(
      {
        instruction: `use ${key}`,
        facts: [`Token ${ghToken}`],
        lists: [{ label: 'L', items: ['password=hunter22'], maxItems: 5, itemChars: 100 }],
        blocks: [{ text: `-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\nAuthorization: Bearer xyz`, maxChars: 1000 }],
      },
      { keys: [key] },
    );
    for (const secret of [key, ghToken, 'hunter22', 'abc\n', 'xyz']) assert.ok(!p.text.includes(secret), secret);
    assert.deepEqual(p.redactions, { 'api-key': 1, 'github-token': 1, assignment: 1, 'private-key': 1, 'auth-header': 1 });
    assert.equal(p.redactionCount, 5);
  });
  it('scrubs a block before cutting it, so no part of a key survives a tail cut', () => {
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${'Q'.repeat(500)}\n-----END RSA PRIVATE KEY-----`;
    const p = buildPrompt({ instruction: 'x', blocks: [{ text: `${pem}\n${'tail '.repeat(10)}`, maxChars: 100, keep: 'tail' }] });
    assert.ok(!p.text.includes('QQQ'));
  });
  it('scrubs the instruction and list items before cutting them, so a cut through a key leaves none of it', () => {
    // The key starts 10 characters before the cut: cutting first would leave "ghp_aB3aB3" (no longer a token shape).
    const instruction = `${'i'.repeat(LIMITS.instructionChars - 11)} ${ghToken} after`;
    const item = `${'m'.repeat(19)} ${ghToken}`;
    const p = buildPrompt({ instruction, lists: [{ label: 'L', items: [item], maxItems: 1, itemChars: 30 }] });
    assert.ok(p.truncated);
    assert.ok(!p.text.includes('ghp_'), p.text.slice(-200));
    assert.ok(!p.text.includes('aB3aB3'), 'no fragment of the token');
    assert.equal(p.redactions['github-token'], 2, 'both found and counted');
    assert.ok(p.text.includes(`- ${'m'.repeat(19)} [REDACTED: …`), 'the item keeps its start and the mark (cut inside the mark)');
  });
  it('bounds the instruction, list items and the number of items', () => {
    const p = buildPrompt({
      instruction: 'i'.repeat(LIMITS.instructionChars + 50),
      lists: [{ label: 'L', items: ['a'.repeat(30), 'b', 'c', 'd'], maxItems: 2, itemChars: 10 }],
    });
    assert.ok(p.truncated);
    assert.ok(p.text.startsWith(`${'i'.repeat(LIMITS.instructionChars)}\n`));
    assert.ok(p.text.includes(`- ${'a'.repeat(10)} …\n- b\n- … and 2 more`));
  });
  it('a head cut keeps the start and says so after the fence; a tail cut keeps the end and says so before', () => {
    const head = buildPrompt({ instruction: 'x', blocks: [{ text: 'abcdefghij', maxChars: 4 }] });
    assert.ok(head.text.endsWith('```\nabcd\n```\n(The excerpt was cut at 4 characters.)'));
    const tail = buildPrompt({ instruction: 'x', blocks: [{ label: 'Output', text: 'abcdefghij', maxChars: 4, keep: 'tail' }] });
    assert.ok(tail.text.endsWith('Output (only the last 5 characters are shown):\n```\nghij\n```'), tail.text);
    assert.deepEqual(bound(numbered(10), 1000, 'tail', 3), { text: 'line 8\nline 9\nline 10', cut: true });
    assert.deepEqual(bound('abc', 3), { text: 'abc', cut: false });
  });
  it('fences outlast backticks in the text, and languages are cleaned', () => {
    const p = buildPrompt({ instruction: 'x', blocks: [{ text: 'a ```` b', languageId: 'markdown', maxChars: 100 }] });
    assert.ok(p.text.includes('`````markdown\na ```` b\n`````'));
    for (const [id, fence] of [
      ['typescript', 'typescript'],
      ['python', 'python'],
      ['rust', 'rust'],
      ['go', 'go'],
      ['csharp', 'csharp'],
      ['cpp', 'cpp'],
      ['shellscript', 'shellscript'],
      ['plaintext', ''],
      [undefined, ''],
      ['c++`\n<x>', 'c++x'],
      ['objective-c', 'objective-c'],
      ['x'.repeat(60), 'x'.repeat(40)],
    ] as const) {
      assert.equal(fenceLanguage(id), fence, String(id));
    }
    assert.equal(inlineCode('a`b'), '``a`b``');
    assert.equal(inlineCode('`x'), '`` `x ``');
    assert.equal(inlineCode('p\nq'), '`p q`');
  });
  it('normalizes CRLF', () => {
    assert.ok(buildPrompt({ instruction: 'a\r\nb', blocks: [{ text: 'x\r\ny\r\n', maxChars: 100 }] }).text === 'a\nb\n\n```\nx\ny\n```');
  });
});

describe('excerpts', () => {
  const doc = numbered(100);
  it('lines of the problem with context either side, clamped at the ends', () => {
    assert.deepEqual(excerptLines(doc, 49, 50, 2), { text: 'line 48\nline 49\nline 50\nline 51\nline 52\nline 53', startLine: 48, endLine: 53 });
    assert.equal(excerptLines(doc, 0, 0, 3).startLine, 1);
    assert.equal(excerptLines(doc, 99, 99, 3).endLine, 100);
    assert.equal(excerptLines(doc, 500, 600, 3).endLine, 100);
  });
  it('gives up context before the lines themselves when over the character bound', () => {
    const e = excerptLines(doc, 50, 50, 20, 30);
    assert.ok(e.text.includes('line 51'));
    assert.ok(e.text.length <= 30);
    const huge = excerptLines(`${'x'.repeat(50_000)}\nshort`, 0, 0, 5, 100);
    assert.equal(huge.text.length, 100);
  });
});

describe('Send to Devin (code)', () => {
  it('attached files are named, not inlined', () => {
    const p = codePrompt({ instruction: 'Review', code: 'big', relativePath: 'data/big.json', attachedAs: 'big.json', repo: 'a/b' });
    assert.equal(p.text, 'Review\n\nFile: `data/big.json` (whole file)\nRepository: a/b\nAttached: `big.json`');
  });
});

describe('Fix with Devin (diagnostics)', () => {
  const docText = `${numbered(30)}\nconst n: string = 42;\n${numbered(30, 'after')}`;
  it('holds the messages with source and code, the range with context, path and repository', () => {
    const p = diagnosticPrompt({
      diagnostics: [{ severity: 'error', message: "Type 'number' is not assignable to type 'string'.", source: 'ts', code: 2322, line: 31, column: 7 }],
      relativePath: 'src/app.ts',
      languageId: 'typescript',
      docText,
      firstLine: 30,
      lastLine: 30,
      repo: 'acme/web',
      branch: 'main',
      commit: 'abcdef1234567890',
    });
    assert.ok(p.text.startsWith('Fix this problem that the editor reports in this file.\n\nFile: `src/app.ts` (lines 11-51 shown below)\nRepository: acme/web, branch `main`, commit `abcdef123456`\n\nProblem:\n'));
    assert.ok(p.text.includes("- Error at line 31, column 7 [ts 2322]: Type 'number' is not assignable to type 'string'."));
    assert.ok(p.text.includes('```typescript\nline 11\n'));
    assert.ok(p.text.includes('const n: string = 42;'));
    assert.ok(p.text.endsWith('after 20\n```'));
  });
  it('several problems, warnings without source or code, and the user’s own words', () => {
    const p = diagnosticPrompt({
      instruction: 'Make the linter happy',
      diagnostics: [
        { severity: 'warning', message: 'unused', line: 2, column: 1 },
        { severity: 'error', message: 'bad', source: 'eslint', code: 'no-undef', line: 3, column: 4 },
      ],
      relativePath: 'a.js',
      docText: 'a\nb\nc',
      firstLine: 1,
      lastLine: 2,
    });
    assert.ok(p.text.startsWith('Make the linter happy\n\nFile: `a.js` (lines 1-3 shown below)\n\nProblems:\n- Warning at line 2, column 1: unused\n- Error at line 3, column 4 [eslint no-undef]: bad\n\n```\na\nb\nc\n```'));
  });
  it('caps the number of problems and the length of each', () => {
    const many = Array.from({ length: LIMITS.diagnostics + 5 }, (_, i) => ({ severity: 'error' as const, message: `m${i} ${'z'.repeat(LIMITS.diagnosticChars)}`, line: 1, column: 1 }));
    const p = diagnosticPrompt({ diagnostics: many, relativePath: 'a', docText: 'x', firstLine: 0, lastLine: 0 });
    assert.equal((p.text.match(/^- Error/gm) ?? []).length, LIMITS.diagnostics);
    assert.ok(p.text.includes('- … and 5 more'));
    assert.ok(!p.text.includes('z'.repeat(LIMITS.diagnosticChars)));
    assert.ok(p.truncated);
    assert.equal(describeDiagnostic({ severity: 'hint', message: 'h', line: 1, column: 2, code: '' }), 'Hint at line 1, column 2: h');
  });
  it('a secret in the code near the problem is scrubbed', () => {
    const p = diagnosticPrompt({ diagnostics: [{ severity: 'error', message: 'x', line: 1, column: 1 }], relativePath: 'a', docText: `const t = "${ghToken}";`, firstLine: 0, lastLine: 0 });
    assert.ok(!p.text.includes(ghToken));
    assert.equal(p.redactionCount, 1);
  });
});

describe('Delegate to Devin (TODO comments)', () => {
  it('finds TODO, FIXME and HACK in comments of many languages, and not in code or strings alone', () => {
    const yes: [string, string, string][] = [
      ['  // TODO: handle errors', 'TODO', 'handle errors'],
      ['x = 1  # FIXME off by one', 'FIXME', 'off by one'],
      ['/* HACK(bob): works for now */', 'HACK', 'works for now'],
      [' * TODO write docs', 'TODO', 'write docs'],
      ['-- TODO: index this column', 'TODO', 'index this column'],
      ['<!-- TODO: alt text -->', 'TODO', 'alt text'],
      ['% TODO cite', 'TODO', 'cite'],
      ["' TODO vb", 'TODO', 'vb'],
      ['; TODO lisp', 'TODO', 'lisp'],
      ['// TODO', 'TODO', ''],
    ];
    for (const [line, kind, text] of yes) {
      const t = findTodo(line);
      assert.ok(t, line);
      assert.equal(t.kind, kind, line);
      assert.equal(t.text, text, line);
    }
    assert.equal(findTodo('  // TODO: x')?.column, 6);
    for (const line of ['const TODO_LIST = [];', 'todo: lowercase is a word', 'call(TODOS)', 'let x = 1;', 'MYTODO: no']) {
      assert.equal(findTodo(line), undefined, line);
    }
  });
  const docText = `${numbered(10)}\nfunction save() {\n  // TODO: retry on failure\n  write();\n}\n${numbered(100, 'after')}`;
  it('sends the enclosing function when it is short enough', () => {
    const p = todoPrompt({ kind: 'TODO', comment: '  // TODO: retry on failure', line: 12, relativePath: 'src/s.ts', languageId: 'typescript', docText, symbol: { name: 'save', kind: 'function', firstLine: 10, lastLine: 13 }, repo: 'o/r' });
    assert.equal(
      p.text,
      'Do what this TODO comment asks, then remove the comment.\n\nFile: `src/s.ts`, line 12\nComment: `// TODO: retry on failure`\nEnclosing function: `save` (lines 11-14 shown below)\nRepository: o/r\n\n```typescript\nfunction save() {\n  // TODO: retry on failure\n  write();\n}\n```',
    );
  });
  it('sends a window of lines when there is no function, or it is too long', () => {
    const p = todoPrompt({ kind: 'FIXME', comment: '// FIXME', line: 12, relativePath: 'a', docText });
    assert.ok(p.text.startsWith('Fix what this FIXME comment describes'));
    assert.ok(p.text.includes(`Code around it: lines 1-42`));
    const long = todoPrompt({ kind: 'HACK', comment: '// HACK', line: 12, relativePath: 'a', docText, symbol: { name: 'big', kind: 'method', firstLine: 0, lastLine: LIMITS.functionLines + 5 } });
    assert.ok(long.text.startsWith('Replace the hack'));
    assert.ok(long.text.includes('Code around it: lines 1-42'));
  });
});

describe('Send Last Terminal Command', () => {
  it('strips escapes and shell-integration marks, and applies carriage returns', () => {
    const raw = '\u001b]633;C\u0007\u001b[31mls: cannot access \u001b[1m/nonexistent\u001b[0m\r\n\u001b]0;title\u001b\\progress 10%\rprogress 100%\r\n\u0007bell';
    assert.equal(stripAnsi(raw), 'ls: cannot access /nonexistent\nprogress 100%\nbell');
  });
  it('holds the command, exit code, working directory and the output', () => {
    const p = terminalPrompt({
      commandLine: 'ls /nonexistent',
      exitCode: 2,
      cwd: 'packages/app',
      shell: 'bash',
      output: "ls: cannot access '/nonexistent': No such file or directory\r\n",
      repo: 'o/r',
      branch: 'dev',
    });
    assert.equal(
      p.text,
      "This command failed in my terminal. Find out why and fix it.\n\nExit code: 2\nWorking directory: `packages/app`\nShell: bash\nRepository: o/r, branch `dev`\n\nCommand:\n```shellscript\nls /nonexistent\n```\n\nOutput:\n```\nls: cannot access '/nonexistent': No such file or directory\n```",
    );
  });
  it('keeps the tail of long output, within both the line and the character bound', () => {
    const out = numbered(LIMITS.outputLines + 100, 'out');
    const p = terminalPrompt({ commandLine: 'make', exitCode: 0, output: out });
    assert.ok(p.text.startsWith('Look at this command'));
    assert.ok(p.text.includes(`out ${LIMITS.outputLines + 100}\n\`\`\``));
    assert.ok(!p.text.includes('out 100\n'));
    assert.ok(p.text.includes('Output (only the last'));
    const wide = terminalPrompt({ commandLine: 'x', output: 'y'.repeat(LIMITS.outputChars * 2) });
    assert.ok(wide.text.length < LIMITS.outputChars + 500);
    assert.ok(wide.text.includes('Exit code: unknown'));
  });
  it('bounds the command line and scrubs secrets typed on it', () => {
    const p = terminalPrompt({ commandLine: `curl -H "Authorization: Bearer abc123def456" ${'a'.repeat(LIMITS.commandChars)}`, exitCode: 1, output: '' });
    assert.ok(!p.text.includes('abc123def456'));
    assert.ok(p.text.includes('(The excerpt was cut at 2000 characters.)'));
    assert.ok(p.text.includes('Output (none):'));
  });
  it('a terminal command whose output was not captured says so, and never claims there was none', () => {
    const p = terminalPrompt({ commandLine: 'ls /nonexistent', exitCode: 2, output: '', outputUnknown: true });
    assert.ok(p.text.includes('Output: not captured (VS Code did not pass the terminal output on)'));
    assert.ok(!p.text.includes('Output (none)'));
    assert.ok(!p.text.includes('Output:\n'));
    const none = terminalPrompt({ commandLine: 'true', exitCode: 0, output: '' });
    assert.ok(none.text.includes('Output (none):'));
    assert.ok(!none.text.includes('not captured'));
  });
});

describe('Fix with Devin on a failed test', () => {
  it('holds the name, location, message, expected and actual', () => {
    const p = testFailurePrompt({ testName: 'math › adds', relativePath: 'test/math.test.ts', line: 12, message: 'Expected values to be equal', expected: '3', actual: '4' });
    assert.equal(
      p.text,
      'This test fails. Find out why and fix the code (or the test, if the test is wrong).\n\nTest: `math › adds`\nFile: `test/math.test.ts`, line 12\n\nFailure message:\n```\nExpected values to be equal\n```\n\nExpected:\n```\n3\n```\n\nActual:\n```\n4\n```',
    );
    const at = testFailurePrompt({ testName: 't', relativePath: 'a.test.ts', line: 7, failure: { relativePath: 'a.test.ts', line: 8 }, message: 'm' });
    assert.ok(at.text.includes('File: `a.test.ts`, line 7\nFailed at: `a.test.ts`, line 8\n'), 'the failing line after the test line');
    const same = testFailurePrompt({ testName: 't', relativePath: 'a.test.ts', line: 7, failure: { relativePath: 'a.test.ts', line: 7 }, message: 'm' });
    assert.ok(!same.text.includes('Failed at'), 'not repeated when it is the test line');
    const bare = testFailurePrompt({ testName: 't', message: 'm'.repeat(LIMITS.testMessageChars + 1) });
    assert.ok(!bare.text.includes('Expected:'));
    assert.ok(bare.truncated);
  });
});

describe('Send Uncommitted Changes', () => {
  const diff = 'diff --git a/a.ts b/a.ts\n--- a/a.ts\n+++ b/a.ts\n@@ -1 +1 @@\n-old\n+new';
  it('continue, review and own words; inline diff with the file list', () => {
    const c = diffPrompt({ intent: 'continue', diff, files: ['a.ts'], repo: 'o/r' });
    assert.ok(c.text.startsWith('Continue this work'));
    assert.ok(c.text.includes('Changed files:\n- a.ts'));
    assert.ok(c.text.includes('```diff\ndiff --git'));
    assert.ok(diffPrompt({ intent: 'review', diff, files: [] }).text.startsWith('Review these uncommitted changes'));
    assert.ok(diffPrompt({ intent: 'custom', instruction: 'Split into two commits', diff, files: [] }).text.startsWith('Split into two commits'));
  });
  it('an attached diff is named, not inlined; an inline one is bounded', () => {
    const a = diffPrompt({ intent: 'review', diff, files: ['a.ts'], attachedAs: 'changes.diff' });
    assert.ok(a.text.includes('Attached: `changes.diff`'));
    assert.ok(!a.text.includes('+new'));
    const big = diffPrompt({ intent: 'review', diff: `+${'x'.repeat(LIMITS.diffChars + 10)}`, files: [] });
    assert.ok(big.truncated);
    assert.equal(utf8Bytes('é'), 2);
  });
  it('a diff goes as an attachment when it would be cut inline, by characters or by bytes', () => {
    assert.equal(diffGoesAsAttachment('x'.repeat(LIMITS.diffChars)), false);
    assert.equal(diffGoesAsAttachment('x'.repeat(LIMITS.diffChars + 1)), true, 'over the inline character bound');
    assert.equal(diffGoesAsAttachment('é'.repeat(Math.floor(ATTACH_THRESHOLD_BYTES / 2) + 1)), true, 'over the byte threshold');
  });
  it('a repository without a commit says the diff shows every file as new', () => {
    assert.ok(diffPrompt({ intent: 'review', diff, files: [], noCommitYet: true }).text.includes('The repository has no commit yet'));
    assert.ok(!diffPrompt({ intent: 'review', diff, files: [] }).text.includes('no commit yet'));
  });
});
