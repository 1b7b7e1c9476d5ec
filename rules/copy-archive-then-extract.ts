import type { Arg, CopyInstruction, ShellCommand } from '../grammar/index.js';
import { defineRule, df } from './define.js';
import { basename, expandedValue, isHeredocArg, isUnpackableTar } from './utils/instructions.js';

/** Programs that decompress what they are given (`gzip -d` and friends are handled by flag). */
const DECOMPRESSORS = new Set(['gunzip', 'bunzip2', 'unxz', 'unzstd', 'zcat', 'gzcat', 'bzcat', 'xzcat', 'zstdcat', 'uncompress']);
const COMPRESSORS = new Set(['gzip', 'bzip2', 'xz', 'zstd', 'pigz', 'pbzip2', 'pixz']);

/** True when the command extracts or decompresses an archive. */
function extracts(cmd: ShellCommand): boolean {
  const name = cmd.name;
  if (name === 'tar' || name === 'bsdtar' || name === 'gtar') {
    if (cmd.hasFlag('x', 'extract', 'get')) return true;
    // Old-style bundled options without a dash: `tar xzf app.tar.gz`.
    const first = cmd.args[0]?.value ?? '';
    return /^[A-Za-z]+$/.test(first) && first.includes('x');
  }
  if (DECOMPRESSORS.has(name)) return true;
  return COMPRESSORS.has(name) && cmd.hasFlag('d', 'decompress', 'uncompress');
}

interface Copied {
  source: Arg;
  copy: CopyInstruction;
}

export default defineRule({
  id: 'copy-archive-then-extract',
  aliases: ['DL3010'],
  category: 'image-size',
  severity: 'info',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  messages: {
    extracted: '`{file}` is copied into the image and then unpacked by `{command}`: the archive stays in a layer',
  },
  docs: {
    summary: 'A tar archive is COPYed into the image and unpacked by a later RUN of the same stage.',
    why:
      'Every COPY makes a layer, and deleting a file in a later step does not make earlier layers smaller. Copying ' +
      'an archive and unpacking it in a RUN stores the archive and its contents: the image carries the tarball ' +
      'forever even if the RUN removes it. `ADD app.tar.gz /opt/` unpacks a local tar archive in one step, and ' +
      '`RUN --mount=type=bind,source=app.tar.gz,target=/tmp/app.tar.gz tar -xzf /tmp/app.tar.gz -C /opt` ' +
      'unpacks it without ever storing it.',
    bad: [
      {
        code: df`
          FROM debian:bookworm-slim
          COPY vendor.tar.gz /tmp/
          RUN tar -xzf /tmp/vendor.tar.gz -C /opt && rm /tmp/vendor.tar.gz
        `,
      },
      {
        code: df`
          FROM alpine:3.20
          COPY dist.tgz /tmp/release.tar.gz
          RUN cd /opt && tar xzf /tmp/release.tar.gz
        `,
        note: 'The copy is renamed: the destination name is what the RUN unpacks.',
      },
    ],
    good: [
      df`
        FROM debian:bookworm-slim
        ADD vendor.tar.gz /opt/
      `,
      df`
        FROM debian:bookworm-slim
        RUN --mount=type=bind,source=vendor.tar.gz,target=/tmp/vendor.tar.gz tar -xzf /tmp/vendor.tar.gz -C /opt
      `,
      df`
        FROM debian:bookworm-slim
        COPY data.json.gz /srv/
        RUN gunzip /srv/data.json.gz
      `,
      df`
        FROM debian:bookworm-slim AS fetch
        COPY vendor.tar.gz /tmp/
        FROM debian:bookworm-slim
        RUN tar -xzf /tmp/vendor.tar.gz
      `,
      df`
        FROM debian:bookworm-slim
        COPY backup.tar /srv/
        RUN tar -tf /srv/backup.tar
      `,
    ],
    whenNotToUse:
      'When the archive must also stay in the image as a file, or when the RUN unpacks it with options ADD does not ' +
      'have (stripping leading path components, picking some members).',
    differences: {
      hadolint:
        'Only archives ADD can unpack are reported — tar, optionally compressed with gzip, bzip2, xz or zstd. A ' +
        'single compressed file (`data.json.gz`) or an lzip/compress archive is copied by ADD unchanged, so ' +
        'replacing the COPY would not help, and hadolint\'s report of it is a false positive. Decompressors are ' +
        'recognised in more spellings (`gzip -d`, `xzcat`, `bsdtar`). COPY\'s words are split at blanks as BuildKit ' +
        'splits them, quotes or not: `COPY a.tar.gz "C:\\Program Files\\x"` has three words, not a destination with ' +
        'a space (write it in the JSON form), and berth then does not know where the archive went.',
    },
    references: ['https://docs.docker.com/reference/dockerfile/#adding-local-tar-archives', 'https://docs.docker.com/build/building/best-practices/#add-or-copy'],
  },
  create(ctx) {
    let copied = new Map<string, Copied>();
    return {
      Stage() {
        copied = new Map();
      },
      Copy(copy, { stage }) {
        if (!stage || copy.flag('from')) return;
        const dest = copy.destination;
        const destValue = dest ? expandedValue(ctx, dest.value, copy) : undefined;
        const destIsDir = destValue === undefined || /[\\/]$/.test(destValue) || destValue === '.' || copy.sources.length > 1;
        for (const source of copy.sources) {
          if (isHeredocArg(copy, source) || /[*?[]/.test(source.value)) continue;
          const value = expandedValue(ctx, source.value, copy);
          if (value === undefined) continue;
          // The file keeps its name in a directory destination, else takes the destination's; when a destination
          // without `/` is an existing directory berth cannot tell, so both names are remembered.
          const entry = { source, copy };
          for (const name of [basename(value), destIsDir ? '' : basename(destValue ?? '')]) {
            if (name !== '' && isUnpackableTar(name)) copied.set(name, entry);
          }
        }
      },
      Run(run, { stage }) {
        if (!stage || copied.size === 0) return;
        for (const cmd of ctx.shell(run).commands) {
          if (!extracts(cmd)) continue;
          for (const a of cmd.args) {
            const name = basename(a.value.replace(/^--?[\w-]+=/, ''));
            const hit = copied.get(name);
            if (!hit) continue;
            for (const [k, v] of copied) if (v === hit) copied.delete(k);
            ctx.report({
              at: hit.source.range,
              message: 'extracted',
              data: { file: hit.source.value, command: cmd.name },
              related: [{ range: cmd.nameRange, message: 'unpacked here' }],
            });
          }
        }
      },
    };
  },
});
