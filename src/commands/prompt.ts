// Pure checks and small helpers for the command inputs (the Send to Devin prompt itself is
// src/commands/codePrompt.ts). No vscode import: the validation messages go through @vscode/l10n.
import * as l10n from '@vscode/l10n';

/** A title from the instruction's first line, when the user gave none. */
export function titleFromInstruction(instruction: string, fallback: string, max = 80): string {
  const first = instruction.trim().split('\n')[0]?.trim() ?? '';
  const t = first || fallback;
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
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
export { isSessionId as isValidSessionId } from '../sessions/sessionId';
