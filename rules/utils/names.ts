/** Names: suggestions for typos and fresh stage names. */
import { editDistance } from '../../grammar/index.js';

/** The candidate `name` most likely mistyped, if one is close enough (case-insensitive). */
export function suggestName(name: string, candidates: readonly string[]): string | undefined {
  const w = name.toLowerCase();
  const limit = w.length <= 3 ? 1 : w.length <= 7 ? 2 : 3;
  let best: string | undefined;
  let bestD = limit + 1;
  for (const c of candidates) {
    const dist = editDistance(w, c.toLowerCase());
    if (dist > 0 && dist < bestD) {
      bestD = dist;
      best = c;
    }
  }
  return best;
}

/** A valid stage name derived from an image reference, unique among `taken`: `golang:1.23` → `golang`. */
export function stageNameFor(image: string | undefined, index: number, taken: ReadonlySet<string>): string {
  let base = (image ?? '').split('@')[0]?.split(':')[0]?.split('/').pop()?.toLowerCase() ?? '';
  base = base.replace(/[^a-z0-9-_.]/g, '-').replace(/^[^a-z]+/, '');
  if (base === '' || base === 'scratch' || base === 'context') base = `stage-${index}`;
  let name = base;
  for (let k = 2; taken.has(name); k++) name = `${base}-${k}`;
  return name;
}
