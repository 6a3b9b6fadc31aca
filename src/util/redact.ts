// Redaction of API keys from anything that may reach a log, a notification or a webview.
// Pure: no vscode import.

const KEY_PATTERN = /\b(cog|apk_user|apk)_[A-Za-z0-9._~+/=-]{4,}/g;
const BEARER_PATTERN = /(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi;

/** Replaces the given key (and anything shaped like a Devin key or bearer token) with a placeholder. */
export function redact(text: string, ...keys: (string | undefined)[]): string {
  let out = text;
  for (const k of keys) {
    if (k && k.length >= 4) out = out.split(k).join('***');
  }
  return out.replace(KEY_PATTERN, '$1_***').replace(BEARER_PATTERN, '$1***');
}
