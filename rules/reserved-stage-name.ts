import { defineRule, df } from './define.js';

export default defineRule({
  id: 'reserved-stage-name',
  aliases: ['DL3063', 'ReservedStageName'],
  category: 'correctness',
  severity: 'warning',
  status: 'stable',
  since: '0.1.0',
  fixable: 'never',
  messages: {
    reserved: '`{name}` is a reserved word and cannot name a stage: {why}',
  },
  docs: {
    summary: 'A stage named `scratch` or `context`.',
    why:
      '`scratch` already means the empty image (`FROM scratch`), and `context` names the build context in ' +
      '`COPY --from=context` and named contexts. A stage with one of these names makes references ambiguous: ' +
      '`FROM scratch` later in the file would not mean what it says.',
    bad: [
      {
        code: df`
          FROM alpine:3.20 AS scratch
          RUN echo hi
        `,
      },
    ],
    good: [df`
      FROM alpine:3.20 AS base
    `],
    differences: {
      hadolint:
        'hadolint compares exactly; berth, like BuildKit, also catches `Scratch` and `CONTEXT`, which Docker ' +
        'lower-cases.',
    },
    references: ['https://docs.docker.com/go/dockerfile/rule/reserved-stage-name/'],
  },
  create(ctx) {
    return {
      Stage(stage) {
        if (!stage.nameRange || (stage.name !== 'scratch' && stage.name !== 'context')) return;
        ctx.report({
          at: stage.nameRange,
          message: 'reserved',
          data: {
            name: stage.name,
            why: stage.name === 'scratch' ? '`FROM scratch` means the empty image' : '`context` names the build context',
          },
        });
      },
    };
  },
});
