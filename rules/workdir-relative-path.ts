import { defineRule, df } from './define.js';
import { isAbsolutePath, pathPrefix, workdirBefore } from './utils/instructions.js';

export default defineRule({
  id: 'workdir-relative-path',
  aliases: ['DL3000', 'WorkdirRelativePath'],
  category: 'reproducibility',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  messages: {
    relative: 'Relative WORKDIR `{path}` is resolved against the base image\'s working directory: start it with `/`',
  },
  docs: {
    summary: 'The first WORKDIR of a stage is a relative path.',
    why:
      'A relative WORKDIR is appended to the working directory in force, and before the first WORKDIR of a stage ' +
      'that is whatever the base image set. `WORKDIR app` lands in `/app` on one base, `/usr/src/app` on another, ' +
      'and moves silently when the base image is updated — taking every relative COPY destination and RUN with it. ' +
      'An absolute first WORKDIR pins the location; later relative ones then build on a path this file controls.',
    bad: [
      {
        code: df`
          FROM node:22-alpine
          WORKDIR app
          COPY . .
        `,
      },
      {
        code: df`
          FROM python:3.12-slim
          ARG APP_DIR=srv
          WORKDIR \${APP_DIR}
        `,
        note: 'berth substitutes the ARG default: the path is `srv`, relative.',
      },
    ],
    good: [
      df`
        FROM node:22-alpine
        WORKDIR /app
        WORKDIR src
      `,
      df`
        FROM golang:1.23 AS build
        WORKDIR /src
        FROM build AS test
        WORKDIR tests
      `,
      df`
        FROM node:22-alpine
        WORKDIR \${HOME}/app
      `,
      df`
        FROM mcr.microsoft.com/windows/servercore:ltsc2022
        WORKDIR C:\\app
      `,
      df`
        FROM alpine:3.20
        WORKDIR "/opt/my app"
      `,
    ],
    whenNotToUse: 'Images meant to be used as a base whose working directory is deliberately relative to their own base.',
    differences: {
      hadolint:
        'hadolint reports every relative WORKDIR, as an error. berth follows BuildKit\'s WorkdirRelativePath check: ' +
        'only the first WORKDIR of a stage (counting the stages it is built FROM in this file) is reported, as a ' +
        'warning, because once an absolute path is set later relative ones are well defined — and fixing the first ' +
        'one fixes them all.',
      notes:
        'Variables are substituted where berth knows their value, so `WORKDIR ${DIR}` with `ARG DIR=app` is ' +
        'reported; a path starting with a value berth cannot know (such as `$HOME` from the base image) is not.',
    },
    references: [
      'https://docs.docker.com/reference/dockerfile/#workdir',
      'https://docs.docker.com/go/dockerfile/rule/workdir-relative-path/',
    ],
  },
  create(ctx) {
    return {
      Workdir(workdir, { stage }) {
        if (!stage || workdirBefore(stage, workdir.range.start)) return;
        const arg = workdir.value;
        if (!arg) return;
        const path = pathPrefix(ctx, arg, workdir);
        if (path === undefined || path === '' || isAbsolutePath(path, ctx.shellAt(workdir).windows)) return;
        ctx.report({ at: arg.range, message: 'relative', data: { path: arg.value } });
      },
    };
  },
});
