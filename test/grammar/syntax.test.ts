/**
 * One describe per syntax feature. Expected behaviour is BuildKit's (../shared/reference/dockerfile-syntax.md
 * §1 and §8); `dump` renders instructions the way BuildKit's parser dumps them, which pins its argument
 * splitting. Every case where line endings matter runs on LF and on its CRLF twin.
 */
import { describe, expect, it } from 'vitest';
import {
  dumpInstruction,
  parse,
  type ArgInstruction,
  type CommandInstruction,
  type FromInstruction,
  type HealthcheckInstruction,
  type KeyValueInstruction,
  type OnbuildInstruction,
  type ParseResult,
} from '../../grammar/index.js';
import { crlf, df } from '../helpers/fixture.js';

const EOL = [
  ['LF', (s: string) => s],
  ['CRLF', crlf],
] as const;

function dump(r: ParseResult): string[] {
  return r.dockerfile.instructions.map(dumpInstruction);
}

/** Errors as [code, the text they point at]. */
function errors(r: ParseResult, severity?: 'error' | 'warning'): Array<[string, string]> {
  return r.errors.filter((e) => !severity || e.severity === severity).map((e) => [e.code, r.text.slice(e.start, e.end)]);
}

function lossless(r: ParseResult): void {
  expect(r.tree.text()).toBe(r.text);
  let pos = 0;
  for (const t of r.tree.allTokens()) {
    expect(t.start).toBe(pos);
    expect(t.end).toBeGreaterThan(t.start);
    pos = t.end;
  }
  expect(pos).toBe(r.text.length);
}

function p(text: string): ParseResult {
  const r = parse(text);
  lossless(r);
  return r;
}

describe('byte-order mark', () => {
  it.each(EOL)('is kept as a token and ignored by the parser (%s)', (_n, eol) => {
    const r = p(eol('\ufeff# escape=`\nFROM alpine\nRUN echo a `\n  b\n'));
    expect(r.tree.firstToken()?.kind).toBe('Bom');
    expect(r.dockerfile.escape).toBe('`');
    expect(dump(r)).toEqual(['from "alpine"', 'run "echo a   b"']);
    expect(r.errors).toEqual([]);
  });
});

describe('line endings', () => {
  it('CRLF behaves like LF, including in the line break BuildKit trims', () => {
    const text = 'FROM a\r\nRUN x \\\r\n  y\r\nCMD ["z"]\r\n';
    expect(dump(p(text))).toEqual(dump(p(text.replace(/\r\n/g, '\n'))));
  });

  it('a lone CR is whitespace to BuildKit, and gets a warning', () => {
    const r = p('FROM alpine\nRUN a\rb\n');
    expect(dump(r)).toEqual(['from "alpine"', 'run "a\\rb"']);
    expect(errors(r)).toEqual([['lone-carriage-return', '\r']]);
  });

  it('a file without a final newline', () => {
    expect(dump(p('FROM a\nRUN x'))).toEqual(['from "a"', 'run "x"']);
  });
});

describe('parser directives', () => {
  it.each(EOL)('syntax, escape and check, names case-insensitive, leading whitespace allowed (%s)', (_n, eol) => {
    const r = p(eol('# SYNTAX = docker/dockerfile:1\n  #escape=`\n# check=skip=JSONArgsRecommended;error=true\nFROM a\n'));
    expect(r.dockerfile.directives.map((d) => [d.name, d.value])).toEqual([
      ['syntax', 'docker/dockerfile:1'],
      ['escape', '`'],
      ['check', 'skip=JSONArgsRecommended;error=true'],
    ]);
    expect(r.dockerfile.escape).toBe('`');
    expect(r.errors).toEqual([]);
  });

  it.each([
    ['a blank line before', '\n# escape=`\nFROM a\n'],
    ['a comment before', '# hello\n# escape=`\nFROM a\n'],
    ['an unknown directive before', '# foo=bar\n# escape=`\nFROM a\n'],
    ['a shebang before', '#!/usr/bin/env buildctl\n# escape=`\nFROM a\n'],
    ['after an instruction', 'FROM a\n# escape=`\nRUN x\n'],
  ])('%s turns a directive into a comment (with a warning)', (_n, text) => {
    const r = p(text);
    expect(r.dockerfile.directives).toEqual([]);
    expect(r.dockerfile.escape).toBe('\\');
    expect(errors(r)).toEqual([['misplaced-directive', '# escape=`']]);
  });

  it('a repeated directive is an error on the repeat; the first one wins', () => {
    const r = p('# escape=`\n# Escape=\\\nFROM a\n');
    expect(errors(r)).toEqual([['duplicate-directive', '# Escape=\\']]);
    expect(r.dockerfile.escape).toBe('`');
  });

  it('an invalid escape value is an error on the value', () => {
    const r = p('# escape=x\nFROM a\n');
    expect(errors(r)).toEqual([['invalid-escape-directive', 'x']]);
  });

  it('`# check=` comments above instructions are not reported as misplaced', () => {
    expect(p('FROM a\n# check=skip=all\nARG password\n').errors).toEqual([]);
  });
});

