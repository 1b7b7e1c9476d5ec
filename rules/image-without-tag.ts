import { defineRule, df } from './define.js';

export default defineRule({
  id: 'image-without-tag',
  aliases: ['DL3006'],
  category: 'reproducibility',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  messages: {
    untagged: '`{image}` has no tag: Docker pulls `{image}:latest`, whatever that is today',
    untaggedVia: '`{raw}` is `{image}` by default, which has no tag: Docker pulls `{image}:latest`, whatever that is today',
  },
  docs: {
    summary: 'A base image named without a tag or digest.',
    why:
      'An image name without `:tag` or `@digest` means `:latest`, and `latest` is simply the tag most recently ' +
      'pushed. The same Dockerfile then builds on a different base from one week to the next: a new major ' +
      'version of the distribution or runtime can break the build or change the image without any change in your ' +
      'repository, and two builds of the same commit can differ. Naming a tag (or a digest) makes the base a ' +
      'deliberate choice that shows up in review when it changes.',
    bad: [
      {
        code: df`
          FROM ubuntu
          RUN apt-get update
        `,
      },
      {
        code: df`
          ARG BASE=python
          FROM \${BASE}
        `,
        note: 'The default of the build argument names an image without a tag.',
      },
    ],
    good: [
      df`
        FROM ubuntu:24.04
      `,
      df`
        FROM alpine@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d
      `,
      df`
        ARG BASE=python:3.12-slim
        FROM \${BASE}
      `,
      df`
        ARG BASE
        FROM \${BASE}
      `,
      df`
        ARG VARIANT
        FROM node\${VARIANT}
      `,
      df`
        FROM golang:1.23 AS build
        FROM build
      `,
      df`
        FROM scratch
        COPY app /app
      `,
    ],
    whenNotToUse: 'Images you control and retag on purpose, where following the newest push is the point.',
    differences: {
      hadolint:
        'berth substitutes the defaults of global ARGs, so `FROM ${BASE}` is reported when the default names an ' +
        'untagged image and accepted when it carries a tag (hadolint skips every image that starts with `$`). An ' +
        'image that depends on an ARG without default, such as `FROM node${VARIANT}`, is not reported, because the ' +
        'tag may come from the build argument (hadolint reports it).',
    },
    references: ['https://docs.docker.com/reference/dockerfile/#from', 'https://docs.docker.com/build/building/best-practices/#from'],
  },
  create(ctx) {
    return {
      From(_from, info) {
        const stage = info.stage;
        if (!stage) return;
        const base = stage.base;
        // An earlier stage, scratch, or a value berth cannot know (an ARG without default).
        if (base.stage || base.scratch || base.value === undefined || base.value === '') return;
        const image = base.image;
        if (!image || image.error || image.tag || image.digest) return;
        const data = { image: base.value, raw: base.raw };
        if (ctx.slice(base.range) === base.value) ctx.report({ at: base.range, message: 'untagged', data });
        else ctx.report({ at: base.range, message: 'untaggedVia', data });
      },
    };
  },
});
