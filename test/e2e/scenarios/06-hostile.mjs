// Hostile API data (fake `hostile: true`, see test/fake-devin/README.md) rendered by the real tree,
// notifications and details webview, and the key never going to another origin (redirect fault,
// PR/message links to a second local server). All start signed in (`signIn: true`).
import http from 'node:http';
import { GROUP_LABELS } from './01-signin.mjs';
import { waitFor, sleep } from '../lib/proc.mjs';


const HTML_TITLE = '<script>alert("title")</script><img src=x onerror="alert(1)"> Fix <b>bold</b> & "quotes"';
// The bidi/zero-width title after cleanText: invisible characters dropped, whitespace collapsed.
const BIDI_CLEAN = 'Approve gnp.exe invoice zerowidth bidi';
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/;

/** Records every dialog (alert/confirm/prompt/beforeunload) the page opens. */
function watchDialogs(page) {
  const seen = [];
  page.on('dialog', (d) => seen.push(`${d.type()}: ${d.message()}`));
  return seen;
}

/** A second local HTTP server (another origin) that records what it receives. */
async function startOtherOrigin() {
  const requests = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>other origin</title><p>other origin</p>');
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    requests,
    withKey: (key) => requests.filter((r) => JSON.stringify(r).includes(key)),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** DOM facts of a webview content frame: anything active or navigable that came from the data. */
async function inertness(frame) {
  return frame.evaluate(() => {
    const all = [...document.querySelectorAll('*')];
    const scripts = [...document.querySelectorAll('script')].map((s) => ({ src: s.getAttribute('src') ?? '', nonce: !!(s.nonce || s.getAttribute('nonce')), inline: !s.getAttribute('src') && s.textContent.trim().length > 0,
      // VS Code's webview host injects one inline script defining acquireVsCodeApi before the page.
      vscodeApi: !s.getAttribute('src') && /acquireVsCodeApi/.test(s.textContent) }));
    const handlers = [];
    const badUrls = [];
    for (const el of all) {
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) handlers.push(`<${el.tagName.toLowerCase()} ${a.name}>`);
        if (/^(href|src|action|formaction|xlink:href|data|srcdoc|data-link)$/i.test(a.name) && /^\s*(javascript|data|command|vscode|file):/i.test(a.value)) {
          badUrls.push(`<${el.tagName.toLowerCase()} ${a.name}="${a.value.slice(0, 60)}">`);
        }
      }
    }
    return {
      scripts,
      handlers,
      badUrls,
      dangerous: [...document.querySelectorAll('iframe, frame, object, embed, form[action], base, meta[http-equiv="refresh"], img[src="x"], link[href*="evil"]')]
        .map((e) => e.outerHTML.slice(0, 100)),
      // Markdown images: from https only (CSP img-src https:), without a referrer, and only once
      // asked for (a placeholder link until then).
      placeholders: [...document.querySelectorAll('.img-placeholder')].map((a) => a.getAttribute('data-image') ?? ''),
      images: [...document.querySelectorAll('img')].map((i) => ({ src: i.getAttribute('src') ?? '', referrer: i.getAttribute('referrerpolicy') ?? '' })),
      styleElements: [...document.querySelectorAll('style')].filter((s) => /display\s*:\s*none/.test(s.textContent)).length,
      bodyShown: getComputedStyle(document.body).display !== 'none' && getComputedStyle(document.body).visibility !== 'hidden',
      text: document.body.innerText,
      location: location.href,
    };
  });
}

