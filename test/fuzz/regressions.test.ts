/**
 * What the fuzz found, each as the class of bug it stands for (several shapes per class, LF, CRLF and BOM), so a
 * fix of the one counterexample does not pass for a fix of the class.
 */
import { describe, expect, it } from 'vitest';
import { analyze, parse, runScript, shellAt } from '../../grammar/index.js';
import type { Diagnostic } from '../../rules/engine/lint.js';
import { codeActions } from '../../server/features/code-actions.js';
import { completions } from '../../server/features/completion.js';
import { selectionRanges } from '../../server/features/selection.js';
import { df } from '../helpers/fixture.js';
import { checkFixAll, checkLint, docOf, relint } from './checks.js';
import { EditTracker, editProblem } from './edits.js';
import { decode as fuzzDecode } from './bytes.js';
import { decode as decodeFile } from '../../cli/encoding.js';

const variants = (text: string): Array<[string, string]> => [
  ['LF', text],
  ['CRLF', text.replace(/\n/g, '\r\n')],
  ['BOM', `\ufeff${text}`],
];

describe('a RUN script the shell reads only by guessing what is missing has errors', () => {
  // tree-sitter-bash recovers from these with a zero-width MISSING node (no ERROR node): a closing quote,
  // parenthesis or backtick, or the command after `&&` or `|`, is missing.
  const broken = ['x --f="a', 'x y="a b', 'x a"b', "x a'b", 'a && b $(c', 'echo `a', 'a &&', 'a &&# comment', 'a |', 'a && b "c'];
  it.each(broken)('%s', (script) => {
    const parsed = parse(`FROM debian\nRUN ${script}\n`);
    const run = parsed.dockerfile.instructions[1];
    if (!run) throw new Error('no RUN');
    const model = analyze(parsed);
    const s = runScript(run, shellAt(model, model.stages[0], run.range.start));
    expect(s.analysed).toBe(true);
    expect(s.hasErrors).toBe(true);
  });
  it.each(['a && b', 'x --f="a b"', 'echo $(a) `b`', 'a | b', 'a # comment'])('but %s has none', (script) => {
    const parsed = parse(`FROM debian\nRUN ${script}\n`);
    const run = parsed.dockerfile.instructions[1];
    if (!run) throw new Error('no RUN');
    const model = analyze(parsed);
    expect(runScript(run, shellAt(model, model.stages[0], run.range.start)).hasErrors).toBe(false);
  });
});

describe('a fix that edits a RUN script is not offered where the shell reads it only by guessing, so fix-all converges', () => {
  // Appended after an unterminated quote or a comment, `&& rm -rf …` becomes part of the quote or the comment: the
  // finding stays, and each pass of fix-all appended it again (ten times).
  const tails = ['&&# apt-get install curl', '"unterminated', 'x="a b', '$(date', '`date', '|'];
  const managers = [
    ['apt-lists-not-removed', 'apt-get update && apt-get install -y --no-install-recommends curl=8.5.0-2'],
    ['dnf-cache-not-cleaned', 'dnf install -y httpd-2.4.62'],
    ['yum-cache-not-cleaned', 'yum install -y httpd-2.4.6'],
    ['zypper-cache-not-cleaned', 'zypper install -y curl=8.6.0'],
    ['yarn-cache-not-cleaned', 'npm install -g yarn && yarn install'],
    ['pip-cache-dir', 'pip install requests==2.32.3'],
    ['wget-progress-bar', 'wget https://example.com/a.tgz'],
    ['useradd-large-uid', 'useradd -u 123456789 app'],
  ] as const;
  for (const [rule, command] of managers) {
    for (const tail of tails) {
      for (const [name, text] of variants(`FROM debian:bookworm\nRUN ${command} ${tail}\n`)) {
        it(`${rule}: ${command} ${tail} (${name})`, () => {
          const found = checkLint(text).filter((d) => d.rule === rule);
          expect(found.every((d) => d.fix === undefined)).toBe(true);
          checkFixAll(text);
        });
      }
    }
    it(`${rule} still offers its fix on a well-formed line`, () => {
      const found = relint(`FROM debian:bookworm\nRUN ${command}\n`).filter((d) => d.rule === rule);
      expect(found.length).toBe(1);
      expect(found[0]?.fix).toBeDefined();
    });
  }
});

