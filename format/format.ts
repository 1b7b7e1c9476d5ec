/**
 * The formatter, pure: a Dockerfile's text and its parse + options → edits. One set of rules serves `berth format`,
 * the library's `format()` and the language server's document, range and on-type formatting. Every rule keeps what
 * BuildKit builds (test/format/corpus.test.ts compares BuildKit's reading of every corpus file before and after).
 *
 * Per line (horizontal):
 * - the first line of an instruction, a comment or a directive outside any instruction starts at column 0, and a
 *   line of blanks there becomes empty (BuildKit ignores that whitespace);
 * - keywords are upper-cased (`AS` of FROM and `CMD`/`NONE` of HEALTHCHECK too), unless `keywordCase: 'keep'`;
 * - one space after the keyword, between flags and after them, between the words of FROM, COPY, ADD, VOLUME and
 *   EXPOSE and between the pairs of ENV, LABEL and ARG (and before a continuation marker after them); JSON arrays
 *   written `["a", "b"]` (only where BuildKit reads them as JSON);
 * - `ENV key value` / `LABEL key value` become `key=value` where the value is one word (grammar's
 *   legacyKeyValueRewrite);
 * - no blanks at the end of a line (the blanks after a continuation's escape character included);
 * - a continuation line (comment lines inside the instruction included) gets the continuation indent, except where
 *   its leading blanks are part of the value: inside a quoted string, in instructions that take their text as
 *   written (USER, WORKDIR, `ENV name value`…), and where a word goes on from the line before (`hello\` + `world`
 *   is one word: blanks there would make two), after a shell's `\` when the escape character is a backtick (the
 *   shell escapes the first blank), and in shell-form instructions whose shell is not POSIX (cmd, PowerShell…);
 * - heredoc bodies and their closing lines are never touched.
 * Between lines (vertical): at most one blank line in a row, one before each FROM that follows other instructions
 * (before the comment lines right above it), none at the end, and a line break after the last line. With
 * `reflowRun`, a one-line shell-form RUN longer than `lineWidth` that is a plain `a && b && c` list is broken
 * into one command per continuation line.
 * Range formatting applies the rules to the lines the range touches; on-type formatting (after Enter) applies the
 * horizontal rules to the line just ended and the new one, whose indentation, when it is blank, is what the next
 * text on it will need.
 */
import {
  analyze,
  isPosixShell,
  EnvInstruction,
  LabelInstruction,
  OnbuildInstruction,
  RunInstruction,
  scriptTree,
  shellAt,
  type Instruction,
  type ParseResult,
  type SNode,
  type SyntaxElement,
  type SyntaxNode,
} from '../grammar/index.js';
import type { Edit } from './edits.js';
import { legacyKeyValueRewrite } from '../grammar/index.js';

/** What formatting reads: the text and its parse (an AnalyzedDocument is one). */
export interface FormatInput {
  readonly text: string;
  readonly parse: ParseResult;
}

export interface FormatOptions {
  /** Continuation lines are indented with spaces (default) or one tab. */
  indentStyle?: 'space' | 'tab';
  /** Spaces before a continuation line with `indentStyle: 'space'` (0 to 16, default 4). */
  indentWidth?: number;
  /** `upper` (default) writes keywords in capitals; `keep` leaves their case alone. */
  keywordCase?: 'upper' | 'keep';
  /** Break a long one-line `RUN a && b && c` into one command per line (default false). */
  reflowRun?: boolean;
  /** What "long" means for `reflowRun`: lines longer than this many characters (default 100). */
  lineWidth?: number;
}

export const DEFAULT_FORMAT_OPTIONS: Required<FormatOptions> = { indentStyle: 'space', indentWidth: 4, keywordCase: 'upper', reflowRun: false, lineWidth: 100 };

function indentOf(options: FormatOptions): string {
  if (options.indentStyle === 'tab') return '\t';
  const w = options.indentWidth ?? DEFAULT_FORMAT_OPTIONS.indentWidth;
  return ' '.repeat(Number.isFinite(w) ? Math.max(0, Math.min(Math.trunc(w), 16)) : 4);
}

/** What a physical line is, for formatting. */
type LineRole =
  /** Outside any instruction: a comment, a directive, a blank line. */
  | { kind: 'top' }
  | { kind: 'first'; instr: Instruction }
  | { kind: 'continuation'; instr: Instruction }
  /** A heredoc body line or its terminator. */
  | { kind: 'heredoc'; instr: Instruction };

