// Removes secrets from text before it leaves the machine (prompts, messages, attachments).
// Pure: no vscode import. Every prompt goes through buildPrompt (promptBuilder.ts), which calls this.
//
// What is replaced, each by "[REDACTED:<kind>]":
//   - the values given in `keys` (our own Devin API key);
//   - tokens with a known shape: GitHub (ghp_/gho_/ghu_/ghs_/ghr_/github_pat_), GitLab (glpat-),
//     Slack (xoxa-/xoxb-/xoxp-/xoxr-/xoxs-, hooks.slack.com URLs), OpenAI/Anthropic style (sk-…),
//     Stripe (sk_live_/rk_live_/sk_test_), AWS access key ids (AKIA/ASIA), Google API keys (AIza),
//     Devin keys (cog_/apk_/apk_user_), npm (npm_), PyPI (pypi-), SendGrid (SG.), JSON web tokens;
//   - credentials in URLs (https://user:password@host);
//   - the value of Authorization / Proxy-Authorization / Cookie / X-Api-Key style headers and of
//     "Bearer"/"Basic" credentials;
//   - values assigned to names that look secret (password=, secret:, "api_key": "…", DB_PASSWORD=…);
//   - PEM private key blocks (a block cut before its END line is removed to the end of the text);
//   - the values of environment variables whose names look secret (8 characters or longer).

export interface ScrubOptions {
  /** Exact values to remove (our API key). Values shorter than 4 characters are ignored. */
  keys?: readonly (string | undefined)[];
  /** Environment (process.env); the values of variables with secret-looking names are removed. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface ScrubResult {
  text: string;
  /** How many replacements of each kind were made. */
  found: Record<string, number>;
  /** Total number of replacements. */
  count: number;
}

