import { defineRule, df } from './define.js';

export default defineRule({
  id: 'image-latest-tag',
  aliases: ['DL3007'],
  category: 'reproducibility',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  messages: {
    latest: '`{image}` uses the `latest` tag, which moves whenever a new version is pushed',
    latestVia: '`{raw}` is `{image}` by default, and the `latest` tag moves whenever a new version is pushed',
  },
  docs: {
    summary: 'A base image pinned to the `latest` tag.',
    why:
      'Writing `:latest` looks like a choice but pins nothing: `latest` is whatever was pushed most recently. The ' +
      'base of your image changes under you when the upstream project releases, so a build that passed yesterday ' +
      'can fail today, or ship a different runtime, with no change in your repository. A version tag (or a digest) ' +
      'keeps builds repeatable and makes an upgrade a visible edit.',
    bad: [
      {
        code: df`
          FROM node:latest
          RUN npm ci
        `,
      },
      {
        code: df`
          ARG BASE=ubuntu:latest
          FROM \${BASE}
        `,
        note: 'The default of the build argument uses `latest`.',
      },
    ],
    good: [
      df`
        FROM node:22-alpine
      `,
      df`
        FROM node:latest@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d
      `,
      df`
        FROM ubuntu
      `,
      df`
        ARG TAG
        FROM ubuntu:\${TAG}
      `,
    ],
    whenNotToUse: 'Throw-away images that deliberately follow the newest release.',
    differences: {
      hadolint:
        'berth substitutes the defaults of global ARGs, so `ARG BASE=ubuntu:latest` with `FROM ${BASE}` is reported ' +
        'too. An image without any tag is `image-without-tag`, not this rule.',
    },
    references: ['https://docs.docker.com/reference/dockerfile/#from', 'https://docs.docker.com/build/building/best-practices/#from'],
  },
  create(ctx) {
    return {
      From(_from, info) {
        const stage = info.stage;
        if (!stage) return;
        const base = stage.base;
        if (base.stage || base.scratch || base.value === undefined) return;
        const image = base.image;
        if (!image || image.digest || image.tag?.value !== 'latest') return;
        const source = ctx.slice(base.range);
        const literal = source === base.value;
        // The tag is written in the source (also `${REGISTRY}/node:latest`): point at it.
        const at = source.endsWith(':latest') ? { start: base.range.end - 'latest'.length, end: base.range.end } : base.range;
        const data = { image: base.value, raw: base.raw };
        if (literal) ctx.report({ at, message: 'latest', data });
        else ctx.report({ at, message: 'latestVia', data });
      },
    };
  },
});
