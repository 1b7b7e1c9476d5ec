/** What the formatters receive: per file, its text, line index and findings. Positions are computed here once. */
import type { LineIndex } from '../../grammar/index.js';
import type { Diagnostic } from '../../rules/engine/lint.js';

export interface FileReport {
  /** The path as shown to the user (relative to the working folder when inside it; `-` or --stdin-filename). */
  path: string;
  text: string;
  lines: LineIndex;
  diagnostics: Diagnostic[];
}

export interface Located {
  d: Diagnostic;
  /** 1-based; columns count UTF-16 code units (as editors and LSP do); endColumn is exclusive. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function locate(report: FileReport, d: Diagnostic): Located {
  const s = report.lines.positionAt(d.start);
  const e = report.lines.positionAt(d.end);
  return { d, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

export interface FormatContext {
  color: boolean;
  version: string;
  /** Findings that a --fix run would fix (safe only) and could fix with unsafe fixes. */
  fixHint: boolean;
  /** -q: the findings and nothing else (no summary line). */
  quiet?: boolean;
  /** What --fix applied (or --fix-dry-run would apply): fixes and the files they changed. */
  fixed?: { fixes: number; files: number; dryRun: boolean };
  /** Paths given that held no Dockerfile, and files berth could not read, configure, check or write (said on stderr). */
  failures?: { missing: number; files: number };
}

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
  styles: number;
  fixable: number;
  unsafeFixable: number;
}

export function summarize(reports: readonly FileReport[]): Summary {
  const s: Summary = { errors: 0, warnings: 0, infos: 0, styles: 0, fixable: 0, unsafeFixable: 0 };
  for (const r of reports) {
    for (const d of r.diagnostics) {
      if (d.severity === 'error') s.errors++;
      else if (d.severity === 'warning') s.warnings++;
      else if (d.severity === 'info') s.infos++;
      else s.styles++;
      if (d.fix?.applicability === 'safe') s.fixable++;
      else if (d.fix) s.unsafeFixable++;
    }
  }
  return s;
}
