/**
 * Edge cases of the rules that read the commands a RUN executes (pip, npm, gem, yarn, go, cd, sudo, ln, pipes,
 * consecutive RUNs, curl/wget, useradd, wget's progress): exact ranges across continuations, heredocs, ONBUILD,
 * sudo/env wrappers, cache mounts, variables, and every documented difference from hadolint.
 */
import { describe, expect, it } from 'vitest';
import { df } from '../../rules/define.js';
import { findingsOf, fixWith } from '../helpers/rule-tester.js';

/** The flagged texts of one rule. */
function flagged(text: string, rule: string): string[] {
  return findingsOf(text, rule).map((d) => text.slice(d.start, d.end));
}

const crlf = (s: string): string => s.replace(/\n/g, '\r\n');

describe('pip-unpinned', () => {
  const id = 'pip-unpinned';

  it('reports each unpinned package word, exactly, across continuation lines (and CRLF)', () => {
    const t = df`
      FROM python:3.12
      RUN pip install --no-cache-dir \
            flask \
            requests==2.32.3 \
            "uvicorn[standard]"
    `;
    expect(flagged(t, id)).toEqual(['flask', '"uvicorn[standard]"']);
    expect(flagged(crlf(t), id)).toEqual(['flask', '"uvicorn[standard]"']);
  });

  it('knows pip3, pip3.11, python3 -m pip, sudo and env wrappers — and each package once', () => {
    expect(flagged('FROM python\nRUN pip3.11 install a && python3 -m pip install b && sudo -H pip3 install c && env X=1 pip install d\n', id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('skips the values of value-taking options, but not after --opt=value', () => {
    const t = 'FROM python\nRUN pip install -i https://pypi.example.com/simple --root-user-action ignore --target /opt/x -e ./lib --root-user-action=ignore mypkg\n';
    expect(flagged(t, id)).toEqual(['mypkg']);
  });

  it('requirement files, `.`, paths, wheels, pinned VCS URLs and constraints are not unpinned', () => {
    const t = df`
      FROM python
      RUN pip install -r requirements.txt . ./src /whl/x-1.0-py3-none-any.whl "git+https://github.com/a/b.git@v1.2#egg=b"
      RUN pip install -c constraints.txt flask
    `;
    expect(flagged(t, id)).toEqual([]);
  });

  it('a VCS URL without a revision is unpinned, even with a user@ in it', () => {
    expect(flagged('FROM python\nRUN pip install git+ssh://git@github.com/a/b.git\n', id)).toEqual(['git+ssh://git@github.com/a/b.git']);
  });

  it('differs from hadolint: -r does not exempt the other packages on the line', () => {
    expect(flagged('FROM python\nRUN pip install -r requirements.txt flask\n', id)).toEqual(['flask']);
  });

  it('differs from hadolint: packages in variables, and versions from declared variables, are not reported', () => {
    expect(flagged('FROM python\nRUN pip install $PKGS "${EXTRA}"\n', id)).toEqual([]);
    expect(flagged('FROM python\nARG FLASK_VERSION\nRUN pip install flask==${FLASK_VERSION}\n', id)).toEqual([]);
    // A version from a variable nothing sets is empty: reported.
    expect(flagged('FROM python\nRUN pip install flask==${FLASK_VERSION}\n', id)).toEqual(['flask==${FLASK_VERSION}']);
  });

  it('as in hadolint, pipx install is checked like pip install, and pipx inject after the application name', () => {
    const t = df`
      FROM python:3.12
      RUN pipx install black \
       && pipx install --python python3.12 --suffix @24 ruff==0.6.9 "mypy>=1.11" \
       && python3 -m pipx install --force -e httpie \
       && pipx inject black click rich==13.9.2 \
       && pipx install ./tool git+https://github.com/psf/black.git@24.1.0 \
       && pipx runpip black install requests "attrs==24.2.0" -r requirements.txt \
       && pipx run cowsay hi && pipx upgrade black && pipx list && pipx runpip black list
    `;
    expect(flagged(t, id)).toEqual(['black', 'httpie', 'click', 'requests']);
    expect(findingsOf(t, id)[0]?.message).toBe('`black` is installed without a version: pin it (`black==<version>`) or install from a requirements file');
  });

  it('other pip subcommands and pipenv are not installs', () => {
    expect(flagged('FROM python\nRUN pip download flask && pipenv install flask && pip --proxy http://p:3128 show flask\n', id)).toEqual([]);
  });

  it('checks heredoc scripts, exec form and ONBUILD', () => {
    const t = df`
      FROM python
      RUN <<EOF
      pip install flask
      EOF
      RUN ["pip", "install", "requests"]
      ONBUILD RUN pip install django
    `;
    expect(flagged(t, id)).toEqual(['flask', '"requests"', 'django']);
  });
});

describe('pip-cache-dir', () => {
  const id = 'pip-cache-dir';

  it('reports the pip command and inserts --no-cache-dir after install, across continuations', () => {
    const t = df`
      FROM python
      RUN pip install \
            flask==3.0.3
    `;
    expect(flagged(t, id)).toEqual(['pip']);
    expect(fixWith(t, id)).toBe(df`
      FROM python
      RUN pip install --no-cache-dir \
            flask==3.0.3
    `);
    expect(fixWith(crlf(t), id)).toBe(crlf(df`
      FROM python
      RUN pip install --no-cache-dir \
            flask==3.0.3
    `));
  });

  it('python -m pip and sudo pip get the flag after their own install word', () => {
    const t = 'FROM python\nRUN python3 -m pip install -U pip==24.2 && sudo pip install flask==3.0.3\n';
    expect(flagged(t, id)).toEqual(['python3', 'pip']);
    expect(fixWith(t, id)).toBe('FROM python\nRUN python3 -m pip install --no-cache-dir -U pip==24.2 && sudo pip install --no-cache-dir flask==3.0.3\n');
  });

  it('ENV or ARG PIP_NO_CACHE_DIR in this stage or a stage it builds on exempts; in an unrelated stage it does not', () => {
    const t = df`
      FROM python AS base
      ENV PIP_NO_CACHE_DIR=1
      FROM base
      RUN pip install a==1
      FROM python
      RUN pip install b==1
      ARG PIP_NO_CACHE_DIR=true
      RUN pip install c==1
    `;
    const ds = findingsOf(t, id);
    expect(ds).toHaveLength(1);
    expect(t.slice(ds[0]?.start, (ds[0]?.end ?? 0) + 10)).toBe('pip install b');
  });

  it('differs from hadolint: a false value also turns the cache off, as pip does', () => {
    expect(flagged('FROM python\nENV PIP_NO_CACHE_DIR=off\nRUN pip install a==1 && PIP_NO_CACHE_DIR=0 pip install b==1\n', id)).toEqual([]);
    expect(flagged('FROM python\nENV PIP_NO_CACHE_DIR=maybe\nRUN pip install a==1\n', id)).toEqual(['pip']);
  });

  it('the variable counts where pip sees it: prefix, env, an earlier export; not a bare assignment or text', () => {
    const seen = df`
      FROM python
      RUN PIP_NO_CACHE_DIR=1 pip install a==1 && env PIP_NO_CACHE_DIR=yes pip install b==1
      RUN export PIP_NO_CACHE_DIR=1 && pip install c==1
    `;
    expect(flagged(seen, id)).toEqual([]);
    const unseen = df`
      FROM python
      RUN PIP_NO_CACHE_DIR=1; pip install a==1
      RUN echo PIP_NO_CACHE_DIR=1 && pip install b==1
      RUN pip install c==1 && export PIP_NO_CACHE_DIR=1
    `;
    expect(flagged(unseen, id)).toEqual(['pip', 'pip', 'pip']);
  });

  it('a cache mount on pip\'s cache (or above it) exempts; a mount elsewhere does not', () => {
    expect(flagged('FROM python\nRUN --mount=type=cache,target=/root/.cache pip install a==1\n', id)).toEqual([]);
    expect(flagged('FROM python\nRUN --mount=type=cache,target=/home/app/.cache/pip pip install a==1\n', id)).toEqual([]);
    expect(flagged('FROM python\nRUN --mount=type=cache,target=/var/cache/apt pip install a==1\n', id)).toEqual(['pip']);
  });

  it('a later pip cache purge or rm of the cache exempts; an earlier one does not', () => {
    expect(flagged('FROM python\nRUN pip install a==1 && rm -rf /root/.cache/pip\n', id)).toEqual([]);
    expect(flagged('FROM python\nRUN pip cache purge && pip install a==1\n', id)).toEqual(['pip']);
  });

  it('heredoc scripts are fixed in place; exec form is reported without a fix; ONBUILD is checked', () => {
    const t = df`
      FROM python
      RUN <<EOF
      set -e
      pip install a==1
      EOF
    `;
    expect(fixWith(t, id)).toContain('pip install --no-cache-dir a==1\n');
    const exec = findingsOf('FROM python\nRUN ["pip", "install", "a==1"]\n', id);
    expect(exec).toHaveLength(1);
    expect(exec[0]?.fix).toBeUndefined();
    expect(flagged('FROM python\nONBUILD RUN pip install a==1\n', id)).toEqual(['pip']);
  });
});

describe('npm-unpinned', () => {
  const id = 'npm-unpinned';

  it('reports bare names, scoped names without a version, @latest and unpinned git specs', () => {
    const t = 'FROM node\nRUN npm install -g pm2 @angular/cli npm@latest user/repo git+https://github.com/a/b.git left-pad@1.3.0 @scope/x@^2\n';
    expect(flagged(t, id)).toEqual(['pm2', '@angular/cli', 'npm@latest', 'user/repo', 'git+https://github.com/a/b.git']);
  });

  it('differs from hadolint: npm i and npm add are installs too', () => {
    expect(flagged('FROM node\nRUN npm i -g pm2 && npm add lodash\n', id)).toEqual(['pm2', 'lodash']);
  });

  it('git refs, paths, tarballs, URLs and variables are fine; npm ci, npm run install and bare npm install too', () => {
    const t = 'FROM node\nRUN npm install user/repo#v1.0.0 ./lib ../x /abs/y x.tgz https://r.example.com/x.tgz $PKG && npm ci && npm run --silent install && npm install\n';
    expect(flagged(t, id)).toEqual([]);
  });

  it('skips the values of --registry and --loglevel, before and after the subcommand', () => {
    expect(flagged('FROM node\nRUN npm --registry https://r.example.com install --loglevel warn typescript\n', id)).toEqual(['typescript']);
  });

  it('exact range over a continuation line, in ONBUILD and behind sudo', () => {
    const t = 'FROM node\nONBUILD RUN sudo npm install \\\n    -g typescript\n';
    expect(flagged(t, id)).toEqual(['typescript']);
  });
});

describe('gem-unpinned', () => {
  const id = 'gem-unpinned';

  it('differs from hadolint: --no-document and -N do not hide the gem after them', () => {
    expect(flagged('FROM ruby\nRUN gem install --no-document rails && gem i -N bundler\n', id)).toEqual(['rails', 'bundler']);
  });

  it('name:version, -v/--version, .gem files and variables are fine; build args after -- are ignored', () => {
    const t = 'FROM ruby\nRUN gem install rails:7.2.1 && gem install bundler -v 2.5.18 && gem install rake --version=13.2.1 && gem install ./x.gem && gem install $GEM && gem install pg:1.5.8 -- --with-pg-config /usr/bin/pg_config\n';
    expect(flagged(t, id)).toEqual([]);
  });

  it('skips the values of value-taking options', () => {
    expect(flagged('FROM ruby\nRUN gem install --install-dir /opt/gems -n /usr/local/bin --source https://rubygems.org rails\n', id)).toEqual(['rails']);
  });

  it('heredoc and ONBUILD', () => {
    const t = df`
      FROM ruby
      RUN <<EOF
      gem install rails
      EOF
      ONBUILD RUN gem install sinatra
    `;
    expect(flagged(t, id)).toEqual(['rails', 'sinatra']);
  });
});

describe('yarn-cache-not-cleaned', () => {
  const id = 'yarn-cache-not-cleaned';

  it('only stages the final image is built from', () => {
    const t = df`
      FROM node AS deps
      RUN yarn install
      FROM deps AS build
      RUN yarn build
      FROM node AS base
      RUN yarn add left-pad@1.3.0
      FROM base
      COPY --from=build /app/dist /app
    `;
    const ds = findingsOf(t, id);
    expect(ds).toHaveLength(1);
    expect(t.slice(ds[0]?.start, (ds[0]?.end ?? 0) + 4)).toBe('yarn add');
  });

  it('a clean before the install does not count; one after it does; rm of the cache directory counts', () => {
    expect(flagged('FROM node\nRUN yarn cache clean && yarn install\n', id)).toEqual(['yarn']);
    expect(flagged('FROM node\nRUN yarn install && rm -rf /usr/local/share/.cache/yarn\n', id)).toEqual([]);
  });

  it('cache mounts on yarn\'s cache exempt', () => {
    expect(flagged('FROM node\nRUN --mount=type=cache,target=/root/.cache/yarn yarn install\n', id)).toEqual([]);
    expect(flagged('FROM node\nRUN --mount=type=cache,target=/usr/local/share/.cache yarn install\n', id)).toEqual([]);
  });

  it('differs from hadolint: bare yarn installs; yarn build and yarn --version do not', () => {
    expect(flagged('FROM node\nRUN yarn --frozen-lockfile && yarn build && yarn --version\n', id)).toEqual(['yarn']);
  });

  it('the fix goes after the install (and its redirections), across a continuation', () => {
    const t = 'FROM node\nRUN yarn install --frozen-lockfile > /tmp/log \\\n && yarn build\n';
    expect(fixWith(t, id)).toBe('FROM node\nRUN yarn install --frozen-lockfile > /tmp/log && yarn cache clean \\\n && yarn build\n');
    expect(fixWith('FROM node\nRUN <<EOF\nyarn install\nyarn build\nEOF\n', id)).toBe('FROM node\nRUN <<EOF\nyarn install && yarn cache clean\nyarn build\nEOF\n');
  });

  it('no fix where appending would change the logic: pipelines, ||, conditions, sudo', () => {
    for (const run of ['yarn install | tee log', 'yarn install || true', 'if yarn install; then :; fi', 'sudo yarn install']) {
      const ds = findingsOf(`FROM node\nRUN ${run}\n`, id);
      expect(ds, run).toHaveLength(1);
      expect(ds[0]?.fix, run).toBeUndefined();
    }
  });

  it('ONBUILD triggers are checked', () => {
    expect(flagged('FROM node AS a\nONBUILD RUN yarn install\nFROM node\n', id)).toEqual(['yarn']);
  });
});

describe('go-install-unpinned', () => {
  const id = 'go-install-unpinned';

  it('moving versions are reported; versions, pseudo-versions and commits are not', () => {
    const t = 'FROM golang\nRUN go install a.io/x@latest b.io/y@master c.io/z@v1.2.3 d.io/w@v0.0.0-20240101000000-abcdef123456 e.io/v@1a2b3c4d\n';
    expect(flagged(t, id)).toEqual(['a.io/x@latest', 'b.io/y@master']);
  });

  it('differs from hadolint: go install/run without a version use go.mod; go get without one upgrades', () => {
    const t = 'FROM golang\nRUN go install github.com/a/b && go run github.com/c/d && go get github.com/e/f && go get ./...\n';
    expect(flagged(t, id)).toEqual(['github.com/e/f']);
  });

  it('skips the values of build flags and the program arguments of go run', () => {
    const t = 'FROM golang\nRUN go install -ldflags "-s -w" -tags netgo a.io/x@latest && go run -exec wrapper b.io/y@v1.0.0 c.io/z@latest\n';
    expect(flagged(t, id)).toEqual(['a.io/x@latest']);
  });

  it('differs from hadolint: local files, @none, and go install next to go run', () => {
    expect(flagged('FROM golang\nRUN go run main.go && go get example.com/old@none\n', id)).toEqual([]);
    expect(flagged('FROM golang\nRUN go run . && go install a.io/x@latest\n', id)).toEqual(['a.io/x@latest']);
  });

  it('ONBUILD and heredoc', () => {
    expect(flagged('FROM golang\nONBUILD RUN go install a.io/x@latest\nRUN <<EOF\ngo install b.io/y@latest\nEOF\n', id)).toEqual(['a.io/x@latest', 'b.io/y@latest']);
  });
});

describe('pointless-command', () => {
  const id = 'pointless-command';

  it('only as the command name, also behind sudo and in pipelines', () => {
    const t = 'FROM debian\nRUN apt-get install -y ssh vim && sudo service nginx start && ps aux | grep x && echo top\n';
    expect(flagged(t, id)).toEqual(['service', 'ps']);
  });

  it('differs from hadolint: command -v only looks a program up; command ps runs it', () => {
    expect(flagged('FROM debian\nRUN command -v ps && command ps\n', id)).toEqual(['ps']);
  });

  it('ONBUILD and heredoc, exact range', () => {
    const t = 'FROM debian\nONBUILD RUN top -b -n1\nRUN <<EOF\nfree -m\nEOF\n';
    expect(flagged(t, id)).toEqual(['top', 'free']);
  });
});

describe('cd-instead-of-workdir', () => {
  const id = 'cd-instead-of-workdir';

  it('reports the cd word across a continuation', () => {
    const t = 'FROM debian\nRUN mkdir /x \\\n && cd /x \\\n && make\n';
    const ds = findingsOf(t, id);
    expect(ds.map((d) => t.slice(d.start, d.end))).toEqual(['cd']);
    expect(ds[0]?.message).toContain('WORKDIR instead');
  });

  it('differs from hadolint: not in a subshell, a command substitution or a pipeline', () => {
    expect(flagged('FROM debian\nRUN (cd /x && make) && echo "$(cd /y && pwd)" && cd /z | cat && make -C /w\n', id)).toEqual([]);
  });

  it('a cd with nothing after it has no effect, and says so', () => {
    const ds = findingsOf('FROM debian\nRUN mkdir -p /app && cd /app\n', id);
    expect(ds).toHaveLength(1);
    expect(ds[0]?.message).toContain('no effect');
    expect(findingsOf('FROM debian\nRUN if cd /app; then make; fi\n', id)[0]?.message).toContain('WORKDIR instead');
  });

  it('heredoc scripts are checked; ONBUILD is not (as hadolint)', () => {
    expect(flagged('FROM debian\nRUN <<EOF\ncd /src\nmake\nEOF\nONBUILD RUN cd /x && make\n', id)).toEqual(['cd']);
  });
});

describe('sudo-in-run', () => {
  const id = 'sudo-in-run';

  it('reports sudo as a command, also behind env and in ONBUILD; not as a package name', () => {
    const t = 'FROM debian\nRUN apt-get install -y sudo && env LANG=C sudo true\nONBUILD RUN sudo make install\n';
    expect(flagged(t, id)).toEqual(['sudo', 'sudo']);
    expect(findingsOf(t, id)[0]?.severity).toBe('warning');
  });

  it('heredoc and continuation', () => {
    expect(flagged('FROM debian\nRUN true && \\\n  sudo true\nRUN <<EOF\nsudo true\nEOF\n', id)).toEqual(['sudo', 'sudo']);
  });
});

describe('symlink-bin-sh', () => {
  const id = 'symlink-bin-sh';

  it('reports the /bin/sh operand when it is the link being made', () => {
    expect(flagged('FROM debian\nRUN ln -sf /bin/bash /bin/sh && ln -sfT bash /usr/bin/sh\n', id)).toEqual(['/bin/sh', '/usr/bin/sh']);
  });

  it('differs from hadolint: /bin/sh as the target of another link is harmless', () => {
    expect(flagged('FROM debian\nRUN ln -s /bin/sh /usr/local/bin/sh2 && ln -s -t /usr/local/bin /bin/sh && echo /bin/sh\n', id)).toEqual([]);
  });

  it('behind sudo, in ONBUILD', () => {
    expect(flagged('FROM debian\nONBUILD RUN sudo ln -sf bash /bin/sh\n', id)).toEqual(['/bin/sh']);
  });
});

describe('pipe-without-pipefail', () => {
  const id = 'pipe-without-pipefail';

  it('reports each pipeline once, at its first command, across continuations', () => {
    const t = 'FROM debian\nRUN curl -fsSL https://x | \\\n  sh && sudo cat a | sort | uniq\n';
    expect(flagged(t, id)).toEqual(['curl', 'sudo']);
  });

  it('differs from hadolint: set -o pipefail in force before the pipeline counts; after it, or in a subshell, it does not', () => {
    expect(flagged('FROM alpine\nRUN set -euxo pipefail && a | b\n', id)).toEqual([]);
    expect(flagged('FROM alpine\nRUN a | b; set -o pipefail; c | d\n', id)).toEqual(['a']);
    expect(flagged('FROM alpine\nRUN (set -o pipefail) && a | b\n', id)).toEqual(['a']);
  });

  it('a SHELL with -o pipefail counts, inherited from a parent stage too; a later SHELL without it turns it off', () => {
    const t = df`
      FROM debian AS base
      SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
      FROM base
      RUN a | b
      SHELL ["/bin/bash", "-c"]
      RUN c | d
    `;
    expect(flagged(t, id)).toEqual(['c']);
  });

  it('differs from hadolint: SHELL ["/bin/sh", "-o", "pipefail", "-c"] counts', () => {
    expect(flagged('FROM alpine\nSHELL ["/bin/sh", "-o", "pipefail", "-c"]\nRUN a | b\n', id)).toEqual([]);
  });

  it('heredocs: set -o pipefail in the body counts; a shebang script does not get the SHELL\'s options', () => {
    const t = df`
      FROM debian
      SHELL ["/bin/bash", "-o", "pipefail", "-c"]
      RUN <<EOF
      a | b
      EOF
      RUN <<EOF
      #!/bin/sh
      c | d
      EOF
      RUN <<EOF
      #!/bin/bash
      set -o pipefail
      e | f
      EOF
    `;
    expect(flagged(t, id)).toEqual(['c']);
  });

  it('differs from hadolint: pipelines tested by if/while or negated are not reported', () => {
    expect(flagged('FROM debian\nRUN if dpkg -l | grep -q x; then :; fi && while read l | true; do :; done && ! a | b\n', id)).toEqual([]);
  });

  it('a pipe inside a quoted string or a bash -c argument is not the RUN\'s pipeline; ONBUILD is not checked', () => {
    expect(flagged('FROM debian\nRUN echo "a | b" && bash -o pipefail -c "c | d"\nONBUILD RUN e | f\n', id)).toEqual([]);
  });
});

describe('consecutive-run', () => {
  const id = 'consecutive-run';

  it('reports each later RUN of a run of single-command RUNs, at its keyword; comments between are fine', () => {
    const t = 'FROM alpine\nRUN a\n# comment\nRUN b\nRUN sudo c\n';
    const ds = findingsOf(t, id);
    expect(ds.map((d) => t.slice(d.start, d.end))).toEqual(['RUN', 'RUN']);
    expect(ds.map((d) => t.slice(0, d.start).split('\n').length)).toEqual([4, 5]);
  });

  it('different flags, another instruction, a chain or a stage boundary in between: none', () => {
    const t = df`
      FROM alpine
      RUN a
      RUN --network=none b
      ENV X=1
      RUN c
      RUN d && e
      RUN f
      FROM alpine
      RUN g
    `;
    expect(flagged(t, id)).toEqual([]);
  });

  it('differs from hadolint: heredoc RUNs are never reported and never make the next one reported', () => {
    const t = 'FROM alpine\nRUN a\nRUN <<EOF\nb\nEOF\nRUN c\n';
    expect(flagged(t, id)).toEqual([]);
  });

  it('CRLF', () => {
    expect(flagged('FROM alpine\r\nRUN a\r\nRUN b\r\n', id)).toEqual(['RUN']);
  });
});

describe('curl-and-wget', () => {
  const id = 'curl-and-wget';

  it('differs from hadolint: only the uses of the second tool, each RUN once, at the command', () => {
    const t = df`
      FROM debian
      RUN curl -fsSLO https://x/a && wget -q https://x/b && wget -q https://x/c
      RUN curl -fsSLO https://x/d
      RUN sudo wget -q https://x/e
    `;
    const ds = findingsOf(t, id);
    expect(ds.map((d) => t.slice(d.start, d.end))).toEqual(['wget', 'wget']);
    expect(ds.map((d) => t.slice(d.start, d.end + 3))).toEqual(['wget -q', 'wget -q']);
    expect(ds[0]?.message).toContain('`curl`');
  });

  it('tools in different stages are fine; ONBUILD triggers are checked on their own', () => {
    expect(flagged('FROM a\nRUN curl x\nFROM b\nRUN wget y\n', id)).toEqual([]);
    expect(flagged('FROM a\nRUN curl x\nONBUILD RUN wget y\nONBUILD RUN curl z\n', id)).toEqual(['curl']);
  });
});

describe('useradd-large-uid', () => {
  const id = 'useradd-large-uid';

  it('reports the UID value in -u, --uid v and --uid=v forms (hadolint: -u only)', () => {
    const t = 'FROM debian\nRUN useradd -u 100000 a && useradd --uid 2000000 b && useradd --uid=3000000 c && useradd -u 99999 d\n';
    expect(flagged(t, id)).toEqual(['100000', '2000000', '3000000']);
  });

  it('-l and --no-log-init exempt; the fix adds -l after useradd, behind sudo too', () => {
    expect(flagged('FROM debian\nRUN useradd -l -u 1000000 a && useradd --no-log-init -u 1000000 b\n', id)).toEqual([]);
    expect(fixWith('FROM debian\nRUN sudo useradd \\\n  -u 1000000 a\n', id)).toBe('FROM debian\nRUN sudo useradd -l \\\n  -u 1000000 a\n');
  });

  it('a UID in a variable is looked up; unknown values are not reported', () => {
    const t = 'FROM debian\nARG BIG=1234567\nARG UNKNOWN\nRUN useradd -u "${BIG}" a && useradd -u $UNKNOWN b && useradd -u $(id -u) c\n';
    expect(flagged(t, id)).toEqual(['"${BIG}"']);
  });

  it('ONBUILD; exec form gets no fix', () => {
    expect(flagged('FROM debian\nONBUILD RUN useradd -u 1000000 a\n', id)).toEqual(['1000000']);
    const ds = findingsOf('FROM debian\nRUN ["useradd", "-u", "1000000", "a"]\n', id);
    expect(ds).toHaveLength(1);
    expect(ds[0]?.fix).toBeUndefined();
  });
});

describe('wget-progress-bar', () => {
  const id = 'wget-progress-bar';

  it('quiet options exempt, -O does not', () => {
    const t = 'FROM debian\nRUN wget -q x && wget -nv y && wget --no-verbose z && wget -o log w && wget --progress=bar:force v && wget -qO- u && wget -O out t\n';
    expect(flagged(t, id)).toEqual(['wget']);
    expect(findingsOf(t, id)[0]?.start).toBe(t.lastIndexOf('wget'));
  });

  it('differs from hadolint: standard error sent to /dev/null exempts', () => {
    expect(flagged('FROM debian\nRUN wget x 2>/dev/null && wget y &>/dev/null && wget z > /dev/null\n', id)).toEqual(['wget']);
  });

  it('the fix goes right after wget, behind sudo and across continuations; not in exec form', () => {
    expect(fixWith('FROM debian\nRUN sudo wget \\\n  -O /x https://x\n', id)).toBe('FROM debian\nRUN sudo wget --progress=dot:giga \\\n  -O /x https://x\n');
    expect(findingsOf('FROM debian\nRUN ["wget", "https://x"]\n', id)[0]?.fix).toBeUndefined();
  });

  it('ONBUILD and heredoc', () => {
    expect(flagged('FROM debian\nONBUILD RUN wget x\nRUN <<EOF\nwget y\nEOF\n', id)).toEqual(['wget', 'wget']);
  });
});

describe('pipe-without-pipefail: pipelines fed by echo or printf', () => {
  const id = 'pipe-without-pipefail';
  it('are not reported: nothing before the pipe can fail (differs from hadolint)', () => {
    expect(findingsOf('FROM a\nRUN echo "$SUM  f.tgz" | sha256sum -c - && printf "%s" x | tee y\n', id)).toEqual([]);
  });
  it('a pipeline with any other command before the last is', () => {
    const t = 'FROM a\nRUN echo x | grep x | wc -l\n';
    const ds = findingsOf(t, id);
    expect(ds.map((d) => t.slice(d.start, d.end))).toEqual(['echo']);
  });
  it('pipelines in a heredoc and in the RUN line are told apart', () => {
    const t = 'FROM a\nRUN curl -s x | sh && bash <<EOF\ncurl y | sh\nEOF\n';
    expect(findingsOf(t, id)).toHaveLength(2);
  });
});
