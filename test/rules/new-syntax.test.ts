/**
 * Edge cases of the rules about newer Dockerfile syntax: remote ADD without a checksum, heredoc scripts without
 * `set -e`, and COPY/ADD flags the chosen Dockerfile frontend does not have yet. Exact ranges across continuation
 * lines and CRLF, heredocs, ONBUILD, variables, and every documented difference.
 */
import { describe, expect, it } from 'vitest';
import { df } from '../../rules/define.js';
import { defaultConfig } from '../../rules/engine/config.js';
import { allRulesConfig, findingsOf, fixWith } from '../helpers/rule-tester.js';
import { frontendOf, remoteSource } from '../../rules/utils/new-syntax.js';
import { parse } from '../../grammar/index.js';

/** The flagged texts of one rule. */
function flagged(text: string, rule: string): string[] {
  return findingsOf(text, rule).map((d) => text.slice(d.start, d.end));
}

const crlf = (s: string): string => s.replace(/\n/g, '\r\n');

describe('add-remote-without-checksum', () => {
  const id = 'add-remote-without-checksum';

  it('reports each remote source word exactly, across continuation lines and CRLF', () => {
    const t = df`
      FROM alpine:3.20
      ADD \
          https://example.com/a.tar.gz \
          ./local.txt \
          https://github.com/moby/buildkit.git#v0.16.0 \
          /opt/
    `;
    const want = ['https://example.com/a.tar.gz', 'https://github.com/moby/buildkit.git#v0.16.0'];
    expect(flagged(t, id)).toEqual(want);
    expect(flagged(crlf(t), id)).toEqual(want);
    expect(findingsOf(t, id).map((d) => d.message.split(' ')[1])).toEqual(['downloads', 'clones']);
  });

  it('tells Git sources from downloads as BuildKit does', () => {
    expect(remoteSource('https://example.com/file.tar.gz')).toEqual({ kind: 'http', pinnedCommit: false });
    expect(remoteSource('https://example.com/x.git?ref=main')?.kind).toBe('git');
    expect(remoteSource('https://example.com/file?x=.git')?.kind).toBe('http');
    expect(remoteSource('git@github.com:moby/buildkit.git')?.kind).toBe('git');
    expect(remoteSource('ssh://git@example.com/repo')?.kind).toBe('git');
    expect(remoteSource('git://example.com/repo')?.kind).toBe('git');
    // A path for ADD: the deprecated github.com/org/repo form, an upper-case scheme, an unknown scheme.
    expect(remoteSource('github.com/moby/buildkit')).toBeUndefined();
    expect(remoteSource('HTTPS://example.com/file')).toBeUndefined();
    expect(remoteSource('ftp://example.com/file')).toBeUndefined();
    expect(remoteSource('./a@b:c')).toBeUndefined();
  });

  it('a Git URL pinned by a full commit hash or by ?checksum= / ?commit= is not reported (a documented difference)', () => {
    const sha = '0123456789abcdef0123456789abcdef01234567';
    const t = df`
      FROM alpine:3.20
      ADD https://github.com/moby/buildkit.git#${sha} /a
      ADD https://github.com/moby/buildkit.git#${sha}:docs /b
      ADD https://github.com/moby/buildkit.git?commit=${sha} /c
      ADD git@github.com:moby/buildkit.git?tag=v1&checksum=${sha} /d
      ADD https://github.com/moby/buildkit.git#${sha.slice(0, 12)} /e
      ADD https://github.com/moby/buildkit.git?checksum= /f
    `;
    expect(flagged(t, id)).toEqual([`https://github.com/moby/buildkit.git#${sha.slice(0, 12)}`, 'https://github.com/moby/buildkit.git?checksum=']);
  });

  it('--checksum silences every source; an empty --checksum= does not', () => {
    expect(flagged('FROM a\nADD --checksum=sha256:abc https://example.com/f /f\n', id)).toEqual([]);
    expect(flagged('FROM a\nADD --checksum=$SUM https://example.com/f /f\n', id)).toEqual([]);
    expect(flagged('FROM a\nADD --checksum= https://example.com/f /f\n', id)).toEqual(['https://example.com/f']);
  });

  it('resolves variables it can see, keeps a literal scheme, and stays silent on unknown values', () => {
    const t = df`
      FROM alpine:3.20
      ARG URL=https://example.com/tool
      ARG V=1.0
      ADD \${URL} /a
      ADD https://example.com/\${V}/tool /b
      ADD \${UNKNOWN} /c
    `;
    expect(flagged(t, id)).toEqual(['${URL}', 'https://example.com/${V}/tool']);
  });

  it('covers the exec form and ONBUILD, and ignores COPY and heredoc sources', () => {
    const t = df`
      FROM alpine:3.20
      ADD ["https://example.com/f", "/f"]
      ONBUILD ADD https://example.com/g /g
      COPY https://example.com/h /h
      ADD <<EOF /i
      https://example.com/not-a-source
      EOF
    `;
    expect(flagged(t, id)).toEqual(['"https://example.com/f"', 'https://example.com/g']);
  });
});

