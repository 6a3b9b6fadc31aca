// Details webview script (built to media/dist/details.js as an IIFE). Runs inside the webview:
// renders through ../render.ts (escaping + safe Markdown), runs DOMPurify on message HTML as a
// second line of defence, never navigates itself (every link and action goes to the host).
import type { Session, SessionMessage } from '../../api/types';
import { composerState, latestQuestion, renderActions, renderHeader, renderJson, renderMessage, renderPullRequests, sessionDisplayTitle, sessionFacts } from '../render';
import { configure as configureL10n } from '../../util/l10n';
import { setLocale } from '../../util/intl';
import { appendSanitized } from '../sanitize';
import {
  DEFAULT_STRINGS,
  isHostMessage,
  MAX_SEND_CHARS,
  mergeDrafts,
  parsePanelState,
  PANEL_ACTIONS,
  SESSION_ID_RE,
  type HostToWebview,
  type PanelState,
  type Strings,
  type WebviewToHost,
} from '../protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const CHUNK = 40; // messages rendered per animation frame
const BOTTOM_SLACK = 48; // px: "at the bottom" tolerance
const GAP = 8; // px kept between a revealed message and the composer or the top

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const el = {
  app: $('app'),
  header: $('header'),
  toolbar: $('toolbar'),
  status: $('status'),
  prsHeading: $('prs-heading'),
  prs: $('prs'),
  structuredSection: $('structured-section'),
  structuredHeading: $('structured-heading'),
  structured: $('structured'),
  conversationHeading: $('conversation-heading'),
  conversation: $('conversation'),
  messages: $<HTMLOListElement>('messages'),
  noMessages: $('no-messages'),
  composer: $<HTMLFormElement>('composer'),
  composerLabel: $('composer-label'),
  input: $<HTMLTextAreaElement>('composer-input'),
  reason: $('composer-reason'),
  error: $('composer-error'),
  sendState: $('composer-state'),
  send: $<HTMLButtonElement>('composer-send'),
  signedOut: $('signed-out'),
  signedOutText: $('signed-out-text'),
  signIn: $('signed-out-sign-in'),
};

let strings: Strings = { ...DEFAULT_STRINGS };
let session: Session | null = null;
let checkoutable: string[] = [];
/** What GitHub said of the PRs, by URL (only with a consented GitHub session; render.ts checks each field). */
let prDetails: Record<string, unknown> = {};
let now = Date.now();
let isMac = /Mac/i.test(navigator.platform);
let sending = false;
let initialized = false;
let loaded = false;
let structuredKey = '';
let prsKey = '';
const seen = new Set<string>();
const pending: SessionMessage[] = [];
let flushScheduled = false;
let restoreScroll: { y?: number; atBottom?: boolean } | undefined;
/** Every message shown, oldest first (the banner quotes the newest from Devin). */
const shown: SessionMessage[] = [];
/** Header key: re-rendered when the session or the quoted question changes. */
let headerKey = '';
/** Text the user sent; the view scrolls to it when the server hands it back. */
let awaitingOwn: string | undefined;
/** The text of the send under way: the box is emptied after it only if it still holds exactly that. */
let sendingText: string | undefined;
let signedOut = false;

/**
 * The message the view keeps fully visible (above the sticky composer) while the layout settles:
 * images, fonts and `content-visibility` estimates change heights after the first scroll. `follow`
 * moves it to each newer message. Any scrolling by the user ends it.
 */
let pin: { id: string; follow: boolean } | undefined;

const state: PanelState = parsePanelState(vscode.getState()) ?? { sessionId: SESSION_ID_RE.test(document.body.dataset.sessionId ?? '') ? (document.body.dataset.sessionId as string) : '' };
saveState();

function saveState(): void {
  vscode.setState(state);
}

function post(m: WebviewToHost): void {
  vscode.postMessage(m);
}

function isAtBottom(): boolean {
  const doc = document.scrollingElement ?? document.documentElement;
  return doc.scrollHeight - (doc.scrollTop + window.innerHeight) <= BOTTOM_SLACK;
}

