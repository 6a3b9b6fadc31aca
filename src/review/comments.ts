// Steer Devin from the diff: a comment thread on any line or range of the PR side (`devin-pr:`
// documents, side=head); Ask Devin posts the path, the line range, the quoted lines and the
// user's words to the session. A failed send keeps the text in the thread, editable, with Retry.
// Another extension can run devin.askDevin with a thread of its own making (or, through VS Code's
// argument conversion, with one of ours) naming any session: the message goes without a question
// only to the session whose review is open here, for the PR head that review fetched; otherwise
// the user confirms in a modal dialog (which no extension can answer), or it is refused.
import * as vscode from 'vscode';
import { vscodeHost, type Host } from '../host';
import { canReceiveMessage, sessionTitle } from '../sessions/model';
import type { SessionStore } from '../sessions/store';
import { isValidSessionId } from '../commands/prompt';
import { redact } from '../util/redact';
import { askDevinMessage, lineRangeText, parsePrDocQuery, PR_SCHEME, type PrDocRef } from './uris';

/** What Ask Devin needs from the review: the clone and PR head of a ready review of the session's PR. */
export interface ReadyReviews {
  readyReview(sessionId: string, prUrl: string): { root: string; head: string } | undefined;
}

type Verdict = { kind: 'send' } | { kind: 'confirm'; title: string } | { kind: 'refuse'; why: string };

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
    private readonly reviews: ReadyReviews,
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

  /** Whether this thread is on the PR side of a review open here (see the top of the file). */
  private verdict(ref: PrDocRef): Verdict {
    const s = this.store.get(ref.sessionId);
    if (!s) return { kind: 'refuse', why: vscode.l10n.t('the session is not in the Devin Sessions view') };
    if (!canReceiveMessage(s)) return { kind: 'refuse', why: vscode.l10n.t('the session cannot take messages now') };
    if (!s.pull_requests.some((p) => p.pr_url === ref.prUrl)) return { kind: 'refuse', why: vscode.l10n.t('the pull request is not one of the session’s') };
    const ready = this.reviews.readyReview(ref.sessionId, ref.prUrl);
    if (ref.side === 'head' && ready && ready.root === ref.root && ready.head === ref.commit) return { kind: 'send' };
    return { kind: 'confirm', title: sessionTitle(s) };
  }

  /** Keeps the words in the thread, editable, with Retry, saying why they were not sent. */
  private keepUnsent(c: AskComment, why: string): void {
    c.body = c.text;
    c.label = vscode.l10n.t('Not sent: {0}', why);
    c.mode = vscode.CommentMode.Editing;
    c.contextValue = 'devin.unsent';
    this.refresh(c);
  }

  private async send(c: AskComment): Promise<void> {
    const thread = c.thread;
    const ref = parsePrDocQuery(thread.uri.query);
    const range = thread.range;
    if (!ref || thread.uri.scheme !== PR_SCHEME || !range || !isValidSessionId(ref.sessionId)) return;
    // Checked before the document is read: the URI names a folder and commit git would read.
    const verdict = this.verdict(ref);
    if (verdict.kind === 'refuse') {
      this.log.warn(`review: Ask Devin refused: ${verdict.why}`);
      this.keepUnsent(c, verdict.why);
      void vscode.window.showErrorMessage(vscode.l10n.t('Your comment was not sent to Devin; its text is kept in the thread: {0}', verdict.why));
      return;
    }
    if (verdict.kind === 'confirm') {
      const go = vscode.l10n.t('Send to Devin');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('Send this comment on {0} to the Devin session "{1}"?', ref.path, verdict.title),
        {
          modal: true,
          detail: vscode.l10n.t('It is not on a review open in this window (after a reload, or asked for by another extension). The text:\n\n{0}', c.text),
        },
        go,
      );
      if (choice !== go) {
        this.keepUnsent(c, vscode.l10n.t('not confirmed'));
        return;
      }
    }
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
      this.keepUnsent(c, why);
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
