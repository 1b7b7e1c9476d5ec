/**
 * Feature: inlay hints. After a FROM image that holds variables, the reference it resolves to with the ARG
 * defaults; after `--from=<number>`, the name of the stage it means.
 */
import { analyze, type TextRange } from '../../grammar/index.js';
import type { AnalyzedDocument } from './document.js';
import { valuePreview } from './value-preview.js';

export interface InlayHintInfo {
  offset: number;
  label: string;
  tooltip: string;
}

export function inlayHints(doc: AnalyzedDocument, range: TextRange): InlayHintInfo[] {
  const model = analyze(doc.parse);
  const out: InlayHintInfo[] = [];
  const inRange = (o: number): boolean => o >= range.start && o <= range.end;
  for (const s of model.stages) {
    const base = s.base;
    if (!base.raw.includes('$') || base.value === undefined || !inRange(base.range.end)) continue;
    out.push({ offset: base.range.end, label: ` = ${valuePreview(base.value)}`, tooltip: 'The image this resolves to with the ARG defaults (a --build-arg can change it).' });
  }
  for (const l of model.links) {
    if (!l.byIndex || !l.target || !inRange(l.range.end)) continue;
    out.push({ offset: l.range.end, label: `: ${l.target.name ?? `FROM ${l.target.base.raw}`}`, tooltip: `Stage ${l.target.index}, defined on line ${doc.lines.positionAt(l.target.from.range.start).line + 1}` });
  }
  return out.sort((a, b) => a.offset - b.offset);
}