/** Names of variables and keys that hold secrets. */
export const SECRET_NAME = /(pass(word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credential|auth[_-]?key|session[_-]?key|signing[_-]?key|encryption[_-]?key|cookie)/i;
/** Env var values shorter than this are left alone ("1", "true", "dev" would cause havoc). */
export const MIN_ENV_SECRET_LENGTH = 8;

const mark = (kind: string) => `[REDACTED:${kind}]`;

interface Rule {
  kind: string;
  re: RegExp;
  /** Builds the replacement from the match; default: the whole match becomes the mark. */
  replace?: (m: string, ...groups: string[]) => string;
}

// Every pattern is linear in the text: names and schemes are bounded ({0,100}, {0,30}) and may not
// start inside a longer word, so a minified file or a long run of one character cannot make a
// pattern retry from every position (that cost 5 s for 20,000 characters before).
// Order matters: private keys and URL credentials first, then token shapes, then the generic
// header and assignment rules (which would otherwise label a known token as a "password").
const RULES: Rule[] = [
  {
    kind: 'private-key',
    re: /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----[\s\S]*?(?:-----END \1PRIVATE KEY\2-----|$(?![\s\S]))/g,
    replace: () => mark('private-key'),
  },
  { kind: 'url-credentials', re: /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,30}:\/\/)([^\s/:@'"`]+):([^\s/@'"`]+)@/gi, replace: (_m, scheme: string, user: string) => `${scheme}${user}:${mark('url-credentials')}@` },
  { kind: 'slack-webhook', re: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]+/g },
  { kind: 'github-token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{20,255}|github_pat_[A-Za-z0-9_]{20,255})\b/g },
  { kind: 'gitlab-token', re: /\bglpat-[A-Za-z0-9_-]{20,}/g },
  { kind: 'slack-token', re: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g },
  { kind: 'stripe-key', re: /\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}/g },
  { kind: 'openai-key', re: /\bsk-[A-Za-z0-9_-]{20,}/g },
  { kind: 'aws-access-key-id', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { kind: 'google-api-key', re: /\bAIza[0-9A-Za-z_-]{35}/g },
  { kind: 'devin-key', re: /\b(?:cog|apk_user|apk)_[A-Za-z0-9._~+/=-]{8,}/g },
  { kind: 'npm-token', re: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { kind: 'pypi-token', re: /\bpypi-[A-Za-z0-9_-]{50,}/g },
  { kind: 'sendgrid-key', re: /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g },
  { kind: 'jwt', re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  {
    // Authorization: Bearer x / Cookie: a=b / X-Api-Key: x (HTTP dumps, curl -H, logs). The value runs to the end of the line or quote.
    kind: 'auth-header',
    re: /\b((?:proxy-)?authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token|x-access-token|private-token|x-goog-api-key)(\s*[:=]\s*)([^\r\n'"`]+)/gi,
    replace: (_m, name: string, sep: string) => `${name}${sep}${mark('auth-header')}`,
  },
  { kind: 'bearer', re: /\b(Bearer|Basic|Token)(\s+)(?!\[REDACTED)[A-Za-z0-9._~+/=-]{12,}/g, replace: (_m, scheme: string, sp: string) => `${scheme}${sp}${mark('bearer')}` },
  {
    // name = "value" / name: 'value' / "name": "value" (any language, JSON, YAML).
    kind: 'assignment',
    re: /(["']?)(?<![\w.-])([A-Za-z_][\w.-]{0,100})\1(\s*(?::=|=>|[:=])\s*)(["'`])((?:(?!\4)[^\\\r\n]|\\.){1,500})\4/g,
    replace: (m, q: string, name: string, sep: string, quote: string, value: string) =>
      SECRET_NAME.test(name) && !isPlaceholder(value) ? `${q}${name}${q}${sep}${quote}${mark('assignment')}${quote}` : m,
  },
  {
    // NAME=value (env files, shell, ini, query strings, --password=value): no space before "=".
    kind: 'assignment',
    re: /(^|[\s;&?,(-])([A-Za-z_][\w.-]{0,100})=(?![="'`\s])([^\s"'`&;,)]{1,500})/gm,
    replace: (m, pre: string, name: string, value: string) => (SECRET_NAME.test(name) && !isPlaceholder(value) && !looksLikeCode(value) ? `${pre}${name}=${mark('assignment')}` : m),
  },
  {
    // YAML / properties "password: value" alone on its line (not a type annotation such as "password: string;").
    kind: 'assignment',
    re: /^(\s*-?\s*)([A-Za-z_][\w.-]{0,100})(\s*:[ \t]+)([^\s"'`#][^\s#]*)[ \t]*$/gm,
    replace: (m, pre: string, name: string, sep: string, value: string) =>
      SECRET_NAME.test(name) && !isPlaceholder(value) && !looksLikeCode(value) && !TYPE_WORDS.has(value.toLowerCase()) ? `${pre}${name}${sep}${mark('assignment')}` : m,
  },
];

const TYPE_WORDS = new Set(['string', 'number', 'boolean', 'bool', 'any', 'unknown', 'null', 'undefined', 'none', 'true', 'false', 'str', 'int', 'bytes', 'object', 'optional', 'required', '~']);

/** Values that are not secrets: empty-ish, references to elsewhere, or already redacted. */
function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return (
    v.length < 3 ||
    /^\d{1,7}$/.test(v) || // max_tokens: 100, port numbers
    /^\[REDACTED/.test(v) ||
    /^\*+$/.test(v) ||
    /^x+$/i.test(v) ||
    /^<[^>]*>$/.test(v) ||
    /^\$\{?[A-Za-z_{][^}]*\}?\}?$/.test(v) || // ${VAR}, $VAR, ${{ secrets.X }}
    /^%[A-Za-z_]+%$/.test(v) ||
    /^(changeme|example|placeholder|your[_-].*|null|none|undefined|true|false)$/i.test(v)
  );
}

/** Unquoted right-hand sides that are expressions, not literal values. */
function looksLikeCode(value: string): boolean {
  return /[()[\]{}]/.test(value) || /[;,]$/.test(value) || /^(\/|\.\.?\/|~\/)/.test(value) || /^(process\.env|os\.environ|env\.|this\.|self\.|config\.|settings\.)/.test(value);
}

/** Removes secrets (see the header of this file). Idempotent: scrubbing scrubbed text changes nothing. */
export function scrub(text: string, options: ScrubOptions = {}): ScrubResult {
  const found: Record<string, number> = {};
  const note = (kind: string, n = 1) => {
    found[kind] = (found[kind] ?? 0) + n;
  };
  let out = text;
  for (const k of options.keys ?? []) {
    if (k && k.length >= 4 && out.includes(k)) {
      const parts = out.split(k);
      note('api-key', parts.length - 1);
      out = parts.join(mark('api-key'));
    }
  }
  for (const value of envSecretValues(options.env)) {
    if (out.includes(value)) {
      const parts = out.split(value);
      note('env', parts.length - 1);
      out = parts.join(mark('env'));
    }
  }
  for (const rule of RULES) {
    out = out.replace(rule.re, (m: string, ...rest: unknown[]) => {
      const groups = rest.slice(0, -2).map((g) => (typeof g === 'string' ? g : ''));
      const r = rule.replace ? rule.replace(m, ...groups) : mark(rule.kind);
      if (r !== m) note(rule.kind);
      return r;
    });
  }
  const count = Object.values(found).reduce((a, b) => a + b, 0);
  return { text: out, found, count };
}

/** Values of environment variables whose names look secret, longest first (so a value inside another goes second). */
export function envSecretValues(env: Readonly<Record<string, string | undefined>> | undefined): string[] {
  if (!env) return [];
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (typeof value !== 'string' || value.length < MIN_ENV_SECRET_LENGTH) continue;
    if (!isSecretEnvName(name)) continue;
    if (/^(\/|~\/|[A-Za-z]:\\)/.test(value)) continue; // a path names a secret, it is not one
    values.add(value);
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/** Names of environment variables that hold secrets (not PWD/OLDPWD, not the *ASKPASS helpers). */
export function isSecretEnvName(name: string): boolean {
  if (/^(OLD)?PWD$/i.test(name) || /ASKPASS/i.test(name)) return false;
  return SECRET_NAME.test(name) || /(^|_)(KEY|PAT|AUTH)$/i.test(name);
}

/** "2 secrets (github-token, assignment)" style summary for the user; empty when nothing was found. */
export function describeFindings(found: Record<string, number>): string {
  return Object.entries(found)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => (n > 1 ? `${k} ×${n}` : k))
    .join(', ');
}
