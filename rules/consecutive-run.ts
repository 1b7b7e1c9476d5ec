import type { Instruction } from '../grammar/index.js';
import { defineRule, df } from './define.js';
import { written } from './utils/run-commands.js';

export default defineRule({
  id: 'consecutive-run',
  aliases: ['DL3059'],
  category: 'image-size',
  severity: 'info',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  messages: {
    consecutive: 'This RUN follows another single-command RUN with the same options: consider joining them with `&&`',
  },
  docs: {
    summary: 'Two RUN instructions in a row, each running a single command, could be one.',
    why:
      'Every RUN makes a layer of its own. Files a later layer deletes still take space in the earlier one, so ' +
      'downloading in one RUN and cleaning up in the next does not make the image smaller, and many small layers ' +
      'are slower to pull and store. Simple commands that belong together — update and install, download and ' +
      'unpack — are best chained in one RUN. Keep RUNs apart where separate layers help the build cache, for ' +
      'example a slow, rarely changing step before a fast, often changing one.',
    bad: [
      {
        code: df`
          FROM alpine:3.20
          RUN apk add --no-cache curl
          RUN curl -fsSLo /usr/local/bin/tool https://example.com/tool
        `,
        note: 'Reported on the second RUN.',
      },
    ],
    good: [
      df`
        FROM alpine:3.20
        RUN apk add --no-cache curl && curl -fsSLo /usr/local/bin/tool https://example.com/tool
      `,
      df`
        FROM alpine:3.20
        RUN apk add --no-cache curl
        RUN --mount=type=secret,id=token curl -fsSLo /usr/local/bin/tool https://example.com/tool
      `,
      df`
        FROM alpine:3.20
        RUN apk add --no-cache bash
        RUN <<EOF
        echo "configured" > /etc/motd
        EOF
      `,
      df`
        FROM alpine:3.20
        RUN apk add --no-cache curl
        ENV TOOL_HOME=/opt/tool
        RUN mkdir -p /opt/tool
      `,
    ],
    whenNotToUse: 'Dockerfiles that keep steps apart on purpose so the build cache can reuse the slow ones.',
    differences: {
      hadolint:
        'A heredoc RUN is never reported and never makes the next RUN reported — it is already the way to group ' +
        'many commands in one layer.',
    },
    references: ['https://docs.docker.com/build/building/best-practices/#minimize-the-number-of-layers', 'https://docs.docker.com/build/cache/'],
  },
  create(ctx) {
    let position: Map<Instruction, number> | undefined;
    const flagsOf = (run: Instruction): string => run.flags.map((f) => f.word).sort().join('\n');
    const single = (run: Instruction): boolean => {
      if (run.kind !== 'Run' || run.heredocs.length > 0) return false;
      const script = ctx.shell(run);
      return script.analysed && !script.hasErrors && written(script.commands).length === 1;
    };
    return {
      Run(run, info) {
        if (info.onbuild || !single(run)) return;
        position ??= new Map(ctx.file.instructions.map((instr, i) => [instr, i]));
        const i = position.get(run);
        const prev = i === undefined ? undefined : ctx.file.instructions[i - 1];
        if (!prev || !single(prev) || flagsOf(prev) !== flagsOf(run)) return;
        ctx.report({ at: run.keyword, message: 'consecutive', related: [{ range: prev.keyword, message: 'the RUN it could join' }] });
      },
    };
  },
});
