/**
 * berth drives its token table (grammar/lexer/tokens.ts) with its own loop instead of Chevrotain's Lexer. The
 * table's meaning is Chevrotain's: this holds the driver to Chevrotain's own lexer over the same table — same
 * tokens, same order, same payloads, same trivia — on hand-written cases, random Dockerfile-shaped text and every
 * file of the shared corpus (skipped with a message when ../shared is absent).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Lexer, type IToken } from 'chevrotain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../grammar/lexer/lexer.js';
import { LEXER_MODES, TRIVIA } from '../../grammar/lexer/tokens.js';
import { resetState } from '../../grammar/lexer/state.js';

const reference = new Lexer(LEXER_MODES, { positionTracking: 'onlyOffset', ensureOptimizations: false, skipValidations: true });

const show = (ts: IToken[]): string[] => ts.map((t) => `${t.tokenType.name}@${t.startOffset}:${JSON.stringify(t.image)}${t.payload === undefined ? '' : ` ${JSON.stringify(t.payload)}`}`);

function expectSame(text: string): void {
  const ours = tokenize(text);
  const st = resetState(text);
  const theirs = reference.tokenize(text);
  expect(theirs.errors).toEqual([]);
  expect(show(ours.tokens)).toEqual(show(theirs.tokens));
  expect(show(ours.trivia)).toEqual(show((theirs.groups[TRIVIA] as IToken[] | undefined) ?? []));
  expect(ours.escape).toBe(String.fromCharCode(st.escape));
  // Lossless: the tokens and trivia cover the text exactly once.
  expect([...ours.tokens, ...ours.trivia].sort((a, b) => a.startOffset - b.startOffset).map((t) => t.image).join('')).toBe(text);
}

const CASES = [
  '',
  'FROM alpine\nRUN echo hi\n',
  '\ufeff# syntax=docker/dockerfile:1\n# escape=`\nFROM alpine AS b`\n  uild\nRUN dir c:\\ `\n  && echo\n',
  'FROM a\r\nRUN <<EOF bash\r\necho $x\r\nEOF\r\nCOPY <<-A <<"B" /x\n\tone\n\tA\ntwo\nB\n',
  'ONBUILD RUN --mount=type=cache,target=/x apt-get update\nonbuild onbuild x\nONBUILD\n',
  'CMD ["a", "b\\"c", 1, ]\nENTRYPOINT [ "x" ] trailing\nSHELL ["/bin/sh", "-c"\n',
  'ENV A=1 B="two words" C\nENV legacy value here\nLABEL "k"=v\nARG X=${Y:-z}\n',
  'HEALTHCHECK --interval=5s CMD curl -f x || exit 1\nHEALTHCHECK NONE\nEXPOSE 80/tcp\nUSER 1:1\n',
  'RUN a \\\n# comment inside\n\n  b \\ \n  c\nFROM x --platform=$P AS y\nbogus line \u00e9\ud83d\ude00\n',
  '   \t\n  FROM  a\n\\\n',
  'RUN echo \\',
  'FROM a\nRUN <<EOF\nno end',
];

describe('the lexer driver makes the tokens Chevrotain makes from the same table', () => {
  it.each(CASES.map((c) => [JSON.stringify(c).slice(0, 60), c]))('%s', (_n, text) => expectSame(text));

  it('on random Dockerfile-shaped text', () => {
    const piece = fc.constantFrom(
      'FROM ', 'RUN ', 'run ', 'CMD ', 'ONBUILD ', 'COPY ', 'ENV ', 'ARG ', 'HEALTHCHECK ', 'SHELL ', 'LABEL ', 'EXPOSE ', 'X ',
      '--mount=type=cache ', '-- ', '[', ']', '"', "'", ',', '1', '<<EOF', '<<-EOF', 'EOF', '\\', '`', '# escape=`', '# syntax=x',
      '#', '$x', '${a:-b}', '=', ' ', '\t', '\n', '\r\n', '\r', 'a', 'b=c', 'AS ', '\ufeff', '\u00e9', '\ud83d\ude00', '\ud800',
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 60 }), (ps) => expectSame(ps.join(''))), { numRuns: 1500 });
  });
});

const CORPUS = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
const present = existsSync(`${CORPUS}MANIFEST.tsv`);
if (!present) console.warn(`[lexer] corpus check skipped: the shared corpus is not at ${CORPUS}`);

describe.skipIf(!present)('the lexer driver on every corpus file', () => {
  it('makes Chevrotain’s tokens', () => {
    const files = readFileSync(`${CORPUS}MANIFEST.tsv`, 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split('\t')[0] as string);
    expect(files.length).toBeGreaterThan(2000);
    for (const f of files) expectSame(readFileSync(`${CORPUS}${f}`, 'utf8'));
  });
});