describe('heredoc-without-errexit', () => {
  const id = 'heredoc-without-errexit';
  const heredoc = (body: string, head = 'RUN <<EOF'): string => `FROM debian:bookworm\n${head}\n${body}\nEOF\n`;

  it('reports the first command whose failure is hidden, and the fix puts `set -e` first (CRLF kept)', () => {
    const t = heredoc('apt-get update\napt-get install -y curl\nrm -rf /var/lib/apt/lists/*');
    expect(flagged(t, id)).toEqual(['apt-get']);
    expect(findingsOf(t, id)[0]?.start).toBe(t.indexOf('apt-get update'));
    expect(fixWith(t, id)).toBe(heredoc('set -e\napt-get update\napt-get install -y curl\nrm -rf /var/lib/apt/lists/*'));
    expect(fixWith(crlf(t), id)).toBe(crlf(heredoc('set -e\napt-get update\napt-get install -y curl\nrm -rf /var/lib/apt/lists/*')));
  });

  it('the fix goes after a shebang, and into `<<-` bodies', () => {
    expect(fixWith(heredoc('#!/bin/bash\na\nb'), id)).toBe(heredoc('#!/bin/bash\nset -e\na\nb'));
    expect(fixWith('FROM a\nRUN <<-EOF\n\ta\n\tb\n\tEOF\n', id)).toBe('FROM a\nRUN <<-EOF\nset -e\n\ta\n\tb\n\tEOF\n');
  });

  it('errexit from set -e, set -eux, a shebang, the heredoc command line or SHELL counts', () => {
    for (const t of [
      heredoc('set -e\na\nb'),
      heredoc('set -eux\na\nb'),
      heredoc('set -o errexit\na\nb'),
      heredoc('#!/bin/sh -e\na\nb'),
      heredoc('a\nb', 'RUN <<EOF sh -e'),
      heredoc('a\nb', 'RUN bash -e <<EOF'),
      'FROM a\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nRUN <<EOF\na\nb\nEOF\n',
    ]) expect(flagged(t, id), t).toEqual([]);
  });

  it('`set -e` after the first command is too late; `set +e` turns it off again (and no fix is offered then)', () => {
    expect(flagged(heredoc('a\nset -e\nb'), id)).toEqual(['a']);
    const t = heredoc('set -e\na\nset +e\nb\nc');
    expect(flagged(t, id)).toEqual(['b']);
    expect(findingsOf(t, id)[0]?.fix).toBeUndefined();
  });

  it('a set -e on the RUN line does not reach the shell that reads the heredoc', () => {
    expect(flagged(heredoc('a\nb', 'RUN set -e; bash <<EOF'), id)).toEqual(['a']);
  });

  it('one command, one && chain, || true, || exit and a status read with $? hide nothing', () => {
    for (const body of [
      'apt-get update && apt-get install -y curl',
      'apt-get update && \\\n  apt-get install -y curl',
      'a || true\nb',
      'a || { echo "a failed"; exit 1; }\nb',
      'timeout 3 x --version\ncode=$?\nexit $code',
      'echo "start"\nexport X=1\ncd /x && make',
      'a &\nb',
      '! a\nb',
      'if a; then b; else c; fi',
      'X=$(a)\nb',
    ]) expect(flagged(heredoc(body), id), body).toEqual([]);
  });

  it('finds hidden failures inside if, case, { } and ( ), and every statement of a loop', () => {
    expect(flagged(heredoc('if [ -f x ]; then\n  cp x y\n  rm x\nfi'), id)).toEqual(['cp']);
    expect(flagged(heredoc('if [ -f x ]; then\n  cp x y\nfi\necho done'), id)).toEqual(['cp']);
    expect(flagged(heredoc('case "$x" in\n  a) foo ;;\nesac\nbar'), id)).toEqual(['foo']);
    expect(flagged(heredoc('{ a; b; } > /log'), id)).toEqual(['a']);
    expect(flagged(heredoc('(a; b) && c'), id)).toEqual(['a']);
    expect(flagged(heredoc('for p in curl git; do apt-get install -y "$p"; done'), id)).toEqual(['apt-get']);
    expect(flagged(heredoc('while read l; do\n  a "$l"\ndone < list'), id)).toEqual(['a']);
  });

  it('a pipeline is judged by its last command; nested heredocs are skipped', () => {
    expect(flagged(heredoc('a | b\nc'), id)).toEqual(['b']);
    expect(flagged(heredoc('cat <<X > /f\nhello\nX'), id)).toEqual([]);
    expect(flagged(heredoc('cat <<X && b\nhello\nX'), id)).toEqual([]);
    expect(flagged(heredoc('cat <<X > /f\nhello\nX\nb'), id)).toEqual(['cat']);
  });

  it('sudo-wrapped commands are reported once, at sudo', () => {
    expect(flagged(heredoc('sudo a\nb'), id)).toEqual(['sudo']);
  });

  it('applies to ONBUILD RUN, not to other interpreters, shell-form RUN or Windows stages', () => {
    expect(flagged('FROM a\nONBUILD RUN <<EOF\na\nb\nEOF\n', id)).toEqual(['a']);
    expect(fixWith('FROM a\nONBUILD RUN <<EOF\na\nb\nEOF\n', id)).toBe('FROM a\nONBUILD RUN <<EOF\nset -e\na\nb\nEOF\n');
    expect(flagged(heredoc('#!/usr/bin/env python3\nimport os\nprint(1)'), id)).toEqual([]);
    expect(flagged(heredoc('import os\nprint(1)', 'RUN python3 <<EOF'), id)).toEqual([]);
    expect(flagged('FROM a\nRUN cat <<EOF > /x\na\nb\nEOF\n', id)).toEqual([]);
    expect(flagged('FROM a\nRUN a; b\n', id)).toEqual([]);
    expect(flagged('FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN <<EOF\na\nb\nEOF\n', id)).toEqual([]);
  });
});

