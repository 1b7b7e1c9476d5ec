import { defineRule, df } from './define.js';

/** Where Docker's default shell lives (with merged /usr, /usr/bin/sh is the same file). */
const SHELL_PATHS = new Set(['/bin/sh', '/usr/bin/sh']);

export default defineRule({
  id: 'symlink-bin-sh',
  aliases: ['DL4005'],
  category: 'correctness',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  onbuild: true,
  messages: {
    replaced: '`ln` replaces `{path}`: use SHELL to choose the shell for RUN instead',
  },
  docs: {
    summary: '`ln` replaces `/bin/sh` with a link to another shell.',
    why:
      'RUN in shell form runs `/bin/sh -c`, and so do many scripts and programs inside the image. Replacing ' +
      '`/bin/sh` with a link to bash changes the shell for all of them, including the system\'s own maintenance ' +
      'scripts that expect a POSIX shell, and hides the choice in a file rather than in the Dockerfile. The ' +
      'SHELL instruction (`SHELL ["/bin/bash", "-c"]`) changes the shell of the following RUN instructions only ' +
      'and says so where readers look.',
    bad: [
      {
        code: df`
          FROM debian:bookworm
          RUN ln -sf /bin/bash /bin/sh
        `,
      },
    ],
    good: [
      df`
        FROM debian:bookworm
        SHELL ["/bin/bash", "-c"]
        RUN echo "now in bash: $BASH_VERSION"
      `,
      df`
        FROM debian:bookworm
        RUN ln -s /bin/sh /usr/local/bin/posix-sh
      `,
    ],
    whenNotToUse: 'Images whose software hard-codes `/bin/sh` and really needs bash features from it, with no way to configure it.',
    differences: {
      hadolint:
        'Only an `ln` that creates or replaces `/bin/sh` (or `/usr/bin/sh`, the same file with merged /usr) is ' +
        'reported — `/bin/sh` as the target of a new link elsewhere is harmless.',
    },
    references: ['https://docs.docker.com/reference/dockerfile/#shell', 'https://man7.org/linux/man-pages/man1/ln.1.html'],
  },
  create(ctx) {
    return {
      Run(run) {
        for (const cmd of ctx.shell(run).commands) {
          if (cmd.name !== 'ln' || cmd.hasFlag('t', 'target-directory')) continue;
          const operands = cmd.positionals(['S', 'suffix']);
          const link = operands[operands.length - 1];
          if (operands.length < 2 || !link) continue;
          const path = link.value.replace(/\/+$/, '');
          if (!SHELL_PATHS.has(path)) continue;
          ctx.report({ at: link, message: 'replaced', data: { path } });
        }
      },
    };
  },
});
