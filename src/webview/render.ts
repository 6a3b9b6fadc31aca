// HTML rendering of the session details panel. PURE: no `vscode`, no DOM. Used by the webview
// script (src/webview/client/main.ts) and tested with hostile inputs in test/unit/render.test.ts.
//
// Rules: every string from the API goes through escapeHtml or through markdown-it with raw HTML
// turned off; links get an href only when they are http(s) and carry a data-link attribute the
// webview script intercepts (the host validates again before opening); images only from https.
import * as l10n from '@vscode/l10n';
import MarkdownIt from 'markdown-it';
import type { PullRequest, Session, SessionMessage } from '../api/types';
import { canArchive, canReceiveMessage, canTerminate, cleanText, describeStatus, formatAcus, groupOf, isSafeHttpUrl, needsInput, prDisplayState, prInfo, prLabel, relativeTime, repoNames, shortId } from '../sessions/model';
import type { GitHubPrDetails } from '../github/prInfo';
import { SESSION_ID_RE, type Strings } from './protocol';

/** Characters of one message given to the Markdown renderer; the rest is cut with a note. */
export const MAX_RENDER_CHARS = 100_000;
/** Upper bound of one rendered message's HTML; beyond it the message falls back to plain text. */
export const MAX_RENDER_HTML = 400_000;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  return s.replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c]);
}

/** Plain label text: invisible/bidi characters removed, bounded, escaped. */
function label(value: unknown, max = 200): string {
  return escapeHtml(cleanText(typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value), max));
}

function isHttpsUrl(value: unknown): value is string {
  if (!isSafeHttpUrl(value)) return false;
  return new URL(value).protocol === 'https:';
}

function safeId(value: unknown): string | undefined {
  return typeof value === 'string' && SESSION_ID_RE.test(value) ? value : undefined;
}

function isoTime(unixSeconds: unknown): string {
  if (typeof unixSeconds !== 'number' || !Number.isFinite(unixSeconds) || unixSeconds <= 0) return '';
  const d = new Date(unixSeconds * 1000);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

function timeHtml(unixSeconds: unknown, now: number): string {
  const iso = isoTime(unixSeconds);
  if (!iso) return `<span>${escapeHtml(relativeTime(0, now))}</span>`;
  return `<time datetime="${escapeHtml(iso)}" title="${escapeHtml(iso.replace('T', ' ').slice(0, 19))} UTC">${escapeHtml(relativeTime(unixSeconds as number, now))}</time>`;
}

/** Link markup: href only for http(s) URLs; the script intercepts clicks on [data-link]. */
export function linkHtml(url: unknown, text: string, cls = 'ext-link'): string {
  if (!isSafeHttpUrl(url)) return `<span class="link-refused">${text}</span>`;
  const u = escapeHtml(url);
  return `<a class="${cls}" href="${u}" data-link="${u}" title="${u}" rel="noopener noreferrer">${text}</a>`;
}

// ---- markdown ----------------------------------------------------------------------------------

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });
md.linkify.set({ fuzzyEmail: false });
// A bare host name becomes a link only after "www." (as on GitHub). linkify-it's fuzzy links took
// file names for host names too (README.md, setup.py, main.rs, install.sh: .md, .py, .rs and .sh
// are country domains), and a click opened http://README.md, someone else's site. Such a match
// gets no URL, which validateLink refuses, and markdown-it leaves its text as it was.
const normalizeMatch = md.linkify.normalize.bind(md.linkify);
md.linkify.normalize = (match) => {
  normalizeMatch(match);
  if (!match.schema && !/^www\./i.test(match.raw)) match.url = '';
};
// Only http(s) and mailto survive parsing; everything else (javascript:, data:, command:, vscode:,
// file:, relative paths) is left as plain text by markdown-it.
md.validateLink = (url: string): boolean => /^(?:https?:\/\/|mailto:)/i.test(url.trim());

