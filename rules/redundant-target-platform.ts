import { expandWord, type VariableRef } from '../grammar/index.js';
import { defineRule, df } from './define.js';

/** Stands for the value of TARGETPLATFORM: no real platform looks like it. */
const SENTINEL = '\u0000target/platform\u0000';

function names(refs: VariableRef[], into: Set<string>): Set<string> {
  for (const r of refs) {
    into.add(r.name);
    names(r.nested, into);
  }
  return into;
}

export default defineRule({
  id: 'redundant-target-platform',
  aliases: ['DL3065', 'RedundantTargetPlatform'],
  category: 'style',
  severity: 'style',
  status: 'stable',
  since: '0.2.0',
  fixable: 'always',
  messages: {
    redundant: '`{flag}` asks for the platform every stage gets anyway: remove it',
  },
  docs: {
    summary: '`FROM --platform=$TARGETPLATFORM`, which is what FROM does without the flag.',
    why:
      'Without `--platform`, a stage is built for the target platform: the one named by `docker build --platform`, ' +
      'or the builder\'s own. `$TARGETPLATFORM` holds exactly that value, so the flag repeats the default. It ' +
      'costs nothing at build time but suggests to the reader that the stage is special, and hides the stages ' +
      'whose `--platform` does matter (those using `$BUILDPLATFORM`).',
    bad: [
      {
        code: df`
          FROM --platform=$TARGETPLATFORM alpine:3.20
          RUN apk add --no-cache curl
        `,
        fixed: df`
          FROM alpine:3.20
          RUN apk add --no-cache curl
        `,
      },
      {
        code: df`
          FROM --platform="\${TARGETPLATFORM}" alpine:3.20 AS runtime
        `,
        fixed: df`
          FROM alpine:3.20 AS runtime
        `,
        note: 'Quotes change nothing: the value is still the target platform.',
      },
    ],
    good: [
      df`
        FROM alpine:3.20
      `,
      df`
        FROM --platform=$BUILDPLATFORM golang:1.23 AS build
      `,
      df`
        FROM --platform=$TARGETOS/$TARGETARCH alpine:3.20
      `,
    ],
    fixSafety: 'Safe: without the flag the stage is built for the target platform, which is the value the flag named.',
    differences: {
      hadolint:
        'hadolint compares the text with `$TARGETPLATFORM` and `${TARGETPLATFORM}` only; berth follows BuildKit\'s ' +
        '`RedundantTargetPlatform` and expands the value, so a quoted `"$TARGETPLATFORM"` is reported too.',
    },
    references: [
      'https://docs.docker.com/go/dockerfile/rule/redundant-target-platform/',
      'https://docs.docker.com/reference/dockerfile/#automatic-platform-args-in-the-global-scope',
    ],
  },
  create(ctx) {
    return {
      From(from) {
        const flag = from.platform;
        const token = flag?.valueToken;
        if (!flag || !token) return;
        const text = ctx.file.logical(token.start, token.end).text;
        const r = expandWord(text, 0, text.length, {
          escape: ctx.file.escape.charCodeAt(0),
          env: (name) => (name === 'TARGETPLATFORM' ? SENTINEL : undefined),
        });
        // Exactly one variable, TARGETPLATFORM, and the result is its value (as BuildKit decides it).
        const used = names(r.refs, new Set());
        if (used.size !== 1 || !used.has('TARGETPLATFORM') || r.value !== SENTINEL) return;
        let end = flag.range.end;
        while (end < ctx.text.length && (ctx.text[end] === ' ' || ctx.text[end] === '\t')) end++;
        ctx.report({
          at: flag.range,
          message: 'redundant',
          data: { flag: ctx.file.valueOf(flag.range) },
          tags: ['unnecessary'],
          fix: { title: 'Remove `--platform`', applicability: 'safe', edits: [ctx.remove({ start: flag.range.start, end })] },
        });
      },
    };
  },
});
