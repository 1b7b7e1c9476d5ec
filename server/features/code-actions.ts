/**
 * Feature: code actions. Every fix of a finding in the range as a quick fix (preferred when it is safe), "fix all
 * safe problems" for the document, and "disable this rule" for the instruction or the whole file, written in
 * berth's suppression syntax. Returns plain edits with offsets; the handler converts them.
 */
import type { Edit } from '../../rules/define.js';
import { applyEdits, chooseFixes } from '../../rules/engine/fix.js';
import type { Diagnostic } from '../../rules/engine/lint.js';
import { BUILTIN_BY_ID } from '../../rules/syntax.js';
import type { AnalyzedDocument } from './document.js';

export interface CodeActionInfo {
  title: string;
  kind: 'quickfix' | 'source.fixAll';
  edits: Edit[];
  /** The findings it resolves. */
  diagnostics: Diagnostic[];
  preferred?: boolean;
}

export function codeActions(doc: AnalyzedDocument, start: number, end: number, only?: readonly string[]): CodeActionInfo[] {
  const out: CodeActionInfo[] = [];
  const wants = (kind: string): boolean => !only || only.length === 0 || only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const touching = doc.diagnostics.filter((d) => d.start <= end && Math.max(d.end, d.start + 1) >= start);
  if (wants('quickfix')) {
    for (const d of touching) {
      if (d.fix) out.push({ title: d.fix.title + (d.fix.applicability === 'unsafe' ? ' (review: may change the build)' : ''), kind: 'quickfix', edits: d.fix.edits, diagnostics: [d], preferred: d.fix.applicability === 'safe' });
    }
    for (const d of touching) {
      if (d.kind === 'suppression' || (d.kind === 'syntax' && !isConfigurable(d))) continue;
      const line = lineStartOf(doc.text, d.start);
      const indent = /^[ \t]*/.exec(doc.text.slice(line))?.[0] ?? '';
      const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
      out.push({ title: `Disable ${d.rule} for this instruction`, kind: 'quickfix', edits: [{ start: instructionStart(doc, d.start, line), end: instructionStart(doc, d.start, line), text: `${indent}# berth-ignore ${d.rule}: <reason>${eol}` }], diagnostics: [d] });
      out.push({ title: `Disable ${d.rule} for this file`, kind: 'quickfix', edits: [{ start: fileHeaderEnd(doc), end: fileHeaderEnd(doc), text: `# berth-ignore-file ${d.rule}: <reason>${eol}` }], diagnostics: [d] });
    }
  }
  if (wants('source.fixAll')) {
    const safe = chooseFixes(doc.diagnostics, false);
    if (safe.length > 0) {
      const edits = safe.flatMap((f) => f.fix.edits);
      // Check that the edits apply cleanly (they never overlap: chooseFixes picks non-overlapping fixes).
      applyEdits(doc.text, edits);
      out.push({ title: 'Fix all safe problems (berth)', kind: 'source.fixAll', edits, diagnostics: doc.diagnostics.filter((d) => d.fix?.applicability === 'safe') });
    }
  }
  return out;
}

function isConfigurable(d: Diagnostic): boolean {
  return BUILTIN_BY_ID.get(d.rule)?.configurable !== false;
}

function lineStartOf(text: string, offset: number): number {
  const nl = text.lastIndexOf('\n', Math.max(0, offset - 1));
  return nl + 1;
}

/** The start of the line where the instruction holding `offset` begins (a suppression goes right above it). */
function instructionStart(doc: AnalyzedDocument, offset: number, fallback: number): number {
  const instr = doc.parse.dockerfile.instructions.find((i) => i.range.start <= offset && offset < Math.max(i.range.end, i.range.start + 1));
  return instr ? lineStartOf(doc.text, instr.range.start) : fallback;
}

/** After the parser directives and the comment lines at the very top: where a file-wide suppression goes. */
function fileHeaderEnd(doc: AnalyzedDocument): number {
  const directives = doc.parse.dockerfile.directives;
  const last = directives[directives.length - 1];
  if (!last) return 0;
  const nl = doc.text.indexOf('\n', last.range.end);
  return nl < 0 ? doc.text.length : nl + 1;
}
