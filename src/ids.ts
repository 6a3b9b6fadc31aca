// Ids, keys and options shared by the activation shell (src/extension.ts) and the core. No imports: the
// shell stays free of everything else.
export const SESSIONS_VIEW_ID = 'devin.sessions';
export const SESSIONS_TREE_OPTIONS = { showCollapseAll: true } as const;
export const PANEL_VIEW_TYPE = 'devin.session';
/** SecretStorage key of the API key (read by the shell at activation, owned by src/auth). */
export const API_KEY_SECRET = 'devin.apiKey';
/** Internal (not contributed) command the shell's URI handler forwards links to: (path, query). */
export const LINK_COMMAND = 'devin.internal.openLink';
/** Scheme of the review's read-only `devin-pr:` documents (src/review/uris.ts); registered at startup, since a restored diff editor reads them. */
export const PR_SCHEME = 'devin-pr';
