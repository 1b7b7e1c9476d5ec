/**
 * Edge cases of the COPY/ADD, WORKDIR, USER, EXPOSE, ENV/ARG, MAINTAINER and ONBUILD rules: exact ranges across
 * continuations, heredocs, ONBUILD, variables, stage lineage, and every documented difference from hadolint.
 */
import { describe, expect, it } from 'vitest';
import { expandWord, parse, type KeyValuePair, type LabelInstruction } from '../../grammar/index.js';
import { df } from '../../rules/define.js';
import { defaultConfig } from '../../rules/engine/config.js';
import { findingsOf, fixWith, lintText } from '../helpers/rule-tester.js';

/** The flagged texts of one rule. */
function flagged(text: string, rule: string): string[] {
  return findingsOf(text, rule).map((d) => text.slice(d.start, d.end));
}

const crlf = (s: string): string => s.replace(/\n/g, '\r\n');

describe('workdir-relative-path', () => {
  const id = 'workdir-relative-path';

  it('reports only the first WORKDIR of a stage, as a warning (hadolint: every relative one, as an error)', () => {
    const t = df`
      FROM alpine:3.20
      WORKDIR app
      WORKDIR src
    `;
    const ds = findingsOf(t, id);
    expect(ds.map((d) => t.slice(d.start, d.end))).toEqual(['app']);
    expect(ds[0]?.severity).toBe('warning');
  });

  it('an absolute WORKDIR first makes later relative ones fine', () => {
    expect(flagged('FROM alpine\nWORKDIR /srv\nWORKDIR app\n', id)).toEqual([]);
  });

  it('follows the stage chain: a parent stage that set WORKDIR covers its children', () => {
    const t = df`
      FROM alpine:3.20 AS base
      WORKDIR /srv
      FROM base AS dev
      WORKDIR app
      FROM alpine:3.20
      WORKDIR app
    `;
    const ds = findingsOf(t, id);
    expect(ds).toHaveLength(1);
    expect(t.slice(0, ds[0]?.start).split('\n')).toHaveLength(6);
  });

  it('a relative WORKDIR in the parent is reported there, not again in the child', () => {
    const t = 'FROM alpine AS base\nWORKDIR app\nFROM base\nWORKDIR sub\n';
    expect(findingsOf(t, id).map((d) => t.slice(d.start, d.end))).toEqual(['app']);
  });

  it('substitutes variables it knows, skips paths starting with one it does not', () => {
    expect(flagged('FROM alpine\nARG D=app\nWORKDIR ${D}\n', id)).toEqual(['${D}']);
    expect(flagged('FROM alpine\nARG D=/app\nWORKDIR $D\n', id)).toEqual([]);
    expect(flagged('FROM alpine\nWORKDIR $HOME/app\n', id)).toEqual([]);
    expect(flagged('FROM alpine\nWORKDIR app/$X\n', id)).toEqual(['app/$X']);
  });

  it('quotes are removed before judging; the range is the whole word', () => {
    expect(flagged('FROM alpine\nWORKDIR "app"\n', id)).toEqual(['"app"']);
    expect(flagged('FROM alpine\nWORKDIR "/my app"\n', id)).toEqual([]);
  });

  it('Windows drive paths, and `\\x` on a Windows stage with the backtick escape', () => {
    expect(flagged('FROM alpine\nWORKDIR C:/app\n', id)).toEqual([]);
    expect(flagged('# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR \\app\n', id)).toEqual([]);
    expect(flagged('# escape=`\nFROM alpine\nWORKDIR \\app\n', id)).toEqual(['\\app']);
  });

  it('a continued WORKDIR keeps an exact range (LF and CRLF)', () => {
    for (const t of ['FROM alpine\nWORKDIR \\\n    app\n', crlf('FROM alpine\nWORKDIR \\\n    app\n')]) {
      expect(flagged(t, id)).toEqual(['app']);
    }
  });
});

