import { defineRule, df } from './define.js';

export default defineRule({
  id: 'copy-from-own-stage',
  aliases: ['DL3023'],
  category: 'correctness',
  severity: 'error',
  status: 'stable',
  since: '0.1.0',
  fixable: 'never',
  messages: {
    self: '`{value}` is the stage this instruction is in: a stage cannot {what} from itself',
  },
  docs: {
    summary: '`COPY --from` (or `RUN --mount=from=`) names the stage it is in.',
    why:
      'A stage cannot read its own result while it is being built: the build fails with a circular dependency. ' +
      'This usually means a stage was renamed or copied, or the files should come from an earlier stage.',
    bad: [
      {
        code: df`
          FROM node:22 AS build
          COPY --from=build /app/dist /srv
        `,
      },
    ],
    good: [
      df`
        FROM node:22 AS build
        RUN npm run build
        FROM nginx:1.27
        COPY --from=build /app/dist /usr/share/nginx/html
      `,
    ],
    references: ['https://docs.docker.com/build/building/multi-stage/'],
  },
  create(ctx) {
    return {
      'File:exit'() {
        for (const link of ctx.model.links) {
          if (!link.target || link.target !== link.stage) continue;
          ctx.report({ at: link.range, message: 'self', data: { value: link.value, what: link.kind === 'copy' ? 'copy' : 'mount' } });
        }
      },
    };
  },
});
