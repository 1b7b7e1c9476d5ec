/**
 * The CI integrations — .pre-commit-hooks.yaml, action.yml, examples/ci/gitlab-ci.yml and the commands in
 * docs/ci.md — checked against the real `berth lint`: every option they pass exists (so renaming an option breaks
 * this test, not a user's CI), every format and level is one berth knows, the pre-commit file pattern picks the same
 * files berth picks in a folder, and the action's and GitLab job's scripts are run as written, with `npx` on PATH
 * replaced by a shim that runs the built bin/berth.js.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { SEVERITIES } from '../../rules/define.js';
import { FORMATS } from '../../rules/engine/config-file.js';
import { BIN, ROOT, berth, project } from '../helpers/cli.js';

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const LEVELS = [...SEVERITIES, 'none'];

/** The options `berth lint --help` lists (long and short). */
const OPTIONS = (() => {
  const help = berth(['lint', '--help']).stdout;
  const lintPart = help.slice(help.indexOf('Lint options:'));
  expect(lintPart.length).toBeGreaterThan(20);
  return new Set([...lintPart.matchAll(/(?<![\w-])(--?[a-z][a-z-]*)/g)].map((m) => m[1] as string));
})();

/**
 * The arguments of each `berth lint` in `text` (shell lines or YAML with commands): after `berth lint`,
 * `berth-lint@VERSION lint`, or `args=(lint …)` / `args+=(…)` in the action's bash.
 */
