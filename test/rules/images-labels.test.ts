/**
 * Edge cases of the image and label rules: ranges across continuations, CRLF, variables resolved through ARG
 * defaults, ONBUILD, the settings that switch rules on, and every `differences` claim.
 */
import { describe, expect, it } from 'vitest';
import type { RuleSettings } from '../../rules/define.js';
import { defaultConfig } from '../../rules/engine/config.js';
import { crlf, df } from '../helpers/fixture.js';
import { allRulesConfig, findingsOf, fixWith } from '../helpers/rule-tester.js';

function withSettings(settings: Partial<RuleSettings>) {
  const c = allRulesConfig();
  c.settings = { ...c.settings, ...settings };
  return c;
}

/** The source text of each finding of a rule. */
function spans(text: string, rule: string, settings?: Partial<RuleSettings>): string[] {
  return findingsOf(text, rule, settings ? withSettings(settings) : undefined).map((d) => text.slice(d.start, d.end));
}

function messages(text: string, rule: string, settings?: Partial<RuleSettings>): string[] {
  return findingsOf(text, rule, settings ? withSettings(settings) : undefined).map((d) => d.message);
}

const DIGEST = 'sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d';

describe.each([
  ['LF', (t: string) => t],
  ['CRLF', crlf],
])('image-without-tag (%s)', (_name, eol) => {
  it('reports the image word, also across a continuation', () => {
    expect(spans(eol('FROM ubuntu\n'), 'image-without-tag')).toEqual(['ubuntu']);
    expect(spans(eol('FROM \\\n    --platform=$BUILDPLATFORM \\\n    golang AS build\n'), 'image-without-tag')).toEqual(['golang']);
  });

  it('resolves FROM ${IMAGE} through the default of a global ARG', () => {
    const t = eol(df`
      ARG BASE=python
      FROM \${BASE}
    `);
    expect(spans(t, 'image-without-tag')).toEqual(['${BASE}']);
    expect(messages(t, 'image-without-tag')[0]).toContain('`python`');
    expect(spans(eol('ARG BASE=python:3.12\nFROM ${BASE}\n'), 'image-without-tag')).toEqual([]);
    expect(spans(eol('ARG BASE=python@' + DIGEST + '\nFROM $BASE\n'), 'image-without-tag')).toEqual([]);
  });

  it('leaves values it cannot know alone: an ARG without default, img${X} with unknown X', () => {
    expect(spans(eol('ARG BASE\nFROM ${BASE}\n'), 'image-without-tag')).toEqual([]);
    expect(spans(eol('ARG X\nFROM node${X}\n'), 'image-without-tag')).toEqual([]);
    expect(spans(eol('ARG X=:22\nFROM node${X}\n'), 'image-without-tag')).toEqual([]);
    expect(spans(eol('ARG X=-slim\nFROM node${X}\n'), 'image-without-tag')).toEqual(['node${X}']);
  });

  it('exempts scratch, earlier stages and digests; a forward reference is an image', () => {
    expect(spans(eol('FROM scratch\n'), 'image-without-tag')).toEqual([]);
    expect(spans(eol('FROM alpine:3.20 AS base\nFROM base\n'), 'image-without-tag')).toEqual([]);
    expect(spans(eol(`FROM alpine@${DIGEST}\n`), 'image-without-tag')).toEqual([]);
    expect(spans(eol('FROM base\nFROM alpine:3.20 AS base\n'), 'image-without-tag')).toEqual(['base']);
  });
});

