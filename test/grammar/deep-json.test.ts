/**
 * Exec-form JSON nested without limit: `CMD [[[[…` 100,000 deep once overflowed the stack in the JSON reader
 * (grammar/lexer/json.ts), and parse() turned the RangeError into an internal-error. The reader keeps its own stack
 * now, and keeps Go's limit: encoding/json refuses more than 10,000 arrays and objects open at once ("exceeded max
 * depth"), and BuildKit then reads the line as shell form. Time is not asserted here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../../grammar/index.js';
import { readJsonArray } from '../../grammar/lexer/json.js';
import type { Instruction } from '../../grammar/syntax/ast.js';
import { checkLint } from '../fuzz/checks.js';

const DEPTH = 100_000;
/** Go's maxNestingDepth: arrays and objects open at once, the exec form's own array included. */
const GO_MAX_DEPTH = 10_000;

/** Each shape is the value of the instruction (what follows the keyword), `n` deep. */
const SHAPES: Record<string, (n: number) => string> = {
  'unclosed brackets': (n) => '['.repeat(n),
  'balanced brackets': (n) => `${'['.repeat(n)}${']'.repeat(n)}`,
  'arrays of strings': (n) => `${'["a", '.repeat(n)}"b"${']'.repeat(n)}`,
  'objects in an array': (n) => `[${'{"a": '.repeat(n)}1${'}'.repeat(n)}]`,
  'unclosed objects and arrays': (n) => `[${'{"a":['.repeat(n)}`,
  'closing brackets after a string': (n) => `["a"${']'.repeat(n)}`,
};

const INSTRUCTIONS = ['CMD', 'RUN', 'ENTRYPOINT', 'SHELL', 'COPY', 'VOLUME', 'ADD', 'HEALTHCHECK CMD'] as const;

/** The value split into physical lines of 1,000 characters with backslash continuations (no line too long). */
const continued = (value: string): string => value.replace(/(.{1000})(?=.)/g, '$1\\\n');

/** The JSON array of the file's second instruction, when it is in the exec form. */
function execArray(text: string): unknown {
  const instr = parse(text).dockerfile.instructions[1];
  if (!instr) throw new Error('no second instruction');
  return (instr as Instruction & { json?: unknown }).json;
}

describe(`exec-form JSON ${DEPTH.toLocaleString('en')} deep: no stack overflow, the text kept, a finding that says what is wrong`, () => {
  for (const keyword of INSTRUCTIONS) {
    for (const [shape, make] of Object.entries(SHAPES)) {
      it(`${keyword} with ${shape} on one line`, () => {
        const text = `FROM alpine:3.20\n${keyword} ${make(DEPTH)}\n`;
        const result = parse(text);
        expect(result.internalError).toBeUndefined();
        expect(result.tree.text()).toBe(text);
        const codes = result.errors.map((e) => e.code);
        expect(codes).not.toContain('internal-error');
        // Deeper than Go reads: never the exec form, so never a complaint about a non-string element.
        expect(codes).not.toContain('json-non-string');
        expect(execArray(text)).toBeUndefined();
        // SHELL takes only a JSON array; elsewhere the line of over 65,535 bytes, where BuildKit's scanner stops.
        expect(codes).toContain(keyword === 'SHELL' ? 'unexpected-argument' : 'line-too-long');
      });
    }
  }

  for (const keyword of INSTRUCTIONS) {
    it(`${keyword} with arrays of strings on continuation lines: not the exec form, and a finding says Docker reads no JSON there`, () => {
      const text = `FROM alpine:3.20\n${keyword} ${continued(SHAPES['arrays of strings']?.(DEPTH) ?? '')}\n`;
      const result = parse(text);
      expect(result.internalError).toBeUndefined();
      expect(result.tree.text()).toBe(text);
      const codes = result.errors.map((e) => e.code);
      expect(codes).not.toContain('internal-error');
      expect(codes).not.toContain('line-too-long');
      expect(codes).toContain(keyword === 'SHELL' ? 'unexpected-argument' : 'invalid-exec-form');
      expect(execArray(text)).toBeUndefined();
    });
  }

  it.each(['CMD', 'RUN', 'ENTRYPOINT', 'SHELL', 'COPY', 'VOLUME'])('%s: every rule (preview ones too) lints it without failing', (keyword) => {
    for (const make of [SHAPES['unclosed brackets'], SHAPES['objects in an array']]) {
      const text = `FROM alpine:3.20\n${keyword} ${continued(make?.(DEPTH) ?? '')} x\n`;
      const found = checkLint(text);
      expect(found.map((d) => d.rule)).not.toContain('internal-error');
    }
  });
});

