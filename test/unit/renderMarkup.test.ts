// The exact markup of the details panel (src/webview/render.ts). The webview script finds its
// buttons and links by these classes and data attributes (data-action, data-id, data-index,
// data-link, data-image), the stylesheet styles these classes, and a screen reader reads these
// roles; every string from the API is escaped. Each case pins one whole fragment, so a changed
// attribute, class, role or escape fails here. Hostile inputs are in render.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PullRequest, Session, SessionMessage } from '../../src/api/types';
import { DEFAULT_STRINGS } from '../../src/webview/protocol';
import { linkHtml, renderActions, renderHeader, renderJson, renderMarkdown, renderMessage, renderPullRequests } from '../../src/webview/render';

const S = { ...DEFAULT_STRINGS };
const NOW = Date.UTC(2026, 0, 20, 12, 0, 0);

const full = {
  session_id: 'devin-abc123',
  url: 'https://app.devin.ai/sessions/abc123',
  status: 'running',
  status_detail: 'waiting_for_user',
  title: 'Fix <the> build',
  tags: ['ui', '', 'a"b'],
  org_id: 'org-1',
  created_at: NOW / 1000 - 3600,
  updated_at: NOW / 1000 - 60,
  acus_consumed: 2.5,
  max_acu_limit: 10,
  pull_requests: [],
  is_archived: true,
  origin: 'slack',
  playbook_id: 'pb-1',
  parent_session_id: 'devin-parent1',
  child_session_ids: ['devin-c1', 'bad id', 'devin-c2'],
} as unknown as Session;

