import type { Stage } from '../grammar/index.js';
import { defineRule, df } from './define.js';
import { descendantHas, lineageHas } from './utils/stages.js';

const declares = (s: Stage): boolean => s.instructions.some((i) => i.kind === 'Healthcheck');

export default defineRule({
  id: 'missing-healthcheck',
  aliases: ['DL3057'],
  category: 'maintainability',
  severity: 'info',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  enabled: false,
  messages: {
    missing: 'Stage {stage} has no HEALTHCHECK, and neither a stage it builds on nor one built on it has one',
  },
  docs: {
    summary: 'A stage without HEALTHCHECK (off unless configured).',
    why:
      'A HEALTHCHECK tells Docker how to ask the container whether it still works, not only whether its process ' +
      'runs. Docker then marks it `healthy` or `unhealthy`, and orchestrators such as Swarm or Compose ' +
      '(`depends_on: condition: service_healthy`) can wait for it or replace it. Without one, a server that hangs ' +
      'or loses its database connection looks exactly like a working one. Writing `HEALTHCHECK NONE` states that ' +
      'the image deliberately has none.',
    bad: [
      {
        code: df`
          FROM nginx:1.27
          COPY site/ /usr/share/nginx/html/
        `,
      },
    ],
    good: [
      df`
        FROM nginx:1.27
        HEALTHCHECK CMD curl -fsS http://localhost/ || exit 1
      `,
      df`
        FROM python:3.12-slim AS base
        HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8000/health')"
        FROM base
        COPY app/ /app/
      `,
      df`
        FROM node:22-alpine AS base
        WORKDIR /app
        FROM base AS runtime
        HEALTHCHECK NONE
      `,
    ],
    whenNotToUse:
      'Build stages whose result is only copied into another stage (this rule reports them too, as hadolint ' +
      'does), images run by Kubernetes, which ignores HEALTHCHECK and uses its own probes, and images for ' +
      'short-lived jobs. That is why the rule is off by default.',
    references: ['https://docs.docker.com/reference/dockerfile/#healthcheck', 'https://docs.docker.com/reference/compose-file/services/#healthcheck'],
  },
  create(ctx) {
    return {
      'File:exit'() {
        const stages = ctx.model.stages;
        for (const stage of stages) {
          // It inherits one from a stage it builds on, or a stage built on it (however far down) declares one.
          if (lineageHas(stage, declares)) continue;
          if (descendantHas(ctx.model, stage, declares)) continue;
          ctx.report({
            at: stage.nameRange ?? stage.from.keyword,
            message: 'missing',
            data: { stage: stage.name ? `\`${stage.name}\`` : String(stage.index) },
          });
        }
      },
    };
  },
});
