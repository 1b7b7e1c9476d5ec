import { defineRule, df } from './define.js';
import { hasCacheMount } from './utils/mounts.js';
import { addOption, apkAdd, programs, removesDir } from './utils/os-packages.js';
import { latestStart } from './utils/run-commands.js';

const CACHE = '/var/cache/apk';

export default defineRule({
  id: 'apk-add-without-no-cache',
  aliases: ['DL3019'],
  category: 'image-size',
  severity: 'info',
  status: 'stable',
  since: '0.2.0',
  fixable: 'sometimes',
  onbuild: true,
  messages: {
    missing: '`apk add` without `--no-cache` leaves the package index in the image',
  },
  docs: {
    summary: '`apk add` without `--no-cache`.',
    why:
      'To know what it can install, apk downloads the index of every repository and keeps it in /var/cache/apk. ' +
      'In a container image that copy only takes space — a few megabytes per repository — and is out of date as ' +
      'soon as the build ends. `apk add --no-cache` fetches a fresh index, uses it and keeps nothing, which also ' +
      'makes a separate `apk update` unnecessary.',
    bad: [
      {
        code: df`
          FROM alpine:3.20
          RUN apk add curl
        `,
        fixed: df`
          FROM alpine:3.20
          RUN apk add --no-cache curl
        `,
      },
    ],
    good: [
      df`
        FROM alpine:3.20
        RUN apk add --no-cache curl
      `,
      df`
        FROM alpine:3.20
        RUN --mount=type=cache,target=/var/cache/apk apk add curl
      `,
      df`
        FROM alpine:3.20
        RUN apk update && apk add curl && rm -rf /var/cache/apk/*
      `,
    ],
    fixSafety:
      'Unsafe: the image then lacks the index files in /var/cache/apk. apk fetches them again whenever it needs ' +
      'them, but a build that relies on a cache prepared earlier (an offline mirror copied into /etc/apk/cache) ' +
      'would no longer use it. No fix is offered inside an escaped `["sh", "-c", "…"]` string.',
    whenNotToUse: 'Images that deliberately keep a local apk cache, for example to install offline later.',
    differences: {
      hadolint:
        'An `rm` of /var/cache/apk (or of everything in it) later in the same RUN also counts, since the index then ' +
        'never reaches the image; a cache or tmpfs mount on /etc/apk/cache counts like one on /var/cache/apk. ' +
        'Commands inside `$(…)` are not checked.',
    },
    references: ['https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper', 'https://docs.docker.com/build/cache/optimize/#use-cache-mounts'],
  },
  create(ctx) {
    return {
      Run(run) {
        if (hasCacheMount(run, CACHE, '/etc/apk/cache')) return;
        const script = ctx.shell(run);
        let lastRemoval: number | undefined;
        for (const cmd of programs(script, 'apk')) {
          const add = apkAdd(cmd);
          if (!add || cmd.hasFlag('no-cache')) continue;
          lastRemoval ??= latestStart(script.commands, (c) => removesDir(c, ctx.text, CACHE));
          if (lastRemoval > cmd.end) continue;
          const edit = addOption(ctx.text, script, add.word, '--no-cache');
          ctx.report({
            at: cmd.nameRange,
            message: 'missing',
            ...(edit && { fix: { title: 'Add --no-cache', applicability: 'unsafe' as const, edits: [edit] } }),
          });
        }
      },
    };
  },
});