describe('image-latest-tag', () => {
  it('reports the tag', () => {
    expect(spans('FROM node:latest AS app\n', 'image-latest-tag')).toEqual(['latest']);
    expect(spans('FROM ghcr.io/acme/app:latest\n', 'image-latest-tag')).toEqual(['latest']);
    expect(spans(crlf('FROM \\\n  node:latest\n'), 'image-latest-tag')).toEqual(['latest']);
  });

  it('resolves ARG defaults; points at the tag when it is written, else at the whole image', () => {
    const t = 'ARG REG=ghcr.io\nFROM ${REG}/app:latest\n';
    expect(spans(t, 'image-latest-tag')).toEqual(['latest']);
    expect(messages(t, 'image-latest-tag')[0]).toContain('ghcr.io/app:latest');
    expect(spans('ARG BASE=ubuntu:latest\nFROM $BASE\n', 'image-latest-tag')).toEqual(['$BASE']);
    expect(spans('ARG TAG\nFROM ubuntu:$TAG\n', 'image-latest-tag')).toEqual([]);
  });

  it('a digest pins the image; other tags and no tag are not this rule', () => {
    expect(spans(`FROM node:latest@${DIGEST}\n`, 'image-latest-tag')).toEqual([]);
    expect(spans('FROM node\n', 'image-latest-tag')).toEqual([]);
    expect(spans('FROM node:LATEST\n', 'image-latest-tag')).toEqual([]);
    expect(spans('FROM alpine:3.20 AS latest\nFROM latest\n', 'image-latest-tag')).toEqual([]);
  });
});

describe('from-platform-constant', () => {
  it('reports the constant value', () => {
    expect(spans('FROM --platform=linux/amd64 alpine:3.20\n', 'from-platform-constant')).toEqual(['linux/amd64']);
    expect(spans('FROM --platform="linux/arm64/v8" alpine:3.20\n', 'from-platform-constant')).toEqual(['"linux/arm64/v8"']);
    expect(spans(crlf('FROM \\\n  --platform=amd64 \\\n  alpine:3.20\n'), 'from-platform-constant')).toEqual(['amd64']);
  });

  it('differs from hadolint: any variable makes the value not constant', () => {
    expect(spans('FROM --platform=$TARGETOS/$TARGETARCH alpine:3.20\n', 'from-platform-constant')).toEqual([]);
    expect(spans('ARG P=linux/amd64\nFROM --platform=$P alpine:3.20\n', 'from-platform-constant')).toEqual([]);
    expect(spans('FROM --platform=${BUILDPLATFORM:-linux/amd64} alpine:3.20\n', 'from-platform-constant')).toEqual([]);
  });

  it('follows BuildKit: a stage named after the OS or architecture is exempt (names are lower-cased, arch normalised)', () => {
    expect(spans('FROM --platform=linux/amd64 alpine:3.20 AS build-amd64\n', 'from-platform-constant')).toEqual([]);
    expect(spans('FROM --platform=linux/amd64 alpine:3.20 AS Build_AMD64\n', 'from-platform-constant')).toEqual([]);
    expect(spans('FROM --platform=windows/amd64 nanoserver:ltsc2022 AS windows-base\n', 'from-platform-constant')).toEqual([]);
    expect(spans('FROM --platform=linux/x86_64 alpine:3.20 AS app-amd64\n', 'from-platform-constant')).toEqual([]);
    expect(spans('FROM --platform=linux/x86_64 alpine:3.20 AS app\n', 'from-platform-constant')).toEqual(['linux/x86_64']);
  });

  it('leaves values that are no platform to the build', () => {
    expect(spans('FROM --platform=a/b/c/d alpine:3.20\n', 'from-platform-constant')).toEqual([]);
    expect(spans('FROM --platform=nonsense alpine:3.20\n', 'from-platform-constant')).toEqual([]);
  });

  it('answers to its BuildKit name in # check=skip=', () => {
    expect(spans('# check=skip=FromPlatformFlagConstDisallowed\nFROM --platform=linux/amd64 alpine:3.20\n', 'from-platform-constant')).toEqual([]);
  });
});