function messageById(id: string): HTMLElement | null {
  for (const li of Array.from(el.messages.children) as HTMLElement[]) if (li.dataset.eventId === id) return li;
  return null;
}

function lastMessageId(): string | undefined {
  return (el.messages.lastElementChild as HTMLElement | null)?.dataset.eventId;
}

/**
 * Scrolls so that `li` is fully visible between the top of the view and the sticky composer: its
 * bottom just above the composer, or its top at the top when it is taller than the space.
 */
function reveal(li: HTMLElement): void {
  const doc = document.scrollingElement ?? document.documentElement;
  const rect = li.getBoundingClientRect();
  const bottom = window.innerHeight - el.composer.offsetHeight - GAP;
  const delta = rect.height > bottom - GAP ? rect.top - GAP : rect.bottom - bottom;
  if (Math.abs(delta) >= 1) doc.scrollTop += delta;
}

function applyPin(): void {
  if (!pin) return;
  if (pin.follow) pin.id = lastMessageId() ?? pin.id;
  const li = messageById(pin.id);
  if (li) reveal(li);
}

function pinTo(id: string | undefined, follow: boolean): void {
  if (!id) return;
  pin = { id, follow };
  applyPin();
}

function unpin(): void {
  pin = undefined;
}

// ---- rendering ----------------------------------------------------------------------------------

function applyStrings(): void {
  el.prsHeading.textContent = strings.pullRequests;
  el.structuredHeading.textContent = strings.structuredOutput;
  el.conversationHeading.textContent = strings.conversation;
  el.noMessages.textContent = strings.noMessages;
  el.composerLabel.textContent = strings.composerLabel;
  el.input.setAttribute('aria-label', strings.composerLabel);
  el.input.placeholder = isMac ? strings.composerPlaceholderMac : strings.composerPlaceholder;
  el.toolbar.setAttribute('aria-label', strings.actions);
  el.send.textContent = sending ? strings.sending : strings.send;
  el.signedOutText.textContent = strings.signedOut;
  el.signIn.textContent = strings.signIn;
}

/** Key of the focused control, so re-rendering a section does not lose keyboard focus. */
function focusKey(): string | undefined {
  const a = document.activeElement as HTMLElement | null;
  if (!a || !a.dataset) return undefined;
  if (a.dataset.action) return `${a.dataset.action}|${a.dataset.id ?? ''}|${a.dataset.index ?? ''}`;
  if (a.dataset.link) return `link|${a.dataset.link}`;
  return undefined;
}

function restoreFocus(key: string | undefined): void {
  if (!key) return;
  const nodes = document.querySelectorAll<HTMLElement>('[data-action],[data-link]');
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    const k = node.dataset.action ? `${node.dataset.action}|${node.dataset.id ?? ''}|${node.dataset.index ?? ''}` : `link|${node.dataset.link}`;
    if (k === key) {
      node.focus();
      return;
    }
  }
}

function renderSession(): void {
  const key = focusKey();
  if (session) {
    renderHeaderNow();
    document.title = sessionDisplayTitle(session);
  } else {
    el.header.innerHTML = `<h1 class="title" id="session-title"></h1>`;
    (el.header.firstElementChild as HTMLElement).textContent = strings.loading;
  }
  el.toolbar.innerHTML = renderActions(session, strings);

  const prs = session?.pull_requests ?? [];
  const pk = JSON.stringify([prs, checkoutable, prDetails, strings.prOpen]);
  if (pk !== prsKey) {
    prsKey = pk;
    el.prs.innerHTML = renderPullRequests(prs, strings, checkoutable, prDetails);
  }

  const so = session?.structured_output;
  const sk = so === undefined || so === null ? '' : safeStringify(so);
  if (sk !== structuredKey) {
    structuredKey = sk;
    el.structuredSection.hidden = !sk;
    el.structured.innerHTML = sk ? renderJson(so, strings) : '';
  }
  updateComposer();
  restoreFocus(key);
}