interface Line {
  start: number;
  /** Before the line break (and before a CR of CRLF). */
  end: number;
  /** The line break after it: `\n`, `\r\n`, or '' on the last line. */
  eol: string;
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
      else if (start > instr.lineEnd && instr.heredocs.length > 0) role = { kind: 'heredoc', instr };
      else role = { kind: 'continuation', instr };
    }
    out.push({ start, end, eol: nl < 0 ? '' : text.slice(end, nl + 1), role });
    if (nl < 0) break;
    start = nl + 1;
  }
  return out;
}

/** An edit tagged with the line it belongs to; `vertical` edits add or remove line breaks. */
type LineEdit = Edit & { line: number; vertical?: boolean };

/** The edits of every line; without `vertical`, only those that keep the lines as they are. */
function lineEdits(doc: FormatInput, options: FormatOptions, vertical = true): LineEdit[] {
  const text = doc.text;
  // A parse that failed outright (a bug in berth) says nothing about the file: leave it as it is.
  if (doc.parse.errors.some((e) => e.code === 'internal-error')) return [];
  const indent = indentOf(options);
  const escape = doc.parse.dockerfile.escape;
  const lines = linesOf(doc);
  const out: LineEdit[] = [];
  const removed = vertical ? verticalEdits(doc, lines, out) : new Set<number>();
  const lineOf = lineFinder(lines);
  // ENV/LABEL rewritten as `key=value`: their continuation lines are then indented like any other's, but for those
  // the rewrite joins (the blanks and line breaks between key and value become `=`).
  const rewritten = new Map<Instruction, Edit>();
  for (const instr of doc.parse.dockerfile.instructions) {
    for (const e of instructionEdits(text, instr, rewritten)) out.push({ ...e, line: lineOf(e.start) });
  }
  if (vertical && options.reflowRun) for (const e of reflowEdits(doc, lines, indent, options)) out.push({ ...e, line: lineOf(e.start), vertical: true });
  // Whether the text before the last continuation marker of the current instruction ends with a blank.
  let joinBlank = false;
  // Whether it ends with a backslash while the escape character is a backtick: the shell then reads the next
  // line's first blank as an escaped one (`a\` + ` b` is the one word `a b`), so the blanks there are the value.
  let joinShellEscape = false;
  // Shell-form instructions run by a shell that is not POSIX (cmd, PowerShell on Windows, a SHELL of another
  // program): their blanks may be printed or kept, so the blanks of their continuation lines stay as written.
  let model: ReturnType<typeof analyze> | undefined;
  const literalShell = new Map<Instruction, boolean>();
  const nonPosix = (instr: Instruction): boolean => {
    let known = literalShell.get(instr);
    if (known === undefined) {
      known = false;
      const shellForm = (instr.kind === 'Run' || instr.kind === 'Cmd' || instr.kind === 'Entrypoint' || instr.kind === 'Healthcheck') && (instr as { form?: string }).form === 'shell';
      if (shellForm) {
        model ??= analyze(doc.parse);
        const shell = shellAt(model, model.stageAt(instr.range.start), instr.range.start);
        known = !isPosixShell(shell);
      }
      literalShell.set(instr, known);
    }
    return known;
  };
  lines.forEach((l, line) => {
    if (removed.has(line)) return;
    const content = text.slice(l.start, l.end);
    const ws = /^[ \t]*/.exec(content)?.[0] ?? '';
    const blank = ws.length === content.length;
    const comment = content[ws.length] === '#';
    // Blanks after a backslash that is not the escape character stay: the shell may read them as an escaped blank
    // (`<<EOF\ ` names a heredoc `EOF `).
    const kept = content.replace(/[ \t]+$/, '');
    const trailing = blank || (escape !== '\\' && kept.endsWith('\\')) ? 0 : content.length - kept.length;
    switch (l.role.kind) {
      case 'top':
      case 'first':
        if (ws) out.push({ start: l.start, end: l.start + ws.length, text: '', line });
        if (trailing) out.push({ start: l.end - trailing, end: l.end, text: '', line });
        if (l.role.kind === 'first') {
          for (const e of keywordEdits(text, l.role.instr, options, escape)) out.push({ ...e, line });
          joinBlank = joinsWithBlank(content, escape, false);
          joinShellEscape = joinsWithShellEscape(content, escape, false);
        }
        break;
      case 'continuation': {
        // A line of blanks inside a continuation is skipped by BuildKit, whatever blanks it holds.
        if (blank) {
          if (ws) out.push({ start: l.start, end: l.end, text: '', line });
          break;
        }
        if (trailing) out.push({ start: l.end - trailing, end: l.end, text: '', line });
        // BuildKit appends a continuation line as it is: its leading blanks join it to the line before. Their
        // number matters only where the blanks are part of a value; whether there are any matters everywhere.
        const keepsSeparation = comment || joinBlank || (ws.length > 0 && indent.length > 0);
        const valueBlanks = (joinShellEscape && !comment) || nonPosix(l.role.instr);
        if (ws !== indent && keepsSeparation && !valueBlanks && mayIndent(l.role.instr, l.start, rewritten) && !insideQuotes(text, l.role.instr.range.start, l.start, escape)) {
          out.push({ start: l.start, end: l.start + ws.length, text: indent, line });
        }
        if (!comment) {
          joinBlank = joinsWithBlank(content, escape, joinBlank);
          joinShellEscape = joinsWithShellEscape(content, escape, joinShellEscape);
        }
        break;
      }
      case 'heredoc':
        break;
    }
  });
  return resolve(out);
}

