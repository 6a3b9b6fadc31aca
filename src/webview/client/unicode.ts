// Two pieces of markdown-it's dependencies for the details webview, from the browser instead of
// tables shipped in media/dist/details.js (esbuild.js, plugin `unicode-from-browser`; Node and the
// tests keep the packages). test/unit/webviewUnicode.test.ts compares both with the packages.
//
// - uc.micro's `S` (Unicode symbols, a 2.5 KB regular expression): markdown-it asks it one code
//   point at a time whether a character next to `*` or `_` is punctuation (isPunctChar). The
//   browser's own Unicode tables answer it (`\p{S}`), for the same symbols and the ones newer
//   Unicode versions added. linkify-it builds its patterns from the other categories' sources,
//   so those stay.
// - punycode.js's `toASCII`: markdown-it writes a link's international host name in its ASCII
//   form (normalizeLink). The browser's URL parser does that; punycode.js's decoder stays for the
//   link text (toUnicode).

/** Unicode category S (symbols), as uc.micro's `S`. */
export const S = /\p{S}/u;

/**
 * A host name in ASCII: each label with non-ASCII characters in its punycode form ("xn--…"), as
 * the URL parser writes it (lower case). ASCII names are returned as they are; a name the URL
 * parser refuses throws, as punycode.js does for some (markdown-it then keeps the name as written).
 */
export function toASCII(domain: string): string {
  return /[\u0080-\uffff]/.test(domain) ? new URL(`http://${domain}`).hostname : domain;
}