describe('copy-relative-destination', () => {
  const id = 'copy-relative-destination';

  it('`COPY . .` without WORKDIR: the destination is reported', () => {
    const t = 'FROM node\nCOPY . .\n';
    const ds = findingsOf(t, id);
    expect(ds).toHaveLength(1);
    expect(ds[0]?.start).toBe(t.lastIndexOf('.'));
  });

  it('a path that starts with a drive letter is a Windows path from the root, with or without backslashes left', () => {
    for (const dest of ['c:\\system32\\blubb.sh', 'd:\\mypath\\blubb.sh', 'C:/app/', 'c:app']) {
      expect(flagged(`FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY bla.sh ${dest}\n`, id), dest).toEqual([]);
      expect(flagged(`FROM mcr.microsoft.com/windows/servercore:ltsc2022\nONBUILD COPY bla.sh ${dest}\n`, id), dest).toEqual([]);
    }
    expect(flagged('FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY bla.sh app\\x\n', id)).toEqual(['app\\x']);
  });

  it('a WORKDIR later in the stage does not count; one in the parent stage does', () => {
    expect(flagged('FROM node\nCOPY a ./\nWORKDIR /app\n', id)).toEqual(['./']);
    expect(flagged('FROM node AS base\nWORKDIR /app\nFROM base\nCOPY a ./\n', id)).toEqual([]);
  });

  it('two unnamed stages FROM the same image do not share a WORKDIR (hadolint quirk)', () => {
    const t = 'FROM node\nWORKDIR /app\nCOPY a .\nFROM node\nCOPY b .\n';
    const ds = findingsOf(t, id);
    expect(ds).toHaveLength(1);
    expect(ds[0]?.start).toBe(t.length - 2);
  });

  it('ADD is checked too (differs from hadolint); ONBUILD triggers are not', () => {
    expect(flagged('FROM node\nADD a.txt conf/\n', id)).toEqual(['conf/']);
    expect(flagged('FROM node\nONBUILD COPY . .\n', id)).toEqual([]);
  });

  it('quotes, exec form, Windows and variables', () => {
    expect(flagged('FROM node\nCOPY a "/abs"\n', id)).toEqual([]);
    expect(flagged('FROM node\nCOPY a "rel"\n', id)).toEqual(['"rel"']);
    expect(flagged('FROM node\nCOPY ["a b", "rel/"]\n', id)).toEqual(['"rel/"']);
    expect(flagged('FROM node\nCOPY a C:\\\\app\\\\\n', id)).toEqual([]);
    expect(flagged('FROM node\nCOPY a ${DEST}\n', id)).toEqual([]);
    expect(flagged('FROM node\nARG DEST=app\nCOPY a ${DEST}\n', id)).toEqual(['${DEST}']);
  });

  it('heredoc sources: the destination is still judged', () => {
    expect(flagged('FROM node\nCOPY <<EOF app.conf\nx=1\nEOF\n', id)).toEqual(['app.conf']);
  });
});

