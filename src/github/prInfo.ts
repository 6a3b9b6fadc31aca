// Optional details of GitHub pull requests (title, draft, review decision, checks) for the PR
// rows. One GraphQL request for every PR asked for at once (up to MAX_PER_QUERY), cached for
// CACHE_TTL_MS, nothing at all without a token. The token comes from the caller (VS Code's
// `github` authentication provider, only with the user's consent; see src/github/auth.ts): this
// module never asks for one and never logs it. No `vscode` import: tested against a fake GitHub.

export interface GitHubPrDetails {
  title: string;
  /** open, merged or closed as GitHub says it (lower case); `draft` for an open draft. */
  state: string;
  /** approved, changes_requested, review_required, or undefined when GitHub gives none. */
  reviewDecision?: string;
  /** success, failure, error, pending, expected, or undefined when the head commit has no checks. */
  checks?: string;
}

export interface PrRef {
  owner: string;
  repo: string;
  number: number;
}

/** Pull requests on github.com (https, /owner/repo/pull/N); anything else has no GitHub details. */
export function githubPrRef(url: string): PrRef | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' || u.hostname.toLowerCase() !== 'github.com' || u.username || u.password) return undefined;
  const m = /^\/([A-Za-z0-9_.-]{1,100})\/([A-Za-z0-9_.-]{1,100})\/pull\/(\d{1,9})(?:\/|$)/.exec(u.pathname);
  if (!m) return undefined;
  return { owner: m[1], repo: m[2], number: Number(m[3]) };
}

export const CACHE_TTL_MS = 5 * 60_000;
/** PRs in one GraphQL request (each is one small `repository { pullRequest }` selection). */
export const MAX_PER_QUERY = 50;
/** After a rate limit or a rejected token: no request for this long (unless the token changes). */
export const PAUSE_MS = 15 * 60_000;
/** After a network failure or a server error: no request for this long. */
export const FAILURE_PAUSE_MS = 60_000;

export interface GitHubPrInfoOptions {
  /** https://api.github.com; http only for loopback (tests). */
  apiUrl?: string;
  /** The token, or undefined when there is no consented GitHub session (then nothing is asked). */
  token: () => Promise<string | undefined>;
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
  log?: (message: string) => void;
}

type Entry = { details: GitHubPrDetails | null; at: number };

const FIELDS = 'title state isDraft reviewDecision commits(last: 1) { nodes { commit { statusCheckRollup { state } } } }';

/** The GraphQL query and variables for some PRs: aliases p0, p1, …; every value is a variable. */
export function buildQuery(refs: readonly PrRef[]): { query: string; variables: Record<string, string | number> } {
  const vars: string[] = [];
  const parts: string[] = [];
  const variables: Record<string, string | number> = {};
  refs.forEach((r, i) => {
    vars.push(`$o${i}: String!`, `$r${i}: String!`, `$n${i}: Int!`);
    parts.push(`p${i}: repository(owner: $o${i}, name: $r${i}) { pullRequest(number: $n${i}) { ${FIELDS} } }`);
    variables[`o${i}`] = r.owner;
    variables[`r${i}`] = r.repo;
    variables[`n${i}`] = r.number;
  });
  return { query: `query DevinPullRequests(${vars.join(', ')}) { ${parts.join(' ')} }`, variables };
}

const word = (v: unknown, max = 40): string | undefined =>
  typeof v === 'string' && v ? v.toLowerCase().replace(/[^a-z0-9_ -]/g, '').slice(0, max) || undefined : undefined;

/** One `pullRequest` object of the answer, checked field by field (a hostile answer is not trusted). */
export function parseDetails(raw: unknown): GitHubPrDetails | null {
  if (!raw || typeof raw !== 'object') return null;
  const o = raw as Record<string, unknown>;
  if (typeof o.title !== 'string') return null;
  const state = word(o.state) ?? 'unknown';
  const nodes = (o.commits as { nodes?: unknown } | undefined)?.nodes;
  const rollup = Array.isArray(nodes) ? (nodes[0] as { commit?: { statusCheckRollup?: { state?: unknown } | null } } | undefined)?.commit?.statusCheckRollup : undefined;
  return {
    title: o.title.slice(0, 300),
    state: state === 'open' && o.isDraft === true ? 'draft' : state,
    reviewDecision: word(o.reviewDecision),
    checks: word(rollup?.state),
  };
}

export class GitHubPrInfo {
  private readonly cache = new Map<string, Entry>();
  private readonly inFlight = new Set<string>();
  private pausedUntil = 0;
  private pausedToken: string | undefined;
  private readonly apiUrl: string;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;
  /** GraphQL requests sent (tests, benchmarks). */
  requests = 0;

