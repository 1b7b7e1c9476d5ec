/** Every output format of `berth lint`, on one file with findings of several kinds. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findShellcheck } from '../../host/shellcheck-find.js';
import { berth, project } from '../helpers/cli.js';
import { multitoolProblems, ruleTableProblems, sarifProblems, schemaProblems } from '../helpers/sarif.js';
import { all, parseXml } from '../helpers/xml.js';

const shellcheckInstalled = () => findShellcheck(undefined) !== undefined;

// Line 2 has a tab and an emoji before the finding, so columns must count UTF-16 code units.
const FILE = 'FROM golang:1.23 AS Build\n\tRUN echo "😀" && FORM=1 true\nFROM alpine:3.20\nCOPY --from=0 /a /a\nCMD ./app\nCMD ["/app"]\nFORM x\n';

function run(format: string) {
  const dir = project({ 'svc/Dockerfile': FILE });
  return { dir, ...berth(['lint', '-f', format, 'svc/Dockerfile'], { cwd: dir }) };
}

describe('--format json', () => {
  it('carries rule, aliases, severity, message, 1-based positions with exclusive ends, url and fix', () => {
    const r = run('json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      version: number;
      tool: { name: string };
      results: Array<{ file: string; findings: Array<Record<string, unknown>> }>;
      summary: Record<string, number>;
    };
    expect(out.version).toBe(1);
    expect(out.results[0]?.file).toBe('svc/Dockerfile');
    const findings = out.results[0]?.findings ?? [];
    expect(findings.map((f) => f.rule)).toEqual(['stage-name-casing', 'copy-from-index', 'multiple-cmd', 'shell-form-command', 'unknown-instruction']);
    expect(findings[0]).toEqual({
      rule: 'stage-name-casing',
      aliases: ['StageNameCasing'],
      severity: 'style',
      message: 'Stage name `Build` is not lower-case: Docker treats it as `build`; write it that way',
      line: 1,
      column: 21,
      endLine: 1,
      endColumn: 26,
      url: 'https://github.com/berth-lint/berth/blob/main/docs/rules/stage-name-casing.md',
      fix: {
        title: 'Rename the stage to `build`',
        applicability: 'safe',
        edits: [{ line: 1, column: 21, endLine: 1, endColumn: 26, text: 'build' }],
      },
    });
    expect(findings[4]).toMatchObject({ rule: 'unknown-instruction', severity: 'error', line: 7, column: 1, endColumn: 5, fix: null });
    expect(out.summary).toMatchObject({ errors: 1, warnings: 3, styles: 1, fixable: 2, unsafeFixable: 2 });
  });
});

describe('--format sarif', () => {
  it('is valid SARIF 2.1.0 (schema and Microsoft’s validator), describing only the rules it uses, with UTF-16 columns', () => {
    const r = run('sarif');
    const log = JSON.parse(r.stdout) as {
      version: string;
      runs: Array<{
        columnKind: string;
        tool: { driver: { name: string; rules: Array<{ id: string; helpUri: string; help: { markdown: string }; properties: { aliases: string[] } }> } };
        results: Array<{ ruleId: string; ruleIndex: number; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }>; fixes?: unknown[] }>;
      }>;
    };
    const run0 = log.runs[0]!;
    expect(log.version).toBe('2.1.0');
    expect(run0.columnKind).toBe('utf16CodeUnits');
    const rules = run0.tool.driver.rules;
    // Only the five rules the findings are about, in the order they first appear; not the whole catalogue.
    expect(rules.map((x) => x.id)).toEqual(['stage-name-casing', 'copy-from-index', 'multiple-cmd', 'shell-form-command', 'unknown-instruction']);
    expect(rules.find((x) => x.id === 'multiple-cmd')?.properties.aliases).toEqual(['DL4003', 'MultipleInstructionsDisallowed']);
    expect(rules.find((x) => x.id === 'multiple-cmd')?.help.markdown).toContain('## Why');
    expect(rules.find((x) => x.id === 'unknown-instruction')?.helpUri).toBe('https://github.com/berth-lint/berth/blob/main/docs/rules/unknown-instruction.md');
    const results = run0.results;
    expect(results.map((x) => [x.ruleId, rules[x.ruleIndex]?.id, x.level])).toEqual([
      ['stage-name-casing', 'stage-name-casing', 'note'],
      ['copy-from-index', 'copy-from-index', 'warning'],
      ['multiple-cmd', 'multiple-cmd', 'warning'],
      ['shell-form-command', 'shell-form-command', 'warning'],
      ['unknown-instruction', 'unknown-instruction', 'error'],
    ]);
    expect(results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('svc/Dockerfile');
    expect(results[0]?.fixes).toHaveLength(1);
    expect(r.stdout.length).toBeLessThan(40_000);
    expect(sarifProblems(r.stdout, r.dir)).toEqual([]);
  });

  it('the same rule in several files is described once; a clean run describes none', () => {
    const dir = project({ 'a/Dockerfile': 'FROM alpine:3.20\nCMD ./a\n', 'b/Dockerfile': 'FROM alpine:3.20\nCMD ./b\n', 'c/Dockerfile': 'FROM alpine:3.20\n' });
    const r = berth(['lint', '-f', 'sarif', '.'], { cwd: dir });
    const log = JSON.parse(r.stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<{ ruleIndex: number }> }> };
    expect(log.runs[0]?.tool.driver.rules.map((x) => x.id)).toEqual(['shell-form-command']);
    expect(log.runs[0]?.results.map((x) => x.ruleIndex)).toEqual([0, 0]);
    expect(ruleTableProblems(log)).toEqual([]);
    expect(schemaProblems(log)).toEqual([]);
    const clean = JSON.parse(berth(['lint', '-f', 'sarif', 'c/Dockerfile'], { cwd: dir }).stdout) as { runs: Array<{ tool: { driver: { rules: unknown[] } }; results: unknown[] }> };
    expect(clean.runs[0]).toMatchObject({ results: [], tool: { driver: { rules: [] } } });
    expect(schemaProblems(clean)).toEqual([]);
  });

  it.skipIf(!shellcheckInstalled())('ShellCheck findings are described too, with the ShellCheck wiki as help', () => {
    const dir = project({ Dockerfile: 'FROM alpine:3.20\nRUN cd /tmp && echo $HOME\n' });
    const r = berth(['lint', '-f', 'sarif', 'Dockerfile'], { cwd: dir, shellcheck: true });
    const log = JSON.parse(r.stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri: string }> } } }> };
    const sc = log.runs[0]?.tool.driver.rules.find((x) => x.id.startsWith('SC'));
    expect(sc?.helpUri).toBe(`https://www.shellcheck.net/wiki/${sc?.id}`);
    expect(sarifProblems(r.stdout, dir)).toEqual([]);
  });

  describe('the validation fails on a broken report (so the checks above can fail)', () => {
    type Log = { runs: Array<{ results: Array<Record<string, unknown> & { locations: Array<{ physicalLocation: { region: Record<string, number> } }> }>; tool: { driver: Record<string, unknown> } }> };
    let report: string | undefined;
    const valid = (): Log => JSON.parse((report ??= run('sarif').stdout)) as Log;

    it('a level SARIF does not have (the whole validator, as the tests above use it)', () => {
      const log = valid();
      log.runs[0]!.results[0]!.level = 'info';
      const problems = sarifProblems(JSON.stringify(log, null, 2), project({}));
      expect(problems).toContain('schema: /runs/0/results/0/level: must be equal to one of the allowed values {"allowedValues":["none","note","warning","error"]}');
      expect(problems).toContain('multitool: Sarif.Multitool reported nothing at all: it did not analyse the file (it gives up silently on some invalid logs)');
    });

    const schemaBroken: Array<[string, (log: Log) => void, string]> = [
      ['a result without a message', (log) => void delete log.runs[0]!.results[0]!.message, "/runs/0/results/0: must have required property 'message'"],
      ['a line 0', (log) => void (log.runs[0]!.results[1]!.locations[0]!.physicalLocation.region.startLine = 0), '/runs/0/results/1/locations/0/physicalLocation/region/startLine: must be >= 1'],
      ['a property SARIF does not define', (log) => void (log.runs[0]!.results[0]!.severity = 'warning'), '/runs/0/results/0: must NOT have additional properties'],
      ['a tool without a name', (log) => void delete log.runs[0]!.tool.driver.name, "/runs/0/tool/driver: must have required property 'name'"],
      ['a kind SARIF does not have', (log) => void (log.runs[0]!.results[0]!.kind = 'bad'), '/runs/0/results/0/kind: must be equal to one of the allowed values'],
      ['a help URI that is no URI', (log) => void ((log.runs[0]!.tool.driver.rules as Array<Record<string, unknown>>)[0]!.helpUri = 'not a uri'), '/runs/0/tool/driver/rules/0/helpUri: must match format "uri"'],
    ];
    it.each(schemaBroken)('the schema: %s', (_name, breakIt, expected) => {
      const log = valid();
      breakIt(log);
      expect(schemaProblems(log).join('\n')).toContain(expected);
    });

    it('Microsoft’s validator: a ruleIndex past the rules', () => {
      const log = valid();
      log.runs[0]!.results[0]!.ruleIndex = 40;
      const dir = project({});
      writeFileSync(join(dir, 'bad.sarif'), JSON.stringify(log, null, 2));
      expect(multitoolProblems(join(dir, 'bad.sarif'), dir).join('\n')).toMatch(/^SARIF1009: /);
    });

    it('berth’s own checks: a ruleIndex at another rule, a rule no result uses', () => {
      const log = valid();
      log.runs[0]!.results[0]!.ruleIndex = 1;
      (log.runs[0]!.tool.driver.rules as unknown[]).push({ id: 'unused-stage' });
      expect(ruleTableProblems(log)).toEqual(['results[0]: ruleIndex 1 is copy-from-index, not stage-name-casing', 'rule unused-stage is described but no result uses it']);
    });
  });
});

describe('other formats', () => {
  it('compact: one line per finding', () => {
    const r = run('compact');
    expect(r.stdout.trimEnd().split('\n')).toEqual([
      'svc/Dockerfile:1:21: style: Stage name `Build` is not lower-case: Docker treats it as `build`; write it that way [stage-name-casing]',
      'svc/Dockerfile:4:13: warning: `--from=0` refers to a stage by its position; use its name `build` [copy-from-index]',
      'svc/Dockerfile:5:1: warning: This CMD has no effect: the CMD on line 6 replaces it [multiple-cmd]',
      'svc/Dockerfile:5:5: warning: CMD in shell form runs under `/bin/sh -c`, so the program does not receive stop signals: use the exec form, `CMD ["program", "arg"]` [shell-form-command]',
      'svc/Dockerfile:7:1: error: Unknown instruction `FORM`. Did you mean FROM? [unknown-instruction]',
    ]);
  });

  it('checkstyle: XML with escaped messages', () => {
    const r = run('checkstyle');
    const doc = parseXml(r.stdout);
    expect(doc.root.name).toBe('checkstyle');
    expect(all(doc.root, 'error').map((e) => [e.attributes.line, e.attributes.column, e.attributes.severity, e.attributes.source])).toEqual([
      ['1', '21', 'info', 'berth.stage-name-casing'],
      ['4', '13', 'warning', 'berth.copy-from-index'],
      ['5', '1', 'warning', 'berth.multiple-cmd'],
      ['5', '5', 'warning', 'berth.shell-form-command'],
      ['7', '1', 'error', 'berth.unknown-instruction'],
    ]);
    expect(r.stdout.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<checkstyle version="4.3">\n  <file name="svc/Dockerfile">\n')).toBe(true);
    expect(r.stdout).toContain('<error line="7" column="1" severity="error" message="Unknown instruction `FORM`. Did you mean FROM?" source="berth.unknown-instruction"/>');
    expect(r.stdout).toContain('message="CMD in shell form runs under `/bin/sh -c`, so the program does not receive stop signals: use the exec form, `CMD [&quot;program&quot;, &quot;arg&quot;]`"');
    expect(r.stdout.trimEnd().endsWith('</checkstyle>')).toBe(true);
  });

  it('codeclimate: one JSON issue per finding, each ended by a NUL byte', () => {
    const r = run('codeclimate');
    const parts = r.stdout.split('\0');
    expect(parts.pop()).toBe('');
    const issues = parts.map((p) => JSON.parse(p) as { type: string; check_name: string; severity: string; location: { path: string; positions: { begin: { line: number } } } });
    expect(issues.map((i) => [i.type, i.check_name, i.severity, i.location.positions.begin.line])).toEqual([
      ['issue', 'stage-name-casing', 'info', 1],
      ['issue', 'copy-from-index', 'major', 4],
      ['issue', 'multiple-cmd', 'major', 5],
      ['issue', 'shell-form-command', 'major', 5],
      ['issue', 'unknown-instruction', 'critical', 7],
    ]);
  });

  it('gitlab: a JSON array for Code Quality, with unique fingerprints that survive moving lines', () => {
    const a = JSON.parse(run('gitlab').stdout) as Array<{ fingerprint: string; location: { path: string; lines: { begin: number } } }>;
    expect(a).toHaveLength(5);
    expect(new Set(a.map((i) => i.fingerprint)).size).toBe(5);
    expect(a[4]?.location).toEqual({ path: 'svc/Dockerfile', lines: { begin: 7, end: 7 } });
    const dir = project({ 'svc/Dockerfile': `# a comment added above\n${FILE}` });
    const b = JSON.parse(berth(['lint', '-f', 'gitlab', 'svc/Dockerfile'], { cwd: dir }).stdout) as Array<{ fingerprint: string }>;
    expect(b.map((i) => i.fingerprint)).toEqual(a.map((i) => i.fingerprint));
  });

  it('github: workflow commands with escaped properties and data', () => {
    const r = run('github');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('::notice file=svc/Dockerfile,line=1,col=21,endLine=1,endColumn=26,title=berth stage-name-casing::Stage name `Build` is not lower-case: Docker treats it as `build`; write it that way');
    expect(lines[4]).toBe('::error file=svc/Dockerfile,line=7,col=1,endLine=7,endColumn=5,title=berth unknown-instruction::Unknown instruction `FORM`. Did you mean FROM?');
  });
});

describe('hadolint’s formats', () => {
  it('tty is hadolint’s name for the default, stylish; gitlab_codeclimate for gitlab', () => {
    expect(run('tty').stdout).toBe(run('stylish').stdout);
    expect(run('gitlab_codeclimate').stdout).toBe(run('gitlab').stdout);
    expect(run('TTY').code).toBe(1);
    expect(berth(['lint', '-f', 'html', 'x'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown format "html" (choose stylish, compact, json, sarif, checkstyle, codeclimate, gitlab, github, gnu, codacy, sonarqube, junit, tty, gitlab_codeclimate)') });
  });

  it('gnu: `file:line:column: level: message [rule]`, columns as the line shows them (tab stops of 8, wide characters 2)', () => {
    const r = run('gnu');
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split('\n')).toEqual([
      'svc/Dockerfile:1:21: note: stage name `Build` is not lower-case: Docker treats it as `build`; write it that way [stage-name-casing]',
      'svc/Dockerfile:4:13: warning: `--from=0` refers to a stage by its position; use its name `build` [copy-from-index]',
      'svc/Dockerfile:5:1: warning: this CMD has no effect: the CMD on line 6 replaces it [multiple-cmd]',
      'svc/Dockerfile:5:5: warning: CMD in shell form runs under `/bin/sh -c`, so the program does not receive stop signals: use the exec form, `CMD ["program", "arg"]` [shell-form-command]',
      'svc/Dockerfile:7:1: error: unknown instruction `FORM`. Did you mean FROM? [unknown-instruction]',
    ]);
    // A tab (to column 9), an emoji and two CJK characters (two columns each) before the finding; CRLF and a BOM
    // change nothing. The compact format counts UTF-16 code units instead.
    const text = '\ufeffFROM alpine:3.20\r\n\tRUN echo "😀日本" && cd /x\r\n';
    const dir = project({ Dockerfile: text });
    const gnuLine = berth(['lint', '-f', 'gnu', 'Dockerfile'], { cwd: dir }).stdout.split('\n').find((l) => l.endsWith('[cd-instead-of-workdir]'));
    const compactLine = berth(['lint', '-f', 'compact', 'Dockerfile'], { cwd: dir }).stdout.split('\n').find((l) => l.endsWith('[cd-instead-of-workdir]'));
    expect(gnuLine?.split(': ')[0]).toBe('Dockerfile:2:30');
    expect(compactLine?.split(': ')[0]).toBe('Dockerfile:2:21');
  });

  it('codacy: one JSON object per line with filename, message, patternId (the hadolint code where there is one) and line', () => {
    const r = run('codacy');
    const lines = r.stdout.split('\n');
    expect(lines.pop()).toBe('');
    const issues = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const i of issues) expect(Object.keys(i)).toEqual(['filename', 'message', 'patternId', 'line']);
    expect(issues.map((i) => [i.filename, i.patternId, i.line])).toEqual([
      ['svc/Dockerfile', 'stage-name-casing', 1],
      ['svc/Dockerfile', 'copy-from-index', 4],
      ['svc/Dockerfile', 'DL4003', 5],
      ['svc/Dockerfile', 'DL3025', 5],
      ['svc/Dockerfile', 'unknown-instruction', 7],
    ]);
    expect(issues[4]?.message).toBe('Unknown instruction `FORM`. Did you mean FROM?');
  });

  it('sonarqube: the generic issue import format — rules used, issues with 1-based lines and 0-based columns', () => {
    const r = run('sonarqube');
    const report = JSON.parse(r.stdout) as {
      rules: Array<{ id: string; name: string; description: string; engineId: string; cleanCodeAttribute: string; type: string; severity: string; impacts: Array<{ softwareQuality: string; severity: string }> }>;
      issues: Array<{ ruleId: string; primaryLocation: { message: string; filePath: string; textRange: { startLine: number; endLine?: number; startColumn?: number; endColumn?: number } } }>;
    };
    expect(Object.keys(report)).toEqual(['rules', 'issues']);
    const ATTRIBUTES = ['FORMATTED', 'CONVENTIONAL', 'IDENTIFIABLE', 'CLEAR', 'LOGICAL', 'COMPLETE', 'EFFICIENT', 'FOCUSED', 'DISTINCT', 'MODULAR', 'TESTED', 'LAWFUL', 'TRUSTWORTHY', 'RESPECTFUL'];
    for (const rule of report.rules) {
      expect(rule.engineId).toBe('berth');
      expect(rule.name.length).toBeGreaterThan(0);
      expect(rule.description.length).toBeGreaterThan(0);
      expect(ATTRIBUTES).toContain(rule.cleanCodeAttribute);
      expect(['BUG', 'VULNERABILITY', 'CODE_SMELL']).toContain(rule.type);
      expect(['BLOCKER', 'CRITICAL', 'MAJOR', 'MINOR', 'INFO']).toContain(rule.severity);
      expect(rule.impacts.length).toBeGreaterThan(0);
      for (const i of rule.impacts) {
        expect(['SECURITY', 'RELIABILITY', 'MAINTAINABILITY']).toContain(i.softwareQuality);
        expect(['HIGH', 'MEDIUM', 'LOW']).toContain(i.severity);
      }
    }
    expect(report.rules.map((x) => x.id)).toEqual(['stage-name-casing', 'copy-from-index', 'multiple-cmd', 'shell-form-command', 'unknown-instruction']);
    expect(report.rules.find((x) => x.id === 'unknown-instruction')).toMatchObject({ severity: 'CRITICAL', impacts: [{ severity: 'HIGH' }] });
    const ids = new Set(report.rules.map((x) => x.id));
    const lines = FILE.split('\n');
    for (const i of report.issues) {
      expect(ids.has(i.ruleId)).toBe(true);
      expect(i.primaryLocation.filePath).toBe('svc/Dockerfile');
      const t = i.primaryLocation.textRange;
      // A range SonarQube accepts: inside the file's lines, not empty.
      expect(t.startLine).toBeGreaterThanOrEqual(1);
      expect(t.startColumn).toBeLessThanOrEqual(lines[t.startLine - 1]!.length);
      expect(t.endColumn).toBeLessThanOrEqual(lines[(t.endLine ?? t.startLine) - 1]!.length);
      if (t.endLine === t.startLine && t.startColumn !== undefined) expect(t.endColumn).toBeGreaterThan(t.startColumn);
    }
    expect(report.issues[0]).toEqual({
      ruleId: 'stage-name-casing',
      primaryLocation: { message: 'Stage name `Build` is not lower-case: Docker treats it as `build`; write it that way', filePath: 'svc/Dockerfile', textRange: { startLine: 1, startColumn: 20, endLine: 1, endColumn: 25 } },
    });
  });

  it('junit: well-formed JUnit XML — a suite per file, a failed test case per finding, counts that add up', () => {
    // A path with XML's special characters, a clean file and a file with findings.
    const dir = project({ 'a&b<c>/Dockerfile': FILE, 'clean/Dockerfile': 'FROM alpine:3.20\n' });
    const r = berth(['lint', '-f', 'junit', 'a&b<c>/Dockerfile', 'clean/Dockerfile'], { cwd: dir });
    expect(r.code).toBe(1);
    const doc = parseXml(r.stdout);
    expect(doc.declaration).toContain('encoding="UTF-8"');
    expect(doc.root.name).toBe('testsuites');
    const suites = doc.root.children;
    expect(suites.map((s) => [s.name, s.attributes.name])).toEqual([
      ['testsuite', 'a&b<c>/Dockerfile'],
      ['testsuite', 'clean/Dockerfile'],
    ]);
    let tests = 0;
    let failures = 0;
    for (const s of suites) {
      const cases = s.children.filter((c) => c.name === 'testcase');
      expect(s.attributes.tests).toBe(String(cases.length));
      expect(s.attributes.failures).toBe(String(all(s, 'failure').length));
      expect(s.attributes.errors).toBe('0');
      for (const c of cases) {
        expect(c.attributes.name?.length).toBeGreaterThan(0);
        expect(c.attributes.classname).toBe(s.attributes.name);
      }
      tests += cases.length;
      failures += all(s, 'failure').length;
    }
    expect(doc.root.attributes).toMatchObject({ name: 'berth', tests: String(tests), failures: String(failures) });
    const [bad, clean] = suites;
    expect(all(bad!, 'testcase').map((c) => c.attributes.name)).toEqual(['stage-name-casing at 1:21', 'copy-from-index at 4:13', 'multiple-cmd at 5:1', 'shell-form-command at 5:5', 'unknown-instruction at 7:1']);
    const failure = all(bad!, 'failure')[3]!;
    expect(failure.attributes).toEqual({ type: 'warning', message: 'CMD in shell form runs under `/bin/sh -c`, so the program does not receive stop signals: use the exec form, `CMD ["program", "arg"]`' });
    expect(failure.text).toBe(
      'a&b<c>/Dockerfile:5:5: warning: CMD in shell form runs under `/bin/sh -c`, so the program does not receive stop signals: use the exec form, `CMD ["program", "arg"]` [shell-form-command]\nhttps://github.com/berth-lint/berth/blob/main/docs/rules/shell-form-command.md',
    );
    expect(all(clean!, 'testcase')).toHaveLength(1);
    expect(all(clean!, 'failure')).toHaveLength(0);
  });
});
