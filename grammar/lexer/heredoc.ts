/**
 * Finds heredoc markers the way BuildKit does: the joined instruction line is split into shell words by its
 * variable-expansion lexer (quotes and backslash escapes kept raw, unset variables left as written, escape
 * character always `\`), and every word of the form `[digits]<<[-][blanks]WORD` with a non-empty WORD free of
 * `<` starts a heredoc. If that lexer fails on the line (an unterminated quote, a malformed `${`), BuildKit finds
 * no heredoc at all, and neither do we.
 */
import { isGoSpace } from '../text/chars.js';

export interface HeredocMarkerInfo {
  /** Logical offsets of the marker word (e.g. `<<-"EOF"`). */
  start: number;
  end: number;
  /** The delimiter with quotes removed. */
  name: string;
  /** False when any part of the delimiter is quoted: the body is then taken literally. */
  expand: boolean;
  /** `<<-`: leading tabs are stripped from body lines and from the terminator. */
  chomp: boolean;
  /** File descriptor prefix, e.g. 3 in `3<<EOF`; 0 when absent. */
  fd: number;
  /** Set when BuildKit would reject the marker outright. */
  error?: string;
}

class LexError extends Error {}

interface Word {
  text: string;
  start: number;
  end: number;
}

/** A port of the semantics (not the code) of BuildKit's shell word splitter, for heredoc detection only. */
class WordLexer {
  pos = 0;
  constructor(
    private readonly s: string,
    private readonly rawQuotes: boolean,
    private readonly rawEscapes: boolean,
  ) {}

  private peek(): number {
    return this.pos < this.s.length ? this.s.charCodeAt(this.pos) : -1;
  }
  private next(): number {
    return this.pos < this.s.length ? this.s.charCodeAt(this.pos++) : -1;
  }

  words(): Word[] {
    return this.stopOn(-1, this.rawEscapes).words;
  }

  private stopOn(stop: number, rawEscapes: boolean): { text: string; words: Word[] } {
    let result = '';
    const words: Word[] = [];
    let buf = '';
    let inWord = false;
    let wStart = 0;
    let wEnd = 0;
    const flush = (): void => {
      if (buf.length > 0) words.push({ text: buf, start: wStart, end: wEnd });
      buf = '';
      inWord = false;
    };
    const addRaw = (str: string, from: number, to: number): void => {
      if (!inWord) wStart = from;
      buf += str;
      inWord = true;
      wEnd = to;
    };
    const addChar = (ch: number, from: number, to: number): void => {
      if (isGoSpace(ch)) {
        if (inWord && buf.length > 0) flush();
      } else {
        addRaw(String.fromCharCode(ch), from, to);
      }
    };
    while (this.peek() !== -1) {
      const ch = this.peek();
      if (stop !== -1 && ch === stop) {
        this.next();
        if (buf.length > 0) flush();
        return { text: result, words };
      }
      const from = this.pos;
      if (ch === 0x24 /* $ */) {
        const tmp = this.dollar();
        result += tmp;
        // Expanded text is split on whitespace; unset variables come back as written.
        if (!/\s/.test(tmp)) addRaw(tmp, from, this.pos);
        else for (let k = 0; k < tmp.length; k++) addChar(tmp.charCodeAt(k), from, this.pos);
      } else if (ch === 0x3c /* < */) {
        const tmp = this.possibleHeredoc();
        result += tmp;
        addRaw(tmp, from, this.pos);
      } else if (ch === 0x27 /* ' */) {
        const tmp = this.singleQuote();
        result += tmp;
        addRaw(tmp, from, this.pos);
      } else if (ch === 0x22 /* " */) {
        const tmp = this.doubleQuote();
        result += tmp;
        addRaw(tmp, from, this.pos);
      } else {
        let c = this.next();
        if (c === 0x5c /* \ */) {
          if (rawEscapes) {
            addRaw('\\', from, this.pos);
            result += '\\';
          }
          c = this.next();
          if (c === -1) break;
          addRaw(String.fromCharCode(c), from, this.pos);
        } else {
          addChar(c, from, this.pos);
        }
        result += String.fromCharCode(c);
      }
    }
    if (stop !== -1) throw new LexError('unexpected end of statement');
    if (buf.length > 0) flush();
    return { text: result, words };
  }

  private singleQuote(): string {
    let out = '';
    const open = this.next();
    if (this.rawQuotes) out += String.fromCharCode(open);
    for (;;) {
      const c = this.next();
      if (c === -1) throw new LexError('unterminated single quote');
      if (c === 0x27) {
        if (this.rawQuotes) out += "'";
        return out;
      }
      out += String.fromCharCode(c);
    }
  }

