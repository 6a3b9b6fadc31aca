// The details panel's tab title: the session title, shortened, then one short status word.
// Pure (no `vscode`): the host passes the words in, already translated.
import type { Session } from '../api/types';
import { cleanText, groupOf, type GroupId } from '../sessions/model';

/** Characters of the session title kept in a tab (the rest is cut with "…"). */
export const TAB_TITLE_CHARS = 32;

export type StatusWords = Record<GroupId | 'archived', string>;

/** `title` cut to `max` characters, on a word boundary when one is near, with "…". */
export function shortenTitle(title: string, max: number = TAB_TITLE_CHARS): string {
  const t = cleanText(title, 10_000);
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space >= max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:·-]+$/, '')}…`;
}

/** The word for a session's state in a tab: archived first, then its group. */
export function statusWord(s: Pick<Session, 'status' | 'status_detail' | 'is_archived'>, words: StatusWords): string {
  if (s.is_archived) return words.archived;
  return words[groupOf(s)];
}
