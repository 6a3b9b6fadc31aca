// Relative times and numbers come from Intl in the display language (src/util/intl.ts), in the
// tree (descriptions, tooltips), the details webview and everything else built on the session
// model. Asserts the real ICU output for German, Japanese, English and the other shipped languages.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { afterEach, describe, it } from 'node:test';
import type { Session } from '../../src/api/types';

const require = createRequire(__filename);
require('../support/vscode-stub.cjs');
const { formatAcus, relativeTime } = require('../../src/sessions/model') as typeof import('../../src/sessions/model');
const intl = require('../../src/util/intl') as typeof import('../../src/util/intl');
const { sessionDescription, sessionTooltip } = require('../../src/views/sessionsTree') as typeof import('../../src/views/sessionsTree');
const { renderHeader } = require('../../src/webview/render') as typeof import('../../src/webview/render');
const { DEFAULT_STRINGS } = require('../../src/webview/protocol') as typeof import('../../src/webview/protocol');

// Noon UTC, so the calendar date is the same in every time zone the tests may run in.
const NOW = Date.UTC(2027, 0, 15, 12, 0, 0);
const ago = (seconds: number) => NOW / 1000 - seconds;

function session(over: Partial<Session> = {}): Session {
  return {
    session_id: 'devin-abc123',
    url: 'https://app.devin.ai/sessions/abc123',
    status: 'exit',
    status_detail: null,
    title: 'Fix the build',
    tags: [],
    org_id: 'org-1',
    created_at: ago(7200),
    updated_at: ago(300),
    acus_consumed: 1234.5,
    pull_requests: [],
    ...over,
  };
}

afterEach(() => intl.setLocale(undefined));

describe('Intl formatting in the display language', () => {
  const cases = [
    {
      lang: 'en',
      now: 'now',
      min: '5 minutes ago',
      oneMin: '1 minute ago',
      hours: '2 hours ago',
      yesterday: 'yesterday',
      days: '3 days ago',
      date: 'Nov 16, 2026',
      acus: '2.3 ACUs',
      bigAcus: '1,235 ACUs',
      number: '12,345',
    },
    {
      lang: 'de',
      now: 'jetzt',
      min: 'vor 5 Minuten',
      oneMin: 'vor 1 Minute',
      hours: 'vor 2 Stunden',
      yesterday: 'gestern',
      days: 'vor 3 Tagen',
      date: '16.11.2026',
      acus: '2,3 ACUs',
      bigAcus: '1.235 ACUs',
      number: '12.345',
    },
    {
      lang: 'ja',
      now: '今',
      min: '5 分前',
      oneMin: '1 分前',
      hours: '2 時間前',
      yesterday: '昨日',
      days: '3 日前',
      date: '2026/11/16',
      acus: '2.3 ACUs',
      bigAcus: '1,235 ACUs',
      number: '12,345',
    },
  ];
  for (const c of cases) {
    it(`relative times, dates and numbers in ${c.lang}`, () => {
      intl.setLocale(c.lang);
      assert.equal(relativeTime(ago(10), NOW), c.now);
      assert.equal(relativeTime(ago(300), NOW), c.min);
      assert.equal(relativeTime(ago(50), NOW), c.oneMin, 'under a minute but not "now" rounds up to one minute');
      assert.equal(relativeTime(ago(7200), NOW), c.hours);
      assert.equal(relativeTime(ago(86400), NOW), c.yesterday);
      assert.equal(relativeTime(ago(86400 * 3), NOW), c.days);
      assert.equal(relativeTime(ago(86400 * 60), NOW), c.date, 'older than 30 days: a date in the display language');
      assert.equal(relativeTime(0, NOW), 'unknown time');
      assert.equal(formatAcus(2.345), c.acus);
      assert.equal(formatAcus(1234.5), c.bigAcus);
      assert.equal(formatAcus(1), '1 ACU');
      assert.equal(intl.formatNumber(12345), c.number);
    });
  }

  it('the other shipped languages: French, Spanish, Brazilian Portuguese, Chinese, Korean', () => {
    const expected: Record<string, [string, string]> = {
      fr: ['il y a 5 minutes', '2,3 ACUs'],
      es: ['hace 5 minutos', '2,3 ACUs'],
      'pt-br': ['há 5 minutos', '2,3 ACUs'],
      'zh-cn': ['5分钟前', '2.3 ACUs'],
      ko: ['5분 전', '2.3 ACUs'],
    };
    for (const [lang, [min, acus]] of Object.entries(expected)) {
      intl.setLocale(lang);
      assert.equal(relativeTime(ago(300), NOW), min, lang);
      assert.equal(formatAcus(2.345), acus, lang);
    }
  });

  it('maps VS Code language ids to Intl locales and falls back to English for anything else', () => {
    assert.equal(intl.toIntlLocale('zh-cn'), 'zh-CN');
    assert.equal(intl.toIntlLocale('pt-br'), 'pt-BR');
    assert.equal(intl.toIntlLocale('de'), 'de');
    assert.equal(intl.toIntlLocale(undefined), 'en');
    assert.equal(intl.toIntlLocale(''), 'en');
    assert.equal(intl.toIntlLocale('not a locale!'), 'en');
    assert.equal(intl.toIntlLocale('x'.repeat(100)), 'en');
    intl.setLocale('de');
    assert.equal(intl.currentLocale(), 'de');
    intl.setLocale('<script>');
    assert.equal(intl.currentLocale(), 'en');
    assert.equal(relativeTime(ago(300), NOW), '5 minutes ago');
  });

  it('switching the language drops the memoized texts of the previous one', () => {
    intl.setLocale('de');
    assert.equal(relativeTime(ago(7200), NOW), 'vor 2 Stunden');
    intl.setLocale('en');
    assert.equal(relativeTime(ago(7200), NOW), '2 hours ago');
  });

  it('tree rows and tooltips use the display language', () => {
    intl.setLocale('de');
    const s = session({ pull_requests: [] });
    // A tree row's age is the short form (a narrow side bar); its accessible name has the long one.
    assert.equal(sessionDescription(s, NOW), 'vor 5 Min. · 1.235 ACUs');
    assert.equal(sessionDescription(s, NOW, undefined, true), 'vor 5 Minuten · 1.235 ACUs');
    const tip = sessionTooltip(s, NOW).value;
    assert.match(tip, /vor 2 Stunden/);
    assert.match(tip, /15\\\.01\\\.2027/, 'the full date in German order (escaped by appendText)');
    intl.setLocale('ja');
    assert.equal(sessionDescription(s, NOW), '5 分前 · 1,235 ACUs');
  });

  it('the details webview header uses the locale the host passes', () => {
    intl.setLocale('de');
    const de = renderHeader(session({ acus_consumed: 3.21, max_acu_limit: 10 }), DEFAULT_STRINGS, NOW);
    assert.match(de, />vor 2 Stunden<\/time>/);
    assert.match(de, />vor 5 Minuten<\/time>/);
    assert.match(de, /3,2 ACUs \/ 10 ACUs/);
    intl.setLocale('ja');
    const ja = renderHeader(session(), DEFAULT_STRINGS, NOW);
    assert.match(ja, />2 時間前<\/time>/);
  });
});

