import type { Stage } from '../grammar/index.js';
import { defineRule, df } from './define.js';
import { descendantHas, lineageHas } from './utils/stages.js';
import { schemaLabels, stageLabels } from './utils/labels.js';

export default defineRule({
  id: 'missing-label',
  aliases: ['DL3049'],
  category: 'maintainability',
  severity: 'info',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  messages: {
    missing: 'Stage {stage} does not set the label `{label}` that the label schema requires',
  },
  docs: {
    summary: 'A stage without a label that the `labelSchema` setting requires.',
    why:
      'Organisations use labels to find out what an image is, who owns it and where its source lives: registries ' +
      'show `org.opencontainers.image.source`, scanners link findings to it, clean-up jobs read an owner label. ' +
      'When you list the labels every image must carry in `labelSchema`, this rule reports each stage that would ' +
      'produce an image without one of them. Labels are inherited, so setting one in a stage also covers the ' +
      'stages built on it.',
    bad: [
      {
        code: df`
          FROM alpine:3.20
          LABEL org.opencontainers.image.title="shop"
        `,
        note: 'With `labelSchema: { org.opencontainers.image.source: url }`.',
      },
    ],
    good: [
      df`
        FROM alpine:3.20
        LABEL org.opencontainers.image.source="https://github.com/acme/shop"
      `,
      df`
        FROM alpine:3.20 AS base
        LABEL org.opencontainers.image.source="https://github.com/acme/shop"
        FROM base
        RUN apk add --no-cache curl
      `,
      df`
        FROM golang:1.23 AS build
        RUN go build -o /out/shop .
        FROM alpine:3.20
        LABEL org.opencontainers.image.source="https://github.com/acme/shop"
        COPY --from=build /out/shop /usr/local/bin/shop
      `,
      df`
        FROM alpine:3.20 AS base
        FROM base AS runtime
        LABEL org.opencontainers.image.source="https://github.com/acme/shop"
      `,
    ],
    whenNotToUse: 'Projects without a label policy: with an empty `labelSchema` the rule never reports anything.',
    differences: {
      hadolint:
        'A stage is fine when any stage built on it sets the label, also when that stage has a name of its own ' +
        '(`FROM base AS runtime`; hadolint only counts unnamed ones), and when it is used by `COPY --from` or `RUN ' +
        '--mount=from=` by name or by index (hadolint only counts `COPY --from=<name>`).',
    },
    exampleSettings: { labelSchema: { 'org.opencontainers.image.source': 'url' } },
    references: ['https://docs.docker.com/reference/dockerfile/#label', 'https://github.com/opencontainers/image-spec/blob/main/annotations.md'],
  },
  create(ctx) {
    return {
      'File:exit'() {
        const required = schemaLabels(ctx);
        if (required.length === 0) return;
        const stages = ctx.model.stages;
        const own = new Map(stages.map((s) => [s, stageLabels(ctx, s)] as const));
        const sets = (s: Stage, label: string): boolean => {
          const l = own.get(s);
          return l !== undefined && (l.unknown || l.keys.has(label));
        };
        // Stages only copied or mounted from do not become images.
        const used = new Set(ctx.model.links.flatMap((l) => (l.target && l.target !== l.stage ? [l.target] : [])));
        // One question per label, asked of each stage once (the answers are kept by question).
        const setsLabel = new Map(required.map((label) => [label, (s: Stage) => sets(s, label)] as const));
        for (const stage of stages) {
          if (used.has(stage)) continue;
          for (const label of required) {
            const q = setsLabel.get(label) as (s: Stage) => boolean;
            if (lineageHas(stage, q) || descendantHas(ctx.model, stage, q)) continue;
            ctx.report({
              at: stage.nameRange ?? stage.from.keyword,
              message: 'missing',
              data: { stage: stage.name ? `\`${stage.name}\`` : String(stage.index), label },
            });
          }
        }
      },
    };
  },
});
