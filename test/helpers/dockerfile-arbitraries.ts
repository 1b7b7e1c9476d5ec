/**
 * fast-check arbitraries for Dockerfiles, shared by the property tests (test/grammar, test/server) and the fuzz
 * suite (test/fuzz): Dockerfile-shaped text from a small grammar, text built from the lines of every rule's
 * documented examples (so that rules fire and fixes run), raw strings, the hostile shapes of issue #14 at a chosen
 * size, and files as bytes (invalid UTF-8, NUL, UTF-16 with a BOM).
 */
import fc from 'fast-check';
import { ALL_RULES } from '../../rules/index.js';

export const KEYWORDS = ['FROM', 'RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'COPY', 'ADD', 'VOLUME', 'EXPOSE', 'USER', 'WORKDIR', 'STOPSIGNAL', 'MAINTAINER', 'ENV', 'LABEL', 'ARG', 'HEALTHCHECK', 'ONBUILD', 'FORM', 'X'];

const caseOf = (w: string): fc.Arbitrary<string> => fc.constantFrom(w, w.toLowerCase(), w.charAt(0) + w.slice(1).toLowerCase());

const char = fc.constantFrom('a', 'b', 'Z', '0', '9', '_', '.', '/', ':', '@', '\\', '`', '"', "'", '$', '{', '}', '[', ']', '<', '>', '-', '#', '=', ',', ' ', '\t', 'é', '😀', '\u00a0', '*', '?', '%', '^', '!', '(', ')');
export const word = fc.array(char, { minLength: 1, maxLength: 8 }).map((cs) => cs.join(''));
const name = fc.constantFrom('EOF', 'END', 'A', 'x.txt');
const flag = fc.tuple(fc.constantFrom('from', 'mount', 'chown', 'platform', 'x'), fc.option(word, { nil: undefined })).map(([n, v]) => (v === undefined ? `--${n}` : `--${n}=${v}`));
const json = fc.oneof(
  fc.array(word.map((w) => JSON.stringify(w)), { maxLength: 4 }).map((xs) => `[${xs.join(', ')}]`),
  fc.constantFrom('["a", 1]', "['a']", '["a",]', '["a"] b', '[', '[]', '["c:\\x"]', '[{"a":1}]'),
);
const heredocMarker = fc.tuple(fc.constantFrom('<<', '<<-', '<< ', '3<<'), fc.constantFrom('', "'", '"'), name).map(([op, q, n]) => `${op}${q}${n}${q}`);

/** One instruction (first line) plus, sometimes, heredoc bodies and terminators. */
const instruction = fc
  .tuple(
    fc.constantFrom(...KEYWORDS).chain(caseOf),
    fc.array(flag, { maxLength: 2 }),
    fc.oneof(json, fc.array(fc.oneof(word, heredocMarker), { maxLength: 5 }).map((ws) => ws.join(' '))),
    fc.array(fc.constantFrom('body line', '\tindented', 'EOF', 'END', 'A', 'x.txt', '\\', ''), { maxLength: 4 }),
  )
  .map(([kw, flags, rest, body]) => [`${kw} ${[...flags, rest].join(' ')}`, ...body]);

const line = fc.oneof(
  { weight: 5, arbitrary: instruction },
  { weight: 1, arbitrary: fc.constantFrom(['# comment'], [''], ['   '], ['# syntax=docker/dockerfile:1'], ['# escape=`'], ['  # indented comment']) },
);

/** A Dockerfile-like text from a small grammar: lines joined by random line breaks, some ending in a continuation. */
export const dockerfile = fc
  .tuple(
    fc.boolean(),
    fc.array(fc.tuple(line, fc.constantFrom('', ' \\', '\\', ' `', '\\ \t')), { minLength: 0, maxLength: 12 }),
    fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 1, maxLength: 40 }),
  )
  .map(([bom, lines, eols]) => {
    const flat: string[] = [];
    for (const [ls, cont] of lines) ls.forEach((l, i) => flat.push(i === 0 ? l + cont : l));
    let out = bom ? '\ufeff' : '';
    flat.forEach((l, i) => (out += l + (eols[i % eols.length] as string)));
    return out;
  });

/** Characters that matter to the grammar, the lexer's modes and the line index. */
const SHARP = ['\\', '`', '\n', '\r', '"', "'", '[', ']', '<<', '$', '-', '#', '{', '}', '\u00a0', '\ud83d', '\ud83d\ude00', '\u0000', '\t', '=', ' ', '\r\n', '$(', ')', '${', ':-', '&&', '|', ';', '\ufeff'];

