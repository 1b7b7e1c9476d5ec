import { describe, expect, it } from 'vitest';
import { shareFragment, textFromFragment } from '../../web/src/share.js';

describe('share links (the text in the URL fragment)', () => {
  const texts = [
    'FROM ubuntu\nRUN apt-get update\n',
    '\uFEFFFROM alpine\r\nRUN echo "crlf"\r\n',
    '# ünïcödé, emoji 🐳 and a lone surrogate-free astral 𝔘\nFROM debian:12\n',
    'FROM a\tAS b\n\n\n',
    'x'.repeat(20_000),
    ' ',
  ];
  it('gives every text back exactly, CRLF, BOM, tabs and non-ASCII included', () => {
    for (const t of texts) expect(textFromFragment(shareFragment(t))).toBe(t);
  });
  it('is a fragment: nothing of it goes to a server, and it needs no escaping in a URL', () => {
    for (const t of texts) {
      const f = shareFragment(t);
      expect(f.startsWith('#code=')).toBe(true);
      expect(new URL(`http://127.0.0.1/${f}`).hash).toBe(f);
      expect(encodeURI(f)).toBe(f);
    }
  });
  it('the empty text is a valid link too', () => {
    expect(textFromFragment(shareFragment(''))).toBe('');
  });
  it('a fragment of something else, or a damaged one, carries no text', () => {
    for (const h of ['', '#', '#other=1', '#code', 'code=%%%', '#code=!!!!', '#code=' + 'A'.repeat(7)]) expect(textFromFragment(h)).toBeUndefined();
    const good = shareFragment('FROM ubuntu\n');
    expect(textFromFragment(good.slice(0, good.length - 3))).not.toBe('FROM ubuntu\n');
  });
});
