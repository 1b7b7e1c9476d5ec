import { defineRule, df } from './define.js';
import { oncePerStage } from './utils/once-per-stage.js';

export default defineRule({
  id: 'multiple-cmd',
  aliases: ['DL4003', 'MultipleInstructionsDisallowed'],
  category: 'correctness',
  severity: 'warning',
  status: 'stable',
  since: '0.1.0',
  fixable: 'always',
  messages: {
    overridden: 'This {name} has no effect: the {name} on line {line} replaces it',
  },
  docs: {
    summary: 'More than one CMD in a stage: only the last one takes effect.',
    why:
      'CMD sets the command the container runs by default. It is a setting of the image, not a step that runs, so a second CMD in the same ' +
      'stage simply replaces the first. The earlier one is dead code that suggests something happens when nothing ' +
      'does — often a leftover from copying lines between Dockerfiles, or a misunderstanding of how CMD works.',
    bad: [
      {
        code: df`
          FROM node:22-alpine
          CMD ["node", "server.js"]
          CMD ["node", "worker.js"]
        `,
        fixed: df`
          FROM node:22-alpine
          CMD ["node", "worker.js"]
        `,
        note: 'The first CMD is reported; the fix removes it.',
      },
    ],
    good: [
      df`
        FROM node:22-alpine AS build
        CMD ["node", "server.js"]
        FROM node:22-alpine
        CMD ["node", "worker.js"]
      `,
    ],
    fixSafety:
      'Unsafe: it removes the earlier CMD, which changes nothing in the image — but maybe the earlier one was the ' +
      'one you meant to keep, so the fix is only applied on request.',
    differences: {
      hadolint:
        'hadolint reports the second and later CMDs; berth, like BuildKit, reports the earlier ones, which are the ' +
        'ones without effect.',
    },
    references: ['https://docs.docker.com/reference/dockerfile/#cmd', 'https://docs.docker.com/go/dockerfile/rule/multiple-instructions-disallowed/'],
  },
  create(ctx) {
    return oncePerStage(ctx, 'Cmd');
  },
});
