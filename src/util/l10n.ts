// Shared by the pure modules (session model, errors, input checks), which run in the extension
// host, the details webview and plain Node tests: VS Code's translations through @vscode/l10n.
// `configure` loads the display language's bundle (the core passes vscode.l10n.bundle, the webview
// the bundle the host sends); unconfigured, @vscode/l10n returns the English text.
//
// Words used on every tree row (statuses, "5 min ago", ACUs) are looked up once per bundle with
// `cached` / `cachedFill`: @vscode/l10n's t() costs ~1.5 µs a call, 15 ms on 10,000 rows. The literal
// l10n.t('…') calls stay in the modules, where `npm run l10n` finds them.
import * as l10n from '@vscode/l10n';

let generation = 0;

export function configure(bundle: Record<string, string> | undefined): void {
  l10n.config({ contents: bundle ?? {} });
  generation++;
}

/** Memoizes a translation (a literal l10n.t call without arguments) until the bundle changes. */
export function cached(lookup: () => string): () => string {
  let seen = -1;
  let value = '';
  return () => {
    if (seen !== generation) {
      value = lookup();
      seen = generation;
    }
    return value;
  };
}

/**
 * A memoized template with one "{0}" (a literal l10n.t call without arguments): returns a function
 * that fills it with plain concatenation, as cheap as the template literal it replaces.
 */
export function cachedFill(lookup: () => string): (arg: string | number) => string {
  const template = cached(lookup);
  let seen = '';
  let parts: [string, string] | undefined = ['', ''];
  return (arg) => {
    const t = template();
    if (t !== seen || !parts) {
      seen = t;
      const i = t.indexOf('{0}');
      parts = i < 0 ? undefined : [t.slice(0, i), t.slice(i + 3)];
      if (!parts) return t;
    }
    return parts[0] + arg + parts[1];
  };
}
