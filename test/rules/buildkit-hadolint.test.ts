/**
 * Where berth agrees with BuildKit and hadolint, and where it deliberately does not (issue #16): each case is held
 * against what the tool does, and each difference against what the rule's documentation says.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dumpInstruction, parse } from '../../grammar/index.js';
import { df } from '../../rules/define.js';
import { defaultConfig, type LintConfig } from '../../rules/engine/config.js';
import { lint } from '../../rules/engine/lint.js';
import { findingsOf, lintText } from '../helpers/rule-tester.js';

/** The flagged texts of one rule. */
function flagged(text: string, rule: string, config?: LintConfig): string[] {
  return findingsOf(text, rule, config).map((d) => text.slice(d.start, d.end));
}

/** 1-based line of an offset. */
function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

const crlf = (s: string): string => s.replace(/\n/g, '\r\n');

describe('COPY --from / --mount=from= with a stage number (BuildKit: "invalid stage index")', () => {
  const text = df`
    FROM golang:1.23
    RUN go build -o /out/app .
    FROM alpine:3.20
    COPY --from=7 /out/app /a
    COPY --from=1 /out/app /b
    COPY --from=2 /out/app /c
    RUN --mount=from=9,target=/x true
    RUN --mount=type=bind,from=2,target=/y true
    COPY --from=0 /out/app /d
    FROM scratch
    COPY --from=1 /x /x
  `;

  it('a number no stage has is an error at the number; a later stage by number is fine, as BuildKit looks up every stage', () => {
    expect(findingsOf(text, 'copy-from-invalid-index').map((d) => [lineOf(text, d.start), text.slice(d.start, d.end), d.severity])).toEqual([
      [4, '7', 'error'],
      [7, '9', 'error'],
      [8, '2', 'error'],
    ]);
    const [missing, mount] = findingsOf(text, 'copy-from-invalid-index');
    expect(missing?.message).toContain('this file has 3 stages, numbered 0 to 2');
    expect(missing?.message).toContain('("invalid stage index 7")');
    expect(mount?.message).toContain('a mount finds stages only by name, so BuildKit looks for an image called `9`');
  });

  it('the stage itself is copy-from-own-stage; an earlier or later stage gets the advice to name it', () => {
    expect(findingsOf(text, 'copy-from-own-stage').map((d) => lineOf(text, d.start))).toEqual([5]);
    expect(findingsOf(text, 'copy-from-index').map((d) => lineOf(text, d.start))).toEqual([6, 9, 11]);
  });

  it('reads the number as Go\'s Atoi does: a sign and leading zeros are allowed, -1 is no stage', () => {
    const t = 'FROM alpine:3.20 AS a\nFROM alpine:3.20 AS b\nCOPY --from=+0 /x /x\nCOPY --from=000 /x /y\nCOPY --from=-1 /x /z\n';
    expect(findingsOf(t, 'copy-from-invalid-index').map((d) => t.slice(d.start, d.end))).toEqual(['-1']);
    expect(findingsOf(t, 'copy-from-index').map((d) => t.slice(d.start, d.end))).toEqual(['+0', '000']);
    expect(findingsOf(t, 'invalid-flag-value')).toEqual([]);
  });

  it('is on by default, and one stage is counted as one (CRLF too)', () => {
    const one = crlf('FROM alpine:3.20\nCOPY --from=1 /a /b\n');
    const found = lint(parse(one), defaultConfig()).diagnostics.filter((d) => d.rule === 'copy-from-invalid-index');
    expect(found.map((d) => one.slice(d.start, d.end))).toEqual(['1']);
    expect(found[0]?.message).toContain('this file has one stage, numbered 0');
  });

  it('names (also of later stages, which BuildKit builds first) and images are left to the other rules', () => {
    expect(flagged('FROM alpine:3.20 AS a\nCOPY --from=b /x /x\nCOPY --from=busybox:1.36 /bin/sh /sh\nFROM alpine:3.20 AS b\n', 'copy-from-invalid-index')).toEqual([]);
  });
});

