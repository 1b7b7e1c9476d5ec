import { BUILTIN_ARGS, expandWord, parseImageRef } from '../grammar/index.js';
import { defineRule, df } from './define.js';

export default defineRule({
  id: 'invalid-default-arg-in-from',
  aliases: ['InvalidDefaultArgInFrom'],
  category: 'correctness',
  severity: 'warning',
  status: 'stable',
  since: '0.3.0',
  fixable: 'never',
  messages: {
    empty: 'Without `--build-arg`, `{raw}` expands to an empty image name: give the ARG a default',
    invalid: 'Without `--build-arg`, `{raw}` expands to `{value}`, which is not a valid image reference: {reason}',
  },
  docs: {
    summary: 'A FROM image that, with the ARG defaults alone, is empty or not a valid image reference.',
    why:
      'A build should work with a plain `docker build`. When FROM takes its image from build arguments, the ' +
      'defaults of those ARGs must add up to a real image: `ARG TAG` without a default leaves ' +
      '`FROM busybox:${TAG}` as `busybox:`, and the build fails unless every caller remembers `--build-arg TAG=…`. ' +
      'BuildKit reports this as well.',
    bad: [
      {
        code: df`
          ARG TAG
          FROM busybox:\${TAG}
        `,
      },
      {
        code: df`
          ARG IMAGE
          FROM $IMAGE
        `,
      },
    ],
    good: [
      df`
        ARG TAG=1.36
        FROM busybox:\${TAG}
      `,
      df`
        ARG VARIANT
        FROM busybox:stable\${VARIANT}
      `,
      df`
        ARG TAG
        FROM alpine:\${TAG:-3.20}
      `,
    ],
    differences: {
      buildkit:
        'A FROM that uses a predefined platform argument (TARGETARCH…) is not checked: its value depends on the ' +
        'machine and the target. A FROM without any variable is not reported here — if its image is invalid, the ' +
        'build fails whatever the arguments (invalid-image-reference reports it).',
      notes: 'Like BuildKit, only the ARG defaults are used (no `--build-arg`).',
    },
    references: ['https://docs.docker.com/go/dockerfile/rule/invalid-default-arg-in-from/', 'https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact'],
  },
  create(ctx) {
    return {
      'File:exit'() {
        const escape = ctx.file.escape.charCodeAt(0);
        const builtins = new Set<string>(BUILTIN_ARGS);
        // The global ARGs as BuildKit computes them without build arguments: a default, expanded with the ARGs
        // before it; an ARG without default stays unset. Undefined: depends on a platform argument.
        const values = new Map<string, string | undefined>();
        const lookup = (name: string): string | null | undefined => {
          if (values.has(name)) return values.get(name);
          return builtins.has(name) ? undefined : null;
        };
        for (const d of ctx.model.globalArgs) {
          if (d.raw === undefined) continue;
          const r = expandWord(d.raw, 0, d.raw.length, { escape, env: lookup, budget: ctx.model.expansionBudget });
          if (r.errors.length > 0) return; // BuildKit gives up on the check.
          values.set(d.name, r.value);
        }
        for (const stage of ctx.model.stages) {
          const image = stage.from.image;
          if (!image) continue;
          const r = expandWord(image.value, 0, image.value.length, { escape, env: lookup, budget: ctx.model.expansionBudget });
          // An expansion error stops BuildKit's check for this and every later stage.
          if (r.errors.length > 0) return;
          if (!image.value.includes('$') || r.value === undefined) continue;
          if (r.value === '') {
            ctx.report({ at: image.range, message: 'empty', data: { raw: image.value } });
            continue;
          }
          const error = parseImageRef(r.value).error;
          if (error) ctx.report({ at: image.range, message: 'invalid', data: { raw: image.value, value: r.value, reason: error } });
        }
      },
    };
  },
});