/**
 * The edits in order, an edit overlapping an earlier one dropped (a rewrite of ENV's `key value` takes the blanks
 * and line breaks between key and value, trailing blanks there included); an insertion comes before an edit
 * starting where it is, and its text goes first. Done for the whole document, before range formatting picks its
 * lines, so that a line is formatted the same way either way.
 */
function resolve(edits: LineEdit[]): LineEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: LineEdit[] = [];
  for (const e of sorted) {
    const prev = out[out.length - 1];
    if (prev && (e.start < prev.end || (e.start === prev.start && e.end === e.start && prev.end === e.start))) continue;
    out.push(e);
  }
  return out;
}

/** The line each offset is on (binary search over the lines' starts). */
function lineFinder(lines: readonly Line[]): (offset: number) => number {
  return (offset) => {
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lines[mid] as Line).start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
}

const isBlankTop = (text: string, l: Line | undefined): boolean => l !== undefined && l.role.kind === 'top' && /^[ \t]*$/.test(text.slice(l.start, l.end));
const isCommentTop = (text: string, l: Line | undefined): boolean => l !== undefined && l.role.kind === 'top' && /^[ \t]*#/.test(text.slice(l.start, l.end));

/**
 * Blank lines: runs of blank lines outside instructions shrink to one (to none at the end of the file; at its
 * start one stays before a comment, since a blank line there ends the parser directives); a FROM that follows
 * other instructions gets one blank line before it (above the comment lines right before it); the file ends with
 * a line break. Pushes the edits and returns the lines they delete.
 */