describe('redundant-target-platform', () => {
  it('reports the flag in every spelling BuildKit expands to $TARGETPLATFORM', () => {
    for (const v of ['$TARGETPLATFORM', '${TARGETPLATFORM}', '"$TARGETPLATFORM"', '${TARGETPLATFORM:-linux/amd64}']) {
      expect(spans(`FROM --platform=${v} alpine:3.20\n`, 'redundant-target-platform'), v).toEqual([`--platform=${v}`]);
    }
  });

  it('leaves other values alone', () => {
    for (const v of ['$BUILDPLATFORM', '${TARGETPLATFORM}x', '${TARGETPLATFORM:+linux/amd64}', '${TARGETPLATFORM:-$OTHER}', '$TARGETOS/$TARGETARCH', 'linux/amd64']) {
      expect(spans(`FROM --platform=${v} alpine:3.20\n`, 'redundant-target-platform'), v).toEqual([]);
    }
  });

  it('the fix removes the flag, also before a continuation', () => {
    expect(fixWith('FROM --platform=$TARGETPLATFORM alpine:3.20 AS app\n', 'redundant-target-platform')).toBe('FROM alpine:3.20 AS app\n');
    expect(fixWith('FROM --platform=$TARGETPLATFORM \\\n    alpine:3.20\n', 'redundant-target-platform')).toBe('FROM \\\n    alpine:3.20\n');
    expect(fixWith(crlf('FROM --platform=${TARGETPLATFORM}  node:22\r\n'), 'redundant-target-platform')).toBe('FROM node:22\r\n');
  });
});

describe('untrusted-registry', () => {
  const trusted = { trustedRegistries: ['docker.io', 'ghcr.io'] };

  it('is off while no registry is trusted', () => {
    expect(spans('FROM quay.io/a/b:1\n', 'untrusted-registry')).toEqual([]);
  });

  it('reports the registry part of FROM, COPY --from and RUN --mount=from images', () => {
    const t = df`
      FROM quay.io/a/b:1
      COPY --from=registry.example.com/tools/lint:2 /lint /lint
      RUN --mount=type=bind,from=quay.io/c/d:3,target=/x true
    `;
    expect(spans(t, 'untrusted-registry', trusted)).toEqual(['quay.io', 'registry.example.com', 'quay.io']);
  });

  it('Docker Hub images pass only when Docker Hub is trusted', () => {
    expect(spans('FROM alpine:3.20\nFROM docker.io/library/ubuntu:24.04\n', 'untrusted-registry', trusted)).toEqual([]);
    expect(spans('FROM alpine:3.20\n', 'untrusted-registry', { trustedRegistries: ['hub.docker.com'] })).toEqual([]);
    expect(spans('FROM alpine:3.20\n', 'untrusted-registry', { trustedRegistries: ['ghcr.io'] })).toEqual(['alpine:3.20']);
  });

  it('differs from hadolint: COPY --from=<index> is a stage, never an image', () => {
    const t = 'FROM ghcr.io/a/build:1\nFROM ghcr.io/a/run:1\nCOPY --from=0 /out /app\nCOPY --from=7 /x /y\n';
    expect(spans(t, 'untrusted-registry', { trustedRegistries: ['ghcr.io'] })).toEqual([]);
  });

  it('differs from hadolint: ARG defaults are substituted, unknown values skipped', () => {
    expect(spans('ARG REG=quay.io\nFROM ${REG}/a:1\n', 'untrusted-registry', trusted)).toEqual(['${REG}/a:1']);
    expect(spans('ARG REG=ghcr.io\nFROM ${REG}/a:1\n', 'untrusted-registry', trusted)).toEqual([]);
    expect(spans('ARG REG\nFROM ${REG}/a:1\n', 'untrusted-registry', trusted)).toEqual([]);
  });

  it('differs from hadolint: localhost registries are registries', () => {
    expect(spans('FROM localhost:5000/app:1\n', 'untrusted-registry', trusted)).toEqual(['localhost:5000']);
    expect(spans('FROM localhost:5000/app:1\n', 'untrusted-registry', { trustedRegistries: ['localhost*'] })).toEqual([]);
  });

  it('patterns: *, *.suffix, prefix*', () => {
    expect(spans('FROM quay.io/a:1\n', 'untrusted-registry', { trustedRegistries: ['*'] })).toEqual([]);
    expect(spans('FROM registry.example.com/a:1\n', 'untrusted-registry', { trustedRegistries: ['*.example.com'] })).toEqual([]);
    expect(spans('FROM example.com/a:1\n', 'untrusted-registry', { trustedRegistries: ['*.example.com'] })).toEqual(['example.com']);
    expect(spans('FROM registry.example.com/a:1\n', 'untrusted-registry', { trustedRegistries: ['registry*'] })).toEqual([]);
    expect(spans('FROM myregistry.example.com/a:1\n', 'untrusted-registry', { trustedRegistries: ['registry*'] })).toEqual(['myregistry.example.com']);
  });

  it('scratch and stages are never checked', () => {
    expect(spans('FROM scratch AS s\nFROM s\nCOPY --from=s / /\n', 'untrusted-registry', { trustedRegistries: ['ghcr.io'] })).toEqual([]);
  });
});

