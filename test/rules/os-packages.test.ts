/**
 * Edge cases of the OS package-manager rules (apt-get, apt, apk, yum, dnf, microdnf, zypper): exact ranges across
 * continuations and heredocs, ONBUILD, sudo, cache mounts, variables, fixes in every RUN form, and each documented
 * difference from hadolint.
 */
import { describe, expect, it } from 'vitest';
import { df } from '../../rules/define.js';
import { pathCovers } from '../../rules/utils/os-packages.js';
import { findingsOf, fixWith } from '../helpers/rule-tester.js';

/** The flagged texts of one rule. */
function flagged(text: string, rule: string): string[] {
  return findingsOf(text, rule).map((d) => text.slice(d.start, d.end));
}

const crlf = (s: string): string => s.replace(/\n/g, '\r\n');

describe('apt-get-unpinned', () => {
  const id = 'apt-get-unpinned';

  it('reports each unpinned package word, exactly, across continuation lines', () => {
    const t = df`
      FROM debian:bookworm
      RUN apt-get update && apt-get install -y \
          curl \
          git=1:2.39.* \
          jq
    `;
    expect(flagged(t, id)).toEqual(['curl', 'jq']);
    expect(flagged(crlf(t), id)).toEqual(['curl', 'jq']);
  });

  it('reads heredoc RUNs and ONBUILD triggers', () => {
    const t = df`
      FROM debian:bookworm
      RUN <<EOF
      apt-get update
      apt-get install -y curl
      EOF
      ONBUILD RUN apt-get install -y wget
    `;
    expect(flagged(t, id)).toEqual(['curl', 'wget']);
  });

  it('does not take option values for packages: -t, -o, -c', () => {
    const t = 'FROM debian\nRUN apt-get install -t bookworm-backports -o Dpkg::Options::=--force-confold -c /etc/apt.conf -y golang\n';
    expect(flagged(t, id)).toEqual(['golang']);
  });

  it('pins: =version, /release, a .deb path', () => {
    expect(flagged('FROM debian\nRUN apt-get install -y a=1 b/bookworm ./c.deb\n', id)).toEqual([]);
  });

  it('differs from hadolint: variables and command substitutions are not reported', () => {
    expect(flagged('FROM debian\nRUN apt-get install -y $PKGS "${EXTRA}" $(cat /list)\n', id)).toEqual([]);
  });

  it('differs from hadolint: `pkg-` (a removal) is not reported', () => {
    expect(flagged('FROM debian\nRUN apt-get install -y nano- vim=2:9.0\n', id)).toEqual([]);
  });

  it('counts a command run through sudo once', () => {
    expect(flagged('FROM debian\nRUN sudo -E apt-get install -y curl\n', id)).toEqual(['curl']);
  });

  it('JSON form: the quoted element is the range', () => {
    expect(flagged('FROM debian\nRUN ["apt-get", "install", "-y", "curl"]\n', id)).toEqual(['"curl"']);
  });

  it('apt install and commands inside $(…) are not checked', () => {
    expect(flagged('FROM debian\nRUN apt install -y curl && echo $(apt-get install -y jq)\n', id)).toEqual([]);
  });
});