describe('stage-dependency-cycle: stages that need each other (BuildKit: "circular dependency detected on stage")', () => {
  const id = 'stage-dependency-cycle';

  it("BuildKit's own cases: a stage that copies from itself (copy-from-own-stage), and three stages in a circle", () => {
    const self = 'FROM busybox AS stage0\nCOPY --from=stage0 f1 /sub/\n';
    expect(findingsOf(self, id)).toEqual([]);
    expect(findingsOf(self, 'copy-from-own-stage')).toHaveLength(1);
    const three = df`
      FROM busybox AS stage0
      COPY --from=stage2 f1 /sub/
      FROM busybox AS stage1
      COPY --from=stage0 f2 /sub/
      FROM busybox AS stage2
      COPY --from=stage1 f2 /sub/
    `;
    const found = findingsOf(three, id);
    expect(found.map((d) => [lineOf(three, d.start), three.slice(d.start, d.end), d.severity])).toEqual([[2, 'stage2', 'error']]);
    expect(found[0]?.message).toContain('(`stage0` → `stage2` → `stage1` → `stage0`)');
  });

  it('follows mounts, numbers and FROM <stage>; one finding per circle; a chain that leads somewhere is fine', () => {
    expect(findingsOf(df`
      FROM alpine:3.20 AS a
      RUN --mount=from=b,target=/b true
      FROM a AS b
    `, id).map((d) => d.message)).toEqual([expect.stringContaining('(`a` → `b` → `a`)')]);
    const numbers = 'FROM alpine:3.20\nCOPY --from=1 /x /x\nFROM alpine:3.20\nCOPY --from=0 /y /y\nFROM alpine:3.20 AS c\nCOPY --from=d /z /z\nFROM alpine:3.20 AS d\nCOPY --from=c /w /w\n';
    expect(findingsOf(numbers, id).map((d) => d.message.match(/\((.*?)\):/)?.[1])).toEqual(['stage 0 → stage 1 → stage 0', '`c` → `d` → `c`']);
    expect(findingsOf('FROM alpine:3.20 AS a\nCOPY --from=c /x /x\nFROM alpine:3.20 AS b\nCOPY --from=a /y /y\nFROM alpine:3.20 AS c\n', id)).toEqual([]);
  });
});

describe('undefined-var: a variable used before the ARG or ENV of its stage that declares it (BuildKit reports it)', () => {
  const id = 'undefined-var';

  it('is reported at the use, saying only the base image could supply it there', () => {
    const t = 'FROM alpine:3.20\nCOPY $foo .\nARG foo=bar\n';
    const ds = findingsOf(t, id);
    expect(ds.map((d) => [lineOf(t, d.start), t.slice(d.start, d.end)])).toEqual([[2, 'foo']]);
    expect(ds[0]?.message).toBe("`$foo` is used before the ARG on line 3 declares it: here only the base image's environment could supply it, else it expands to an empty string");
  });

  it('in every checked instruction, for ENV too, and even for names base images often set', () => {
    const t = df`
      FROM python:3.12-slim
      WORKDIR \${APP_HOME}
      LABEL version=$PYTHON_VERSION
      ARG DEST=/opt/$TOOL
      ENV APP_HOME=/app PYTHON_VERSION=3.12.1
      ARG TOOL
    `;
    expect(findingsOf(t, id).map((d) => [lineOf(t, d.start), t.slice(d.start, d.end), /before the (\w+ on line \d)/.exec(d.message)?.[1]])).toEqual([
      [2, 'APP_HOME', 'ENV on line 5'],
      [3, 'PYTHON_VERSION', 'ENV on line 5'],
      [4, 'TOOL', 'ARG on line 6'],
    ]);
  });

  it('on scratch nothing could supply it: the message says it is empty (CRLF)', () => {
    const t = crlf('FROM scratch\nCOPY ${bar} /\nENV bar=1\nCOPY $bar /\n');
    const ds = findingsOf(t, id);
    expect(ds.map((d) => t.slice(d.start, d.end))).toEqual(['bar']);
    expect(ds[0]?.message).toBe('`$bar` is used before the ENV on line 3 declares it: here it expands to an empty string');
  });

  it('a name declared further on in the same ARG or ENV counts as declared later', () => {
    const t = 'FROM alpine:3.20\nARG DEST=/opt/$TOOL TOOL=x\nENV A=$B B=1\n';
    expect(findingsOf(t, id).map((d) => [lineOf(t, d.start), t.slice(d.start, d.end), /before the (\w+ on line \d)/.exec(d.message)?.[1]])).toEqual([
      [2, 'TOOL', 'ARG on line 2'],
      [3, 'B', 'ENV on line 3'],
    ]);
  });

  it('not: a declaration above, one in another stage, shell-form RUN (the shell expands it), PATH', () => {
    expect(findingsOf('FROM alpine:3.20\nARG foo=bar\nCOPY $foo .\n', id)).toEqual([]);
    expect(findingsOf('FROM alpine:3.20 AS a\nCOPY $foo .\nFROM alpine:3.20\nARG foo=bar\n', id)).toEqual([]);
    expect(findingsOf('FROM alpine:3.20\nRUN echo $foo\nARG foo=bar\n', id)).toEqual([]);
    expect(findingsOf('FROM alpine:3.20\nENV PATH=/app:$PATH\nENV PATH=/x\n', id)).toEqual([]);
  });
});

