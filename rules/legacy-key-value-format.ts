import type { KeyValueInstruction } from '../grammar/index.js';
import type { Fix, RuleContext } from './define.js';
import { defineRule, df } from './define.js';

/**
 * A blank for BuildKit's `key=value` word splitter, Go's `unicode.IsSpace`: JavaScript's `\s` and NEL (`\s` also
 * takes U+FEFF, which Go does not: that only makes the fix more careful).
 */
const BLANK = /[\s\u0085]/;

/**
 * True when `value` is one word for BuildKit's ENV/LABEL splitter: no blank outside quotes or after the escape
 * character. Such a value means the same after `key=` as after `key `.
 */
function oneWord(value: string, escape: string): boolean {
  let quote = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charAt(i);
    if (c === escape && quote !== "'") {
      i++;
      continue;
    }
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (BLANK.test(c)) return false;
  }
  return quote === '';
}

function fixFor(ctx: RuleContext, instr: KeyValueInstruction): Fix | undefined {
  const pair = instr.pairs[0];
  if (!pair?.legacy) return undefined;
  const escape = ctx.file.escape;
  // The legacy key ends at an ASCII blank only: a key holding another blank (`a\u00a0`) would be split in two words
  // after the rewrite.
  if (/["'=]/.test(pair.key) || pair.key.includes(escape) || BLANK.test(pair.key)) return undefined;
  const gap = { start: pair.keyRange.end, end: pair.valueRange.start };
  // Comment lines skipped inside the gap would be lost with it.
  const safe = !ctx.slice(gap).includes('#');
  const applicability = safe ? ('safe' as const) : ('unsafe' as const);
  if (oneWord(pair.value, escape)) {
    return { title: `Write \`${pair.key}=…\``, applicability, edits: [ctx.replace(gap, '=')] };
  }
  // Blanks in the value: double quotes keep it one word. Inside them `$` still expands and blanks stay as they
  // are; only a value without quotes or escape characters reads the same quoted. Changing the quoting is offered
  // as unsafe all the same: it is a rewrite of the value, not only of the separator.
  if (/["']/.test(pair.value) || pair.value.includes(escape)) return undefined;
  return {
    title: `Write \`${pair.key}="…"\``,
    applicability: 'unsafe',
    edits: [ctx.replace(gap, '="'), ctx.insertAfter(pair.valueRange, '"')],
  };
}

export default defineRule({
  id: 'legacy-key-value-format',
  aliases: ['LegacyKeyValueFormat'],
  category: 'maintainability',
  severity: 'warning',
  status: 'stable',
  since: '0.3.0',
  fixable: 'sometimes',
  onbuild: true,
  messages: {
    legacy: '`{keyword} {key} …` uses the legacy space-separated form: write `{keyword} {key}=…`',
  },
  docs: {
    summary: 'ENV or LABEL written as `key value` instead of `key=value`.',
    why:
      'The old `ENV key value` form sets one variable to the whole rest of the line, spaces included, so ' +
      '`ENV PATH /app/bin PYTHONUNBUFFERED=1` sets PATH to everything after it rather than setting two variables. ' +
      'The `key=value` form reads the same everywhere, can set several variables at once, and is the only form ARG ' +
      'knows. Docker has deprecated the legacy form and BuildKit warns about it.',
    bad: [
      {
        code: df`
          FROM alpine:3.20
          ENV APP_HOME /srv/app
        `,
        fixed: df`
          FROM alpine:3.20
          ENV APP_HOME=/srv/app
        `,
      },
      {
        code: df`
          FROM alpine:3.20
          LABEL description A small image
        `,
        fixed: df`
          FROM alpine:3.20
          LABEL description="A small image"
        `,
        note: 'The legacy value runs to the end of the line, spaces and all: the fix quotes it.',
      },
      {
        code: df`
          FROM alpine:3.20
          ENV DEPS \
              curl \
              git
        `,
        fixed: df`
          FROM alpine:3.20
          ENV DEPS="curl \
              git"
        `,
        note: 'The value keeps the blanks of its continuation lines, exactly as before.',
      },
      {
        code: df`
          FROM alpine:3.20
          ENV GREETING "hello" world
        `,
        note: 'Quotes and blanks together: no mechanical rewrite keeps the value, so there is no fix.',
      },
    ],
    good: [
      df`
        FROM alpine:3.20
        ENV APP_HOME=/srv/app PYTHONUNBUFFERED=1
        LABEL description="A small image"
        ARG VERSION
      `,
    ],
    fixSafety:
      'Safe when the value is one word: only the blank between key and value becomes `=`. A value with blanks has ' +
      'to be quoted; that fix is unsafe (applied on request), although it only quotes values without quotes or ' +
      'escape characters, which read the same inside double quotes. Values with quotes and blanks together get no ' +
      'fix. When a comment line sits between the key and its value inside a continuation, the fix removes it and ' +
      'is unsafe too.',
    references: ['https://docs.docker.com/go/dockerfile/rule/legacy-key-value-format/', 'https://docs.docker.com/reference/dockerfile/#env'],
  },
  create(ctx) {
    const check = (instr: KeyValueInstruction): void => {
      const pair = instr.pairs[0];
      if (!instr.legacy || !pair?.legacy) return;
      const fix = fixFor(ctx, instr);
      ctx.report({ at: pair.keyRange, message: 'legacy', data: { keyword: instr.name, key: pair.key }, ...(fix ? { fix } : {}) });
    };
    return { Env: check, Label: check };
  },
});
