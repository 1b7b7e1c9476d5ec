import { defineRule, df } from './define.js';
import { stripQuotes } from './utils/instructions.js';

export default defineRule({
  id: 'copy-from-root-to-root',
  aliases: ['DL3067'],
  category: 'image-size',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  messages: {
    root: '`COPY --from={from} / /` copies the whole filesystem of `{from}` over this image',
  },
  docs: {
    summary: '`COPY --from=<stage> / /`: the entire root filesystem of another stage is copied onto this one.',
    why:
      'Copying `/` to `/` takes everything the other stage holds — its base image\'s operating system, package ' +
      'databases, caches, build tools — and lays it over the current image. The layer duplicates files the image ' +
      'already has, overwrites its `/etc` and package state with another distribution\'s, and usually makes the ' +
      'image much larger than the few directories that were actually needed. Copy the paths the image needs ' +
      '(`/app`, `/usr/local/bin/tool`) instead.',
    bad: [
      {
        code: df`
          FROM golang:1.23 AS build
          RUN go build -o /out/app .
          FROM debian:bookworm-slim
          COPY --from=build / /
        `,
      },
    ],
    good: [
      df`
        FROM golang:1.23 AS build
        RUN go build -o /out/app .
        FROM debian:bookworm-slim
        COPY --from=build /out/app /usr/local/bin/app
      `,
      df`
        FROM alpine:3.20 AS rootfs
        RUN apk add --no-cache ca-certificates && rm -rf /var/cache/apk
        FROM scratch
        COPY --from=rootfs / /
      `,
    ],
    whenNotToUse: 'Deliberately squashing a stage into a single layer of another non-empty stage.',
    differences: {
      hadolint:
        'A stage built `FROM scratch` is not reported — copying another stage\'s root into an empty image is the ' +
        'usual way to flatten it into one layer, and nothing is duplicated or overwritten.',
    },
    references: ['https://docs.docker.com/reference/dockerfile/#copy---from', 'https://docs.docker.com/build/building/multi-stage/'],
  },
  create(ctx) {
    return {
      Copy(copy, { stage }) {
        const from = copy.flag('from');
        if (!from || from.value === undefined) return;
        if (stage?.base.scratch) return;
        const dest = copy.destination;
        if (!dest || stripQuotes(dest.value) !== '/') return;
        const source = copy.sources.find((s) => stripQuotes(s.value) === '/');
        if (!source) return;
        ctx.report({ at: source.range, message: 'root', data: { from: from.value } });
      },
    };
  },
});
