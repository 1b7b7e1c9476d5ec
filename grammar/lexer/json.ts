/**
 * Recognises BuildKit's exec form. BuildKit hands the (joined) rest of the line to Go's `encoding/json` as a
 * `[]any`: anything that is not exactly one JSON array followed by whitespace falls back to shell form, silently;
 * a valid array holding a non-string is a hard error. This is a strict RFC 8259 reader with Go's behaviour.
 */

export interface JsonElement {
  /** Logical offsets of the element's text (quotes included for strings). */
  start: number;
  end: number;
  /** The decoded value for strings; undefined for any other JSON value. */
  value: string | undefined;
}

export interface JsonArrayShape {
  open: number;
  close: number;
  elements: JsonElement[];
  commas: number[];
}

const enum C {
  Space = 0x20,
  Tab = 0x09,
  Lf = 0x0a,
  Cr = 0x0d,
  Quote = 0x22,
  Backslash = 0x5c,
  Comma = 0x2c,
  Colon = 0x3a,
  LBracket = 0x5b,
  RBracket = 0x5d,
  LBrace = 0x7b,
  RBrace = 0x7d,
  Minus = 0x2d,
  Plus = 0x2b,
  Dot = 0x2e,
  Zero = 0x30,
  Nine = 0x39,
}

class Reader {
  pos: number;
  constructor(
    readonly s: string,
    start: number,
  ) {
    this.pos = start;
  }
  ws(): void {
    const s = this.s;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === C.Space || c === C.Tab || c === C.Lf || c === C.Cr) this.pos++;
      else break;
    }
  }
  peek(): number {
    return this.pos < this.s.length ? this.s.charCodeAt(this.pos) : -1;
  }
}

function isDigit(c: number): boolean {
  return c >= C.Zero && c <= C.Nine;
}

function hex4(s: string, i: number): number {
  if (i + 4 > s.length) return -1;
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const c = s.charCodeAt(i + k);
    let d: number;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if (c >= 0x61 && c <= 0x66) d = c - 0x61 + 10;
    else if (c >= 0x41 && c <= 0x46) d = c - 0x41 + 10;
    else return -1;
    v = v * 16 + d;
  }
  return v;
}

/** Reads a JSON string at `r.pos` (which is a quote); returns the decoded value or undefined if malformed. */
function readString(r: Reader): string | undefined {
  const s = r.s;
  let i = r.pos + 1;
  let out = '';
  let chunk = i;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === C.Quote) {
      out += s.slice(chunk, i);
      r.pos = i + 1;
      return out;
    }
    if (c < 0x20) return undefined;
    if (c === C.Backslash) {
      out += s.slice(chunk, i);
      const e = s.charCodeAt(i + 1);
      switch (e) {
        case 0x22: out += '"'; i += 2; break;
        case 0x5c: out += '\\'; i += 2; break;
        case 0x2f: out += '/'; i += 2; break;
        case 0x62: out += '\b'; i += 2; break;
        case 0x66: out += '\f'; i += 2; break;
        case 0x6e: out += '\n'; i += 2; break;
        case 0x72: out += '\r'; i += 2; break;
        case 0x74: out += '\t'; i += 2; break;
        case 0x75: {
          const u = hex4(s, i + 2);
          if (u < 0) return undefined;
          i += 6;
          if (u >= 0xd800 && u <= 0xdbff) {
            // Go pairs a high surrogate with a following \uDC00-\uDFFF escape; otherwise it becomes U+FFFD.
            if (s.charCodeAt(i) === C.Backslash && s.charCodeAt(i + 1) === 0x75) {
              const lo = hex4(s, i + 2);
              if (lo >= 0xdc00 && lo <= 0xdfff) {
                out += String.fromCharCode(u, lo);
                i += 6;
                break;
              }
            }
            out += '\ufffd';
          } else if (u >= 0xdc00 && u <= 0xdfff) {
            out += '\ufffd';
          } else {
            out += String.fromCharCode(u);
          }
          break;
        }
        default:
          return undefined;
      }
      chunk = i;
      continue;
    }
    i++;
  }
  return undefined;
}