describe('copy-archive-then-extract', () => {
  const id = 'copy-archive-then-extract';

  it('reports the COPY source, with the extraction as related information', () => {
    const t = 'FROM debian\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt\n';
    const ds = findingsOf(t, id);
    expect(ds.map((d) => t.slice(d.start, d.end))).toEqual(['app.tar.gz']);
    expect(ds[0]?.related?.map((r) => t.slice(r.range.start, r.range.end))).toEqual(['tar']);
  });

  it('heredoc RUNs, sudo, old-style `tar xf`, `gzip -d` and continuations', () => {
    expect(flagged('FROM debian\nCOPY a.tar /tmp/\nRUN <<EOF\nset -e\ntar -xf /tmp/a.tar\nEOF\n', id)).toEqual(['a.tar']);
    expect(flagged('FROM debian\nCOPY a.tgz /tmp/\nRUN sudo tar -xzf /tmp/a.tgz\n', id)).toEqual(['a.tgz']);
    expect(flagged('FROM debian\nCOPY a.tar.xz /tmp/\nRUN cd /opt && tar xJf /tmp/a.tar.xz\n', id)).toEqual(['a.tar.xz']);
    expect(flagged('FROM debian\nCOPY a.tar.bz2 /tmp/\nRUN bzip2 -d /tmp/a.tar.bz2\n', id)).toEqual(['a.tar.bz2']);
    const t = 'FROM debian\nCOPY \\\n  a.tar.gz \\\n  /tmp/\nRUN true \\\n && tar -xzf /tmp/a.tar.gz\n';
    expect(flagged(t, id)).toEqual(['a.tar.gz']);
  });

  it('a destination without `/` may be a directory: both names are remembered', () => {
    expect(flagged('FROM debian\nCOPY a.tar.gz /tmp\nRUN tar -xzf /tmp/a.tar.gz\n', id)).toEqual(['a.tar.gz']);
    expect(flagged('FROM debian\nCOPY dist.bin /tmp/app.tar\nRUN tar -xf /tmp/app.tar\n', id)).toEqual(['dist.bin']);
  });

  it('reports each COPY once, even when several commands unpack it', () => {
    expect(flagged('FROM debian\nCOPY a.tar /tmp/\nRUN tar -xf /tmp/a.tar && tar -xf /tmp/a.tar -C /b\n', id)).toHaveLength(1);
  });

  it('not: single compressed files, zip, listing, other stages, --from, no extraction (differs from hadolint)', () => {
    expect(flagged('FROM debian\nCOPY data.json.gz /srv/\nRUN gunzip /srv/data.json.gz\n', id)).toEqual([]);
    expect(flagged('FROM debian\nCOPY a.tar.lz /srv/\nRUN tar --lzip -xf /srv/a.tar.lz\n', id)).toEqual([]);
    expect(flagged('FROM debian\nCOPY a.zip /srv/\nRUN unzip /srv/a.zip\n', id)).toEqual([]);
    expect(flagged('FROM debian\nCOPY a.tar /srv/\nRUN tar -tf /srv/a.tar\n', id)).toEqual([]);
    expect(flagged('FROM debian AS a\nCOPY a.tar /srv/\nFROM debian\nRUN tar -xf /srv/a.tar\n', id)).toEqual([]);
    expect(flagged('FROM debian\nCOPY --from=build /a.tar /srv/\nRUN tar -xf /srv/a.tar\n', id)).toEqual([]);
    expect(flagged('FROM debian\nCOPY a.tar /srv/\nRUN echo a.tar\n', id)).toEqual([]);
  });
});

describe('add-instead-of-copy', () => {
  const id = 'add-instead-of-copy';

  it('fixes ADD to COPY, keeping the keyword\'s case and the flags', () => {
    expect(fixWith('FROM alpine\nadd --chown=app a.conf /etc/\n', id)).toBe('FROM alpine\ncopy --chown=app a.conf /etc/\n');
    expect(fixWith('FROM alpine\nADD src/ /app/\n', id)).toBe('FROM alpine\nCOPY src/ /app/\n');
  });

  it('reports the first local source', () => {
    expect(flagged('FROM alpine\nADD a.tar.gz b.conf c.conf /x/\n', id)).toEqual(['b.conf']);
  });

  it('no fix when a source is remote or an archive, or with an ADD-only flag', () => {
    const mixed = findingsOf('FROM alpine\nADD https://x.io/a b.conf /x/\n', id);
    expect(mixed).toHaveLength(1);
    expect(mixed[0]?.fix).toBeUndefined();
    for (const flag of ['--checksum=sha256:abc', '--keep-git-dir=true', '--unpack=false']) {
      const ds = findingsOf(`FROM alpine\nADD ${flag} b.bin /x/\n`, id);
      expect(ds).toHaveLength(1);
      expect(ds[0]?.fix).toBeUndefined();
    }
  });

  it('heredoc sources are local: reported and fixed', () => {
    expect(fixWith('FROM alpine\nADD <<EOF /etc/motd\nhello\nEOF\n', id)).toBe('FROM alpine\nCOPY <<EOF /etc/motd\nhello\nEOF\n');
  });

  it('variables: unknown values are not reported, known ones are judged (differs from hadolint)', () => {
    expect(flagged('FROM alpine\nADD ${URL} /x/\n', id)).toEqual([]);
    expect(flagged('FROM alpine\nARG URL=https://x.io/t\nADD ${URL} /x/\n', id)).toEqual([]);
    expect(flagged('FROM alpine\nARG F=app.conf\nADD $F /x/\n', id)).toEqual(['$F']);
  });

  it('Git sources are remote (differs from hadolint)', () => {
    expect(flagged('FROM alpine\nADD git@github.com:moby/buildkit.git /src\nADD ssh://git@host/repo.git /r\n', id)).toEqual([]);
  });
});