describe('render: exact markup', () => {
  it('header of an archived session with every field: badges, times, ACU limit, tags, origin, playbook, parent and children', () => {
    assert.equal(renderHeader(full, S, NOW), "<h1 class=\"title\" id=\"session-title\">Fix &lt;the&gt; build</h1><div class=\"badges\"><span class=\"badge state-needsInput\" title=\"Status\">Waiting for your reply</span> <span class=\"badge state-archived\">Archived</span> <span class=\"chip chip-playbook\" title=\"Playbook\"><span class=\"icon icon-playbook\" aria-hidden=\"true\"></span><span class=\"visually-hidden\">Playbook: </span>pb-1</span></div><dl class=\"meta\"><div class=\"meta-row\"><dt>Created</dt><dd><time datetime=\"2026-01-20T11:00:00.000Z\" title=\"2026-01-20 11:00:00 UTC\">1 hour ago</time></dd></div><div class=\"meta-row\"><dt>Updated</dt><dd><time datetime=\"2026-01-20T11:59:00.000Z\" title=\"2026-01-20 11:59:00 UTC\">1 minute ago</time></dd></div><div class=\"meta-row\"><dt>ACUs used</dt><dd>2.5 ACUs / 10 ACUs limit</dd></div><div class=\"meta-row\"><dt>Tags</dt><dd><ul class=\"tags\" role=\"list\"><li class=\"tag\">ui</li><li class=\"tag\">a&quot;b</li></ul></dd></div><div class=\"meta-row\"><dt>Origin</dt><dd>slack</dd></div><div class=\"meta-row\"><dt>Parent session</dt><dd><button type=\"button\" class=\"link-button\" data-action=\"openSession\" data-id=\"devin-parent1\" title=\"Session ID: devin-parent1\">parent1</button></dd></div><div class=\"meta-row\"><dt>Child sessions</dt><dd><ul class=\"children\" role=\"list\"><li><button type=\"button\" class=\"link-button\" data-action=\"openSession\" data-id=\"devin-c1\" title=\"Session ID: devin-c1\">c1</button></li><li><button type=\"button\" class=\"link-button\" data-action=\"openSession\" data-id=\"devin-c2\" title=\"Session ID: devin-c2\">c2</button></li></ul></dd></div><div class=\"meta-row meta-id\"><dt>Session ID</dt><dd><code class=\"sid\" title=\"devin-abc123\">devin-abc123</code> <button type=\"button\" class=\"icon-button\" data-action=\"copySessionId\" title=\"Copy session ID\" aria-label=\"Copy session ID\"><span class=\"icon icon-copy\" aria-hidden=\"true\"></span></button></dd></div></dl>");
  });

  it('header of a session with odd fields: the needs-input banner, unknown times, ACUs from a string, no optional rows', () => {
    const odd = { session_id: 'weird id', url: 'x', status: 'running', status_detail: 'waiting_for_approval', title: null, tags: null, org_id: 'o', created_at: 0, updated_at: -5, acus_consumed: '3', pull_requests: [], max_acu_limit: 0, child_session_ids: 'no' };
    assert.equal(renderHeader(odd as unknown as Session, S, NOW), "<h1 class=\"title\" id=\"session-title\">Session weird id</h1><div class=\"badges\"><span class=\"badge state-needsInput\" title=\"Status\">Waiting for your approval</span></div><div class=\"banner needs-input\" role=\"status\"><p class=\"banner-head\"><span class=\"icon icon-warning\" aria-hidden=\"true\"></span> Devin needs your input to continue.</p></div><dl class=\"meta\"><div class=\"meta-row\"><dt>Created</dt><dd><span>unknown time</span></dd></div><div class=\"meta-row\"><dt>Updated</dt><dd><span>unknown time</span></dd></div><div class=\"meta-row\"><dt>ACUs used</dt><dd>3 ACUs</dd></div><div class=\"meta-row meta-id\"><dt>Session ID</dt><dd><code class=\"sid\" title=\"weird id\">weird id</code> <button type=\"button\" class=\"icon-button\" data-action=\"copySessionId\" title=\"Copy session ID\" aria-label=\"Copy session ID\"><span class=\"icon icon-copy\" aria-hidden=\"true\"></span></button></dd></div></dl>");
  });

  it('header of a waiting session: the banner quotes the question with a jump button; repository and branch chips', () => {
    const waiting = { ...full, is_archived: false, playbook_id: null, tags: [], origin: null, parent_session_id: null, child_session_ids: null, max_acu_limit: null } as unknown as Session;
    const question = { event_id: 'ev-1', source: 'devin', message: 'Which **currency**?', created_at: NOW / 1000 } as SessionMessage;
    assert.equal(
      renderHeader(waiting, S, NOW, { question, facts: { repos: ['acme/web'], branch: 'main' } }),
      '<h1 class="title" id="session-title">Fix &lt;the&gt; build</h1><div class="badges"><span class="badge state-needsInput" title="Status">Waiting for your reply</span> <span class="chip chip-repo" title="Repository"><span class="icon icon-repo" aria-hidden="true"></span><span class="visually-hidden">Repository: </span>acme/web</span> <span class="chip chip-branch" title="Branch"><span class="icon icon-branch" aria-hidden="true"></span><span class="visually-hidden">Branch: </span><code>main</code></span></div>' +
        '<div class="banner needs-input" role="status"><p class="banner-head"><span class="icon icon-warning" aria-hidden="true"></span> Devin needs your input to continue. <span class="visually-hidden">Devin asks:</span></p><blockquote class="question" cite="#">Which currency?</blockquote><button type="button" class="link-button jump" data-action="jumpToMessage" data-id="ev-1">Jump to message</button></div>' +
        '<dl class="meta"><div class="meta-row"><dt>Created</dt><dd><time datetime="2026-01-20T11:00:00.000Z" title="2026-01-20 11:00:00 UTC">1 hour ago</time></dd></div><div class="meta-row"><dt>Updated</dt><dd><time datetime="2026-01-20T11:59:00.000Z" title="2026-01-20 11:59:00 UTC">1 minute ago</time></dd></div><div class="meta-row"><dt>ACUs used</dt><dd>2.5 ACUs</dd></div><div class="meta-row meta-id"><dt>Session ID</dt><dd><code class="sid" title="devin-abc123">devin-abc123</code> <button type="button" class="icon-button" data-action="copySessionId" title="Copy session ID" aria-label="Copy session ID"><span class="icon icon-copy" aria-hidden="true"></span></button></dd></div></dl>',
    );
  });

  it('actions: enabled and disabled buttons', () => {
    assert.equal(renderActions(full, S), "<button type=\"button\" class=\"primary\" data-action=\"openInBrowser\">Open in Browser</button><button type=\"button\" class=\"secondary\" data-action=\"archive\" disabled aria-disabled=\"true\">Archive</button><span class=\"toolbar-spacer\"></span><button type=\"button\" class=\"danger\" data-action=\"terminate\">Terminate</button>");
    assert.equal(renderActions(null, S), "<button type=\"button\" class=\"primary\" data-action=\"openInBrowser\" disabled aria-disabled=\"true\">Open in Browser</button><button type=\"button\" class=\"secondary\" data-action=\"archive\" disabled aria-disabled=\"true\">Archive</button>");
  });

  it('pull requests: state badges, links, Review Changes and Check Out buttons by index, a refused URL as text', () => {
    const prs = [
      { pr_url: 'https://github.com/acme/web/pull/7', pr_state: 'open' },
      { pr_url: 'https://gitlab.com/g/p/-/merge_requests/3', pr_state: 'draft' },
      { pr_url: 'javascript:alert(1)', pr_state: null },
      { pr_url: 'https://example.com/review/9', pr_state: 'merged' },
    ] as PullRequest[];
    assert.equal(renderPullRequests(prs, S, ['https://github.com/acme/web/pull/7']), "<ul class=\"prs\" role=\"list\"><li class=\"pr\"><span class=\"pr-main\"><span class=\"pr-state pr-open\"><span class=\"icon icon-pr-open\" aria-hidden=\"true\"></span>open</span> <span class=\"pr-text\"><a class=\"ext-link pr-link\" href=\"https://github.com/acme/web/pull/7\" data-link=\"https://github.com/acme/web/pull/7\" title=\"https://github.com/acme/web/pull/7\" rel=\"noopener noreferrer\">acme/web#7</a></span></span><span class=\"pr-actions\"><button type=\"button\" class=\"secondary small\" data-action=\"openPr\" data-index=\"0\" title=\"Open this pull request in the browser\">Open</button><button type=\"button\" class=\"secondary small\" data-action=\"checkout\" data-index=\"0\" title=\"Fetch this pull request into a local branch and check it out\">Check Out</button><button type=\"button\" class=\"secondary small\" data-action=\"review\" data-index=\"0\" title=\"Show the changed files and their diffs in the editor\">Review Changes</button><button type=\"button\" class=\"secondary small\" data-action=\"copyPrUrl\" data-index=\"0\">Copy URL</button></span></li><li class=\"pr\"><span class=\"pr-main\"><span class=\"pr-state pr-draft\"><span class=\"icon icon-pr-draft\" aria-hidden=\"true\"></span>draft</span> <span class=\"pr-text\"><a class=\"ext-link pr-link\" href=\"https://gitlab.com/g/p/-/merge_requests/3\" data-link=\"https://gitlab.com/g/p/-/merge_requests/3\" title=\"https://gitlab.com/g/p/-/merge_requests/3\" rel=\"noopener noreferrer\">g/p#3</a></span></span><span class=\"pr-actions\"><button type=\"button\" class=\"secondary small\" data-action=\"openPr\" data-index=\"1\" title=\"Open this pull request in the browser\">Open</button><button type=\"button\" class=\"secondary small\" data-action=\"review\" data-index=\"1\" title=\"Show the changed files and their diffs in the editor\">Review Changes</button><button type=\"button\" class=\"secondary small\" data-action=\"copyPrUrl\" data-index=\"1\">Copy URL</button></span></li><li class=\"pr\"><span class=\"pr-main\"><span class=\"pr-state pr-unknown\"><span class=\"icon icon-pr-unknown\" aria-hidden=\"true\"></span>unknown</span> <span class=\"pr-text\"><span class=\"link-refused\">javascript:alert(1)</span></span></span><span class=\"pr-actions\"></span></li><li class=\"pr\"><span class=\"pr-main\"><span class=\"pr-state pr-merged\"><span class=\"icon icon-pr-merged\" aria-hidden=\"true\"></span>merged</span> <span class=\"pr-text\"><a class=\"ext-link pr-link\" href=\"https://example.com/review/9\" data-link=\"https://example.com/review/9\" title=\"https://example.com/review/9\" rel=\"noopener noreferrer\">https://example.com/review/9</a></span></span><span class=\"pr-actions\"><button type=\"button\" class=\"secondary small\" data-action=\"openPr\" data-index=\"3\" title=\"Open this pull request in the browser\">Open</button><button type=\"button\" class=\"secondary small\" data-action=\"copyPrUrl\" data-index=\"3\">Copy URL</button></span></li></ul>");
  });

  it('messages: author, time, Markdown with a link, an image placeholder, a refused http image and raw HTML as text', () => {
    const m = { event_id: 'e<1>', source: 'devin', message: 'Hi **there** [x](https://a.example/p?q=1&r=2) ![img](https://i.example/a.png) ![bad](http://i.example/b.png) <b>raw</b>', created_at: NOW / 1000 - 10 } as SessionMessage;
    assert.equal(renderMessage(m, S, NOW), "<li class=\"msg from-devin\" data-event-id=\"e&lt;1&gt;\"><div class=\"msg-head\"><span class=\"author\">Devin</span> <time datetime=\"2026-01-20T11:59:50.000Z\" title=\"2026-01-20 11:59:50 UTC\">now</time></div><div class=\"msg-body markdown\"><p>Hi <strong>there</strong> <a class=\"ext-link\" href=\"https://a.example/p?q=1&amp;r=2\" data-link=\"https://a.example/p?q=1&amp;r=2\" title=\"https://a.example/p?q=1&amp;r=2\" rel=\"noopener noreferrer\">x</a> <span class=\"img-placeholder\" role=\"button\" tabindex=\"0\" data-image=\"https://i.example/a.png\" data-alt=\"img\" title=\"Show this image. It loads from another site, which then sees your IP address. (i.example)\"><span class=\"img-icon\" aria-hidden=\"true\"></span>img <span class=\"img-host\">(i.example)</span></span> <span class=\"img-refused\" title=\"image removed\">[bad]</span> &lt;b&gt;raw&lt;/b&gt;</p>\n</div></li>");
    assert.equal(renderMessage({ event_id: 'e2', source: 'user', message: 'ok', created_at: 0 } as SessionMessage, S, NOW), "<li class=\"msg from-user\" data-event-id=\"e2\"><div class=\"msg-head\"><span class=\"author\">You</span> <span>unknown time</span></div><div class=\"msg-body markdown\"><p>ok</p>\n</div></li>");
    assert.equal(renderMessage({ event_id: 5, source: 'bot', message: null, created_at: 'x' } as unknown as SessionMessage, S, NOW), "<li class=\"msg from-other\" data-event-id=\"\"><div class=\"msg-head\"><span class=\"author\">bot</span> <span>unknown time</span></div><div class=\"msg-body markdown\"></div></li>");
  });

  it('structured output: a JSON tree, the first two levels open, every kind of value', () => {
    const value = { a: [1, 'two', true, null], 'k<': { deep: { deeper: { x: 1 } } }, f: () => 1, n: Infinity, e: [], o: {} };
    assert.equal(renderJson(value), "<div class=\"json\"><details class=\"json-node\" open><summary>{ 6 keys }</summary><ul class=\"json-children\" role=\"list\"><li><span class=\"json-key\">\"a\"</span><span class=\"json-punct\">: </span><details class=\"json-node\" open><summary>[ 4 items ]</summary><ul class=\"json-children\" role=\"list\"><li><span class=\"json-index\">0</span><span class=\"json-punct\">: </span><span class=\"json-number\">1</span></li><li><span class=\"json-index\">1</span><span class=\"json-punct\">: </span><span class=\"json-string\">\"two\"</span></li><li><span class=\"json-index\">2</span><span class=\"json-punct\">: </span><span class=\"json-boolean\">true</span></li><li><span class=\"json-index\">3</span><span class=\"json-punct\">: </span><span class=\"json-null\">null</span></li></ul></details></li><li><span class=\"json-key\">\"k&lt;\"</span><span class=\"json-punct\">: </span><details class=\"json-node\" open><summary>{ 1 keys }</summary><ul class=\"json-children\" role=\"list\"><li><span class=\"json-key\">\"deep\"</span><span class=\"json-punct\">: </span><details class=\"json-node\"><summary>{ 1 keys }</summary><ul class=\"json-children\" role=\"list\"><li><span class=\"json-key\">\"deeper\"</span><span class=\"json-punct\">: </span><details class=\"json-node\"><summary>{ 1 keys }</summary><ul class=\"json-children\" role=\"list\"><li><span class=\"json-key\">\"x\"</span><span class=\"json-punct\">: </span><span class=\"json-number\">1</span></li></ul></details></li></ul></details></li></ul></details></li><li><span class=\"json-key\">\"f\"</span><span class=\"json-punct\">: </span><span class=\"json-null\">function</span></li><li><span class=\"json-key\">\"n\"</span><span class=\"json-punct\">: </span><span class=\"json-number\">null</span></li><li><span class=\"json-key\">\"e\"</span><span class=\"json-punct\">: </span><span class=\"json-punct\">[]</span></li><li><span class=\"json-key\">\"o\"</span><span class=\"json-punct\">: </span><span class=\"json-punct\">{}</span></li></ul></details></div>");
  });

  it('links: an http(s) link with data-link, anything else as text; mailto and bare URLs in Markdown', () => {
    assert.equal(linkHtml('https://x.example/"a"', 'T'), "<a class=\"ext-link\" href=\"https://x.example/&quot;a&quot;\" data-link=\"https://x.example/&quot;a&quot;\" title=\"https://x.example/&quot;a&quot;\" rel=\"noopener noreferrer\">T</a>");
    assert.equal(linkHtml('ftp://x', 'T'), "<span class=\"link-refused\">T</span>");
    assert.equal(renderMarkdown('[m](mailto:a@b.c) and https://auto.example', 'cut'), "<p><span class=\"link-text\">m</span> and <a class=\"ext-link\" href=\"https://auto.example\" data-link=\"https://auto.example\" title=\"https://auto.example\" rel=\"noopener noreferrer\">https://auto.example</a></p>\n");
  });
});
