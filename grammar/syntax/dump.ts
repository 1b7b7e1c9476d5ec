/**
 * Renders an instruction the way BuildKit's parser dumps its AST (`Node.Dump`): the lower-cased keyword, the
 * flags as a quoted list, then each argument quoted. Used to check berth against BuildKit on real files and by
 * `berth parse --format buildkit`.
 */
import { OnbuildInstruction, UnknownInstruction, type Instruction } from './ast.js';

function isPrint(cp: number): boolean {
  if (cp === 0x20) return true;
  return /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(String.fromCodePoint(cp));
}

/** Go's `strconv.Quote`. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (isPrint(cp)) out += ch;
    else if (cp === 7) out += '\\a';
    else if (cp === 8) out += '\\b';
    else if (cp === 12) out += '\\f';
    else if (cp === 10) out += '\\n';
    else if (cp === 13) out += '\\r';
    else if (cp === 9) out += '\\t';
    else if (cp === 11) out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + '"';
}

export function dumpInstruction(instr: Instruction): string {
  let s = instr.keywordText.toLowerCase();
  const flags = instr.flags.map((f) => f.word);
  if (flags.length > 0) s += ` [${flags.map(goQuote).join(' ')}]`;
  if (instr instanceof OnbuildInstruction) {
    const t = instr.trigger;
    if (t) s += ` (${dumpInstruction(t)})`;
    return s.trim();
  }
  // BuildKit's parser gives a word it does not know as an instruction one empty argument, whatever follows it.
  if (instr instanceof UnknownInstruction) return `${s} ""`;
  for (const a of instr.args) s += ' ' + goQuote(a.value);
  return s.trim();
}