describe('copy-dest-not-directory', () => {
  const id = 'copy-dest-not-directory';

  it('`.` is a directory to BuildKit (differs from hadolint); other destinations are fixed unsafely', () => {
    expect(findingsOf('FROM a\nWORKDIR /w\nCOPY a b .\n', id)).toEqual([]);
    expect(findingsOf('FROM a\nWORKDIR /w\nCOPY a b ..\n', id)).toHaveLength(1);
    const dir = findingsOf('FROM a\nCOPY a b /opt/app\n', id);
    expect(dir[0]?.fix?.applicability).toBe('unsafe');
    expect(fixWith('FROM a\nCOPY a b /opt/app\n', id)).toBe('FROM a\nCOPY a b /opt/app/\n');
  });

  it('quoted and exec-form destinations get the `/` inside the quotes', () => {
    expect(fixWith('FROM a\nCOPY a b "/opt/app"\n', id)).toBe('FROM a\nCOPY a b "/opt/app/"\n');
    expect(fixWith('FROM a\nCOPY ["a", "b", "/opt"]\n', id)).toBe('FROM a\nCOPY ["a", "b", "/opt/"]\n');
  });

  it('ADD too (differs from hadolint); a single source, or a `/` at the end, is fine', () => {
    expect(flagged('FROM a\nADD a b /opt\n', id)).toEqual(['/opt']);
    expect(flagged('FROM a\nCOPY a /opt\nCOPY a b /opt/\n', id)).toEqual([]);
  });

  it('variables are judged by their value when known', () => {
    expect(flagged('FROM a\nARG D=/opt/\nCOPY a b $D\n', id)).toEqual([]);
    expect(flagged('FROM a\nARG D=/opt\nCOPY a b $D\n', id)).toEqual(['$D']);
    expect(flagged('FROM a\nCOPY a b $D\n', id)).toEqual([]);
    expect(fixWith('FROM a\nARG D=/opt\nCOPY a b ${D}\n', id)).toBe('FROM a\nARG D=/opt\nCOPY a b ${D}/\n');
  });

  it('heredocs count as sources; continuations keep exact ranges', () => {
    expect(flagged('FROM a\nCOPY <<a <<b /etc\nx\na\ny\nb\n', id)).toEqual(['/etc']);
    expect(fixWith('FROM a\nCOPY a \\\n  b \\\n  /opt\n', id)).toBe('FROM a\nCOPY a \\\n  b \\\n  /opt/\n');
  });
});

describe('copy-from-root-to-root', () => {
  const id = 'copy-from-root-to-root';

  it('reports the `/` source of `COPY --from=x / /`, quotes removed', () => {
    const t = 'FROM a AS b\nFROM debian\nCOPY --from=b "/" /\n';
    expect(flagged(t, id)).toEqual(['"/"']);
  });

  it('not into a scratch stage (differs from hadolint), not without --from, not other paths', () => {
    expect(flagged('FROM a AS b\nFROM scratch\nCOPY --from=b / /\n', id)).toEqual([]);
    expect(flagged('FROM a\nCOPY / /\n', id)).toEqual([]);
    expect(flagged('FROM a AS b\nFROM debian\nCOPY --from=b / /app\nCOPY --from=b /app /\n', id)).toEqual([]);
  });
});

