/**
 * Messages for what the grammar itself finds missing, written for someone learning Docker: what the instruction
 * needs and an example of it. The validator (syntax/validate.ts) words everything else.
 */
import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';

/** What each instruction needs, keyed by grammar rule; shown when the required part is missing. */
const NEEDS: Record<string, string> = {
  from: 'FROM needs a base image, for example `FROM debian:bookworm-slim` (or `FROM scratch` to start empty)',
  shell: 'SHELL takes a JSON array naming the shell and its options, for example `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`',
  copy: 'COPY needs what to copy and where to, for example `COPY package.json ./`',
  add: 'ADD needs what to add and where to, for example `ADD https://example.com/tool.tar.gz /opt/`',
  volume: 'VOLUME needs at least one path, for example `VOLUME /var/lib/data`',
  expose: 'EXPOSE needs at least one port, for example `EXPOSE 8080` or `EXPOSE 53/udp`',
  user: 'USER needs a user name or ID, optionally with a group, for example `USER app` or `USER 1000:1000`',
  workdir: 'WORKDIR needs a directory, for example `WORKDIR /app`',
  stopsignal: 'STOPSIGNAL needs a signal, for example `STOPSIGNAL SIGTERM`',
  maintainer: 'MAINTAINER needs a name (and it is deprecated: prefer `LABEL org.opencontainers.image.authors="you@example.com"`)',
  env: 'ENV needs a name and a value, for example `ENV NODE_ENV=production`',
  label: 'LABEL needs a key and a value, for example `LABEL org.opencontainers.image.source="https://example.com/repo"`',
  arg: 'ARG needs a name, with an optional default, for example `ARG VERSION` or `ARG VERSION=1.0`',
  healthcheck: 'HEALTHCHECK needs `CMD <command>` (or `NONE` to turn off a check inherited from the base image), for example `HEALTHCHECK CMD curl -f http://localhost/ || exit 1`',
};

function needs(ruleName: string): string {
  return NEEDS[ruleName] ?? 'this instruction is incomplete';
}

export const messageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, previous, ruleName }: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
    if (ruleName === 'from' && expected.name === 'Word' && previous.tokenType.name === 'AsKeyword') {
      return 'expected a stage name after AS, for example `FROM golang:1.23 AS build`';
    }
    return needs(ruleName);
  },
  buildNotAllInputParsedMessage(): string {
    return 'unexpected text';
  },
  buildNoViableAltMessage({ ruleName }: { ruleName: string }): string {
    return needs(ruleName);
  },
  buildEarlyExitMessage({ ruleName }: { ruleName: string }): string {
    return needs(ruleName);
  },
};