function lintInvocations(text: string): string[][] {
  const out: string[][] = [];
  for (const line of text.split('\n')) {
    const m = /\bberth(?:-lint)?(?:@\S+)?\s+lint\b(.*)$/.exec(line) ?? /\bargs\+?=\((?:lint\b)?([^)]*)\)/.exec(line);
    if (!m) continue;
    const rest = (m[1] as string).replace(/\s#.*$/, '');
    out.push(rest.split(/\s+/).filter(Boolean).map((t) => t.replace(/^["']|["']$/g, '')));
  }
  return out;
}

/** Checks options, formats and levels of `berth lint` arguments; returns what is wrong. */
function problems(args: string[]): string[] {
  const bad: string[] = [];
  args.forEach((a, i) => {
    if (!a.startsWith('-') || a === '-') return;
    const [name, inline] = a.split('=', 2) as [string, string | undefined];
    if (!OPTIONS.has(name)) bad.push(`unknown option ${name}`);
    const value = inline ?? args[i + 1];
    if ((name === '--format' || name === '-f') && value && !value.startsWith('$') && !(FORMATS as readonly string[]).includes(value)) bad.push(`unknown format ${value}`);
    if (name === '--fail-level' && value && !value.startsWith('$') && !LEVELS.includes(value)) bad.push(`unknown level ${value}`);
  });
  return bad;
}

/** A folder with `npx` on PATH that runs the built berth and logs its arguments (`--yes`, `berth-lint@…` dropped). */
function withNpxShim(files: Record<string, string>): { dir: string; env: NodeJS.ProcessEnv; calls: () => string[] } {
  const dir = project({
    ...files,
    '.shim/npx': [
      '#!/bin/sh',
      `printf '%s\\n' "$*" >> "${'$'}(dirname "$0")/calls.log"`,
      'for a in "$@"; do shift; case "$a" in --yes|berth-lint|berth-lint@*) ;; *) set -- "$@" "$a" ;; esac; done',
      `exec '${process.execPath}' '${BIN}' "$@"`,
      '',
    ].join('\n'),
  });
  chmodSync(join(dir, '.shim', 'npx'), 0o755);
  const env = { ...process.env, PATH: `${join(dir, '.shim')}${delimiter}${process.env.PATH ?? ''}`, NO_COLOR: '1', HOME: dir, XDG_CONFIG_HOME: join(dir, '.xdg') };
  const log = join(dir, '.shim', 'calls.log');
  return { dir, env, calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []) };
}

const DOCKERFILE = 'FROM alpine AS build\nRUN echo hi\n'; // image-without-tag: a warning

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parseYaml(read('.pre-commit-hooks.yaml')) as Array<Record<string, string>>;
  const hook = hooks.find((h) => h.id === 'berth')!;

  it('declares a node hook whose entry is `berth lint` with real options', () => {
    expect(hook).toBeDefined();
    expect(hook.language).toBe('node');
    expect(hook.entry).toMatch(/^berth lint\b/);
    for (const args of lintInvocations(hook.entry as string)) expect(problems(args)).toEqual([]);
  });

  it('matches the files berth itself lints in a folder', () => {
    const names = [
      'Dockerfile', 'dockerfile', 'a/Dockerfile.dev', 'b/app.Dockerfile', 'c/Containerfile', 'd/Containerfile.prod', 'e/DOCKERFILE',
      'f/Dockerfile.template', 'g/Dockerfile.j2', 'h/README.md', 'i/Dockerfile.md', 'j/notes.txt', 'k/Dockerfiles/x.yaml', 'l/my-dockerfile',
    ];
    const dir = project(Object.fromEntries(names.map((n) => [n, 'FROM scratch\n'])));
    const r = berth(['lint', '--format', 'json', '--fail-level', 'none', '.'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const berthFiles = (JSON.parse(r.stdout) as { results: Array<{ file: string }> }).results.map((x) => x.file).sort();
    // pre-commit uses Python regexes; `(?i)` at the start is the case-insensitive flag.
    const regex = (p: string): RegExp => new RegExp(p.replace(/^\(\?i\)/, ''), p.startsWith('(?i)') ? 'i' : '');
    const files = regex(hook.files as string);
    const exclude = regex(hook.exclude as string);
    const hookFiles = names.filter((n) => files.test(n) && !exclude.test(n)).sort();
    expect(hookFiles).toEqual(berthFiles);
    expect(hookFiles).toContain('b/app.Dockerfile');
  });
});

describe('action.yml', () => {
  interface Step { id?: string; if?: string; uses?: string; run?: string; shell?: string; env?: Record<string, string>; with?: Record<string, string> }
  const action = parseYaml(read('action.yml')) as { inputs: Record<string, { default?: string; description: string }>; runs: { using: string; steps: Step[] } };

  it('is a composite action with the documented inputs, formats and levels', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs).sort()).toEqual(['config', 'fail-level', 'format', 'paths', 'sarif', 'sarif-file', 'version']);
    expect(FORMATS).toContain(action.inputs.format!.default);
    expect(LEVELS).toContain(action.inputs['fail-level']!.default);
    for (const f of FORMATS) expect(action.inputs.format!.description).toContain(f);
    for (const l of LEVELS) expect(action.inputs['fail-level']!.description).toContain(l);
    const doc = read('docs/ci.md');
    for (const name of Object.keys(action.inputs)) expect(doc).toContain(`| \`${name}\` |`);
  });

  it('passes only real berth lint options', () => {
    const runs = action.runs.steps.map((s) => s.run ?? '').join('\n');
    const invocations = lintInvocations(runs);
    expect(invocations.length).toBeGreaterThanOrEqual(3);
    for (const args of invocations) expect(problems(args)).toEqual([]);
  });

  it('uploads the SARIF file it writes with github/codeql-action/upload-sarif', () => {
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.with?.sarif_file).toBe('${{ inputs.sarif-file }}');
    expect(upload?.if).toBe("inputs.sarif == 'true'");
  });

  /** Runs the action's bash steps as GitHub would (composite `shell: bash`), for the given inputs. */
  function runAction(inputs: Record<string, string>, files: Record<string, string>) {
    const values: Record<string, string> = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? '']));
    Object.assign(values, inputs);
    const { dir, env, calls } = withNpxShim(files);
    const output = join(dir, '.github-output');
    writeFileSync(output, '');
    const results: Array<{ name: string; code: number | null; stdout: string; stderr: string }> = [];
    for (const step of action.runs.steps) {
      if (step.if && !(step.if === "inputs.sarif == 'true'" && values.sarif === 'true')) continue;
      if (!step.run) continue;
      expect(step.shell).toBe('bash');
      const stepEnv: Record<string, string> = {};
      for (const [k, v] of Object.entries(step.env ?? {})) {
        stepEnv[k] = v.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => {
          expect(Object.keys(action.inputs)).toContain(name);
          return values[name] ?? '';
        });
      }
      expect(step.run).not.toContain('${{');
      const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], { cwd: dir, encoding: 'utf8', env: { ...env, ...stepEnv, GITHUB_OUTPUT: output } });
      results.push({ name: step.id ?? 'lint', code: r.status, stdout: r.stdout, stderr: r.stderr });
    }
    return { dir, results, calls: calls(), output: readFileSync(output, 'utf8') };
  }

  it('lints, annotates and fails on warnings with the defaults', () => {
    const { results, calls } = runAction({}, { Dockerfile: DOCKERFILE });
    expect(results.map((r) => r.name)).toEqual(['lint']);
    expect(results[0]!.code, results[0]!.stderr).toBe(1);
    expect(results[0]!.stdout).toMatch(/^::warning file=Dockerfile,line=1,/m);
    expect(calls).toEqual(['--yes berth-lint@latest lint --format github --fail-level warning .']);
  });

  it('writes SARIF without failing, then applies paths, config and fail-level', () => {
    const { dir, results, calls, output } = runAction(
      { sarif: 'true', paths: 'Dockerfile\nsub/Dockerfile.dev', config: 'ci.berth.yaml', 'fail-level': 'error', version: '0.1.0' },
      { Dockerfile: DOCKERFILE, 'sub/Dockerfile.dev': DOCKERFILE, 'other/Dockerfile': 'FROM Alpine\n', 'ci.berth.yaml': 'rules:\n  image-without-tag: error\n' },
    );
    expect(results.map((r) => r.name)).toEqual(['sarif', 'lint']);
    expect(results[0]!.code, results[0]!.stderr).toBe(0);
    expect(output).toContain('file=berth.sarif');
    const sarif = JSON.parse(readFileSync(join(dir, 'berth.sarif'), 'utf8')) as { version: string; runs: Array<{ results: Array<{ ruleId: string; level: string }> }> };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toEqual(['image-without-tag', 'image-without-tag']);
    expect(sarif.runs[0]!.results[0]!.level).toBe('error');
    // The configuration made the warning an error, so fail-level error fails; `other/` was not linted.
    expect(results[1]!.code, results[1]!.stderr).toBe(1);
    expect(results[1]!.stdout).not.toContain('other/');
    expect(calls[1]).toBe('--yes berth-lint@0.1.0 lint --format github --fail-level error --config ci.berth.yaml Dockerfile sub/Dockerfile.dev');
  });

  it('passes with fail-level none', () => {
    const { results } = runAction({ 'fail-level': 'none', format: 'compact' }, { Dockerfile: DOCKERFILE });
    expect(results[0]!.code, results[0]!.stderr).toBe(0);
    expect(results[0]!.stdout).toContain('Dockerfile:1:');
  });
});

