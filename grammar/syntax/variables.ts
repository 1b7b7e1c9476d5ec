/**
 * Variable references: `$name`, `${name}` and `${name<modifier>word}`.
 *
 * `expandWord` follows BuildKit's expansion semantics for the words the builder expands (FROM, COPY paths, ENV,
 * LABEL, ARG, WORKDIR, USER, …): quotes, the escape character, the supported modifiers, and errors for the ones
 * it rejects. It records every reference with its logical range and, given an environment, computes the value.
 * `scanShellVariables` is a lenient scan for text the shell expands (RUN, CMD), which supports far more.
 */

import { compileGlob, replaceGlob, trimGlob, type Meter } from './glob.js';

export type Modifier = ':-' | '-' | ':+' | '+' | ':?' | '?' | '#' | '##' | '%' | '%%' | '/' | '//';

export interface VariableRef {
  name: string;
  /** Logical offsets of the whole reference (`$x`, `${x:-y}`). */
  start: number;
  end: number;
  /** Logical offsets of the name. */
  nameStart: number;
  nameEnd: number;
  braced: boolean;
  modifier?: Modifier;
  /** Positional (`$1`) and special (`$@`, `$?`) parameters: always unset in a Dockerfile. */
  special: boolean;
  /** References nested in the modifier's word(s). */
  nested: VariableRef[];
}

export interface ExpansionError {
  start: number;
  end: number;
  message: string;
  /**
   * Set when berth stopped expanding because of one of its own limits (see `EXPANSION_LIMITS`), not because the
   * builder would reject the text: the value is then unknown to berth, the word may be fine for Docker.
   */
  limit?: true;
}

/**
 * What berth follows when it expands variables, so that no Dockerfile can make it build strings without end: ARGs
 * that each double the previous value (`ARG A2=${A1}${A1}`) reach a gigabyte in thirty lines. No real Dockerfile
 * comes near these (the largest value in the shared corpus of 2,196 files is a few kilobytes).
 */
export const EXPANSION_LIMITS = {
  /**
   * Characters that one word may take from the variables it references (after nested expansion), with those its
   * modifiers build (`${v//a/${v}}` puts v into itself once per `a`).
   */
  valueChars: 1 << 20,
  /** `${…}` nested inside the word of a modifier (`${a:-${b:-…}}`), deepest level followed. */
  depth: 64,
} as const;

/**
 * What all the expansions of one file may still produce, shared by everything that expands with it (the semantic
 * model, the rules): characters taken from variables or built by modifiers plus the steps of pattern matching
 * (`${v##*.}`). Sized from the file, so the work is bounded by a multiple of its length. Once spent, values are
 * unknown from there on.
 */
export class ExpansionBudget {
  /** What is left. */
  remaining: number;
  /** Set on the first expansion that found it spent. */
  spent = false;
  constructor(readonly total: number) {
    this.remaining = total;
  }
  /** The budget of a text of `length` characters: 16 Mi + 16 per character. */
  static forText(length: number): ExpansionBudget {
    return new ExpansionBudget(16 * EXPANSION_LIMITS.valueChars + 16 * length);
  }
}

/**
 * What a name resolves to: a string, `null` when the variable is known to be unset, `undefined` when berth
 * cannot know (a variable of the base image, a build argument without default).
 */
export type EnvLookup = (name: string) => string | null | undefined;

export interface ExpansionResult {
  /** The expanded word, or undefined when it depends on something unknown. */
  value: string | undefined;
  refs: VariableRef[];
  errors: ExpansionError[];
}

export interface ExpandOptions {
  escape?: number;
  /** Quotes are literal (COPY/ADD heredoc bodies). */
  skipQuotes?: boolean;
  env?: EnvLookup;
  /** Shared by the expansions of one file; without it, each call may spend `EXPANSION_LIMITS.valueChars` × 4. */
  budget?: ExpansionBudget;
}

const SPECIAL = '@*#?-$!0';

class Expander implements Meter {
  pos: number;
  readonly refs: VariableRef[] = [];
  readonly errors: ExpansionError[] = [];
  unknown = false;
  private readonly esc: number;
  private readonly skipQuotes: boolean;
  private readonly env: EnvLookup;
  private readonly budget: ExpansionBudget;
  /** Characters this word has taken from variables so far. */
  private taken = 0;
  /** `${` levels open around the current position. */
  private depth = 0;
  /** The reference being expanded (for the range of a limit's error). */
  private current: { start: number; end: number } = { start: 0, end: 0 };

