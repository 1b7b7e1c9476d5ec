import { OPT, type ShellCommand } from '../grammar/index.js';
import { defineRule, df } from './define.js';

/** Shell built-ins that print their arguments: as the feeding side of a pipe they do not fail. */
const NEVER_FAIL: ReadonlySet<string> = new Set(['echo', 'printf']);

export default defineRule({
  id: 'pipe-without-pipefail',
  aliases: ['DL4006'],
  category: 'correctness',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  messages: {
    pipe: 'A failure of `{name}` is hidden by the pipe: turn on `pipefail` (`set -o pipefail` or a SHELL with `-o pipefail`)',
  },
  docs: {
    summary: 'A RUN pipes commands while the shell\'s `pipefail` option is off.',
    why:
      'The exit status of a pipeline `a | b` is the status of `b` alone. If `curl` fails in ' +
      '`curl -fsSL https://example.com/install.sh | sh`, `sh` reads an empty script, succeeds, and the RUN passes: ' +
      'the build goes on without the tool, and the image is broken in a way you only discover later. With ' +
      '`pipefail` the pipeline fails when any of its commands fails, and so does the build.',
    bad: [
      {
        code: df`
          FROM debian:bookworm
          RUN curl -fsSL https://deb.nodesource.com/setup_22.x | bash -
        `,
      },
      {
        code: df`
          FROM alpine:3.20
          RUN wget -qO- https://example.com/app.tar.gz | tar -xz -C /opt && set -o pipefail
        `,
        note: 'The `set -o pipefail` comes after the pipeline, too late.',
      },
    ],
    good: [
      df`
        FROM debian:bookworm
        SHELL ["/bin/bash", "-o", "pipefail", "-c"]
        RUN curl -fsSL https://deb.nodesource.com/setup_22.x | bash -
      `,
      df`
        FROM alpine:3.20
        RUN set -eo pipefail; wget -qO- https://example.com/app.tar.gz | tar -xz -C /opt
      `,
      df`
        FROM debian:bookworm
        RUN <<EOF
        #!/bin/bash
        set -euo pipefail
        curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt
        EOF
      `,
      df`
        FROM debian:bookworm
        RUN if dpkg -l | grep -q nginx; then echo "nginx present"; fi
      `,
    ],
    whenNotToUse:
      'Pipelines whose first command is expected to fail harmlessly, such as `yes | apt-get …` (yes is killed by ' +
      'SIGPIPE) — suppress the finding on that instruction or add `|| true` inside the pipeline deliberately.',
    differences: {
      hadolint:
        '`set -o pipefail` (also `set -eo pipefail`, `set -euxo pipefail`) in force before the pipeline counts, in ' +
        'the RUN line and in heredoc scripts, as does a heredoc whose shebang runs a shell with `-o pipefail`; a ' +
        'SHELL of any POSIX shell with `-o pipefail` counts, `/bin/sh` included — where the shell lacks the option ' +
        '(the dash that Debian and Ubuntu ship as /bin/sh rejects it) the RUN fails at once, so the mistake cannot ' +
        'go unnoticed; a pipeline used as the condition of `if`, `while` or `until`, or negated with `!`, is not ' +
        'reported, since its status is tested rather than left to fail the build. Each pipeline is reported at its ' +
        'first command. Pipefail set in a parent stage\'s SHELL carries over, as it does in Docker. A pipeline fed ' +
        'only by `echo` or `printf` (`echo "$SUM  file" | sha256sum -c -`) is not reported: nothing before the pipe ' +
        'can fail, and the last command\'s status is the pipeline\'s.',
      notes: 'No fix is offered: which shell to use (bash may not be installed) is yours to choose.',
    },
    references: [
      'https://docs.docker.com/build/building/best-practices/#using-pipes',
      'https://www.gnu.org/software/bash/manual/html_node/Pipelines.html',
      'https://docs.docker.com/reference/dockerfile/#shell',
    ],
  },
  create(ctx) {
    return {
      Run(run) {
        const script = ctx.shell(run);
        if (script.pipelines === 0) return;
        // The commands of each pipeline (not those found behind sudo/env: they are the same process).
        const pipelines = new Map<number, ShellCommand[]>();
        for (const cmd of script.commands) {
          const p = cmd.where.pipeline;
          if (!p || cmd.via) continue;
          (pipelines.get(p.id) ?? pipelines.set(p.id, []).get(p.id))?.push(cmd);
        }
        for (const cmds of pipelines.values()) {
          const first = cmds.find((c) => c.where.pipeline?.index === 0);
          if (!first) continue;
          if (first.where.condition || first.where.negated || first.options & OPT.pipefail) continue;
          // Only the commands before the last one can fail unnoticed; `echo` and `printf` feeding a pipe cannot.
          const size = first.where.pipeline?.size ?? 0;
          const upstream = cmds.filter((c) => (c.where.pipeline?.index ?? 0) < size - 1);
          if (upstream.length > 0 && upstream.every((c) => NEVER_FAIL.has(c.name))) continue;
          ctx.report({ at: first.nameRange, message: 'pipe', data: { name: first.name } });
        }
      },
    };
  },
});