/** The header, with the question quoted from the conversation and the repository/branch it names. */
function renderHeaderNow(): void {
  if (!session) return;
  const question = latestQuestion(shown);
  const facts = sessionFacts(session, shown);
  headerKey = JSON.stringify([session, question?.event_id, facts, now]);
  el.header.innerHTML = renderHeader(session, strings, now, { question, facts });
}

/** After new messages: the banner may quote a newer question. */
function refreshHeaderIfChanged(): void {
  if (!session) return;
  const key = JSON.stringify([session, latestQuestion(shown)?.event_id, sessionFacts(session, shown), now]);
  if (key === headerKey) return;
  const focus = focusKey();
  renderHeaderNow();
  restoreFocus(focus);
}

function safeStringify(v: unknown): string {
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return String(v);
  }
}

function updateComposer(): void {
  const c = signedOut ? { enabled: false, reason: '' } : composerState(session, strings);
  const enabled = c.enabled && !sending;
  el.input.disabled = !c.enabled;
  el.send.disabled = !enabled;
  el.reason.textContent = c.reason;
  el.reason.hidden = !c.reason;
  el.send.textContent = sending ? strings.sending : strings.send;
}

function updateEmpty(): void {
  el.noMessages.hidden = !loaded || seen.size > 0 || pending.length > 0;
}

function queueMessages(items: SessionMessage[]): void {
  for (const m of items) {
    if (!m || typeof m !== 'object' || typeof m.event_id !== 'string' || seen.has(m.event_id)) continue;
    seen.add(m.event_id);
    pending.push(m);
  }
  scheduleFlush();
}

function scheduleFlush(): void {
  if (flushScheduled || !pending.length) return;
  flushScheduled = true;
  requestAnimationFrame(flush);
}

/** Appends a chunk per frame (long threads stay responsive), then keeps the pinned message in view. */
function flush(): void {
  flushScheduled = false;
  // New messages are followed when the view follows already, or sits at the bottom.
  if (!pin && !restoreScroll && isAtBottom()) pin = { id: '', follow: true };
  const chunk = pending.splice(0, CHUNK);
  shown.push(...chunk);
  const html = chunk.map((m) => renderMessage(m, strings, now)).join('');
  appendSanitized(el.messages, html);
  restoreShownImages(el.messages);
  if (awaitingOwn !== undefined) {
    const own = chunk.find((m) => m.source === 'user' && typeof m.message === 'string' && m.message.trim() === awaitingOwn);
    if (own) {
      awaitingOwn = undefined;
      pin = { id: own.event_id, follow: true };
    }
  }
  if (pending.length) {
    if (restoreScroll?.atBottom !== false) pinTo(lastMessageId(), true);
    scheduleFlush();
    return;
  }
  el.conversation.setAttribute('aria-busy', 'false');
  refreshHeaderIfChanged();
  if (restoreScroll) {
    const target = restoreScroll;
    restoreScroll = undefined;
    if (target.atBottom === false && target.y !== undefined) (document.scrollingElement ?? document.documentElement).scrollTop = target.y;
    else pinTo(lastMessageId(), true); // first open: the newest message, fully visible
  } else applyPin();
  updateEmpty();
}

let copiedTimer: ReturnType<typeof setTimeout> | undefined;
let sendStateTimer: ReturnType<typeof setTimeout> | undefined;

/** Sending… / Message sent., next to the Send button (a polite live region). */
function setSendState(text: string): void {
  el.sendState.textContent = text;
  if (sendStateTimer) clearTimeout(sendStateTimer);
  sendStateTimer = text && text !== strings.sending ? setTimeout(() => (el.sendState.textContent = ''), 5000) : undefined;
}

function clearShown(): void {
  el.messages.textContent = '';
  seen.clear();
  shown.length = 0;
  pending.length = 0;
  prsKey = '';
  structuredKey = '';
  headerKey = '';
  pin = undefined;
}

