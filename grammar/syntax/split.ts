/**
 * BuildKit's argument splitting, over the logical (joined) text of an instruction. Each function returns pieces
 * with logical offsets so views can map them back to source ranges. These follow BuildKit's parser exactly,
 * including its quirks (shell-form COPY does not honour quotes; legacy ENV keeps the raw remainder).
 */
import { isGoSpace, isSplitSpace } from '../text/chars.js';

export interface Piece {
  /** The argument as BuildKit holds it after parsing (quotes and escapes kept where BuildKit keeps them). */
  value: string;
  /** Logical offsets of the piece. */
  start: number;
  end: number;
}

/** `[start, end)` of `s` with Go's `strings.TrimSpace` applied. */
export function trimSpace(s: string, start = 0, end = s.length): [number, number] {
  let a = start;
  let b = end;
  while (a < b && isGoSpace(s.charCodeAt(a))) a++;
  while (b > a && isGoSpace(s.charCodeAt(b - 1))) b--;
  return [a, b];
}

/** Split on runs of `[\t\v\f\r ]` (BuildKit's `reWhitespace`), as FROM, EXPOSE and shell-form COPY/ADD/VOLUME. */
export function splitWhitespace(s: string, start: number, end: number): Piece[] {
  const out: Piece[] = [];
  let i = start;
  while (i < end) {
    let j = i;
    while (j < end && !isSplitSpace(s.charCodeAt(j))) j++;
    out.push({ value: s.slice(i, j), start: i, end: j });
    while (j < end && isSplitSpace(s.charCodeAt(j))) j++;
    i = j;
  }
  return out;
}

/**
 * Quote-aware words as BuildKit reads ENV, LABEL and ARG: whitespace splits outside quotes, quotes and escapes
 * are kept in the word, the escape character protects the next character outside single quotes.
 */
export function splitWords(s: string, start: number, end: number, escape: number): Piece[] {
  const out: Piece[] = [];
  let i = start;
  while (i < end) {
    while (i < end && isGoSpace(s.charCodeAt(i))) i++;
    if (i >= end) break;
    const ws = i;
    let quote = 0;
    let sawQuote = false;
    // BuildKit keeps every character of the word, except an escape character that ends the input.
    let droppedTrailingEscape = false;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (quote === 0) {
        if (isGoSpace(c)) break;
        if (c === 0x22 || c === 0x27) {
          quote = c;
          sawQuote = true;
        } else if (c === escape) {
          if (i + 1 === end) {
            droppedTrailingEscape = true;
            i++;
            break;
          }
          i++;
        }
        i++;
      } else {
        if (c === quote) quote = 0;
        else if (c === escape && quote !== 0x27) {
          if (i + 1 === end) {
            droppedTrailingEscape = true;
            i++;
            break;
          }
          i++;
        }
        i++;
      }
    }
    const value = s.slice(ws, droppedTrailingEscape ? i - 1 : i);
    if (value.length > 0 || sawQuote) out.push({ value, start: ws, end: i });
  }
  return out;
}

/**
 * A flag word as BuildKit extracts it: quotes removed, the escape character removed (it protects the next
 * character, also inside quotes).
 */
export function unquoteFlagWord(s: string, escape: number): string {
  let out = '';
  let quote = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (quote === 0 && (c === 0x22 || c === 0x27)) {
      quote = c;
      continue;
    }
    if (quote !== 0 && c === quote) {
      quote = 0;
      continue;
    }
    if (c === escape) {
      if (i + 1 === s.length) continue;
      i++;
    }
    out += s[i];
  }
  return out;
}
