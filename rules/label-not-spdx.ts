import { defineRule, df } from './define.js';
import { typedLabels } from './utils/labels.js';

/**
 * License ids berth knows: a selection of the SPDX license list covering the licenses most container images
 * carry. Not the whole list — a custom or rare license can always be written `LicenseRef-<name>`.
 */
const LICENSES = [
  '0BSD', 'AFL-3.0', 'AGPL-1.0-only', 'AGPL-1.0-or-later', 'AGPL-3.0', 'AGPL-3.0-only', 'AGPL-3.0-or-later',
  'Apache-1.0', 'Apache-1.1', 'Apache-2.0', 'APSL-2.0', 'Artistic-1.0', 'Artistic-2.0', 'Beerware',
  'BlueOak-1.0.0', 'BSD-1-Clause', 'BSD-2-Clause', 'BSD-2-Clause-Patent', 'BSD-3-Clause', 'BSD-3-Clause-Clear',
  'BSD-4-Clause', 'BSL-1.0', 'BUSL-1.1', 'bzip2-1.0.6', 'CC-BY-3.0', 'CC-BY-4.0', 'CC-BY-NC-4.0',
  'CC-BY-NC-SA-4.0', 'CC-BY-ND-4.0', 'CC-BY-SA-3.0', 'CC-BY-SA-4.0', 'CC0-1.0', 'CDDL-1.0', 'CDDL-1.1',
  'CECILL-2.1', 'CPL-1.0', 'curl', 'ECL-2.0', 'EFL-2.0', 'Elastic-2.0', 'EPL-1.0', 'EPL-2.0', 'EUPL-1.1',
  'EUPL-1.2', 'FTL', 'GFDL-1.2-only', 'GFDL-1.2-or-later', 'GFDL-1.3-only', 'GFDL-1.3-or-later', 'GPL-1.0-only',
  'GPL-1.0-or-later', 'GPL-2.0', 'GPL-2.0-only', 'GPL-2.0-or-later', 'GPL-3.0', 'GPL-3.0-only',
  'GPL-3.0-or-later', 'HPND', 'ICU', 'IJG', 'ISC', 'LGPL-2.0-only', 'LGPL-2.0-or-later', 'LGPL-2.1',
  'LGPL-2.1-only', 'LGPL-2.1-or-later', 'LGPL-3.0', 'LGPL-3.0-only', 'LGPL-3.0-or-later', 'libpng-2.0',
  'Libpng', 'LPPL-1.3c', 'MIT', 'MIT-0', 'MPL-1.1', 'MPL-2.0', 'MPL-2.0-no-copyleft-exception', 'MS-PL', 'MS-RL',
  'MulanPSL-2.0', 'NCSA', 'ODbL-1.0', 'OFL-1.1', 'OpenSSL', 'OSL-3.0', 'PHP-3.01', 'PostgreSQL', 'PSF-2.0',
  'Python-2.0', 'Ruby', 'SSPL-1.0', 'Unicode-3.0', 'Unicode-DFS-2016', 'Unlicense', 'UPL-1.0', 'Vim', 'W3C',
  'WTFPL', 'X11', 'Zlib', 'ZPL-2.1',
];

/** Exceptions berth knows after `WITH` (again a selection; `AdditionRef-<name>` for others). */
const EXCEPTIONS = [
  'Autoconf-exception-3.0', 'Bison-exception-2.2', 'Classpath-exception-2.0', 'Font-exception-2.0',
  'GCC-exception-3.1', 'GPL-3.0-linking-exception', 'LLVM-exception', 'Linux-syscall-note',
  'OpenJDK-assembly-exception-1.0', 'Qt-GPL-exception-1.0', 'Qt-LGPL-exception-1.1', 'Universal-FOSS-exception-1.0',
  'WxWindows-exception-3.1', 'u-boot-exception-2.0',
];

const KNOWN_LICENSES = new Map(LICENSES.map((l) => [l.toLowerCase(), l]));
const KNOWN_EXCEPTIONS = new Map(EXCEPTIONS.map((l) => [l.toLowerCase(), l]));
const ID = /^[A-Za-z0-9.-]+$/;

type Verdict = { ok: true } | { ok: false; unknown?: string };

/**
 * Checks an SPDX license expression: ids (`MIT`, `GPL-2.0-or-later`, `Apache-2.0+`), `LicenseRef-…` and
 * `DocumentRef-…:LicenseRef-…`, joined with AND / OR, `WITH <exception>`, and parentheses. Operators are all upper
 * or all lower case; ids match regardless of case.
 */
