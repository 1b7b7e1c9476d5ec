import type { ImageRef, TextRange } from '../grammar/index.js';
import { defineRule, df } from './define.js';

/** Names of Docker Hub: an image without a registry is on Docker Hub. */
const HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'hub.docker.com']);

/** `*` (everything), `*.example.com` (a suffix), `example*` (a prefix), otherwise the exact host. */
function matches(pattern: string, host: string): boolean {
  const p = pattern.trim().toLowerCase();
  const h = host.toLowerCase();
  if (p === '') return false;
  if (p === '*') return true;
  if (p.startsWith('*')) return h.endsWith(p.slice(1));
  if (p.endsWith('*')) return h.startsWith(p.slice(0, -1));
  return h === p;
}

function trusted(image: ImageRef, patterns: readonly string[]): boolean {
  const host = image.registry?.value;
  const hosts = host === undefined || HUB.has(host.toLowerCase()) ? ['docker.io', 'hub.docker.com', ...(host ? [host] : [])] : [host];
  return hosts.some((h) => patterns.some((p) => matches(p, h)));
}

export default defineRule({
  id: 'untrusted-registry',
  aliases: ['DL3026'],
  category: 'security',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  messages: {
    registry: '`{image}` comes from `{registry}`, which is not one of the trusted registries',
    hub: '`{image}` comes from Docker Hub, which is not one of the trusted registries',
  },
  docs: {
    summary: 'An image pulled from a registry that is not in the `trustedRegistries` setting.',
    why:
      'Every base image, `COPY --from=<image>` and `RUN --mount=from=<image>` runs or copies code someone else ' +
      'published into your image. Teams that mirror or vet images keep a list of registries they trust; an image ' +
      'from anywhere else skips that review and may be gone, changed or malicious tomorrow. The rule only runs when ' +
      '`trustedRegistries` lists at least one registry; `*` matches everything, `*.example.com` any subdomain and ' +
      '`example*` any host starting with `example`.',
    bad: [
      {
        code: df`
          FROM quay.io/prometheus/node-exporter:v1.8.2
        `,
        note: 'With `trustedRegistries: [docker.io, ghcr.io]`, as in every example here.',
      },
      {
        code: df`
          FROM ghcr.io/acme/base:1.4
          COPY --from=registry.example.com/tools/lint:2 /bin/lint /usr/local/bin/lint
        `,
      },
    ],
    good: [
      df`
        FROM ubuntu:24.04
      `,
      df`
        FROM ghcr.io/acme/base:1.4 AS build
        FROM ghcr.io/acme/runtime:1.4
        COPY --from=build /out /app
        COPY --from=0 /etc/ssl /etc/ssl
      `,
      df`
        ARG REGISTRY
        FROM \${REGISTRY}/app:1.0
      `,
      df`
        FROM scratch
      `,
    ],
    differences: {
      hadolint:
        '`COPY --from=<number>` names a stage and is never checked as an image (hadolint checks `0` as an image on ' +
        'Docker Hub); the defaults of global ARGs are substituted in FROM, and an image that depends on an ARG ' +
        'without default is not reported; the registry is found as Docker finds it, so `localhost:5000/app` and ' +
        '`localhost/app` come from a local registry, not from Docker Hub.',
    },
    exampleSettings: { trustedRegistries: ['docker.io', 'ghcr.io'] },
    references: ['https://docs.docker.com/reference/dockerfile/#from', 'https://docs.docker.com/docker-hub/image-library/mirror/'],
  },
  create(ctx) {
    const patterns = ctx.settings.trustedRegistries ?? [];
    const check = (image: ImageRef | undefined, range: TextRange, written: string): void => {
      if (!image || image.error || trusted(image, patterns)) return;
      const literal = ctx.slice(range) === written;
      const reg = image.registry;
      const hub = reg === undefined || HUB.has(reg.value.toLowerCase());
      const at = literal && reg ? { start: range.start + reg.start, end: range.start + reg.end } : range;
      const data = { image: image.text, registry: reg?.value ?? 'docker.io' };
      if (hub) ctx.report({ at, message: 'hub', data });
      else ctx.report({ at, message: 'registry', data });
    };
    return {
      From(_from, info) {
        const base = info.stage?.base;
        if (patterns.length === 0 || !base) return;
        if (base.stage || base.scratch || base.value === undefined || base.value === '') return;
        check(base.image, base.range, base.value);
      },
      'File:exit'() {
        if (patterns.length === 0) return;
        for (const link of ctx.model.links) {
          // A stage (by name or index), or a value Docker rejects: not an image.
          if (link.target || link.byIndex || link.error) continue;
          check(link.image, link.range, link.value);
        }
      },
    };
  },
});
