// HTML character references for the details webview's markdown-it, decoded by the browser's own
// HTML parser instead of the `entities` package and its 47 KB table of the same WHATWG list
// (esbuild.js maps `entities` to this module in media/dist/details.js only; Node and the tests
// keep the package). markdown-it calls decodeHTML and decodeHTMLStrict with one reference at a
// time, "&name;" (its regexes /&([a-z#][a-z0-9]{1,31});/i).
//
// Only the references themselves (& + letters or digits, an optional ;) reach the parser, so no
// markup ever does. Text content decodes like decodeHTML: a legacy name without its ";" is
// decoded, "&notit;" gives "¬it;". An attribute value decodes like decodeHTMLStrict for a
// reference that ends in ";": HTML leaves "&notit;" alone there (a legacy name followed by a
// letter or digit), and test/unit/entities.test.ts proves both against the package for every
// name on the list.

export interface EntityDecoder {
  decodeHTML(text: string): string;
  decodeHTMLStrict(text: string): string;
}

/** A reference as the HTML tokenizer reads one in text: numeric or named, ";" optional. */
const REF = /&(?:#(?:[xX][0-9A-Fa-f]+|[0-9]+)|[A-Za-z][A-Za-z0-9]*);?/g;
/** Strict: only a reference ended by ";". */
const STRICT_REF = /&(?:#(?:[xX][0-9A-Fa-f]+|[0-9]+)|[A-Za-z][A-Za-z0-9]*);/g;

/** A decoder on `doc`'s parser (the webview's document, or a test's jsdom). */
export function entityDecoder(doc: Document): EntityDecoder {
  let area: HTMLTextAreaElement | undefined;
  let template: HTMLTemplateElement | undefined;
  const inText = (ref: string): string => {
    // A textarea's content is parsed as RCDATA: references are decoded, nothing else is markup.
    area ??= doc.createElement('textarea');
    area.innerHTML = ref;
    return area.value;
  };
  const inAttribute = (ref: string): string => {
    template ??= doc.createElement('template');
    template.innerHTML = `<i title="${ref}"></i>`;
    return (template.content.firstElementChild as Element).getAttribute('title') ?? ref;
  };
  return {
    decodeHTML: (text) => text.replace(REF, inText),
    decodeHTMLStrict: (text) => text.replace(STRICT_REF, inAttribute),
  };
}

let page: EntityDecoder | undefined;
const decoder = (): EntityDecoder => (page ??= entityDecoder(document));

/** `entities`' decodeHTML (legacy mode, as in text content), on the webview's document. */
export function decodeHTML(text: string): string {
  return decoder().decodeHTML(text);
}

/** `entities`' decodeHTMLStrict (";" required), on the webview's document. */
export function decodeHTMLStrict(text: string): string {
  return decoder().decodeHTMLStrict(text);
}
