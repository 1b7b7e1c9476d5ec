/**
 * A file's bytes as text, and edits of that text back to bytes, exactly. Pure: no file system.
 *
 * Docker reads a Dockerfile as UTF-8 bytes (it skips a UTF-8 byte order mark) and passes bytes that are not UTF-8
 * on untouched. berth decodes UTF-8, and UTF-16 when the file starts with UTF-16's byte order mark; a byte that is
 * not valid where it stands becomes U+FFFD (one per ill-formed subsequence, as the WHATWG decoder does), and the
 * place is remembered so that it can be reported and, when fixes are written, kept byte for byte.
 * `SourceEditor` applies fixes to the original bytes: only the bytes an edit covers change.
 */
import type { TextRange } from '../grammar/index.js';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface Decoded {
  /** The text berth lints (a byte order mark stays in it as U+FEFF, as the parser expects). */
  text: string;
  encoding: Encoding;
  /** Ranges of `text` standing for bytes the encoding cannot decode; every character in them is U+FFFD. */
  invalid: TextRange[];
}

export type DecodeResult = Decoded | { unsupported: string };

const REPLACEMENT = 0xfffd;

/** Decodes a file's bytes (see the module comment); UTF-32, which nothing reads as a Dockerfile, is refused. */
export function decode(bytes: Uint8Array): DecodeResult {
  const [b0, b1, b2, b3] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if ((b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) || (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)) {
    return { unsupported: 'it is encoded as UTF-32 (it starts with UTF-32’s byte order mark); Docker reads Dockerfiles as UTF-8' };
  }
  if (b0 === 0xff && b1 === 0xfe) return decodeUtf16(bytes, true).decoded;
  if (b0 === 0xfe && b1 === 0xff) return decodeUtf16(bytes, false).decoded;
  try {
    // The common case, valid UTF-8, in native code; the byte order mark is kept as U+FEFF.
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf-8', invalid: [] };
  } catch {
    return decodeUtf8(bytes).decoded;
  }
}

interface Mapped {
  decoded: Decoded;
  /** The byte offset of each UTF-16 offset of the text and of its end; -1 between the halves of a surrogate pair. */
  offsets: Int32Array;
}

/** Builds a string from code units without the argument-count limit of one `fromCharCode` call. */
function stringOf(units: Uint16Array, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 8192) out += String.fromCharCode(...units.subarray(i, Math.min(length, i + 8192)));
  return out;
}

/** Adds [start, end) to `ranges`, merged with the previous range when they touch. */
function addRange(ranges: TextRange[], start: number, end: number): void {
  const last = ranges[ranges.length - 1];
  if (last && last.end === start) ranges[ranges.length - 1] = { start: last.start, end };
  else ranges.push({ start, end });
}

/**
 * UTF-8 with every ill-formed subsequence replaced by U+FFFD: the longest prefix of a valid sequence that is cut
 * short becomes one U+FFFD, and any other bad byte one each (what TextDecoder does, so the text is the same).
 */
export function decodeUtf8(bytes: Uint8Array): Mapped {
  const n = bytes.length;
  const units = new Uint16Array(n);
  const offsets = new Int32Array(n + 1);
  const invalid: TextRange[] = [];
  let u = 0;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      offsets[u] = i;
      units[u++] = b;
      i++;
      continue;
    }
    let need = 0;
    let lower = 0x80;
    let upper = 0xbf;
    let cp = 0;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      cp = b & 0x0f;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      cp = b & 0x07;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    }
    let j = i + 1;
    let ok = need > 0;
    for (let k = 0; ok && k < need; k++) {
      const c = bytes[j];
      if (c === undefined || c < lower || c > upper) ok = false;
      else {
        cp = (cp << 6) | (c & 0x3f);
        j++;
        lower = 0x80;
        upper = 0xbf;
      }
    }
    offsets[u] = i;
    if (!ok) {
      addRange(invalid, u, u + 1);
      units[u++] = REPLACEMENT;
      i = j;
      continue;
    }
    if (cp > 0xffff) {
      cp -= 0x10000;
      units[u++] = 0xd800 | (cp >> 10);
      offsets[u] = -1;
      units[u++] = 0xdc00 | (cp & 0x3ff);
    } else units[u++] = cp;
    i = j;
  }
  offsets[u] = n;
  return { decoded: { text: stringOf(units, u), encoding: 'utf-8', invalid }, offsets: offsets.subarray(0, u + 1) };
}