describe('instructions before the first FROM: instruction-before-from, and no other rule', () => {
  // One instruction or more of every rule family, each of which some rule reports inside a stage.
  const body = df`
    MAINTAINER someone@example.com
    WORKDIR app
    USER root
    ENV API_TOKEN=secret PATH=$PAHT:/x
    ENV LEGACY value
    LABEL Foo=bar
    COPY a b c
    COPY --from=0 /x /y
    ADD foo.txt /x
    RUN apt-get update && apt-get install curl && cd /x | cat
    RUN apk add vim && pip install flask && npm install -g left-pad && gem install rails && go get example.com/x
    RUN yum install -y httpd && dnf install -y git && zypper install nano && sudo wget http://x
    CMD echo hi
    ENTRYPOINT echo
    EXPOSE 80/TCP 99999
    HEALTHCHECK CMD curl x
    STOPSIGNAL FOO
    VOLUME /data
    SHELL ["/bin/sh", "-c"]
    ONBUILD RUN sudo x
  `;
  const rulesOn = (text: string, from: number, to: number): string[] =>
    [...new Set(lintText(text).filter((d) => d.kind === 'rule' && d.start >= from && d.start < to).map((d) => d.rule))].sort();

  it('inside a stage the same lines are reported by many rules of every family', () => {
    const text = `FROM alpine:3.20 AS base\n${body}`;
    const found = rulesOn(text, text.indexOf('MAINTAINER'), text.length);
    for (const rule of ['maintainer-deprecated', 'workdir-relative-path', 'secret-in-arg-or-env', 'undefined-var', 'legacy-key-value-format', 'invalid-label-key', 'copy-dest-not-directory', 'copy-from-own-stage', 'add-instead-of-copy', 'apt-lists-not-removed', 'apt-get-unpinned', 'pipe-without-pipefail', 'apk-unpinned', 'pip-unpinned', 'npm-unpinned', 'gem-unpinned', 'go-install-unpinned', 'yum-unpinned', 'dnf-unpinned', 'zypper-missing-yes', 'sudo-in-run', 'shell-form-command', 'expose-port-out-of-range', 'expose-proto-casing', 'invalid-stop-signal']) {
      expect(found, rule).toContain(rule);
    }
  });

  it('before the first FROM only instruction-before-from speaks, once per instruction (ARGs excepted)', () => {
    const text = `# syntax=docker/dockerfile:1\nARG BASE=alpine:3.20\n${body}FROM \${BASE}\nRUN echo ok\n`;
    const end = text.indexOf('FROM ${BASE}');
    expect(rulesOn(text, 0, end)).toEqual(['instruction-before-from']);
    expect(findingsOf(text, 'instruction-before-from')).toHaveLength(body.trim().split('\n').length);
    // ShellCheck's findings (given to the engine from outside) are left out there too, kept in a stage.
    const at = text.indexOf('cd /x');
    const sc = { rule: 'SC2164', aliases: [], severity: 'warning' as const, message: 'cd', start: at, end: at + 5, kind: 'rule' as const };
    const inStage = text.indexOf('echo ok');
    const kept = lint(parse(text), defaultConfig(), undefined, [sc, { ...sc, start: inStage, end: inStage + 4 }]).diagnostics.filter((d) => d.rule === 'SC2164');
    expect(kept.map((d) => d.start)).toEqual([inStage]);
  });

  it("what the parser finds wrong with such a line is said too: Docker rejects it either way", () => {
    const text = 'COPY []\nRUN <<EOF\nFROM alpine:3.20\n';
    const found = lintText(text).map((d) => `${lineOf(text, d.start)} ${d.rule}`);
    expect(found).toEqual(expect.arrayContaining(['1 missing-argument', '1 instruction-before-from', '2 instruction-before-from', '2 unterminated-heredoc']));
  });

  it('global ARGs before FROM are still checked like any ARG', () => {
    const text = '# the version\nARG VERSION=1\nFROM alpine:3.20\n';
    expect(flagged(text, 'invalid-definition-description')).toEqual(['ARG VERSION']);
  });

  it('turned off, it leaves those lines without any finding of a rule', () => {
    const config = defaultConfig();
    config.rules.set('instruction-before-from', { severity: 'off' });
    const text = `${body}FROM alpine:3.20\n`;
    expect(lint(parse(text), config).diagnostics.filter((d) => d.kind === 'rule')).toEqual([]);
  });
});

