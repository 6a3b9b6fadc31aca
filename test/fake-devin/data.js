'use strict';
// Sample data for the fake Devin server: deterministic (seeded PRNG), realistic, plus hostile cases.

/** mulberry32: small deterministic PRNG returning [0, 1). */
function prng(seed) {
  let a = (Number(seed) >>> 0) || 0x9e3779b9;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a hash of a string, for per-session sub-seeds. */
function hash(str) {
  let h = 0x811c9dc5;
  for (let i = 0; i < str.length; i++) {
    h ^= str.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function pick(rand, list) {
  return list[Math.floor(rand() * list.length) % list.length];
}

function int(rand, min, max) {
  return min + Math.floor(rand() * (max - min + 1));
}

function hex(rand, n) {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 16).toString(16);
  return s;
}

const REPOS = [
  'acme/payments-service',
  'acme/web-app',
  'acme/mobile-app',
  'acme/infra',
  'acme/data-pipeline',
  'acme/design-system',
  'acme/auth-service',
  'acme/docs',
];

const TITLES = [
  ['Fix flaky checkout test in payments-service', 'acme/payments-service', 'bug_fixing', ['flaky-test', 'payments']],
  ['Upgrade React to 19 in web-app', 'acme/web-app', 'migrations_and_upgrades', ['frontend', 'deps']],
  ['Add retry with jitter to webhook dispatcher', 'acme/payments-service', 'feature_development', ['backend', 'reliability']],
  ['Migrate CI from CircleCI to GitHub Actions', 'acme/infra', 'ci_cd_and_devops', ['ci']],
  ['Write unit tests for currency rounding helpers', 'acme/payments-service', 'unit_test_generation', ['tests', 'payments']],
  ['Investigate memory leak in image resizer worker', 'acme/data-pipeline', 'research_and_exploration', ['perf', 'p1']],
  ['Add dark mode tokens to design-system', 'acme/design-system', 'feature_development', ['frontend', 'design']],
  ['Bump OpenSSL base image to fix CVE-2025-1234', 'acme/infra', 'code_quality_and_security', ['security', 'deps']],
  ['Document the /v2/refunds endpoint', 'acme/docs', 'documentation_and_content', ['docs']],
  ['Refactor session middleware to async/await', 'acme/auth-service', 'refactoring_and_optimization', ['backend', 'tech-debt']],
  ['Fix timezone bug in nightly revenue report', 'acme/data-pipeline', 'bug_fixing', ['bug', 'customer:globex']],
  ['Add pagination to the admin users table', 'acme/web-app', 'feature_development', ['frontend']],
  ['Review PR #398: rate limiter rewrite', 'acme/auth-service', 'code_review_and_analysis', ['review']],
  ['Speed up Jest suite by sharding in CI', 'acme/web-app', 'ci_cd_and_devops', ['ci', 'perf']],
  ['Replace moment.js with date-fns', 'acme/mobile-app', 'migrations_and_upgrades', ['deps', 'mobile']],
  ['Fix crash on Android 14 when opening receipts', 'acme/mobile-app', 'bug_fixing', ['bug', 'mobile', 'p1']],
  ['Add OpenTelemetry tracing to ledger service', 'acme/payments-service', 'data_and_automation', ['observability']],
  ['Remove dead feature flags older than 90 days', 'acme/web-app', 'code_quality_and_security', ['tech-debt']],
  ['Terraform: enable S3 bucket versioning everywhere', 'acme/infra', 'ci_cd_and_devops', ['infra', 'security']],
  ['Translate onboarding emails to German and French', 'acme/docs', 'documentation_and_content', ['i18n']],
  ['Fix N+1 query on orders dashboard', 'acme/web-app', 'refactoring_and_optimization', ['perf', 'backend']],
  ['Add SAML login e2e test', 'acme/auth-service', 'unit_test_generation', ['tests', 'security']],
  ['Backfill missing invoice ids in warehouse', 'acme/data-pipeline', 'data_and_automation', ['data']],
  ['Explain how the fraud scoring model is deployed', 'acme/data-pipeline', 'research_and_exploration', ['question']],
];

const ORIGINS = ['webapp', 'webapp', 'webapp', 'slack', 'slack', 'api', 'linear', 'jira', 'cli', 'scheduled'];
const USERS = ['user-3f9c2a1b7e', 'user-8d41be02c9', 'user-a17e55f0d3', 'user-c0ffee1234'];
const SERVICE_USER_ID = 'service-user-fake-vscode';

const CODE_SNIPPETS = [
  '```ts\nexport function roundCents(value: number): number {\n  return Math.round((value + Number.EPSILON) * 100) / 100;\n}\n```',
  '```diff\n- await sleep(1000);\n+ await waitFor(() => expect(cart.total).toBe(42));\n```',
  '```bash\nnpm ci\nnpm test -- --runInBand payments/checkout.test.ts\n```',
  '```python\nfor row in rows:\n    row["invoice_id"] = row.get("invoice_id") or lookup(row["order_id"])\n```',
  '```yaml\njobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        shard: [1, 2, 3, 4]\n```',
];

const DEVIN_PROGRESS = [
  "I'll start by reproducing the issue locally and reading the relevant code.",
  'I found the root cause: the test waits a fixed **1 second** instead of waiting for the cart total. Here is the change:\n\n{code}',
  'Tests are passing locally now:\n\n- `checkout.test.ts` ✅ (50/50 runs)\n- `cart.test.ts` ✅\n\nNext I will run the full suite in CI.',
  'I set up the environment and installed dependencies:\n\n{code}',
  'Progress update:\n\n1. Updated the helper\n2. Added tests for edge cases (`0.005`, negative values)\n3. Ran the linter\n\n{code}',
  'CI is green on my branch. I am writing the PR description now.',
];

const DEVIN_QUESTIONS = [
  'Should I also update the **staging** config, or only production? Please reply here and I will continue.',
  'There are two ways to fix this:\n\n1. Patch the query (small change)\n2. Add an index (needs a migration)\n\nWhich do you prefer?',
  'I need access to the `STRIPE_TEST_KEY` secret to run the integration tests. Can you add it, or should I mock Stripe?',
];

const USER_REPLIES = [
  'Only production for now, thanks!',
  'Go with option 1, we can add the index later.',
  'Please mock it, we do not share that key with agents.',
  'Looks good. Can you also add a changelog entry?',
];

/** The description of a session: title, repo, tags, category, seeded by index. */
function sessionTemplate(rand, index) {
  const t = TITLES[index % TITLES.length];
  const round = Math.floor(index / TITLES.length);
  return {
    title: round ? `${t[0]} (#${round + 1})` : t[0],
    repo: t[1],
    category: t[2],
    tags: t[3].slice(),
    origin: pick(rand, ORIGINS),
    user: pick(rand, USERS),
  };
}

function prUrl(rand, repo) {
  return `https://github.com/${repo}/pull/${int(rand, 100, 999)}`;
}

function fill(text, rand) {
  return text.replace('{code}', pick(rand, CODE_SNIPPETS));
}

function hostileCases() {
  const big = '# Big log\n\n' + '```\n' + 'x'.repeat(1024 * 1024) + '\n```';
  return [
    {
      fields: {
        title: null, status_detail: null, tags: null, pull_requests: null, acus_consumed: null, url: null,
        origin: null, user_id: null, playbook_id: null, child_session_ids: null, category: null,
      },
      messages: [{ source: 'devin', message: null }, { source: null, message: 'message without a source' }],
    },
    {
      fields: {
        status: 'hibernating', status_detail: 'pondering_the_universe', origin: 'carrier_pigeon', category: 'time_travel',
        title: 'Unknown enum values everywhere',
        pull_requests: [{ pr_url: 'https://github.com/acme/web-app/pull/1', pr_state: 'draft_v2' }],
      },
    },
    {
      fields: {
        title: '<script>alert("title")</script><img src=x onerror="alert(1)"> Fix <b>bold</b> & "quotes"',
        tags: ['<img src=x onerror=alert(2)>', '"><script>alert(3)</script>', 'normal-tag'],
        pull_requests: [
          { pr_url: 'javascript:alert(document.cookie)', pr_state: 'open' },
          { pr_url: 'data:text/html,<script>alert(4)</script>', pr_state: 'open' },
          { pr_url: 'command:workbench.action.terminal.new', pr_state: 'merged' },
          { pr_url: 'vscode://evil.extension/run?cmd=rm', pr_state: 'closed' },
        ],
      },
      messages: [
        { source: 'devin', message: '<script>alert("msg")</script> and <img src=x onerror="alert(5)"> and <iframe src="https://evil.example"></iframe>' },
        { source: 'devin', message: '[click me](javascript:alert(6)) [data](data:text/html,<b>x</b>) [cmd](command:workbench.action.openSettings) <a href="command:devin.signOut">sign out</a>' },
        { source: 'user', message: '<style>body{display:none}</style><form action="https://evil.example"><input name=x></form>' },
        { source: 'devin', message: '![tracker](https://evil.example/pixel.png) <svg onload=alert(7)></svg>' },
      ],
    },
    {
      fields: {
        title: 'Approve \u202Egnp.exe\u202C invoice\u200B\u200B\u2066 zero\u200Dwidth \uFEFF bidi',
        tags: ['\u202Eevil', 'zero\u200Bwidth'],
      },
      messages: [{ source: 'devin', message: 'Bidi: \u202Etxt.exe\u202C, zero width: a\u200Bb\u200Cc\u200Dd, RLO/PDF done.' }],
    },
    {
      fields: { title: 'Session with a 1 MB message ' + 'long '.repeat(60), tags: Array.from({ length: 60 }, (_, i) => `tag-${i}`) },
      messages: [{ source: 'devin', message: big }],
    },
    {
      fields: { title: '🚀 Émojis, ünïcödé and 中文标题 and RTL עברית', status: 'running', status_detail: 'waiting_for_approval', acus_consumed: 1e9 },
    },
  ];
}

module.exports = {
  prng, hash, pick, int, hex, REPOS, TITLES, ORIGINS, USERS, SERVICE_USER_ID, CODE_SNIPPETS,
  DEVIN_PROGRESS, DEVIN_QUESTIONS, USER_REPLIES, sessionTemplate, prUrl, fill, hostileCases,
};
