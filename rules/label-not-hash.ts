import { defineRule, df } from './define.js';
import { typedLabels } from './utils/labels.js';

/** A git object name: abbreviated (7 or more hex digits), full SHA-1 (40) or full SHA-256 (64), lower case. */
function isGitHash(value: string): boolean {
  return /^[0-9a-f]+$/.test(value) && ((value.length >= 7 && value.length <= 40) || value.length === 64);
}

export default defineRule({
  id: 'label-not-hash',
  aliases: ['DL3055'],
  category: 'maintainability',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  messages: {
    invalid: 'Label `{key}` should be a git commit hash (lower-case hex digits), but is `{value}`',
  },
  docs: {
    summary: 'A label typed `hash` in the `labelSchema` setting whose value is not a git commit hash.',
    why:
      'A revision label such as `org.opencontainers.image.revision` ties an image to the exact commit it was built ' +
      'from, so you can go from a running container straight to its source. That only works if the value is a ' +
      'commit id: a branch name (`main`) or a tag moves, and an upper-case or truncated id may not be found. The ' +
      'rule checks the labels that `labelSchema` types as `hash`.',
    bad: [
      {
        code: df`
          FROM alpine:3.20
          LABEL org.opencontainers.image.revision="main"
        `,
        note: 'With `labelSchema: { org.opencontainers.image.revision: hash }`.',
      },
    ],
    good: [
      df`
        FROM alpine:3.20
        LABEL org.opencontainers.image.revision="3f786850e387550fdab836ed7e6dc881de23001b"
      `,
      df`
        FROM alpine:3.20
        LABEL org.opencontainers.image.revision="3f78685"
      `,
      df`
        FROM alpine:3.20
        ARG GIT_COMMIT
        LABEL org.opencontainers.image.revision=$GIT_COMMIT
      `,
    ],
    differences: {
      hadolint:
        'hadolint accepts exactly 7 or 40 digits: berth accepts any abbreviation git prints (7 to 40 digits; large ' +
        'repositories need more than 7) and 64-digit ids of SHA-256 repositories. Values that depend on a variable ' +
        'berth cannot know are skipped; an empty value is reported by `empty-label` only.',
    },
    exampleSettings: { labelSchema: { 'org.opencontainers.image.revision': 'hash' } },
    references: ['https://git-scm.com/docs/git-rev-parse#Documentation/git-rev-parse.txt---shortlength', 'https://github.com/opencontainers/image-spec/blob/main/annotations.md'],
  },
  create(ctx) {
    return typedLabels(ctx, 'hash', (e) => {
      if (!isGitHash(e.value)) ctx.report({ at: e.valueRange, message: 'invalid', data: { key: e.key, value: e.value } });
    });
  },
});