describe('go-install-unpinned: `go get` is reported exactly as its documentation says', () => {
  const id = 'go-install-unpinned';

  it('a module path (a dot in its first element) without a version, whatever flags come before it', () => {
    const t = df`
      FROM golang:1.24
      RUN go get -tool golang.org/x/tools/cmd/stringer \
       && go get -u github.com/spf13/cobra && go get -u=patch -t example.com/lib \
       && go get -d -modfile tools.mod gopkg.in/yaml.v3 && go get -v -x github.com/a/b github.com/c/d@v1.0.0
    `;
    expect(flagged(t, id)).toEqual(['golang.org/x/tools/cmd/stringer', 'github.com/spf13/cobra', 'example.com/lib', 'gopkg.in/yaml.v3', 'github.com/a/b']);
    expect(findingsOf(t, id)[0]?.message).toBe('`go get golang.org/x/tools/cmd/stringer` without a version takes the newest release: add `@<version>`');
  });

  it('not: paths without a dot in the first element, local paths, pinned versions, @none, go install without a version', () => {
    const t = df`
      FROM golang:1.24
      RUN go get tool && go get -u all && go get std && go get myapp/internal/db && go get ./... && go get . \
       && go get -tool golang.org/x/tools/cmd/stringer@v0.30.0 && go get example.com/old@none \
       && go install github.com/a-h/templ/cmd/templ
    `;
    expect(flagged(t, id)).toEqual([]);
  });
});

