/**
 * An independent check of what fixes do to a text: edits are applied here, not by berth's fix engine, after
 * checking that each is in bounds, that no two overlap (within one fix or across fixes), that none cuts a
 * UTF-16 surrogate pair in two (which would change the bytes of a character outside the edit once the text is
 * written as UTF-8) and that none inserts in front of a byte order mark (which then no longer starts the file).
 * Across passes it keeps track of which stretches of the original text are still there, verbatim, and where:
 * everything else was inside some edit.
 */
import type { Edit } from '../../rules/define.js';

/** A stretch of the original text, [from, to), that sits unchanged at [at, at + to - from) of the current text. */
export interface Kept {
  from: number;
  to: number;
  at: number;
}

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** True when offset `i` falls between the two halves of a surrogate pair. */
export function splitsSurrogatePair(text: string, i: number): boolean {
  return i > 0 && i < text.length && isHigh(text.charCodeAt(i - 1)) && isLow(text.charCodeAt(i));
}

/** What is wrong with a set of edits on `text`, or undefined when nothing is. */
export function editProblem(text: string, edits: readonly Edit[]): string | undefined {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let prev: Edit | undefined;
  for (const e of sorted) {
    if (!Number.isInteger(e.start) || !Number.isInteger(e.end) || e.start < 0 || e.start > e.end || e.end > text.length) {
      return `edit ${e.start}..${e.end} is out of bounds (text length ${text.length})`;
    }
    if (typeof e.text !== 'string') return `edit ${e.start}..${e.end} has no text`;
    if (splitsSurrogatePair(text, e.start) || splitsSurrogatePair(text, e.end)) return `edit ${e.start}..${e.end} cuts a surrogate pair`;
    if (e.start === 0 && e.end === 0 && e.text !== '' && text.charCodeAt(0) === 0xfeff) return 'edit inserts text in front of the byte order mark';
    if (prev && (prev.end > e.start || (prev.start === prev.end && e.start === e.end && prev.start === e.start))) {
      return `edits ${prev.start}..${prev.end} and ${e.start}..${e.end} overlap`;
    }
    prev = e;
  }
  return undefined;
}

/** Follows one text through passes of edits, knowing which of its stretches survived. */
export class EditTracker {
  text: string;
  kept: Kept[];

  constructor(readonly original: string) {
    this.text = original;
    this.kept = original.length > 0 ? [{ from: 0, to: original.length, at: 0 }] : [];
  }

  /** Applies one pass of edits (checked first; throws saying what is wrong). */
  apply(edits: readonly Edit[]): void {
    const problem = editProblem(this.text, edits);
    if (problem) throw new Error(problem);
    const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
    // The stretches of the current text outside every edit, and where each lands in the new text.
    const gaps: Array<{ start: number; end: number; shift: number }> = [];
    let out = '';
    let pos = 0;
    let shift = 0;
    for (const e of sorted) {
      gaps.push({ start: pos, end: e.start, shift });
      out += this.text.slice(pos, e.start) + e.text;
      shift += e.text.length - (e.end - e.start);
      pos = e.end;
    }
    gaps.push({ start: pos, end: this.text.length, shift });
    out += this.text.slice(pos);
    // Intersect the kept stretches with the gaps (both sorted): one sweep.
    const next: Kept[] = [];
    let g = 0;
    for (const k of this.kept) {
      const kEnd = k.at + (k.to - k.from);
      while (g < gaps.length && (gaps[g] as { end: number }).end <= k.at) g++;
      for (let j = g; j < gaps.length; j++) {
        const gap = gaps[j] as { start: number; end: number; shift: number };
        if (gap.start >= kEnd) break;
        const s = Math.max(gap.start, k.at);
        const e = Math.min(gap.end, kEnd);
        if (s < e) next.push({ from: k.from + (s - k.at), to: k.from + (e - k.at), at: s + gap.shift });
      }
    }
    this.text = out;
    this.kept = next;
  }

  /** The first kept stretch of the original that `text` does not hold where it should, or undefined. */
  lostIn(text: string): Kept | undefined {
    return this.kept.find((k) => text.slice(k.at, k.at + (k.to - k.from)) !== this.original.slice(k.from, k.to));
  }
}
