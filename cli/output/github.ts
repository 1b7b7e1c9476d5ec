/** `--format github`: GitHub Actions workflow commands, which annotate the lines in a pull request. */
import { locate, type FileReport } from './model.js';

const LEVEL = { error: 'error', warning: 'warning', info: 'notice', style: 'notice' } as const;

function data(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function property(s: string): string {
  return data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function github(reports: readonly FileReport[]): string {
  let out = '';
  for (const r of reports) {
    for (const d of r.diagnostics) {
      const l = locate(r, d);
      const props = [`file=${property(r.path)}`, `line=${l.line}`, `col=${l.column}`, `endLine=${l.endLine}`, `endColumn=${l.endColumn}`, `title=${property(`berth ${d.rule}`)}`];
      out += `::${LEVEL[d.severity]} ${props.join(',')}::${data(d.message)}\n`;
    }
  }
  return out;
}