/** Applies `edits` (position modulo length, text inserted or one character deleted) to a text. */
function mutate(text: string, edits: ReadonlyArray<readonly [number, string, boolean]>): string {
  let t = text;
  for (const [at, s, del] of edits) {
    const i = t.length === 0 ? 0 : at % (t.length + 1);
    t = del ? t.slice(0, i) + t.slice(i + 1) : t.slice(0, i) + s + t.slice(i);
  }
  return t;
}
const edits = (max: number): fc.Arbitrary<Array<[number, string, boolean]>> => fc.array(fc.tuple(fc.nat(), fc.constantFrom(...SHARP), fc.boolean()), { maxLength: max });

/** Grammar-shaped Dockerfiles with a few characters inserted or deleted anywhere. */
export const mutation = fc.tuple(dockerfile, edits(6)).map(([text, e]) => mutate(text, e));

/** Every documented example of every rule (bad, fixed and good), as written in the rules. */
export const EXAMPLES: readonly string[] = [
  ...new Set(ALL_RULES.flatMap((r) => [...r.meta.docs.bad.flatMap((b) => (b.fixed === undefined ? [b.code] : [b.code, b.fixed])), ...r.meta.docs.good])),
];

/** Every line of those examples: real instructions that make the rules fire, their fixes run. */
export const EXAMPLE_LINES: readonly string[] = [...new Set(EXAMPLES.flatMap((e) => e.split(/\r\n|\r|\n/)))];

/** Lines with the shapes rules look for: package managers, pipes, variables, suppressions, heredocs, ONBUILD… */
const TEMPLATE_LINES = [
  'FROM ubuntu',
  'FROM ubuntu:latest AS Base',
  'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
  'FROM build',
  'FROM scratch',
  'FROM ${IMAGE}:${TAG:-1}',
  'ARG IMAGE=alpine',
  'ARG TAG',
  'ARG V=1 W',
  'ENV PATH=/usr/local/bin:$PATH A=${V:+x} B="q u" C',
  'ENV KEY value with words',
  'ENV PASSWORD=hunter2',
  'LABEL maintainer="a@b.c" org.opencontainers.image.version=1.x',
  'LABEL "k"=v \\',
  'RUN apt-get update && apt-get install curl wget',
  'RUN apt install -y python3 && rm -rf /var/lib/apt/lists/*',
  'RUN pip install requests flask==',
  'RUN npm install -g yarn && yarn install',
  'RUN apk add bash',
  'RUN yum install httpd && dnf install -y x && zypper install y',
  'RUN curl -sSL https://x.example | sh',
  'RUN wget http://x/a.tar.gz && tar xzf a.tar.gz',
  'RUN cd /app && make',
  'RUN sudo make install',
  'RUN set -eux; for i in 1 2; do echo $i; done',
  'RUN if [ -f x ]; then echo "$(date)"; fi',
  'RUN --mount=type=cache,target=/root/.cache pip install -r requirements.txt',
  'RUN --mount=type=secret,id=x --network=none echo',
  'RUN <<EOF',
  'RUN <<-EOT bash',
  'RUN cat <<EOF >/etc/x && cat <<"END"',
  'COPY <<EOF /etc/conf',
  'EOF',
  '\tEOT',
  'END',
  'apt-get install -y vim',
  'set -e',
  'COPY --from=0 /a /',
  'COPY --from=build --chown=1000:1000 --chmod=755 src dest',
  'COPY --link --exclude=*.md . /app/',
  'ADD https://example.com/a.tgz /tmp/',
  'ADD --checksum=sha256:abc archive.tar.gz /',
  'WORKDIR app',
  'USER root',
  'USER 1000:1000',
  'EXPOSE 80/TCP 70000 8080-8081 $PORT',
  'VOLUME ["/data"]',
  'CMD ["node", "server.js"]',
  'CMD node server.js',
  'ENTRYPOINT /bin/sh -c "exec x"',
  'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
  "SHELL [‘/bin/sh’, '-c']",
  'HEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1',
  'HEALTHCHECK NONE',
  'STOPSIGNAL SIGKILL',
  'MAINTAINER someone',
  'ONBUILD RUN apt-get install x',
  'ONBUILD ONBUILD FROM x',
  'onbuild copy . /',
  'entrypoint["x"]',
  'WORKDIR=/app',
  '# berth-ignore apt-get-unpinned: we want the newest',
  '# hadolint ignore=DL3008,DL3009',
  '# check=skip=StageNameCasing;error=true',
  '# syntax=docker/dockerfile:1.4',
  '# escape=`',
  '#',
  '',
  '    ',
  '\t\\',
  '  && apt-get clean',
  '  && rm -rf /var/lib/apt/lists/*',
];

