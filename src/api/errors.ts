import type { ValidationDetail } from './types';

export type DevinErrorKind =
  | 'config' // bad base URL, missing org id or key
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'validation' // 422 (and 400 with a detail)
  | 'bad_request' // other 4xx
  | 'rate_limited' // 429
  | 'server' // 5xx
  | 'timeout'
  | 'offline' // connection refused, DNS, reset
  | 'bad_response' // not JSON, empty body, unexpected redirect
  | 'cancelled';

export interface DevinApiErrorInit {
  kind: DevinErrorKind;
  status?: number;
  detail?: ValidationDetail[];
  retryAfterMs?: number;
  method?: string;
  /** Path without query string; never a full URL with credentials. */
  path?: string;
  /** What the request tried to do, e.g. "list sessions"; used in the message. */
  operation?: string;
  serverMessage?: string;
  requestId?: string;
}

/**
 * The one error type the client throws. It holds no request, no headers and no key:
 * only what a person needs to act on it.
 */
export class DevinApiError extends Error {
  readonly kind: DevinErrorKind;
  readonly status: number | undefined;
  readonly detail: ValidationDetail[];
  readonly retryAfterMs: number | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly operation: string | undefined;
  readonly serverMessage: string | undefined;
  readonly requestId: string | undefined;

  constructor(init: DevinApiErrorInit, message?: string) {
    super(message ?? describe(init));
    this.name = 'DevinApiError';
    this.kind = init.kind;
    this.status = init.status;
    this.detail = init.detail ?? [];
    this.retryAfterMs = init.retryAfterMs;
    this.method = init.method;
    this.path = init.path;
    this.operation = init.operation;
    this.serverMessage = init.serverMessage;
    this.requestId = init.requestId;
  }

  /** True for faults that may pass by themselves (worth a later retry of a GET). */
  get transient(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'server' || this.kind === 'timeout' || this.kind === 'offline' || this.kind === 'bad_response';
  }

  /** True when signing in again is the way out. */
  get needsSignIn(): boolean {
    return this.kind === 'unauthorized';
  }

  /** 422 entries as "field: message" lines. */
  get fieldErrors(): string[] {
    return this.detail.map(formatDetail);
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, kind: this.kind, status: this.status, message: this.message, detail: this.detail, retryAfterMs: this.retryAfterMs, path: this.path };
  }
}

export function formatDetail(d: ValidationDetail): string {
  const loc = Array.isArray(d.loc) ? d.loc.filter((p) => p !== 'body' && p !== 'query' && p !== 'path').join('.') : '';
  const msg = typeof d.msg === 'string' ? d.msg : 'invalid';
  return loc ? `${loc}: ${msg}` : msg;
}

function what(init: DevinApiErrorInit): string {
  return init.operation ? ` (${init.operation})` : '';
}

function seconds(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  return s === 1 ? '1 second' : `${s} seconds`;
}

export function describe(init: DevinApiErrorInit): string {
  const op = what(init);
  switch (init.kind) {
    case 'config':
      return init.serverMessage ?? 'The Devin extension is not configured.';
    case 'unauthorized':
      return `Devin rejected the API key${op}. It may have been revoked or mistyped: sign in again with a valid cog_ key.`;
    case 'forbidden': {
      const needs = init.method && init.method !== 'GET' ? 'ManageOrgSessions' : 'ViewOrgSessions';
      return `The API key is not allowed to do this${op}. Its service user needs the ${needs} permission in this organization.`;
    }
    case 'not_found':
      return init.path && /\/sessions\/[^/]+/.test(init.path)
        ? `Devin could not find this session${op}. It may have been deleted, or it belongs to another organization.`
        : `Devin could not find the organization${op}. Check the org id setting (devin.orgId).`;
    case 'validation': {
      const lines = (init.detail ?? []).map(formatDetail);
      return lines.length ? `Devin rejected the request${op}: ${lines.join('; ')}` : `Devin rejected the request${op} as invalid.`;
    }
    case 'bad_request':
      return `Devin rejected the request${op} (HTTP ${init.status ?? 400})${init.serverMessage ? `: ${init.serverMessage}` : '.'}`;
    case 'rate_limited':
      return init.retryAfterMs !== undefined
        ? `Devin is rate limiting requests${op}. Retrying is possible in ${seconds(init.retryAfterMs)}.`
        : `Devin is rate limiting requests${op}. Wait a moment and try again.`;
    case 'server':
      return `The Devin API had a server error${op} (HTTP ${init.status ?? 500}). It is usually temporary.`;
    case 'timeout':
      return `The Devin API did not answer in time${op}.`;
    case 'offline':
      return `Cannot reach the Devin API${op}. Check your network connection and the devin.apiBaseUrl setting.`;
    case 'bad_response':
      return `The Devin API sent an answer that could not be read${op}${init.serverMessage ? ` (${init.serverMessage})` : ''}.`;
    case 'cancelled':
      return `The request was cancelled${op}.`;
  }
}

export function isDevinApiError(e: unknown): e is DevinApiError {
  return e instanceof DevinApiError;
}
