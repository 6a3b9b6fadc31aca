// Host side of the session details panel: one webview panel per session, restored after a
// reload by a serializer, live while visible and free while hidden. Everything the webview
// posts is validated (protocol.ts) before the host acts on it; the webview never sees the key.
import * as vscode from 'vscode';
import { vscodeHost, type Host } from '../host';
import type { Session } from '../api/types';
import { MessageFeed, errorText } from '../sessions/messageFeed';
import { isSafeHttpUrl, sessionTitle } from '../sessions/model';
import { shortenTitle, statusWord, type StatusWords } from './tabTitle';
import type { SessionStore } from '../sessions/store';
import { canonicalSessionId, sameSessionId, shortSessionId } from '../sessions/sessionId';
import type { PanelActions } from '../commands/common';
import { parsePrUrl } from './checkout';
import type { PrDetailsSource } from '../views/sessionsTree';
import type { GitHubPrDetails } from '../github/prInfo';
import { buildHtml, makeNonce } from './html';
import { DraftKeeper, unsentMessages, type UnsentMessages } from '../sessions/unsent';
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
    archive: vscode.l10n.t('Archive'),
    terminate: vscode.l10n.t('Terminate'),
    pullRequests: vscode.l10n.t('Pull requests'),
    noPullRequests: vscode.l10n.t('No pull requests yet.'),
    checkout: vscode.l10n.t('Check Out'),
    checkoutTitle: vscode.l10n.t('Fetch this pull request into a local branch and check it out'),
    reviewChanges: vscode.l10n.t('Review Changes'),
    reviewChangesTitle: vscode.l10n.t('Show the changed files and their diffs in the editor'),
    prOpen: vscode.l10n.t('open'),
    prDraft: vscode.l10n.t('draft'),
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
    jsonItems: vscode.l10n.t('items'),
    jsonKeys: vscode.l10n.t('keys'),
    jsonTruncated: vscode.l10n.t('… (more not shown)'),
    jumpToMessage: vscode.l10n.t('Jump to message'),
    devinAsks: vscode.l10n.t('Devin asks:'),
    copySessionId: vscode.l10n.t('Copy session ID'),
    copied: vscode.l10n.t('Copied'),
    repository: vscode.l10n.t('Repository'),
    branch: vscode.l10n.t('Branch'),
    openPr: vscode.l10n.t('Open'),
    openPrTitle: vscode.l10n.t('Open this pull request in the browser'),
    copyPrUrl: vscode.l10n.t('Copy URL'),
    reviewApproved: vscode.l10n.t('approved'),
    reviewChangesRequested: vscode.l10n.t('changes requested'),
    reviewRequired: vscode.l10n.t('review required'),
    checksPassed: vscode.l10n.t('checks passed'),
    checksFailed: vscode.l10n.t('checks failed'),
    checksRunning: vscode.l10n.t('checks running'),
    signedOut: vscode.l10n.t('You are signed out of Devin, so this session is not shown.'),
    signIn: vscode.l10n.t('Sign In'),
  };
}

function tabWords(): StatusWords {
  return {
    needsInput: vscode.l10n.t('Needs input'),
    working: vscode.l10n.t('Working'),
    suspended: vscode.l10n.t('Suspended'),
    finished: vscode.l10n.t('Finished'),
    failed: vscode.l10n.t('Failed'),
    other: vscode.l10n.t('Other'),
    archived: vscode.l10n.t('Archived'),
  };
}

/** What the panels need to know about signing in (src/auth/auth.ts). */
export interface PanelAuth {
  readonly signedIn: boolean;
  readonly onDidChange: vscode.Event<void>;
}

/** The HTML shell (src/webview/html.ts) with a fresh nonce for this load. */
function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, sessionId: string): string {
  return buildHtml({
    nonce: makeNonce(),
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'dist', 'details.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'dist', 'details.css')).toString(),
    sessionId,
    language: vscode.env.language,
  });
}