  constructor(private readonly options: GitHubPrInfoOptions) {
    const api = new URL(options.apiUrl ?? 'https://api.github.com');
    const loopback = api.hostname === '127.0.0.1' || api.hostname === 'localhost' || api.hostname === '[::1]';
    if (api.protocol !== 'https:' && !(api.protocol === 'http:' && loopback)) throw new Error('The GitHub API address must be https.');
    this.apiUrl = api.toString().replace(/\/$/, '');
    this.fetchFn = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
  }

  /** What is known of a PR (possibly older than the TTL), or undefined. */
  get(url: string): GitHubPrDetails | undefined {
    return this.cache.get(url)?.details ?? undefined;
  }

  /** Forgets everything (the GitHub account changed or the setting was turned off). */
  clear(): void {
    this.cache.clear();
    this.pausedUntil = 0;
    this.pausedToken = undefined;
  }

  /**
   * Fetches the PRs among `urls` that are GitHub PRs and not fresh in the cache, in as few requests
   * as possible. Resolves to the URLs whose details changed. Never throws: without a token, after
   * a failure or while paused, the rows keep what the Devin API gives.
   */
  async load(urls: readonly string[]): Promise<string[]> {
    const now = this.now();
    const wanted = new Map<string, PrRef>();
    for (const url of new Set(urls)) {
      if (this.inFlight.has(url)) continue;
      const hit = this.cache.get(url);
      if (hit && now - hit.at < CACHE_TTL_MS) continue;
      const ref = githubPrRef(url);
      if (ref) wanted.set(url, ref);
    }
    if (!wanted.size) return [];
    let token: string | undefined;
    try {
      token = await this.options.token();
    } catch {
      token = undefined;
    }
    if (!token) return [];
    if (now < this.pausedUntil && token === this.pausedToken) return [];
    const entries = [...wanted];
    for (const [url] of entries) this.inFlight.add(url);
    const changed: string[] = [];
    try {
      for (let i = 0; i < entries.length; i += MAX_PER_QUERY) {
        const chunk = entries.slice(i, i + MAX_PER_QUERY);
        const answer = await this.query(token, chunk.map(([, ref]) => ref));
        if (answer === 'stop') break;
        chunk.forEach(([url], k) => {
          const details = parseDetails((answer[`p${k}`] as { pullRequest?: unknown } | null | undefined)?.pullRequest);
          const before = this.cache.get(url)?.details;
          this.cache.set(url, { details, at: this.now() });
          if (JSON.stringify(before ?? null) !== JSON.stringify(details)) changed.push(url);
        });
      }
    } finally {
      for (const [url] of entries) this.inFlight.delete(url);
    }
    return changed;
  }

  private pause(token: string, ms: number): void {
    this.pausedUntil = this.now() + ms;
    this.pausedToken = token;
  }

  /** One GraphQL request: its `data`, or 'stop' (nothing more this round; the reason is logged). */
  private async query(token: string, refs: PrRef[]): Promise<Record<string, unknown> | 'stop'> {
    const { query, variables } = buildQuery(refs);
    this.requests++;
    let res: Response;
    try {
      res = await this.fetchFn(`${this.apiUrl}/graphql`, {
        method: 'POST',
        headers: { authorization: `bearer ${token}`, 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'devin-vscode' },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (e) {
      this.pause(token, FAILURE_PAUSE_MS);
      this.options.log?.(`GitHub pull request details: request failed (${e instanceof Error ? e.name : 'error'})`);
      return 'stop';
    }
    if (res.status === 401 || res.status === 403 || res.status === 429) {
      // A rejected token or a rate limit: stop asking for a while rather than hammer the API.
      this.pause(token, PAUSE_MS);
      this.options.log?.(`GitHub pull request details: HTTP ${res.status}; paused for ${PAUSE_MS / 60_000} minutes`);
      await res.body?.cancel().catch(() => undefined);
      return 'stop';
    }
    if (!res.ok) {
      this.pause(token, FAILURE_PAUSE_MS);
      this.options.log?.(`GitHub pull request details: HTTP ${res.status}`);
      await res.body?.cancel().catch(() => undefined);
      return 'stop';
    }
    try {
      const body = (await res.json()) as { data?: unknown };
      // Partial answers are normal (a PR that is private to the account, or gone): those are null.
      return body && typeof body.data === 'object' && body.data ? (body.data as Record<string, unknown>) : 'stop';
    } catch {
      this.options.log?.('GitHub pull request details: the answer was not JSON');
      return 'stop';
    }
  }
}