function verticalEdits(doc: FormatInput, lines: readonly Line[], out: LineEdit[]): Set<number> {
  const text = doc.text;
  const removed = new Set<number>();
  const eol = lines.find((l) => l.eol)?.eol ?? '\n';
  // The last line is an empty leftover after the final line break: not a line of its own.
  const count = lines.length > 1 && (lines[lines.length - 1] as Line).start === text.length ? lines.length - 1 : lines.length;
  let firstContent = -1;
  for (let i = 0; i < count; i++) {
    if (!isBlankTop(text, lines[i])) {
      firstContent = i;
      break;
    }
  }
  for (let i = 0; i < count; ) {
    if (!isBlankTop(text, lines[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j < count && isBlankTop(text, lines[j])) j++;
    // Lines i..j-1 are blank.
    let keep = 1;
    if (j === count) keep = 0;
    else if (i === 0) keep = isCommentTop(text, lines[j]) ? 1 : 0;
    if (j - i > keep) {
      const from = i + keep;
      const start = (lines[from] as Line).start;
      // At the end of the file the blank lines go with the line break before them... unless that is all there is.
      const end = j === count ? text.length : (lines[j] as Line).start;
      out.push({ start, end, text: '', line: from, vertical: true });
      for (let k = from; k < j; k++) removed.add(k);
      if (j === count && count < lines.length) removed.add(count);
    }
    i = j;
  }
  // One blank line before each FROM that follows other instructions.
  let seenInstruction = false;
  const firstLines = new Map<Instruction, number>();
  lines.forEach((l, i) => {
    if (l.role.kind === 'first') firstLines.set(l.role.instr, i);
  });
  for (const instr of doc.parse.dockerfile.instructions) {
    const at = firstLines.get(instr);
    if (instr.kind === 'From' && seenInstruction && at !== undefined) {
      let b = at;
      while (b > 0 && isCommentTop(text, lines[b - 1])) b--;
      const before = lines[b - 1];
      if (before && !isBlankTop(text, before) && before.eol) out.push({ start: (lines[b] as Line).start, end: (lines[b] as Line).start, text: before.eol, line: b, vertical: true });
    }
    seenInstruction = true;
  }
  // A line break after the last line (not inside an unterminated heredoc, whose body would change).
  const last = lines[lines.length - 1] as Line;
  const closed = last.role.kind !== 'heredoc' || last.role.instr.heredocs.every((h) => h.terminated);
  if (firstContent >= 0 && last.start < text.length && !last.eol && closed && !isBlankTop(text, last)) {
    out.push({ start: text.length, end: text.length, text: eol, line: lines.length - 1, vertical: true });
  }
  return removed;
}

const SEPARATORS_FREE = new Set(['Keyword', 'Flag', 'FlagTerminator', 'HealthcheckType']);
const WORD_KINDS = new Set(['Word', 'AsKeyword', 'HeredocMarker']);
const NOT_ON_LINE = new Set(['Whitespace', 'Newline', 'Continuation', 'EmptyContinuationLine', 'Comment']);

/**
 * The edits inside one instruction (and an ONBUILD's trigger): spacing between its parts, JSON arrays, the legacy
 * ENV/LABEL form. An instruction BuildKit cannot read (an Error node in it) is left alone.
 */
function instructionEdits(text: string, instr: Instruction, rewritten: Map<Instruction, Edit>): Edit[] {
  if (instr.node.nodes().some((n) => n.kind === 'Error')) return [];
  const out: Edit[] = [];
  const inner = instr instanceof OnbuildInstruction ? instr.trigger : undefined;
  if (instr instanceof OnbuildInstruction && (!inner || inner.node.nodes().some((n) => n.kind === 'Error'))) return [];
  spacing(instr, out);
  if (inner) spacing(inner, out);
  const target = inner ?? instr;
  if (target instanceof EnvInstruction || target instanceof LabelInstruction) {
    const rewrite = legacyKeyValueRewrite(text, target);
    if (rewrite?.kind === 'equals' && rewrite.safe) {
      out.push(...rewrite.edits);
      rewritten.set(instr, rewrite.edits[0] as Edit);
    }
  }
  const json = target.node.nodes().find((n) => n.kind === 'JsonArray');
  if (json) jsonSpacing(json, out);
  return out;
}

/** One space between the parts of an instruction where the number of blanks carries no meaning. */
function spacing(instr: Instruction, out: Edit[]): void {
  const kids = instr.node.children;
  const words = instr.kind === 'From' || instr.kind === 'Copy' || instr.kind === 'Add' || instr.kind === 'Expose' || instr.kind === 'Volume';
  const pairs = instr.kind === 'Arg' || ((instr.kind === 'Env' || instr.kind === 'Label') && !(instr as EnvInstruction).legacy);
  for (let i = 1; i + 1 < kids.length; i++) {
    const w = kids[i] as SyntaxElement;
    if (!w.isToken || w.kind !== 'Whitespace') continue;
    const prev = kids[i - 1] as SyntaxElement;
    const next = kids[i + 1] as SyntaxElement;
    // Before a continuation marker, the blanks that end the line's part (one stays: it keeps the words apart).
    const beforeBreak = next.kind === 'Continuation';
    if (NOT_ON_LINE.has(prev.kind) || (NOT_ON_LINE.has(next.kind) && !beforeBreak)) continue;
    const free =
      SEPARATORS_FREE.has(prev.kind) ||
      (words && WORD_KINDS.has(prev.kind) && (beforeBreak || WORD_KINDS.has(next.kind))) ||
      (pairs && prev.kind === 'KeyValue' && (beforeBreak || next.kind === 'KeyValue'));
    if (free && w.text() !== ' ') out.push({ start: w.start, end: w.end, text: ' ' });
  }
}

/** `["a", "b"]`: no blanks inside the brackets or before a comma, one space after a comma (one line at a time). */
function jsonSpacing(json: SyntaxNode, out: Edit[]): void {
  const kids = json.children;
  // Only an array BuildKit reads as JSON: strings only, nothing it could not take.
  if (kids.some((k) => k.kind === 'JsonValue' || k.kind === 'Error' || k.kind === 'Garbage')) return;
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i] as SyntaxElement;
    const prev = kids[i - 1];
    const next = kids[i + 1];
    if (k.kind === 'Whitespace') {
      if (!prev || !next || NOT_ON_LINE.has(prev.kind) || NOT_ON_LINE.has(next.kind)) continue;
      const want = prev.kind === 'Comma' ? ' ' : '';
      if (prev.kind === 'LBracket' || next.kind === 'RBracket' || next.kind === 'Comma' || prev.kind === 'Comma') {
        if (k.text() !== want) out.push({ start: k.start, end: k.end, text: want });
      }
    } else if (k.kind === 'Comma' && next && next.kind !== 'Whitespace' && !NOT_ON_LINE.has(next.kind) && next.kind !== 'RBracket') {
      out.push({ start: k.end, end: k.end, text: ' ' });
    }
  }
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

/** With a backtick as escape character: whether what this line keeps before its continuation marker ends with `\`. */
function joinsWithShellEscape(content: string, escape: string, before: boolean): boolean {
  if (escape === '\\') return false;
  const trimmed = content.replace(/[ \t]+$/, '');
  if (!trimmed.endsWith(escape)) return false;
  const kept = trimmed.slice(0, -escape.length);
  return kept === '' ? before : kept.endsWith('\\');
}

/** Whether a continuation line's leading blanks are the formatter's to change (see blanksAreValue). */
function mayIndent(instr: Instruction, lineStart: number, rewritten: ReadonlyMap<Instruction, Edit>): boolean {
  const rewrite = rewritten.get(instr);
  if (!rewrite) return !blanksAreValue(instr);
  return !(rewrite.start < lineStart && lineStart <= rewrite.end);
}

/**
 * Instructions whose argument is their text as written, blanks included (USER, WORKDIR, STOPSIGNAL, MAINTAINER,
 * `ENV name value` and `LABEL name value`, anything unknown): the blanks at the start of a continuation line are
 * part of the value, so their number is kept.
 */
function blanksAreValue(instr: Instruction): boolean {
  const i = instr instanceof OnbuildInstruction ? instr.trigger : instr;
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
      return (i as EnvInstruction).legacy;
    default:
      return false;
  }
}