describe('examples/ci/gitlab-ci.yml', () => {
  const ci = parseYaml(read('examples/ci/gitlab-ci.yml')) as Record<string, { script: string[]; artifacts: { reports: { codequality: string } } }>;
  const job = ci.berth!;

  it('writes a Code Quality report with --format gitlab and declares it', () => {
    const invocations = job.script.flatMap((l) => lintInvocations(l));
    expect(invocations.length).toBe(job.script.length);
    for (const args of invocations) expect(problems(args)).toEqual([]);
    const report = invocations.find((a) => a[a.indexOf('--format') + 1] === 'gitlab');
    expect(report).toBeDefined();
    expect(report![report!.indexOf('--output-file') + 1]).toBe(job.artifacts.reports.codequality);
  });

  it('runs as written: the report step passes, the lint step fails on a warning', () => {
    const { dir, env } = withNpxShim({ Dockerfile: DOCKERFILE });
    const codes = job.script.map((line) => spawnSync('sh', ['-c', line], { cwd: dir, encoding: 'utf8', env }).status);
    expect(codes).toEqual([0, 1]);
    const issues = JSON.parse(readFileSync(join(dir, job.artifacts.reports.codequality), 'utf8')) as Array<{ check_name: string; fingerprint: string; location: { path: string } }>;
    expect(issues.map((i) => i.check_name)).toEqual(['image-without-tag']);
    expect(issues[0]!.fingerprint).toMatch(/\w{8,}/);
    expect(issues[0]!.location.path).toBe('Dockerfile');
  });
});

describe('docs/ci.md', () => {
  it('shows only real berth lint options, formats and levels', () => {
    const doc = read('docs/ci.md');
    const blocks = [...doc.matchAll(/^```\w*\n([\s\S]*?)^```$/gm)].map((m) => m[1] as string).join('\n');
    const invocations = lintInvocations(blocks);
    expect(invocations.length).toBeGreaterThanOrEqual(5);
    for (const args of invocations) expect(problems(args), args.join(' ')).toEqual([]);
  });

  it('states the exit codes of docs/cli.md', () => {
    const codes = (text: string) => [...text.matchAll(/^\| (\d) \|/gm)].map((m) => m[1]);
    const cli = read('docs/cli.md');
    const ciCodes = codes(read('docs/ci.md').replace(/\|\s+---: \|/g, ''));
    expect(ciCodes).toEqual(['0', '1', '2', '3']);
    expect(codes(cli)).toEqual(['0', '1', '2', '3']);
  });
});
