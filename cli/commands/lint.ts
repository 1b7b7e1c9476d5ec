/**
 * `berth lint FILE…`: report problems as `file:line:column: severity: message [code]` with a code frame.
 * For now the problems are syntax errors and the builder's expansion errors; the rules engine extends this.
 * Lines and columns are 1-based; columns count UTF-16 code units, as editors do.
 */
import { analyze, parse } from '../../grammar/index.js';
import { ExitCode } from '../exit-codes.js';
import { readSource, type CliIO } from '../io.js';
import { codeFrame, plainStyle, type FrameStyle } from '../output/code-frame.js';

interface Problem {
  start: number;
  end: number;
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

const colors: FrameStyle & { error(s: string): string; warning(s: string): string; bold(s: string): string } = {
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
  mark: (s) => `\x1b[31m${s}\x1b[39m`,
  error: (s) => `\x1b[31m${s}\x1b[39m`,
  warning: (s) => `\x1b[33m${s}\x1b[39m`,
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
};

export function lintCommand(io: CliIO, files: string[]): ExitCode {
  let exit: ExitCode = ExitCode.Ok;
  let errors = 0;
  let warnings = 0;
  const style = io.color ? colors : { ...plainStyle, error: (s: string) => s, warning: (s: string) => s, bold: (s: string) => s };
  for (const file of files) {
    const src = readSource(io, file);
    if ('error' in src) {
      io.stderr(`berth: ${src.error}\n`);
      exit = ExitCode.Usage;
      continue;
    }
    const result = parse(src.text);
    const problems: Problem[] = [...result.errors, ...analyze(result).errors.map((e) => ({ ...e, severity: 'error' as const }))];
    problems.sort((a, b) => a.start - b.start || a.end - b.end);
    for (const p of problems) {
      const pos = result.lines.positionAt(p.start);
      const sev = p.severity === 'error' ? style.error('error') : style.warning('warning');
      io.stdout(`${style.bold(`${file}:${pos.line + 1}:${pos.character + 1}`)}: ${sev}: ${p.message} ${style.dim(`[${p.code}]`)}\n`);
      io.stdout(codeFrame(src.text, result.lines, p, style) + '\n\n');
      if (p.severity === 'error') errors++;
      else warnings++;
    }
  }
  if (errors + warnings > 0) {
    const summary = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
    io.stdout((errors > 0 ? style.error(summary) : style.warning(summary)) + '\n');
  }
  if (exit === ExitCode.Ok && errors > 0) exit = ExitCode.Findings;
  return exit;
}