describe('apt-lists-not-removed', () => {
  const id = 'apt-lists-not-removed';
  const run = (script: string): string => `FROM debian:bookworm\nRUN ${script}\n`;

  it('reports `apt-get update` itself', () => {
    const t = run('apt-get -q update && apt-get install -y curl');
    expect(flagged(t, id)).toEqual(['apt-get -q update']);
  });

  it('checks apt and aptitude too, and commands run through sudo', () => {
    expect(flagged(run('apt update && apt install -y curl'), id)).toEqual(['apt update']);
    expect(flagged(run('aptitude update'), id)).toEqual(['aptitude update']);
    expect(flagged(run('sudo apt-get update'), id)).toEqual(['apt-get update']);
  });

  it('counts an rm of the lists, their contents, or a folder above them', () => {
    for (const path of ['/var/lib/apt/lists', '/var/lib/apt/lists/*', '/var/lib/apt/lists/', '/var/lib/apt', '/var/lib/apt/*', '"/var/lib/apt/lists"/*']) {
      expect(flagged(run(`apt-get update && apt-get install -y curl && rm -rf ${path}`), id), path).toEqual([]);
    }
    expect(flagged(run('apt-get update && sudo rm -rf /var/lib/apt/lists/*'), id)).toEqual([]);
  });

  it('differs from hadolint: another rm -rf does not count', () => {
    expect(flagged(run('apt-get update && apt-get install -y curl && rm -rf /tmp/*'), id)).toEqual(['apt-get update']);
    expect(flagged(run('apt-get update && rm -rf /var/lib/apt/lists/partial'), id)).toEqual(['apt-get update']);
  });

  it('differs from hadolint: a glob the shell does not expand removes nothing', () => {
    expect(flagged(run('apt-get update && rm -rf "/var/lib/apt/lists/*"'), id)).toEqual(['apt-get update']);
    expect(flagged('FROM debian\nRUN ["rm", "-rf", "/var/lib/apt/lists/*"]\n', id)).toEqual([]);
    const exec = 'FROM debian\nRUN ["sh", "-c", "apt-get update && rm -rf /var/lib/apt/lists/*"]\n';
    expect(flagged(exec, id)).toEqual([]);
  });

  it('differs from hadolint: the removal must come after the last update', () => {
    expect(flagged(run('rm -rf /var/lib/apt/lists/* && apt-get update'), id)).toEqual(['apt-get update']);
    const t = run('apt-get update && rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y x');
    const ds = findingsOf(t, id);
    expect(ds).toHaveLength(1);
    expect(ds[0]?.start).toBe(t.lastIndexOf('apt-get update'));
  });

  it('a cache or tmpfs mount on the lists exempts the RUN; one elsewhere does not', () => {
    expect(flagged('FROM debian\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update\n', id)).toEqual([]);
    expect(flagged('FROM debian\nRUN --mount=type=tmpfs,target=/var/lib/apt/lists/ apt-get update\n', id)).toEqual([]);
    expect(flagged('FROM debian\nRUN --mount=type=cache,target=/var/cache/apt apt-get update\n', id)).toEqual(['apt-get update']);
    expect(flagged('FROM debian\nRUN --mount=type=bind,target=/var/lib/apt apt-get update\n', id)).toEqual(['apt-get update']);
  });

  it('as in hadolint, a mount of /var/lib/apt alone is not enough: the packages in /var/cache/apt stay, reported at the mount', () => {
    for (const target of ['/var/lib/apt', '/var/lib/apt/', '/var/lib']) {
      const t = `FROM debian\nRUN --mount=type=cache,target=${target} apt-get update && apt-get install -y curl\n`;
      const ds = findingsOf(t, id);
      expect(ds.map((d) => t.slice(d.start, d.end)), target).toEqual([`--mount=type=cache,target=${target}`]);
      expect(ds[0]?.message).toContain('not /var/cache/apt, where apt downloads packages');
    }
    // Only installing (the lists come from the cache) downloads packages too; tmpfs keeps nothing either.
    expect(flagged('FROM debian\nRUN --mount=type=tmpfs,target=/var/lib/apt apt-get install -y curl\n', id)).toEqual(['--mount=type=tmpfs,target=/var/lib/apt']);
  });

  it('with /var/cache/apt mounted too (or a folder above both), or apt-get clean after the last download, nothing is kept', () => {
    const both = 'FROM debian\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update && apt-get install -y curl\n';
    expect(flagged(both, id)).toEqual([]);
    expect(flagged('FROM debian\nRUN --mount=type=cache,target=/var apt-get update\n', id)).toEqual([]);
    expect(flagged('FROM debian\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y curl && apt-get clean\n', id)).toEqual([]);
    expect(flagged('FROM debian\nRUN --mount=type=cache,target=/var/lib/apt apt-get install -y curl && rm -rf /var/cache/apt/*\n', id)).toEqual([]);
    expect(flagged('FROM debian\nRUN --mount=type=cache,target=/var/lib/apt apt-get clean && apt-get install -y curl\n', id)).toEqual(['--mount=type=cache,target=/var/lib/apt']);
    // Nothing downloaded: nothing to keep.
    expect(flagged('FROM debian\nRUN --mount=type=cache,target=/var/lib/apt apt-cache policy curl\n', id)).toEqual([]);
  });

  it('the fix mounts /var/cache/apt as well, with the same sharing, after the first mount (CRLF)', () => {
    const t = 'FROM debian\r\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked \\\r\n    apt-get update && apt-get install -y curl\r\n';
    expect(fixWith(t, id)).toBe('FROM debian\r\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked --mount=type=cache,target=/var/cache/apt,sharing=locked \\\r\n    apt-get update && apt-get install -y curl\r\n');
    expect(fixWith('FROM debian\nRUN --mount=type=cache,target=/var/lib/apt apt-get update\n', id)).toBe('FROM debian\nRUN --mount=type=cache,target=/var/lib/apt --mount=type=cache,target=/var/cache/apt apt-get update\n');
  });

  it('checks only stages that end in an image: the last one and FROM bases of later stages', () => {
    const t = df`
      FROM debian:bookworm AS unused
      RUN apt-get update
      FROM debian:bookworm AS fetch
      RUN apt-get update
      FROM debian:bookworm AS base
      RUN apt-get update && apt-get install -y a
      FROM base
      COPY --from=fetch /x /x
      RUN apt-get update && apt-get install -y b
    `;
    const ds = findingsOf(t, id);
    expect(ds.map((d) => t.slice(d.start).split('\n')[0])).toEqual(['apt-get update && apt-get install -y a', 'apt-get update && apt-get install -y b']);
  });

  it('an ONBUILD RUN is always checked, even in a stage that ends in no image', () => {
    const t = df`
      FROM debian:bookworm AS tpl
      ONBUILD RUN apt-get update
      FROM alpine:3.20
    `;
    expect(flagged(t, id)).toEqual(['apt-get update']);
    expect(fixWith(t, id)).toContain('ONBUILD RUN apt-get update && rm -rf /var/lib/apt/lists/*\n');
  });

  it('fixes at the end of the last continuation line, keeping CRLF and sudo', () => {
    const t = df`
      FROM debian:bookworm
      RUN apt-get update \
       && apt-get install -y curl
      USER app
    `;
    expect(fixWith(t, id)).toBe(df`
      FROM debian:bookworm
      RUN apt-get update \
       && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
      USER app
    `);
    expect(fixWith(crlf(t), id)).toBe(crlf(fixWith(t, id)));
    expect(fixWith(run('sudo apt-get update && sudo apt-get install -y x'), id)).toBe(run('sudo apt-get update && sudo apt-get install -y x && sudo rm -rf /var/lib/apt/lists/*'));
  });

  it('offers no fix where appending is not plain: heredoc, trailing comment, loop, background, JSON form', () => {
    const cases = [
      'FROM debian\nRUN <<EOF\napt-get update\nEOF\n',
      run('apt-get update # refresh'),
      run('for i in 1; do apt-get update; done'),
      run('apt-get update &'),
      'FROM debian\nRUN ["apt-get", "update"]\n',
    ];
    for (const t of cases) {
      const ds = findingsOf(t, id);
      expect(ds, t).toHaveLength(1);
      expect(ds[0]?.fix, t).toBeUndefined();
    }
  });
});

