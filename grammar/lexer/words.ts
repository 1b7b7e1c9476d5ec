/**
 * Word readers for the lexer's matchers. Each reads physical text but follows one of BuildKit's splitting rules
 * on the joined line, so a continuation inside a word glues and a continuation between words ends the word.
 */
import { CH_CR, CH_DQUOTE, CH_LF, CH_SQUOTE, findChar, isBlank, isGoSpace } from '../text/chars.js';
import { continuationEnd, glueAt, isContinuationAt, isNewlineAt } from './scan.js';

/**
 * End of a quote-aware word: ENV/LABEL/ARG words (`kv`: the escape character escapes the next character outside
 * quotes and inside double quotes) or flag words (`flag`: it escapes inside single quotes too). Whitespace inside
 * quotes is part of the word, also at the start of a continued line.
 */
export function quotedWordEnd(text: string, i: number, escape: number, kind: 'kv' | 'flag'): number {
  const n = text.length;
  let j = i;
  let quote = 0;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === escape && isContinuationAt(text, j, escape)) {
      if (quote !== 0) {
        const k = continuationEnd(text, j);
        if (k >= n) return j;
        j = k;
        continue;
      }
      const k = glueAt(text, j, escape, isGoSpace);
      if (k < 0) return j;
      j = k;
      continue;
    }
    if (c === CH_LF || (c === CH_CR && isNewlineAt(text, j))) return j;
    if (quote !== 0) {
      if (c === quote) {
        quote = 0;
        j++;
      } else if (c === escape && (kind === 'flag' || quote !== CH_SQUOTE)) {
        j += j + 1 < n && !isNewlineAt(text, j + 1) ? 2 : 1;
      } else {
        j++;
      }
      continue;
    }
    if (isGoSpace(c)) return j;
    if (c === CH_SQUOTE || c === CH_DQUOTE) {
      quote = c;
      j++;
    } else if (c === escape) {
      j += j + 1 < n && !isNewlineAt(text, j + 1) ? 2 : 1;
    } else {
      j++;
    }
  }
  return j;
}

/**
 * End of a run of shell-form text starting at `i`: up to a line break, a continuation, or `stopAt` (the next
 * heredoc marker), with trailing whitespace left out. No quote processing: BuildKit passes shell form verbatim.
 */
export function shellTextEnd(text: string, i: number, escape: number, stopAt: number): number {
  // The run ends at the line break, at the first continuation, or at `stopAt` — whichever comes first.
  const nl = text.indexOf('\n', i);
  let end = nl < 0 ? text.length : nl;
  if (stopAt >= i && stopAt < end) end = stopAt;
  for (let k = findChar(text, escape, i, end); k >= 0; k = findChar(text, escape, k + 1, end)) {
    if (isContinuationAt(text, k, escape)) {
      end = k;
      break;
    }
  }
  // Trailing whitespace (and the `\r` of a line break) is not part of the text.
  while (end > i && isGoSpace(text.charCodeAt(end - 1))) end--;
  return end;
}

/** End of a run of whitespace at `i` (Go's spaces, but not a line break or the `\r` of one). */
export function whitespaceEnd(text: string, i: number): number {
  const n = text.length;
  let j = i;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === CH_LF || !isGoSpace(c)) break;
    if (c === CH_CR && isNewlineAt(text, j)) break;
    j++;
  }
  return j;
}

/**
 * End of the logical line starting at `from`: the offset where the line break that ends it begins (or the end
 * of the text). Continuations and the lines they skip are inside the logical line.
 */
export function logicalLineEnd(text: string, from: number, escape: number): number {
  const n = text.length;
  let j = from;
  for (;;) {
    const nl = text.indexOf('\n', j);
    let k = nl < 0 ? n : nl;
    while (k > j && text.charCodeAt(k - 1) === CH_CR) k--;
    const contentEnd = k;
    while (k > j && isBlank(text.charCodeAt(k - 1))) k--;
    if (k > j && isContinuationAt(text, k - 1, escape)) {
      j = continuationEnd(text, k - 1);
      if (j >= n) return n;
      continue;
    }
    if (nl < 0) {
      // A trailing run of `\r` at end of text is the line break.
      return contentEnd;
    }
    return contentEnd;
  }
}
