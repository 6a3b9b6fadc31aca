'use strict';
// The demo's sessions: each a task with its own coherent conversation, and, for the repository the
// demo workspace clones (acme/web-app), pull requests whose files really exist as refs/pull/N/head
// in a local bare repository (scripts/demo.mjs builds it; git's insteadOf maps the GitHub URL to it).
//
// A story: title (unique), repo, category, tags, origin, prompt, plan (Devin's first message),
// steps (progress messages, in order), question (optional; Devin waits for the user), afterReply
// (Devin's answer to a reply), pr ({ number, summary, files? }: files only for acme/web-app, path →
// new content, null = deleted), done (the last message), start (where the story stands when the demo
// starts: new | claimed | working | waiting | finished | merged | suspended | error | archived; absent
// = kept back to be started later by the demo's lifecycle).

const WEB_APP = 'acme/web-app';

// Files that a PR changes in a line or two are built by one function for the base and the PR, so
// that the two cannot drift apart and the PR's diff stays the few lines the story talks about.

/** web-app's package.json with these React versions (main: 18; PR #412: 19). */
function webAppPackageJson({ react, typesReact }) {
  return JSON.stringify({
    name: 'web-app', private: true, type: 'module',
    scripts: { dev: 'vite', build: 'tsc -b && vite build', test: 'vitest run' },
    dependencies: { react, 'react-dom': react },
    devDependencies: { '@types/react': typesReact, typescript: '^5.6.2', vite: '^5.4.8', vitest: '^2.1.2' },
  }, null, 2) + '\n';
}

/** web-app's CI workflow: one test job (main), or the tests in `shards` shards (PR #405). */
function webAppCiWorkflow(shards) {
  return [
    'name: ci',
    'on: [push, pull_request]',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    ...(shards ? ['    strategy:', '      matrix:', `        shard: [${Array.from({ length: shards }, (_, i) => i + 1).join(', ')}]`] : []),
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - uses: actions/setup-node@v4',
    '        with: { node-version: 20, cache: npm }',
    '      - run: npm ci',
    shards ? `      - run: npx vitest run --shard=\${{ matrix.shard }}/${shards}` : '      - run: npm test',
    '',
  ].join('\n');
}

/** The base of acme/web-app (branch main): what the demo workspace is a clone of. */
const WEB_APP_BASE = {
  'README.md': '# web-app\n\nThe Acme storefront: React 18, TypeScript, Vite.\n\n- `npm run dev` starts it on http://localhost:5173\n- `npm test` runs the Vitest suite\n\nSelect some code, right-click and choose **Send to Devin**, or open the Devin view to review what Devin is working on.\n',
  'package.json': webAppPackageJson({ react: '^18.3.1', typesReact: '^18.3.3' }),
  'src/main.tsx': [
    "import React from 'react';",
    "import ReactDOM from 'react-dom';",
    "import { App } from './App';",
    '',
    "ReactDOM.render(<App />, document.getElementById('root'));",
    '',
  ].join('\n'),
  'src/App.tsx': [
    "import { OrdersDashboard } from './orders/dashboard';",
    '',
    'export function App() {',
    '  return <OrdersDashboard />;',
    '}',
    '',
  ].join('\n'),
  'src/checkout.ts': [
    "import { currencyDigits } from './currency';",
    '',
    '/** The amount to charge, after the discount (0..1), in the store currency. */',
    'export function total(prices: number[], discount = 0, currency = \'USD\'): number {',
    '  // TODO: rounding is wrong for currencies without cents (JPY, KRW)',
    '  const sum = prices.reduce((a, b) => a + b, 0);',
    '  return Math.round((sum - sum * discount) * 100) / 100;',
    '}',
    '',
  ].join('\n'),
  'src/currency.ts': [
    '/** Digits after the decimal point, per ISO 4217. */',
    'export function currencyDigits(currency: string): number {',
    "  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;",
    '}',
    '',
  ].join('\n'),
  'src/flags.ts': [
    '/** Feature flags. Remove a flag once it has been on everywhere for 90 days. */',
    'export const flags = {',
    "  newCheckout: { on: true, since: '2026-03-02' },",
    "  darkMode: { on: true, since: '2026-05-18' },",
    "  ordersCsvExport: { on: false, since: '2026-11-20' },",
    "  legacyCartFallback: { on: false, since: '2025-12-01' },",
    '};',
    '',
    'export function isOn(name: keyof typeof flags): boolean {',
    '  return flags[name].on;',
    '}',
    '',
  ].join('\n'),
  'src/orders/dashboard.ts': [
    "import { db } from '../db';",
    '',
    '/** The orders of the last 30 days with their customer, for the dashboard. */',
    'export async function recentOrders() {',
    "  const orders = await db.query('SELECT * FROM orders WHERE created_at > now() - interval \\'30 days\\'');",
    '  for (const order of orders) {',
    "    order.customer = await db.one('SELECT * FROM customers WHERE id = $1', [order.customer_id]);",
    '  }',
    '  return orders;',
    '}',
    '',
  ].join('\n'),
  '.github/workflows/ci.yml': webAppCiWorkflow(),
};

