import type { AddInstruction, CopyInstruction, Flag } from '../grammar/index.js';
import { defineRule, df } from './define.js';
import { expandedValue } from './utils/instructions.js';
import { atLeast, frontendOf, parseVersion, remoteSource, versionText, type Frontend, type SyntaxVersion } from './utils/new-syntax.js';

/** A COPY/ADD flag (or one use of it) that older Dockerfile frontends reject, and since when it works. */
interface Requirement {
  /** How the message names it. */
  what: string;
  /** First release of the stable channel that accepts it. */
  stable: SyntaxVersion;
  /** First release of the labs channel that accepts it, when it came there first. */
  labs?: SyntaxVersion;
}

const PARENTS: Requirement = { what: '`COPY --parents`', labs: [1, 7], stable: [1, 20] };
const EXCLUDE: Requirement = { what: '`--exclude`', labs: [1, 7], stable: [1, 19] };
const CHECKSUM: Requirement = { what: '`ADD --checksum`', labs: [1, 5], stable: [1, 6] };
const CHECKSUM_GIT: Requirement = { what: '`ADD --checksum` for a Git source', stable: [1, 16] };
const KEEP_GIT_DIR: Requirement = { what: '`ADD --keep-git-dir`', labs: [1, 5], stable: [1, 6] };
const UNPACK: Requirement = { what: '`ADD --unpack`', stable: [1, 17] };
const LINK: Requirement = { what: '`--link`', stable: [1, 4] };
const CHMOD: Requirement = { what: '`--chmod`', stable: [1, 2] };
const CHMOD_SYMBOLIC: Requirement = { what: 'A symbolic `--chmod` mode', labs: [1, 11], stable: [1, 14] };

/** `u+x`, `go=rX`, `+x,u-w`: the symbolic modes of chmod(1). */
const SYMBOLIC_MODE = /^[ugoa]*[-+=][rwxXst]*(,[ugoa]*[-+=][rwxXst]*)*$/;

/** Docker Engine 23.0, the first release that builds with BuildKit by default, has Dockerfile frontend 1.4. */
const DEFAULT_ASSUMED = '1.4';

