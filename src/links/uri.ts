// Links into sessions: what `vscode://devin-community.devin-vscode/…` may ask for, decided
// without vscode (tested with node --test). The handler (src/links/uriHandler.ts) acts only on
// an `ok` answer; anything else gets a message and nothing else happens.
//
// VS Code hands the handler a Uri whose path and query are already percent-decoded once. A `%XX`
// that is still there was encoded twice (a classic way to smuggle `/`, `..` or control characters
// past a check), so it is refused rather than decoded again.
import { canonicalSessionId, isSessionId } from '../sessions/sessionId';

/** Longest prompt a link may carry (characters). Longer links are refused, not cut. */
export const MAX_LINK_PROMPT = 8000;
/** Longest path or query the parser looks at at all. */
export const MAX_LINK_LENGTH = 16_000;

export type LinkAction =
  | { ok: true; kind: 'session'; sessionId: string }
  | { ok: true; kind: 'new'; prompt?: string; repo?: string };

export type LinkProblem =
  | 'tooLong'
  | 'unknownPath'
  | 'badSessionId'
  | 'controlChars'
  | 'doubleEncoded'
  | 'unknownParam'
  | 'repeatedParam'
  | 'badRepo'
  | 'promptTooLong';

export type LinkResult = LinkAction | { ok: false; problem: LinkProblem; detail?: string };

/** owner/name (GitHub-style; nested groups allowed for other hosts). */
export const REPO_RE = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)+$/;

// C0/C1 controls, DEL, and the bidirectional overrides/isolates that can disguise text.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// The same, but a prompt may hold line breaks and tabs.
// eslint-disable-next-line no-control-regex -- as above
const PROMPT_CONTROL_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const STILL_ENCODED_RE = /%[0-9A-Fa-f]{2}/;

const fail = (problem: LinkProblem, detail?: string): LinkResult => ({ ok: false, problem, detail });

/**
 * What a link asks for. `path` and `query` are the Uri's (decoded once by VS Code).
 * Accepted: `/session/<id>` with no query; `/new` with optional `prompt` and `repo`, once each.
 */
export function parseLink(path: string, query: string): LinkResult {
  if (path.length > MAX_LINK_LENGTH || query.length > MAX_LINK_LENGTH) return fail('tooLong');
  if (CONTROL_RE.test(path)) return fail('controlChars');
  if (STILL_ENCODED_RE.test(path)) return fail('doubleEncoded');
  const parts = path.replace(/^\/+/, '').replace(/\/+$/, '').split('/');
  if (parts[0] === 'session' && parts.length === 2) {
    if (!isSessionId(parts[1])) return fail('badSessionId');
    if (query !== '') return fail('unknownParam', firstParamName(query));
    return { ok: true, kind: 'session', sessionId: canonicalSessionId(parts[1]) };
  }
  if (parts[0] === 'new' && parts.length === 1) return parseNew(query);
  return fail('unknownPath');
}

function firstParamName(query: string): string {
  return query.split('&')[0].split('=')[0].slice(0, 40);
}

function parseNew(query: string): LinkResult {
  const seen = new Map<string, string>();
  if (query !== '') {
    for (const pair of query.split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      const value = eq < 0 ? '' : pair.slice(eq + 1);
      if (name !== 'prompt' && name !== 'repo') return fail('unknownParam', CONTROL_RE.test(name) ? undefined : name.slice(0, 40));
      if (seen.has(name)) return fail('repeatedParam', name);
      seen.set(name, value);
    }
  }
  const prompt = seen.get('prompt');
  const repo = seen.get('repo');
  if (prompt !== undefined) {
    if (prompt.length > MAX_LINK_PROMPT) return fail('promptTooLong');
    if (PROMPT_CONTROL_RE.test(prompt)) return fail('controlChars');
    if (STILL_ENCODED_RE.test(prompt)) return fail('doubleEncoded');
  }
  if (repo !== undefined && repo !== '') {
    if (CONTROL_RE.test(repo)) return fail('controlChars');
    if (STILL_ENCODED_RE.test(repo)) return fail('doubleEncoded');
    if (!REPO_RE.test(repo) || repo.length > 200) return fail('badRepo');
  }
  const action: LinkAction = { ok: true, kind: 'new' };
  if (prompt?.trim()) action.prompt = prompt;
  if (repo) action.repo = repo;
  return action;
}

/** `<scheme>://<extensionId>/session/<devin-id>`: the link **Copy VS Code Link** puts on the clipboard. */
export function sessionLink(scheme: string, extensionId: string, sessionId: string): string {
  if (!isSessionId(sessionId)) throw new Error('not a session id');
  return `${scheme}://${extensionId.toLowerCase()}/session/${canonicalSessionId(sessionId)}`;
}