interface RenderEnv {
  links?: boolean[];
  strings?: Pick<Strings, 'linkRefused' | 'imageRefused' | 'image' | 'showImage'>;
}

md.renderer.rules.link_open = (tokens, idx, _options, env: RenderEnv) => {
  const href = tokens[idx].attrGet('href') ?? '';
  const ok = isSafeHttpUrl(href);
  (env.links ??= []).push(ok);
  if (!ok) return '<span class="link-text">'; // mailto and anything unexpected: text only
  const u = escapeHtml(href);
  return `<a class="ext-link" href="${u}" data-link="${u}" title="${u}" rel="noopener noreferrer">`;
};
md.renderer.rules.link_close = (_tokens, _idx, _options, env: RenderEnv) => (env.links?.pop() ? '</a>' : '</span>');
md.renderer.rules.image = (tokens, idx, options, env: RenderEnv, self) => {
  const t = tokens[idx];
  const src = t.attrGet('src') ?? '';
  const alt = self.renderInlineAsText(t.children ?? [], options, env);
  if (isHttpsUrl(src)) {
    // Remote images load only on request: an image (a tracking pixel, say) tells its host your IP
    // address and when you read the message. The webview script swaps this for an <img>.
    const host = new URL(src).host;
    const u = escapeHtml(src);
    const label = alt || (env.strings?.image ?? 'image');
    const title = `${env.strings?.showImage ?? 'Show this image. It loads from another site, which then sees your IP address.'} (${host})`;
    // Not an <a href>: VS Code's webview frame would open any clicked link in the browser.
    return `<span class="img-placeholder" role="button" tabindex="0" data-image="${u}" data-alt="${escapeHtml(alt)}" title="${escapeHtml(title)}"><span class="img-icon" aria-hidden="true"></span>${escapeHtml(label)} <span class="img-host">(${escapeHtml(host)})</span></span>`;
  }
  const refused = env.strings?.imageRefused ?? 'image removed';
  return `<span class="img-refused" title="${escapeHtml(refused)}">[${escapeHtml(alt || refused)}]</span>`;
};

/**
 * Safe Markdown: raw HTML is shown as text, links are validated, images https only and shown on
 * request (a placeholder link until then).
 * Over-long input is cut at MAX_RENDER_CHARS with `truncatedNote` appended.
 */
export function renderMarkdown(text: unknown, truncatedNote = 'Message truncated.', strings?: RenderEnv['strings']): string {
  let src = typeof text === 'string' ? text : text === null || text === undefined ? '' : String(text);
  let truncated = false;
  if (src.length > MAX_RENDER_CHARS) {
    src = src.slice(0, MAX_RENDER_CHARS);
    truncated = true;
  }
  let html: string;
  try {
    html = md.render(src, { strings } as RenderEnv);
  } catch {
    html = `<pre class="plain">${escapeHtml(src)}</pre>`;
  }
  if (html.length > MAX_RENDER_HTML) {
    html = `<pre class="plain">${escapeHtml(src.slice(0, MAX_RENDER_CHARS / 2))}</pre>`;
    truncated = true;
  }
  if (truncated) html += `<p class="truncated" role="note">${escapeHtml(truncatedNote)}</p>`;
  return html;
}

// ---- header -------------------------------------------------------------------------------------

export function statusClass(s: Pick<Session, 'status' | 'status_detail'>): string {
  return `state-${groupOf(s)}`;
}

function metaRow(term: string, valueHtml: string): string {
  return `<div class="meta-row"><dt>${escapeHtml(term)}</dt><dd>${valueHtml}</dd></div>`;
}

function sessionLink(id: string, strings: Strings): string {
  const safe = safeId(id);
  if (!safe) return `<span>${label(id, 60)}</span>`;
  return `<button type="button" class="link-button" data-action="openSession" data-id="${escapeHtml(safe)}" title="${escapeHtml(strings.sessionId)}: ${escapeHtml(safe)}">${escapeHtml(shortId(safe))}</button>`;
}