/** Signed out: nothing of the session stays on screen; a Sign In button instead. */
function showSignedOut(): void {
  signedOut = true;
  session = null;
  checkoutable = [];
  prDetails = {};
  clearShown();
  el.header.innerHTML = '';
  el.toolbar.innerHTML = '';
  el.prs.innerHTML = '';
  el.structured.innerHTML = '';
  el.structuredSection.hidden = true;
  el.noMessages.hidden = true;
  setStatus('');
  setSendState('');
  el.error.textContent = '';
  el.signedOut.hidden = false;
  el.app.classList.add('signed-out');
  document.title = 'Devin';
  updateComposer();
  el.reason.hidden = true;
}

function setStatus(text: string, isError = false): void {
  el.status.textContent = text;
  el.status.classList.toggle('error', isError);
}

// ---- host messages ---------------------------------------------------------------------------------

function onHostMessage(m: HostToWebview): void {
  switch (m.type) {
    case 'init': {
      strings = { ...DEFAULT_STRINGS, ...m.strings };
      // Words from the shared model (statuses, relative times, ACUs) translate through @vscode/l10n.
      if (m.l10nBundle && typeof m.l10nBundle === 'object') configureL10n(m.l10nBundle);
      setLocale(typeof m.locale === 'string' ? m.locale : undefined);
      isMac = !!m.isMac;
      now = m.now || Date.now();
      session = m.session;
      checkoutable = m.checkoutable.filter((x) => typeof x === 'string');
      prDetails = m.prDetails && typeof m.prDetails === 'object' ? m.prDetails : {};
      if (SESSION_ID_RE.test(m.sessionId) && state.sessionId !== m.sessionId) {
        state.sessionId = m.sessionId;
        saveState();
      }
      // A re-shown panel starts over: the host sends everything it has cached.
      clearShown();
      signedOut = false;
      el.signedOut.hidden = true;
      el.app.classList.remove('signed-out');
      applyStrings();
      renderSession();
      if (!initialized) {
        initialized = true;
        // What the host keeps for the session (the panel was closed, a message failed elsewhere) and
        // what this webview saved before a reload: both stay in the box, and the host keeps the result.
        const draft = mergeDrafts(m.draft, state.draft);
        el.input.value = draft;
        if (draft !== (state.draft ?? '')) {
          state.draft = draft;
          saveState();
        }
        if (draft !== (m.draft ?? '')) postDraft();
        // First open: follow to the latest message; a re-shown panel goes back where it was.
        restoreScroll = state.atBottom === false && state.scrollY !== undefined ? { y: state.scrollY, atBottom: false } : { atBottom: true };
        if (!el.input.disabled) el.input.focus({ preventScroll: true });
        else {
          const title = document.getElementById('session-title');
          title?.setAttribute('tabindex', '-1');
          title?.focus({ preventScroll: true });
        }
      }
      // The first batch (here, or from the first fetch of a new panel) decides the scroll position.
      if (m.messages.length) el.conversation.setAttribute('aria-busy', 'true');
      queueMessages(m.messages);
      el.app.setAttribute('aria-busy', 'false');
      return;
    }
    case 'session':
      session = m.session;
      checkoutable = m.checkoutable.filter((x) => typeof x === 'string');
      prDetails = m.prDetails && typeof m.prDetails === 'object' ? m.prDetails : {};
      now = m.now || Date.now();
      renderSession();
      return;
    case 'messages':
      queueMessages(m.items);
      return;
    case 'sendResult':
      sending = false;
      if (m.ok) {
        // The view scrolls to the message when the server hands it back (see flush).
        awaitingOwn = (sendingText ?? el.input.value).trim();
        // Words typed while it was sending stay (the host keeps them too).
        if (el.input.value === sendingText) {
          el.input.value = '';
          state.draft = '';
          saveState();
        }
        el.error.textContent = '';
        setSendState(strings.sent);
      } else {
        // The text stays in the box (and in the saved state) for another try.
        setSendState('');
        el.error.textContent = `${strings.sendFailed}${m.error ? ` ${m.error}` : ''}`;
      }
      sendingText = undefined;
      updateComposer();
      if (!el.input.disabled) el.input.focus({ preventScroll: true });
      return;
    case 'status':
      if (!m.busy) {
        loaded = true;
        updateEmpty();
      }
      // The view is live: polls say nothing; only a problem shows.
      if (m.notFound) setStatus(strings.notFound, true);
      else if (m.error) setStatus(m.error, true);
      else if (!m.busy) setStatus('');
      return;
    case 'signedOut':
      showSignedOut();
      return;
    case 'copied':
      setStatus(strings.copied);
      if (copiedTimer) clearTimeout(copiedTimer);
      copiedTimer = setTimeout(() => {
        if (el.status.textContent === strings.copied) setStatus('');
      }, 2000);
      return;
  }
}

