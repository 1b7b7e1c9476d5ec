/**
 * Files as bytes: decoding with a map from each UTF-16 offset of the decoded text to the byte where it starts, so
 * that a stretch of text the fixes did not touch can be compared byte for byte between the file before and after
 * `berth lint --fix`. UTF-8 is decoded as the WHATWG decoder (and Node's) does, each maximal invalid sequence
 * becoming one U+FFFD; a file starting with a UTF-16 byte order mark is decoded as UTF-16. The BOM stays in the text
 * (berth keeps it as a character).
 */

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface Decoded {
  encoding: Encoding;
  text: string;
  /** byteAt[i]: the byte where UTF-16 code unit i starts; byteAt[text.length] is the length of the file. */
  byteAt: Int32Array;
}

export function encodingOf(bytes: Uint8Array): Encoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function decode(bytes: Uint8Array, encoding: Encoding = encodingOf(bytes)): Decoded {
  const units: number[] = [];
  const starts: number[] = [];
  const emit = (cp: number, at: number): void => {
    if (cp > 0xffff) {
      const c = cp - 0x10000;
      units.push(0xd800 + (c >> 10), 0xdc00 + (c & 0x3ff));
      starts.push(at, at);
    } else {
      units.push(cp);
      starts.push(at);
    }
  };
  if (encoding !== 'utf-8') {
    const le = encoding === 'utf-16le';
    const unitAt = (i: number): number => (le ? (bytes[i] as number) | ((bytes[i + 1] as number) << 8) : ((bytes[i] as number) << 8) | (bytes[i + 1] as number));
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      const u = unitAt(i);
      // A high surrogate followed by a low one is one character; any other surrogate stands alone and, as the WHATWG
      // decoder has it, becomes U+FFFD.
      if (u >= 0xd800 && u <= 0xdbff && i + 3 < bytes.length) {
        const next = unitAt(i + 2);
        if (next >= 0xdc00 && next <= 0xdfff) {
          units.push(u, next);
          starts.push(i, i);
          i += 2;
          continue;
        }
      }
      emit(u >= 0xd800 && u <= 0xdfff ? 0xfffd : u, i);
    }
    if (bytes.length % 2 === 1) emit(0xfffd, bytes.length - 1);
  } else {
    // The WHATWG UTF-8 decoder, replacement mode.
    let need = 0;
    let seen = 0;
    let cp = 0;
    let lower = 0x80;
    let upper = 0xbf;
    let seqStart = 0;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i] as number;
      if (need === 0) {
        seqStart = i;
        if (b <= 0x7f) emit(b, i);
        else if (b >= 0xc2 && b <= 0xdf) {
          need = 1;
          cp = b & 0x1f;
        } else if (b >= 0xe0 && b <= 0xef) {
          if (b === 0xe0) lower = 0xa0;
          if (b === 0xed) upper = 0x9f;
          need = 2;
          cp = b & 0x0f;
        } else if (b >= 0xf0 && b <= 0xf4) {
          if (b === 0xf0) lower = 0x90;
          if (b === 0xf4) upper = 0x8f;
          need = 3;
          cp = b & 0x07;
        } else emit(0xfffd, i);
        continue;
      }
      if (b < lower || b > upper) {
        need = seen = cp = 0;
        lower = 0x80;
        upper = 0xbf;
        emit(0xfffd, seqStart);
        i--; // the byte starts what comes next
        continue;
      }
      lower = 0x80;
      upper = 0xbf;
      cp = (cp << 6) | (b & 0x3f);
      if (++seen === need) {
        emit(cp, seqStart);
        need = seen = cp = 0;
      }
    }
    if (need !== 0) emit(0xfffd, seqStart);
  }
  let text = '';
  for (let i = 0; i < units.length; i += 4096) text += String.fromCharCode(...units.slice(i, i + 4096));
  const byteAt = new Int32Array(units.length + 1);
  byteAt.set(starts);
  byteAt[units.length] = bytes.length;
  // The map must agree with the platform's decoder, or the comparisons built on it mean nothing.
  const platform = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
  if (platform !== text) throw new Error(`decoding ${encoding} disagrees with TextDecoder on ${JSON.stringify(Array.from(bytes.slice(0, 64)))}`);
  return { encoding, text, byteAt };
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
