/**
 * The token table. Every character of the input lands in exactly one token; trivia tokens (group `trivia`) are
 * kept for the lossless tree but hidden from the parser. Most patterns are custom matchers because BuildKit's
 * rules depend on context (see state.ts); each matcher implements one token's rule and nothing else.
 */
import { createToken, Lexer, type CustomPatternMatcherReturn, type TokenType } from 'chevrotain';
import { INSTRUCTION_NAMES, instructionFacts, type InstructionName } from '../facts/instructions.js';
import { isDirectiveName } from '../facts/directives.js';
import { CH_BOM, CH_DASH, CH_LBRACKET, CH_LF, CH_LT, findChar, isBlank, isGoSpace, isSplitSpace } from '../text/chars.js';
import { findHeredocMarkers } from './heredoc.js';
import { readJsonArray } from './json.js';
import { continuationEnd, isContinuationAt, isNewlineAt, LogicalText, newlineEnd, plainWordEnd } from './scan.js';
import { JsonItemKind, state, type JsonItem } from './state.js';
import { logicalLineEnd, quotedWordEnd, shellTextEnd, whitespaceEnd } from './words.js';

export const TRIVIA = 'trivia';

/** Category shared by every keyword token: where an instruction starts. */
export const Keyword = createToken({ name: 'Keyword', pattern: Lexer.NA });
/** Category of the keyword that follows ONBUILD on the same logical line. */
export const TriggerKeyword = createToken({ name: 'TriggerKeyword', pattern: Lexer.NA });
/** Category of every non-keyword token the parser sees: what an instruction may leave over. */
export const Argument = createToken({ name: 'Argument', pattern: Lexer.NA });

/**
 * The match result handed to Chevrotain. Chevrotain reads `[0]` and `payload` right away and keeps neither, so
 * one array is reused for every token instead of allocating one per token.
 */
const MATCH = [''] as unknown as CustomPatternMatcherReturn;
function m(text: string, start: number, end: number, payload?: unknown): CustomPatternMatcherReturn {
  MATCH[0] = text.slice(start, end);
  MATCH.payload = payload;
  return MATCH;
}

function atLineStart(text: string, offset: number): boolean {
  return offset === 0 || text.charCodeAt(offset - 1) === CH_LF || (offset === 1 && text.charCodeAt(0) === CH_BOM);
}

/** Only whitespace (or a BOM) between the start of the physical line and `offset`. */
function onlySpaceBefore(text: string, offset: number): boolean {
  let j = offset - 1;
  while (j >= 0) {
    const c = text.charCodeAt(j);
    if (c === CH_LF) return true;
    if (c === CH_BOM && j === 0) return true;
    if (!isGoSpace(c)) return false;
    j--;
  }
  return true;
}

function contentEndOfLine(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  let e = nl < 0 ? text.length : nl;
  while (e > offset && text.charCodeAt(e - 1) === 0x0d) e--;
  return e;
}

// ---------------------------------------------------------------------------------------------------------------
// Trivia

export const Bom = createToken({
  name: 'Bom',
  pattern: (text, offset) => (offset === 0 && text.charCodeAt(0) === CH_BOM ? m(text, 0, 1) : null),
  group: TRIVIA,
  line_breaks: false,
});

