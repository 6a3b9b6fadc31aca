// TODO/FIXME/HACK markers in comments. Pure and tiny: the activation shell's code action provider
// uses it on every cursor move.

/** A TODO-style marker in a comment: the word and the text after it. */
export const TODO_PATTERN = /(?:^|[^A-Za-z0-9_])(TODO|FIXME|HACK)\b\s*(?:\([^)]*\))?[\s:-]*(.*)$/;
/** Comment openers in common languages; the marker must follow one on its line. */
const COMMENT_START = /(\/\/|\/\*|#|--|;|<!--|%|\*|'|\brem\b|"""|''')/i;

/** Finds a TODO/FIXME/HACK marker in a comment on this line; undefined when there is none. */
export function findTodo(lineText: string): { kind: 'TODO' | 'FIXME' | 'HACK'; text: string; column: number } | undefined {
  const m = TODO_PATTERN.exec(lineText);
  if (!m) return undefined;
  const at = m.index + m[0].indexOf(m[1]);
  const before = lineText.slice(0, at);
  if (!COMMENT_START.test(before)) return undefined;
  return { kind: m[1] as 'TODO' | 'FIXME' | 'HACK', text: m[2].replace(/\s*(\*\/|-->|""")\s*$/, '').trim(), column: at + 1 };
}
