/**
 * ShellCheck through `berth lint`, with the real shellcheck binary (.ci/run installs Debian's package). Where the
 * test needs to count processes or provoke a timeout, a small wrapper script stands in front of the real binary.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { berth, project } from '../helpers/cli.js';

const which = spawnSync('sh', ['-c', 'command -v shellcheck'], { encoding: 'utf8' });
const SHELLCHECK = which.status === 0 ? which.stdout.trim() : '';
const REQUIRED = process.env.BERTH_REQUIRE_SHELLCHECK === '1';

if (!SHELLCHECK && !REQUIRED) console.warn('shellcheck is not installed: test/cli/shellcheck.test.ts is skipped (.ci/run installs it)');

interface Finding {
  rule: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  fix?: unknown;
}

function lintJson(files: Record<string, string>, args: string[] = []): { findings: Finding[]; stderr: string; code: number | null; dir: string } {
  const dir = project(files);
  const r = berth(['lint', 'Dockerfile', '--format', 'json', '--no-config', ...args], { cwd: dir, shellcheck: true });
  const out = JSON.parse(r.stdout || '{"results":[]}') as { results: Array<{ findings: Finding[] }> };
  return { findings: out.results[0]?.findings ?? [], stderr: r.stderr, code: r.code, dir };
}

describe.skipIf(!SHELLCHECK && !REQUIRED)('ShellCheck', () => {
  it('is installed where CI says it must be', () => {
    expect(SHELLCHECK, 'BERTH_REQUIRE_SHELLCHECK=1 but shellcheck is not on PATH').not.toBe('');
  });

  it('reports SC codes at exact ranges across continuation lines and in heredocs', () => {
    const { findings } = lintJson({
      Dockerfile: 'FROM debian:bookworm\nRUN echo start && \\\n    echo $foo\nRUN <<EOF\n#!/bin/bash\nls | grep x\nEOF\n',
    });
    const sc2086 = findings.find((f) => f.rule === 'SC2086');
    expect(sc2086).toMatchObject({ line: 3, column: 10, endLine: 3, endColumn: 14, severity: 'info' });
    expect(sc2086?.fix).toBeDefined();
    expect(findings.find((f) => f.rule === 'SC2010')).toMatchObject({ line: 6, column: 1 });
  });

  it('knows the ARG and ENV names visible at each RUN (no "referenced but not assigned")', () => {
    const { findings } = lintJson({ Dockerfile: 'FROM debian:bookworm\nARG version=1\nENV home_dir=/x\nRUN echo "$version" "$home_dir" "$missing"\n' });
    const sc2154 = findings.filter((f) => f.rule === 'SC2154');
    expect(sc2154).toHaveLength(1);
    expect(sc2154[0]).toMatchObject({ line: 4, column: 34 });
  });

  it('checks with the dialect of SHELL: [[ ]] is fine in bash, not in sh', () => {
    const sh = lintJson({ Dockerfile: 'FROM debian:bookworm\nRUN [[ -f /x ]] && echo y\n' }).findings;
    const bash = lintJson({ Dockerfile: 'FROM debian:bookworm\nSHELL ["/bin/bash", "-c"]\nRUN [[ -f /x ]] && echo y\n' }).findings;
    expect(sh.some((f) => /^SC3\d{3}$/.test(f.rule))).toBe(true);
    expect(bash.filter((f) => f.rule.startsWith('SC'))).toEqual([]);
  });

  it('skips Windows stages, exec form and heredocs for other interpreters', () => {
    const { findings } = lintJson({
      Dockerfile: [
        'FROM mcr.microsoft.com/windows/servercore:ltsc2022',
        'RUN echo $foo',
        'FROM debian:bookworm',
        'RUN ["sh", "-c", "echo $foo"]',
        'RUN <<EOF',
        '#!/usr/bin/env python3',
        'print($foo)',
        'EOF',
        '',
      ].join('\n'),
    });
    expect(findings.filter((f) => f.rule.startsWith('SC'))).toEqual([]);
  });

  it('leaves out a RUN berth already reports as broken (typographic quotes, a bad JSON array), not the RUNs around it', () => {
    const { findings } = lintJson({
      Dockerfile: ['FROM debian:bookworm', 'RUN [“echo”]', "RUN ['echo', 'x']", 'ONBUILD RUN ["echo",]', 'RUN echo $foo', ''].join('\n'),
    });
    expect(findings.filter((f) => f.rule === 'invalid-exec-form').map((f) => f.line)).toEqual([2, 3, 4]);
    const sc = findings.filter((f) => f.rule.startsWith('SC'));
    expect(sc.map((f) => f.line)).toContain(5);
    expect(sc.filter((f) => f.line !== 5)).toEqual([]);
  });

  it('SC codes obey configuration and every suppression syntax', () => {
    const files = {
      Dockerfile: [
        'FROM debian:bookworm',
        '# berth-ignore SC2164: the folder always exists',
        'RUN cd /tmp',
        '# hadolint ignore=SC2154',
        'RUN echo "$nope"',
        'RUN echo $foo',
        '',
      ].join('\n'),
      '.berth.yaml': 'rules:\n  SC2086: off\n  SC2154: error\n',
    };
    const dir = project(files);
    const r = berth(['lint', 'Dockerfile', '--format', 'json'], { cwd: dir, shellcheck: true });
    const findings = (JSON.parse(r.stdout) as { results: Array<{ findings: Finding[] }> }).results[0]?.findings ?? [];
    const sc = findings.filter((f) => f.rule.startsWith('SC')).map((f) => `${f.rule}@${f.line}:${f.severity}`);
    expect(sc).toEqual(['SC2154@6:error']);
  });

  it('runs one ShellCheck process per Dockerfile, however many RUNs', () => {
    const dir = project({ Dockerfile: 'FROM debian:bookworm\nRUN echo $a\nRUN echo $b\nONBUILD RUN echo $c\n' });
    const log = join(dir, 'calls.log');
    const wrapper = join(dir, 'shellcheck-wrapper');
    writeFileSync(wrapper, `#!/bin/sh\necho call >> '${log}'\nexec '${SHELLCHECK}' "$@"\n`);
    chmodSync(wrapper, 0o755);
    const r = berth(['lint', 'Dockerfile', '--format', 'json', '--no-config', '--shellcheck', wrapper], { cwd: dir });
    const rules = ((JSON.parse(r.stdout) as { results: Array<{ findings: Finding[] }> }).results[0]?.findings ?? []).map((f) => `${f.rule}@${f.line}`);
    expect(rules.filter((x) => x.startsWith('SC2154'))).toEqual(['SC2154@2', 'SC2154@3', 'SC2154@4']);
    expect(readFileSync(log, 'utf8')).toBe('call\n');
  });

  it('a ShellCheck that hangs is stopped after the configured timeout; the lint goes on', () => {
    const dir = project({ Dockerfile: 'FROM debian:bookworm\nRUN apt-get install -y vim $a\n', '.berth.yaml': 'shellcheck:\n  timeout: 300\n' });
    const wrapper = join(dir, 'slow-shellcheck');
    writeFileSync(wrapper, '#!/bin/sh\nexec sleep 5\n');
    chmodSync(wrapper, 0o755);
    const started = Date.now();
    const r = berth(['lint', 'Dockerfile', '--format', 'json', '--shellcheck', wrapper], { cwd: dir });
    expect(Date.now() - started).toBeLessThan(4500);
    expect(r.stderr).toContain('ShellCheck took longer than 300 ms');
    const rules = ((JSON.parse(r.stdout) as { results: Array<{ findings: Finding[] }> }).results[0]?.findings ?? []).map((f) => f.rule);
    expect(rules).toContain('apt-get-install-recommends');
  });
});

describe('without ShellCheck', () => {
  it('a missing binary is not an error; --verbose says so once', () => {
    const dir = project({ Dockerfile: 'FROM debian:bookworm\nRUN echo $a\n', 'Dockerfile.two': 'FROM debian:bookworm\nRUN echo $b\n' });
    const r = berth(['lint', '.', '--verbose', '--no-config'], { cwd: dir, shellcheck: true, env: { PATH: '/nonexistent' } });
    expect(r.code).toBe(0);
    expect(r.stderr.match(/shellcheck is not installed/g)).toHaveLength(1);
  });

  it('a configured path that does not exist is reported, and linting continues', () => {
    const dir = project({ Dockerfile: 'FROM debian:bookworm\nRUN echo $a\n' });
    const r = berth(['lint', 'Dockerfile', '--shellcheck', join(dir, 'nope')], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('shellcheck not found at');
  });
});
