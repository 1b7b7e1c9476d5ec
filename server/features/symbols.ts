/**
 * Feature: document symbols — a tree of stages (named after `AS name`, else their image) holding their
 * instructions; instructions before the first FROM (global ARGs) sit at the top level.
 */
import { analyze, type TextRange } from '../../grammar/index.js';
import type { AnalyzedDocument } from './document.js';

export interface SymbolInfo {
  name: string;
  detail: string;
  kind: 'stage' | 'instruction' | 'variable';
  range: TextRange;
  selection: TextRange;
  children: SymbolInfo[];
}

export function documentSymbols(doc: AnalyzedDocument): SymbolInfo[] {
  const model = analyze(doc.parse);
  const out: SymbolInfo[] = [];
  const byStage = new Map(model.stages.map((s) => [s.from, s]));
  let current: SymbolInfo | undefined;
  for (const instr of doc.parse.dockerfile.instructions) {
    const stage = byStage.get(instr as never);
    const detail = doc.text.slice(instr.range.start, Math.min(instr.range.end, instr.lineEnd)).replace(/\s+/g, ' ').trim().slice(0, 80);
    if (stage) {
      // The name as written (BuildKit compares it lower-cased, but the outline shows what you wrote).
      const name = stage.nameRange ? doc.text.slice(stage.nameRange.start, stage.nameRange.end) : stage.base.raw || `stage ${stage.index}`;
      current = { name, detail: `stage ${stage.index}: FROM ${stage.base.raw}`, kind: 'stage', range: stage.range, selection: stage.nameRange ?? stage.base.range, children: [] };
      out.push(current);
      continue;
    }
    const sym: SymbolInfo = { name: instr.name, detail, kind: instr.kind === 'Arg' || instr.kind === 'Env' ? 'variable' : 'instruction', range: instr.range, selection: instr.keyword, children: [] };
    (current ? current.children : out).push(sym);
  }
  return out;
}