  constructor(
    private readonly s: string,
    private readonly end: number,
    start: number,
    opts: ExpandOptions,
  ) {
    this.pos = start;
    this.esc = opts.escape ?? 0x5c;
    this.skipQuotes = opts.skipQuotes ?? false;
    this.env = opts.env ?? (() => undefined);
    this.budget = opts.budget ?? new ExpansionBudget(4 * EXPANSION_LIMITS.valueChars);
  }

  /** Spends `steps` of the budget (characters produced, pattern steps); throws a limit's Fail when it is spent. */
  charge(steps: number): void {
    const b = this.budget;
    if (b.remaining >= steps) {
      b.remaining -= steps;
      return;
    }
    b.remaining = 0;
    const first = !b.spent;
    b.spent = true;
    const { start, end } = this.current;
    throw new Fail(
      start,
      end,
      first
        ? 'berth stops computing variable values here: the expansions of this file have used up what berth spends on them for a file ' +
            `of this size (${b.total.toLocaleString('en-US')} characters taken from variables or compared with patterns); from here on it treats values as unknown`
        : '',
      true,
    );
  }

  /** A value taken from a variable: counted against the word's and the file's limits. */
  private take(value: string, ref: { start: number; end: number }): string {
    if (value.length === 0) return value;
    this.current = ref;
    this.count(value.length, 'variable');
    return value;
  }

  /**
   * Characters a modifier (`${v/p/r}`, `${v#p}`, …) is about to build into the value of the reference being
   * expanded, called as it builds them: counted like the characters of a value taken from a variable, so that
   * a replacement that multiplies a value stops at the same limits before the string exists.
   */
  output(chars: number): void {
    if (chars > 0) this.count(chars, 'modifier');
  }

  /** Counts `chars` characters of this word's value against the word's limit and the file's budget. */
  private count(chars: number, from: 'variable' | 'modifier'): void {
    this.taken += chars;
    if (this.taken > EXPANSION_LIMITS.valueChars) {
      const { start, end } = this.current;
      const limit = EXPANSION_LIMITS.valueChars.toLocaleString('en-US');
      throw new Fail(
        start,
        end,
        from === 'variable'
          ? `berth stops expanding this word here: with this variable it would take more than ${limit} characters ` +
              'from variables, more than berth follows (values that double from one ARG or ENV to the next grow this way); it treats the value as unknown'
          : `berth stops expanding this word here: this pattern replacement would make it longer than ${limit} characters, ` +
              'more than berth follows (a replacement that holds the value itself grows this way); it treats the value as unknown',
        true,
      );
    }
    this.charge(chars);
  }

  private peek(): number {
    return this.pos < this.end ? this.s.charCodeAt(this.pos) : -1;
  }
  private next(): number {
    return this.pos < this.end ? this.s.charCodeAt(this.pos++) : -1;
  }

  /**
   * Reads up to `stop` (consumed) or the end. Returns the processed text. Throws on a syntax error. Runs of
   * ordinary characters are copied as one slice.
   */
  word(stop: number, rawEscapes: boolean, refs: VariableRef[]): string {
    const s = this.s;
    const end = this.end;
    const esc = this.esc;
    const quotes = !this.skipQuotes;
    let out = '';
    while (this.pos < end) {
      const ch = s.charCodeAt(this.pos);
      if (ch === stop) {
        this.pos++;
        return out;
      }
      if (ch === 0x24) out += this.dollar(refs);
      else if (quotes && ch === 0x27) out += this.singleQuote();
      else if (quotes && ch === 0x22) out += this.doubleQuote(refs);
      else if (ch === esc) {
        this.pos++;
        if (rawEscapes) out += String.fromCharCode(esc);
        if (this.pos >= end) break;
        out += s.charAt(this.pos++);
      } else {
        const from = this.pos;
        let p = from + 1;
        while (p < end) {
          const c = s.charCodeAt(p);
          if (c === stop || c === 0x24 || c === esc || (quotes && (c === 0x27 || c === 0x22))) break;
          p++;
        }
        out += s.slice(from, p);
        this.pos = p;
      }
    }
    if (stop !== -1) throw new Fail(this.pos, this.pos, stop === 0x7d ? 'missing `}` to close `${`' : "missing '/' in `${name/pattern/replacement}`");
    return out;
  }

