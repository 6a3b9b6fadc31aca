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

/** Memoizes what is derived from a translation (a literal l10n.t call) until the bundle changes. */
export function cached<T = string>(lookup: () => T): () => T {
  let seen = -1;
  let value!: T;
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
  // The text before and after "{0}", or the whole text when a translation leaves it out.
  const parts = cached(() => {
    const t = lookup();
    const i = t.indexOf('{0}');
    return i < 0 ? [t] : [t.slice(0, i), t.slice(i + 3)];
  });
  return (arg) => {
    const p = parts();
    return p.length === 1 ? p[0] : p[0] + arg + p[1];
  };
}