describe('Intl helpers at their edges (src/util/intl.ts)', () => {
  it('maps VS Code language ids to tags Intl accepts, and anything unusable to English', () => {
    assert.equal(intl.toIntlLocale('zh-cn'), 'zh-CN');
    assert.equal(intl.toIntlLocale('pt-br'), 'pt-BR');
    assert.equal(intl.toIntlLocale(undefined), 'en');
    assert.equal(intl.toIntlLocale(''), 'en');
    assert.equal(intl.toIntlLocale('not a tag!'), 'en');
    assert.equal(intl.toIntlLocale(42 as unknown as string), 'en');
    // 35 characters is the longest tag taken; a valid but longer one is refused like junk.
    assert.equal(intl.toIntlLocale('es-419-u-ca-buddhist-hc-h23-nu-latn'), 'es-419-u-ca-buddhist-hc-h23-nu-latn');
    assert.equal(intl.toIntlLocale('es-419-u-ca-buddhist-hc-h23-nu-latn-x-a'), 'en');
  });

  it('relative times are long unless asked for short, in each language, and switch with setLocale', () => {
    assert.equal(intl.formatRelative(-5, 'minute'), '5 minutes ago');
    assert.equal(intl.formatRelative(-5, 'minute', true), '5 min. ago');
    // The cache keeps long and short apart.
    assert.equal(intl.formatRelative(-5, 'minute'), '5 minutes ago');
    intl.setLocale('de');
    assert.equal(intl.formatRelative(-5, 'minute'), 'vor 5 Minuten');
    assert.equal(intl.formatRelative(-5, 'minute', true), 'vor 5 Min.');
    intl.setLocale('en');
    assert.equal(intl.formatRelative(-5, 'minute'), '5 minutes ago');
  });

  it('decimals keep at most the digits asked for, per call', () => {
    assert.equal(intl.formatDecimal(1.25, 1), '1.3');
    assert.equal(intl.formatDecimal(1.25, 2), '1.25');
    assert.equal(intl.formatDecimal(1.25, 0), '1');
    intl.setLocale('de');
    assert.equal(intl.formatDecimal(1.25, 1), '1,3');
  });

  it('times of day follow the display language', () => {
    // Local time, so the assertion holds in any time zone.
    const t = new Date(2027, 0, 15, 15, 4, 5).getTime();
    assert.equal(intl.formatTime(t).replace(/\s/g, ' '), '3:04:05 PM');
    intl.setLocale('de');
    assert.equal(intl.formatTime(t), '15:04:05');
    assert.equal(intl.currentLocale(), 'de');
  });
});
