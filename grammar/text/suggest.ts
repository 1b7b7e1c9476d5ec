/** "Did you mean" suggestions: the closest candidate within a small edit distance. */

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. With
 * `transpositions: false` it is plain Levenshtein distance (BuildKit's "did you mean" measure).
 */
export function editDistance(a: string, b: string, options: { transpositions?: boolean } = {}): number {
  const transpositions = options.transpositions !== false;
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  const d: number[][] = [];
  for (let i = 0; i <= m; i++) d.push(new Array<number>(n + 1).fill(0));
  const at = (i: number, j: number): number => (d[i] as number[])[j] as number;
  for (let i = 0; i <= m; i++) (d[i] as number[])[0] = i;
  for (let j = 0; j <= n; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (transpositions && i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        v = Math.min(v, at(i - 2, j - 2) + 1);
      }
      (d[i] as number[])[j] = v;
    }
  }
  return at(m, n);
}

/**
 * `editDistance(a, b, options)` when it is at most `max`, else `max + 1`: only the cells within `max` of the
 * diagonal are computed, so the cost is about (2·max + 1) × the shorter length rather than the product of the
 * lengths (suggestions compare a name with every name in scope).
 */
export function editDistanceWithin(a: string, b: string, max: number, options: { transpositions?: boolean } = {}): number {
  const transpositions = options.transpositions !== false;
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > max) return max + 1;
  if (m === 0 || n === 0) return Math.max(m, n);
  const over = max + 1;
  let prev2 = new Array<number>(n + 1).fill(over);
  let prev = new Array<number>(n + 1).fill(over);
  let cur = new Array<number>(n + 1).fill(over);
  for (let j = 0; j <= Math.min(n, max); j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(n, i + max);
    cur.fill(over, Math.max(0, lo - 1), Math.min(n, hi + 1) + 1);
    cur[0] = i <= max ? i : over;
    let rowMin = cur[0] as number;
    for (let j = lo; j <= hi; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (transpositions && i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        v = Math.min(v, (prev2[j - 2] as number) + 1);
      }
      v = Math.min(v, over);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    // Every later cell is at least the smallest of the last two rows.
    if (rowMin >= over && Math.min(...prev.slice(Math.max(0, lo - 2), Math.min(n, hi) + 1)) >= over) return over;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return Math.min(prev[n] as number, over);
}

/** The candidate closest to `word` (case-insensitive), if it is close enough to be a likely typo. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  const limit = w.length <= 3 ? 1 : w.length <= 6 ? 2 : 3;
  let best: string | undefined;
  let bestD = limit + 1;
  for (const c of candidates) {
    const dist = editDistance(w, c.toLowerCase());
    if (dist < bestD) {
      bestD = dist;
      best = c;
    }
  }
  if (best !== undefined || w.length < 4) return best;
  // An abbreviation or a truncated name: `shell-form-cmd` for `shell-form-command`.
  const prefix = candidates.filter((c) => {
    const l = c.toLowerCase();
    return l.startsWith(w) || commonPrefix(l, w) >= Math.max(4, Math.floor(w.length * 0.7));
  });
  return prefix.length === 1 ? prefix[0] : undefined;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
