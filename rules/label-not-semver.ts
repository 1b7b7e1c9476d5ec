import { defineRule, df } from './define.js';
import { typedLabels } from './utils/labels.js';

const NUMBER = '(?:0|[1-9][0-9]*)';
const IDENT = '[0-9A-Za-z-]+';
/** MAJOR.MINOR.PATCH, an optional `-pre.release` and an optional `+build.metadata` (Semantic Versioning 2.0.0). */
const SEMVER = new RegExp(`^${NUMBER}\\.${NUMBER}\\.${NUMBER}(?:-(${IDENT}(?:\\.${IDENT})*))?(?:\\+${IDENT}(?:\\.${IDENT})*)?$`);

function isSemver(value: string): boolean {
  const m = SEMVER.exec(value);
  if (!m) return false;
  // Numeric pre-release identifiers must not have leading zeros.
  return (m[1] ?? '').split('.').every((id) => !/^0[0-9]+$/.test(id));
}

export default defineRule({
  id: 'label-not-semver',
  aliases: ['DL3056'],
  category: 'maintainability',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  messages: {
    invalid: 'Label `{key}` should be a semantic version such as `1.4.2`, but is `{value}`',
  },
  docs: {
    summary: 'A label typed `semver` in the `labelSchema` setting whose value is not a semantic version.',
    why:
      'Version labels are compared by tools: "is this image older than 2.0", "which release is running". Semantic ' +
      'versions (`1.4.2`, `2.0.0-rc.1`) have one precise ordering; `v1.4`, `1.4` or `latest` do not, and each tool ' +
      'guesses differently. The rule checks the labels that `labelSchema` types as `semver`.',
    bad: [
      {
        code: df`
          FROM alpine:3.20
          LABEL org.opencontainers.image.version="v1.4"
        `,
        note: 'With `labelSchema: { org.opencontainers.image.version: semver }`.',
      },
    ],
    good: [
      df`
        FROM alpine:3.20
        LABEL org.opencontainers.image.version="1.4.2"
      `,
      df`
        FROM alpine:3.20
        LABEL org.opencontainers.image.version="2.0.0-rc.1+build.7"
      `,
      df`
        FROM alpine:3.20
        ARG VERSION
        LABEL org.opencontainers.image.version=$VERSION
      `,
    ],
    differences: {
      hadolint:
        'berth substitutes variables the file declares and skips values that depend on one it cannot know. An empty ' +
        'value is reported by `empty-label` only.',
    },
    exampleSettings: { labelSchema: { 'org.opencontainers.image.version': 'semver' } },
    references: ['https://semver.org/spec/v2.0.0.html', 'https://github.com/opencontainers/image-spec/blob/main/annotations.md'],
  },
  create(ctx) {
    return typedLabels(ctx, 'semver', (e) => {
      if (!isSemver(e.value)) ctx.report({ at: e.valueRange, message: 'invalid', data: { key: e.key, value: e.value } });
    });
  },
});
