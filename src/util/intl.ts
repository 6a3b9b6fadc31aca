// Numbers, relative times and dates in the display language (vscode.env.language), with the
// platform's Intl (ICU) data: "vor 5 Minuten", "5 分前", "1,234.5". Pure (no `vscode` import): the
// extension host, the details webview and Node tests share it. The core and the webview call
// setLocale with the display language; unset, or for a tag Intl refuses, it is English.
//
// Formatters are built once per locale. Tree rows format the same few values over and over
// ("3 hours ago" on thousands of rows), so relative times are memoized per (unit, value).

let locale = 'en';
let numberFmt: Intl.NumberFormat | undefined;
const acuFmts = new Map<number, Intl.NumberFormat>();
let relFmt: Intl.RelativeTimeFormat | undefined;
let relShortFmt: Intl.RelativeTimeFormat | undefined;
let dateFmt: Intl.DateTimeFormat | undefined;
let dateTimeFmt: Intl.DateTimeFormat | undefined;
let timeFmt: Intl.DateTimeFormat | undefined;
const relCache = new Map<string, string>();

/** The BCP 47 tag Intl accepts for a VS Code language id ("zh-cn" → "zh-CN"); "en" for anything else. */
export function toIntlLocale(language: string | undefined): string {
  if (typeof language !== 'string' || !language || language.length > 35) return 'en';
  try {
    return Intl.getCanonicalLocales(language)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

/** Sets the display language for every formatter here (VS Code's `vscode.env.language`). */
export function setLocale(language: string | undefined): void {
  const next = toIntlLocale(language);
  if (next === locale && numberFmt) return;
  locale = next;
  numberFmt = undefined;
  acuFmts.clear();
  relFmt = undefined;
  relShortFmt = undefined;
  dateFmt = undefined;
  dateTimeFmt = undefined;
  timeFmt = undefined;
  relCache.clear();
}

export function currentLocale(): string {
  return locale;
}

/** An integer or decimal in the display language: 12345 → "12,345" (en), "12.345" (de). */
export function formatNumber(n: number): string {
  numberFmt ??= new Intl.NumberFormat(locale);
  return numberFmt.format(n);
}

/** A number with at most `digits` fraction digits: 2.345 → "2.3" (en), "2,3" (de). */
export function formatDecimal(n: number, digits: number): string {
  let f = acuFmts.get(digits);
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
    acuFmts.set(digits, f);
  }
  return f.format(n);
}

/** "5 minutes ago", "vor 5 Minuten", "yesterday" (numeric: auto). `value` is negative for the past. */
export function formatRelative(value: number, unit: Intl.RelativeTimeFormatUnit, short = false): string {
  const key = `${short ? 's' : 'l'}:${unit}:${value}`;
  let s = relCache.get(key);
  if (s === undefined) {
    // short: "5 min. ago", "vor 5 Min.", "il y a 5 min" (a narrow tree row); long everywhere else.
    s = short
      ? (relShortFmt ??= new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' })).format(value, unit)
      : (relFmt ??= new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'long' })).format(value, unit);
    if (relCache.size > 1000) relCache.clear();
    relCache.set(key, s);
  }
  return s;
}

/** A calendar date in the display language ("Jan 15, 2027", "15.01.2027"). */
export function formatDate(ms: number): string {
  dateFmt ??= new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  return dateFmt.format(ms);
}

/** Date and time in the display language. */
export function formatDateTime(ms: number): string {
  dateTimeFmt ??= new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return dateTimeFmt.format(ms);
}

/** A time of day in the display language ("3:04:05 PM", "15:04:05"). */
export function formatTime(ms: number): string {
  timeFmt ??= new Intl.DateTimeFormat(locale, { timeStyle: 'medium' });
  return timeFmt.format(ms);
}
