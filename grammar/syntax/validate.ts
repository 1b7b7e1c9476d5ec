/**
 * Syntax errors as data. Everything BuildKit's parser rejects, and the shape errors its instruction parser
 * rejects (a FROM that is not `FROM image [AS name]`, a COPY without destination, an unknown instruction), each
 * with the narrowest range and a message that says what is wrong and what to write instead.
 */
import type { IToken } from 'chevrotain';
import { CHECK_OPTIONS, checkDirectiveOptions, goParseBool } from '../facts/directives.js';
import { INSTRUCTION_NAMES, isValidStageName, type InstructionName } from '../facts/instructions.js';
import { findHeredocMarkers } from '../lexer/heredoc.js';

import type { TextRange } from '../text/range.js';
import { suggest } from '../text/suggest.js';
import { findChar } from '../text/chars.js';
import {
  ArgInstruction,
  CommandInstruction,
  CopyInstruction,
  FromInstruction,
  HealthcheckInstruction,
  KeyValueInstruction,
  OnbuildInstruction,
  type Dockerfile,
  type Instruction,
} from './ast.js';
import type { SyntaxNode, SyntaxToken } from './tree.js';

export type SyntaxErrorCode =
  | 'no-instructions'
  | 'duplicate-directive'
  | 'invalid-escape-directive'
  | 'invalid-check-directive'
  | 'misplaced-directive'
  | 'line-too-long'
  | 'empty-continuation-line'
  | 'lone-carriage-return'
  | 'unknown-instruction'
  | 'missing-space-after-keyword'
  | 'placeholder-syntax'
  | 'missing-argument'
  | 'unexpected-argument'
  | 'invalid-stage-name'
  | 'json-non-string'
  | 'invalid-exec-form'
  | 'env-missing-value'
  | 'env-missing-equals'
  | 'empty-name'
  | 'unterminated-heredoc'
  | 'invalid-heredoc'
  | 'healthcheck-type'
  | 'internal-error';

export interface SyntaxError extends TextRange {
  code: SyntaxErrorCode;
  message: string;
  severity: 'error' | 'warning';
  /** How to repair it, when there is one obvious repair. */
  fix?: SyntaxFix;
}

/** Replace the source range [start, end) with `text`. */
export interface SyntaxEdit extends TextRange {
  text: string;
}

/**
 * A repair for a syntax finding. It has the shape of a rule's fix, so the CLI's `--fix`, the editor's quick fixes
 * and fix-all treat both alike. `safe`: the file then means what its author evidently meant, nothing is lost.
 */
export interface SyntaxFix {
  title: string;
  applicability: 'safe' | 'unsafe';
  edits: SyntaxEdit[];
}

const MAX_LINE_BYTES = 65535;
const DIRECTIVE_LIKE = /^#\s*(syntax|escape)\s*=\s*\S/i;

interface ParserError {
  message: string;
  token: IToken;
  previousToken?: IToken;
  ruleStack: string[];
}

export function validate(file: Dockerfile, parserErrors: ParserError[], emptyLines: SyntaxToken[]): SyntaxError[] {
  const v = new Validator(file);
  v.parser(parserErrors);
  v.physical(emptyLines);
  v.directives();
  v.all();
  return v.errors.sort((a, b) => a.start - b.start || a.end - b.end);
}

class Validator {
  readonly errors: SyntaxError[] = [];
  constructor(private readonly file: Dockerfile) {}

  private add(code: SyntaxErrorCode, range: TextRange, message: string, severity: 'error' | 'warning' = 'error', fix?: SyntaxFix): void {
    const e: SyntaxError = { code, start: range.start, end: range.end, message, severity };
    if (fix) e.fix = fix;
    this.errors.push(e);
  }

  private covered(range: TextRange): boolean {
    return this.errors.some((e) => e.start < range.end && range.start < e.end);
  }

  parser(errors: ParserError[]): void {
    for (const e of errors) {
      const t = e.token;
      const real = !t.isInsertedInRecovery && Number.isFinite(t.startOffset) && t.tokenType.name !== 'EOF';
      // When what is missing is at the end of the instruction, point at what is there: the keyword (or `AS`).
      const atNext = !real || t.tokenType.name.endsWith('Keyword');
      const anchor = atNext ? e.previousToken : t;
      if (!anchor || !Number.isFinite(anchor.startOffset)) continue;
      const range = { start: anchor.startOffset, end: anchor.startOffset + anchor.image.length };
      this.add(atNext ? 'missing-argument' : 'unexpected-argument', range, sentence(e.message));
    }
  }

