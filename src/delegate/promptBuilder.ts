// The one prompt builder: every prompt and message the extension sends to Devin on the user's
// behalf (Send to Devin on a selection or file, Fix with Devin, Delegate to Devin, the last
// terminal command, a failed test, uncommitted changes) is made by buildPrompt() below, which
// bounds every part and scrubs secrets (scrub.ts) before anything leaves the machine.
// Pure: no vscode import. The prompt itself is for Devin and stays English.
import { scrub, type ScrubOptions } from './scrub';

/**
 * Bounds of what goes into a prompt (documented in README "What is sent to Devin"). Text is cut
 * with a note saying so; what is larger than the inline bound of a file or diff goes as an
 * attachment instead (see ATTACH_THRESHOLD_BYTES).
 */
export const LIMITS = {
  /** The user's instruction. */
  instructionChars: 8_000,
  /** A selection or a whole file sent with Send to Devin. */
  codeChars: 100_000,
  /** The code around a problem or a TODO. */
  excerptChars: 12_000,
  /** Lines shown above and below the lines of a problem. */
  contextLines: 20,
  /** Largest enclosing function sent whole with a TODO; a longer one gives way to the window below. */
  functionLines: 200,
  /** Lines above and below a TODO when there is no enclosing function (or it is too long). */
  todoWindowLines: 30,
  /** Problems listed for one Fix with Devin, and the length of each message. */
  diagnostics: 20,
  diagnosticChars: 2_000,
  /** A terminal command line, and the tail of its output. */
  commandChars: 2_000,
  outputChars: 12_000,
  outputLines: 300,
  /** A failed test's message, and each of its expected and actual values. */
  testMessageChars: 6_000,
  testValueChars: 6_000,
  /** A diff sent inline; a larger one goes as an attachment. */
  diffChars: 30_000,
  /** Any other single line of context (paths, names). */
  lineChars: 500,
} as const;

/** Files and diffs larger than this (UTF-8 bytes) are uploaded as attachments instead of inlined. */
export const ATTACH_THRESHOLD_BYTES = 48 * 1024;
/** Largest single attachment the extension uploads. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Largest number of files attached to one session or message. */
export const MAX_ATTACHMENTS = 10;

export interface RepoFacts {
  /** owner/name */
  repo?: string;
  branch?: string;
  commit?: string;
}

export interface PromptBlock {
  /** Shown on its own line before the block ("Output (last 300 lines):"). */
  label?: string;
  text: string;
  /** VS Code language id for the fence ("typescript"); none or plaintext gives a bare fence. */
  languageId?: string;
  maxChars: number;
  /** Which end survives a cut: the head (code) or the tail (logs). Default head. */
  keep?: 'head' | 'tail';
  /** Extra line limit (tail of logs). */
  maxLines?: number;
}

/** A short list of facts (problems, files): "Label:" then one "- " line per item. */
export interface PromptList {
  label: string;
  items: string[];
  maxItems: number;
  itemChars: number;
}

export interface PromptParts {
  instruction: string;
  /** Lines right after the instruction ("File: `a.ts` (lines 3-9)"). */
  facts?: (string | undefined | false)[];
  repo?: RepoFacts;
  lists?: PromptList[];
  blocks?: PromptBlock[];
  /** Names of files that go along as attachments. */
  attachments?: string[];
}

export interface BuiltPrompt {
  text: string;
  /** Secrets removed, by kind. */
  redactions: Record<string, number>;
  redactionCount: number;
  /** Some part was cut to its bound. */
  truncated: boolean;
}

