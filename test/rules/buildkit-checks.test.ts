/**
 * Edge cases of the rules that reproduce BuildKit's build checks (and STOPSIGNAL validation): exact ranges across
 * continuations, ONBUILD, variables, the `.dockerignore` matcher, BuildKit's quirks, and every documented
 * difference from BuildKit.
 */
import { describe, expect, it } from 'vitest';
import { editDistance } from '../../grammar/index.js';
import { df } from '../../rules/define.js';
import type { LintConfig } from '../../rules/engine/config.js';
import { DockerIgnore, buildkitSuggestion, classifySignal, goClean, parsePortSpec } from '../../rules/utils/buildkit-checks.js';
import { allRulesConfig, findingsOf, fixWith } from '../helpers/rule-tester.js';

function flagged(text: string, rule: string, config?: LintConfig): string[] {
  return findingsOf(text, rule, config).map((d) => text.slice(d.start, d.end));
}

const crlf = (s: string): string => s.replace(/\n/g, '\r\n');

describe('consistent-instruction-casing', () => {
  const id = 'consistent-instruction-casing';

  it('upper case wins a tie; every keyword of the minority is reported', () => {
    const t = 'from alpine\nRUN true\n';
    expect(flagged(t, id)).toEqual(['from']);
    expect(fixWith(t, id)).toBe('FROM alpine\nRUN true\n');
  });

  it('lower case wins only with a strict majority', () => {
    const t = 'from alpine\nrun true\nCMD ["x"]\n';
    expect(flagged(t, id)).toEqual(['CMD']);
    expect(fixWith(t, id)).toBe('from alpine\nrun true\ncmd ["x"]\n');
  });

  it('mixed case is reported whatever the majority, and does not count for either side', () => {
    const t = 'FROM alpine\nRun a\nrun b\n';
    const ds = findingsOf(t, id);
    expect(ds.map((d) => t.slice(d.start, d.end))).toEqual(['Run', 'run']);
    expect(ds[0]?.message).toContain('mixes upper and lower case');
  });

  it('does not count or check ARGs before the first FROM, nor ONBUILD triggers', () => {
    expect(flagged('arg V=1\nFROM alpine:$V\nONBUILD run true\n', id)).toEqual([]);
    expect(flagged('ARG V=1\nfrom alpine:$V\nonbuild RUN true\n', id)).toEqual([]);
  });

  it('a keyword split by a continuation keeps its line break when fixed', () => {
    const t = 'FROM alpine\nR\\\nun true\n';
    expect(flagged(t, id)).toEqual(['R\\\nun']);
    expect(fixWith(t, id)).toBe('FROM alpine\nR\\\nUN true\n');
  });

  it('works the same with CRLF line endings', () => {
    const t = crlf('FROM alpine\nrun true\nCMD ["x"]\n');
    expect(flagged(t, id)).toEqual(['run']);
    expect(fixWith(t, id)).toBe(crlf('FROM alpine\nRUN true\nCMD ["x"]\n'));
  });
});