const STORIES = [
  {
    title: 'Fix discount rounding for JPY and KRW in checkout',
    repo: WEB_APP, category: 'bug_fixing', tags: ['bug', 'payments'], origin: 'webapp',
    prompt: '`total()` in src/checkout.ts rounds every currency to cents. Japanese customers see ¥1,234.5. Fix it for currencies without cents and add tests.',
    plan: "I'll read `src/checkout.ts` and `src/currency.ts`, then write failing tests for JPY, KRW and USD.",
    steps: [
      'The bug: `total()` always rounds to 2 digits, but JPY and KRW have 0. `currencyDigits()` already knows that, it just is not used:\n\n```ts\nconst digits = currencyDigits(currency);\nconst factor = 10 ** digits;\nreturn Math.round((sum - sum * discount) * factor) / factor;\n```',
      'Tests added in `src/checkout.test.ts`: ¥1,235 for 1234.5 JPY, ₩990 for KRW, $12.35 for USD. All pass.',
    ],
    question: 'I opened https://github.com/acme/web-app/pull/421. One question before I finish: should a discount ever round **up** for JPY (¥0.5 → ¥1), or always down in the customer\'s favour?',
    afterReply: 'Thanks, done: discounts now round in the customer\'s favour, with a test for ¥0.5.',
    pr: {
      number: 421,
      summary: 'Round checkout totals to the currency\'s digits (JPY, KRW: none)',
      files: {
        'src/checkout.ts': [
          "import { currencyDigits } from './currency';",
          '',
          '/** The amount to charge, after the discount (0..1), in the store currency. */',
          'export function total(prices: number[], discount = 0, currency = \'USD\'): number {',
          '  const sum = prices.reduce((a, b) => a + b, 0);',
          '  const factor = 10 ** currencyDigits(currency);',
          '  return Math.round((sum - sum * discount) * factor) / factor;',
          '}',
          '',
        ].join('\n'),
        'src/checkout.test.ts': [
          "import { expect, test } from 'vitest';",
          "import { total } from './checkout';",
          '',
          "test('JPY has no cents', () => expect(total([1234.5], 0, 'JPY')).toBe(1235));",
          "test('KRW has no cents', () => expect(total([1100], 0.1, 'KRW')).toBe(990));",
          "test('USD keeps cents', () => expect(total([12.345], 0, 'USD')).toBe(12.35));",
          '',
        ].join('\n'),
      },
    },
    done: 'All done. PR #421 is ready for review.',
    start: 'waiting', prOpenBeforeQuestion: true,
  },
  {
    title: 'Upgrade React to 19 in web-app',
    repo: WEB_APP, category: 'migrations_and_upgrades', tags: ['frontend', 'deps'], origin: 'slack',
    prompt: 'Upgrade web-app to React 19 and apply the codemods. Keep the PR small.',
    plan: "I'll check the React 19 upgrade guide against our code: `ReactDOM.render` in `src/main.tsx` is the only removed API we use.",
    steps: [
      '`ReactDOM.render` is gone in React 19. I switched to `createRoot`:\n\n```tsx\nimport { createRoot } from \'react-dom/client\';\ncreateRoot(document.getElementById(\'root\')!).render(<App />);\n```',
      'Bumped `react`, `react-dom` and `@types/react` to 19. `npm test` passes and `vite build` is clean.',
    ],
    pr: {
      number: 412,
      summary: 'React 19: createRoot instead of ReactDOM.render',
      files: {
        'package.json': webAppPackageJson({ react: '^19.0.0', typesReact: '^19.0.1' }),
        'src/main.tsx': [
          "import { createRoot } from 'react-dom/client';",
          "import { App } from './App';",
          '',
          "createRoot(document.getElementById('root')!).render(<App />);",
          '',
        ].join('\n'),
      },
    },
    done: 'All done. PR #412 upgrades React to 19; the only code change is `createRoot` in `src/main.tsx`.',
    start: 'finished',
  },
  {
    title: 'Fix N+1 query on orders dashboard',
    repo: WEB_APP, category: 'refactoring_and_optimization', tags: ['perf', 'backend'], origin: 'linear',
    prompt: 'The orders dashboard takes 4 s to load. Profiling shows one customers query per order. Fix the N+1.',
    plan: "I'll read `src/orders/dashboard.ts` and replace the per-order customer lookup with one query.",
    steps: [
      'Confirmed: `recentOrders()` runs `SELECT * FROM customers WHERE id = $1` once per order (812 queries for the last 30 days).',
      'One join instead:\n\n```ts\nconst orders = await db.query(\n  `SELECT o.*, row_to_json(c) AS customer FROM orders o JOIN customers c ON c.id = o.customer_id\n   WHERE o.created_at > now() - interval \'30 days\'`,\n);\n```\n\nThe dashboard loads in 180 ms locally.',
    ],
    pr: {
      number: 417,
      summary: 'Orders dashboard: one join instead of a query per order',
      files: {
        'src/orders/dashboard.ts': [
          "import { db } from '../db';",
          '',
          '/** The orders of the last 30 days with their customer, for the dashboard: one query. */',
          'export async function recentOrders() {',
          '  return db.query(',
          "    `SELECT o.*, row_to_json(c) AS customer FROM orders o JOIN customers c ON c.id = o.customer_id",
          "     WHERE o.created_at > now() - interval '30 days'`,",
          '  );',
          '}',
          '',
        ].join('\n'),
      },
    },
    done: 'Done: PR #417 makes the dashboard one query (812 → 1).',
    start: 'working',
  },
  {
    title: 'Remove dead feature flags older than 90 days',
    repo: WEB_APP, category: 'code_quality_and_security', tags: ['tech-debt'], origin: 'scheduled',
    prompt: 'Weekly cleanup: remove feature flags that have been on everywhere for more than 90 days, and flags that are off and older than 90 days.',
    plan: "I'll list the flags in `src/flags.ts` with their age and where each is read.",
    steps: [
      '`newCheckout` (on since March) and `darkMode` (on since May) are always on; `legacyCartFallback` has been off for a year. `ordersCsvExport` is new and stays.',
      'Removed the three flags and the dead branches that read them. No other file referenced `legacyCartFallback`.',
    ],
    pr: {
      number: 418,
      summary: 'Remove three feature flags older than 90 days',
      files: {
        'src/flags.ts': [
          '/** Feature flags. Remove a flag once it has been on everywhere for 90 days. */',
          'export const flags = {',
          "  ordersCsvExport: { on: false, since: '2026-11-20' },",
          '};',
          '',
          'export function isOn(name: keyof typeof flags): boolean {',
          '  return flags[name].on;',
          '}',
          '',
        ].join('\n'),
      },
    },
    done: 'All done. PR #418 removes `newCheckout`, `darkMode` and `legacyCartFallback`.',
    start: 'merged',
  },
  {
    title: 'Shard the Vitest suite in CI',
    repo: WEB_APP, category: 'ci_cd_and_devops', tags: ['ci', 'perf'], origin: 'webapp',
    prompt: 'CI takes 14 minutes, almost all of it `npm test`. Shard the test job.',
    plan: "I'll look at `.github/workflows/ci.yml` and Vitest's `--shard` option.",
    steps: [
      'Four shards bring the test job from 13 minutes to under 4:\n\n```yaml\nstrategy:\n  matrix:\n    shard: [1, 2, 3, 4]\n```',
    ],
    pr: {
      number: 405,
      summary: 'CI: run the tests in 4 shards',
      files: {
        '.github/workflows/ci.yml': webAppCiWorkflow(4),
      },
    },
    done: 'Done, PR #405 is merged. CI now takes 5 minutes.',
    start: 'archived',
  },
  {
    title: 'Add CSV export to the orders page',
    repo: WEB_APP, category: 'feature_development', tags: ['frontend', 'feature'], origin: 'jira',
    prompt: 'Add a "Download CSV" button to the orders page behind the `ordersCsvExport` flag. Columns: id, date, customer, total.',
    plan: "I'll add a small `toCsv()` helper with tests, then the button behind `isOn('ordersCsvExport')`.",
    steps: [
      '`toCsv()` quotes fields with commas, quotes or newlines, per RFC 4180:\n\n```ts\nconst cell = (v: string) => (/[",\\n]/.test(v) ? `"${v.replaceAll(\'"\', \'""\')}"` : v);\n```',
      'The button is in place behind the flag; the file name is `orders-YYYY-MM-DD.csv`.',
    ],
    question: 'Should the total be in the store currency with its symbol (`¥1,235`) or a plain number (`1235`)? Spreadsheets prefer plain numbers.',
    afterReply: 'Understood, plain numbers it is, with the currency code in its own column.',
    pr: {
      number: 425,
      summary: 'Orders: CSV export behind ordersCsvExport',
      files: {
        'src/orders/export.ts': [
          "import { isOn } from '../flags';",
          '',
          "const cell = (v: string) => (/[\",\\n]/.test(v) ? `\"${v.replaceAll('\"', '\"\"')}\"` : v);",
          '',
          '/** Orders as RFC 4180 CSV: id, date, customer, total, currency. */',
          'export function toCsv(orders: { id: string; date: string; customer: string; total: number; currency: string }[]): string {',
          "  const rows = [['id', 'date', 'customer', 'total', 'currency'], ...orders.map((o) => [o.id, o.date, o.customer, String(o.total), o.currency])];",
          "  return rows.map((r) => r.map(cell).join(',')).join('\\r\\n') + '\\r\\n';",
          '}',
          '',
          "export const csvExportEnabled = () => isOn('ordersCsvExport');",
          '',
        ].join('\n'),
      },
    },
    done: 'All done. PR #425 adds the CSV export; it stays hidden until `ordersCsvExport` is on.',
  },
  {
    title: 'Add pagination to the admin users table',
    repo: WEB_APP, category: 'feature_development', tags: ['frontend'], origin: 'webapp',
    prompt: 'The admin users table renders all 40,000 users at once. Add server-side pagination.',
    plan: "I'll find the users endpoint and the table component, and add `limit`/`cursor` parameters.",
    steps: [
      'The API already supports `?limit=&after=`; only the table asks for everything. I added a `usePagedUsers()` hook.',
    ],
    question: 'What page size do you want: 25, 50 or 100 rows? The design mock shows 50.',
    afterReply: '50 rows it is, with a page-size menu remembered per admin.',
    pr: {
      number: 427,
      summary: 'Admin users: server-side pagination (50 per page)',
      files: {
        'src/admin/usePagedUsers.ts': [
          "import { useEffect, useState } from 'react';",
          '',
          'export interface User { id: string; email: string; role: string }',
          '',
          '/** One page of users at a time (the API pages with ?limit=&after=). */',
          'export function usePagedUsers(pageSize = 50) {',
          '  const [pages, setPages] = useState<User[][]>([]);',
          '  const [after, setAfter] = useState<string | null>(null);',
          '  useEffect(() => {',
          "    fetch(`/api/admin/users?limit=${pageSize}${after ? `&after=${after}` : ''}`)",
          '      .then((r) => r.json())',
          '      .then((page: User[]) => setPages((p) => [...p, page]));',
          '  }, [after, pageSize]);',
          '  return { pages, next: (last: string) => setAfter(last) };',
          '}',
          '',
        ].join('\n'),
      },
    },
    done: 'Done: PR #427 pages the users table; the first page loads in 90 ms instead of 6 s.',
  },
  {
    title: 'Fix flaky checkout test in payments-service',
    repo: 'acme/payments-service', category: 'bug_fixing', tags: ['flaky-test', 'payments'], origin: 'webapp', playbook: 'playbook-flaky-tests',
    prompt: 'The `checkout_test.go` test fails about 1 in 20 runs on CI. Find out why and fix it.',
    plan: "I'll reproduce the flake locally first:\n\n```bash\ngo test ./checkout -run TestCheckout -count=50\n```",
    steps: [
      'Reproduced: 3 failures in 50 runs. The test sleeps **1 second** and then reads the cart total, which the event handler sometimes has not written yet.',
      'Fix: wait for the event instead of sleeping:\n\n```diff\n- time.Sleep(time.Second)\n+ require.Eventually(t, func() bool { return cart.Total() == 4200 }, 5*time.Second, 10*time.Millisecond)\n```\n\n0 failures in 500 runs.',
    ],
    question: 'The same `time.Sleep` pattern is in `refund_test.go` (3 places). Should I fix those in this PR too, or keep it small?',
    afterReply: 'Fixed the three in `refund_test.go` as well; 0 failures in 500 runs of both.',
    pr: { number: 1187, summary: 'checkout tests: wait for the cart event instead of sleeping' },
    done: 'All done. PR #1187 removes the four sleeps.',
    start: 'waiting',
  },
  {
    title: 'Add retry with jitter to webhook dispatcher',
    repo: 'acme/payments-service', category: 'feature_development', tags: ['backend', 'reliability'], origin: 'api',
    prompt: 'Webhook deliveries are retried immediately and hammer customers\' endpoints during outages. Add exponential backoff with full jitter, max 8 attempts.',
    plan: "I'll read `dispatcher.go` and add a backoff policy that tests can drive with a fake clock.",
    steps: [
      'Backoff with full jitter, capped at 10 minutes:\n\n```go\nfunc backoff(attempt int, r *rand.Rand) time.Duration {\n\tmax := min(time.Minute<<attempt, 10*time.Minute)\n\treturn time.Duration(r.Int63n(int64(max)))\n}\n```',
      'Table tests for attempts 0–8 pass; a delivery gives up after the 8th attempt and is marked `failed`.',
    ],
    pr: { number: 1192, summary: 'Webhooks: exponential backoff with full jitter' },
    done: 'Done: PR #1192 adds the retry policy.',
    start: 'working',
  },
  {
    title: 'Migrate CI from CircleCI to GitHub Actions',
    repo: 'acme/infra', category: 'ci_cd_and_devops', tags: ['ci'], origin: 'slack',
    prompt: 'Move the infra repo\'s CircleCI pipeline (lint, plan, apply on main) to GitHub Actions.',
    plan: "I'll translate `.circleci/config.yml` job by job and keep the same required checks.",
    steps: ['`lint` and `plan` are ported. `apply` needs the AWS role; I used OIDC instead of long-lived keys.'],
    question: 'The OIDC role `gha-terraform-apply` does not exist yet. Can you create it, or should I add it in this PR (it needs an admin to apply)?',
    pr: { number: 233, summary: 'CI: GitHub Actions instead of CircleCI' },
    done: 'Done: PR #233 ports the pipeline.',
    start: 'suspended',
  },
  {
    title: 'Investigate memory leak in image resizer worker',
    repo: 'acme/data-pipeline', category: 'research_and_exploration', tags: ['perf', 'p1'], origin: 'linear',
    prompt: 'The image resizer worker grows to 4 GB in a day and gets OOM-killed. Find the leak.',
    plan: "I'll run the worker under `tracemalloc` with a day of sample images replayed at 50×.",
    steps: [
      'The top allocation site is `resize.py:88`: every resized image is appended to `_cache`, which is never evicted.',
      'An LRU cache bounded at 256 entries keeps the worker flat at 310 MB after 2 simulated days:\n\n```python\n@functools.lru_cache(maxsize=256)\ndef thumbnail(key: str, size: int) -> bytes: ...\n```',
    ],
    pr: { number: 356, summary: 'resizer: bounded LRU cache instead of an unbounded dict' },
    done: 'Done: PR #356 bounds the cache; memory stays flat.',
    start: 'working',
  },
  {
    title: 'Bump OpenSSL base image to fix CVE-2025-1234',
    repo: 'acme/infra', category: 'code_quality_and_security', tags: ['security', 'deps'], origin: 'scheduled',
    prompt: 'Our base image ships OpenSSL 3.0.13, affected by CVE-2025-1234. Bump it everywhere.',
    plan: "I'll find every Dockerfile that uses `acme/base` and the version it pins.",
    steps: ['Eleven Dockerfiles pin `acme/base:2026.10`; `2026.11` ships OpenSSL 3.0.15. Bumped all eleven.'],
    pr: { number: 229, summary: 'Base image 2026.11 (OpenSSL 3.0.15, CVE-2025-1234)' },
    done: 'Done, PR #229 is merged and the images are rebuilt.',
    start: 'archived',
  },
  {
    title: 'Document the /v2/refunds endpoint',
    repo: 'acme/docs', category: 'documentation_and_content', tags: ['docs'], origin: 'webapp',
    prompt: 'Write the reference page for `POST /v2/refunds`, with examples in curl and Python.',
    plan: "I'll read the handler and its tests to get every field and error right.",
    steps: ['The page covers the 4 fields, the 3 error codes (`amount_too_large`, `already_refunded`, `charge_not_found`) and idempotency keys, with curl and Python examples.'],
    pr: { number: 88, summary: 'Reference: POST /v2/refunds' },
    done: 'Done, PR #88 is merged.',
    start: 'merged',
  },
  {
    title: 'Refactor session middleware to async/await',
    repo: 'acme/auth-service', category: 'refactoring_and_optimization', tags: ['backend', 'tech-debt'], origin: 'webapp',
    prompt: 'Convert `SessionMiddleware` from callbacks to async/await without changing behaviour.',
    plan: "I'll start with the test suite, so that every step keeps it green.",
    steps: ['The build needs JDK 21 and the environment only had 17; I am installing it.'],
    error: 'I could not finish: the integration tests need the staging Redis, which is not reachable from my environment.\n\n```\nio.lettuce.core.RedisConnectionException: Unable to connect to redis-staging:6379\n```',
    start: 'error',
  },
  {
    title: 'Fix timezone bug in nightly revenue report',
    repo: 'acme/data-pipeline', category: 'bug_fixing', tags: ['bug', 'customer:globex'], origin: 'jira',
    prompt: 'Globex says the nightly revenue report misses orders placed between 00:00 and 01:00 CET. Fix it.',
    plan: "I'll compare the report's date window with the orders' timestamps.",
    steps: ['The report cuts days at midnight **UTC** but labels them in the customer\'s time zone. I made the window follow the customer\'s zone, with a test around the DST change.'],
    pr: { number: 361, summary: 'revenue report: day windows in the customer\'s time zone' },
    done: 'All done. PR #361 is ready for review.',
    start: 'finished',
  },
  {
    title: 'Translate onboarding emails to German and French',
    repo: 'acme/docs', category: 'documentation_and_content', tags: ['i18n'], origin: 'slack',
    prompt: 'Translate the five onboarding emails in `emails/onboarding/` to German and French. Keep the placeholders.',
    plan: "I'll translate with the glossary in `docs/glossary.md` and keep every `{{placeholder}}`.",
    steps: ['Both languages are done; a test checks that every placeholder of the English email is present in each translation.'],
    pr: { number: 91, summary: 'Onboarding emails in German and French' },
    done: 'Done: PR #91.',
    start: 'new',
  },
  {
    title: 'Add SAML login e2e test',
    repo: 'acme/auth-service', category: 'unit_test_generation', tags: ['tests', 'security'], origin: 'webapp',
    prompt: 'Add an end-to-end test for SAML login against the mock IdP.',
    plan: "I'll use the mock IdP container from `docker-compose.test.yml`.",
    steps: ['The test signs in through the mock IdP and checks the session cookie\'s flags (`Secure`, `HttpOnly`, `SameSite=Lax`).'],
    approval: 'I need to run `docker compose up mock-idp` with `--privileged` to bind port 443. Approve?',
    pr: { number: 542, summary: 'e2e: SAML login through the mock IdP' },
    done: 'Done: PR #542.',
    start: 'approval',
  },
  {
    title: 'Fix crash on Android 14 when opening receipts',
    repo: 'acme/mobile-app', category: 'bug_fixing', tags: ['bug', 'mobile', 'p1'], origin: 'jira',
    prompt: 'The app crashes on Android 14 when a user opens a receipt PDF. Stack trace in the ticket.',
    plan: "I'll reproduce on an Android 14 emulator with the ticket's receipt.",
    steps: ['Android 14 requires `FLAG_IMMUTABLE` on the `PendingIntent` that opens the PDF viewer. Added it; no crash in 30 tries.'],
    pr: { number: 778, summary: 'Receipts: FLAG_IMMUTABLE for Android 14' },
    done: 'Done, PR #778 is merged and in the 5.12.1 hotfix.',
    start: 'merged',
  },
  {
    title: 'Add dark mode tokens to design-system',
    repo: 'acme/design-system', category: 'feature_development', tags: ['frontend', 'design'], origin: 'webapp',
    prompt: 'Add dark mode color tokens to the design system, derived from the Figma file\'s dark palette.',
    plan: "I'll map each light token to its dark counterpart and check contrast ratios (WCAG AA).",
    steps: ['42 tokens mapped; two failed AA contrast (`text-muted`, `border-subtle`), adjusted by one step.'],
    pr: { number: 150, summary: 'Dark mode tokens (WCAG AA)' },
    done: 'Done: PR #150.',
    start: 'claimed',
  },
  {
    title: 'Backfill missing invoice ids in warehouse',
    repo: 'acme/data-pipeline', category: 'data_and_automation', tags: ['data'], origin: 'api',
    prompt: '1,204 rows in `warehouse.invoices` have no `invoice_id`. Backfill them from the billing API.',
    plan: "I'll write an idempotent backfill job and dry-run it first.",
    steps: ['Dry run: 1,204 rows, 1,198 resolved from the billing API, 6 orders were never invoiced (listed in the PR).'],
    pr: { number: 364, summary: 'Backfill invoice ids (idempotent job)' },
    done: 'Done: PR #364; the 6 unresolved orders are listed in its description.',
  },
  {
    title: 'Add OpenTelemetry tracing to ledger service',
    repo: 'acme/payments-service', category: 'data_and_automation', tags: ['observability'], origin: 'webapp',
    prompt: 'Add OpenTelemetry tracing to the ledger service: HTTP handlers, SQL queries, and the Kafka consumer.',
    plan: "I'll add the OTel SDK with the OTLP exporter and instrument the three entry points.",
    steps: ['HTTP and SQL spans are in; the Kafka consumer propagates the trace context from message headers.'],
    question: 'Which sampling rate should production use? I would start with 10% plus every error.',
    afterReply: 'Set: 10% parent-based sampling, and errors always kept.',
    pr: { number: 1199, summary: 'ledger: OpenTelemetry tracing' },
    done: 'Done: PR #1199.',
  },
  {
    title: 'Replace moment.js with date-fns',
    repo: 'acme/mobile-app', category: 'migrations_and_upgrades', tags: ['deps', 'mobile'], origin: 'linear',
    prompt: 'moment.js adds 300 KB to the mobile bundle. Replace it with date-fns.',
    plan: "I'll list every moment call and its date-fns equivalent.",
    steps: ['47 call sites converted; the bundle is 286 KB smaller. Snapshot tests pass.'],
    pr: { number: 781, summary: 'date-fns instead of moment.js (−286 KB)' },
    done: 'Done: PR #781.',
  },
];

function prUrl(story) {
  return story.pr ? `https://github.com/${story.repo}/pull/${story.pr.number}` : null;
}

module.exports = { WEB_APP, WEB_APP_BASE, STORIES, prUrl };
