/** The report formats as functions, on findings made up for the edge cases (formats.test.ts runs the real CLI). */
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../grammar/index.js';
import { codacy, patternId } from '../../cli/output/codacy.js';
import { gnu, gnuColumn, gnuMessage } from '../../cli/output/gnu.js';
import { junit } from '../../cli/output/junit.js';
import type { FileReport } from '../../cli/output/model.js';
import { sonarqube } from '../../cli/output/sonarqube.js';
import { xmlAttr, xmlText } from '../../cli/output/xml.js';
import type { Diagnostic } from '../../rules/engine/lint.js';
import { parseXml } from '../helpers/xml.js';

function report(text: string, findings: Array<Partial<Diagnostic> & { start: number; end: number }>, path = 'Dockerfile'): FileReport {
  const diagnostics: Diagnostic[] = findings.map((f) => ({ rule: 'shell-form-command', aliases: ['DL3025'], severity: 'warning', message: 'A message.', kind: 'rule', ...f }));
  return { path, text, lines: new LineIndex(text), diagnostics };
}

describe('gnu', () => {
  it.each([
    ['plain ASCII', 'FROM x', 5, 6],
    ['a tab goes to the next multiple of 8', '\tRUN', 1, 9],
    ['text then a tab', 'ab\tc', 3, 9],
    ['two tabs', '\t\tx', 2, 17],
    ['an emoji is two columns (and two UTF-16 code units)', '😀x', 2, 3],
    ['CJK is two columns (one code unit each)', '日本x', 2, 5],
    ['a combining accent takes no column', 'e\u0301x', 2, 2],
    ['Latin with accents is one column each', 'éx', 1, 2],
  ])('column: %s', (_n, line, at, col) => {
    expect(gnuColumn(line, at)).toBe(col);
  });

  it.each([
    ['Unknown instruction `FORM`. Did you mean FROM?', 'unknown instruction `FORM`. Did you mean FROM?'],
    ['Stage name `Build` is not lower-case.', 'stage name `Build` is not lower-case'],
    ['A flag given twice', 'a flag given twice'],
    ['CMD in shell form runs under `/bin/sh -c`', 'CMD in shell form runs under `/bin/sh -c`'],
    ['`--from=0` refers to a stage', '`--from=0` refers to a stage'],
    ['Docker rejects this.', 'Docker rejects this'],
    ['ShellCheck says so', 'ShellCheck says so'],
    ['Wait...', 'wait...'],
    ['Two\nlines', 'two lines'],
  ])('message %j', (message, expected) => {
    expect(gnuMessage(message)).toBe(expected);
  });

  it('CRLF lines and a BOM do not move the column; style is written `note`', () => {
    const text = '\ufeffFROM a\r\n\tCMD x\r\n';
    const out = gnu([report(text, [{ start: text.indexOf('CMD'), end: text.indexOf('CMD') + 3, severity: 'style' }])]);
    expect(out).toBe('Dockerfile:2:9: note: a message [shell-form-command]\n');
  });
});

describe('codacy', () => {
  it('the hadolint code where the rule has one, else the id; one object per line', () => {
    expect(patternId('shell-form-command', ['DL3025'])).toBe('DL3025');
    expect(patternId('multiple-cmd', ['DL4003', 'MultipleInstructionsDisallowed'])).toBe('DL4003');
    expect(patternId('stage-name-casing', ['StageNameCasing'])).toBe('stage-name-casing');
    expect(patternId('SC2086', [])).toBe('SC2086');
    const text = 'FROM a\nCMD x\n';
    const out = codacy([report(text, [{ start: 7, end: 10, message: 'Line one "quoted"\nline two' }])]);
    expect(out).toBe('{"filename":"Dockerfile","message":"Line one \\"quoted\\"\\nline two","patternId":"DL3025","line":2}\n');
    expect(codacy([report(text, [])])).toBe('');
  });
});

describe('sonarqube', () => {
  const text = 'FROM a\nCOPY x\n';
  it('an empty range (nothing to underline) becomes the whole line, which SonarQube accepts', () => {
    const out = JSON.parse(sonarqube([report(text, [{ rule: 'missing-argument', aliases: [], severity: 'error', kind: 'syntax', start: 13, end: 13 }])])) as {
      issues: Array<{ primaryLocation: { textRange: Record<string, number> } }>;
    };
    expect(out.issues[0]?.primaryLocation.textRange).toEqual({ startLine: 2, endLine: 2 });
  });

  it('a range over two lines keeps both ends; a rule with findings at two levels is described at the more severe', () => {
    const out = JSON.parse(
      sonarqube([
        report(text, [
          { start: 2, end: 9, severity: 'info' },
          { start: 7, end: 11, severity: 'error' },
        ]),
      ]),
    ) as { rules: Array<{ id: string; severity: string; impacts: unknown[] }>; issues: Array<{ primaryLocation: { textRange: Record<string, number> } }> };
    expect(out.issues[0]?.primaryLocation.textRange).toEqual({ startLine: 1, startColumn: 2, endLine: 2, endColumn: 2 });
    expect(out.rules).toEqual([expect.objectContaining({ id: 'shell-form-command', severity: 'CRITICAL', impacts: [{ softwareQuality: 'RELIABILITY', severity: 'HIGH' }] })]);
  });

  it('ShellCheck codes and parser checks are described too', () => {
    const out = JSON.parse(
      sonarqube([
        report(text, [
          { rule: 'SC2086', aliases: [], start: 7, end: 11 },
          { rule: 'unknown-instruction', aliases: [], severity: 'error', kind: 'syntax', start: 0, end: 4 },
        ]),
      ]),
    ) as { rules: Array<{ id: string; description: string }> };
    expect(out.rules.map((r) => r.id)).toEqual(['SC2086', 'unknown-instruction']);
    expect(out.rules[0]?.description).toContain('https://www.shellcheck.net/wiki/SC2086');
  });
});

describe('XML escaping', () => {
  it('text and attributes survive a strict XML parser, line breaks in attributes included', () => {
    const nasty = 'a & b < c > d "e" \'f\'\tg\nh\r\ni \u0001j \ud800k';
    const doc = parseXml(`<r a="${xmlAttr(nasty)}">${xmlText(nasty)}</r>`);
    expect(doc.root.attributes.a).toBe('a & b < c > d "e" \'f\'\tg\nh\r\ni j k');
    expect(doc.root.text).toBe('a & b < c > d "e" \'f\'\tg\nh\r\ni j k');
  });

  it('junit: a report with no files is still a document', () => {
    const doc = parseXml(junit([]));
    expect(doc.root).toMatchObject({ name: 'testsuites', attributes: { tests: '0', failures: '0' }, children: [] });
  });
});
