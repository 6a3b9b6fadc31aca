// The New Session prompt draft as a document: devin-draft:/devin-prompt.md. Its content lives in
// our own storage (globalState, the same draft New Session keeps), not in an untitled or temporary
// file, so closing the tab never asks to save anything and the draft comes back next time. The
// document explains itself in a comment at the top, which is never sent.
// Registered by the activation shell (a restored tab needs the file system before the core loads):
// named imports only, see src/extension.ts.
import type * as vscode from 'vscode';
import { Disposable, EventEmitter, FileChangeType, FileSystemError, FileType, Uri, l10n, workspace } from 'vscode';

export const DRAFT_SCHEME = 'devin-draft';
export const DRAFT_KEY = 'devin.draft';
export const DRAFT_FILE = 'devin-prompt.md';
export const DRAFT_URI = Uri.from({ scheme: DRAFT_SCHEME, path: `/${DRAFT_FILE}` });

/** What the user typed for a session that was not created yet. Kept until a create succeeds. */
export interface Draft {
  prompt: string;
  repo?: string;
  title?: string;
  tags?: string[];
  playbookId?: string;
  knowledgeIds?: string[];
  maxAcuLimit?: number;
  /** Uploaded attachments (their URLs) that go with the prompt. */
  attachmentUrls?: string[];
  savedAt: number;
}

/** The stored draft, whatever its prompt (also an empty one), or undefined. */
export function storedDraft(state: vscode.Memento): Draft | undefined {
  const d = state.get<Draft>(DRAFT_KEY);
  return d && typeof d === 'object' && typeof d.prompt === 'string' ? d : undefined;
}

/** The explanation at the top of the document (an HTML comment: Markdown shows it as a comment). */
export function draftHeader(lines: readonly string[]): string {
  // "-->" inside a line would end the comment early.
  return `<!--\n${lines.map((l) => `  ${l.replace(/-->/g, '- ->')}`).join('\n')}\n-->\n`;
}

/** The document for a prompt: the header, an empty line, the prompt. */
export function draftDocumentText(lines: readonly string[], prompt: string): string {
  return `${draftHeader(lines)}\n${prompt}`;
}

/**
 * The prompt in a draft document: without the comment block at its very top (the header, also
 * when the user edited its words), trimmed. Text without a closed leading comment is all prompt.
 */
export function stripDraftHeader(text: string): string {
  const m = /^\s*<!--[\s\S]*?-->/.exec(text);
  return (m ? text.slice(m[0].length) : text).trim();
}

/** The header's words (translated): what this is, how to send, how to cancel. */
export function draftHeaderLines(repo: string | undefined): string[] {
  return [
    l10n.t('New Devin session: write the task below this comment. The comment is not sent.'),
    repo
      ? l10n.t('Send: Ctrl+Enter (Cmd+Enter on macOS) or the Send button in the editor title starts the session in {0}.', repo)
      : l10n.t('Send: Ctrl+Enter (Cmd+Enter on macOS) or the Send button in the editor title starts the session without a repository.'),
    l10n.t('Cancel: close this tab. The draft is kept and comes back with New Session → Write in an Editor.'),
  ];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The draft's file system: one file, read from and written to the stored draft. Every save keeps
 * the draft's other fields (repository, title, tags) and replaces its prompt.
 */
export class DraftFileSystem implements vscode.FileSystemProvider {
  private readonly changes = new EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changes.event;
  private mtime = Date.now();

  constructor(private readonly state: vscode.Memento) {}

  private bump(): void {
    this.mtime = Math.max(Date.now(), this.mtime + 1);
  }

  /** The stored draft changed elsewhere (New Session, a create that succeeded): an open document reloads. */
  changed(): void {
    // A document with unsaved edits keeps them (they are saved over the draft next): no reload.
    if (workspace.textDocuments.some((d) => d.uri.toString() === DRAFT_URI.toString() && d.isDirty)) return;
    this.bump();
    this.changes.fire([{ type: FileChangeType.Changed, uri: DRAFT_URI }]);
  }

  private content(): Uint8Array {
    const d = storedDraft(this.state);
    return encoder.encode(draftDocumentText(draftHeaderLines(d?.repo), d?.prompt ?? ''));
  }

  private isDraft(uri: vscode.Uri): boolean {
    return uri.path === DRAFT_URI.path;
  }

  watch(): vscode.Disposable {
    return new Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    if (uri.path === '/') return { type: FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    if (!this.isDraft(uri)) throw FileSystemError.FileNotFound(uri);
    return { type: FileType.File, ctime: 0, mtime: this.mtime, size: this.content().byteLength };
  }

  readDirectory(uri: vscode.Uri): [string, FileType][] {
    if (uri.path !== '/') throw FileSystemError.FileNotFound(uri);
    return [[DRAFT_FILE, FileType.File]];
  }

  readFile(uri: vscode.Uri): Uint8Array {
    if (!this.isDraft(uri)) throw FileSystemError.FileNotFound(uri);
    return this.content();
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    if (!this.isDraft(uri)) throw FileSystemError.NoPermissions(uri);
    const prompt = stripDraftHeader(decoder.decode(content));
    await this.state.update(DRAFT_KEY, { ...storedDraft(this.state), prompt, savedAt: Date.now() });
    this.bump();
  }

  createDirectory(uri: vscode.Uri): void {
    throw FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    throw FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): void {
    throw FileSystemError.NoPermissions(uri);
  }
}

/**
 * Registers the draft file system and keeps the document saved: every edit is written to the
 * draft at once (and `[devin-prompt]` in package.json sets a short auto save), so the tab is not
 * dirty when it closes and nothing asks to save.
 */
export function registerDraftDocument(subscriptions: { push(d: vscode.Disposable): unknown }, state: vscode.Memento): DraftFileSystem {
  const fs = new DraftFileSystem(state);
  let saving: Promise<unknown> = Promise.resolve();
  subscriptions.push(workspace.registerFileSystemProvider(DRAFT_SCHEME, fs, { isCaseSensitive: true }));
  subscriptions.push(
    workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.scheme !== DRAFT_SCHEME || !e.contentChanges.length) return;
      const doc = e.document;
      // One save at a time; a save that starts after the last edit covers it.
      saving = saving.then(() => (doc.isDirty && !doc.isClosed ? doc.save() : undefined)).then(undefined, () => undefined);
    }),
  );
  return fs;
}