function checkExpression(value: string): Verdict {
  const tokens = value.match(/\(|\)|[^\s()]+/g) ?? [];
  let pos = 0;
  let unknown: string | undefined;
  const peek = (): string | undefined => tokens[pos];
  const op = (t: string | undefined, name: string): boolean => t === name || t === name.toLowerCase();

  const simple = (): boolean => {
    const t = peek();
    if (t === undefined || t === '(' || t === ')' || op(t, 'AND') || op(t, 'OR') || op(t, 'WITH')) return false;
    pos++;
    if (/^(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/.test(t)) return true;
    const id = t.endsWith('+') ? t.slice(0, -1) : t;
    if (!ID.test(id)) return false;
    if (!KNOWN_LICENSES.has(id.toLowerCase())) unknown ??= id;
    return true;
  };
  const withExpr = (): boolean => {
    if (peek() === '(') {
      pos++;
      if (!orExpr() || peek() !== ')') return false;
      pos++;
    } else if (!simple()) return false;
    if (op(peek(), 'WITH')) {
      pos++;
      const e = peek();
      if (e === undefined || !(/^(DocumentRef-[A-Za-z0-9.-]+:)?AdditionRef-[A-Za-z0-9.-]+$/.test(e) || ID.test(e))) return false;
      pos++;
      if (!/AdditionRef-/.test(e) && !KNOWN_EXCEPTIONS.has(e.toLowerCase())) unknown ??= e;
    }
    return true;
  };
  const andExpr = (): boolean => {
    if (!withExpr()) return false;
    while (op(peek(), 'AND')) {
      pos++;
      if (!withExpr()) return false;
    }
    return true;
  };
  const orExpr = (): boolean => {
    if (!andExpr()) return false;
    while (op(peek(), 'OR')) {
      pos++;
      if (!andExpr()) return false;
    }
    return true;
  };

  if (tokens.length === 0 || !orExpr() || pos !== tokens.length) return { ok: false };
  return unknown === undefined ? { ok: true } : { ok: false, unknown };
}

export default defineRule({
  id: 'label-not-spdx',
  aliases: ['DL3054'],
  category: 'maintainability',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  messages: {
    invalid: 'Label `{key}` should be an SPDX license expression such as `MIT` or `Apache-2.0 OR MIT`, but is `{value}`',
    unknown: 'Label `{key}` names `{id}`, which is not a license id berth knows: use an SPDX id, or `LicenseRef-{id}` for a custom license',
  },
  docs: {
    summary: 'A label typed `spdx` in the `labelSchema` setting whose value is not an SPDX license expression.',
    why:
      'License labels such as `org.opencontainers.image.licenses` are read by compliance scanners that decide ' +
      'whether an image may be shipped. They understand SPDX ids (`Apache-2.0`, `GPL-2.0-only`) and expressions ' +
      '(`MIT OR Apache-2.0`); free text like `Apache 2` or `BSD` is ambiguous and ends up as "unknown license" for ' +
      'someone to sort out by hand. The rule checks the labels that `labelSchema` types as `spdx`.',
    bad: [
      {
        code: df`
          FROM alpine:3.20
          LABEL org.opencontainers.image.licenses="Apache 2"
        `,
        note: 'With `labelSchema: { org.opencontainers.image.licenses: spdx }`.',
      },
      {
        code: df`
          FROM alpine:3.20
          LABEL org.opencontainers.image.licenses="Acme-Commercial"
        `,
        note: 'Not a license id berth knows; `LicenseRef-Acme-Commercial` would be accepted.',
      },
    ],
    good: [
      df`
        FROM alpine:3.20
        LABEL org.opencontainers.image.licenses="Apache-2.0"
      `,
      df`
        FROM alpine:3.20
        LABEL org.opencontainers.image.licenses="MIT OR Apache-2.0"
      `,
      df`
        FROM alpine:3.20
        LABEL org.opencontainers.image.licenses="(GPL-2.0-only WITH Classpath-exception-2.0) AND LicenseRef-Acme"
      `,
      df`
        FROM alpine:3.20
        ARG LICENSE
        LABEL org.opencontainers.image.licenses=$LICENSE
      `,
    ],
    differences: {
      hadolint:
        'hadolint accepts a single license id only: berth accepts SPDX license expressions (`MIT OR Apache-2.0`, ' +
        '`AND`, `WITH <exception>`, parentheses, a trailing `+`) and `LicenseRef-…` for custom licenses. berth ' +
        'knows a selection of common ids rather than the whole SPDX list: 0BSD, AFL, AGPL, Apache, APSL, Artistic, ' +
        'Beerware, BlueOak, the BSD variants, BSL-1.0, BUSL-1.1, bzip2, Creative Commons (CC0, BY, BY-SA, BY-NC, ' +
        'BY-NC-SA, BY-ND), CDDL, CeCILL-2.1, CPL, curl, ECL, EFL, Elastic-2.0, EPL, EUPL, FTL, GFDL, GPL, HPND, ' +
        'ICU, IJG, ISC, LGPL, libpng, LPPL-1.3c, MIT, MIT-0, MPL, MS-PL, MS-RL, MulanPSL-2.0, NCSA, ODbL, OFL, ' +
        'OpenSSL, OSL-3.0, PHP-3.01, PostgreSQL, PSF-2.0, Python-2.0, Ruby, SSPL-1.0, Unicode, Unlicense, UPL-1.0, ' +
        'Vim, W3C, WTFPL, X11, Zlib and ZPL-2.1 (see the rule source for the exact versions), and the common ' +
        'exceptions (Classpath, LLVM, GCC, Autoconf, Bison, Font, OpenJDK assembly, Qt, Universal FOSS, WxWindows, ' +
        'u-boot, Linux syscall note). A rarer id is reported as unknown; write it as `LicenseRef-…` or turn the ' +
        'rule off. Values that depend on a variable berth cannot know are skipped; an empty value is reported by ' +
        '`empty-label` only.',
    },
    exampleSettings: { labelSchema: { 'org.opencontainers.image.licenses': 'spdx' } },
    references: ['https://spdx.github.io/spdx-spec/v2.3/SPDX-license-expressions/', 'https://spdx.org/licenses/'],
  },
  create(ctx) {
    return typedLabels(ctx, 'spdx', (e) => {
      const v = checkExpression(e.value);
      if (v.ok) return;
      if (v.unknown !== undefined) ctx.report({ at: e.valueRange, message: 'unknown', data: { key: e.key, value: e.value, id: v.unknown } });
      else ctx.report({ at: e.valueRange, message: 'invalid', data: { key: e.key, value: e.value } });
    });
  },
});
