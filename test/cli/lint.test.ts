/** `berth lint` end to end: the real binary on real files. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { df } from '../helpers/fixture.js';
import { berth, project } from '../helpers/cli.js';

/** A style finding with a safe fix (stage-name-casing) and a warning with an unsafe one (shell-form-command). */
const FINDINGS = df`
  FROM golang:1.23 AS Build
  FROM alpine:3.20
  COPY --from=Build /app /app
  CMD ./app
`;

describe('berth lint: findings and exit codes', () => {
  it('the bundled example is clean: exit 0, and the summary line says so', () => {
    expect(berth(['lint', 'examples/Dockerfile'])).toEqual({ code: 0, stdout: '1 file checked, no problems\n', stderr: '' });
  });

  it('the summary counts the files checked and those with findings; -q and machine formats print no summary', () => {
    const dir = project({ Dockerfile: FINDINGS, 'clean/Dockerfile': 'FROM alpine:3.20\nCMD ["true"]\n', 'also/Dockerfile': 'FROM alpine:3.20\n' });
    expect(berth(['lint', 'clean', 'also'], { cwd: dir })).toMatchObject({ code: 0, stdout: '2 files checked, no problems\n' });
    const r = berth(['lint', '.'], { cwd: dir });
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('3 files checked, 1 with findings: 0 errors, 1 warning, 1 style finding; 1 fixable with --fix, 1 more with --fix --unsafe-fixes');
    expect(berth(['lint', '-q', 'clean'], { cwd: dir })).toMatchObject({ code: 0, stdout: '' });
    // A path that holds no Dockerfile (exit 2) is counted: the run never ends on a plain "no problems".
    expect(berth(['lint', 'nowhere'], { cwd: dir })).toMatchObject({ code: 2, stdout: '0 files checked; 1 path without a Dockerfile (see above)\n' });
    expect(berth(['lint', 'nowhere', 'clean', 'gone'], { cwd: dir })).toMatchObject({ code: 2, stdout: '1 file checked, no problems; 2 paths without a Dockerfile (see above)\n' });
    // -q with an error: the finding, and no summary after it.
    const err = project({ Dockerfile: 'FROM alpine:3.20 AS a\nFROM alpine:3.20 AS b\nCOPY --from=b /x /x\n' });
    const q = berth(['lint', '-q', 'Dockerfile'], { cwd: err });
    expect(q.code).toBe(1);
    expect(q.stdout.trimEnd().split('\n').pop()).toMatch(/^\s+\|\s+\^+$/);
    expect(q.stdout).not.toMatch(/\b\d+ files? checked\b/);
    for (const format of ['compact', 'json', 'sarif', 'checkstyle', 'codeclimate', 'gitlab', 'github']) {
      expect(berth(['lint', '-f', format, 'clean'], { cwd: dir }).stdout, format).not.toMatch(/\b\d+ files? checked\b/);
    }
  });

  it('the summary says what --fix fixed and what is left for --unsafe-fixes', () => {
    const dir = project({ Dockerfile: FINDINGS });
    const dry = berth(['lint', '--fix-dry-run', 'Dockerfile'], { cwd: dir });
    expect(dry.stdout.trimEnd().split('\n').pop()).toBe('1 file checked: 0 errors, 1 warning; would fix 1 problem in 1 file; 1 fixable with --fix --unsafe-fixes');
    const fixed = berth(['lint', '--fix', '--unsafe-fixes', 'Dockerfile'], { cwd: dir });
    expect(fixed).toMatchObject({ code: 0, stdout: '1 file checked, no problems left (fixed 2 problems in 1 file)\n' });
  });

  it('stylish: location, severity, message, rule, code frame, fix, summary; warnings fail by default', () => {
    const dir = project({ Dockerfile: FINDINGS });
    const r = berth(['lint', 'Dockerfile'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      [
        'Dockerfile:1:21: style: Stage name `Build` is not lower-case: Docker treats it as `build`; write it that way [stage-name-casing]',
        '1 | FROM golang:1.23 AS Build',
        '  |                     ^^^^^',
        '  fix: Rename the stage to `build` (--fix)',
      ].join('\n'),
    );
    expect(r.stdout).toContain('Dockerfile:4:5: warning: CMD in shell form');
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('1 file checked: 0 errors, 1 warning, 1 style finding; 1 fixable with --fix, 1 more with --fix --unsafe-fixes');
  });

  it('--fail-level and --max-warnings decide the exit code; the report is the same', () => {
    const dir = project({ Dockerfile: FINDINGS });
    expect(berth(['lint', '--fail-level', 'error', 'Dockerfile'], { cwd: dir }).code).toBe(0);
    expect(berth(['lint', '--fail-level=none', 'Dockerfile'], { cwd: dir }).code).toBe(0);
    expect(berth(['lint', '--fail-level', 'error', '--max-warnings', '0', 'Dockerfile'], { cwd: dir }).code).toBe(1);
    expect(berth(['lint', '--fail-level', 'error', '--max-warnings', '1', 'Dockerfile'], { cwd: dir }).code).toBe(0);
    // Style findings fail only when asked for.
    expect(berth(['lint', '--ignore', 'shell-form-command', 'Dockerfile'], { cwd: dir }).code).toBe(0);
    expect(berth(['lint', '--ignore', 'shell-form-command', '--fail-level', 'style', 'Dockerfile'], { cwd: dir }).code).toBe(1);
    expect(berth(['lint', '--fail-level', 'bogus', 'Dockerfile'], { cwd: dir })).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown --fail-level "bogus"') });
  });

  it('info findings alone do not fail; errors do', () => {
    const info = project({ Dockerfile: 'FROM alpine:3.20 AS unused\nFROM alpine:3.20\n' });
    expect(berth(['lint', 'Dockerfile'], { cwd: info })).toMatchObject({ code: 0, stdout: expect.stringContaining('[unused-stage]') });
    const error = project({ Dockerfile: 'FROM alpine:3.20 AS a\nCOPY --from=a /x /x\n' });
    expect(berth(['lint', 'Dockerfile'], { cwd: error })).toMatchObject({ code: 1, stdout: expect.stringContaining('error: `a` is the stage this instruction is in') });
  });

  it('syntax errors are findings too, and rules still run on the rest of the file', () => {
    const dir = project({ Dockerfile: 'FROM alpine:3.20\nFORM x\nCMD a\nCMD ["b"]\n' });
    const r = berth(['lint', '--format', 'compact', 'Dockerfile'], { cwd: dir });
    expect(r.stdout.split('\n').filter(Boolean).map((l) => /\[([\w-]+)\]$/.exec(l)?.[1])).toEqual(['unknown-instruction', 'multiple-cmd', 'shell-form-command']);
  });

  it('--rule turns on and sets severity, --ignore turns off, by id or alias; unknown names are usage errors', () => {
    const dir = project({ Dockerfile: FINDINGS });
    const r = berth(['lint', '-f', 'compact', '--ignore', 'StageNameCasing', '--rule', 'DL3025=error', 'Dockerfile'], { cwd: dir });
    expect(r.stdout).toBe('Dockerfile:4:5: error: CMD in shell form runs under `/bin/sh -c`, so the program does not receive stop signals: use the exec form, `CMD ["program", "arg"]` [shell-form-command]\n');
    expect(berth(['lint', '--ignore', 'shell-form-cmd', 'Dockerfile'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: 'berth: --ignore: unknown rule "shell-form-cmd" (did you mean shell-form-command?); `berth rules` lists them\n',
    });
  });

  it('--quiet reports errors only', () => {
    const dir = project({ Dockerfile: 'FROM alpine:3.20 AS a\nCOPY --from=a /x /x\nFROM alpine:3.20 AS Other\nCMD x\n' });
    const r = berth(['lint', '-q', '-f', 'compact', 'Dockerfile'], { cwd: dir });
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toContain('[copy-from-own-stage]');
  });

  it('--output-file writes the report there; colour never goes into a file', () => {
    const dir = project({ Dockerfile: FINDINGS });
    const r = berth(['lint', '--color', '-o', 'report.txt', 'Dockerfile'], { cwd: dir });
    expect(r.stdout).toBe('');
    const report = readFileSync(join(dir, 'report.txt'), 'utf8');
    expect(report).toContain('[stage-name-casing]');
    expect(report).not.toContain('\x1b[');
  });

  it('colour only when asked or on a terminal, never with NO_COLOR', () => {
    const dir = project({ Dockerfile: FINDINGS });
    expect(berth(['lint', '--color', 'Dockerfile'], { cwd: dir }).stdout).toContain('\x1b[33mwarning\x1b[39m');
    expect(berth(['lint', 'Dockerfile'], { cwd: dir }).stdout).not.toContain('\x1b[');
  });

  it('a large report is written out completely before the process exits', () => {
    const lines = ['FROM alpine:3.20'];
    for (let i = 0; i < 4000; i++) lines.push(`CMD echo ${i}`);
    const dir = project({ Dockerfile: `${lines.join('\n')}\n` });
    const r = berth(['lint', '-f', 'json', 'Dockerfile'], { cwd: dir });
    const out = JSON.parse(r.stdout) as { results: Array<{ findings: unknown[] }> };
    expect(out.results[0]?.findings.length).toBe(4000 + 3999);
    expect(r.stdout.length).toBeGreaterThan(2_000_000);
  });
});

describe('berth lint: which files', () => {
  const tree = {
    'Dockerfile': 'FROM alpine:3.20\n',
    'api/Dockerfile.dev': 'FROM alpine:3.20\n',
    'api/web.Dockerfile': 'FROM alpine:3.20\n',
    'svc/Containerfile': 'FROM alpine:3.20\n',
    'svc/Dockerfile.template': 'FROM {{ base }}\n',
    'svc/README.md': '# not a Dockerfile\n',
    'node_modules/pkg/Dockerfile': 'FORM broken\n',
    'build/Dockerfile': 'FORM broken\n',
    'vendor/x/Dockerfile': 'FORM broken\n',
    '.gitignore': 'build/\n',
  };

  it('a folder is searched recursively for Dockerfile, Dockerfile.*, *.Dockerfile and Containerfile, honouring .gitignore', () => {
    const dir = project({ ...tree, '.berth.yaml': 'files:\n  exclude: ["vendor/"]\n' });
    const r = berth(['lint', '--verbose', '.'], { cwd: dir });
    const linted = [...r.stderr.matchAll(/^berth: (.+?): /gm)].map((m) => m[1]).sort();
    expect(linted).toEqual(['Dockerfile', 'api/Dockerfile.dev', 'api/web.Dockerfile', 'svc/Containerfile']);
    expect(r.code).toBe(0);
  });

  it('no path means the current folder', () => {
    const dir = project({ 'a/Dockerfile': 'FROM alpine:3.20\nFORM x\n' });
    expect(berth(['lint', '-f', 'compact'], { cwd: dir }).stdout).toContain('a/Dockerfile:2:1: error: Unknown instruction');
  });

  it('globs are expanded', () => {
    const dir = project(tree);
    const r = berth(['lint', '--verbose', 'api/*'], { cwd: dir });
    expect([...r.stderr.matchAll(/^berth: (.+?): /gm)].map((m) => m[1]).sort()).toEqual(['api/Dockerfile.dev', 'api/web.Dockerfile']);
  });

  it('sees inside plain command lists (fast reader) and inside `if`/loops (tree-sitter, loaded for them)', () => {
    const dir = project({
      'plain/Dockerfile': 'FROM alpine:3.20\nRUN sudo apk add --no-cache curl=8.0.0-r0\n',
      'branchy/Dockerfile': 'FROM alpine:3.20\nRUN if true; then sudo apk add --no-cache curl=8.0.0-r0; fi\n',
    });
    const r = berth(['lint', '-f', 'compact', 'plain/Dockerfile', 'branchy/Dockerfile'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n').filter(Boolean).map((l) => l.replace(/: .*\[/, ' ['))).toEqual(['branchy/Dockerfile:2:19 [sudo-in-run]', 'plain/Dockerfile:2:5 [sudo-in-run]']);
    // The same file alone, so that tree-sitter is loaded for it and nothing else.
    expect(berth(['lint', '-f', 'compact', 'branchy/Dockerfile'], { cwd: dir }).stdout).toMatch(/^branchy\/Dockerfile:2:19: .*\[sudo-in-run\]\n$/);
  });

  it('standard input, named with --stdin-filename', () => {
    const r = berth(['lint', '-f', 'compact', '--stdin-filename', 'docker/Dockerfile', '-'], { input: 'FROM alpine:3.20\nFORM x\n' });
    expect(r).toMatchObject({ code: 1, stdout: 'docker/Dockerfile:2:1: error: Unknown instruction `FORM`. Did you mean FROM? [unknown-instruction]\n' });
    expect(berth(['lint', '-f', 'compact', '-'], { input: 'FORM x\n' }).stdout).toMatch(/^-:1:1: error/);
  });

  it('bad input: a missing file, a folder without Dockerfiles, a binary file — clear messages, exit 2, the rest still linted', () => {
    const dir = project({ 'empty/readme.txt': 'x', 'image.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01]), 'Dockerfile': 'FROM alpine:3.20\nFORM x\n' });
    const r = berth(['lint', '-f', 'compact', 'nope', 'empty', 'image.png', 'Dockerfile'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('berth: nope: no Dockerfile there');
    expect(r.stderr).toContain('berth: empty: no Dockerfile there');
    expect(r.stderr).toContain('berth: image.png: this looks like a binary file, not a Dockerfile; skipped');
    expect(r.stdout).toContain('Dockerfile:2:1: error: Unknown instruction');
  });
});

describe('berth lint --fix', () => {
  const text = '\ufeffFROM golang:1.23 AS Build\r\nRUN echo  "keep   these   spaces"\r\nFROM alpine:3.20\r\nCOPY --from=Build /app /app\r\nCMD ./app\r\n';

  it('applies safe fixes in place and touches no byte outside an edit (BOM, CRLF, spacing kept)', () => {
    const dir = project({ Dockerfile: text });
    const r = berth(['lint', '--fix', '-f', 'compact', 'Dockerfile'], { cwd: dir });
    const after = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    expect(after).toBe(text.replace(/Build/g, 'build'));
    // What is left is reported: the unsafe conversion of CMD.
    expect(r.stdout).toBe('Dockerfile:5:5: warning: CMD in shell form runs under `/bin/sh -c`, so the program does not receive stop signals: use the exec form, `CMD ["program", "arg"]` [shell-form-command]\n');
    expect(r.code).toBe(1);
  });

  it('--unsafe-fixes also applies unsafe fixes', () => {
    const dir = project({ Dockerfile: text });
    const r = berth(['lint', '--fix', '--unsafe-fixes', 'Dockerfile'], { cwd: dir });
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(text.replace(/Build/g, 'build').replace('CMD ./app', 'CMD ["./app"]'));
    expect(r).toMatchObject({ code: 0, stdout: '1 file checked, no problems left (fixed 2 problems in 1 file)\n' });
  });

  it('--fix-dry-run shows a diff and changes nothing', () => {
    const dir = project({ Dockerfile: FINDINGS });
    const r = berth(['lint', '--fix-dry-run', 'Dockerfile'], { cwd: dir });
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(FINDINGS);
    expect(r.stdout).toContain('-FROM golang:1.23 AS Build\n+FROM golang:1.23 AS build\n');
    expect(r.stdout).toContain('-COPY --from=Build /app /app\n+COPY --from=build /app /app\n');
  });

  it('standard input: the fixed text goes to stdout, the report to stderr', () => {
    const r = berth(['lint', '--fix', '-'], { input: FINDINGS });
    expect(r.stdout).toBe(FINDINGS.replace(/Build/g, 'build'));
    expect(r.stderr).toContain('[shell-form-command]');
  });

  it('syntax findings carry fixes too: a keyword glued to its arguments gets its space', () => {
    const glued = 'FROM python:3.12-slim\r\nCOPY--chown=app . /app/\r\nENTRYPOINT["python"]\r\nCMD["app.py", "--port", "8080"]\r\n';
    const dir = project({ Dockerfile: glued });
    const r = berth(['lint', '--fix', 'Dockerfile'], { cwd: dir });
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(
      'FROM python:3.12-slim\r\nCOPY --chown=app . /app/\r\nENTRYPOINT ["python"]\r\nCMD ["app.py", "--port", "8080"]\r\n',
    );
    expect(r.stdout).not.toContain('missing-space-after-keyword');
  });

  it('--fix and --fix-dry-run together are a usage error', () => {
    const dir = project({ Dockerfile: FINDINGS });
    const r = berth(['lint', '--fix', '--fix-dry-run', 'Dockerfile'], { cwd: dir });
    expect(r).toMatchObject({ code: 2, stderr: 'berth: --fix and --fix-dry-run cannot be combined\n' });
  });
});

describe('berth lint --context: the build context’s .dockerignore', () => {
  it('the Dockerfile’s folder by default, --context DIR, and <Dockerfile>.dockerignore first', () => {
    const dir = project({
      'app/Dockerfile': 'FROM alpine:3.20\nCOPY secrets.env /etc/app/\nCOPY main.go /src/\n',
      'app/.dockerignore': '*.env\n',
      'ctx/.dockerignore': 'main.go\n',
      'own/Dockerfile': 'FROM alpine:3.20\nCOPY notes.txt /n/\nCOPY secrets.env /s/\n',
      'own/Dockerfile.dockerignore': 'notes.txt\n',
      'own/.dockerignore': 'secrets.env\n',
    });
    const ignored = (args: string[]) =>
      berth(['lint', '-f', 'compact', '--rule', 'copy-ignored-file', ...args], { cwd: dir })
        .stdout.split('\n')
        .filter((l) => l.includes('[copy-ignored-file]'))
        .map((l) => l.split(':').slice(0, 2).join(':'));
    expect(ignored(['app/Dockerfile'])).toEqual(['app/Dockerfile:2']);
    expect(ignored(['app/Dockerfile', '--context', 'ctx'])).toEqual(['app/Dockerfile:3']);
    expect(ignored(['own/Dockerfile'])).toEqual(['own/Dockerfile:2']);
  });
});

describe('berth lint --context that is not a folder', () => {
  it.each([
    ['a folder that does not exist', ['--context', 'nope'], 'berth: --context nope: no such folder (the build context is the folder docker build is given)\n'],
    ['a file', ['--context', 'app/Dockerfile'], 'berth: --context app/Dockerfile: this is a file, not a folder'],
    ['an empty name', ['--context='], 'berth: --context : no such folder'],
  ])('%s is a usage error: exit 2, nothing linted', (_n, args, message) => {
    const dir = project({ 'app/Dockerfile': FINDINGS });
    const r = berth(['lint', ...args, 'app/Dockerfile'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(message)).toBe(true);
  });

  it('a folder given with a trailing slash, or absolute, is fine', () => {
    const dir = project({ 'app/Dockerfile': 'FROM alpine:3.20\n', 'ctx/.dockerignore': '*\n' });
    expect(berth(['lint', '--context', 'ctx/', 'app/Dockerfile'], { cwd: dir }).code).toBe(0);
    expect(berth(['lint', '--context', join(dir, 'ctx'), 'app/Dockerfile'], { cwd: dir }).code).toBe(0);
  });
});

describe('the parser’s checks cannot be turned off; every rule can', () => {
  const text = 'RUN echo hi\nFROM alpine:3.20\nFORM x\n';
  const found = (stdout: string) => stdout.split('\n').filter(Boolean).map((l) => /\[([\w-]+)\]$/.exec(l)?.[1]);

  it('--ignore and --rule NAME=LEVEL on a parser check are usage errors that say why', () => {
    const dir = project({ Dockerfile: text });
    for (const args of [['--ignore', 'unknown-instruction'], ['--rule', 'unknown-instruction=warning'], ['--rule', 'missing-argument=off']]) {
      const r = berth(['lint', ...args, 'Dockerfile'], { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^berth: --(ignore|rule) [\w=-]+: `[\w-]+` is one of the parser's checks: the builder rejects this text before it builds anything, so it cannot be turned off or changed\n$/);
    }
    // Naming it without a level (turning it on) is harmless.
    expect(found(berth(['lint', '-f', 'compact', '--rule', 'unknown-instruction', 'Dockerfile'], { cwd: dir }).stdout)).toEqual(['instruction-before-from', 'unknown-instruction']);
  });

  it('a rule that reports what the builder rejects can be turned off like any rule: --ignore, configuration, # berth-ignore', () => {
    const dir = project({ Dockerfile: text, 'cfg/Dockerfile': text, 'cfg/.berth.yaml': 'ignore: [DL3061]\n', 'hl/Dockerfile': text, 'hl/.hadolint.yaml': 'ignored: [DL3061]\n' });
    expect(found(berth(['lint', '-f', 'compact', '--ignore', 'instruction-before-from', 'Dockerfile'], { cwd: dir }).stdout)).toEqual(['unknown-instruction']);
    expect(found(berth(['lint', '-f', 'compact', 'cfg/Dockerfile'], { cwd: dir }).stdout)).toEqual(['unknown-instruction']);
    expect(found(berth(['lint', '-f', 'compact', 'hl/Dockerfile'], { cwd: dir }).stdout)).toEqual(['unknown-instruction']);
    const inline = project({ Dockerfile: `# berth-ignore instruction-before-from: a template, FROM is prepended\n${text}` });
    expect(found(berth(['lint', '-f', 'compact', 'Dockerfile'], { cwd: inline }).stdout)).toEqual(['unknown-instruction']);
  });
});

describe('hadolint’s options', () => {
  it.each([
    ['--no-fail', "hadolint's; berth's is --fail-level none"],
    ['--failure-threshold', "hadolint's; berth's is --fail-level LEVEL"],
    ['-t', "hadolint's --failure-threshold; berth's is --fail-level LEVEL"],
    ['--trusted-registry', "hadolint's; in berth, trustedRegistries in .berth.yaml or .hadolint.yaml"],
    ['--error', "hadolint's; berth's is --rule CODE=error"],
  ])('%s: the usage error says what berth takes instead', (flag, hint) => {
    expect(berth(['lint', flag, 'x', 'Dockerfile'])).toMatchObject({ code: 2, stderr: `berth: unknown option ${flag} (${hint})\n` });
  });

  it('hadolint’s environment variables are not read, and berth says so', () => {
    const dir = project({ Dockerfile: FINDINGS });
    const r = berth(['lint', '-f', 'compact', 'Dockerfile'], { cwd: dir, env: { HADOLINT_NOFAIL: '1', HADOLINT_FORMAT: 'json' } });
    expect(r.code).toBe(1);
    expect(r.stdout.startsWith('Dockerfile:1:21: style:')).toBe(true);
    expect(r.stderr).toBe(
      "berth: warning: berth does not read hadolint's environment variables (set here: HADOLINT_NOFAIL, HADOLINT_FORMAT); put those settings in .hadolint.yaml or .berth.yaml, or on the command line\n",
    );
    expect(berth(['lint', 'Dockerfile'], { cwd: dir }).stderr).toBe('');
  });

  it('an option neither berth nor hadolint has: a plain usage error', () => {
    expect(berth(['lint', '--frobnicate', 'Dockerfile'])).toMatchObject({ code: 2, stderr: 'berth: unknown option --frobnicate\n' });
  });
});
