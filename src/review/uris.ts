// The read-only `devin-pr:` documents (a file at a commit of a clone) and the `devin-review:`
// resource URIs of the changed-files tree (file icon + status decoration). Pure: no vscode import.
import { scrub, type ScrubOptions } from '../delegate/scrub';

export { PR_SCHEME } from '../ids';
import { PR_SCHEME } from '../ids';
export const FILE_SCHEME = 'devin-review';

export interface PrDocRef {
  /** Clone folder (file system path). */
  root: string;
  commit: string;
  /** Repository-relative path, '/'-separated. */
  path: string;
  /** 'head': the PR side (comments allowed); 'base': the merge-base side. */
  side: 'base' | 'head';
  sessionId: string;
  prUrl: string;
}

const HEX = /^[0-9a-f]{40,64}$/;

/** URI parts (path shown in titles and used by icon themes; the rest in the query). */
export function prDocParts(ref: PrDocRef): { scheme: string; path: string; query: string } {
  return { scheme: PR_SCHEME, path: `/${ref.path}`, query: JSON.stringify(ref) };
}

/** Parses the query of a `devin-pr:` URI; undefined for anything malformed. */
export function parsePrDocQuery(query: string): PrDocRef | undefined {
  let o: unknown;
  try {
    o = JSON.parse(query);
  } catch {
    return undefined;
  }
  if (!o || typeof o !== 'object') return undefined;
  const r = o as Record<string, unknown>;
  if (typeof r.root !== 'string' || typeof r.commit !== 'string' || !HEX.test(r.commit) || typeof r.path !== 'string' || !r.path) return undefined;
  if (r.side !== 'base' && r.side !== 'head') return undefined;
  if (typeof r.sessionId !== 'string' || typeof r.prUrl !== 'string') return undefined;
  return { root: r.root, commit: r.commit, path: r.path, side: r.side, sessionId: r.sessionId, prUrl: r.prUrl };
}

/** Line range of a comment thread (0-based, inclusive) as people read it: "line 4" / "lines 4–9". */
export function lineRangeText(start: number, end: number): string {
  return start === end ? `line ${start + 1}` : `lines ${start + 1}–${end + 1}`;
}

/** Longest quote put into a message to Devin. */
export const MAX_QUOTE_CHARS = 20_000;

/**
 * The message Ask Devin sends: where (path, lines, PR, commit), the quoted lines, the user's words.
 * Scrubbed like every other prompt (src/delegate/scrub.ts): secrets in the quote never leave.
 */
export function askDevinMessage(o: { path: string; start: number; end: number; prUrl: string; commit: string; quoted: string; text: string }, secrets: ScrubOptions = {}): string {
  let quoted = o.quoted.length > MAX_QUOTE_CHARS ? `${o.quoted.slice(0, MAX_QUOTE_CHARS)}\n…` : o.quoted;
  quoted = quoted.replace(/\n$/, '');
  const fence = '`'.repeat(Math.max(3, ...[...quoted.matchAll(/`{3,}/g)].map((m) => m[0].length + 1)));
  const message = [
    `About \`${o.path}\` ${lineRangeText(o.start, o.end)} in ${o.prUrl} (commit ${o.commit.slice(0, 12)}):`,
    '',
    fence,
    quoted,
    fence,
    '',
    o.text.trim(),
  ].join('\n');
  return scrub(message, secrets).text;
}