describe('apt-get-missing-yes', () => {
  const id = 'apt-get-missing-yes';
  const run = (script: string): string => `FROM debian\nRUN ${script}\n`;

  it('accepts -y, --yes, --assume-yes, -yq, and quiet level 2', () => {
    for (const s of ['-y', '--yes', '--assume-yes', '-yq', '-qq', '-q -q', '--quiet --quiet', '-q=2', '--quiet=2', '-o APT::Get::Assume-Yes=true']) {
      expect(flagged(run(`apt-get ${s} install curl`), id), s).toEqual([]);
    }
  });

  it('differs from hadolint: -qqq is quiet level 2 as well (apt caps it)', () => {
    expect(flagged(run('apt-get -qqq install curl'), id)).toEqual([]);
  });

  it('reports quiet level 1 and -q=1, on the command name', () => {
    expect(flagged(run('apt-get -q install curl'), id)).toEqual(['apt-get']);
    expect(flagged(run('apt-get -q=1 install curl'), id)).toEqual(['apt-get']);
    expect(flagged(run('sudo /usr/bin/apt-get install curl'), id)).toEqual(['/usr/bin/apt-get']);
  });

  it('sees through env and sudo wrappers', () => {
    const t = run('env DEBIAN_FRONTEND=noninteractive apt-get install curl && sudo -u root apt-get install jq');
    expect(flagged(t, id)).toEqual(['apt-get', 'apt-get']);
    expect(fixWith(t, id)).toBe(run('env DEBIAN_FRONTEND=noninteractive apt-get install -y curl && sudo -u root apt-get install -y jq'));
  });

  it('only install: update, remove, and other tools are not checked', () => {
    expect(flagged(run('apt-get update && apt-get remove curl && apt install curl'), id)).toEqual([]);
  });

  it('fixes in shell form, heredocs, ONBUILD and the JSON form', () => {
    expect(fixWith(run('apt-get install \\\n  curl'), id)).toBe(run('apt-get install -y \\\n  curl'));
    expect(fixWith('FROM debian\nRUN <<EOF\napt-get install curl\nEOF\n', id)).toBe('FROM debian\nRUN <<EOF\napt-get install -y curl\nEOF\n');
    expect(fixWith('FROM debian\nONBUILD RUN apt-get install curl\n', id)).toBe('FROM debian\nONBUILD RUN apt-get install -y curl\n');
    expect(fixWith('FROM debian\nRUN ["apt-get", "install", "curl"]\n', id)).toBe('FROM debian\nRUN ["apt-get", "install", "-y", "curl"]\n');
  });

  it('no fix inside an escaped JSON string, where offsets do not map one to one', () => {
    const t = 'FROM debian\nRUN ["sh", "-c", "apt-get install \\"curl\\""]\n';
    const ds = findingsOf(t, id);
    expect(ds).toHaveLength(1);
    expect(ds[0]?.fix).toBeUndefined();
  });
});

