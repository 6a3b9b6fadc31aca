// Messages between the session details panel (host) and its webview script, plus the strict
// validation of everything the webview sends. Pure: no `vscode` import (tested with node --test).
import type { Session, SessionMessage } from '../api/types';
import type { GitHubPrDetails } from '../github/prInfo';
import { isSafeHttpUrl } from '../sessions/model';

export { PANEL_VIEW_TYPE as VIEW_TYPE } from '../ids';

/** Session ids as the API hands them out (`devin-…` or bare): src/sessions/sessionId.ts. */
import { SESSION_ID_RE } from '../sessions/sessionId';
export { SESSION_ID_RE };

/** Longest message the composer may send (the API documents no limit; keep it sane). */
export const MAX_SEND_CHARS = 100_000;
/** Longest URL the webview may ask the host to open. */
export const MAX_URL_CHARS = 4096;
// The host's caps on the conversation it keeps and posts are in src/sessions/messageFeed.ts.

// ---- strings ---------------------------------------------------------------------------------

/**
 * Every UI string the webview shows, in English. The host passes a localized copy (vscode.l10n.t)
 * in the init message; tests and the webview's fallback use these. No placeholders on purpose.
 */
export const DEFAULT_STRINGS = {
  loading: 'Loading session…',
  notFound: 'This session could not be found. It may have been deleted.',
  needsInput: 'Devin needs your input to continue.',
  archived: 'Archived',
  created: 'Created',
  updated: 'Updated',
  acus: 'ACUs used',
  acuLimit: 'limit',
  tags: 'Tags',
  origin: 'Origin',
  playbook: 'Playbook',
  parent: 'Parent session',
  children: 'Child sessions',
  sessionId: 'Session ID',
  status: 'Status',
  actions: 'Session actions',
  openInBrowser: 'Open in Browser',
  archive: 'Archive',
  terminate: 'Terminate',
  pullRequests: 'Pull requests',
  noPullRequests: 'No pull requests yet.',
  checkout: 'Check Out',
  checkoutTitle: 'Fetch this pull request into a local branch and check it out',
  reviewChanges: 'Review Changes',
  reviewChangesTitle: 'Show the changed files and their diffs in the editor',
  prOpen: 'open',
  prDraft: 'draft',
  prMerged: 'merged',
  prClosed: 'closed',
  prUnknown: 'unknown',
  structuredOutput: 'Structured output',
  conversation: 'Conversation',
  noMessages: 'No messages yet.',
  fromDevin: 'Devin',
  fromUser: 'You',
  fromOther: 'Other',
  messageTruncated: 'Message truncated: it is too long to show in full. Open the session in the browser to read it all.',
  linkRefused: 'link removed',
  imageRefused: 'image removed',
  image: 'image',
  showImage: 'Show this image. It loads from another site, which then sees your IP address.',
  composerLabel: 'Message to Devin',
  composerPlaceholder: 'Reply to Devin (Ctrl+Enter to send)',
  composerPlaceholderMac: 'Reply to Devin (Cmd+Enter to send)',
  send: 'Send',
  sending: 'Sending…',
  sendFailed: 'The message was not sent. Your text is kept.',
  sent: 'Message sent.',
  cannotSendArchived: 'This session is archived and cannot receive messages.',
  cannotSendFinished: 'This session has finished and cannot receive messages.',
  cannotSendFailed: 'This session failed and cannot receive messages.',
  cannotSendOther: 'This session cannot receive messages in its current state.',
  cannotSendLoading: 'Waiting for the session to load.',
  newMessages: 'New messages from Devin',
  jsonItems: 'items',
  jsonKeys: 'keys',
  jsonTruncated: '… (more not shown)',
  jumpToMessage: 'Jump to message',
  devinAsks: 'Devin asks:',
  copySessionId: 'Copy session ID',
  copied: 'Copied',
  repository: 'Repository',
  branch: 'Branch',
  openPr: 'Open',
  openPrTitle: 'Open this pull request in the browser',
  copyPrUrl: 'Copy URL',
  reviewApproved: 'approved',
  reviewChangesRequested: 'changes requested',
  reviewRequired: 'review required',
  checksPassed: 'checks passed',
  checksFailed: 'checks failed',
  checksRunning: 'checks running',
  signedOut: 'You are signed out of Devin, so this session is not shown.',
  signIn: 'Sign In',
} as const;

