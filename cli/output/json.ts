/** `--format json`: the shape documented in docs/cli.md (version 1). */
import { locate, summarize, type FileReport, type FormatContext } from './model.js';

export const JSON_VERSION = 1;

export function json(reports: readonly FileReport[], ctx: FormatContext): string {
  const out = {
    version: JSON_VERSION,
    tool: { name: 'berth', version: ctx.version },
    results: reports.map((r) => ({
      file: r.path,
      findings: r.diagnostics.map((d) => {
        const l = locate(r, d);
        return {
          rule: d.rule,
          aliases: d.aliases,
          severity: d.severity,
          message: d.message,
          line: l.line,
          column: l.column,
          endLine: l.endLine,
          endColumn: l.endColumn,
          url: d.url ?? null,
          fix: d.fix
            ? {
                title: d.fix.title,
                applicability: d.fix.applicability,
                edits: d.fix.edits.map((e) => {
                  const s = r.lines.positionAt(e.start);
                  const en = r.lines.positionAt(e.end);
                  return { line: s.line + 1, column: s.character + 1, endLine: en.line + 1, endColumn: en.character + 1, text: e.text };
                }),
              }
            : null,
        };
      }),
    })),
    summary: summarize(reports),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