/** A backtick fence longer than any backtick run inside the text, so the block cannot be closed early. */
export function fenceFor(code: string): string {
  let longest = 0;
  for (const m of code.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}

export function fenceLanguage(languageId: string | undefined): string {
  if (!languageId || languageId === 'plaintext') return '';
  return languageId.replace(/[^A-Za-z0-9_+#.-]/g, '').slice(0, 40);
}

/** How much of a session title's source text goes to createFromDraft, which scrubs it and then cuts it to 80 characters. */
export const TITLE_SOURCE_CHARS = 1_000;

/** One line, at most n characters (with an ellipsis when cut); newlines become spaces. */
export function oneLine(text: string, n: number = LIMITS.lineChars): string {
  const t = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}

/** Inline code span for a path or name, safe when it holds backticks. */
export function inlineCode(text: string): string {
  const t = oneLine(text);
  const fence = '`'.repeat(Math.max(1, ...[...t.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

export function repoLine(r: RepoFacts | undefined): string | undefined {
  if (!r) return undefined;
  const bits: string[] = [];
  if (r.repo) bits.push(`Repository: ${oneLine(r.repo, 200)}`);
  if (r.branch) bits.push(`branch ${inlineCode(oneLine(r.branch, 200))}`);
  if (r.commit) bits.push(`commit ${inlineCode(r.commit.slice(0, 12))}`);
  return bits.length ? bits.join(', ') : undefined;
}

/** Cuts text to maxChars (and maxLines) keeping the head or the tail; says what it did. */
export function bound(text: string, maxChars: number, keep: 'head' | 'tail' = 'head', maxLines?: number): { text: string; cut: boolean } {
  let t = text;
  let cut = false;
  if (maxLines !== undefined) {
    const lines = t.split('\n');
    if (lines.length > maxLines) {
      t = keep === 'head' ? lines.slice(0, maxLines).join('\n') : lines.slice(-maxLines).join('\n');
      cut = true;
    }
  }
  if (t.length > maxChars) {
    t = keep === 'head' ? t.slice(0, maxChars) : t.slice(t.length - maxChars);
    cut = true;
  }
  return { text: t, cut };
}

/** Makes the prompt: instruction, facts, repository, lists, fenced blocks; every part bounded and scrubbed. */
export function buildPrompt(p: PromptParts, secrets: ScrubOptions = {}): BuiltPrompt {
  const redactions: Record<string, number> = {};
  let truncated = false;
  const clean = (text: string): string => {
    const r = scrub(text, secrets);
    for (const [k, n] of Object.entries(r.found)) redactions[k] = (redactions[k] ?? 0) + n;
    return r.text;
  };
  const out: string[] = [];
  // Scrubbed before it is cut (here and below): a cut through a secret would leave its start unscrubbed.
  const instruction = bound(clean(p.instruction.replace(/\r\n?/g, '\n').trim()), LIMITS.instructionChars);
  truncated ||= instruction.cut;
  if (instruction.text) out.push(instruction.text, '');
  const facts = (p.facts ?? []).filter((f): f is string => typeof f === 'string' && !!f);
  const repo = repoLine(p.repo);
  if (repo) facts.push(repo);
  if (p.attachments?.length) facts.push(`Attached: ${p.attachments.map((a) => inlineCode(a)).join(', ')}`);
  if (facts.length) out.push(...facts.map(clean));
  for (const list of p.lists ?? []) {
    if (!list.items.length) continue;
    if (out.length && out[out.length - 1] !== '') out.push('');
    out.push(`${list.label}:`);
    for (const item of list.items.slice(0, list.maxItems)) {
      const b = bound(clean(item.replace(/\r\n?/g, '\n').trim()), list.itemChars);
      truncated ||= b.cut;
      out.push(`- ${b.text.replace(/\n/g, '\n  ')}${b.cut ? ' …' : ''}`);
    }
    if (list.items.length > list.maxItems) {
      truncated = true;
      out.push(`- … and ${list.items.length - list.maxItems} more`);
    }
  }
  for (const block of p.blocks ?? []) {
    // Scrub the whole text first, so a cut cannot leave half a secret (or a key block without its BEGIN line).
    const keep = block.keep ?? 'head';
    const b = bound(clean(block.text.replace(/\r\n?/g, '\n')), block.maxChars, keep, block.maxLines);
    truncated ||= b.cut;
    let code = b.text;
    if (!code.endsWith('\n')) code += '\n';
    const fence = fenceFor(code);
    if (out.length && out[out.length - 1] !== '') out.push('');
    if (block.label) out.push(`${block.label}${b.cut && keep === 'tail' ? ` (only the last ${code.length} characters are shown)` : ''}:`);
    else if (b.cut && keep === 'tail') out.push(`(Only the last ${code.length} characters are shown.)`);
    out.push(`${fence}${fenceLanguage(block.languageId)}\n${code}${fence}`);
    if (b.cut && keep === 'head') {
      out.push(`(The excerpt was cut at ${block.maxChars} characters.)`);
    }
  }
  const text = out.join('\n').replace(/\n+$/, '');
  return { text, redactions, redactionCount: Object.values(redactions).reduce((a, b) => a + b, 0), truncated };
}

// ---- excerpts -------------------------------------------------------------------------------

export interface Excerpt {
  text: string;
  /** 1-based inclusive. */
  startLine: number;
  endLine: number;
}

/**
 * Lines [first, last] (0-based, inclusive) of a document with `context` lines either side,
 * shrunk around the middle until it fits maxChars.
 */
export function excerptLines(docText: string, first: number, last: number, context: number, maxChars: number = LIMITS.excerptChars): Excerpt {
  const lines = docText.replace(/\r\n?/g, '\n').split('\n');
  const lo = Math.max(0, Math.min(first, lines.length - 1));
  const hi = Math.max(lo, Math.min(last, lines.length - 1));
  let a = Math.max(0, lo - context);
  let b = Math.min(lines.length - 1, hi + context);
  const size = (x: number, y: number) => lines.slice(x, y + 1).reduce((n, l) => n + l.length + 1, 0);
  // Give up context lines evenly, then the target lines themselves from the end.
  while (size(a, b) > maxChars && (a < lo || b > hi)) {
    if (lo - a >= b - hi && a < lo) a++;
    else if (b > hi) b--;
    else a++;
  }
  while (size(a, b) > maxChars && b > a) b--;
  let text = lines.slice(a, b + 1).join('\n');
  if (text.length > maxChars) text = text.slice(0, maxChars);
  return { text, startLine: a + 1, endLine: b + 1 };
}

export function lineRangeLabel(startLine: number | undefined, endLine: number | undefined): string {
  if (startLine === undefined || endLine === undefined) return 'whole file';
  return startLine === endLine ? `line ${startLine}` : `lines ${startLine}-${endLine}`;
}

// ---- Send to Devin (selection or file) -----------------------------------------------------

export interface CodeContext extends RepoFacts {
  instruction: string;
  code: string;
  languageId?: string;
  /** Path relative to the repository root (or workspace), with forward slashes. */
  relativePath: string;
  /** 1-based inclusive line range; omitted for a whole file. */
  startLine?: number;
  endLine?: number;
  /** The file goes as an attachment under this name instead of inline. */
  attachedAs?: string;
}

export function codePrompt(c: CodeContext, secrets?: ScrubOptions): BuiltPrompt {
  return buildPrompt(
    {
      instruction: c.instruction,
      facts: [`File: ${inlineCode(c.relativePath)} (${lineRangeLabel(c.startLine, c.endLine)})`],
      repo: c,
      attachments: c.attachedAs ? [c.attachedAs] : undefined,
      blocks: c.attachedAs ? [] : [{ text: c.code, languageId: c.languageId, maxChars: LIMITS.codeChars }],
    },
    secrets,
  );
}

// ---- Fix with Devin (diagnostics) ----------------------------------------------------------

export interface DiagnosticFact {
  severity: 'error' | 'warning' | 'information' | 'hint';
  message: string;
  source?: string;
  code?: string | number;
  /** 1-based. */
  line: number;
  column: number;
}

export interface DiagnosticContext extends RepoFacts {
  instruction?: string;
  diagnostics: DiagnosticFact[];
  relativePath: string;
  languageId?: string;
  /** The document's text and the 0-based lines the problems cover. */
  docText: string;
  firstLine: number;
  lastLine: number;
}

export function describeDiagnostic(d: DiagnosticFact): string {
  const sev = d.severity === 'error' ? 'Error' : d.severity === 'warning' ? 'Warning' : d.severity === 'information' ? 'Info' : 'Hint';
  const origin = [d.source, d.code !== undefined && d.code !== '' ? String(d.code) : undefined].filter(Boolean).join(' ');
  return `${sev} at line ${d.line}, column ${d.column}${origin ? ` [${oneLine(origin, 100)}]` : ''}: ${d.message}`;
}

export function diagnosticPrompt(c: DiagnosticContext, secrets?: ScrubOptions): BuiltPrompt {
  const ex = excerptLines(c.docText, c.firstLine, c.lastLine, LIMITS.contextLines);
  const many = c.diagnostics.length > 1;
  return buildPrompt(
    {
      instruction: c.instruction?.trim() || (many ? 'Fix these problems that the editor reports in this file.' : 'Fix this problem that the editor reports in this file.'),
      facts: [`File: ${inlineCode(c.relativePath)} (${lineRangeLabel(ex.startLine, ex.endLine)} shown below)`],
      repo: c,
      lists: [{ label: many ? 'Problems' : 'Problem', items: c.diagnostics.map(describeDiagnostic), maxItems: LIMITS.diagnostics, itemChars: LIMITS.diagnosticChars }],
      blocks: [{ text: ex.text, languageId: c.languageId, maxChars: LIMITS.excerptChars }],
    },
    secrets,
  );
}

// ---- Delegate to Devin (TODO / FIXME / HACK) -----------------------------------------------

export { findTodo, TODO_PATTERN } from './todo';

export interface TodoContext extends RepoFacts {
  instruction?: string;
  kind: 'TODO' | 'FIXME' | 'HACK';
  /** The comment line as written. */
  comment: string;
  /** 1-based line of the comment. */
  line: number;
  relativePath: string;
  languageId?: string;
  docText: string;
  /** The enclosing function or method (0-based lines, inclusive), when one is known. */
  symbol?: { name: string; kind: string; firstLine: number; lastLine: number };
}

export function todoPrompt(c: TodoContext, secrets?: ScrubOptions): BuiltPrompt {
  const useSymbol = c.symbol && c.symbol.lastLine - c.symbol.firstLine + 1 <= LIMITS.functionLines;
  const ex =
    useSymbol && c.symbol
      ? excerptLines(c.docText, c.symbol.firstLine, c.symbol.lastLine, 0)
      : excerptLines(c.docText, c.line - 1, c.line - 1, LIMITS.todoWindowLines);
  const verb = c.kind === 'FIXME' ? 'Fix what this FIXME comment describes' : c.kind === 'HACK' ? 'Replace the hack this HACK comment describes with a proper solution' : 'Do what this TODO comment asks';
  return buildPrompt(
    {
      instruction: c.instruction?.trim() || `${verb}, then remove the comment.`,
      facts: [
        `File: ${inlineCode(c.relativePath)}, line ${c.line}`,
        `Comment: ${inlineCode(c.comment.trim())}`,
        useSymbol && c.symbol ? `Enclosing ${oneLine(c.symbol.kind, 40)}: ${inlineCode(c.symbol.name)} (${lineRangeLabel(ex.startLine, ex.endLine)} shown below)` : `Code around it: ${lineRangeLabel(ex.startLine, ex.endLine)}`,
      ],
      repo: c,
      blocks: [{ text: ex.text, languageId: c.languageId, maxChars: LIMITS.excerptChars }],
    },
    secrets,
  );
}

// ---- Send Last Terminal Command ------------------------------------------------------------

/** Removes ANSI/VT escape sequences (colors, cursor moves, OSC titles and shell-integration marks) and applies carriage returns. */
/* eslint-disable no-control-regex -- matching control characters is the point here */
export function stripAnsi(raw: string): string {
  const noEsc = raw
    // OSC ... BEL or ST (shell integration 633/133, titles, hyperlinks)
    .replace(/\u001b\][\s\S]*?(?:\u0007|\u001b\\)/g, '')
    // CSI sequences
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
    // Other two-character escapes, and the rest of the C0 controls but tab, newline and CR
    .replace(/\u001b[@-Z\\-_]/g, '')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  // "\r" without "\n" rewrites the line (progress bars): keep what was written last.
  return noEsc
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((l) => {
      const parts = l.split('\r');
      return parts.length > 1 ? parts.filter((p) => p.length).pop() ?? '' : l;
    })
    .join('\n');
}
/* eslint-enable no-control-regex */

export interface TerminalContext extends RepoFacts {
  instruction?: string;
  commandLine: string;
  exitCode?: number;
  /** Working directory, already made relative to the repository root when inside it. */
  cwd?: string;
  shell?: string;
  /** Raw output (escape sequences are removed here). */
  output?: string;
  /** The output could not be read (VS Code did not pass it on): say so instead of "none". */
  outputUnknown?: boolean;
}

export function terminalPrompt(c: TerminalContext, secrets?: ScrubOptions): BuiltPrompt {
  const failed = c.exitCode !== undefined && c.exitCode !== 0;
  const output = c.output === undefined ? undefined : stripAnsi(c.output).replace(/\s+$/, '');
  return buildPrompt(
    {
      instruction: c.instruction?.trim() || (failed ? 'This command failed in my terminal. Find out why and fix it.' : 'Look at this command I ran in my terminal and its output.'),
      facts: [
        c.exitCode === undefined ? 'Exit code: unknown' : `Exit code: ${c.exitCode}`,
        c.cwd ? `Working directory: ${inlineCode(c.cwd)}` : undefined,
        c.shell ? `Shell: ${oneLine(c.shell, 40)}` : undefined,
        c.outputUnknown ? 'Output: not captured (VS Code did not pass the terminal output on)' : undefined,
      ],
      repo: c,
      blocks: [
        { label: 'Command', text: c.commandLine.trim(), languageId: 'shellscript', maxChars: LIMITS.commandChars },
        ...(output === undefined || c.outputUnknown
          ? []
          : [{ label: output ? 'Output' : 'Output (none)', text: output, maxChars: LIMITS.outputChars, maxLines: LIMITS.outputLines, keep: 'tail' as const }]),
      ],
    },
    secrets,
  );
}

// ---- Fix with Devin on a failed test -------------------------------------------------------

export interface TestFailureContext extends RepoFacts {
  instruction?: string;
  testName: string;
  /** Relative path and 1-based line of the test, when known. */
  relativePath?: string;
  line?: number;
  /** Where the failure message points (the failing assertion), when it says. */
  failure?: { relativePath: string; line: number };
  message: string;
  expected?: string;
  actual?: string;
}

export function testFailurePrompt(c: TestFailureContext, secrets?: ScrubOptions): BuiltPrompt {
  const blocks: PromptBlock[] = [{ label: 'Failure message', text: c.message, maxChars: LIMITS.testMessageChars }];
  if (c.expected !== undefined) blocks.push({ label: 'Expected', text: c.expected, maxChars: LIMITS.testValueChars });
  if (c.actual !== undefined) blocks.push({ label: 'Actual', text: c.actual, maxChars: LIMITS.testValueChars });
  return buildPrompt(
    {
      instruction: c.instruction?.trim() || 'This test fails. Find out why and fix the code (or the test, if the test is wrong).',
      facts: [
        `Test: ${inlineCode(c.testName)}`,
        c.relativePath ? `File: ${inlineCode(c.relativePath)}${c.line ? `, line ${c.line}` : ''}` : undefined,
        c.failure && (c.failure.relativePath !== c.relativePath || c.failure.line !== c.line) ? `Failed at: ${inlineCode(c.failure.relativePath)}, line ${c.failure.line}` : undefined,
      ],
      repo: c,
      blocks,
    },
    secrets,
  );
}

// ---- Send Uncommitted Changes --------------------------------------------------------------

export type DiffIntent = 'continue' | 'review' | 'custom';

export interface DiffContext extends RepoFacts {
  intent: DiffIntent;
  /** The user's own words for 'custom'. */
  instruction?: string;
  diff: string;
  /** Changed files (relative paths). */
  files: string[];
  /** The diff goes as an attachment under this name instead of inline. */
  attachedAs?: string;
  /** The repository has no commit yet: the diff is against the empty tree. */
  noCommitYet?: boolean;
}

/** A diff too long to inline whole (by characters or bytes) goes as an attachment. */
export function diffGoesAsAttachment(diff: string): boolean {
  return diff.length > LIMITS.diffChars || utf8Bytes(diff) > ATTACH_THRESHOLD_BYTES;
}

export function diffPrompt(c: DiffContext, secrets?: ScrubOptions): BuiltPrompt {
  const instruction =
    c.intent === 'continue'
      ? 'Continue this work: these are my uncommitted changes against HEAD. Finish what they start, in the same style.'
      : c.intent === 'review'
        ? 'Review these uncommitted changes against HEAD: point out bugs, risks and missing tests, and fix what is clearly wrong.'
        : (c.instruction ?? '').trim() || 'Here are my uncommitted changes against HEAD.';
  return buildPrompt(
    {
      instruction,
      facts: [
        c.noCommitYet ? 'The repository has no commit yet, so the diff shows every file as new.' : undefined,
        c.attachedAs ? `The diff against HEAD is attached (${c.diff.split('\n').length} lines).` : undefined,
      ],
      repo: c,
      lists: [{ label: 'Changed files', items: c.files, maxItems: 50, itemChars: LIMITS.lineChars }],
      attachments: c.attachedAs ? [c.attachedAs] : undefined,
      blocks: c.attachedAs ? [] : [{ text: c.diff, languageId: 'diff', maxChars: LIMITS.diffChars }],
    },
    secrets,
  );
}

/** UTF-8 size of a string, for the attachment threshold. */
export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}
