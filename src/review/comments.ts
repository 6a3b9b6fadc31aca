// Steer Devin from the diff: a comment thread on any line or range of the PR side (`devin-pr:`
// documents, side=head); Ask Devin posts the path, the line range, the quoted lines and the
// user's words to the session. A failed send keeps the text in the thread, editable, with Retry.
import * as vscode from 'vscode';
import { vscodeHost, type Host } from '../host';
import type { SessionStore } from '../sessions/store';
import { isValidSessionId } from '../commands/prompt';
import { redact } from '../util/redact';
import { askDevinMessage, lineRangeText, parsePrDocQuery, PR_SCHEME } from './uris';

class AskComment implements vscode.Comment {
  mode = vscode.CommentMode.Preview;
  author: vscode.CommentAuthorInformation = { name: vscode.l10n.t('You') };
  label?: string;
  contextValue?: string;
  timestamp = new Date();
  constructor(
    public body: string | vscode.MarkdownString,
    readonly thread: vscode.CommentThread,
    /** The user's words as typed (kept when a send fails). */
    public text: string,
  ) {}
}

export class ReviewComments implements vscode.Disposable {
  private readonly controller: vscode.CommentController;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly store: SessionStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly peekKey: () => string | undefined,
    host: Host = vscodeHost,
  ) {
    this.controller = vscode.comments.createCommentController('devin-review', vscode.l10n.t('Devin'));
    this.controller.options = {
      prompt: vscode.l10n.t('Ask Devin about these lines'),
      placeHolder: vscode.l10n.t('Tell Devin what to change here…'),
    };
    this.controller.commentingRangeProvider = {
      provideCommentingRanges: (doc) => {
        if (doc.uri.scheme !== PR_SCHEME || parsePrDocQuery(doc.uri.query)?.side !== 'head') return undefined;
        return [new vscode.Range(0, 0, Math.max(0, doc.lineCount - 1), 0)];
      },
    };
    this.disposables.push(
      this.controller,
      host.registerCommand('devin.askDevin', (reply) => this.ask(reply as vscode.CommentReply)),
      host.registerCommand('devin.askDevinRetry', (c) => this.retry(c as AskComment)),
      host.registerCommand('devin.askDevinDiscard', (c) => this.discard(c as AskComment)),
    );
  }

  private async ask(reply: vscode.CommentReply | undefined): Promise<void> {
    if (!reply?.thread || typeof reply.text !== 'string') return;
    const text = reply.text;
    if (!text.trim()) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Write what Devin should do first.'));
      return;
    }
    const comment = new AskComment(text, reply.thread, text);
    reply.thread.comments = [...reply.thread.comments, comment];
    await this.send(comment);
  }

  private async retry(c: AskComment | undefined): Promise<void> {
    if (!(c instanceof AskComment)) return;
    // In edit mode the comment's body holds what the user changed.
    c.text = typeof c.body === 'string' ? c.body : c.body.value;
    if (!c.text.trim()) return;
    await this.send(c);
  }

  private discard(c: AskComment | undefined): void {
    if (!(c instanceof AskComment)) return;
    c.thread.comments = c.thread.comments.filter((x) => x !== c);
    if (!c.thread.comments.length) c.thread.dispose();
  }

  private async send(c: AskComment): Promise<void> {
    const thread = c.thread;
    const ref = parsePrDocQuery(thread.uri.query);
    const range = thread.range;
    if (!ref || thread.uri.scheme !== PR_SCHEME || !range || !isValidSessionId(ref.sessionId)) return;
    const doc = await vscode.workspace.openTextDocument(thread.uri);
    const start = range.start.line;
    const end = Math.max(start, range.end.character === 0 && range.end.line > start ? range.end.line - 1 : range.end.line);
    const quoted = doc.getText(new vscode.Range(start, 0, end, doc.lineAt(Math.min(end, doc.lineCount - 1)).text.length));
    const message = askDevinMessage({ path: ref.path, start, end, prUrl: ref.prUrl, commit: ref.commit, quoted, text: c.text }, { keys: [this.peekKey()], env: process.env });
    c.label = vscode.l10n.t('Sending…');
    c.mode = vscode.CommentMode.Preview;
    c.contextValue = undefined;
    this.refresh(c);
    try {
      await this.store.sendMessage(ref.sessionId, message);
    } catch (e) {
      const why = redact(e instanceof Error ? e.message : String(e), this.peekKey());
      this.log.warn(`review: Ask Devin failed: ${why}`);
      // Kept, editable, with Retry: nothing the user wrote is lost.
      c.body = c.text;
      c.label = vscode.l10n.t('Not sent: {0}', why);
      c.mode = vscode.CommentMode.Editing;
      c.contextValue = 'devin.unsent';
      this.refresh(c);
      void vscode.window.showErrorMessage(vscode.l10n.t('Your comment was not sent to Devin; its text is kept in the thread: {0}', why));
      return;
    }
    const link = new vscode.MarkdownString(undefined, true);
    link.isTrusted = { enabledCommands: ['devin.openSession'] };
    link.appendText(c.text);
    link.appendMarkdown('\n\n---\n\n$(check) ');
    link.appendText(vscode.l10n.t('Sent to Devin ({0} of {1}).', lineRangeText(start, end), ref.path));
    link.appendMarkdown(` [${vscode.l10n.t('Open session details')}](command:devin.openSession?${encodeURIComponent(JSON.stringify([ref.sessionId]))})`);
    c.body = link;
    c.label = vscode.l10n.t('Sent to Devin');
    c.contextValue = 'devin.sent';
    thread.label = vscode.l10n.t('Sent to Devin');
    thread.state = vscode.CommentThreadState.Resolved;
    thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
    this.refresh(c);
  }

  /** Comments are re-read by VS Code when the thread's array is reassigned. */
  private refresh(c: AskComment): void {
    c.thread.comments = c.thread.comments.map((x) => x);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
