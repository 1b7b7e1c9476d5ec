import { defineRule, df } from './define.js';
import { typedLabels } from './utils/labels.js';

const WEB_SCHEMES = new Set(['http', 'https', 'ftp', 'ftps', 'ws', 'wss']);
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
/** Characters a URI may hold (RFC 3986: unreserved, reserved and `%` escapes). */
const URI_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;

/** An absolute URI (`https://…`, `mailto:…`, `urn:…`): a scheme, then only URI characters. */
function isAbsoluteUri(value: string): boolean {
  const scheme = SCHEME.exec(value);
  if (!scheme || !URI_CHARS.test(value) || /%(?![0-9A-Fa-f]{2})/.test(value)) return false;
  const name = scheme[0].slice(0, -1).toLowerCase();
  if (!WEB_SCHEMES.has(name)) return true;
  // Web and file-transfer schemes need a host after `//`.
  const rest = value.slice(scheme[0].length);
  if (!rest.startsWith('//')) return false;
  const authority = rest.slice(2).split(/[/?#]/)[0] ?? '';
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  return host !== '' && !host.startsWith(':');
}

export default defineRule({
  id: 'label-not-url',
  aliases: ['DL3052'],
  category: 'maintainability',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  messages: {
    invalid: 'Label `{key}` should be an absolute URL, but is `{value}`',
  },
  docs: {
    summary: 'A label typed `url` in the `labelSchema` setting whose value is not an absolute URL.',
    why:
      'Tools turn URL labels into links: a registry shows `org.opencontainers.image.source` as "view source", ' +
      'Renovate and Dependabot follow it to find release notes. A relative path, a bare host name or a value with ' +
      'spaces is not a link any of them can follow. The rule checks the labels that `labelSchema` types as `url`.',
    bad: [
      {
        code: df`
          FROM alpine:3.20
          LABEL org.opencontainers.image.source="github.com/acme/shop"
        `,
        note: 'With `labelSchema: { org.opencontainers.image.source: url }`; the scheme is missing.',
      },
    ],
    good: [
      df`
        FROM alpine:3.20
        LABEL org.opencontainers.image.source="https://github.com/acme/shop"
      `,
      df`
        FROM alpine:3.20
        ARG SOURCE_URL
        LABEL org.opencontainers.image.source=$SOURCE_URL
      `,
    ],
    differences: {
      hadolint:
        'berth substitutes variables the file declares and skips values that depend on one it cannot know. An empty ' +
        'value is reported by `empty-label` only (hadolint reports it under both codes).',
    },
    exampleSettings: { labelSchema: { 'org.opencontainers.image.source': 'url' } },
    references: ['https://www.rfc-editor.org/rfc/rfc3986#section-4.3', 'https://github.com/opencontainers/image-spec/blob/main/annotations.md'],
  },
  create(ctx) {
    return typedLabels(ctx, 'url', (e) => {
      if (!isAbsoluteUri(e.value)) ctx.report({ at: e.valueRange, message: 'invalid', data: { key: e.key, value: e.value } });
    });
  },
});
