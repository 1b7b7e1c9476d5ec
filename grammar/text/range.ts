/**
 * A half-open range `[start, end)` of UTF-16 offsets into the parsed text.
 * Offsets are JavaScript string indices, which are UTF-16 code units — the unit LSP counts in.
 */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

export function range(start: number, end: number): TextRange {
  return { start, end };
}

export function containsOffset(r: TextRange, offset: number): boolean {
  return offset >= r.start && offset < r.end;
}

/** True when `inner` lies within `outer` (both half-open). */
export function containsRange(outer: TextRange, inner: TextRange): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

export function rangeLength(r: TextRange): number {
  return r.end - r.start;
}
