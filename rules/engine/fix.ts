/**
 * Applying fixes: non-overlapping edits, applied from the end so offsets stay valid, then the text is parsed and
 * linted again and the remaining fixes applied, at most ten passes. Only bytes inside an edit ever change.
 */
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
  const candidates = diagnostics
    .filter((d) => d.fix && (unsafe || d.fix.applicability === 'safe') && d.fix.edits.length > 0)
    .map((d) => ({ rule: d.rule, fix: d.fix as Fix, start: Math.min(...(d.fix as Fix).edits.map((e) => e.start)) }))
    .sort((a, b) => a.start - b.start);
  const taken: Edit[] = [];
  const chosen: Array<{ rule: string; fix: Fix }> = [];
  for (const c of candidates) {
    const overlaps = c.fix.edits.some((e) => taken.some((t) => overlap(e, t)));
    if (overlaps) continue;
    chosen.push({ rule: c.rule, fix: c.fix });
    taken.push(...c.fix.edits);
  }
  return chosen;
}

/**
 * Two edits conflict when their ranges intersect (an insertion strictly inside a replacement counts) or when both
 * insert at the same point (their order would be arbitrary). Touching at a boundary is fine.
 */
function overlap(a: Edit, b: Edit): boolean {
  if (a.start < b.end && b.start < a.end) return true;
  return a.start === a.end && b.start === b.end && a.start === b.start;
}

export function applyEdits(text: string, edits: readonly Edit[]): string {
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
