import { CopyInstruction, RunInstruction, type Flag, type FlagFacts, type Instruction, type TextRange } from '../grammar/index.js';
import { defineRule, df, type RuleContext } from './define.js';
import { checkedFlags, chmodProblem, chownProblem, parseCsv, patternProblem } from './utils/flags.js';

export default defineRule({
  id: 'flag-missing-value',
  aliases: [],
  category: 'correctness',
  severity: 'error',
  status: 'stable',
  since: '0.3.0',
  fixable: 'sometimes',
  onbuild: true,
  messages: {
    missing: '`--{flag}` needs a value: write `--{flag}=<value>`',
    spaced: '`--{flag}` needs `=` before its value: write `--{flag}={value}`',
    emptyBool: '`--{flag}=` has no value: write `--{flag}`, `--{flag}=true` or `--{flag}=false`',
  },
  docs: {
    summary: 'A flag that needs a value is written without `=value`, or a yes/no flag is written with an empty `=`.',
    why:
      'Dockerfile flags are single words: `--from=build`, never `--from build`. With a space, Docker sees a ' +
      '`--from` without value (and the build fails with "missing a value on flag") and would take `build` as the ' +
      'first source path. Yes/no flags such as `--link` may stand alone or say `=true` / `=false`, but an empty ' +
      '`--link=` is rejected too.',
    bad: [
      {
        code: df`
          FROM golang:1.23 AS build
          FROM alpine:3.20
          COPY --from build /out/app /usr/local/bin/app
        `,
        fixed: df`
          FROM golang:1.23 AS build
          FROM alpine:3.20
          COPY --from=build /out/app /usr/local/bin/app
        `,
      },
      {
        code: df`
          FROM alpine:3.20
          RUN --mount type=cache,target=/var/cache/apk apk add curl
        `,
        fixed: df`
          FROM alpine:3.20
          RUN --mount=type=cache,target=/var/cache/apk apk add curl
        `,
      },
      {
        code: df`
          FROM alpine:3.20
          COPY --chown . /app/
        `,
        note: 'No value at all: berth cannot guess the owner.',
      },
      {
        code: df`
          FROM alpine:3.20
          COPY --link= . /app/
        `,
      },
    ],
    good: [
      df`
        FROM golang:1.23 AS build
        FROM alpine:3.20
        COPY --from=build --link /out/app /usr/local/bin/app
        COPY --chown= --link=false config/ /etc/app/
        RUN --network=none true
      `,
    ],
    fixSafety:
      'Unsafe: the word after the flag becomes its value (`--from build` → `--from=build`). berth offers it only ' +
      'when that word is a valid value and the instruction keeps enough arguments, but it cannot know your intent.',
    differences: {
      notes:
        'An empty value after `=` (`--chown=`) is accepted by BuildKit for flags that take a value, and so by ' +
        'berth.',
    },
    references: ['https://docs.docker.com/reference/dockerfile/'],
  },
  create(ctx) {
    return {
      Instruction(instr) {
        for (const { flag, facts } of checkedFlags(instr)) {
          if (!facts) continue;
          const data = { flag: flag.name };
          if (!facts.takesValue) {
            if (flag.hasEquals && flag.value === '') ctx.report({ at: flag.nameRange, message: 'emptyBool', data });
            continue;
          }
          if (flag.hasEquals) continue;
          const next = nextWord(ctx, instr, flag, facts);
          if (next) {
            ctx.report({
              at: flag.nameRange,
              message: 'spaced',
              data: { ...data, value: next.word },
              fix: { title: `Write --${flag.name}=${next.word}`, applicability: 'unsafe', edits: [ctx.replace(next.gap, '=')] },
            });
          } else {
            ctx.report({ at: flag.nameRange, message: 'missing', data });
          }
        }
      },
    };
  },
});

/**
 * The word right after a valueless flag, on the same line, when it is surely the flag's value: it is valid for
 * the flag, it is not another flag, and the instruction keeps the arguments it needs without it.
 */
function nextWord(ctx: RuleContext, instr: Instruction, flag: Flag, facts: FlagFacts): { word: string; gap: TextRange } | undefined {
  const text = ctx.text;
  let i = flag.range.end;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (i === flag.range.end) return undefined;
  let e = i;
  while (e < text.length && !/[\s"'\\`$]/.test(text[e] as string)) e++;
  if (e === i || (e < text.length && !/\s/.test(text[e] as string))) return undefined;
  const word = text.slice(i, e);
  if (word.startsWith('-')) return undefined;
  const gap = { start: flag.range.end, end: i };
  // This must be the last flag: the word is where the arguments start.
  if (instr.flags[instr.flags.length - 1] !== flag) return undefined;
  if (instr instanceof CopyInstruction) {
    if (instr.form !== 'shell' || instr.args.length < 3) return undefined;
    const ok =
      facts.format === 'stage-or-image' ? /^[a-z0-9][\w.:/@-]*$/i.test(word)
      : facts.format === 'chown' ? chownProblem(word) === undefined && /^\w[\w.-]*(:[\w.-]+)?$/.test(word)
      : facts.format === 'chmod' ? chmodProblem(word) === undefined
      : facts.format === 'pattern' ? patternProblem(word) === undefined && !word.startsWith('/')
      : false;
    return ok ? { word, gap } : undefined;
  }
  if (instr instanceof RunInstruction) {
    const ok =
      facts.values ? facts.values.includes(word)
      : facts.format === 'mount' ? isMountLike(word)
      : false;
    return ok ? { word, gap } : undefined;
  }
  return undefined;
}

/** `type=cache,target=/x`: comma-separated options with a `type=` or `target=`. */
function isMountLike(word: string): boolean {
  const csv = parseCsv(word);
  return !('error' in csv) && csv.fields.some((f) => /^(type|target|dst|destination)=/i.test(f.text));
}