describe('legacy-key-value-format', () => {
  const id = 'legacy-key-value-format';

  it('reports the key, and the fix only replaces the blank with `=` for a one-word value', () => {
    const t = 'FROM alpine\nENV A    "x y"\n';
    expect(flagged(t, id)).toEqual(['A']);
    expect(fixWith(t, id)).toBe('FROM alpine\nENV A="x y"\n');
  });

  it('quotes a value with blanks, keeping continuation lines and their indentation', () => {
    const t = df`
      FROM alpine
      ENV DEPS \
          curl \
          git
    `;
    expect(flagged(t, id)).toEqual(['DEPS']);
    expect(findingsOf(t, id)[0]?.fix?.applicability).toBe('unsafe');
    expect(fixWith(t, id)).toBe('FROM alpine\nENV DEPS="curl \\\n    git"\n');
    expect(findingsOf('FROM alpine\nENV A b\n', id)[0]?.fix?.applicability).toBe('safe');
  });

  it('offers no fix when quotes and blanks meet, or the value has an escape', () => {
    for (const t of ['FROM alpine\nENV A "x" y\n', 'FROM alpine\nENV A x\\$y z\n', "FROM alpine\nLABEL a it's here\n"]) {
      const ds = findingsOf(t, id);
      expect(ds).toHaveLength(1);
      expect(ds[0]?.fix).toBeUndefined();
    }
  });

  it('an escaped blank keeps the value one word', () => {
    expect(fixWith('FROM alpine\nENV A x\\ y\n', id)).toBe('FROM alpine\nENV A=x\\ y\n');
  });

  it('a comment line between key and value makes the fix unsafe (the comment would go)', () => {
    const t = 'FROM alpine\nENV A \\\n# note\n  b\n';
    const d = findingsOf(t, id)[0];
    expect(d?.fix?.applicability).toBe('unsafe');
    expect(fixWith(t, id)).toBe('FROM alpine\nENV A=b\n');
  });

  it('LABEL too, inside ONBUILD too, not ARG nor the key=value form', () => {
    expect(flagged('FROM alpine\nLABEL maintainer me\n', id)).toEqual(['maintainer']);
    expect(flagged('FROM alpine\nONBUILD ENV A b\n', id)).toEqual(['A']);
    expect(flagged('FROM alpine\nARG a b\nENV A=b C=d\nLABEL "x y"=z\n', id)).toEqual([]);
  });

  it('follows the escape directive', () => {
    const t = '# escape=`\nFROM alpine\nENV A `\n    b c\n';
    expect(flagged(t, id)).toEqual(['A']);
    expect(fixWith(t, id)).toBe('# escape=`\nFROM alpine\nENV A="b c"\n');
  });
});

describe('undefined-var', () => {
  const id = 'undefined-var';

  it('in a stage on scratch every undeclared name is reported, at the name', () => {
    const t = 'FROM scratch\nCOPY $SRC ${DEST:-/x} /y/\nWORKDIR $W\nUSER ${U}\n';
    expect(flagged(t, id)).toEqual(['SRC', 'DEST', 'W', 'U']);
  });

  it('in a stage on an image, an unknown name may come from the image: silent', () => {
    expect(flagged('FROM node:22\nWORKDIR $APP_DIR\nENV X=$NODE_VERSION\n', id)).toEqual([]);
  });

  it('reports near misses of visible names with BuildKit’s suggestion, and fixes them (unsafe)', () => {
    const t = 'FROM alpine\nARG APP_VERSION=1\nLABEL v=$APP_VERSON\n';
    const d = findingsOf(t, id)[0];
    expect(d?.message).toContain('did you mean `$APP_VERSION`');
    expect(d?.fix?.applicability).toBe('unsafe');
    expect(fixWith(t, id)).toBe('FROM alpine\nARG APP_VERSION=1\nLABEL v=$APP_VERSION\n');
  });

  it('a global ARG the stage did not import is reported, unless the stage’s FROM uses it', () => {
    expect(flagged('ARG REL=1\nFROM alpine\nCOPY app-$REL.tgz /\n', id)).toEqual(['REL']);
    expect(flagged('ARG REL=1\nFROM alpine\nARG REL\nCOPY app-$REL.tgz /\n', id)).toEqual([]);
    expect(flagged('ARG REL=1\nFROM myimage:$REL\nCOPY app-$REL.tgz /\n', id)).toEqual([]);
    expect(flagged('ARG REL=1\nFROM myimage:$REL AS base\nFROM base\nLABEL r=$REL\n', id)).toEqual([]);
  });

  it('never reports PATH nor names common base images set', () => {
    expect(flagged('FROM scratch\nENV PATH=$PATH:/bin\n', id)).toEqual([]);
    expect(flagged('ARG JAVA_HOME=/j\nFROM eclipse-temurin:21\nENV J=$JAVA_HOME\n', id)).toEqual([]);
  });

  it('skips what BuildKit skips: shell and exec forms, HEALTHCHECK, EXPOSE, ARG names, ONBUILD triggers', () => {
    const t = df`
      FROM scratch
      RUN echo $A
      CMD ["echo", "$B"]
      ENTRYPOINT echo $C
      HEALTHCHECK CMD echo $D
      EXPOSE $E
      ONBUILD COPY $F /
    `;
    expect(flagged(t, id)).toEqual([]);
  });

  it('an ARG without value counts as defined; an ENV pair does not see the pairs of its own instruction', () => {
    expect(flagged('FROM scratch\nARG X\nCOPY $X /\n', id)).toEqual([]);
    expect(flagged('FROM scratch\nENV A=1 B=$A\n', id)).toEqual(['A']);
  });

  it('checks ARG defaults, RUN --mount options and COPY heredoc bodies', () => {
    const t = df`
      FROM scratch
      ARG V=$X1
      RUN --mount=type=cache,target=$X2 true
      COPY <<EOF /f
      $X3
      EOF
      COPY <<'EOF' /g
      $NOT_EXPANDED
      EOF
    `;
    expect(flagged(t, id)).toEqual(['X1', 'X2', 'X3']);
  });

  it('keeps exact ranges across continuation lines', () => {
    const t = 'FROM scratch\nENV A=1 \\\n    B=$NOPE\n';
    expect(flagged(t, id)).toEqual(['NOPE']);
  });

  it('special parameters are always undefined', () => {
    expect(flagged('FROM alpine\nCOPY $1 /\n', id)).toEqual(['1']);
  });

  it('variables inherited from a parent stage are defined', () => {
    expect(flagged('FROM scratch AS a\nENV X=1\nFROM a\nCOPY $X /\n', id)).toEqual([]);
  });
});

