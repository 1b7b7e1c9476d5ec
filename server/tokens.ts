/**
 * Semantic tokens for the client: full, range, and delta against the last full result sent for a document (the
 * one piece of per-document state the requests keep; forgotten when the document closes).
 */
import type { SemanticTokens, SemanticTokensDelta, SemanticTokensDeltaParams, SemanticTokensRangeParams } from 'vscode-languageserver';
import { tokenLegend } from './capabilities.js';
import { toOffset, type ClientSupport } from './convert.js';
import type { AnalyzedDocument } from './features/document.js';
import { encodeTokens, semanticTokens } from './features/semantic-tokens.js';

export class SemanticTokensCache {
  private readonly last = new Map<string, { id: string; data: number[] }>();
  private seq = 0;

  constructor(private readonly support: () => ClientSupport) {}

  private legend(): { tokenTypes: readonly string[]; tokenModifiers: readonly string[] } | undefined {
    const tokens = this.support().semanticTokens;
    return tokens ? tokenLegend(tokens) : undefined;
  }

  full(doc: AnalyzedDocument): SemanticTokens {
    const data = encodeTokens(semanticTokens(doc), doc.lines, this.legend());
    const resultId = String(++this.seq);
    this.last.set(doc.uri, { id: resultId, data });
    return { resultId, data };
  }

  /** The change from the result the client names: the common head and tail kept, the middle replaced. */
  delta(doc: AnalyzedDocument, p: SemanticTokensDeltaParams): SemanticTokens | SemanticTokensDelta {
    const prev = this.last.get(doc.uri);
    const next = this.full(doc);
    if (!prev || prev.id !== p.previousResultId) return next;
    const { data } = next;
    let start = 0;
    while (start < data.length && start < prev.data.length && data[start] === prev.data[start]) start++;
    let end = 0;
    while (end < data.length - start && end < prev.data.length - start && data[data.length - 1 - end] === prev.data[prev.data.length - 1 - end]) end++;
    return { resultId: next.resultId, edits: [{ start, deleteCount: prev.data.length - start - end, data: data.slice(start, data.length - end) }] };
  }

  range(doc: AnalyzedDocument, p: SemanticTokensRangeParams): SemanticTokens {
    const range = { start: toOffset(doc.lines, p.range.start), end: toOffset(doc.lines, p.range.end) };
    return { data: encodeTokens(semanticTokens(doc, range), doc.lines, this.legend()) };
  }

  forget(uri: string): void {
    this.last.delete(uri);
  }
}
