import { defineRule, df } from './define.js';

export default defineRule({
  id: 'from-as-casing',
  aliases: ['FromAsCasing'],
  category: 'style',
  severity: 'style',
  status: 'stable',
  since: '0.1.0',
  fixable: 'always',
  messages: {
    casing: '`{as}` does not match the case of `{from}`: write `{want}`',
  },
  docs: {
    summary: 'The AS of `FROM image AS name` is not in the same case as FROM.',
    why:
      'Keywords are case-insensitive, but a file reads best when they look alike. `FROM image as build` mixes an ' +
      'upper-case keyword with a lower-case one on the same line. BuildKit warns about it too.',
    bad: [
      {
        code: df`
          FROM debian:bookworm as build
        `,
        fixed: df`
          FROM debian:bookworm AS build
        `,
      },
    ],
    good: [df`
      FROM debian:bookworm AS build
    `, df`
      from debian:bookworm as build
    `],
    fixSafety: 'Safe: only the case of AS changes.',
    differences: {
      notes:
        'Like BuildKit, a FROM written in mixed case (`From`) is left to a casing rule for keywords and not checked ' +
        'here.',
    },
    references: ['https://docs.docker.com/go/dockerfile/rule/from-as-casing/'],
  },
  create(ctx) {
    return {
      From(instr) {
        const as = instr.asKeyword;
        if (!as) return;
        const from = instr.keywordText;
        const asText = ctx.file.valueOf(as);
        const upper = from === from.toUpperCase();
        const lower = from === from.toLowerCase();
        if (!upper && !lower) return;
        const want = upper ? 'AS' : 'as';
        if (asText === want) return;
        ctx.report({ at: as, message: 'casing', data: { as: asText, from, want }, fix: { title: `Write \`${want}\``, applicability: 'safe', edits: [ctx.replace(as, want)] } });
      },
    };
  },
});
