/**
 * Reading configuration text (rules/engine/config-file.ts): every shape of `.hadolint.yaml` that hadolint 2.15
 * accepts must work, and berth's own `.berth.yaml` takes the same shapes for the keys the two share.
 */
import * as yaml from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { HADOLINT_FORMATS, formatNamed, kindOfText, parseConfigText, useYaml, type ConfigKind } from '../../rules/engine/config-file.js';
import { ruleNames } from '../../rules/engine/lint.js';
import { RULES_BY_ID } from '../../rules/index.js';

beforeAll(() => useYaml(yaml));

function read(text: string, kind: ConfigKind = 'hadolint') {
  const r = parseConfigText(text, kind, ruleNames(), RULES_BY_ID);
  const show = (e: { line: number; column: number; key: string; message: string }) => `${e.line}:${e.column} ${e.key}: ${e.message}`;
  return { ...r, errorText: r.errors.map(show), warningText: r.warnings.map(show) };
}

describe('.hadolint.yaml: lists may be written as one text', () => {
  it.each([
    ['a text', 'trustedRegistries: docker.io\n', ['docker.io']],
    ['a list', 'trustedRegistries: [docker.io, ghcr.io]\n', ['docker.io', 'ghcr.io']],
    ['a block list', 'trustedRegistries:\n  - docker.io\n  - "*.example.com"\n', ['docker.io', '*.example.com']],
    ['a text with commas', 'trustedRegistries: docker.io, ghcr.io,quay.io\n', ['docker.io', 'ghcr.io', 'quay.io']],
  ])('trustedRegistries as %s', (_n, text, expected) => {
    const r = read(text);
    expect(r.errorText).toEqual([]);
    expect(r.warningText).toEqual([]);
    expect(r.fragment.settings.trustedRegistries).toEqual(expected);
  });

  it('the same in .berth.yaml', () => {
    expect(read('trustedRegistries: docker.io\n', 'berth').fragment.settings.trustedRegistries).toEqual(['docker.io']);
    expect(read('ignore: DL3025\n', 'berth').fragment.rules.get('shell-form-command')).toEqual({ severity: 'off', options: {} });
  });

  it('ignored and override lists as texts', () => {
    const r = read('ignored: DL3025\noverride:\n  error: DL3006, DL3007\n  info: StageNameCasing\n');
    expect(r.errorText).toEqual([]);
    expect(r.fragment.rules.get('shell-form-command')?.severity).toBe('off');
    expect(r.fragment.rules.get('image-without-tag')?.severity).toBe('error');
    expect(r.fragment.rules.get('image-latest-tag')?.severity).toBe('error');
    expect(r.fragment.rules.get('stage-name-casing')?.severity).toBe('info');
  });
});

describe('.hadolint.yaml: a key with no value is not set (as in hadolint)', () => {
  it.each(['ignored', 'override', 'trustedRegistries', 'label-schema', 'strict-labels', 'failure-threshold', 'no-fail', 'no-color', 'verbose', 'format', 'formats', 'disable-ignore-pragma'])('%s:', (key) => {
    for (const empty of ['', ' ~', ' null']) {
      const r = read(`${key}:${empty}\n`);
      expect(r.errorText, `${key}:${empty}`).toEqual([]);
      expect(r.warningText).toEqual([]);
      expect(r.fragment.rules.size).toBe(0);
      expect(r.fragment.cli).toEqual({});
      expect(r.fragment.settings).toEqual({});
    }
  });

  it('an empty override level and an empty label type', () => {
    const r = read('override:\n  error:\n  warning: [DL3025]\nlabel-schema:\n  author:\n  maintainer: ""\n');
    expect(r.errorText).toEqual([]);
    expect(r.fragment.rules.get('shell-form-command')?.severity).toBe('warning');
    expect(r.fragment.settings.labelSchema).toEqual({ author: 'text', maintainer: 'text' });
  });
});