/**
 * Upper-case keywords (the instruction's, an ONBUILD's trigger's, FROM's `AS` and HEALTHCHECK's `CMD`/`NONE`); one
 * split by a continuation is left alone.
 */
function keywordEdits(text: string, instr: Instruction, options: FormatOptions, escape: string): Edit[] {
  if (options.keywordCase === 'keep') return [];
  const out: Edit[] = [];
  const upper = (t: { start: number; end: number } | undefined): void => {
    if (!t) return;
    const written = text.slice(t.start, t.end);
    if (!written.includes(escape) && written !== written.toUpperCase()) out.push({ start: t.start, end: t.end, text: written.toUpperCase() });
  };
  for (let i: Instruction | undefined = instr; i; i = i instanceof OnbuildInstruction ? i.trigger : undefined) {
    if (!i.keyword || i.kind === 'UnknownInstruction') continue;
    upper(i.keyword);
    if (i.kind === 'From') upper(i.node.token('AsKeyword'));
    if (i.kind === 'Healthcheck') upper(i.node.token('HealthcheckType'));
  }
  return out;
}

/** Document formatting, or with `range` the lines it touches (a range ending at a line's start leaves that line). */
export function format(doc: FormatInput, options: FormatOptions = {}, range?: { start: number; end: number }): Edit[] {
  const all = lineEdits(doc, options);
  if (range) {
    // Lines as BuildKit reads them (a lone CR ends none).
    const lines = linesOf(doc);
    const lineOf = lineFinder(lines);
    const first = lineOf(range.start);
    const endLine = lineOf(range.end);
    const last = range.end > range.start && range.end === (lines[endLine] as Line).start && endLine > 0 ? endLine - 1 : endLine;
    return strip(all.filter((e) => e.line >= first && e.line <= last));
  }
  return strip(all);
}

