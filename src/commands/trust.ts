/**
 * Other extensions are untrusted callers of our commands (`vscode.commands.executeCommand`), and
 * no command argument proves that the user acted in our own UI:
 * - a Sessions-tree node can be forged: `runCommands` with `{ $treeViewId: 'devin.sessions',
 *   $treeItemHandle: '1/session:<id>' }` (or `$focusedTreeItem`) makes VS Code's argument
 *   processing hand our command our real node object, and another extension's menu item on our
 *   tree gets the real node too;
 * - a quick pick or an input box can be accepted by another extension
 *   (`workbench.action.acceptSelectedQuickOpenItem`), and a document of ours can be edited by it
 *   (a WorkspaceEdit).
 * So a command that sends text or changes something at the server asks the user in a modal dialog,
 * the one prompt no other extension can answer. What a dialog cannot show in full (long text,
 * invisible characters) is never sent from it: "Open in Editor" shows all of it first.
 * The details panel's buttons are the exception: only our own webview can post its messages, so
 * the panel calls its actions directly (never through a command).
 */
import * as vscode from 'vscode';

/** Most characters a confirmation dialog shows of a text. */
export const SHOWN_CHARS = 500;
/** Most lines a confirmation dialog shows of a text. */
export const SHOWN_LINES = 20;

/**
 * Characters a dialog would not show, or would show misleadingly: controls other than tab, line
 * feed and carriage return; format characters (soft hyphen, zero-width and bidirectional controls,
 * the byte order mark, Unicode tags: invisible "ASCII smuggling"); variation selectors; the
 * invisible Hangul fillers.
 */
const HIDDEN = /[^\P{Cc}\t\n\r]|\p{Cf}|\p{Variation_Selector}|[\u115F\u1160\u3164\uFFA0]/gu;

export interface Excerpt {
  /** What the dialog shows (invisible characters written as ⟨U+XXXX⟩). */
  shown: string;
  /** Whether `shown` is the whole text, every character visible. */
  complete: boolean;
  /** Characters of the text shown (of `total`). */
  shownChars: number;
  total: number;
  /** How many invisible characters the text holds. */
  hidden: number;
}

function visible(text: string): string {
  return text.replace(HIDDEN, (c) => `⟨U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

/** What a confirmation dialog shows of `text`: all of it when short enough, else its start. */
export function excerptOf(text: string, maxChars = SHOWN_CHARS, maxLines = SHOWN_LINES): Excerpt {
  let cut = text.length > maxChars ? text.slice(0, maxChars) : text;
  const lines = cut.split('\n');
  if (lines.length > maxLines) cut = lines.slice(0, maxLines).join('\n');
  // Never end on half of a surrogate pair.
  if (cut.length < text.length && /[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const hidden = text.match(HIDDEN)?.length ?? 0;
  return { shown: visible(cut), complete: cut.length === text.length && hidden === 0, shownChars: cut.length, total: text.length, hidden };
}

/** What a dialog says under an excerpt with `count` invisible characters (written out as ⟨U+XXXX⟩). */
export function hiddenNote(count: number): string {
  return vscode.l10n.t('It contains {0} invisible character(s), written above as ⟨U+…⟩. Open it in an editor to see where they are.', count);
}

/** The first line with text, trimmed and cut to `max` characters (invisible characters written out). */
export function firstLineOf(text: string, max = 120): string {
  const line = text.split('\n').find((l) => l.trim())?.trim() ?? '';
  const shown = visible(line);
  return shown.length > max ? `${shown.slice(0, max - 1)}…` : shown;
}

export type Confirmed = 'confirmed' | 'editor' | undefined;

/**
 * A modal dialog for text someone else supplied (another extension, a link). `detail` wraps what is
 * shown of the text. The action button is offered only when the whole text is shown; "Open in
 * Editor" always is (the caller opens the text in an editor, where sending asks again).
 */
export async function confirmText(opts: { question: string; detail: (shown: string) => string; text: string; action: string }): Promise<Confirmed> {
  const ex = excerptOf(opts.text);
  const notes: string[] = [];
  if (ex.shownChars < ex.total) notes.push(vscode.l10n.t('First {0} of {1} characters shown. Open it in an editor to read all of it before it is sent.', ex.shownChars, ex.total));
  if (ex.hidden) notes.push(hiddenNote(ex.hidden));
  const detail = [opts.detail(ex.shownChars < ex.total ? `${ex.shown}…` : ex.shown), ...notes].join('\n\n');
  const openInEditor = vscode.l10n.t('Open in Editor');
  const buttons = ex.complete ? [opts.action, openInEditor] : [openInEditor];
  const choice = await vscode.window.showWarningMessage(opts.question, { modal: true, detail }, ...buttons);
  if (choice === openInEditor) return 'editor';
  return choice === opts.action && ex.complete ? 'confirmed' : undefined;
}

/**
 * A modal dialog before text written in one of our editors is sent (Ctrl+Enter there, or any
 * extension running devin.sendDraft after editing the document): its first line and its length.
 */
export async function confirmEditorText(opts: { question: string; text: string; action: string }): Promise<boolean> {
  const detail = `${firstLineOf(opts.text)}\n\n${vscode.l10n.t('{0} characters in all, as written in the editor.', opts.text.length)}`;
  const choice = await vscode.window.showWarningMessage(opts.question, { modal: true, detail }, opts.action);
  return choice === opts.action;
}
