import * as l10n from '@vscode/l10n';
import type { ValidationDetail } from './types';
import { formatNumber } from '../util/intl';

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

/** The client's operation names, in the display language (@vscode/l10n: no vscode import here). */
const OPERATIONS: Record<string, () => string> = {
  'check the API key': () => l10n.t('check the API key'),
  'list organizations': () => l10n.t('list organizations'),
  'list sessions': () => l10n.t('list sessions'),
  'get session': () => l10n.t('get session'),
  'create session': () => l10n.t('create session'),
  'send message': () => l10n.t('send message'),
  'list messages': () => l10n.t('list messages'),
  'archive session': () => l10n.t('archive session'),
  'terminate session': () => l10n.t('terminate session'),
  'list playbooks': () => l10n.t('list playbooks'),
  'list knowledge': () => l10n.t('list knowledge'),
  'list repositories': () => l10n.t('list repositories'),
};

function what(init: DevinApiErrorInit): string {
  if (!init.operation) return '';
  const name = Object.hasOwn(OPERATIONS, init.operation) ? OPERATIONS[init.operation]() : init.operation;
  return ` (${name})`;
}

function seconds(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  return s === 1 ? l10n.t('1 second') : l10n.t('{0} seconds', formatNumber(s));
}

/** The message of an error, in the display language. `{0}` is " (operation)" or empty. */
export function describe(init: DevinApiErrorInit): string {
  const op = what(init);
  switch (init.kind) {
    case 'config':
      return init.serverMessage ?? l10n.t('The Devin extension is not configured.');
    case 'unauthorized':
      return l10n.t('Devin rejected the API key{0}. It may have been revoked or mistyped: sign in again with a valid cog_ key.', op);
    case 'forbidden': {
      const needs = init.method && init.method !== 'GET' ? 'ManageOrgSessions' : 'ViewOrgSessions';
      return l10n.t('The API key is not allowed to do this{0}. Its service user needs the {1} permission in this organization.', op, needs);
    }
    case 'not_found':
      return /\/sessions\/[^/]/.test(init.path ?? '')
        ? l10n.t('Devin could not find this session{0}. It may have been deleted, or it belongs to another organization.', op)
        : l10n.t('Devin could not find the organization{0}. Check the org id setting (devin.orgId).', op);
    case 'validation': {
      const lines = (init.detail ?? []).map(formatDetail);
      return lines.length ? l10n.t('Devin rejected the request{0}: {1}', op, lines.join('; ')) : l10n.t('Devin rejected the request{0} as invalid.', op);
    }
    case 'bad_request':
      return init.serverMessage
        ? l10n.t('Devin rejected the request{0} (HTTP {1}): {2}', op, init.status ?? 400, init.serverMessage)
        : l10n.t('Devin rejected the request{0} (HTTP {1}).', op, init.status ?? 400);
    case 'rate_limited':
      return init.retryAfterMs !== undefined
        ? l10n.t('Devin is rate limiting requests{0}. Retrying is possible in {1}.', op, seconds(init.retryAfterMs))
        : l10n.t('Devin is rate limiting requests{0}. Wait a moment and try again.', op);
    case 'server':
      return l10n.t('The Devin API had a server error{0} (HTTP {1}). It is usually temporary.', op, init.status ?? 500);
    case 'timeout':
      return l10n.t('The Devin API did not answer in time{0}.', op);
    case 'offline':
      return l10n.t('Cannot reach the Devin API{0}. Check your network connection and the devin.apiBaseUrl setting.', op);
    case 'bad_response':
      return init.serverMessage
        ? l10n.t('The Devin API sent an answer that could not be read{0} ({1}).', op, init.serverMessage)
        : l10n.t('The Devin API sent an answer that could not be read{0}.', op);
    case 'cancelled':
      return l10n.t('The request was cancelled{0}.', op);
  }
}

export function isDevinApiError(e: unknown): e is DevinApiError {
  return e instanceof DevinApiError;
}
