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
    expect(r).toMatchObject({ code: 2, stderr: 'berth: invalid configuration\nnope.yaml:0:0: no such file\n' });
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
    expect(r.stdout.split('\n')[0]).toMatch(/^Dockerfile:1:21: style: .*\[stage-name-casing\]$/);
  });

  it('hadolint codes berth has no rule for yet are accepted; other unknown names are errors', () => {
    const ok = project({ '.hadolint.yaml': 'ignored: [DL3008, SC2086]\n', Dockerfile: 'FROM alpine:3.20\n' });
    expect(berth(['lint', 'Dockerfile'], { cwd: ok }).code).toBe(0);
    const bad = project({ '.hadolint.yaml': 'ignored:\n  - DL3008\n  - NotARule\n', Dockerfile: 'FROM alpine:3.20\n' });
    expect(berth(['lint', 'Dockerfile'], { cwd: bad })).toMatchObject({ code: 2, stderr: expect.stringContaining('.hadolint.yaml:3:5: ignored[1]: unknown rule `NotARule`') });
  });

  it('disable-ignore-pragma turns off `# hadolint ignore=` but not berth’s own comments', () => {
    const text = '# hadolint ignore=StageNameCasing\nFROM golang:1.23 AS Build\n# berth-ignore shell-form-command\nCMD ./app\n';
    const dir = project({ '.hadolint.yaml': 'disable-ignore-pragma: true\n', Dockerfile: text });
    expect(rules(berth(['lint', '-f', 'compact', 'Dockerfile'], { cwd: dir }).stdout)).toEqual(['style stage-name-casing']);
  });
});
