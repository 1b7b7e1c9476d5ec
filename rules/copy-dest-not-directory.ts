import type { CopyInstruction } from '../grammar/index.js';
import { defineRule, df } from './define.js';
import { expandedValue, isHeredocArg } from './utils/instructions.js';

export default defineRule({
  id: 'copy-dest-not-directory',
  aliases: ['DL3021'],
  category: 'correctness',
  severity: 'error',
  status: 'stable',
  since: '0.2.0',
  fixable: 'always',
  messages: {
    notDirectory: '{keyword} of {count} sources to `{dest}`: a destination for several sources must end with `/`',
  },
  docs: {
    summary: 'COPY or ADD with several sources whose destination does not end with `/`.',
    why:
      'With several sources the destination has to be a directory. The classic Docker builder refuses to build ' +
      'unless the destination ends with `/`. BuildKit builds it anyway, with `cp -a` semantics: when the ' +
      'destination directory already exists the files go into it, but when it does not, each source is copied ' +
      'onto the same path and only the last one survives. A trailing `/` makes the destination a directory on ' +
      'every builder, whether it exists or not.',
    bad: [
      {
        code: df`
          FROM node:22-alpine
          COPY package.json package-lock.json /app
        `,
        fixed: df`
          FROM node:22-alpine
          COPY package.json package-lock.json /app/
        `,
      },
      {
        code: df`
          FROM alpine:3.20
          COPY ["run.sh", "healthcheck.sh", "/usr/local/bin"]
        `,
        fixed: df`
          FROM alpine:3.20
          COPY ["run.sh", "healthcheck.sh", "/usr/local/bin/"]
        `,
      },
    ],
    good: [
      df`
        FROM node:22-alpine
        COPY package.json package-lock.json /app/
      `,
      df`
        FROM alpine:3.20
        COPY run.sh /usr/local/bin/run
      `,
      df`
        FROM node:22-alpine
        WORKDIR /app
        COPY package.json package-lock.json .
      `,
      df`
        FROM alpine:3.20
        ARG BIN=/usr/local/bin/
        COPY run.sh healthcheck.sh \${BIN}
      `,
    ],
    fixSafety:
      'Unsafe: when the destination did not exist, BuildKit used to write every source to that one path and keep the last; with the ' +
      'fix it is a directory holding them all — almost certainly what was meant, but a different result.',
    differences: {
      hadolint:
        'ADD is checked too (it has the same requirement); a destination that is a variable with a value berth ' +
        'knows is judged by that value; and `.` is accepted, because BuildKit treats a destination of exactly `.` ' +
        'as the working directory itself.',
    },
    references: ['https://docs.docker.com/reference/dockerfile/#copy', 'https://docs.docker.com/reference/dockerfile/#add'],
  },
  create(ctx) {
    const check = (copy: CopyInstruction): void => {
      const dest = copy.destination;
      // A heredoc marker in the destination's place is no path, and a `/` appended to it would rename the heredoc.
      if (!dest || copy.sources.length < 2 || isHeredocArg(copy, dest)) return;
      const value = expandedValue(ctx, dest.value, copy);
      // BuildKit takes `.` as a directory (the working directory), slash or not.
      if (value === undefined || value === '.' || value.endsWith('/') || (value.endsWith('\\') && ctx.shellAt(copy).windows)) return;
      const raw = ctx.slice(dest.range);
      // Insert inside a closing quote: `"dir"` → `"dir/"`, and inside the JSON string of the exec form.
      const quoted = raw.length >= 2 && (raw.endsWith('"') || raw.endsWith("'")) && (copy.form === 'exec' || raw[0] === raw[raw.length - 1]);
      const at = quoted ? dest.range.end - 1 : dest.range.end;
      ctx.report({
        at: dest.range,
        message: 'notDirectory',
        data: { keyword: copy.name, count: copy.sources.length, dest: dest.value },
        fix: {
          title: 'Add a trailing `/`',
          applicability: 'unsafe',
          edits: [ctx.replace({ start: at, end: at }, '/')],
        },
      });
    };
    return {
      Copy(copy) {
        check(copy);
      },
      Add(add) {
        check(add);
      },
    };
  },
});
