/**
 * Character classes as BuildKit's Go code sees them. Each differs on purpose: BuildKit splits the keyword
 * and FROM/COPY/EXPOSE arguments on `[\t\v\f\r ]`, but trims lines and splits ENV/LABEL/ARG words with
 * Go's `unicode.IsSpace`, which also knows NEL, NBSP and the Unicode space separators.
 */

export const CH_TAB = 0x09;
export const CH_LF = 0x0a;
export const CH_VT = 0x0b;
export const CH_FF = 0x0c;
export const CH_CR = 0x0d;
export const CH_SPACE = 0x20;
export const CH_HASH = 0x23;
export const CH_DQUOTE = 0x22;
export const CH_SQUOTE = 0x27;
export const CH_DASH = 0x2d;
export const CH_EQUALS = 0x3d;
export const CH_LT = 0x3c;
export const CH_LBRACKET = 0x5b;
export const CH_RBRACKET = 0x5d;
export const CH_BACKSLASH = 0x5c;
export const CH_BACKTICK = 0x60;
export const CH_DOLLAR = 0x24;
export const CH_LBRACE = 0x7b;
export const CH_RBRACE = 0x7d;
export const CH_BOM = 0xfeff;

/** `[\t\v\f\r ]` — BuildKit's `reWhitespace`, used to split the keyword and whitespace-delimited arguments. */
export function isSplitSpace(c: number): boolean {
  return c === CH_SPACE || c === CH_TAB || c === CH_VT || c === CH_FF || c === CH_CR;
}

/** Go's `unicode.IsSpace`, without `\n` (lines are already split). */
export function isGoSpace(c: number): boolean {
  if (c <= 0x20) return c === CH_SPACE || c === CH_TAB || c === CH_VT || c === CH_FF || c === CH_CR || c === CH_LF;
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Blank characters that may follow a continuation escape on its line: `[ \t]` in BuildKit's regex. */
export function isBlank(c: number): boolean {
  return c === CH_SPACE || c === CH_TAB;
}

export function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

export function isAsciiDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Index of the first `code` in `text[start, end)`, or -1. Unlike indexOf, never looks past `end`. */
export function findChar(text: string, code: number, start: number, end: number): number {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === code) return i;
  return -1;
}
