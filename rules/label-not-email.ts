import { defineRule, df } from './define.js';
import { typedLabels } from './utils/labels.js';

/** Characters of an unquoted local part or domain word (RFC 5322 `atext`). */
const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const DOT_ATOM = `${ATOM}(?:\\.${ATOM})*`;
const QUOTED = '"(?:[^"\\\\\\r\\n]|\\\\.)*"';
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const DOMAIN = `(?:${LABEL}(?:\\.${LABEL})*|\\[[^\\[\\]\\\\\\s]+\\])`;
const EMAIL = new RegExp(`^(?:${DOT_ATOM}|${QUOTED})@${DOMAIN}$`);

/** An address `local@domain` as RFC 5322 writes one (no display name, no comments). */
function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

export default defineRule({
  id: 'label-not-email',
  aliases: ['DL3058'],
  category: 'maintainability',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  messages: {
    invalid: 'Label `{key}` should be an e-mail address, but is `{value}`',
  },
  docs: {
    summary: 'A label typed `email` in the `labelSchema` setting whose value is not an e-mail address.',
    why:
      'Contact labels tell whoever finds a broken or vulnerable image whom to tell, and alerting tools send mail ' +
      'to them. A name, a team handle or `Jane Doe <jane@example.com>` cannot be used as an address by those ' +
      'tools. The rule checks the labels that `labelSchema` types as `email`.',
    bad: [
      {
        code: df`
          FROM alpine:3.20
          LABEL com.example.contact="platform team"
        `,
        note: 'With `labelSchema: { com.example.contact: email }`.',
      },
    ],
    good: [
      df`
        FROM alpine:3.20
        LABEL com.example.contact="platform@example.com"
      `,
      df`
        FROM alpine:3.20
        ARG CONTACT
        LABEL com.example.contact=$CONTACT
      `,
    ],
    differences: {
      hadolint:
        'berth checks the address form `local@domain` (dot-atoms or a quoted local part, a host name or an address ' +
        'literal), not the full RFC 5322 grammar with comments. Values that depend on a variable berth cannot know ' +
        'are skipped; an empty value is reported by `empty-label` only.',
    },
    exampleSettings: { labelSchema: { 'com.example.contact': 'email' } },
    references: ['https://www.rfc-editor.org/rfc/rfc5322#section-3.4.1'],
  },
  create(ctx) {
    return typedLabels(ctx, 'email', (e) => {
      if (!isEmail(e.value)) ctx.report({ at: e.valueRange, message: 'invalid', data: { key: e.key, value: e.value } });
    });
  },
});
