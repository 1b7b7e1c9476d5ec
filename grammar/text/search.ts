/**
 * Halving searches over sorted lists, shared by the places that answer "where in the file" questions in O(log n)
 * (the lint and fix engines, rules that index positions once per file).
 */

/** The first index in [0, length) at which `before` is false; `before` must be true up to some index, then false. */
export function partitionPoint(length: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many numbers of an ascending list are below `x`. */
export function countBelow(sorted: readonly number[], x: number): number {
  return partitionPoint(sorted.length, (i) => (sorted[i] as number) < x);
}

/** Whether an ascending list holds a number in [start, end). */
export function anyInRange(sorted: readonly number[], start: number, end: number): boolean {
  const i = countBelow(sorted, start);
  return i < sorted.length && (sorted[i] as number) < end;
}
