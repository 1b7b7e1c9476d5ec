import type { ShellWord } from '../grammar/index.js';
import { defineRule, df } from './define.js';
import { editable } from './utils/run-commands.js';

/** UIDs from here on make lastlog and faillog (one fixed-size record per UID) grow to tens of megabytes. */
const LARGE = 100_000;

export default defineRule({
  id: 'useradd-large-uid',
  aliases: ['DL3046'],
  category: 'image-size',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'sometimes',
  onbuild: true,
  messages: {
    large: '`useradd` with the large UID {uid} writes huge log files into the image: add `-l` (`--no-log-init`)',
  },
  docs: {
    summary: '`useradd` with a UID of 100000 or more, without `-l`/`--no-log-init`.',
    why:
      'useradd records every new user in `/var/log/lastlog` and `/var/log/faillog`, files with one fixed-size ' +
      'record per UID, written at the offset of the UID. On disk those files are sparse, but image layers store ' +
      'them in full: a user with UID 123456789 can add gigabytes of zeros to the image and fill the build disk. ' +
      '`-l` (`--no-log-init`) skips those records; nothing in a container reads them.',
    bad: [
      {
        code: df`
          FROM debian:bookworm
          RUN useradd -u 1000001 -m app
        `,
        fixed: df`
          FROM debian:bookworm
          RUN useradd -l -u 1000001 -m app
        `,
      },
    ],
    good: [
      df`
        FROM debian:bookworm
        RUN useradd --no-log-init -u 1000001 -m app && useradd -u 1001 -m worker
      `,
      df`
        FROM debian:bookworm
        ARG UID
        RUN useradd -u "\${UID}" -m app
      `,
    ],
    fixSafety:
      'Unsafe: `-l` only leaves the new user out of the lastlog and faillog files, which a container never reads — ' +
      'but the image does change (those files stay small), so the fix is applied only on request.',
    whenNotToUse: 'Never needed for small UIDs; for large ones the flag has no downside in a container.',
    differences: {
      hadolint:
        'The UID is compared as a number and read from `--uid 123456` and `--uid=123456` too (hadolint measures the ' +
        'length of the text after `-u` only); a UID held in a variable is looked up when the Dockerfile sets it and ' +
        'is not reported when berth cannot know it.',
    },
    references: ['https://man7.org/linux/man-pages/man8/useradd.8.html', 'https://docs.docker.com/build/building/best-practices/#user'],
  },
  create(ctx) {
    /** The UID as a number: a literal, or a `${NAME}` the Dockerfile gives a value. */
    const uidOf = (w: ShellWord, at: number): number | undefined => {
      let v = w.value;
      const ref = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(v);
      if (ref) v = ctx.model.resolve(ref[1] as string, at)?.value ?? '';
      else if (!w.literal) return undefined;
      return /^\d+$/.test(v) ? Number(v) : undefined;
    };
    return {
      Run(run) {
        const script = ctx.shell(run);
        for (const cmd of script.commands) {
          if (cmd.name !== 'useradd' || cmd.hasFlag('l', 'no-log-init')) continue;
          const word = cmd.flagValue('u', 'uid');
          const uid = word ? uidOf(word, run.range.start) : undefined;
          if (!word || uid === undefined || uid < LARGE) continue;
          ctx.report({
            at: word,
            message: 'large',
            data: { uid },
            ...(editable(script) ? { fix: { title: 'Add -l (--no-log-init)', applicability: 'unsafe' as const, edits: [ctx.insertAfter(cmd.nameRange, ' -l')] } } : {}),
          });
        }
      },
    };
  },
});