describe('copy-flag-needs-newer-syntax', () => {
  const id = 'copy-flag-needs-newer-syntax';
  const withSyntax = (syntax: string | undefined, line: string): string =>
    `${syntax === undefined ? '' : `# syntax=${syntax}\n`}FROM alpine:3.20\n${line}\n`;

  it('reports the flag name exactly, across continuation lines and CRLF', () => {
    const t = df`
      # syntax=docker/dockerfile:1.6
      FROM alpine:3.20
      COPY --link \
           --exclude=*.md \
           . /app/
    `;
    expect(flagged(t, id)).toEqual(['--exclude']);
    expect(flagged(crlf(t), id)).toEqual(['--exclude']);
    expect(findingsOf(t, id)[0]?.related?.[0]?.range).toBeDefined();
  });

  it('labs-only flags: an error naming the labs tag when the version has them in labs', () => {
    const [d] = findingsOf(withSyntax('docker/dockerfile:1.7', 'COPY --parents a /b/'), id);
    expect(d?.severity).toBe('error');
    expect(d?.message).toContain('only in the labs channel of `docker/dockerfile:1.7`');
    expect(d?.message).toContain('`docker/dockerfile:1.7-labs`');
    expect(flagged(withSyntax('docker/dockerfile:1.7-labs', 'COPY --parents a /b/'), id)).toEqual([]);
    expect(flagged(withSyntax('docker/dockerfile:1.6-labs', 'COPY --parents a /b/'), id)).toEqual(['--parents']);
    expect(flagged(withSyntax('docker/dockerfile:1.19', 'COPY --parents --exclude=x a /b/'), id)).toEqual(['--parents']);
    expect(flagged(withSyntax('docker/dockerfile:1.20.0', 'COPY --parents --exclude=x a /b/'), id)).toEqual([]);
  });

  it('versions of each flag: --link 1.4, --chmod 1.2, symbolic --chmod 1.14 (labs 1.11), ADD --checksum 1.6 (labs 1.5), --unpack 1.17', () => {
    expect(flagged(withSyntax('docker/dockerfile:1.3', 'COPY --link a /b/'), id)).toEqual(['--link']);
    expect(flagged(withSyntax('docker/dockerfile:1.4', 'COPY --link a /b/'), id)).toEqual([]);
    expect(flagged(withSyntax('docker/dockerfile:1.1', 'COPY --chmod=755 a /b/'), id)).toEqual(['--chmod']);
    expect(flagged(withSyntax('docker/dockerfile:1.13', 'COPY --chmod=u+x,go=rX a /b/'), id)).toEqual(['u+x,go=rX']);
    expect(flagged(withSyntax('docker/dockerfile:1.11-labs', 'COPY --chmod=+x a /b/'), id)).toEqual([]);
    expect(flagged(withSyntax('docker/dockerfile:1.13', 'COPY --chmod=$MODE a /b/'), id)).toEqual([]);
    expect(flagged(withSyntax('docker/dockerfile:1.5', 'ADD --checksum=sha256:abc https://example.com/f /f'), id)).toEqual(['--checksum']);
    expect(flagged(withSyntax('docker/dockerfile:1.5-labs', 'ADD --checksum=sha256:abc https://example.com/f /f'), id)).toEqual([]);
    expect(flagged(withSyntax('docker/dockerfile:1.16', 'ADD --unpack=true https://example.com/f.tgz /f/'), id)).toEqual(['--unpack']);
    expect(flagged(withSyntax('docker/dockerfile:1.5', 'ADD --keep-git-dir=true https://example.com/r.git /r'), id)).toEqual(['--keep-git-dir']);
  });

  it('ADD --checksum on a Git source needs 1.16', () => {
    expect(flagged(withSyntax('docker/dockerfile:1.15', 'ADD --checksum=0123abc https://github.com/a/b.git /b'), id)).toEqual(['--checksum']);
    expect(flagged(withSyntax('docker/dockerfile:1.15', 'ADD --checksum=sha256:abc https://example.com/f /f'), id)).toEqual([]);
    expect(flagged(withSyntax('docker/dockerfile:1.16', 'ADD --checksum=0123abc https://github.com/a/b.git /b'), id)).toEqual([]);
  });

  it('floating tags, other frontends and digests without a tag raise nothing (a documented difference)', () => {
    for (const syntax of ['docker/dockerfile:1', 'docker/dockerfile:1-labs', 'docker/dockerfile', 'docker/dockerfile:latest', 'docker/dockerfile-upstream:master', 'docker/dockerfile@sha256:abc', 'example.com/custom/frontend:1.0', 'docker/dockerfile:experimental']) {
      expect(flagged(withSyntax(syntax, 'COPY --parents a /b/'), id), syntax).toEqual([]);
    }
  });

  it('reads registry prefixes, the upstream image, a tag pinned with a digest, and spaces around =', () => {
    expect(flagged(withSyntax('docker.io/docker/dockerfile-upstream:1.3.1', 'COPY --link a /b/'), id)).toEqual(['--link']);
    expect(flagged(withSyntax('docker/dockerfile:1.7@sha256:abc', 'COPY --parents a /b/'), id)).toEqual(['--parents']);
    expect(flagged('# syntax = docker/dockerfile:1.2\nFROM a\nCOPY --link a /b/\n', id)).toEqual(['--link']);
    const f = frontendOf(parse('# syntax=docker/dockerfile:1.7.1-labs\nFROM a\n').dockerfile, [1, 4]);
    expect(f).toMatchObject({ version: [1, 7], labs: true });
  });

  it('without a directive: judged against assumedSyntax (1.4 by default), which a config can raise', () => {
    const t = withSyntax(undefined, 'COPY --link --chmod=755 --exclude=*.md . /app/');
    expect(flagged(t, id)).toEqual(['--exclude']);
    expect(findingsOf(t, id)[0]?.message).toContain('# syntax=docker/dockerfile:1.19');
    const config = allRulesConfig();
    config.rules.set(id, { options: { assumedSyntax: '1.19' } });
    expect(findingsOf(t, id, config)).toEqual([]);
    const older = defaultConfig();
    older.rules.set(id, { options: { assumedSyntax: '1.2' } });
    expect(findingsOf(t, id, older).map((d) => t.slice(d.start, d.end))).toEqual(['--link', '--exclude']);
  });

  it('ONBUILD triggers (read by the downstream frontend), flags ADD or COPY do not have, and other instructions are left alone', () => {
    expect(flagged(withSyntax('docker/dockerfile:1.4', 'ONBUILD COPY --parents a /b/'), id)).toEqual([]);
    expect(flagged(withSyntax('docker/dockerfile:1.4', 'ADD --parents a /b/'), id)).toEqual([]);
    expect(flagged(withSyntax('docker/dockerfile:1.4', 'COPY --checksum=sha256:abc a /b/'), id)).toEqual([]);
    expect(flagged(withSyntax('docker/dockerfile:1.1', 'RUN --mount=type=cache,target=/x true'), id)).toEqual([]);
  });
});
