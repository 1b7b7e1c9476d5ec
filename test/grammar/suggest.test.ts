/** Edit distance within a bound: the banded computation agrees with the full table wherever the bound allows. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance, editDistanceWithin } from '../../grammar/index.js';

const word = fc.array(fc.constantFrom('a', 'b', 'c', 'A', '_', '1'), { maxLength: 9 }).map((c) => c.join(''));

describe('editDistanceWithin', () => {
  it('is the distance when it is at most the bound, else the bound plus one (with and without transpositions)', () => {
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 4 }), fc.boolean(), (a, b, max, transpositions) => {
        const full = editDistance(a, b, { transpositions });
        expect(editDistanceWithin(a, b, max, { transpositions })).toBe(Math.min(full, max + 1));
      }),
      { numRuns: 5000 },
    );
  });

  it('compares long names in time proportional to their length', () => {
    const a = 'x'.repeat(200_000);
    const t0 = performance.now();
    expect(editDistanceWithin(a, `${a}yz`, 2)).toBe(2);
    expect(editDistanceWithin(a, `y${a.slice(1)}`, 2)).toBe(1);
    expect(editDistanceWithin(a, `${'y'.repeat(5)}${a}`, 2)).toBe(3);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
