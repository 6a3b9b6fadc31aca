// The webview's second line of defence: message HTML (already escaped and rendered by render.ts)
// goes through DOMPurify before it enters the page. A module of its own so the unit tests can run
// the very same step on a DOM implementation (jsdom) and prove what it removes.
import createDOMPurify, { type Config, type DOMPurify } from 'dompurify';

/**
 * DOMPurify settings: http(s) links only, no active or form content, no inline styles. A function,
 * not a module constant, so mutation testing can tell which tests cover it.
 */
export function purifyConfig(): Config {
  return {
    ALLOWED_URI_REGEXP: /^https?:/i,
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'svg', 'math'],
    FORBID_ATTR: ['style'],
    // tabindex: the image placeholders (role="button", render.ts) are reached with Tab; without
    // it they could be clicked but not reached with the keyboard.
    ADD_ATTR: ['loading', 'decoding', 'referrerpolicy', 'tabindex'],
    // Their values are not URLs: without this, ALLOWED_URI_REGEXP strips them (remote images then
    // load with a referrer; placeholders lose their tabindex).
    ADD_URI_SAFE_ATTR: ['loading', 'decoding', 'referrerpolicy', 'tabindex'],
  };
}

/** Sanitizes `html` with the purifier of `win`. Refuses to pass HTML on when no DOM can clean it. */
export function sanitizeHtml(html: string, win: Window & typeof globalThis): string {
  // A purifier bound to that window (the webview's, or a test's jsdom); cheap next to the parse.
  const purify: DOMPurify = createDOMPurify(win);
  if (!purify.isSupported) throw new Error('DOMPurify is not supported here: refusing to insert unsanitized HTML');
  return purify.sanitize(html, purifyConfig());
}

/** Appends sanitized `html` at the end of `list` (the conversation). */
export function appendSanitized(list: Element, html: string): void {
  const win = list.ownerDocument.defaultView as (Window & typeof globalThis) | null;
  if (!win) throw new Error('the element is not in a window');
  list.insertAdjacentHTML('beforeend', sanitizeHtml(html, win));
}