describe('apt-instead-of-apt-get', () => {
  const id = 'apt-instead-of-apt-get';

  it('reports the apt command, not apt-get or apt-cache, nor apt as an argument', () => {
    const t = 'FROM debian\nRUN apt-cache policy apt && apt-get install -y apt && sudo apt install -y curl\n';
    expect(flagged(t, id)).toEqual(['apt']);
    expect(findingsOf(t, id)[0]?.start).toBe(t.indexOf('apt install'));
  });

  it('renames where apt-get has the same subcommand, also for a path and the JSON form', () => {
    expect(fixWith('FROM debian\nRUN /usr/bin/apt install -y curl\n', id)).toBe('FROM debian\nRUN /usr/bin/apt-get install -y curl\n');
    expect(fixWith('FROM debian\nRUN ["apt", "update"]\n', id)).toBe('FROM debian\nRUN ["apt-get", "update"]\n');
  });

  it('offers no fix for subcommands apt-get lacks or reads differently', () => {
    for (const sub of ['list --installed', 'upgrade -y', 'full-upgrade -y', 'search curl', 'show curl']) {
      const ds = findingsOf(`FROM debian\nRUN apt ${sub}\n`, id);
      expect(ds, sub).toHaveLength(1);
      expect(ds[0]?.fix, sub).toBeUndefined();
    }
  });

  it('checks ONBUILD triggers', () => {
    expect(flagged('FROM debian\nONBUILD RUN apt update\n', id)).toEqual(['apt']);
  });

  it('`command -v apt` only looks apt up', () => {
    expect(flagged('FROM debian\nRUN command -v apt >/dev/null || true\n', id)).toEqual([]);
  });
});

describe('apk-unpinned', () => {
  const id = 'apk-unpinned';

  it('reports each unpinned word, exactly, across continuations', () => {
    const t = df`
      FROM alpine:3.20
      RUN apk add --no-cache \
          curl \
          git~2.45 \
          "jq"
    `;
    expect(flagged(t, id)).toEqual(['curl', '"jq"']);
  });

  it('does not take option values for packages: --virtual, -t, -X, --repository, -p', () => {
    const t = 'FROM alpine\nRUN apk -X https://mirror/main -p /root2 add --virtual .deps -t .more --repository https://x/community gcc=13\n';
    expect(flagged(t, id)).toEqual([]);
  });

  it('a repository tag is not a version; variables are not reported', () => {
    expect(flagged('FROM alpine\nRUN apk add --no-cache tool@edge $PKGS\n', id)).toEqual(['tool@edge']);
  });

  it('only `add`: `apk del`, `apk info` are not checked; ONBUILD is', () => {
    expect(flagged('FROM alpine\nRUN apk del curl && apk info curl\nONBUILD RUN apk add curl\n', id)).toEqual(['curl']);
  });
});

