/**
 * Edge cases of the flag rules (unknown-flag, duplicate-flag, flag-missing-value, invalid-flag-value,
 * copy-from-variable) and of the flag facts they read: exact ranges across continuations and CRLF, ONBUILD
 * triggers, variables known and unknown, the `# syntax` version, and every documented difference.
 */
import { describe, expect, it } from 'vitest';
import { FLAGS, flagFacts, flagsOf, MOUNT_KEYS, mountKey } from '../../grammar/index.js';
import { df } from '../../rules/define.js';
import {
  chmodProblem,
  durationProblem,
  frontendOf,
  parseCsv,
  patternProblem,
  platformProblem,
  sizeProblem,
} from '../../rules/utils/flags.js';
import { parse } from '../../grammar/index.js';
import { findingsOf, fixWith, lintText } from '../helpers/rule-tester.js';

/** The flagged texts of one rule. */
function flagged(text: string, rule: string): string[] {
  return findingsOf(text, rule).map((d) => text.slice(d.start, d.end));
}

function messages(text: string, rule: string): string[] {
  return findingsOf(text, rule).map((d) => d.message);
}

const crlf = (s: string): string => s.replace(/\n/g, '\r\n');

describe('flag facts', () => {
  it('holds every flag of the reference table once, with kind-derived value and repeat facts', () => {
    const keys = FLAGS.map((f) => `${f.instruction} --${f.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(flagsOf('COPY').map((f) => f.name).sort()).toEqual(['chmod', 'chown', 'exclude', 'from', 'link', 'parents']);
    expect(flagsOf('ADD').map((f) => f.name).sort()).toEqual(['checksum', 'chmod', 'chown', 'exclude', 'keep-git-dir', 'link', 'unpack']);
    expect(flagsOf('RUN').map((f) => f.name).sort()).toEqual(['device', 'mount', 'network', 'security']);
    expect(flagsOf('FROM').map((f) => f.name)).toEqual(['platform']);
    expect(flagsOf('HEALTHCHECK').map((f) => f.name).sort()).toEqual(['interval', 'retries', 'start-interval', 'start-period', 'timeout']);
    for (const i of ['ENV', 'LABEL', 'CMD', 'ENTRYPOINT', 'WORKDIR', 'USER', 'VOLUME', 'EXPOSE', 'SHELL', 'ONBUILD', 'MAINTAINER']) expect(flagsOf(i)).toEqual([]);
    for (const f of FLAGS) {
      expect(f.takesValue).toBe(f.kind !== 'bool');
      expect(f.repeatable).toBe(f.kind === 'list');
      expect(f.description.length).toBeGreaterThan(20);
      // Every example is a Dockerfile line the grammar reads with this flag.
      const p = parse(`FROM alpine\n${f.example}\n`);
      const instr = p.dockerfile.instructions.filter((x) => x.name === f.instruction).pop();
      expect(instr?.flags.some((x) => x.name === f.name), f.example).toBe(true);
    }
    expect(flagFacts('RUN', 'mount')?.repeatable).toBe(true);
    expect(flagFacts('COPY', 'exclude')?.repeatable).toBe(true);
    expect(flagFacts('COPY', 'Chown')).toBeUndefined();
  });

  it('knows the mount keys, their aliases and the types BuildKit rejects them for', () => {
    expect(mountKey('dst')?.name).toBe('target');
    expect(mountKey('RO')?.name).toBe('readonly');
    expect(mountKey('required')?.needsTypeFirst).toBe(true);
    expect(mountKey('sharing')?.rejectedFor).toContain('bind');
    expect(mountKey('nope')).toBeUndefined();
    expect(new Set(MOUNT_KEYS.map((k) => k.name)).size).toBe(MOUNT_KEYS.length);
  });
});

describe('value checkers', () => {
  it('durations as Go parses them, at least 1ms unless 0', () => {
    for (const ok of ['0', '30s', '1m30s', '1.5m', '.5s', '1h2m3s4ms', '+5s', '2000us', '1ms', '']) expect(durationProblem(ok), ok).toBeUndefined();
    for (const bad of ['30', '1x', '500us', '-5s', 's', '.s', '1.2.3s', '5 s', '0s5']) expect(durationProblem(bad), bad).toBeDefined();
  });

  it('chmod: octal up to 7777 or symbolic', () => {
    for (const ok of ['755', '0644', '7777', '00755', 'u+x', '+x', 'a=rX,go-w', 'u+x-w', 'g=u', 'u+']) expect(chmodProblem(ok), ok).toBeUndefined();
    for (const bad of ['8755', '0x755', '10000', 'x+u', ',u+x', 'u+x,', 'rwx']) expect(chmodProblem(bad), bad).toBeDefined();
  });

  it('platforms as containerd parses them', () => {
    for (const ok of ['linux', 'amd64', 'x86_64', 'linux/amd64', 'linux/arm/v7', 'windows/amd64/10.0.17763.1234', 'windows(10.0.17763)/amd64', 'Linux/ARM64']) expect(platformProblem(ok), ok).toBeUndefined();
    for (const bad of ['', 'foo', 'linux/', 'linux/*', 'a/b/c/d', 'linux/amd64,linux/arm64', 'linux amd64']) expect(platformProblem(bad), bad).toBeDefined();
  });

  it('exclude patterns as Go filepath.Match checks them', () => {
    for (const ok of ['*.md', '**/*.md', '[!a]', '[a-z]*', '\\[x', '!docs', '  ', '[\\]]']) expect(patternProblem(ok), ok).toBeUndefined();
    for (const bad of ['[abc', '!', '[]a]', '[a-]', 'x\\', '[-a]', '[a']) expect(patternProblem(bad), bad).toBeDefined();
  });

  it('tmpfs sizes as go-units reads them', () => {
    for (const ok of ['64m', '1g', '512KiB', '100', '1.5G', '64 m', '10b']) expect(sizeProblem(ok), ok).toBeUndefined();
    for (const bad of ['m', '-1m', '1x', '1mbb', 'big']) expect(sizeProblem(bad), bad).toBeDefined();
  });

  it('CSV with quotes, as BuildKit splits mount options', () => {
    expect(parseCsv('type=cache,"target=/a,b",ro')).toEqual({
      fields: [
        { text: 'type=cache', start: 0, end: 10, quoted: false },
        { text: 'target=/a,b', start: 11, end: 24, quoted: true },
        { text: 'ro', start: 25, end: 27, quoted: false },
      ],
    });
    expect('error' in parseCsv('target=/a"b')).toBe(true);
    expect('error' in parseCsv('"target=/a')).toBe(true);
  });

  it('reads the frontend version from the syntax directive', () => {
    const fe = (d: string) => frontendOf(parse(`${d}\nFROM alpine\n`).dockerfile);
    expect(fe('# syntax=docker/dockerfile:1.4')).toMatchObject({ labs: false, tag: '1.4', version: [1, 4] });
    expect(fe('# syntax=docker/dockerfile:1.7.1-labs')).toMatchObject({ labs: true, tag: '1.7.1-labs', version: [1, 7] });
    expect(fe('# syntax=docker.io/docker/dockerfile:1')).toMatchObject({ labs: false, tag: '1' });
    expect(fe('# syntax=docker.io/docker/dockerfile:1')?.version).toBeUndefined();
    expect(fe('# syntax=docker/dockerfile-upstream:master-labs')).toMatchObject({ labs: true, tag: 'master-labs' });
    expect(fe('# syntax=docker/dockerfile-upstream:master-labs')?.version).toBeUndefined();
    expect(fe('# syntax=example.com/other:1.0')).toBeUndefined();
    expect(fe('# nothing')).toBeUndefined();
  });
});

describe('unknown-flag', () => {
  const id = 'unknown-flag';

  it('points at the flag name only, across a continuation and with CRLF', () => {
    const t = 'FROM alpine\nCOPY --link \\\n     --chwon=a:b . /app/\n';
    expect(flagged(t, id)).toEqual(['--chwon']);
    expect(flagged(crlf(t), id)).toEqual(['--chwon']);
    expect(fixWith(crlf(t), id)).toBe(crlf('FROM alpine\nCOPY --link \\\n     --chown=a:b . /app/\n'));
  });

  it('flag names are case-sensitive: `--Chown` is unknown, and fixed to `--chown`', () => {
    const t = 'FROM alpine\nCOPY --Chown=app . /app/\n';
    expect(messages(t, id)).toEqual(['`--Chown` is not a flag of COPY; did you mean `--chown`?']);
    expect(fixWith(t, id)).toBe('FROM alpine\nCOPY --chown=app . /app/\n');
  });

  it('lists the flags when nothing is close, and offers no fix', () => {
    const t = 'FROM alpine\nCOPY --recursive . /app/\n';
    const ds = findingsOf(t, id);
    expect(ds.map((d) => d.message)).toEqual(['`--recursive` is not a flag of COPY, which takes `--from`, `--chown`, `--chmod`, `--link`, `--parents`, `--exclude`']);
    expect(ds[0]?.fix).toBeUndefined();
  });

  it('instructions without flags, including ONBUILD itself and a shell-form CMD starting with `--`', () => {
    const t = df`
      FROM alpine
      ENV --x=1 A=b
      ONBUILD --x RUN true
      CMD --port=8080
    `;
    expect(flagged(t, id)).toEqual(['--x', '--x', '--port']);
  });

  it('checks the instruction an ONBUILD registers', () => {
    const t = 'FROM alpine\nONBUILD RUN --mout=type=cache,target=/x true\n';
    expect(flagged(t, id)).toEqual(['--mout']);
    expect(fixWith(t, id)).toBe('FROM alpine\nONBUILD RUN --mount=type=cache,target=/x true\n');
  });

  it('BuildKit ignores flags on ARG, STOPSIGNAL and HEALTHCHECK NONE', () => {
    const t = 'FROM alpine\nARG --x A=1\nSTOPSIGNAL --y SIGTERM\nHEALTHCHECK --bogus NONE\n';
    expect(flagged(t, id)).toEqual([]);
    expect(flagged('FROM alpine\nHEALTHCHECK --bogus CMD true\n', id)).toEqual(['--bogus']);
  });

  it('ADD --from becomes COPY --from, keeping the keyword case; not when ADD-only flags are there', () => {
    expect(fixWith('FROM alpine\nadd --from=b /x /y\n', id)).toBe('FROM alpine\ncopy --from=b /x /y\n');
    const t = 'FROM alpine\nADD --from=b --unpack /x.tar /y\n';
    expect(findingsOf(t, id)[0]?.fix).toBeUndefined();
  });

  it('checks RUN flag versions against a pinned `# syntax`, leaving COPY/ADD to copy-flag-needs-newer-syntax', () => {
    const t = (d: string) => `${d}\nFROM alpine\nRUN --network=none --mount=type=cache,target=/x true\nCOPY --parents a/ /b/\n`;
    expect(messages(t('# syntax=docker/dockerfile:1.2'), id)).toEqual(['`--network` needs Dockerfile syntax 1.3 or newer, but the `# syntax` directive asks for 1.2']);
    expect(flagged(t('# syntax=docker/dockerfile:1.1'), id)).toEqual(['--network', '--mount']);
    expect(flagged(t('# syntax=docker/dockerfile:1'), id)).toEqual([]);
    expect(flagged(t('# syntax=docker/dockerfile:1.3'), id)).toEqual([]);
    expect(flagged(t(''), id)).toEqual([]);
    expect(flagged('# syntax=docker/dockerfile:1.19\nFROM a\nRUN --security=insecure x\n', id)).toEqual(['--security']);
    expect(flagged('# syntax=docker/dockerfile:1.19-labs\nFROM a\nRUN --security=insecure x\n', id)).toEqual([]);
  });

  it('RUN --device needs the labs frontend (a new enough one)', () => {
    const run = 'FROM ubuntu\nRUN --device=nvidia.com/gpu=all nvidia-smi\n';
    expect(flagged(run, id)).toEqual(['--device']);
    expect(flagged(`# syntax=docker/dockerfile:1.20\n${run}`, id)).toEqual(['--device']);
    expect(flagged(`# syntax=docker/dockerfile:1-labs\n${run}`, id)).toEqual([]);
    expect(messages(`# syntax=docker/dockerfile:1.13-labs\n${run}`, id)).toEqual([
      '`--device` needs Dockerfile syntax 1.14 or newer, but the `# syntax` directive asks for 1.13-labs',
    ]);
  });

  it('does not look at instructions with a syntax error', () => {
    expect(flagged('FROM alpine\nFROM --bogus a b\n', id)).toEqual([]);
  });
});

describe('duplicate-flag', () => {
  const id = 'duplicate-flag';

  it('reports each repeat with the first as related; list flags repeat freely', () => {
    const t = df`
      FROM alpine
      COPY --chown=a --link --chown=b --exclude=x --exclude=y . /app/
      RUN --mount=type=cache,target=/a --mount=type=cache,target=/b --network=none --network=host true
    `;
    const ds = findingsOf(t, id);
    expect(ds.map((d) => t.slice(d.start, d.end))).toEqual(['--chown=b', '--network=host']);
    expect(ds.map((d) => (d.related?.[0] ? t.slice(d.related[0].range.start, d.related[0].range.end) : ''))).toEqual(['--chown=a', '--network=none']);
    expect(ds.every((d) => d.fix === undefined)).toBe(true);
  });

  it('removes an exact repeat, also one alone on a continued line', () => {
    expect(fixWith('FROM alpine\nCOPY --link --link a b\n', id)).toBe('FROM alpine\nCOPY --link a b\n');
    const t = 'FROM alpine\nCOPY --link \\\n    --link \\\n    a b\n';
    expect(flagged(t, id)).toEqual(['--link']);
    expect(fixWith(t, id)).toBe('FROM alpine\nCOPY --link \\\n    a b\n');
    expect(fixWith(crlf(t), id)).toBe(crlf('FROM alpine\nCOPY --link \\\n    a b\n'));
  });

  it('HEALTHCHECK flags and ONBUILD triggers; not unknown flags, not HEALTHCHECK NONE', () => {
    expect(flagged('FROM a\nHEALTHCHECK --retries=3 --retries=4 CMD true\n', id)).toEqual(['--retries=4']);
    expect(flagged('FROM a\nONBUILD COPY --from=x --from=y a b\n', id)).toEqual(['--from=y']);
    expect(flagged('FROM a\nCOPY --foo --foo a b\nHEALTHCHECK --retries=3 --retries=4 NONE\n', id)).toEqual([]);
  });
});

describe('flag-missing-value', () => {
  const id = 'flag-missing-value';

  it('joins the next word when it is surely the value', () => {
    expect(fixWith('FROM a AS b\nFROM c\nCOPY --from b /x /y\n', id)).toBe('FROM a AS b\nFROM c\nCOPY --from=b /x /y\n');
    expect(fixWith('FROM a\nRUN --network none make\n', id)).toBe('FROM a\nRUN --network=none make\n');
    expect(fixWith('FROM a\nCOPY --chmod 755 run.sh /usr/local/bin/\n', id)).toBe('FROM a\nCOPY --chmod=755 run.sh /usr/local/bin/\n');
    // Flags end at the first word without `--`: here `--link` is read as a source path until the fix.
    expect(fixWith('FROM a\nCOPY --from b --link /x /y\n', id)).toBe('FROM a\nCOPY --from=b --link /x /y\n');
    expect(fixWith(crlf('FROM a\nRUN --mount type=cache,target=/x make\n'), id)).toBe(crlf('FROM a\nRUN --mount=type=cache,target=/x make\n'));
  });

  it('no fix when the word may be an argument, another flag follows, or the word is not a valid value', () => {
    for (const t of [
      'FROM a\nCOPY --chown . /app/\n',
      'FROM a\nRUN --network make\n',
      'FROM a\nRUN --mount apt-get update\n',
      'FROM a\nCOPY --from b /y\n',
      'FROM a\nCOPY --chmod 0x1 a b /c/\n',
      'FROM --platform linux AS b\n',
    ]) {
      const ds = findingsOf(t, id);
      expect(ds, t).toHaveLength(1);
      expect(ds[0]?.fix, t).toBeUndefined();
      expect(t.slice(ds[0]?.start, ds[0]?.end)).toMatch(/^--[a-z]+$/);
    }
  });

  it('a value flag with an empty `=value` is fine (BuildKit accepts it); an empty boolean is not', () => {
    expect(flagged('FROM a\nCOPY --chown= --from= a b\n', id)).toEqual([]);
    expect(messages('FROM a\nCOPY --link= a b\n', id)).toEqual(['`--link=` has no value: write `--link`, `--link=true` or `--link=false`']);
  });

  it('ONBUILD triggers, and the range across a continuation', () => {
    const t = 'FROM a\nONBUILD COPY --li\\\nnk= a b\n';
    expect(flagged(t, id)).toEqual(['--li\\\nnk']);
  });
});

describe('invalid-flag-value', () => {
  const id = 'invalid-flag-value';

  it('points at the value, across a continuation', () => {
    const t = 'FROM a\nHEALTHCHECK --interval=30 \\\n  --timeout=1x CMD true\n';
    expect(flagged(t, id)).toEqual(['30', '1x']);
    const m = 'FROM a\nRUN --mount=type=cache,target=/x,\\\nsharing=bogus make\n';
    expect(flagged(m, id)).toEqual(['bogus']);
    expect(flagged(crlf(m), id)).toEqual(['bogus']);
  });

  it('HEALTHCHECK: retries 0 is fine (dockerfile-utils asks for at least 1); flags are not expanded', () => {
    expect(flagged('FROM a\nHEALTHCHECK --retries=0 CMD true\n', id)).toEqual([]);
    expect(flagged('FROM a\nARG I=30s\nHEALTHCHECK --interval=$I CMD true\n', id)).toEqual(['$I']);
  });

  it('network, security and booleans are read as written, variables included', () => {
    const t = 'FROM a\nARG N=none\nRUN --network=$N --security=Insecure true\nCOPY --link=yes --parents=TRUE a b\n';
    expect(flagged(t, id)).toEqual(['$N', 'Insecure', 'yes']);
    expect(messages('FROM a\nRUN --network= true\n', id)).toEqual(['`--network=` has an empty value: use `default`, `none` or `host`']);
  });

  it('chown, chmod and checksum are judged after expansion, only when the value is known', () => {
    const t = df`
      FROM alpine
      ARG MODE=8755
      ARG OWNER
      COPY --chmod=$MODE --chown=$OWNER a /b/
      COPY --chown=\${HOME}:x:y a /b/
      ONBUILD COPY --chmod=$MODE a /b/
    `;
    expect(messages(t, id)).toEqual([
      '`--chmod=$MODE` expands to `8755`, which is not valid: an octal mode has only the digits 0 to 7, like `755` or `0644`',
    ]);
    expect(flagged('FROM a\nCOPY --chown=a:b:c x /y/\n', id)).toEqual(['a:b:c']);
  });

  it('FROM --platform with global ARGs: known values are checked, unknown ones skipped, empty ones reported', () => {
    const t = df`
      ARG P=linux/*
      ARG Q
      FROM --platform=$P alpine AS one
      FROM --platform=$Q alpine AS two
      FROM --platform=$BUILDPLATFORM alpine AS three
      FROM --platform=$UNDECLARED alpine AS four
      FROM --platform= alpine AS five
      FROM --platform=linux/arm/v7/x alpine AS six
    `;
    expect(flagged(t, id)).toEqual(['$P', '$UNDECLARED', 'linux/arm/v7/x']);
  });

  it('COPY --from: an image reference Docker cannot parse, unless it names a stage (any case)', () => {
    const t = 'FROM a AS build\nCOPY --from=BUILD a b\nCOPY --from=My_Image a b\nCOPY --from=nginx:1.27 a b\nCOPY --from=0 a b\n';
    expect(flagged(t, id)).toEqual(['My_Image']);
  });

  it('exclude patterns are not expanded', () => {
    expect(flagged('FROM a\nCOPY --exclude=[abc --exclude=*.md --exclude=! . /x/\n', id)).toEqual(['[abc', '!']);
  });

  it('ADD --checksum: the shape the source needs, and one remote source', () => {
    const sha = 'sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d';
    const t = df`
      FROM alpine
      ADD --checksum=${sha} https://example.com/a.tgz /
      ADD --checksum=abc123 https://example.com/a.tgz /
      ADD --checksum=abc123 https://github.com/moby/buildkit.git#v0.16.0 /
      ADD --checksum=${sha} git@github.com:moby/buildkit.git /
      ADD --checksum=SHA256:abc https://example.com/a.tgz /
      ADD --checksum=abc123 local.tgz /
      ADD --checksum=abc123 https://a/1 https://a/2 /
      ADD --checksum=abc123 github.com/moby/buildkit /
      ADD --checksum=abc123 $URL /
    `;
    expect(flagged(t, id)).toEqual(['abc123', sha, 'SHA256:abc', 'abc123', 'abc123']);
  });

  describe('RUN --mount', () => {
    it('unknown options with a suggestion, bare options that need a value, a stray comma', () => {
      const t = 'FROM a\nRUN --mount=type=cache,tagret=/x,uid,,Sharing=locked true\n';
      expect(flagged(t, id)).toEqual(['tagret', 'uid', ',']);
      expect(messages(t, id)[0]).toBe('`tagret` is not a `--mount` option; did you mean `target`?');
    });

    it('options BuildKit rejects for the type, and ones that must come after `type=`', () => {
      const t = df`
        FROM a
        RUN --mount=type=cache,target=/x,required true
        RUN --mount=required,type=secret,id=t true
        RUN --mount=type=secret,required,id=t --mount=type=ssh,required=true true
        RUN --mount=size=64m,type=tmpfs,target=/t true
        RUN --mount=target=/x,mode=0755,uid=1 true
        RUN --mount=type=tmpfs,target=/t,sharing=locked true
        RUN --mount=type=bind,target=/x,id=ignored,env=IGNORED true
      `;
      expect(flagged(t, id)).toEqual(['required', 'required', 'size', 'mode=0755', 'uid=1', 'sharing=locked']);
      expect(messages(t, id).slice(0, 2)).toEqual([
        '`required` only applies to secret and ssh mounts, not to a cache mount',
        '`required` comes before `type=secret`: BuildKit reads mount options in order and takes this one for a bind mount; put `type=` first',
      ]);
    });

    it('values: type, sharing, mode, uid, booleans, size; expanded when known', () => {
      const t = df`
        FROM a
        ARG U=root
        RUN --mount=type=cach,target=/x true
        RUN --mount=type=cache,target=/x,sharing=exclusive,mode=0999,uid=$U,gid=$G,ro=yes true
        RUN --mount=type=tmpfs,target=/t,size=lots true
        RUN --mount=type=CACHE,target=/x,ro=1,mode=755,uid=1000,sharing=LOCKED true
      `;
      expect(flagged(t, id)).toEqual(['cach', 'exclusive', '0999', '$U', 'yes', 'lots']);
      expect(messages(t, id)[3]).toBe('`uid=$U` expands to `root`, which is not valid in `--mount`: write a numeric id, like `1000` (names are not looked up here)');
    });

    it('secret and ssh rules, and a target of /', () => {
      const t = df`
        FROM a
        RUN --mount=type=secret,from=b,id=x true
        RUN --mount=type=secret true
        RUN --mount=type=secret,source=a,id=b true
        RUN --mount=type=secret,env=TOKEN,id=t --mount=type=secret,target=/run/t true
        RUN --mount=type=ssh,src=key true
        RUN --mount=target=/.,from=b true
      `;
      expect(flagged(t, id)).toEqual(['from=b', '--mount', 'source=a', 'src=key', 'target=/.']);
    });

    it('an empty mount and one a stray quote breaks', () => {
      expect(messages('FROM a\nRUN --mount= true\n', id)).toEqual(['`--mount` is empty; a mount needs at least `target=` (and usually `type=`)']);
      // An escaped quote: the value is not spelled plainly, so the whole value is the range.
      expect(flagged('FROM a\nRUN --mount=type=cache,target=/a\\"b true\n', id)).toEqual(['type=cache,target=/a\\"b']);
    });

    it('env needs Dockerfile 1.10 when the syntax is pinned', () => {
      const t = (v: string) => `# syntax=docker/dockerfile:${v}\nFROM a\nRUN --mount=type=secret,id=t,env=T true\n`;
      expect(flagged(t('1.9'), id)).toEqual(['env']);
      expect(flagged(t('1.10'), id)).toEqual([]);
    });

    it('ONBUILD triggers are checked; their variables are unknown', () => {
      const t = 'FROM a\nARG U=root\nONBUILD RUN --mount=type=cache,target=/x,sharing=bad,uid=$U true\n';
      expect(flagged(t, id)).toEqual(['bad']);
    });
  });
});

describe('copy-from-variable', () => {
  const id = 'copy-from-variable';

  it('COPY --from: any reference the builder would substitute, defaults included', () => {
    const t = df`
      FROM a AS build
      COPY --from=$X a b
      COPY --from=\${X:-build} a b
      COPY --from="$X" a b
      COPY --from=build$ a b
    `;
    expect(flagged(t, id)).toEqual(['$X', '${X:-build}', '"$X"']);
  });

  it('mount from: a `$` anywhere but at the end, in any field position', () => {
    const t = 'FROM a\nRUN --mount=target=/x,from=$X --mount=from=x$,target=/y --mount=FROM=${Y}/z,target=/z true\n';
    expect(flagged(t, id)).toEqual(['$X', '${Y}/z']);
  });

  it('ONBUILD triggers and continuation ranges', () => {
    const t = 'FROM a\nONBUILD COPY --from=$\\\nX a b\n';
    expect(flagged(t, id)).toEqual(['$\\\nX']);
    expect(flagged(crlf(t), id)).toEqual(['$\\\r\nX']);
  });

  it('other rules stay quiet about the same link', () => {
    const t = 'FROM a AS build\nCOPY --from=$BUILD a b\n';
    const all = ['copy-from-unknown-stage', 'invalid-flag-value', 'copy-from-index'].flatMap((r) => flagged(t, r));
    expect(all).toEqual([]);
  });
});

describe('copy-from-unknown-stage: suggests only stages defined above the line', () => {
  const id = 'copy-from-unknown-stage';

  it.each([
    ['the line’s own stage', 'FROM alpine:3.20 AS build\nCOPY --from=buidl /a /b\n'],
    ['a later stage', 'FROM alpine:3.20 AS tools\nCOPY --from=biuld /a /b\nFROM golang:1.23 AS build\n'],
    ['a later stage, in a mount', 'FROM alpine:3.20\nRUN --mount=from=biuld,target=/x true\nFROM golang:1.23 AS build\n'],
    ['the own stage, in a mount', 'FROM golang:1.23 AS build\nRUN --mount=type=bind,from=biuld,target=/x true\n'],
  ])('never %s', (_n, t) => {
    expect(messages(t, id)).toEqual([]);
  });

  it('an earlier stage wins over a closer own or later one, in COPY and in a mount', () => {
    // `buildd` is one edit from the own stage `build` and the later `buildx`, two from the earlier `builder`.
    const t = 'FROM golang:1.23 AS builder\nFROM alpine:3.20 AS build\nCOPY --from=buildd /a /b\nRUN --mount=from=buildd,target=/x true\nFROM alpine:3.20 AS buildx\n';
    expect(messages(t, id)).toEqual([
      '`buildd` is not a stage in this file, so Docker will pull an image with that name. Did you mean the stage `builder`?',
      '`buildd` is not a stage in this file, so Docker will pull an image with that name. Did you mean the stage `builder`?',
    ]);
    expect(fixWith(t, id)).toBe(t.replace(/from=buildd/g, 'from=builder'));
    // Applying the fix creates no copy from the own stage.
    expect(findingsOf(fixWith(t, id), 'copy-from-own-stage')).toEqual([]);
  });
});

describe('copy-from-index: the fix names a stage for its role, never with a name in use', () => {
  const id = 'copy-from-index';
  const fixedFrom = (stage: string): string => {
    const t = `FROM img:1 AS old\n${stage}\nFROM alpine:3.20\nCOPY --from=1 /out /out\n`;
    const out = fixWith(t, id);
    return /^FROM \S+ AS (\S+)$/m.exec(out.split('\n').slice(1).join('\n'))?.[1] ?? out;
  };

  it.each([
    ['FROM golang:1.23\nRUN go build -o /out/app ./cmd/app', 'build'],
    ['FROM golang:1.23\nRUN CGO_ENABLED=0 go install ./...', 'build'],
    ['FROM node:22\nRUN npm ci && npm run build', 'build'],
    ['FROM node:22\nRUN yarn install --frozen-lockfile\nRUN yarn build:prod', 'build'],
    ['FROM node:22\nRUN pnpm run build', 'build'],
    ['FROM maven:3-eclipse-temurin-21\nRUN mvn -B -DskipTests package', 'build'],
    ['FROM maven:3\nRUN ./mvnw clean install', 'build'],
    ['FROM gradle:8-jdk21\nRUN gradle bootJar --no-daemon', 'build'],
    ['FROM eclipse-temurin:21\nRUN ./gradlew :app:build', 'build'],
    ['FROM rust:1.80\nRUN cargo build --release', 'build'],
    ['FROM gcc:14\nRUN make -j4', 'build'],
    ['FROM debian:12\nRUN cmake -S . -B b && cmake --build b', 'build'],
    ['FROM mcr.microsoft.com/dotnet/sdk:8.0\nRUN dotnet restore && dotnet publish -c Release -o /out', 'build'],
    ['FROM python:3.12\nRUN pip wheel --wheel-dir /out -r requirements.txt', 'build'],
    ['FROM golang:1.23\nRUN ["go", "build", "-o", "/out/app"]', 'build'],
    ['FROM golang:1.23\nRUN go test ./...', 'test'],
    ['FROM node:22\nRUN npm ci\nRUN npm test', 'test'],
    ['FROM python:3.12\nRUN python -m pytest', 'test'],
    ['FROM node:22\nRUN npm ci --omit=dev', 'deps'],
    ['FROM python:3.12\nRUN pip install --prefix=/out -r requirements.txt', 'deps'],
    ['FROM golang:1.23\nRUN go mod download', 'deps'],
    ['FROM ruby:3.3\nRUN bundle install', 'deps'],
    ['FROM alpine:3.20\nRUN apk add --no-cache curl && curl -fsSLo /out/tool https://example.com/tool', 'download'],
    ['FROM alpine/git\nRUN git clone https://example.com/repo.git /out', 'download'],
    ['FROM nginx:1.27', 'stage-1'],
    ['FROM alpine:3.20\nRUN mkdir -p /out && echo hi > /out/x', 'stage-1'],
  ])('%s → %s', (stage, name) => {
    expect(fixedFrom(stage)).toBe(name);
  });

  it('a name in use gets a number; two unnamed stages never share one; any case counts as in use', () => {
    const t = df`
      FROM golang:1.23 AS BUILD
      FROM golang:1.23
      RUN go build -o /out/a .
      FROM golang:1.23 AS build-2
      FROM golang:1.23
      RUN go build -o /out/b .
      FROM alpine:3.20
      COPY --from=1 /out/a /a
      COPY --from=3 /out/b /b
      COPY --from=1 /out/a /c
    `;
    const out = fixWith(t, id);
    expect(out.match(/AS \S+/g)).toEqual(['AS BUILD', 'AS build-3', 'AS build-2', 'AS build-4']);
    expect(out).toContain('COPY --from=build-3 /out/a /a\nCOPY --from=build-4 /out/b /b\nCOPY --from=build-3 /out/a /c');
    expect(lintText(out).filter((d) => d.severity === 'error' || d.rule.startsWith('copy-from') || d.rule === 'duplicate-stage-name')).toEqual([]);
  });

  it('marks the made-up name in both edits as a placeholder', () => {
    const t = 'FROM golang:1.23\nRUN go build .\nFROM alpine:3.20\nCOPY --from=0 /a /a\n';
    const edits = findingsOf(t, id)[0]?.fix?.edits ?? [];
    expect(edits.map((e) => (e.placeholder ? e.text.slice(e.placeholder.start, e.placeholder.end) : undefined))).toEqual(['build', 'build']);
  });
});
