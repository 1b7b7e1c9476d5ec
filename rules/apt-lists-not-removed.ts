import type { ShellCommand, ShellWord } from '../grammar/index.js';
import { defineRule, df } from './define.js';
import { hasCacheMount } from './utils/mounts.js';
import { APT_VALUE_FLAGS, appendPoint, invocation, privilegePrefix, programs, removesDir, simpleSubcommand, stageIsShipped } from './utils/os-packages.js';

const LISTS = '/var/lib/apt/lists';

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
      'Unsafe: it appends `&& rm -rf /var/lib/apt/lists/*` to the RUN, so the image no longer holds the lists. A ' +
      'later RUN — in this stage, a stage built from it, or an image built FROM it — that installs without running ' +
      '`apt-get update` first then fails. The fix is offered only for a plain shell-form line whose last command ' +
      'ends it (no heredoc, trailing comment or closing `done`/`fi`).',
    whenNotToUse: 'A base image meant for interactive use, where people expect `apt-get install` to work without an update.',
    differences: {
      hadolint:
        'Only an `rm` of /var/lib/apt/lists, of everything in it, or of a folder holding it counts — hadolint ' +
        'accepts any `rm -rf` — and it must come after the last `update`. A glob the shell does not expand (`rm -rf ' +
        '"/var/lib/apt/lists/*"`, or the JSON form) removes nothing and does not count. Like hadolint, a cache or ' +
        'tmpfs mount on /var/lib/apt/lists or /var/lib/apt exempts the RUN, and only stages that end in an image ' +
        'are checked (the last stage and stages another stage is built FROM); an ONBUILD RUN is always checked.',
    },
    references: [
      'https://docs.docker.com/build/building/best-practices/#apt-get',
      'https://manpages.debian.org/bookworm/apt/apt-get.8.en.html',
      'https://docs.docker.com/build/cache/optimize/#use-cache-mounts',
    ],
  },
  create(ctx) {
    return {
      Run(run, info) {
        if (info.stage && !stageIsShipped(ctx.model, info.stage)) return;
        if (hasCacheMount(run, LISTS)) return;
        const script = ctx.shell(run);
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
