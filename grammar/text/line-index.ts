import type { TextRange } from './range.js';

/** A zero-based line and a zero-based character counted in UTF-16 code units, as LSP counts them. */
export interface Position {
  line: number;
  character: number;
}

export interface LineRange {
  start: Position;
  end: Position;
}

/**
 * Converts between offsets and line/character positions.
 *
 * Lines end at `\n`, `\r\n` or a lone `\r` — what editors and LSP treat as line breaks (the parser itself follows
 * BuildKit, for which a lone `\r` is whitespace; it reports such characters). Characters are UTF-16 code units,
 * so a tab counts 1 and an astral-plane character counts 2. A byte-order mark at the start of the text is not a
 * character of line 0: editors strip it, so offset 1 is character 0 and the BOM itself maps to (0, 0).
 */
export class LineIndex {
  private _starts: number[] | undefined;
  private readonly bomOffset: number;

  constructor(readonly text: string) {
    this.bomOffset = text.length > 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  /** Offset at which each line starts (computed on first use). */
  private get starts(): number[] {
    if (this._starts) return this._starts;
    const text = this.text;
    const starts = [0];
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) starts.push(i + 1);
      else if (c === 0x0d) {
        if (i + 1 < n && text.charCodeAt(i + 1) === 0x0a) i++;
        starts.push(i + 1);
      }
    }
    this._starts = starts;
    return starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The line containing `offset` (offsets past the end clamp to the last line). */
  lineAt(offset: number): number {
    const starts = this.starts;
    if (offset <= 0) return 0;
    if (offset >= this.text.length) return starts.length - 1;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Offset where `line` starts (after the BOM for line 0). */
  lineStart(line: number): number {
    if (line <= 0) return this.bomOffset;
    if (line >= this.starts.length) return this.text.length;
    return this.starts[line] as number;
  }

  /** Offset where `line`'s content ends, before its line break. */
  lineContentEnd(line: number): number {
    if (line < 0) return this.lineStart(0);
    if (line >= this.starts.length - 1) return this.text.length;
    let end = this.starts[line + 1] as number;
    const text = this.text;
    if (end > 0 && text.charCodeAt(end - 1) === 0x0a) end--;
    if (end > 0 && text.charCodeAt(end - 1) === 0x0d) end--;
    return Math.max(end, this.lineStart(line));
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineAt(clamped);
    const start = this.lineStart(line);
    // An offset inside a `\r\n` pair belongs to the end of the line's content.
    const contentEnd = this.lineContentEnd(line);
    return { line, character: Math.max(0, Math.min(clamped, contentEnd) - start) };
  }

  /** The offset of a position; characters past the line's end clamp to it, lines past the end clamp to EOF. */
  offsetAt(position: Position): number {
    if (position.line < 0) return this.lineStart(0);
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.lineStart(position.line);
    const end = this.lineContentEnd(position.line);
    return Math.max(start, Math.min(start + Math.max(0, position.character), end));
  }

  rangeAt(r: TextRange): LineRange {
    return { start: this.positionAt(r.start), end: this.positionAt(r.end) };
  }
}