describe('a heredoc marker is never taken for a path, and no fix edits it', () => {
  // `COPY a b <<EOF`: the last word is a heredoc, not the destination folder; `<<EOF/` renamed the heredoc and left
  // it unterminated. The same for `COPY a << x.txt`, where the marker is read across the blank, and for sources.
  const files = [
    'FROM alpine\nCOPY a b <<EOF\nhi\nEOF\n',
    'FROM alpine\nCOPY << A <<EOF\nx\nA\nEOF\n',
    'FROM alpine\nADD a b <<-"EOT"\n\thi\n\tEOT\n',
    'FROM alpine\nCOPY --chown=1:1 a "b" <<\'END\'\nEND\n',
    'FROM alpine\nCOPY a << x.txt\nhi\nx.txt\n',
    'FROM alpine\nCOPY << build /srv/\nhi\nbuild\n',
    'FROM alpine\nADD << build.tar.gz /srv/\nhi\nbuild.tar.gz\n',
  ];
  // Rules that read COPY/ADD words as paths (add-instead-of-copy points at a heredoc source on purpose: ADD adds
  // nothing to COPY for it).
  const PATH_RULES = ['copy-dest-not-directory', 'copy-relative-destination', 'copy-ignored-file', 'copy-archive-then-extract', 'invalid-flag-value'];
  for (const file of files) {
    for (const [name, text] of variants(file)) {
      it(`${JSON.stringify(file)} (${name})`, () => {
        const markers = parse(text).dockerfile.instructions.flatMap((i) => i.heredocs.map((h) => h.marker));
        const outside = (r: { start: number; end: number }): boolean => markers.every((m) => r.end <= m.start || r.start >= m.end);
        for (const d of checkLint(text)) {
          for (const e of d.fix?.edits ?? []) expect(outside(e), `${d.rule} edits a heredoc marker`).toBe(true);
          if (PATH_RULES.includes(d.rule)) expect(outside(d), `${d.rule} reports a heredoc marker`).toBe(true);
        }
        checkFixAll(text);
        // A heredoc as the last word is the destination to BuildKit, which refuses it (parseSourcesAndDest).
        const destinationIsHeredoc = /<<\S+\n/.test(file.split('\n')[1] + '\n');
        expect(parse(text).errors.map((e) => e.code)).toEqual(destinationIsHeredoc ? ['missing-argument'] : []);
      });
    }
  }
});

describe('the legacy ENV/LABEL rewrite splits words as BuildKit does', () => {
  // BuildKit ends the legacy key at an ASCII blank but splits `key=value` words at any Unicode space (Go's
  // unicode.IsSpace, NEL included): `LABEL a\u00a0 v` rewritten as `a\u00a0=v` became the two words `a` and `=v`.
  const blanks = ['\u00a0', '\u3000', '\u2028', '\u0085', '\u1680', '\u2009', '\u202f'];
  for (const b of blanks) {
    const code = `U+${b.charCodeAt(0).toString(16).padStart(4, '0')}`;
    for (const [name, text] of variants(`FROM alpine\nLABEL key${b} value\nENV a b${b}c\n`)) {
      it(`${code} in a key and in a value (${name})`, () => {
        const fixed = checkFixAll(text);
        const pairs = parse(fixed).dockerfile.instructions.flatMap((i) => ('pairs' in i ? (i.pairs as Array<{ key: string; value: string }>) : []));
        // The value with the blank stays one value; the key with the blank is left as it was (no fix for it).
        expect(pairs.map((p) => [p.key, p.value])).toEqual([
          [`key${b}`, 'value'],
          ['a', `"b${b}c"`],
        ]);
      });
    }
  }
});

/** Applies each "Disable …" quick fix offered for the whole text alone and checks that its finding went away. */
function checkDisableActions(text: string): number {
  const doc = docOf(text);
  const actions = codeActions(doc, 0, text.length).filter((a) => a.title.startsWith('Disable '));
  for (const a of actions) {
    const problem = editProblem(text, a.edits);
    if (problem) throw new Error(`${a.title}: ${problem}`);
    const t = new EditTracker(text);
    t.apply(a.edits);
    const d = a.diagnostics[0] as Diagnostic;
    const count = (ds: readonly Diagnostic[]): number => ds.filter((x) => x.rule === d.rule).length;
    expect(count(relint(t.text)), `${a.title} in ${JSON.stringify(t.text)}`).toBeLessThan(count(doc.diagnostics));
    if (text.startsWith('\ufeff')) expect(t.text.startsWith('\ufeff')).toBe(true);
  }
  return actions.length;
}

