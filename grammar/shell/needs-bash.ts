/** Whether a file needs the full bash parser before its RUN scripts can be read (and linted) in full. */
import type { ParseResult } from '../parse.js';
import { analyze } from '../semantic/model.js';
import type { Instruction } from '../syntax/ast.js';
import { bashLoaded } from './bash.js';
import { runScript, shellAt } from './script.js';

/**
 * Whether a RUN of this file (or an ONBUILD RUN) holds a script that only the full bash parser reads and that
 * parser is not loaded: most scripts are lists of simple commands, which berth reads without it. The scripts
 * looked at here are kept, so the lint that follows does not read them again.
 */
export function needsBashParser(result: ParseResult): boolean {
  if (bashLoaded()) return false;
  const model = analyze(result);
  for (const instr of result.dockerfile.instructions) {
    const run = instr.kind === 'Onbuild' ? (instr as unknown as { trigger?: Instruction }).trigger : instr;
    if (run?.kind !== 'Run') continue;
    const at = run.range.start;
    if (runScript(run, shellAt(model, model.stageAt(at), at)).reason === 'parser-unavailable') return true;
  }
  return false;
}
