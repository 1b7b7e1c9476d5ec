/**
 * Shell rules across the Dockerfile's own syntax: the escape directive, CRLF, continuation lines with comments,
 * heredocs, exec form, ONBUILD and Windows stages. Ranges are checked against the source text.
 */
import { describe, expect, it } from 'vitest';
import { df } from '../../rules/define.js';
import { crlf } from '../helpers/fixture.js';
import { findingsOf, fixWith } from '../helpers/rule-tester.js';

const flagged = (text: string, rule: string): string[] => findingsOf(text, rule).map((d) => text.slice(d.start, d.end));

describe.each([
  ['LF', (s: string) => s],
  ['CRLF', crlf],
])('shell rules (%s)', (_n, eol) => {
  it('find the unpinned package after a continuation line with a comment in it', () => {
    const text = eol(df`
      FROM debian:bookworm
      RUN apt-get update \
        # the tools
        && apt-get install -y --no-install-recommends \
           curl=7.88.1-10+deb12u8 \
           git
    `);
    expect(flagged(text, 'apt-get-unpinned')).toEqual(['git']);
  });

  it('fix a flag into the right place across lines', () => {
    const text = eol('FROM alpine:3.20\nRUN apk add \\\n    curl=8.9.1-r0\n');
    expect(fixWith(text, 'apk-add-without-no-cache')).toBe(eol('FROM alpine:3.20\nRUN apk add --no-cache \\\n    curl=8.9.1-r0\n'));
  });
});

describe('shell rules and the Dockerfile around the script', () => {
  it('the backtick escape directive: continuations end in `, backslashes belong to the shell', () => {
    const text = '# escape=`\nFROM debian:bookworm\nRUN apt-get install -y `\n    --no-install-recommends git\n';
    expect(flagged(text, 'apt-get-unpinned')).toEqual(['git']);
  });

  it('heredoc RUNs are read as scripts, with ranges in the body', () => {
    const text = 'FROM debian:bookworm\nRUN <<EOF\nset -e\napt-get install -y --no-install-recommends git\nEOF\n';
    expect(flagged(text, 'apt-get-unpinned')).toEqual(['git']);
  });

  it('exec form RUN is one command', () => {
    expect(flagged('FROM debian:bookworm\nRUN ["apt-get", "install", "-y", "--no-install-recommends", "git"]\n', 'apt-get-unpinned')).toEqual(['"git"']);
  });

  it('ONBUILD RUN is checked by the rules hadolint also applies there', () => {
    expect(flagged('FROM debian:bookworm\nONBUILD RUN sudo make install\n', 'sudo-in-run')).toEqual(['sudo']);
  });

  it('Windows stages are not read as POSIX shell', () => {
    const text = df`
      FROM mcr.microsoft.com/windows/servercore:ltsc2022
      RUN cd C:\app && apt-get install git | more
      FROM debian:bookworm
      SHELL ["powershell", "-Command"]
      RUN cd C:\app; apt-get install git | Out-Null
    `;
    for (const rule of ['cd-instead-of-workdir', 'apt-get-unpinned', 'pipe-without-pipefail', 'apt-get-missing-yes']) expect(flagged(text, rule)).toEqual([]);
  });

  it('cache mounts stand in for cleanup in every cache rule', () => {
    const text = df`
      FROM debian:bookworm
      RUN --mount=type=cache,target=/var/lib/apt/lists --mount=type=cache,target=/var/cache/apt \
          apt-get update && apt-get install -y --no-install-recommends git=1:2.39.5-0+deb12u2
      FROM alpine:3.20
      RUN --mount=type=cache,target=/var/cache/apk apk add curl=8.9.1-r0
      FROM python:3.12
      RUN --mount=type=cache,target=/root/.cache/pip pip install flask==3.0.3
    `;
    for (const rule of ['apt-lists-not-removed', 'apk-add-without-no-cache', 'pip-cache-dir']) expect(flagged(text, rule)).toEqual([]);
  });
});
