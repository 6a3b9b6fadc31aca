/**
 * Other extensions can run our commands with any arguments (`vscode.commands.executeCommand`).
 * Arguments that only our own UI can produce (tree nodes of the Sessions view, the details
 * panel's buttons) are marked here; anything else is an untrusted caller's, and a command that
 * changes something at the server asks the user first (a modal dialog, which no other extension
 * can answer). The marks live in a WeakSet inside the core bundle, which no other extension can
 * reach: a look-alike object is not marked.
 */
const fromOurUi = new WeakSet<object>();

/** Marks an argument object as made by our own UI; returns it. */
export function markFromOurUi<T extends object>(arg: T): T {
  fromOurUi.add(arg);
  return arg;
}

/** Whether this argument came from our own UI (never true for strings or foreign objects). */
export function isFromOurUi(arg: unknown): boolean {
  return typeof arg === 'object' && arg !== null && fromOurUi.has(arg);
}
