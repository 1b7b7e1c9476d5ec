/** Positions as LSP counts them: zero-based lines, characters in UTF-16 code units. */
import { describe, expect, it } from 'vitest';
import { LineIndex, parse } from '../../grammar/index.js';

describe('LineIndex', () => {
  it.each([
    ['LF', 'ab\ncd\n'],
    ['CRLF', 'ab\r\ncd\r\n'],
    ['lone CR', 'ab\rcd\r'],
  ])('%s: every line break ends a line', (_n, text) => {
    const li = new LineIndex(text);
    expect(li.lineCount).toBe(3);
    expect(li.positionAt(text.indexOf('c'))).toEqual({ line: 1, character: 0 });
    expect(li.positionAt(text.indexOf('d'))).toEqual({ line: 1, character: 1 });
    expect(li.offsetAt({ line: 1, character: 1 })).toBe(text.indexOf('d'));
    expect(li.positionAt(text.length)).toEqual({ line: 2, character: 0 });
  });

  it('mixed line endings', () => {
    const text = 'a\r\nb\nc\rd';
    const li = new LineIndex(text);
    expect([0, 3, 5, 7].map((o) => li.positionAt(o).line)).toEqual([0, 1, 2, 3]);
  });

  it('a tab is one character; an astral-plane character is two', () => {
    const text = '\t😀x';
    const li = new LineIndex(text);
    expect(li.positionAt(text.indexOf('x'))).toEqual({ line: 0, character: 3 });
    expect(li.offsetAt({ line: 0, character: 3 })).toBe(3);
  });

  it('a BOM is not a character: offset 1 is character 0', () => {
    const li = new LineIndex('\ufeffFROM a\nRUN b\n');
    expect(li.positionAt(0)).toEqual({ line: 0, character: 0 });
    expect(li.positionAt(1)).toEqual({ line: 0, character: 0 });
    expect(li.positionAt(5)).toEqual({ line: 0, character: 4 });
    expect(li.offsetAt({ line: 0, character: 0 })).toBe(1);
    expect(li.positionAt(li.offsetAt({ line: 1, character: 2 }))).toEqual({ line: 1, character: 2 });
  });

  it('inside a \\r\\n pair maps to the end of the line', () => {
    const li = new LineIndex('ab\r\ncd');
    expect(li.positionAt(2)).toEqual({ line: 0, character: 2 });
    expect(li.positionAt(3)).toEqual({ line: 0, character: 2 });
  });

  it('clamps: offsets past the end, characters past the line end, lines past the end', () => {
    const li = new LineIndex('ab\ncd');
    expect(li.positionAt(99)).toEqual({ line: 1, character: 2 });
    expect(li.positionAt(-5)).toEqual({ line: 0, character: 0 });
    expect(li.offsetAt({ line: 0, character: 99 })).toBe(2);
    expect(li.offsetAt({ line: 9, character: 0 })).toBe(5);
    expect(li.offsetAt({ line: -1, character: 3 })).toBe(0);
  });

  it('an empty text has one empty line', () => {
    const li = new LineIndex('');
    expect(li.lineCount).toBe(1);
    expect(li.positionAt(0)).toEqual({ line: 0, character: 0 });
  });
});

describe('error positions end to end', () => {
  it('CRLF, a BOM, a tab and an emoji before the error: exact line and character', () => {
    const text = '\ufeff# escape=`\r\nFROM alpine\r\n\tRUN echo "😀" && FORM x\r\n\t😀 FORM y\r\n';
    const r = parse(text);
    const e = r.errors.find((x) => x.code === 'unknown-instruction');
    expect(e).toBeDefined();
    // Line 3 (0-based) is `\t😀 FORM y`: `\t` is 1, 😀 is 2, the space 1 — FORM... would be at 4, but the
    // instruction's keyword is the first word, `😀`, after the tab.
    expect(r.lines.rangeAt(e!)).toEqual({ start: { line: 3, character: 1 }, end: { line: 3, character: 3 } });
    expect(r.text.slice(e!.start, e!.end)).toBe('😀');
  });

  it('a range that ends after the last character of a CRLF line ends at its content', () => {
    const text = 'FROM a\r\nCOPY onlyone\r\n';
    const r = parse(text);
    expect(r.lines.rangeAt(r.errors[0]!)).toEqual({ start: { line: 1, character: 5 }, end: { line: 1, character: 12 } });
  });
});