/** Whitespace and Unicode that editors, Docker and JavaScript see differently. */
const ODD = ['\t', '\u00a0', '\u3000', '\u2028', '\u200b', '\v', '\f', 'é', 'e\u0301', '😀', '\ud800', '\udc00', 'ﬀ', 'İ', '\u202e', '\u0000', '\x7f'];

const oddLine = fc.tuple(fc.constantFrom(...TEMPLATE_LINES), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...ODD)), { maxLength: 2 })).map(([l, ins]) => {
  let t = l;
  for (const [at, s] of ins) {
    const i = at % (t.length + 1);
    t = t.slice(0, i) + s + t.slice(i);
  }
  return t;
});

const richLine = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...EXAMPLE_LINES).map((l) => [l]) },
  { weight: 4, arbitrary: fc.constantFrom(...TEMPLATE_LINES).map((l) => [l]) },
  { weight: 1, arbitrary: oddLine.map((l) => [l]) },
  { weight: 2, arbitrary: instruction },
);

/**
 * Dockerfiles made of real instructions (the rules' examples, lines of the shapes rules look for, grammar-made
 * ones), with continuations, heredoc bodies, comments, odd whitespace and Unicode, any line breaks, sometimes a
 * BOM, sometimes a few characters inserted or deleted anywhere.
 */
export const richDockerfile = fc
  .tuple(
    fc.boolean(),
    fc.array(fc.tuple(richLine, fc.constantFrom('', '', '', '', ' \\', '\\', ' `', '\\ \t')), { minLength: 1, maxLength: 16 }),
    fc.oneof({ weight: 4, arbitrary: fc.constantFrom(['\n'], ['\r\n']) }, { weight: 1, arbitrary: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 1, maxLength: 8 }) }),
    fc.boolean(),
    fc.oneof({ weight: 3, arbitrary: fc.constant([] as Array<[number, string, boolean]>) }, { weight: 1, arbitrary: edits(3) }),
  )
  .map(([bom, lines, eols, finalEol, e]) => {
    const flat: string[] = [];
    for (const [ls, cont] of lines) ls.forEach((l, i) => flat.push(i === 0 ? l + cont : l));
    let out = bom ? '\ufeff' : '';
    flat.forEach((l, i) => (out += l + (i < flat.length - 1 || finalEol ? (eols[i % eols.length] as string) : '')));
    return mutate(out, e);
  });

/** A whole documented example, sometimes mutated: close to files rules were written for. */
export const mutatedExample = fc.tuple(fc.constantFrom(...EXAMPLES), edits(4), fc.constantFrom('\n', '\r\n', '\r')).map(([ex, e, eol]) => mutate(ex.replace(/\n/g, eol), e));

/** Raw strings: any UTF-16 code units (lone surrogates, controls), and strings over the grammar's characters. */
export const rawText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.array(fc.constantFrom(...SHARP, 'R', 'U', 'N', 'F', 'O', 'M', 'E', 'V', 'A', 'G', ' '), { maxLength: 120 }).map((c) => c.join('')),
);

/** Everything text-shaped the fuzz feeds in, weighted towards files where rules and fixes have work to do. */
export const anyDockerfileText = fc.oneof(
  { weight: 6, arbitrary: richDockerfile },
  { weight: 2, arbitrary: mutatedExample },
  { weight: 1, arbitrary: mutation },
  { weight: 1, arbitrary: rawText },
);

/**
 * The hostile shapes of issue #14, each at a size `n`: files real users and attackers can write, which must cost
 * time in proportion to their size and never crash anything.
 */
