import { defineRule, df } from './define.js';
import { expandedValue, stripQuotes } from './utils/instructions.js';

const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

export default defineRule({
  id: 'invalid-expose-port',
  aliases: [],
  category: 'correctness',
  severity: 'error',
  status: 'stable',
  since: '0.3.0',
  fixable: 'never',
  onbuild: true,
  messages: {
    port: '`{value}` is not a port: EXPOSE takes a number (or a range like `8000-8010`), optionally followed by `/tcp`, `/udp` or `/sctp`',
    protocol: '`{protocol}` is not a protocol Docker knows: use `tcp`, `udp` or `sctp`',
  },
  docs: {
    summary: 'EXPOSE with something that is not a port number, a port range, or a known protocol.',
    why:
      'EXPOSE records which ports the container listens on, as `port/protocol`. When the build reaches an EXPOSE whose ' +
      'port is not a number (a service name like `http`, a typo like `80O`) or whose protocol is not tcp, udp or ' +
      'sctp, BuildKit stops with an error. Finding it in the editor saves a failed build.',
    bad: [
      {
        code: df`
          FROM nginx:1.27
          EXPOSE http
        `,
      },
      {
        code: df`
          FROM nginx:1.27
          EXPOSE 8080/http
        `,
      },
    ],
    good: [
      df`
        FROM nginx:1.27
        EXPOSE 80 443/tcp 53/udp 8000-8010
      `,
      df`
        FROM nginx:1.27
        ARG PORT=8080
        EXPOSE \${PORT}/tcp
      `,
      df`
        FROM nginx:1.27
        EXPOSE 80/TCP
      `,
    ],
    differences: {
      notes:
        'dockerfile-utils reports these too (its INVALID_PORT and INVALID_PROTO); hadolint does not. Protocols in ' +
        'capitals are accepted here (BuildKit lower-cases them) and left to expose-proto-casing; `host:container` ' +
        'mappings are left to expose-invalid-format. A value with a variable is judged by its known value, or not ' +
        'at all.',
    },
    references: ['https://docs.docker.com/reference/dockerfile/#expose'],
  },
  create(ctx) {
    return {
      Expose(expose) {
        for (const arg of expose.args) {
          const value = arg.value.includes('$') ? expandedValue(ctx, arg.value, expose) : arg.value;
          if (value === undefined || value.includes('$')) continue;
          const spec = stripQuotes(value);
          const slash = spec.indexOf('/');
          const portPart = (slash >= 0 ? spec.slice(0, slash) : spec).slice(spec.lastIndexOf(':', slash >= 0 ? slash : spec.length) + 1);
          const protocol = slash >= 0 ? spec.slice(slash + 1) : undefined;
          if (!/^\d+(?:-\d+)?$/.test(portPart)) {
            ctx.report({ at: arg.range, message: 'port', data: { value: spec } });
            continue;
          }
          if (protocol !== undefined && !PROTOCOLS.has(protocol.toLowerCase())) ctx.report({ at: arg.range, message: 'protocol', data: { protocol } });
        }
      },
    };
  },
});
