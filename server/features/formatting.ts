/**
 * Feature: formatting. Upper-cases instruction keywords and indents continuation lines by a fixed amount. It never
 * changes what an instruction means: heredoc bodies are left alone, and a continuation line whose start lies inside
 * a quoted string (where its leading spaces are part of the value) keeps its indentation. Comment lines inside a
 * continuation are indented like the rest.
 */
import type { Instruction } from '../../grammar/index.js';
import type { Edit } from '../../rules/define.js';
import type { AnalyzedDocument } from './document.js';

export interface FormatOptions {
  /** Spaces before a continuation line (default 4); with `insertSpaces: false`, one tab. */
  tabSize: number;
  insertSpaces: boolean;
  /** Overrides tabSize for continuation lines (the `berth.format.continuationIndent` setting). */
  continuationIndent?: number;
  /** `upper` (default) writes keywords in capitals; `keep` leaves their case alone. */
  keywordCase?: 'upper' | 'keep';
}

function indentOf(options: FormatOptions): string {
  if (options.continuationIndent !== undefined) return ' '.repeat(Math.max(0, Math.min(options.continuationIndent, 16)));
  return options.insertSpaces ? ' '.repeat(Math.max(1, Math.min(options.tabSize || 4, 8))) : '\t';
}

export function format(doc: AnalyzedDocument, options: FormatOptions, range?: { start: number; end: number }): Edit[] {
  const text = doc.text;
  const indent = indentOf(options);
  const edits: Edit[] = [];
  const escape = doc.parse.dockerfile.escape;
  const visit = (instr: Instruction): void => {
    const kw = instr.keyword;
    if (kw && instr.kind !== 'UnknownInstruction') {
      const written = text.slice(kw.start, kw.end);
      // A keyword split by a continuation (`RU\`+`N`) is left as it is.
      if (options.keywordCase !== 'keep' && !written.includes(escape) && written !== written.toUpperCase()) edits.push({ start: kw.start, end: kw.end, text: written.toUpperCase() });
    }
    if (instr.kind === 'Onbuild') {
      const trigger = (instr as unknown as { trigger?: Instruction }).trigger;
      if (trigger) visit(trigger);
      return;
    }
    // Continuation lines: from the end of the first line to the end of the instruction's logical line.
    const end = instr.lineEnd;
    let lineStart = text.indexOf('\n', instr.range.start);
    while (lineStart >= 0 && lineStart + 1 < end) {
      const s = lineStart + 1;
      const ws = /^[ \t]*/.exec(text.slice(s, end))?.[0] ?? '';
      const contentStart = s + ws.length;
      const restOfLine = text.slice(contentStart, text.indexOf('\n', contentStart) < 0 ? end : Math.min(end, text.indexOf('\n', contentStart)));
      const blank = restOfLine.trim() === '';
      if (!blank && ws !== indent && !insideQuotes(text, instr.range.start, s, escape)) edits.push({ start: s, end: contentStart, text: indent });
      lineStart = text.indexOf('\n', s);
    }
  };
  for (const instr of doc.parse.dockerfile.instructions) visit(instr);
  const inRange = range ? edits.filter((e) => e.start >= range.start && e.end <= range.end) : edits;
  return inRange.sort((a, b) => a.start - b.start);
}

/**
 * Whether `at` (the start of a continuation line) lies inside a quoted string of the instruction's text: scans
 * from the instruction's start, skipping comment lines and escaped characters. Conservative: any doubt is "inside".
 */
function insideQuotes(text: string, from: number, at: number, escape: string): boolean {
  let quote: string | undefined;
  let lineStart = true;
  for (let i = from; i < at; i++) {
    const c = text[i] as string;
    if (lineStart && quote === undefined) {
      const m = /^[ \t]*#/.exec(text.slice(i, i + 200));
      if (m && i !== from) {
        const nl = text.indexOf('\n', i);
        if (nl < 0 || nl >= at) return false;
        i = nl;
        continue;
      }
    }
    lineStart = c === '\n';
    if (c === escape && quote !== "'") {
      i++;
      if (text[i] === '\r' && text[i + 1] === '\n') i++;
      lineStart = text[i] === '\n';
      continue;
    }
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
  }
  return quote !== undefined;
}

/**
 * On-type formatting after Enter: when the line just ended continues the instruction (ends with the escape
 * character), the new line gets the continuation indentation.
 */
export function formatOnType(doc: AnalyzedDocument, offset: number, options: FormatOptions): Edit[] {
  const text = doc.text;
  const indent = indentOf(options);
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (lineStart === 0) return [];
  const prevEnd = lineStart - 1 - (text[lineStart - 2] === '\r' ? 1 : 0);
  const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
  const prev = text.slice(prevStart, prevEnd).replace(/[ \t]+$/, '');
  if (!prev.endsWith(doc.parse.dockerfile.escape) || /^\s*#/.test(prev)) return [];
  if (insideQuotes(text, instructionStartBefore(doc, prevStart), lineStart, doc.parse.dockerfile.escape)) return [];
  const ws = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  return ws === indent ? [] : [{ start: lineStart, end: lineStart + ws.length, text: indent }];
}

function instructionStartBefore(doc: AnalyzedDocument, offset: number): number {
  let start = offset;
  for (const i of doc.parse.dockerfile.instructions) if (i.range.start <= offset) start = i.range.start;
  return start;
}
