// Details webview script (built to media/dist/details.js as an IIFE). Runs inside the webview:
// renders through ../render.ts (escaping + safe Markdown), runs DOMPurify on message HTML as a
// second line of defence, never navigates itself (every link and action goes to the host).
import type { Session, SessionMessage } from '../../api/types';
import { composerState, renderActions, renderHeader, renderJson, renderMessage, renderPullRequests, sessionDisplayTitle } from '../render';
import { configure as configureL10n } from '../../util/l10n';
import { setLocale } from '../../util/intl';
import { appendSanitized } from '../sanitize';
import { DEFAULT_STRINGS, isHostMessage, parsePanelState, PANEL_ACTIONS, SESSION_ID_RE, type HostToWebview, type PanelState, type Strings, type WebviewToHost } from '../protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const CHUNK = 40; // messages rendered per animation frame
const BOTTOM_SLACK = 48; // px: "at the bottom" tolerance

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
  send: $<HTMLButtonElement>('composer-send'),
};

let strings: Strings = { ...DEFAULT_STRINGS };
let session: Session | null = null;
let checkoutable: string[] = [];
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

function scrollToBottom(): void {
  const doc = document.scrollingElement ?? document.documentElement;
  doc.scrollTop = doc.scrollHeight;
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
    el.header.innerHTML = renderHeader(session, strings, now);
    document.title = sessionDisplayTitle(session);
  } else {
    el.header.innerHTML = `<h1 class="title" id="session-title"></h1>`;
    (el.header.firstElementChild as HTMLElement).textContent = strings.loading;
  }
  el.toolbar.innerHTML = renderActions(session, strings);

  const prs = session?.pull_requests ?? [];
  const pk = JSON.stringify([prs, checkoutable, strings.prOpen]);
  if (pk !== prsKey) {
    prsKey = pk;
    el.prs.innerHTML = renderPullRequests(prs, strings, checkoutable);
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

function safeStringify(v: unknown): string {
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return String(v);
  }
}

function updateComposer(): void {
  const c = composerState(session, strings);
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

/** Appends a chunk per frame (long threads stay responsive); follows the bottom only if already there. */
function flush(): void {
  flushScheduled = false;
  const follow = restoreScroll ? restoreScroll.atBottom !== false : isAtBottom();
  const chunk = pending.splice(0, CHUNK);
  const html = chunk.map((m) => renderMessage(m, strings, now)).join('');
  appendSanitized(el.messages, html);
  restoreShownImages(el.messages);
  if (follow) scrollToBottom();
  if (pending.length) {
    scheduleFlush();
    return;
  }
  el.conversation.setAttribute('aria-busy', 'false');
  if (restoreScroll) {
    const target = restoreScroll;
    restoreScroll = undefined;
    // Once more after layout settles (content-visibility sizes are estimates until painted).
    requestAnimationFrame(() => {
      if (target.atBottom === false && target.y !== undefined) (document.scrollingElement ?? document.documentElement).scrollTop = target.y;
      else scrollToBottom();
    });
  }
  updateEmpty();
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
      if (SESSION_ID_RE.test(m.sessionId) && state.sessionId !== m.sessionId) {
        state.sessionId = m.sessionId;
        saveState();
      }
      // A re-shown panel starts over: the host sends everything it has cached.
      el.messages.textContent = '';
      seen.clear();
      pending.length = 0;
      prsKey = '';
      structuredKey = '';
      applyStrings();
      renderSession();
      if (!initialized) {
        initialized = true;
        if (state.draft) el.input.value = state.draft;
        // First open: follow to the latest message; a re-shown panel goes back where it was.
        restoreScroll = state.atBottom === false && state.scrollY !== undefined ? { y: state.scrollY, atBottom: false } : { atBottom: true };
        if (!el.input.disabled) el.input.focus();
        else {
          const title = document.getElementById('session-title');
          title?.setAttribute('tabindex', '-1');
          title?.focus();
        }
      }
      if (m.messages.length) el.conversation.setAttribute('aria-busy', 'true');
      else restoreScroll = undefined;
      queueMessages(m.messages);
      el.app.setAttribute('aria-busy', 'false');
      return;
    }
    case 'session':
      session = m.session;
      checkoutable = m.checkoutable.filter((x) => typeof x === 'string');
      now = m.now || Date.now();
      renderSession();
      return;
    case 'messages':
      queueMessages(m.items);
      return;
    case 'sendResult':
      sending = false;
      if (m.ok) {
        el.input.value = '';
        state.draft = '';
        saveState();
        el.error.textContent = '';
        setStatus(strings.sent);
      } else {
        // The text stays in the box (and in the saved state) for another try.
        el.error.textContent = `${strings.sendFailed}${m.error ? ` ${m.error}` : ''}`;
      }
      updateComposer();
      if (!el.input.disabled) el.input.focus();
      return;
    case 'status':
      if (!m.busy) {
        loaded = true;
        updateEmpty();
      }
      if (m.notFound) setStatus(strings.notFound, true);
      else if (m.error) setStatus(m.error, true);
      else setStatus(m.busy ? strings.refreshing : '');
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
  sending = true;
  el.error.textContent = '';
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

el.input.addEventListener('input', () => {
  state.draft = el.input.value;
  saveState();
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
  } else if (action === 'review') {
    const pr = session?.pull_requests[Number(button.dataset.index)];
    if (pr && typeof pr.pr_url === 'string') post({ type: 'reviewChanges', prUrl: pr.pr_url });
  } else if (action === 'checkout') {
    const pr = session?.pull_requests[Number(button.dataset.index)];
    if (pr && typeof pr.pr_url === 'string') post({ type: 'checkout', prUrl: pr.pr_url });
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