describe('package versions from variables: trusted when declared, reported when certainly unset', () => {
  /** [rule, the stage's FROM, the RUN with `$V` as the version, the flagged word]. */
  const cases: Array<[string, string, string, string]> = [
    ['apt-get-unpinned', 'debian:bookworm', 'apt-get install -y curl=$V', 'curl=$V'],
    ['apt-get-unpinned', 'debian:bookworm', 'apt-get install -y "curl=${V}"', '"curl=${V}"'],
    ['apk-unpinned', 'alpine:3.20', 'apk add --no-cache curl~${V}', 'curl~${V}'],
    ['yum-unpinned', 'centos:7', 'yum install -y httpd-$V', 'httpd-$V'],
    ['yum-unpinned', 'centos:7', 'yum module install -y nodejs:$V', 'nodejs:$V'],
    ['dnf-unpinned', 'fedora:40', 'dnf install -y httpd-${V}', 'httpd-${V}'],
    ['dnf-unpinned', 'fedora:40', 'microdnf install -y git-$V', 'git-$V'],
    ['zypper-unpinned', 'opensuse/leap:15.6', 'zypper install -y nano=$V', 'nano=$V'],
    ['pip-unpinned', 'python:3.12', 'pip install --no-cache-dir flask==$V', 'flask==$V'],
    ['pip-unpinned', 'python:3.12', 'pipx install black==${V}', 'black==${V}'],
    ['npm-unpinned', 'node:22', 'npm install -g left-pad@$V', 'left-pad@$V'],
    ['npm-unpinned', 'node:22', 'npm i @scope/tool@${V}', '@scope/tool@${V}'],
    ['gem-unpinned', 'ruby:3.3', 'gem install rails:$V', 'rails:$V'],
    ['gem-unpinned', 'ruby:3.3', 'gem install bundler -v $V', '$V'],
    ['go-install-unpinned', 'golang:1.23', 'go install golang.org/x/tools/gopls@$V', 'golang.org/x/tools/gopls@$V'],
    ['go-install-unpinned', 'golang:1.23', 'go get github.com/spf13/cobra@${V}', 'github.com/spf13/cobra@${V}'],
  ];

  it.each(cases)('%s: `%s` … `%s` with V set nowhere is reported as an empty version', (rule, image, run, word) => {
    const t = `FROM ${image}\nRUN ${run}\n`;
    const ds = findingsOf(t, rule);
    expect(ds.map((d) => t.slice(d.start, d.end))).toEqual([word]);
    expect(ds[0]?.message).toMatch(/takes its version from `\$V`, which nothing sets in this stage, so the version is empty: declare it with ARG or ENV, or write the version$/);
  });

  it.each(cases)('%s: declared by an ARG (with or without a value) or an ENV, here or in a parent stage, it is trusted (`%s`)', (rule, image, run) => {
    for (const decl of ['ARG V', 'ARG V=1.2.3', 'ENV V=1.2.3']) {
      expect(findingsOf(`FROM ${image}\n${decl}\nRUN ${run}\n`, rule), decl).toEqual([]);
      expect(findingsOf(`FROM ${image} AS base\n${decl}\nFROM base\nRUN ${run}\n`, rule), `${decl} in the parent`).toEqual([]);
    }
  });

  it.each(cases)('%s: set by the RUN itself, read from a file, or with a default, it is trusted (`%s`)', (rule, image, run) => {
    for (const script of [`V=1.2.3 && ${run}`, `export V=1.2.3; ${run}`, `. ./versions.env && ${run}`, `for V in 1 2; do ${run}; done`]) {
      expect(findingsOf(`FROM ${image}\nRUN ${script}\n`, rule), script).toEqual([]);
    }
    expect(findingsOf(`FROM ${image}\nRUN --mount=type=secret,id=v,env=V ${run}\n`, rule)).toEqual([]);
    expect(findingsOf(`FROM ${image}\nRUN ${run.replace(/\$\{?V\}?/, '${V:-1.2.3}')}\n`, rule)).toEqual([]);
  });

  it('declared only in another stage (not one this stage is built on), it is unset here', () => {
    const t = 'FROM debian:bookworm AS a\nARG CURL_VERSION=7.88\nFROM debian:bookworm\nRUN apt-get install -y curl=$CURL_VERSION\n';
    expect(findingsOf(t, 'apt-get-unpinned').map((d) => lineOf(t, d.start))).toEqual([4]);
  });

  it('a global ARG the stage did not import is unset there: the message says to import it', () => {
    const t = 'ARG V=1.2.3\nFROM debian:bookworm\nRUN apt-get install -y curl=$V\n';
    expect(findingsOf(t, 'apt-get-unpinned')[0]?.message).toBe(
      '`curl=$V` takes its version from `$V`, which nothing sets in this stage, so the version is empty (the ARG before the first FROM is seen only by FROM lines: write `ARG V` in this stage)',
    );
    expect(findingsOf(t.replace('RUN', 'ARG V\nRUN'), 'apt-get-unpinned')).toEqual([]);
  });

  it('not: names the base image may set (common ones, or named after the image), an image chosen by a build argument, ONBUILD', () => {
    expect(findingsOf('FROM python:3.12\nRUN pip install pip==$PYTHON_PIP_VERSION\n', 'pip-unpinned')).toEqual([]);
    expect(findingsOf('FROM nginx:1.27\nRUN apt-get install -y nginx-module-njs=${NGINX_VERSION}\n', 'apt-get-unpinned')).toEqual([]);
    expect(findingsOf('FROM docker.elastic.co/elasticsearch/elasticsearch:8.15.0\nRUN yum install -y x-$ELASTICSEARCH_VERSION\n', 'yum-unpinned')).toEqual([]);
    expect(findingsOf('ARG BASE\nFROM ${BASE}\nRUN apt-get install -y curl=$CURL_VERSION\n', 'apt-get-unpinned')).toEqual([]);
    expect(findingsOf('FROM debian:bookworm\nONBUILD RUN apt-get install -y curl=$CURL_VERSION\n', 'apt-get-unpinned')).toEqual([]);
    // On scratch or a stage chain ending in scratch, nothing could set it.
    expect(findingsOf('FROM scratch\nRUN apt-get install -y curl=$NODE_VERSION\n', 'apt-get-unpinned')).toHaveLength(1);
  });

  it('the range is the package word, exact with CRLF and continuations', () => {
    const t = crlf('FROM debian:bookworm\nRUN apt-get install -y \\\n    curl=$CURL_VERSION \\\n    git\n');
    expect(flagged(t, 'apt-get-unpinned')).toEqual(['curl=$CURL_VERSION', 'git']);
  });
});

