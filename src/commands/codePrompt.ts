// Pure prompt building for "Send to Devin" (selection or file). No vscode import. The prompt
// itself is for Devin and stays English. (Apart from src/commands/prompt.ts, whose checks the
// startup bundle needs: this one goes with New Session, in dist/send.js.)
import { codePrompt, LIMITS, type CodeContext } from '../delegate/promptBuilder';
import type { ScrubOptions } from '../delegate/scrub';

export type { CodeContext } from '../delegate/promptBuilder';
export { fenceFor, fenceLanguage } from '../delegate/promptBuilder';

/** Largest code excerpt sent in a prompt; longer input is cut with a note. */
export const MAX_CODE_CHARS = LIMITS.codeChars;

/** The Send to Devin prompt (selection or file), made by the one prompt builder (bounded and scrubbed). */
export function buildCodePrompt(c: CodeContext, secrets?: ScrubOptions): string {
  return codePrompt(c, secrets).text;
}
