/**
 * Nothing a Dockerfile's variables do may crash berth or make it work without end: values that double from one
 * declaration to the next (issue #14: 29 ARGs reach 2^29 characters, past what a JavaScript string can hold),
 * `${…}` nested thousands deep, many references to a large value, patterns that would backtrack. berth stops
 * following the value, says so in an `expansion-limit` finding at the place, and treats the value as unknown.
 */
import { describe, expect, it } from 'vitest';
import { analyze, EXPANSION_LIMITS, expandWord, parse } from '../../grammar/index.js';
import { defaultConfig } from '../../rules/engine/config.js';
import { lint as lintParsed } from '../../rules/engine/lint.js';
import { AnalyzedDocument } from '../../server/features/document.js';
import { lint } from '../../api/index.js';
import { berth, project } from '../helpers/cli.js';

/** `ARG`/`ENV` lines, each value the previous one twice: `<kind> A1=${A0}${A0}` … */
function doubling(kind: 'ARG' | 'ENV', depth: number, inStage: boolean): string {
  const lines = inStage ? ['FROM alpine:3.20'] : [];
  lines.push(`${kind} A0=xy`);
  for (let i = 1; i <= depth; i++) lines.push(`${kind} A${i}=\${A${i - 1}}\${A${i - 1}}`);
  if (!inStage) lines.push(`FROM alpine:$A${depth}`, `ARG A${depth}`);
  lines.push(`LABEL big="\${A${depth}}\${A${depth}}"`, `COPY \${A${depth}} /dst/`, `WORKDIR /\${A${depth}}`, `RUN echo "$A${depth}"`);
  return lines.join('\n') + '\n';
}

const limits = (text: string) => lint(text).diagnostics.filter((d) => d.rule === 'expansion-limit');

/** The line (1-based) and the text of a finding's range. */
const where = (text: string, d: { start: number; end: number }) => ({ line: text.slice(0, d.start).split('\n').length, text: text.slice(d.start, d.end) });

