/**
 * Dockerfiles of a chosen size in the shapes that make a linter's cost grow with the input: real files one after
 * another, one long RUN, many heredocs on one RUN, many stages, and a few more that stress one structure each
 * (many ENV lines in one stage, one LABEL with many pairs, many suppression comments, many broken lines, pattern
 * replacements that square a value). Each generator repeats a unit until the text reaches the size asked for;
 * everything is deterministic, so two runs measure the same text. Used by bench/scaling.ts and
 * test/scaling.test.ts; imports nothing of berth.
 */

/** Repeats `unit(i)` from `head` until the text reaches `bytes` characters, then adds `tail`. */
function grow(bytes: number, head: string, unit: (i: number) => string, tail = ''): string {
  const parts = [head];
  let n = head.length + tail.length;
  for (let i = 0; n < bytes; i++) {
    const u = unit(i);
    parts.push(u);
    n += u.length;
  }
  parts.push(tail);
  return parts.join('');
}

export type Shape = (bytes: number) => string;

/**
 * The shapes the scaling benchmark and test run. `corpus` is added by bench/scaling.ts when the shared corpus is
 * there (real files concatenated); the rest are generated.
 */
export const SHAPES: Record<string, Shape> = {
  /**
   * One RUN of many continuation lines: a long shell script going through the commands the rules look at
   * (package managers, downloads, cd, sudo, users, links), with pipes, variables and quotes.
   */
  'long-run': (bytes) =>
    grow(
      bytes,
      'FROM debian:12\nARG VERSION=1.0\nRUN set -eux; \\\n',
      (i) => `    ${LONG_RUN_COMMANDS[i % LONG_RUN_COMMANDS.length]?.replaceAll('$i', String(i))} && echo "$VERSION-${i}" | tee -a /var/log/x${i}.log; \\\n`,
      '    true\n',
    ),
  /**
   * One RUN with many heredocs: the markers on the RUN line (a hundred per physical line, joined by continuations,
   * as BuildKit reads no line longer than 64 KB), the bodies after it.
   */
  'many-heredocs': (bytes) => {
    const head = 'FROM alpine:3.20\nRUN cat';
    const marker = (i: number): string => `${i > 0 && i % 100 === 0 ? ' \\\n   ' : ''} <<E${i}`;
    const body = (i: number): string => `echo ${i} $HOME\nE${i}\n`;
    const markers: string[] = [];
    const bodies: string[] = [];
    for (let i = 0, n = head.length + 1; n < bytes; i++) {
      markers.push(marker(i));
      bodies.push(body(i));
      n += markers[i]!.length + bodies[i]!.length;
    }
    return `${head}${markers.join('')}\n${bodies.join('')}`;
  },
  /** One RUN on one physical line, far past BuildKit's 64 KB limit: a finding, and no slower for it. */
  'long-line': (bytes) => grow(bytes, 'FROM alpine:3.20\nRUN echo', (i) => ` "a${i}" $B${i} c=${i};`, '\n'),
  /** Many small stages, each built on the previous one and copying from the one before that. */
  'many-stages': (bytes) =>
    grow(bytes, 'ARG BASE=alpine:3.20\nFROM ${BASE} AS s0\nRUN echo start\n', (i) => {
      const n = i + 1;
      return (
        `FROM s${i} AS s${n}\nARG V${n}=${n}\nENV P${n}=/opt/$V${n} \\\n    Q${n}=\${P${n}}/bin\n` +
        `COPY --from=s${Math.max(0, i - 1)} /app /app${n}\nWORKDIR \${P${n}}\nRUN apt-get update && apt-get install -y pkg${n} && echo "$Q${n}"\n` +
        (n % 3 === 0 ? `USER u${n}\nLABEL stage=s${n}\nCMD ["run", "${n}"]\n` : n % 3 === 1 ? `ENTRYPOINT ["app${n}"]\nHEALTHCHECK CMD true\n` : `SHELL ["/bin/bash", "-c"]\nCOPY app${n} rel/\n`)
      );
    }),
  /** One stage with many ENV and ARG lines, each reading the ones before it. */
  'many-env': (bytes) =>
    grow(bytes, 'FROM alpine:3.20\nENV A0=/opt\n', (i) => `ENV A${i + 1}=\${A${i}}/x B${i}=$UNSET_${i}\nARG C${i}=$A${i}\nRUN echo $A${i} \${C${i}}\n`, 'CMD ["sh"]\n'),
  /**
   * Pattern replacements that put a value into itself (`${Q//a/${Q}}`: its length squared if built naively), Q
   * growing with the file (a tenth of it, at most 50,000 characters: a line BuildKit reads), with ordinary ones.
   */
  'pattern-replacement': (bytes) =>
    grow(
      bytes,
      `FROM alpine:3.20\nARG Q=${'a'.repeat(Math.min(50_000, Math.floor(bytes / 10)))}\nARG V=a-b-c\n`,
      (i) => `ENV R${i}=\${Q//a/\${Q}} S${i}=\${V//-/_} T${i}=\${Q/a/\${V}}\nRUN echo "\${R${i}}" "\${S${i}//_/-}"\n`,
    ),
  /** One LABEL with many key=value pairs over continuation lines. */
  'big-label': (bytes) =>
    grow(bytes, 'FROM alpine:3.20\nLABEL ', (i) => `org.example.k${i}="value ${i} $HOME" \\\n      `, 'last=1\n'),
  /** Many findings, fixes and suppression comments: the rule and fix engines at volume. */
  'many-findings': (bytes) =>
    grow(bytes, 'FROM ubuntu\n', (i) =>
      i % 4 === 0
        ? `# berth-ignore apt-get-missing-yes: generated\nrun apt-get install curl${i}\n`
        : `run apt-get update && apt-get install curl${i}\nadd src${i}.txt /dst${i}/\nmaintainer someone${i}\n`,
    ),
  /** Lines the parser cannot read, between ordinary instructions: recovery and syntax findings at volume. */
  'broken-lines': (bytes) => grow(bytes, 'FROM alpine:3.20\n', (i) => `COPY --chmod= a${i} /b/\nRUN ["sh", "-c", echo ${i}]\nFROB x${i}\nENV =v${i}\n`),
};

/** What the long RUN cycles through (`$i` is the line's number). */
const LONG_RUN_COMMANDS = [
  'apt-get install -y curl$i',
  'apk add pkg$i',
  'yarn add lib$i',
  'pip install mod$i',
  'npm install dep$i',
  'cd /opt/$i',
  'curl -o /tmp/f$i https://example.com/$i',
  'wget https://example.com/w$i',
  'gem install g$i',
  'go install example.com/m$i@latest',
  'dnf install -y d$i',
  'yum install y$i',
  'zypper install z$i',
  'useradd -u 100000$i user$i',
  'sudo chmod 755 /x$i',
  'ln -sf /bin/bash /bin/sh',
  'apt-get update',
  'rm -rf /var/lib/apt/lists/*',
];

/** The sizes the benchmark doubles through: 100 KB … 6.4 MB. */
export const SIZES = [100e3, 200e3, 400e3, 800e3, 1.6e6, 3.2e6, 6.4e6];
