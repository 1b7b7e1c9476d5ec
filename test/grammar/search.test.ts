import { describe, expect, it } from 'vitest';
import { anyInRange, countBelow, partitionPoint } from '../../grammar/index.js';

describe('halving searches', () => {
  it('countBelow counts the numbers below x, repeats and ends included', () => {
    const list = [1, 3, 3, 7];
    expect([0, 1, 2, 3, 4, 7, 8].map((x) => countBelow(list, x))).toEqual([0, 0, 1, 1, 3, 3, 4]);
    expect(countBelow([], 5)).toBe(0);
  });

  it('anyInRange: a number in [start, end), the end excluded', () => {
    const list = [10, 20];
    expect([anyInRange(list, 0, 10), anyInRange(list, 0, 11), anyInRange(list, 11, 20), anyInRange(list, 20, 21), anyInRange(list, 21, 99)]).toEqual([false, true, false, true, false]);
  });

  it('partitionPoint agrees with a scan on every prefix length', () => {
    for (let n = 0; n < 20; n++) for (let k = 0; k <= n; k++) expect(partitionPoint(n, (i) => i < k)).toBe(k);
  });
});
