/**
 * tokenize(text): every character lands in exactly one token, in order. Trivia (whitespace, line breaks,
 * continuations, comments, directives, BOM) is returned separately from the tokens the parser sees.
 *
 * The token table (tokens.ts) is Chevrotain token types whose patterns are all custom matchers, so Chevrotain's
 * lexer can use none of its optimisations (first-character tables, regex merging) and only adds its set-up —
 * analysing the table costs several milliseconds at start-up — and a generic loop. This driver runs the same
 * table the way Chevrotain's lexer defines it: in the current mode, the first matcher that answers wins; a token
 * with a group goes to that group; `pop_mode` then `push_mode`. It makes the same tokens
 * (test/grammar/lexer.test.ts holds it to Chevrotain's own lexer on every fixture and corpus file).
 */
import type { CustomPatternMatcherFunc, IToken, TokenType } from 'chevrotain';
import { LEXER_MODES, TRIVIA, Garbage } from './tokens.js';
import { resetState } from './state.js';

export interface LexResult {
  /** Tokens the parser consumes. */
  tokens: IToken[];
  /** Trivia tokens, in order. */
  trivia: IToken[];
  /** The escape character in force after the directives (`\` or `` ` ``). */
  escape: string;
}

interface Matcher {
  type: TokenType;
  exec: CustomPatternMatcherFunc;
  trivia: boolean;
  pop: boolean;
  push: Mode | undefined;
}
type Mode = Matcher[];

let modes: Mode | undefined;
/** Matchers are handed the groups as Chevrotain would; none of ours reads them. */
const NO_GROUPS = Object.freeze({}) as Record<string, IToken[]>;

/** The modes of the token table as matcher lists, built once. */
function initialMode(): Mode {
  if (modes) return modes;
  const table: Record<string, Mode> = {};
  for (const name of Object.keys(LEXER_MODES.modes)) table[name] = [];
  for (const [name, types] of Object.entries(LEXER_MODES.modes)) {
    const list = table[name] as Mode;
    for (const type of types) {
      const pattern = type.PATTERN as CustomPatternMatcherFunc | { exec: CustomPatternMatcherFunc };
      const exec = typeof pattern === 'function' ? pattern : pattern.exec.bind(pattern);
      if (type.GROUP !== undefined && type.GROUP !== TRIVIA) throw new Error(`token ${type.name}: unexpected group ${String(type.GROUP)}`);
      list.push({ type, exec, trivia: type.GROUP === TRIVIA, pop: type.POP_MODE === true, push: type.PUSH_MODE ? table[type.PUSH_MODE] : undefined });
    }
  }
  modes = table[LEXER_MODES.defaultMode] as Mode;
  return modes;
}

function token(image: string, startOffset: number, type: TokenType): IToken {
  // The shape Chevrotain's lexer gives a token with positionTracking 'onlyOffset'.
  return { image, startOffset, tokenTypeIdx: type.tokenTypeIdx as number, tokenType: type } as IToken;
}

export function tokenize(text: string): LexResult {
  const st = resetState(text);
  const tokens: IToken[] = [];
  const trivia: IToken[] = [];
  const stack: Mode[] = [initialMode()];
  let mode = stack[0] as Mode;
  const n = text.length;
  let offset = 0;
  while (offset < n) {
    let hit: Matcher | undefined;
    let image = '';
    let payload: unknown;
    for (let i = 0; i < mode.length; i++) {
      const m = mode[i] as Matcher;
      const r = m.exec(text, offset, tokens, NO_GROUPS);
      if (r !== null) {
        hit = m;
        image = r[0];
        payload = (r as { payload?: unknown }).payload;
        break;
      }
    }
    if (hit === undefined || image.length === 0) {
      // The table is total (Garbage takes any character), so this is a bug in a matcher: keep the character.
      const c = text.charCodeAt(offset);
      image = text.slice(offset, offset + (c >= 0xd800 && c <= 0xdbff && offset + 1 < n ? 2 : 1));
      tokens.push(token(image, offset, Garbage));
      offset += image.length;
      continue;
    }
    const tok = token(image, offset, hit.type);
    if (payload !== undefined && payload !== null) tok.payload = payload;
    (hit.trivia ? trivia : tokens).push(tok);
    offset += image.length;
    if (hit.pop) {
      // Chevrotain keeps the last mode unless the token also pushes one (a transition).
      if (stack.length > 1 || hit.push !== undefined) stack.pop();
    }
    if (hit.push !== undefined) stack.push(hit.push);
    mode = stack[stack.length - 1] as Mode;
  }
  return { tokens, trivia, escape: String.fromCharCode(st.escape) };
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
