import type { RunScript, ShellCommand, ShellWord } from '../grammar/index.js';
import { defineRule, df } from './define.js';
import { cacheMount, type Mount } from './utils/mounts.js';
import { APT_VALUE_FLAGS, appendPoint, invocation, privilegePrefix, programs, removesDir, simpleSubcommand, stageIsShipped } from './utils/os-packages.js';

const LISTS = '/var/lib/apt/lists';
const PACKAGES = '/var/cache/apt';

/** apt subcommands that download into /var/cache/apt (packages; with `update`, the package caches). */
const DOWNLOADING = new Set(['update', 'install', 'reinstall', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep']);

export default defineRule({
  id: 'apt-lists-not-removed',
  aliases: ['DL3009'],
  category: 'image-size',
  severity: 'info',
  status: 'stable',
  since: '0.2.0',
  fixable: 'sometimes',
  onbuild: true,
  messages: {
    kept: '`{command}` downloads package lists that stay in the image: remove /var/lib/apt/lists in the same RUN',
    packages:
      'This cache mount keeps /var/lib/apt out of the image, but not /var/cache/apt, where apt downloads packages: ' +
      'they stay in the image unless Debian\'s docker-clean hook deletes them. Mount /var/cache/apt as a cache too',
  },
  docs: {
    summary: '`apt-get update` without removing /var/lib/apt/lists afterwards in the same RUN.',
    why:
      '`apt-get update` downloads the package index of every configured repository into /var/lib/apt/lists — often ' +
      'tens of megabytes. Each RUN becomes a layer, so unless the same RUN deletes those files they ship with the ' +
      'image, and deleting them in a later RUN only hides them. The lists are also stale the moment the build ends: ' +
      'any later install should run `apt-get update` again anyway.',
    bad: [
      {
        code: df`
          FROM debian:bookworm
          RUN apt-get update && apt-get install -y --no-install-recommends curl
        `,
        fixed: df`
          FROM debian:bookworm
          RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
        `,
      },
      {
        code: df`
          FROM debian:bookworm
          RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /tmp/*
        `,
        fixed: df`
          FROM debian:bookworm
          RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /tmp/* && rm -rf /var/lib/apt/lists/*
        `,
        note: 'Removing something else does not remove the lists.',
      },
      {
        code: df`
          FROM debian:bookworm
          RUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y --no-install-recommends curl
        `,
        fixed: df`
          FROM debian:bookworm
          RUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
        `,
        note: 'The lists must be removed after the update, not before it.',
      },
      {
        code: df`
          FROM debian:bookworm
          RUN rm -f /etc/apt/apt.conf.d/docker-clean
          RUN --mount=type=cache,target=/var/lib/apt,sharing=locked \
              apt-get update && apt-get install -y --no-install-recommends curl
        `,
        fixed: df`
          FROM debian:bookworm
          RUN rm -f /etc/apt/apt.conf.d/docker-clean
          RUN --mount=type=cache,target=/var/lib/apt,sharing=locked --mount=type=cache,target=/var/cache/apt,sharing=locked \
              apt-get update && apt-get install -y --no-install-recommends curl
        `,
        note:
          'Half of Docker\'s apt cache setup: with the docker-clean hook gone, the downloaded packages land in the ' +
          'layer. The fix mounts /var/cache/apt too.',
      },
    ],
    good: [
      df`
        FROM debian:bookworm
        RUN apt-get update \
         && apt-get install -y --no-install-recommends curl \
         && rm -rf /var/lib/apt/lists/*
      `,
      df`
        FROM debian:bookworm
        RUN --mount=type=cache,target=/var/lib/apt,sharing=locked \
            --mount=type=cache,target=/var/cache/apt,sharing=locked \
            apt-get update && apt-get install -y --no-install-recommends curl
      `,
      df`
        FROM debian:bookworm AS fetch
        RUN apt-get update && apt-get download hello
        FROM debian:bookworm
        COPY --from=fetch /hello_*.deb /tmp/
      `,
    ],
    fixSafety:
      'Unsafe either way. For a cache mount of /var/lib/apt, it adds one of /var/cache/apt (with the same `sharing`), ' +
      'so the image no longer holds the downloaded packages. Otherwise it appends `&& rm -rf /var/lib/apt/lists/*` ' +
      'to the RUN, so the image no longer holds the lists. A ' +
      'later RUN — in this stage, a stage built from it, or an image built FROM it — that installs without running ' +
      '`apt-get update` first then fails. The fix is offered only for a plain shell-form line whose last command ' +
      'ends it (no heredoc, trailing comment or closing `done`/`fi`).',
    whenNotToUse:
      'A base image meant for interactive use, where people expect `apt-get install` to work without an update. A ' +
      'cache mount of /var/lib/apt alone is fine while the base image keeps Debian\'s docker-clean hook (which berth ' +
      'cannot see); mounting /var/cache/apt too costs nothing and makes the next build faster.',
    differences: {
      hadolint:
        'Only an `rm` of /var/lib/apt/lists, of everything in it, or of a folder holding it counts — hadolint ' +
        'accepts any `rm -rf` — and it must come after the last `update`. A glob the shell does not expand (`rm -rf ' +
        '"/var/lib/apt/lists/*"`, or the JSON form) removes nothing and does not count. A cache or tmpfs mount of ' +
        'a folder holding the lists (/var/lib/apt) without one of /var/cache/apt is reported also when the RUN ' +
        'only installs (hadolint looks only at RUNs with `update`), and not when the RUN runs `apt-get clean` after ' +
        'its last download.',
      notes:
        'Like hadolint, a cache or tmpfs mount on /var/lib/apt/lists exempts the RUN, and one on /var/lib/apt only ' +
        'together with one on /var/cache/apt: Docker\'s documented apt cache setup removes Debian\'s docker-clean ' +
        'hook so that the cache keeps the packages, and then /var/cache/apt must be a cache mount too or the ' +
        'packages stay in the layer. Only stages that end in an image are checked (the last stage and stages ' +
        'another stage is built FROM); an ONBUILD RUN is always checked.',
    },
    references: [
      'https://docs.docker.com/build/building/best-practices/#apt-get',
      'https://manpages.debian.org/bookworm/apt/apt-get.8.en.html',
      'https://docs.docker.com/build/cache/optimize/#use-cache-mounts',
    ],
  },
  create(ctx) {
    const packagesKept = (script: RunScript, mount: Mount): void => {
      let downloaded = false;
      for (const cmd of script.commands) {
        if (cmd.where.substitution) continue;
        if (cmd.name === 'apt-get' || cmd.name === 'apt' || cmd.name === 'aptitude') {
          const inv = invocation(cmd, APT_VALUE_FLAGS);
          const sub = inv && simpleSubcommand(inv);
          if (sub && DOWNLOADING.has(sub.name)) downloaded = true;
          else if (sub?.name === 'clean') downloaded = false;
        } else if (removesDir(cmd, ctx.text, `${PACKAGES}/archives`)) downloaded = false;
      }
      if (!downloaded) return;
      const sharing = mount.keys.sharing;
      const flag = `--mount=type=cache,target=${PACKAGES}${sharing ? `,sharing=${sharing}` : ''}`;
      ctx.report({
        at: mount.range,
        message: 'packages',
        fix: { title: `Mount ${PACKAGES} as a cache too`, applicability: 'unsafe', edits: [ctx.insertAfter(mount.range, ` ${flag}`)] },
      });
    };
    return {
      Run(run, info) {
        if (info.stage && !stageIsShipped(ctx.model, info.stage)) return;
        const script = ctx.shell(run);
        const mount = cacheMount(run, LISTS);
        if (mount) {
          // The lists never reach the image. A mount of a folder holding them (/var/lib/apt) is the apt cache setup,
          // which keeps downloaded packages too: without /var/cache/apt mounted, they end up in the layer.
          if (mount.above && !cacheMount(run, PACKAGES)) packagesKept(script, mount);
          return;
        }
        const updates = new Map<ShellCommand, ShellWord>();
        for (const cmd of programs(script, 'apt-get', 'apt', 'aptitude')) {
          const inv = invocation(cmd, APT_VALUE_FLAGS);
          const sub = inv && simpleSubcommand(inv);
          if (sub?.name === 'update') updates.set(cmd, sub.word);
        }
        if (updates.size === 0) return;
        let pending: ShellCommand | undefined;
        for (const cmd of script.commands) {
          if (updates.has(cmd)) pending = cmd;
          else if (pending && removesDir(cmd, ctx.text, LISTS)) pending = undefined;
        }
        if (!pending) return;
        const word = updates.get(pending) as ShellWord;
        const at = appendPoint(run, script);
        ctx.report({
          at: { start: pending.nameWord.start, end: word.end },
          message: 'kept',
          data: { command: `${pending.name} update` },
          ...(at !== undefined && {
            fix: {
              title: 'Remove /var/lib/apt/lists at the end of the RUN',
              applicability: 'unsafe' as const,
              edits: [{ start: at, end: at, text: ` && ${privilegePrefix(pending)}rm -rf ${LISTS}/*` }],
            },
          }),
        });
      },
    };
  },
});
