/**
 * The fix engine at volume: choosing non-overlapping fixes and applying thousands of edits must cost about n log n,
 * not n² (a file with 100,000 fixable findings), and give exactly what the simple algorithms give: each candidate
 * checked against every edit taken before it, each edit applied to the whole text from the end backwards.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Edit } from '../../rules/define.js';
import { applyEdits, chooseFixes, overlap } from '../../rules/engine/fix.js';
import type { Diagnostic } from '../../rules/engine/lint.js';

/** The reference: every candidate checked against every edit taken so far. */
function chooseNaive(ds: readonly Diagnostic[], unsafe: boolean): string[] {
  const candidates = ds
    .filter((d) => d.fix && (unsafe || d.fix.applicability === 'safe') && d.fix.edits.length > 0)
    .map((d) => ({ d, start: Math.min(...(d.fix?.edits ?? []).map((e) => e.start)) }))
    .sort((a, b) => a.start - b.start);
  const taken: Edit[] = [];
  const out: string[] = [];
  for (const { d } of candidates) {
    const edits = d.fix?.edits ?? [];
    if (edits.some((e) => taken.some((t) => overlap(e, t)))) continue;
    out.push(d.message);
    taken.push(...edits);
  }
  return out;
}

/** The reference: each edit applied to the whole text, from the last to the first. */
function applyNaive(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

const edit = (max: number) =>
  fc.tuple(fc.integer({ min: 0, max }), fc.integer({ min: 0, max: 3 }), fc.constantFrom('', 'x', 'YY')).map(([start, len, text]) => ({ start, end: Math.min(max, start + len), text }));

const diagnostic = (i: number, edits: Edit[], safe: boolean): Diagnostic => ({
  rule: 'r',
  aliases: [],
  severity: 'warning',
  message: String(i),
  start: 0,
  end: 0,
  kind: 'rule',
  fix: { title: '', applicability: safe ? 'safe' : 'unsafe', edits },
});

describe('fix engine', () => {
  it('chooses the same fixes as checking each candidate against every taken edit', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.array(edit(30), { maxLength: 3 }), fc.boolean()), { maxLength: 25 }), fc.boolean(), (specs, unsafe) => {
        const ds = specs.map(([edits, safe], i) => diagnostic(i, edits, safe));
        expect(chooseFixes(ds, unsafe).map((c) => c.fix)).toEqual(chooseNaive(ds, unsafe).map((m) => ds[Number(m)]?.fix));
      }),
      { numRuns: 2000 },
    );
  });

  it('applies edits in one pass with the result of applying them one by one from the end', () => {
    const text = 'FROM alpine:3.20\nRUN echo hi\n';
    fc.assert(
      fc.property(fc.array(edit(text.length), { maxLength: 12 }), (edits) => {
        expect(applyEdits(text, edits)).toBe(applyNaive(text, edits));
      }),
      { numRuns: 3000 },
    );
  });

  it('insertions at one point: the later edit ends up first, insertions before a replacement there', () => {
    const edits = [
      { start: 2, end: 2, text: 'A' },
      { start: 2, end: 4, text: 'R' },
      { start: 2, end: 2, text: 'B' },
    ];
    expect(applyEdits('0123456', edits)).toBe('01BAR456');
    expect(applyNaive('0123456', edits)).toBe('01BAR456');
  });

  it('100,000 fixes: chosen and applied in well under a second each, the same as the simple way on a sample', () => {
    const n = 100_000;
    const text = 'run x\n'.repeat(n);
    const ds: Diagnostic[] = [];
    for (let i = 0; i < n; i++) {
      // Each finding's fix replaces its keyword; every tenth also inserts at the end of the file (all conflict).
      const edits: Edit[] = [{ start: i * 6, end: i * 6 + 3, text: 'RUN' }];
      if (i % 10 === 0) edits.push({ start: text.length, end: text.length, text: `# ${i}\n` });
      ds.push(diagnostic(i, edits, true));
    }
    let t0 = performance.now();
    const chosen = chooseFixes(ds, false);
    const chooseMs = performance.now() - t0;
    t0 = performance.now();
    const fixed = applyEdits(text, chosen.flatMap((c) => c.fix.edits));
    const applyMs = performance.now() - t0;
    expect(chosen).toHaveLength(n - (n / 10 - 1));
    // Finding 10's fix conflicts with finding 0's insertion: its keyword stays.
    expect(fixed.startsWith(`${'RUN x\n'.repeat(10)}run x\nRUN x\n`)).toBe(true);
    expect(fixed.endsWith('# 0\n')).toBe(true);
    expect(chooseMs).toBeLessThan(5000);
    expect(applyMs).toBeLessThan(5000);
    const sample = ds.slice(0, 300);
    expect(chooseFixes(sample, false).map((c) => c.fix)).toEqual(chooseNaive(sample, false).map((m) => ds[Number(m)]?.fix));
  });
});
