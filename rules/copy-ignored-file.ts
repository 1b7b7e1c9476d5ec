import type { CopyInstruction } from '../grammar/index.js';
import { defineRule, df } from './define.js';
import { DockerIgnore, goClean } from './utils/buildkit-checks.js';
import { expandedValue, isHeredocArg, isRemoteSource } from './utils/instructions.js';

export default defineRule({
  id: 'copy-ignored-file',
  aliases: ['CopyIgnoredFile'],
  category: 'correctness',
  severity: 'warning',
  status: 'stable',
  since: '0.3.0',
  fixable: 'never',
  messages: {
    ignored: '`{path}` is excluded by .dockerignore: {keyword} will not find it in the build context',
  },
  docs: {
    summary: 'COPY or ADD of a path from the build context that `.dockerignore` excludes.',
    why:
      'Files matched by `.dockerignore` are never sent to the builder, so for COPY and ADD they do not exist: the ' +
      'step fails with "not found", or — with a wildcard or a folder — quietly copies less than you expect. ' +
      'Either the ignore pattern is too wide or the COPY names the wrong path. BuildKit reports this too. berth ' +
      'checks it when it knows the `.dockerignore`: both the CLI and the editor prefer `<Dockerfile>.dockerignore`, ' +
      "else read the build context's (for the CLI `--context DIR`, else the Dockerfile's folder; in the editor the " +
      "Dockerfile's folder).",
    bad: [
      {
        code: df`
          FROM alpine:3.20
          COPY build/app /usr/local/bin/app
        `,
        note: 'With a `.dockerignore` holding `build`, the folder and everything in it are left out of the context.',
      },
      {
        code: df`
          FROM alpine:3.20
          COPY ./docs/notes.tmp /srv/
        `,
        note: 'With `*/*.tmp` in `.dockerignore`.',
      },
    ],
    good: [
      df`
        FROM alpine:3.20
        COPY src/ /srv/src/
        COPY . /srv/
      `,
      df`
        FROM golang:1.23 AS build
        RUN mkdir -p build && go build -o build/app .
        FROM alpine:3.20
        COPY --from=build /go/build/app /usr/local/bin/app
      `,
    ],
    exampleSettings: { dockerignore: ['# build output', 'build', '*/*.tmp', 'node_modules'] },
    whenNotToUse: 'Builds whose context is assembled elsewhere (a CI step that adds files after checkout).',
    differences: {
      buildkit:
        'Sources written with variables are checked only when berth knows their values (BuildKit uses the values of ' +
        'the build).',
      notes:
        'Like BuildKit: a `.dockerignore` with exception lines (`!keep.txt`) turns the check off, because a folder ' +
        'can be ignored while files inside it are brought back; `.` and `/` are only reported when a pattern ' +
        'ignores everything (`*`, `**`, `**/*`); `COPY --from` sources, URLs and Git sources are not from the ' +
        'context. Patterns match as Go\'s `filepath.Match` with `**`, and a path also counts as ignored when one of ' +
        'its parent folders is.',
    },
    references: ['https://docs.docker.com/go/dockerfile/rule/copy-ignored-file/', 'https://docs.docker.com/build/concepts/context/#dockerignore-files'],
  },
  create(ctx) {
    const lines = ctx.settings.dockerignore;
    const ignore = lines ? DockerIgnore.read(lines) : undefined;
    if (!ignore || ignore.hasExclusions) return {};
    const check = (instr: CopyInstruction): void => {
      if (instr.kind === 'Copy' && instr.flag('from')) return;
      for (const src of instr.sources) {
        if (isHeredocArg(instr, src)) continue;
        const value = expandedValue(ctx, src.value, instr);
        if (value === undefined || value === '') continue;
        if (instr.kind === 'Add' && isRemoteSource(value)) continue;
        const path = goClean(value);
        if ((path === '.' || path === '/') && !ignore.ignoresRoot) continue;
        if (ignore.matchesOrParentMatches(path) === true) {
          ctx.report({ at: src.range, message: 'ignored', data: { path, keyword: instr.name } });
        }
      }
    };
    return { Copy: check, Add: check };
  },
});
