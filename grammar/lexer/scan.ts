/**
 * Physical-layer scanning shared by the lexer's token matchers: line continuations, the lines BuildKit skips
 * inside a continuation, words glued across continuations, and the logical (joined) text of a span.
 *
 * BuildKit joins the physical lines of an instruction before it looks at words, flags, JSON or heredocs. We keep
 * the physical text (the tree is lossless) and instead teach every matcher to treat a continuation as invisible
 * where BuildKit would: between words it is trivia, inside a word (`FR\` + `OM`) it is glue.
 */
import { CH_CR, CH_LF, CH_HASH, findChar, isBlank, isGoSpace } from '../text/chars.js';

/** Offset of the end of the physical line containing `i`: the first `\n` at or after `i`, or the text length. */
export function physicalLineEnd(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl;
}

/** True when `i` starts a line break as BuildKit sees one: `\r*\n`, or `\r+` at the end of the text. */
export function isNewlineAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === CH_LF) return true;
  if (c !== CH_CR) return false;
  let j = i + 1;
  while (j < text.length && text.charCodeAt(j) === CH_CR) j++;
  return j === text.length || text.charCodeAt(j) === CH_LF;
}

/** End of the line break starting at `i` (which must satisfy `isNewlineAt`). */
export function newlineEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length && text.charCodeAt(j) === CH_CR) j++;
  if (j < text.length && text.charCodeAt(j) === CH_LF) j++;
  return j;
}

/**
 * True when the escape character at `i` is a line continuation: only blanks (and the line break's `\r`) follow
 * it on its line, and the character before it is not itself the escape character. BuildKit looks back exactly
 * one character, so `\\` at the end of a line is not a continuation and neither is `\\\`.
 */
export function isContinuationAt(text: string, i: number, escape: number): boolean {
  if (text.charCodeAt(i) !== escape) return false;
  if (i > 0 && text.charCodeAt(i - 1) === escape) return false;
  let j = i + 1;
  const n = text.length;
  while (j < n && isBlank(text.charCodeAt(j))) j++;
  return j === n || isNewlineAt(text, j);
}

export enum SkippedLineKind {
  Comment = 1,
  Empty = 2,
}

/** Classifies a physical line inside a continuation: a comment, an empty (whitespace-only) line, or content. */
export function classifyContinuedLine(text: string, lineStart: number): SkippedLineKind | 0 {
  const n = text.length;
  let j = lineStart;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === CH_LF) return SkippedLineKind.Empty;
    if (!isGoSpace(c)) return c === CH_HASH ? SkippedLineKind.Comment : 0;
    j++;
  }
  return SkippedLineKind.Empty;
}

/**
 * End of the continuation whose escape is at `i`: after the escape, trailing blanks and the line break, and after
 * every following comment or empty line (BuildKit drops those). At end of text it stops there.
 */
export function continuationEnd(text: string, i: number): number {
  const n = text.length;
  let j = i + 1;
  while (j < n && isBlank(text.charCodeAt(j))) j++;
  if (j >= n) return n;
  j = newlineEnd(text, j);
  while (j < n) {
    if (classifyContinuedLine(text, j) === 0) break;
    const nl = text.indexOf('\n', j);
    j = nl < 0 ? n : nl + 1;
  }
  return j;
}

/** Whether any empty line sits inside the continuation `[i, end)` (BuildKit's NoEmptyContinuation warning). */
export function emptyLinesIn(text: string, i: number, end: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let nl = text.indexOf('\n', i);
  while (nl >= 0 && nl + 1 < end) {
    const lineStart = nl + 1;
    const next = text.indexOf('\n', lineStart);
    const lineEnd = next < 0 || next >= end ? end : next + 1;
    if (classifyContinuedLine(text, lineStart) === SkippedLineKind.Empty) out.push([lineStart, lineEnd]);
    nl = next < 0 || next >= end ? -1 : next;
  }
  return out;
}

/**
 * If a continuation starts at `i` and the next content line does not start with whitespace, returns the offset
 * where the glued word goes on; otherwise -1. `FR\` + `OM` glues into `FROM`; `a \` + `  b` does not glue.
 */