export type StringKey = keyof typeof DEFAULT_STRINGS;
export type Strings = Record<StringKey, string>;

// ---- host -> webview ---------------------------------------------------------------------------

export interface InitMessage {
  type: 'init';
  sessionId: string;
  strings: Strings;
  /** VS Code's translations for the display language (undefined in English), for @vscode/l10n. */
  l10nBundle?: Record<string, string>;
  /** `vscode.env.language` ("de", "zh-cn"): relative times and numbers are formatted with Intl in it. */
  locale?: string;
  session: Session | null;
  messages: SessionMessage[];
  /** PR URLs offered Check Out (GitHub pull requests and GitLab merge requests, as on the tree's PR rows). */
  checkoutable: string[];
  /** What GitHub said of some of the PRs (a consented GitHub session only), by PR URL. */
  prDetails?: Record<string, GitHubPrDetails>;
  isMac: boolean;
  /** ms timestamp of the host clock (relative times). */
  now: number;
  /** Unsent text the host keeps for this session (the reply box's draft, a failed message). */
  draft?: string;
}

export interface SessionUpdateMessage {
  type: 'session';
  session: Session;
  checkoutable: string[];
  prDetails?: Record<string, GitHubPrDetails>;
  now: number;
}

export interface MessagesMessage {
  type: 'messages';
  /** New messages, oldest first, to append. */
  items: SessionMessage[];
}

export interface SendResultMessage {
  type: 'sendResult';
  ok: boolean;
  error?: string;
}

export interface StatusMessage {
  type: 'status';
  busy: boolean;
  /** Last error in words (never contains the key), or undefined when cleared. */
  error?: string;
  notFound?: boolean;
}

/** The user signed out: the panel drops what it showed and says so. */
export interface SignedOutMessage {
  type: 'signedOut';
}

/** The host copied something the user asked for (feedback next to the button). */
export interface CopiedMessage {
  type: 'copied';
  what: 'sessionId' | 'prUrl';
}

export type HostToWebview = InitMessage | SessionUpdateMessage | MessagesMessage | SendResultMessage | StatusMessage | SignedOutMessage | CopiedMessage;

// ---- webview -> host ---------------------------------------------------------------------------

export type PanelAction = 'openInBrowser' | 'archive' | 'terminate' | 'copySessionId' | 'signIn';
export const PANEL_ACTIONS: readonly PanelAction[] = ['openInBrowser', 'archive', 'terminate', 'copySessionId', 'signIn'];

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'send'; text: string }
  /** The reply box's text changed (empty: cleared); the host keeps it for the session. */
  | { type: 'draft'; text: string }
  | { type: 'openLink'; url: string }
  | { type: 'openSession'; sessionId: string }
  | { type: 'action'; action: PanelAction }
  | { type: 'checkout'; prUrl: string }
  | { type: 'reviewChanges'; prUrl: string }
  | { type: 'openPr'; prUrl: string }
  | { type: 'copyPrUrl'; prUrl: string };

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function hasOnlyKeys(o: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(o).every((k) => keys.includes(k));
}

function boundedString(x: unknown, max: number, min = 1): x is string {
  return typeof x === 'string' && x.length >= min && x.length <= max;
}

/**
 * Validates a message posted by the webview. Anything unknown, with a wrong field type, an
 * over-long string or extra fields gives undefined: the host then does nothing.
 */
