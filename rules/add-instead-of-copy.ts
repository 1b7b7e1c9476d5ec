import { defineRule, df } from './define.js';
import { expandedValue, isHeredocArg, isRemoteSource, mayBeArchive } from './utils/instructions.js';

/** Flags only ADD has: with them the instruction is deliberate, and COPY would reject them. */
const ADD_ONLY_FLAGS = ['checksum', 'keep-git-dir', 'unpack'];

export default defineRule({
  id: 'add-instead-of-copy',
  aliases: ['DL3020'],
  category: 'maintainability',
  severity: 'info',
  status: 'stable',
  since: '0.2.0',
  fixable: 'sometimes',
  messages: {
    local: '`ADD {source}` copies a local file: use COPY, which does only that',
  },
  docs: {
    summary: 'ADD used for a local file or directory that is neither a URL nor a tar archive.',
    why:
      'ADD does more than copy: it downloads URLs, clones Git repositories and unpacks local tar archives — the ' +
      'last one decided by the file\'s content, not its name. Used for ordinary files it does what COPY does, but a ' +
      'reader has to wonder which of its extra behaviours was intended, and a file that happens to be a tarball is ' +
      'silently unpacked. COPY states the intent and has no surprises; keep ADD for what only it can do.',
    bad: [
      {
        code: df`
          FROM alpine:3.20
          ADD app.conf /etc/app/
        `,
        fixed: df`
          FROM alpine:3.20
          COPY app.conf /etc/app/
        `,
      },
      {
        code: df`
          FROM alpine:3.20
          ADD https://example.com/tool.tar.gz ./config.yml /opt/tool/
        `,
        note: 'One source is local and not an archive. Mixed with a URL, the fix is left to you.',
      },
    ],
    good: [
      df`
        FROM alpine:3.20
        COPY app.conf /etc/app/
      `,
      df`
        FROM alpine:3.20
        ADD https://example.com/tool.tar.gz /opt/tool/
        ADD vendor.tar.xz /opt/vendor/
        ADD git@github.com:moby/buildkit.git /src/buildkit
      `,
      df`
        FROM alpine:3.20
        ARG SOURCE_URL=https://example.com/tool.bin
        ADD \${SOURCE_URL} /usr/local/bin/tool
      `,
    ],
    fixSafety:
      'Safe: for local paths without ADD\'s own flags, ADD and COPY produce the same files — unless a source is a ' +
      'tar archive under a name that does not say so (`vendor.bin` holding a tarball), which ADD would unpack. The ' +
      'fix is only offered when every source is a local path or a heredoc and no ADD-only flag (`--checksum`, ' +
      '`--keep-git-dir`, `--unpack`) is given.',
    differences: {
      hadolint:
        'Git sources (`git@host:repo`, `git://`, `ssh://`) count as remote like URLs, and sources whose value berth ' +
        'cannot know (`ADD ${URL} …` with an undeclared or default-less ARG) are not reported; hadolint reports ' +
        'both.',
    },
    references: ['https://docs.docker.com/reference/dockerfile/#add', 'https://docs.docker.com/build/building/best-practices/#add-or-copy'],
  },
  create(ctx) {
    return {
      Add(add) {
        let first: { value: string; range: { start: number; end: number } } | undefined;
        let plain = true;
        for (const source of add.sources) {
          if (isHeredocArg(add, source)) {
            first ??= source;
            continue;
          }
          const value = expandedValue(ctx, source.value, add);
          if (value === undefined || isRemoteSource(value) || mayBeArchive(value.replace(/[\\/]+$/, ''))) {
            plain = false;
            continue;
          }
          first ??= source;
        }
        if (!first) return;
        const keyword = add.keyword;
        const fixable = plain && !ADD_ONLY_FLAGS.some((f) => add.flag(f)) && ctx.slice(keyword).length === 3;
        ctx.report({
          at: first.range,
          message: 'local',
          data: { source: first.value },
          ...(fixable
            ? {
                fix: {
                  title: 'Use COPY',
                  applicability: 'safe' as const,
                  edits: [ctx.replace(keyword, /^[a-z]/.test(ctx.slice(keyword)) ? 'copy' : 'COPY')],
                },
              }
            : {}),
        });
      },
    };
  },
});