window.addEventListener('message', (ev: MessageEvent) => {
  if (isHostMessage(ev.data)) onHostMessage(ev.data);
});

// ---- user input --------------------------------------------------------------------------------------

function send(): void {
  const text = el.input.value;
  if (sending || !text.trim() || !composerState(session, strings).enabled) return;
  // The box takes at most MAX_SEND_CHARS (maxlength); only a restored text can be longer, and the
  // host would drop it: say it was not sent (the text stays) instead of showing "Sending…" forever.
  if (text.length > MAX_SEND_CHARS) {
    el.error.textContent = strings.sendFailed;
    return;
  }
  sending = true;
  sendingText = text;
  el.error.textContent = '';
  setSendState(strings.sending);
  updateComposer();
  post({ type: 'send', text });
}

el.composer.addEventListener('submit', (ev) => {
  ev.preventDefault();
  send();
});

el.input.addEventListener('keydown', (ev) => {
  if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
    ev.preventDefault();
    send();
  }
});

/** The host keeps the box's text for the session (it survives closing the panel); too long a text cannot be sent either. */
function postDraft(): void {
  if (el.input.value.length <= MAX_SEND_CHARS) post({ type: 'draft', text: el.input.value });
}

el.input.addEventListener('input', () => {
  state.draft = el.input.value;
  saveState();
  postDraft();
});

let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener(
  'scroll',
  () => {
    if (scrollTimer) return;
    scrollTimer = setTimeout(() => {
      scrollTimer = undefined;
      state.atBottom = isAtBottom();
      state.scrollY = Math.round((document.scrollingElement ?? document.documentElement).scrollTop);
      saveState();
    }, 200);
  },
  { passive: true },
);

// The user scrolls: the view stops keeping a message in place.
window.addEventListener('wheel', unpin, { passive: true });
window.addEventListener('touchmove', unpin, { passive: true });
window.addEventListener('keydown', (ev) => {
  const t = ev.target as HTMLElement | null;
  if (t && (t.tagName === 'TEXTAREA' || t.tagName === 'INPUT')) return;
  if (['PageUp', 'PageDown', 'ArrowUp', 'ArrowDown', 'Home', 'End', ' '].includes(ev.key)) unpin();
});
// A press on the scroll bar (its target is the root element).
window.addEventListener('pointerdown', (ev) => {
  if (ev.target === document.documentElement) unpin();
});
// Layout changes (images, fonts, a taller header, message sizes after `content-visibility`).
new ResizeObserver(() => applyPin()).observe(el.app);
window.addEventListener('resize', () => applyPin());

/** The banner's "Jump to message": that message, fully visible and focused. */
function jumpTo(id: string): void {
  const li = messageById(id);
  if (!li) return;
  pin = { id, follow: false };
  applyPin();
  li.setAttribute('tabindex', '-1');
  li.focus({ preventScroll: true });
  li.classList.remove('flash');
  void li.offsetWidth;
  li.classList.add('flash');
}

function prUrlAt(button: HTMLElement): string | undefined {
  const pr = session?.pull_requests[Number(button.dataset.index)];
  return pr && typeof pr.pr_url === 'string' ? pr.pr_url : undefined;
}

