import { defineRule, df } from './define.js';
import { programs, zypperCall, zypperPinned, zypperType } from './utils/os-packages.js';
import { UNSET_VERSION_MESSAGE, unsetVersionData, unsetVersionVariable } from './utils/version-variables.js';

export default defineRule({
  id: 'zypper-unpinned',
  aliases: ['DL3037'],
  category: 'reproducibility',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  onbuild: true,
  messages: {
    unpinned: '`{pkg}` is installed without a version: pin it as `{pkg}=<version>` or `{pkg}>=<version>`',
    unsetVersion: UNSET_VERSION_MESSAGE,
  },
  docs: {
    summary: 'A package in `zypper install` has no version constraint.',
    why:
      '`zypper install curl` installs the newest curl the repositories hold when the image is built, so rebuilding ' +
      'the same Dockerfile later gives a different image. A constraint (`curl=8.6.0`, or `"curl>=8.6"` quoted so ' +
      'the shell does not read `>` as a redirection) keeps rebuilds predictable and makes a missing version fail ' +
      'the build rather than change it silently.',
    bad: [
      {
        code: df`
          FROM opensuse/leap:15.6
          RUN zypper -n install curl=8.6.0 git && zypper clean --all
        `,
        note: '`git` is reported; `curl` is pinned.',
      },
    ],
    good: [
      df`
        FROM opensuse/leap:15.6
        RUN zypper -n install curl=8.6.0 "git>=2.43" /tmp/tool-1.0-1.x86_64.rpm && zypper clean --all
      `,
      df`
        FROM opensuse/leap:15.6
        RUN zypper -n install -t pattern devel_basis && zypper clean --all
      `,
      df`
        FROM opensuse/leap:15.6
        ARG PACKAGES
        RUN zypper -n install \${PACKAGES} && zypper clean --all
      `,
    ],
    whenNotToUse: 'Images rebuilt on purpose to pick up every update: pin the base image instead and turn this rule off.',
    differences: {
      hadolint:
        'A word holding a variable or a command substitution is not reported as unpinned, because berth cannot see ' +
        'what it names, and a version from a variable an ARG or ENV declares is trusted (hadolint reports both); ' +
        'but a version taken from a variable that nothing sets in the stage (no ARG or ENV declares it, the RUN ' +
        'does not set it, and the base image is not known to set it) is reported on its own: the version is then ' +
        'empty (`nano=$NANO_VERSION`). The values of `-t`, `-r/--repo`, `--from` and `--download` are not taken for ' +
        'packages; patterns, patches and products (`-t pattern`) are not reported, and neither are removals written ' +
        '`-pkg`, `!pkg` or `~pkg`. Commands inside `$(…)` are not checked.',
    },
    references: ['https://en.opensuse.org/SDB:Zypper_manual', 'https://doc.opensuse.org/documentation/leap/reference/html/book-reference/cha-sw-cl.html'],
  },
  create(ctx) {
    return {
      Run(run, info) {
        for (const cmd of programs(ctx.shell(run), 'zypper')) {
          const call = zypperCall(cmd);
          if (call?.long !== 'install') continue;
          const type = zypperType(cmd, call.word);
          if (type !== undefined && type !== 'package') continue;
          for (const w of call.operands) {
            if (!w.literal) {
              const unset = unsetVersionVariable(ctx, run, info, w, (before) => /^[a-z0-9][^=<>]*[=<>]/i.test(before));
              if (unset) ctx.report({ at: { start: w.start, end: w.end }, message: 'unsetVersion', data: unsetVersionData(ctx, w, unset) });
              continue;
            }
            if (w.value === '' || /^[-!~]/.test(w.value) || zypperPinned(w.value)) continue;
            ctx.report({ at: { start: w.start, end: w.end }, message: 'unpinned', data: { pkg: w.value } });
          }
        }
      },
    };
  },
});