/** One panel: glue between VS Code, the store, the message feed and the webview. */
class SessionPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** Paging, de-duplication, caps and the poll cadence of the conversation (a new one after a sign-out). */
  private feed: MessageFeed;
  private refreshing = false;
  private countedVisible = false;
  private ready = false;
  private disposed = false;
  /** Error of the last session refresh (the feed keeps its own). */
  private sessionError: string | undefined;
  private notFound = false;
  /** The reply box's text, kept for the session when the panel closes or the window reloads. */
  private readonly draft: DraftKeeper;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly sessionId: string,
    private readonly manager: SessionPanelManager,
    private readonly store: SessionStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly extensionUri: vscode.Uri,
    private readonly auth: PanelAuth,
  ) {
    this.feed = this.newFeed();
    this.draft = new DraftKeeper(manager.unsent, sessionId, (e) => log.warn(`details panel: the reply's text could not be kept: ${errorText(e)}`));
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')] };
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'devin.svg');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => this.onVisibility()),
      panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m)),
      store.onDidChange((e) => {
        if (!this.auth.signedIn) return;
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

  private newFeed(): MessageFeed {
    return new MessageFeed({
      client: () => this.store.requireApi(),
      sessionId: () => this.session()?.session_id ?? this.sessionId,
      session: () => this.session(),
      enabled: () => !this.notFound && this.auth.signedIn,
      onMessages: (items) => this.post({ type: 'messages', items }),
      onError: (message) => this.log.warn(`details panel: loading messages failed: ${message}`),
    });
  }

  session(): Session | undefined {
    return this.auth.signedIn ? this.store.get(this.sessionId) : undefined;
  }

  /**
   * Signed out: the conversation kept in memory is dropped, polling stops and the webview shows a
   * signed-out state with a Sign In button. Signed in again: the webview loads afresh.
   */
  onAuthChange(): void {
    if (this.disposed) return;
    if (!this.auth.signedIn) {
      this.feed.dispose();
      this.feed = this.newFeed();
      this.sessionError = undefined;
      this.notFound = false;
      this.updateTitle();
      this.post({ type: 'signedOut' });
      return;
    }
    this.updateTitle();
    this.ready = false;
    this.panel.webview.html = panelHtml(this.panel.webview, this.extensionUri, this.sessionId);
    this.feed.setActive(this.panel.visible);
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** "Fix the rounding in cart… · Needs input": the title, shortened, and one word (full text in the tooltip). */
  private updateTitle(): void {
    const s = this.session();
    const title = s ? vscode.l10n.t('{0} · {1}', shortenTitle(sessionTitle(s)), statusWord(s, tabWords())) : vscode.l10n.t('Devin session {0}', shortSessionId(this.sessionId));
    if (this.panel.title !== title) this.panel.title = title;
    this.manager.rememberTitle(this.sessionId, title);
  }

  private onVisibility(): void {
    const visible = this.panel.visible;
    if (visible !== this.countedVisible) {
      this.countedVisible = visible;
      this.store.setPanelVisible(visible ? 1 : -1);
    }
    this.feed.setActive(visible && this.auth.signedIn); // hidden panels do not poll
    if (!visible) this.ready = false; // the webview context is dropped; it says "ready" again when shown
    // When it becomes visible the webview reloads (retainContextWhenHidden is off) and sends
    // "ready", which posts the cached state and refreshes.
  }

  private post(m: HostToWebview): void {
    if (this.disposed || !this.ready) return;
    void this.panel.webview.postMessage(m).then(undefined, () => undefined);
  }

  /**
   * PRs offered Check Out: as on the tree's PR rows, GitHub pull requests and GitLab merge requests
   * (the command then finds the workspace repository, or says there is none).
   */
  private checkoutable(s: Session | undefined): string[] {
    if (!s) return [];
    return s.pull_requests.map((p) => p.pr_url).filter((u) => isSafeHttpUrl(u) && !!parsePrUrl(u));
  }

  /**
   * What GitHub said of this session's PRs (only with a consented GitHub session and the setting
   * on; src/github/connect.ts), keyed by URL. Asks the source for the rest: it fetches them
   * batched and cached, and a change posts the session again.
   */
  private prDetails(s: Session | undefined): Record<string, GitHubPrDetails> {
    const source = this.manager.prDetailsSource;
    const out: Record<string, GitHubPrDetails> = {};
    if (!s || !source || !s.pull_requests.length) return out;
    const urls = s.pull_requests.map((p) => p.pr_url).filter((u) => isSafeHttpUrl(u));
    for (const u of urls) {
      const d = source.get(u);
      if (d) out[u] = d;
    }
    if (this.panel.visible) source.want(urls);
    return out;
  }

  /** GitHub's details of some of this session's PRs changed (an empty list: any PR). */
  onPrDetailsChange(urls: readonly string[]): void {
    if (this.disposed || !this.panel.visible) return;
    const s = this.session();
    if (!s || !s.pull_requests.length) return;
    if (urls.length && !s.pull_requests.some((p) => urls.includes(p.pr_url))) return;
    this.postSession();
  }

  private postSession(): void {
    const s = this.session();
    if (!s) return;
    this.post({ type: 'session', session: s, checkoutable: this.checkoutable(s), prDetails: this.prDetails(s), now: Date.now() });
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
        if (!this.auth.signedIn) {
          this.post({ type: 'signedOut' });
          return;
        }
        const s = this.session();
        this.post({
          type: 'init',
          sessionId: this.sessionId,
          strings: localizedStrings(),
          l10nBundle: vscode.l10n.bundle,
          locale: vscode.env.language,
          session: s ?? null,
          messages: [...this.feed.messages],
          checkoutable: this.checkoutable(s),
          prDetails: this.prDetails(s),
          isMac: process.platform === 'darwin',
          now: Date.now(),
          draft: this.draft.current(),
        });
        if (this.sessionError || this.feed.error || this.notFound) this.postStatus(false);
        // The webview runs only while shown (retainContextWhenHidden is off), so "ready" means it is
        // on screen, whatever panel.visible says yet: a restored panel's view state can reach the
        // host after its "ready", and waiting for it left the conversation unloaded until the idle
        // poll (30 s for a session that needs input).
        void this.refresh(true);
        return;
      }
      case 'send':
        if (!this.auth.signedIn) return;
        return this.send(m.text);
      case 'draft':
        this.draft.typed(m.text);
        return;
      case 'openLink':
        return this.openLink(m.url);
      case 'openSession':
        return this.manager.show(m.sessionId);
      // The PR row's actions run the very commands of the tree's PR rows, for PRs of this session only.
      case 'openPr':
      case 'copyPrUrl':
      case 'checkout':
      case 'reviewChanges': {
        const s = this.session();
        if (!s || !s.pull_requests.some((p) => p.pr_url === m.prUrl) || !isSafeHttpUrl(m.prUrl)) {
          this.log.warn(`details panel: ${m.type} asked for a pull request that is not in this session`);
          return;
        }
        switch (m.type) {
          case 'openPr':
            await vscode.commands.executeCommand('devin.openPullRequest', m.prUrl);
            return;
          case 'copyPrUrl':
            await vscode.commands.executeCommand('devin.copyPullRequestUrl', m.prUrl);
            this.post({ type: 'copied', what: 'prUrl' });
            return;
          case 'checkout':
            await vscode.commands.executeCommand('devin.checkoutPullRequest', m.prUrl);
            return;
          case 'reviewChanges':
            await vscode.commands.executeCommand('devin.reviewChanges', s.session_id, m.prUrl);
            return;
        }
        return;
      }
      case 'action':
        switch (m.action) {
          case 'copySessionId': {
            const s = this.session();
            if (!s) return;
            await vscode.env.clipboard.writeText(s.session_id);
            this.post({ type: 'copied', what: 'sessionId' });
            return;
          }
          case 'signIn':
            await vscode.commands.executeCommand('devin.signIn');
            return;
          case 'openInBrowser':
            await vscode.commands.executeCommand('devin.openInBrowser', this.session()?.session_id ?? this.sessionId);
            return;
          case 'archive': {
            // The panel's own button: the action itself, at once (a command would have to ask, as any
            // extension can run it; see src/commands/trust.ts).
            const id = this.session()?.session_id ?? this.sessionId;
            if (this.manager.actions) await this.manager.actions.archive(id);
            else await vscode.commands.executeCommand('devin.archiveSession', id);
            return;
          }
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
      // Secrets are removed from typed messages as from prompts.
      await this.store.sendMessage(this.session()?.session_id ?? this.sessionId, this.manager.actions ? this.manager.actions.scrubMessage(text) : text);
      await this.draft.sent(text);
      this.post({ type: 'sendResult', ok: true });
      this.postSession();
      this.feed.fetchSoon();
    } catch (e) {
      const msg = errorText(e);
      this.log.warn(`details panel: send failed: ${msg}`);
      await this.draft.failed(text);
      this.post({ type: 'sendResult', ok: false, error: msg });
    }
  }

  /** Session and new messages. `session`: also fetch the session itself. */
  async refresh(session: boolean): Promise<void> {
    if (this.disposed || !this.auth.signedIn) return;
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
    void this.draft.dispose();
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

/** Titles of open panels by session, kept across reloads: they find a restored tab not shown yet. */
const TITLES_KEY = 'devin.panelTitles';
const MAX_TITLES = 100;
/** How long show() waits for VS Code to hand over a restored panel it was asked to show. */
const REVIVE_WAIT_MS = 5000;
const FOCUS_GROUP_COMMANDS = [
  'workbench.action.focusFirstEditorGroup',
  'workbench.action.focusSecondEditorGroup',
  'workbench.action.focusThirdEditorGroup',
  'workbench.action.focusFourthEditorGroup',
  'workbench.action.focusFifthEditorGroup',
  'workbench.action.focusSixthEditorGroup',
  'workbench.action.focusSeventhEditorGroup',
  'workbench.action.focusEighthEditorGroup',
];

function isOurWebviewTab(tab: vscode.Tab): boolean {
  const input = tab.input;
  if (!(input instanceof vscode.TabInputWebview)) return false;
  // VS Code prefixes extension view types (`mainThreadWebview-devin.session`).
  return input.viewType === VIEW_TYPE || input.viewType.endsWith(`-${VIEW_TYPE}`);
}

export class SessionPanelManager implements vscode.Disposable {
  private readonly panels = new Map<string, SessionPanel>();
  private readonly registration: vscode.Disposable;
  private readonly authListener: vscode.Disposable;
  /** show() calls waiting for VS Code to revive a restored panel of that session. */
  private readonly reviving = new Map<string, (p: SessionPanel) => void>();
  /** show() calls at work, per session. */
  private readonly showing = new Map<string, Promise<void>>();
  /** GitHub's details of PRs (optional; set by the core like the tree's). */
  prDetailsSource: PrDetailsSource | undefined;
  /** What the panels' own buttons run directly (set by the session commands). */
  actions: PanelActions | undefined;
  /** Unsent text per session (src/sessions/unsent.ts): the reply boxes' drafts live there. */
  readonly unsent: UnsentMessages;
  private prDetailsListener: vscode.Disposable | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly store: SessionStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly auth: PanelAuth,
    host: Host = vscodeHost,
  ) {
    this.unsent = unsentMessages(context.globalState);
    // VS Code calls this when a panel restored after a reload is first shown (a hidden tab stays
    // unrevived until then).
    this.registration = host.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
        const parsed = parsePanelState(state);
        if (!parsed || this.panels.has(this.key(parsed.sessionId))) {
          panel.dispose();
          return;
        }
        const p = this.attach(panel, parsed.sessionId);
        const waiting = this.reviving.get(this.key(parsed.sessionId));
        if (waiting) waiting(p);
      },
    });
    this.authListener = auth.onDidChange(() => {
      for (const p of [...this.panels.values()]) p.onAuthChange();
    });
  }

  private key(id: string): string {
    return canonicalSessionId(id);
  }

  setActions(actions: PanelActions): void {
    this.actions = actions;
  }

  /** PR rows in the panels show what GitHub says of them, as the tree's do. */
  setPrDetails(source: PrDetailsSource): void {
    this.prDetailsListener?.dispose();
    this.prDetailsSource = source;
    this.prDetailsListener = source.onDidChange((urls) => {
      for (const p of [...this.panels.values()]) p.onPrDetailsChange(urls);
    });
  }

  /** Opens the panel of a session, or reveals it when it is already open (also a restored, unrevived tab). */
  async show(sessionId: string): Promise<void> {
    if (typeof sessionId !== 'string' || !SESSION_ID_RE.test(sessionId)) {
      this.log.warn('details panel: refused to open a session with an invalid id');
      return;
    }
    // A second call for the session while the first is still at work (a double click; bringing back
    // a restored tab takes a moment) waits for it and shows that panel. It used to replace the
    // first's wait for the restored tab, which then gave up and opened a second panel.
    const key = this.key(sessionId);
    const pending = this.showing.get(key);
    if (pending) {
      await pending;
      this.panels.get(key)?.reveal();
      return;
    }
    const shown = this.open(sessionId).finally(() => this.showing.delete(key));
    this.showing.set(key, shown);
    return shown;
  }

  private async open(sessionId: string): Promise<void> {
    const existing = this.panels.get(this.key(sessionId)) ?? (await this.reviveRestored(sessionId));
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

  /**
   * After a reload, a panel that was open but not shown is a tab VS Code has not revived yet. Finds
   * it by the title it had (remembered per session), shows that tab so VS Code hands the panel to
   * the serializer, and waits for it. Undefined when there is no such tab or it does not come.
   */
  private async reviveRestored(sessionId: string): Promise<SessionPanel | undefined> {
    const title = this.titles()[this.key(sessionId)];
    if (!title) return undefined;
    // Tabs of panels already revived (a same-titled panel of another session) are not it.
    const revivedTitles = new Set([...this.panels.values()].map((p) => p.panel.title));
    for (const group of vscode.window.tabGroups.all) {
      const index = group.tabs.findIndex((t) => isOurWebviewTab(t) && t.label === title && !revivedTitles.has(t.label));
      if (index < 0) continue;
      const focusGroup = FOCUS_GROUP_COMMANDS[(group.viewColumn ?? 1) - 1];
      if (!focusGroup) return undefined;
      const key = this.key(sessionId);
      const revived = new Promise<SessionPanel | undefined>((resolve) => {
        const timer = setTimeout(() => resolve(undefined), REVIVE_WAIT_MS);
        this.reviving.set(key, (p) => {
          clearTimeout(timer);
          resolve(p);
        });
      });
      try {
        await vscode.commands.executeCommand(focusGroup);
        await vscode.commands.executeCommand('workbench.action.openEditorAtIndex', index);
        const p = await revived;
        if (!p) this.log.warn('details panel: a restored tab of this session did not come back; opening a new one');
        return p;
      } catch (e) {
        this.log.warn(`details panel: could not show the restored tab: ${errorText(e)}`);
        return undefined;
      } finally {
        this.reviving.delete(key);
      }
    }
    return undefined;
  }

  private titles(): Record<string, string> {
    const t = this.context.workspaceState.get<unknown>(TITLES_KEY);
    return t && typeof t === 'object' && !Array.isArray(t) ? (t as Record<string, string>) : {};
  }

  /** Called by a panel whenever it sets its title. */
  rememberTitle(sessionId: string, title: string): void {
    const key = this.key(sessionId);
    const all = this.titles();
    if (all[key] === title) return;
    const next: Record<string, string> = { ...all };
    delete next[key];
    next[key] = title;
    const keys = Object.keys(next);
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_TITLES))) delete next[k];
    void this.context.workspaceState.update(TITLES_KEY, next).then(undefined, () => undefined);
  }

  private attach(panel: vscode.WebviewPanel, sessionId: string): SessionPanel {
    const p = new SessionPanel(panel, sessionId, this, this.store, this.log, this.context.extensionUri, this.auth);
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
    this.authListener.dispose();
    this.prDetailsListener?.dispose();
    for (const p of [...this.panels.values()]) p.dispose();
    this.panels.clear();
  }
}
