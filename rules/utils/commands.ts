/** Helpers for CMD and ENTRYPOINT: exec/shell form and the conversion between them. */
import type { Instruction, ParseResult, Stage } from '../../grammar/index.js';

/**
 * The words of a shell-form command when the shell would do nothing but split it on spaces: no variables,
 * quotes, globs, operators, redirections or assignments. Only then does `["a", "b"]` run the same program with the
 * same arguments. Undefined otherwise.
 */
export function plainWords(command: string): string[] | undefined {
  const words = command.trim().split(/[ \t]+/);
  if (words.length === 0 || words[0] === '') return undefined;
  for (const w of words) if (!/^[A-Za-z0-9_./:@%+,=-]+$/.test(w)) return undefined;
  // `NAME=value cmd` sets a variable for the command: only the shell can do that.
  if ((words[0] as string).includes('=')) return undefined;
  return words;
}

/** `["a", "b"]` as Docker writes exec form. */
export function execForm(words: readonly string[]): string {
  return `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
}

/** The stage and its in-file ancestors, nearest first (`FROM build` makes `build` an ancestor). */
export function lineage(stage: Stage | undefined): Stage[] {
  const out: Stage[] = [];
  for (let s = stage; s && out.length < 1000 && !out.includes(s); s = s.base.stage) out.push(s);
  return out;
}

/** The last instruction of a kind in the stage or its ancestors: the one that takes effect. */
export function lastInLineage<T extends Instruction>(stage: Stage | undefined, kind: string): T | undefined {
  for (const s of lineage(stage)) {
    for (let k = s.instructions.length - 1; k >= 0; k--) {
      const i = s.instructions[k] as Instruction;
      if (i.kind === kind) return i as T;
    }
  }
  return undefined;
}

/**
 * The instruction's arguments were meant as the exec form but are no JSON array (`ENTRYPOINT [“app”]`): the parser
 * says so (invalid-exec-form), and conclusions drawn from the shell form Docker falls back to would contradict it.
 */
export function meantAsExecForm(parse: ParseResult, instr: Instruction): boolean {
  return parse.errors.some((e) => e.code === 'invalid-exec-form' && e.start >= instr.range.start && e.start < instr.range.end);
}
