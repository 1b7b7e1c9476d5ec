import type { TextRange } from '../grammar/index.js';
import { defineRule, df } from './define.js';

export default defineRule({
  id: 'curl-and-wget',
  aliases: ['DL4001'],
  category: 'image-size',
  severity: 'info',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  onbuild: true,
  messages: {
    both: 'This stage already downloads with `{first}`: use it here too instead of `{name}`',
  },
  docs: {
    summary: 'A stage downloads with both `curl` and `wget`.',
    why:
      'curl and wget do the same job in a Dockerfile: fetch a file over HTTP. Using both means both (and their ' +
      'libraries) have to be installed, which adds megabytes to the image and twice the packages to keep patched, ' +
      'and readers have to know two sets of options. Pick the one the base image already has and use it throughout ' +
      'the stage.',
    bad: [
      {
        code: df`
          FROM debian:bookworm
          RUN curl -fsSLo /tmp/a.tar.gz https://example.com/a.tar.gz
          RUN wget -q -O /tmp/b.tar.gz https://example.com/b.tar.gz
        `,
        note: 'Reported on the `wget`: the stage used curl first.',
      },
    ],
    good: [
      df`
        FROM debian:bookworm
        RUN curl -fsSLo /tmp/a.tar.gz https://example.com/a.tar.gz
        RUN curl -fsSLo /tmp/b.tar.gz https://example.com/b.tar.gz
      `,
      df`
        FROM alpine:3.20 AS fetch
        RUN wget -q -O /tmp/a.tar.gz https://example.com/a.tar.gz
        FROM debian:bookworm
        COPY --from=fetch /tmp/a.tar.gz /tmp/
        RUN curl -fsSLo /tmp/b.tar.gz https://example.com/b.tar.gz
      `,
    ],
    whenNotToUse: 'Stages that need a feature only one of the two tools has and cannot drop the other.',
    differences: {
      hadolint:
        'Only the uses of the tool a stage picked up second are reported (hadolint reports every later RUN that ' +
        'uses either tool, including the first one), each at the command itself.',
    },
    references: ['https://curl.se/docs/manpage.html', 'https://www.gnu.org/software/wget/manual/wget.html'],
  },
  create(ctx) {
    /** The tool each stage used first, and where (keyed by stage; ONBUILD triggers get their own key). */
    const first = new Map<string, { tool: string; at: TextRange }>();
    return {
      Run(run, info) {
        const stage = info.stage ?? ctx.model.stageAt(run.range.start);
        const key = `${info.onbuild ? 'onbuild' : 'stage'}:${stage?.index ?? -1}`;
        for (const cmd of ctx.shell(run).commands) {
          if (cmd.name !== 'curl' && cmd.name !== 'wget') continue;
          const seen = first.get(key);
          if (!seen) {
            first.set(key, { tool: cmd.name, at: cmd.nameRange });
            continue;
          }
          if (seen.tool === cmd.name) continue;
          ctx.report({
            at: cmd.nameRange,
            message: 'both',
            data: { first: seen.tool, name: cmd.name },
            related: [{ range: seen.at, message: `\`${seen.tool}\` is first used here` }],
          });
          break;
        }
      },
    };
  },
});
