/**
 * The shell patterns of `${v#p}`, `${v%p}`, `${v/p/r}`: the matcher that runs every path through the pattern at
 * once must agree with the regular expression each pattern reads as (`*` → greedy `.*`, `?` → `.`), which is how
 * berth matched them before, and its work must stay within (value length) × (pattern length) where a backtracking
 * regular expression takes time growing with a power of the value's length.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandWord } from '../../grammar/index.js';
import { compileGlob, replaceGlob, trimGlob, type Meter } from '../../grammar/syntax/glob.js';

/** The reference: the pattern as a regular expression (undefined for an escape the builder rejects). */
function regexOf(pattern: string): RegExp | undefined {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '\\') {
      const n = pattern.charAt(i + 1);
      if (n === '}' || n === '/') continue;
      if (n !== '*' && n !== '?' && n !== '\\') return undefined;
      out += '\\' + n;
      i++;
    } else out += c.replace(/[[\]{}.+()|^$]/g, '\\$&');
  }
  return new RegExp(out, 'su');
}

function trimByRegex(value: string, pattern: string, longest: boolean, side: 'prefix' | 'suffix'): string {
  const re = regexOf(pattern);
  if (!re) return value;
  const full = new RegExp(`^(?:${re.source})$`, 'su');
  const n = value.length;
  for (let k = 0; k <= n; k++) {
    const len = longest ? n - k : k;
    const part = side === 'prefix' ? value.slice(0, len) : value.slice(n - len);
    if (full.test(part)) return side === 'prefix' ? value.slice(len) : value.slice(0, n - len);
  }
  return value;
}

function replaceByRegex(value: string, pattern: string, rep: string, all: boolean): string {
  const re = regexOf(pattern);
  if (!re) return value;
  if (!all) return value.replace(re, () => rep);
  // Go's ReplaceAllString, which BuildKit runs: JavaScript's matches, except an empty one right after a match.
  let previousEnd = -1;
  return value.replace(new RegExp(re.source, 'gsu'), (match: string, offset: number) => {
    if (match === '' && offset === previousEnd) return '';
    previousEnd = offset + match.length;
    return rep;
  });
}

const counting = (): Meter & { steps: number } => {
  const m = { steps: 0, charge: (n: number) => void (m.steps += n) };
  return m;
};

function trim(value: string, pattern: string, longest: boolean, side: 'prefix' | 'suffix'): string {
  const g = compileGlob(pattern);
  return g ? trimGlob(value, g, longest, side, counting()) : value;
}

function replace(value: string, pattern: string, rep: string, all: boolean): string {
  const g = compileGlob(pattern);
  return g ? replaceGlob(value, g, rep, all, counting()) : value;
}

const valueChar = fc.constantFrom('a', 'b', 'c', '/', '.', '-', 'é', '\n');
const patternChar = fc.constantFrom('a', 'b', '/', '.', '*', '*', '?', '\\*', '\\?', '\\\\', '\\/', '\\}', '\\x', 'é');
const values = fc.array(valueChar, { maxLength: 12 }).map((c) => c.join(''));
const patterns = fc.array(patternChar, { maxLength: 6 }).map((c) => c.join(''));

describe('shell patterns in ${…} modifiers', () => {
  it('trimming a prefix or suffix agrees with the regular expression the pattern reads as', () => {
    fc.assert(
      fc.property(values, patterns, fc.boolean(), fc.constantFrom('prefix' as const, 'suffix' as const), (v, p, longest, side) => {
        expect(trim(v, p, longest, side)).toBe(trimByRegex(v, p, longest, side));
      }),
      { numRuns: 3000 },
    );
  });

  it('replacing the first or every match agrees with the regular expression the pattern reads as', () => {
    fc.assert(
      fc.property(values, patterns, fc.constantFrom('', 'X', '<>'), fc.boolean(), (v, p, rep, all) => {
        expect(replace(v, p, rep, all)).toBe(replaceByRegex(v, p, rep, all));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['a/b/c', '*/', false, 'prefix', 'b/c'],
    ['a/b/c', '*/', true, 'prefix', 'c'],
    ['a/b/c', '/*', false, 'suffix', 'a/b'],
    ['a/b/c', '/*', true, 'suffix', 'a'],
    ['v1.2.3', 'v', false, 'prefix', '1.2.3'],
    ['😀x', '?', false, 'prefix', 'x'],
    ['x😀', '?', false, 'suffix', 'x'],
  ] as const)('%s with %s (longest %s, %s) → %s', (v, p, longest, side, expected) => {
    expect(trim(v, p, longest, side)).toBe(expected);
  });

  it.each([
    ['abcb', 'b', 'X', false, 'aXcb'],
    ['abcb', 'b', 'X', true, 'aXcX'],
    ['ab', '*', 'x', true, 'x'],
    ['', '*', 'x', true, 'x'],
    ['aab', 'a', '', true, 'b'],
    ['ab', 'b*', 'x', true, 'ax'],
    ['a.b.c', '.', '-', true, 'a-b-c'],
    ['aXbXc', 'X*', '', false, 'a'],
  ] as const)('%s, /%s/%s (all %s) → %s', (v, p, r, all, expected) => {
    expect(replace(v, p, r, all)).toBe(expected);
  });

  it('does at most (value length + 1) × (pattern length + 2) steps per search, where backtracking would explode', () => {
    const value = 'a'.repeat(20_000);
    const pattern = '*a*a*a*a*a*b';
    const m = counting();
    const g = compileGlob(pattern);
    expect(g).toBeDefined();
    expect(trimGlob(value, g as NonNullable<typeof g>, true, 'prefix', m)).toBe(value);
    expect(m.steps).toBeLessThanOrEqual((value.length + 1) * (pattern.length + 2));
    const r = counting();
    expect(replaceGlob(value, g as NonNullable<typeof g>, 'X', true, r)).toBe(value);
    expect(r.steps).toBeLessThanOrEqual(2 * (value.length + 1) * (pattern.length + 2));
  });

  it('through expandWord, as ${name#…}, ${name%…} and ${name/…}', () => {
    const env = (vars: Record<string, string>) => (n: string) => vars[n] ?? null;
    const x = (word: string, vars: Record<string, string>) => expandWord(word, 0, word.length, { env: env(vars) }).value;
    expect(x('${A##*/}', { A: 'usr/local/bin' })).toBe('bin');
    expect(x('${A%%.*}', { A: 'v1.2.3' })).toBe('v1');
    expect(x('${A//\\//-}', { A: 'a/b/c' })).toBe('a-b-c');
    expect(x('${A#\\q}', { A: 'qq' })).toBe('qq'); // an escape BuildKit does not take leaves the value as it is
  });
});