/** UTF-16 after its byte order mark (kept as U+FEFF); a lone surrogate or a last odd byte becomes U+FFFD. */
export function decodeUtf16(bytes: Uint8Array, littleEndian: boolean): Mapped {
  const n = bytes.length;
  const count = n >> 1;
  const odd = n % 2 === 1;
  const units = new Uint16Array(count + (odd ? 1 : 0));
  const offsets = new Int32Array(units.length + 1);
  const invalid: TextRange[] = [];
  for (let k = 0; k < count; k++) {
    const lo = bytes[2 * k + (littleEndian ? 0 : 1)] as number;
    const hi = bytes[2 * k + (littleEndian ? 1 : 0)] as number;
    units[k] = (hi << 8) | lo;
    offsets[k] = 2 * k;
  }
  for (let k = 0; k < count; k++) {
    const c = units[k] as number;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = units[k + 1];
      if (k + 1 < count && next !== undefined && next >= 0xdc00 && next <= 0xdfff) {
        offsets[k + 1] = -1;
        k++;
        continue;
      }
    } else if (c < 0xdc00 || c > 0xdfff) continue;
    units[k] = REPLACEMENT;
    addRange(invalid, k, k + 1);
  }
  if (odd) {
    units[count] = REPLACEMENT;
    offsets[count] = n - 1;
    addRange(invalid, count, count + 1);
  }
  offsets[units.length] = n;
  return { decoded: { text: stringOf(units, units.length), encoding: littleEndian ? 'utf-16le' : 'utf-16be', invalid }, offsets };
}

/** Text in an encoding (without a byte order mark). */
export function encode(text: string, encoding: Encoding): Uint8Array {
  if (encoding === 'utf-8') return new TextEncoder().encode(text);
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 * i + (encoding === 'utf-16le' ? 0 : 1)] = c & 0xff;
    out[2 * i + (encoding === 'utf-16le' ? 1 : 0)] = c >> 8;
  }
  return out;
}

/** Whether the text round-trips through `encode` byte for byte (valid UTF-8 does; anything else is edited as bytes). */
export function isPlain(d: Decoded): boolean {
  return d.encoding === 'utf-8' && d.invalid.length === 0;
}

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** A part of the edited file: a range of the original text (its bytes are copied), or text a fix inserted. */
type Piece = TextRange | string;

/**
 * Edits a decoded file and gives back its bytes, in which everything outside the edits is the original bytes:
 * an undecodable byte, a byte order mark, CRLF and lone CR stay exactly as they were. Edits come in rounds (one
 * round of fixes after another), each in offsets of the text as the previous round left it.
 */
export class SourceEditor {
  private pieces: Piece[];
  private mapped: Int32Array | undefined;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly decoded: Decoded,
  ) {
    this.pieces = [{ start: 0, end: decoded.text.length }];
  }

  /** Applies one round of non-overlapping edits. */
  apply(edits: readonly TextEdit[]): void {
    const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
    const out: Piece[] = [];
    const pieces = this.pieces;
    let index = 0;
    let within = 0;
    let pos = 0;
    // Moves `n` characters forward, copying what it passes to `out` unless `drop`.
    const advance = (n: number, drop: boolean): void => {
      while (n > 0) {
        const p = pieces[index];
        if (p === undefined) throw new Error(`an edit reaches past the end of the text (offset ${pos + n})`);
        const length = typeof p === 'string' ? p.length : p.end - p.start;
        const k = Math.min(n, length - within);
        if (!drop && k > 0) out.push(typeof p === 'string' ? p.slice(within, within + k) : { start: p.start + within, end: p.start + within + k });
        within += k;
        n -= k;
        pos += k;
        if (within === length) {
          index++;
          within = 0;
        }
      }
    };
    for (const e of sorted) {
      if (e.start < pos || e.end < e.start) throw new Error(`overlapping or reversed edits at offset ${e.start}`);
      advance(e.start - pos, false);
      advance(e.end - e.start, true);
      if (e.text) out.push(e.text);
    }
    advance(this.length() - pos, false);
    this.pieces = out;
  }

  private length(): number {
    let n = 0;
    for (const p of this.pieces) n += typeof p === 'string' ? p.length : p.end - p.start;
    return n;
  }

  /** The edited text. */
  text(): string {
    const t = this.decoded.text;
    return this.pieces.map((p) => (typeof p === 'string' ? p : t.slice(p.start, p.end))).join('');
  }

  /** The edited file's bytes. */
  encoded(): Uint8Array {
    if (isPlain(this.decoded)) return encode(this.text(), 'utf-8');
    const offsets = (this.mapped ??= this.offsets());
    const parts: Uint8Array[] = [];
    for (const p of this.pieces) {
      if (typeof p === 'string') {
        parts.push(encode(p, this.decoded.encoding));
        continue;
      }
      const from = offsets[p.start] as number;
      const to = offsets[p.end] as number;
      if (from < 0 || to < 0) throw new Error(`an edit splits a character (at offset ${from < 0 ? p.start : p.end})`);
      parts.push(this.bytes.subarray(from, to));
    }
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  private offsets(): Int32Array {
    const enc = this.decoded.encoding;
    const m = enc === 'utf-8' ? decodeUtf8(this.bytes) : decodeUtf16(this.bytes, enc === 'utf-16le');
    if (m.decoded.text !== this.decoded.text) throw new Error('the bytes do not decode to the text berth linted');
    return m.offsets;
  }
}
