/**
 * berth's cost grows with the size of a Dockerfile, never faster (issue #14): for each shape of
 * bench/scaling-shapes.ts (and real corpus files one after another, when the shared corpus is there), linting and
 * `--fix --unsafe-fixes` on a file four times as large may take at most 3 × 3 = 9 times as long — what "doubling
 * the input at most triples the time" allows over two doublings. Linear work takes about 4 times as long, work that
 * grows with the square 16 times.
 *
 * Robust on a busy machine: each size is timed several times and the fastest run counts (other processes only ever
 * add time), sizes are large enough that a run takes tens of milliseconds, and the code is warmed up first. The
 * whole file takes seconds; bench/scaling.ts prints the full table up to 6.4 MB.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clearScriptCache, parse } from '../grammar/index.js';
import { defaultConfig } from '../rules/engine/config.js';
import { fixAll } from '../rules/engine/fix.js';
import { lint } from '../rules/engine/lint.js';
import { ALL_RULES } from '../rules/index.js';
import { SHAPES, type Shape } from '../bench/scaling-shapes.js';

const SMALL = 100_000;
const LARGE = 4 * SMALL;
/** Two doublings, each at most tripling the time. */
const ALLOWED = 9;

const CORPUS = fileURLToPath(new URL('../../shared/corpus/', import.meta.url));
const corpusPresent = existsSync(`${CORPUS}MANIFEST.tsv`);
if (!corpusPresent) console.warn(`[scaling] the corpus shape is skipped: the shared corpus is not at ${CORPUS}`);

/** Real files one after another until the size is reached (a different mix than bench/scaling.ts: from the end). */
function corpusShape(): Shape {
  const paths = readFileSync(`${CORPUS}MANIFEST.tsv`, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')[0] as string).reverse();
  return (bytes) => {
    const parts: string[] = [];
    let n = 0;
    for (let i = 0; n < bytes; i++) {
      const t = readFileSync(CORPUS + (paths[i % paths.length] as string), 'utf8');
      const piece = t.endsWith('\n') ? t : `${t}\n`;
      parts.push(piece);
      n += piece.length;
    }
    return parts.join('');
  };
}

// Every rule on, those off by default and in preview too: a rule that grows too fast is caught even if off.
const config = defaultConfig();
config.preview = true;
for (const r of ALL_RULES) if (r.meta.enabled === false) config.rules.set(r.meta.id, { severity: r.meta.severity });

const phases: Record<string, (text: string) => void> = {
  lint: (text) => {
    clearScriptCache();
    lint(parse(text), config);
  },
  fix: (text) => {
    clearScriptCache();
    fixAll(text, (t) => lint(parse(t), config).diagnostics, true);
  },
};

/** The fastest of `reps` runs, in milliseconds. */
function fastest(run: () => void, reps: number): number {
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    run();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

const shapes: Array<[string, Shape]> = Object.entries(SHAPES);
if (corpusPresent) shapes.unshift(['corpus', corpusShape()]);

describe('cost grows with the size of the file, not faster', () => {
  it.each(shapes)('%s: 4 × the size takes at most 9 × the time (lint and --fix --unsafe-fixes)', (_name, shape) => {
    const small = shape(SMALL);
    const large = shape(LARGE);
    for (const [phase, run] of Object.entries(phases)) {
      run(small); // warm-up
      const a = fastest(() => run(small), 3);
      const b = fastest(() => run(large), 3);
      // Below a few milliseconds a ratio is noise (and nothing can be slow).
      const ratio = b / Math.max(a, 5);
      expect(ratio, `${phase}: ${a.toFixed(1)} ms at ${SMALL / 1000} KB, ${b.toFixed(1)} ms at ${LARGE / 1000} KB`).toBeLessThanOrEqual(ALLOWED);
    }
  }, 240_000);
});
