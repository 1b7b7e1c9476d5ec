import type { Edit } from './define.js';
import { defineRule, df } from './define.js';
import { APT_VALUE_FLAGS, invocation, programs, simpleSubcommand } from './utils/os-packages.js';

/** Subcommands apt-get has with the same meaning (not `upgrade`: apt's installs new dependencies, apt-get's does not). */
const SAME_IN_APT_GET = new Set(['install', 'remove', 'purge', 'update', 'autoremove', 'clean', 'autoclean', 'build-dep', 'source', 'download', 'satisfy']);

export default defineRule({
  id: 'apt-instead-of-apt-get',
  aliases: ['DL3027'],
  category: 'correctness',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'sometimes',
  onbuild: true,
  messages: {
    apt: '`apt` is made for people at a terminal and its interface may change: use `apt-get` in a Dockerfile',
  },
  docs: {
    summary: 'A RUN calls `apt`, the interactive front end, instead of `apt-get`.',
    why:
      '`apt` is the friendly command for people typing at a terminal: progress bars, colours, and a command line ' +
      'its authors may change between releases (it prints "apt does not have a stable CLI interface" when its ' +
      'output is not a terminal). `apt-get` and `apt-cache` are the stable interface meant for scripts, so a ' +
      'Dockerfile built with them keeps working when the base image moves to a newer apt.',
    bad: [
      {
        code: df`
          FROM debian:bookworm
          RUN apt update && apt-get install -y --no-install-recommends curl
        `,
        fixed: df`
          FROM debian:bookworm
          RUN apt-get update && apt-get install -y --no-install-recommends curl
        `,
      },
      {
        code: df`
          FROM debian:bookworm
          RUN apt full-upgrade -y
        `,
        note: '`full-upgrade` has another name in apt-get (`dist-upgrade`): no automatic fix.',
      },
    ],
    good: [
      df`
        FROM debian:bookworm
        RUN apt-get update && apt-get install -y --no-install-recommends curl && apt-cache policy curl
      `,
    ],
    fixSafety:
      'Unsafe: it renames `apt` to `apt-get` only for subcommands both have with the same meaning (install, ' +
      'remove, update…, not upgrade). The two still differ in defaults: apt deletes downloaded .deb files after ' +
      'installing them and apt-get keeps them in /var/cache/apt/archives unless the image is configured otherwise, ' +
      'so check the image size and any apt configuration after the change.',
    references: ['https://manpages.debian.org/bookworm/apt/apt.8.en.html', 'https://manpages.debian.org/bookworm/apt/apt-get.8.en.html'],
  },
  create(ctx) {
    return {
      Run(run) {
        const script = ctx.shell(run);
        for (const cmd of programs(script, 'apt')) {
          const inv = invocation(cmd, APT_VALUE_FLAGS);
          const sub = inv && simpleSubcommand(inv);
          const edit = sub && SAME_IN_APT_GET.has(sub.name) ? rename(ctx.text, cmd.nameRange) : undefined;
          ctx.report({
            at: cmd.nameRange,
            message: 'apt',
            ...(edit && { fix: { title: 'Use apt-get', applicability: 'unsafe' as const, edits: [edit] } }),
          });
        }
      },
    };
  },
});

/** Replaces the `apt` of `apt`, `/usr/bin/apt` or the JSON string `"apt"`; undefined when written another way. */
function rename(text: string, at: { start: number; end: number }): Edit | undefined {
  const raw = text.slice(at.start, at.end);
  if (/(^|\/)apt$/.test(raw)) return { start: at.end - 3, end: at.end, text: 'apt-get' };
  if (/^"(.*\/)?apt"$/.test(raw)) return { start: at.end - 4, end: at.end - 1, text: 'apt-get' };
  return undefined;
}
