import { defineRule, df } from './define.js';
import { stripQuotes } from './utils/instructions.js';

const MAX_PORT = 65535;

export default defineRule({
  id: 'expose-port-out-of-range',
  aliases: ['DL3011'],
  category: 'correctness',
  severity: 'error',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  messages: {
    outOfRange: 'Port {port} does not exist: ports go up to 65535',
  },
  docs: {
    summary: 'EXPOSE names a port (or the end of a port range) above 65535.',
    why:
      'TCP and UDP ports are 16-bit numbers, so the highest is 65535. Docker refuses to build an image that ' +
      'exposes a larger number, and the mistake is usually a typo — an extra digit, or a host:container mapping ' +
      'written the wrong way round — that is better caught in the editor than in CI.',
    bad: [
      {
        code: df`
          FROM nginx:1.27
          EXPOSE 80 443 80800
        `,
      },
      {
        code: df`
          FROM alpine:3.20
          EXPOSE 60000-70000/udp
        `,
      },
    ],
    good: [
      df`
        FROM nginx:1.27
        EXPOSE 80 443/tcp 8000-8010/udp 65535
      `,
      df`
        FROM alpine:3.20
        ARG PORT=8080
        EXPOSE \${PORT}
      `,
    ],
    references: ['https://docs.docker.com/reference/dockerfile/#expose'],
  },
  create(ctx) {
    return {
      Expose(expose) {
        for (const arg of expose.args) {
          // Variables are substituted at build time: their value is not judged here.
          if (arg.value.includes('$')) continue;
          let spec = stripQuotes(arg.value);
          const slash = spec.indexOf('/');
          if (slash >= 0) spec = spec.slice(0, slash);
          // `host:container` forms are another rule's business; the container part is still a port.
          spec = spec.slice(spec.lastIndexOf(':') + 1);
          const m = /^(\d+)(?:-(\d+))?$/.exec(spec);
          if (!m) continue;
          const bad = [m[1], m[2]].find((p) => p !== undefined && Number(p) > MAX_PORT);
          if (bad === undefined) continue;
          ctx.report({ at: arg.range, message: 'outOfRange', data: { port: bad } });
        }
      },
    };
  },
});