describe('apk-add-without-no-cache', () => {
  const id = 'apk-add-without-no-cache';

  it('reports the apk command and inserts --no-cache after `add`', () => {
    const t = 'FROM alpine\nRUN apk -U add curl=8 && sudo apk add jq=1\n';
    expect(flagged(t, id)).toEqual(['apk', 'apk']);
    expect(fixWith(t, id)).toBe('FROM alpine\nRUN apk -U add --no-cache curl=8 && sudo apk add --no-cache jq=1\n');
  });

  it('a cache or tmpfs mount on /var/cache/apk (or /etc/apk/cache) exempts; one elsewhere does not', () => {
    expect(flagged('FROM alpine\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n', id)).toEqual([]);
    expect(flagged('FROM alpine\nRUN --mount=type=cache,target=/etc/apk/cache apk add curl\n', id)).toEqual([]);
    expect(flagged('FROM alpine\nRUN --mount=type=cache,target=/root/.cache apk add curl\n', id)).toEqual(['apk']);
  });

  it('differs from hadolint: an rm of /var/cache/apk after the add counts, one before it does not', () => {
    expect(flagged('FROM alpine\nRUN apk add curl && rm -rf /var/cache/apk/*\n', id)).toEqual([]);
    expect(flagged('FROM alpine\nRUN rm -rf /var/cache/apk/* && apk add curl\n', id)).toEqual(['apk']);
  });

  it('reads the mounts of an ONBUILD RUN', () => {
    expect(flagged('FROM alpine\nONBUILD RUN --mount=type=cache,target=/var/cache/apk apk add curl\n', id)).toEqual([]);
    expect(flagged('FROM alpine\nONBUILD RUN --mount=type=cache,target=/tmp apk add curl\n', id)).toEqual(['apk']);
  });

  it('fixes ONBUILD and heredoc RUNs', () => {
    expect(fixWith('FROM alpine\nONBUILD RUN apk add curl\n', id)).toBe('FROM alpine\nONBUILD RUN apk add --no-cache curl\n');
    expect(fixWith('FROM alpine\nRUN <<EOF\napk add curl\nEOF\n', id)).toBe('FROM alpine\nRUN <<EOF\napk add --no-cache curl\nEOF\n');
  });
});

describe('yum-missing-yes', () => {
  const id = 'yum-missing-yes';
  const run = (script: string): string => `FROM centos:7\nRUN ${script}\n`;

  it('accepts -y, --assumeyes, -qy and --setopt=assumeyes=1', () => {
    for (const s of ['-y', '--assumeyes', '-qy', '--setopt=assumeyes=1']) expect(flagged(run(`yum ${s} install x-1`), id), s).toEqual([]);
  });

  it('differs from hadolint: update, remove and group/module transactions are checked too; queries are not', () => {
    expect(flagged(run('yum update && yum remove x && yum group install "Dev Tools" && yum module enable nodejs:18'), id)).toEqual(['yum', 'yum', 'yum', 'yum']);
    expect(flagged(run('yum list installed && yum info x && yum clean all && yum repolist'), id)).toEqual([]);
  });

  it('inserts -y after the (last word of the) subcommand, also in JSON form', () => {
    expect(fixWith(run('yum group install "Dev Tools"'), id)).toBe(run('yum group install -y "Dev Tools"'));
    expect(fixWith('FROM centos\nRUN ["yum", "install", "x-1"]\n', id)).toBe('FROM centos\nRUN ["yum", "install", "-y", "x-1"]\n');
  });

  it('checks commands run through sudo and ONBUILD triggers', () => {
    expect(flagged('FROM centos\nONBUILD RUN sudo yum install x-1\n', id)).toEqual(['yum']);
  });
});

