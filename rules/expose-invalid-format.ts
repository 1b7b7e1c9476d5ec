import type { ExposeInstruction } from '../grammar/index.js';
import { defineRule, df } from './define.js';
import { exposedSpecs } from './utils/buildkit-checks.js';

export default defineRule({
  id: 'expose-invalid-format',
  aliases: ['ExposeInvalidFormat'],
  category: 'correctness',
  severity: 'warning',
  status: 'stable',
  since: '0.3.0',
  fixable: 'never',
  onbuild: true,
  messages: {
    mapping: '`{spec}` maps a host port: EXPOSE only names the port inside the container (`{port}`)',
    address: '`{spec}` names an IP address: EXPOSE only names the port inside the container (`{port}`)',
  },
  docs: {
    summary: 'EXPOSE with an IP address or a host-port mapping, like `8080:80` or `127.0.0.1:80:80`.',
    why:
      'EXPOSE records which ports the container listens on; it publishes nothing. Which host address and port a ' +
      'container port is reachable on is decided when the container starts (`docker run -p 8080:80`). Docker ' +
      'keeps only the container port of `8080:80` and silently drops the rest, so the Dockerfile promises a ' +
      'mapping that never happens. BuildKit warns about it and says it will become an error.',
    bad: [
      {
        code: df`
          FROM nginx:1.27
          EXPOSE 8080:80
        `,
      },
      {
        code: df`
          FROM nginx:1.27
          EXPOSE 127.0.0.1:80:80/tcp
        `,
      },
    ],
    good: [
      df`
        FROM nginx:1.27
        EXPOSE 80/tcp 443 8000-8010
      `,
    ],
    differences: {
      notes:
        'Like BuildKit, a spec the build rejects before this check (no container port, an unknown protocol) is left ' +
        'to the build, and the specs after one it rejects are not looked at.',
    },
    references: ['https://docs.docker.com/go/dockerfile/rule/expose-invalid-format/', 'https://docs.docker.com/reference/dockerfile/#expose'],
  },
  create(ctx) {
    return {
      Expose(instr: ExposeInstruction) {
        for (const s of exposedSpecs(ctx, instr)) {
          const { ip, hostPort, containerPort, proto } = s.spec;
          if (ip === '' && hostPort === '') continue;
          const data = { spec: s.text, port: proto ? `${containerPort}/${proto}` : containerPort };
          if (ip !== '') ctx.report({ at: s.range, message: 'address', data });
          else ctx.report({ at: s.range, message: 'mapping', data });
        }
      },
    };
  },
});