export function sessionDisplayTitle(s: Pick<Session, 'title' | 'session_id'>): string {
  const t = cleanText(typeof s.title === 'string' ? s.title : '', 300);
  return t || `Session ${shortId(typeof s.session_id === 'string' ? s.session_id : '')}`;
}

/** Characters of Devin's question quoted in the needs-input banner. */
export const QUESTION_CHARS = 160;

/**
 * A message as one short plain line for the needs-input banner: Markdown marks, code fences, link
 * targets and invisible characters removed, cut at `max` characters on a word boundary with "…".
 */
export function questionExcerpt(text: unknown, max: number = QUESTION_CHARS): string {
  if (typeof text !== 'string') return '';
  let t = text.slice(0, 20_000);
  t = t.replace(/```[\s\S]*?(```|$)/g, ' … ');
  t = t.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1');
  t = t.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
  t = t.replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, '');
  t = t.replace(/(\*\*|__|\*|_|~~|`)/g, '');
  t = cleanText(t, 100_000);
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')}…`;
}

/** The newest message from Devin (what a waiting session asks), or undefined. */
export function latestQuestion(messages: readonly SessionMessage[]): SessionMessage | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m && m.source === 'devin' && typeof m.message === 'string' && m.message.trim()) return m;
  }
  return undefined;
}

export interface SessionFacts {
  repos: string[];
  branch?: string;
}

/**
 * Repository and branch when known: the session's `repos` (when the server sends them) and its PRs'
 * repositories, and the `Repository: …, branch `…`` line this extension writes into the prompts it
 * sends (src/delegate/promptBuilder.ts), read from the first message of the user.
 */