/** The edits without their tags. */
function strip(edits: LineEdit[]): Edit[] {
  return edits.map(({ start, end, text }) => ({ start, end, text }));
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
 * `reflowRun`: a shell-form RUN on one line, longer than `lineWidth`, whose script is a plain list `a && b && c`
 * (read by the shell model: no `||`, `;`, comment or heredoc at its top) for a POSIX shell is broken before each
 * `&&`, one command per continuation line. The shell sees the same words: only blanks between them change.
 */
function reflowEdits(doc: FormatInput, lines: readonly Line[], indent: string, options: FormatOptions): Edit[] {
  const width = options.lineWidth ?? DEFAULT_FORMAT_OPTIONS.lineWidth;
  const out: Edit[] = [];
  const text = doc.text;
  const escape = doc.parse.dockerfile.escape;
  let model: ReturnType<typeof analyze> | undefined;
  for (const l of lines) {
    if (l.role.kind !== 'first' || l.end - l.start <= width) continue;
    const instr = l.role.instr;
    if (!(instr instanceof RunInstruction) || instr.form !== 'shell' || instr.heredocs.length > 0 || instr.range.end > l.end) continue;
    if (instr.node.nodes().some((n) => n.kind === 'Error')) continue;
    const cmd = instr.shellCommand;
    if (!cmd || text.slice(cmd.range.start, cmd.range.end) !== cmd.value) continue;
    model ??= analyze(doc.parse);
    const shell = shellAt(model, model.stageAt(instr.range.start), instr.range.start);
    if (!isPosixShell(shell)) continue;
    const items = andList(scriptTree(cmd.value));
    if (!items || items.length < 2) continue;
    const breakText = ` ${escape}${l.eol || lines.find((x) => x.eol)?.eol || '\n'}${indent}&& `;
    for (let k = 1; k < items.length; k++) {
      const before = items[k - 1] as SNode;
      const after = items[k] as SNode;
      out.push({ start: cmd.range.start + before.end, end: cmd.range.start + after.start, text: breakText });
    }
  }
  return out;
}

/** The commands of a script that is one `a && b && c` list and nothing else; undefined otherwise. */
function andList(root: SNode | undefined): SNode[] | undefined {
  if (!root || root.type !== 'program' || root.children.length !== 1) return undefined;
  const items: SNode[] = [];
  const walk = (n: SNode): boolean => {
    if (n.type !== 'list') {
      if (n.type === 'comment' || n.type === 'ERROR' || !n.named) return false;
      items.push(n);
      return true;
    }
    if (n.children.length !== 3) return false;
    const [left, op, right] = n.children as [SNode, SNode, SNode];
    if (op.type !== '&&' || right.type === 'list') return false;
    return walk(left) && walk(right);
  };
  return walk(root.children[0] as SNode) ? items : undefined;
}

/**
 * On-type formatting after Enter at `offset`: the horizontal rules of `format` for the line just ended and the
 * new line (blank lines the user is typing stay). The new line, while blank, is given the indentation its text will
 * need: the continuation indent when it continues an instruction (outside quotes), none otherwise; in a heredoc
 * body, nothing changes.
 */
export function formatOnType(doc: FormatInput, offset: number, options: FormatOptions = {}): Edit[] {
  const all = linesOf(doc);
  const line = lineFinder(all)(Math.max(0, Math.min(offset, doc.text.length)));
  const edits = lineEdits(doc, options, false).filter((e) => e.line === line || e.line === line - 1);
  const l = all[line];
  if (l && l.role.kind === 'continuation') {
    const ws = /^[ \t]*/.exec(doc.text.slice(l.start, l.end))?.[0] ?? '';
    if (l.start + ws.length === l.end) {
      // The new line is blank: it gets the indentation it needs (inside a quoted string, its blanks stay).
      const rest = edits.filter((e) => !(e.line === line && e.start >= l.start && e.end <= l.end));
      const indent = indentOf(options);
      if (ws !== indent && !insideQuotes(doc.text, l.role.instr.range.start, l.start, doc.parse.dockerfile.escape)) rest.push({ start: l.start, end: l.end, text: indent, line });
      return strip(resolve(rest));
    }
  }
  return strip(edits);
}
