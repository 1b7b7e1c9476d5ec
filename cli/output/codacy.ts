/**
 * `--format codacy`: the result format of Codacy's tool integrations — one JSON object per line (JSON Lines), each
 * `{"filename", "message", "patternId", "line"}`. Codacy knows berth's findings through its Hadolint tool, whose
 * patterns are hadolint's codes, so a rule with a hadolint code reports that code (`DL3008`), a ShellCheck finding
 * its `SC####`, and any other rule its berth id.
 */
import { locate, type FileReport } from './model.js';

export function patternId(rule: string, aliases: readonly string[]): string {
  return aliases.find((a) => /^DL\d{4}$/.test(a)) ?? rule;
}

export function codacy(reports: readonly FileReport[]): string {
  let out = '';
  for (const r of reports) {
    for (const d of r.diagnostics) {
      out += `${JSON.stringify({ filename: r.path, message: d.message, patternId: patternId(d.rule, d.aliases), line: locate(r, d).line })}\n`;
    }
  }
  return out;
}
