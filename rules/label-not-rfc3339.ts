import { defineRule, df } from './define.js';
import { typedLabels } from './utils/labels.js';

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

/** An RFC 3339 timestamp (`2024-05-01T12:30:00Z`, `2024-05-01T14:30:00.5+02:00`), with real dates and times. */
function isRfc3339(value: string): boolean {
  const m = TIMESTAMP.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (days === undefined || day < 1 || day > days) return false;
  // Second 60 is a leap second.
  if (hour > 23 || minute > 59 || second > 60) return false;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return false;
  return true;
}

export default defineRule({
  id: 'label-not-rfc3339',
  aliases: ['DL3053'],
  category: 'maintainability',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  messages: {
    invalid: 'Label `{key}` should be an RFC 3339 timestamp such as `2024-05-01T12:30:00Z`, but is `{value}`',
  },
  docs: {
    summary: 'A label typed `rfc3339` in the `labelSchema` setting whose value is not an RFC 3339 timestamp.',
    why:
      'Timestamps such as `org.opencontainers.image.created` are compared and sorted by machines: "which image is ' +
      'newer", "delete images older than 90 days". RFC 3339 (`2024-05-01T12:30:00Z`) is the one format they all ' +
      'read, with a date, a time and a time zone. A date alone, a local time without offset or `05/01/2024` is ' +
      'either rejected or, worse, read in the wrong zone. The rule checks the labels that `labelSchema` types as ' +
      '`rfc3339`.',
    bad: [
      {
        code: df`
          FROM alpine:3.20
          LABEL org.opencontainers.image.created="2024-05-01 12:30"
        `,
        note: 'With `labelSchema: { org.opencontainers.image.created: rfc3339 }`.',
      },
    ],
    good: [
      df`
        FROM alpine:3.20
        LABEL org.opencontainers.image.created="2024-05-01T12:30:00Z"
      `,
      df`
        FROM alpine:3.20
        LABEL org.opencontainers.image.created="2024-05-01T14:30:00.250+02:00"
      `,
      df`
        FROM alpine:3.20
        ARG BUILD_DATE
        LABEL org.opencontainers.image.created=$BUILD_DATE
      `,
    ],
    differences: {
      hadolint:
        'berth substitutes variables the file declares and skips values that depend on one it cannot know (a ' +
        '`BUILD_DATE` passed with `--build-arg`). An empty value is reported by `empty-label` only.',
    },
    exampleSettings: { labelSchema: { 'org.opencontainers.image.created': 'rfc3339' } },
    references: ['https://www.rfc-editor.org/rfc/rfc3339#section-5.6', 'https://github.com/opencontainers/image-spec/blob/main/annotations.md'],
  },
  create(ctx) {
    return typedLabels(ctx, 'rfc3339', (e) => {
      if (!isRfc3339(e.value)) ctx.report({ at: e.valueRange, message: 'invalid', data: { key: e.key, value: e.value } });
    });
  },
});
