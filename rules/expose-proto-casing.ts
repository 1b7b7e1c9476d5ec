import type { ExposeInstruction } from '../grammar/index.js';
import { defineRule, df } from './define.js';
import { exposedSpecs } from './utils/buildkit-checks.js';

export default defineRule({
  id: 'expose-proto-casing',
  aliases: ['ExposeProtoCasing'],
  category: 'style',
  severity: 'style',
  status: 'stable',
  since: '0.3.0',
  fixable: 'sometimes',
  onbuild: true,
  messages: {
    casing: 'The protocol `{proto}` of `{spec}` is not lower case: write `{lower}`',
  },
  docs: {
    summary: 'An EXPOSE protocol written in upper or mixed case, like `80/TCP`.',
    why:
      'EXPOSE takes `tcp`, `udp` or `sctp` after the port. Docker accepts any case and stores the protocol in lower ' +
      'case, so `8080/TCP` in the Dockerfile becomes `8080/tcp` in the image: writing it that way keeps the file ' +
      'and what `docker inspect` shows alike. BuildKit warns about it too.',
    bad: [
      {
        code: df`
          FROM nginx:1.27
          EXPOSE 80/TCP
        `,
        fixed: df`
          FROM nginx:1.27
          EXPOSE 80/tcp
        `,
      },
    ],
    good: [
      df`
        FROM nginx:1.27
        EXPOSE 80/tcp 53/udp 8080
      `,
    ],
    fixSafety: 'Safe: Docker lower-cases the protocol anyway; the image is the same.',
    differences: {
      notes:
        'Like BuildKit, a port with an unknown protocol (`80/http`) is left to the build, which rejects it. A port ' +
        'written with variables is checked when berth knows their values, without a fix.',
    },
    references: ['https://docs.docker.com/go/dockerfile/rule/expose-proto-casing/', 'https://docs.docker.com/reference/dockerfile/#expose'],
  },
  create(ctx) {
    return {
      Expose(instr: ExposeInstruction) {
        for (const s of exposedSpecs(ctx, instr)) {
          const proto = s.spec.proto;
          if (proto === proto.toLowerCase()) continue;
          const lower = proto.toLowerCase();
          const data = { proto, spec: s.text, lower };
          if (s.plain) {
            const at = { start: s.range.start + s.spec.protoStart, end: s.range.start + s.spec.protoStart + proto.length };
            ctx.report({ at, message: 'casing', data, fix: { title: `Write \`${lower}\``, applicability: 'safe', edits: [ctx.replace(at, lower)] } });
          } else ctx.report({ at: s.range, message: 'casing', data });
        }
      },
    };
  },
});