describe('where berth reports what BuildKit reports elsewhere (documented on the rule pages)', () => {
  it('NoEmptyContinuation: BuildKit once per instruction at its last line; berth each empty line, where it is', () => {
    const t = crlf('FROM alpine:3.20\nRUN echo a \\\n\n    b \\\n  \n    c\n');
    const ds = lintText(t).filter((d) => d.rule === 'empty-continuation-line');
    expect(ds.map((d) => lineOf(t, d.start))).toEqual([3, 5]);
  });

  it('SecretsUsedInArgOrEnv: BuildKit at the instruction\'s first line; berth at each name, on its own line', () => {
    const t = 'FROM alpine:3.20\nENV APP_HOME=/app \\\n    DB_PASSWORD=x \\\n    API_TOKEN=y\nARG A=1 \\\n    GITHUB_TOKEN\n';
    expect(findingsOf(t, 'secret-in-arg-or-env').map((d) => [lineOf(t, d.start), t.slice(d.start, d.end)])).toEqual([
      [3, 'DB_PASSWORD'],
      [4, 'API_TOKEN'],
      [6, 'GITHUB_TOKEN'],
    ]);
  });
});

describe('the fixture test/rules/data/issue-16.Dockerfile, linted as berth lint does by default', () => {
  const text = readFileSync(new URL('./data/issue-16.Dockerfile', import.meta.url), 'utf8');

  it('raises every finding the issue asks for, where BuildKit and hadolint (or berth\'s documented difference) put it', () => {
    const found = lint(parse(text), defaultConfig()).diagnostics.map((d) => `${lineOf(text, d.start)} ${d.rule} ${text.slice(d.start, d.end)}`);
    expect(found).toEqual([
      '3 instruction-before-from WORKDIR',
      // Turned on by `# check=experimental=…` although it is a preview rule; reported at the FROM it describes.
      '6 invalid-definition-description FROM golang:1.23 AS build',
      '6 unused-stage build',
      '7 undefined-var SRC',
      '9 go-install-unpinned golang.org/x/tools/gopls@$GOPLS_VERSION',
      '10 go-install-unpinned golang.org/x/tools/cmd/stringer',
      '14 apt-lists-not-removed --mount=type=cache,target=/var/lib/apt,sharing=locked',
      '15 apt-get-unpinned curl=$GLOBAL_VERSION',
      '16 copy-from-invalid-index 5',
      '17 copy-from-own-stage 1',
      '18 copy-from-invalid-index 2',
      '19 missing-argument [ ]',
      '21 secret-in-arg-or-env DB_PASSWORD',
      '22 pip-cache-dir pip',
      '22 pip-unpinned black',
      '23 empty-continuation-line ',
    ]);
  });

  it('dumps as BuildKit\'s parser does', () => {
    const dumps = parse(text).dockerfile.instructions.map(dumpInstruction);
    expect(dumps).toContain('volume');
    expect(dumps).toContain('copy ["--from=5"] "/a" "/b"');
    expect(parse('FROM a\ny\n').dockerfile.instructions.map(dumpInstruction)).toEqual(['from "a"', 'y ""']);
  });
});