  private singleQuote(): string {
    const open = this.pos;
    const close = this.s.indexOf("'", open + 1);
    if (close < 0 || close >= this.end) {
      this.pos = this.end;
      throw new Fail(open, open + 1, 'this single quote is never closed');
    }
    this.pos = close + 1;
    return this.s.slice(open + 1, close);
  }

  private doubleQuote(refs: VariableRef[]): string {
    const s = this.s;
    const end = this.end;
    const esc = this.esc;
    const open = this.pos;
    this.pos++;
    let out = '';
    for (;;) {
      if (this.pos >= end) throw new Fail(open, open + 1, 'this double quote is never closed');
      const p = s.charCodeAt(this.pos);
      if (p === 0x22) {
        this.pos++;
        return out;
      }
      if (p === 0x24) {
        out += this.dollar(refs);
        continue;
      }
      if (p === esc) {
        this.pos++;
        if (this.pos >= end) continue;
        const q = s.charCodeAt(this.pos);
        if (q === 0x22 || q === 0x24 || q === esc) {
          out += String.fromCharCode(q);
          this.pos++;
        } else out += String.fromCharCode(esc);
        continue;
      }
      const from = this.pos;
      let i = from + 1;
      while (i < end) {
        const c = s.charCodeAt(i);
        if (c === 0x22 || c === 0x24 || c === esc) break;
        i++;
      }
      out += s.slice(from, i);
      this.pos = i;
    }
  }

  private lookup(name: string, special: boolean): string | null | undefined {
    if (special) return null;
    return this.env(name);
  }

  private name(): { name: string; special: boolean } {
    const start = this.pos;
    const c = this.peek();
    if (c >= 0x30 && c <= 0x39) {
      while (this.peek() >= 0x30 && this.peek() <= 0x39) this.next();
      return { name: this.s.slice(start, this.pos), special: true };
    }
    if (c !== -1 && SPECIAL.includes(String.fromCharCode(c))) {
      this.next();
      return { name: String.fromCharCode(c), special: true };
    }
    while (this.pos < this.end && /[\p{L}\p{Nd}_]/u.test(this.s.charAt(this.pos))) this.pos++;
    return { name: this.s.slice(start, this.pos), special: false };
  }

  private dollar(refs: VariableRef[]): string {
    const start = this.pos;
    this.next();
    if (this.peek() !== 0x7b) {
      const nameStart = this.pos;
      const { name, special } = this.name();
      if (name === '') return '$';
      const ref: VariableRef = { name, start, end: this.pos, nameStart, nameEnd: this.pos, braced: false, special, nested: [] };
      refs.push(ref);
      const v = this.lookup(name, special);
      if (v === undefined) this.unknown = true;
      return v ? this.take(v, ref) : '';
    }
    if (this.depth >= EXPANSION_LIMITS.depth) {
      throw new Fail(
        start,
        this.closeOf(start),
        `berth stops expanding this word here: \`\${…}\` is nested more than ${EXPANSION_LIMITS.depth} levels deep, more than berth follows; it treats the value as unknown`,
        true,
      );
    }
    this.depth++;
    try {
      return this.braced(refs, start);
    } finally {
      this.depth--;
    }
  }