describe('.hadolint.yaml: every key', () => {
  it('reads all of them at once', () => {
    const r = read(
      [
        'ignored: [DL3008]',
        'override:',
        '  error: [DL3025]',
        'trustedRegistries: [docker.io]',
        'label-schema:',
        '  author: text',
        '  url: url',
        '  version: semver',
        '  git: hash',
        '  created: rfc3339',
        '  license: spdx',
        '  contact: email',
        'strict-labels: true',
        'failure-threshold: warning',
        'no-fail: true',
        'no-color: true',
        'verbose: true',
        'format: sarif',
        'disable-ignore-pragma: true',
        '',
      ].join('\n'),
    );
    expect(r.errorText).toEqual([]);
    expect(r.warningText).toEqual([]);
    expect(r.fragment.rules.get('apt-get-unpinned')?.severity).toBe('off');
    expect(r.fragment.rules.get('shell-form-command')?.severity).toBe('error');
    expect(r.fragment.settings).toEqual({
      trustedRegistries: ['docker.io'],
      labelSchema: { author: 'text', url: 'url', version: 'semver', git: 'hash', created: 'rfc3339', license: 'spdx', contact: 'email' },
      strictLabels: true,
    });
    expect(r.fragment.cli).toEqual({ failLevel: 'warning', noFail: true, color: false, verbose: true, format: 'sarif' });
    expect(r.fragment.inline).toEqual({ hadolint: false });
  });

  it.each([
    ['error', 'error'],
    ['warning', 'warning'],
    ['info', 'info'],
    ['style', 'style'],
    // hadolint's `ignore` and `none` fail on every finding that is left: berth's lowest level.
    ['ignore', 'style'],
    ['none', 'style'],
  ])('failure-threshold: %s is fail level %s', (threshold, level) => {
    expect(read(`failure-threshold: ${threshold}\n`).fragment.cli.failLevel).toBe(level);
  });

  it.each(Object.entries(HADOLINT_FORMATS))('format: %s is berth’s %s', (name, format) => {
    const r = read(`format: ${name}\n`);
    expect(r.errorText).toEqual([]);
    expect(r.fragment.cli.format).toBe(format);
    expect(formatNamed(name)).toBe(format);
  });

  it('hadolint’s ten formats are all there', () => {
    expect(Object.keys(HADOLINT_FORMATS).sort()).toEqual(['checkstyle', 'codacy', 'codeclimate', 'gitlab_codeclimate', 'gnu', 'json', 'junit', 'sarif', 'sonarqube', 'tty']);
  });

  it('several formats: the first is used (formats before format, as hadolint lists them) and the rest is a warning', () => {
    const r = read('format: gnu\nformats: [sarif, json]\n');
    expect(r.errorText).toEqual([]);
    expect(r.fragment.cli.format).toBe('sarif');
    expect(r.warningText).toEqual(['2:18 formats: berth writes one report: `sarif`; for `json`, `gnu` run berth lint again with -f']);
    expect(read('formats: [junit, junit]\n').warningText).toEqual([]);
    expect(read('formats: checkstyle\n').fragment.cli.format).toBe('checkstyle');
  });
});

describe('.hadolint.yaml: what hadolint skips is a warning, what it rejects an error', () => {
  it('unknown keys are skipped with a warning (and a suggestion)', () => {
    const r = read('ignord: [DL3008]\ncolour: false\n');
    expect(r.errorText).toEqual([]);
    expect(r.warningText).toEqual([
      '1:1 ignord: hadolint has no setting `ignord` (did you mean `ignored`?); hadolint skips it and so does berth',
      '2:1 colour: hadolint has no setting `colour`; hadolint skips it and so does berth',
    ]);
    expect(r.fragment.rules.size).toBe(0);
  });

  it('an unknown override level is skipped with a warning', () => {
    const r = read('override:\n  ignore: [DL3008]\n  critical: [DL3009]\n  error: [DL3025]\n');
    expect(r.errorText).toEqual([]);
    expect(r.warningText).toEqual([
      '2:3 override.ignore: hadolint and berth skip `ignore` here: override takes error, warning, info and style (list codes to turn off under `ignored`)',
      '3:3 override.critical: hadolint and berth skip `critical` here: override takes error, warning, info and style',
    ]);
    expect([...r.fragment.rules.keys()]).toEqual(['shell-form-command']);
  });

  it('codes berth cannot use are skipped with a warning; retired hadolint codes and DL1000 do nothing, silently', () => {
    const r = read('ignored: [DL1000, DL3005, DL3017, DL3031, DL3039, SC2086, DL9999, NotARule, stage-name-casnig]\n');
    expect(r.errorText).toEqual([]);
    expect(r.warningText).toEqual([
      "1:59 ignored[6]: `DL9999` is not a hadolint code (hadolint's are aliases of berth's rules; `berth rules` lists them); skipped",
      '1:67 ignored[7]: unknown rule `NotARule`; `berth rules` lists every rule with its aliases; skipped',
      '1:77 ignored[8]: unknown rule `stage-name-casnig` (did you mean `stage-name-casing`?); `berth rules` lists every rule with its aliases; skipped',
    ]);
    expect([...r.fragment.rules]).toEqual([['SC2086', { severity: 'off', options: {} }]]);
  });

  it.each([
    ['no-fail: maybe', '1:10 no-fail: expected true or false'],
    ['failure-threshold: loud', '1:20 failure-threshold: unknown threshold `loud`: use error, warning, info, style, ignore or none'],
    ['format: html', '1:9 format: unknown format `html`: hadolint\'s are tty, json, checkstyle, codeclimate, gitlab_codeclimate, gnu, codacy, sonarqube, sarif, junit'],
    ['label-schema:\n  version: semvr', '2:12 label-schema.version: unknown label type `semvr`: use text, url, semver, hash, rfc3339, spdx, email'],
    ['label-schema: [a]', '1:15 label-schema: expected a mapping of keys to values'],
    ['ignored: {a: b}', '1:10 ignored: expected a list, for example `[a, b]`, or one text'],
  ])('%s is an error', (text, error) => {
    expect(read(`${text}\n`).errorText).toEqual([error]);
  });
});

