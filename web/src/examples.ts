/**
 * The examples menu: the Dockerfiles Docker's getting-started tutorials teach, each written with the mistakes
 * learners typically make in it, so berth has something to explain from the first second.
 */
export interface Example {
  id: string;
  title: string;
  /** One sentence for the menu's description. */
  about: string;
  text: string;
}

export const EXAMPLES: readonly Example[] = [
  {
    id: 'first-image',
    title: 'A first image: FROM ubuntu',
    about: 'An Ubuntu image with a few tools: untagged base image, apt lists left behind, a relative WORKDIR, a shell-form CMD.',
    text: `# My first image: Ubuntu with a few tools.
FROM ubuntu
RUN apt-get update
RUN apt-get install -y curl git
WORKDIR app
COPY . .
CMD echo "Hello from my first image"
`,
  },
  {
    id: 'flask',
    title: 'A Flask web app',
    about: "The tutorial's Python web app: pip's cache kept in the image, everything copied before the dependencies, a shell-form CMD.",
    text: `# A small Flask web app, as the getting-started tutorial builds it.
FROM python:3.12
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
ENV FLASK_APP=app.py
EXPOSE 5000
CMD flask run --host=0.0.0.0
`,
  },
  {
    id: 'go-multi-stage',
    title: 'A multi-stage Go build with a heredoc',
    about: 'Build in one stage, ship the binary in another: a stage name that does not match, a heredoc without set -e, a floating alpine:latest.',
    text: `# syntax=docker/dockerfile:1
# A multi-stage Go build: compile in one stage, ship only the binary.
FROM golang:1.22 as build
WORKDIR /src
COPY go.mod go.sum ./
# Downloads can fail on a flaky network: try three times, waiting longer each time.
RUN for i in 1 2 3; do go mod download && break || sleep $((i * 2)); done
COPY . .
RUN <<EOT
  cd /src
  CGO_ENABLED=0 go build -o /bin/server ./cmd/server
EOT

FROM alpine:latest
RUN apk add ca-certificates
COPY --from=builder /bin/server /bin/server
EXPOSE 8080
ENTRYPOINT /bin/server
`,
  },
];
