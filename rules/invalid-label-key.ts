import { defineRule, df } from './define.js';
import { labelEntries } from './utils/labels.js';

const RESERVED = ['com.docker.', 'io.docker.', 'org.dockerproject.'];

/** Why a label key breaks the naming convention (as message id and data), or undefined when it follows it. */
function problem(key: string): { id: 'start' | 'end' | 'char' | 'reserved' | 'doubled'; data: Record<string, string> } | undefined {
  if (!/^[a-z]/.test(key)) return { id: 'start', data: {} };
  if (!/[a-z0-9]$/.test(key)) return { id: 'end', data: {} };
  const bad = /[^a-z0-9._/-]/.exec(key);
  if (bad) return { id: 'char', data: { char: bad[0] } };
  const ns = RESERVED.find((r) => key.startsWith(r));
  if (ns) return { id: 'reserved', data: { ns } };
  const doubled = /\.\.|--/.exec(key);
  if (doubled) return { id: 'doubled', data: { sep: doubled[0] } };
  return undefined;
}

export default defineRule({
  id: 'invalid-label-key',
  aliases: ['DL3048'],
  category: 'style',
  severity: 'style',
  status: 'stable',
  since: '0.2.0',
  fixable: 'sometimes',
  messages: {
    start: 'Label key `{key}` should start with a lower-case letter',
    end: 'Label key `{key}` should end with a lower-case letter or a digit',
    char: 'Label key `{key}` contains `{char}`: use lower-case letters, digits, `.`, `-`, `_` and `/`',
    reserved: 'Label key `{key}` uses the namespace `{ns}`, which Docker reserves for itself',
    doubled: 'Label key `{key}` has `{sep}`: separators should not be doubled',
  },
  docs: {
    summary: 'A LABEL key that breaks Docker\'s naming convention for labels.',
    why:
      'Labels are read by tools (registries, scanners, `docker inspect --format`, orchestrators), which match ' +
      'keys exactly: `Version` and `version` are two different labels. Docker\'s convention is lower-case keys in ' +
      'reverse-DNS form (`org.opencontainers.image.version`), starting with a letter, without doubled separators, ' +
      'and with the `com.docker.*`, `io.docker.*` and `org.dockerproject.*` namespaces left to Docker. Keys that ' +
      'follow it are found by the tools that look for them and do not clash with anyone else\'s.',
    bad: [
      {
        code: df`
          FROM alpine:3.20
          LABEL Maintainer="ops@example.com"
        `,
        fixed: df`
          FROM alpine:3.20
          LABEL maintainer="ops@example.com"
        `,
      },
      {
        code: df`
          FROM alpine:3.20
          LABEL com.docker.compose.project=shop
        `,
      },
      {
        code: df`
          FROM alpine:3.20
          LABEL org.example..team=payments
        `,
      },
    ],
    good: [
      df`
        FROM alpine:3.20
        LABEL org.opencontainers.image.title="shop" \
              org.opencontainers.image.version="1.4.2"
      `,
      df`
        FROM alpine:3.20
        LABEL maintainer=ops@example.com vendor_id=42
      `,
      df`
        FROM alpine:3.20
        ARG KEY
        LABEL \${KEY}=yes
      `,
    ],
    fixSafety:
      'Unsafe: it lower-cases a key whose only problem is upper case. The label gets a new name, and whatever reads ' +
      'the old name (a script, a `docker ps --filter label=…`) must follow.',
    differences: {
      hadolint:
        'Keys written with variables are expanded first; a key that depends on a build argument without default is ' +
        'not checked.',
      notes: 'Like hadolint, berth accepts `_` and `/` in keys besides Docker\'s `.` and `-`.',
    },
    references: ['https://docs.docker.com/engine/manage-resources/labels/', 'https://github.com/opencontainers/image-spec/blob/main/annotations.md'],
  },
  create(ctx) {
    return {
      Label(instr, info) {
        if (info.onbuild) return;
        for (const e of labelEntries(ctx, instr)) {
          if (e.key === undefined || e.key === '') continue;
          const p = problem(e.key);
          if (!p) continue;
          const data = { key: e.key, ...p.data };
          const lower = e.key.toLowerCase();
          // Lower-casing alone makes the key valid, and it is written plainly (or in plain quotes): offer that.
          const source = ctx.slice(e.keyRange);
          const plain = e.plainKey || source === `"${e.key}"` || source === `'${e.key}'`;
          const fix =
            plain && lower !== e.key && problem(lower) === undefined
              ? { title: `Write \`${lower}\``, applicability: 'unsafe' as const, edits: [ctx.replace(e.keyRange, source.toLowerCase())] }
              : undefined;
          if (p.id === 'start') ctx.report({ at: e.keyRange, message: 'start', data, ...(fix ? { fix } : {}) });
          else if (p.id === 'end') ctx.report({ at: e.keyRange, message: 'end', data, ...(fix ? { fix } : {}) });
          else if (p.id === 'char') ctx.report({ at: e.keyRange, message: 'char', data, ...(fix ? { fix } : {}) });
          else if (p.id === 'reserved') ctx.report({ at: e.keyRange, message: 'reserved', data });
          else ctx.report({ at: e.keyRange, message: 'doubled', data });
        }
      },
    };
  },
});
