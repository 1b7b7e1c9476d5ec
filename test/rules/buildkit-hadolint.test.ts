/**
 * Where berth agrees with BuildKit and hadolint, and where it deliberately does not (issue #16): each case is held
 * against what the tool does, and each difference against what the rule's documentation says.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from '../../grammar/index.js';
import { df } from '../../rules/define.js';
import { defaultConfig, type LintConfig } from '../../rules/engine/config.js';
import { lint } from '../../rules/engine/lint.js';
import { findingsOf, lintText } from '../helpers/rule-tester.js';

/** The flagged texts of one rule. */
function flagged(text: string, rule: string, config?: LintConfig): string[] {
  return findingsOf(text, rule, config).map((d) => text.slice(d.start, d.end));
}

/** 1-based line of an offset. */
function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

const crlf = (s: string): string => s.replace(/\n/g, '\r\n');

describe('COPY --from / --mount=from= with a stage number (BuildKit: "invalid stage index")', () => {
  const text = df`
    FROM golang:1.23
    RUN go build -o /out/app .
    FROM alpine:3.20
    COPY --from=7 /out/app /a
    COPY --from=1 /out/app /b
    COPY --from=2 /out/app /c
    RUN --mount=from=9,target=/x true
    RUN --mount=type=bind,from=2,target=/y true
    COPY --from=0 /out/app /d
    FROM scratch
    COPY --from=1 /x /x
  `;

  it('a number no stage has, or one of a later stage, is an error at the number', () => {
    expect(findingsOf(text, 'copy-from-invalid-index').map((d) => [lineOf(text, d.start), text.slice(d.start, d.end), d.severity])).toEqual([
      [4, '7', 'error'],
      [6, '2', 'error'],
      [7, '9', 'error'],
      [8, '2', 'error'],
    ]);
    expect(findingsOf(text, 'copy-from-invalid-index')[0]?.message).toContain('this file has 3 stages, numbered 0 to 2');
  });

  it('the stage itself is copy-from-own-stage; only an earlier stage gets the advice to name it', () => {
    expect(findingsOf(text, 'copy-from-own-stage').map((d) => lineOf(text, d.start))).toEqual([5]);
    expect(findingsOf(text, 'copy-from-index').map((d) => lineOf(text, d.start))).toEqual([9, 11]);
  });

  it('is on by default, and one stage is counted as one (CRLF too)', () => {
    const one = crlf('FROM alpine:3.20\nCOPY --from=1 /a /b\n');
    const found = lint(parse(one), defaultConfig()).diagnostics.filter((d) => d.rule === 'copy-from-invalid-index');
    expect(found.map((d) => one.slice(d.start, d.end))).toEqual(['1']);
    expect(found[0]?.message).toContain('this file has one stage, numbered 0');
  });

  it('names (also of later stages, which BuildKit builds first) and images are left to the other rules', () => {
    expect(flagged('FROM alpine:3.20 AS a\nCOPY --from=b /x /x\nCOPY --from=busybox:1.36 /bin/sh /sh\nFROM alpine:3.20 AS b\n', 'copy-from-invalid-index')).toEqual([]);
  });
});