describe('undefined-arg-in-from', () => {
  const id = 'undefined-arg-in-from';

  it('reports undeclared names in the image and in --platform, at the name', () => {
    const t = 'FROM --platform=$PLAT node:22${VARIANT}\n';
    expect(flagged(t, id)).toEqual(['PLAT', 'VARIANT']);
  });

  it('global ARGs (with or without default) and predefined platform ARGs are declared', () => {
    expect(flagged('ARG TAG\nARG V=1\nFROM --platform=$BUILDPLATFORM alpine:${TAG:-$V}-$TARGETARCH\n', id)).toEqual([]);
  });

  it('an ARG of a stage is not visible to later FROM lines', () => {
    expect(flagged('FROM alpine\nARG V=1\nFROM golang:$V\n', id)).toEqual(['V']);
  });

  it('suggests a close name (case-sensitive, fewer than three edits) and fixes it on request', () => {
    const t = 'ARG VERSION=1\nFROM alpine:$VERSOIN\n';
    expect(findingsOf(t, id)[0]?.message).toContain('did you mean `$VERSION`');
    expect(fixWith(t, id)).toBe('ARG VERSION=1\nFROM alpine:$VERSION\n');
    const lower = findingsOf('FROM --platform=$targetplatform alpine\n', id)[0];
    expect(lower?.fix).toBeUndefined();
  });
});

describe('invalid-default-arg-in-from', () => {
  const id = 'invalid-default-arg-in-from';

  it('uses only the ARG defaults, chained in order', () => {
    expect(flagged('ARG A=3.20\nARG B=$A\nFROM alpine:$B\n', id)).toEqual([]);
    expect(flagged('ARG A\nARG B=$A\nFROM alpine:$B\n', id)).toEqual(['alpine:$B']);
  });

  it('does not check a FROM that uses a predefined platform argument', () => {
    expect(flagged('FROM busybox:$TARGETVARIANT\n', id)).toEqual([]);
  });

  it('differs from BuildKit: a FROM without variables is not reported', () => {
    expect(flagged('FROM Busybox\n', id)).toEqual([]);
    expect(flagged('ARG IMG=Busybox\nFROM $IMG\n', id)).toEqual(['$IMG']);
  });

  it('a default of an earlier stage name is a valid reference', () => {
    expect(flagged('ARG BASE=build\nFROM alpine AS build\nFROM $BASE\n', id)).toEqual([]);
  });
});