describe('yum-cache-not-cleaned', () => {
  const id = 'yum-cache-not-cleaned';
  const run = (script: string): string => `FROM centos:7\nRUN ${script}\n`;

  it('reports the last downloading command not followed by a cleanup', () => {
    const t = run('yum install -y a-1 && yum clean all && yum install -y b-1');
    const ds = findingsOf(t, id);
    expect(ds.map((d) => t.slice(d.start, d.end))).toEqual(['yum']);
    expect(ds[0]?.start).toBe(t.lastIndexOf('yum install'));
  });

  it('a cleanup before the install does not count', () => {
    expect(flagged(run('yum clean all && yum install -y a-1'), id)).toEqual(['yum']);
  });

  it('counts yum clean all, dnf clean all, and an rm of /var/cache/yum or /var/cache/dnf', () => {
    for (const c of ['yum clean all', 'yum -q clean all', 'dnf clean all', 'rm -rf /var/cache/yum', 'rm -rf /var/cache/yum/*', 'rm -rf /var/cache/dnf']) {
      expect(flagged(run(`yum install -y a-1 && ${c}`), id), c).toEqual([]);
    }
  });

  it('differs from hadolint: another rm -rf does not count, and a partial clean is reported where it is', () => {
    expect(flagged(run('yum install -y a-1 && rm -rf /tmp/*'), id)).toEqual(['yum']);
    const t = run('yum install -y a-1 && yum clean packages');
    const ds = findingsOf(t, id);
    expect(ds.map((d) => t.slice(d.start, d.end))).toEqual(['yum clean packages']);
    expect(ds[0]?.message).toContain('yum clean all');
    expect(ds[0]?.fix).toBeUndefined();
  });

  it('differs from hadolint: a cache or tmpfs mount on /var/cache/yum exempts the RUN', () => {
    expect(flagged('FROM centos\nRUN --mount=type=cache,target=/var/cache/yum yum install -y a-1\n', id)).toEqual([]);
    expect(flagged('FROM centos\nRUN --mount=type=tmpfs,target=/var/cache/dnf yum install -y a-1\n', id)).toEqual([]);
  });

  it('differs from hadolint: yum update fills the cache too', () => {
    expect(flagged(run('yum update -y'), id)).toEqual(['yum']);
  });

  it('fixes by appending `yum clean all` (with sudo when the install used it), not after a trailing comment', () => {
    expect(fixWith(run('sudo yum install -y a-1'), id)).toBe(run('sudo yum install -y a-1 && sudo yum clean all'));
    expect(findingsOf(run('yum install -y a-1 # no clean'), id)[0]?.fix).toBeUndefined();
  });

  it('checks heredocs and ONBUILD triggers', () => {
    expect(flagged('FROM centos\nRUN <<EOF\nyum install -y a-1\nEOF\nONBUILD RUN yum install -y b-1\n', id)).toEqual(['yum', 'yum']);
  });
});

describe('yum-unpinned', () => {
  const id = 'yum-unpinned';

  it('reports unversioned packages exactly, across continuations', () => {
    const t = df`
      FROM centos:7
      RUN yum install -y \
          httpd-2.4.6 \
          mod_ssl \
          python3-devel \
       && yum clean all
    `;
    expect(flagged(t, id)).toEqual(['mod_ssl', 'python3-devel']);
  });

  it('accepts epochs, C++ names, release suffixes and .rpm files', () => {
    expect(flagged('FROM centos\nRUN yum install -y openssl-1:1.0.2k gcc-c++-4.8.5 rpm-sign-4.16.1.3-1.el9 ./x.rpm\n', id)).toEqual([]);
  });

  it('differs from hadolint: option values are not packages, variables and @groups are not reported', () => {
    const t = 'FROM centos\nARG V=1\nRUN yum install -y --enablerepo extras --exclude kernel "tool-${V}" $PKG @development\n';
    expect(flagged(t, id)).toEqual([]);
  });

  it('modules need a stream; other subcommands are not checked', () => {
    const t = 'FROM rockylinux:8\nRUN yum module install -y nodejs php:8.1 && yum remove -y httpd && yum groupinstall -y "Dev Tools"\n';
    const ds = findingsOf(t, id);
    expect(ds.map((d) => t.slice(d.start, d.end))).toEqual(['nodejs']);
    expect(ds[0]?.message).toContain('stream');
  });
});

