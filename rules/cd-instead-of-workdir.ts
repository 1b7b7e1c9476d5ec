import { defineRule, df } from './define.js';

export default defineRule({
  id: 'cd-instead-of-workdir',
  aliases: ['DL3003'],
  category: 'maintainability',
  severity: 'info',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  messages: {
    cd: '`cd` in a RUN: set the working directory with WORKDIR instead',
    noEffect: '`cd` at the end of a RUN has no effect: the next instruction starts in the WORKDIR again',
  },
  docs: {
    summary: 'A RUN changes directory with `cd` where WORKDIR says it once for every instruction.',
    why:
      'Each RUN starts a new shell in the directory WORKDIR set, so a `cd` lasts only until the end of its RUN. ' +
      'Long chains of `cd a && … && cd ../b` are easy to get wrong and hard to read, and a `cd` on its own line ' +
      '(`RUN cd /app`) does nothing at all — the next RUN, COPY and CMD still run in the old directory. WORKDIR ' +
      'creates the directory if needed and applies to every later instruction; for one command in another ' +
      'directory, a subshell `(cd dir && make)` or the tool\'s own option (`make -C dir`, `git -C dir`) keeps ' +
      'the change visibly local.',
    bad: [
      {
        code: df`
          FROM golang:1.23
          COPY . /src
          RUN cd /src && go build -o /out/app .
        `,
      },
      {
        code: df`
          FROM node:22-alpine
          RUN mkdir -p /app && cd /app
          COPY package.json .
        `,
        note: 'The `cd` has no effect: COPY still writes to the previous working directory.',
      },
    ],
    good: [
      df`
        FROM golang:1.23
        WORKDIR /src
        COPY . .
        RUN go build -o /out/app .
      `,
      df`
        FROM debian:bookworm
        RUN (cd /usr/src/lib && ./configure && make install) && make -C /usr/src/tool install
      `,
      df`
        FROM debian:bookworm
        RUN echo "built in $(cd /opt/app && pwd)" > /etc/build-info
      `,
    ],
    whenNotToUse:
      'Scripts that build several projects in temporary directories and remove them in the same RUN, where WORKDIR ' +
      'would leave empty directories behind and change the directory of later instructions.',
    differences: {
      hadolint:
        'A `cd` inside a subshell `( … )`, a command substitution `$( … )` or a pipeline (which runs in a subshell ' +
        'too) is not reported, since it cannot leak; a `cd` with nothing after it gets its own message, as it has ' +
        'no effect at all. No fix is offered: WORKDIR creates the directory and changes the directory of every ' +
        'later instruction, which a `cd` does not.',
    },
    references: ['https://docs.docker.com/reference/dockerfile/#workdir', 'https://docs.docker.com/build/building/best-practices/#workdir'],
  },
  create(ctx) {
    return {
      Run(run) {
        const commands = ctx.shell(run).commands.filter((c) => !c.via);
        // Commands are in order of their start: the last one starts latest.
        const lastStart = commands.length > 0 ? (commands[commands.length - 1] as (typeof commands)[number]).start : -Infinity;
        for (const cmd of commands) {
          if (cmd.name !== 'cd') continue;
          const w = cmd.where;
          if (w.subshell || w.substitution || w.pipeline) continue;
          // With nothing after it, the `cd` does nothing at all: say so rather than suggest WORKDIR as a style.
          if (lastStart >= cmd.end) ctx.report({ at: cmd.nameRange, message: 'cd' });
          else ctx.report({ at: cmd.nameRange, message: 'noEffect' });
        }
      },
    };
  },
});