describe('expose-proto-casing and expose-invalid-format', () => {
  it('reports the protocol only, and the fix lower-cases it', () => {
    const t = 'FROM alpine\nEXPOSE 80/Tcp 53/UDP\n';
    expect(flagged(t, 'expose-proto-casing')).toEqual(['Tcp', 'UDP']);
    expect(fixWith(t, 'expose-proto-casing')).toBe('FROM alpine\nEXPOSE 80/tcp 53/udp\n');
  });

  it('a spec from a known variable is reported on the word, without a fix', () => {
    const t = 'FROM alpine\nARG P=80/TCP\nEXPOSE $P\n';
    const ds = findingsOf(t, 'expose-proto-casing');
    expect(ds.map((d) => t.slice(d.start, d.end))).toEqual(['$P']);
    expect(ds[0]?.fix).toBeUndefined();
  });

  it('like BuildKit, stops at a spec the build rejects', () => {
    expect(flagged('FROM alpine\nEXPOSE 80/http 81/TCP\n', 'expose-proto-casing')).toEqual([]);
    expect(flagged('FROM alpine\nEXPOSE 1:2/TCP 70000 3:4\n', 'expose-invalid-format')).toEqual(['1:2/TCP']);
  });

  it('reports host mappings and addresses, IPv6 included; `:80` has neither', () => {
    const t = 'FROM alpine\nEXPOSE 8080:80 127.0.0.1:80:80 [::1]:90:90 :81 82\n';
    const ds = findingsOf(t, 'expose-invalid-format');
    expect(ds.map((d) => t.slice(d.start, d.end))).toEqual(['8080:80', '127.0.0.1:80:80', '[::1]:90:90']);
    expect(ds.map((d) => d.message)).toEqual([
      expect.stringContaining('maps a host port'),
      expect.stringContaining('names an IP address'),
      expect.stringContaining('names an IP address'),
    ]);
  });

  it('run inside ONBUILD too', () => {
    expect(flagged('FROM alpine\nONBUILD EXPOSE 80:80/TCP\n', 'expose-invalid-format')).toEqual(['80:80/TCP']);
    expect(flagged('FROM alpine\nONBUILD EXPOSE 80:80/TCP\n', 'expose-proto-casing')).toEqual(['TCP']);
  });

  it('parsePortSpec splits like BuildKit', () => {
    expect(parsePortSpec('1.2.3.4:80:81/udp')).toMatchObject({ ip: '1.2.3.4', hostPort: '80', containerPort: '81', proto: 'udp' });
    expect(parsePortSpec('80:').rejectedEarly).toBe(true);
    expect(parsePortSpec('80/tcp/x').rejectedEarly).toBe(true);
    expect(parsePortSpec('999.1.1.1:80:80').rejectedLate).toBe(true);
  });
});

