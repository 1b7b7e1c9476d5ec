import type { KeyValueInstruction } from '../grammar/index.js';
import type { Fix, RuleContext } from './define.js';
import { defineRule, df } from './define.js';
import { legacyKeyValueRewrite } from '../grammar/index.js';

function fixFor(ctx: RuleContext, instr: KeyValueInstruction): Fix | undefined {
  const rewrite = legacyKeyValueRewrite(ctx.file.text, instr);
  const key = instr.pairs[0]?.key ?? '';
  if (!rewrite) return undefined;
  // Changing the quoting is offered as unsafe all the same: it is a rewrite of the value, not only of the separator.
  return {
    title: rewrite.kind === 'equals' ? `Write \`${key}=…\`` : `Write \`${key}="…"\``,
    applicability: rewrite.safe ? 'safe' : 'unsafe',
    edits: rewrite.edits,
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
