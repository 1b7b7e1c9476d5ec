/** Feature: folding ranges — stages, instructions over several lines, heredoc bodies, blocks of comment lines. */
import { analyze } from '../../grammar/index.js';
import type { AnalyzedDocument } from './document.js';

export interface FoldInfo {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

export function foldingRanges(doc: AnalyzedDocument): FoldInfo[] {
  const lines = doc.lines;
  const out: FoldInfo[] = [];
  const lastLine = (end: number): number => lines.positionAt(Math.max(0, end - 1)).line;
  for (const s of analyze(doc.parse).stages) {
    const a = lines.positionAt(s.range.start).line;
    const b = lastLine(s.range.end);
    if (b > a) out.push({ startLine: a, endLine: b, kind: 'region' });
  }
  for (const i of doc.parse.dockerfile.instructions) {
    const a = lines.positionAt(i.range.start).line;
    const b = lastLine(i.range.end);
    if (b > a) out.push({ startLine: a, endLine: b });
    for (const h of i.heredocs) {
      const body = h.bodyToken;
      if (!body) continue;
      const ha = lines.positionAt(h.marker.start).line;
      const hb = lastLine(h.range.end);
      if (hb > ha && (ha !== a || hb !== b)) out.push({ startLine: ha, endLine: hb });
    }
  }
  // Runs of two or more comment lines.
  let runStart = -1;
  let prev = -2;
  for (const c of doc.parse.dockerfile.comments()) {
    const line = lines.positionAt(c.start).line;
    if (line === prev + 1) {
      if (runStart < 0) runStart = prev;
    } else {
      if (runStart >= 0 && prev > runStart) out.push({ startLine: runStart, endLine: prev, kind: 'comment' });
      runStart = -1;
    }
    prev = line;
  }
  if (runStart >= 0 && prev > runStart) out.push({ startLine: runStart, endLine: prev, kind: 'comment' });
  return out.sort((x, y) => x.startLine - y.startLine || y.endLine - x.endLine);
}