export function sessionFacts(session: Session, messages: readonly SessionMessage[] = []): SessionFacts {
  const repos: string[] = [];
  for (const r of repoNames(session)) {
    const c = cleanText(r, 120);
    if (c && !repos.includes(c)) repos.push(c);
  }
  let branch: string | undefined;
  const first = messages.find((m) => m && m.source === 'user' && typeof m.message === 'string');
  if (first) {
    const line = /^Repository: ([^\s,`]+)(?:, branch (`+) ?([^\n]+?) ?\2(?!`))?/m.exec(first.message.slice(0, 50_000));
    if (line) {
      const repo = cleanText(line[1], 120);
      if (repo && !repos.includes(repo)) repos.unshift(repo);
      if (line[3]) branch = cleanText(line[3], 120) || undefined;
    }
  }
  return { repos: repos.slice(0, 5), branch };
}

export interface HeaderExtras {
  /** Devin's newest message, quoted in the needs-input banner with a "jump to message" button. */
  question?: SessionMessage;
  facts?: SessionFacts;
}

function chip(kind: string, term: string, valueHtml: string): string {
  return `<span class="chip chip-${kind}" title="${escapeHtml(term)}"><span class="icon icon-${kind}" aria-hidden="true"></span><span class="visually-hidden">${escapeHtml(term)}: </span>${valueHtml}</span>`;
}

/** Title, status, repository/branch/playbook, needs-input banner, times, ACUs, tags, origin, parent/children, id. */
export function renderHeader(session: Session, strings: Strings, now: number = Date.now(), extras: HeaderExtras = {}): string {
  const s = session;
  const parts: string[] = [];
  const status = describeStatus({ status: String(s.status ?? ''), status_detail: s.status_detail ?? null });
  parts.push(`<h1 class="title" id="session-title">${escapeHtml(sessionDisplayTitle(s))}</h1>`);
  const badges = [`<span class="badge ${statusClass({ status: String(s.status ?? ''), status_detail: s.status_detail ?? null })}" title="${escapeHtml(strings.status)}">${label(status, 120)}</span>`];
  if (s.is_archived) badges.push(`<span class="badge state-archived">${escapeHtml(strings.archived)}</span>`);
  const facts = extras.facts ?? sessionFacts(s);
  for (const r of facts.repos) badges.push(chip('repo', strings.repository, escapeHtml(r)));
  if (facts.branch) badges.push(chip('branch', strings.branch, `<code>${escapeHtml(facts.branch)}</code>`));
  if (s.playbook_id) badges.push(chip('playbook', strings.playbook, label(s.playbook_id, 120)));
  parts.push(`<div class="badges">${badges.join(' ')}</div>`);
  if (needsInput(s)) {
    const q = extras.question;
    const excerpt = q ? questionExcerpt(q.message) : '';
    const id = q && typeof q.event_id === 'string' ? q.event_id.slice(0, 200) : '';
    const quote = excerpt
      ? `<blockquote class="question" cite="#">${escapeHtml(excerpt)}</blockquote>` +
        `<button type="button" class="link-button jump" data-action="jumpToMessage" data-id="${escapeHtml(id)}">${escapeHtml(strings.jumpToMessage)}</button>`
      : '';
    parts.push(
      `<div class="banner needs-input" role="status"><p class="banner-head"><span class="icon icon-warning" aria-hidden="true"></span> ${escapeHtml(strings.needsInput)}` +
        `${excerpt ? ` <span class="visually-hidden">${escapeHtml(strings.devinAsks)}</span>` : ''}</p>${quote}</div>`,
    );
  }

  const rows: string[] = [];
  rows.push(metaRow(strings.created, timeHtml(s.created_at, now)));
  rows.push(metaRow(strings.updated, timeHtml(s.updated_at, now)));
  const acus = typeof s.acus_consumed === 'number' ? s.acus_consumed : Number(s.acus_consumed) || 0;
  let acuText = formatAcus(acus);
  if (typeof s.max_acu_limit === 'number' && Number.isFinite(s.max_acu_limit) && s.max_acu_limit > 0) {
    acuText += ` / ${formatAcus(s.max_acu_limit)} ${strings.acuLimit}`;
  }
  rows.push(metaRow(strings.acus, escapeHtml(acuText)));
  const tags = Array.isArray(s.tags) ? s.tags.filter((t): t is string => typeof t === 'string' && !!cleanText(t)) : [];
  if (tags.length) {
    rows.push(metaRow(strings.tags, `<ul class="tags" role="list">${tags.slice(0, 100).map((t) => `<li class="tag">${label(t, 80)}</li>`).join('')}</ul>`));
  }
  if (s.origin) rows.push(metaRow(strings.origin, label(s.origin, 60)));
  const parent = safeId(s.parent_session_id);
  if (parent) rows.push(metaRow(strings.parent, sessionLink(parent, strings)));
  const children = Array.isArray(s.child_session_ids) ? s.child_session_ids.filter((c): c is string => !!safeId(c)) : [];
  if (children.length) {
    rows.push(metaRow(strings.children, `<ul class="children" role="list">${children.slice(0, 200).map((c) => `<li>${sessionLink(c, strings)}</li>`).join('')}</ul>`));
  }
  const sid = label(s.session_id, 120);
  rows.push(
    `<div class="meta-row meta-id"><dt>${escapeHtml(strings.sessionId)}</dt><dd><code class="sid" title="${sid}">${sid}</code>` +
      ` <button type="button" class="icon-button" data-action="copySessionId" title="${escapeHtml(strings.copySessionId)}" aria-label="${escapeHtml(strings.copySessionId)}"><span class="icon icon-copy" aria-hidden="true"></span></button></dd></div>`,
  );
  parts.push(`<dl class="meta">${rows.join('')}</dl>`);
  return parts.join('');
}

/**
 * Toolbar of session actions. Terminate (destructive) stands apart at the end and is offered only
 * while the session still runs: `running` + `finished` is done to a user. No Refresh: the view is live.
 */
export function renderActions(session: Session | null, strings: Strings): string {
  const btn = (action: string, text: string, enabled: boolean, cls = 'secondary') =>
    `<button type="button" class="${cls}" data-action="${action}"${enabled ? '' : ' disabled aria-disabled="true"'}>${escapeHtml(text)}</button>`;
  const has = !!session;
  const out = [btn('openInBrowser', strings.openInBrowser, has && isSafeHttpUrl(session?.url), 'primary'), btn('archive', strings.archive, has && canArchive(session as Session))];
  if (session && canOfferTerminate(session)) out.push(`<span class="toolbar-spacer"></span>${btn('terminate', strings.terminate, true, 'danger')}`);
  return out.join('');
}

/** Terminate is offered for sessions a user believes still run (not finished, failed or ended). */
export function canOfferTerminate(s: Session): boolean {
  return canTerminate(s) && groupOf(s) !== 'finished';
}

// ---- pull requests ----------------------------------------------------------------------------

const PR_STATE_KEYS = { open: 'prOpen', draft: 'prDraft', merged: 'prMerged', closed: 'prClosed', unknown: 'prUnknown' } as const;

/**
 * What GitHub said of a PR (src/github/prInfo.ts: title, state with draft, review decision,
 * checks), as the host posts it when a consented GitHub session gave it. Checked field by field
 * here too: the webview trusts the host, not the shape of what it posts.
 */
export type PrGitHubDetails = Pick<GitHubPrDetails, 'title' | 'state' | 'reviewDecision' | 'checks'>;

function githubDetails(x: unknown): PrGitHubDetails | undefined {
  if (!x || typeof x !== 'object' || Array.isArray(x)) return undefined;
  const o = x as Record<string, unknown>;
  if (typeof o.title !== 'string' || typeof o.state !== 'string') return undefined;
  const word = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return { title: o.title, state: o.state, reviewDecision: word(o.reviewDecision), checks: word(o.checks) };
}

/** GitHub's review decision: an icon class and words; a value we do not know as it came. */
function reviewPart(decision: string, strings: Strings): { cls: string; text: string } {
  switch (decision) {
    case 'approved':
      return { cls: 'ok', text: strings.reviewApproved };
    case 'changes_requested':
      return { cls: 'bad', text: strings.reviewChangesRequested };
    case 'review_required':
      return { cls: 'wait', text: strings.reviewRequired };
    default:
      return { cls: 'other', text: cleanText(decision.replace(/_/g, ' '), 40) };
  }
}

/** The head commit's checks: an icon class and words; a value we do not know as "checks: value". */
function checksPart(checks: string, strings: Strings): { cls: string; text: string } {
  switch (checks) {
    case 'success':
      return { cls: 'ok', text: strings.checksPassed };
    case 'failure':
    case 'error':
      return { cls: 'bad', text: strings.checksFailed };
    case 'pending':
    case 'expected':
      return { cls: 'wait', text: strings.checksRunning };
    default:
      // The host's translation with its own punctuation ("vérifications : …"), through @vscode/l10n.
      return { cls: 'other', text: l10n.t('checks: {0}', cleanText(checks.replace(/_/g, ' '), 40)) };
  }
}

/**
 * The PR rows: the state as an icon and a word, "acme/web#7", and the row's actions as on the
 * Sessions tree's PR rows (Open, Check Out, Review Changes, Copy URL). With GitHub's details
 * (`details`, keyed by PR URL) the PR's title leads and its review decision and checks follow;
 * without them, what the Devin API gives.
 */
export function renderPullRequests(
  prs: readonly PullRequest[] | null | undefined,
  strings: Strings,
  checkoutable: Iterable<string> = [],
  details: Readonly<Record<string, unknown>> = {},
): string {
  const list = Array.isArray(prs) ? prs.filter((p) => p && typeof p === 'object') : [];
  if (!list.length) return `<p class="muted">${escapeHtml(strings.noPullRequests)}</p>`;
  const canCheckout = new Set(checkoutable);
  const button = (action: string, i: number, text: string, title?: string) =>
    `<button type="button" class="secondary small" data-action="${action}" data-index="${i}"${title ? ` title="${escapeHtml(title)}"` : ''}>${escapeHtml(text)}</button>`;
  const items = list.slice(0, 100).map((pr, i) => {
    const url = typeof pr.pr_url === 'string' ? pr.pr_url : '';
    const plain = { pr_url: url, pr_state: typeof pr.pr_state === 'string' ? pr.pr_state : null };
    const info = prInfo(plain);
    const gh = url && Object.hasOwn(details, url) ? githubDetails(details[url]) : undefined;
    // "acme/web#7", as GitHub writes it; the URL when it is not a known PR address.
    const name = info.repo && info.number !== undefined ? prLabel(plain) : cleanText(url, 100) || strings.pullRequests;
    // Known states: an icon and the word; an unknown state is shown as the text it came with.
    const st = prDisplayState(plain, gh);
    const raw = gh ? cleanText(gh.state, 40) : info.rawState;
    const stateText = st === 'unknown' && raw && raw !== 'unknown' ? raw : strings[PR_STATE_KEYS[st]];
    const state = `<span class="pr-state pr-${st}"><span class="icon icon-pr-${st}" aria-hidden="true"></span>${label(stateText, 40)}</span>`;
    const title = gh ? cleanText(gh.title, 200) : '';
    const link = linkHtml(info.safeUrl ? url : undefined, escapeHtml(title || name), 'ext-link pr-link');
    const facts: string[] = [];
    if (title) facts.push(`<span class="pr-ref">${escapeHtml(name)}</span>`);
    const fact = (kind: string, part: { cls: string; text: string }) =>
      `<span class="pr-fact pr-${kind} pr-fact-${part.cls}"><span class="icon icon-fact-${part.cls}" aria-hidden="true"></span>${label(part.text, 60)}</span>`;
    if (gh?.reviewDecision) facts.push(fact('review', reviewPart(gh.reviewDecision, strings)));
    if (gh?.checks) facts.push(fact('checks', checksPart(gh.checks, strings)));
    const actions: string[] = [];
    if (info.safeUrl) actions.push(button('openPr', i, strings.openPr, strings.openPrTitle));
    if (info.safeUrl && canCheckout.has(url)) actions.push(button('checkout', i, strings.checkout, strings.checkoutTitle));
    // GitHub pull requests and GitLab merge requests: Review Changes (the host checks the URL again).
    if (info.safeUrl && /\/(?:pull\/\d+|(?:-\/)?merge_requests\/\d+)(?:[/?#]|$)/.test(new URL(url).pathname)) {
      actions.push(button('review', i, strings.reviewChanges, strings.reviewChangesTitle));
    }
    if (info.safeUrl) actions.push(button('copyPrUrl', i, strings.copyPrUrl));
    const more = facts.length ? `<span class="pr-facts">${facts.join('')}</span>` : '';
    return `<li class="pr${gh ? ' pr-github' : ''}"><span class="pr-main">${state} <span class="pr-text">${link}${more}</span></span><span class="pr-actions">${actions.join('')}</span></li>`;
  });
  return `<ul class="prs" role="list">${items.join('')}</ul>`;
}

// ---- messages -----------------------------------------------------------------------------------

export function messageSourceClass(source: unknown): 'devin' | 'user' | 'other' {
  return source === 'devin' ? 'devin' : source === 'user' ? 'user' : 'other';
}

/** One conversation entry as an <li>, Markdown body rendered safely. */
export function renderMessage(msg: SessionMessage, strings: Strings, now: number = Date.now()): string {
  const src = messageSourceClass(msg?.source);
  const who = src === 'devin' ? strings.fromDevin : src === 'user' ? strings.fromUser : cleanText(typeof msg?.source === 'string' ? msg.source : '', 40) || strings.fromOther;
  const id = typeof msg?.event_id === 'string' ? msg.event_id.slice(0, 200) : '';
  return (
    `<li class="msg from-${src}" data-event-id="${escapeHtml(id)}">` +
    `<div class="msg-head"><span class="author">${escapeHtml(who)}</span> ${timeHtml(msg?.created_at, now)}</div>` +
    `<div class="msg-body markdown">${renderMarkdown(msg?.message, strings.messageTruncated, strings)}</div>` +
    `</li>`
  );
}

// ---- structured output ------------------------------------------------------------------------

const JSON_MAX_NODES = 3000;
const JSON_MAX_DEPTH = 25;
const JSON_MAX_STRING = 5000;

export interface JsonStrings {
  jsonItems: string;
  jsonKeys: string;
  jsonTruncated: string;
}

/** A readable JSON tree: objects and arrays are <details> (the first two levels open). */
export function renderJson(value: unknown, strings: JsonStrings = { jsonItems: 'items', jsonKeys: 'keys', jsonTruncated: '… (more not shown)' }): string {
  const budget = { nodes: 0 };
  return `<div class="json">${jsonNode(value, 0, budget, strings)}</div>`;
}

function jsonNode(v: unknown, depth: number, budget: { nodes: number }, strings: JsonStrings): string {
  budget.nodes++;
  if (v === null || v === undefined) return '<span class="json-null">null</span>';
  switch (typeof v) {
    case 'string': {
      const s = v.length > JSON_MAX_STRING ? `${v.slice(0, JSON_MAX_STRING)}…` : v;
      return `<span class="json-string">"${escapeHtml(s)}"</span>`;
    }
    case 'number':
      return `<span class="json-number">${escapeHtml(Number.isFinite(v) ? String(v) : 'null')}</span>`;
    case 'boolean':
      return `<span class="json-boolean">${v ? 'true' : 'false'}</span>`;
    case 'object':
      break;
    default:
      return `<span class="json-null">${escapeHtml(typeof v)}</span>`;
  }
  const isArray = Array.isArray(v);
  const entries: [string, unknown][] = isArray ? (v as unknown[]).map((x, i) => [String(i), x]) : Object.entries(v as Record<string, unknown>);
  if (!entries.length) return `<span class="json-punct">${isArray ? '[]' : '{}'}</span>`;
  if (depth >= JSON_MAX_DEPTH) return `<span class="json-punct">${isArray ? '[…]' : '{…}'}</span>`;
  const summary = isArray ? `[ ${entries.length} ${escapeHtml(strings.jsonItems)} ]` : `{ ${entries.length} ${escapeHtml(strings.jsonKeys)} }`;
  const rows: string[] = [];
  for (const [k, x] of entries) {
    if (budget.nodes >= JSON_MAX_NODES) {
      rows.push(`<li class="json-more">${escapeHtml(strings.jsonTruncated)}</li>`);
      break;
    }
    const key = isArray ? `<span class="json-index">${escapeHtml(k)}</span>` : `<span class="json-key">"${escapeHtml(cleanText(k, 200))}"</span>`;
    rows.push(`<li>${key}<span class="json-punct">: </span>${jsonNode(x, depth + 1, budget, strings)}</li>`);
  }
  return `<details class="json-node"${depth < 2 ? ' open' : ''}><summary>${summary}</summary><ul class="json-children" role="list">${rows.join('')}</ul></details>`;
}

// ---- composer ---------------------------------------------------------------------------------

export interface ComposerState {
  enabled: boolean;
  reason: string;
}

export function composerState(session: Session | null | undefined, strings: Strings): ComposerState {
  if (!session) return { enabled: false, reason: strings.cannotSendLoading };
  if (canReceiveMessage(session)) return { enabled: true, reason: '' };
  if (session.is_archived) return { enabled: false, reason: strings.cannotSendArchived };
  if (session.status === 'exit') return { enabled: false, reason: strings.cannotSendFinished };
  if (session.status === 'error') return { enabled: false, reason: strings.cannotSendFailed };
  return { enabled: false, reason: strings.cannotSendOther };
}
