/**
 * `ENV key value` / `LABEL key value` (the legacy form) rewritten as `key=value`, keeping the value BuildKit sets
 * exactly: how BuildKit splits these words is syntax. Shared by the formatter (which applies only the safe rewrite) and the legacy-key-value-format rule's fix.
 */
import type { KeyValueInstruction } from './ast.js';

/** Replace `[start, end)` with `text` (the shape of a rule fix's and the formatter's edits). */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export interface KeyValueRewrite {
  /** `equals`: the blanks between key and value become `=`; `quote`: `="` there and `"` after the value. */
  kind: 'equals' | 'quote';
  /**
   * Safe: the value is one word, so it means the same after `key=` as after `key `, and no comment line is lost.
   * A quoting rewrite, or one that drops a comment line inside the gap, is never safe.
   */
  safe: boolean;
  edits: TextEdit[];
}

/**
 * A blank for BuildKit's `key=value` word splitter, Go's `unicode.IsSpace`: JavaScript's `\s` and NEL (`\s` also
 * takes U+FEFF, which Go does not: that only makes the rewrite more careful).
 */
const BLANK = /[\s\u0085]/;

/**
 * True when `value` is one word for BuildKit's ENV/LABEL splitter: no blank outside quotes or after the escape
 * character. Such a value means the same after `key=` as after `key `.
 */
export function oneWord(value: string, escape: string): boolean {
  let quote = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charAt(i);
    if (c === escape && quote !== "'") {
      i++;
      continue;
    }
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (BLANK.test(c)) return false;
  }
  return quote === '';
}

/**
 * The rewrite of a legacy ENV/LABEL (`text` is the file's text), or undefined when there is none that keeps the
 * value: the instruction is not legacy, the key holds quotes, `=` or the escape character, the value is empty (BuildKit
 * refuses `ENV key` alone; `key=` would set it empty), or it holds quotes or escapes together with blanks.
 */
export function legacyKeyValueRewrite(text: string, instr: KeyValueInstruction): KeyValueRewrite | undefined {
  const pair = instr.pairs[0];
  if (!pair?.legacy || instr.pairs.length !== 1) return undefined;
  const escape = instr.file.escape;
  // The legacy key ends at an ASCII blank only: a key holding another blank (`a\u00a0`) would be split in two words
  // after the rewrite.
  if (/["'=]/.test(pair.key) || pair.key.includes(escape) || BLANK.test(pair.key) || pair.value === '') return undefined;
  const gap = { start: pair.keyRange.end, end: pair.valueRange.start };
  if (gap.end <= gap.start) return undefined;
  // Comment lines skipped inside the gap would be lost with it.
  const keepsComments = !text.slice(gap.start, gap.end).includes('#');
  if (oneWord(pair.value, escape)) return { kind: 'equals', safe: keepsComments, edits: [{ start: gap.start, end: gap.end, text: '=' }] };
  // Blanks in the value: double quotes keep it one word. Inside them `$` still expands and blanks stay as they
  // are; only a value without quotes or escape characters reads the same quoted.
  if (/["']/.test(pair.value) || pair.value.includes(escape)) return undefined;
  return {
    kind: 'quote',
    safe: false,
    edits: [
      { start: gap.start, end: gap.end, text: '="' },
      { start: pair.valueRange.end, end: pair.valueRange.end, text: '"' },
    ],
  };
}
