/** Helpers for CMD and ENTRYPOINT: exec/shell form and the conversion between them. */
import { anyInRange, type Instruction, type ParseResult } from '../../grammar/index.js';

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

export { lastInLineage } from './stages.js';

/**
 * The instruction's arguments were meant as the exec form but are no JSON array (`ENTRYPOINT [“app”]`): the parser
 * says so (invalid-exec-form), and conclusions drawn from the shell form Docker falls back to would contradict it.
 */
export function meantAsExecForm(parse: ParseResult, instr: Instruction): boolean {
  // The starts of those findings, in order, found once per parse.
  let starts = execFormErrors.get(parse);
  if (!starts) {
    starts = parse.errors.filter((e) => e.code === 'invalid-exec-form').map((e) => e.start);
    starts.sort((a, b) => a - b);
    execFormErrors.set(parse, starts);
  }
  return anyInRange(starts, instr.range.start, instr.range.end);
}

const execFormErrors = new WeakMap<ParseResult, number[]>();
