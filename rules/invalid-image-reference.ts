import { parseImageRef } from '../grammar/index.js';
import { defineRule, df } from './define.js';

export default defineRule({
  id: 'invalid-image-reference',
  aliases: [],
  category: 'correctness',
  severity: 'error',
  status: 'stable',
  since: '0.3.0',
  fixable: 'never',
  messages: {
    invalid: '`{image}` is not an image reference Docker accepts: {reason}',
  },
  docs: {
    summary: 'FROM names an image in a form Docker cannot parse (`busybox:`, `Ubuntu`, `my image`).',
    why:
      'An image reference is `[registry/]repository[:tag][@digest]`: the repository in lower case, a tag of letters, ' +
      'digits, `_`, `.` and `-`. BuildKit must parse it before it can pull anything, and stops the build when it ' +
      'cannot. The usual causes are a variable that ended up empty in the tag, capital letters in the name, or a ' +
      'stray character.',
    bad: [
      {
        code: df`
          FROM busybox:
        `,
      },
      {
        code: df`
          FROM Ubuntu:24.04
        `,
      },
    ],
    good: [
      df`
        FROM busybox:1.36
      `,
      df`
        ARG TAG
        FROM busybox:\${TAG}
      `,
      df`
        FROM registry.example.com:5000/team/app:v1.2@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
      `,
    ],
    differences: {
      notes:
        'References built from ARG defaults are invalid-default-arg-in-from (BuildKit\'s InvalidDefaultArgInFrom); ' +
        'this rule judges references written out in full, which dockerfile-utils reports as ' +
        'INVALID_REFERENCE_FORMAT.',
    },
    references: ['https://docs.docker.com/reference/dockerfile/#from', 'https://pkg.go.dev/github.com/distribution/reference'],
  },
  create(ctx) {
    return {
      From(from, info) {
        const image = from.image;
        if (!image || image.value.includes('$')) return;
        const stage = info.stage?.from === from ? info.stage : undefined;
        if (!stage || stage.base.stage || stage.base.scratch) return;
        const ref = parseImageRef(image.value);
        if (!ref.error) return;
        ctx.report({ at: image.range, message: 'invalid', data: { image: image.value, reason: ref.error } });
      },
    };
  },
});
