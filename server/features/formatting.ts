/**
 * Feature: formatting, the language server's side of format/ (document, range and on-type formatting): the editor's
 * tab settings and the `berth.format.*` settings become the formatter's options. The rules are in format/format.ts.
 */
import { format as formatDocument, formatOnType as formatTyped, type Edit, type FormatInput, type FormatOptions as FormatterOptions } from '../../format/index.js';

export type { FormatInput };

/** What the editor sends (tab size, spaces or tabs) with berth's own settings over it. */
export interface FormatOptions {
  /** Spaces before a continuation line (default 4); with `insertSpaces: false`, one tab. */
  tabSize: number;
  insertSpaces: boolean;
  /** Overrides tabSize for continuation lines (the `berth.format.continuationIndent` setting). */
  continuationIndent?: number;
  /** `upper` (default) writes keywords in capitals; `keep` leaves their case alone. */
  keywordCase?: 'upper' | 'keep';
  /** The `berth.format.reflowRun` setting. */
  reflowRun?: boolean;
}

/** The formatter's options from the editor's. */
export function formatterOptions(o: FormatOptions): FormatterOptions {
  const out: FormatterOptions = {};
  if (o.continuationIndent !== undefined) {
    out.indentStyle = 'space';
    out.indentWidth = o.continuationIndent;
  } else if (o.insertSpaces) {
    out.indentStyle = 'space';
    out.indentWidth = Math.max(1, Math.min(o.tabSize || 4, 8));
  } else out.indentStyle = 'tab';
  if (o.keywordCase) out.keywordCase = o.keywordCase;
  if (o.reflowRun) out.reflowRun = true;
  return out;
}

/** Document formatting, or with `range` the lines it touches. */
export function format(doc: FormatInput, options: FormatOptions, range?: { start: number; end: number }): Edit[] {
  return formatDocument(doc, formatterOptions(options), range);
}

/** On-type formatting after Enter at `offset`. */
export function formatOnType(doc: FormatInput, offset: number, options: FormatOptions): Edit[] {
  return formatTyped(doc, offset, formatterOptions(options));
}