describe('copy-ignored-file', () => {
  const id = 'copy-ignored-file';
  const withIgnore = (lines: string[]): LintConfig => {
    const c = allRulesConfig();
    c.settings = { ...c.settings, dockerignore: lines };
    return c;
  };

  it('is silent when the .dockerignore is unknown, empty or has exceptions', () => {
    const t = 'FROM alpine\nCOPY build/app /app\n';
    expect(flagged(t, id)).toEqual([]);
    expect(flagged(t, id, withIgnore(['# nothing', '']))).toEqual([]);
    expect(flagged(t, id, withIgnore(['build', '!build/keep']))).toEqual([]);
    expect(flagged(t, id, withIgnore(['build']))).toEqual(['build/app']);
  });

  it('reports a path whose parent folder is ignored, at the source word', () => {
    const t = 'FROM alpine\nCOPY a.txt \\\n  ./build/x/y.bin /app/\n';
    expect(flagged(t, id, withIgnore(['build']))).toEqual(['./build/x/y.bin']);
  });

  it('matches patterns as patternmatcher does: *, ?, **, leading slash, classes', () => {
    const cases: Array<[string[], string, boolean]> = [
      [['*.log'], 'a.log', true],
      [['*.log'], 'dir/a.log', false],
      [['**/*.log'], 'dir/sub/a.log', true],
      [['**/node_modules'], 'node_modules', true],
      [['**/node_modules'], 'web/node_modules/x', true],
      [['docs/**'], 'docs/a.md', true],
      [['/secret'], 'secret', true],
      [['file?.txt'], 'file1.txt', true],
      [['file[0-9].txt'], 'file7.txt', true],
      [['file[0-9].txt'], 'filex.txt', false],
      [['a/../b'], 'b', true],
    ];
    for (const [lines, src, want] of cases) {
      expect(flagged(`FROM alpine\nCOPY ${src} /x/\n`, id, withIgnore(lines)).length === 1, `${lines.join(',')} ${src}`).toBe(want);
    }
  });

  it('`.` and `/` only when a pattern ignores everything', () => {
    const t = 'FROM alpine\nCOPY . /app/\n';
    expect(flagged(t, id, withIgnore(['.git', 'node_modules']))).toEqual([]);
    expect(flagged(t, id, withIgnore(['*']))).toEqual(['.']);
    expect(flagged('FROM alpine\nCOPY ./ /app/\n', id, withIgnore(['**']))).toEqual(['./']);
  });

  it('COPY --from, URLs, Git sources and heredocs are not context files; ADD is checked', () => {
    const ignore = withIgnore(['*']);
    expect(flagged('FROM alpine\nCOPY --from=golang:1.23 /usr/local/go /go\n', id, ignore)).toEqual([]);
    expect(flagged('FROM alpine\nADD https://example.com/a.tgz /x/\n', id, ignore)).toEqual([]);
    expect(flagged('FROM alpine\nADD git@github.com:moby/buildkit.git /src\n', id, ignore)).toEqual([]);
    expect(flagged('FROM alpine\nCOPY <<EOF /x\nhi\nEOF\n', id, ignore)).toEqual([]);
    expect(flagged('FROM alpine\nADD app.tgz /x/\n', id, ignore)).toEqual(['app.tgz']);
  });

  it('expands known variables, also in the JSON form; not in ONBUILD triggers', () => {
    const ignore = withIgnore(['build']);
    expect(flagged('FROM alpine\nARG OUT=build\nCOPY ["$OUT/app", "/x"]\n', id, ignore)).toEqual(['"$OUT/app"']);
    expect(flagged('FROM alpine\nCOPY $UNKNOWN/app /x\n', id, ignore)).toEqual([]);
    expect(flagged('FROM alpine\nONBUILD COPY build/app /x\n', id, ignore)).toEqual([]);
  });

  it('an absolute source does not match a pattern (patterns lose their leading slash, sources keep it)', () => {
    expect(flagged('FROM alpine\nCOPY /build/app /x\n', id, withIgnore(['build']))).toEqual([]);
  });

  it('a pattern Go cannot read makes BuildKit fail first: silent', () => {
    expect(DockerIgnore.read(['build', 'x['])).toBeUndefined();
    expect(DockerIgnore.read(['!'])).toBeUndefined();
    expect(flagged('FROM alpine\nCOPY build /x\n', id, withIgnore(['build', '[]']))).toEqual([]);
  });

  it('reads the file like ignorefile.ReadAll: BOM, comments only at column 0, CR, blanks', () => {
    const ig = DockerIgnore.read(['\uFEFFbuild\r', '  # not a comment', '#comment', '   ']);
    expect(ig?.matchesOrParentMatches('build/x')).toBe(true);
    expect(ig?.matchesOrParentMatches('# not a comment')).toBe(true);
    expect(ig?.matchesOrParentMatches('comment')).toBe(false);
  });

  it('goClean follows Go', () => {
    expect(['', './a/', 'a//b/../c', '/../a', '../../x', 'a/..'].map(goClean)).toEqual(['.', 'a', 'a/c', '/a', '../../x', '.']);
  });
});

