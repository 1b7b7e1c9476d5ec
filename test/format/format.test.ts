/**
 * The formatter (format/): its rules on small inputs, LF and CRLF twins. What it must never change is checked on
 * every corpus file in corpus.test.ts and on random text in property.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { parse } from '../../grammar/index.js';
import { applyEdits, format, formatOnType, formatText, type FormatInput, type FormatOptions } from '../../format/index.js';
import { crlf, cursor, df } from '../helpers/fixture.js';
import { buildkitReading } from '../helpers/reading.js';

const inputOf = (text: string): FormatInput & { lines: FormatInput['parse']['lines'] } => {
  const p = parse(text);
  return { text, parse: p, lines: p.lines };
};

describe('formatting', () => {
  const fmt = (text: string, options: FormatOptions = {}) => applyEdits(text, format(inputOf(text), options));

  it('upper-cases keywords and indents continuation lines, comments included', () => {
    expect(fmt('from alpine:3.20\nrun apk add \\\n  curl=8 \\\n      # the editor\n   vim=9\nonbuild run echo hi\n')).toBe(
      'FROM alpine:3.20\nRUN apk add \\\n    curl=8 \\\n    # the editor\n    vim=9\nONBUILD RUN echo hi\n',
    );
  });

  it('never touches heredoc bodies or indentation inside a quoted string', () => {
    const text = 'FROM alpine:3.20\nrun <<EOF\n  keep   this\nEOF\nRUN echo "a \\\n  b" \\\n  && true\n';
    expect(fmt(text)).toBe('FROM alpine:3.20\nRUN <<EOF\n  keep   this\nEOF\nRUN echo "a \\\n  b" \\\n    && true\n');
  });

  it("keeps a continuation line's blanks where they are the value: after the shell's \\ in backtick mode, under cmd, PowerShell or another program", () => {
    for (const [text, note] of [
      ['# escape=`\nFROM alpine:3.20\nRUN touch a\\`\n b\n', 'the shell reads `a\\ b` as one word'],
      ['# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo hello `\n  world> C:\\greeting.txt\n', 'cmd prints the blanks'],
      ['FROM alpine:3.20\nSHELL ["pwsh", "-Command"]\nRUN Write-Output "a" \\\n   + "b"\n', 'a SHELL that is not POSIX'],
      ['FROM alpine:3.20\nSHELL ["python3", "-c"]\nCMD print(1, \\\n  2)\n', 'python'],
    ] as const) {
      for (const options of [{}, { indentStyle: 'tab' }, { indentWidth: 2 }] as FormatOptions[]) {
        const out = fmt(text, options);
        expect(out, note).toBe(text);
      }
    }
    // In a POSIX shell with the default escape, the indentation is the formatter's: `a \` + blanks + `b`.
    expect(fmt('FROM alpine:3.20\nRUN touch a \\\n b\n')).toBe('FROM alpine:3.20\nRUN touch a \\\n    b\n');
    // The reading the corpus test compares tells the shell's escaped blank from the blanks after it.
    expect(buildkitReading('# escape=`\nFROM alpine:3.20\nRUN touch a\\`\n b\n')).not.toBe(buildkitReading('# escape=`\nFROM alpine:3.20\nRUN touch a\\`\n    b\n'));
    expect(buildkitReading('FROM alpine:3.20\nRUN touch a \\\n b\n')).toBe(buildkitReading('FROM alpine:3.20\nRUN touch a \\\n    b\n'));
  });

  it('keeps CRLF and the escape directive; tabs when asked', () => {
    expect(fmt('# escape=`\r\nfrom alpine:3.20\r\nrun echo a `\r\n  b\r\n', { indentStyle: 'tab' })).toBe('# escape=`\r\nFROM alpine:3.20\r\nRUN echo a `\r\n\tb\r\n');
  });

  it('a formatted file is stable and parses to the same instructions', () => {
    const text = 'from alpine:3.20 as base\nenv A=1 \\\n B=2\ncopy --from=base \\\n /a /b\n';
    const once = fmt(text);
    expect(fmt(once)).toBe(once);
    expect(once).toBe('FROM alpine:3.20 AS base\nENV A=1 \\\n    B=2\nCOPY --from=base \\\n    /a /b\n');
    expect(buildkitReading(once)).toBe(buildkitReading(text));
  });
});

describe('formatting: indentation', () => {
  const opts: FormatOptions = {};
  const fmt = (text: string, options = opts) => applyEdits(text, format(inputOf(text), options));
  const instructionsOf = (text: string) => {
    const p = inputOf(text).parse;
    return {
      // Blanks between words may change (a continuation line's indent); heredoc bodies may not change at all.
      instructions: p.dockerfile.instructions.map((i) => [i.name, i.args.map((a) => a.value.replace(/\s+/g, ' ')), i.heredocs.map((h) => h.content)]),
      directives: p.dockerfile.directives.map((d) => [d.name, d.value]),
    };
  };
  const MIXED = [
    '  # syntax=docker/dockerfile:1',
    '\t# escape=\\',
    '   ',
    '  ARG BASE=alpine:3.20',
    '    FROM ${BASE} AS build',
    '\t  # a comment',
    '  RUN apk add \\',
    '        curl \\',
    '      # the editor',
    '  vim',
    '   RUN <<EOF',
    '    indented body',
    '\tEOF',
    'EOF',
    '  RUN <<-EOT cat',
    '\t\ttabbed',
    '\tEOT',
    '  ONBUILD   run echo "a \\',
    '    b"',
    '   COPY <<EOF /etc/conf',
    '  keep me',
    'EOF',
    '',
  ].join('\n');

  it('instructions, comments and directives outside instructions start at column 0; blank lines lose their blanks', () => {
    expect(fmt(MIXED)).toBe(
      [
        '# syntax=docker/dockerfile:1',
        '# escape=\\',
        '',
        'ARG BASE=alpine:3.20',
        '',
        'FROM ${BASE} AS build',
        '# a comment',
        'RUN apk add \\',
        '    curl \\',
        '    # the editor',
        '    vim',
        'RUN <<EOF',
        '    indented body',
        '\tEOF',
        'EOF',
        'RUN <<-EOT cat',
        '\t\ttabbed',
        '\tEOT',
        'ONBUILD RUN echo "a \\',
        '    b"',
        'COPY <<EOF /etc/conf',
        '  keep me',
        'EOF',
        '',
      ].join('\n'),
    );
  });

  it('never changes what the file means, and a second pass changes nothing (LF, CRLF, BOM, tabs)', () => {
    for (const text of [MIXED, crlf(MIXED), `\uFEFF${MIXED}`]) {
      for (const options of [opts, { indentStyle: 'tab', indentWidth: 2 } as FormatOptions]) {
        const once = fmt(text, options);
        expect(instructionsOf(once)).toEqual(instructionsOf(text));
        expect(fmt(once, options)).toBe(once);
      }
    }
    expect(fmt('\uFEFF  FROM alpine:3.20\r\n\t  RUN true\r\n')).toBe('\uFEFFFROM alpine:3.20\r\nRUN true\r\n');
  });

  it('blanks that are part of a value keep their number: a word going on across lines, USER, legacy ENV, quotes', () => {
    // `hello\` + `world` is one word to BuildKit: an indent would make two.
    expect(fmt('FROM alpine:3.20\nRUN echo hello\\\nworld \\\n  && true\n')).toBe('FROM alpine:3.20\nRUN echo hello\\\nworld \\\n    && true\n');
    // Nor may a continuation indent of 0 glue two words together.
    expect(fmt('FROM alpine:3.20\nRUN echo a\\\n  b\n', { indentWidth: 0 })).toBe('FROM alpine:3.20\nRUN echo a\\\n  b\n');
    expect(fmt('FROM alpine:3.20\nRUN echo a \\\n  b\n', { indentWidth: 0 })).toBe('FROM alpine:3.20\nRUN echo a \\\nb\n');
    const verbatim = 'FROM alpine:3.20\nENV GREETING hello \\\n  world\nLABEL description a \\\n  b\nWORKDIR /a\\\n  b\nENV A=1 \\\n  B=2\n';
    expect(fmt(verbatim)).toBe('FROM alpine:3.20\nENV GREETING hello \\\n  world\nLABEL description a \\\n  b\nWORKDIR /a\\\n  b\nENV A=1 \\\n    B=2\n');
  });

  it('range formatting is document formatting restricted to the lines the range touches', () => {
    const text = MIXED;
    const doc = inputOf(text);
    const all = format(doc, opts);
    const lineOf = (o: number) => doc.lines.positionAt(o).line;
    const lineCount = text.split('\n').length;
    for (let line = 0; line < lineCount; line++) {
      const start = doc.lines.offsetAt({ line, character: 0 });
      const next = line + 1 < lineCount ? doc.lines.offsetAt({ line: line + 1, character: 0 }) : text.length;
      // Whole line (ending at the next line's start), and a range inside the line: the same edits.
      const expected = all.filter((e) => lineOf(e.start) === line);
      expect(format(doc, opts, { start, end: next })).toEqual(expected);
      expect(format(doc, opts, { start: Math.min(start + 3, next), end: Math.min(start + 3, next) })).toEqual(expected);
    }
  });

  it('on-type after Enter agrees with document formatting on the line just ended and the new line', () => {
    const type = (fixture: string) => {
      const { text, offset } = cursor(fixture);
      return applyEdits(text, formatOnType(inputOf(text), offset, opts));
    };
    // The line just ended is formatted as formatting would; an indented new line outside instructions loses it.
    expect(type('FROM alpine:3.20\n  run echo hi\n  $0\n')).toBe('FROM alpine:3.20\nRUN echo hi\n\n');
    expect(type('FROM alpine:3.20\n  RUN apk add \\\n$0')).toBe('FROM alpine:3.20\nRUN apk add \\\n    ');
    expect(type('FROM alpine:3.20\r\nRUN apk add \\\r\n\t$0\r\n')).toBe('FROM alpine:3.20\r\nRUN apk add \\\r\n    \r\n');
    // A comment line inside the instruction: the next line still continues it.
    expect(type('FROM alpine:3.20\nRUN apk add \\\n    # editor\n$0')).toBe('FROM alpine:3.20\nRUN apk add \\\n    # editor\n    ');
    // Inside a heredoc body nothing moves; inside a quoted string the blanks belong to the value.
    expect(type('FROM alpine:3.20\nRUN <<EOF\n  echo \\\n  $0\nEOF\n')).toBe('FROM alpine:3.20\nRUN <<EOF\n  echo \\\n  \nEOF\n');
    expect(type('FROM alpine:3.20\nRUN echo "a \\\n  $0\n')).toBe('FROM alpine:3.20\nRUN echo "a \\\n  \n');
    // Once text is typed on the new line, document formatting keeps the indentation on-type gave it.
    const typed = type('FROM alpine:3.20\nRUN apk add \\\n$0').replace(/ *$/, (ws) => `${ws}curl\n`);
    expect(fmt(typed)).toBe(typed);
  });
});

describe('on-type formatting', () => {
  const onEnter = (fixture: string) => {
    const { text, offset } = cursor(fixture);
    return applyEdits(text, formatOnType(inputOf(text), offset));
  };
  it('indents the line after a continuation, not after an ordinary line or inside a quoted string', () => {
    expect(onEnter('FROM alpine:3.20\nRUN apk add \\\n$0\n')).toBe('FROM alpine:3.20\nRUN apk add \\\n    \n');
    expect(onEnter('FROM alpine:3.20\nRUN apk add \\\n  $0\n')).toBe('FROM alpine:3.20\nRUN apk add \\\n    \n');
    expect(onEnter('FROM alpine:3.20\nRUN apk add\n$0\n')).toBe('FROM alpine:3.20\nRUN apk add\n\n');
    expect(onEnter('FROM alpine:3.20\nRUN echo "a \\\n$0\n')).toBe('FROM alpine:3.20\nRUN echo "a \\\n\n');
  });
});


describe('formatting: the rules beyond indentation', () => {
  const fmt = (text: string, options: FormatOptions = {}) => formatText(text, options);
  /** Formats, checks BuildKit reads the result as it read the input and that a second pass changes nothing. */
  const checked = (text: string, options: FormatOptions = {}) => {
    const once = fmt(text, options);
    expect(buildkitReading(once)).toBe(buildkitReading(text));
    expect(fmt(once, options)).toBe(once);
    return once;
  };

  it('one space after the keyword, around flags, between words and pairs; AS and HEALTHCHECK CMD upper-cased', () => {
    expect(checked('from  --platform=linux/amd64   alpine:3.20  as  base\n')).toBe('FROM --platform=linux/amd64 alpine:3.20 AS base\n');
    expect(checked('FROM a\nRUN  --mount=type=cache,target=/x   --network=none   echo  hi\n')).toBe('FROM a\nRUN --mount=type=cache,target=/x --network=none echo  hi\n');
    expect(checked('FROM a\nCOPY  --from=b   --chmod=644  /a   /b  /c/\nEXPOSE 80\t443\n')).toBe('FROM a\nCOPY --from=b --chmod=644 /a /b /c/\nEXPOSE 80 443\n');
    expect(checked('ARG  A=1   B\nFROM a\nENV  A=1   B="x  y"\nLABEL a=b   c=d\n')).toBe('ARG A=1 B\n\nFROM a\nENV A=1 B="x  y"\nLABEL a=b c=d\n');
    expect(checked('FROM a\nhealthcheck   --interval=5s   cmd   curl  -f x\nONBUILD   run   echo  x\n')).toBe('FROM a\nHEALTHCHECK --interval=5s CMD curl  -f x\nONBUILD RUN echo  x\n');
  });

  it('one space before a continuation marker after flags, words and pairs; none added where there was none', () => {
    expect(checked('FROM a\nRUN --mount=type=cache,target=/x   \\\n    make\nCOPY a   \\\n  b /c/\nENV A=1\t\\\n  B=2\nEXPOSE 80\\\n  443\n')).toBe(
      'FROM a\nRUN --mount=type=cache,target=/x \\\n    make\nCOPY a \\\n    b /c/\nENV A=1 \\\n    B=2\nEXPOSE 80\\\n    443\n',
    );
  });

  it('range and on-type formatting count lines as BuildKit does: a lone CR ends no line', () => {
    const text = 'FROM a\nRUN a\rb  \nfrom b\n';
    const doc = inputOf(text);
    const all = format(doc);
    // The third line (`from b`) starts after the second line feed, whatever the CR before it.
    const third = text.indexOf('from');
    expect(format(doc, {}, { start: third, end: third })).toEqual(all.filter((e) => e.start >= third));
    expect(format(doc, {}, { start: third, end: third }).map((e) => e.text)).toContain('FROM');
  });

  it('leaves the blanks of values alone: shell text, USER, WORKDIR, legacy values with blanks, broken instructions', () => {
    const text = 'FROM a\nRUN echo "a   b"   c\nUSER  app  group\nWORKDIR /a   b\nLABEL description  A  small image\nCOPY --bogus\n';
    expect(checked(text)).toBe('FROM a\nRUN echo "a   b"   c\nUSER app  group\nWORKDIR /a   b\nLABEL description  A  small image\nCOPY --bogus\n');
  });

  it('JSON arrays as ["a", "b"], only where BuildKit reads JSON', () => {
    expect(checked('FROM a\nCMD   [ "a" ,"b"  ,   "c"]   \nSHELL ["/bin/sh","-c"]\n')).toBe('FROM a\nCMD ["a", "b", "c"]\nSHELL ["/bin/sh", "-c"]\n');
    // Not JSON for BuildKit (a number, a missing bracket): shell form, kept as written.
    expect(checked('FROM a\nCMD [ "a" , 1 ]\nENTRYPOINT [ "a"\n')).toBe('FROM a\nCMD [ "a" , 1 ]\nENTRYPOINT [ "a"\n');
    // Across continuation lines: the line breaks stay.
    expect(checked('FROM a\nCMD [ "a" ,\\\n  "b" ]\n')).toBe('FROM a\nCMD ["a",\\\n    "b"]\n');
  });

  it('ENV and LABEL in key=value form where the value is one word; otherwise left as they are', () => {
    expect(checked('FROM a\nENV PATH /app/bin:$PATH\nLABEL version  "1.0"\nENV DIR \\\n  /srv\n')).toBe('FROM a\nENV PATH=/app/bin:$PATH\nLABEL version="1.0"\nENV DIR=/srv\n');
    // Blanks in the value, a comment between key and value, no value at all: no safe rewrite.
    const kept = 'FROM a\nENV GREETING hello world\nENV A \\\n# note\n  1\nENV B\n';
    expect(checked(kept)).toBe(kept);
  });

  it('trailing blanks go, in comments and after an escape character too; heredoc bodies keep theirs', () => {
    expect(checked('FROM a   \n# note   \nRUN echo a \\  \n    b\t\nRUN <<EOF   \nbody   \nEOF\n')).toBe('FROM a\n# note\nRUN echo a \\\n    b\nRUN <<EOF\nbody   \nEOF\n');
  });

  it('blank lines: at most one, one before each FROM (above its comments), none at the end, a final line break', () => {
    expect(checked('FROM a AS one\nRUN x\n\n\n\nRUN y\n# the second stage\n# (small)\nFROM b\nCOPY --from=one /x /x\n\n\n')).toBe(
      'FROM a AS one\nRUN x\n\nRUN y\n\n# the second stage\n# (small)\nFROM b\nCOPY --from=one /x /x\n',
    );
    expect(checked('\n\n\nFROM a\nRUN x')).toBe('FROM a\nRUN x\n');
    // Before a first comment one blank line stays: it is what stops BuildKit reading `# escape=` as a directive.
    expect(checked('\n\n# escape=`\nFROM a\n')).toBe('\n# escape=`\nFROM a\n');
    expect(checked('# syntax=docker/dockerfile:1\nARG V=1\nFROM a:$V\n')).toBe('# syntax=docker/dockerfile:1\nARG V=1\n\nFROM a:$V\n');
    // Blank lines inside a heredoc body are its content.
    expect(checked('FROM a\nRUN <<EOF\n\n\n\nEOF\n')).toBe('FROM a\nRUN <<EOF\n\n\n\nEOF\n');
    expect(checked('')).toBe('');
    expect(checked('  \n\n')).toBe('');
  });

  it('CRLF twins and a byte order mark: line endings and the mark are kept, inserted lines use the file\'s', () => {
    const lf = 'from a as one\nrun x\nfrom b\ncmd [ "a" ]';
    expect(checked(crlf(lf))).toBe(crlf('FROM a AS one\nRUN x\n\nFROM b\nCMD ["a"]\n'));
    expect(checked(`\uFEFF${crlf(lf)}`)).toBe(`\uFEFF${crlf('FROM a AS one\nRUN x\n\nFROM b\nCMD ["a"]\n')}`);
  });

  it('keywordCase keep, indentWidth and tabs', () => {
    expect(checked('from a\nrun echo a \\\n  b\n', { keywordCase: 'keep', indentWidth: 2 })).toBe('from a\nrun echo a \\\n  b\n');
    expect(checked('FROM a\nRUN echo a \\\n  b\n', { indentStyle: 'tab' })).toBe('FROM a\nRUN echo a \\\n\tb\n');
  });
});

