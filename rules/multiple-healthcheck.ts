import { defineRule, df } from './define.js';
import { oncePerStage } from './utils/once-per-stage.js';

export default defineRule({
  id: 'multiple-healthcheck',
  aliases: ['DL3012', 'MultipleInstructionsDisallowed'],
  category: 'correctness',
  severity: 'warning',
  status: 'stable',
  since: '0.1.0',
  fixable: 'always',
  messages: {
    overridden: 'This {name} has no effect: the {name} on line {line} replaces it',
  },
  docs: {
    summary: 'More than one HEALTHCHECK in a stage: only the last one takes effect.',
    why:
      'HEALTHCHECK sets how Docker checks that the container is healthy. It is a setting of the image, not a step that runs, so a second HEALTHCHECK in the same ' +
      'stage simply replaces the first. The earlier one is dead code that suggests something happens when nothing ' +
      'does — often a leftover from copying lines between Dockerfiles, or a misunderstanding of how HEALTHCHECK works.',
    bad: [
      {
        code: df`
          FROM nginx:1.27
          HEALTHCHECK CMD curl -f http://localhost:8080/health || exit 1
          HEALTHCHECK --interval=10s CMD wget -qO- http://localhost:8080/ || exit 1
        `,
        fixed: df`
          FROM nginx:1.27
          HEALTHCHECK --interval=10s CMD wget -qO- http://localhost:8080/ || exit 1
        `,
        note: 'The first HEALTHCHECK is reported; the fix removes it.',
      },
    ],
    good: [
      df`
        FROM nginx:1.27 AS build
        HEALTHCHECK CMD curl -f http://localhost:8080/health || exit 1
        FROM nginx:1.27
        HEALTHCHECK --interval=10s CMD wget -qO- http://localhost:8080/ || exit 1
      `,
    ],
    fixSafety:
      'Unsafe: it removes the earlier HEALTHCHECK, which changes nothing in the image — but maybe the earlier one was the ' +
      'one you meant to keep, so the fix is only applied on request.',
    differences: {
      hadolint:
        'hadolint reports the second and later HEALTHCHECKs; berth, like BuildKit, reports the earlier ones, which ' +
        'are the ones without effect.',
    },
    references: ['https://docs.docker.com/reference/dockerfile/#healthcheck', 'https://docs.docker.com/go/dockerfile/rule/multiple-instructions-disallowed/'],
  },
  create(ctx) {
    return oncePerStage(ctx, 'Healthcheck');
  },
});
