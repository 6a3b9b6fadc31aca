// Redaction of API keys from anything that may reach a log, a notification or a webview.
// Pure: no vscode import.

/** Replaces the given key (and anything shaped like a Devin key or bearer token) with a placeholder. */
export function redact(text: string, ...keys: (string | undefined)[]): string {
  let out = text;
  for (const k of keys) {
    if (k && k.length >= 4) out = out.split(k).join('***');
  }
  // The patterns are written here, not as module constants, so mutation testing can tell which
  // tests cover them (a module-level constant is "static" and would need the whole suite).
  return out.replace(/\b(cog|apk_user|apk)_[A-Za-z0-9._~+/=-]{4,}/g, '$1_***').replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1***');
}
