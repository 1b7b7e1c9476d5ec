/** `--format checkstyle`: Checkstyle 4.3 XML, which Jenkins and many CI dashboards read. */
import { locate, type FileReport } from './model.js';
import { xmlAttr as xml } from './xml.js';

export function checkstyle(reports: readonly FileReport[]): string {
  const lines = ['<?xml version="1.0" encoding="utf-8"?>', '<checkstyle version="4.3">'];
  for (const r of reports) {
    lines.push(`  <file name="${xml(r.path)}">`);
    for (const d of r.diagnostics) {
      const l = locate(r, d);
      const sev = d.severity === 'style' ? 'info' : d.severity;
      lines.push(`    <error line="${l.line}" column="${l.column}" severity="${sev}" message="${xml(d.message)}" source="berth.${xml(d.rule)}"/>`);
    }
    lines.push('  </file>');
  }
  lines.push('</checkstyle>');
  return `${lines.join('\n')}\n`;
}