export const HOSTILE = {
  /** `ARG A1=${A0}${A0}` … n deep: each value doubles the one before (2^n characters if expanded naively). */
  argDoubling: (n: number): string => {
    let t = 'ARG A0=x\n';
    for (let i = 1; i <= n; i++) t += `ARG A${i}=\${A${i - 1}}\${A${i - 1}}\n`;
    return `${t}FROM alpine:\${A${n}}\nRUN echo \${A${n}}\n`;
  },
  /**
   * `${Q//a/${Q}}` on a value of n characters: every character replaced by the whole value, n² characters if built
   * naively (and nested once more, and in the first-match form, a LABEL and a RUN).
   */
  replacementSquaring: (n: number): string =>
    `ARG Q=${'a'.repeat(n)}\nFROM alpine:3.20\nARG Q\nENV R=\${Q//a/\${Q}} S=\${Q//a/\${Q//a/\${Q}}} T=\${Q/a/\${Q}}\n` +
    `LABEL r="\${R}" q="\${Q//a/-\${Q}-}"\nCOPY \${Q//a/\${Q}} /dst/\nRUN echo "\${Q//a/\${Q}}"\n`,
  /** One RUN with `$(` nested n deep (and the closing parentheses). */
  nestedSubshells: (n: number): string => `FROM alpine:3.20\nRUN echo ${'$('.repeat(n)}true${')'.repeat(n)}\nRUN echo ${'"$('.repeat(n)}x${')"'.repeat(n)}\n`,
  /** One RUN with n heredocs, each with its body. */
  manyHeredocs: (n: number): string => {
    const markers = Array.from({ length: n }, (_, i) => `<<E${i}`).join(' ');
    const bodies = Array.from({ length: n }, (_, i) => `echo ${i}\nE${i}\n`).join('');
    return `FROM alpine:3.20\nRUN cat ${markers}\n${bodies}CMD ["true"]\n`;
  },
  /** A RUN line of n characters (and a comment line as long). */
  longLine: (n: number): string => `FROM alpine:3.20\nRUN echo ${'a '.repeat(Math.ceil(n / 2))}\n# ${'é'.repeat(n)}\n`,
  /** n stages, each copying from the one before. */
  manyStages: (n: number): string => {
    let t = 'FROM alpine AS s0\n';
    for (let i = 1; i < n; i++) t += `FROM s${i - 1} AS s${i}\nCOPY --from=s${i - 1} /a /a\nRUN apt-get install x${i}\n`;
    return t;
  },
  /** n continuation lines, some empty, in one RUN. */
  longContinuation: (n: number): string => `FROM alpine\nRUN true${' \\\n  && echo x'.repeat(n)}${' \\\n'.repeat(Math.min(n, 50))}\n`,
} as const;

export type HostileShape = keyof typeof HOSTILE;

/** Invalid UTF-8 sequences: stray continuation bytes, a truncated sequence, overlong forms, an encoded surrogate, 0xFF. */
const INVALID_UTF8: ReadonlyArray<readonly number[]> = [[0x80], [0xbf], [0xc3], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff], [0xfe], [0xf5, 0x80, 0x80, 0x80], [0xe9]];

const utf16 = (text: string, bigEndian: boolean): Uint8Array => {
  const out = new Uint8Array(2 + text.length * 2);
  out.set(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    const hi = u >> 8;
    const lo = u & 0xff;
    out.set(bigEndian ? [hi, lo] : [lo, hi], 2 + i * 2);
  }
  return out;
};

/** Splices byte sequences into `bytes` at positions modulo its length. */
function spliceBytes(bytes: Uint8Array, inserts: ReadonlyArray<readonly [number, readonly number[]]>): Uint8Array {
  let out = Array.from(bytes);
  for (const [at, seq] of inserts) {
    const i = at % (out.length + 1);
    out = [...out.slice(0, i), ...seq, ...out.slice(i)];
  }
  return Uint8Array.from(out);
}

/**
 * Files as bytes: valid UTF-8, UTF-8 with invalid sequences spliced in (in comments, arguments, anywhere), with NUL
 * bytes, Latin-1 text, UTF-16 LE or BE with a BOM, and arbitrary bytes.
 */
export const fileBytes: fc.Arbitrary<{ kind: string; bytes: Uint8Array }> = fc.oneof(
  { weight: 2, arbitrary: richDockerfile.map((t) => ({ kind: 'utf-8', bytes: new TextEncoder().encode(t) })) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(richDockerfile, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...INVALID_UTF8)), { minLength: 1, maxLength: 4 }))
      .map(([t, ins]) => ({ kind: 'invalid utf-8', bytes: spliceBytes(new TextEncoder().encode(t), ins) })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(richDockerfile, fc.array(fc.nat(), { minLength: 1, maxLength: 3 }))
      .map(([t, at]) => ({ kind: 'nul', bytes: spliceBytes(new TextEncoder().encode(t), at.map((a) => [a, [0]] as const)) })),
  },
  {
    weight: 1,
    arbitrary: richDockerfile.map((t) => ({ kind: 'latin-1', bytes: Uint8Array.from(Array.from(`# Caf\u00e9 na\u00efve \u00a9\n${t}`.replace(/[^\u0000-\u00ff]/g, '?'), (c) => c.charCodeAt(0))) })),
  },
  { weight: 1, arbitrary: fc.tuple(richDockerfile, fc.boolean()).map(([t, be]) => ({ kind: be ? 'utf-16be' : 'utf-16le', bytes: utf16(t, be) })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ kind: 'bytes', bytes })) },
);
