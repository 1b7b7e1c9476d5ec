import { defineRule, df } from './define.js';

const WHY: Record<string, string> = {
  Onbuild: 'a trigger cannot register another trigger',
  From: 'a downstream build cannot start a new stage from a trigger',
  Maintainer: 'MAINTAINER is not allowed as a trigger',
};

export default defineRule({
  id: 'invalid-onbuild-trigger',
  aliases: ['DL3043'],
  category: 'correctness',
  severity: 'error',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  messages: {
    forbidden: '`ONBUILD {keyword}` is rejected by Docker: {why}',
  },
  docs: {
    summary: 'ONBUILD registers ONBUILD, FROM or MAINTAINER, which Docker does not allow as triggers.',
    why:
      'ONBUILD stores an instruction in the image to run when another Dockerfile builds FROM it. Docker checks the ' +
      'stored keyword when it builds this image and stops with an error for three of them: ONBUILD (a trigger that ' +
      'registers a trigger), FROM (a trigger cannot start a stage in someone else\'s Dockerfile) and MAINTAINER. The ' +
      'rest of the trigger is only read by the downstream build.',
    bad: [
      {
        code: df`
          FROM node:22-alpine
          ONBUILD ONBUILD RUN npm ci
        `,
      },
      {
        code: df`
          FROM node:22-alpine
          ONBUILD FROM alpine:3.20
        `,
      },
    ],
    good: [
      df`
        FROM node:22-alpine
        ONBUILD COPY package.json /app/
        ONBUILD RUN npm ci
      `,
    ],
    differences: {
      notes:
        'berth\'s parser accepts these triggers (it reads the trigger like any instruction), so this rule is the one ' +
        'place they are reported — once each, on the forbidden keyword.',
    },
    references: ['https://docs.docker.com/reference/dockerfile/#onbuild'],
  },
  create(ctx) {
    return {
      Onbuild(onbuild) {
        const trigger = onbuild.trigger;
        if (!trigger) return;
        const why = WHY[trigger.kind];
        if (!why) return;
        ctx.report({ at: trigger.keyword, message: 'forbidden', data: { keyword: trigger.name, why } });
      },
    };
  },
});
