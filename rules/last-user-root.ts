import { defineRule, df } from './define.js';
import { finalUser, isRootUser } from './utils/instructions.js';

export default defineRule({
  id: 'last-user-root',
  aliases: ['DL3002'],
  category: 'security',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  messages: {
    root: 'The image runs as root: its last USER is `{user}`',
  },
  docs: {
    summary: 'The USER the final image runs as is root.',
    why:
      'The last USER of the final stage is the user every container of the image starts as. Running as root ' +
      'means a compromised process can change any file in the container, install software, and — with a ' +
      'misconfigured runtime or a kernel bug — reach the host with the highest privileges. Switching to root to ' +
      'install packages is fine; switch back to an unprivileged user before the image is done.',
    bad: [
      {
        code: df`
          FROM node:22-alpine
          USER node
          RUN npm ci
          USER root
        `,
      },
      {
        code: df`
          FROM alpine:3.20
          ENV RUN_AS=root
          USER \${RUN_AS}
        `,
        note: 'berth substitutes the ENV value.',
      },
    ],
    good: [
      df`
        FROM node:22-alpine
        USER root
        RUN apk add --no-cache curl
        USER node
      `,
      df`
        FROM golang:1.23 AS build
        USER root
        RUN go build -o /out/app .
        FROM gcr.io/distroless/static
        COPY --from=build /out/app /app
        USER 65532:65532
      `,
      df`
        FROM alpine:3.20
        RUN adduser -D app
      `,
    ],
    whenNotToUse: 'Images that must run as root by design, such as some init or system-administration images.',
    differences: {
      hadolint:
        'Only the user the final image runs as is checked — the last USER of the last stage, or of the stage it is ' +
        'built FROM when it has none. hadolint reports the last USER of every stage, although build stages running ' +
        'as root never reach the image. berth also substitutes variables it knows (`ENV u=root` then `USER ${u}`), ' +
        'which hadolint does not.',
    },
    references: ['https://docs.docker.com/reference/dockerfile/#user', 'https://docs.docker.com/build/building/best-practices/#user'],
  },
  create(ctx) {
    return {
      'File:exit'() {
        const user = finalUser(ctx);
        if (!user || !isRootUser(user.value)) return;
        ctx.report({ at: user.arg.range, message: 'root', data: { user: user.arg.value } });
      },
    };
  },
});
