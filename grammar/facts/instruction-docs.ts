/**
 * What each instruction does, written for people learning Docker: a summary, its forms, a short example and the
 * mistake people commonly make with it. Hover and completion read this; it is our own wording.
 */
import type { InstructionName } from './instructions.js';

export interface InstructionDoc {
  summary: string;
  forms: string[];
  example: string;
  /** The common mistake, and what to do instead. */
  pitfall?: string;
}

export const INSTRUCTION_DOCS: Readonly<Record<InstructionName, InstructionDoc>> = {
  FROM: {
    summary: 'Starts a build stage from a base image (or from an earlier stage, or from `scratch`, an empty image). Everything after it, up to the next FROM, builds on top of that image.',
    forms: ['FROM [--platform=<platform>] <image>[:<tag>|@<digest>] [AS <name>]'],
    example: 'FROM python:3.12-slim AS app',
    pitfall: 'Without a tag Docker pulls `latest`, which changes under you: name a version, or pin a digest for fully repeatable builds.',
  },
  RUN: {
    summary: 'Runs a command while the image is built and saves the files it changed as a new layer. Use it to install packages, compile code, create users.',
    forms: ['RUN <command>            (shell form: run by /bin/sh -c)', 'RUN ["program", "arg"]   (exec form: no shell)', 'RUN <<EOF … EOF          (heredoc: a whole script)'],
    example: 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*',
    pitfall: 'Each RUN is a separate shell: `cd`, exported variables and background processes do not carry over to the next RUN. Files deleted in a later RUN still take space in the earlier layer.',
  },
  CMD: {
    summary: 'Sets the default command the container runs when it starts. It runs nothing at build time, and `docker run image other-command` replaces it.',
    forms: ['CMD ["program", "arg"]   (exec form, preferred)', 'CMD ["arg1", "arg2"]     (default arguments for ENTRYPOINT)', 'CMD command arg          (shell form)'],
    example: 'CMD ["node", "server.js"]',
    pitfall: 'CMD vs ENTRYPOINT: ENTRYPOINT fixes the program, CMD gives the default (replaceable) arguments. Only the last CMD of a stage counts.',
  },
  ENTRYPOINT: {
    summary: 'Sets the program the container always runs; arguments from CMD or `docker run image …` are passed to it.',
    forms: ['ENTRYPOINT ["program", "arg"]   (exec form, preferred)', 'ENTRYPOINT command arg          (shell form: ignores CMD and run arguments)'],
    example: 'ENTRYPOINT ["/usr/local/bin/app"]\nCMD ["--port", "8080"]',
    pitfall: 'In shell form the program runs under `/bin/sh -c`: it does not receive stop signals (slow, unclean shutdown) and CMD is ignored.',
  },
  SHELL: {
    summary: 'Changes the shell that shell-form RUN, CMD and ENTRYPOINT use in this stage (default `/bin/sh -c` on Linux, `cmd /S /C` on Windows).',
    forms: ['SHELL ["executable", "parameters"]'],
    example: 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
    pitfall: 'It must be a JSON array. `-o pipefail` makes a failing command in a pipe fail the build, which the default shell does not.',
  },
  COPY: {
    summary: 'Copies files from the build context (or another stage with `--from`) into the image.',
    forms: ['COPY [--chown=<user>] [--chmod=<mode>] [--link] <src>… <dest>', 'COPY [--from=<stage|image>] ["<src>", …, "<dest>"]', 'COPY <<EOF <dest>        (a heredoc as the file)'],
    example: 'COPY --from=build /app/dist /usr/share/nginx/html',
    pitfall: 'Sources are relative to the build context, never outside it. Several sources need a destination that ends with `/`. Files left out by .dockerignore are not there.',
  },
  ADD: {
    summary: 'Like COPY, but it also downloads URLs, clones git repositories and unpacks local tar archives into the destination.',
    forms: ['ADD [--checksum=<hash>] [--chown=<user>] [--chmod=<mode>] <src>… <dest>', 'ADD <git-url> <dest>'],
    example: 'ADD --checksum=sha256:… https://example.com/tool.tar.gz /opt/',
    pitfall: 'For plain local files use COPY: it does only what it says. ADD of a URL without `--checksum` trusts whatever the server sends.',
  },
  VOLUME: {
    summary: 'Marks a directory as a mount point for data that should live outside the container, so Docker creates an anonymous volume there when none is given.',
    forms: ['VOLUME ["/data"]', 'VOLUME /data /logs'],
    example: 'VOLUME /var/lib/postgresql/data',
    pitfall: 'Changes a later RUN makes inside a declared volume are thrown away at build time.',
  },
  EXPOSE: {
    summary: 'Documents which ports the application listens on. It does not publish them: `docker run -p` or compose `ports:` does that.',
    forms: ['EXPOSE <port>[/<protocol>] …'],
    example: 'EXPOSE 8080/tcp',
    pitfall: 'EXPOSE alone makes nothing reachable from outside, and it takes only container ports (no `80:80` mapping).',
  },
  USER: {
    summary: 'Sets the user (and optionally group) that later RUN, CMD and ENTRYPOINT run as.',
    forms: ['USER <user>[:<group>]', 'USER <uid>[:<gid>]'],
    example: 'USER 10001:10001',
    pitfall: 'Without USER, containers run as root. A numeric UID lets the runtime check that the user is not root.',
  },
  WORKDIR: {
    summary: 'Sets the working directory for the instructions after it (and for the container), creating it if needed.',
    forms: ['WORKDIR /path'],
    example: 'WORKDIR /app',
    pitfall: 'Use WORKDIR instead of `RUN cd …`: a `cd` only lasts for its own RUN. Prefer absolute paths.',
  },
  STOPSIGNAL: {
    summary: 'Sets the signal Docker sends to stop the container (default SIGTERM).',
    forms: ['STOPSIGNAL <signal>'],
    example: 'STOPSIGNAL SIGQUIT',
  },
  MAINTAINER: {
    summary: 'Deprecated way to name the image’s author.',
    forms: ['MAINTAINER <name>'],
    example: 'LABEL org.opencontainers.image.authors="team@example.com"',
    pitfall: 'Use a LABEL instead, as in the example.',
  },
  ENV: {
    summary: 'Sets environment variables for the rest of the stage and for the running container.',
    forms: ['ENV <key>=<value> …', 'ENV <key> <value>        (legacy form, one variable)'],
    example: 'ENV PATH="/opt/app/bin:${PATH}" LANG=C.UTF-8',
    pitfall: 'ENV values stay in the image and can be read back by anyone who has it: never put secrets there. For build-time-only values use ARG or a secret mount.',
  },
  LABEL: {
    summary: 'Adds metadata (key-value pairs) to the image, such as its source, version or licence.',
    forms: ['LABEL <key>=<value> …'],
    example: 'LABEL org.opencontainers.image.source="https://github.com/acme/app"',
  },
  ARG: {
    summary: 'Declares a build argument: a variable set with `docker build --build-arg` (or its default), visible only while building.',
    forms: ['ARG <name>[=<default>]'],
    example: 'ARG NODE_VERSION=22\nFROM node:${NODE_VERSION}-alpine',
    pitfall: 'An ARG before the first FROM is only visible to FROM lines; declare it again (`ARG NAME`) inside a stage to use it there. Build args end up in the image history: not for secrets.',
  },
  HEALTHCHECK: {
    summary: 'Tells Docker how to test that the container still works; its status shows in `docker ps`.',
    forms: ['HEALTHCHECK [--interval=30s] [--timeout=30s] [--start-period=0s] [--retries=3] CMD <command>', 'HEALTHCHECK NONE'],
    example: 'HEALTHCHECK --interval=30s --timeout=3s CMD ["curl", "-fsS", "http://localhost:8080/health"]',
    pitfall: 'The command runs inside the container: the tool it uses (curl, wget) must be installed in the image.',
  },
  ONBUILD: {
    summary: 'Registers an instruction that runs later, when another Dockerfile uses this image as its base.',
    forms: ['ONBUILD <instruction>'],
    example: 'ONBUILD COPY . /app',
    pitfall: 'It does nothing in this build. ONBUILD cannot wrap FROM, MAINTAINER or another ONBUILD.',
  },
};
