// Steer Devin from the diff: a comment thread on any line or range of the PR side (`devin-pr:`
// documents, side=head); Ask Devin posts the path, the line range, the quoted lines and the
// user's words to the session. A failed send keeps the text in the thread, editable, with Retry,
// and in the workspace state until it is sent or discarded: after a reload the thread comes back on
// its document (see KEPT_KEY below for what VS Code's comments API does not let us keep).
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
import type { MementoLike } from '../sessions/hints';
import { askDevinMessage, lineRangeText, parsePrDocQuery, PR_SCHEME, type PrDocRef } from './uris';

/**
 * Ask Devin comments not sent yet (refused, not confirmed, failed, or on their way), by thread
 * document and range, in the workspace state: restored as threads with Retry and Discard when the
 * review part loads after a reload. Not kept: what is typed in a thread's reply box before Ask Devin
 * is pressed, and edits to a kept comment before Retry (VS Code's comments API reports neither).
 */
export const KEPT_KEY = 'devin.unsentComments';
/** Kept comments at most (the oldest leave first: any extension can run devin.askDevin). */
export const MAX_KEPT = 50;
const MAX_KEPT_CHARS = 100_000;

interface KeptComment {
  id: string;
  uri: string;
  range: [number, number, number, number];
  text: string;
  /** Why it was not sent; absent while it was on its way. */
  why?: string;
}

function parseKept(x: unknown): KeptComment | undefined {
  if (!x || typeof x !== 'object') return undefined;
  const k = x as Record<string, unknown>;
  const range = k.range;
  if (typeof k.id !== 'string' || typeof k.uri !== 'string' || typeof k.text !== 'string' || !k.text.trim() || k.text.length > MAX_KEPT_CHARS) return undefined;
  if (!Array.isArray(range) || range.length !== 4 || !range.every((n) => Number.isInteger(n) && n >= 0)) return undefined;
  if (k.why !== undefined && typeof k.why !== 'string') return undefined;
  return { id: k.id, uri: k.uri, range: range as KeptComment['range'], text: k.text, why: k.why as string | undefined };
}

let nextId = 0;

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
    /** Its entry among the kept comments. */
    readonly id = `${Date.now().toString(36)}-${(nextId++).toString(36)}`,
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
    /** Where unsent comments are kept (the workspace state); none: only in the threads. */
    private readonly memento?: MementoLike,
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
    this.restore();
  }

  private kept(): KeptComment[] {
    const saved = this.memento?.get<unknown>(KEPT_KEY);
    return Array.isArray(saved) ? saved.map(parseKept).filter((k): k is KeptComment => !!k) : [];
  }

  private saveKept(all: KeptComment[]): void {
    if (!this.memento) return;
    const dropped = all.length - MAX_KEPT;
    if (dropped > 0) this.log.warn(`review: ${dropped} of the oldest unsent Ask Devin comments were no longer kept (at most ${MAX_KEPT})`);
    const next = all.slice(Math.max(0, dropped));
    void Promise.resolve(this.memento.update(KEPT_KEY, next.length ? next : undefined)).catch((e: unknown) =>
      this.log.warn(`review: an unsent Ask Devin comment could not be kept: ${e instanceof Error ? e.message : String(e)}`),
    );
  }

  /** Keeps (or updates) the comment's words until they are sent or discarded. */
  private remember(c: AskComment, why: string | undefined): void {
    const range = c.thread.range;
    if (!range || c.text.length > MAX_KEPT_CHARS) return;
    const entry: KeptComment = { id: c.id, uri: c.thread.uri.toString(), range: [range.start.line, range.start.character, range.end.line, range.end.character], text: c.text, why };
    this.saveKept([...this.kept().filter((k) => k.id !== c.id), entry]);
  }

  private forget(c: AskComment): void {
    const all = this.kept();
    if (all.some((k) => k.id === c.id)) this.saveKept(all.filter((k) => k.id !== c.id));
  }

  /** After a reload: the kept comments as threads on their documents, with Retry and Discard. */
  private restore(): void {
    for (const k of this.kept()) {
      let uri: vscode.Uri;
      try {
        uri = vscode.Uri.parse(k.uri, true);
      } catch {
        continue;
      }
      if (uri.scheme !== PR_SCHEME || !parsePrDocQuery(uri.query)) continue;
      const thread = this.controller.createCommentThread(uri, new vscode.Range(...k.range), []);
      thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
      const c = new AskComment(k.text, thread, k.text, k.id);
      thread.comments = [c];
      this.keepUnsent(c, k.why ?? vscode.l10n.t('the window closed while it was being sent; it may have arrived'));
    }
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
    this.remember(comment, undefined);
    await this.send(comment);
  }

  private async retry(c: AskComment | undefined): Promise<void> {
    if (!(c instanceof AskComment)) return;
    // In edit mode the comment's body holds what the user changed.
    c.text = typeof c.body === 'string' ? c.body : c.body.value;
    if (!c.text.trim()) return;
    this.remember(c, undefined);
    await this.send(c);
  }

  private discard(c: AskComment | undefined): void {
    if (!(c instanceof AskComment)) return;
    this.forget(c);
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
    this.remember(c, why);
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
    const start = range.start.line;
    const end = Math.max(start, range.end.character === 0 && range.end.line > start ? range.end.line - 1 : range.end.line);
    try {
      // Reading the quoted lines can fail too (the clone was removed, say): kept with Retry all the same.
      const doc = await vscode.workspace.openTextDocument(thread.uri);
      const quoted = doc.getText(new vscode.Range(start, 0, end, doc.lineAt(Math.min(end, doc.lineCount - 1)).text.length));
      const message = askDevinMessage({ path: ref.path, start, end, prUrl: ref.prUrl, commit: ref.commit, quoted, text: c.text }, { keys: [this.peekKey()], env: process.env });
      c.label = vscode.l10n.t('Sending…');
      c.mode = vscode.CommentMode.Preview;
      c.contextValue = undefined;
      this.refresh(c);
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
    this.forget(c);
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
