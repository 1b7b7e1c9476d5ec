/**
 * The default, for people: each finding as `file:line:column: severity: message [rule]`, a code frame, and the
 * fix when there is one; a summary at the end. Colour only when asked (a terminal without NO_COLOR).
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
  const s = summarize(reports);
  const total = s.errors + s.warnings + s.infos + s.styles;
  if (compactOnly) return parts.length > 0 ? `${parts.join('\n')}\n` : '';
  if (total === 0) return '';
  const counts = [plural(s.errors, 'error'), plural(s.warnings, 'warning'), ...(s.infos ? [plural(s.infos, 'info')] : []), ...(s.styles ? [plural(s.styles, 'style finding')] : [])].join(', ');
  let summary = (s.errors > 0 ? c.red : s.warnings > 0 ? c.yellow : c.blue)(counts);
  if (ctx.fixHint && (s.fixable > 0 || s.unsafeFixable > 0)) {
    summary += c.dim(`; ${s.fixable} fixable with --fix${s.unsafeFixable ? `, ${s.unsafeFixable} more with --fix --unsafe-fixes` : ''}`);
  }
  return `${parts.join('\n\n')}\n\n${summary}\n`;
}

function id(s: string): string {
  return s;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
