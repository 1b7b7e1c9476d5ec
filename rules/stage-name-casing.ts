import type { Edit } from './define.js';
import { defineRule, df } from './define.js';

export default defineRule({
  id: 'stage-name-casing',
  aliases: ['StageNameCasing'],
  category: 'style',
  severity: 'style',
  status: 'stable',
  since: '0.1.0',
  fixable: 'always',
  messages: {
    casing: 'Stage name `{name}` is not lower-case: Docker treats it as `{lower}`; write it that way',
  },
  docs: {
    summary: 'A stage name after AS that is not all lower-case.',
    why:
      'Docker lower-cases stage names: `FROM golang AS Builder` defines a stage called `builder`. Writing it in ' +
      'mixed case hides that, and makes names easy to confuse with instruction keywords. `COPY --from=Builder` still ' +
      'finds the stage, but `FROM Builder` does not — it looks for an image called `Builder` instead.',
    bad: [
      {
        code: df`
          FROM golang:1.23 AS Builder
          RUN go build -o /app .
          FROM alpine:3.20
          COPY --from=Builder /app /app
        `,
        fixed: df`
          FROM golang:1.23 AS builder
          RUN go build -o /app .
          FROM alpine:3.20
          COPY --from=builder /app /app
        `,
      },
    ],
    good: [
      df`
        FROM golang:1.23 AS builder
        FROM alpine:3.20
        COPY --from=builder /app /app
      `,
    ],
    fixSafety: 'Safe: the name and every `--from` that refers to the stage are lower-cased; Docker already reads them so.',
    references: ['https://docs.docker.com/go/dockerfile/rule/stage-name-casing/'],
  },
  create(ctx) {
    return {
      Stage(stage) {
        const arg = stage.from.stageName;
        if (!arg || !stage.nameRange || arg.value === arg.value.toLowerCase()) return;
        const lower = arg.value.toLowerCase();
        const edits: Edit[] = [ctx.replace(stage.nameRange, lower)];
        for (const link of ctx.model.links) {
          if (link.target === stage && !link.byIndex && link.value !== lower) edits.push(ctx.replace(link.range, lower));
        }
        ctx.report({
          at: stage.nameRange,
          message: 'casing',
          data: { name: arg.value, lower },
          fix: { title: `Rename the stage to \`${lower}\``, applicability: 'safe', edits },
        });
      },
    };
  },
});
