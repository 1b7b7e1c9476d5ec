import type { Stage } from '../grammar/index.js';
import { defineRule, df } from './define.js';

export default defineRule({
  id: 'duplicate-stage-name',
  aliases: ['DL3024', 'DuplicateStageName'],
  category: 'correctness',
  // BuildKit builds the file (its DuplicateStageName is a warning): probably not what was meant, not certainly broken.
  severity: 'warning',
  status: 'stable',
  since: '0.1.0',
  fixable: 'never',
  messages: {
    duplicate: 'Stage name `{name}` is already used on line {line}: give each stage its own name',
  },
  docs: {
    summary: 'Two stages with the same name (names are compared in lower case).',
    why:
      'A stage name is how `COPY --from`, `FROM <stage>` and `docker build --target` find a stage. With two stages of ' +
      'the same name Docker still builds, but which one a reference means depends on where it is: `FROM build` finds ' +
      'the last one above it, while `COPY --from=build` and `--target build` find the last one in the file. Rename ' +
      'one of them.',
    bad: [
      {
        code: df`
          FROM node:22 AS build
          RUN npm ci
          FROM golang:1.23 AS Build
          RUN go build ./...
        `,
      },
    ],
    good: [
      df`
        FROM node:22 AS web-build
        FROM golang:1.23 AS api-build
      `,
    ],
    references: ['https://docs.docker.com/go/dockerfile/rule/duplicate-stage-name/'],
  },
  create(ctx) {
    const seen = new Map<string, Stage>();
    return {
      Stage(stage) {
        if (!stage.name || !stage.nameRange) return;
        const first = seen.get(stage.name);
        if (!first) {
          seen.set(stage.name, stage);
          return;
        }
        ctx.report({
          at: stage.nameRange,
          message: 'duplicate',
          data: { name: stage.name, line: ctx.parse.lines.positionAt(first.from.range.start).line + 1 },
          related: [{ range: first.nameRange ?? first.from.keyword, message: `the first stage named \`${stage.name}\`` }],
        });
      },
    };
  },
});
