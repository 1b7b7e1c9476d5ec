/**
 * Property tests: for Dockerfile-shaped random input, fully random strings, and mutations of valid files,
 * parse never throws, the tree is lossless, tokens are contiguous and non-empty, ranges nest, every error and
 * argument range stays in bounds, and positions round-trip.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, parse, type SyntaxNode } from '../../grammar/index.js';
import { dockerfile, mutation } from '../helpers/dockerfile-arbitraries.js';

function checkInvariants(text: string): void {
  const r = parse(text);
  analyze(r);
  // Lossless, contiguous, non-empty tokens.
  expect(r.tree.text()).toBe(text);
  let pos = 0;
  for (const t of r.tree.allTokens()) {
    if (t.start !== pos || t.end <= t.start) throw new Error(`token ${t.kind} at ${t.start}..${t.end}, expected start ${pos}`);
    pos = t.end;
  }
  expect(pos).toBe(text.length);
  // Ranges nest and children are in order; parents are right.
  const visit = (n: SyntaxNode): void => {
    let prev = n.start;
    for (const c of n.children) {
      if (c.parent !== n) throw new Error(`${c.kind} has the wrong parent`);
      if (c.start < prev || c.end > n.end || c.start > c.end) throw new Error(`${c.kind} ${c.start}..${c.end} outside ${n.kind} ${n.start}..${n.end}`);
      prev = c.end;
      if (!c.isToken) visit(c);
    }
  };
  visit(r.tree);
  // Errors and argument ranges in bounds.
  for (const e of r.errors) {
    if (!(e.start >= 0 && e.start <= e.end && e.end <= text.length)) throw new Error(`error ${e.code} out of bounds`);
  }
  for (const i of r.dockerfile.instructions) {
    for (const a of i.args) {
      if (a.range.start < i.range.start || a.range.end > i.range.end) throw new Error(`argument of ${i.name} outside it`);
    }
    for (const f of i.flags) void f.value;
    for (const h of i.heredocs) void h.content;
  }
  // Positions round-trip at every token start.
  for (const t of r.tree.allTokens()) {
    const back = r.lines.offsetAt(r.lines.positionAt(t.start));
    // The BOM is not a character: it shares position (0, 0) with what follows it.
    if (back !== t.start && t.kind !== 'Bom') {
      throw new Error(`position of ${t.start} maps back to ${back}`);
    }
  }
}

describe('parse properties', () => {
  it('Dockerfile-shaped input', () => {
    fc.assert(fc.property(dockerfile, checkInvariants), { numRuns: 500 });
  });

  it('mutated Dockerfiles', () => {
    fc.assert(fc.property(mutation, checkInvariants), { numRuns: 500 });
  });

  it('arbitrary strings, including lone surrogates and control characters', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), checkInvariants), { numRuns: 500 });
  });

  it('arbitrary strings over the characters that matter to the grammar', () => {
    const chars = fc.constantFrom('R', 'U', 'N', 'F', 'O', 'M', ' ', '\n', '\r', '\\', '`', '"', "'", '[', ']', ',', '<', '-', '$', '{', '}', ':', '=', '#', 'E', '\t');
    fc.assert(fc.property(fc.array(chars, { maxLength: 120 }).map((c) => c.join('')), checkInvariants), { numRuns: 1000 });
  });
});
