/** The only place core data meets LSP types: offsets ↔ positions (UTF-16, via LineIndex), severities, edits. */
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic as LspDiagnostic,
  type Range,
  type SnippetTextEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { LineIndex, TextRange } from '../grammar/index.js';
import type { Edit, Severity } from '../rules/define.js';
import type { Diagnostic } from '../rules/engine/lint.js';

export function toRange(lines: LineIndex, r: TextRange): Range {
  return { start: lines.positionAt(r.start), end: lines.positionAt(r.end) };
}

export function toOffset(lines: LineIndex, p: { line: number; character: number }): number {
  return lines.offsetAt(p);
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  style: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(lines: LineIndex, d: Diagnostic, uri?: string): LspDiagnostic {
  const out: LspDiagnostic = {
    range: toRange(lines, d),
    severity: SEVERITY[d.severity],
    code: d.rule,
    source: 'berth',
    message: d.message,
  };
  if (d.url) out.codeDescription = { href: d.url };
  const tags: DiagnosticTag[] = [];
  if (d.tags?.includes('unnecessary')) tags.push(DiagnosticTag.Unnecessary);
  if (d.tags?.includes('deprecated')) tags.push(DiagnosticTag.Deprecated);
  if (tags.length > 0) out.tags = tags;
  if (uri && d.related && d.related.length > 0) out.relatedInformation = d.related.map((r) => ({ location: { uri, range: toRange(lines, r.range) }, message: r.message }));
  return out;
}

export function toTextEdits(lines: LineIndex, edits: readonly Edit[]): TextEdit[] {
  return edits.map((e) => ({ range: toRange(lines, e), newText: e.text }));
}

/**
 * One document's edits as a WorkspaceEdit. With `snippets` (the client announced
 * `workspace.workspaceEdit.snippetEditSupport`, LSP 3.18) an edit that marks a placeholder becomes a
 * SnippetTextEdit: the made-up name is `${1:name}`, selected for retyping, and since every placeholder of the edits
 * has index 1 they are one name, typed once. Otherwise (and without placeholders) plain text edits.
 */
export function toWorkspaceEdit(uri: string, version: number, lines: LineIndex, edits: readonly Edit[], snippets: boolean): WorkspaceEdit {
  if (!snippets || !edits.some((e) => e.placeholder)) return { changes: { [uri]: toTextEdits(lines, edits) } };
  return {
    documentChanges: [
      {
        textDocument: { uri, version },
        edits: edits.map((e): TextEdit | SnippetTextEdit => {
          const range = toRange(lines, e);
          const p = e.placeholder;
          if (!p) return { range, newText: e.text };
          const value = `${escapeSnippet(e.text.slice(0, p.start))}\${1:${escapeSnippet(e.text.slice(p.start, p.end))}}${escapeSnippet(e.text.slice(p.end))}`;
          return { range, snippet: { kind: 'snippet', value } };
        }),
      },
    ],
  };
}

/** Text taken literally inside a snippet: `\`, `$` and `}` are escaped. */
function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}