  private doubleQuote(): string {
    let out = '';
    const open = this.next();
    if (this.rawQuotes) out += String.fromCharCode(open);
    for (;;) {
      const p = this.peek();
      if (p === -1) throw new LexError('unterminated double quote');
      if (p === 0x22) {
        this.next();
        if (this.rawQuotes) out += '"';
        return out;
      }
      if (p === 0x24) {
        out += this.dollar();
        continue;
      }
      let c = this.next();
      if (c === 0x5c) {
        if (this.rawEscapes) out += '\\';
        const q = this.peek();
        if (q === -1) continue;
        if (q === 0x22 || q === 0x24 || q === 0x5c) c = this.next();
      }
      out += String.fromCharCode(c);
    }
  }

  private dollar(): string {
    this.next();
    if (this.peek() !== 0x7b /* { */) {
      const name = this.name();
      return name === '' ? '$' : '$' + name;
    }
    this.next();
    const p = this.peek();
    if (p === -1 || p === 0x7b || p === 0x7d || p === 0x3a) throw new LexError('bad substitution');
    const name = this.name();
    const ch = this.next();
    if (ch === 0x7d) return '${' + name + '}';
    let chs = ch === -1 ? '' : String.fromCharCode(ch);
    let op = ch;
    let nullIsUnset = false;
    if (ch === 0x3a /* : */) {
      nullIsUnset = true;
      op = this.next();
      chs += op === -1 ? '' : String.fromCharCode(op);
    }
    if (nullIsUnset || op === 0x2b || op === 0x2d || op === 0x3f || op === 0x23 || op === 0x25) {
      const raw = op === 0x23 || op === 0x25;
      if (nullIsUnset && raw) throw new LexError('unsupported modifier');
      const word = this.stopOn(0x7d, raw).text;
      return '${' + name + chs + word + '}';
    }
    if (ch === 0x2f /* / */) {
      if (this.peek() === 0x2f) this.next();
      const pattern = this.stopOn(0x2f, true).text;
      const replacement = this.stopOn(0x7d, true).text;
      return '${' + name + '/' + pattern + '/' + replacement + '}';
    }
    throw new LexError('unsupported modifier');
  }

  private name(): string {
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === -1) return out;
      if (out.length === 0 && c >= 0x30 && c <= 0x39) {
        while (this.peek() >= 0x30 && this.peek() <= 0x39) out += String.fromCharCode(this.next());
        return out;
      }
      if (out.length === 0 && '@*#?-$!0'.includes(String.fromCharCode(c))) {
        this.next();
        return String.fromCharCode(c);
      }
      const s = String.fromCharCode(c);
      if (!/[\p{L}\p{Nd}_]/u.test(s)) return out;
      out += s;
      this.next();
    }
  }

  private possibleHeredoc(): string {
    this.next();
    if (this.peek() !== 0x3c) return '<';
    this.next();
    let out = '<<';
    for (let c = this.peek(); c === 0x09 || c === 0x0d || c === 0x20; c = this.peek()) {
      out += String.fromCharCode(c);
      this.next();
    }
    return out;
  }
}

function lexWords(s: string, rawQuotes: boolean, rawEscapes: boolean): Word[] | undefined {
  try {
    return new WordLexer(s, rawQuotes, rawEscapes).words();
  } catch (e) {
    if (e instanceof LexError) return undefined;
    throw e;
  }
}

const MARKER = /^(\d*)<<(-?)[\t\n\f\r ]*([^<]*)$/;

function countQuotes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x27) n++;
  }
  return n;
}

/** Heredoc markers in a joined instruction line (logical text), in order. */
export function findHeredocMarkers(line: string): HeredocMarkerInfo[] {
  if (!line.includes('<<')) return [];
  const words = lexWords(line, true, true);
  if (!words) return [];
  const out: HeredocMarkerInfo[] = [];
  for (const w of words) {
    const m = MARKER.exec(w.text);
    if (!m) continue;
    const rest = m[3] as string;
    if (rest.length === 0) continue;
    const cooked = lexWords(rest, false, false);
    const base = { start: w.start, end: w.end, chomp: m[2] === '-', fd: m[1] ? Number.parseInt(m[1], 10) : 0 };
    if (!cooked) {
      out.push({ ...base, name: rest, expand: true, error: `cannot read the heredoc delimiter \`${rest}\`` });
      continue;
    }
    if (cooked.length !== 1) continue;
    const raw = lexWords(rest, true, false);
    const name = (cooked[0] as Word).text;
    const rawName = raw && raw.length === 1 ? (raw[0] as Word).text : name;
    out.push({ ...base, name, expand: countQuotes(name) === countQuotes(rawName) });
  }
  return out;
}
