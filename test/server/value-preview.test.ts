/**
 * A variable's value as features show it (server/features/value-preview.ts): one short line, whatever the value;
 * completion's variable items use it, so a file whose ARGs double their value no longer answers in megabytes.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../grammar/index.js';
import { defaultConfig } from '../../rules/engine/config.js';
import { completions } from '../../server/features/completion.js';
import { hover } from '../../server/features/hover.js';
import { inlayHints } from '../../server/features/inlay-hints.js';
import { AnalyzedDocument } from '../../server/features/document.js';
import { VALUE_PREVIEW_LENGTH, valuePreview } from '../../server/features/value-preview.js';
import { cursor } from '../helpers/fixture.js';

const docOf = (text: string): AnalyzedDocument => new AnalyzedDocument('file:///x/Dockerfile', 1, text, defaultConfig());
/** A lone half of a surrogate pair. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('valuePreview', () => {
  it('a short value is shown as it is', () => {
    expect(valuePreview('/home/app')).toBe('/home/app');
    expect(valuePreview('')).toBe('');
    expect(valuePreview('x'.repeat(VALUE_PREVIEW_LENGTH))).toBe('x'.repeat(VALUE_PREVIEW_LENGTH));
  });

  it('a long value is cut to the preview length, with an ellipsis', () => {
    const shown = valuePreview('x'.repeat(VALUE_PREVIEW_LENGTH + 1));
    expect(shown).toHaveLength(VALUE_PREVIEW_LENGTH);
    expect(shown.endsWith('…')).toBe(true);
    expect(valuePreview('x'.repeat(2_000_000))).toBe(`${'x'.repeat(VALUE_PREVIEW_LENGTH - 1)}…`);
  });

  it('on one line: line breaks and runs of blanks become one space', () => {
    expect(valuePreview('a\nb\r\nc\td  e\u2028f\u2029g\u0085h\vi\fj')).toBe('a b c d e f g h i j');
    const long = valuePreview(`${'line\n'.repeat(100)}`);
    expect(long).not.toMatch(/[\r\n\u2028\u2029\u0085]/);
    expect(long).toHaveLength(VALUE_PREVIEW_LENGTH);
  });

  it('a value that is mostly blanks is still marked as cut', () => {
    const shown = valuePreview(`a${' '.repeat(1_000_000)}b`);
    expect(shown).toBe('a …');
  });

  it('never splits a surrogate pair, wherever the cut falls', () => {
    for (let pad = 0; pad < 4; pad++) {
      const value = `${'a'.repeat(pad)}${'😀'.repeat(100)}`;
      const shown = valuePreview(value);
      expect(shown, `pad ${pad}`).not.toMatch(LONE_SURROGATE);
      expect(shown.length).toBeLessThanOrEqual(VALUE_PREVIEW_LENGTH);
      expect(shown.length).toBeGreaterThanOrEqual(VALUE_PREVIEW_LENGTH - 1);
      expect(value.startsWith(shown.slice(0, -1))).toBe(true);
    }
    // Also when the bounded prefix it reads (a thousand code units or so) ends between the halves of a pair.
    for (let blanks = 900; blanks < 1100; blanks++) expect(valuePreview(`${' '.repeat(blanks)}😀${' '.repeat(200)}x`), `${blanks} blanks`).not.toMatch(LONE_SURROGATE);
  });
});

describe('completion: a variable’s value in the item’s detail', () => {
  it('a value of megabytes (ARGs that double it) is shown cut short, on one line', () => {
    let text = `ARG A0=${'ab'.repeat(500)}\n`;
    for (let i = 1; i <= 30; i++) text += `ARG A${i}=\${A${i - 1}}\${A${i - 1}}\n`;
    const fixture = `${text}FROM alpine:3.20\n${Array.from({ length: 31 }, (_, i) => `ARG A${i}`).join('\n')}\nRUN echo $$0\n`;
    const { text: file, offset } = cursor(fixture);
    const doc = docOf(file);
    // The file really gives a variable a value far longer than any detail should be.
    const longest = Math.max(...[...analyze(doc.parse).visibleAt(offset).values()].map((b) => b.value?.length ?? 0));
    expect(longest).toBeGreaterThan(100_000);
    const items = completions(doc, offset).filter((c) => c.kind === 'variable');
    expect(items.length).toBeGreaterThan(10);
    for (const item of items) {
      expect(item.detail?.length ?? 0).toBeLessThanOrEqual(2 + VALUE_PREVIEW_LENGTH);
      expect(item.detail).not.toMatch(/[\r\n]/);
    }
    expect(items.find((c) => c.label === 'A10')?.detail).toBe(`= ${'ab'.repeat(29)}a…`);
    expect(JSON.stringify(items).length).toBeLessThan(10_000);
  });

  it('a short value is shown whole, a value with blanks on one line', () => {
    const { text, offset } = cursor('FROM alpine:3.20\nENV HOME_DIR=/home/app\nENV SPACED="a \t  b"\nRUN echo ${$0\n');
    const items = completions(docOf(text), offset);
    expect(items.find((c) => c.label === 'HOME_DIR')?.detail).toBe('= /home/app');
    expect(items.find((c) => c.label === 'SPACED')?.detail).toBe('= a b');
  });

  it('after FROM --platform=, a global ARG’s default is cut short too', () => {
    const long = 'linux/'.repeat(1000);
    const { text, offset } = cursor(`ARG PLATFORMS=${long}\nFROM --platform=$0 alpine:3.20\n`);
    const item = completions(docOf(text), offset).find((c) => c.label === '$PLATFORMS');
    expect(item?.detail).toBe(`global ARG = ${valuePreview(long)}`);
    expect(item?.detail?.length).toBe('global ARG = '.length + VALUE_PREVIEW_LENGTH);
  });
});

describe('hover and inlay hints: a value of megabytes is shown cut short too', () => {
  let text = `ARG A0=${'ab'.repeat(500)}\n`;
  for (let i = 1; i <= 30; i++) text += `ARG A${i}=\${A${i - 1}}\${A${i - 1}}\n`;

  it('hover on a use, and on a FROM decided by the ARGs', () => {
    const fixture = `${text}FROM alpine:3.20\nARG A7\nRUN echo $A$07\n`;
    const { text: file, offset } = cursor(fixture);
    // A7 holds 1,000 × 2⁷ characters, within the expansion limits.
    const shown = hover(docOf(file), offset);
    expect(shown?.markdown).toContain('Value here: `abab');
    expect(shown?.markdown.length).toBeLessThan(2_000);
    const from = `${text}FROM base:\${A7}\n`;
    const at = from.lastIndexOf('base');
    const decided = hover(docOf(from), at)?.markdown ?? '';
    expect(decided).toContain('base:abab');
    expect(decided.length).toBeLessThan(2_000);
  });

  it('the inlay hint after a FROM built from ARGs', () => {
    const file = `${text}FROM base:\${A7}\n`;
    const hints = inlayHints(docOf(file), { start: 0, end: file.length });
    expect(hints.length).toBe(1);
    expect(hints[0]?.label.length).toBeLessThanOrEqual(3 + VALUE_PREVIEW_LENGTH);
  });
});
