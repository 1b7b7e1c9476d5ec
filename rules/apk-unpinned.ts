import { defineRule, df } from './define.js';
import { apkAdd, apkPinned, programs } from './utils/os-packages.js';
import { UNSET_VERSION_MESSAGE, unsetVersionData, unsetVersionVariable } from './utils/version-variables.js';

export default defineRule({
  id: 'apk-unpinned',
  aliases: ['DL3018'],
  category: 'reproducibility',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  onbuild: true,
  messages: {
    unpinned: '`{pkg}` is installed without a version: pin it as `{pkg}=<version>` or `{pkg}~<version>`',
    unsetVersion: UNSET_VERSION_MESSAGE,
  },
  docs: {
    summary: 'A package in `apk add` has no version constraint.',
    why:
      '`apk add curl` installs the newest curl in the Alpine repository at build time, so the same Dockerfile ' +
      'builds different images as the repository moves on. A constraint such as `curl=8.9.1-r2` (exactly this ' +
      'build) or `curl~8.9` (any 8.9 release) keeps rebuilds predictable and makes a vanished version fail the ' +
      'build instead of silently changing the image.',
    bad: [
      {
        code: df`
          FROM alpine:3.20
          RUN apk add --no-cache curl=8.9.1-r2 git
        `,
        note: '`git` is reported; `curl` is pinned.',
      },
    ],
    good: [
      df`
        FROM alpine:3.20
        RUN apk add --no-cache curl=8.9.1-r2 "git~2.45" "openssl>=3.3" ./local/tool-1.0-r0.apk
      `,
      df`
        FROM alpine:3.20
        RUN apk add --no-cache --virtual .build-deps gcc=13.2.1_git20240309-r0 \
         && apk del .build-deps
      `,
      df`
        FROM alpine:3.20
        ARG PACKAGES
        RUN apk add --no-cache \${PACKAGES}
      `,
    ],
    whenNotToUse:
      'Images rebuilt on purpose to take the latest fixes of a stable Alpine branch: pin the base image tag instead ' +
      'and turn this rule off.',
    differences: {
      hadolint:
        'A word holding a variable or a command substitution (`${PACKAGES}`) is not reported as unpinned, because ' +
        'berth cannot see what it names, and a version from a variable an ARG or ENV declares is trusted (hadolint ' +
        'reports both); but a version taken from a variable that nothing sets in the stage (no ARG or ENV declares ' +
        'it, the RUN does not set it, and the base image is not known to set it) is reported on its own: the ' +
        'version is then empty (`curl=$CURL_VERSION`). The values of `-p/--root`, `--arch`, `--cache-dir` and apk\'s ' +
        'other options with a value are not taken for packages. Commands inside `$(…)` are not checked.',
    },
    references: ['https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper', 'https://wiki.alpinelinux.org/wiki/Package_management'],
  },
  create(ctx) {
    return {
      Run(run, info) {
        for (const cmd of programs(ctx.shell(run), 'apk')) {
          const add = apkAdd(cmd);
          if (!add) continue;
          for (const w of add.operands) {
            if (!w.literal) {
              const unset = unsetVersionVariable(ctx, run, info, w, (before) => /^[a-z0-9][^=~<>]*[=~<>]/i.test(before));
              if (unset) ctx.report({ at: { start: w.start, end: w.end }, message: 'unsetVersion', data: unsetVersionData(ctx, w, unset) });
              continue;
            }
            if (w.value === '' || apkPinned(w.value)) continue;
            ctx.report({ at: { start: w.start, end: w.end }, message: 'unpinned', data: { pkg: w.value } });
          }
        }
      },
    };
  },
});