const DIRECTIVE_RE = /^([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*$/;

export interface DirectivePayload {
  name: string;
  value: string;
}

export const Directive = createToken({
  name: 'Directive',
  pattern: (text, offset) => {
    const st = state;
    if (!st.directivesOpen || !onlySpaceBefore(text, offset)) return null;
    const end = contentEndOfLine(text, offset);
    let j = offset;
    while (j < end && isGoSpace(text.charCodeAt(j))) j++;
    let payload: DirectivePayload | undefined;
    if (text.charCodeAt(j) === 0x23) {
      j++;
      while (j < end && isGoSpace(text.charCodeAt(j))) j++;
      const hit = DIRECTIVE_RE.exec(text.slice(j, end));
      if (hit && isDirectiveName((hit[1] as string).toLowerCase())) {
        payload = { name: (hit[1] as string).toLowerCase(), value: hit[2] as string };
      }
    }
    if (!payload) {
      st.directivesOpen = false;
      return null;
    }
    // Leading whitespace is its own token; try again at the `#`.
    if (isGoSpace(text.charCodeAt(offset))) return null;
    if (payload.name === 'escape' && !st.escapeSeen) {
      st.escapeSeen = true;
      if (payload.value === '\\' || payload.value === '`') st.escape = payload.value.charCodeAt(0);
    }
    return m(text, offset, end, payload);
  },
  group: TRIVIA,
  line_breaks: false,
});

export const Whitespace = createToken({
  name: 'Whitespace',
  pattern: (text, offset) => {
    const e = whitespaceEnd(text, offset);
    return e > offset ? m(text, offset, e) : null;
  },
  group: TRIVIA,
  line_breaks: false,
});

function newlineMatch(text: string, offset: number): CustomPatternMatcherReturn | null {
  return isNewlineAt(text, offset) ? m(text, offset, newlineEnd(text, offset)) : null;
}

/** A line break between instructions. */
export const Newline = createToken({ name: 'Newline', pattern: newlineMatch, group: TRIVIA, line_breaks: true });

/** The line break that ends an instruction's logical line; leaves the argument mode. */
export const EndOfLine = createToken({
  name: 'EndOfLine',
  pattern: (text, offset) => {
    const r = newlineMatch(text, offset);
    if (r) endInstruction();
    return r;
  },
  group: TRIVIA,
  pop_mode: true,
  line_breaks: true,
});

export const Comment = createToken({
  name: 'Comment',
  pattern: (text, offset) => (text.charCodeAt(offset) === 0x23 ? m(text, offset, contentEndOfLine(text, offset)) : null),
  group: TRIVIA,
  line_breaks: false,
});

/**
 * A line continuation: blanks before the escape character, the escape character, its line break, the comment
 * and empty lines BuildKit skips after it, and the indentation of the next line. (The lowering splits it into
 * Whitespace, Continuation, skipped lines and Whitespace tree tokens; one lexer token keeps the lexer fast.)
 */
export const Continuation = createToken({
  name: 'Continuation',
  pattern: (text, offset) => {
    const esc = state.escape;
    let j = offset;
    const n = text.length;
    while (j < n && isBlank(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) !== esc || !isContinuationAt(text, j, esc)) return null;
    let end = continuationEnd(text, j);
    while (end < n && isBlank(text.charCodeAt(end))) end++;
    return m(text, offset, end);
  },
  group: TRIVIA,
  line_breaks: true,
});

// ---------------------------------------------------------------------------------------------------------------
// Instruction keywords

function readKeyword(text: string, offset: number): string {
  const st = state;
  if (st.kwOffset !== offset) {
    const end = plainWordEnd(text, offset, st.escape, isSplitSpace);
    st.kwOffset = offset;
    st.kwEnd = end;
    const slice = text.slice(offset, end);
    st.kwUpper = (slice.includes(String.fromCharCode(st.escape)) ? LogicalText.of(text, offset, end, st.escape).text : slice).toUpperCase();
  }
  return st.kwUpper;
}

function beginInstruction(name: InstructionName | undefined, offset: number, end: number, trigger: boolean): void {
  const st = state;
  const facts = name ? instructionFacts(name) : undefined;
  st.instr = name;
  st.shape = facts ? facts.shape : 'raw';
  st.flagsOpen = true;
  st.argIndex = 0;
  st.json = undefined;
  st.jsonNext = 0;
  st.kvLegacy = false;
  st.heredocPlan = [];
  st.heredocNext = 0;
  if (!trigger) {
    st.lineStart = offset;
    st.lineEnd = logicalLineEnd(state.text, end, st.escape);
  }
  st.heredocCapable = facts ? facts.heredocs : false;
  if (st.heredocCapable) planHeredocs(end);
}

function planHeredocs(from: number): void {
  const st = state;
  const text = st.text;
  // A heredoc needs `<<` (rarely split by a continuation: `<\` + `<EOF`); a lone `<` is a redirection.
  let lt = findChar(text, CH_LT, from, st.lineEnd);
  while (lt >= 0 && text.charCodeAt(lt + 1) !== CH_LT && text.charCodeAt(lt + 1) !== st.escape) lt = findChar(text, CH_LT, lt + 1, st.lineEnd);
  if (lt < 0) return;
  const logical = LogicalText.of(text, st.lineStart, st.lineEnd, st.escape);
  for (const info of findHeredocMarkers(logical.text)) {
    const r = logical.toSourceRange(info.start, info.end);
    if (r.start < from) continue;
    st.heredocPlan.push({ start: r.start, end: r.end, info });
  }
}

function endInstruction(): void {
  const st = state;
  if (st.heredocPlan.length > 0 && st.json === undefined) {
    for (const p of st.heredocPlan) if (!p.info.error) st.pending.push(p.info);
  }
  st.instr = undefined;
  st.shape = 'raw';
  st.flagsOpen = false;
  st.heredocPlan = [];
  st.json = undefined;
}

export interface KeywordPayload {
  /** Upper-cased logical keyword (continuations removed). */
  upper: string;
}

function keywordPattern(name: string, trigger: boolean) {
  return (text: string, offset: number): CustomPatternMatcherReturn | null => {
    if (readKeyword(text, offset) !== name) return null;
    const end = state.kwEnd;
    beginInstruction(name as InstructionName, offset, end, trigger);
    return m(text, offset, end);
  };
}

function unknownKeywordPattern(trigger: boolean) {
  return (text: string, offset: number): CustomPatternMatcherReturn | null => {
    const upper = readKeyword(text, offset);
    const end = state.kwEnd;
    if (end === offset || instructionFacts(upper)) return null;
    beginInstruction(undefined, offset, end, trigger);
    return m(text, offset, end);
  };
}


export const KEYWORD_TOKENS = new Map<InstructionName | 'UNKNOWN', TokenType>();
export const TRIGGER_KEYWORD_TOKENS = new Map<InstructionName | 'UNKNOWN', TokenType>();

for (const name of INSTRUCTION_NAMES) {
  const base = createToken({
    name: `${name}Keyword`,
    pattern: keywordPattern(name, false),
    categories: [Keyword],
    push_mode: name === 'ONBUILD' ? 'trigger' : 'args',
    line_breaks: true,
  });
  KEYWORD_TOKENS.set(name, base);
  TRIGGER_KEYWORD_TOKENS.set(
    name,
    createToken({
      name: `Trigger${name}Keyword`,
      pattern: keywordPattern(name, true),
      categories: [Keyword, TriggerKeyword, base],
      pop_mode: true,
      push_mode: name === 'ONBUILD' ? 'trigger' : 'args',
      line_breaks: true,
    }),
  );
}
export const UnknownKeyword = createToken({
  name: 'UnknownKeyword',
  pattern: unknownKeywordPattern(false),
  categories: [Keyword],
  push_mode: 'args',
  line_breaks: true,
});
export const TriggerUnknownKeyword = createToken({
  name: 'TriggerUnknownKeyword',
  pattern: unknownKeywordPattern(true),
  categories: [Keyword, TriggerKeyword, UnknownKeyword],
  pop_mode: true,
  push_mode: 'args',
  line_breaks: true,
});
KEYWORD_TOKENS.set('UNKNOWN', UnknownKeyword);
TRIGGER_KEYWORD_TOKENS.set('UNKNOWN', TriggerUnknownKeyword);

export function keywordToken(name: InstructionName): TokenType {
  return KEYWORD_TOKENS.get(name) as TokenType;
}

// ---------------------------------------------------------------------------------------------------------------
// Heredoc bodies (line mode, after the line that named them)

export interface HeredocBodyPayload {
  terminated: boolean;
}

function isTerminatorLine(text: string, lineStart: number, name: string, chomp: boolean): boolean {
  let s = lineStart;
  if (chomp) while (text.charCodeAt(s) === 0x09) s++;
  const e = contentEndOfLine(text, lineStart);
  return e - s === name.length && text.startsWith(name, s);
}

export const HeredocBody = createToken({
  name: 'HeredocBody',
  categories: [Argument],
  pattern: (text, offset) => {
    const st = state;
    const doc = st.pending[0];
    if (!doc || !atLineStart(text, offset)) return null;
    let ls = offset;
    const n = text.length;
    while (ls < n) {
      if (isTerminatorLine(text, ls, doc.name, doc.chomp)) {
        return ls === offset ? null : m(text, offset, ls, { terminated: true } satisfies HeredocBodyPayload);
      }
      const nl = text.indexOf('\n', ls);
      ls = nl < 0 ? n : nl + 1;
    }
    // Unterminated: the body runs to the end of the file, and no later heredoc can start.
    st.pending = [];
    return offset < n ? m(text, offset, n, { terminated: false } satisfies HeredocBodyPayload) : null;
  },
  line_breaks: true,
});

export const HeredocEnd = createToken({
  name: 'HeredocEnd',
  categories: [Argument],
  pattern: (text, offset) => {
    const st = state;
    const doc = st.pending[0];
    if (!doc || !atLineStart(text, offset) || !isTerminatorLine(text, offset, doc.name, doc.chomp)) return null;
    st.pending.shift();
    return m(text, offset, contentEndOfLine(text, offset));
  },
  line_breaks: false,
});

// ---------------------------------------------------------------------------------------------------------------
// Arguments

/** `--name[=value]` before the first argument. */
export const Flag = createToken({
  name: 'Flag',
  categories: [Argument],
  pattern: (text, offset) => {
    const st = state;
    if (!st.flagsOpen || text.charCodeAt(offset) !== CH_DASH || text.charCodeAt(offset + 1) !== CH_DASH) return null;
    const end = quotedWordEnd(text, offset, st.escape, 'flag');
    const raw = text.slice(offset, end);
    const logical = raw.includes(String.fromCharCode(st.escape)) ? LogicalText.of(text, offset, end, st.escape).text : raw;
    if (logical === '--') return null; // a FlagTerminator
    return m(text, offset, end);
  },
  line_breaks: true,
});

/** A bare `--`: ends the flags (`COPY -- --weird-name /dst`). */
export const FlagTerminator = createToken({
  name: 'FlagTerminator',
  categories: [Argument],
  pattern: (text, offset) => {
    const st = state;
    if (!st.flagsOpen || text.charCodeAt(offset) !== CH_DASH || text.charCodeAt(offset + 1) !== CH_DASH) return null;
    const end = quotedWordEnd(text, offset, st.escape, 'flag');
    const logical = LogicalText.of(text, offset, end, st.escape).text;
    if (logical !== '--') return null;
    st.flagsOpen = false;
    return m(text, offset, end);
  },
  line_breaks: true,
});

function startArgument(): void {
  state.flagsOpen = false;
  state.argIndex++;
}

/** `[` opening an exec-form array — only when the whole rest of the logical line is one JSON array. */
export const JsonOpen = createToken({
  name: 'JsonOpen',
  categories: [Argument],
  pattern: (text, offset) => {
    const st = state;
    if (text.charCodeAt(offset) !== CH_LBRACKET || st.argIndex !== 0) return null;
    if (st.shape !== 'shell' && st.shape !== 'list') return null;
    const logical = LogicalText.of(text, offset, st.lineEnd, st.escape);
    let t = logical.text;
    let e = t.length;
    while (e > 0 && isGoSpace(t.charCodeAt(e - 1))) e--;
    if (e < t.length) t = t.slice(0, e);
    const shape = readJsonArray(t, 0);
    if (!shape) return null;
    const items: JsonItem[] = [];
    const add = (kind: JsonItemKind, s: number, en: number): void => {
      const r = logical.toSourceRange(s, en);
      items.push({ kind, start: r.start, end: r.end });
    };
    add(JsonItemKind.Open, shape.open, shape.open + 1);
    let c = 0;
    for (const el of shape.elements) {
      add(el.value === undefined ? JsonItemKind.Value : JsonItemKind.String, el.start, el.end);
      const comma = shape.commas[c];
      if (comma !== undefined && comma > el.start) {
        add(JsonItemKind.Comma, comma, comma + 1);
        c++;
      }
    }
    add(JsonItemKind.Close, shape.close, shape.close + 1);
    st.json = items;
    st.jsonNext = 1;
    st.heredocPlan = [];
    startArgument();
    return m(text, offset, offset + 1, shape);
  },
  push_mode: 'json',
  line_breaks: false,
});

function jsonItemPattern(kind: JsonItemKind) {
  return (text: string, offset: number): CustomPatternMatcherReturn | null => {
    const st = state;
    const item = st.json?.[st.jsonNext];
    if (!item || item.kind !== kind || item.start !== offset) return null;
    st.jsonNext++;
    return m(text, offset, item.end);
  };
}

export const JsonString = createToken({ name: 'JsonString', categories: [Argument], pattern: jsonItemPattern(JsonItemKind.String), line_breaks: true });
/** A JSON element that is not a string — BuildKit rejects the instruction. */
export const JsonValue = createToken({ name: 'JsonValue', categories: [Argument], pattern: jsonItemPattern(JsonItemKind.Value), line_breaks: true });
export const JsonComma = createToken({ name: 'JsonComma', categories: [Argument], pattern: jsonItemPattern(JsonItemKind.Comma), line_breaks: false });
export const JsonClose = createToken({
  name: 'JsonClose',
  categories: [Argument],
  pattern: jsonItemPattern(JsonItemKind.Close),
  pop_mode: true,
  line_breaks: false,
});

/** `<<EOF`, `<<-EOF`, `<<'EOF'`, `3<<EOF` … where BuildKit finds a heredoc. */
function nextMarker(offset: number): { start: number; end: number } | undefined {
  const st = state;
  let next = st.heredocPlan[st.heredocNext];
  while (next && next.start < offset) next = st.heredocPlan[++st.heredocNext];
  return next;
}

export const HeredocMarker = createToken({
  name: 'HeredocMarker',
  categories: [Argument],
  pattern: (text, offset) => {
    const st = state;
    const next = st.heredocPlan[st.heredocNext];
    if (!next || next.start !== offset) return null;
    st.heredocNext++;
    startArgument();
    return m(text, offset, next.end, next.info);
  },
  line_breaks: true,
});

/** The `AS` of `FROM image AS name`. */
export const AsKeyword = createToken({
  name: 'AsKeyword',
  categories: [Argument],
  pattern: (text, offset) => {
    const st = state;
    if (st.instr !== 'FROM' || st.argIndex !== 1) return null;
    const end = plainWordEnd(text, offset, st.escape, isSplitSpace);
    const word = LogicalText.of(text, offset, end, st.escape).text;
    if (word.length !== 2 || word.toLowerCase() !== 'as') return null;
    startArgument();
    return m(text, offset, end);
  },
  line_breaks: true,
});

/** `CMD` or `NONE` (or a mistake) after HEALTHCHECK and its flags; the rest is lexed like RUN. */
export const HealthcheckType = createToken({
  name: 'HealthcheckType',
  categories: [Argument],
  pattern: (text, offset) => {
    const st = state;
    if (st.shape !== 'healthcheck' || st.argIndex !== 0) return null;
    const end = plainWordEnd(text, offset, st.escape, isGoSpace);
    if (end === offset) return null;
    st.flagsOpen = false;
    st.shape = 'shell';
    return m(text, offset, end);
  },
  line_breaks: true,
});

/** The key of legacy `ENV key value` / `LABEL key value`: the first word has no `=`. */
export const LegacyKey = createToken({
  name: 'LegacyKey',
  categories: [Argument],
  pattern: (text, offset) => {
    const st = state;
    if (st.shape !== 'keyValue' || st.argIndex !== 0) return null;
    const wordEnd = quotedWordEnd(text, offset, st.escape, 'kv');
    if (wordEnd === offset) return null;
    if (LogicalText.of(text, offset, wordEnd, st.escape).text.includes('=')) return null;
    const end = plainWordEnd(text, offset, st.escape, isSplitSpace);
    st.kvLegacy = true;
    startArgument();
    return m(text, offset, end);
  },
  line_breaks: true,
});

/** A quote-aware `key=value` (or bare `name` for ARG) word. */
export const KeyValueWord = createToken({
  name: 'KeyValueWord',
  categories: [Argument],
  pattern: (text, offset) => {
    const st = state;
    if (!(st.shape === 'arg' || (st.shape === 'keyValue' && !st.kvLegacy))) return null;
    const end = quotedWordEnd(text, offset, st.escape, 'kv');
    if (end === offset) return null;
    startArgument();
    return m(text, offset, end);
  },
  line_breaks: true,
});

/** A whitespace-delimited word (FROM, COPY, ADD, VOLUME, EXPOSE, USER, WORKDIR, STOPSIGNAL, MAINTAINER). */
export const Word = createToken({
  name: 'Word',
  categories: [Argument],
  pattern: (text, offset) => {
    const st = state;
    const shape = st.shape;
    if (shape !== 'list' && shape !== 'words' && shape !== 'string') return null;
    const end = plainWordEnd(text, offset, st.escape, isSplitSpace);
    if (end === offset) return null;
    startArgument();
    return m(text, offset, end);
  },
  line_breaks: true,
});

/** A run of shell-form text (RUN/CMD/ENTRYPOINT/SHELL/HEALTHCHECK CMD, legacy ENV values, unknown instructions). */
export const ShellText = createToken({
  name: 'ShellText',
  categories: [Argument],
  pattern: (text, offset) => {
    const st = state;
    const shape = st.shape;
    if (!(shape === 'shell' || shape === 'raw' || (shape === 'keyValue' && st.kvLegacy))) return null;
    const next = nextMarker(offset);
    const end = shellTextEnd(text, offset, st.escape, next ? next.start : -1);
    if (end === offset) return null;
    startArgument();
    return m(text, offset, end);
  },
  line_breaks: false,
});

/** Anything no other token takes. The matchers above leave nothing over; this keeps the lexer total regardless. */
export const Garbage = createToken({
  name: 'Garbage',
  categories: [Argument],
  pattern: (text, offset) => {
    const c = text.charCodeAt(offset);
    const w = c >= 0xd800 && c <= 0xdbff && offset + 1 < text.length ? 2 : 1;
    return m(text, offset, offset + w);
  },
  line_breaks: true,
});

// ---------------------------------------------------------------------------------------------------------------
// Modes

const keywordTokens = [...KEYWORD_TOKENS.values()];
const triggerTokens = [...TRIGGER_KEYWORD_TOKENS.values()];

export const LEXER_MODES = {
  modes: {
    line: [HeredocBody, HeredocEnd, Bom, Directive, Newline, Continuation, Whitespace, Comment, ...keywordTokens, Garbage],
    trigger: [EndOfLine, Continuation, Whitespace, Flag, FlagTerminator, ...triggerTokens, Garbage],
    args: [
      EndOfLine,
      Continuation,
      Whitespace,
      Flag,
      FlagTerminator,
      JsonOpen,
      HeredocMarker,
      AsKeyword,
      HealthcheckType,
      LegacyKey,
      KeyValueWord,
      Word,
      ShellText,
      Garbage,
    ],
    json: [EndOfLine, Continuation, Whitespace, JsonString, JsonValue, JsonComma, JsonClose, Garbage],
  },
  defaultMode: 'line',
};

/** Every token type, categories first (the parser's vocabulary). */
export const ALL_TOKENS: TokenType[] = [
  Keyword,
  TriggerKeyword,
  Argument,
  ...keywordTokens,
  ...triggerTokens,
  Bom,
  Directive,
  Whitespace,
  Newline,
  EndOfLine,
  Comment,
  Continuation,
  HeredocBody,
  HeredocEnd,
  Flag,
  FlagTerminator,
  JsonOpen,
  JsonString,
  JsonValue,
  JsonComma,
  JsonClose,
  HeredocMarker,
  AsKeyword,
  HealthcheckType,
  LegacyKey,
  KeyValueWord,
  Word,
  ShellText,
  Garbage,
];