describe('expose-port-out-of-range', () => {
  const id = 'expose-port-out-of-range';

  it('reports the word with a port above 65535, on continued lines too', () => {
    expect(flagged('FROM a\nEXPOSE 80 \\\n  65536/tcp 443\n', id)).toEqual(['65536/tcp']);
    expect(flagged('FROM a\nEXPOSE 8000-90000\n', id)).toEqual(['8000-90000']);
    expect(findingsOf('FROM a\nEXPOSE 99999\n', id)[0]?.message).toContain('99999');
  });

  it('variables are not judged; valid ports are fine', () => {
    expect(flagged('FROM a\nARG P=99999\nEXPOSE ${P} 1-${P}\n', id)).toEqual([]);
    expect(flagged('FROM a\nEXPOSE 0 65535 1-65535/udp\n', id)).toEqual([]);
  });
});

describe('last-user-root', () => {
  const id = 'last-user-root';

  it('only the final image counts: build stages running as root are fine (differs from hadolint)', () => {
    expect(flagged('FROM a AS build\nUSER root\nFROM b\nUSER app\n', id)).toEqual([]);
    expect(flagged('FROM a AS build\nUSER app\nFROM b\nUSER root\n', id)).toEqual(['root']);
  });

  it('a final stage without USER inherits the one of the stage it is built FROM', () => {
    const t = 'FROM a AS base\nUSER 0:0\nFROM base\nRUN x\n';
    expect(flagged(t, id)).toEqual(['0:0']);
    expect(flagged('FROM a AS base\nUSER root\nFROM b\nRUN x\n', id)).toEqual([]);
  });

  it('variables are substituted when known (differs from hadolint), skipped when not', () => {
    expect(flagged('FROM a\nENV u=root\nUSER ${u}\n', id)).toEqual(['${u}']);
    expect(flagged('FROM a\nARG u\nUSER ${u}\n', id)).toEqual([]);
    expect(flagged('FROM a\nUSER root:root\nUSER 1000\n', id)).toEqual([]);
  });
});

describe('user-not-numeric', () => {
  const id = 'user-not-numeric';

  it('only the last USER of the final image, as info', () => {
    const t = 'FROM a AS build\nUSER builder\nFROM b\nUSER app\nUSER www-data\n';
    const ds = findingsOf(t, id);
    expect(ds.map((d) => t.slice(d.start, d.end))).toEqual(['www-data']);
    expect(ds[0]?.severity).toBe('info');
  });

  it('numeric UIDs (any group), root and unknown variables are not reported', () => {
    expect(flagged('FROM a\nUSER 1000:app\n', id)).toEqual([]);
    expect(flagged('FROM a\nUSER root\n', id)).toEqual([]);
    expect(flagged('FROM a\nARG UID\nUSER $UID\n', id)).toEqual([]);
    expect(flagged('FROM a\nARG NAME=app\nUSER $NAME\n', id)).toEqual(['$NAME']);
    expect(flagged('FROM a AS base\nUSER app\nFROM base\n', id)).toEqual(['app']);
  });
});

