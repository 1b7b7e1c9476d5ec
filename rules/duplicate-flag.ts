import type { TextRange } from '../grammar/index.js';
import { defineRule, df, type Report } from './define.js';
import { checkedFlags } from './utils/flags.js';

export default defineRule({
  id: 'duplicate-flag',
  aliases: [],
  category: 'correctness',
  severity: 'error',
  status: 'stable',
  since: '0.3.0',
  fixable: 'sometimes',
  onbuild: true,
  messages: {
    duplicate: '`--{flag}` is given again; {instruction} takes it only once',
  },
  docs: {
    summary: 'A flag that may appear once is given twice on the same instruction.',
    why:
      'Most flags hold one value: one owner for `--chown`, one base stage for `--from`, one interval for ' +
      'HEALTHCHECK. Rather than guess which one you meant, Docker stops the build with "duplicate flag specified". ' +
      'Only list flags repeat: `RUN --mount` (one per mount), `RUN --device` and `COPY --exclude` (one per pattern).',
    bad: [
      {
        code: df`
          FROM alpine:3.20
          COPY --chown=app:app --link --chown=app:app . /app/
        `,
        fixed: df`
          FROM alpine:3.20
          COPY --chown=app:app --link . /app/
        `,
        note: 'The same flag with the same value twice: the second can go.',
      },
      {
        code: df`
          FROM alpine:3.20
          HEALTHCHECK --interval=30s --timeout=5s --interval=1m CMD wget -qO- http://localhost/ || exit 1
        `,
        note: 'Different values: berth cannot tell which one you meant.',
      },
    ],
    good: [
      df`
        FROM alpine:3.20
        RUN --mount=type=cache,target=/var/cache/apk --mount=type=tmpfs,target=/tmp apk add curl
        COPY --exclude=*.md --exclude=tests/ . /app/
      `,
    ],
    fixSafety: 'Safe: only an exact repeat of an earlier flag (same name, same value) is removed.',
    differences: {
      buildkit:
        'BuildKit stops at the first repeated flag; berth reports every repeat, each pointing at the first one.',
    },
    references: ['https://docs.docker.com/reference/dockerfile/'],
  },
  create(ctx) {
    return {
      Instruction(instr) {
        const first = new Map<string, { word: string; range: TextRange }>();
        for (const { flag, facts } of checkedFlags(instr)) {
          if (!facts || facts.repeatable) continue;
          const earlier = first.get(flag.name);
          if (!earlier) {
            first.set(flag.name, { word: flag.word, range: flag.range });
            continue;
          }
          const report: Report = {
            at: flag.range,
            message: 'duplicate',
            data: { flag: flag.name, instruction: instr.name },
            related: [{ range: earlier.range, message: 'first given here' }],
          };
          if (earlier.word === flag.word) {
            const edit = ctx.remove(removal(ctx.text, flag.range, ctx.file.escape));
            report.fix = { title: `Remove the repeated --${flag.name}`, applicability: 'safe', edits: [edit] };
          }
          ctx.report(report);
        }
      },
    };
  },
});

/**
 * What to delete to drop a flag: the flag and the blanks before it; when the flag starts its line, the flag and
 * the blanks after it instead, and the whole line when nothing but a continuation follows.
 */
function removal(text: string, range: TextRange, escape: string): TextRange {
  let s = range.start;
  while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
  if (s > 0 && text[s - 1] !== '\n') return { start: s, end: range.end };
  let e = range.end;
  while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
  if (text[e] === escape) {
    const nl = text[e + 1] === '\r' ? e + 2 : e + 1;
    if (text[nl] === '\n') return { start: s, end: nl + 1 };
  }
  return { start: s, end: e };
}
