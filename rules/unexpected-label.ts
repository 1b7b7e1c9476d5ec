import { defineRule, df } from './define.js';
import { labelEntries, schemaType } from './utils/labels.js';

export default defineRule({
  id: 'unexpected-label',
  aliases: ['DL3050'],
  category: 'maintainability',
  severity: 'info',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  messages: {
    unexpected: 'Label `{key}` is not in the label schema',
  },
  docs: {
    summary: 'A label that the `labelSchema` setting does not list, when `strictLabels` is on.',
    why:
      'With `strictLabels`, the label schema is the complete list of labels an image may carry. A label outside ' +
      'it is usually a typo of a required one (`org.opencontainers.image.licence`), a leftover, or metadata that ' +
      'nothing reads. Reporting it keeps the labels of all images the same set, so tools can rely on them. The ' +
      'rule only runs when `strictLabels` is true.',
    bad: [
      {
        code: df`
          FROM alpine:3.20
          LABEL org.opencontainers.image.source="https://github.com/acme/shop" \
                build-host="ci-runner-7"
        `,
        note: 'With `strictLabels: true` and `labelSchema: { org.opencontainers.image.source: url }`.',
      },
    ],
    good: [
      df`
        FROM alpine:3.20
        LABEL org.opencontainers.image.source="https://github.com/acme/shop"
      `,
      df`
        FROM alpine:3.20
        ARG EXTRA_LABEL
        LABEL \${EXTRA_LABEL}=yes
      `,
    ],
    whenNotToUse: 'Teams that only require some labels and allow others: leave `strictLabels` off.',
    differences: {
      hadolint: 'hadolint reports the whole LABEL instruction once; berth reports each key that is not in the schema.',
    },
    exampleSettings: { strictLabels: true, labelSchema: { 'org.opencontainers.image.source': 'url' } },
    references: ['https://docs.docker.com/reference/dockerfile/#label'],
  },
  create(ctx) {
    return {
      Label(instr, info) {
        if (!ctx.settings.strictLabels || info.onbuild) return;
        for (const e of labelEntries(ctx, instr)) {
          if (e.key === undefined || schemaType(ctx, e.key) !== undefined) continue;
          ctx.report({ at: e.keyRange, message: 'unexpected', data: { key: e.key } });
        }
      },
    };
  },
});
