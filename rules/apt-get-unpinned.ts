import { defineRule, df } from './define.js';
import { aptGetInstall, aptPinned, aptSkipped, programs } from './utils/os-packages.js';
import { UNSET_VERSION_MESSAGE, unsetVersionData, unsetVersionVariable } from './utils/version-variables.js';

export default defineRule({
  id: 'apt-get-unpinned',
  aliases: ['DL3008'],
  category: 'reproducibility',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  onbuild: true,
  messages: {
    unpinned: '`{pkg}` is installed without a version: pin it as `{pkg}=<version>`',
    unsetVersion: UNSET_VERSION_MESSAGE,
  },
  docs: {
    summary: 'A package in `apt-get install` has no pinned version.',
    why:
      'Without a version, `apt-get install curl` installs whatever the mirror offers on the day of the build. Two ' +
      'builds of the same Dockerfile a month apart can then hold different software, and a rebuild to fix something ' +
      'unrelated can pull in an upgrade that breaks the image. Writing `curl=7.88.1-10+deb12u8` makes the build ' +
      'fail loudly when that version is gone instead of silently changing what you ship.',
    bad: [
      {
        code: df`
          FROM debian:bookworm
          RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 git
        `,
        note: '`git` is reported; `curl` is pinned.',
      },
      {
        code: df`
          FROM debian:bookworm
          RUN apt-get update && apt-get install -y --no-install-recommends curl=$CURL_VERSION
        `,
        note: 'No ARG or ENV sets `CURL_VERSION` in this stage: the version is empty, and apt refuses `curl=`.',
      },
    ],
    good: [
      df`
        FROM debian:bookworm
        RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 git=1:2.39.*
      `,
      df`
        FROM debian:bookworm
        RUN apt-get install -y -t bookworm-backports golang/bookworm-backports ./vendor/tool.deb
      `,
      df`
        FROM debian:bookworm
        ARG PACKAGES
        RUN apt-get install -y \${PACKAGES}
      `,
      df`
        FROM debian:bookworm
        ARG CURL_VERSION=7.88.1-10+deb12u8
        RUN apt-get install -y --no-install-recommends curl=$CURL_VERSION
      `,
    ],
    whenNotToUse:
      'Images rebuilt on purpose to pick up security updates, where a pinned version would block them: there, ' +
      'pin the base image instead and turn this rule off.',
    differences: {
      hadolint:
        'A word holding a variable or a command substitution (`${PACKAGES}`, `$(cat list)`) is not reported as ' +
        'unpinned, because berth cannot see which packages or versions it names, and a version from a variable an ' +
        'ARG or ENV declares is trusted (hadolint reports both); but a version taken from a variable that nothing ' +
        'sets in the stage (no ARG or ENV declares it, the RUN does not set it, and the base image is not known to ' +
        'set it) is reported on its own: the version is then empty (`curl=$CURL_VERSION`). The values of `-o`, `-c` ' +
        'and `-a` are not taken for packages, and `pkg-` (which asks apt to remove `pkg`) is not reported. Commands ' +
        'inside `$(…)` are not checked.',
    },
    references: ['https://manpages.debian.org/bookworm/apt/apt-get.8.en.html', 'https://docs.docker.com/build/building/best-practices/#apt-get'],
  },
  create(ctx) {
    return {
      Run(run, info) {
        for (const cmd of programs(ctx.shell(run), 'apt-get')) {
          const install = aptGetInstall(cmd);
          if (!install) continue;
          for (const w of install.operands) {
            if (!w.literal) {
              const unset = unsetVersionVariable(ctx, run, info, w, (before) => /^[a-z0-9][^=/]*[=/]/i.test(before));
              if (unset) ctx.report({ at: { start: w.start, end: w.end }, message: 'unsetVersion', data: unsetVersionData(ctx, w, unset) });
              continue;
            }
            if (aptSkipped(w) || aptPinned(w.value)) continue;
            ctx.report({ at: { start: w.start, end: w.end }, message: 'unpinned', data: { pkg: w.value } });
          }
        }
      },
    };
  },
});