export function glueAt(text: string, i: number, escape: number, isSeparator: (c: number) => boolean): number {
  let j = i;
  // A line holding only the escape character continues again: `FR\` + `\` + `OM` is still FROM.
  while (isContinuationAt(text, j, escape)) {
    const k = continuationEnd(text, j);
    if (k >= text.length) return -1;
    const c = text.charCodeAt(k);
    if (isSeparator(c) || isNewlineAt(text, k)) return -1;
    if (c === escape && isContinuationAt(text, k, escape)) {
      j = k;
      continue;
    }
    return k;
  }
  return -1;
}

/**
 * End of a plain word starting at `i`: characters up to a separator or line break, glued across continuations.
 * No quote or escape processing: this is how BuildKit splits the keyword and FROM/COPY/EXPOSE arguments.
 */
export function plainWordEnd(text: string, i: number, escape: number, isSeparator: (c: number) => boolean): number {
  const n = text.length;
  let j = i;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === escape && isContinuationAt(text, j, escape)) {
      const k = glueAt(text, j, escape, isSeparator);
      if (k < 0) return j;
      j = k;
      continue;
    }
    if (isSeparator(c) || c === CH_LF) return j;
    j++;
  }
  return j;
}

/**
 * The logical text of `[start, end)`: continuations (with the comment and empty lines they skip) removed, as
 * BuildKit joins an instruction's lines. `toSource` maps a logical offset back to a source offset.
 */
export class LogicalText {
  private constructor(
    readonly text: string,
    /** Pairs of (logical offset, source offset) where each kept segment starts, ascending. */
    private readonly segments: number[],
    readonly sourceStart: number,
    readonly sourceEnd: number,
  ) {}

  static of(source: string, start: number, end: number, escape: number): LogicalText {
    let firstCont = -1;
    for (let j = findChar(source, escape, start, end); j >= 0; j = findChar(source, escape, j + 1, end)) {
      if (isContinuationAt(source, j, escape)) {
        firstCont = j;
        break;
      }
    }
    if (firstCont < 0) return new LogicalText(source.slice(start, end), [0, start], start, end);
    const parts: string[] = [];
    const segments: number[] = [];
    let logical = 0;
    let segStart = start;
    let j = firstCont;
    while (j < end) {
      if (source.charCodeAt(j) === escape && isContinuationAt(source, j, escape)) {
        if (j > segStart) {
          segments.push(logical, segStart);
          parts.push(source.slice(segStart, j));
          logical += j - segStart;
        }
        j = Math.min(continuationEnd(source, j), end);
        segStart = j;
        continue;
      }
      j++;
    }
    if (end > segStart) {
      segments.push(logical, segStart);
      parts.push(source.slice(segStart, end));
    }
    if (segments.length === 0) segments.push(0, end);
    return new LogicalText(parts.join(''), segments, start, end);
  }

  /** The contiguous stretches of logical range `[s, e)`: (logical start, source start, length) triples, in order. */
  stretches(s: number, e: number): number[] {
    const seg = this.segments;
    const out: number[] = [];
    const n = seg.length / 2;
    for (let i = 0; i < n; i++) {
      const ls = seg[i * 2] as number;
      const le = i + 1 < n ? (seg[i * 2 + 2] as number) : this.text.length;
      const from = Math.max(ls, s);
      const to = Math.min(le, e);
      if (to > from) out.push(from, (seg[i * 2 + 1] as number) + (from - ls), to - from);
    }
    return out;
  }

  /** Source offset of logical offset `o`; the logical end maps to the end of the last segment. */
  toSource(o: number): number {
    const seg = this.segments;
    if (seg.length === 2) return (seg[1] as number) + o;
    let lo = 0;
    let hi = seg.length / 2 - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((seg[mid * 2] as number) <= o) lo = mid;
      else hi = mid - 1;
    }
    const logicalStart = seg[lo * 2] as number;
    const sourceStart = seg[lo * 2 + 1] as number;
    return sourceStart + (o - logicalStart);
  }

  /** Source range of the logical range `[s, e)`: the end maps to just after the last logical character. */
  toSourceRange(s: number, e: number): { start: number; end: number } {
    if (e <= s) {
      const p = this.toSource(s);
      return { start: p, end: p };
    }
    return { start: this.toSource(s), end: this.toSource(e - 1) + 1 };
  }
}
