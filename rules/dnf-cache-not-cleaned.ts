import type { ShellCommand } from '../grammar/index.js';
import { defineRule, df } from './define.js';
import { hasCacheMount } from './utils/mounts.js';
import { appendPoint, privilegePrefix, programs, rpmCall, rpmClean, rpmDownloads, uncleaned, type CacheTool } from './utils/os-packages.js';

/** dnf 4 caches in /var/cache/dnf, dnf 5 in /var/cache/libdnf5, microdnf in /var/cache/yum. */
const DIRS = ['/var/cache/dnf', '/var/cache/libdnf5', '/var/cache/yum'];

const fills = (cmd: ShellCommand): boolean => {
  const sub = rpmCall(cmd);
  return sub !== undefined && rpmDownloads(sub);
};

/** dnf and dnf5 share a cache (and `yum` is dnf where both exist); microdnf keeps its own. */
const TOOLS: Array<{ names: string[]; tool: CacheTool }> = [
  { names: ['dnf', 'dnf5'], tool: { fills, cleans: (c) => (['dnf', 'dnf5', 'yum'].includes(c.name) ? rpmClean(c) : undefined), dirs: DIRS } },
  { names: ['microdnf'], tool: { fills, cleans: (c) => (c.name === 'microdnf' ? rpmClean(c) : undefined), dirs: DIRS } },
];

export default defineRule({
  id: 'dnf-cache-not-cleaned',
  aliases: ['DL3040'],
  category: 'image-size',
  severity: 'info',
  status: 'stable',
  since: '0.2.0',
  fixable: 'sometimes',
  onbuild: true,
  messages: {
    missing: '`{command}` leaves its cache in the image: run `{tool} clean all` after it in the same RUN',
    partial: '`{command}` leaves part of the cache in the image: use `{tool} clean all`',
  },
  docs: {
    summary: '`dnf install` or `microdnf install` (or another command that downloads) without `clean all` after it in the same RUN.',
    why:
      'dnf and microdnf keep repository metadata, and sometimes downloaded packages, in /var/cache. Each RUN is a ' +
      'layer, so whatever the cache holds when the RUN ends ships with the image — often well over a hundred ' +
      'megabytes — and cleaning in a later RUN cannot take it back out. `dnf clean all` (or `microdnf clean all`) ' +
      'at the end of the same RUN keeps the layer to what was installed.',
    bad: [
      {
        code: df`
          FROM fedora:40
          RUN dnf install -y httpd-2.4.62
        `,
        fixed: df`
          FROM fedora:40
          RUN dnf install -y httpd-2.4.62 && dnf clean all
        `,
      },
      {
        code: df`
          FROM registry.access.redhat.com/ubi9/ubi-minimal
          RUN microdnf install -y shadow-utils-4.9 && dnf clean all
        `,
        fixed: df`
          FROM registry.access.redhat.com/ubi9/ubi-minimal
          RUN microdnf install -y shadow-utils-4.9 && dnf clean all && microdnf clean all
        `,
        note: 'dnf does not clean microdnf\'s cache.',
      },
      {
        code: df`
          FROM fedora:40
          RUN dnf install -y httpd-2.4.62 && dnf clean packages
        `,
        note: 'The metadata stays: the finding is on `dnf clean packages`, and there is no automatic fix.',
      },
    ],
    good: [
      df`
        FROM fedora:40
        RUN dnf install -y httpd-2.4.62 && dnf clean all
      `,
      df`
        FROM fedora:40
        RUN dnf install -y httpd-2.4.62 && rm -rf /var/cache/dnf /var/cache/libdnf5
      `,
      df`
        FROM fedora:40
        RUN --mount=type=cache,target=/var/cache/libdnf5 dnf install -y httpd-2.4.62
      `,
    ],
    fixSafety:
      'Unsafe: it appends `&& dnf clean all` (or `microdnf clean all`) to the RUN, so the image no longer holds ' +
      'the metadata; a later command downloads it again. The fix is offered only for a plain shell-form line whose ' +
      'last command ends it (no heredoc, trailing comment or closing `done`/`fi`).',
    differences: {
      hadolint:
        'Only `clean all` counts (hadolint accepts any `clean`, which may leave the metadata), and only an `rm` of ' +
        'the cache folders (/var/cache/dnf, /var/cache/libdnf5, /var/cache/yum), not any `rm -rf`; `dnf5` is ' +
        'checked like dnf, and `distro-sync`, `downgrade`, `makecache` and group or module installs fill the cache ' +
        'as install does. Cache or tmpfs mounts on any of those folders exempt the RUN.',
    },
    references: ['https://dnf.readthedocs.io/en/latest/command_ref.html#clean-command-label', 'https://dnf5.readthedocs.io/en/latest/commands/clean.8.html', 'https://docs.docker.com/build/cache/optimize/#use-cache-mounts'],
  },
  create(ctx) {
    return {
      Run(run) {
        if (hasCacheMount(run, ...DIRS, '.cache/libdnf5')) return;
        const script = ctx.shell(run);
        for (const { names, tool } of TOOLS) {
          const found = uncleaned(script, ctx.text, programs(script, ...names), tool);
          if (!found) continue;
          const name = found.cmd.name;
          if (found.partial) {
            ctx.report({ at: found.partial.range, message: 'partial', data: { command: found.partial.text, tool: name } });
            continue;
          }
          const at = appendPoint(run, script);
          ctx.report({
            at: found.cmd.nameRange,
            message: 'missing',
            data: { command: `${name} ${rpmCall(found.cmd)?.name ?? 'install'}`, tool: name },
            ...(at !== undefined && {
              fix: {
                title: `Run ${name} clean all at the end of the RUN`,
                applicability: 'unsafe' as const,
                edits: [{ start: at, end: at, text: ` && ${privilegePrefix(found.cmd)}${name} clean all` }],
              },
            }),
          });
        }
      },
    };
  },
});
