// The API key is bound to the API origin it was entered for. Any extension can change the
// `devin.apiBaseUrl` setting through the configuration API; that alone must not send the key to
// another server. SecretStorage holds the key and its origin together (StoredKey); a client is
// made only for that origin, and its key callback checks the origin again on every request.
import * as l10n from '@vscode/l10n';
import { DevinClient, validateBaseUrl, type DevinClientOptions } from './client';
import { DevinApiError } from './errors';

export interface StoredKey {
  key: string;
  origin: string;
}

/** The origin (scheme://host:port) of an http(s) base URL; undefined when it does not parse. */
export function originOf(baseUrl: string | undefined): string | undefined {
  const raw = (baseUrl ?? '').trim();
  if (!URL.canParse(raw)) return undefined;
  const u = new URL(raw);
  return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : undefined;
}

/**
 * Parses the stored secret. A bare key (written before the origin was stored) is bound to
 * `legacyOrigin` (Auth passes the default API's origin) and is to be written back in the new form
 * (`migrated`). Anything else unreadable counts as signed out.
 */
export function parseStoredKey(raw: string | undefined, legacyOrigin: string | undefined): { stored?: StoredKey; migrated: boolean } {
  if (!raw) return { migrated: false };
  if (raw.startsWith('{')) {
    try {
      const o = JSON.parse(raw) as Partial<StoredKey>;
      if (typeof o.key === 'string' && o.key && typeof o.origin === 'string' && originOf(o.origin) === o.origin) {
        return { stored: { key: o.key, origin: o.origin }, migrated: false };
      }
    } catch {
      // not JSON: unusable
    }
    return { migrated: false };
  }
  return legacyOrigin ? { stored: { key: raw, origin: legacyOrigin }, migrated: true } : { migrated: false };
}

export function serializeStoredKey(s: StoredKey): string {
  return JSON.stringify({ key: s.key, origin: s.origin });
}

/** Where the key comes from (src/auth/auth.ts). */
export interface KeySource {
  readonly origin: string | undefined;
  isBoundTo(baseUrl: string): boolean;
  getKeyFor(baseUrl: string): Promise<string | undefined>;
}

/** The error the store shows when the configured origin is not the key's. */
export function originMismatchError(boundOrigin: string, baseUrl: string): DevinApiError {
  return new DevinApiError({
    kind: 'config',
    serverMessage: l10n.t(
      'The Devin API key was entered for {0}, but devin.apiBaseUrl now points to {1}. The key is not sent there: sign in again to use {1}, or set devin.apiBaseUrl back.',
      boundOrigin,
      originOf(baseUrl) ?? baseUrl,
    ),
  });
}

/**
 * A client for `baseUrl` that sends the key only when `baseUrl` has the key's origin; otherwise
 * the error that says so (and no client, so no request at all).
 */
export function createBoundClient(source: KeySource, options: Omit<DevinClientOptions, 'getKey'>): DevinClient | DevinApiError {
  const baseUrl = validateBaseUrl(options.baseUrl);
  if (!source.isBoundTo(baseUrl)) return originMismatchError(source.origin ?? '', baseUrl);
  return new DevinClient({ ...options, baseUrl, getKey: () => source.getKeyFor(baseUrl) });
}