describe("Go's nesting limit: 10,000 arrays and objects open at once is JSON, one more is shell form", () => {
  // Each makes a value with exactly n arrays and objects open at its innermost point, the outer array included.
  const cases: Array<[string, (n: number) => string]> = [
    ['arrays', (n) => `${'['.repeat(n)}${']'.repeat(n)}`],
    ['objects in an array', (n) => `[${'{"a":'.repeat(n - 1)}1${'}'.repeat(n - 1)}]`],
    ['an empty object innermost', (n) => `${'['.repeat(n - 1)}{}${']'.repeat(n - 1)}`],
    ['arrays and objects in turn', (n) => `${'[{"k":'.repeat(Math.floor(n / 2))}${n % 2 === 1 ? '[]' : '1'}${'}]'.repeat(Math.floor(n / 2))}`],
  ];
  for (const [name, make] of cases) {
    it(`${name}: exactly ${GO_MAX_DEPTH.toLocaleString('en')} deep is the exec form (an element that is not a string is an error)`, () => {
      const value = make(GO_MAX_DEPTH);
      expect(readJsonArray(value, 0)).toBeDefined();
      const text = `FROM alpine:3.20\nCMD ${value}\n`;
      const result = parse(text);
      expect(result.tree.text()).toBe(text);
      expect(execArray(text)).toBeDefined();
      expect(result.errors.map((e) => e.code)).toContain('json-non-string');
    });
    it(`${name}: ${(GO_MAX_DEPTH + 1).toLocaleString('en')} deep is shell form, as BuildKit falls back to it`, () => {
      const value = make(GO_MAX_DEPTH + 1);
      expect(readJsonArray(value, 0)).toBeUndefined();
      const text = `FROM alpine:3.20\nCMD ${value}\n`;
      const result = parse(text);
      expect(result.tree.text()).toBe(text);
      expect(execArray(text)).toBeUndefined();
      expect(result.errors.map((e) => e.code)).not.toContain('json-non-string');
    });
  }
});

describe('readJsonArray reads what JSON.parse reads (shallow input, no lone surrogates)', () => {
  // Go's encoding/json and JSON.parse agree on the grammar: same whitespace, numbers, escapes, no trailing commas.
  const pieces = ['[', ']', '{', '}', ',', ':', ' ', '\n', '\t', '"a"', '"k":', '"', '\\', '"\\n"', '"\\u00e9"', '"\\/"', '1', '-0.5e+3', '01', '1.', 'true', 'fals', 'null', 'x', '\u00a0'];
  const candidate = fc.array(fc.constantFrom(...pieces), { maxLength: 16 }).map((p) => `[${p.join('')}`);
  it('valid exactly when JSON.parse takes it as an array, with the same strings', () => {
    fc.assert(
      fc.property(candidate, (text) => {
        let expected: unknown;
        try {
          expected = JSON.parse(text);
        } catch {
          expected = undefined;
        }
        const shape = readJsonArray(text, 0);
        expect(shape !== undefined).toBe(Array.isArray(expected));
        if (shape && Array.isArray(expected)) {
          expect(shape.elements.map((e) => e.value)).toEqual(expected.map((v) => (typeof v === 'string' ? v : undefined)));
          expect(shape.elements.map((e) => JSON.parse(text.slice(e.start, e.end)))).toEqual(expected);
          expect(shape.close).toBe(text.trimEnd().length - 1);
        }
      }),
      { numRuns: 20_000 },
    );
  });
});