export default defineRule({
  id: 'copy-flag-needs-newer-syntax',
  aliases: [],
  category: 'correctness',
  severity: 'error',
  status: 'stable',
  since: '0.3.0',
  fixable: 'never',
  messages: {
    tooOld: '{what} needs Dockerfile syntax {needs}, and `{syntax}` is older: the build fails',
    labsOnly: '{what} is only in the labs channel of `{syntax}`: use `{labsTag}`, or {stable} or later',
    noDirective:
      '{what} needs Dockerfile syntax {needs}: pin it with `# syntax=docker/dockerfile:{suggest}`, or builders older than that fail',
  },
  options: {
    assumedSyntax: {
      type: 'string',
      default: DEFAULT_ASSUMED,
      description:
        'The Dockerfile syntax version assumed for a file without a `# syntax` directive: the frontend built into ' +
        'the oldest Docker Engine you build with (1.4 = Docker Engine 23.0, the first to use BuildKit by default).',
    },
  },
  docs: {
    summary: 'A COPY or ADD flag that the Dockerfile syntax version in use does not have yet.',
    why:
      'The Dockerfile language is versioned: the `# syntax=docker/dockerfile:<version>` directive picks the ' +
      'frontend that reads the file, and without it the builder uses the frontend built into it, which is only as ' +
      'new as your Docker Engine. Flags arrived over time — `--link` in 1.4, `ADD --checksum` in 1.6, `--exclude` ' +
      'and `COPY --parents` first in the 1.7 labs channel and in the stable channel only from 1.19 and 1.20. A flag ' +
      'the frontend does not know fails the build with `unknown flag`, or with an error that it needs the labs ' +
      'channel. Pinning a new enough version makes the build work the same on every machine.',
    bad: [
      {
        code: df`
          # syntax=docker/dockerfile:1.7
          FROM node:22-alpine
          COPY --parents packages/*/package.json /app/
        `,
        note: 'In 1.7 `--parents` exists only in the labs channel (`1.7-labs`).',
      },
      {
        code: df`
          # syntax=docker/dockerfile:1.4
          FROM alpine:3.20
          ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /opt/
        `,
      },
      {
        code: df`
          FROM node:22-alpine
          COPY --exclude=*.md . /app/
        `,
        note: 'No directive: a builder older than Dockerfile 1.19 rejects `--exclude`.',
      },
    ],
    good: [
      df`
        # syntax=docker/dockerfile:1
        FROM node:22-alpine
        COPY --parents --exclude=*.md packages/*/package.json /app/
      `,
      df`
        # syntax=docker/dockerfile:1.7-labs
        FROM node:22-alpine
        COPY --parents packages/*/package.json /app/
      `,
      df`
        # syntax=docker/dockerfile:1.20
        FROM node:22-alpine
        COPY --parents packages/*/package.json /app/
      `,
      df`
        FROM alpine:3.20
        COPY --link --chmod=755 entrypoint.sh /usr/local/bin/
      `,
      df`
        # syntax=example.com/custom/frontend:2
        FROM alpine:3.20
        COPY --parents src/ /app/
      `,
    ],
    whenNotToUse:
      'Builds that always run on one builder you control and know to be new enough — or set `assumedSyntax` to its ' +
      'version so that files without a directive are judged against it.',
    differences: {
      notes:
        'Neither hadolint nor BuildKit checks this before the build. berth reads only the official ' +
        '`docker/dockerfile` and `docker/dockerfile-upstream` images; another frontend, a digest without a tag, or ' +
        'a floating tag (`1`, `1-labs`, `latest`) raises nothing. Without a directive the version is unknown, so ' +
        'berth assumes `assumedSyntax` (1.4 by default). The `BUILDKIT_SYNTAX` build argument, which can override ' +
        'the directive, is not visible in the file.',
    },
    references: [
      'https://docs.docker.com/build/buildkit/frontend/',
      'https://docs.docker.com/build/buildkit/dockerfile-release-notes/',
      'https://docs.docker.com/reference/dockerfile/#copy---parents',
      'https://docs.docker.com/reference/dockerfile/#copy---exclude',
    ],
  },
  create(ctx) {
    const assumed = parseVersion(String(ctx.options.assumedSyntax ?? DEFAULT_ASSUMED)) ?? (parseVersion(DEFAULT_ASSUMED) as SyntaxVersion);
    const frontend = frontendOf(ctx.file, assumed);
    const check = (instr: CopyInstruction | AddInstruction, isAdd: boolean): void => {
      if (!frontend || frontend.version === undefined) return;
      for (const flag of instr.flags) {
        for (const [req, at] of requirementsOf(flag, isAdd, instr)) report(frontend, flag, req, at);
      }
    };
    const requirementsOf = (flag: Flag, isAdd: boolean, instr: CopyInstruction | AddInstruction): Array<[Requirement, { start: number; end: number }]> => {
      const at = flag.nameRange;
      switch (flag.name) {
        case 'parents':
          return isAdd ? [] : [[PARENTS, at]];
        case 'exclude':
          return [[EXCLUDE, at]];
        case 'link':
          return [[LINK, at]];
        case 'chmod': {
          const value = flag.value ?? '';
          // A symbolic mode needs a newer release than the flag itself: one finding, for the stricter need.
          if (!value.includes('$') && SYMBOLIC_MODE.test(value)) return [[CHMOD_SYMBOLIC, flag.valueRange ?? at]];
          return [[CHMOD, at]];
        }
        case 'checksum': {
          if (!isAdd) return [];
          const git = instr.sources.some((s) => remoteSource(expandedValue(ctx, s.value, instr) ?? s.value)?.kind === 'git');
          return [[git ? CHECKSUM_GIT : CHECKSUM, at]];
        }
        case 'keep-git-dir':
          return isAdd ? [[KEEP_GIT_DIR, at]] : [];
        case 'unpack':
          return isAdd ? [[UNPACK, at]] : [];
        default:
          return [];
      }
    };
    const report = (fe: Frontend, flag: Flag, req: Requirement, at: { start: number; end: number }): void => {
      const version = fe.version as SyntaxVersion;
      if (atLeast(version, fe.labs && req.labs ? req.labs : req.stable)) return;
      const needs = req.labs ? `${versionText(req.stable)}+ (labs: ${versionText(req.labs)}+)` : `${versionText(req.stable)}+`;
      const related = fe.range ? [{ range: fe.range, message: 'The Dockerfile syntax version is chosen here' }] : undefined;
      const base = { what: req.what, needs, flag: flag.name };
      if (fe.text === undefined) {
        ctx.report({ at, message: 'noDirective', data: { ...base, suggest: versionText(req.stable) } });
        return;
      }
      if (!fe.labs && req.labs && atLeast(version, req.labs)) {
        const labsTag = `docker/dockerfile:${versionText(version)}-labs`;
        ctx.report({ at, message: 'labsOnly', data: { ...base, syntax: fe.text, labsTag, stable: versionText(req.stable) }, ...(related ? { related } : {}) });
        return;
      }
      ctx.report({ at, message: 'tooOld', data: { ...base, syntax: fe.text }, ...(related ? { related } : {}) });
    };
    return {
      Copy(copy) {
        check(copy, false);
      },
      Add(add) {
        check(add, true);
      },
    };
  },
});
