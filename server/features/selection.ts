/**
 * Feature: selection ranges. From the cursor outwards: the token, the flag or argument node it sits in, the
 * instruction (the ONBUILD around a trigger), the stage, the whole file — each range strictly wider than the last,
 * and each holding the cursor.
 */
import { analyze, type SyntaxNode, type TextRange } from '../../grammar/index.js';
import type { AnalyzedDocument } from './document.js';

export function selectionRanges(doc: AnalyzedDocument, offset: number): TextRange[] {
  const tree = doc.parse.tree;
  const out: TextRange[] = [];
  const at = Math.max(0, Math.min(offset, doc.text.length));
  const push = (r: TextRange): void => {
    const last = out[out.length - 1];
    // A range that does not hold the cursor (a stage's, for a cursor in the line break after it) is no selection
    // range of it: editors reject the answer.
    if (r.end <= r.start || at < r.start || at > r.end) return;
    if (!last || (r.start <= last.start && r.end >= last.end && (r.start < last.start || r.end > last.end))) out.push({ start: r.start, end: r.end });
  };
  const token = tree.tokenAt(offset);
  if (token && token.kind !== 'Whitespace' && token.kind !== 'Newline') push(token);
  for (let n: SyntaxNode | null | undefined = token?.parent; n; n = n.parent) {
    if (n.kind === 'File') break;
    push(n);
  }
  const stage = analyze(doc.parse).stageAt(offset);
  if (stage) push(stage.range);
  push({ start: 0, end: doc.text.length });
  // An empty file still has the cursor: an empty range there (the client must get a range holding its position).
  if (out.length === 0) out.push({ start: at, end: at });
  return out;
}
