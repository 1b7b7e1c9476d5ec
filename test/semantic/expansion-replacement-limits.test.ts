/**
 * What a modifier builds is held to the same limits as what a variable gives: `${Q//a/${Q}}` replaces each of
 * the n characters of Q by Q itself, n² characters (900 million for n = 30,000, past what a JavaScript string can
 * hold: berth threw a RangeError and exited 3). The characters a modifier produces are counted against the word's
 * limit and the file's budget as they are built, so berth stops early with an `expansion-limit` finding at the
 * place and treats the value as unknown; ordinary replacements keep their values.
 */
import { describe, expect, it } from 'vitest';
import { analyze, EXPANSION_LIMITS, expandWord, parse } from '../../grammar/index.js';
import { compileGlob, replaceGlob, trimGlob, type Glob, type Meter } from '../../grammar/syntax/glob.js';
import { defaultConfig } from '../../rules/engine/config.js';
import { AnalyzedDocument } from '../../server/features/document.js';
import { lint } from '../../api/index.js';

const limits = (text: string) => lint(text).diagnostics.filter((d) => d.rule === 'expansion-limit');

/** The line (1-based) and the text of a finding's range. */
const where = (text: string, d: { start: number; end: number }) => ({ line: text.slice(0, d.start).split('\n').length, text: text.slice(d.start, d.end) });

const valueOf = (text: string, name: string) => analyze(parse(text)).declarations.find((d) => d.name === name)?.value;

const WORD_LIMIT = /^berth stops expanding this word here: this pattern replacement would make it longer than 1,048,576 characters/;
const FILE_BUDGET = /^berth stops computing variable values here: the expansions of this file have used up/;

/** `ARG Q=<n × a>` and `lines` ENV lines that each replace every `a` of Q by Q. */
function squaring(n: number, lines: number): string {
  const out = ['FROM alpine:3.19', `ARG Q=${'a'.repeat(n)}`];
  for (let i = 1; i <= lines; i++) out.push(lines === 1 ? 'ENV R=${Q//a/${Q}}' : `ENV R${i}=\${Q//a/\${Q}}`);
  return out.join('\n') + '\n';
}

