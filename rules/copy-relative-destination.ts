import type { CopyInstruction, Stage } from '../grammar/index.js';
import { defineRule, df } from './define.js';
import { isAbsolutePath, isHeredocArg, pathPrefix, workdirBefore } from './utils/instructions.js';

export default defineRule({
  id: 'copy-relative-destination',
  aliases: ['DL3045'],
  category: 'reproducibility',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  messages: {
    relative:
      '{keyword} to the relative destination `{dest}` with no WORKDIR set: where it lands depends on the base image',
  },
  docs: {
    summary: 'COPY or ADD to a relative destination in a stage that never set WORKDIR.',
    why:
      'A relative destination is resolved against the working directory in force. Until the stage sets WORKDIR, ' +
      'that is whatever the base image chose: `/` for most distribution images, `/usr/src/app` or `/home/node` for ' +
      'others, and it can change when the base image is updated. `COPY . .` then puts your files somewhere you ' +
      'did not decide. Set WORKDIR to an absolute path first, or give the destination as an absolute path.',
    bad: [
      {
        code: df`
          FROM node:22-alpine
          COPY package.json .
        `,
      },
      {
        code: df`
          FROM python:3.12-slim
          COPY ["requirements.txt", "./app/"]
        `,
      },
    ],
    good: [
      df`
        FROM node:22-alpine
        WORKDIR /app
        COPY package.json .
      `,
      df`
        FROM golang:1.23 AS build
        WORKDIR /src
        FROM build AS test
        COPY . .
      `,
      df`
        FROM alpine:3.20
        COPY app.conf /etc/app/
        COPY --chmod=755 entrypoint.sh \${BIN_DIR}/
      `,
    ],
    differences: {
      hadolint:
        'ADD is checked too (its destination is resolved the same way); a stage inherits the WORKDIR of the stage ' +
        'it is built FROM by following the actual stage chain (hadolint keys stages by image name, so two unnamed ' +
        'stages FROM the same image share what it remembers); ONBUILD triggers are not checked, as in hadolint, ' +
        'because the downstream image decides the working directory.',
    },
    references: ['https://docs.docker.com/reference/dockerfile/#copy', 'https://docs.docker.com/reference/dockerfile/#workdir'],
  },
  create(ctx) {
    const check = (copy: CopyInstruction, stage: Stage | undefined): void => {
      if (!stage) return;
      const dest = copy.destination;
      if (!dest || isHeredocArg(copy, dest)) return;
      const path = pathPrefix(ctx, dest, copy);
      if (path === undefined || isAbsolutePath(path, ctx.shellAt(copy).windows)) return;
      if (workdirBefore(stage, copy.range.start)) return;
      ctx.report({ at: dest.range, message: 'relative', data: { keyword: copy.name, dest: dest.value } });
    };
    return {
      Copy(copy, { stage }) {
        check(copy, stage);
      },
      Add(add, { stage }) {
        check(add, stage);
      },
    };
  },
});