export default [
  {
    name: 'hostile titles show as literal text in the tree and notifications; unknown statuses land in Other',
    signIn: true,
    fake: { sessions: 0, hostile: true },
    async fn({ wb, fake, assert, page }) {
      const dialogs = watchDialogs(page);
      await wb.openDevinView();
      await wb.waitForTreeRow('Unknown enum values everywhere', { timeout: 30_000 });
      const rows = await wb.treeRows();
      // The HTML title is the label's text, not markup.
      const htmlRow = rows.find((r) => r.label.includes('Fix <b>bold</b>'));
      assert.ok(htmlRow, `a row labelled with the literal HTML title; rows: ${rows.map((r) => r.label).join(' | ')}`);
      assert.equal(htmlRow.label, HTML_TITLE);
      const markup = await page.locator('.part.sidebar .monaco-list-row').evaluateAll((rs) =>
        rs.flatMap((r) => [...r.querySelectorAll('script, img, b, iframe, [onerror], [onload], a[href]')].map((e) => e.outerHTML.slice(0, 80))));
      assert.deepEqual(markup, [], 'no element made from API data inside the tree rows');
      // Bidi overrides and zero-width characters are stripped.
      const bidi = rows.find((r) => r.label.startsWith('Approve'));
      assert.ok(bidi, 'the bidi session is listed');
      assert.ok(!INVISIBLE.test(bidi.label), `no invisible characters in ${JSON.stringify(bidi.label)}`);
      assert.equal(bidi.label, BIDI_CLEAN);
      // Unknown status → Other; a session without a title gets a fallback; junk items are dropped.
      const otherIdx = rows.findIndex((r) => r.label === 'Other');
      assert.ok(otherIdx >= 0, 'an Other group');
      assert.ok(rows.slice(otherIdx + 1).some((r) => r.label === 'Unknown enum values everywhere'), 'the unknown-status session is under Other');
      assert.ok(rows.some((r) => /^Session [0-9a-f]{8}$/.test(r.label)), 'the title-less session gets "Session <id>"');
      assert.ok(!rows.some((r) => r.label === 'no id at all'), 'an item without an id is dropped');
      assert.ok(rows.filter((r) => GROUP_LABELS.test(r.label)).length >= 2, 'several groups');
      // A notification built from the hostile title is plain text too.
      const s = fake.sessions().find((x) => x.title === HTML_TITLE);
      fake.patchSession(s.session_id, { status: 'running', status_detail: 'waiting_for_user' });
      await wb.runCommand('Devin: Refresh');
      const toast = await wb.waitForNotification('Devin needs your input:', { timeout: 20_000 });
      assert.ok(toast.includes('<script>alert("title")</script>'), `the toast shows the title as text: ${toast}`);
      const toastMarkup = await page.locator('.notifications-toasts .notification-toast').evaluateAll((ts) =>
        ts.flatMap((t) => [...t.querySelectorAll('script, img, b, iframe, [onerror]')].map((e) => e.outerHTML.slice(0, 80))));
      assert.deepEqual(toastMarkup, [], 'no element made from API data inside the toast');
      await sleep(500);
      assert.deepEqual(dialogs, [], 'no dialog opened');
    },
  },
  {
    name: 'the details webview renders hostile data inert and refuses non-http links',
    signIn: true,
    fake: { sessions: 0, hostile: true },
    timeout: 120_000,
    async fn({ wb, fake, assert, page }) {
      const dialogs = watchDialogs(page);
      await wb.openDevinView();
      const row = await wb.waitForTreeRow((t) => t.includes('Fix <b>bold</b>'), { timeout: 30_000 });
      await row.click();
      const frame = await wb.webviewFrame('alert("msg")', { timeout: 30_000 });
      await sleep(1000); // let the messages and the PR list render fully
      const f = await inertness(frame);
      // Only the extension's own script: from media/, with the CSP nonce, no inline code (apart from
      // the acquireVsCodeApi bootstrap VS Code itself puts first in every webview).
      const vscodeApi = f.scripts.filter((sc) => sc.vscodeApi);
      assert.ok(vscodeApi.length <= 1, 'at most one VS Code bootstrap script');
      const own = f.scripts.filter((sc) => !sc.vscodeApi);
      assert.equal(own.length, 1, `exactly the panel script: ${JSON.stringify(own)}`);
      for (const sc of own) {
        assert.ok(sc.nonce, `script without nonce: ${JSON.stringify(sc)}`);
        assert.match(sc.src, /\/media\//, `script not from media/: ${JSON.stringify(sc)}`);
        assert.ok(!sc.inline, 'no inline script');
      }
      assert.deepEqual(f.handlers, [], 'no event-handler attributes');
      assert.deepEqual(f.badUrls, [], 'no javascript:/data:/command:/vscode: URLs in attributes');
      assert.deepEqual(f.dangerous, [], 'no iframe/form with action/object/base/raw <img> from the data');
      // The tracking pixel in a message does not load by itself: a placeholder stands in for it.
      assert.deepEqual(f.images, [], `no remote image loads before it is asked for: ${JSON.stringify(f.images)}`);
      assert.ok(f.placeholders.includes('https://evil.example/pixel.png'), `the pixel has a placeholder: ${JSON.stringify(f.placeholders)}`);
      assert.equal(f.styleElements, 0, 'no injected <style> that hides the page');
      assert.ok(f.bodyShown, 'the body is shown (CSS injection did not hide it)');
      // The payloads are visible as literal text.
      for (const literal of ['<script>alert("msg")</script>', '<img src=x onerror="alert(5)">', '<svg onload=alert(7)></svg>',
        '<style>body{display:none}</style>', 'Fix <b>bold</b>']) {
        assert.ok(f.text.includes(literal), `the text ${literal} is shown literally`);
      }
      // Asked for, it loads in place, without a referrer, and the webview does not navigate.
      const placeholder = frame.locator('.img-placeholder[data-image="https://evil.example/pixel.png"]').first();
      await placeholder.scrollIntoViewIfNeeded();
      await placeholder.click();
      await frame.locator('img[src="https://evil.example/pixel.png"]').first().waitFor({ state: 'attached', timeout: 5_000 });
      const shown = await frame.evaluate(() => [...document.querySelectorAll('img')].map((i) => ({ src: i.getAttribute('src') ?? '', referrer: i.referrerPolicy })));
      for (const img of shown) {
        assert.match(img.src, /^https:\/\//, `image from https only: ${JSON.stringify(img)}`);
        assert.equal(img.referrer, 'no-referrer', `remote image without a referrer: ${JSON.stringify(img)}`);
      }
      assert.equal(await frame.evaluate(() => location.href), f.location, 'showing the image did not navigate');
      assert.equal(page.context().pages().length, 1, 'showing the image opened no window');
      // The javascript: PR link is not a link: clicking its text does nothing.
      const before = f.location;
      const refused = frame.locator('.prs .link-refused').first();
      await refused.waitFor({ state: 'visible', timeout: 10_000 });
      assert.match(await refused.innerText(), /javascript:alert/);
      await refused.click();
      await sleep(1000);
      assert.equal(await frame.evaluate(() => location.href), before, 'the webview did not navigate');
      assert.ok(!(await wb.notifications()).some((t) => /Only http and https/.test(t)), 'nothing was even asked of the host');
      // A forged link (as if markup slipped through) reaches the host, which refuses it with a warning.
      await frame.evaluate(() => {
        const a = document.createElement('a');
        a.id = 'e2e-forged';
        a.textContent = 'forged';
        a.setAttribute('href', '#');
        a.setAttribute('data-link', 'javascript:alert(document.cookie)');
        document.body.prepend(a);
      });
      await frame.locator('#e2e-forged').click();
      await wb.waitForNotification(/Only http and https links can be opened from a Devin session/, { timeout: 10_000 });
      assert.equal(await frame.evaluate(() => location.href), before, 'still no navigation');
      assert.equal(page.context().pages().length, 1, 'no new window opened');
      // The bidi session's panel: the title is stripped there too.
      await wb.openDevinView();
      const bidiRow = await wb.waitForTreeRow(BIDI_CLEAN, { timeout: 10_000 });
      await bidiRow.click();
      const bidiFrame = await wb.webviewFrame('RLO/PDF done', { timeout: 20_000 });
      const heading = await bidiFrame.evaluate(() => (document.querySelector('h1, h2, .title')?.textContent ?? '').trim());
      assert.ok(!INVISIBLE.test(heading), `no invisible characters in the panel title ${JSON.stringify(heading)}`);
      assert.ok(heading.includes('gnp.exe invoice'), `the panel title is the cleaned title: ${JSON.stringify(heading)}`);
      assert.deepEqual(dialogs, [], 'no dialog opened');
      void fake;
    },
  },
  {
    name: 'key hygiene: a redirect to another origin is not followed and never carries the key',
    signIn: true,
    fake: { sessions: 5 },
    async fn({ wb, fake, assert }) {
      const other = await startOtherOrigin();
      try {
        fake.fault({ redirectTo: other.url });
        await wb.openDevinView();
        await waitFor(() => fake.authedRequests(/\/sessions$/).length > 0, { timeout: 30_000, message: 'an authenticated list request at the fake' });
        const text = await wb.waitForWelcome(/could not load sessions/i, { timeout: 30_000 });
        assert.match(text, /could not load sessions/i);
        await wb.runCommand('Devin: Refresh');
        await sleep(3000);
        assert.deepEqual(other.requests.map((r) => `${r.method} ${r.url}`), [], 'the other origin received no request (redirects are not followed)');
        assert.deepEqual(other.withKey(fake.key), []);
        fake.fault(null);
      } finally {
        await other.close();
      }
    },
  },
  {
    name: 'key hygiene: PR and message links to another origin open without the key',
    signIn: true,
    fake: { sessions: 0 },
    timeout: 120_000,
    async fn({ wb, fake, assert, page, log }) {
      const other = await startOtherOrigin();
      try {
        fake.addSession({ title: 'Links elsewhere', status: 'running', status_detail: 'waiting_for_user',
          pull_requests: [{ pr_url: `${other.url}/acme/web-app/pull/7`, pr_state: 'open' }] },
        { messages: [{ source: 'devin', message: `See [the build log](${other.url}/build/42?x=1) for details.` }] });
        await wb.openDevinView();
        const row = await wb.waitForTreeRow('Links elsewhere', { timeout: 30_000 });
        await row.click();
        const frame = await wb.webviewFrame('the build log', { timeout: 30_000 });
        const html = await frame.evaluate(() => document.documentElement.outerHTML);
        assert.ok(!html.includes(fake.key), 'the key is not in the webview');
        for (const [sel, pathPart] of [['.prs a.ext-link', '/acme/web-app/pull/7'], ['a.ext-link[href*="/build/42"]', '/build/42']]) {
          const link = frame.locator(sel).first();
          await link.waitFor({ state: 'visible', timeout: 10_000 });
          const popup = page.context().waitForEvent('page', { timeout: 15_000 }).catch(() => null);
          await link.click();
          // VS Code may ask before opening an external site; accept.
          const open = page.locator('.monaco-dialog-box .monaco-button').filter({ hasText: /^Open$/ }).first();
          if (await open.isVisible({ timeout: 3000 }).catch(() => false)) await open.click();
          const p = await popup;
          await waitFor(() => other.requests.some((r) => r.url.includes(pathPart)),
            { timeout: 15_000, message: `the browser to open ${pathPart} at the other origin` });
          log(`${pathPart}: opened ${p ? 'in a new window' : '(no window seen)'}`);
          // Once: the webview's own link handling must not open it a second time.
          await sleep(2000);
          assert.equal(other.requests.filter((r) => r.url.includes(pathPart)).length, 1, `${pathPart} opened once`);
          assert.ok(page.context().pages().length <= 2, `one window for ${pathPart}: ${page.context().pages().length} pages`);
          await p?.close().catch(() => {});
        }
        assert.deepEqual(other.withKey(fake.key).map((r) => r.url), [], 'no request to the other origin carries the key');
        assert.ok(other.requests.every((r) => !r.headers.authorization), 'no Authorization header at the other origin');
      } finally {
        await other.close();
      }
    },
  },
];