export function parseWebviewMessage(x: unknown): WebviewToHost | undefined {
  if (!isPlainObject(x) || typeof x.type !== 'string') return undefined;
  switch (x.type) {
    case 'ready':
      return hasOnlyKeys(x, ['type']) ? { type: 'ready' } : undefined;
    case 'send':
      if (!hasOnlyKeys(x, ['type', 'text']) || !boundedString(x.text, MAX_SEND_CHARS) || !x.text.trim()) return undefined;
      return { type: 'send', text: x.text };
    case 'draft':
      if (!hasOnlyKeys(x, ['type', 'text']) || !boundedString(x.text, MAX_SEND_CHARS, 0)) return undefined;
      return { type: 'draft', text: x.text };
    case 'openLink':
      if (!hasOnlyKeys(x, ['type', 'url']) || !boundedString(x.url, MAX_URL_CHARS)) return undefined;
      return { type: 'openLink', url: x.url };
    case 'openSession':
      if (!hasOnlyKeys(x, ['type', 'sessionId']) || typeof x.sessionId !== 'string' || !SESSION_ID_RE.test(x.sessionId)) return undefined;
      return { type: 'openSession', sessionId: x.sessionId };
    case 'action':
      if (!hasOnlyKeys(x, ['type', 'action']) || typeof x.action !== 'string' || !(PANEL_ACTIONS as readonly string[]).includes(x.action)) return undefined;
      return { type: 'action', action: x.action as PanelAction };
    // A PR row's actions: an http(s) link (the host also checks that the PR is the session's).
    case 'checkout':
    case 'reviewChanges':
    case 'openPr':
    case 'copyPrUrl':
      if (!hasOnlyKeys(x, ['type', 'prUrl']) || !boundedString(x.prUrl, MAX_URL_CHARS) || !isSafeHttpUrl(x.prUrl)) return undefined;
      return { type: x.type, prUrl: x.prUrl };
    default:
      return undefined;
  }
}

/** Webview state saved with setState and handed to the panel serializer after a reload. */
export interface PanelState {
  sessionId: string;
  draft?: string;
  /** Scroll position when the panel was hidden, unless it was at the bottom. */
  scrollY?: number;
  atBottom?: boolean;
}

export function parsePanelState(x: unknown): PanelState | undefined {
  if (!isPlainObject(x) || typeof x.sessionId !== 'string' || !SESSION_ID_RE.test(x.sessionId)) return undefined;
  const draft = typeof x.draft === 'string' && x.draft.length <= MAX_SEND_CHARS ? x.draft : undefined;
  const scrollY = typeof x.scrollY === 'number' && Number.isFinite(x.scrollY) && x.scrollY >= 0 ? x.scrollY : undefined;
  const atBottom = typeof x.atBottom === 'boolean' ? x.atBottom : undefined;
  return { sessionId: x.sessionId, draft, scrollY, atBottom };
}

/**
 * The reply box's text when a panel opens, from what the host keeps for the session (`kept`) and
 * what this webview saved in its own state (`local`, after a reload): neither is dropped. One that
 * contains the other wins (the host may not have written the last keystrokes yet); two different
 * texts are both kept, the host's first.
 */
export function mergeDrafts(kept: string | undefined, local: string | undefined): string {
  const k = kept ?? '';
  const l = local ?? '';
  if (!l.trim() || k.includes(l)) return k;
  if (!k.trim() || l.includes(k)) return l;
  return `${k}\n\n${l}`;
}

function optionalObject(x: unknown): boolean {
  return x === undefined || isPlainObject(x);
}

/** Light check of what the host sends (the webview trusts the host, but not its shape). */
export function isHostMessage(x: unknown): x is HostToWebview {
  if (!isPlainObject(x) || typeof x.type !== 'string') return false;
  switch (x.type) {
    case 'init':
      return (
        typeof x.sessionId === 'string' &&
        isPlainObject(x.strings) &&
        Array.isArray(x.messages) &&
        Array.isArray(x.checkoutable) &&
        optionalObject(x.prDetails) &&
        (x.draft === undefined || typeof x.draft === 'string')
      );
    case 'session':
      return isPlainObject(x.session) && Array.isArray(x.checkoutable) && optionalObject(x.prDetails);
    case 'messages':
      return Array.isArray(x.items);
    case 'sendResult':
      return typeof x.ok === 'boolean';
    case 'status':
      return typeof x.busy === 'boolean';
    case 'signedOut':
      return true;
    case 'copied':
      return x.what === 'sessionId' || x.what === 'prUrl';
    default:
      return false;
  }
}
