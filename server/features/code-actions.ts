/**
 * Feature: code actions. Every fix of a finding in the range as a quick fix (preferred when it is safe), "fix all
 * safe problems" for the document, and "disable this rule" for the instruction or the whole file, written in
 * berth's suppression syntax. Returns plain edits with offsets; the handler converts them.
 */
import type { Instruction } from '../../grammar/index.js';
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
      const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
      // A comment above an instruction covers that instruction only: a finding outside every instruction (on a
      // comment, a blank or continuation line between instructions) can only be disabled for the file.
      const instr = instructionAt(doc, d.start);
      if (instr) {
        const line = lineStartOf(doc.text, instr.range.start);
        const indent = /^[ \t]*/.exec(doc.text.slice(line))?.[0] ?? '';
        out.push({ title: `Disable ${d.rule} for this instruction`, kind: 'quickfix', edits: [{ start: line, end: line, text: `${indent}# berth-ignore ${d.rule}: <reason>${eol}` }], diagnostics: [d] });
      }
      const header = fileHeaderEnd(doc);
      out.push({ title: `Disable ${d.rule} for this file`, kind: 'quickfix', edits: [{ start: header, end: header, text: `# berth-ignore-file ${d.rule}: <reason>${eol}` }], diagnostics: [d] });
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

/** Where a byte order mark ends: nothing may be inserted before it (it would no longer start the file). */
function bomEnd(text: string): number {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

function lineStartOf(text: string, offset: number): number {
  const nl = text.lastIndexOf('\n', Math.max(0, offset - 1));
  return Math.max(nl + 1, bomEnd(text));
}

/** The instruction holding `offset`, if any: a suppression goes on the line right above it. */
function instructionAt(doc: AnalyzedDocument, offset: number): Instruction | undefined {
  return doc.parse.dockerfile.instructions.find((i) => i.range.start <= offset && offset < Math.max(i.range.end, i.range.start + 1));
}

/** Where a file-wide suppression goes: after the parser directives at the very top, never before the byte order mark. */
function fileHeaderEnd(doc: AnalyzedDocument): number {
  const directives = doc.parse.dockerfile.directives;
  const last = directives[directives.length - 1];
  if (!last) return bomEnd(doc.text);
  const nl = doc.text.indexOf('\n', last.range.end);
  return nl < 0 ? doc.text.length : nl + 1;
}
