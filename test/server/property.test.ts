/**
 * Property tests for the editor features on Dockerfile-shaped random text: completion at every offset never throws
 * and replaces a stretch of the cursor's line before the cursor. (Formatting has its own: test/format/property.test.ts.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../rules/engine/config.js';
import { completions } from '../../server/features/completion.js';
import { AnalyzedDocument } from '../../server/features/document.js';

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
});
