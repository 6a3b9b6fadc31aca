// Host side of the session details panel: one webview panel per session, restored after a
// reload by a serializer, live while visible and free while hidden. Everything the webview
// posts is validated (protocol.ts) before the host acts on it; the webview never sees the key.
import * as vscode from 'vscode';
import { vscodeHost, type Host } from '../host';
import type { Session } from '../api/types';
import { MessageFeed, errorText } from '../sessions/messageFeed';
import { describeStatus, isSafeHttpUrl, sessionTitle } from '../sessions/model';
import type { SessionStore } from '../sessions/store';
import { canonicalSessionId, sameSessionId, shortSessionId } from '../sessions/sessionId';
import { markFromOurUi } from '../commands/trust';
import { checkoutPullRequest, findRepoForPr, type GitApiLike, type GitExtensionLike } from './checkout';
import { checkoutUi } from './checkoutUi';
import { buildHtml, makeNonce } from './html';
import {
  parsePanelState,
  parseWebviewMessage,
  SESSION_ID_RE,
  VIEW_TYPE,
  type HostToWebview,
  type Strings,
  type WebviewToHost,
} from './protocol';

function localizedStrings(): Strings {
  return {
    loading: vscode.l10n.t('Loading session…'),
    notFound: vscode.l10n.t('This session could not be found. It may have been deleted.'),
    needsInput: vscode.l10n.t('Devin needs your input to continue.'),
    archived: vscode.l10n.t('Archived'),
    created: vscode.l10n.t('Created'),
    updated: vscode.l10n.t('Updated'),
    acus: vscode.l10n.t('ACUs used'),
    acuLimit: vscode.l10n.t('limit'),
    tags: vscode.l10n.t('Tags'),
    origin: vscode.l10n.t('Origin'),
    playbook: vscode.l10n.t('Playbook'),
    parent: vscode.l10n.t('Parent session'),
    children: vscode.l10n.t('Child sessions'),
    sessionId: vscode.l10n.t('Session ID'),
    status: vscode.l10n.t('Status'),
    actions: vscode.l10n.t('Session actions'),
    openInBrowser: vscode.l10n.t('Open in Browser'),
    refresh: vscode.l10n.t('Refresh'),
    archive: vscode.l10n.t('Archive'),
    terminate: vscode.l10n.t('Terminate'),
    pullRequests: vscode.l10n.t('Pull requests'),
    noPullRequests: vscode.l10n.t('No pull requests yet.'),
    checkout: vscode.l10n.t('Check Out Branch'),
    checkoutTitle: vscode.l10n.t('Fetch this pull request into a local branch and check it out'),
    reviewChanges: vscode.l10n.t('Review Changes'),
    reviewChangesTitle: vscode.l10n.t('Show the changed files and their diffs in the editor'),
    prOpen: vscode.l10n.t('open'),
    prMerged: vscode.l10n.t('merged'),
    prClosed: vscode.l10n.t('closed'),
    prUnknown: vscode.l10n.t('unknown'),
    structuredOutput: vscode.l10n.t('Structured output'),
    conversation: vscode.l10n.t('Conversation'),
    noMessages: vscode.l10n.t('No messages yet.'),
    fromDevin: vscode.l10n.t('Devin'),
    fromUser: vscode.l10n.t('You'),
    fromOther: vscode.l10n.t('Other'),
    messageTruncated: vscode.l10n.t('Message truncated: it is too long to show in full. Open the session in the browser to read it all.'),
    linkRefused: vscode.l10n.t('link removed'),
    imageRefused: vscode.l10n.t('image removed'),
    image: vscode.l10n.t('image'),
    showImage: vscode.l10n.t('Show this image. It loads from another site, which then sees your IP address.'),
    composerLabel: vscode.l10n.t('Message to Devin'),
    composerPlaceholder: vscode.l10n.t('Reply to Devin (Ctrl+Enter to send)'),
    composerPlaceholderMac: vscode.l10n.t('Reply to Devin (Cmd+Enter to send)'),
    send: vscode.l10n.t('Send'),
    sending: vscode.l10n.t('Sending…'),
    sendFailed: vscode.l10n.t('The message was not sent. Your text is kept.'),
    sent: vscode.l10n.t('Message sent.'),
    cannotSendArchived: vscode.l10n.t('This session is archived and cannot receive messages.'),
    cannotSendFinished: vscode.l10n.t('This session has finished and cannot receive messages.'),
    cannotSendFailed: vscode.l10n.t('This session failed and cannot receive messages.'),
    cannotSendOther: vscode.l10n.t('This session cannot receive messages in its current state.'),
    cannotSendLoading: vscode.l10n.t('Waiting for the session to load.'),
    newMessages: vscode.l10n.t('New messages from Devin'),
    refreshing: vscode.l10n.t('Refreshing…'),
    jsonItems: vscode.l10n.t('items'),
    jsonKeys: vscode.l10n.t('keys'),
    jsonTruncated: vscode.l10n.t('… (more not shown)'),
  };
}