describe('zypper-missing-yes', () => {
  const id = 'zypper-missing-yes';
  const run = (script: string): string => `FROM opensuse/leap\nRUN ${script}\n`;

  it('accepts the global -n / --non-interactive and the subcommand\'s -y / --no-confirm', () => {
    for (const s of ['zypper -n install x=1', 'zypper --non-interactive in x=1', 'zypper install -y x=1', 'zypper in --no-confirm x=1', 'zypper -nq rm x']) {
      expect(flagged(run(s), id), s).toEqual([]);
    }
  });

  it('differs from hadolint: -n after the subcommand is --name and does not count', () => {
    expect(flagged(run('zypper install -n x=1'), id)).toEqual(['zypper']);
  });

  it('checks install, remove, patch, source-install, update and dist-upgrade; not refresh or clean', () => {
    expect(flagged(run('zypper in a=1; zypper rm b; zypper patch; zypper si c; zypper up; zypper dup'), id)).toHaveLength(6);
    expect(flagged(run('zypper refresh && zypper clean --all && zypper search x'), id)).toEqual([]);
  });

  it('fixes by adding -n right after zypper, before global options with values and in JSON form', () => {
    expect(fixWith(run('zypper --root /mnt install x=1'), id)).toBe(run('zypper -n --root /mnt install x=1'));
    expect(fixWith('FROM opensuse/leap\nRUN ["zypper", "install", "x=1"]\n', id)).toBe('FROM opensuse/leap\nRUN ["zypper", "-n", "install", "x=1"]\n');
    expect(fixWith('FROM opensuse/leap\nONBUILD RUN sudo zypper in x=1\n', id)).toBe('FROM opensuse/leap\nONBUILD RUN sudo zypper -n in x=1\n');
  });
});

describe('zypper-dist-upgrade', () => {
  const id = 'zypper-dist-upgrade';

  it('reports the subcommand word, long or short, also in ONBUILD', () => {
    expect(flagged('FROM opensuse/leap\nRUN zypper -n dist-upgrade && zypper --non-interactive dup\nONBUILD RUN zypper dup\n', id)).toEqual(['dist-upgrade', 'dup', 'dup']);
  });

  it('update and patch are fine; so is the word as a package name', () => {
    expect(flagged('FROM opensuse/leap\nRUN zypper -n up && zypper -n patch && zypper -n in dup=1\n', id)).toEqual([]);
  });
});

describe('zypper-cache-not-cleaned', () => {
  const id = 'zypper-cache-not-cleaned';
  const run = (script: string): string => `FROM opensuse/leap\nRUN ${script}\n`;

  it('counts clean --all, cc -a, clean -m -M, and an rm of /var/cache/zypp', () => {
    for (const c of ['zypper clean --all', 'zypper cc -a', 'zypper -n clean -m -M', 'rm -rf /var/cache/zypp/*']) {
      expect(flagged(run(`zypper -n in x=1 && ${c}`), id), c).toEqual([]);
    }
  });

  it('differs from hadolint: a plain `zypper clean` is reported where it is, without a fix', () => {
    const t = run('zypper -n in x=1 && zypper cc');
    const ds = findingsOf(t, id);
    expect(ds.map((d) => t.slice(d.start, d.end))).toEqual(['zypper cc']);
    expect(ds[0]?.fix).toBeUndefined();
  });

  it('a cleanup before the install does not count; the fix appends clean --all', () => {
    const t = run('zypper clean --all && zypper -n in x=1');
    expect(flagged(t, id)).toEqual(['zypper']);
    expect(fixWith(t, id)).toBe(run('zypper clean --all && zypper -n in x=1 && zypper clean --all'));
  });

  it('a cache mount on /var/cache/zypp exempts the RUN', () => {
    expect(flagged('FROM opensuse/leap\nRUN --mount=type=cache,target=/var/cache/zypp zypper -n in x=1\n', id)).toEqual([]);
  });
});

describe('zypper-unpinned', () => {
  const id = 'zypper-unpinned';

  it('reports unversioned packages; comparisons quoted or escaped are pins', () => {
    const t = 'FROM opensuse/leap\nRUN zypper -n in curl "git>=2" tomcat\\>=9.0 x=1 ./y.rpm\n';
    expect(flagged(t, id)).toEqual(['curl']);
  });

  it('differs from hadolint: option values, non-package types, removals and variables are not reported', () => {
    const t = 'FROM opensuse/leap\nRUN zypper -n in -r myrepo --from other x=1 $PKG -- -nano && zypper -n in -t pattern devel_basis && zypper -n in --type=patch p\n';
    expect(flagged(t, id)).toEqual([]);
  });

  it('global options with values before the subcommand are skipped', () => {
    const t = 'FROM opensuse/leap\nRUN zypper --root /mnt -n install curl\n';
    expect(flagged(t, id)).toEqual(['curl']);
  });
});

