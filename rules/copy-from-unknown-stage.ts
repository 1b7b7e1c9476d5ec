import { isValidStageName } from '../grammar/index.js';
import { suggestName } from './utils/names.js';
import { SuggestionBudget } from './utils/buildkit-checks.js';
import { defineRule, df } from './define.js';

export default defineRule({
  id: 'copy-from-unknown-stage',
  aliases: ['DL3022'],
  category: 'correctness',
  severity: 'warning',
  status: 'stable',
  since: '0.1.0',
  fixable: 'always',
  messages: {
    typo: '`{value}` is not a stage in this file, so Docker will pull an image with that name. Did you mean the stage `{stage}`?',
  },
  docs: {
    summary: '`COPY --from=` (or `RUN --mount=from=`) names no stage but is one typo away from the name of an earlier stage.',
    why:
      'When `--from` does not name a stage, Docker takes it as an image to pull: `COPY --from=biuld /app /app` ' +
      'looks for an image called `biuld` on Docker Hub. At best the build fails with a confusing "pull access denied"; ' +
      'at worst an image with that name exists and files come from a stranger.',
    bad: [
      {
        code: df`
          FROM golang:1.23 AS build
          RUN go build -o /out/app .
          FROM alpine:3.20
          COPY --from=biuld /out/app /usr/local/bin/app
        `,
        fixed: df`
          FROM golang:1.23 AS build
          RUN go build -o /out/app .
          FROM alpine:3.20
          COPY --from=build /out/app /usr/local/bin/app
        `,
      },
      {
        code: df`
          FROM node:22 AS deps
          RUN npm ci
          FROM node:22 AS dev
          RUN --mount=from=dep,source=/node_modules,target=/app/node_modules npm test
        `,
        fixed: df`
          FROM node:22 AS deps
          RUN npm ci
          FROM node:22 AS dev
          RUN --mount=from=deps,source=/node_modules,target=/app/node_modules npm test
        `,
      },
    ],
    good: [
      df`
        FROM golang:1.23 AS build
        FROM alpine:3.20
        COPY --from=build /out/app /usr/local/bin/app
        COPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/
      `,
    ],
    fixSafety: 'Only a stage defined above the line is suggested: the line\'s own stage cannot copy from itself, and a later stage would make this one depend on what is built after it. Unsafe: it replaces the name with the stage it resembles, which changes where the files come from (to what was almost certainly meant).',
    differences: {
      hadolint:
        'hadolint (DL3022) reports every `--from` that is not an earlier stage, including real images without a tag ' +
        'and stages defined later in the file, which BuildKit accepts. berth reports only names that look like a ' +
        'mistyped earlier stage; numbers are copy-from-index (a stage by its position) and copy-from-invalid-index ' +
        '(no such stage, or a later one).',
    },
    references: ['https://docs.docker.com/reference/dockerfile/#copy---from'],
  },
  create(ctx) {
    return {
      'File:exit'() {
        const budget = new SuggestionBudget(ctx.text.length);
        const stages = ctx.model.stages;
        /**
         * The names of the stages before stage `current`, in order (read as they are needed, not copied). A name the
         * builder rejects (`AS \build`) is left out: no `--from` can reach it, and the value written back would be
         * read as another name, so the fix would never settle.
         */
        function* earlierNames(current: number): Generator<string> {
          for (let i = 0; i < current && i < stages.length; i++) {
            const name = (stages[i] as (typeof stages)[number]).name;
            if (name && isValidStageName(name)) yield name;
          }
        }
        for (const link of ctx.model.links) {
          if (link.target || link.error || link.byIndex || !link.image) continue;
          // Something that looks like an image reference (registry, tag, digest, path) is meant as one.
          if (/[:@/.]/.test(link.value)) continue;
          // Only a stage defined above the line's own stage: the stage itself would be copy-from-own-stage, and a
          // later one a build that depends on what comes after it.
          const current = link.stage?.index ?? -1;
          const stage = suggestName(link.value, earlierNames(current), budget);
          if (!stage) continue;
          ctx.report({
            at: link.range,
            message: 'typo',
            data: { value: link.value, stage },
            fix: { title: `Use the stage \`${stage}\``, applicability: 'unsafe', edits: [ctx.replace(link.range, stage)] },
          });
        }
      },
    };
  },
});
