/** Bytes ↔ text for the command line: decoding like TextDecoder, and edits that change only the bytes they cover. */
import { describe, expect, it } from 'vitest';
import { decode, decodeUtf16, decodeUtf8, SourceEditor, type Decoded, type TextEdit } from '../../cli/encoding.js';

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

/** A deterministic pseudo-random generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function decoded(b: Uint8Array): Decoded {
  const d = decode(b);
  if ('unsupported' in d) throw new Error(d.unsupported);
  return d;
}

describe('decoding', () => {
  it('valid UTF-8 (with its byte order mark kept as U+FEFF) is read as is, nothing invalid', () => {
    const d = decoded(bytes([0xef, 0xbb, 0xbf], 'FROM a\r\n# 😀 é\r'));
    expect(d).toEqual({ text: '\ufeffFROM a\r\n# 😀 é\r', encoding: 'utf-8', invalid: [] });
  });

  it('invalid UTF-8 reads as TextDecoder reads it: the same U+FFFD for the same bytes, on random input', () => {
    const next = random(14);
    const interesting = [0x00, 0x41, 0x0a, 0x0d, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xa0, 0xed, 0x9f, 0xef, 0xf0, 0x90, 0xf4, 0x8f, 0xf5, 0xff];
    for (let round = 0; round < 2000; round++) {
      const input = Uint8Array.from({ length: Math.floor(next() * 24) }, () => (next() < 0.7 ? (interesting[Math.floor(next() * interesting.length)] as number) : Math.floor(next() * 256)));
      const mine = decodeUtf8(input);
      expect(mine.decoded.text, Buffer.from(input).toString('hex')).toBe(new TextDecoder('utf-8', { ignoreBOM: true }).decode(input));
      // Every character of an invalid range is U+FFFD; every offset maps to a byte offset in order.
      for (const r of mine.decoded.invalid) expect(mine.decoded.text.slice(r.start, r.end)).toMatch(/^\ufffd+$/);
      expect(mine.offsets[mine.offsets.length - 1]).toBe(input.length);
    }
  });

  it('records where undecodable bytes are (merging neighbours), and the byte offset of every character', () => {
    const m = decodeUtf8(bytes('# caf', [0xe9], ' ', [0xff, 0xfe], ' ', [0xf0, 0x9f, 0x98], '!', [0xf0, 0x9f, 0x98, 0x80]));
    expect(m.decoded.text).toBe('# caf\ufffd \ufffd\ufffd \ufffd!😀');
    expect(m.decoded.invalid).toEqual([
      { start: 5, end: 6 },
      { start: 7, end: 9 },
      { start: 10, end: 11 },
    ]);
    // The truncated emoji is one U+FFFD for three bytes; the whole emoji's second half lies inside its 4 bytes.
    expect([...m.offsets]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14, -1, 18]);
  });

  it('UTF-16 with its byte order mark, little- and big-endian; a lone surrogate and an odd last byte are invalid', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('FROM a\r\n😀', 'utf16le')]);
    expect(decoded(le)).toEqual({ text: '\ufeffFROM a\r\n😀', encoding: 'utf-16le', invalid: [] });
    const be = Buffer.from(le);
    be.swap16();
    expect(decoded(be)).toEqual({ text: '\ufeffFROM a\r\n😀', encoding: 'utf-16be', invalid: [] });
    const odd = decodeUtf16(Uint8Array.from([0xff, 0xfe, 0x41, 0x00, 0x00, 0xd8, 0x42, 0x00, 0x43]), true);
    expect(odd.decoded.text).toBe('\ufeffA\ufffdB\ufffd');
    expect(odd.decoded.invalid).toEqual([
      { start: 2, end: 3 },
      { start: 4, end: 5 },
    ]);
    expect([...odd.offsets]).toEqual([0, 2, 4, 6, 8, 9]);
  });

  it('UTF-32 is refused with a reason', () => {
    expect(decode(Uint8Array.from([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]))).toEqual({ unsupported: expect.stringContaining('UTF-32') });
    expect(decode(Uint8Array.from([0, 0, 0xfe, 0xff, 0, 0, 0, 0x41]))).toEqual({ unsupported: expect.stringContaining('UTF-32') });
  });
});

describe('SourceEditor: fixes change only the bytes they cover', () => {
  /** Applies rounds of edits to both the text and the bytes; the bytes must decode to the edited text. */
  function edit(input: Uint8Array, rounds: TextEdit[][]): Uint8Array {
    const d = decoded(input);
    const editor = new SourceEditor(input, d);
    let text = d.text;
    for (const edits of rounds) {
      editor.apply(edits);
      for (const e of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.text + text.slice(e.end);
      expect(editor.text()).toBe(text);
    }
    const out = editor.encoded();
    expect(decoded(out).text).toBe(text);
    return out;
  }

  it('Latin-1 bytes, a byte order mark, CRLF and lone CR outside the edits stay byte for byte', () => {
    const input = bytes([0xef, 0xbb, 0xbf], '# caf', [0xe9], '\r\nFROM a AS Build\rx\r\n# ', [0xff, 0xc0], '\n');
    const text = decoded(input).text;
    const at = text.indexOf('Build');
    const out = edit(input, [[{ start: at, end: at + 5, text: 'build' }], [{ start: 0, end: 0, text: '' }]]);
    expect(Buffer.from(out)).toEqual(Buffer.from(bytes([0xef, 0xbb, 0xbf], '# caf', [0xe9], '\r\nFROM a AS build\rx\r\n# ', [0xff, 0xc0], '\n')));
  });

  it('insertions next to undecodable bytes and across several rounds, in UTF-8 and UTF-16', () => {
    const input = bytes('A', [0xe9], 'B', [0xe9], 'C');
    // Text: A � B � C. Round 1 inserts around the first �, round 2 replaces C and inserts at the end.
    const out = edit(input, [
      [
        { start: 1, end: 1, text: '<' },
        { start: 2, end: 2, text: '>' },
      ],
      [
        { start: 6, end: 7, text: 'ç' },
        { start: 7, end: 7, text: '!' },
      ],
    ]);
    expect(Buffer.from(out)).toEqual(Buffer.from(bytes('A<', [0xe9], '>B', [0xe9], 'ç!')));
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('FROM a AS B', 'utf16le'), Buffer.from([0x00, 0xd8]), Buffer.from('\n', 'utf16le')]);
    const fixed = edit(le, [[{ start: 11, end: 12, text: 'b' }]]);
    expect(Buffer.from(fixed)).toEqual(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('FROM a AS b', 'utf16le'), Buffer.from([0x00, 0xd8]), Buffer.from('\n', 'utf16le')]));
  });

  it('random edits on random files: every byte outside an edit survives', () => {
    const next = random(7);
    const alphabet = [bytes('a'), bytes('\r'), bytes('\n'), bytes('é'), bytes('😀'), Uint8Array.from([0xe9]), Uint8Array.from([0xff]), Uint8Array.from([0xf0, 0x9f])];
    for (let round = 0; round < 300; round++) {
      const input = Buffer.concat(Array.from({ length: 1 + Math.floor(next() * 30) }, () => alphabet[Math.floor(next() * alphabet.length)] as Uint8Array));
      const d = decoded(input);
      // Edits at character boundaries only (never inside a surrogate pair), sorted and apart.
      const bounds = [...Array(d.text.length + 1).keys()].filter((i) => !(i > 0 && i < d.text.length && /[\ud800-\udbff]/.test(d.text[i - 1] as string)));
      const picks = [...new Set(bounds.filter(() => next() < 0.3))].sort((a, b) => a - b);
      const edits: TextEdit[] = [];
      for (let i = 0; i + 1 < picks.length; i += 2) edits.push({ start: picks[i] as number, end: next() < 0.5 ? (picks[i] as number) : (picks[i + 1] as number), text: next() < 0.5 ? 'x' : '' });
      const out = edit(input, [edits]);
      // Insertions only ('x' is not in the alphabet): taking the inserted bytes out gives the input back exactly.
      if (edits.every((e) => e.start === e.end)) expect(Buffer.from(out.filter((b) => b !== 0x78))).toEqual(input);
    }
  });

  it('edits that overlap or reach past the end are refused, never applied half', () => {
    const d = decoded(bytes('FROM a'));
    expect(() => new SourceEditor(bytes('FROM a'), d).apply([{ start: 0, end: 3, text: '' }, { start: 2, end: 4, text: '' }])).toThrow(/overlapping/);
    expect(() => new SourceEditor(bytes('FROM a'), d).apply([{ start: 5, end: 9, text: '' }])).toThrow(/past the end/);
  });
});