describe('pattern replacements that multiply a value', () => {
  it('${Q//a/${Q}} on 30,000 characters: no throw, one expansion-limit finding at the ENV', () => {
    const text = squaring(30_000, 1);
    let result: ReturnType<typeof lint> | undefined;
    expect(() => (result = lint(text))).not.toThrow();
    const diagnostics = (result as ReturnType<typeof lint>).diagnostics;
    expect(diagnostics.filter((d) => d.rule === 'internal-error')).toEqual([]);
    const found = diagnostics.filter((d) => d.rule === 'expansion-limit');
    expect(found.map((d) => where(text, d))).toEqual([{ line: 3, text: '${Q//a/${Q}}' }]);
    expect(found[0]?.severity).toBe('warning');
    expect(found[0]?.message).toMatch(WORD_LIMIT);
    expect(valueOf(text, 'Q')?.length).toBe(30_000);
    expect(valueOf(text, 'R')).toBeUndefined();
  });

  it('the language server analysis of that document answers with the finding', () => {
    const doc = new AnalyzedDocument('file:///Dockerfile', 1, squaring(30_000, 1), defaultConfig());
    expect(doc.diagnostics.filter((d) => d.rule === 'expansion-limit')).toHaveLength(1);
    expect(doc.diagnostics.filter((d) => d.rule === 'internal-error')).toEqual([]);
  });

  it('expandWord without a shared budget (as some rules call it): a limit error, no throw', () => {
    const q = 'a'.repeat(30_000);
    const word = '${Q//a/${Q}}';
    const r = expandWord(word, 0, word.length, { env: (n) => (n === 'Q' ? q : null) });
    expect(r.value).toBeUndefined();
    expect(r.errors).toEqual([{ start: 0, end: word.length, message: expect.stringMatching(WORD_LIMIT), limit: true }]);
  });

  it('20 lines of ${Q//a/${Q}} on 16,000 characters: a finding at each ENV until the file’s budget is spent, said once', () => {
    const text = squaring(16_000, 20);
    const found = limits(text);
    const lines = found.map((d) => where(text, d));
    // Every finding is at the reference of an ENV line, at most one per line, in order.
    for (const l of lines) expect(l.text).toBe('${Q//a/${Q}}');
    expect(new Set(lines.map((l) => l.line)).size).toBe(lines.length);
    expect(lines[0]?.line).toBe(3);
    // Each line stops at the word's limit; the file's budget (16 Mi + 16 per character) runs out before line 22.
    const budget = found.filter((d) => FILE_BUDGET.test(d.message));
    expect(budget).toHaveLength(1);
    expect(found.filter((d) => WORD_LIMIT.test(d.message)).length).toBe(found.length - 1);
    expect(found.at(-1)).toBe(budget[0]);
    expect(where(text, budget[0] as (typeof found)[number]).line).toBeLessThan(22);
    const model = analyze(parse(text));
    expect(model.declarations.filter((d) => /^R\d+$/.test(d.name)).map((d) => d.value)).toEqual(new Array(20).fill(undefined));
  });

  it('up to the limit the value is built; past it, unknown', () => {
    // 1,000 × 1,000 characters (and the 1,000 of the nested ${Q}) fit in 1,048,576; 1,100 × 1,100 do not.
    const fits = squaring(1_000, 1);
    expect(limits(fits)).toEqual([]);
    expect(valueOf(fits, 'R')).toBe('a'.repeat(1_000_000));
    const over = squaring(1_100, 1);
    expect(limits(over).map((d) => where(over, d))).toEqual([{ line: 3, text: '${Q//a/${Q}}' }]);
    expect(valueOf(over, 'R')).toBeUndefined();
  });

  it('nested replacements: the inner one stops at the limit, found at its place', () => {
    const text = `FROM alpine:3.19\nARG Q=${'a'.repeat(2_000)}\nENV R=\${Q//a/\${Q//a/\${Q}}}\n`;
    const found = limits(text);
    expect(found.map((d) => where(text, d))).toEqual([{ line: 3, text: '${Q//a/${Q}}' }]);
    expect(found[0]?.message).toMatch(WORD_LIMIT);
    expect(valueOf(text, 'R')).toBeUndefined();
  });

  it('nested replacements whose parts fit but whose whole does not: the outer one stops', () => {
    // The inner builds 500 × 500 = 250,000 characters, the outer would build 500 × 250,000.
    const text = `FROM alpine:3.19\nARG Q=${'a'.repeat(500)}\nENV R=\${Q//a/\${Q//a/\${Q}}}\n`;
    const found = limits(text);
    expect(found.map((d) => where(text, d))).toEqual([{ line: 3, text: '${Q//a/${Q//a/${Q}}}' }]);
    expect(valueOf(text, 'R')).toBeUndefined();
  });

  it('the first-match form ${Q/a/${Q}} grows only once: within the limit, its value', () => {
    const text = `FROM alpine:3.19\nARG Q=${'a'.repeat(30_000)}\nENV R=\${Q/a/\${Q}}\n`;
    expect(limits(text)).toEqual([]);
    expect(valueOf(text, 'R')?.length).toBe(59_999);
  });

  it('a replacement that empties a large value and the trimming modifiers are counted, not multiplied', () => {
    const text = `FROM alpine:3.19\nARG Q=${'a'.repeat(200_000)}\nENV A=\${Q//a/} B=\${Q#a} C=\${Q%%a*} D=\${Q:-x} E=\${Q:+\${Q}} F=\${Q//b/c}\n`;
    expect(limits(text)).toEqual([]);
    const model = analyze(parse(text));
    const value = (name: string) => model.declarations.find((d) => d.name === name)?.value;
    expect(value('A')).toBe('');
    expect(value('B')?.length).toBe(199_999);
    expect(value('C')).toBe('');
    expect(value('D')?.length).toBe(200_000);
    expect(value('E')?.length).toBe(200_000);
    expect(value('F')?.length).toBe(200_000);
  });
});

