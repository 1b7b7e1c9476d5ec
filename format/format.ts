/**
 * Feature: formatting, pure (text and its parse + options → edits), one set of line rules shared by document,
 * range and on-type formatting:
 * - the first line of an instruction, a comment or a directive outside any instruction starts at column 0, and a
 *   line of blanks there becomes empty (BuildKit ignores that whitespace, so the meaning never changes);
 * - instruction keywords are upper-cased (unless `keywordCase: 'keep'`);
 * - a continuation line (comment lines inside the instruction included) gets the continuation indent, except where
 *   its leading blanks are part of the value: inside a quoted string, in instructions that take their text as
 *   written (USER, WORKDIR, `ENV name value`…), and where a word goes on from the line before (`hello\` + `world`
 *   is one word: blanks there would make two);
 * - heredoc bodies and their closing lines are never touched, and neither are blank continuation lines.
 * Range formatting applies the rules to the lines the range touches; on-type formatting (after Enter) to the line
 * just ended and the new one, whose indentation, when it is blank, is what the next text on it will need.
 */
import type { Instruction, ParseResult } from '../grammar/index.js';
import type { Edit } from '../rules/define.js';

/** What formatting reads: the text and its parse (an AnalyzedDocument is one). */
export interface FormatInput {
  readonly text: string;
  readonly parse: ParseResult;
}

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

/** What a physical line is, for formatting. */
type LineRole =
  /** Outside any instruction: a comment, a directive, a blank line. */
  | { kind: 'top' }
  | { kind: 'first'; instr: Instruction }
  | { kind: 'continuation'; instr: Instruction }
  | { kind: 'heredoc' };

interface Line {
  start: number;
  /** Before the line break (and before a CR of CRLF). */
  end: number;
  role: LineRole;
}

/** Every physical line with its role; a BOM is not part of the first line. */
function linesOf(doc: FormatInput): Line[] {
  const text = doc.text;
  const instrs = doc.parse.dockerfile.instructions;
  const out: Line[] = [];
  let k = 0;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const lineEnd = nl < 0 ? text.length : nl;
    const end = lineEnd > start && text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    while (k < instrs.length && (instrs[k] as Instruction).range.end < start) k++;
    const instr = instrs[k];
    let role: LineRole = { kind: 'top' };
    if (instr && instr.range.start <= end) {
      if (instr.range.start >= start) role = { kind: 'first', instr };
      else if (start > instr.lineEnd && instr.heredocs.length > 0) role = { kind: 'heredoc' };
      else role = { kind: 'continuation', instr };
    }
    out.push({ start, end, role });
    if (nl < 0) break;
    start = nl + 1;
  }
  return out;
}

/** The edits of every line, each tagged with its line number. */
function lineEdits(doc: FormatInput, options: FormatOptions): Array<Edit & { line: number }> {
  const text = doc.text;
  const indent = indentOf(options);
  const escape = doc.parse.dockerfile.escape;
  const out: Array<Edit & { line: number }> = [];
  // Whether the text before the last continuation marker of the current instruction ends with a blank.
  let joinBlank = false;
  linesOf(doc).forEach((l, line) => {
    const content = text.slice(l.start, l.end);
    const ws = /^[ \t]*/.exec(content)?.[0] ?? '';
    const blank = ws.length === content.length;
    const comment = content[ws.length] === '#';
    switch (l.role.kind) {
      case 'top':
      case 'first':
        if (ws) out.push({ start: l.start, end: l.start + ws.length, text: '', line });
        if (l.role.kind === 'first') {
          for (const e of keywordEdits(text, l.role.instr, options, escape)) out.push({ ...e, line });
          joinBlank = joinsWithBlank(content, escape, false);
        }
        break;
      case 'continuation': {
        if (blank) break;
        // BuildKit appends a continuation line as it is: its leading blanks join it to the line before. Their
        // number matters only where the blanks are part of a value; whether there are any matters everywhere.
        const keepsSeparation = comment || joinBlank || (ws.length > 0 && indent.length > 0);
        if (ws !== indent && keepsSeparation && !blanksAreValue(l.role.instr) && !insideQuotes(text, l.role.instr.range.start, l.start, escape)) {
          out.push({ start: l.start, end: l.start + ws.length, text: indent, line });
        }
        if (!comment) joinBlank = joinsWithBlank(content, escape, joinBlank);
        break;
      }
      case 'heredoc':
        break;
    }
  });
  return out;
}

