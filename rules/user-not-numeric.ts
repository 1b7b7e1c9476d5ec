import { defineRule, df } from './define.js';
import { finalUser, isRootUser, userPart } from './utils/instructions.js';

export default defineRule({
  id: 'user-not-numeric',
  aliases: ['DL3066'],
  category: 'security',
  severity: 'info',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  messages: {
    name: 'The image runs as the user name `{user}`: give a numeric UID so runtimes can tell it is not root',
  },
  docs: {
    summary: 'The final image runs as a user given by name rather than by numeric UID.',
    why:
      'A user name only means something inside the image, through its `/etc/passwd`. Kubernetes\' ' +
      '`runAsNonRoot` and similar admission checks look at the image configuration without opening it, so they ' +
      'cannot tell whether `app` is UID 0 and refuse to start the container, or need the UID repeated in every ' +
      'deployment. `USER 10001` (or `10001:10001`) answers the question on its own.',
    bad: [
      {
        code: df`
          FROM node:22-alpine
          USER node
        `,
      },
    ],
    good: [
      df`
        FROM node:22-alpine
        USER 1000:1000
      `,
      df`
        FROM alpine:3.20 AS build
        USER builder
        FROM alpine:3.20
        USER 10001
      `,
      df`
        FROM node:22-alpine
        ARG UID
        USER \${UID}
      `,
    ],
    whenNotToUse: 'Images that never run under an orchestrator enforcing non-root users.',
    differences: {
      hadolint:
        'Only the user the final image runs as is checked (the last USER of the last stage, or of the stage it is ' +
        'built FROM), as hadolint\'s own later fix (PR #1239) does; hadolint 2.15 reports every USER. `USER root` is ' +
        'left to `last-user-root`, which says the more important thing about it, and a variable is judged by its ' +
        'value when berth knows it.',
    },
    references: [
      'https://docs.docker.com/reference/dockerfile/#user',
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
    ],
  },
  create(ctx) {
    return {
      'File:exit'() {
        const user = finalUser(ctx);
        if (!user || isRootUser(user.value) || /^\d+$/.test(userPart(user.value))) return;
        ctx.report({ at: user.arg.range, message: 'name', data: { user: user.arg.value } });
      },
    };
  },
});
