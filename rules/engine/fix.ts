/**
 * Applying fixes: non-overlapping edits, applied from the end so offsets stay valid, then the text is parsed and
 * linted again and the remaining fixes applied, at most ten passes. Only bytes inside an edit ever change.
 */
import { countBelow } from '../../grammar/index.js';
import type { Edit, Fix } from '../define.js';
import type { Diagnostic } from './lint.js';

export interface FixResult {
  text: string;
  /** Fixes applied, by rule id. */
  applied: Map<string, number>;
  passes: number;
}

/** The edits of the fixes that can be applied together (no two overlap), in order. */
export function chooseFixes(diagnostics: readonly Diagnostic[], unsafe: boolean): Array<{ rule: string; fix: Fix }> {
  const candidates: Array<{ rule: string; fix: Fix; start: number }> = [];
  for (const d of diagnostics) {
    const fix = d.fix;
    if (!fix || (!unsafe && fix.applicability !== 'safe') || fix.edits.length === 0) continue;
    let start = Infinity;
    for (const e of fix.edits) start = Math.min(start, e.start);
    candidates.push({ rule: d.rule, fix, start });
  }
  candidates.sort((a, b) => a.start - b.start);
  const taken = new TakenEdits(candidates.flatMap((c) => c.fix.edits.map((e) => e.start)));
  const chosen: Array<{ rule: string; fix: Fix }> = [];
  for (const c of candidates) {
    if (c.fix.edits.some((e) => taken.overlaps(e))) continue;
    chosen.push({ rule: c.rule, fix: c.fix });
    for (const e of c.fix.edits) taken.add(e);
  }
  return chosen;
}

/**
 * The edits taken so far, asked whether a new one conflicts with any (see `overlap`) in O(log n): the largest end
 * among taken edits starting before a point is a prefix maximum over their starts (a Fenwick tree), and insertions
 * are remembered by point.
 */
class TakenEdits {
  private readonly starts: number[];
  private readonly maxEnd: Float64Array;
  private readonly insertions = new Set<number>();

  constructor(starts: number[]) {
    this.starts = [...new Set(starts)].sort((a, b) => a - b);
    this.maxEnd = new Float64Array(this.starts.length + 1).fill(-Infinity);
  }

  /** The number of known starts below `x`. */
  private below(x: number): number {
    return countBelow(this.starts, x);
  }

  add(e: Edit): void {
    if (e.start === e.end) this.insertions.add(e.start);
    for (let i = this.below(e.start) + 1; i < this.maxEnd.length; i += i & -i) {
      if ((this.maxEnd[i] as number) < e.end) this.maxEnd[i] = e.end;
    }
  }

  /** Whether `e` conflicts with a taken edit: one starting before `e` ends and ending after `e` starts. */
  overlaps(e: Edit): boolean {
    if (e.start === e.end && this.insertions.has(e.start)) return true;
    let max = -Infinity;
    for (let i = this.below(e.end); i > 0; i -= i & -i) max = Math.max(max, this.maxEnd[i] as number);
    return max > e.start;
  }
}

/**
 * Two edits conflict when their ranges intersect (an insertion strictly inside a replacement counts) or when both
 * insert at the same point (their order would be arbitrary). Touching at a boundary is fine.
 */
export function overlap(a: Edit, b: Edit): boolean {
  if (a.start < b.end && b.start < a.end) return true;
  return a.start === a.end && b.start === b.end && a.start === b.start;
}

/**
 * The text with the edits applied, in one pass over it: edits in order of position (at one point, insertions
 * before a replacement, and of two alike the later one first, as if each were applied from the end backwards).
 * Edits that overlap are applied one by one from the end, each on the result of the one before.
 */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const order = edits.map((_, i) => i).sort((a, b) => {
    const x = edits[a] as Edit;
    const y = edits[b] as Edit;
    return x.start - y.start || x.end - y.end || b - a;
  });
  const parts: string[] = [];
  let at = 0;
  for (const i of order) {
    const e = edits[i] as Edit;
    if (e.start < at || e.end < e.start) return applyOneByOne(text, edits);
    parts.push(text.slice(at, e.start), e.text);
    at = e.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

function applyOneByOne(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/**
 * Fixes `text` until nothing fixable is left (or ten passes); `relint` lints a version of the text. `onPass`
 * sees each pass's edits (in offsets of the text before the pass), for callers that edit another copy alongside,
 * such as the file's bytes.
 */
export function fixAll(text: string, relint: (text: string) => readonly Diagnostic[], unsafe: boolean, onPass?: (edits: readonly Edit[]) => void): FixResult {
  const applied = new Map<string, number>();
  let current = text;
  let passes = 0;
  for (; passes < 10; passes++) {
    const chosen = chooseFixes(relint(current), unsafe);
    if (chosen.length === 0) break;
    const edits = chosen.flatMap((c) => c.fix.edits);
    onPass?.(edits);
    current = applyEdits(current, edits);
    for (const c of chosen) applied.set(c.rule, (applied.get(c.rule) ?? 0) + 1);
  }
  return { text: current, applied, passes };
}
