import { defineRule, df } from './define.js';
import { labelEntries, schemaType } from './utils/labels.js';

export default defineRule({
  id: 'empty-label',
  aliases: ['DL3051'],
  category: 'maintainability',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  messages: {
    empty: 'Label `{key}` is empty',
  },
  docs: {
    summary: 'A label from the `labelSchema` setting set to an empty value.',
    why:
      'An empty label satisfies "the label is there" but tells nobody anything: a registry shows a blank source ' +
      'link, a clean-up job finds no owner. Most often the value was meant to come from a build argument that was ' +
      'not passed (`ARG VERSION=` then `LABEL version=$VERSION`). The rule checks the labels that `labelSchema` ' +
      'lists.',
    bad: [
      {
        code: df`
          FROM alpine:3.20
          LABEL org.opencontainers.image.version=""
        `,
        note: 'With `labelSchema: { org.opencontainers.image.version: semver }`.',
      },
      {
        code: df`
          FROM alpine:3.20
          ARG VERSION=
          LABEL org.opencontainers.image.version=$VERSION
        `,
        note: 'The build argument defaults to empty.',
      },
    ],
    good: [
      df`
        FROM alpine:3.20
        LABEL org.opencontainers.image.version="1.4.2"
      `,
      df`
        FROM alpine:3.20
        ARG VERSION
        LABEL org.opencontainers.image.version=$VERSION
      `,
      df`
        FROM alpine:3.20
        LABEL com.example.notes=""
      `,
    ],
    differences: {
      hadolint:
        'berth substitutes variables the file declares: an ARG with an empty default counts as empty, and an ARG ' +
        'without default is not reported (its value comes with the build); hadolint reads the text as written.',
    },
    exampleSettings: { labelSchema: { 'org.opencontainers.image.version': 'semver' } },
    references: ['https://docs.docker.com/reference/dockerfile/#label'],
  },
  create(ctx) {
    return {
      Label(instr, info) {
        if (info.onbuild) return;
        for (const e of labelEntries(ctx, instr)) {
          if (e.key === undefined || e.value !== '' || schemaType(ctx, e.key) === undefined) continue;
          ctx.report({ at: e.range, message: 'empty', data: { key: e.key } });
        }
      },
    };
  },
});