/**
 * Whether the instruction's text joined so far ends with a blank after this line: what the line keeps before its
 * continuation marker ends with one (`run a \` yes, `run a\` no); a line that keeps nothing (the marker alone)
 * changes nothing.
 */
function joinsWithBlank(content: string, escape: string, before: boolean): boolean {
  const trimmed = content.replace(/[ \t]+$/, '');
  if (!trimmed.endsWith(escape)) return false;
  const kept = trimmed.slice(0, -escape.length);
  return kept === '' ? before : /[ \t]$/.test(kept);
}

/**
 * Instructions whose argument is their text as written, blanks included (USER, WORKDIR, STOPSIGNAL, MAINTAINER,
 * `ENV name value` and `LABEL name value`, anything unknown): the blanks at the start of a continuation line are
 * part of the value, so their number is kept.
 */
function blanksAreValue(instr: Instruction): boolean {
  const i = instr.kind === 'Onbuild' ? (instr as unknown as { trigger?: Instruction }).trigger : instr;
  if (!i) return true;
  switch (i.kind) {
    case 'User':
    case 'Workdir':
    case 'StopSignal':
    case 'Maintainer':
    case 'UnknownInstruction':
    case 'Onbuild':
      return true;
    case 'Env':
    case 'Label':
      return (i as unknown as { legacy: boolean }).legacy;
    default:
      return false;
  }
}

/** Upper-case keywords (the instruction's and an ONBUILD's trigger's); one split by a continuation is left alone. */
function keywordEdits(text: string, instr: Instruction, options: FormatOptions, escape: string): Edit[] {
  if (options.keywordCase === 'keep') return [];
  const out: Edit[] = [];
  for (let i: Instruction | undefined = instr; i; i = i.kind === 'Onbuild' ? (i as unknown as { trigger?: Instruction }).trigger : undefined) {
    const kw = i.keyword;
    if (!kw || i.kind === 'UnknownInstruction') continue;
    const written = text.slice(kw.start, kw.end);
    if (!written.includes(escape) && written !== written.toUpperCase()) out.push({ start: kw.start, end: kw.end, text: written.toUpperCase() });
  }
  return out;
}

/** Document formatting, or with `range` the lines it touches (a range ending at a line's start leaves that line). */
export function format(doc: FormatInput, options: FormatOptions, range?: { start: number; end: number }): Edit[] {
  const all = lineEdits(doc, options);
  if (range) {
    const lines = doc.parse.lines;
    const first = lines.positionAt(range.start).line;
    const endPos = lines.positionAt(range.end);
    const last = endPos.character === 0 && range.end > range.start ? endPos.line - 1 : endPos.line;
    return strip(all.filter((e) => e.line >= first && e.line <= last));
  }
  return strip(all);
}

function strip(edits: Array<Edit & { line: number }>): Edit[] {
  return edits.map(({ start, end, text }) => ({ start, end, text })).sort((a, b) => a.start - b.start);
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
 * On-type formatting after Enter at `offset`: the rules of `format` for the line just ended and the new line. The
 * new line, while blank, is given the indentation its text will need: the continuation indent when it continues
 * an instruction (outside quotes), none otherwise; in a heredoc body, nothing changes.
 */
export function formatOnType(doc: FormatInput, offset: number, options: FormatOptions): Edit[] {
  const lines = doc.parse.lines;
  const line = lines.positionAt(Math.max(0, Math.min(offset, doc.text.length))).line;
  const edits = lineEdits(doc, options).filter((e) => e.line === line || e.line === line - 1);
  const all = linesOf(doc);
  const l = all[line];
  if (l && l.role.kind === 'continuation') {
    const ws = /^[ \t]*/.exec(doc.text.slice(l.start, l.end))?.[0] ?? '';
    const indent = indentOf(options);
    if (l.start + ws.length === l.end && ws !== indent && !insideQuotes(doc.text, l.role.instr.range.start, l.start, doc.parse.dockerfile.escape)) edits.push({ start: l.start, end: l.end, text: indent, line });
  }
  return strip(edits);
}
