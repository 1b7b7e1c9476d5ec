/**
 * Property tests: for Dockerfile-shaped random input, fully random strings, and mutations of valid files,
 * parse never throws, the tree is lossless, tokens are contiguous and non-empty, ranges nest, every error and
 * argument range stays in bounds, and positions round-trip.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, parse, type SyntaxNode } from '../../grammar/index.js';

const KEYWORDS = ['FROM', 'RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'COPY', 'ADD', 'VOLUME', 'EXPOSE', 'USER', 'WORKDIR', 'STOPSIGNAL', 'MAINTAINER', 'ENV', 'LABEL', 'ARG', 'HEALTHCHECK', 'ONBUILD', 'FORM', 'X'];

const caseOf = (w: string): fc.Arbitrary<string> =>
  fc.constantFrom(w, w.toLowerCase(), w.charAt(0) + w.slice(1).toLowerCase());

const char = fc.constantFrom('a', 'b', 'Z', '0', '9', '_', '.', '/', ':', '@', '\\', '`', '"', "'", '$', '{', '}', '[', ']', '<', '>', '-', '#', '=', ',', ' ', '\t', 'é', '😀', '\u00a0', '*', '?', '%', '^', '!', '(', ')');
const word = fc.array(char, { minLength: 1, maxLength: 8 }).map((cs) => cs.join(''));
const name = fc.constantFrom('EOF', 'END', 'A', 'x.txt');
const flag = fc.tuple(fc.constantFrom('from', 'mount', 'chown', 'platform', 'x'), fc.option(word, { nil: undefined })).map(([n, v]) => (v === undefined ? `--${n}` : `--${n}=${v}`));
const json = fc.oneof(
  fc.array(word.map((w) => JSON.stringify(w)), { maxLength: 4 }).map((xs) => `[${xs.join(', ')}]`),
  fc.constantFrom('["a", 1]', "['a']", '["a",]', '["a"] b', '[', '[]', '["c:\\x"]', '[{"a":1}]'),
);
const heredocMarker = fc.tuple(fc.constantFrom('<<', '<<-', '<< ', '3<<'), fc.constantFrom('', "'", '"'), name).map(([op, q, n]) => `${op}${q}${n}${q}`);

/** One instruction (first line) plus, sometimes, heredoc bodies and terminators. */
const instruction = fc
  .tuple(
    fc.constantFrom(...KEYWORDS).chain(caseOf),
    fc.array(flag, { maxLength: 2 }),
    fc.oneof(json, fc.array(fc.oneof(word, heredocMarker), { maxLength: 5 }).map((ws) => ws.join(' '))),
    fc.array(fc.constantFrom('body line', '\tindented', 'EOF', 'END', 'A', 'x.txt', '\\', ''), { maxLength: 4 }),
  )
  .map(([kw, flags, rest, body]) => [`${kw} ${[...flags, rest].join(' ')}`, ...body]);

const line = fc.oneof(
  { weight: 5, arbitrary: instruction },
  { weight: 1, arbitrary: fc.constantFrom(['# comment'], [''], ['   '], ['# syntax=docker/dockerfile:1'], ['# escape=`'], ['  # indented comment']) },
);

/** A Dockerfile-like text: lines joined by random line breaks, some ending in a continuation. */
const dockerfile = fc
  .tuple(
    fc.boolean(),
    fc.array(fc.tuple(line, fc.constantFrom('', ' \\', '\\', ' `', '\\ \t')), { minLength: 0, maxLength: 12 }),
    fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 1, maxLength: 40 }),
  )
  .map(([bom, lines, eols]) => {
    const flat: string[] = [];
    for (const [ls, cont] of lines) ls.forEach((l, i) => flat.push(i === 0 ? l + cont : l));
    let out = bom ? '\ufeff' : '';
    flat.forEach((l, i) => (out += l + (eols[i % eols.length] as string)));
    return out;
  });

const mutation = fc
  .tuple(dockerfile, fc.array(fc.tuple(fc.nat(), fc.constantFrom('\\', '`', '\n', '\r', '"', "'", '[', ']', '<<', '$', '-', '#', '{', '}', '\u00a0', '\ud83d'), fc.boolean()), { maxLength: 6 }))
  .map(([text, edits]) => {
    let t = text;
    for (const [at, s, del] of edits) {
      const i = t.length === 0 ? 0 : at % (t.length + 1);
      t = del ? t.slice(0, i) + t.slice(i + 1) : t.slice(0, i) + s + t.slice(i);
    }
    return t;
  });

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
