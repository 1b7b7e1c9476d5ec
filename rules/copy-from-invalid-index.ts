import { defineRule, df } from './define.js';

export default defineRule({
  id: 'copy-from-invalid-index',
  aliases: [],
  category: 'correctness',
  severity: 'error',
  status: 'stable',
  since: '0.4.0',
  fixable: 'never',
  messages: {
    missing: '`{flag}={index}` names stage {index}, but this file has {count}: Docker stops the build ("invalid stage index")',
    later: '`{flag}={index}` names stage {index}, which comes after this one: a stage can only {what} a stage above it',
  },
  docs: {
    summary: '`COPY --from=<number>` (or `RUN --mount=from=<number>`) names a stage that does not exist, or one that comes later.',
    why:
      'A number after `--from` (or a mount\'s `from=`) names a stage by its position: 0 is the first FROM, 1 the ' +
      'second, and so on. Docker does not look for an image of that name: when no stage has the number, the build ' +
      'stops with "invalid stage index", and a stage can only use what a stage above it built. This usually happens ' +
      'when a stage was removed or two stages were swapped; naming the stages (`FROM golang:1.23 AS build`, ' +
      '`--from=build`) keeps it from happening again.',
    bad: [
      {
        code: df`
          FROM golang:1.23
          RUN go build -o /out/app .
          FROM alpine:3.20
          COPY --from=7 /out/app /usr/local/bin/app
        `,
      },
      {
        code: df`
          FROM alpine:3.20
          RUN --mount=from=1,target=/src cp /src/app /usr/local/bin/app
          FROM golang:1.23
          RUN go build -o /out/app .
        `,
        note: 'Stage 1 is built after stage 0, so stage 0 cannot mount it.',
      },
    ],
    good: [
      df`
        FROM golang:1.23
        RUN go build -o /out/app .
        FROM alpine:3.20
        COPY --from=0 /out/app /usr/local/bin/app
      `,
    ],
    differences: {
      notes:
        'A number naming the stage the instruction is in is reported by copy-from-own-stage. A stage named later ' +
        'in the file by its name (not its number) is left alone, as BuildKit builds it first.',
    },
    references: ['https://docs.docker.com/build/building/multi-stage/', 'https://docs.docker.com/reference/dockerfile/#copy---from'],
  },
  create(ctx) {
    return {
      'File:exit'() {
        const count = ctx.model.stages.length;
        for (const link of ctx.model.links) {
          if (!link.byIndex || !link.stage) continue;
          const flag = link.kind === 'copy' ? '--from' : '--mount=from';
          const index = link.value;
          if (!link.target) {
            ctx.report({ at: link.range, message: 'missing', data: { flag, index, count: count === 1 ? 'one stage, numbered 0' : `${count} stages, numbered 0 to ${count - 1}` } });
          } else if (link.target.index > link.stage.index) {
            ctx.report({ at: link.range, message: 'later', data: { flag, index, what: link.kind === 'copy' ? 'copy from' : 'mount' } });
          }
        }
      },
    };
  },
});
