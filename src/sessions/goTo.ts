// Items of **Devin: Go to Session…**, built without vscode (tested with node --test). VS Code's
// quick pick filters as the user types over label, description and detail (matchOnDescription,
// matchOnDetail), so each item carries the title, the repositories, the tags and the id as text.
import * as l10n from '@vscode/l10n';
import type { Session } from '../api/types';
import { cleanText, describeStatus, groupOf, relativeTime, repoNames, sessionTitle, type GroupId } from './model';
import type { SessionHint } from './hints';
import { bareSessionId } from './sessionId';

export interface GoToItem {
  /** `$(icon) title` (the codicon is not part of what is matched). */
  label: string;
  /** Repositories, then status and age. */
  description: string;
  /** `#tags · id`. */
  detail: string;
  sessionId: string;
}

/** Text from the server must not render as a codicon: `$(` gets a zero-width space. */
const noIcons = (text: string) => text.replace(/\$\(/g, '$\u200b(');

const ICONS: Record<GroupId, string> = {
  needsInput: 'bell-dot',
  working: 'sync',
  suspended: 'debug-pause',
  finished: 'pass',
  failed: 'error',
  other: 'circle-outline',
  archived: 'archive',
};

/** Newest first; archived sessions after the others. Duplicate repository names are shown once. */
export function buildGoToItems(sessions: Iterable<Session>, nowMs: number, hint: (id: string) => SessionHint | undefined = () => undefined): GoToItem[] {
  return [...sessions]
    .sort((a, b) => Number(!!a.is_archived) - Number(!!b.is_archived) || b.updated_at - a.updated_at)
    .map((s) => {
      const h = hint(s.session_id);
      const repos = [...new Set((repoNames(s).length ? repoNames(s) : h?.repo ? [h.repo] : []).map((r) => noIcons(cleanText(r, 100))).filter(Boolean))];
      const status = s.is_archived ? l10n.t('{0} (archived)', describeStatus(s)) : describeStatus(s);
      const description = [repos.join(', '), status, relativeTime(s.updated_at, nowMs)].filter(Boolean).join(' · ');
      const tags = s.tags.map((t) => `#${noIcons(cleanText(t, 60))}`).join(' ');
      return {
        label: `$(${ICONS[s.is_archived ? 'archived' : groupOf(s)]}) ${noIcons(sessionTitle(s, h?.prompt))}`,
        description,
        detail: [tags, bareSessionId(s.session_id)].filter(Boolean).join(' · '),
        sessionId: s.session_id,
      };
    });
}
