import { editDistance, flagsOf, suggest } from '../grammar/index.js';
import { defineRule, df, type Report } from './define.js';
import { checkedFlags, frontendOf, missingVersion, needsLabs } from './utils/flags.js';

export default defineRule({
  id: 'unknown-flag',
  aliases: [],
  category: 'correctness',
  severity: 'error',
  status: 'stable',
  since: '0.3.0',
  fixable: 'sometimes',
  onbuild: true,
  messages: {
    typo: '`--{flag}` is not a flag of {instruction}; did you mean `--{suggestion}`?',
    unknown: '`--{flag}` is not a flag of {instruction}, which takes {flags}',
    none: '{instruction} takes no flags, so `--{flag}` makes the build fail',
    addFrom: 'ADD has no `--from`: copying from a stage or an image is `COPY --from`',
    tooNew: '`--{flag}` needs Dockerfile syntax {since} or newer, but the `# syntax` directive asks for {version}',
    labsOnly: '`--{flag}` only works with the labs frontend: start the file with `# syntax=docker/dockerfile:1-labs`',
  },
  docs: {
    summary: 'A flag the instruction does not take, or one the Dockerfile frontend in use does not know yet.',
    why:
      'Docker checks every `--flag` of an instruction against a fixed list and stops the build at the first one it ' +
      'does not know (`unknown flag: --chwon`). Flags are spelled exactly, in lower case, and each instruction has ' +
      'its own: COPY has `--from` but ADD does not, RUN has `--mount` but COPY does not. Newer flags also need a ' +
      'new enough frontend: a file that pins `# syntax=docker/dockerfile:1.2` cannot use `RUN --network`, which ' +
      'arrived in 1.3.',
    bad: [
      { code: df`
          FROM alpine:3.20
          COPY --chwon=app:app . /app/
        `, fixed: df`
          FROM alpine:3.20
          COPY --chown=app:app . /app/
        ` },
      { code: df`
          FROM alpine:3.20
          RUN --mout=type=cache,target=/var/cache/apk apk add curl
        `, fixed: df`
          FROM alpine:3.20
          RUN --mount=type=cache,target=/var/cache/apk apk add curl
        ` },
      { code: df`
          FROM golang:1.23 AS build
          FROM alpine:3.20
          ADD --from=build /out/app /usr/local/bin/app
        `, fixed: df`
          FROM golang:1.23 AS build
          FROM alpine:3.20
          COPY --from=build /out/app /usr/local/bin/app
        `, note: 'Only COPY copies from another stage.' },
      { code: df`
          FROM alpine:3.20
          WORKDIR --parents /srv/app
        `, note: 'WORKDIR creates missing parent directories by itself; it takes no flags.' },
      { code: df`
          # syntax=docker/dockerfile:1.2
          FROM alpine:3.20
          RUN --network=none make test
        `, note: 'The pinned frontend is older than the flag (RUN --network arrived in 1.3).' },
      { code: df`
          FROM ubuntu:24.04
          RUN --device=nvidia.com/gpu=all nvidia-smi
        ` },
    ],
    good: [
      df`
        # syntax=docker/dockerfile:1
        FROM alpine:3.20
        COPY --chown=app:app --chmod=755 --link entrypoint.sh /usr/local/bin/
        RUN --mount=type=cache,target=/var/cache/apk --network=none apk add curl
        HEALTHCHECK --interval=30s --retries=3 CMD wget -qO- http://localhost/ || exit 1
      `,
      df`
        # syntax=docker/dockerfile:1.7-labs
        FROM alpine:3.20
        COPY --parents --exclude=*.md src/ /app/
      `,
      df`
        FROM alpine:3.20
        ARG --anything VERSION=1
        STOPSIGNAL --ignored SIGTERM
        HEALTHCHECK --ignored NONE
      `,
    ],
    fixSafety:
      'Unsafe: the flag is renamed to the closest one the instruction takes (only when it differs by a character or ' +
      'two), and `ADD --from` becomes `COPY --from`; check that this is what you meant.',
    differences: {
      buildkit:
        'BuildKit stops at the first unknown flag; berth reports each one. When the file has no `# syntax` ' +
        'directive, the frontend built into the Docker Engine runs it and its version is unknown, so berth only ' +
        'checks versions against a pinned directive.',
      notes:
        'BuildKit ignores flags on ARG, STOPSIGNAL and `HEALTHCHECK NONE`; so does berth. Versions of COPY and ADD ' +
        'flags are left to copy-flag-needs-newer-syntax.',
    },
    references: [
      'https://docs.docker.com/reference/dockerfile/',
      'https://docs.docker.com/build/buildkit/frontend/',
    ],
  },
  create(ctx) {
    const frontend = frontendOf(ctx.file);
    return {
      Instruction(instr) {
        for (const { flag, facts } of checkedFlags(instr)) {
          const data = { flag: flag.name, instruction: instr.name };
          if (facts) {
            if (needsLabs(ctx.file, facts)) {
              ctx.report({ at: flag.nameRange, message: 'labsOnly', data });
              continue;
            }
            // Versions of COPY and ADD flags are copy-flag-needs-newer-syntax's.
            const since = instr.kind === 'Copy' || instr.kind === 'Add' ? undefined : missingVersion(frontend, facts);
            if (since) ctx.report({ at: flag.nameRange, message: 'tooNew', data: { ...data, since, version: frontend?.tag ?? '' } });
            continue;
          }
          const plainName = ctx.slice(flag.nameRange) === `--${flag.name}`;
          if (instr.kind === 'Add' && flag.name === 'from') {
            const kw = instr.keywordText;
            const onlyAdd = instr.flags.some((f) => ['checksum', 'keep-git-dir', 'unpack'].includes(f.name));
            const copy = kw === kw.toLowerCase() ? 'copy' : kw === kw.toUpperCase() ? 'COPY' : 'Copy';
            const report: Report = { at: flag.nameRange, message: 'addFrom', data };
            if (!onlyAdd && ctx.slice(instr.keyword) === kw) {
              report.fix = { title: 'Use COPY --from', applicability: 'unsafe', edits: [ctx.replace(instr.keyword, copy)] };
            }
            ctx.report(report);
            continue;
          }
          const names = flagsOf(instr.name).map((f) => f.name);
          if (names.length === 0) {
            ctx.report({ at: flag.nameRange, message: 'none', data });
            continue;
          }
          const guess = suggest(flag.name, names);
          if (guess) {
            const report: Report = { at: flag.nameRange, message: 'typo', data: { ...data, suggestion: guess } };
            if (editDistance(flag.name, guess) <= 2 && plainName) {
              report.fix = { title: `Rename to --${guess}`, applicability: 'unsafe', edits: [ctx.replace(flag.nameRange, `--${guess}`)] };
            }
            ctx.report(report);
            continue;
          }
          ctx.report({ at: flag.nameRange, message: 'unknown', data: { ...data, flags: names.map((n) => `\`--${n}\``).join(', ') } });
        }
      },
    };
  },
});
