/** Configuration files: discovery, berth's and hadolint's keys, and clear errors. */
import { describe, expect, it } from 'vitest';
import { berth, project } from '../helpers/cli.js';

const FILE = 'FROM golang:1.23 AS Build\nFROM alpine:3.20\nCOPY --from=Build /a /a\nCMD ./app\n';

function rules(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => `${/: (\w+): /.exec(l)?.[1]} ${/\[([\w-]+)\]$/.exec(l)?.[1]}`);
}

describe('config discovery', () => {
  it('the nearest .berth.yaml above the linted file applies — not the working folder', () => {
    const dir = project({
      'svc/.berth.yaml': 'rules:\n  stage-name-casing: off\n',
      'svc/api/Dockerfile': FILE,
      'other/Dockerfile': FILE,
    });
    expect(rules(berth(['lint', '-f', 'compact', 'svc/api/Dockerfile'], { cwd: dir }).stdout)).toEqual(['warning shell-form-command']);
    expect(rules(berth(['lint', '-f', 'compact', 'other/Dockerfile'], { cwd: dir }).stdout)).toEqual(['style stage-name-casing', 'warning shell-form-command']);
    // The same from inside the folder: each file finds its own.
    expect(rules(berth(['lint', '-f', 'compact', '../other/Dockerfile', 'api/Dockerfile'], { cwd: `${dir}/svc` }).stdout)).toEqual([
      'style stage-name-casing',
      'warning shell-form-command',
      'warning shell-form-command',
    ]);
  });

  it('in one folder .berth.yaml wins over .hadolint.yaml; a nearer folder wins over a farther one', () => {
    const dir = project({
      '.hadolint.yaml': 'ignored: [DL3025]\n',
      'a/.berth.yaml': 'ignore: [StageNameCasing]\n',
      'a/.hadolint.yaml': 'ignored: [DL3025]\n',
      'a/Dockerfile': FILE,
      'b/Dockerfile': FILE,
    });
    expect(rules(berth(['lint', '-f', 'compact', 'a/Dockerfile'], { cwd: dir }).stdout)).toEqual(['warning shell-form-command']);
    expect(rules(berth(['lint', '-f', 'compact', 'b/Dockerfile'], { cwd: dir }).stdout)).toEqual(['style stage-name-casing']);
  });

  it('--config replaces the search; --no-config uses none; --verbose says which applies', () => {
    const dir = project({ '.berth.yaml': 'ignore: [shell-form-command]\n', 'strict.yaml': 'rules:\n  shell-form-command: error\n', Dockerfile: FILE });
    expect(rules(berth(['lint', '-f', 'compact', '-c', 'strict.yaml', 'Dockerfile'], { cwd: dir }).stdout)).toContain('error shell-form-command');
    expect(rules(berth(['lint', '-f', 'compact', '--no-config', 'Dockerfile'], { cwd: dir }).stdout)).toContain('warning shell-form-command');
    expect(berth(['lint', '--verbose', 'Dockerfile'], { cwd: dir }).stderr).toContain(`berth: Dockerfile: config ${dir}/.berth.yaml`);
  });

  it("hadolint's global config is used when no file is found above", () => {
    const dir = project({ '.xdg/hadolint.yaml': 'ignored: [DL3025]\n', 'p/Dockerfile': FILE });
    expect(rules(berth(['lint', '-f', 'compact', 'p/Dockerfile'], { cwd: dir }).stdout)).toEqual(['style stage-name-casing']);
  });
});

