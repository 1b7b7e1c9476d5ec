/** `--format checkstyle`: Checkstyle 4.3 XML, which Jenkins and many CI dashboards read. */
import { locate, type FileReport } from './model.js';

function xml(s: string): string {
  // Characters XML 1.0 cannot hold are dropped; the rest escaped.
  return s
    .replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

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
