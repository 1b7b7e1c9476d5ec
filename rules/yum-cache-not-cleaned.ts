import { defineRule, df } from './define.js';
import { hasCacheMount } from './utils/mounts.js';
import { appendPoint, privilegePrefix, programs, rpmCall, rpmClean, rpmDownloads, uncleaned, type CacheTool } from './utils/os-packages.js';

/** yum keeps its cache in /var/cache/yum; where yum is dnf (RHEL 8 and later) it is /var/cache/dnf. */
const DIRS = ['/var/cache/yum', '/var/cache/dnf'];

const YUM: CacheTool = {
  fills: (cmd) => {
    const sub = rpmCall(cmd);
    return sub !== undefined && rpmDownloads(sub);
  },
  cleans: (cmd) => (['yum', 'dnf', 'dnf5'].includes(cmd.name) ? rpmClean(cmd) : undefined),
  dirs: DIRS,
};

export default defineRule({
  id: 'yum-cache-not-cleaned',
  aliases: ['DL3032'],
  category: 'image-size',
  severity: 'info',
  status: 'stable',
  since: '0.2.0',
  fixable: 'sometimes',
  onbuild: true,
  messages: {
    missing: '`yum {sub}` leaves its cache in the image: run `yum clean all` after it in the same RUN',
    partial: '`{command}` leaves part of the cache in the image: use `yum clean all`',
  },
  docs: {
    summary: '`yum install` (or another yum command that downloads) without `yum clean all` after it in the same RUN.',
    why:
      'yum stores repository metadata, and often the downloaded packages, in /var/cache/yum. Each RUN is a layer, ' +
      'so whatever the cache holds when the RUN ends is shipped with the image — commonly a hundred megabytes or ' +
      'more — and a `yum clean all` in a later RUN cannot take it back out. Cleaning at the end of the same RUN ' +
      'keeps the layer to what was installed.',
    bad: [
      {
        code: df`
          FROM centos:7
          RUN yum install -y httpd-2.4.6
        `,
        fixed: df`
          FROM centos:7
          RUN yum install -y httpd-2.4.6 && yum clean all
        `,
      },
      {
        code: df`
          FROM centos:7
          RUN yum clean all && yum install -y httpd-2.4.6
        `,
        fixed: df`
          FROM centos:7
          RUN yum clean all && yum install -y httpd-2.4.6 && yum clean all
        `,
        note: 'Cleaning before the install does not help.',
      },
      {
        code: df`
          FROM centos:7
          RUN yum install -y httpd-2.4.6 && yum clean packages
        `,
        note: 'The metadata stays: the finding is on `yum clean packages`, and there is no automatic fix.',
      },
    ],
    good: [
      df`
        FROM centos:7
        RUN yum install -y httpd-2.4.6 && yum clean all
      `,
      df`
        FROM centos:7
        RUN yum install -y httpd-2.4.6 && rm -rf /var/cache/yum
      `,
      df`
        FROM centos:7
        RUN --mount=type=cache,target=/var/cache/yum yum install -y httpd-2.4.6
      `,
    ],
    fixSafety:
      'Unsafe: it appends `&& yum clean all` to the RUN, so the image no longer holds the metadata; a later yum ' +
      'command downloads it again. The fix is offered only for a plain shell-form line whose last command ends it ' +
      '(no heredoc, trailing comment or closing `done`/`fi`).',
    differences: {
      hadolint:
        'The cleanup must come after the last command that downloads (install, update, reinstall, downgrade, ' +
        'makecache…, not only install); only `yum clean all` (or `dnf clean all`) or an `rm` of /var/cache/yum or ' +
        '/var/cache/dnf counts — hadolint accepts any `yum clean` and any `rm -rf`; and a cache or tmpfs mount on ' +
        '/var/cache/yum or /var/cache/dnf exempts the RUN, which hadolint does not honour.',
    },
    references: ['https://man7.org/linux/man-pages/man8/yum.8.html', 'https://docs.docker.com/build/cache/optimize/#use-cache-mounts'],
  },
  create(ctx) {
    return {
      Run(run) {
        if (hasCacheMount(run, ...DIRS)) return;
        const script = ctx.shell(run);
        const found = uncleaned(script, ctx.text, programs(script, 'yum'), YUM);
        if (!found) return;
        if (found.partial) {
          ctx.report({ at: found.partial.range, message: 'partial', data: { command: found.partial.text } });
          return;
        }
        const sub = rpmCall(found.cmd);
        const at = appendPoint(run, script);
        ctx.report({
          at: found.cmd.nameRange,
          message: 'missing',
          data: { sub: sub?.name ?? 'install' },
          ...(at !== undefined && {
            fix: {
              title: 'Run yum clean all at the end of the RUN',
              applicability: 'unsafe' as const,
              edits: [{ start: at, end: at, text: ` && ${privilegePrefix(found.cmd)}yum clean all` }],
            },
          }),
        });
      },
    };
  },
});