describe('invalid-definition-description', () => {
  const id = 'invalid-definition-description';
  /** Each finding as [the flagged text, the comment it points at as related]. */
  const described = (t: string, config?: LintConfig): Array<[string, string]> =>
    findingsOf(t, id, config).map((d) => [t.slice(d.start, d.end), d.related?.[0] ? t.slice(d.related[0].range.start, d.related[0].range.end) : '']);

  it('is reported where BuildKit reports it: the FROM or ARG the comment describes, with the comment as related', () => {
    const t = 'FROM alpine\n# the version to install\nARG VERSION=1.0\n';
    const ds = findingsOf(t, id);
    expect(described(t)).toEqual([['ARG VERSION', '# the version to install']]);
    expect(t.slice(0, ds[0]?.start).split('\n').length).toBe(3);
    expect(ds[0]?.message).toBe('The comment above ARG `VERSION` reads as its description, but it does not start with `VERSION`: write `# VERSION <description>`');
  });

  it.each([
    ['LF', (s: string) => s],
    ['CRLF', crlf],
  ])('a FROM or ARG written over several lines is reported from its first line (%s)', (_n, eol) => {
    const t = eol('# the builder\nFROM golang:1.23 \\\n  AS build\n# the versions\nARG A=1 \\\n  B=2\n');
    const ds = findingsOf(t, id);
    expect(ds.map((d) => t.slice(0, d.start).split('\n').length)).toEqual([2, 5]);
    expect(described(t).map(([, c]) => c)).toEqual(['# the builder', '# the versions']);
  });

  it('a blank line does not separate the comment (as BuildKit does it); a bare # does', () => {
    const t = '# some remark\n\nFROM alpine AS build\n';
    expect(described(t)).toEqual([['FROM alpine AS build', '# some remark']]);
    expect(described('# some remark\n#\nFROM alpine AS build\n')).toEqual([]);
  });

  it('looks at the last comment line; the name is compared as BuildKit holds it', () => {
    expect(described('# build: not a description\n# build compiles\nFROM alpine AS Build\n')).toEqual([]);
    expect(described('# Build compiles\nFROM alpine AS Build\n')).toEqual([['FROM alpine AS Build', '# Build compiles']]);
    expect(described('# no name here\nFROM alpine\n')).toEqual([]);
  });

  it('an ARG with several names accepts any of them; global ARGs are checked too', () => {
    expect(described('# B the second\nARG A B=1\nFROM alpine\n')).toEqual([]);
    const ds = findingsOf('# the versions\nARG A B=1\nFROM alpine\n', id);
    expect(ds[0]?.message).toContain('one of `A`, `B`');
    expect(described('# the versions\nARG A B=1\nFROM alpine\n')).toEqual([['ARG A B', '# the versions']]);
  });

  it('differs from BuildKit: `# check=` comments are not descriptions', () => {
    expect(described('FROM alpine\n# check=skip=SecretsUsedInArgOrEnv\nARG TOKEN\n')).toEqual([]);
    expect(described('FROM alpine\n# a remark\n# check=skip=SecretsUsedInArgOrEnv\nARG TOKEN\n')).toEqual([['ARG TOKEN', '# a remark']]);
  });

  it('directives at the top are not comments; indented comments keep BuildKit’s quirk', () => {
    expect(described('# syntax=docker/dockerfile:1\nARG V=1\nFROM alpine\n')).toEqual([]);
    // BuildKit drops the first character of the line, not the `#`: ` # V x` is kept as `# V x`.
    expect(described(' # V the version\nARG V=1\nFROM alpine\n')).toEqual([['ARG V', '# V the version']]);
  });

  describe('experimental in BuildKit: off unless asked for', () => {
    const off = (): LintConfig => {
      const c = allRulesConfig();
      c.preview = false;
      return c;
    };
    const text = (directive: string): string => `${directive}# remark\nFROM alpine AS build\n`;

    it('a preview rule: off by default', () => {
      expect(findingsOf(text(''), id, off())).toEqual([]);
    });

    it.each(['# check=experimental=InvalidDefinitionDescription\n', '# check=experimental=all\n', '# check=skip=StageNameCasing;experimental=InvalidDefinitionDescription,FromAsCasing\n', '#CHECK = error=true; experimental=all\n'])(
      'the directive turns it on: %j',
      (directive) => {
        expect(described(text(directive), off())).toEqual([['FROM alpine AS build', '# remark']]);
      },
    );

    it('with `error=true` it is an error, as all BuildKit checks are', () => {
      expect(findingsOf(text('# check=error=true;experimental=all\n'), id, off())[0]?.severity).toBe('error');
    });

    it('not: another check named, BuildKit\'s spelling only, configured off wins, only the directive (not a comment above an instruction)', () => {
      for (const directive of ['# check=experimental=StageNameCasing\n', '# check=experimental=invaliddefinitiondescription\n']) {
        expect(findingsOf(text(directive), id, off()), directive).toEqual([]);
      }
      // As in BuildKit's linter, skip= applies to the checks that run by default, never to an experimental one named.
      for (const directive of ['# check=experimental=all;skip=InvalidDefinitionDescription\n', '# check=skip=all;experimental=InvalidDefinitionDescription\n', '# check=experimental=all;skip=all\n']) {
        expect(findingsOf(text(directive), id, off()), directive).toHaveLength(1);
      }
      // BuildKit splits at most three options: a fourth stays in the third one's value, which then names no check.
      expect(findingsOf(text('# check=error=false;skip=StageNameCasing;experimental=InvalidDefinitionDescription;x\n'), id, off())).toEqual([]);
      expect(findingsOf(text('# check=error=false;experimental=InvalidDefinitionDescription;x\n'), id, off())).toHaveLength(1);
      // With preview rules on but the check not named, skip= turns it off like any BuildKit check.
      const preview = off();
      preview.preview = true;
      expect(findingsOf(text(''), id, preview)).toHaveLength(1);
      expect(findingsOf(text('# check=skip=InvalidDefinitionDescription\n'), id, preview)).toEqual([]);
      expect(findingsOf(text('# check=skip=all\n'), id, preview)).toEqual([]);
      const c = off();
      c.rules.set(id, { severity: 'off' });
      expect(findingsOf(text('# check=experimental=all\n'), id, c)).toEqual([]);
      expect(findingsOf('FROM alpine\n# check=experimental=all\n# remark\nARG X\n', id, off())).toEqual([]);
      // A directive below the top of the file is an ordinary comment.
      expect(findingsOf('\n# check=experimental=all\n# remark\nFROM alpine AS build\n', id, off())).toEqual([]);
    });

    it('the configuration\'s `experimental` does what the directive does, for every file', () => {
      const c = off();
      c.experimental = { all: false, ids: [id] };
      expect(described(text(''), c)).toEqual([['FROM alpine AS build', '# remark']]);
      const all = off();
      all.experimental = { all: true, ids: [] };
      expect(findingsOf(text(''), id, all)).toHaveLength(1);
      expect(findingsOf(text('# check=skip=InvalidDefinitionDescription\n'), id, all)).toHaveLength(1);
    });
  });
});