describe('env-self-reference', () => {
  const id = 'env-self-reference';

  it('finds references with modifiers (differs from hadolint)', () => {
    expect(flagged('FROM a\nENV A=1 B=${A:-x}\n', id)).toEqual(['${A:-x}']);
    expect(flagged('FROM a\nENV A=1 B=${X:-$A}\n', id)).toEqual(['$A']);
  });

  it('an escaped `\\$A` is not a reference (hadolint #1062)', () => {
    expect(flagged('FROM a\nENV A=1 B=\\$A\n', id)).toEqual([]);
    expect(flagged("FROM a\nENV A=1 B='$A'\n", id)).toEqual([]);
  });

  it('self references and references to later keys are fine', () => {
    expect(flagged('FROM a\nENV PATH=/x:$PATH B=1\n', id)).toEqual([]);
    expect(flagged('FROM a\nENV B=$A A=1\n', id)).toEqual([]);
  });

  it('a key set twice in one ENV, the second reading the first', () => {
    expect(flagged('FROM a\nENV A=1 A=$A:2\n', id)).toEqual(['$A']);
  });

  it('excused only by a declaration visible here, not one anywhere in the file (differs from hadolint)', () => {
    expect(flagged('FROM a\nARG A=0\nENV A=1 B=$A\n', id)).toEqual([]);
    expect(flagged('FROM a AS base\nENV A=0\nFROM base\nENV A=1 B=$A\n', id)).toEqual([]);
    expect(flagged('FROM a\nENV A=0\nFROM b\nENV A=1 B=$A\n', id)).toEqual(['$A']);
  });

  it('the fix splits the ENV before the value, across continuations, in CRLF files, keeping the keyword case', () => {
    expect(fixWith('FROM a\nenv A=1 \\\n    B=$A \\\n    C=3\n', id)).toBe('FROM a\nenv A=1\nenv B=$A \\\n    C=3\n');
    expect(fixWith(crlf('FROM a\nENV A=1 B=$A\n'), id)).toBe(crlf('FROM a\nENV A=1\nENV B=$A\n'));
    expect(fixWith('FROM a\nENV A=1 B=$A C=$B\n', id)).toBe('FROM a\nENV A=1\nENV B=$A\nENV C=$B\n');
  });

  it('no fix when a comment sits between the assignments', () => {
    const ds = findingsOf('FROM a\nENV A=1 \\\n# the binary\n    B=$A\n', id);
    expect(ds).toHaveLength(1);
    expect(ds[0]?.fix).toBeUndefined();
  });
});

describe('secret-in-arg-or-env', () => {
  const id = 'secret-in-arg-or-env';

  it('GPG key fingerprints are public (differs from BuildKit)', () => {
    expect(findingsOf('FROM a\nENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D PGP_KEYS=x\n', id)).toEqual([]);
    expect(findingsOf('FROM a\nENV SIGNING_KEY=x\n', id)).toHaveLength(1);
  });

  it('matches whole `_`-separated words, not substrings (differs from hadolint)', () => {
    const t = df`
      FROM a
      ENV TOKENIZERS_PARALLELISM=false PRIVATE_REGISTRY=r DOCKER_USERNAME=me MONKEY=1
      ARG GITHUB_TOKEN
      ARG apiKey AWS_SECRET_ACCESS_KEY=x
    `;
    expect(flagged(t, id)).toEqual(['GITHUB_TOKEN', 'apiKey', 'AWS_SECRET_ACCESS_KEY']);
  });

  it('public, file and version words excuse a name', () => {
    expect(flagged('FROM a\nENV DB_PASSWORD_FILE=/run/s SSH_PUBLIC_KEY=x NODE_AUTH_VERSION=1\n', id)).toEqual([]);
  });

  it('global ARGs are not reported (as in BuildKit); a stage ARG re-importing one is', () => {
    expect(flagged('ARG NPM_TOKEN\nFROM a\n', id)).toEqual([]);
    expect(flagged('ARG NPM_TOKEN\nFROM a\nARG NPM_TOKEN\n', id)).toEqual(['NPM_TOKEN']);
  });

  it('ONBUILD ARG and ENV triggers are checked', () => {
    expect(flagged('FROM a\nONBUILD ARG NPM_TOKEN\nONBUILD ENV API_KEY=x\n', id)).toEqual(['NPM_TOKEN', 'API_KEY']);
  });

  it('legacy ENV form and continuations keep exact ranges', () => {
    expect(flagged('FROM a\nENV \\\n  DB_PASSWORD secret value\n', id)).toEqual(['DB_PASSWORD']);
  });
});

