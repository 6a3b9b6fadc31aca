// Rendering of the session details panel with hostile inputs. Asserts on the produced HTML.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Session, SessionMessage } from '../../src/api/types';
import { DEFAULT_STRINGS } from '../../src/webview/protocol';
import {
  canOfferTerminate,
  composerState,
  escapeHtml,
  latestQuestion,
  questionExcerpt,
  sessionFacts,
  MAX_RENDER_HTML,
  renderActions,
  renderHeader,
  renderJson,
  renderMarkdown,
  renderMessage,
  renderPullRequests,
} from '../../src/webview/render';

const S = { ...DEFAULT_STRINGS };
const NOW = Date.UTC(2026, 0, 20, 12, 0, 0);

function session(over: Partial<Session> = {}): Session {
  return {
    session_id: 'devin-abc123',
    url: 'https://app.devin.ai/sessions/abc123',
    status: 'running',
    status_detail: 'working',
    title: 'Fix the build',
    tags: [],
    org_id: 'org-1',
    created_at: NOW / 1000 - 3600,
    updated_at: NOW / 1000 - 60,
    acus_consumed: 2.5,
    pull_requests: [],
    ...over,
  };
}

function msg(message: unknown, over: Partial<SessionMessage> = {}): SessionMessage {
  return { event_id: 'e1', source: 'devin', message: message as string, created_at: NOW / 1000 - 10, ...over };
}

/** All start tags in the HTML (text is escaped, so every '<' starts a real tag). */
function tags(html: string): string[] {
  return html.match(/<[a-zA-Z][^>]*>/g) ?? [];
}

