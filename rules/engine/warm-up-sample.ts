/**
 * A small Dockerfile that reaches most of berth's code (the common instructions, flags, variables, RUN scripts the fast
 * shell reader takes, findings of many rules): what the command line and the language server run once before
 * they write V8's code cache, so that the cache holds the code a real run needs whichever run wrote it.
 */
export const SAMPLE = `# syntax=docker/dockerfile:1
ARG BASE=debian:12
FROM \${BASE} AS build
WORKDIR /src
ENV LANG=C.UTF-8 \\
    PATH=/opt/bin:$PATH
RUN apt-get update && apt-get install -y curl ca-certificates && rm -rf /var/lib/apt/lists/*
RUN --mount=type=cache,target=/root/.cache pip install requests==2.32.3 && cd /src && make build
COPY --chown=app:app . .
ADD https://example.com/tool.tar.gz /tmp/
LABEL org.opencontainers.image.title="sample"

FROM build
COPY --from=build /src/out /usr/local/bin/
EXPOSE 8080/tcp
USER app
HEALTHCHECK --interval=30s CMD ["/usr/local/bin/app", "check"]
ENTRYPOINT ["/usr/local/bin/app"]
CMD ["serve"]
`;
