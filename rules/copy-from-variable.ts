import { expandWord, type TextRange } from '../grammar/index.js';
import { defineRule, df } from './define.js';
import { checkedFlags, parseCsv, valueText } from './utils/flags.js';

export default defineRule({
  id: 'copy-from-variable',
  aliases: [],
  category: 'correctness',
  severity: 'error',
  status: 'stable',
  since: '0.3.0',
  fixable: 'never',
  onbuild: true,
  messages: {
    copy: '`--from={value}` uses a variable, but Docker does not expand variables in `COPY --from`',
    mount: '`from={value}` uses a variable, but Docker does not expand variables in a mount\'s `from`',
  },
  docs: {
    summary: '`COPY --from=$VAR` or `RUN --mount=from=$VAR`: a variable where Docker takes the text as written.',
    why:
      'Docker substitutes variables in most instruction arguments, but not in the stage or image that `COPY --from` ' +
      'and a `--mount` `from=` name: it decides which stages a build needs before any variable has a value. The ' +
      'build fails ("variable expansion is not supported for --from"). To choose the source with a build argument, ' +
      'declare it before the first FROM, start a stage from it (`ARG IMAGE=…` then `FROM ${IMAGE} AS src`), and ' +
      'copy `--from=src`.',
    bad: [
      {
        code: df`
          ARG BUILDER=golang:1.23
          FROM alpine:3.20
          ARG BUILDER
          COPY --from=$BUILDER /usr/local/go/bin/go /usr/local/bin/go
        `,
      },
      {
        code: df`
          ARG TOOLS=tools
          FROM alpine:3.20
          ARG TOOLS
          RUN --mount=from=\${TOOLS},target=/tools /tools/check
        `,
      },
    ],
    good: [
      df`
        ARG BUILDER=golang:1.23
        FROM \${BUILDER} AS builder
        FROM alpine:3.20
        COPY --from=builder /usr/local/go/bin/go /usr/local/bin/go
      `,
      df`
        FROM alpine:3.20
        RUN --mount=type=cache,target=/cache,id=cache-$TARGETARCH ls /cache
      `,
    ],
    whenNotToUse: 'Never: the builder rejects these.',
    references: [
      'https://docs.docker.com/reference/dockerfile/#copy---from',
      'https://docs.docker.com/build/building/variables/',
    ],
  },
  create(ctx) {
    const escape = ctx.file.escape.charCodeAt(0);
    return {
      Instruction(instr) {
        if (instr.kind !== 'Copy' && instr.kind !== 'Run') return;
        for (const { flag, facts } of checkedFlags(instr)) {
          if (!facts) continue;
          const v = valueText(ctx.file, flag);
          if (!v || !v.text.includes('$')) continue;
          if (facts.format === 'stage-or-image') {
            // BuildKit expands the value with no variables set and fails when that changes it.
            const r = expandWord(v.text, 0, v.text.length, { escape, env: () => null });
            if (r.refs.length > 0 && r.value !== v.text) ctx.report({ at: v.whole, message: 'copy', data: { value: v.text } });
          } else if (facts.format === 'mount') {
            const csv = parseCsv(v.text);
            if ('error' in csv) continue;
            for (const f of csv.fields) {
              const eq = f.text.indexOf('=');
              if (eq < 0 || f.text.slice(0, eq).toLowerCase() !== 'from') continue;
              const value = f.text.slice(eq + 1);
              // BuildKit rejects a `$` anywhere but at the very end.
              const dollar = value.indexOf('$');
              if (dollar < 0 || dollar === value.length - 1) continue;
              const at: TextRange = f.quoted ? v.range(f.start, f.end) : v.range(f.start + eq + 1, f.end);
              ctx.report({ at, message: 'mount', data: { value } });
            }
          }
        }
      },
    };
  },
});