/** The safety properties every rendered fragment must have. */
function assertSafe(html: string): void {
  assert.doesNotMatch(html, /<script/i, 'no script tag');
  assert.doesNotMatch(html, /<(?:iframe|object|embed|style|svg|math|form|base|meta|link)\b/i, 'no dangerous tags');
  for (const t of tags(html)) {
    // Attribute names only: escaped text inside a quoted value ("x&quot; onclick=…") is inert.
    const names = t.replace(/"[^"]*"/g, '""');
    assert.doesNotMatch(names, /\son\w+\s*=/i, `no event handler attribute in ${t}`);
    assert.doesNotMatch(names, /\sstyle\s*=/i, `no style attribute in ${t}`);
    const urls = [...t.matchAll(/\s(?:href|src|data-link)="([^"]*)"/g)].map((m) => m[1]);
    for (const u of urls) assert.match(u, /^https?:\/\//i, `only http(s) URLs in attributes, got ${u}`);
  }
  assert.doesNotMatch(html, /(?:href|src)\s*=\s*["']?\s*(?:javascript|data|vbscript|command|vscode|file):/i);
}

describe('escapeHtml', () => {
  it('escapes the HTML specials', () => {
    assert.equal(escapeHtml(`<a href="x" onclick='y'>&\``), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;');
  });
  it('handles null, undefined and numbers', () => {
    assert.equal(escapeHtml(null), '');
    assert.equal(escapeHtml(undefined), '');
    assert.equal(escapeHtml(3), '3');
  });
});

describe('renderMarkdown', () => {
  it('shows raw HTML as text (script, img onerror, iframe)', () => {
    const html = renderMarkdown('hi <script>alert(1)</script> <img src=x onerror=alert(1)> <iframe src="https://evil"></iframe>');
    assertSafe(html);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });

  it('refuses javascript:, data:, command:, vscode: and file: links', () => {
    for (const u of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'command:workbench.action.terminal.new', 'vscode:extension/x', 'file:///etc/passwd', '%6Aavascript:alert(1)', 'jav&#x09;ascript:alert(1)']) {
      const html = renderMarkdown(`[click](${u}) <${u}>`);
      assertSafe(html);
      assert.doesNotMatch(html, /<a\s/, `no anchor for ${u}`);
    }
  });

  it('renders http(s) links with a data-link attribute and no handler', () => {
    const html = renderMarkdown('see [docs](https://docs.devin.ai/x?a=1&b=2) and https://example.com/path');
    assertSafe(html);
    assert.match(html, /<a class="ext-link" href="https:\/\/docs\.devin\.ai\/x\?a=1&amp;b=2" data-link="https:\/\/docs\.devin\.ai\/x\?a=1&amp;b=2"/);
    assert.match(html, /data-link="https:\/\/example\.com\/path"/);
  });

  it('cannot break out of the href attribute', () => {
    const html = renderMarkdown('[x](https://a.example/"onmouseover="alert(1)) [y](<https://a.example/" onclick="x>)');
    assertSafe(html);
  });

  it('mailto links are not clickable (only http(s) open)', () => {
    const html = renderMarkdown('[mail](mailto:a@example.com) a@example.com');
    assertSafe(html);
    assert.doesNotMatch(html, /mailto:/);
  });

  it('a bare host name links only after www.: file names (README.md, setup.py, install.sh) and example.com stay text', () => {
    const html = renderMarkdown('I changed README.md, setup.py, main.rs and install.sh; see example.com, docs.devin.ai/x, www.example.com/a and https://example.com/b');
    assertSafe(html);
    assert.equal((html.match(/<a /g) ?? []).length, 2, html);
    assert.match(html, /I changed README\.md, setup\.py, main\.rs and install\.sh; see example\.com, docs\.devin\.ai\/x, <a /);
    assert.match(html, /<a class="ext-link" href="http:\/\/www\.example\.com\/a" data-link="http:\/\/www\.example\.com\/a"[^>]*>www\.example\.com\/a<\/a>/);
    assert.match(html, /href="https:\/\/example\.com\/b"/);
  });

  it('images only from https, and only on request: a placeholder link, no <img>', () => {
    const html = renderMarkdown('![a](http://x.example/a.png) ![b](https://x.example/b.png "t") ![c](data:image/png;base64,AAAA) ![d](javascript:alert(1))');
    assertSafe(html);
    assert.equal((html.match(/<img /g) ?? []).length, 0, 'nothing loads by itself');
    assert.equal((html.match(/class="img-placeholder"/g) ?? []).length, 1, 'one https image');
    assert.match(html, /<span class="img-placeholder" role="button" tabindex="0" data-image="https:\/\/x\.example\/b\.png" data-alt="b"/);
    assert.match(html, />b <span class="img-host">\(x\.example\)<\/span><\/span>/);
    assert.doesNotMatch(html, /<a [^>]*img-placeholder/, 'not a link: the webview frame would open it');
    assert.equal((html.match(/class="img-refused"/g) ?? []).length, 1, 'an http image is refused');
    assert.match(html, /!\[c\]\(data:image/, 'data: and javascript: images stay text');
  });

  it('image placeholders and refusals use the strings they are given', () => {
    const strings = { linkRefused: 'lien retiré', imageRefused: 'image retirée', image: 'image', showImage: "Afficher l'image" };
    const html = renderMarkdown('![](https://x.example/p.png) ![](http://x.example/q.png)', 'tronqué', strings);
    assert.match(html, /title="Afficher l&#39;image \(x\.example\)"|title="Afficher l'image \(x\.example\)"/);
    assert.match(html, /\[image retirée\]/);
  });

  it('an image alt or URL cannot break out of the placeholder', () => {
    const html = renderMarkdown('![x" onmouseover="alert(1)](https://x.example/a.png?q="><script>alert(2)</script>)');
    assertSafe(html);
    assert.doesNotMatch(html, /onmouseover="/);
    assert.match(html, /data-alt="x&quot; onmouseover=&quot;alert\(1\)"/, 'the alt text stays inside its attribute');
  });

  it('escapes code blocks and their info string', () => {
    const html = renderMarkdown('```"><script>x</script>\n<script>alert(1)</script>\n```');
    assertSafe(html);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  it('CSS injection stays text', () => {
    const html = renderMarkdown('</style><style>body{display:none}</style> <p style="color:red">x</p>');
    assertSafe(html);
    assert.match(html, /&lt;\/style&gt;/);
  });

  it('bounds a 1 MB message and says it was truncated', () => {
    const big = 'word '.repeat(210_000); // ~1 MB
    const started = Date.now();
    const html = renderMarkdown(big, 'TRUNCATED-NOTE');
    assert.ok(html.length < MAX_RENDER_HTML + 1000, `bounded output, got ${html.length}`);
    assert.match(html, /TRUNCATED-NOTE/);
    assert.ok(Date.now() - started < 5000, 'fast enough');
  });

  it('bounds a 1 MB message of HTML specials (escaping expands it)', () => {
    const big = '<>&"'.repeat(262_144);
    const html = renderMarkdown(big, 'TRUNCATED-NOTE');
    assertSafe(html);
    assert.ok(html.length <= MAX_RENDER_HTML + 1000, `bounded output, got ${html.length}`);
    assert.match(html, /TRUNCATED-NOTE/);
  });

  it('deeply nested markdown does not blow up', () => {
    const html = renderMarkdown('>'.repeat(5000) + ' x ' + '['.repeat(5000) + '*'.repeat(5000));
    assertSafe(html);
  });

  it('non-string input renders as text', () => {
    assert.equal(renderMarkdown(null), '');
    assertSafe(renderMarkdown({ toString: () => '<script>' } as unknown));
  });
});

describe('renderHeader', () => {
  it('escapes hostile titles and tags', () => {
    const html = renderHeader(session({ title: '"><svg onload=alert(1)>', tags: ['"><svg onload=alert(1)>', '<img src=x onerror=alert(1)>'], origin: '<b>slack</b>', playbook_id: '"><script>x</script>' }), S, NOW);
    assertSafe(html);
    assert.match(html, /&quot;&gt;&lt;svg onload=alert\(1\)&gt;/);
    assert.doesNotMatch(html, /<svg|<img|<b>/);
  });

  it('removes bidi overrides and zero-width characters from the title and tags', () => {
    const html = renderHeader(session({ title: 'safe\u202Eexe.txt\u200B\u2066x', tags: ['t\u202Eag'] }), S, NOW);
    assert.doesNotMatch(html, /[\u202A-\u202E\u200B-\u200F\u2066-\u2069]/);
    assert.match(html, /safeexe\.txtx/);
  });

  it('shows an unknown status as text, with a neutral badge', () => {
    const html = renderHeader(session({ status: '<blink>hibernating</blink>', status_detail: null }), S, NOW);
    assertSafe(html);
    assert.match(html, /state-other/);
    assert.match(html, /&lt;blink&gt;hibernating&lt;\/blink&gt;/);
  });

  it('shows status detail in words and the needs-input banner', () => {
    const html = renderHeader(session({ status_detail: 'waiting_for_user' }), S, NOW);
    assert.match(html, /Waiting for your reply/);
    assert.match(html, /class="banner needs-input" role="status"/);
    assert.doesNotMatch(renderHeader(session(), S, NOW), /needs-input/);
  });

  it('survives null and missing fields', () => {
    const s = session({ title: null, status_detail: null, origin: null, playbook_id: null, parent_session_id: null, child_session_ids: null });
    (s as unknown as Record<string, unknown>).tags = null;
    (s as unknown as Record<string, unknown>).created_at = null;
    (s as unknown as Record<string, unknown>).acus_consumed = null;
    const html = renderHeader(s, S, NOW);
    assertSafe(html);
    assert.match(html, /Session abc123/);
    assert.match(html, /0 ACUs/);
  });

  it('renders ACUs with a limit, origin, playbook and times', () => {
    const html = renderHeader(session({ acus_consumed: 3.21, max_acu_limit: 10, origin: 'slack', playbook_id: 'playbook-1' }), S, NOW);
    assert.match(html, /3\.2 ACUs \/ 10 ACUs limit/);
    assert.match(html, /slack/);
    assert.match(html, /playbook-1/);
    assert.match(html, /<time datetime="2026-01-20T11:00:00\.000Z"/);
    assert.match(html, /1 hour ago/);
  });

  it('parent and child links are buttons with validated ids only', () => {
    const html = renderHeader(session({ parent_session_id: 'devin-parent1', child_session_ids: ['devin-child1', '"><img src=x onerror=alert(1)>', 'javascript:alert(1)'] }), S, NOW);
    assertSafe(html);
    assert.match(html, /data-action="openSession" data-id="devin-parent1"/);
    assert.match(html, /data-id="devin-child1"/);
    assert.equal((html.match(/data-action="openSession"/g) ?? []).length, 2);
  });

  it('archived sessions get a badge', () => {
    assert.match(renderHeader(session({ is_archived: true }), S, NOW), /state-archived/);
  });
});

describe('renderPullRequests', () => {
  it('refuses javascript:, data: and command: PR URLs (no link, text only)', () => {
    const html = renderPullRequests(
      [
        { pr_url: 'javascript:alert(1)', pr_state: 'open' },
        { pr_url: 'data:text/html,<script>alert(1)</script>', pr_state: 'open' },
        { pr_url: 'command:workbench.action.openSettings', pr_state: 'merged' },
        { pr_url: 'https://user:pass@github.com/o/r/pull/1', pr_state: 'open' },
      ],
      S,
      ['javascript:alert(1)'],
    );
    assertSafe(html);
    assert.doesNotMatch(html, /<a\s/);
    assert.doesNotMatch(html, /data-action="checkout"/);
    assert.match(html, /&lt;script&gt;/);
  });

  it('shows repo, number and themed state badges', () => {
    const html = renderPullRequests(
      [
        { pr_url: 'https://github.com/acme/app/pull/42', pr_state: 'open' },
        { pr_url: 'https://github.com/acme/app/pull/43', pr_state: 'MERGED' },
        { pr_url: 'https://github.com/acme/app/pull/44', pr_state: 'closed' },
        { pr_url: 'https://github.com/acme/app/pull/45', pr_state: null },
      ],
      S,
    );
    assertSafe(html);
    assert.match(html, /acme\/app#42/);
    // State as an icon and a word.
    assert.match(html, /class="pr-state pr-open"><span class="icon icon-pr-open" aria-hidden="true"><\/span>open/);
    assert.match(html, /class="pr-state pr-merged"><span class="icon icon-pr-merged" aria-hidden="true"><\/span>merged/);
    assert.match(html, /class="pr-state pr-closed"><span class="icon icon-pr-closed" aria-hidden="true"><\/span>closed/);
    assert.match(html, /class="pr-state pr-unknown"><span class="icon icon-pr-unknown" aria-hidden="true"><\/span>unknown/);
    assert.match(html, /data-link="https:\/\/github\.com\/acme\/app\/pull\/42"/);
  });

  it('an unknown PR state is shown as its text, escaped', () => {
    const html = renderPullRequests([{ pr_url: 'https://github.com/a/b/pull/1', pr_state: '<img src=x onerror=alert(1)>draft' }], S);
    assertSafe(html);
    assert.match(html, /pr-unknown/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;draft/);
  });

  it('a checkout button only for PRs the host says are in the workspace', () => {
    const prs = [
      { pr_url: 'https://github.com/acme/app/pull/42', pr_state: 'open' },
      { pr_url: 'https://github.com/acme/other/pull/1', pr_state: 'open' },
    ];
    const html = renderPullRequests(prs, S, ['https://github.com/acme/app/pull/42']);
    assert.equal((html.match(/data-action="checkout"/g) ?? []).length, 1);
    assert.match(html, /data-action="checkout" data-index="0"/);
  });

  it('a Review Changes button for GitHub pull requests and GitLab merge requests only', () => {
    const prs = [
      { pr_url: 'https://github.com/acme/app/pull/42', pr_state: 'open' },
      { pr_url: 'https://gitlab.com/g/sub/app/-/merge_requests/5', pr_state: 'open' },
      { pr_url: 'https://example.com/acme/app/issues/3', pr_state: 'open' },
      { pr_url: 'javascript:alert(1)//pull/1', pr_state: 'open' },
    ];
    const html = renderPullRequests(prs, S);
    assert.equal((html.match(/data-action="review"/g) ?? []).length, 2);
    assert.match(html, /data-action="review" data-index="0"/);
    assert.match(html, /data-action="review" data-index="1"/);
  });

  it('every PR with a safe URL gets Open and Copy URL; unsafe ones get no action at all', () => {
    const html = renderPullRequests([{ pr_url: 'https://github.com/acme/web/pull/7', pr_state: 'open' }, { pr_url: 'javascript:alert(1)', pr_state: 'open' }], S, ['https://github.com/acme/web/pull/7']);
    assertSafe(html);
    const rows = html.split('<li class="pr">').slice(1);
    assert.equal(rows.length, 2);
    const actions = (row: string) => [...row.matchAll(/data-action="(\w+)"/g)].map((m) => m[1]);
    assert.deepEqual(actions(rows[0]), ['openPr', 'checkout', 'review', 'copyPrUrl']);
    assert.match(rows[0], />acme\/web#7</);
    assert.match(rows[0], />Open<\/button>/);
    assert.match(rows[0], />Check Out<\/button>/);
    assert.match(rows[0], />Copy URL<\/button>/);
    assert.deepEqual(actions(rows[1]), []);
  });

  it('with GitHub\'s details: the title leads (the link), then acme/web#7, the review decision and the checks, each an icon and words', () => {
    const url = 'https://github.com/acme/web/pull/7';
    const html = renderPullRequests([{ pr_url: url, pr_state: 'open' }], S, [url], {
      [url]: { title: 'Round totals per currency', state: 'open', reviewDecision: 'changes_requested', checks: 'failure' },
    });
    assertSafe(html);
    assert.match(html, /<li class="pr pr-github">/);
    assert.match(html, /class="pr-state pr-open"><span class="icon icon-pr-open" aria-hidden="true"><\/span>open<\/span>/);
    assert.match(html, /<a class="ext-link pr-link" href="https:\/\/github\.com\/acme\/web\/pull\/7"[^>]*>Round totals per currency<\/a>/);
    assert.match(html, /<span class="pr-ref">acme\/web#7<\/span>/);
    assert.match(html, /class="pr-fact pr-review pr-fact-bad"><span class="icon icon-fact-bad" aria-hidden="true"><\/span>changes requested<\/span>/);
    assert.match(html, /class="pr-fact pr-checks pr-fact-bad"><span class="icon icon-fact-bad" aria-hidden="true"><\/span>checks failed<\/span>/);
    // The same actions as without details (and as the tree's PR rows).
    assert.deepEqual([...html.matchAll(/data-action="(\w+)"/g)].map((m) => m[1]), ['openPr', 'checkout', 'review', 'copyPrUrl']);
  });

  it('GitHub\'s words for every review decision and checks state, and a draft state', () => {
    const url = 'https://github.com/acme/web/pull/9';
    const one = (d: Record<string, unknown>) => renderPullRequests([{ pr_url: url, pr_state: 'open' }], S, [], { [url]: { title: 'T', state: 'open', ...d } });
    assert.match(one({ reviewDecision: 'approved' }), /pr-review pr-fact-ok"><span class="icon icon-fact-ok" aria-hidden="true"><\/span>approved</);
    assert.match(one({ reviewDecision: 'review_required' }), /pr-review pr-fact-wait"><span[^>]*><\/span>review required</);
    assert.match(one({ reviewDecision: 'some_new_value' }), /pr-review pr-fact-other"><span[^>]*><\/span>some new value</, 'an unknown decision as it came');
    assert.match(one({ checks: 'success' }), /pr-checks pr-fact-ok"><span[^>]*><\/span>checks passed</);
    assert.match(one({ checks: 'error' }), /pr-checks pr-fact-bad"><span[^>]*><\/span>checks failed</);
    assert.match(one({ checks: 'pending' }), /pr-checks pr-fact-wait"><span[^>]*><\/span>checks running</);
    assert.match(one({ checks: 'expected' }), /checks running</);
    assert.match(one({ checks: 'new_state' }), /pr-checks pr-fact-other"><span[^>]*><\/span>checks: new state</, 'an unknown checks state as it came');
    // GitHub says draft although the Devin API said open.
    assert.match(one({ state: 'draft' }), /class="pr-state pr-draft"><span class="icon icon-pr-draft" aria-hidden="true"><\/span>draft<\/span>/);
    assert.match(one({ state: 'merged' }), /pr-state pr-merged"><span[^>]*><\/span>merged</);
    assert.match(one({ state: 'weird' }), /pr-state pr-unknown"><span[^>]*><\/span>weird</);
    const plain = one({});
    assert.doesNotMatch(plain, /pr-fact /, 'no review or checks when GitHub gives none');
  });

  it('GitHub\'s details are escaped and checked field by field; without them a row shows what the Devin API gives', () => {
    const url = 'https://github.com/acme/web/pull/7';
    const hostile = renderPullRequests([{ pr_url: url, pr_state: 'open' }], S, [], {
      [url]: { title: '<img src=x onerror=alert(1)>', state: 'open', reviewDecision: '<script>x</script>', checks: '"><b>' },
    });
    assertSafe(hostile);
    assert.match(hostile, /&lt;img src=x onerror=alert\(1\)&gt;/);
    for (const bad of [null, 'x', 7, [], { title: 7, state: 'open' }, { title: 'T' }, { state: 'open' }]) {
      const html = renderPullRequests([{ pr_url: url, pr_state: 'merged' }], S, [], { [url]: bad });
      assert.doesNotMatch(html, /pr-github|pr-fact|pr-ref/, `ignored: ${JSON.stringify(bad)}`);
      assert.match(html, /pr-state pr-merged"><span[^>]*><\/span>merged<\/span>/);
      assert.match(html, />acme\/web#7<\/a>/);
    }
    // Details of another URL, or inherited ones, are not this PR's.
    const other = renderPullRequests([{ pr_url: url, pr_state: 'open' }], S, [], Object.create({ [url]: { title: 'Inherited', state: 'open' } }));
    assert.doesNotMatch(other, /Inherited/);
    // Non-string review and checks are left out, the rest is shown.
    const partial = renderPullRequests([{ pr_url: url, pr_state: 'open' }], S, [], { [url]: { title: 'T', state: 'open', reviewDecision: 5, checks: {} } });
    assert.match(partial, /pr-github/);
    assert.doesNotMatch(partial, /pr-fact /);
    // Without details: the API's draft state is a known one.
    assert.match(renderPullRequests([{ pr_url: url, pr_state: 'DRAFT' }], S), /pr-state pr-draft"><span[^>]*><\/span>draft</);
  });

  it('empty and null lists', () => {
    assert.match(renderPullRequests([], S), /No pull requests yet/);
    assert.match(renderPullRequests(null, S), /No pull requests yet/);
  });
});

describe('renderMessage', () => {
  it('tells Devin and the user apart', () => {
    assert.match(renderMessage(msg('hi'), S, NOW), /class="msg from-devin"/);
    assert.match(renderMessage(msg('hi', { source: 'user' }), S, NOW), /class="msg from-user"[\s\S]*>You</);
  });

  it('an unknown source is shown as escaped text', () => {
    const html = renderMessage(msg('x', { source: '<script>bot</script>' }), S, NOW);
    assertSafe(html);
    assert.match(html, /from-other/);
    assert.match(html, /&lt;script&gt;bot&lt;\/script&gt;/);
  });

  it('escapes a hostile event id and message', () => {
    const html = renderMessage(msg('<img src=x onerror=alert(1)> [x](javascript:alert(1))', { event_id: '"><script>alert(1)</script>' }), S, NOW);
    assertSafe(html);
    assert.match(html, /data-event-id="&quot;&gt;&lt;script&gt;/);
  });

  it('null message and time', () => {
    const html = renderMessage(msg(null, { created_at: null as unknown as number }), S, NOW);
    assertSafe(html);
    assert.match(html, /unknown time/);
  });

  it('a huge message renders bounded with the truncation note', () => {
    const html = renderMessage(msg('a'.repeat(1_048_576)), S, NOW);
    assert.ok(html.length < MAX_RENDER_HTML + 2000);
    assert.ok(html.includes(S.messageTruncated));
  });
});

describe('renderJson', () => {
  it('is collapsible and escapes keys and values', () => {
    const html = renderJson({ '<k onclick=x>': '<script>alert(1)</script>', list: [1, true, null, { a: 'b' }], empty: {} });
    assertSafe(html);
    assert.match(html, /<details class="json-node" open><summary>/);
    assert.match(html, /&lt;k onclick=x&gt;/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  it('primitives, deep nesting and huge arrays stay bounded', () => {
    assert.match(renderJson('x'), /json-string/);
    assert.match(renderJson(3), /json-number/);
    assert.match(renderJson(null), /json-null/);
    let deep: unknown = 1;
    for (let i = 0; i < 1000; i++) deep = { d: deep };
    assert.ok(renderJson(deep).length < 200_000);
    const huge = renderJson(Array.from({ length: 100_000 }, (_, i) => i));
    assert.ok(huge.length < 500_000, `bounded, got ${huge.length}`);
    assert.match(huge, /more not shown/);
  });
});

describe('composer and actions', () => {
  it('composer is enabled for running sessions and explains otherwise', () => {
    assert.deepEqual(composerState(session(), S), { enabled: true, reason: '' });
    assert.equal(composerState(session({ status: 'exit' }), S).reason, S.cannotSendFinished);
    assert.equal(composerState(session({ status: 'error' }), S).reason, S.cannotSendFailed);
    assert.equal(composerState(session({ is_archived: true }), S).reason, S.cannotSendArchived);
    assert.equal(composerState(session({ status: 'weird' }), S).reason, S.cannotSendOther);
    assert.equal(composerState(null, S).enabled, false);
  });

  it('actions are buttons with data-action, disabled when not allowed; no Refresh (the view is live)', () => {
    const html = renderActions(session({ status: 'exit' }), S);
    assertSafe(html);
    assert.doesNotMatch(html, /data-action="refresh"/);
    assert.match(html, /data-action="archive">/);
    const unsafe = renderActions(session({ url: 'javascript:alert(1)' }), S);
    assert.match(unsafe, /data-action="openInBrowser" disabled/);
  });

  it('Terminate is destructive, last, and never offered once a session is done (running + finished included)', () => {
    const working = renderActions(session({ status: 'running', status_detail: 'working' }), S);
    assert.match(working, /<span class="toolbar-spacer"><\/span><button type="button" class="danger" data-action="terminate">Terminate<\/button>$/);
    for (const over of [{ status: 'exit' }, { status: 'error' }, { status: 'running', status_detail: 'finished' }] as Partial<Session>[]) {
      assert.doesNotMatch(renderActions(session(over), S), /terminate/, JSON.stringify(over));
      assert.equal(canOfferTerminate(session(over)), false);
    }
    for (const over of [{ status: 'running', status_detail: 'waiting_for_user' }, { status: 'suspended' }, { status: 'claimed' }] as Partial<Session>[]) {
      assert.equal(canOfferTerminate(session(over)), true, JSON.stringify(over));
    }
  });
});

describe('header: question banner, facts, session id', () => {
  it('questionExcerpt: Markdown marks and code gone, one line, cut on a word with an ellipsis', () => {
    assert.equal(questionExcerpt('I found the rounding in `cart.ts`. **Which currency should rounding follow**: the cart or the store?'), 'I found the rounding in cart.ts. Which currency should rounding follow: the cart or the store?');
    assert.equal(questionExcerpt('See [the docs](https://x.example/a) first.\n\n```ts\nconst a = 1;\n```\nOK?'), 'See the docs first. … OK?');
    const long = questionExcerpt('word '.repeat(100), 40);
    assert.ok(long.length <= 40, long);
    assert.match(long, /word…$/);
    assert.equal(questionExcerpt(42), '');
    assert.equal(questionExcerpt('a\u202Eb'), 'ab');
  });

  it('latestQuestion is the newest non-empty message from Devin', () => {
    const list = [msg('first', { event_id: 'a' }), msg('second', { event_id: 'b' }), msg('mine', { event_id: 'c', source: 'user' }), msg('  ', { event_id: 'd' })];
    assert.equal(latestQuestion(list)?.event_id, 'b');
    assert.equal(latestQuestion([]), undefined);
  });

  it('the needs-input banner quotes the question (escaped) with a jump button to its message', () => {
    const q = msg('Which <b>currency</b>?', { event_id: 'ev-"9' });
    const html = renderHeader(session({ status_detail: 'waiting_for_user' }), S, NOW, { question: q });
    assertSafe(html);
    assert.match(html, /<blockquote class="question" cite="#">Which &lt;b&gt;currency&lt;\/b&gt;\?<\/blockquote>/);
    assert.match(html, /data-action="jumpToMessage" data-id="ev-&quot;9">Jump to message</);
    // Not waiting: no banner even with a question.
    assert.doesNotMatch(renderHeader(session(), S, NOW, { question: q }), /jumpToMessage|needs-input/);
  });

  it('sessionFacts: repositories from repos and PRs, repository and branch from the prompt this extension wrote', () => {
    const s = session({ pull_requests: [{ pr_url: 'https://github.com/acme/web/pull/7', pr_state: 'open' }] });
    (s as Record<string, unknown>).repos = ['acme/api', 'acme/web'];
    const prompt = msg('Fix the flaky test.\n\nRepository: acme/payments, branch `fix/round-jpy`, commit `abc123`', { source: 'user' });
    assert.deepEqual(sessionFacts(s, [prompt]), { repos: ['acme/payments', 'acme/web', 'acme/api'], branch: 'fix/round-jpy' });
    assert.deepEqual(sessionFacts(session(), [msg('Repository: x/y', { source: 'devin' })]), { repos: [], branch: undefined });
    assert.deepEqual(sessionFacts(session(), [msg('Repository: a/b, branch ``odd`name``', { source: 'user' })]), { repos: ['a/b'], branch: 'odd`name' });
  });

  it('repository, branch and playbook show as labelled chips; hostile values are escaped', () => {
    const html = renderHeader(session({ playbook_id: 'pb-<1>' }), S, NOW, { facts: { repos: ['acme/<web>'], branch: 'main"x' } });
    assertSafe(html);
    assert.match(html, /chip-repo" title="Repository">.*acme\/&lt;web&gt;/);
    assert.match(html, /chip-branch" title="Branch">.*<code>main&quot;x<\/code>/);
    assert.match(html, /chip-playbook" title="Playbook">.*pb-&lt;1&gt;/);
  });

  it('the session id is one line with a copy button', () => {
    const html = renderHeader(session({ session_id: 'devin-0123456789abcdef0123456789abcdef' }), S, NOW);
    assert.match(html, /<code class="sid" title="devin-0123456789abcdef0123456789abcdef">devin-0123456789abcdef0123456789abcdef<\/code>/);
    assert.match(html, /data-action="copySessionId" title="Copy session ID" aria-label="Copy session ID"/);
  });
});
