// Devin REST API v3 client on ky. No `vscode` import: runs in plain node tests.
import * as l10n from '@vscode/l10n';
import ky, { HTTPError, TimeoutError, type KyInstance, type Options as KyOptions } from 'ky';
import { DevinApiError, type DevinErrorKind } from './errors';
import { redact } from '../util/redact';
import { normalizeMessage, normalizeSession } from './normalize';
import { canonicalSessionId, isSessionId } from '../sessions/sessionId';
import type {
  Attachment,
  CreateSessionRequest,
  KnowledgeNote,
  ListSessionsParams,
  Organization,
  Page,
  PageParams,
  Playbook,
  Repository,
  Self,
  SendMessageRequest,
  Session,
  SessionMessage,
  ValidationDetail,
} from './types';

export const DEFAULT_BASE_URL = 'https://api.devin.ai';
/** Largest page the session endpoints allow. */
export const MAX_PAGE_SIZE = 200;
export const ORG_ID_PATTERN = /^org-[A-Za-z0-9_-]+$/;

export interface RequestInfo {
  method: string;
  /** Path and query, never the key. */
  path: string;
  status?: number;
  ms: number;
  attempt: number;
  error?: DevinErrorKind;
}

export interface DevinClientOptions {
  baseUrl: string;
  /** Org id (org-...). Required for org-scoped calls. */
  orgId?: string;
  /** Supplies the bearer key on each request; the client never stores it. */
  getKey: () => Promise<string | undefined> | string | undefined;
  timeoutMs?: number;
  /** GET retries on 408/429/5xx/network failures. */
  retryLimit?: number;
  /** Longest Retry-After the client waits for by itself; longer ones are thrown to the caller. */
  maxRetryAfterMs?: number;
  /** Upper bound of the exponential backoff between GET retries. */
  backoffLimitMs?: number;
  /** Called after each HTTP attempt (for logs and request counting). */
  onRequest?: (info: RequestInfo) => void;
  fetch?: typeof fetch;
  userAgent?: string;
}

/** Loopback hosts may use plain http (local fakes, tunnels); everything else must be https. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Validates the API base URL and returns it without a trailing slash.
 * Throws a `config` DevinApiError with a message a person can act on.
 */