describe('the parser’s checks cannot be turned off; rules can', () => {
  it('.berth.yaml: rules, ignore', () => {
    expect(read('rules:\n  unknown-instruction: off\n', 'berth').errorText).toEqual([
      "2:3 rules.unknown-instruction: `unknown-instruction` is one of the parser's checks: the builder rejects this text before it builds anything, so it cannot be turned off or changed",
    ]);
    expect(read('ignore: [missing-argument]\n', 'berth').errorText).toEqual([
      "1:10 ignore[0]: `missing-argument` is one of the parser's checks: the builder rejects this text before it builds anything, so it cannot be turned off or changed",
    ]);
    expect(read('ignore: [instruction-before-from, DL3024, empty-continuation-line]\n', 'berth').errorText).toEqual([]);
  });

  it('.hadolint.yaml: a warning, and the check stays on', () => {
    const r = read('ignored: [unknown-instruction, DL3061]\noverride:\n  info: [unterminated-heredoc]\n');
    expect(r.errorText).toEqual([]);
    expect(r.warningText).toHaveLength(2);
    expect(r.warningText[0]).toContain("`unknown-instruction` is one of the parser's checks");
    expect([...r.fragment.rules.keys()]).toEqual(['instruction-before-from']);
  });
});

describe('.berth.yaml', () => {
  it('a key with no value is not set; format takes hadolint’s names too', () => {
    const r = read('ignore:\ntrustedRegistries:\nformat: tty\nfailLevel:\n', 'berth');
    expect(r.errorText).toEqual([]);
    expect(r.fragment.cli).toEqual({ format: 'stylish' });
    expect(read('format: gitlab_codeclimate\n', 'berth').fragment.cli.format).toBe('gitlab');
    expect(read('format: junit\n', 'berth').fragment.cli.format).toBe('junit');
  });

  it('hadolint’s keys in .berth.yaml are errors that say where they belong; typos get a suggestion', () => {
    expect(read('failure-threshold: error\n', 'berth').errorText[0]).toContain("unknown key `failure-threshold` (`failure-threshold` is hadolint's: berth reads it in a .hadolint.yaml)");
    expect(read('trustedRegistry: [a]\n', 'berth').errorText[0]).toContain('unknown key `trustedRegistry` (did you mean `trustedRegistries`?)');
  });

  it('label types are checked', () => {
    expect(read('labelSchema:\n  a: URL\n  b: ""\n', 'berth').fragment.settings.labelSchema).toEqual({ a: 'url', b: 'text' });
    expect(read('labelSchema:\n  a: uri\n', 'berth').errorText).toEqual(['2:6 labelSchema.a: unknown label type `uri`: use text, url, semver, hash, rfc3339, spdx, email']);
  });
});

describe('a file whose name does not say whose it is (--config ci/lint.yaml)', () => {
  it.each([
    ['ignored: [DL3008]\n', 'hadolint'],
    ['failure-threshold: error\ntrustedRegistries: [docker.io]\n', 'hadolint'],
    ['override:\n  error: [DL3008]\nformat: json\n', 'hadolint'],
    ['rules:\n  DL3008: off\n', 'berth'],
    ['trustedRegistries: [docker.io]\n', 'berth'],
    ['ignored: [DL3008]\nrules:\n  DL3009: off\n', 'berth'],
    ['', 'berth'],
    ['[a, b]\n', 'berth'],
    ['rules: [a\n', 'berth'],
  ])('%j is read as %s', (text, kind) => {
    expect(kindOfText(text)).toBe(kind);
  });
});

describe('.berth.yaml: `experimental` turns on BuildKit\'s experimental checks, as `# check=experimental=` does', () => {
  it.each([
    ['a list of check names', 'experimental: [InvalidDefinitionDescription]\n', { all: false, ids: ['invalid-definition-description'] }],
    ['one name as a text, by rule id', 'experimental: invalid-definition-description\n', { all: false, ids: ['invalid-definition-description'] }],
    ['all', 'experimental: all\n', { all: true, ids: [] }],
  ])('%s', (_n, text, expected) => {
    const r = read(text, 'berth');
    expect(r.errorText).toEqual([]);
    expect(r.fragment.experimental).toEqual(expected);
  });

  it('a rule that is not an experimental check, or no rule at all, is an error with the line', () => {
    expect(read('experimental: [StageNameCasing]\n', 'berth').errorText).toEqual([
      "1:16 experimental[0]: `StageNameCasing` is not one of BuildKit's experimental checks (InvalidDefinitionDescription); to turn a rule on, give it a severity under `rules`",
    ]);
    expect(read('experimental: [Nope]\n', 'berth').errorText[0]).toContain('unknown rule `Nope`');
  });

  it('reaches the lint configuration; hadolint has no such key', async () => {
    const { configFromFragment } = await import('../../rules/engine/config-file.js');
    expect(configFromFragment(read('experimental: all\n', 'berth').fragment).experimental).toEqual({ all: true, ids: [] });
    expect(configFromFragment(read('preview: true\n', 'berth').fragment).experimental).toEqual({ all: false, ids: [] });
    expect(read('experimental: all\n').warningText[0]).toContain('hadolint has no setting `experimental`');
  });
});