  /** Per physical line: BuildKit's 64 KiB limit, and lone carriage returns; empty continuation lines. */
  physical(emptyLines: SyntaxToken[]): void {
    const text = this.file.text;
    // A line can only exceed 65,535 UTF-8 bytes if it has more than 21,845 UTF-16 code units.
    if (text.length * 3 > MAX_LINE_BYTES) {
      let ls = 0;
      for (;;) {
        const nl = text.indexOf('\n', ls);
        const le = nl < 0 ? text.length : nl;
        if ((le - ls) * 3 > MAX_LINE_BYTES) {
          const bytes = utf8Length(text, ls, le);
          if (bytes > MAX_LINE_BYTES) {
            this.add(
              'line-too-long',
              { start: ls, end: le },
              `This line is ${bytes.toLocaleString('en-US')} bytes long; Docker cannot read lines longer than 65,535 bytes. Split it with line continuations (\`${this.file.escape}\` at the end of a line).`,
            );
          }
        }
        if (nl < 0) break;
        ls = nl + 1;
      }
    }
    for (let cr = text.indexOf('\r'); cr >= 0; ) {
      let j = cr;
      while (j < text.length && text.charCodeAt(j) === 0x0d) j++;
      if (j < text.length && text.charCodeAt(j) !== 0x0a) {
        this.add(
          'lone-carriage-return',
          { start: cr, end: cr + 1 },
          'A carriage return (\\r) that is not part of a \\r\\n line ending: editors show a line break here, but Docker does not — both sides are one line to it. Use \\n or \\r\\n line endings.',
          'warning',
        );
      }
      cr = text.indexOf('\r', j);
    }
    for (const t of emptyLines) {
      let instr = t.parent;
      while (instr && !instr.isInstruction) instr = instr.parent;
      const kw = instr?.token('Keyword');
      const what = kw ? `this ${this.file.valueOf(kw).toUpperCase()} instruction` : 'this instruction';
      const raw = t.text();
      const end = Math.max(t.start, t.end - (raw.endsWith('\r\n') ? 2 : raw.endsWith('\n') ? 1 : 0));
      this.add(
        'empty-continuation-line',
        { start: t.start, end },
        `Empty line inside ${what}, which is continued across lines: Docker skips it for now but warns that this will become an error. Remove the line (a comment line is fine).`,
        'warning',
        { title: 'Remove the empty line', applicability: 'safe', edits: [{ ...wholeLines(text, t.start, end), text: '' }] },
      );
    }
    if (this.file.instructions.length === 0) {
      this.add('no-instructions', { start: 0, end: 0 }, 'This Dockerfile has no instructions; a build needs at least a FROM line, for example `FROM alpine:3.20`.');
    }
  }

  directives(): void {
    const seen = new Map<string, SyntaxNode>();
    for (const d of this.file.directives) {
      const name = d.name;
      if (seen.has(name)) {
        this.add('duplicate-directive', d.range, `The \`${name}\` directive is already set above; Docker accepts each parser directive only once.`);
        continue;
      }
      seen.set(name, d.node);
      if (name === 'check') {
        const problem = checkDirectiveProblem(d.value ?? '');
        if (problem) this.add('invalid-check-directive', d.valueToken ?? d.range, `Docker stops the build: ${problem}.`);
      }
      if (name === 'escape' && d.value !== '\\' && d.value !== '`') {
        this.add('invalid-escape-directive', d.valueToken ?? d.range, `The escape character can only be \`\\\` (the default) or \`\\\`\` (common on Windows), not \`${d.value}\`.`);
      }
    }
    // A directive written after the top of the file is an ordinary comment: say so.
    for (const c of this.file.root.tokens('Comment')) {
      const m = DIRECTIVE_LIKE.exec(c.text());
      if (!m) continue;
      this.add(
        'misplaced-directive',
        c,
        `This \`${(m[1] as string).toLowerCase()}\` directive has no effect: parser directives must be the very first lines of the file, before any instruction, comment or blank line.`,
        'warning',
      );
    }
  }

  all(): void {
    for (const instr of this.file.instructions) this.instruction(instr);
  }

  private instruction(instr: Instruction): void {
    if (instr.kind === 'UnknownInstruction') {
      this.unknown(instr);
      return;
    }
    // One look at the children decides which checks have anything to check.
    let hasJson = false;
    let hasHeredoc = false;
    let hasError = false;
    let hasWord = false;
    // Arguments that start with `[` but are no JSON array: the exec form, almost.
    let startsWithBracket = false;
    const list = instr instanceof CopyInstruction || instr.kind === 'Volume';
    for (const c of instr.node.children) {
      if (c.isToken) {
        if (c.kind === 'Word' || c.kind === 'AsKeyword') {
          if (list && !hasWord && this.file.text.charCodeAt(c.start) === 0x5b) startsWithBracket = true;
          hasWord = true;
        } else if (c.kind === 'HeredocMarker') hasHeredoc = true;
      } else if (c.kind === 'JsonArray') hasJson = true;
      else if (c.kind === 'Heredoc') hasHeredoc = true;
      else if (c.kind === 'Error') {
        if (!hasError && instr.kind === 'Shell' && this.file.text.charCodeAt(c.start) === 0x5b) startsWithBracket = true;
        hasError = true;
      } else if (c.kind === 'ShellForm') {
        const first = c.firstToken();
        if (first && this.file.text.charCodeAt(first.start) === 0x5b) startsWithBracket = true;
        if (!hasHeredoc) for (const t of c.children) if (t.isToken && t.kind === 'HeredocMarker') hasHeredoc = true;
      }
    }
    const template = (hasWord || hasError) && this.placeholders(instr);
    if (hasJson) this.json(instr);
    else if (startsWithBracket) this.almostJson(instr);
    if (hasHeredoc) this.heredocs(instr);
    if (template) {
      // A pasted syntax summary: one clear message is better than a list of arity errors.
    } else if (instr instanceof FromInstruction) this.from(instr);
    else if (instr instanceof KeyValueInstruction) this.keyValue(instr);
    else if (instr instanceof ArgInstruction) this.arg(instr);
    else if (instr instanceof CopyInstruction) this.copy(instr);
    else if (instr instanceof HealthcheckInstruction) this.healthcheck(instr);
    else if (instr instanceof OnbuildInstruction) this.onbuild(instr);
    else if (instr.kind === 'Shell') this.shell(instr);
    if (!template && hasError) this.leftovers(instr);
  }

