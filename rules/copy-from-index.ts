import { defineRule, df } from './define.js';
import { stageNameFor } from './utils/names.js';

export default defineRule({
  id: 'copy-from-index',
  aliases: [],
  category: 'maintainability',
  severity: 'warning',
  status: 'stable',
  since: '0.1.0',
  fixable: 'always',
  messages: {
    named: '`--from={index}` refers to a stage by its position; use its name `{name}`',
    unnamed: '`--from={index}` refers to a stage by its position; name the stage (`AS {name}`) and use the name',
  },
  docs: {
    summary: '`COPY --from=<number>` (or `--mount=from=<number>`) refers to a stage by its index.',
    why:
      'Stages are numbered from 0 in the order of their FROM lines. Add a stage above, or reorder two, and ' +
      '`--from=1` silently copies from a different stage. A name (`FROM golang AS build`, `--from=build`) keeps ' +
      'working when the file changes, and says what is being copied.',
    bad: [
      {
        code: df`
          FROM golang:1.23
          RUN go build -o /out/app .
          FROM alpine:3.20
          COPY --from=0 /out/app /usr/local/bin/app
        `,
        fixed: df`
          FROM golang:1.23 AS golang
          RUN go build -o /out/app .
          FROM alpine:3.20
          COPY --from=golang /out/app /usr/local/bin/app
        `,
      },
      {
        code: df`
          FROM golang:1.23 AS build
          FROM alpine:3.20
          COPY --from=0 /out/app /app
        `,
        fixed: df`
          FROM golang:1.23 AS build
          FROM alpine:3.20
          COPY --from=build /out/app /app
        `,
      },
    ],
    good: [
      df`
        FROM golang:1.23 AS build
        FROM alpine:3.20
        COPY --from=build /out/app /app
      `,
    ],
    fixSafety: 'Safe: the stage gets a name if it has none, and the reference uses it; the build is the same.',
    references: ['https://docs.docker.com/build/building/multi-stage/#name-your-build-stages'],
  },
  create(ctx) {
    return {
      'File:exit'() {
        const taken = new Set(ctx.model.stages.flatMap((s) => (s.name ? [s.name] : [])));
        const named = new Map<number, string>();
        for (const link of ctx.model.links) {
          if (!link.byIndex || !link.target) continue;
          const target = link.target;
          if (target.name) {
            ctx.report({
              at: link.range,
              message: 'named',
              data: { index: link.value, name: target.name },
              fix: { title: `Use the name \`${target.name}\``, applicability: 'safe', edits: [ctx.replace(link.range, target.name)] },
            });
            continue;
          }
          let name = named.get(target.index);
          if (!name) {
            name = stageNameFor(target.base.image?.repository.value ?? target.base.value, target.index, taken);
            taken.add(name);
            named.set(target.index, name);
          }
          const image = target.from.image;
          ctx.report({
            at: link.range,
            message: 'unnamed',
            data: { index: link.value, name },
            fix: {
              title: `Name stage ${target.index} \`${name}\` and use the name`,
              applicability: 'safe',
              edits: [ctx.insertAfter(image?.range ?? target.from.keyword, ` AS ${name}`), ctx.replace(link.range, name)],
            },
          });
        }
      },
    };
  },
});