describe('missing-healthcheck', () => {
  it('is off by default', () => {
    expect(findingsOf('FROM nginx:1.27\n', 'missing-healthcheck', defaultConfig())).toEqual([]);
  });

  it('a stage is covered by an ancestor or a descendant; a sibling branch is not', () => {
    const t = df`
      FROM alpine:3.20 AS base
      FROM base AS with
      HEALTHCHECK NONE
      FROM base AS without
      FROM with AS child
    `;
    expect(spans(t, 'missing-healthcheck')).toEqual(['without']);
  });

  it('HEALTHCHECK inside ONBUILD does not count', () => {
    expect(spans('FROM alpine:3.20\nONBUILD HEALTHCHECK NONE\n', 'missing-healthcheck')).toEqual(['FROM']);
  });
});

describe('invalid-label-key', () => {
  it('reports the key across continuations and CRLF', () => {
    expect(spans(crlf('FROM alpine:3.20\nLABEL a=1 \\\n      B.x=2\n'), 'invalid-label-key')).toEqual(['B.x']);
    expect(spans('FROM alpine:3.20\nLABEL Foo bar baz\n', 'invalid-label-key')).toEqual(['Foo']);
  });

  it('each broken convention', () => {
    const t = df`
      FROM alpine:3.20
      LABEL 1abc=x abc.=x a\$b=x com.docker.x=x io.docker.y=x org.dockerproject.z=x a..b=x a--b=x
    `;
    expect(messages(t, 'invalid-label-key')).toHaveLength(8);
  });

  it('accepts `_` and `/` like hadolint', () => {
    expect(spans('FROM alpine:3.20\nLABEL vendor_id=1 org.example/team=a\n', 'invalid-label-key')).toEqual([]);
  });

  it('lower-cases keys whose only fault is upper case, quoted or not', () => {
    expect(fixWith('FROM alpine:3.20\nLABEL Version=1 "Maintainer"=me\n', 'invalid-label-key')).toBe('FROM alpine:3.20\nLABEL version=1 "maintainer"=me\n');
    expect(findingsOf('FROM alpine:3.20\nLABEL Com.docker.x=1\n', 'invalid-label-key')[0]?.fix).toBeUndefined();
  });

  it('expands variables in keys; unknown keys and ONBUILD are skipped', () => {
    const t = 'FROM alpine:3.20\nARG K=Foo\nLABEL ${K}=1\n';
    expect(spans(t, 'invalid-label-key')).toEqual(['${K}']);
    expect(findingsOf(t, 'invalid-label-key')[0]?.fix).toBeUndefined();
    expect(spans('FROM alpine:3.20\nARG K\nLABEL ${K}=1\n', 'invalid-label-key')).toEqual([]);
    expect(spans('FROM alpine:3.20\nONBUILD LABEL Foo=1\n', 'invalid-label-key')).toEqual([]);
  });
});

