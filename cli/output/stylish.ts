/**
 * The default, for people: each finding as `file:line:column: severity: message [rule]`, a code frame, and the
 * fix when there is one; a summary line at the end, also when nothing was found (not with -q). Colour only when asked (a terminal without NO_COLOR).
 */
import { codeFrame, plainStyle, type FrameStyle } from './code-frame.js';
import { locate, summarize, type FileReport, type FormatContext } from './model.js';

const ansi = (on: string, off: string) => (s: string) => `\x1b[${on}m${s}\x1b[${off}m`;

export function stylish(reports: readonly FileReport[], ctx: FormatContext, compactOnly = false): string {
  const c = ctx.color
    ? { dim: ansi('2', '22'), bold: ansi('1', '22'), red: ansi('31', '39'), yellow: ansi('33', '39'), blue: ansi('34', '39'), cyan: ansi('36', '39'), green: ansi('32', '39') }
    : { dim: id, bold: id, red: id, yellow: id, blue: id, cyan: id, green: id };
  const sevColor = { error: c.red, warning: c.yellow, info: c.blue, style: c.cyan } as const;
  const frame: FrameStyle = ctx.color ? { dim: c.dim, mark: c.red } : plainStyle;
  const parts: string[] = [];
  for (const r of reports) {
    for (const d of r.diagnostics) {
      const l = locate(r, d);
      const head = `${c.bold(`${r.path}:${l.line}:${l.column}`)}: ${sevColor[d.severity](d.severity)}: ${d.message} ${c.dim(`[${d.rule}]`)}`;
      if (compactOnly) {
        parts.push(head);
        continue;
      }
      let block = `${head}\n${codeFrame(r.text, r.lines, d, frame)}`;
      if (d.fix) block += `\n  ${c.green('fix')}: ${d.fix.title}${d.fix.applicability === 'unsafe' ? c.dim(' (unsafe: --fix --unsafe-fixes)') : c.dim(' (--fix)')}`;
      parts.push(block);
    }
  }
  if (compactOnly) return parts.length > 0 ? `${parts.join('\n')}\n` : '';
  if (ctx.quiet) return parts.length > 0 ? `${parts.join('\n\n')}\n` : '';
  const summary = summaryLine(reports, ctx, c);
  return parts.length > 0 ? `${parts.join('\n\n')}\n\n${summary}\n` : `${summary}\n`;
}

/**
 * The last line, as Ruff and ESLint end theirs: how many files were checked and what was found, so a clean run
 * says so instead of printing nothing; what --fix did; what it could still do.
 */
function summaryLine(reports: readonly FileReport[], ctx: FormatContext, c: Record<'red' | 'yellow' | 'blue' | 'green' | 'dim', (s: string) => string>): string {
  const s = summarize(reports);
  const total = s.errors + s.warnings + s.infos + s.styles;
  const checked = `${plural(reports.length, 'file')} checked`;
  const fixed = ctx.fixed && ctx.fixed.fixes > 0 ? `${ctx.fixed.dryRun ? 'would fix' : 'fixed'} ${plural(ctx.fixed.fixes, 'problem')} in ${plural(ctx.fixed.files, 'file')}` : '';
  // What could not be checked is counted, so a run that exits 2 never ends on "no problems".
  const failed = [
    ...(ctx.failures?.missing ? [`${plural(ctx.failures.missing, 'path')} without a Dockerfile`] : []),
    ...(ctx.failures?.files ? [`${plural(ctx.failures.files, 'file')} failed`] : []),
  ].join(', ');
  if (total === 0 && failed) return `${checked}${reports.length > 0 ? ', no problems' : ''}; ${c.red(failed)} (see above)${fixed ? `; ${fixed}` : ''}`;
  if (total === 0) return c.green(`${checked}, no problems${fixed ? ` left (${fixed})` : ''}`);
  const counts = [plural(s.errors, 'error'), plural(s.warnings, 'warning'), ...(s.infos ? [plural(s.infos, 'info')] : []), ...(s.styles ? [plural(s.styles, 'style finding')] : [])].join(', ');
  const withFindings = reports.filter((r) => r.diagnostics.length > 0).length;
  const where = reports.length > 1 ? `${checked}, ${withFindings} with findings` : checked;
  let line = `${where}: ${(s.errors > 0 ? c.red : s.warnings > 0 ? c.yellow : c.blue)(counts)}`;
  if (fixed) line += `; ${fixed}`;
  if (failed) line += `; ${c.red(failed)} (see above)`;
  // After --fix, what is left may still be fixable with --unsafe-fixes.
  const safe = ctx.fixHint && s.fixable > 0 ? `${s.fixable} fixable with --fix` : '';
  const unsafe = s.unsafeFixable > 0 ? `${s.unsafeFixable} ${safe ? 'more with' : 'fixable with'} --fix --unsafe-fixes` : '';
  const hint = [safe, unsafe].filter(Boolean).join(', ');
  return hint ? `${line}${c.dim(`; ${hint}`)}` : line;
}

function id(s: string): string {
  return s;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
