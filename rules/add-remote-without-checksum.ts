import { defineRule, df } from './define.js';
import { expandedValue } from './utils/instructions.js';
import { remoteSource } from './utils/new-syntax.js';

export default defineRule({
  id: 'add-remote-without-checksum',
  aliases: [],
  category: 'security',
  severity: 'warning',
  status: 'stable',
  since: '0.3.0',
  fixable: 'never',
  onbuild: true,
  messages: {
    http: '`ADD` downloads `{source}` without `--checksum`: nothing checks that the file is the one you expect',
    git: '`ADD` clones `{source}` without pinning a commit: add `--checksum=<commit>` or use a commit hash as the ref',
  },
  docs: {
    summary: '`ADD` of a URL or a Git repository without `--checksum`.',
    why:
      'ADD fetches an HTTP(S) URL or clones a Git repository at build time and puts whatever it receives into the ' +
      'image. Without `--checksum` nothing checks that content: a compromised or hijacked server, a moved tag or a ' +
      'force-pushed branch silently changes what you ship, and two builds of the same Dockerfile can differ. With ' +
      '`--checksum=sha256:…` (a download) or `--checksum=<commit>` (a repository) the build fails instead when the ' +
      'content is not the one you reviewed.',
    bad: [
      {
        code: df`
          # syntax=docker/dockerfile:1
          FROM alpine:3.20
          ADD https://github.com/tianon/gosu/releases/download/1.17/gosu-amd64 /usr/local/bin/gosu
        `,
      },
      {
        code: df`
          # syntax=docker/dockerfile:1
          FROM alpine:3.20
          ADD https://github.com/moby/buildkit.git#v0.16.0 /src/buildkit
        `,
        note: 'A tag can be moved to another commit; the clone is not pinned.',
      },
      {
        code: df`
          # syntax=docker/dockerfile:1
          FROM alpine:3.20
          ARG GOSU_URL=https://github.com/tianon/gosu/releases/download/1.17/gosu-amd64
          ADD \${GOSU_URL} /usr/local/bin/gosu
        `,
        note: 'The URL comes from the ARG default.',
      },
    ],
    good: [
      df`
        # syntax=docker/dockerfile:1
        FROM alpine:3.20
        ADD --checksum=sha256:bbc4136d03ab138b1ad66fa4fc051bafc6cc7ffae632b069a53657279a450de3 \
            https://github.com/tianon/gosu/releases/download/1.17/gosu-amd64 /usr/local/bin/gosu
      `,
      df`
        # syntax=docker/dockerfile:1
        FROM alpine:3.20
        ADD --checksum=9d9f3d8a4c1d2b3e5f60718293a4b5c6d7e8f901 https://github.com/moby/buildkit.git#v0.16.0 /src/buildkit
      `,
      df`
        # syntax=docker/dockerfile:1
        FROM alpine:3.20
        ADD https://github.com/moby/buildkit.git#9d9f3d8a4c1d2b3e5f60718293a4b5c6d7e8f901 /src/buildkit
      `,
      df`
        FROM alpine:3.20
        ADD vendor.tar.gz /opt/vendor/
      `,
    ],
    whenNotToUse:
      'Sources that are meant to change and are trusted by other means (an internal artifact server behind ' +
      'authentication, a branch you deliberately track in a development image).',
    differences: {
      notes:
        'hadolint has no such rule. berth counts a Git URL as pinned when its ref is a full commit hash or it names ' +
        'the commit in its query (`?checksum=…`, `?commit=…`), since the builder then cannot fetch anything else. ' +
        '`--checksum` on a Git source needs Dockerfile syntax 1.16 or later (1.6 for downloads); see ' +
        '`copy-flag-needs-newer-syntax`.',
    },
    references: [
      'https://docs.docker.com/reference/dockerfile/#add---checksum',
      'https://docs.docker.com/reference/dockerfile/#adding-files-from-a-git-repository',
      'https://docs.docker.com/build/building/best-practices/#add-or-copy',
    ],
  },
  create(ctx) {
    return {
      Add(add) {
        const checksum = add.flag('checksum');
        if (checksum && checksum.value) return;
        for (const source of add.sources) {
          const value = expandedValue(ctx, source.value, add) ?? source.value;
          const remote = remoteSource(value);
          if (!remote || (remote.kind === 'git' && remote.pinnedCommit)) continue;
          const data = { source: source.value };
          if (remote.kind === 'git') ctx.report({ at: source.range, message: 'git', data });
          else ctx.report({ at: source.range, message: 'http', data });
        }
      },
    };
  },
});
