import { defineRule, df } from './define.js';
import { goFetch, goLocal, goVersionMoves } from './utils/run-commands.js';
import { UNSET_VERSION_MESSAGE, unsetVersionData, unsetVersionVariable } from './utils/version-variables.js';

export default defineRule({
  id: 'go-install-unpinned',
  aliases: ['DL3062'],
  category: 'reproducibility',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  onbuild: true,
  messages: {
    moving: '`{name}` asks for `@{version}`, which moves as new versions are released: pin a version (`@v1.2.3`)',
    missing: '`go get {name}` without a version takes the newest release: add `@<version>`',
    unsetVersion: UNSET_VERSION_MESSAGE,
  },
  docs: {
    summary: '`go install`, `go get` or `go run` of a module at a moving version (`@latest`, a branch), or `go get` of a module without a version.',
    why:
      '`go install tool@latest` resolves `latest` when the image is built, so the same Dockerfile installs a ' +
      'different build of the tool after each release, and a breaking release fails the build with no change on ' +
      'your side. A tagged version (`@v1.61.0`) or a commit always names the same code, and Go verifies it against ' +
      'the checksum database. `go get` of a module without a version takes its newest release, like `@latest` — ' +
      'also `go get -tool`, which records a tool in go.mod, and `go get -u`. What counts as a module is a path ' +
      'whose first element holds a dot (`github.com/…`, `golang.org/x/…`); a path without one (a standard-library ' +
      'or main-module package, or `all`, `tool`, `std`) downloads nothing and is not reported.',
    bad: [
      {
        code: df`
          FROM golang:1.23
          RUN go install golang.org/x/tools/gopls@latest
        `,
      },
      {
        code: df`
          FROM golang:1.23
          WORKDIR /src
          RUN go get github.com/spf13/cobra
        `,
      },
      {
        code: df`
          FROM golang:1.24
          WORKDIR /src
          RUN go get -tool golang.org/x/tools/cmd/stringer
        `,
      },
    ],
    good: [
      df`
        FROM golang:1.23
        RUN go install golang.org/x/tools/gopls@v0.16.2 github.com/go-delve/delve/cmd/dlv@v1.23.1
      `,
      df`
        FROM golang:1.23
        WORKDIR /src
        COPY . .
        RUN go install ./cmd/server && go run . -version && go install github.com/a-h/templ/cmd/templ
      `,
      df`
        FROM golang:1.23
        RUN go run golang.org/x/tools/cmd/stringer@v0.24.0 -type=Kind && go get example.com/old@none
      `,
      df`
        FROM golang:1.24
        WORKDIR /src
        RUN go get -tool golang.org/x/tools/cmd/stringer@v0.30.0 && go get -u all && go get tool && go get myapp/internal/db
      `,
    ],
    whenNotToUse: 'Tooling images that should always carry the newest release of a tool.',
    differences: {
      hadolint:
        '`go install` and `go run` of a package without `@version` are not reported, since Go then builds it at the ' +
        'version the main module\'s go.mod requires (or refuses outside a module); `go get` without a version is ' +
        'reported because it upgrades (when the path\'s first element holds a dot, whatever flags come before it: ' +
        '`-tool`, `-u`, `-d`); `@none` is not reported (it removes a requirement); a `go run` in the same RUN does ' +
        'not stop `go install` from being checked; `main.go` and other local files are not taken for modules. A ' +
        'version from a variable an ARG or ENV declares is trusted, but a version taken from a variable that ' +
        'nothing sets in the stage (no ARG or ENV declares it, the RUN does not set it, and the base image is not ' +
        'known to set it) is reported on its own: the version is then empty (`tool@$VERSION`), where hadolint takes ' +
        'any variable for a version.',
    },
    references: ['https://go.dev/ref/mod#go-install', 'https://go.dev/ref/mod#go-get', 'https://go.dev/ref/mod#version-queries'],
  },
  create(ctx) {
    return {
      Run(run, info) {
        for (const cmd of ctx.shell(run).commands) {
          const go = goFetch(cmd);
          if (!go) continue;
          for (const p of go.packages) {
            if (!p.literal) {
              const unset = unsetVersionVariable(ctx, run, info, p, (before) => /^[^@]+@/.test(before));
              if (unset) ctx.report({ at: { start: p.start, end: p.end }, message: 'unsetVersion', data: unsetVersionData(ctx, p, unset) });
              continue;
            }
            if (goLocal(p.value)) continue;
            const at = p.value.indexOf('@');
            const name = at < 0 ? p.value : p.value.slice(0, at);
            if (at >= 0) {
              const version = p.value.slice(at + 1);
              if (goVersionMoves(version)) ctx.report({ at: p, message: 'moving', data: { name, version } });
            } else if (go.sub === 'get' && /^[^/]*\.[^/]*\//.test(p.value + '/')) {
              ctx.report({ at: p, message: 'missing', data: { name } });
            }
          }
        }
      },
    };
  },
});
