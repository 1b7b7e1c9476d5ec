import { defineRule, df } from './define.js';

export default defineRule({
  id: 'sudo-in-run',
  aliases: ['DL3004'],
  category: 'security',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  onbuild: true,
  messages: {
    sudo: '`sudo` in a RUN: run the step as root with `USER root` (and switch back after) instead',
  },
  docs: {
    summary: 'A RUN uses `sudo`.',
    why:
      'RUN steps execute as the user the last USER instruction named, root by default, so `sudo` is either ' +
      'unnecessary or means a non-root user was given password-less sudo — which lets anything running as that ' +
      'user in the container become root again, undoing the point of USER. sudo also behaves oddly without a ' +
      'terminal (it may prompt, or warn about the TTY) and forwards signals in ways that surprise. Switch with ' +
      '`USER root` for the steps that need it and back to the unprivileged user afterwards; at run time, use ' +
      '`gosu` or `su-exec` if an entrypoint must drop privileges.',
    bad: [
      {
        code: df`
          FROM ubuntu:24.04
          USER app
          RUN sudo apt-get update
        `,
      },
    ],
    good: [
      df`
        FROM ubuntu:24.04
        RUN apt-get update && apt-get install -y --no-install-recommends sudo
        USER app
      `,
      df`
        FROM ubuntu:24.04
        USER root
        RUN apt-get update
        USER app
      `,
    ],
    whenNotToUse: 'Images built to be interactive development environments, where a sudo-capable user is the intended setup.',
    references: ['https://docs.docker.com/build/building/best-practices/#user', 'https://github.com/tianon/gosu'],
  },
  create(ctx) {
    return {
      Run(run) {
        for (const cmd of ctx.shell(run).commands) {
          if (cmd.name !== 'sudo') continue;
          ctx.report({ at: cmd.nameRange, message: 'sudo' });
        }
      },
    };
  },
});
