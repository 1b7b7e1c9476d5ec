import { defineRule, df } from './define.js';
import { oncePerStage } from './utils/once-per-stage.js';

export default defineRule({
  id: 'multiple-entrypoint',
  aliases: ['DL4004', 'MultipleInstructionsDisallowed'],
  category: 'correctness',
  severity: 'warning',
  status: 'stable',
  since: '0.1.0',
  fixable: 'always',
  messages: {
    overridden: 'This {name} has no effect: the {name} on line {line} replaces it',
  },
  docs: {
    summary: 'More than one ENTRYPOINT in a stage: only the last one takes effect.',
    why:
      'ENTRYPOINT sets the program the container starts. It is a setting of the image, not a step that runs, so a second ENTRYPOINT in the same ' +
      'stage simply replaces the first. The earlier one is dead code that suggests something happens when nothing ' +
      'does — often a leftover from copying lines between Dockerfiles, or a misunderstanding of how ENTRYPOINT works.',
    bad: [
      {
        code: df`
          FROM alpine:3.20
          ENTRYPOINT ["/docker-entrypoint.sh"]
          ENTRYPOINT ["/usr/local/bin/app"]
        `,
        fixed: df`
          FROM alpine:3.20
          ENTRYPOINT ["/usr/local/bin/app"]
        `,
        note: 'The first ENTRYPOINT is reported; the fix removes it.',
      },
    ],
    good: [
      df`
        FROM alpine:3.20 AS build
        ENTRYPOINT ["/docker-entrypoint.sh"]
        FROM alpine:3.20
        ENTRYPOINT ["/usr/local/bin/app"]
      `,
    ],
    fixSafety:
      'Unsafe: it removes the earlier ENTRYPOINT, which changes nothing in the image — but maybe the earlier one was the ' +
      'one you meant to keep, so the fix is only applied on request.',
    differences: {
      hadolint:
        'hadolint reports the second and later ENTRYPOINTs; berth, like BuildKit, reports the earlier ones, which ' +
        'are the ones without effect.',
    },
    references: ['https://docs.docker.com/reference/dockerfile/#entrypoint', 'https://docs.docker.com/go/dockerfile/rule/multiple-instructions-disallowed/'],
  },
  create(ctx) {
    return oncePerStage(ctx, 'Entrypoint');
  },
});
