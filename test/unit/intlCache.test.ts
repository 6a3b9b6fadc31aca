// src/util/intl.ts beyond the texts intl.test.ts checks: the language tag's bounds, the time of
// day, the fraction digits of formatDecimal, and the memoization (a formatter is built once per
// locale, a relative time is formatted once per (style, unit, value), and the cache of relative
// times is emptied when it passes 1000 entries). Counts come from wrapping the real Intl
// constructors and RelativeTimeFormat.prototype.format; the texts are the real ICU output.
import assert from 'node:assert/strict';
import { afterEach, describe, it, mock } from 'node:test';
import { formatDecimal, formatNumber, formatRelative, formatTime, setLocale, toIntlLocale } from '../../src/util/intl';

/** Replaces Intl[name] with a constructor that counts the formatters built. */
function countBuilds<K extends 'NumberFormat' | 'DateTimeFormat'>(name: K): { count: () => number; restore: () => void } {
  const Real = Intl[name] as unknown as new (...args: unknown[]) => object;
  let n = 0;
  const Counting = function (...args: unknown[]) {
    n++;
    return new Real(...args);
  };
  (Intl as unknown as Record<string, unknown>)[name] = Counting;
  return { count: () => n, restore: () => ((Intl as unknown as Record<string, unknown>)[name] = Real) };
}

/** Forces fresh formatters and an empty cache: a change of locale resets them. */
function freshLocale(language: string): void {
  setLocale(language === 'fr' ? 'de' : 'fr');
  setLocale(language);
}

afterEach(() => {
  mock.restoreAll();
  setLocale('en');
});

describe('intl: bounds, time of day, digits and caches', () => {
  it('a language tag of up to 35 characters is used, a longer one falls back to English', () => {
    const tag35 = 'de-x-aaaaaaaa-aaaaaaaa-aaaaaaaa-bbb';
    assert.equal(tag35.length, 35);
    assert.equal(toIntlLocale(tag35), tag35);
    assert.equal(toIntlLocale(`${tag35}b`), 'en');
    assert.equal(toIntlLocale('zh-cn'), 'zh-CN');
    for (const bad of [undefined, '', 'not a tag!', 5 as unknown as string]) assert.equal(toIntlLocale(bad), 'en', String(bad));
  });

  it('the time of day, with seconds, in the display language', () => {
    const at = new Date(2027, 0, 15, 15, 4, 5).getTime(); // 15:04:05 local time, whatever the zone
    freshLocale('en');
    assert.match(formatTime(at), /^3:04:05\sPM$/u);
    freshLocale('de');
    assert.equal(formatTime(at), '15:04:05');
    freshLocale('ja');
    assert.equal(formatTime(at), '15:04:05');
  });

  it('formatDecimal keeps at most the given fraction digits, in the display language', () => {
    freshLocale('en');
    assert.equal(formatDecimal(2.345, 1), '2.3');
    assert.equal(formatDecimal(2.345, 2), '2.35');
    assert.equal(formatDecimal(1234.5, 0), '1,235');
    freshLocale('de');
    assert.equal(formatDecimal(2.345, 1), '2,3');
  });

  it('formatters are built once per locale and digits; setting the same language again keeps them', () => {
    const nf = countBuilds('NumberFormat');
    const df = countBuilds('DateTimeFormat');
    try {
      freshLocale('de');
      assert.equal(formatNumber(1234), '1.234');
      assert.equal(formatNumber(5678), '5.678');
      setLocale('de');
      assert.equal(formatNumber(9), '9');
      assert.equal(nf.count(), 1, 'one NumberFormat for formatNumber');
      formatDecimal(1.25, 1);
      formatDecimal(2.5, 1);
      assert.equal(nf.count(), 2, 'one more for formatDecimal with 1 digit');
      formatDecimal(2.5, 2);
      assert.equal(nf.count(), 3, 'and one for 2 digits');
      const at = new Date(2027, 0, 15, 15, 4, 5).getTime();
      formatTime(at);
      formatTime(at + 1000);
      assert.equal(df.count(), 1, 'one DateTimeFormat for formatTime');
      setLocale('fr');
      formatNumber(1);
      formatTime(at);
      assert.deepEqual([nf.count(), df.count()], [4, 2], 'a new language builds them again');
    } finally {
      nf.restore();
      df.restore();
    }
  });

  it('a relative time is formatted once per style, unit and value', () => {
    freshLocale('en');
    const format = mock.method(Intl.RelativeTimeFormat.prototype, 'format');
    assert.equal(formatRelative(-5, 'minute'), '5 minutes ago');
    assert.equal(formatRelative(-5, 'minute'), '5 minutes ago');
    assert.equal(format.mock.callCount(), 1);
    assert.equal(formatRelative(-5, 'minute', true), '5 min. ago');
    assert.equal(formatRelative(-5, 'hour'), '5 hours ago');
    assert.equal(formatRelative(-6, 'minute'), '6 minutes ago');
    assert.equal(format.mock.callCount(), 4);
  });

  it('the cache of relative times holds up to 1001 texts, then starts over', () => {
    freshLocale('en');
    const format = mock.method(Intl.RelativeTimeFormat.prototype, 'format');
    for (let v = 0; v <= 1000; v++) formatRelative(-v, 'second'); // 1001 texts
    assert.equal(format.mock.callCount(), 1001);
    formatRelative(0, 'second');
    assert.equal(format.mock.callCount(), 1001, 'the first text is still cached at 1001 entries');
    formatRelative(-1001, 'second'); // the 1002nd text: the cache (over 1000) is emptied first
    assert.equal(format.mock.callCount(), 1002);
    formatRelative(0, 'second');
    assert.equal(format.mock.callCount(), 1003, 'the first text was dropped');
    formatRelative(-1001, 'second');
    assert.equal(format.mock.callCount(), 1003, 'the newest text was kept');
  });
});