describe('continuations', () => {
  it.each(EOL)('backslash joins lines without a separator and keeps indentation (%s)', (_n, eol) => {
    expect(dump(p(eol('FROM a\nRUN echo hello\\\n  world\nRUN goodbye\\\nfrog\n')))).toEqual(['from "a"', 'run "echo hello  world"', 'run "goodbyefrog"']);
  });

  it.each(EOL)('backtick with the escape directive; backslash is then ordinary text (%s)', (_n, eol) => {
    const r = p(eol('# escape=`\nFROM a\nRUN dir c:\\ `\n  /s\nCOPY a\\ b\\ c:\\x\\\n'));
    expect(dump(r)).toEqual(['from "a"', 'run "dir c:\\\\   /s"', 'copy "a\\\\" "b\\\\" "c:\\\\x\\\\"']);
  });

  it.each(EOL)('blanks after the escape still continue (%s)', (_n, eol) => {
    expect(dump(p(eol('FROM a\nRUN a \\ \t\n  b\n')))).toEqual(['from "a"', 'run "a   b"']);
  });

  it.each(EOL)('one character of look-back: \\\\ and \\\\\\ at the end of a line do not continue (%s)', (_n, eol) => {
    expect(dump(p(eol('FROM a\nRUN echo \\\\\nRUN echo \\\\\\\nRUN x\n')))).toEqual(['from "a"', 'run "echo \\\\\\\\"', 'run "echo \\\\\\\\\\\\"', 'run "x"']);
  });

  it.each(EOL)('comment lines inside are dropped; empty lines are dropped with a warning at the empty line (%s)', (_n, eol) => {
    const r = p(eol('FROM a\nRUN apt-get update && \\\n  # install curl\n\n   \n  apt-get install curl\n'));
    expect(dump(r)).toEqual(['from "a"', 'run "apt-get update &&   apt-get install curl"']);
    expect(r.errors.map((e) => [e.code, e.severity, r.lines.positionAt(e.start).line])).toEqual([
      ['empty-continuation-line', 'warning', 3],
      ['empty-continuation-line', 'warning', 4],
    ]);
    const comments = [...r.tree.allTokens()].filter((t) => t.kind === 'Comment').map((t) => t.text());
    expect(comments).toEqual(['# install curl']);
  });

  it.each(EOL)('a keyword split across lines, even with a comment line in between (%s)', (_n, eol) => {
    const r = p(eol('FR\\\n# note\nOM alpine AS b\\\nuild\n'));
    expect(dump(r)).toEqual(['from "alpine" "AS" "build"']);
    const from = r.dockerfile.instructions[0] as FromInstruction;
    expect(from.keywordText).toBe('FROM');
    expect(from.keyword.text()).toMatch(/^FR\\\r?\n# note\r?\nOM$/);
    expect(from.stageName?.value).toBe('build');
  });

  it('a continuation at the end of the file ends the instruction', () => {
    const r = p('FROM a\nRUN something \\');
    expect(dump(r)).toEqual(['from "a"', 'run "something"']);
    expect(r.errors).toEqual([]);
  });

  it('a flag value continued onto the next line is one flag', () => {
    expect(dump(p('FROM a\nRUN --mount=type=cache,\\\ntarget=/x make\n'))).toEqual(['from "a"', 'run ["--mount=type=cache,target=/x"] "make"']);
  });
});

describe('JSON (exec) form', () => {
  it.each(EOL)('arrays of strings, with JSON escapes, across continuations (%s)', (_n, eol) => {
    const r = p(eol('FROM a\nCMD ["echo", \\\n  "a\\"b", "\\u00e9\\n"]\nENTRYPOINT []\n'));
    expect(dump(r)).toEqual(['from "a"', 'cmd "echo" "a\\"b" "é\\n"', 'entrypoint']);
    const cmd = r.dockerfile.instructions[1] as CommandInstruction;
    expect(cmd.form).toBe('exec');
    expect(cmd.json?.values).toEqual(['echo', 'a"b', 'é\n']);
  });

  it.each([
    ["single quotes", "CMD ['a']", 'cmd "[\'a\']"'],
    ['a trailing comma', 'CMD ["a",]', 'cmd "[\\"a\\",]"'],
    ['text after ]', 'CMD ["a"] extra', 'cmd "[\\"a\\"] extra"'],
    ['an unterminated string', 'CMD ["a]', 'cmd "[\\"a]"'],
    ['a Windows path with single backslashes', 'RUN ["c:\\windows"]', 'run "[\\"c:\\\\windows\\"]"'],
  ])('invalid JSON (%s) falls back to shell form silently', (_n, line, expected) => {
    const r = p(`FROM a\n${line}\n`);
    expect(dump(r)[1]).toBe(expected);
    expect((r.dockerfile.instructions[1] as CommandInstruction).form).toBe('shell');
    expect(r.errors.filter((e) => e.severity === 'error')).toEqual([]);
  });

  it('an almost-JSON shell form gets a warning that names the mistake', () => {
    const r = p("FROM a\nCMD ['serve']\n");
    expect(errors(r)).toEqual([['invalid-exec-form', "['serve']"]]);
    expect(r.errors[0]?.message).toContain('double quotes');
  });

  it('a non-string element is an error on that element', () => {
    const r = p('FROM a\nCMD ["sleep", 10, null]\n');
    expect(errors(r)).toEqual([
      ['json-non-string', '10'],
      ['json-non-string', 'null'],
    ]);
  });

  it('SHELL must be a non-empty JSON array', () => {
    expect(errors(p('FROM a\nSHELL bash -c\n'))).toEqual([['unexpected-argument', 'bash -c']]);
    expect(errors(p('FROM a\nSHELL []\n'))).toEqual([['missing-argument', '[]']]);
    expect(errors(p('FROM a\nSHELL ["pwsh", "-c"]\n'))).toEqual([]);
  });

  it.each(EOL)("a heredoc as COPY's or ADD's destination is an error, as BuildKit's parseSourcesAndDest says (%s)", (_n, eol) => {
    const r = p(eol('FROM scratch\nCOPY /foo <<EOF\nEOF\nADD --chmod=644 src <<"EOF"\nx\nEOF\nCOPY <<A <<B\na\nA\nb\nB\nCOPY ["a", "<<X"]\n'));
    expect(errors(r)).toEqual([
      ['missing-argument', '<<EOF'],
      ['missing-argument', '<<"EOF"'],
      ['missing-argument', '<<B'],
      ['missing-argument', '"<<X"'],
    ]);
    expect(r.errors[0]?.message).toBe('COPY cannot take a heredoc as its destination: Docker stops the build. A heredoc is a source, so add where it goes after it, for example `COPY /foo <<EOF /app/`.');
    // A heredoc as a source, a destination that only contains `<<`, and two words of which the last is a path: fine.
    expect(errors(p(eol('FROM scratch\nCOPY <<EOF /app/x\nhi\nEOF\nCOPY a b<<c\nCOPY a <<\n')))).toEqual([]);
  });

  it.each(EOL)('an empty array gives no argument: VOLUME, COPY, ADD and HEALTHCHECK CMD need one as in the shell form (%s)', (_n, eol) => {
    const r = p(eol('FROM a\nVOLUME [ ]\nVOLUME []\nCOPY []\nADD [ ]\nCOPY --from=b ["x"]\nHEALTHCHECK CMD []\nONBUILD VOLUME []\n'));
    expect(errors(r)).toEqual([
      ['missing-argument', '[ ]'],
      ['missing-argument', '[]'],
      ['missing-argument', '[]'],
      ['missing-argument', '[ ]'],
      ['missing-argument', '"x"'],
      ['missing-argument', '[]'],
      ['missing-argument', '[]'],
    ]);
    expect(r.errors[0]?.message).toContain('VOLUME needs at least one path');
    // RUN in the exec form: BuildKit takes the line and the build stops with no program to run.
    const run = p(eol('FROM a\nRUN []\nRUN --mount=type=cache,target=/c [ ]\nONBUILD RUN []\nCMD []\nENTRYPOINT []\n'));
    expect(errors(run)).toEqual([['missing-argument', '[]'], ['missing-argument', '[ ]'], ['missing-argument', '[]']]);
    expect(run.errors[0]?.message).toContain('("arguments are required")');
    expect(r.errors[3]?.message).toContain('ADD needs what to copy and where to');
    // What the arrays hold as BuildKit dumps it: nothing.
    expect(dump(r).slice(1, 5)).toEqual(['volume', 'volume', 'copy', 'add']);
  });

  it('a VOLUME path may not be empty or blank, in an array that has others too', () => {
    expect(errors(p('FROM a\nVOLUME ["/data", "", " "]\n'))).toEqual([
      ['missing-argument', '""'],
      ['missing-argument', '" "'],
    ]);
  });

  it('arrays with what each instruction needs, and RUN, CMD, ENTRYPOINT with none, are fine', () => {
    expect(errors(p('FROM a\nVOLUME ["/data"]\nCOPY ["a", "b"]\nADD ["a", "b", "/c/"]\nHEALTHCHECK CMD ["true"]\nCMD []\nENTRYPOINT []\n'))).toEqual([]);
  });
});

describe('flags', () => {
  it.each(EOL)('--x=v, bare --x, quoted values, only before the first argument (%s)', (_n, eol) => {
    const r = p(eol(`FROM a\nCOPY --chown='a b' --link --chmod="7"55 src --not-a-flag /dst\n`));
    expect(dump(r)[1]).toBe('copy ["--chown=a b" "--link" "--chmod=755"] "src" "--not-a-flag" "/dst"');
    const copy = r.dockerfile.instructions[1]!;
    expect(copy.flags.map((f) => [f.name, f.value])).toEqual([
      ['chown', 'a b'],
      ['link', undefined],
      ['chmod', '755'],
    ]);
    const f = copy.flags[0]!;
    expect(r.text.slice(f.nameRange.start, f.nameRange.end)).toBe('--chown');
    expect(r.text.slice(f.valueRange!.start, f.valueRange!.end)).toBe("'a b'");
  });

  it('`--` ends the flags; a quoted "--x" is not a flag', () => {
    expect(dump(p('FROM a\nCOPY -- --weird-name /dst\nCOPY "--from=x" /a /b\n')).slice(1)).toEqual(['copy "--weird-name" "/dst"', 'copy "\\"--from=x\\"" "/a" "/b"']);
  });

  it('`--from value` without = is a bare flag followed by an argument (BuildKit then rejects it)', () => {
    const r = p('FROM a\nCOPY --from build /a /b\n');
    expect(dump(r)[1]).toBe('copy ["--from"] "build" "/a" "/b"');
    expect(r.dockerfile.instructions[1]!.flags[0]!.value).toBeUndefined();
  });

  it('flags on every instruction are extracted, also where they do not belong', () => {
    expect(dump(p('FROM a\nENV --bogus A=1\nARG --x Y\n')).slice(1)).toEqual(['env ["--bogus"] "A" "1" "="', 'arg ["--x"] "Y"']);
  });
});

describe('ENV and LABEL', () => {
  it.each(EOL)('key=value pairs keep quotes and escapes as written (%s)', (_n, eol) => {
    const r = p(eol('FROM a\nENV A=1 B="two words" C=\'x y\' D=a\\ b E=\nLABEL "a b"=c\n'));
    expect(dump(r).slice(1)).toEqual([
      'env "A" "1" "=" "B" "\\"two words\\"" "=" "C" "\'x y\'" "=" "D" "a\\\\ b" "=" "E" "" "="',
      'label "\\"a b\\"" "c" "="',
    ]);
    const env = r.dockerfile.instructions[1] as KeyValueInstruction;
    expect(env.pairs.map((x) => [r.text.slice(x.keyRange.start, x.keyRange.end), r.text.slice(x.valueRange.start, x.valueRange.end)])).toEqual([
      ['A', '1'],
      ['B', '"two words"'],
      ['C', "'x y'"],
      ['D', 'a\\ b'],
      ['E', ''],
    ]);
  });

  it.each(EOL)('the legacy `ENV key value` form keeps the raw rest, spaces included (%s)', (_n, eol) => {
    const r = p(eol('FROM a\nENV A    B   C\nENV ONE TWO= THREE=world\n'));
    expect(dump(r).slice(1)).toEqual(['env "A" "B   C" ""', 'env "ONE" "TWO= THREE=world" ""']);
    expect((r.dockerfile.instructions[1] as KeyValueInstruction).pairs[0]?.legacy).toBe(true);
  });

  it('a pair spanning a continuation inside quotes', () => {
    expect(dump(p('FROM a\nENV A="x \\\n  y" B=2\n'))[1]).toBe('env "A" "\\"x   y\\"" "=" "B" "2" "="');
  });

  it('errors: a legacy key without value, a word without =, an empty name', () => {
    expect(errors(p('FROM a\nENV PATH\n'))).toEqual([['env-missing-value', 'PATH']]);
    expect(errors(p('FROM a\nENV A=1 B\n'))).toEqual([['env-missing-equals', 'B']]);
    expect(errors(p('FROM a\nLABEL =x\n'))).toEqual([['empty-name', 'x']]);
    expect(errors(p('FROM a\nENV\n'))).toEqual([['missing-argument', 'ENV']]);
  });
});

describe('ARG', () => {
  it.each(EOL)('with and without defaults, several per line, quotes kept (%s)', (_n, eol) => {
    const r = p(eol('ARG a=1 b c="d e"\nARG foo bar\nFROM x\n'));
    expect(dump(r).slice(0, 2)).toEqual(['arg "a=1" "b" "c=\\"d e\\""', 'arg "foo" "bar"']);
    const arg = r.dockerfile.instructions[0] as ArgInstruction;
    expect(arg.declarations.map((d) => [d.name, d.default])).toEqual([
      ['a', '1'],
      ['b', undefined],
      ['c', '"d e"'],
    ]);
  });

  it('an empty name is an error', () => {
    expect(errors(p('ARG =1\nFROM x\n')).map((e) => e[0])).toEqual(['empty-name']);
  });
});

describe('heredocs', () => {
  it.each(EOL)('RUN <<EOF: the body is kept exactly, line endings included (%s)', (_n, eol) => {
    const text = eol('FROM a\nRUN <<EOF\nset -e\necho "$HOME" \\\nEOF\nCMD x\n');
    const r = p(text);
    expect(dump(r)).toEqual(['from "a"', 'run "<<EOF"', 'cmd "x"']);
    const h = r.dockerfile.instructions[1]!.heredocs[0]!;
    expect([h.name, h.content, h.expand, h.chomp, h.terminated]).toEqual(['EOF', eol('set -e\necho "$HOME" \\\n'), true, false, true]);
    expect(r.text.slice(h.range.start, h.range.end)).toBe(eol('<<EOF\nset -e\necho "$HOME" \\\nEOF'));
  });

  it.each(EOL)('<<- strips tabs from the terminator; the raw body keeps them (%s)', (_n, eol) => {
    const r = p(eol('FROM a\nRUN cat <<-END\n\tindented\n\tEND\n'));
    const h = r.dockerfile.instructions[1]!.heredocs[0]!;
    expect([h.chomp, h.content, h.terminated]).toEqual([true, eol('\tindented\n'), true]);
  });

  it.each([
    ["'EOF'", 'EOF', false],
    ['"EOF"', 'EOF', false],
    ["E'O'F", 'EOF', false],
    ['E\\OF', 'EOF', true],
  ])('delimiter %s → name %s, expand %s', (delim, name, expand) => {
    const r = p(`FROM a\nCOPY <<${delim} /x\nbody $V\n${name}\n`);
    const h = r.dockerfile.instructions[1]!.heredocs[0]!;
    expect([h.name, h.expand, h.terminated]).toEqual([name, expand, true]);
  });

  it.each(EOL)('several heredocs on one line are consumed in order (%s)', (_n, eol) => {
    const r = p(eol('FROM a\nCOPY <<F1 <<F2 /dest/\none\nF1\ntwo\nF2\nRUN <<A cat && <<B cat\na\nA\nb\nB\n'));
    expect(r.dockerfile.instructions.slice(1).map((i) => i.heredocs.map((h) => [h.name, h.content]))).toEqual([
      [
        ['F1', eol('one\n')],
        ['F2', eol('two\n')],
      ],
      [
        ['A', eol('a\n')],
        ['B', eol('b\n')],
      ],
    ]);
  });

  it('`<< EOF` with a space is a heredoc; `3<<EOF` has fd 3; an empty body', () => {
    const r = p('FROM a\nRUN cat << EOF\nx\nEOF\nRUN cat 3<<EOF\nEOF\n');
    expect(r.dockerfile.instructions.slice(1).map((i) => i.heredocs.map((h) => [h.name, h.fd, h.content]))).toEqual([[['EOF', 0, 'x\n']], [['EOF', 3, '']]]);
  });

  it.each([
    ['x<<EOF (not its own word)', 'RUN x<<EOF'],
    ['"<<EOF" (quoted)', 'RUN echo "<<EOF"'],
    ["'<<EOF' (quoted)", "RUN echo '<<EOF'"],
    ['\\<<EOF (escaped)', 'RUN echo \\<<EOF'],
    ['<<<EOF (here-string)', 'RUN cat <<<EOF'],
    ['<<- EOF (space after the dash)', 'RUN cat <<- EOF'],
    ['JSON form', 'RUN ["cat", "<<EOF"]'],
    ['an unterminated quote on the line', "RUN echo don't <<EOF"],
  ])('not a heredoc: %s', (_n, line) => {
    const r = p(`FROM a\n${line}\nEOF\n`);
    expect(r.dockerfile.instructions[1]!.heredocs).toEqual([]);
    // The would-be terminator is just a line: an unknown instruction.
    expect(r.dockerfile.instructions[2]?.kind).toBe('UnknownInstruction');
  });

  it('heredocs only in RUN, COPY and ADD: in ENV the body lines become instructions, with a hint', () => {
    const r = p('FROM a\nENV X=<<EOF\nhello\nEOF\n');
    expect(r.dockerfile.instructions.map((i) => i.kind)).toEqual(['From', 'Env', 'UnknownInstruction', 'UnknownInstruction']);
    expect(r.errors[1]?.message).toContain('heredocs only work in RUN, COPY and ADD');
  });

  it.each(EOL)('an unterminated heredoc: an error at the marker, the body runs to the end (%s)', (_n, eol) => {
    const r = p(eol('FROM a\nRUN <<EOF\necho hi\nCMD ["x"]\n'));
    expect(errors(r)).toEqual([['unterminated-heredoc', '<<EOF']]);
    const h = r.dockerfile.instructions[1]!.heredocs[0]!;
    expect([h.terminated, h.content]).toEqual([false, eol('echo hi\nCMD ["x"]\n')]);
    expect(r.dockerfile.instructions).toHaveLength(2);
  });

  it('terminators match exactly: `EOF ` and `  EOF` do not end the body', () => {
    const r = p('FROM a\nRUN <<EOF\nEOF \n  EOF\nEOF\n');
    expect(r.dockerfile.instructions[1]!.heredocs[0]!.content).toBe('EOF \n  EOF\n');
  });

  it('a heredoc in an ONBUILD trigger', () => {
    const r = p('FROM a\nONBUILD RUN <<EOF\nmake\nEOF\n');
    const onbuild = r.dockerfile.instructions[1] as OnbuildInstruction;
    expect(dumpInstruction(onbuild)).toBe('onbuild (run "<<EOF")');
    expect(onbuild.trigger?.heredocs.map((h) => h.content)).toEqual(['make\n']);
  });
});

describe('ONBUILD', () => {
  it.each(EOL)('the trigger is a full nested instruction: flags, JSON, continuation (%s)', (_n, eol) => {
    const r = p(eol('FROM a\nONBUILD COPY --from=build /a /b\nONBUILD CMD ["x"]\nONBUILD \\\n  RUN make\nONBUILD\nRUN after\n'));
    expect(dump(r).slice(1)).toEqual(['onbuild (copy ["--from=build"] "/a" "/b")', 'onbuild (cmd "x")', 'onbuild (run "make")', 'onbuild', 'run "after"']);
    expect((r.dockerfile.instructions[1] as OnbuildInstruction).trigger?.onbuild).toBe(r.dockerfile.instructions[1]);
    expect(errors(r)).toEqual([['missing-argument', 'ONBUILD']]);
  });
});

describe('HEALTHCHECK', () => {
  it.each(EOL)('NONE, CMD in shell and JSON form, flags before CMD, a lower-case type (%s)', (_n, eol) => {
    const r = p(eol('FROM a\nHEALTHCHECK NONE\nHEALTHCHECK --interval=5s --retries=3 CMD curl -f http://localhost/ || exit 1\nHEALTHCHECK cmd ["curl", "x"]\n'));
    expect(dump(r).slice(1)).toEqual([
      'healthcheck "NONE"',
      'healthcheck ["--interval=5s" "--retries=3"] "CMD" "curl -f http://localhost/ || exit 1"',
      'healthcheck "cmd" "curl" "x"',
    ]);
    expect(r.dockerfile.instructions.slice(1).map((i) => (i as HealthcheckInstruction).type)).toEqual(['NONE', 'CMD', 'CMD']);
    expect(r.errors).toEqual([]);
  });

  it('errors: an unknown type (with a suggestion), NONE with arguments, CMD without a command', () => {
    const r = p('FROM a\nHEALTHCHECK CDM curl x\nHEALTHCHECK NONE curl\nHEALTHCHECK CMD\n');
    expect(errors(r)).toEqual([
      ['healthcheck-type', 'CDM'],
      ['unexpected-argument', 'curl'],
      ['missing-argument', 'CMD'],
    ]);
    expect(r.errors[0]?.message).toContain('Did you mean CMD?');
  });
});

describe('unknown instructions', () => {
  it.each(EOL)('are kept as nodes with a "did you mean" (%s)', (_n, eol) => {
    const r = p(eol('FROM a\nFORM b\nCOPPY x y\nfrobnicate\n'));
    expect(r.dockerfile.instructions.map((i) => i.kind)).toEqual(['From', 'UnknownInstruction', 'UnknownInstruction', 'UnknownInstruction']);
    expect(r.errors.map((e) => e.message)).toEqual([
      'Unknown instruction `FORM`. Did you mean FROM?',
      'Unknown instruction `COPPY`. Did you mean COPY?',
      expect.stringContaining('Unknown instruction `frobnicate`. Instructions are ADD, ARG,'),
    ]);
  });

  it.each(EOL)('dump as BuildKit does: one empty argument whatever follows, flags kept, also as an ONBUILD trigger (%s)', (_n, eol) => {
    const r = p(eol('FROM a\ny\nfoo bar baz\nfoo --bar=1 x\nENTRYPOINT["x"]\nWORKDIR=/app\nONBUILD y\nONBUILD zz a b\nRUN\nONBUILD\n'));
    expect(dump(r)).toEqual([
      'from "a"',
      'y ""',
      'foo ""',
      'foo ["--bar=1"] ""',
      'entrypoint["x"] ""',
      'workdir=/app ""',
      'onbuild (y "")',
      'onbuild (zz "")',
      'run',
      'onbuild',
    ]);
  });

  it('quote at most 40 characters of a long word, whole surrogate pairs only; the range covers all of it', () => {
    const long = 'x'.repeat(2000);
    const r = p(`FROM a\n${long}\nRUN${'["a",'.repeat(400)}\n${'y'.repeat(36)}😀😀😀\n`);
    expect(r.errors.map((e) => e.message)).toEqual([
      `Unknown instruction \`${'x'.repeat(37)}...\`. Instructions are ADD, ARG, CMD, COPY, ENTRYPOINT, ENV, EXPOSE, FROM, HEALTHCHECK, LABEL, MAINTAINER, ONBUILD, RUN, SHELL, STOPSIGNAL, USER, VOLUME and WORKDIR.`,
      `Missing space after RUN: Docker reads \`RUN${'["a",'.repeat(6)}["a"...\` as one word and does not know it as an instruction. Write \`RUN ${'["a",'.repeat(10)}["a...\`.`,
      expect.stringContaining(`Unknown instruction \`${'y'.repeat(36)}...\`.`),
    ]);
    expect(r.errors[0]!.end - r.errors[0]!.start).toBe(2000);
  });

  it('keywords are case-insensitive and keep their spelling', () => {
    const r = p('from a\nRuN x\n');
    expect(r.dockerfile.instructions.map((i) => [i.keywordText, i.name])).toEqual([
      ['from', 'FROM'],
      ['RuN', 'RUN'],
    ]);
    expect(r.errors).toEqual([]);
  });
});

describe('exec form with the wrong quotes', () => {
  /** The text after every fix the parser offers. */
  function fixAllSyntax(text: string): string {
    let out = text;
    const edits = parse(text).errors.flatMap((e) => e.fix?.edits ?? []);
    for (const edit of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    return out;
  }

  it.each([
    ['CMD [“python”, “app.py”]', 'CMD ["python", "app.py"]'],
    ['ENTRYPOINT [‘python’, ‘-m’, ‘app’]', 'ENTRYPOINT ["python", "-m", "app"]'],
    ['RUN [“apt-get”, “update”]', 'RUN ["apt-get", "update"]'],
    ['HEALTHCHECK --interval=5s CMD [“curl”, “-f”, “http://x/”]', 'HEALTHCHECK --interval=5s CMD ["curl", "-f", "http://x/"]'],
    ['ONBUILD CMD [„serve“]', 'ONBUILD CMD ["serve"]'],
    ['CMD [«python», «app.py»]', 'CMD ["python", "app.py"]'],
    ['ENTRYPOINT [‹serve›]', 'ENTRYPOINT ["serve"]'],
    ['CMD [「node」, 「index.js」]', 'CMD ["node", "index.js"]'],
    ['COPY --chown=app [“a b”, “/app/”]', 'COPY --chown=app ["a b", "/app/"]'],
    ['ADD [“a.tar”, “/opt/”]', 'ADD ["a.tar", "/opt/"]'],
    ['VOLUME [“/data”]', 'VOLUME ["/data"]'],
    ['CMD [“python”, "app.py"]', 'CMD ["python", "app.py"]'],
    ['CMD [＂serve＂]', 'CMD ["serve"]'],
    ['CMD [“echo”, “it’s fine”]', 'CMD ["echo", "it’s fine"]'],
    ["CMD ['serve', '--port', '80']", 'CMD ["serve", "--port", "80"]'],
  ])('%s: a warning that names the quotes, and a fix to straight double quotes', (line, want) => {
    const r = p(`FROM a\n${line}\n`);
    expect(r.errors.map((e) => [e.code, e.severity])).toEqual([['invalid-exec-form', 'warning']]);
    const e = r.errors[0] as (typeof r.errors)[number];
    if (!line.includes("'")) expect(e.message).toMatch(/^Typographic quotes \(`.`( `.`)?\) where the exec form needs straight double quotes/);
    expect(e.message).toContain(`Write \`${want.replace(/^ONBUILD /, '')}\`.`);
    expect(e.fix?.applicability).toBe('safe');
    const fixed = fixAllSyntax(r.text);
    expect(fixed).toBe(`FROM a\n${want}\n`);
    const after = p(fixed);
    expect(after.errors).toEqual([]);
    const instr = after.dockerfile.instructions[1];
    const target = instr?.kind === 'Onbuild' ? (instr as OnbuildInstruction).trigger : instr;
    expect(target?.node.nodes().some((n) => n.kind === 'JsonArray')).toBe(true);
  });

  it('SHELL: an error (Docker rejects it) that names the quotes, with the same fix', () => {
    const r = p('FROM a\nSHELL [“/bin/bash”, “-o”, “pipefail”, “-c”]\n');
    expect(errors(r)).toEqual([['unexpected-argument', '[“/bin/bash”, “-o”, “pipefail”, “-c”]']]);
    expect(r.errors[0]?.message).toBe('Typographic quotes (`“` `”`) where SHELL\'s JSON array needs straight double quotes (`"`). Write `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`.');
    expect(fixAllSyntax(r.text)).toBe('FROM a\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n');
  });

  it.each(EOL)('across a continuation, only the quote characters change (%s)', (_n, eol) => {
    const text = eol('FROM a\nCMD [“python”, \\\n  # the app\n  “app.py”]\n');
    const r = p(text);
    expect(r.errors.map((e) => e.code)).toEqual(['invalid-exec-form']);
    expect(r.errors[0]?.fix?.edits.map((e) => text.slice(e.start, e.end))).toEqual(['“', '”', '“', '”']);
    expect(fixAllSyntax(text)).toBe(eol('FROM a\nCMD ["python", \\\n  # the app\n  "app.py"]\n'));
  });

  it('no fix when straight quotes still make no JSON array of strings; the message still names the quotes', () => {
    for (const line of ['CMD [“a”, “b”,]', 'CMD [“a”, “b”]]', 'CMD [“a”, 1, “b”]', 'CMD [“say "hi"”]']) {
      const r = p(`FROM a\n${line}\n`);
      expect(r.errors.map((e) => e.code), line).toEqual(['invalid-exec-form']);
      expect(r.errors[0]?.fix, line).toBeUndefined();
    }
    expect(p('FROM a\nCMD [“a”, “b”,]\n').errors[0]?.message).toMatch(/^Typographic quotes \(`“` `”`\)/);
  });

  it('the shell’s test command in RUN is no broken array', () => {
    expect(p('FROM a\nRUN [ "$a" = "b" ]\nRUN [ -f “x” ]\n').errors).toEqual([]);
  });
});

describe('a keyword glued to its arguments', () => {
  /** The text after the fix of the one glued-keyword finding; undefined when it has no fix. */
  function fixed(text: string): string | undefined {
    const e = parse(text).errors.find((x) => x.code === 'missing-space-after-keyword');
    expect(e, text).toBeDefined();
    if (!e?.fix) return undefined;
    expect(e.fix.applicability).toBe('safe');
    let out = text;
    for (const edit of [...e.fix.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    return out;
  }

  it('covers the whole glued word, quotes the whole corrected line, and inserts the space', () => {
    const r = p('FROM a\nCMD["flask", "run"]\n');
    expect(errors(r)).toEqual([['missing-space-after-keyword', 'CMD["flask",']]);
    expect(r.errors[0]?.message).toBe('Missing space after CMD: Docker reads `CMD["flask",` as one word and does not know it as an instruction. Write `CMD ["flask", "run"]`.');
    expect(r.errors[0]?.fix).toEqual({ title: 'Insert a space after CMD', applicability: 'safe', edits: [{ start: 10, end: 10, text: ' ' }] });
    expect(fixed(r.text)).toBe('FROM a\nCMD ["flask", "run"]\n');
  });

  it('a long line is quoted up to a word end, a very long word up to 57 characters but never half a surrogate pair', () => {
    const words = p(`FROM a\nRUN"echo" ${'word '.repeat(30)}\n`).errors[0]?.message;
    expect(words).toContain(`Write \`RUN "echo" ${'word '.repeat(9).trim()}...\`.`);
    const emoji = p(`FROM a\nRUN[${'x'.repeat(51)}😀😀😀\n`).errors[0]?.message;
    expect(emoji).toContain(`Write \`RUN [${'x'.repeat(51)}...\`.`);
  });

  it.each(['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR'])(
    '%s: every glued character, any case; the fix never leaves more errors, and the line is then that instruction',
    (keyword) => {
      const tails = ['["a", "b"]', '"a b"', "'a b'", '$X /y', '--from=x a /b', '-x', '/app /b', '. /app', '{a}', '(cd x)', '<<EOF\nx\nEOF', ':1', ': a b', '=1', '=a b', ':\\\n  a b'];
      for (const written of [keyword, keyword.toLowerCase()]) {
        for (const tail of tails) {
          const text = `FROM a\n${written}${tail}\n`;
          const after = fixed(text);
          if (after === undefined) continue;
          const errs = (t: string): number => parse(t).errors.filter((e) => e.severity === 'error').length;
          expect(errs(after), after).toBeLessThanOrEqual(errs(text));
          const instr = parse(after).dockerfile.instructions[1];
          expect(instr?.name, after).toBe(keyword);
          expect(instr?.keywordText, after).toBe(written);
        }
      }
    },
  );

  it.each([
    ['ADD["a b", "/b/"]', 'ADD ["a b", "/b/"]'],
    ['add--chown=1 a /b/', 'add --chown=1 a /b/'],
    ['COPY<<EOF /x\nhi\nEOF', 'COPY <<EOF /x\nhi\nEOF'],
    ['COPY. /app/', 'COPY . /app/'],
    ['CMD"server"', 'CMD "server"'],
    ["ENTRYPOINT'./run'", "ENTRYPOINT './run'"],
    ['RUN(cd /x && make)', 'RUN (cd /x && make)'],
    ['RUN{ make; }', 'RUN { make; }'],
    ['RUN/bin/true', 'RUN /bin/true'],
    ['RUN--mount=type=cache,target=/c make', 'RUN --mount=type=cache,target=/c make'],
    ['SHELL["/bin/bash", "-c"]', 'SHELL ["/bin/bash", "-c"]'],
    ['VOLUME["/data"]', 'VOLUME ["/data"]'],
    ['WORKDIR/app', 'WORKDIR /app'],
    ['WORKDIR$HOME', 'WORKDIR $HOME'],
    ['USER$UID', 'USER $UID'],
    ['EXPOSE$PORT', 'EXPOSE $PORT'],
    ['STOPSIGNAL$SIG', 'STOPSIGNAL $SIG'],
    ['HEALTHCHECK--interval=5s CMD true', 'HEALTHCHECK --interval=5s CMD true'],
    ['LABEL"a"="b"', 'LABEL "a"="b"'],
    ['ENV:A=1', 'ENV A=1'],
    ['ARG: A=1', 'ARG A=1'],
    ['FROM--platform=linux/amd64 b', 'FROM --platform=linux/amd64 b'],
    ['FROM$BASE', 'FROM $BASE'],
    ['ONBUILD=COPY . /app/', 'ONBUILD COPY . /app/'],
  ])('%s → %s, which parses clean', (line, want) => {
    const after = fixed(`FROM a\n${line}\n`);
    expect(after).toBe(`FROM a\n${want}\n`);
    expect(parse(after as string).errors).toEqual([]);
  });

  it('a setting-like separator is replaced, a continuation after it kept; ENV, ARG, LABEL with `=` lack a name: no fix', () => {
    expect(fixed('FROM a\nWORKDIR=/app\n')).toBe('FROM a\nWORKDIR /app\n');
    expect(fixed('FROM a\nRUN: make\n')).toBe('FROM a\nRUN make\n');
    expect(fixed('FROM a\nRUN:\\\n  make\n')).toBe('FROM a\nRUN \\\n  make\n');
    expect(p('FROM a\nWORKDIR=/app\n').errors[0]?.message).toBe(
      'Docker reads `WORKDIR=/app` as one word and does not know it as an instruction: a space separates WORKDIR from its arguments, not `=`. Write `WORKDIR /app`.',
    );
    expect(fixed('FROM a\nENV=production\n')).toBeUndefined();
    expect(p('FROM a\nENV=production\n').errors[0]?.message).toContain('Write `ENV name=production`.');
  });

  it('ONBUILD: fixed when an instruction follows, otherwise the message says what ONBUILD takes', () => {
    expect(fixed('FROM a\nONBUILD:RUN make\n')).toBe('FROM a\nONBUILD RUN make\n');
    expect(fixed('FROM a\nONBUILD RUN"make"\n')).toBe('FROM a\nONBUILD RUN "make"\n');
    expect(fixed('FROM a\nONBUILD["make"]\n')).toBeUndefined();
    expect(p('FROM a\nONBUILD["make"]\n').errors[0]?.message).toContain('ONBUILD is followed by a space and the instruction');
  });

  it("HEALTHCHECK's CMD glued to its command (with flags, any case, split by a continuation) gets the same message and fix", () => {
    for (const [text, after] of [
      ['FROM a\nHEALTHCHECK CMD["curl", "-f", "http://x/"]\n', 'FROM a\nHEALTHCHECK CMD ["curl", "-f", "http://x/"]\n'],
      ['FROM a\nHEALTHCHECK --interval=5s CMD["curl"]\n', 'FROM a\nHEALTHCHECK --interval=5s CMD ["curl"]\n'],
      ['FROM a\nhealthcheck cmd"curl -f x"\n', 'FROM a\nhealthcheck cmd "curl -f x"\n'],
      ['FROM a\r\nHEALTHCHECK \\\r\n  CMD$PROBE\r\n', 'FROM a\r\nHEALTHCHECK \\\r\n  CMD $PROBE\r\n'],
    ] as const) {
      const e = parse(text).errors.find((x) => x.code === 'healthcheck-type');
      expect(e?.message, text).toMatch(/^Missing space after CMD: Docker reads `.+` as the health check's type, which must be CMD or NONE\. Write `.+`\.$/);
      expect(e?.fix?.applicability).toBe('safe');
      const out = [...(e?.fix?.edits ?? [])].reduce<string>((t, x) => t.slice(0, x.start) + x.text + t.slice(x.end), text);
      expect(out).toBe(after);
      expect(parse(out).errors).toEqual([]);
    }
    // Not a glued CMD: no fix, the usual suggestion.
    for (const text of ['FROM a\nHEALTHCHECK CMDX\n', 'FROM a\nHEALTHCHECK NONE[]\n']) {
      const e = parse(text).errors.find((x) => x.code === 'healthcheck-type');
      expect(e?.fix, text).toBeUndefined();
      expect(e?.message).toContain('Did you mean');
    }
  });

  it('a heredoc glued to RUN: after the fix its body is a heredoc again', () => {
    const text = 'FROM a\nRUN<<EOF\necho hi\nEOF\n';
    expect(p(text).errors.map((e) => e.code)).toEqual(['missing-space-after-keyword', 'unknown-instruction', 'unknown-instruction']);
    expect(fixed(text)).toBe('FROM a\nRUN <<EOF\necho hi\nEOF\n');
    expect(p(fixed(text) as string).errors).toEqual([]);
  });

  it.each(EOL)('continuations inside the word, the escape directive, a BOM, tabs and non-ASCII (%s)', (_n, eol) => {
    const split = eol('FROM a\nENTRY\\\n# note\nPOINT["é"]\n');
    const r = p(split);
    expect(errors(r)).toEqual([['missing-space-after-keyword', eol('ENTRY\\\n# note\nPOINT["é"]')]]);
    expect(r.errors[0]?.message).toContain('Write `ENTRYPOINT ["é"]`.');
    expect(fixed(split)).toBe(eol('FROM a\nENTRY\\\n# note\nPOINT ["é"]\n'));
    const glueAfterBreak = eol('FROM a\nCOPY\\\n--from=a /x /y\n');
    expect(fixed(glueAfterBreak)).toBe(eol('FROM a\nCOPY\\\n --from=a /x /y\n'));
    expect(p(fixed(glueAfterBreak) as string).errors).toEqual([]);
    const backtick = eol('\ufeff# escape=`\nFROM a\n\tRUN"dir C:\\"`\n  && echo ok\n');
    expect(fixed(backtick)).toBe(eol('\ufeff# escape=`\nFROM a\n\tRUN "dir C:\\"`\n  && echo ok\n'));
    expect(p(fixed(backtick) as string).errors).toEqual([]);
  });
});

describe('FROM', () => {
  it('image, AS (any case), stage name, platform', () => {
    const r = p('FROM --platform=$BUILDPLATFORM golang:1.23 as Build\n');
    const from = r.dockerfile.instructions[0] as FromInstruction;
    expect([from.image?.value, from.asKeyword?.text(), from.stageName?.value, from.platform?.value]).toEqual(['golang:1.23', 'as', 'Build', '$BUILDPLATFORM']);
  });

  it.each([
    ['FROM', 'missing-argument', 'FROM'],
    ['FROM a AS', 'missing-argument', 'AS'],
    ['FROM a b', 'unexpected-argument', 'b'],
    ['FROM a b c', 'unexpected-argument', 'b'],
    ['FROM a AS b c', 'unexpected-argument', 'c'],
    ['FROM a AS 1st', 'invalid-stage-name', '1st'],
    ['FROM a AS my$stage', 'invalid-stage-name', 'my$stage'],
  ])('%s → %s at %s', (line, code, at) => {
    expect(errors(p(`${line}\n`))).toEqual([[code, at]]);
  });

  it('a template pasted from the documentation gets one clear message', () => {
    const r = p('FROM [--platform=<platform>] <image> [AS <name>]\n');
    expect(errors(r)).toEqual([['placeholder-syntax', '[--platform=<platform>]']]);
    expect(r.errors[0]?.message).toContain('A real FROM line looks like `FROM --platform=linux/amd64 node:22-alpine AS build`');
  });
});

describe('other instructions', () => {
  it('COPY/ADD/VOLUME split on whitespace without honouring quotes; USER/WORKDIR keep the whole rest', () => {
    const r = p('FROM a\nCOPY "a b" /x\nADD ["a b", "/y"]\nVOLUME /v1 /v2\nUSER app  group\nWORKDIR /my dir\nEXPOSE 80 443/tcp\nSTOPSIGNAL SIGTERM\n');
    expect(dump(r).slice(1)).toEqual([
      'copy "\\"a" "b\\"" "/x"',
      'add "a b" "/y"',
      'volume "/v1" "/v2"',
      'user "app  group"',
      'workdir "/my dir"',
      'expose "80" "443/tcp"',
      'stopsignal "SIGTERM"',
    ]);
  });

  it('COPY needs a destination', () => {
    expect(errors(p('FROM a\nCOPY src\n'))).toEqual([['missing-argument', 'src']]);
    expect(errors(p('FROM a\nCOPY\n'))).toEqual([['missing-argument', 'COPY']]);
  });
});

describe('lines over 64 KiB', () => {
  it('a line over 65,535 bytes is an error on that line; a line of exactly 65,535 is fine', () => {
    const ok = p(`FROM a\nRUN echo ${'x'.repeat(65535 - 9)}\n`);
    expect(ok.errors).toEqual([]);
    const long = `RUN echo ${'é'.repeat(40000)}`; // 80,009 bytes in UTF-8, 40,009 characters
    const r = p(`FROM a\n${long}\nCMD x\n`);
    expect(errors(r)).toEqual([['line-too-long', long]]);
    expect(r.errors[0]?.message).toContain('80,009 bytes');
    expect(dump(r)[2]).toBe('cmd "x"');
  });
});

describe('no instructions', () => {
  it.each([
    ['an empty file', ''],
    ['only comments', '# nothing\n\n# here\n'],
    ['only directives', '# syntax=docker/dockerfile:1\n'],
  ])('%s is an error', (_n, text) => {
    expect(p(text).errors.map((e) => e.code)).toEqual(['no-instructions']);
  });
});

describe('recovery stays inside one instruction', () => {
  it.each(EOL)('broken lines keep their text and every later instruction parses normally (%s)', (_n, eol) => {
    const text = eol('FROM\nENTRYPOINT["x"]\nSHELL bash -c\nCOPY onlyone\nENV A=1 B\nRUN make \\\n  && make install\nCMD ["a", 1]\nFROM b AS c d\nLABEL x=y\n');
    const r = p(text);
    expect(r.dockerfile.instructions.map((i) => i.kind)).toEqual(['From', 'UnknownInstruction', 'Shell', 'Copy', 'Env', 'Run', 'Cmd', 'From', 'Label']);
    // BuildKit stops at `CMD ["a", 1]`; berth keeps the string elements and reports the number.
    expect(dump(r).slice(5)).toEqual(['run "make   && make install"', 'cmd "a"', 'from "b" "AS" "c" "d"', 'label "x" "y" "="']);
    // Every error points at the line it is about, not beyond it.
    for (const e of r.errors) {
      const line = r.lines.positionAt(e.start).line;
      expect(r.lines.positionAt(e.end).line).toBe(line);
    }
    expect(r.errors.map((e) => r.lines.positionAt(e.start).line)).toEqual([0, 1, 2, 3, 4, 7, 8]);
  });
});
