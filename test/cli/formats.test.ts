/** Every output format of `berth lint`, on one file with findings of several kinds. */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { berth, project, ROOT } from '../helpers/cli.js';

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
  it('is valid SARIF 2.1.0 (checked by Microsoft’s SARIF validator), with rule metadata and UTF-16 columns', () => {
    const r = run('sarif');
    const log = JSON.parse(r.stdout) as {
      version: string;
      runs: Array<{
        columnKind: string;
        tool: { driver: { name: string; rules: Array<{ id: string; help: { markdown: string }; properties: { aliases: string[] } }> } };
        results: Array<{ ruleId: string; ruleIndex: number; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }>; fixes?: unknown[] }>;
      }>;
    };
    const run0 = log.runs[0]!;
    expect(log.version).toBe('2.1.0');
    expect(run0.columnKind).toBe('utf16CodeUnits');
    const rules = run0.tool.driver.rules;
    expect(rules.find((x) => x.id === 'copy-from-own-stage')?.properties.aliases).toEqual(['DL3023']);
    expect(rules.find((x) => x.id === 'multiple-cmd')?.help.markdown).toContain('## Why');
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

    const sarifFile = join(r.dir, 'out.sarif');
    writeFileSync(sarifFile, r.stdout);
    const validator = join(ROOT, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');
    expect(existsSync(validator), 'npm ci installs @microsoft/sarif-multitool-linux').toBe(true);
    chmodSync(validator, 0o755);
    const v = spawnSync(validator, ['validate', sarifFile, '--output', join(r.dir, 'validation.sarif'), '--log', 'ForceOverwrite'], { encoding: 'utf8', env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
    expect(v.status, `${v.stdout}\n${v.stderr}`).toBe(0);
    const validation = JSON.parse(spawnSync('cat', [join(r.dir, 'validation.sarif')], { encoding: 'utf8' }).stdout) as {
      runs: Array<{ results?: Array<{ level: string; ruleId: string; message: { text?: string; id?: string } }> }>;
    };
    const problems = (validation.runs[0]?.results ?? []).filter((x) => x.level === 'error' || x.level === 'warning');
    expect(problems.map((p) => `${p.ruleId}: ${p.message.text ?? p.message.id}`)).toEqual([]);
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