describe('maintainer-deprecated', () => {
  const id = 'maintainer-deprecated';

  it('reports the keyword, tagged deprecated; before FROM it is left to instruction-before-from (hadolint reports both)', () => {
    const t = 'FROM a\nMAINTAINER me\n';
    const ds = findingsOf(t, id);
    expect(ds.map((d) => t.slice(d.start, d.end))).toEqual(['MAINTAINER']);
    expect(ds[0]?.tags).toEqual(['deprecated']);
    expect(lintText('MAINTAINER me\nFROM a:1\n').filter((d) => d.kind === 'rule' && d.start < 13).map((d) => d.rule)).toEqual(['instruction-before-from']);
  });

  it('the fix quotes the value, escaping quotes and `$`, dropping surrounding quotes', () => {
    expect(fixWith('FROM a\nMAINTAINER "Jane Doe"\n', id)).toBe('FROM a\nLABEL org.opencontainers.image.authors="Jane Doe"\n');
    expect(fixWith('FROM a\nmaintainer Jo "J" $5\n', id)).toBe('FROM a\nlabel org.opencontainers.image.authors="Jo \\"J\\" \\$5"\n');
    expect(fixWith('# escape=`\nFROM a\nMAINTAINER a\\b "c"\n', id)).toBe('# escape=`\nFROM a\nLABEL org.opencontainers.image.authors="a\\b `"c`""\n');
  });

  it('the fixed label holds the same text', () => {
    const fixed = fixWith('FROM a\nMAINTAINER Jo "J" $5 \\x\n', id);
    const label = parse(fixed).dockerfile.instructions[1] as LabelInstruction;
    const pair = label.pairs[0] as KeyValuePair;
    expect(expandWord(pair.value, 0, pair.value.length).value).toBe('Jo "J" $5 \\x');
  });

  it('a continued MAINTAINER is replaced whole', () => {
    expect(fixWith('FROM a\nMAINTAINER Jane \\\n  Doe\nRUN x\n', id)).toBe('FROM a\nLABEL org.opencontainers.image.authors="Jane   Doe"\nRUN x\n');
  });
});

describe('invalid-onbuild-trigger', () => {
  const id = 'invalid-onbuild-trigger';

  it('reports ONBUILD ONBUILD, FROM and MAINTAINER on the trigger keyword, in any case', () => {
    const t = 'FROM a\nONBUILD ONBUILD RUN x\nonbuild from b\nONBUILD Maintainer me\nONBUILD RUN x\n';
    expect(flagged(t, id)).toEqual(['ONBUILD', 'from', 'Maintainer']);
    expect(findingsOf(t, id).every((d) => d.severity === 'error')).toBe(true);
  });

  it('the parser does not report them, so there is exactly one finding each', () => {
    const t = 'FROM a\nONBUILD FROM b\n';
    expect(parse(t).errors).toEqual([]);
    expect(lintText(t).filter((d) => d.start >= t.indexOf('ONBUILD') && d.kind === 'syntax')).toEqual([]);
  });

  it('a continued trigger keeps an exact range', () => {
    expect(flagged('FROM a\nONBUILD \\\n  MAINTAINER me\n', id)).toEqual(['MAINTAINER']);
  });
});

describe('inline-ignore-pragma', () => {
  const id = 'inline-ignore-pragma';
  const t = 'FROM a\n# hadolint ignore=DL3008,SC2086 # reason\nRUN x\n';

  it('is off by default', () => {
    expect(lintText(t, defaultConfig()).filter((d) => d.rule === id)).toEqual([]);
  });

  it('reports the inline pragma comment, not global, stage or shell pragmas, nor berth-ignore', () => {
    expect(flagged(t, id)).toEqual(['# hadolint ignore=DL3008,SC2086 # reason']);
    const others = '# hadolint global ignore=DL3008\nFROM a\n# hadolint stage ignore=DL3009\n# hadolint shell=bash\n# berth-ignore x\nRUN x\n';
    expect(flagged(others, id)).toEqual([]);
  });

  it('finds pragmas inside a continued instruction', () => {
    expect(flagged('FROM a\nRUN a \\\n#hadolint ignore=DL3059\n  && b\n', id)).toEqual(['#hadolint ignore=DL3059']);
  });
});