describe('formatting: reflowing long RUN lists (reflowRun)', () => {
  const LONG = 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*\n';
  const reflow = (text: string, options: FormatOptions = {}) => {
    const once = formatText(text, { reflowRun: true, lineWidth: 80, ...options });
    expect(buildkitReading(once)).toBe(buildkitReading(text));
    expect(formatText(once, { reflowRun: true, lineWidth: 80, ...options })).toBe(once);
    return once;
  };

  it('off by default; on, one command per continuation line before each &&', () => {
    expect(formatText(LONG)).toBe(LONG);
    expect(reflow(LONG)).toBe(
      df`
        FROM debian:12
        RUN apt-get update \
            && apt-get install -y --no-install-recommends curl ca-certificates \
            && rm -rf /var/lib/apt/lists/*
      `,
    );
    expect(reflow(crlf(LONG), { indentStyle: 'tab' })).toBe(crlf('FROM debian:12\nRUN apt-get update \\\n\t&& apt-get install -y --no-install-recommends curl ca-certificates \\\n\t&& rm -rf /var/lib/apt/lists/*\n'));
    expect(reflow(`# escape=\`\n${LONG}`)).toContain('RUN apt-get update `\n    && apt-get');
  });

  it('only plain && lists in a POSIX shell, on one line, longer than the width; never inside quotes', () => {
    const pad = ' && echo ' + 'x'.repeat(70);
    const left = [
      `FROM a\nRUN a || b${pad}\n`,
      `FROM a\nRUN a; b${pad}\n`,
      `FROM a\nRUN a ${pad} # comment\n`,
      `FROM a\nRUN a \\\n  ${pad}\n`,
      `FROM a\nRUN ["sh", "-c", "a${pad}"]\n`,
      `FROM a\nRUN echo "a${pad}"\n`,
      `FROM a\nSHELL ["powershell", "-Command"]\nRUN a${pad}\n`,
      `FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN a${pad}\n`,
      'FROM a\nRUN a && b\n',
    ];
    for (const text of left) expect(reflow(text)).toBe(formatText(text));
    // `&&` inside quotes or a substitution is not where the list splits.
    expect(reflow(`FROM a\nRUN echo "1 && 2" && echo $(a && b)${pad}\n`)).toBe(`FROM a\nRUN echo "1 && 2" \\\n    && echo $(a && b) \\\n    && echo ${'x'.repeat(70)}\n`);
  });
});