export function validateBaseUrl(raw: string | undefined): string {
  const value = (raw ?? '').trim() || DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    const shown = value.includes('@') ? '(hidden: it may contain credentials)' : `"${value.slice(0, 200)}"`;
    throw configError(`The Devin API base URL ${shown} is not a valid URL. Set devin.apiBaseUrl to something like ${DEFAULT_BASE_URL}.`);
  }
  if (url.username || url.password) {
    throw configError('The Devin API base URL must not contain a user name or password. Sign in with an API key instead.');
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw configError(`The Devin API base URL must use https (plain http is allowed only for localhost): ${url.origin}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw configError(`The Devin API base URL must be an https URL, not ${url.protocol}`);
  }
  if (url.search || url.hash) {
    throw configError('The Devin API base URL must not have a query or fragment.');
  }
  // Accept ".../v3" or ".../v3/" pasted from the docs: the client adds the version itself.
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v3(beta1)?$/, '');
  return `${url.origin}${path}`;
}

export function validateOrgId(orgId: string | undefined): string {
  const v = (orgId ?? '').trim();
  if (!v) throw configError('No Devin organization is set. Sign in, or set devin.orgId to your org id (org-...).');
  if (!ORG_ID_PATTERN.test(v)) throw configError(`"${v}" is not a Devin organization id: it should look like org-abc123.`);
  return v;
}

function configError(message: string): DevinApiError {
  return new DevinApiError({ kind: 'config', serverMessage: message });
}

/** Session path segment: the API takes the id with a `devin-` prefix; responses may give it bare. */
export function sessionPathId(sessionId: string): string {
  const id: string = String(sessionId).trim();
  if (!isSessionId(id)) throw configError(`"${String(id).slice(0, 80)}" is not a valid Devin session id.`);
  return canonicalSessionId(id);
}

type Query = Record<string, string | number | boolean | readonly (string | number)[] | undefined | null>;

export function toSearchParams(query: Query | undefined): URLSearchParams {
  const sp = new URLSearchParams();
  if (!query) return sp;
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) {
      for (const item of v) sp.append(k, String(item)); // FastAPI style: repeated keys
    } else {
      sp.append(k, String(v));
    }
  }
  return sp;
}

export interface AllPagesResult<T> {
  items: T[];
  /** True when the bound stopped the walk before the last page. */
  truncated: boolean;
  /** Cursor to continue from when truncated. */
  endCursor: string | null;
  total: number | null;
  requests: number;
  /** The server repeated a cursor: the walk stopped early and the list is incomplete. */
  cursorRepeated?: boolean;
}

export interface NewestResult {
  /** The kept sessions, most recently updated first. */
  items: Session[];
  /** More sessions matched than were kept. */
  truncated: boolean;
  total: number | null;
  requests: number;
  /** The server repeated a cursor: the walk stopped early and the list is incomplete. */
  cursorRepeated: boolean;
  /** Every session id the walk met, kept or not (the store compares its size with `total`). */
  seen: Set<string>;
}

export interface NewestOptions {
  signal?: AbortSignal;
  /** Called with each page's sessions as it arrives (the first rows show before the walk ends). */
  onPage?: (items: Session[]) => void;
}

/** Most recently updated first; then newer created; then id (a total order, so results are stable). */
export function newerFirst(a: Session, b: Session): number {
  return b.updated_at - a.updated_at || b.created_at - a.created_at || (a.session_id < b.session_id ? -1 : a.session_id > b.session_id ? 1 : 0);
}

const RETRY_STATUS = [408, 429, 500, 502, 503, 504];

export class DevinClient {
  private readonly http: KyInstance;
  readonly baseUrl: string;
  readonly orgId: string | undefined;

  constructor(private readonly options: DevinClientOptions) {
    this.baseUrl = validateBaseUrl(options.baseUrl);
    this.orgId = options.orgId?.trim() || undefined;
    const maxRetryAfter = options.maxRetryAfterMs ?? 30_000;
    const baseOrigin = new URL(this.baseUrl).origin;
    this.http = ky.create({
      prefixUrl: this.baseUrl,
      timeout: options.timeoutMs ?? 30_000,
      throwHttpErrors: true,
      redirect: 'manual',
      fetch: options.fetch,
      retry: {
        limit: options.retryLimit ?? 3,
        methods: ['get'],
        statusCodes: RETRY_STATUS,
        afterStatusCodes: [429, 503],
        maxRetryAfter,
        backoffLimit: options.backoffLimitMs ?? 8_000,
        retryOnTimeout: false,
        shouldRetry: ({ error }) => {
          // A Retry-After longer than we are willing to wait goes back to the caller.
          if (error instanceof HTTPError) {
            const ra = parseRetryAfter(error.response.headers.get('retry-after'));
            if (ra !== undefined && ra > maxRetryAfter) return false;
          }
          return undefined;
        },
      },
      hooks: {
        beforeRequest: [
          async (request, kyOptions) => {
            // The key goes only to the configured API origin.
            if (new URL(request.url).origin !== baseOrigin) throw configError('Refusing to send the API key to another host.');
            const key = await options.getKey();
            if (!key) throw new DevinApiError({ kind: 'unauthorized', serverMessage: 'not signed in' }, l10n.t('You are not signed in to Devin.'));
            request.headers.set('Authorization', `Bearer ${key}`);
            request.headers.set('Accept', 'application/json');
            if (options.userAgent) request.headers.set('User-Agent', options.userAgent);
            // The attempt's start, in the call's own context: ky hands afterResponse a clone of the
            // request, so the request itself cannot carry it.
            timingOf(kyOptions).start = Date.now();
          },
        ],
        afterResponse: [
          (request, kyOptions, response, state) => {
            options.onRequest?.({
              method: request.method,
              path: pathOf(request.url, this.baseUrl),
              status: response.status,
              ms: Date.now() - timingOf(kyOptions).start,
              attempt: state.retryCount + 1,
            });
            return response;
          },
        ],
      },
    });
  }

  // ---- identity ----------------------------------------------------------------------------

  getSelf(signal?: AbortSignal): Promise<Self> {
    return this.request<Self>('GET', 'v3/self', { signal, operation: 'check the API key' });
  }

  listOrganizations(params: PageParams = {}, signal?: AbortSignal): Promise<Page<Organization>> {
    return this.request<Page<Organization>>('GET', 'v3/enterprise/organizations', { query: { ...params }, signal, operation: 'list organizations' }).then(
      (p) => normalizePage(p, (o) => (o && typeof o === 'object' && typeof (o as Organization).org_id === 'string' ? (o as Organization) : undefined)),
    );
  }

  // ---- sessions ----------------------------------------------------------------------------

  async listSessions(params: ListSessionsParams = {}, signal?: AbortSignal): Promise<Page<Session>> {
    const page = await this.request<Page<unknown>>('GET', `${this.orgPath()}/sessions`, {
      query: { ...params, first: clampPage(params.first) },
      signal,
      operation: 'list sessions',
    });
    return normalizePage(page, normalizeSession);
  }

  /** Walks every page of sessions; stops on a repeated cursor so a broken server cannot loop us. */
  iterateSessions(params: ListSessionsParams = {}, signal?: AbortSignal): AsyncGenerator<Page<Session>> {
    return this.iteratePages((after) => this.listSessions({ ...params, after }, signal), params.after);
  }

  /** All pages up to `maxItems`; tells whether it stopped early and where to continue. */
  listAllSessions(params: ListSessionsParams = {}, maxItems = 1000, signal?: AbortSignal): Promise<AllPagesResult<Session>> {
    return this.collect(this.iterateSessions({ first: MAX_PAGE_SIZE, ...params }, signal), maxItems);
  }

  /**
   * Reads every page and keeps the `maxItems` most recently updated sessions. The API documents no
   * order for the list, so nothing here assumes one: the result is the same whatever order the
   * pages, and the items in them, come in. A session met twice (updated between two pages) counts
   * once, in its newest version. Memory stays within 2 × maxItems.
   */
  async listNewestSessions(params: ListSessionsParams = {}, maxItems = 1000, opts: NewestOptions = {}): Promise<NewestResult> {
    const max = Math.max(1, Math.floor(maxItems));
    const kept = new Map<string, Session>();
    const seen = new Set<string>();
    let truncated = false;
    let total: number | null = null;
    let requests = 0;
    let last: Page<Session> | undefined;
    const trim = () => {
      const sorted = [...kept.values()].sort(newerFirst);
      if (sorted.length > max) truncated = true;
      kept.clear();
      for (const s of sorted.slice(0, max)) kept.set(s.session_id, s);
      return sorted.slice(0, max);
    };
    for await (const page of this.iterateSessions({ first: MAX_PAGE_SIZE, ...params }, opts.signal)) {
      requests++;
      last = page;
      // The newest count the walk was given (the last page was read last).
      if (typeof page.total === 'number') total = page.total;
      for (const s of page.items) {
        seen.add(s.session_id);
        const old = kept.get(s.session_id);
        if (!old || old.updated_at <= s.updated_at) kept.set(s.session_id, s);
      }
      if (kept.size > 2 * max) trim();
      opts.onPage?.(page.items);
    }
    const items = trim();
    return { items, truncated, total, requests, cursorRepeated: !!last?.has_next_page, seen };
  }

  /**
   * How many sessions match `params`, from one request for a one-item page (`first=1`), or `null`
   * when the server leaves `total` out (the v3 reference allows it "for performance").
   */
  async countSessions(params: ListSessionsParams = {}, signal?: AbortSignal): Promise<number | null> {
    const { after: _after, ...rest } = params;
    const page = await this.listSessions({ ...rest, first: 1 }, signal);
    return page.total ?? null;
  }

  async getSession(sessionId: string, signal?: AbortSignal): Promise<Session> {
    const raw = await this.request<unknown>('GET', `${this.orgPath()}/sessions/${sessionPathId(sessionId)}`, { signal, operation: 'get session' });
    return requireSession(raw);
  }

  async createSession(body: CreateSessionRequest, signal?: AbortSignal): Promise<Session> {
    if (typeof body.prompt !== 'string' || !body.prompt.trim()) {
      throw new DevinApiError({ kind: 'validation', detail: [{ loc: ['body', 'prompt'], msg: 'A prompt is required.', type: 'missing' }], operation: 'create session' });
    }
    const raw = await this.request<unknown>('POST', `${this.orgPath()}/sessions`, { json: dropUndefined(body), signal, operation: 'create session' });
    return requireSession(raw);
  }

  async sendMessage(sessionId: string, body: SendMessageRequest | string, signal?: AbortSignal): Promise<Session | undefined> {
    const json = typeof body === 'string' ? { message: body } : body;
    if (typeof json.message !== 'string' || !json.message.trim()) {
      throw new DevinApiError({ kind: 'validation', detail: [{ loc: ['body', 'message'], msg: 'The message is empty.', type: 'missing' }], operation: 'send message' });
    }
    const raw = await this.request<unknown>('POST', `${this.orgPath()}/sessions/${sessionPathId(sessionId)}/messages`, {
      json: dropUndefined(json),
      signal,
      operation: 'send message',
    });
    return normalizeSession(raw);
  }

  async listMessages(sessionId: string, params: PageParams = {}, signal?: AbortSignal): Promise<Page<SessionMessage>> {
    const page = await this.request<Page<unknown>>('GET', `${this.orgPath()}/sessions/${sessionPathId(sessionId)}/messages`, {
      query: { ...params, first: clampPage(params.first) },
      signal,
      operation: 'list messages',
    });
    return normalizePage(page, normalizeMessage);
  }

  iterateMessages(sessionId: string, params: PageParams = {}, signal?: AbortSignal): AsyncGenerator<Page<SessionMessage>> {
    return this.iteratePages((after) => this.listMessages(sessionId, { ...params, after }, signal), params.after);
  }

  async archiveSession(sessionId: string, signal?: AbortSignal): Promise<Session> {
    const raw = await this.request<unknown>('POST', `${this.orgPath()}/sessions/${sessionPathId(sessionId)}/archive`, { signal, operation: 'archive session' });
    return requireSession(raw);
  }

  async terminateSession(sessionId: string, options: { archive?: boolean } = {}, signal?: AbortSignal): Promise<Session> {
    const raw = await this.request<unknown>('DELETE', `${this.orgPath()}/sessions/${sessionPathId(sessionId)}`, {
      query: { archive: options.archive ?? false },
      signal,
      operation: 'terminate session',
    });
    return requireSession(raw);
  }

  // ---- attachments -------------------------------------------------------------------------

  /**
   * Uploads one file (multipart/form-data, field `file`); its `url` goes into `attachment_urls`
   * of a create or a message. A POST: never retried by the client.
   */
  async uploadAttachment(file: { name: string; data: Uint8Array; contentType?: string }, signal?: AbortSignal): Promise<Attachment> {
    const form = new FormData();
    form.append('file', new Blob([file.data as Uint8Array<ArrayBuffer>], { type: file.contentType ?? 'application/octet-stream' }), file.name);
    const raw = await this.request<unknown>('POST', `${this.orgPath()}/attachments`, { body: form, signal, operation: 'upload attachment' });
    if (!isObj(raw) || typeof raw.url !== 'string' || !/^https?:\/\//i.test(raw.url)) {
      throw new DevinApiError({ kind: 'bad_response', serverMessage: 'the upload answer has no attachment URL' });
    }
    return { attachment_id: str(raw.attachment_id) ?? '', name: str(raw.name) ?? file.name, url: raw.url };
  }

  // ---- pickers -----------------------------------------------------------------------------

  // The pickers are async functions, so a missing org id rejects the promise (as for every other
  // call) instead of throwing before it exists.
  async listPlaybooks(params: PageParams = {}, signal?: AbortSignal): Promise<Page<Playbook>> {
    const p = await this.request<Page<unknown>>('GET', `${this.orgPath()}/playbooks`, { query: { ...params }, signal, operation: 'list playbooks' });
    return normalizePage(p, (x) => (isObj(x) && typeof x.playbook_id === 'string' ? ({ ...x, title: str(x.title) ?? x.playbook_id } as Playbook) : undefined));
  }

  async listKnowledgeNotes(params: PageParams & { search?: string } = {}, signal?: AbortSignal): Promise<Page<KnowledgeNote>> {
    const p = await this.request<Page<unknown>>('GET', `${this.orgPath()}/knowledge/notes`, { query: { ...params }, signal, operation: 'list knowledge' });
    return normalizePage(p, (x) => (isObj(x) && typeof x.note_id === 'string' ? ({ ...x, name: str(x.name) ?? x.note_id } as KnowledgeNote) : undefined));
  }

  /** Documented only under /v3beta1. */
  async listRepositories(params: PageParams & { filter_name?: string } = {}, signal?: AbortSignal): Promise<Page<Repository>> {
    const org = encodeURIComponent(this.requireOrg());
    const p = await this.request<Page<unknown>>('GET', `v3beta1/organizations/${org}/repositories`, {
      query: { load_indexing_status: false, ...params },
      signal,
      operation: 'list repositories',
    });
    return normalizePage(p, (x) => (isObj(x) && typeof x.repo_name === 'string' ? (x as Repository) : undefined));
  }

  /** Collects items from any page iterator up to a bound. */
  async collect<T>(pages: AsyncIterable<Page<T>>, maxItems: number): Promise<AllPagesResult<T>> {
    const items: T[] = [];
    let truncated = false;
    let endCursor: string | null = null;
    let total: number | null = null;
    let requests = 0;
    let last: Page<T> | undefined;
    for await (const page of pages) {
      requests++;
      last = page;
      items.push(...page.items);
      endCursor = page.end_cursor;
      total = page.total ?? total;
      if (items.length >= maxItems && page.has_next_page) {
        truncated = true;
        break;
      }
    }
    // The iterator stops on a repeated cursor although the server still says "more": the list is
    // incomplete, and there is no cursor to continue from.
    const cursorRepeated = !truncated && !!last?.has_next_page;
    return { items, truncated, endCursor: truncated ? endCursor : null, total, requests, cursorRepeated };
  }

  // ---- internals ---------------------------------------------------------------------------

  private async *iteratePages<T>(fetchPage: (after: string | undefined) => Promise<Page<T>>, start?: string): AsyncGenerator<Page<T>> {
    // The cursor a walk starts after counts as seen: a server answering it with itself loops too.
    const seen = new Set<string>(start ? [start] : []);
    let after = start;
    for (;;) {
      const page = await fetchPage(after);
      yield page;
      if (!page.has_next_page || !page.end_cursor) return;
      if (seen.has(page.end_cursor)) return; // a repeating cursor would loop forever
      seen.add(page.end_cursor);
      after = page.end_cursor;
    }
  }

  private requireOrg(): string {
    return validateOrgId(this.orgId);
  }

  private orgPath(): string {
    return `v3/organizations/${encodeURIComponent(this.requireOrg())}`;
  }

  private async request<T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    opts: { query?: Query; json?: unknown; body?: FormData; signal?: AbortSignal; operation: string },
  ): Promise<T> {
    const started = Date.now();
    const kyOpts: KyOptions = { method, signal: opts.signal, context: { timing: { start: started } satisfies Timing } };
    // One form in errors and logs: the path from the API root, with a leading slash.
    const shownPath = `/${path}`;
    const sp = toSearchParams(opts.query);
    if ([...sp.keys()].length) kyOpts.searchParams = sp;
    if (opts.json !== undefined) kyOpts.json = opts.json;
    if (opts.body !== undefined) kyOpts.body = opts.body;
    let response: Response;
    try {
      response = await this.http(path, kyOpts);
    } catch (e) {
      // The key in hand, so a server that echoes it (in any shape) gets it redacted from the error.
      const err = await toApiError(e, method, shownPath, opts.operation, await this.keyForRedaction());
      if (err.status === undefined) {
        this.options.onRequest?.({ method, path: shownPath, ms: Date.now() - started, attempt: 1, error: err.kind });
      }
      throw err;
    }
    const text = await response.text().catch(() => '');
    if (!text.trim()) {
      if (response.status === 204) return undefined as T;
      throw new DevinApiError({ kind: 'bad_response', status: response.status, method, path: shownPath, operation: opts.operation, serverMessage: 'empty body' });
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      const type = response.headers.get('content-type') ?? 'unknown content type';
      throw new DevinApiError({ kind: 'bad_response', status: response.status, method, path: shownPath, operation: opts.operation, serverMessage: `not JSON: ${type.split(';')[0]}` });
    }
  }

  private async keyForRedaction(): Promise<string | undefined> {
    try {
      return await this.options.getKey();
    } catch {
      return undefined;
    }
  }
}

interface Timing {
  start: number;
}

/** The timing record `request()` puts in each call's ky context. */
function timingOf(kyOptions: { context: Record<string, unknown> }): Timing {
  return kyOptions.context.timing as Timing;
}

function pathOf(url: string, baseUrl: string): string {
  const u = new URL(url);
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, '');
  return u.pathname.slice(basePath.length) + u.search;
}

function clampPage(first: number | undefined): number | undefined {
  if (first === undefined) return undefined;
  return Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(first)));
}

export function parseRetryAfter(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const s = Number(value);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

async function toApiError(e: unknown, method: string, path: string, operation: string, key?: string): Promise<DevinApiError> {
  if (e instanceof DevinApiError) return e;
  const base = { method, path, operation };
  if (e instanceof HTTPError) {
    const status = e.response.status;
    const retryAfterMs = parseRetryAfter(e.response.headers.get('retry-after'));
    const requestId = e.response.headers.get('x-request-id') ?? undefined;
    let body: unknown;
    try {
      body = JSON.parse(await e.response.text());
    } catch {
      body = undefined;
    }
    // With redirect: 'manual', a 3xx is "not ok" for ky and lands here, not in request().
    if (status >= 300 && status < 400) {
      return new DevinApiError({ ...base, kind: 'bad_response', status, requestId, serverMessage: `unexpected redirect (HTTP ${status}); not followed` });
    }
    const detail = extractDetail(body, key);
    const serverMessage = extractMessage(body, key);
    const kind: DevinErrorKind =
      status === 401 ? 'unauthorized'
      : status === 403 ? 'forbidden'
      : status === 404 ? 'not_found'
      : status === 422 || (status === 400 && detail.length) ? 'validation'
      : status === 429 ? 'rate_limited'
      : status === 408 ? 'timeout'
      : status >= 500 ? 'server'
      : 'bad_request';
    return new DevinApiError({ ...base, kind, status, detail, retryAfterMs, serverMessage, requestId });
  }
  if (e instanceof TimeoutError) return new DevinApiError({ ...base, kind: 'timeout' });
  if (e instanceof Error && e.name === 'AbortError') return new DevinApiError({ ...base, kind: 'cancelled' });
  // fetch's TypeError("fetch failed") with a cause such as ECONNREFUSED / ENOTFOUND.
  return new DevinApiError({ ...base, kind: 'offline', serverMessage: networkCode(e) });
}

function networkCode(e: unknown): string | undefined {
  const cause = (e as { cause?: { code?: unknown } })?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

/** Redacted before it is cut, so a cut cannot leave part of a key behind. */
function extractDetail(body: unknown, key: string | undefined): ValidationDetail[] {
  if (!isObj(body) || !Array.isArray(body.detail)) return [];
  return body.detail
    .filter(isObj)
    .map((d) => ({
      loc: Array.isArray(d.loc) ? d.loc.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number').map((p) => (typeof p === 'string' ? redact(p, key) : p)) : [],
      msg: typeof d.msg === 'string' ? redact(d.msg, key).slice(0, 500) : 'invalid value',
      type: typeof d.type === 'string' ? redact(d.type, key).slice(0, 100) : 'value_error',
    }));
}

function extractMessage(body: unknown, key: string | undefined): string | undefined {
  if (!isObj(body)) return undefined;
  const m = typeof body.detail === 'string' ? body.detail : typeof body.message === 'string' ? body.message : typeof body.error === 'string' ? body.error : undefined;
  return m === undefined ? undefined : redact(m, key).slice(0, 300);
}

function normalizePage<T>(raw: unknown, item: (x: unknown) => T | undefined): Page<T> {
  if (!isObj(raw) || !Array.isArray(raw.items)) {
    throw new DevinApiError({ kind: 'bad_response', serverMessage: 'not a page of items' });
  }
  const items: T[] = [];
  for (const x of raw.items) {
    const v = item(x);
    if (v !== undefined) items.push(v);
  }
  return {
    items,
    end_cursor: typeof raw.end_cursor === 'string' && raw.end_cursor ? raw.end_cursor : null,
    has_next_page: raw.has_next_page === true,
    total: typeof raw.total === 'number' ? raw.total : null,
  };
}

function requireSession(raw: unknown): Session {
  const s = normalizeSession(raw);
  if (!s) throw new DevinApiError({ kind: 'bad_response', serverMessage: 'not a session' });
  return s;
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function str(x: unknown): string | undefined {
  return typeof x === 'string' ? x : undefined;
}
