import { defineRule, df } from './define.js';
import { stripQuotes } from './utils/instructions.js';

export default defineRule({
  id: 'maintainer-deprecated',
  aliases: ['DL4000', 'MaintainerDeprecated'],
  category: 'maintainability',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'always',
  messages: {
    deprecated: 'MAINTAINER is deprecated: record the author with `LABEL org.opencontainers.image.authors=…`',
  },
  docs: {
    summary: 'The deprecated MAINTAINER instruction.',
    why:
      'MAINTAINER writes the image\'s `Author` field, which the OCI image format does not have and Docker has ' +
      'deprecated since 1.13. A label is where tools look for this information today: ' +
      '`org.opencontainers.image.authors` is the standard key, shown by registries and read by `docker inspect` ' +
      'next to the image\'s other labels.',
    bad: [
      {
        code: df`
          FROM alpine:3.20
          MAINTAINER Jane Doe <jane@example.com>
        `,
        fixed: df`
          FROM alpine:3.20
          LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
        `,
      },
    ],
    good: [
      df`
        FROM alpine:3.20
        LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
      `,
    ],
    fixSafety:
      'Unsafe: the image gets a label instead of the `Author` field, so anything reading that field (`docker ' +
      'inspect --format "{{.Author}}"`) finds it empty. Surrounding quotes are dropped; quotes, `$` and the escape ' +
      'character inside the value are escaped so the label holds the same text.',
    references: [
      'https://docs.docker.com/reference/dockerfile/#maintainer-deprecated',
      'https://github.com/opencontainers/image-spec/blob/main/annotations.md',
      'https://docs.docker.com/go/dockerfile/rule/maintainer-deprecated/',
    ],
  },
  create(ctx) {
    const esc = ctx.file.escape;
    return {
      Maintainer(maintainer) {
        const arg = maintainer.value;
        const keyword = maintainer.keyword;
        if (!arg) return; // a syntax error, reported by the parser
        const value = stripQuotes(arg.value).replace(/["$]|\\|`/g, (c) => (c === '"' || c === '$' || c === esc ? esc + c : c));
        const label = /^[a-z]/.test(ctx.slice(keyword)) ? 'label' : 'LABEL';
        ctx.report({
          at: keyword,
          message: 'deprecated',
          tags: ['deprecated'],
          fix: {
            title: 'Replace with an `org.opencontainers.image.authors` label',
            applicability: 'unsafe',
            edits: [ctx.replace({ start: keyword.start, end: arg.range.end }, `${label} org.opencontainers.image.authors="${value}"`)],
          },
        });
      },
    };
  },
});