describe('invalid-stop-signal', () => {
  const id = 'invalid-stop-signal';

  it('accepts names in any case, with or without SIG, real-time names and numbers 1–64', () => {
    for (const v of ['SIGTERM', 'term', 'SigQuit', 'SIGRTMIN+3', 'RTMAX-14', '9', '64', '+15']) expect(classifySignal(v), v).not.toBe('invalid');
    for (const v of ['SIGTERM', 'term', 'SIGRTMIN+3', '9', '64']) expect(flagged(`FROM alpine\nSTOPSIGNAL ${v}\n`, id), v).toEqual([]);
  });

  it('rejects what the builder rejects, as an error', () => {
    const t = 'FROM alpine\nSTOPSIGNAL SIGTERM now\n';
    const ds = findingsOf(t, id);
    expect(ds.map((d) => t.slice(d.start, d.end))).toEqual(['SIGTERM now']);
    expect(ds[0]?.severity).toBe('error');
    for (const v of ['0', 'SIGSIGTERM', 'RTMIN+16', '99999999999999999999']) expect(classifySignal(v), v).toBe('invalid');
  });

  it('differs from BuildKit: numbers no Linux signal has are reported although the builder accepts them', () => {
    expect(classifySignal('65')).toBe('out-of-range');
    expect(classifySignal('-1')).toBe('out-of-range');
    expect(findingsOf('FROM alpine\nSTOPSIGNAL 99\n', id)[0]?.message).toContain('No Linux signal');
  });

  it('expands known variables, skips unknown ones, and checks ONBUILD triggers', () => {
    expect(flagged('FROM alpine\nARG S=SIGNOPE\nSTOPSIGNAL $S\n', id)).toEqual(['$S']);
    expect(flagged('FROM alpine\nSTOPSIGNAL $S\n', id)).toEqual([]);
    expect(flagged('FROM alpine\nONBUILD STOPSIGNAL KIL\n', id)).toEqual(['KIL']);
    expect(flagged('FROM alpine\nONBUILD STOPSIGNAL $S\n', id)).toEqual([]);
  });
});