describe('variable values that grow without end', () => {
  // A0 has 2 characters, A_k has 2^(k+1): A_over is the last one within the limit, A_(over+1) takes it twice.
  const over = Math.log2(EXPANSION_LIMITS.valueChars) - 1;

  it.each([
    ['global ARGs', 'ARG', false],
    ['ARGs in a stage', 'ARG', true],
    ['ENVs in a stage', 'ENV', true],
  ] as const)('%s that double each time: one finding where the value passes the limit, no crash', (_name, kind, inStage) => {
    const text = doubling(kind, 29, inStage);
    const t0 = performance.now();
    const found = limits(text);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(found).toHaveLength(1);
    const d = found[0] as (typeof found)[number];
    expect(d.severity).toBe('warning');
    // The second reference of the line that would pass the limit, in the file's offsets.
    expect(where(text, d)).toEqual({ line: over + 2 + (inStage ? 1 : 0), text: `\${A${over}}` });
    expect(d.message).toContain('1,048,576 characters');
    expect(d.message).toMatch(/^berth stops expanding this word here/);
  });

  it('the model knows the values up to the limit and none after it', () => {
    const model = analyze(parse(doubling('ARG', 29, false)));
    const value = (name: string) => model.globalArgs.find((d) => d.name === name)?.value;
    expect(value('A3')).toBe('xy'.repeat(8));
    expect(value(`A${over}`)?.length).toBe(EXPANSION_LIMITS.valueChars);
    expect(value(`A${over + 1}`)).toBeUndefined();
    expect(value('A29')).toBeUndefined();
    expect(model.stages[0]?.base.value).toBeUndefined();
  });

  it('the CLI lints and parses such a file (exit 1 with the finding, not 3)', () => {
    const dir = project({ Dockerfile: doubling('ARG', 29, false) });
    const linted = berth(['lint', '--no-config', 'Dockerfile'], { cwd: dir });
    expect(linted.stderr).toBe('');
    expect(linted.code).toBe(1);
    expect(linted.stdout).toContain('[expansion-limit]');
    const parsed = berth(['parse', 'Dockerfile'], { cwd: dir });
    expect(parsed.stderr).toBe('');
    expect(parsed.code).toBe(0);
  });

  it('the language server analysis of the document answers with the finding', () => {
    const doc = new AnalyzedDocument('file:///Dockerfile', 1, doubling('ENV', 29, true), defaultConfig());
    expect(doc.diagnostics.filter((d) => d.rule === 'expansion-limit')).toHaveLength(1);
  });

  it('a value used by a rule (a LABEL holding a large value twice): the finding is at that instruction', () => {
    const half = 'v'.repeat(EXPANSION_LIMITS.valueChars / 2 + 10);
    const text = `FROM alpine:3.20\nARG BIG=${half}\nLABEL org.opencontainers.image.version=\${BIG}\${BIG}\n`;
    const found = lintParsed(parse(text), { ...defaultConfig(), preview: true }).diagnostics.filter((d) => d.rule === 'expansion-limit');
    expect(found.map((d) => where(text, d))).toEqual([{ line: 3, text: 'LABEL' }]);
  });

  it('many references to a large value: the file’s budget runs out once, said once, and the time stays bounded', () => {
    const big = 'b'.repeat(100_000);
    const lines = ['FROM scratch', `ARG BIG=${big}`];
    for (let i = 0; i < 400; i++) lines.push(`ENV X${i}=\${BIG}\${BIG}`);
    lines.push('ENV LAST=$X399');
    const text = lines.join('\n') + '\n';
    const t0 = performance.now();
    const found = limits(text);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toMatch(/^berth stops computing variable values here: the expansions of this file have used up/);
    const model = analyze(parse(text));
    expect(model.declarations.find((d) => d.name === 'X0')?.value?.length).toBe(200_000);
    expect(model.declarations.find((d) => d.name === 'LAST')?.value).toBeUndefined();
  });

  it('${…} nested thousands deep: a finding, no stack overflow', () => {
    const deep = 20_000;
    const word = '${A:-'.repeat(deep) + 'x' + '}'.repeat(deep);
    const text = `FROM scratch\nENV B=${word}\nCOPY ${word} /\n`;
    const found = limits(text);
    expect(found.length).toBeGreaterThanOrEqual(1);
    expect(found[0]?.message).toContain(`nested more than ${EXPANSION_LIMITS.depth} levels`);
    // Up to the limit the word expands as before.
    const shallow = '${A:-'.repeat(EXPANSION_LIMITS.depth) + 'x' + '}'.repeat(EXPANSION_LIMITS.depth);
    expect(expandWord(shallow, 0, shallow.length, { env: () => null }).value).toBe('x');
  });

  it('a pattern that would make a regular expression backtrack for ever: bounded work', () => {
    const value = 'a'.repeat(200_000);
    const text = `FROM scratch\nARG A=${value}\nENV B=\${A//*a*a*a*a*a*b/x} C=\${A%%*a*a*a*b} D=\${A#*a*a*a*a*b}\n`;
    const t0 = performance.now();
    const found = limits(text);
    expect(performance.now() - t0).toBeLessThan(10_000);
    // 200,000 characters × a pattern of 12: within the file's budget, so the values are known (nothing matched).
    expect(found).toEqual([]);
    const model = analyze(parse(text));
    expect(model.declarations.find((d) => d.name === 'B')?.value).toBe(value);
  });
});

describe('the library keeps its promise: lint never throws', () => {
  it('an exception inside becomes an internal-error finding', () => {
    const r = lint(undefined as unknown as string);
    expect(r.diagnostics.map((d) => [d.rule, d.severity, d.start, d.end])).toEqual([['internal-error', 'error', 0, 0]]);
    expect(r.diagnostics[0]?.message).toMatch(/^berth could not lint this file \(a bug in berth\): /);
    expect(r.internalErrors).toHaveLength(1);
  });

  it('a configuration of the wrong shape from JavaScript is caught the same way', () => {
    const r = lint('FROM alpine\n', { rules: null } as never);
    expect(r.diagnostics.map((d) => d.rule)).toEqual(['internal-error']);
  });
});