  private unknown(instr: Instruction): void {
    const kw = instr.keyword;
    const word = instr.keywordText;
    // `ENTRYPOINT["python"]`, `RUN"echo"`: a keyword glued to its arguments.
    const glued = gluedKeyword(word);
    if (glued) {
      this.missingSpace(instr, glued);
      return;
    }
    if (/^[<[{]/.test(word) || /[<>]/.test(word)) {
      this.add('placeholder-syntax', kw, `\`${truncate(word)}\` is not an instruction. Angle brackets and square brackets in documentation mark placeholders and optional parts; replace them with real values.`);
      return;
    }
    const heredoc = this.heredocHint(instr, word);
    if (heredoc) {
      this.add('unknown-instruction', kw, `Unknown instruction \`${truncate(word)}\`. ${heredoc}`);
      return;
    }
    const guess = suggest(word, INSTRUCTION_NAMES);
    const hint = guess ? ` Did you mean ${guess}?` : ` Instructions are ${INSTRUCTION_NAMES.slice(0, -1).join(', ')} and ${INSTRUCTION_NAMES[INSTRUCTION_NAMES.length - 1]}.`;
    this.add('unknown-instruction', kw, `Unknown instruction \`${truncate(word)}\`.${hint}`);
  }

  /**
   * The keyword of `instr` runs into its arguments. The finding covers the whole glued word (what Docker reads as
   * the instruction's name) and quotes the line as it should read. The fix inserts the space; when the keyword is
   * followed by `=` or `:` (`WORKDIR=/app`, `RUN: make`, written like a setting) it puts the space in their place.
   * Either is safe: it is the one reading of the line that makes it an instruction. ENV, ARG and LABEL glued to `=`
   * lack the name itself, which only the author knows: no fix.
   */
  private missingSpace(instr: Instruction, glued: InstructionName): void {
    const kw = instr.keyword;
    const word = instr.keywordText;
    const at = kw.start + positionInSource(this.file, kw, glued.length);
    const line = this.file.logical(kw.start, Math.max(kw.end, instr.lineEnd)).text;
    const written = word.slice(0, glued.length);
    const rest = line.slice(glued.length);
    const sep = rest.charAt(0);
    const word1 = truncate(word);
    const separator = sep === '=' || sep === ':';
    if (glued === 'ONBUILD') {
      // ONBUILD registers an instruction: the space helps only when one follows.
      const trigger = /^\S*/.exec(separator ? rest.slice(1).replace(/^\s+/, '') : rest)?.[0].toUpperCase() ?? '';
      if (!INSTRUCTION_NAMES.includes(trigger as InstructionName) && !gluedKeyword(trigger)) {
        this.add(
          'missing-space-after-keyword',
          kw,
          `Docker reads \`${word1}\` as one word and does not know it as an instruction. ONBUILD is followed by a space and the instruction to run in images built from this one, for example \`ONBUILD COPY . /app/\`.`,
        );
        return;
      }
    }
    if (separator) {
      const args = rest.slice(1).replace(/^\s+/, '');
      if (sep === '=' && (glued === 'ENV' || glued === 'ARG' || glued === 'LABEL')) {
        this.add(
          'missing-space-after-keyword',
          kw,
          `Docker reads \`${word1}\` as one word and does not know it as an instruction: ${glued} sets \`name=value\` and the name is missing. Write \`${shorten(`${written} name=${args}`)}\`.`,
        );
        return;
      }
      // `RUN:\` + line break: the continuation must stay, only the separator goes.
      const next = this.file.text.charCodeAt(at + 1);
      const space = next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d || at + 1 >= this.file.text.length ? '' : ' ';
      this.add(
        'missing-space-after-keyword',
        kw,
        `Docker reads \`${word1}\` as one word and does not know it as an instruction: a space separates ${glued} from its arguments, not \`${sep}\`. Write \`${shorten(`${written} ${args}`)}\`.`,
        'error',
        { title: `Replace \`${sep}\` with a space`, applicability: 'safe', edits: [{ start: at, end: at + 1, text: space }] },
      );
      return;
    }
    this.add(
      'missing-space-after-keyword',
      kw,
      `Missing space after ${glued}: Docker reads \`${word1}\` as one word and does not know it as an instruction. Write \`${shorten(`${written} ${rest}`)}\`.`,
      'error',
      { title: `Insert a space after ${written}`, applicability: 'safe', edits: [{ start: at, end: at, text: ' ' }] },
    );
  }

  /**
   * Lines of a heredoc BuildKit did not recognise become "instructions". When an earlier line tried to start a
   * heredoc named like this word, say why it did not work.
   */
  private heredocHint(instr: Instruction, word: string): string | undefined {
    const list = this.file.instructions;
    const at = list.indexOf(instr);
    for (let k = at - 1; k >= 0 && k >= at - 50; k--) {
      const prev = list[k] as Instruction;
      if (prev.kind === 'UnknownInstruction') continue;
      const text = this.file.text.slice(prev.range.start, prev.range.end);
      const m = /<<(-?)([ \t]*)(['"]?)([^\s'"<]+)\3/.exec(text);
      if (!m) return undefined;
      const name = m[4] as string;
      if (prev.heredocs.some((h) => h.name === name)) return undefined;
      const why =
        m[1] === '-' && m[2] !== ''
          ? `\`<<- ${name}\` is not a heredoc (no space is allowed after \`<<-\`); write \`<<-${name}\``
          : prev.kind !== 'Run' && prev.kind !== 'Copy' && prev.kind !== 'Add'
            ? `heredocs only work in RUN, COPY and ADD, not in ${prev.name}`
            : 'Docker did not recognise the heredoc on that line (check its quotes)';
      const line = this.file.text.slice(0, prev.range.start).split('\n').length;
      if (word.replace(/^\t+/, '') === name) return `It looks like the end of a heredoc meant to start on line ${line}, but ${why}.`;
      const ends = list.slice(at + 1, at + 500).some((i) => i.kind === 'UnknownInstruction' && i.keywordText.replace(/^\t+/, '') === name);
      if (ends) return `This line seems to be the body of a heredoc meant to start on line ${line}, but ${why}.`;
      return undefined;
    }
    return undefined;
  }

  /** A template pasted from the docs: `FROM [--platform=<platform>] <image> [AS <name>]`. */
  private placeholders(instr: Instruction): boolean {
    if (instr instanceof CommandInstruction || instr instanceof KeyValueInstruction || instr instanceof ArgInstruction) return false;
    // A placeholder needs `<…>`: without a `<` in the instruction there is none.
    if (findChar(this.file.text, 0x3c, instr.range.start, instr.range.end) < 0) return false;
    const words = instr.node.children.filter((c): c is SyntaxToken => c.isToken && (c.kind === 'Word' || c.kind === 'AsKeyword'));
    for (const err of instr.leftovers) for (const t of err.tokens()) if (t.kind === 'Word') words.push(t);
    const first = words.find((w) => isPlaceholder(this.file.valueOf(w)));
    if (!first) return false;
    const example = EXAMPLES[instr.name] ?? '';
    this.add(
      'placeholder-syntax',
      first,
      `\`${this.file.valueOf(first)}\` looks like a placeholder from the documentation's syntax summary: <angle brackets> stand for a value you fill in and [square brackets] mark optional parts.${example ? ` A real ${instr.name} line looks like \`${example}\`.` : ''}`,
    );
    return true;
  }

  private json(instr: Instruction): void {
    const arr = instr.node.nodes().find((n) => n.kind === 'JsonArray');
    if (!arr) return;
    // The JSON form has to give what the shell form would: an empty array is no argument at all.
    const empty = arr.tokens('JsonString').length + arr.tokens('JsonValue').length === 0;
    if (instr.kind === 'Run' && empty) {
      // BuildKit accepts the line, then stops the build when the step has no program to run.
      this.add('missing-argument', arr, 'RUN needs a command, and `[]` holds none: Docker stops the build ("arguments are required"). Write the command, for example `RUN ["make", "install"]`.');
    }
    if (instr.kind === 'Shell' && empty) {
      this.add('missing-argument', arr, 'SHELL needs at least the shell program, for example `SHELL ["/bin/sh", "-c"]`.');
    }
    if (instr.kind === 'Volume') {
      if (empty) {
        this.add('missing-argument', arr, 'VOLUME needs at least one path, and `[]` holds none: Docker stops the build. Write the path, for example `VOLUME ["/var/lib/data"]`.');
      } else {
        for (const a of instr.args) {
          if (a.value.trim() !== '') continue;
          this.add('missing-argument', a.range, 'An empty volume path: Docker stops the build ("VOLUME specified can not be an empty string"). Write a path or remove the element.');
        }
      }
    }
    for (const t of arr.tokens('JsonValue')) {
      this.add(
        'json-non-string',
        t,
        `In the JSON (exec) form every element must be a string in double quotes: write \`"${this.file.valueOf(t).replace(/"/g, '\\"')}"\`.`,
      );
    }
  }

  /**
   * Text that was meant as the exec form (a JSON array) but is not JSON: `CMD ['run']`, `CMD [“python”, “app.py”]`
   * pasted from a web page, `RUN ["c:\windows\x.exe"]`. In RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD Docker then runs
   * the text as a shell command; in COPY, ADD and VOLUME it takes the words as paths; SHELL rejects it. Wrong quotes
   * (typographic or single) are repaired when straight double quotes make a JSON array of strings.
   */
  private almostJson(instr: Instruction): void {
    const r = instr.rest;
    let start = r.start;
    if (instr instanceof HealthcheckInstruction) {
      if (instr.type !== 'CMD') return;
      start += /^\S+\s*/.exec(r.logical.text.slice(r.start, r.end))?.[0].length ?? 0;
    }
    const value = r.logical.text.slice(start, r.end);
    if (!new RegExp(`^\\[\\s*${QUOTE}`).test(value) || !new RegExp(`${QUOTE}\\s*,?\\s*\\]+$`).test(value)) return;
    // `RUN [ "$a" = "b" ]` is the shell's test command, not a broken array.
    if (instr.kind === 'Run' && /^\[\s/.test(value) && !value.includes(',')) return;
    const range = r.logical.toSourceRange(start, r.end);
    const repair = straightenQuotes(value);
    const typographic = [...new Set((repair ?? delimiterQuotes(value)).map((o) => value.charAt(o)).filter((c) => /[^"']/.test(c)))];
    const quotes = typographic.map((c) => `\`${c}\``).join(' ');
    let why = 'it is not valid JSON';
    const extra = /\](\s*\]+)$/.exec(value);
    if (/'/.test(value) && !/"/.test(value)) why = 'JSON strings need double quotes, not single quotes';
    else if (/\\(?![\\"\/bfnrtu])/.test(value)) why = 'a backslash inside a JSON string must be doubled (`\\\\`)';
    else if (/,\s*\]$/.test(value)) why = 'JSON does not allow a comma before `]`';
    else if (extra) {
      try {
        JSON.parse(value.slice(0, value.length - (extra[1] as string).length));
        why = `there is an extra \`${(extra[1] as string).trim()}\` after the array`;
      } catch {
        // Keep the general reason.
      }
    }
    const fix: SyntaxFix | undefined = repair && {
      title: typographic.length > 0 ? 'Replace the typographic quotes with straight double quotes' : 'Replace the single quotes with double quotes',
      applicability: 'safe',
      edits: repair.map((o) => {
        const at = r.logical.toSource(start + o);
        return { start: at, end: at + 1, text: '"' };
      }),
    };
    let corrected = value;
    for (const o of repair ?? []) corrected = `${corrected.slice(0, o)}"${corrected.slice(o + 1)}`;
    // The whole instruction as written (keyword, flags), with the quotes repaired.
    const line = this.file.logical(instr.keyword.start, Math.max(instr.keyword.end, instr.lineEnd)).text.trimEnd();
    const before = line.endsWith(value) ? line.slice(0, line.length - value.length) : `${instr.name} `;
    const write = repair ? ` Write \`${shorten(before + corrected)}\`.` : '';
    if (instr.kind === 'Shell') {
      // The parser already said that SHELL needs a JSON array; say what is wrong with this one instead.
      for (let i = this.errors.length - 1; i >= 0; i--) {
        const e = this.errors[i] as SyntaxError;
        if (e.start < range.end && range.start < e.end) this.errors.splice(i, 1);
      }
      const message =
        typographic.length > 0
          ? `Typographic quotes (${quotes}) where SHELL's JSON array needs straight double quotes (\`"\`).${write}`
          : `SHELL takes a JSON array, and this is not one: ${why}.${write}`;
      this.add('unexpected-argument', range, message, 'error', fix);
      return;
    }
    const instead =
      instr instanceof CommandInstruction
        ? 'runs the whole text as a shell command'
        : `takes its words, brackets and quotes included, as ${instr.kind === 'Volume' ? 'volume paths' : 'paths'}`;
    const message =
      typographic.length > 0
        ? `Typographic quotes (${quotes}) where the exec form needs straight double quotes (\`"\`): Docker sees no JSON array here and ${instead}.${write}`
        : `This looks like the exec form (a JSON array) but ${why}, so Docker ${instead} instead.${write}`;
    this.add('invalid-exec-form', range, message, 'warning', fix);
  }

  private heredocs(instr: Instruction): void {
    for (const h of instr.heredocs) {
      const info = findHeredocMarkers(this.file.valueOf(h.marker))[0];
      if (info?.error) {
        this.add('invalid-heredoc', h.marker, `Docker cannot read this heredoc marker: ${info.error}.`);
        continue;
      }
      if (!h.terminated) {
        const tabs = h.chomp ? ' (tabs before it are allowed because of `<<-`)' : '';
        this.add(
          'unterminated-heredoc',
          h.marker,
          `This heredoc is never closed: add a line that reads exactly \`${h.name}\`${tabs} after its content. Until then everything below it is part of the heredoc.`,
        );
      }
    }
  }

  private from(instr: FromInstruction): void {
    // Usual case, from the tokens alone: `FROM image` or `FROM image AS name` with a plain lower-case name.
    const words = instr.node.children.filter((c) => c.isToken && (c.kind === 'Word' || c.kind === 'AsKeyword'));
    const hasLeftover = instr.node.children.some((c) => !c.isToken && c.kind === 'Error');
    const last = words[2];
    if (!hasLeftover && (words.length === 1 || (words.length === 3 && words[1]?.kind === 'AsKeyword' && last && isValidStageName(this.file.text.slice(last.start, last.end))))) {
      return;
    }
    const args = instr.args;
    const name = instr.stageName;
    if (name && !isValidStageName(name.value)) {
      this.add(
        'invalid-stage-name',
        name.range,
        `\`${name.value}\` cannot name a stage: a stage name starts with a letter and contains only letters, digits, \`-\`, \`_\` and \`.\`.`,
      );
    }
    if (args.length === 2 || args.length > 3 || (args.length === 3 && !name)) {
      const extra = args[1] as { value: string; range: TextRange };
      if (this.covered(extra.range)) return;
      const message =
        args.length === 2
          ? `FROM takes one image; to name the stage write \`FROM ${args[0]?.value} AS ${extra.value}\`.`
          : args.length === 3
            ? `Expected \`AS\` before the stage name: \`FROM ${args[0]?.value} AS ${args[2]?.value}\`.`
            : 'FROM takes one image, optionally followed by `AS <name>`; remove the extra words.';
      const last = args[args.length - 1] as { range: TextRange };
      this.add('unexpected-argument', args.length > 3 ? { start: (args[3] as { range: TextRange }).range.start, end: last.range.end } : extra.range, message);
    }
  }

  private keyValue(instr: KeyValueInstruction): void {
    // The tokens tell whether anything can be wrong: a legacy key without value, a word without `=`, or `=` first.
    let suspicious = false;
    for (const n of instr.node.children) {
      if (n.isToken || n.kind !== 'KeyValue') continue;
      const first = n.children.find((c) => c.isToken && !c.isTrivia);
      const hasEquals = n.tokens('Equals').length > 0;
      const hasValue = n.tokens('Value').length > 0;
      if (!first || first.kind === 'Equals' || (!hasEquals && !hasValue)) suspicious = true;
    }
    if (!suspicious) return;
    const pairs = instr.pairs;
    for (const p of pairs) {
      if (p.legacy) {
        if (p.valueRange.end <= p.valueRange.start) {
          this.add(
            'env-missing-value',
            p.keyRange,
            `${instr.name} ${p.key} has no value: write \`${instr.name} ${p.key}=<value>\` (an empty value is \`${p.key}=""\`).`,
          );
        }
        continue;
      }
      if (p.node && p.node.tokens('Equals').length === 0) {
        this.add(
          'env-missing-equals',
          p.keyRange,
          `\`${p.key}\` has no \`=\`: when one pair of ${instr.name} uses \`name=value\`, all of them must. Write \`${p.key}=<value>\`, or quote a value that contains spaces.`,
        );
      } else if (p.key === '') {
        this.add('empty-name', p.keyRange.end > p.keyRange.start ? p.keyRange : p.valueRange, `${instr.name} needs a name before \`=\`.`);
      }
    }
  }

  private arg(instr: ArgInstruction): void {
    for (const d of instr.declarations) {
      if (d.name === '' && d.default !== undefined) {
        const r = d.defaultRange ?? d.nameRange;
        this.add('empty-name', { start: Math.max(0, r.start - 1), end: r.end }, 'ARG needs a name before `=`, for example `ARG VERSION=1.0`.');
      }
    }
  }

  private copy(instr: CopyInstruction): void {
    // BuildKit takes the last word as the destination and refuses one that reads as a heredoc (`COPY a <<EOF`).
    const last = instr.args[instr.args.length - 1];
    if (instr.args.length >= 2 && last && /^\d*<<-?\s*[^<]+$/.test(last.value) && !this.covered(last.range)) {
      this.add(
        'missing-argument',
        last.range,
        `${instr.name} cannot take a heredoc as its destination: Docker stops the build. A heredoc is a source, so add where it goes after it, for example \`${shorten(`${instr.name} ${instr.args.map((a) => a.value).join(' ')} /app/`)}\`.`,
      );
      return;
    }
    // Two argument tokens always make at least two arguments; only fewer need BuildKit's split.
    let words = 0;
    for (const c of instr.node.children) if (c.isToken && (c.kind === 'Word' || c.kind === 'HeredocMarker')) words++;
    const json = instr.node.nodes().find((n) => n.kind === 'JsonArray');
    if (words >= 2 || (json && json.tokens('JsonString').length >= 2)) return;
    const args = instr.args;
    if (json && args.length === 0 && json.tokens('JsonValue').length === 0) {
      this.add(
        'missing-argument',
        json,
        `${instr.name} needs what to copy and where to, and \`[]\` holds neither: Docker stops the build. Write for example \`${instr.name} ["package.json", "./"]\`.`,
      );
      return;
    }
    if (args.length === 1 && !this.covered(instr.keyword)) {
      this.add(
        'missing-argument',
        (args[0] as { range: TextRange }).range,
        `${instr.name} needs a destination after the source: \`${instr.name} ${(args[0] as { value: string }).value} <destination>\`, for example \`${instr.name} ${(args[0] as { value: string }).value} /app/\`.`,
      );
    }
  }

  private healthcheck(instr: HealthcheckInstruction): void {
    const t = instr.typeToken;
    if (!t) return;
    const type = instr.type;
    if (type === 'NONE') {
      if (instr.form !== undefined) {
        const r = instr.json?.range ?? instr.node.nodes().find((n) => n.kind === 'ShellForm');
        if (r) this.add('unexpected-argument', r, '`HEALTHCHECK NONE` takes nothing after NONE: it only turns off a health check inherited from the base image.');
      }
    } else if (type === 'CMD') {
      if (instr.form === undefined) this.add('missing-argument', t, 'HEALTHCHECK CMD needs a command, for example `HEALTHCHECK CMD curl -f http://localhost/ || exit 1`.');
      else if (instr.json && instr.json.elements.length === 0) {
        this.add('missing-argument', instr.json.range, 'HEALTHCHECK CMD needs a command, and `[]` holds none: Docker stops the build. Write for example `HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]`.');
      }
    } else if (/^cmd/i.test(type ?? '') && GLUE.test((type ?? '').slice(3))) {
      // `HEALTHCHECK CMD["curl", …]`: Docker splits at the first blank and reads `CMD["curl",` as the type.
      const word = (type ?? '').slice(0, 3);
      const at = t.start + positionInSource(this.file, t, word.length);
      const line = this.file.logical(instr.keyword.start, Math.max(t.end, instr.lineEnd)).text;
      const fixed = `${line.slice(0, at - instr.keyword.start)} ${line.slice(at - instr.keyword.start)}`;
      this.add(
        'healthcheck-type',
        t,
        `Missing space after CMD: Docker reads \`${truncate(this.file.valueOf(t))}\` as the health check's type, which must be CMD or NONE. Write \`${shorten(fixed)}\`.`,
        'error',
        { title: `Insert a space after ${word}`, applicability: 'safe', edits: [{ start: at, end: at, text: ' ' }] },
      );
    } else {
      const guess = suggest(type ?? '', ['CMD', 'NONE']);
      this.add('healthcheck-type', t, `HEALTHCHECK expects \`CMD <command>\` or \`NONE\`, not \`${this.file.valueOf(t)}\`.${guess ? ` Did you mean ${guess}?` : ''}`);
    }
  }

  private onbuild(instr: OnbuildInstruction): void {
    const trigger = instr.trigger;
    if (!trigger) {
      if (instr.leftovers.length === 0) {
        this.add('missing-argument', instr.keyword, 'ONBUILD needs the instruction to run in images built from this one, for example `ONBUILD COPY . /app/`.');
      }
      return;
    }
    this.instruction(trigger);
  }

  private shell(instr: Instruction): void {
    if (instr.node.nodes().some((n) => n.kind === 'JsonArray')) return;
    const err = instr.leftovers[0];
    if (err && !this.covered(err)) {
      this.add('unexpected-argument', err, 'SHELL needs its arguments as a JSON array, for example `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`.');
    }
  }

  private leftovers(instr: Instruction): void {
    for (const err of instr.leftovers) {
      if (this.covered(err)) continue;
      const text = this.file.valueOf(err);
      this.add('unexpected-argument', err, `${instr.name} does not take \`${truncate(text)}\` here.`);
    }
  }
}

/** The whole lines holding [start, end), with the line break after the last one. */
function wholeLines(text: string, start: number, end: number): TextRange {
  let s = start;
  while (s > 0 && text.charCodeAt(s - 1) !== 0x0a) s--;
  let e = end;
  while (e < text.length && text.charCodeAt(e) !== 0x0a) e++;
  if (e < text.length) e++;
  return { start: s, end: e };
}

/** UTF-8 byte length of `text[start, end)` (lone surrogates count 3, as their replacement character). */
function utf8Length(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

const EXAMPLES: Record<string, string> = {
  FROM: 'FROM --platform=linux/amd64 node:22-alpine AS build',
  COPY: 'COPY --chown=app:app src/ /app/src/',
  ADD: 'ADD https://example.com/archive.tar.gz /opt/',
  EXPOSE: 'EXPOSE 8080/tcp',
  WORKDIR: 'WORKDIR /app',
  USER: 'USER app:app',
  VOLUME: 'VOLUME /data',
  STOPSIGNAL: 'STOPSIGNAL SIGTERM',
};

/** `<image>`, `[--platform=<platform>]`, `<name>]`: an angle-bracket placeholder from a syntax summary. */
function isPlaceholder(word: string): boolean {
  return /<[A-Za-z][\w.-]*>/.test(word);
}

function sentence(s: string): string {
  const t = s.trim();
  if (t.length === 0) return t;
  const first = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/** User text quoted in a message, on one line and at most 40 characters (the finding's range shows all of it). */
function truncate(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  if (one.length <= 40) return one;
  // Never cut a surrogate pair in half.
  const cut = one.charCodeAt(36) >= 0xd800 && one.charCodeAt(36) <= 0xdbff ? 36 : 37;
  return `${one.slice(0, cut)}...`;
}

/** A quote a learner may have meant as JSON's `"`: straight, single, typographic (‘ ’ ‚ ‛ “ ” „ ‟), fullwidth. */
const QUOTE = `["'\u00ab\u00bb\u2018-\u201f\u2039\u203a\u300c-\u300f\uff02\uff07]`;
const IS_QUOTE = new RegExp(QUOTE);

/** Offsets of the quotes right after `[` or `,`, or right before `,` or `]` (spaces between allowed). */
function delimiterQuotes(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (!IS_QUOTE.test(text.charAt(i))) continue;
    if (/[[,]\s*$/.test(text.slice(Math.max(0, i - 32), i)) || /^\s*[,\]]/.test(text.slice(i + 1, i + 33))) out.push(i);
  }
  return out;
}

/**
 * The logical offsets of the quotes in `text` that open or close an element of what was meant as a JSON array,
 * when they are not already `"` and making them `"` turns `text` into a JSON array of strings; else undefined.
 * Quotes inside an element (`it’s`) stay as they are.
 */
function straightenQuotes(text: string): number[] | undefined {
  const at: number[] = [];
  const n = text.length;
  let i = 1;
  const skipSpace = (): void => {
    while (i < n && /\s/.test(text.charAt(i))) i++;
  };
  skipSpace();
  for (;;) {
    if (!IS_QUOTE.test(text.charAt(i))) return undefined;
    if (text.charAt(i) !== '"') at.push(i);
    // The closing quote is the first quote followed by `,` or `]` (after spaces).
    let close = -1;
    for (let j = i + 1; j < n && close < 0; j++) {
      if (text.charAt(j) === '\\') j++;
      else if (IS_QUOTE.test(text.charAt(j)) && /^\s*[,\]]/.test(text.slice(j + 1, j + 64))) close = j;
    }
    if (close < 0) return undefined;
    if (text.charAt(close) !== '"') at.push(close);
    i = close + 1;
    skipSpace();
    if (text.charAt(i) === ']') break;
    i++;
    skipSpace();
  }
  if (at.length === 0) return undefined;
  let json = text;
  for (const o of at) json = `${json.slice(0, o)}"${json.slice(o + 1)}`;
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) && parsed.length > 0 && parsed.every((e) => typeof e === 'string') ? at : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Characters that, right after an instruction keyword, can only be the start of its arguments: JSON
 * (`ENTRYPOINT["x"]`), a quote (`RUN"echo"`), a flag (`COPY--from=a`), a variable (`FROM$BASE`), a heredoc
 * (`RUN<<EOF`), a path (`WORKDIR/app`, `COPY. .`), a group (`RUN(cd x)`); or a separator written where the
 * space belongs (`WORKDIR=/app`, `RUN: make`).
 */
const GLUE = /^[["'$\-/.{(<:=]/;

/**
 * The instruction whose keyword `word` starts with, when the rest of the word is glued-on arguments
 * (`ENTRYPOINT["python"]` → ENTRYPOINT); any case.
 */
export function gluedKeyword(word: string): InstructionName | undefined {
  const upper = word.toUpperCase();
  return INSTRUCTION_NAMES.find((k) => upper.length > k.length && upper.startsWith(k) && GLUE.test(upper.slice(k.length)));
}

/**
 * What BuildKit's reading of `# check=` rejects (it then fails the build with "failed to parse check options"): up
 * to three options joined by `;`, each `skip=…`, `experimental=…` or `error=<bool>`, written in lower case.
 */
function checkDirectiveProblem(value: string): string | undefined {
  for (const o of checkDirectiveOptions(value)) {
    if (o.key === undefined) return `\`${o.value}\` is not an option of \`check\`; write \`skip=<checks>\`, \`error=true\` or \`experimental=<checks>\`, joined by \`;\``;
    if (o.key === 'error') {
      const v = o.value.trim();
      if (goParseBool(v) === undefined) return `\`error=${v}\` takes \`true\` or \`false\``;
    } else if (!(CHECK_OPTIONS as readonly string[]).includes(o.key)) {
      const known = CHECK_OPTIONS.find((k) => k === o.key?.toLowerCase());
      return `\`${o.key}\` is not an option of \`check\`${known ? ` (options are lower case: \`${known}\`)` : '; the options are `skip`, `error` and `experimental`'}`;
    }
  }
  return undefined;
}

/**
 * A corrected line quoted in a message: on one line, and for a long line its first 60 characters, cut after a
 * whole word where one ends late enough, never inside a surrogate pair.
 */
function shorten(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  if (one.length <= 60) return one;
  let cut = one.lastIndexOf(' ', 57);
  if (cut < 30) cut = 57;
  if (cut > 0 && one.charCodeAt(cut - 1) >= 0xd800 && one.charCodeAt(cut - 1) <= 0xdbff) cut--;
  return `${one.slice(0, cut).trimEnd()}...`;
}

/** Source offset (relative to the token) of logical character `n` of a token's text. */
function positionInSource(file: Dockerfile, token: SyntaxToken, n: number): number {
  const logical = file.logical(token.start, token.end);
  return logical.toSource(n) - token.start;
}