  /** `${…}`, from after the `$`. */
  private braced(refs: VariableRef[], start: number): string {
    this.next();
    const p = this.peek();
    if (p === -1) throw new Fail(start, this.pos, 'missing `}` to close `${`');
    if (p === 0x7b || p === 0x7d || p === 0x3a) {
      throw new Fail(start, this.closeOf(start), p === 0x7d ? '`${}` names no variable' : 'bad substitution: a variable name must follow `${`');
    }
    const nameStart = this.pos;
    const { name, special } = this.name();
    const nameEnd = this.pos;
    const ref: VariableRef = { name, start, end: nameEnd, nameStart, nameEnd, braced: true, special, nested: [] };
    const ch = this.next();
    if (ch === 0x7d) {
      ref.end = this.pos;
      refs.push(ref);
      const v = this.lookup(name, special);
      if (v === undefined) this.unknown = true;
      return v ? this.take(v, ref) : '';
    }
    if (ch === -1) throw new Fail(start, this.pos, 'missing `}` to close `${`');
    let op = ch;
    let nullIsUnset = false;
    if (ch === 0x3a) {
      nullIsUnset = true;
      op = this.next();
    }
    const isWordOp = op === 0x2d || op === 0x2b || op === 0x3f || op === 0x23 || op === 0x25;
    if (nullIsUnset && (op === 0x23 || op === 0x25)) {
      throw new Fail(start, this.closeOf(start), unsupported(this.s.slice(start, this.closeOf(start))));
    }
    if (isWordOp) {
      let modifier = (nullIsUnset ? ':' : '') + String.fromCharCode(op);
      const greedyOp = (op === 0x23 || op === 0x25) && this.peek() === op;
      if (greedyOp) {
        this.next();
        modifier += String.fromCharCode(op);
      }
      const word = this.word(0x7d, op === 0x23 || op === 0x25, ref.nested);
      ref.end = this.pos;
      ref.modifier = modifier as Modifier;
      refs.push(ref);
      return this.apply(ref, word, undefined);
    }
    if (nullIsUnset) {
      throw new Fail(start, this.closeOf(start), unsupported(this.s.slice(start, this.closeOf(start))));
    }
    if (op === 0x2f) {
      let modifier: Modifier = '/';
      if (this.peek() === 0x2f) {
        this.next();
        modifier = '//';
      }
      const pattern = this.word(0x2f, true, ref.nested);
      const replacement = this.word(0x7d, true, ref.nested);
      ref.end = this.pos;
      ref.modifier = modifier;
      refs.push(ref);
      return this.apply(ref, pattern, replacement);
    }
    throw new Fail(start, this.closeOf(start), unsupported(this.s.slice(start, this.closeOf(start))));
  }

  /** End of the `${…}` starting at `start` (after its `}`), or the end of the text: for error ranges. */
  private closeOf(start: number): number {
    let depth = 0;
    for (let i = start; i < this.end; i++) {
      const c = this.s.charCodeAt(i);
      if (c === 0x7b) depth++;
      else if (c === 0x7d && --depth === 0) return i + 1;
    }
    return this.end;
  }

  private apply(ref: VariableRef, word: string, replacement: string | undefined): string {
    const v = this.lookup(ref.name, ref.special);
    if (v === undefined) {
      this.unknown = true;
      return '';
    }
    const set = v !== null;
    const value = v ?? '';
    this.current = ref;
    switch (ref.modifier) {
      case ':-':
        return set && value !== '' ? this.take(value, ref) : word;
      case '-':
        return set ? this.take(value, ref) : word;
      case ':+':
        return set && value !== '' ? word : '';
      case '+':
        return set ? word : '';
      case ':?':
      case '?':
        if (!set || (ref.modifier === ':?' && value === '')) {
          const why = word || (set ? 'is not allowed to be empty' : 'is not allowed to be unset');
          this.errors.push({ start: ref.start, end: ref.end, message: `${ref.name}: ${why}` });
        }
        return this.take(value, ref);
      case '#':
      case '##':
      case '%':
      case '%%': {
        const glob = compileGlob(word);
        if (!glob) return this.take(value, ref);
        // Counted (by `output`) as it is cut, like the result of a replacement.
        return trimGlob(value, glob, ref.modifier.length === 2, ref.modifier.charAt(0) === '#' ? 'prefix' : 'suffix', this);
      }
      case '/':
      case '//': {
        const glob = compileGlob(word);
        if (!glob) return this.take(value, ref);
        // Counted (by `output`) part by part while it is built, before the whole string exists.
        return replaceGlob(value, glob, replacement ?? '', ref.modifier === '//', this);
      }
      default:
        return this.take(value, ref);
    }
  }
}

class Fail extends Error {
  constructor(
    readonly start: number,
    readonly end: number,
    message: string,
    /** One of berth's limits, not an error of the text. */
    readonly limit = false,
  ) {
    super(message);
  }
}

