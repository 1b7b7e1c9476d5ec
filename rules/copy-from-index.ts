import type { Stage } from '../grammar/index.js';
import { defineRule, df, type Edit, type RuleContext } from './define.js';
import { stageNameFor, stageRole, type RoleCommand } from './utils/names.js';

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
    summary: '`COPY --from=<number>` refers to a stage by its index.',
    why:
      'Stages are numbered from 0 in the order of their FROM lines. Add a stage above, or reorder two, and ' +
      '`--from=1` silently copies from a different stage. A name (`FROM golang AS build`, `--from=build`) keeps ' +
      'working when the file changes, and says what is being copied. The fix names a stage for what it does: ' +
      '`build` when it compiles (go build, npm run build, mvn package, cargo build, make, dotnet publish…), `test`, ' +
      '`deps` when it only installs dependencies, `download` when it only fetches files, else `stage-<n>`.',
    bad: [
      {
        code: df`
          FROM golang:1.23
          RUN go build -o /out/app .
          FROM alpine:3.20
          COPY --from=0 /out/app /usr/local/bin/app
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
          FROM node:22 AS build
          FROM node:22
          WORKDIR /app
          RUN npm ci && npm run build
          FROM nginx:1.27-alpine
          COPY --from=1 /app/dist /usr/share/nginx/html
        `,
        fixed: df`
          FROM node:22 AS build
          FROM node:22 AS build-2
          WORKDIR /app
          RUN npm ci && npm run build
          FROM nginx:1.27-alpine
          COPY --from=build-2 /app/dist /usr/share/nginx/html
        `,
        note: 'The stage builds, but `build` is taken: the name is made unique. In an editor the name is a placeholder to retype at once.',
      },
      {
        code: df`
          FROM alpine:3.20
          RUN wget -O /tini https://github.com/krallin/tini/releases/download/v0.19.0/tini-static
          FROM python:3.12-slim
          COPY --from=0 /tini /tini
        `,
        fixed: df`
          FROM alpine:3.20 AS download
          RUN wget -O /tini https://github.com/krallin/tini/releases/download/v0.19.0/tini-static
          FROM python:3.12-slim
          COPY --from=download /tini /tini
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
    fixSafety:
      'Safe: the stage gets a name if it has none, and the reference uses it; the build is the same. The name comes from ' +
      'what the stage runs and is never one the file already uses.',
    references: ['https://docs.docker.com/build/building/multi-stage/#name-your-build-stages'],
  },
  create(ctx) {
    return {
      'File:exit'() {
        const taken = new Set(ctx.model.stages.flatMap((s) => (s.name ? [s.name] : [])));
        const named = new Map<number, string>();
        for (const link of ctx.model.links) {
          if (!link.byIndex || !link.target || !link.stage) continue;
          const target = link.target;
          // The stage itself: the build fails (copy-from-own-stage). A later one builds first, like a later name.
          if (target.index === link.stage.index) continue;
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
            name = stageNameFor(stageRole(commandsOf(ctx, target)), target.index, taken);
            taken.add(name);
            named.set(target.index, name);
          }
          const image = target.from.image;
          const as: Edit = { ...ctx.insertAfter(image?.range ?? target.from.keyword, ` AS ${name}`), placeholder: { start: 4, end: 4 + name.length } };
          const use: Edit = { ...ctx.replace(link.range, name), placeholder: { start: 0, end: name.length } };
          ctx.report({
            at: link.range,
            message: 'unnamed',
            data: { index: link.value, name },
            fix: { title: `Name stage ${target.index} \`${name}\` and use the name`, applicability: 'safe', edits: [as, use] },
          });
        }
      },
    };
  },
});

/** The commands the RUN instructions of a stage run, for judging its role. */
function commandsOf(ctx: RuleContext, stage: Stage): RoleCommand[] {
  const out: RoleCommand[] = [];
  for (const i of stage.instructions) {
    if (i.kind !== 'Run') continue;
    for (const c of ctx.shell(i).commands) out.push({ name: c.name, args: c.args.map((w) => w.value) });
  }
  return out;
}