describe('the disable-this-rule quick fixes put their comment where it works', () => {
  const files: Array<[string, string]> = [
    // A finding outside every instruction (an empty continuation line after a line holding only `\`, a directive
    // below the top): only the file-level comment can cover it.
    ['a line holding only a continuation', 'FROM alpine\n\\\n\nRUN true\n'],
    ['a misplaced directive', 'FROM alpine\n# escape=`\nRUN true\n'],
    // The file-level comment goes below the parser directives, so that they stay directives.
    ['parser directives', '# syntax=docker/dockerfile:1\n# check=error=true\nFROM alpine AS Build\n'],
    // Findings inside instructions, on their first line and on continuation lines.
    ['instructions', 'from alpine:latest AS Build\nRUN apt-get update \\\n    && apt-get install curl\nMAINTAINER me\n'],
    ['a lone carriage return in a heredoc', 'RUN <<EOF\nFROM alpine:3.20\rFROM alpine:3.20'],
  ];
  for (const [what, file] of files) {
    for (const [name, text] of variants(file)) {
      it(`${what} (${name})`, () => {
        expect(checkDisableActions(text)).toBeGreaterThan(0);
      });
    }
  }

  it('offers only the file-level comment for a finding outside every instruction', () => {
    const text = 'FROM alpine\n\\\n\nRUN true\n';
    const titles = codeActions(docOf(text), 0, text.length).map((a) => a.title).filter((t) => t.includes('empty-continuation-line'));
    expect(titles.filter((t) => t.startsWith('Disable'))).toEqual(['Disable empty-continuation-line for this file']);
  });

  it('puts the instruction-level comment above the instruction, indented like it, never in front of the BOM', () => {
    const text = df`
      FROM alpine
        RUN apt-get update \
          && apt-get install -y curl
    `;
    const action = codeActions(docOf(`\ufeff${text}`), 0, text.length + 1).find((a) => a.title === 'Disable apt-get-install-recommends for this instruction');
    if (!action) {
      // The finding exists only if the rule is on: say which finding we expected instead of passing silently.
      const rules = relint(`\ufeff${text}`).map((d) => d.rule);
      throw new Error(`no instruction-level disable among ${JSON.stringify(rules)}`);
    }
    const t = new EditTracker(`\ufeff${text}`);
    t.apply(action.edits);
    expect(t.text).toBe(`\ufeffFROM alpine\n  # berth-ignore apt-get-install-recommends: <reason>\n  RUN apt-get update \\\n    && apt-get install -y curl\n`);
  });
});

describe('every selection range holds the cursor', () => {
  // A stage's range ends before the line break after its last instruction: for a cursor on the empty last line
  // (or in a line break) it was offered anyway, and an empty file got no range at all; editors reject both (VS Code:
  // "INVALID selection range, must contain the initial position").
  const files = ['FROM alpine:3.20\nRUN true\n', 'FROM alpine:3.20 AS a\n\n\nFROM a\n  \n', 'FROM a\nRUN <<EOF\nx\nEOF\n', '# only a comment\n', '', '\n'];
  for (const file of files) {
    for (const [name, text] of variants(file)) {
      it(`${JSON.stringify(file)} (${name}), at every offset`, () => {
        const doc = docOf(text);
        for (let o = 0; o <= text.length; o++) {
          const ranges = selectionRanges(doc, o);
          expect(ranges.length, `at ${o}`).toBeGreaterThan(0);
          for (const r of ranges) expect(r.start <= o && o <= r.end, `${r.start}..${r.end} at ${o}`).toBe(true);
        }
      });
    }
  }
});

describe('a misspelt variable is fixed only with a name a reference can hold', () => {
  // BuildKit suggests the nearest declared name, and an ARG may be named `MOD\E` or `MO-DE`: written as `$MOD\E`,
  // the reference reads `$MOD` and text, so the finding stayed and each pass of fix-all added another `\E`.
  const names = ['MOD\\E', 'MO-DE', 'MO.DE', 'MODE😀', 'MO:DE'];
  for (const declared of names) {
    const files = [
      `FROM alpine:3.20\nARG ${declared}=8755\nCOPY --chmod=$MODE entrypoint.sh /usr/local/bin/\n`,
      `ARG ${declared}=3.20\nFROM alpine:\${MODE}\n`,
    ];
    for (const file of files) {
      for (const [name, text] of variants(file)) {
        it(`${JSON.stringify(file)} (${name})`, () => {
          const typos = checkLint(text).filter((d) => d.rule === 'undefined-var' || d.rule === 'undefined-arg-in-from');
          expect(typos.length).toBeGreaterThan(0);
          expect(typos.every((d) => d.fix === undefined)).toBe(true);
          checkFixAll(text);
        });
      }
    }
  }
  it.each(['MODÉ', 'MODE_', 'M0DE', 'MODEL'])('a name such as %s is still offered, and the fix resolves the reference', (declared) => {
    const text = `FROM alpine:3.20\nARG ${declared}=8755\nCOPY --chmod=$MODE entrypoint.sh /usr/local/bin/\n`;
    const typo = relint(text).find((d) => d.rule === 'undefined-var');
    expect(typo?.fix).toBeDefined();
    const fixed = checkFixAll(text);
    expect(relint(fixed).filter((d) => d.rule === 'undefined-var')).toEqual([]);
  });
});