describe('missing-label', () => {
  const schema = { labelSchema: { 'org.opencontainers.image.source': 'url' } };

  it('reports each stage and each missing label', () => {
    const t = 'FROM alpine:3.20 AS a\nFROM alpine:3.20\n';
    expect(spans(t, 'missing-label', { labelSchema: { x: 'text', y: '' } })).toEqual(['a', 'a', 'FROM', 'FROM']);
  });

  it('differs from hadolint: a named descendant that sets the label covers its base', () => {
    const t = 'FROM alpine:3.20 AS base\nFROM base AS runtime\nLABEL org.opencontainers.image.source=https://x.io\n';
    expect(spans(t, 'missing-label', schema)).toEqual([]);
  });

  it('differs from hadolint: stages used by COPY --from=<index> or a mount are not images', () => {
    const t = df`
      FROM golang:1.23
      FROM node:22 AS assets
      FROM alpine:3.20
      LABEL org.opencontainers.image.source=https://x.io
      COPY --from=0 /out /app
      RUN --mount=from=assets,target=/a true
    `;
    expect(spans(t, 'missing-label', schema)).toEqual([]);
  });

  it('a key that depends on an unknown variable may be any label', () => {
    expect(spans('FROM alpine:3.20\nARG K\nLABEL ${K}=x\n', 'missing-label', schema)).toEqual([]);
    expect(spans('FROM alpine:3.20\nARG K=org.opencontainers.image.source\nLABEL ${K}=x\n', 'missing-label', schema)).toEqual([]);
  });

  it('ONBUILD LABEL does not count', () => {
    expect(spans('FROM alpine:3.20\nONBUILD LABEL org.opencontainers.image.source=https://x.io\n', 'missing-label', schema)).toEqual(['FROM']);
  });
});

describe('unexpected-label', () => {
  it('only with strictLabels; with an empty schema every label', () => {
    const t = 'FROM alpine:3.20\nLABEL a=1 b=2\n';
    expect(spans(t, 'unexpected-label', { labelSchema: { a: 'text' } })).toEqual([]);
    expect(spans(t, 'unexpected-label', { strictLabels: true, labelSchema: { a: 'text' } })).toEqual(['b']);
    expect(spans(t, 'unexpected-label', { strictLabels: true })).toEqual(['a', 'b']);
  });
});

describe('empty-label', () => {
  const schema = { labelSchema: { version: 'semver', note: 'text' } };
  it('reports key and value of schema labels only', () => {
    expect(spans('FROM alpine:3.20\nLABEL version= other=\n', 'empty-label', schema)).toEqual(['version=']);
    expect(spans('FROM alpine:3.20\nLABEL note=""\n', 'empty-label', schema)).toEqual(['note=""']);
  });
  it('an ARG with an empty default is empty; one without default is unknown', () => {
    expect(spans('FROM alpine:3.20\nARG V=\nLABEL version=$V\n', 'empty-label', schema)).toEqual(['version=$V']);
    expect(spans('FROM alpine:3.20\nARG V\nLABEL version=$V\n', 'empty-label', schema)).toEqual([]);
  });
  it('an empty value is not also a format error', () => {
    expect(spans('FROM alpine:3.20\nLABEL version=""\n', 'label-not-semver', schema)).toEqual([]);
  });
});