function unsupported(text: string): string {
  let what = 'this form';
  if (/^\$\{[^}]*:=/.test(text) || /^\$\{\w+=/.test(text)) what = 'assigning a default with `=`';
  else if (/^\$\{#/.test(text)) what = 'the length operator `${#name}`';
  else if (/^\$\{\w+:[\d-]/.test(text) || /^\$\{\w+: /.test(text)) what = 'taking a substring with `${name:offset}`';
  else if (/^\$\{\w+[\^,]/.test(text)) what = 'changing case with `^` or `,`';
  else if (/^\$\{\w+:[#%]/.test(text)) what = '`:#` and `:%`';
  else if (/^\$\{!/.test(text)) what = 'indirect expansion `${!name}`';
  return (
    `\`${text}\` cannot be expanded: ${what} is not supported in Dockerfiles. BuildKit supports ` +
    '`${name:-default}`, `${name:+alternative}`, `${name#prefix}`, `${name%suffix}` and `${name/pattern/replacement}` (and their variants).'
  );
}

/**
 * Expands `s[start, end)` as the builder would: quote removal, escapes, variables. Never throws: syntax errors
 * come back in `errors` (and the value is then undefined).
 */
export function expandWord(s: string, start: number, end: number, opts: ExpandOptions = {}): ExpansionResult {
  // Most words hold nothing to expand: no `$`, no quote, no escape character. They stand for themselves.
  const esc = opts.escape ?? 0x5c;
  let plain = true;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x24 || c === esc || (!opts.skipQuotes && (c === 0x22 || c === 0x27))) {
      plain = false;
      break;
    }
  }
  if (plain) return { value: s.slice(start, end), refs: [], errors: [] };
  const ex = new Expander(s, end, start, opts);
  try {
    const value = ex.word(-1, false, ex.refs);
    return { value: ex.unknown ? undefined : value, refs: ex.refs, errors: ex.errors };
  } catch (e) {
    if (!(e instanceof Fail)) throw e;
    // Keep the references found so far, and scan the rest leniently so later references are not lost.
    const refs = ex.refs.slice();
    for (const r of scanShellVariables(s, e.end, end)) refs.push(r);
    // A spent budget is said once per file (on the expansion that spent it); after that values are just unknown.
    if (e.limit && e.message === '') return { value: undefined, refs, errors: ex.errors };
    const error: ExpansionError = { start: e.start, end: e.end, message: e.message };
    if (e.limit) error.limit = true;
    return { value: undefined, refs, errors: [...ex.errors, error] };
  }
}

/** All references in every nesting level, outermost first. */
export function flattenRefs(refs: VariableRef[]): VariableRef[] {
  const out: VariableRef[] = [];
  const visit = (list: VariableRef[]): void => {
    for (const r of list) {
      out.push(r);
      visit(r.nested);
    }
  };
  visit(refs);
  return out;
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/**
 * References in shell text (RUN, CMD, ENTRYPOINT shell form, RUN heredoc bodies): `$name` and `${name…}`
 * outside single quotes. Lenient: the shell supports every modifier, so nothing here is an error.
 */
export function scanShellVariables(s: string, start: number, end: number): VariableRef[] {
  const out: VariableRef[] = [];
  let i = start;
  let inDouble = false;
  while (i < end) {
    const c = s.charAt(i);
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === "'" && !inDouble) {
      const close = s.indexOf("'", i + 1);
      i = close < 0 || close >= end ? end : close + 1;
      continue;
    }
    if (c === '"') {
      inDouble = !inDouble;
      i++;
      continue;
    }
    if (c !== '$') {
      i++;
      continue;
    }
    const n = s.charAt(i + 1);
    if (n === '{') {
      let j = i + 2;
      while (j < end && (s.charAt(j) === '#' || s.charAt(j) === '!')) j++;
      const nameStart = j;
      while (j < end && NAME_CHAR.test(s.charAt(j))) j++;
      const nameEnd = j;
      let depth = 1;
      let k = i + 2;
      while (k < end && depth > 0) {
        const ch = s.charAt(k);
        if (ch === '{') depth++;
        else if (ch === '}') depth--;
        k++;
      }
      if (nameEnd > nameStart && NAME_START.test(s.charAt(nameStart))) {
        out.push({ name: s.slice(nameStart, nameEnd), start: i, end: k, nameStart, nameEnd, braced: true, special: false, nested: [] });
      }
      i = nameEnd > i + 2 ? nameEnd : i + 2;
      continue;
    }
    if (NAME_START.test(n)) {
      let j = i + 2;
      while (j < end && NAME_CHAR.test(s.charAt(j))) j++;
      out.push({ name: s.slice(i + 1, j), start: i, end: j, nameStart: i + 1, nameEnd: j, braced: false, special: false, nested: [] });
      i = j;
      continue;
    }
    i++;
  }
  return out;
}
