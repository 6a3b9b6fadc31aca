// Session ids, in one place. The API's path parameter is the id with a `devin-` prefix
// (`devin-abc123`); responses may carry the id with or without it (the sources disagree: see
// ../shared/docs/devin-api-v3.md, "ID formats"). Every id that enters the extension (API answers,
// command arguments, panel state) is compared, keyed and sent through these functions, so both
// forms name the same session. No imports: the activation shell, the webview and plain Node
// tests use it.

export const SESSION_ID_PREFIX = 'devin-';

/** What a session id may look like in either form: no slashes, dots, spaces or queries. */
export const SESSION_ID_RE = /^[A-Za-z0-9_-]{1,128}$/;

export function isSessionId(x: unknown): x is string {
  return typeof x === 'string' && SESSION_ID_RE.test(x);
}

/** The id without the `devin-` prefix (the form seen in web-app links). */
export function bareSessionId(id: string): string {
  return id.startsWith(SESSION_ID_PREFIX) ? id.slice(SESSION_ID_PREFIX.length) : id;
}

/**
 * The one form the extension keeps: `devin-<id>`, which is also what the API's paths take.
 * A string that is not a session id comes back unchanged (it is never sent anywhere).
 */
export function canonicalSessionId(id: string): string {
  if (!isSessionId(id)) return id;
  const bare = bareSessionId(id);
  return bare ? `${SESSION_ID_PREFIX}${bare}` : id;
}

/** True when both name the same session, whichever form each is in. */
export function sameSessionId(a: string | undefined | null, b: string | undefined | null): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  return canonicalSessionId(a) === canonicalSessionId(b);
}

/** The first 8 characters of the bare id, for labels. */
export function shortSessionId(id: string): string {
  return bareSessionId(id).slice(0, 8);
}
