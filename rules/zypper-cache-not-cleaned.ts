import { defineRule, df } from './define.js';
import { hasCacheMount } from './utils/mounts.js';
import { appendPoint, privilegePrefix, programs, uncleaned, ZYPPER_DOWNLOADING, zypperCall, zypperClean, type CacheTool } from './utils/os-packages.js';

const CACHE = '/var/cache/zypp';

const ZYPPER: CacheTool = {
  fills: (cmd) => {
    const call = zypperCall(cmd);
    return call !== undefined && ZYPPER_DOWNLOADING.has(call.long);
  },
  cleans: zypperClean,
  dirs: [CACHE],
};

export default defineRule({
  id: 'zypper-cache-not-cleaned',
  aliases: ['DL3036'],
  category: 'image-size',
  severity: 'info',
  status: 'stable',
  since: '0.2.0',
  fixable: 'sometimes',
  onbuild: true,
  messages: {
    missing: '`zypper {sub}` leaves its cache in the image: run `zypper clean --all` after it in the same RUN',
    partial: '`{command}` leaves the repository metadata in the image: use `zypper clean --all`',
  },
  docs: {
    summary: '`zypper install` (or another zypper command that downloads) without `zypper clean --all` after it in the same RUN.',
    why:
      'zypper keeps repository metadata (raw and pre-parsed) and sometimes downloaded packages in /var/cache/zypp. ' +
      'Whatever is there when the RUN ends becomes part of the layer and ships with the image, and cleaning in a ' +
      'later RUN cannot take it back out. A plain `zypper clean` removes only downloaded packages — usually none — ' +
      'so it takes `--all` to drop the metadata too.',
    bad: [
      {
        code: df`
          FROM opensuse/leap:15.6
          RUN zypper -n install curl=8.6.0
        `,
        fixed: df`
          FROM opensuse/leap:15.6
          RUN zypper -n install curl=8.6.0 && zypper clean --all
        `,
      },
      {
        code: df`
          FROM opensuse/leap:15.6
          RUN zypper -n install curl=8.6.0 && zypper clean
        `,
        note: 'The metadata stays: the finding is on `zypper clean`, and there is no automatic fix.',
      },
    ],
    good: [
      df`
        FROM opensuse/leap:15.6
        RUN zypper -n install curl=8.6.0 && zypper clean --all
      `,
      df`
        FROM opensuse/leap:15.6
        RUN zypper -n in curl=8.6.0 && zypper cc -a
      `,
      df`
        FROM opensuse/leap:15.6
        RUN --mount=type=cache,target=/var/cache/zypp zypper -n install curl=8.6.0
      `,
    ],
    fixSafety:
      'Unsafe: it appends `&& zypper clean --all` to the RUN, so the image no longer holds the metadata; a later ' +
      'zypper command downloads it again. The fix is offered only for a plain shell-form line whose last command ' +
      'ends it (no heredoc, trailing comment or closing `done`/`fi`).',
    differences: {
      hadolint:
        'A plain `zypper clean` / `zypper cc` is reported, since it keeps the metadata — it takes `--all` (or both ' +
        '`--metadata` and `--raw-metadata`); an `rm` of /var/cache/zypp also counts; update, dist-upgrade, patch ' +
        'and refresh fill the cache as install does and are checked too.',
    },
    references: ['https://en.opensuse.org/SDB:Zypper_manual', 'https://docs.docker.com/build/cache/optimize/#use-cache-mounts'],
  },
  create(ctx) {
    return {
      Run(run) {
        if (hasCacheMount(run, CACHE)) return;
        const script = ctx.shell(run);
        const found = uncleaned(script, ctx.text, programs(script, 'zypper'), ZYPPER);
        if (!found) return;
        if (found.partial) {
          ctx.report({ at: found.partial.range, message: 'partial', data: { command: found.partial.text } });
          return;
        }
        const at = appendPoint(run, script);
        ctx.report({
          at: found.cmd.nameRange,
          message: 'missing',
          data: { sub: zypperCall(found.cmd)?.name ?? 'install' },
          ...(at !== undefined && {
            fix: {
              title: 'Run zypper clean --all at the end of the RUN',
              applicability: 'unsafe' as const,
              edits: [{ start: at, end: at, text: ` && ${privilegePrefix(found.cmd)}zypper clean --all` }],
            },
          }),
        });
      },
    };
  },
});
