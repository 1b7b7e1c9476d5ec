/**
 * What a Dockerfile means to BuildKit, for checking that formatting keeps it: each instruction as `berth parse
 * --format buildkit` dumps it (keyword, flags, arguments), with its heredocs (name, body, expansion, chomping, fd),
 * the escape character and the parser directives — line numbers left out. Three readings that BuildKit itself does
 * not tell apart are made equal: the number of blanks between the words of a shell-form command outside quotes (a
 * continuation line's indent, a reflowed `&&`), the case of FROM's `AS` and HEALTHCHECK's `CMD`, and the separator
 * of an ENV/LABEL pair (`key value` and `key=value` set the same value when it is one word).
 * Also: the comment lines of a file, and its line breaks and byte order mark.
 */
import { analyze, CommandInstruction, dumpInstruction, HealthcheckInstruction, isPosixShell, KeyValueInstruction, OnbuildInstruction, parse, shellAt, type Instruction, type ParseResult } from '../../grammar/index.js';

/**
 * Collapses each run of blanks outside quotes to one space (what a POSIX shell splits words on). The shell's escape
 * character is `\` whatever the Dockerfile's is (a backtick only joins lines, and is gone from the command), and an
 * escaped blank is a character of its word: the blanks after it are counted apart.
 */
export function shellWords(command: string): string {
  let out = '';
  let quote = '';
  // Whether the last thing written is a blank that separates words (not an escaped one).
  let separated = false;
  for (let i = 0; i < command.length; i++) {
    const c = command.charAt(i);
    if (c === '\\' && quote !== "'") {
      out += c + command.charAt(i + 1);
      i++;
      separated = false;
      continue;
    }
    if (quote) {
      if (c === quote) quote = '';
      out += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      out += c;
    } else if (/\s/.test(c)) {
      if (!separated) out += ' ';
      separated = true;
      continue;
    } else out += c;
    separated = false;
  }
  return out;
}

/** Whether the shell that runs the shell form at an instruction splits words at blanks (sh, bash…; not cmd). */
type PosixAt = (i: Instruction) => boolean;

function readingOf(i: Instruction, posix: PosixAt): unknown {
  const heredocs = i.heredocs.map((h) => [h.name, h.content, h.expand, h.chomp, h.fd, h.terminated]);
  if (i instanceof OnbuildInstruction) return ['onbuild', i.flags.map((f) => f.word), i.trigger ? readingOf(i.trigger, () => true) : null];
  const keyword = i.keywordText.toLowerCase();
  const flags = i.flags.map((f) => f.word);
  if (i instanceof KeyValueInstruction) return [keyword, flags, i.pairs.map((p) => [p.key, p.value]), heredocs];
  if (i instanceof CommandInstruction && i.form === 'shell') {
    const args = i.args.map((a, n) => (i instanceof HealthcheckInstruction && n === 0 ? a.value.toUpperCase() : posix(i) ? shellWords(a.value) : a.value));
    return [keyword, flags, 'shell', args, heredocs];
  }
  if (i instanceof HealthcheckInstruction) return [keyword, flags, i.args.map((a, n) => (n === 0 ? a.value.toUpperCase() : a.value)), heredocs];
  if (i.kind === 'From') return [keyword, flags, i.args.map((a, n) => (n === 1 && a.value.toLowerCase() === 'as' ? 'as' : a.value)), heredocs];
  return [dumpInstruction(i), heredocs];
}

/** BuildKit's reading of a Dockerfile (see the module comment), as a string to compare. */
export function buildkitReading(source: string | ParseResult): string {
  const p = typeof source === 'string' ? parse(source) : source;
  const escape = p.dockerfile.escape;
  const model = analyze(p);
  const posix: PosixAt = (i) => {
    const shell = shellAt(model, model.stageAt(i.range.start), i.range.start);
    return isPosixShell(shell);
  };
  return JSON.stringify({
    escape,
    directives: p.dockerfile.directives.map((d) => [d.name, d.value.trim()]),
    instructions: p.dockerfile.instructions.map((i) => readingOf(i, posix)),
  });
}

/**
 * Every comment line (a line whose first non-blank is `#`, outside heredoc bodies and their terminators: BuildKit
 * drops such lines inside an instruction too), trailing blanks aside, in order.
 */
export function commentLines(source: string | ParseResult): string[] {
  const p = typeof source === 'string' ? parse(source) : source;
  const text = p.text;
  const bodies = [...p.tree.allTokens()].filter((t) => t.kind === 'HeredocBody' || t.kind === 'HeredocEnd');
  const out: string[] = [];
  let b = 0;
  for (let start = 0; start <= text.length; ) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    while (b < bodies.length && (bodies[b] as { end: number }).end <= start) b++;
    const inBody = b < bodies.length && (bodies[b] as { start: number }).start <= start;
    const line = text.slice(start, end).replace(/^\uFEFF/, '');
    if (!inBody && /^[ \t]*#/.test(line)) out.push(line.trim());
    if (nl < 0) break;
    start = nl + 1;
  }
  return out;
}

/** The kinds of line break a text uses, and whether it starts with a byte order mark. */
export function lineBreaks(text: string): { bom: boolean; crlf: boolean; lf: boolean } {
  return { bom: text.startsWith('\uFEFF'), crlf: /\r\n/.test(text), lf: /(^|[^\r])\n/.test(text) };
}