describe('a misspelt stage is fixed, and completed, only with a name a reference can reach', () => {
  // `FROM golang AS \build` is an invalid stage name, and `--from=\build` reads `build`: offering the stage `\build`
  // wrote `\build` back, the finding stayed, and fix-all never settled. Completion offered the same unreachable name.
  const names = ['\\build', '9build', 'bu$ild', 'bu:ild', 'build😀', '-build'];
  for (const declared of names) {
    const files = [
      `FROM golang:1.23 AS ${declared}\nFROM alpine:3.20\nCOPY --from=\\build /out/app /usr/local/bin/app\n`,
      `FROM golang:1.23 AS ${declared}\nFROM alpine:3.20\nCOPY --from=biuld /out/app /usr/local/bin/app\n`,
      `FROM node:22 AS ${declared}\nFROM node:22\nRUN --mount=from=buil,source=/x,target=/x true\n`,
    ];
    for (const file of files) {
      for (const [name, text] of variants(file)) {
        it(`${JSON.stringify(file)} (${name})`, () => {
          const typos = checkLint(text).filter((d) => d.rule === 'copy-from-unknown-stage' && d.fix !== undefined);
          expect(typos).toEqual([]);
          checkFixAll(text);
        });
      }
    }
    it(`completion after --from= leaves out the stage ${declared}`, () => {
      const text = `FROM golang:1.23 AS ${declared}\nFROM golang:1.23 AS ok\nFROM alpine:3.20\nCOPY --from=`;
      const labels = completions(docOf(text), text.length).map((c) => c.label);
      expect(labels).toContain('ok');
      expect(labels).not.toContain(declared);
    });
    it(`completion after FROM leaves out the stage ${declared}`, () => {
      const text = `FROM golang:1.23 AS ${declared}\nFROM golang:1.23 AS ok\nFROM `;
      const labels = completions(docOf(text), text.length).map((c) => c.label);
      expect(labels).toContain('ok');
      expect(labels).not.toContain(declared);
    });
  }
  it.each(['build', 'Build', 'b-u_ild'])('a valid name such as %s is still offered, and the fix resolves the reference', (declared) => {
    const text = `FROM golang:1.23 AS ${declared}\nFROM alpine:3.20\nCOPY --from=${declared}x /out/app /usr/local/bin/app\n`;
    expect(relint(text).find((d) => d.rule === 'copy-from-unknown-stage')?.fix).toBeDefined();
    const fixed = checkFixAll(text);
    expect(relint(fixed).filter((d) => d.rule === 'copy-from-unknown-stage')).toEqual([]);
  });
});

describe('UTF-16 with surrogates that do not pair', () => {
  // The fuzz suite's own byte map kept a lone surrogate as it was, where TextDecoder (and berth) read U+FFFD, and
  // stopped a run with "disagrees with TextDecoder" on a file berth handled rightly.
  const units = (le: boolean, ...us: number[]): Uint8Array => {
    const b = new Uint8Array(2 + us.length * 2);
    b.set(le ? [0xff, 0xfe] : [0xfe, 0xff]);
    us.forEach((u, i) => b.set(le ? [u & 0xff, u >> 8] : [u >> 8, u & 0xff], 2 + i * 2));
    return b;
  };
  const F = 0x46;
  const cases: Array<[string, number[]]> = [
    ['a lone low surrogate', [F, 0xdc00, F]],
    ['a lone high surrogate', [F, 0xd800, F]],
    ['a high surrogate at the end', [F, 0xdbff]],
    ['a pair', [F, 0xd83d, 0xde00, F]],
    ['two highs, then a low', [0xd800, 0xd801, 0xdc01]],
  ];
  for (const le of [true, false]) {
    for (const [what, us] of cases) {
      it(`${what} (${le ? 'LE' : 'BE'}): the test map and berth both read what TextDecoder reads`, () => {
        const bytes = units(le, ...us);
        const expected = new TextDecoder(le ? 'utf-16le' : 'utf-16be', { ignoreBOM: true }).decode(bytes);
        expect(fuzzDecode(bytes).text).toBe(expected);
        const berth = decodeFile(bytes);
        if ('unsupported' in berth) throw new Error(berth.unsupported);
        expect(berth.text).toBe(expected);
      });
    }
  }
});