describe('dnf-missing-yes', () => {
  const id = 'dnf-missing-yes';
  const run = (script: string): string => `FROM fedora\nRUN ${script}\n`;

  it('checks dnf, dnf5 and microdnf, but not a program merely named like them', () => {
    expect(flagged(run('dnf install a-1; dnf5 install b-1; microdnf install c-1; notdnf install d'), id)).toEqual(['dnf', 'dnf5', 'microdnf']);
  });

  it('accepts -y anywhere, --assumeyes and --setopt=assumeyes=True', () => {
    for (const s of ['dnf -y install a-1', 'dnf install a-1 -y', 'microdnf --assumeyes install a-1', 'dnf --setopt=assumeyes=True install a-1']) {
      expect(flagged(run(s), id), s).toEqual([]);
    }
  });

  it('fixes after the last word of the subcommand, in heredocs too', () => {
    expect(fixWith(run('dnf group install "Dev Tools"'), id)).toBe(run('dnf group install -y "Dev Tools"'));
    expect(fixWith('FROM fedora\nRUN <<EOF\nmicrodnf install a-1\nEOF\n', id)).toBe('FROM fedora\nRUN <<EOF\nmicrodnf install -y a-1\nEOF\n');
  });
});

describe('dnf-cache-not-cleaned', () => {
  const id = 'dnf-cache-not-cleaned';
  const run = (script: string): string => `FROM fedora\nRUN ${script}\n`;

  it('treats dnf and microdnf separately', () => {
    expect(flagged(run('microdnf install -y a-1 && dnf clean all'), id)).toEqual(['microdnf']);
    expect(flagged(run('dnf install -y a-1 && microdnf clean all'), id)).toEqual(['dnf']);
    expect(flagged(run('dnf install -y a-1 && microdnf install -y b-1'), id)).toEqual(['dnf', 'microdnf']);
    expect(flagged(run('dnf5 install -y a-1 && dnf clean all'), id)).toEqual([]);
  });

  it('counts an rm of the cache folders, not another rm -rf', () => {
    expect(flagged(run('dnf install -y a-1 && rm -rf /var/cache/libdnf5/*'), id)).toEqual([]);
    expect(flagged(run('microdnf install -y a-1 && rm -rf /var/cache/yum/*'), id)).toEqual([]);
    expect(flagged(run('dnf install -y a-1 && rm -rf /tmp/*'), id)).toEqual(['dnf']);
  });

  it('a partial clean is reported on the clean command; mounts exempt', () => {
    const t = run('dnf install -y a-1 && dnf clean metadata');
    expect(flagged(t, id)).toEqual(['dnf clean metadata']);
    expect(flagged('FROM fedora\nRUN --mount=type=cache,target=/root/.cache/libdnf5 dnf install -y a-1\n', id)).toEqual([]);
    expect(flagged('FROM fedora\nRUN --mount=type=cache,target=/var/cache/dnf dnf install -y a-1\n', id)).toEqual([]);
  });

  it('fixes each tool with its own clean', () => {
    expect(fixWith(run('microdnf install -y a-1'), id)).toBe(run('microdnf install -y a-1 && microdnf clean all'));
  });
});

describe('dnf-unpinned', () => {
  const id = 'dnf-unpinned';

  it('reports unversioned packages of dnf and microdnf; skips groups, modules need streams', () => {
    const t = 'FROM fedora\nRUN dnf install -y a-1.0 b && microdnf install -y c && dnf -y group install "Dev Tools" && dnf module install -y nodejs:20 php\n';
    expect(flagged(t, id)).toEqual(['b', 'c', 'php']);
  });

  it('does not report variables, @groups or option values', () => {
    expect(flagged('FROM fedora\nRUN dnf install -y --repo fedora --exclude x "$PKG" @development-tools\n', id)).toEqual([]);
  });
});

describe('pathCovers', () => {
  it('matches the folder, its contents, and folders above it — nothing else', () => {
    const d = '/var/lib/apt/lists';
    expect(['/var/lib/apt/lists', '/var/lib/apt/lists/', '/var/lib/apt/lists/*', '/var/lib/apt', '/var/lib/apt/*', '/var//lib/apt/lists'].filter((p) => !pathCovers(p, d))).toEqual([]);
    expect(['/var/lib/apt/lists/partial', '/var/lib/apt/lists/*.gz', 'var/lib/apt/lists', '/var/lib/ap*', '/var/lib/apt/listsx'].filter((p) => pathCovers(p, d))).toEqual([]);
  });
});
