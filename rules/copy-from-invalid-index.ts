import { stageNumber } from '../grammar/index.js';
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
    missing: '`--from={index}` names stage {index}, but this file has {count}: Docker stops the build ("invalid stage index {index}")',
    mount: '`from={index}` in a mount is not a stage number: a mount finds stages only by name, so BuildKit looks for an image called `{index}` and the build fails. Name the stage (`FROM … AS build`) and write `from=build`',
  },
  docs: {
    summary: '`COPY --from=<number>` names no stage, or `RUN --mount=from=<number>` uses a number at all.',
    why:
      'A number after `COPY --from` names a stage by its position: 0 is the first FROM, 1 the second, and so on. ' +
      'When no stage has that number, the build stops with "invalid stage index". This usually happens when a ' +
      'stage was removed or the file was split. A mount is different: `RUN --mount=from=` only knows stages by their ' +
      'names, so `from=1` asks for an image called `1`, which no registry has. Naming the stages ' +
      '(`FROM golang:1.23 AS build`, `--from=build`) fixes both and keeps working when stages move.',
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
          FROM golang:1.23
          RUN go build -o /out/app .
          FROM alpine:3.20
          RUN --mount=from=0,source=/out,target=/src cp /src/app /usr/local/bin/app
        `,
        note: 'Stage 0 exists, but a mount does not take stage numbers.',
      },
    ],
    good: [
      df`
        FROM golang:1.23
        RUN go build -o /out/app .
        FROM alpine:3.20
        COPY --from=0 /out/app /usr/local/bin/app
      `,
      df`
        FROM golang:1.23 AS build
        RUN go build -o /out/app .
        FROM alpine:3.20
        RUN --mount=from=build,source=/out,target=/src cp /src/app /usr/local/bin/app
      `,
    ],
    differences: {
      buildkit:
        'BuildKit counts, besides the stages, every image a `COPY --from` or a mount has named earlier in the file (and ' +
        'every mount without `from=`), so a number past the last stage can name one of those instead of failing. ' +
        'berth reports every number past the last stage: it never names the stage that was meant.',
      notes:
        'A number, like a name, may name a stage that comes later in the file: BuildKit builds that stage first. ' +
        'copy-from-index suggests the name; a number naming the stage the instruction is in is copy-from-own-stage, ' +
        'and stages that copy from each other in a circle are stage-dependency-cycle.',
    },
    references: ['https://docs.docker.com/build/building/multi-stage/', 'https://docs.docker.com/reference/dockerfile/#copy---from'],
  },
  create(ctx) {
    return {
      'File:exit'() {
        const count = ctx.model.stages.length;
        for (const link of ctx.model.links) {
          if (!link.stage) continue;
          if (link.kind === 'mount') {
            if (!Number.isNaN(stageNumber(link.value))) ctx.report({ at: link.range, message: 'mount', data: { index: link.value } });
          } else if (link.byIndex && !link.target) {
            ctx.report({ at: link.range, message: 'missing', data: { index: link.value, count: count === 1 ? 'one stage, numbered 0' : `${count} stages, numbered 0 to ${count - 1}` } });
          }
        }
      },
    };
  },
});
