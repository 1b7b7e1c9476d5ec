import type { Fix } from './define.js';
import { defineRule, df } from './define.js';
import { hasCacheMount } from './utils/mounts.js';
import { editable, latestStart, nextToken, reachesFinalImage, yarnCacheCleaned, yarnFillsCache } from './utils/run-commands.js';

export default defineRule({
  id: 'yarn-cache-not-cleaned',
  aliases: ['DL3060'],
  category: 'image-size',
  severity: 'info',
  status: 'stable',
  since: '0.2.0',
  fixable: 'sometimes',
  onbuild: true,
  messages: {
    missing: '`yarn` leaves its download cache in the image: run `yarn cache clean` after it in the same RUN',
  },
  docs: {
    summary: 'A yarn install in a stage of the final image, with no `yarn cache clean` after it in the same RUN.',
    why:
      'Yarn keeps a copy of every package it downloads in a global cache (for root, `/usr/local/share/.cache/yarn`) ' +
      'so later installs on the same machine are faster. In an image build that cache is written into the layer ' +
      'and shipped next to `node_modules`, often doubling the space the dependencies take. Cleaning it in the same ' +
      'RUN keeps it out of the layer; a BuildKit cache mount keeps the speed-up without storing it in the image. ' +
      'Build stages whose files are only copied out are not reported: their cache never reaches the final image.',
    bad: [
      {
        code: df`
          FROM node:22-alpine
          COPY package.json yarn.lock ./
          RUN yarn install --frozen-lockfile && yarn build
        `,
        fixed: df`
          FROM node:22-alpine
          COPY package.json yarn.lock ./
          RUN yarn install --frozen-lockfile && yarn cache clean && yarn build
        `,
      },
    ],
    good: [
      df`
        FROM node:22-alpine
        COPY package.json yarn.lock ./
        RUN yarn install --frozen-lockfile && yarn cache clean
      `,
      df`
        FROM node:22-alpine
        COPY package.json yarn.lock ./
        RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile
      `,
      df`
        FROM node:22-alpine AS build
        COPY . .
        RUN yarn install --frozen-lockfile && yarn build

        FROM nginx:1.27-alpine
        COPY --from=build /dist /usr/share/nginx/html
      `,
    ],
    fixSafety:
      'Unsafe: `yarn cache clean` is added right after the install, so a later step that installs offline from the ' +
      'cache (`yarn install --offline`) would fail. Offered only when the install is a plain step of the script ' +
      'followed by `&&`, `;` or the end of the script.',
    whenNotToUse: 'Images that deliberately ship a warm yarn cache for offline installs later.',
    differences: {
      hadolint:
        'Only stages the final image is built from (the last stage and the stages it builds on) are checked — ' +
        'hadolint also checks a stage used as the base of an intermediate stage; a bare `yarn` (which installs) and ' +
        '`yarn add` are checked too; removing the cache directory with `rm` counts as cleaning.',
    },
    references: ['https://classic.yarnpkg.com/en/docs/cli/cache', 'https://docs.docker.com/build/cache/optimize/#use-cache-mounts'],
  },
  create(ctx) {
    return {
      Run(run, info) {
        if (!reachesFinalImage(ctx.model, info.stage)) return;
        if (hasCacheMount(run, '.cache/yarn', '/usr/local/share/.cache/yarn', '.yarn/berry/cache')) return;
        const script = ctx.shell(run);
        const commands = script.commands;
        let lastClean: number | undefined;
        for (const cmd of commands) {
          if (!yarnFillsCache(cmd)) continue;
          lastClean ??= latestStart(commands, yarnCacheCleaned);
          if (lastClean > cmd.start) continue;
          let fix: Fix | undefined;
          const w = cmd.where;
          if (editable(script) && !cmd.via && !w.pipeline && !w.subshell && !w.substitution && !w.condition && !w.func && !w.negated) {
            const end = Math.max(cmd.end, ...cmd.redirects.map((r) => r.end));
            const next = nextToken(ctx.text, end, run);
            if (next === '' || next.startsWith('&&') || next.startsWith('\n') || next.startsWith('\r') || (next.startsWith(';') && next !== ';;')) {
              fix = { title: 'Add `yarn cache clean` after it', applicability: 'unsafe', edits: [ctx.insertAfter({ start: end, end }, ' && yarn cache clean')] };
            }
          }
          ctx.report({ at: cmd.nameRange, message: 'missing', ...(fix ? { fix } : {}) });
        }
      },
    };
  },
});
