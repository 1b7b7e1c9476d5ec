/**
 * The formatter on Dockerfile-shaped random text (LF or CRLF, with or without a byte order mark, every escape
 * character, pieces that each rule touches): document formatting, every line range and on-type at every line
 * never throw; edits are in bounds, sorted and do not overlap; BuildKit's reading of the text (test/helpers/
 * reading.ts) and its comments are the same after formatting; a second formatting changes nothing; range and
 * on-type formatting give for a line what document formatting gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../../grammar/index.js';
import { applyEdits, format, formatOnType, type FormatOptions } from '../../format/index.js';
import { buildkitReading, commentLines, lineBreaks } from '../helpers/reading.js';

const piece = fc.constantFrom(
  'FROM alpine:3.20',
  'from golang as build',
  'FROM  --platform=$BUILDPLATFORM   node:22  AS  b',
  '  RUN apk add curl',
  'RUN  --mount=type=cache,target=/x   echo hello',
  'RUN echo hello',
  'RUN echo "a b',
  "RUN echo 'x",
  'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/* && echo "a && b" && true',
  'RUN a && b || c && d && e && f && g && h && i && j && k && l && m && n && o && p',
  'c"',
  'world',
  '  && true',
  'RUN <<EOF',
  'RUN <<-EOT cat',
  '\tEOT',
  'EOF',
  'body   ',
  '  indented body',
  'COPY --from=build   /a    /b',
  'COPY <<EOF   /etc/x',
  'CMD [ "a" ,"b"  ]',
  'CMD ["a",',
  '"b" ]',
  'ENTRYPOINT ["x", 1]',
  'ENTRYPOINT [ "x"',
  'ENV NAME value',
  'ENV NAME  two words',
  'ENV NAME "quoted"',
  'ENV NAME',
  'ENV A=1    B=2',
  'LABEL a   b',
  'LABEL a=b  c="d e"',
  'ENV A=1',
  'WORKDIR /a   b',
  'USER app  ',
  'ONBUILD  run   echo x',
  'HEALTHCHECK  --interval=5s  cmd   echo',
  'ARG V=1   W',
  'EXPOSE 80    443',
  '# comment   ',
  '  # indented comment',
  '# syntax=docker/dockerfile:1',
  '# escape=`',
  '',
  '',
  '   ',
  '\t',
  '$HOME',
  '${V',
  'é😀',
);
const text = fc
  .tuple(
    fc.boolean(),
    fc.array(fc.tuple(piece, fc.constantFrom('', '', '', ' \\', '\\', ' `', '\\ \t', '  ')), { maxLength: 12 }),
    fc.constantFrom('\n', '\r\n'),
    fc.boolean(),
  )
  .map(([bom, lines, eol, last]) => (bom ? '\ufeff' : '') + lines.map(([l, c]) => l + c).join(eol) + (lines.length && last ? eol : ''));

const optionSets = fc.constantFrom<FormatOptions>({}, { indentStyle: 'tab' }, { indentWidth: 0 }, { indentWidth: 2, keywordCase: 'keep' }, { reflowRun: true, lineWidth: 30 });

const inputOf = (t: string) => ({ text: t, parse: parse(t) });

describe('the formatter on random Dockerfile-shaped text', () => {
  it('keeps what BuildKit reads and every comment, is stable, and range and on-type formatting agree line by line', () => {
    fc.assert(
      fc.property(text, optionSets, (t, options) => {
        const doc = inputOf(t);
        const edits = format(doc, options);
        for (const e of edits) {
          expect(e.start).toBeGreaterThanOrEqual(0);
          expect(e.end).toBeLessThanOrEqual(t.length);
        }
        for (let i = 1; i < edits.length; i++) expect((edits[i] as { start: number }).start).toBeGreaterThan((edits[i - 1] as { start: number }).start - 1);
        for (let i = 1; i < edits.length; i++) expect((edits[i] as { start: number }).start).toBeGreaterThanOrEqual((edits[i - 1] as { end: number }).end);
        const once = applyEdits(t, edits);
        expect(buildkitReading(once)).toBe(buildkitReading(t));
        expect(commentLines(once)).toEqual(commentLines(t));
        // The same line breaks (a file of blank lines alone becomes empty) and the byte order mark kept.
        if (/\n/.test(once) && /\n/.test(t)) expect(lineBreaks(once)).toEqual(lineBreaks(t));
        expect(once.startsWith('\uFEFF')).toBe(t.startsWith('\uFEFF'));
        expect(applyEdits(once, format(inputOf(once), options))).toBe(once);
        const lines = doc.parse.lines;
        const lineCount = lines.positionAt(t.length).line + 1;
        const lineOf = (o: number): number => lines.positionAt(o).line;
        for (let line = 0; line < lineCount; line++) {
          const start = lines.offsetAt({ line, character: 0 });
          const own = edits.filter((e) => lineOf(e.start) === line);
          expect(format(doc, options, { start, end: start })).toEqual(own);
          // On-type at the start of the next line formats this one as document formatting does (where that adds or
          // removes no line: on-type leaves the lines as the user typed them).
          const vertical = edits.some((e) => (/[\r\n]/.test(e.text) || /[\r\n]/.test(t.slice(e.start, e.end))) && lineOf(e.start) <= line && line <= lineOf(e.end));
          if (line + 1 < lineCount && !vertical) {
            const next = lines.offsetAt({ line: line + 1, character: 0 });
            expect(formatOnType(doc, next, options).filter((e) => lineOf(e.start) === line)).toEqual(own);
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});
