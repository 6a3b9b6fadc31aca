// The details panel's HTML shell and its Content Security Policy, as pure functions (no `vscode`
// import: tested with node --test). The shell has no inline script or style; its one script runs
// only with this render's nonce, and every value put into the HTML is validated or escaped.
import { MAX_SEND_CHARS, SESSION_ID_RE } from './protocol';

/** A fresh nonce per render: 16 random bytes as 32 hex characters. */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const NONCE_RE = /^[A-Za-z0-9]{16,128}$/;
/**
 * One or more CSP source expressions from VS Code (e.g. `https://*.vscode-cdn.net`): nothing that
 * could end the directive (`;`), start another policy (`,`) or leave the HTML attribute.
 */
const CSP_SOURCE_RE = /^[^\s;,"<>&]+( [^\s;,"<>&]+)*$/;

function checkNonce(nonce: string): void {
  if (!NONCE_RE.test(nonce)) throw new Error('invalid CSP nonce');
}

function checkCspSource(cspSource: string): void {
  if (!CSP_SOURCE_RE.test(cspSource) || /'unsafe-|(^| )\*( |$)/i.test(cspSource)) throw new Error('invalid CSP source');
}

/**
 * The policy: nothing by default; scripts only with the nonce (not even from the extension's
 * own origin); styles and fonts only from the extension's files; images from those files and
 * https (remote images load only when the user asks); no base URL, forms or frames.
 */
export function buildCsp(nonce: string, cspSource: string): string {
  checkNonce(nonce);
  checkCspSource(cspSource);
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} https:`,
    `font-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
  ].join('; ');
}

/** Escapes a value for an HTML attribute or text. */
export function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Only absolute http(s) or vscode-* resource URLs, as `asWebviewUri` makes them. */
function checkResourceUri(uri: string): string {
  if (!/^(https?|vscode-[a-z-]+):\/\/[^\s"'<>`]+$/i.test(uri)) throw new Error('invalid webview resource URI');
  return uri;
}

export interface HtmlInput {
  nonce: string;
  cspSource: string;
  /** `webview.asWebviewUri(media/dist/details.js)` as a string. */
  scriptUri: string;
  /** `webview.asWebviewUri(media/dist/details.css)` as a string (built from media/details.css). */
  styleUri: string;
  /** The session the panel shows; an invalid id is left out (the webview then shows nothing). */
  sessionId: string;
  /** `vscode.env.language`, e.g. `en` or `zh-cn`. */
  language: string;
}

/** The whole document. Throws on a nonce, CSP source or resource URI that is not well formed. */
export function buildHtml(input: HtmlInput): string {
  const csp = buildCsp(input.nonce, input.cspSource);
  const script = escapeAttr(checkResourceUri(input.scriptUri));
  const style = escapeAttr(checkResourceUri(input.styleUri));
  const id = SESSION_ID_RE.test(input.sessionId) ? input.sessionId : '';
  const lang = input.language.replace(/[^A-Za-z0-9-]/g, '').slice(0, 35) || 'en';
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Devin</title>
</head>
<body data-session-id="${id}">
<main id="app" aria-busy="true">
  <header id="header" class="header"></header>
  <div id="toolbar" class="toolbar" role="toolbar"></div>
  <div id="status" class="status-line" role="status" aria-live="polite"></div>
  <div id="signed-out" class="signed-out" hidden><p id="signed-out-text"></p><button id="signed-out-sign-in" type="button" class="primary" data-action="signIn"></button></div>
  <section id="prs-section" class="section" aria-labelledby="prs-heading"><h2 id="prs-heading"></h2><div id="prs"></div></section>
  <section id="structured-section" class="section" aria-labelledby="structured-heading" hidden><h2 id="structured-heading"></h2><div id="structured"></div></section>
  <section id="conversation-section" class="section" aria-labelledby="conversation-heading">
    <h2 id="conversation-heading"></h2>
    <div id="conversation" role="log" aria-live="polite" aria-relevant="additions" aria-labelledby="conversation-heading">
      <ol id="messages" class="messages"></ol>
    </div>
    <p id="no-messages" class="muted" hidden></p>
  </section>
  <form id="composer" class="composer" novalidate>
    <label id="composer-label" for="composer-input" class="visually-hidden"></label>
    <textarea id="composer-input" rows="3" maxlength="${MAX_SEND_CHARS}" aria-describedby="composer-reason composer-error"></textarea>
    <div class="composer-row">
      <p id="composer-reason" class="muted"></p>
      <p id="composer-error" class="error" role="alert"></p>
      <p id="composer-state" class="muted send-state" role="status" aria-live="polite"></p>
      <button id="composer-send" type="submit" class="primary"></button>
    </div>
  </form>
</main>
<script nonce="${input.nonce}" src="${script}"></script>
</body>
</html>`;
}
