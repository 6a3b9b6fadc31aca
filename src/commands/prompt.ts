// Pure prompt building for "Send to Devin" (selection or file). No vscode import. The prompt
// itself is for Devin and stays English; the validation messages go through @vscode/l10n.
import * as l10n from '@vscode/l10n';

export interface CodeContext {
  instruction: string;
  code: string;
  languageId?: string;
  /** Path relative to the repository root (or workspace), with forward slashes. */
  relativePath: string;
  /** 1-based inclusive line range; omitted for a whole file. */
  startLine?: number;
  endLine?: number;
  repo?: string;
  branch?: string;
  commit?: string;
}

/** Largest code excerpt sent in a prompt; longer input is cut with a note. */
export const MAX_CODE_CHARS = 100_000;

/** A backtick fence longer than any backtick run inside the code, so the block cannot be closed early. */
export function fenceFor(code: string): string {
  let longest = 0;
  for (const m of code.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}

export function fenceLanguage(languageId: string | undefined): string {
  if (!languageId || languageId === 'plaintext') return '';
  return languageId.replace(/[^A-Za-z0-9_+#.-]/g, '').slice(0, 40);
}

export function buildCodePrompt(c: CodeContext): string {
  let code = c.code.replace(/\r\n/g, '\n');
  let truncatedNote = '';
  if (code.length > MAX_CODE_CHARS) {
    code = code.slice(0, MAX_CODE_CHARS);
    truncatedNote = `\n(The excerpt was cut at ${MAX_CODE_CHARS} characters.)`;
  }
  if (!code.endsWith('\n')) code += '\n';
  const fence = fenceFor(code);
  const where =
    c.startLine !== undefined && c.endLine !== undefined
      ? c.startLine === c.endLine
        ? `line ${c.startLine}`
        : `lines ${c.startLine}-${c.endLine}`
      : 'whole file';
  const lines: string[] = [];
  const instruction = c.instruction.trim();
  if (instruction) lines.push(instruction, '');
  lines.push(`File: \`${c.relativePath}\` (${where})`);
  const repoBits: string[] = [];
  if (c.repo) repoBits.push(`Repository: ${c.repo}`);
  if (c.branch) repoBits.push(`branch \`${c.branch}\``);
  if (c.commit) repoBits.push(`commit \`${c.commit.slice(0, 12)}\``);
  if (repoBits.length) lines.push(repoBits.join(', '));
  lines.push('', `${fence}${fenceLanguage(c.languageId)}`);
  return `${lines.join('\n')}\n${code}${fence}${truncatedNote}`;
}

/** A title from the instruction's first line, when the user gave none. */
export function titleFromInstruction(instruction: string, fallback: string): string {
  const first = instruction.trim().split('\n')[0]?.trim() ?? '';
  const t = first || fallback;
  return t.length > 80 ? `${t.slice(0, 79)}…` : t;
}

/** Tags typed as "a, b c" plus defaults; trimmed, de-duplicated, bounded. */
export function parseTags(input: string, defaults: string[] = []): string[] {
  const typed = input.split(/[\s,]+/).map((t) => t.trim()).filter(Boolean);
  return [...new Set([...defaults, ...typed])].slice(0, 50);
}

/** Returns an error message for an ACU limit input, or undefined when it is fine (empty = no limit). */
export function validateAcuLimit(input: string): string | undefined {
  const v = input.trim();
  if (!v) return undefined;
  if (!/^\d+(\.\d+)?$/.test(v)) return l10n.t('Enter a positive number of ACUs, or leave it empty for no limit.');
  const n = Number(v);
  if (!(n > 0) || n > 100_000) return l10n.t('Enter a positive number of ACUs up to 100000.');
  return undefined;
}

export function validateOrgIdInput(input: string): string | undefined {
  return /^org-[A-Za-z0-9_-]+$/.test(input.trim()) ? undefined : l10n.t('An organization id looks like org-abc123.');
}

export function validateApiKeyInput(input: string): string | undefined {
  const v = input.trim();
  if (!v) return l10n.t('Paste your Devin API key.');
  if (/\s/.test(v)) return l10n.t('An API key has no spaces.');
  if (v.length < 8) return l10n.t('This is too short to be an API key.');
  return undefined;
}

/** Session ids that commands accept from arguments (tree nodes, panels, links). */
export function isValidSessionId(x: unknown): x is string {
  return typeof x === 'string' && /^[A-Za-z0-9_-]{1,100}$/.test(x);
}