function readNumber(r: Reader): boolean {
  const s = r.s;
  let i = r.pos;
  if (s.charCodeAt(i) === C.Minus) i++;
  const c = s.charCodeAt(i);
  if (c === C.Zero) i++;
  else if (isDigit(c)) while (isDigit(s.charCodeAt(i))) i++;
  else return false;
  if (s.charCodeAt(i) === C.Dot) {
    i++;
    if (!isDigit(s.charCodeAt(i))) return false;
    while (isDigit(s.charCodeAt(i))) i++;
  }
  const e = s.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i++;
    const sign = s.charCodeAt(i);
    if (sign === C.Plus || sign === C.Minus) i++;
    if (!isDigit(s.charCodeAt(i))) return false;
    while (isDigit(s.charCodeAt(i))) i++;
  }
  r.pos = i;
  return true;
}

/** Go's encoding/json refuses more than this many nested arrays and objects ("exceeded max depth"). */
const MAX_NESTING_DEPTH = 10000;

/** Skips a string, `true`, `false`, `null` or a number at `r.pos` (`c`); false if it is none of them or malformed. */
function skipScalar(r: Reader, c: number): boolean {
  const s = r.s;
  switch (c) {
    case C.Quote:
      return readString(r) !== undefined;
    case 0x74: // true
      if (s.startsWith('true', r.pos)) { r.pos += 4; return true; }
      return false;
    case 0x66: // false
      if (s.startsWith('false', r.pos)) { r.pos += 5; return true; }
      return false;
    case 0x6e: // null
      if (s.startsWith('null', r.pos)) { r.pos += 4; return true; }
      return false;
    default:
      if (c === C.Minus || isDigit(c)) return readNumber(r);
      return false;
  }
}

/** After an object's `{` or `,` and the whitespace after it: reads `"key"`, whitespace, `:` and whitespace. */
function skipKey(r: Reader): boolean {
  if (r.peek() !== C.Quote || readString(r) === undefined) return false;
  r.ws();
  if (r.peek() !== C.Colon) return false;
  r.pos++;
  r.ws();
  return true;
}

/**
 * Skips any JSON value at `r.pos`; false if malformed. `depth` is how many arrays and objects already enclose it:
 * like Go, no more than MAX_NESTING_DEPTH may be open at once. Iterative, with its own stack of the brackets still
 * open, so any nesting is read in linear time and none can overflow the call stack.
 */
function skipValue(r: Reader, depth: number): boolean {
  /** The closing bracket each open array or object waits for, innermost last. */
  const open: number[] = [];
  for (;;) {
    // At the start of a value.
    const c = r.peek();
    if (c === C.LBracket || c === C.LBrace) {
      if (depth + open.length + 1 > MAX_NESTING_DEPTH) return false;
      const close = c === C.LBracket ? C.RBracket : C.RBrace;
      r.pos++;
      r.ws();
      if (r.peek() !== close) {
        open.push(close);
        if (close === C.RBrace && !skipKey(r)) return false;
        continue;
      }
      r.pos++;
    } else if (!skipScalar(r, c)) {
      return false;
    }
    // After a complete value: close what it completes, up to the next element or the end of the outermost value.
    for (;;) {
      const close = open[open.length - 1];
      if (close === undefined) return true;
      r.ws();
      const d = r.peek();
      r.pos++;
      if (d === close) {
        open.pop();
        continue;
      }
      if (d !== C.Comma) return false;
      r.ws();
      if (close === C.RBrace && !skipKey(r)) return false;
      break;
    }
  }
}

/**
 * Reads `s` from `start` (which must be `[`) as BuildKit would: the array, then only JSON whitespace to the end.
 * Returns undefined when BuildKit would fall back to shell form.
 */
export function readJsonArray(s: string, start: number): JsonArrayShape | undefined {
  if (s.charCodeAt(start) !== C.LBracket) return undefined;
  const r = new Reader(s, start + 1);
  const elements: JsonElement[] = [];
  const commas: number[] = [];
  r.ws();
  let close: number;
  if (r.peek() === C.RBracket) {
    close = r.pos;
    r.pos++;
  } else {
    for (;;) {
      r.ws();
      const elStart = r.pos;
      let value: string | undefined;
      if (r.peek() === C.Quote) {
        value = readString(r);
        if (value === undefined) return undefined;
      } else if (!skipValue(r, 1)) {
        return undefined;
      }
      elements.push({ start: elStart, end: r.pos, value });
      r.ws();
      const d = r.peek();
      if (d === C.RBracket) {
        close = r.pos;
        r.pos++;
        break;
      }
      if (d !== C.Comma) return undefined;
      commas.push(r.pos);
      r.pos++;
    }
  }
  r.ws();
  if (r.pos !== s.length) return undefined;
  return { open: start, close, elements, commas };
}