describe('ordinary replacements keep their values', () => {
  const env = (vars: Record<string, string>) => (n: string) => vars[n] ?? null;
  const x = (word: string, vars: Record<string, string>) => expandWord(word, 0, word.length, { env: env(vars) });

  it.each([
    ['${V//-/_}', { V: 'a-b-c' }, 'a_b_c'],
    ['${V/-/_}', { V: 'a-b-c' }, 'a_b-c'],
    // BuildKit reads `#` after `/` as a literal character (no anchoring), as berth does.
    ['${V/#x/y}', { V: 'xax' }, 'xax'],
    ['${V/#x/y}', { V: 'a#xb' }, 'ayb'],
    ['${V//a/${V//b/c}}', { V: 'ab' }, 'acb'],
    ['${V//a/${W}}', { V: 'aXa', W: 'long' }, 'longXlong'],
    ['${V//[/x}', { V: 'a[b' }, 'axb'],
    ['${V:-${W//o/0}}', { W: 'foo' }, 'f00'],
    ['${V:+${V//o/0}}', { V: 'foo' }, 'f00'],
    ['${V##*/}', { V: 'usr/local/bin' }, 'bin'],
    ['${V%.*}', { V: 'a.tar.gz' }, 'a.tar'],
  ] as const)('%s with %j → %s', (word, vars, expected) => {
    const r = x(word, vars as Record<string, string>);
    expect(r.errors).toEqual([]);
    expect(r.value).toBe(expected);
  });

  it('through the model, an ENV of replacements', () => {
    const text = 'FROM alpine:3.19\nARG V=a-b-c\nENV W=${V//-/_} X=${V/-/_} Y=${V/#a/z}\nENV Z=${W//_/${V}}\n';
    expect(limits(text)).toEqual([]);
    expect(['W', 'X', 'Y', 'Z'].map((n) => valueOf(text, n))).toEqual(['a_b_c', 'a_b-c', 'a-b-c', 'aa-b-cba-b-cc']);
  });
});

describe('the pattern functions charge what they return, before they build it', () => {
  /** A meter that counts steps and output, and stops (throws) once the output would pass `max`. */
  const metered = (max = Infinity) => {
    const m = {
      steps: 0,
      out: 0,
      charge: (n: number) => void (m.steps += n),
      output: (n: number) => {
        if (m.out + n > max) throw new RangeError('over');
        m.out += n;
      },
    };
    return m satisfies Meter;
  };
  const glob = (p: string): Glob => compileGlob(p) as Glob;

  it.each([
    ['a-b-c', '-', '_', true],
    ['a-b-c', '-', '_', false],
    ['abc', 'x', 'y', true],
    ['aaaa', 'a', 'bcd', true],
    ['abc', '', 'x', true],
    ['abc', '*', '', true],
    ['😀a😀', '?', '<>', true],
  ] as const)('replacing in %j: the output charged is the length of the result', (value, p, r, all) => {
    const m = metered();
    const result = replaceGlob(value, glob(p), r, all, m);
    expect(m.out).toBe(result.length);
  });

  it.each([
    ['a/b/c', '*/', false, 'prefix'],
    ['a/b/c', '*/', true, 'prefix'],
    ['a/b/c', '/*', true, 'suffix'],
    ['abc', 'x', true, 'suffix'],
    ['abc', '*', false, 'prefix'],
  ] as const)('trimming %j with %j: the output charged is the length of the result', (value, p, longest, side) => {
    const m = metered();
    const result = trimGlob(value, glob(p), longest, side, m);
    expect(m.out).toBe(result.length);
  });

  it('a meter that stops the output stops the replacement before the string is built', () => {
    const q = 'a'.repeat(30_000);
    const m = metered(EXPANSION_LIMITS.valueChars);
    expect(() => replaceGlob(q, glob('a'), q, true, m)).toThrow('over');
    // It stopped at the limit, after a few dozen parts of 30,000 characters, not 900 million characters.
    expect(m.out).toBeLessThanOrEqual(EXPANSION_LIMITS.valueChars);
    expect(m.out).toBeGreaterThan(EXPANSION_LIMITS.valueChars - 30_001);
    expect(m.steps).toBeLessThan(1_000);
  });

  it('a meter without `output` is charged the output as steps', () => {
    const steps = { n: 0 };
    const plain: Meter = { charge: (n) => void (steps.n += n) };
    expect(replaceGlob('aaaa', glob('a'), 'xyz', true, plain)).toBe('xyzxyzxyzxyz');
    expect(steps.n).toBeGreaterThanOrEqual(12);
  });
});
