import type { ShellCommand } from '../grammar/index.js';
import { defineRule, df } from './define.js';
import { editable } from './utils/run-commands.js';

/** wget's progress goes to standard error: sent to /dev/null (or merged into a redirected stdout), it costs nothing. */
function stderrDiscarded(cmd: ShellCommand): boolean {
  return cmd.redirects.some((r) => (r.op === '&>' || r.op === '&>>' || ((r.op === '>' || r.op === '>>') && r.fd === 2)) && r.target?.value === '/dev/null');
}

export default defineRule({
  id: 'wget-progress-bar',
  aliases: ['DL3047'],
  category: 'maintainability',
  severity: 'info',
  status: 'stable',
  since: '0.2.0',
  fixable: 'sometimes',
  onbuild: true,
  messages: {
    noisy: '`wget` without `--progress` or `-q` floods the build log with progress dots: add `--progress=dot:giga`',
  },
  docs: {
    summary: '`wget` without an option that quiets its progress output.',
    why:
      'When its output is not a terminal, as in a build, wget prints its progress as rows of dots — one per ' +
      'kilobyte by default — so downloading a large archive writes thousands of lines into the build log. That ' +
      'hides the useful output and can make CI logs huge. `--progress=dot:giga` keeps a progress indication with ' +
      'one dot per megabyte, `-nv` prints one line per file, and `-q` prints nothing.',
    bad: [
      {
        code: df`
          FROM debian:bookworm
          RUN wget -O /tmp/go.tar.gz https://go.dev/dl/go1.23.2.linux-amd64.tar.gz
        `,
        fixed: df`
          FROM debian:bookworm
          RUN wget --progress=dot:giga -O /tmp/go.tar.gz https://go.dev/dl/go1.23.2.linux-amd64.tar.gz
        `,
      },
    ],
    good: [
      df`
        FROM debian:bookworm
        RUN wget --progress=dot:giga -O /tmp/go.tar.gz https://go.dev/dl/go1.23.2.linux-amd64.tar.gz
      `,
      df`
        FROM debian:bookworm
        RUN wget -qO- https://example.com/key.asc > /etc/apt/trusted.gpg.d/example.asc && wget -nv https://example.com/a.deb
      `,
      df`
        FROM debian:bookworm
        RUN wget -O /tmp/a.deb https://example.com/a.deb 2>/dev/null
      `,
    ],
    fixSafety:
      'Unsafe: the download is the same, but BusyBox wget (the wget of Alpine images) does not know `--progress` ' +
      'and fails, so check which wget the image has before accepting the fix.',
    whenNotToUse: 'Images whose `.wgetrc` already sets `progress`, or builds whose logs nobody reads.',
    differences: {
      hadolint: 'A wget whose standard error goes to `/dev/null` is not reported.',
    },
    references: ['https://www.gnu.org/software/wget/manual/wget.html#Download-Options'],
  },
  create(ctx) {
    return {
      Run(run) {
        const script = ctx.shell(run);
        for (const cmd of script.commands) {
          if (cmd.name !== 'wget') continue;
          if (cmd.hasFlag('progress', 'q', 'quiet', 'o', 'output-file', 'a', 'append-output', 'no-verbose')) continue;
          if (cmd.hasArg('-nv') || stderrDiscarded(cmd)) continue;
          ctx.report({
            at: cmd.nameRange,
            message: 'noisy',
            ...(editable(script)
              ? { fix: { title: 'Add --progress=dot:giga', applicability: 'unsafe' as const, edits: [ctx.insertAfter(cmd.nameRange, ' --progress=dot:giga')] } }
              : {}),
          });
        }
      },
    };
  },
});
