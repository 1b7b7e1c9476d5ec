import { defineRule, df } from './define.js';

export default defineRule({
  id: 'unused-stage',
  aliases: [],
  category: 'maintainability',
  severity: 'info',
  status: 'stable',
  since: '0.1.0',
  fixable: 'never',
  messages: {
    unused: 'Stage {name} is not used: nothing copies from it or builds on it, and it is not the last stage, so a default build skips it',
  },
  options: {
    targets: {
      type: 'string[]',
      default: [],
      description: 'Stages you build on purpose with `docker build --target <name>` (a test or dev stage): not reported.',
    },
  },
  docs: {
    summary: 'A stage that no other stage uses and that is not the last one.',
    why:
      'BuildKit builds the last stage and only what it needs. A stage that nothing copies from (`COPY --from`), ' +
      'mounts (`RUN --mount=from=`) or builds on (`FROM <stage>`) is skipped in a default build — often a leftover ' +
      'after refactoring, or a stage whose reference has a typo. If you build it with `--target`, list it in the ' +
      '`targets` option.',
    bad: [
      {
        code: df`
          FROM node:22 AS deps
          RUN npm ci
          FROM node:22 AS build
          RUN npm run build
          FROM nginx:1.27
          COPY --from=build /app/dist /usr/share/nginx/html
        `,
        note: 'Stage `deps` is reported: nothing uses it.',
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
    whenNotToUse: 'Files whose stages are built one by one with `--target` (CI images, dev containers): list those stages in `targets`, or turn the rule off.',
    references: ['https://docs.docker.com/build/building/multi-stage/#stop-at-a-specific-build-stage'],
  },
  create(ctx) {
    const targets = new Set(((ctx.options.targets as string[] | undefined) ?? []).map((t) => t.toLowerCase()));
    return {
      'File:exit'() {
        const stages = ctx.model.stages;
        const used = new Set<number>();
        for (const s of stages) if (s.base.stage) used.add(s.base.stage.index);
        for (const l of ctx.model.links) if (l.target && l.target !== l.stage) used.add(l.target.index);
        for (const s of stages.slice(0, -1)) {
          if (used.has(s.index) || (s.name && targets.has(s.name))) continue;
          ctx.report({
            at: s.nameRange ?? s.from.keyword,
            message: 'unused',
            data: { name: s.name ? `\`${s.name}\`` : String(s.index) },
            tags: ['unnecessary'],
          });
        }
      },
    };
  },
});