describe('berth config keys', () => {
  it('severities, off, aliases, rule options, failLevel and format', () => {
    const dir = project({
      '.berth.yaml': [
        'rules:',
        '  StageNameCasing: error',
        '  DL3025: off',
        '  unused-stage:',
        '    severity: warning',
        '    options:',
        '      targets: [test]',
        'failLevel: error',
        'format: compact',
        '',
      ].join('\n'),
      Dockerfile: 'FROM golang:1.23 AS Build\nFROM alpine:3.20 AS test\nFROM alpine:3.20 AS lint\nFROM alpine:3.20\nCOPY --from=Build /a /a\nCMD ./app\n',
    });
    const r = berth(['lint', 'Dockerfile'], { cwd: dir });
    expect(rules(r.stdout)).toEqual(['error stage-name-casing', 'warning unused-stage']);
    expect(r.stdout).toContain('Stage `lint` is not used');
    expect(r.code).toBe(1);
  });

  it.each([
    ['invalid YAML', 'rules: [a', 'berth: invalid configuration\n', '.berth.yaml:1:10: invalid YAML'],
    ['an unknown key', 'rulez:\n  a: off\n', '', '.berth.yaml:1:1: rulez: unknown key `rulez`'],
    ['an unknown rule', 'rules:\n  no-such-rule: off\n', '', '.berth.yaml:2:3: rules.no-such-rule: unknown rule `no-such-rule`'],
    ['an unknown severity', 'rules:\n  unused-stage: loud\n', '', '.berth.yaml:2:17: rules.unused-stage: unknown severity `loud`'],
    ['an unknown option', 'rules:\n  unused-stage:\n    options:\n      target: [x]\n', '', '.berth.yaml:4:7: rules.unused-stage.options.target: rule `unused-stage` has no option `target` (it has targets)'],
    ['a wrong type', 'rules:\n  unused-stage:\n    options:\n      targets: test\n', '', '.berth.yaml:4:16: rules.unused-stage.options.targets: expected a list'],
    ['turning off what Docker rejects', 'rules:\n  unknown-instruction: off\n', '', 'it cannot be turned off'],
  ])('%s is an error naming file, line and key; exit 2', (_n, yaml, first, message) => {
    const dir = project({ '.berth.yaml': yaml, Dockerfile: 'FROM alpine:3.20\n' });
    const r = berth(['lint', 'Dockerfile'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    if (first) expect(r.stderr.startsWith(first)).toBe(true);
    expect(r.stderr).toContain(message);
  });

  it('an explicit config that does not exist is an error', () => {
    const r = berth(['lint', '-c', 'nope.yaml', 'examples/Dockerfile']);
    expect(r).toMatchObject({ code: 2, stderr: 'berth: cannot read the configuration file nope.yaml: no such file\n' });
  });
});

describe('.hadolint.yaml', () => {
  it('ignored, override (error wins), failure-threshold', () => {
    const dir = project({
      '.hadolint.yaml': 'ignored: [StageNameCasing]\noverride:\n  warning: [DL3025]\n  error: [DL3025]\nfailure-threshold: error\n',
      Dockerfile: FILE,
    });
    const r = berth(['lint', '-f', 'compact', 'Dockerfile'], { cwd: dir });
    expect(rules(r.stdout)).toEqual(['error shell-form-command']);
    expect(r.code).toBe(1);
  });

  it('no-fail exits 0; a hadolint format name maps to berth', () => {
    const dir = project({ '.hadolint.yaml': 'no-fail: true\nformat: gnu\n', Dockerfile: FILE });
    const r = berth(['lint', 'Dockerfile'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^Dockerfile:1:21: note: .*\[stage-name-casing\]$/);
  });

  it('names hadolint would take but berth cannot use are skipped with a warning (file, line, key); in .berth.yaml they are errors', () => {
    const ok = project({ '.hadolint.yaml': 'ignored: [DL3008, SC2086, DL3005]\n', Dockerfile: 'FROM alpine:3.20\n' });
    expect(berth(['lint', 'Dockerfile'], { cwd: ok })).toMatchObject({ code: 0, stderr: '' });
    const odd = project({ '.hadolint.yaml': 'ignored:\n  - DL3025\n  - NotARule\n', Dockerfile: FILE });
    const r = berth(['lint', '-f', 'compact', 'Dockerfile'], { cwd: odd });
    expect(r.stderr).toBe(`berth: warning: ${odd}/.hadolint.yaml:3:5: ignored[1]: unknown rule \`NotARule\`; \`berth rules\` lists every rule with its aliases; skipped\n`);
    expect(rules(r.stdout)).toEqual(['style stage-name-casing']);
    const bad = project({ '.berth.yaml': 'ignore:\n  - DL3008\n  - NotARule\n', Dockerfile: 'FROM alpine:3.20\n' });
    expect(berth(['lint', 'Dockerfile'], { cwd: bad })).toMatchObject({ code: 2, stderr: expect.stringContaining('.berth.yaml:3:5: ignore[1]: unknown rule `NotARule`') });
  });

  it('trustedRegistries as one text (as hadolint documents it) or a list', () => {
    const text = 'FROM ghcr.io/acme/base:1.0 AS base\nFROM alpine:3.20\nCOPY --from=base /a /a\n';
    const untrusted = (stdout: string) => stdout.split('\n').filter((l) => l.endsWith('[untrusted-registry]')).map((l) => l.split(': ')[0]);
    for (const yaml of ['trustedRegistries: docker.io\n', 'trustedRegistries: [docker.io]\n', 'trustedRegistries:\n  - docker.io\n']) {
      const dir = project({ '.hadolint.yaml': yaml, Dockerfile: text });
      const r = berth(['lint', '-f', 'compact', 'Dockerfile'], { cwd: dir });
      expect(r.stderr, yaml).toBe('');
      expect(untrusted(r.stdout), yaml).toEqual(['Dockerfile:1:6']);
    }
    const both = project({ '.hadolint.yaml': 'trustedRegistries: docker.io, ghcr.io\n', Dockerfile: text });
    expect(untrusted(berth(['lint', '-f', 'compact', 'Dockerfile'], { cwd: both }).stdout)).toEqual([]);
  });

  it('--config with a file of any name that holds hadolint’s keys reads it as hadolint’s', () => {
    const dir = project({ 'ci/lint-config.yml': 'ignored: [DL3025]\nfailure-threshold: error\n', Dockerfile: FILE });
    const r = berth(['lint', '-f', 'compact', '-c', 'ci/lint-config.yml', 'Dockerfile'], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(rules(r.stdout)).toEqual(['style stage-name-casing']);
  });

  it('keys hadolint skips are warnings; linting goes on', () => {
    const dir = project({ '.hadolint.yaml': 'ignored: [DL3025]\nignord: [DL3008]\noverride:\n  ignore: [StageNameCasing]\n', Dockerfile: FILE });
    const r = berth(['lint', '-f', 'compact', 'Dockerfile'], { cwd: dir });
    expect(r.code).toBe(0); // a style finding does not fail
    expect(rules(r.stdout)).toEqual(['style stage-name-casing']);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      `berth: warning: ${dir}/.hadolint.yaml:2:1: ignord: hadolint has no setting \`ignord\` (did you mean \`ignored\`?); hadolint skips it and so does berth`,
      `berth: warning: ${dir}/.hadolint.yaml:4:3: override.ignore: hadolint and berth skip \`ignore\` here: override takes error, warning, info and style (list codes to turn off under \`ignored\`)`,
    ]);
  });

  it('each hadolint format name gives its report; several formats: the first, and a warning', () => {
    const shapes: Record<string, RegExp> = {
      tty: /^Dockerfile:1:21: style: .*\[stage-name-casing\]\n1 \| FROM/,
      json: /^\{\n {2}"version": 1,/,
      checkstyle: /^<\?xml[^\n]*\n<checkstyle version="4.3">/,
      codeclimate: /^\{"type":"issue","check_name":"stage-name-casing"/,
      gitlab_codeclimate: /^\[\n {2}\{\n {4}"type": "issue"/,
      gnu: /^Dockerfile:1:21: note: stage name `Build` is not lower-case/,
      codacy: /^\{"filename":"Dockerfile","message":"Stage name/,
      sonarqube: /^\{\n {2}"rules": \[/,
      sarif: /"version": "2.1.0"/,
      junit: /^<\?xml[^\n]*\n<testsuites name="berth"/,
    };
    for (const [name, shape] of Object.entries(shapes)) {
      const dir = project({ '.hadolint.yaml': `format: ${name}\n`, Dockerfile: FILE });
      expect(berth(['lint', 'Dockerfile'], { cwd: dir }).stdout, name).toMatch(shape);
    }
    const dir = project({ '.hadolint.yaml': 'formats: [gnu, json]\n', Dockerfile: FILE });
    const r = berth(['lint', 'Dockerfile'], { cwd: dir });
    expect(r.stdout).toMatch(shapes.gnu!);
    expect(r.stderr).toContain('formats: berth writes one report: `gnu`; for `json` run berth lint again with -f');
  });

  it('no-color is read, and --color on the command line still wins over it', () => {
    const dir = project({ '.hadolint.yaml': 'no-color: true\n', Dockerfile: FILE });
    expect(berth(['lint', '--color', 'Dockerfile'], { cwd: dir }).stdout).toContain('\x1b[');
  });

  it('failure-threshold decides the exit code: hadolint’s levels, and none/ignore fail on anything', () => {
    // One info finding (its level set here, so the test does not depend on the rule's default).
    const text = 'FROM alpine:3.20\nCMD ./app\n';
    const codes = Object.fromEntries(
      ['error', 'warning', 'info', 'style', 'ignore', 'none'].map((t) => {
        const dir = project({ '.hadolint.yaml': `override:\n  info: [DL3025]\nfailure-threshold: ${t}\n`, Dockerfile: text });
        return [t, berth(['lint', 'Dockerfile'], { cwd: dir }).code];
      }),
    );
    expect(codes).toEqual({ error: 0, warning: 0, info: 1, style: 1, ignore: 1, none: 1 });
    // Without failure-threshold berth keeps its own default (warning), where hadolint's is info.
    const dflt = project({ '.hadolint.yaml': 'override:\n  info: [DL3025]\n', Dockerfile: text });
    expect(berth(['lint', 'Dockerfile'], { cwd: dflt }).code).toBe(0);
    // The command line wins over the file.
    const dir = project({ '.hadolint.yaml': 'override:\n  info: [DL3025]\nfailure-threshold: error\n', Dockerfile: text });
    expect(berth(['lint', '--fail-level', 'info', 'Dockerfile'], { cwd: dir }).code).toBe(1);
  });

  it('disable-ignore-pragma turns off `# hadolint ignore=` but not berth’s own comments', () => {
    const text = '# hadolint ignore=StageNameCasing\nFROM golang:1.23 AS Build\n# berth-ignore shell-form-command\nCMD ./app\n';
    const dir = project({ '.hadolint.yaml': 'disable-ignore-pragma: true\n', Dockerfile: text });
    expect(rules(berth(['lint', '-f', 'compact', 'Dockerfile'], { cwd: dir }).stdout)).toEqual(['style stage-name-casing']);
  });
});