describe('typed label formats', () => {
  /** Labels of one schema type: which of `values` are reported. */
  function rejected(rule: string, type: string, values: string[]): string[] {
    return values.filter((v) => findingsOf(`FROM alpine:3.20\nLABEL x=${JSON.stringify(v)}\n`, rule, withSettings({ labelSchema: { x: type } })).length > 0);
  }

  it('only labels whose schema type matches are checked', () => {
    expect(spans('FROM alpine:3.20\nLABEL x=nope y=nope\n', 'label-not-url', { labelSchema: { x: 'text', y: 'url' } })).toEqual(['nope']);
    expect(spans('FROM alpine:3.20\nLABEL x=nope\n', 'label-not-url', { labelSchema: { x: '' } })).toEqual([]);
    expect(spans('FROM alpine:3.20\nLABEL x=nope\n', 'label-not-url')).toEqual([]);
  });

  it('reports the value across continuations; variables resolved or skipped; ONBUILD skipped', () => {
    const s = { labelSchema: { x: 'url' } };
    expect(spans(crlf('FROM alpine:3.20\nLABEL a=1 \\\n  x="github.com/a"\n'), 'label-not-url', s)).toEqual(['"github.com/a"']);
    expect(spans('FROM alpine:3.20\nARG U=github.com/a\nLABEL x=$U\n', 'label-not-url', s)).toEqual(['$U']);
    expect(spans('FROM alpine:3.20\nARG U\nLABEL x=$U\n', 'label-not-url', s)).toEqual([]);
    expect(spans('FROM alpine:3.20\nLABEL x=https://$HOST/a\n', 'label-not-url', s)).toEqual([]);
    expect(spans('FROM alpine:3.20\nONBUILD LABEL x=nope\n', 'label-not-url', s)).toEqual([]);
  });

  it('url', () => {
    expect(rejected('label-not-url', 'url', ['https://github.com/a/b', 'mailto:a@b.c', 'urn:isbn:1', 'http://[::1]:8080/x', 'github.com/a', 'https://', 'https://a b', '/x', 'http:x', 'https://x/%zz'])).toEqual([
      'github.com/a',
      'https://',
      'https://a b',
      '/x',
      'http:x',
      'https://x/%zz',
    ]);
  });

  it('rfc3339', () => {
    expect(
      rejected('label-not-rfc3339', 'rfc3339', ['2024-05-01T12:30:00Z', '2024-05-01t12:30:00.5+02:00', '2024-02-29T00:00:00z', '2016-12-31T23:59:60Z', '2023-02-29T00:00:00Z', '2024-05-01T12:30:00', '2024-05-01', '2024-13-01T00:00:00Z', '2024-05-01T24:00:00Z', '2024-05-01T12:30:00+25:00']),
    ).toEqual(['2023-02-29T00:00:00Z', '2024-05-01T12:30:00', '2024-05-01', '2024-13-01T00:00:00Z', '2024-05-01T24:00:00Z', '2024-05-01T12:30:00+25:00']);
  });

  it('hash: differs from hadolint, any abbreviation of 7–40 digits and SHA-256 ids pass', () => {
    const h40 = '3f786850e387550fdab836ed7e6dc881de23001b';
    expect(rejected('label-not-hash', 'hash', [h40, '3f78685', '3f786850e387', h40 + h40.slice(0, 24), '3F78685', '3f7868', h40 + 'a', 'main'])).toEqual([
      '3F78685',
      '3f7868',
      h40 + 'a',
      'main',
    ]);
  });

  it('semver', () => {
    expect(rejected('label-not-semver', 'semver', ['1.0.0', '0.0.0-0', '1.0.0-rc.1+build.7', '1.0.0+20240501', 'v1.0.0', '1.0', '01.0.0', '1.0.0-01', '1.0.0-', '1.0.0+'])).toEqual([
      'v1.0.0',
      '1.0',
      '01.0.0',
      '1.0.0-01',
      '1.0.0-',
      '1.0.0+',
    ]);
  });

  it('email', () => {
    expect(rejected('label-not-email', 'email', ['a@example.com', 'first.last+tag@sub.example.org', 'root@localhost', '"a b"@example.com', 'Jane <jane@example.com>', 'a@@b', 'a.@b.com', '@b.com', 'a@-b.com'])).toEqual([
      'Jane <jane@example.com>',
      'a@@b',
      'a.@b.com',
      '@b.com',
      'a@-b.com',
    ]);
  });

  it('spdx: differs from hadolint, expressions and LicenseRef- pass', () => {
    expect(
      rejected('label-not-spdx', 'spdx', [
        'MIT',
        'mit',
        'MIT OR Apache-2.0',
        'MIT or Apache-2.0',
        '(MIT AND BSD-3-Clause) OR GPL-2.0-or-later',
        'GPL-2.0+',
        'GPL-2.0-only WITH Classpath-exception-2.0',
        'LicenseRef-Acme',
        'DocumentRef-x:LicenseRef-y',
        'Apache-2.0 WITH AdditionRef-z',
        'MIT Or Apache-2.0',
        '(MIT',
        'MIT AND',
        'Apache 2',
        'Acme-1.0',
        'GPL-2.0-only WITH Foo-exception',
      ]),
    ).toEqual(['MIT Or Apache-2.0', '(MIT', 'MIT AND', 'Apache 2', 'Acme-1.0', 'GPL-2.0-only WITH Foo-exception']);
    const s = { labelSchema: { x: 'spdx' } };
    expect(messages('FROM alpine:3.20\nLABEL x=Acme-1.0\n', 'label-not-spdx', s)[0]).toContain('LicenseRef-Acme-1.0');
    expect(messages('FROM alpine:3.20\nLABEL x="Apache 2"\n', 'label-not-spdx', s)[0]).toContain('SPDX license expression');
  });
});
