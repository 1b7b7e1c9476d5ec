# check=experimental=InvalidDefinitionDescription
ARG GLOBAL_VERSION=1.2.3
WORKDIR /too-early

# the compiler
FROM golang:1.23 AS build
COPY $SRC /src/
ARG SRC=.
RUN go install golang.org/x/tools/gopls@$GOPLS_VERSION \
 && go get -tool golang.org/x/tools/cmd/stringer

FROM debian:bookworm AS runtime
RUN rm -f /etc/apt/apt.conf.d/docker-clean
RUN --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends curl=$GLOBAL_VERSION
COPY --from=5 /a /b
COPY --from=1 /a /c
RUN --mount=from=2,target=/x true
VOLUME [ ]
ENV APP_HOME=/app \
    DB_PASSWORD=secret
RUN pip install pipx==1.7.1 && pipx install black \

 && echo finished
FROM runtime
