/**
 * tokenize(text): every character lands in exactly one token, in order. Trivia (whitespace, line breaks,
 * continuations, comments, directives, BOM) is returned separately from the tokens the parser sees.
 */
import { Lexer, type IToken } from 'chevrotain';
import { LEXER_MODES, TRIVIA } from './tokens.js';
import { resetState } from './state.js';

let lexer: Lexer | undefined;

function getLexer(): Lexer {
  lexer ??= new Lexer(LEXER_MODES, {
    positionTracking: 'onlyOffset',
    ensureOptimizations: false,
    skipValidations: true,
  });
  return lexer;
}

export interface LexResult {
  /** Tokens the parser consumes. */
  tokens: IToken[];
  /** Trivia tokens, in order. */
  trivia: IToken[];
  /** The escape character in force after the directives (`\` or `` ` ``). */
  escape: string;
}

export function tokenize(text: string): LexResult {
  const st = resetState(text);
  const result = getLexer().tokenize(text);
  // The token table is total (see Garbage), so Chevrotain never drops characters.
  return {
    tokens: result.tokens,
    trivia: (result.groups[TRIVIA] as IToken[] | undefined) ?? [],
    escape: String.fromCharCode(st.escape),
  };
}

/** All tokens, trivia included, in source order. */
export function mergeTokens(a: IToken[], b: IToken[]): IToken[] {
  const out: IToken[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as IToken;
    const y = b[j] as IToken;
    if (x.startOffset <= y.startOffset) {
      out[k++] = x;
      i++;
    } else {
      out[k++] = y;
      j++;
    }
  }
  while (i < a.length) out[k++] = a[i++] as IToken;
  while (j < b.length) out[k++] = b[j++] as IToken;
  return out;
}