function handleActivation(ev: MouseEvent): void {
  const target = ev.target instanceof Element ? ev.target : null;
  if (!target) return;
  const placeholder = target.closest<HTMLElement>('.img-placeholder');
  if (placeholder) {
    if (ev.type === 'click') showImage(placeholder);
    return;
  }
  const link = target.closest('a');
  if (link) {
    // Never navigate inside the webview; the host validates and opens http(s) links. Stopped here
    // too: VS Code's webview frame listens on the window and would open the same link a second time.
    ev.preventDefault();
    ev.stopPropagation();
    if (ev.type !== 'click' && ev.button !== 1) return;
    const url = link.getAttribute('data-link');
    if (url) post({ type: 'openLink', url });
    return;
  }
  if (ev.type !== 'click') return;
  const button = target.closest<HTMLButtonElement>('button[data-action]');
  if (!button || button.disabled) return;
  const action = button.dataset.action ?? '';
  if ((PANEL_ACTIONS as readonly string[]).includes(action)) {
    post({ type: 'action', action: action as (typeof PANEL_ACTIONS)[number] });
  } else if (action === 'openSession') {
    const id = button.dataset.id ?? '';
    if (SESSION_ID_RE.test(id)) post({ type: 'openSession', sessionId: id });
  } else if (action === 'jumpToMessage') {
    jumpTo(button.dataset.id ?? '');
  } else if (action === 'review' || action === 'checkout' || action === 'openPr' || action === 'copyPrUrl') {
    const prUrl = prUrlAt(button);
    if (prUrl) post({ type: action === 'review' ? 'reviewChanges' : action, prUrl });
  }
}

/** Image URLs the user asked to see: shown again when the conversation is rendered anew. */
const shownImages = new Set<string>();

/** Replaces an image placeholder (see render.ts) by the image, without a referrer. */
function showImage(placeholder: HTMLElement): void {
  const src = placeholder.getAttribute('data-image') ?? '';
  if (!/^https:\/\//i.test(src)) return;
  shownImages.add(src);
  const img = document.createElement('img');
  img.referrerPolicy = 'no-referrer';
  img.decoding = 'async';
  img.alt = placeholder.getAttribute('data-alt') ?? '';
  img.src = src;
  placeholder.replaceWith(img);
}

function restoreShownImages(root: ParentNode): void {
  if (!shownImages.size) return;
  for (const p of Array.from(root.querySelectorAll<HTMLElement>('.img-placeholder'))) {
    if (shownImages.has(p.getAttribute('data-image') ?? '')) showImage(p);
  }
}

/**
 * The keyboard place survives VS Code's dialogs: after a link's "Open external website?" dialog
 * (or any modal) closes, the view gets the focus back with nothing focused in it (the body). The
 * control that had the focus gets it again, so a screen reader announces it and Enter works on it.
 * Deferred: focus that arrives with Tab from outside lands on its element first and is left alone.
 */
let lastFocus: HTMLElement | null = null;
/** A click into the view decides the focus itself (selecting text, say): not restored then. */
let lastPointerDown = 0;
document.addEventListener('focusin', (ev) => {
  if (ev.target instanceof HTMLElement && ev.target !== document.body) lastFocus = ev.target;
});
window.addEventListener('pointerdown', () => (lastPointerDown = Date.now()), { capture: true, passive: true });
window.addEventListener('focus', () => {
  setTimeout(() => {
    const active = document.activeElement;
    if (Date.now() - lastPointerDown < 500) return;
    if ((!active || active === document.body) && lastFocus?.isConnected && document.hasFocus()) lastFocus.focus({ preventScroll: true });
  }, 0);
});

document.addEventListener('click', handleActivation);
// Image placeholders are role="button": Enter and Space show the image too.
document.addEventListener('keydown', (ev) => {
  if (ev.key !== 'Enter' && ev.key !== ' ') return;
  const placeholder = ev.target instanceof Element ? ev.target.closest<HTMLElement>('.img-placeholder') : null;
  if (!placeholder) return;
  ev.preventDefault();
  showImage(placeholder);
});
document.addEventListener('auxclick', handleActivation);

applyStrings();
updateComposer();
post({ type: 'ready' });