async function getGitApi(): Promise<GitApiLike | undefined> {
  try {
    const ext = vscode.extensions.getExtension<GitExtensionLike>('vscode.git');
    if (!ext) return undefined;
    const exports = ext.isActive ? ext.exports : await ext.activate();
    if (!exports || exports.enabled === false) return undefined;
    return exports.getAPI(1);
  } catch {
    return undefined;
  }
}

/** The HTML shell (src/webview/html.ts) with a fresh nonce for this load. */
function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, sessionId: string): string {
  return buildHtml({
    nonce: makeNonce(),
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'dist', 'details.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'details.css')).toString(),
    sessionId,
    language: vscode.env.language,
  });
}

/** One panel: glue between VS Code, the store, the message feed and the webview. */
class SessionPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** Paging, de-duplication, caps and the poll cadence of the conversation. */
  private readonly feed: MessageFeed;
  private refreshing = false;
  private countedVisible = false;
  private ready = false;
  private disposed = false;
  /** Error of the last session refresh (the feed keeps its own). */
  private sessionError: string | undefined;
  private notFound = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly sessionId: string,
    private readonly manager: SessionPanelManager,
    private readonly store: SessionStore,
    private readonly log: vscode.LogOutputChannel,
    extensionUri: vscode.Uri,
  ) {
    this.feed = new MessageFeed({
      client: () => store.requireApi(),
      sessionId: () => this.session()?.session_id ?? this.sessionId,
      session: () => this.session(),
      enabled: () => !this.notFound,
      onMessages: (items) => this.post({ type: 'messages', items }),
      onError: (message) => this.log.warn(`details panel: loading messages failed: ${message}`),
    });
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')] };
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'devin.svg');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => this.onVisibility()),
      panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m)),
      store.onDidChange((e) => {
        if (e.reset || e.removed.some((id) => sameSessionId(id, this.sessionId))) {
          this.updateTitle();
          if (this.panel.visible) void this.refresh(false);
          return;
        }
        const mine = e.changed.find((s) => sameSessionId(s.session_id, this.sessionId));
        if (!mine) return;
        this.updateTitle();
        if (!this.panel.visible) return; // hidden panels cost nothing; the next reveal refreshes
        this.postSession();
        // The session changed: there are likely new messages, and the cadence may change.
        if (this.refreshing) this.feed.reschedule();
        else this.feed.fetchSoon();
      }),
    );
    panel.webview.html = panelHtml(panel.webview, extensionUri, sessionId);
    this.updateTitle();
    this.onVisibility();
  }

  session(): Session | undefined {
    return this.store.get(this.sessionId);
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  private updateTitle(): void {
    const s = this.session();
    this.panel.title = s ? vscode.l10n.t('{0} · {1}', sessionTitle(s), describeStatus(s)) : vscode.l10n.t('Devin session {0}', shortSessionId(this.sessionId));
  }

  private onVisibility(): void {
    const visible = this.panel.visible;
    if (visible !== this.countedVisible) {
      this.countedVisible = visible;
      this.store.setPanelVisible(visible ? 1 : -1);
    }
    this.feed.setActive(visible); // hidden panels do not poll
    if (!visible) this.ready = false; // the webview context is dropped; it says "ready" again when shown
    // When it becomes visible the webview reloads (retainContextWhenHidden is off) and sends
    // "ready", which posts the cached state and refreshes.
  }

  private post(m: HostToWebview): void {
    if (this.disposed || !this.ready) return;
    void this.panel.webview.postMessage(m).then(undefined, () => undefined);
  }

  private checkoutable(s: Session | undefined, api: GitApiLike | undefined): string[] {
    if (!s || !api) return [];
    return s.pull_requests.map((p) => p.pr_url).filter((u) => isSafeHttpUrl(u) && !!findRepoForPr(api, u));
  }

  private gitApi: GitApiLike | undefined;
  private gitLookedUp = false;

  private async git(): Promise<GitApiLike | undefined> {
    if (!this.gitLookedUp) {
      this.gitLookedUp = true;
      this.gitApi = await getGitApi();
    }
    return this.gitApi;
  }

  private postSession(): void {
    const s = this.session();
    if (!s) return;
    this.post({ type: 'session', session: s, checkoutable: this.checkoutable(s, this.gitApi), now: Date.now() });
    // The git extension may activate later; look it up once and post again if it knows a repo.
    if (!this.gitLookedUp && s.pull_requests.length) {
      void this.git().then((api) => {
        const cur = this.session();
        if (api && cur && this.checkoutable(cur, api).length) this.post({ type: 'session', session: cur, checkoutable: this.checkoutable(cur, api), now: Date.now() });
      });
    }
  }

  private postStatus(busy: boolean): void {
    this.post({ type: 'status', busy, error: this.sessionError ?? this.feed.error, notFound: this.notFound });
  }

  private async onMessage(raw: unknown): Promise<void> {
    const m: WebviewToHost | undefined = parseWebviewMessage(raw);
    if (!m) {
      this.log.warn(`details panel: ignored an invalid message from the webview (${typeof raw === 'object' && raw && 'type' in raw ? String((raw as { type: unknown }).type).slice(0, 40) : typeof raw})`);
      return;
    }
    switch (m.type) {
      case 'ready': {
        this.ready = true;
        const s = this.session();
        this.post({
          type: 'init',
          sessionId: this.sessionId,
          strings: localizedStrings(),
          l10nBundle: vscode.l10n.bundle,
          locale: vscode.env.language,
          session: s ?? null,
          messages: [...this.feed.messages],
          checkoutable: this.checkoutable(s, this.gitApi),
          isMac: process.platform === 'darwin',
          now: Date.now(),
        });
        if (this.sessionError || this.feed.error || this.notFound) this.postStatus(false);
        if (this.panel.visible) void this.refresh(true);
        return;
      }
      case 'send':
        return this.send(m.text);
      case 'openLink':
        return this.openLink(m.url);
      case 'openSession':
        return this.manager.show(m.sessionId);
      case 'reviewChanges':
        // The review command checks that the PR belongs to the session.
        await vscode.commands.executeCommand('devin.reviewChanges', this.session()?.session_id ?? this.sessionId, m.prUrl);
        return;
      case 'checkout': {
        const s = this.session();
        if (!s || !s.pull_requests.some((p) => p.pr_url === m.prUrl)) {
          this.log.warn('details panel: checkout asked for a pull request that is not in this session');
          return;
        }
        await checkoutPullRequest(m.prUrl, checkoutUi(() => this.git(), (msg) => this.log.warn(msg)));
        return;
      }
      case 'action':
        switch (m.action) {
          case 'refresh':
            return this.refresh(true);
          case 'openInBrowser':
            await vscode.commands.executeCommand('devin.openInBrowser', this.session()?.session_id ?? this.sessionId);
            return;
          case 'archive':
            // The panel's own button: marked so the command knows the user asked for it here.
            await vscode.commands.executeCommand('devin.archiveSession', markFromOurUi({ sessionId: this.session()?.session_id ?? this.sessionId }));
            return;
          case 'terminate':
            await vscode.commands.executeCommand('devin.terminateSession', this.session()?.session_id ?? this.sessionId);
            return;
        }
    }
  }

  private async openLink(url: string): Promise<void> {
    if (!isSafeHttpUrl(url)) {
      this.log.warn('details panel: refused to open a link that is not http(s)');
      void vscode.window.showWarningMessage(vscode.l10n.t('Only http and https links can be opened from a Devin session.'));
      return;
    }
    await vscode.env.openExternal(vscode.Uri.parse(url, true));
  }

  private async send(text: string): Promise<void> {
    try {
      await this.store.sendMessage(this.session()?.session_id ?? this.sessionId, text);
      this.post({ type: 'sendResult', ok: true });
      this.postSession();
      this.feed.fetchSoon();
    } catch (e) {
      const msg = errorText(e);
      this.log.warn(`details panel: send failed: ${msg}`);
      this.post({ type: 'sendResult', ok: false, error: msg });
    }
  }

  /** Session and new messages. `session`: also fetch the session itself. */
  async refresh(session: boolean): Promise<void> {
    if (this.disposed) return;
    this.refreshing = true;
    try {
      await this.doRefresh(session);
    } finally {
      this.refreshing = false;
    }
  }

  private async doRefresh(session: boolean): Promise<void> {
    this.postStatus(true);
    if (session || !this.session()) {
      try {
        await this.store.refreshSession(this.session()?.session_id ?? this.sessionId);
        this.notFound = false;
        this.sessionError = undefined;
      } catch (e) {
        const kind = (e as { kind?: string })?.kind;
        if (kind === 'not_found') this.notFound = true;
        this.sessionError = errorText(e);
        this.log.warn(`details panel: refreshing session failed: ${this.sessionError}`);
      }
      this.updateTitle();
      this.postSession();
    }
    await this.feed.fetch(); // also re-arms the poll at the session's cadence
    this.postStatus(false);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.feed.dispose();
    if (this.countedVisible) {
      this.countedVisible = false;
      this.store.setPanelVisible(-1);
    }
    this.manager.forget(this);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

export class SessionPanelManager implements vscode.Disposable {
  private readonly panels = new Map<string, SessionPanel>();
  private readonly registration: vscode.Disposable;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly store: SessionStore,
    private readonly log: vscode.LogOutputChannel,
    host: Host = vscodeHost,
  ) {
    this.registration = host.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
        const parsed = parsePanelState(state);
        if (!parsed || this.panels.has(this.key(parsed.sessionId))) {
          panel.dispose();
          return;
        }
        this.attach(panel, parsed.sessionId);
      },
    });
  }

  private key(id: string): string {
    return canonicalSessionId(id);
  }

  /** Opens the panel of a session, or reveals it when it is already open. */
  async show(sessionId: string): Promise<void> {
    if (typeof sessionId !== 'string' || !SESSION_ID_RE.test(sessionId)) {
      this.log.warn('details panel: refused to open a session with an invalid id');
      return;
    }
    const existing = this.panels.get(this.key(sessionId));
    if (existing) {
      existing.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t('Devin session'), { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'media')],
      retainContextWhenHidden: false,
      enableFindWidget: true,
    });
    this.attach(panel, sessionId);
  }

  private attach(panel: vscode.WebviewPanel, sessionId: string): SessionPanel {
    const p = new SessionPanel(panel, sessionId, this, this.store, this.log, this.context.extensionUri);
    this.panels.set(this.key(sessionId), p);
    return p;
  }

  /** Called by a panel when it is disposed. */
  forget(p: SessionPanel): void {
    if (this.panels.get(this.key(p.sessionId)) === p) this.panels.delete(this.key(p.sessionId));
  }

  /** Ids of open panels (tests, diagnostics). */
  openSessionIds(): string[] {
    return [...this.panels.values()].map((p) => p.sessionId);
  }

  dispose(): void {
    this.registration.dispose();
    for (const p of [...this.panels.values()]) p.dispose();
    this.panels.clear();
  }
}
