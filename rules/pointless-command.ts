import { defineRule, df } from './define.js';

/** Programs that manage or inspect a running system or talk to a person: nothing for them to do in a build step. */
const POINTLESS: Readonly<Record<string, string>> = {
  free: 'shows the memory of the build container, not of where the image will run',
  kill: 'signals processes of this build step, which end with the RUN anyway',
  mount: 'mounts something only for this build step; use `RUN --mount` or a volume',
  ps: 'lists processes of this build step, which are gone when the RUN ends',
  service: 'starts or stops a service only while this RUN lasts; use CMD or ENTRYPOINT',
  shutdown: 'has no machine to shut down in a build step',
  ssh: 'connects to another machine from a build step; use `RUN --mount=type=ssh` for private sources',
  top: 'is an interactive monitor with nothing to show in a build step',
  vim: 'is an interactive editor with no one to type into it; edit files with `sed` or COPY them',
};

export default defineRule({
  id: 'pointless-command',
  aliases: ['DL3001'],
  category: 'maintainability',
  severity: 'info',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  onbuild: true,
  messages: {
    pointless: '`{name}` in a RUN: it {reason}',
  },
  docs: {
    summary: 'A RUN runs `free`, `kill`, `mount`, `ps`, `service`, `shutdown`, `ssh`, `top` or `vim`.',
    why:
      'Each RUN is one command in a temporary container that stops when the command ends; only the files it ' +
      'changes are kept. Commands that inspect or manage a running system (`ps`, `top`, `free`, `kill`, ' +
      '`service`, `shutdown`, `mount`) or wait for a person (`vim`, `ssh`) either do nothing useful there or ' +
      'hang the build. Their presence usually means a step written for a virtual machine, whose effect must be ' +
      'achieved another way in an image: CMD or ENTRYPOINT for services, files written with `sed` or COPY.',
    bad: [
      {
        code: df`
          FROM debian:bookworm
          RUN apt-get update && apt-get install -y --no-install-recommends nginx && service nginx start
        `,
      },
      {
        code: df`
          FROM debian:bookworm
          RUN vim /etc/hosts
        `,
      },
    ],
    good: [
      df`
        FROM debian:bookworm
        RUN apt-get update && apt-get install -y --no-install-recommends openssh-client procps vim
        CMD ["nginx", "-g", "daemon off;"]
      `,
      df`
        FROM debian:bookworm
        RUN command -v ps || echo "procps is not installed"
      `,
    ],
    whenNotToUse:
      'A RUN that starts a service to prepare data during the build (start a database, load a schema, stop it) ' +
      'does this on purpose: suppress the finding on that instruction.',
    differences: {
      hadolint: '`command -v ps` (which only looks a program up) is not reported.',
    },
    references: ['https://docs.docker.com/reference/dockerfile/#run', 'https://docs.docker.com/build/building/best-practices/#run'],
  },
  create(ctx) {
    return {
      Run(run) {
        for (const cmd of ctx.shell(run).commands) {
          const reason = Object.hasOwn(POINTLESS, cmd.name) ? POINTLESS[cmd.name] : undefined;
          if (reason === undefined) continue;
          ctx.report({ at: cmd.nameRange, message: 'pointless', data: { name: cmd.name, reason } });
        }
      },
    };
  },
});
