/**
 * Property tests for the editor features on Dockerfile-shaped random text: completion at every offset and
 * formatting (document, every line range, on-type at every line) never throw; completion replaces a stretch of the
 * cursor's line before the cursor; formatting edits stay in bounds, do not overlap, keep what the file means and
 * are stable.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CommandInstruction, OnbuildInstruction, parse } from '../../grammar/index.js';
import { defaultConfig } from '../../rules/engine/config.js';
import { applyEdits } from '../../rules/engine/fix.js';
import { completions } from '../../server/features/completion.js';
import { AnalyzedDocument } from '../../server/features/document.js';
import { format, formatOnType } from '../../server/features/formatting.js';

const piece = fc.constantFrom(
  'FROM alpine:3.20',
  'from golang AS build',
  'FROM --platform=$BUILDPLATFORM node:22 AS b',
  '  RUN apk add curl',
  'RUN echo hello',
  'RUN echo "a b',
  "RUN echo 'x",
  'c"',
  'world',
  '  && true',
  'RUN <<EOF',
  'RUN <<-EOT cat',
  '\tEOT',
  'EOF',
  'body',
  '  indented body',
  'COPY --from=build /a /b',
  'ENV NAME value',
  'ENV A=1',
  'WORKDIR /a',
  'USER app',
  'ONBUILD run echo x',
  'ARG V=1',
  '# comment',
  '  # indented comment',
  '# syntax=docker/dockerfile:1',
  '# escape=`',
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
    fc.array(fc.tuple(piece, fc.constantFrom('', '', ' \\', '\\', ' `', '\\ \t')), { maxLength: 10 }),
    fc.constantFrom('\n', '\r\n'),
  )
  .map(([bom, lines, eol]) => (bom ? '\ufeff' : '') + lines.map(([l, c]) => l + c).join(eol) + (lines.length ? eol : ''));

const docOf = (t: string): AnalyzedDocument => new AnalyzedDocument('file:///x/Dockerfile', 1, t, defaultConfig());
const options = { tabSize: 4, insertSpaces: true };

/** What a Dockerfile means to BuildKit, blanks between a shell command's words aside. */
function meaning(t: string): string {
  const p = parse(t);
  return JSON.stringify({
    escape: p.dockerfile.escape,
    directives: p.dockerfile.directives.map((d) => [d.name.toLowerCase(), d.value]),
    instructions: p.dockerfile.instructions.map((i) => {
      const inner = i instanceof OnbuildInstruction ? (i.trigger ?? i) : i;
      const shell = inner instanceof CommandInstruction && inner.form !== 'exec';
      return [i.name, i.flags.map((f) => f.word), i.args.map((a) => (shell ? a.value.replace(/\s+/g, ' ') : a.value)), i.heredocs.map((h) => h.content)];
    }),
  });
}

describe('editor features on random Dockerfile-shaped text', () => {
  it('completion at every offset: no throw, replaces part of the cursor line before the cursor', () => {
    fc.assert(
      fc.property(text, (t) => {
        const doc = docOf(t);
        for (let offset = 0; offset <= t.length; offset++) {
          for (const c of completions(doc, offset)) {
            expect(c.replace.start).toBeLessThanOrEqual(c.replace.end);
            expect(c.replace.end).toBe(offset);
            expect(t.slice(c.replace.start, offset)).not.toMatch(/[\r\n]/);
            if (c.wordEnd !== undefined) expect(t.slice(offset, c.wordEnd)).not.toMatch(/[\r\n]/);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('formatting keeps the meaning, is stable, and range and on-type formatting agree with it line by line', () => {
    fc.assert(
      fc.property(text, (t) => {
        const doc = docOf(t);
        const edits = format(doc, options);
        for (let i = 1; i < edits.length; i++) expect((edits[i] as { start: number }).start).toBeGreaterThanOrEqual((edits[i - 1] as { end: number }).end);
        const once = applyEdits(t, edits);
        expect(meaning(once)).toBe(meaning(t));
        expect(applyEdits(once, format(docOf(once), options))).toBe(once);
        const lines = doc.lines;
        const lineCount = lines.positionAt(t.length).line + 1;
        const lineOf = (o: number): number => lines.positionAt(o).line;
        for (let line = 0; line < lineCount; line++) {
          const start = lines.offsetAt({ line, character: 0 });
          const own = edits.filter((e) => lineOf(e.start) === line);
          expect(format(doc, options, { start, end: start })).toEqual(own);
          // On-type at the start of the next line formats this one as document formatting does.
          if (line + 1 < lineCount) {
            const next = lines.offsetAt({ line: line + 1, character: 0 });
            expect(formatOnType(doc, next, options).filter((e) => lineOf(e.start) === line)).toEqual(own);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