describe('buildkitSuggestion', () => {
  it('takes the closest candidate below three edits, none for an exact match', () => {
    expect(buildkitSuggestion('PAHT', ['PATH', 'HOME'])).toBe('PATH');
    expect(buildkitSuggestion('VERSION', ['VERSIONS', 'VERSION_X'])).toBe('VERSIONS');
    expect(buildkitSuggestion('ABC', ['XYZ'])).toBeUndefined();
    expect(buildkitSuggestion('PATH', ['PATH', 'PATHS'])).toBeUndefined();
    expect(buildkitSuggestion('path', ['PATH'])).toBeUndefined();
    expect(buildkitSuggestion('path', ['PATH'], false)).toBeUndefined();
    expect(buildkitSuggestion('paht', ['PATH'], false)).toBe('PATH');
  });

  it('measures like BuildKit: a swap of two letters costs two edits, not one', () => {
    // `PTAH` is two substitutions from `PATH` (Levenshtein), one transposition (berth's own suggestions).
    expect(buildkitSuggestion('PTAHX', ['PATH'])).toBeUndefined();
    expect(editDistance('PTAH', 'PATH')).toBe(1);
    expect(editDistance('PTAH', 'PATH', { transpositions: false })).toBe(2);
  });
});

describe('invalid-expose-port', () => {
  const id = 'invalid-expose-port';
  it('reports a non-number port and an unknown protocol at the word, judges known variables, skips unknown ones', () => {
    const t = 'FROM a\nARG P=web\nARG Q\nEXPOSE 80 http 81/quic ${P} ${Q} 90/UDP 1000-1010/tcp\n';
    expect(findingsOf(t, id).map((d) => t.slice(d.start, d.end))).toEqual(['http', '81/quic', '${P}']);
  });
});
