/**
 * The answer to each request on one document: LSP params in, a feature of server/features called with offsets,
 * its plain data converted (convert.ts) to what the client can take. No state, no connection: server.ts looks the
 * document up and calls one of these; for a document that is not open it answers the `none` value next to it.
 */
import {
  DocumentHighlightKind,
  LSPErrorCodes,
  ResponseError,
  type CodeActionParams,
  type CompletionParams,
  type DefinitionParams,
  type DocumentFormattingParams,
  type DocumentHighlightParams,
  type DocumentOnTypeFormattingParams,
  type DocumentRangeFormattingParams,
  type FormattingOptions,
  type HoverParams,
  type InlayHintParams,
  type PrepareRenameParams,
  type ReferenceParams,
  type RenameParams,
  type SelectionRange,
  type SelectionRangeParams,
  type SignatureHelpParams,
} from 'vscode-languageserver';
import {
  toCodeActions,
  toCompletionItems,
  toDocumentSymbols,
  toFoldingRanges,
  toMarkup,
  toOffset,
  toRange,
  toTextEdits,
  toWorkspaceEdit,
  type ClientSupport,
} from './convert.js';
import { codeActions } from './features/code-actions.js';
import { completions } from './features/completion.js';
import type { AnalyzedDocument } from './features/document.js';
import { foldingRanges } from './features/folding.js';
import { format, formatOnType, type FormatOptions } from './features/formatting.js';
import { hover } from './features/hover.js';
import { inlayHints } from './features/inlay-hints.js';
import { documentLinks } from './features/links.js';
import { selectionRanges } from './features/selection.js';
import { signatureHelp } from './features/signature-help.js';
import { rename, symbolAt } from './features/symbols-at.js';
import { documentSymbols } from './features/symbols.js';
import type { EditorSettings } from './settings.js';

type Doc = AnalyzedDocument;
const offsetOf = (doc: Doc, p: { line: number; character: number }): number => toOffset(doc.lines, p);
const rangeOf = (doc: Doc, r: { start: { line: number; character: number }; end: { line: number; character: number } }) => ({ start: offsetOf(doc, r.start), end: offsetOf(doc, r.end) });

export const hoverAt = (doc: Doc, p: HoverParams, support: ClientSupport) => {
  const info = hover(doc, offsetOf(doc, p.position));
  return info ? { range: toRange(doc.lines, info.range), contents: toMarkup(info.markdown, support.hover) } : null;
};

export const completionAt = (doc: Doc, p: CompletionParams, support: ClientSupport) => toCompletionItems(completions(doc, offsetOf(doc, p.position)), doc.lines, support.completion);

export const codeActionsIn = (doc: Doc, p: CodeActionParams, support: ClientSupport) => {
  if (!support.codeActions.literals && !support.applyEdit) return [];
  const range = rangeOf(doc, p.range);
  return toCodeActions(doc, codeActions(doc, range.start, range.end, p.context.only), support, support.pullDiagnostics ?? support.pushDiagnostics);
};

export const definitionAt = (doc: Doc, p: DefinitionParams, support: ClientSupport) => {
  const sym = symbolAt(doc, offsetOf(doc, p.position));
  const definition = sym?.definition;
  if (!sym || !definition) return null;
  if (!support.definitionLinks) return { uri: doc.uri, range: toRange(doc.lines, definition) };
  // A link also says which text under the cursor it starts from, and the whole declaring instruction.
  const declaring = doc.parse.dockerfile.instructions.find((i) => i.range.start <= definition.start && definition.end <= i.range.end);
  const target = toRange(doc.lines, definition);
  const targetRange = declaring ? toRange(doc.lines, { start: declaring.range.start, end: Math.max(declaring.lineEnd, definition.end) }) : target;
  return [{ originSelectionRange: toRange(doc.lines, sym.at), targetUri: doc.uri, targetRange, targetSelectionRange: target }];
};

export const referencesAt = (doc: Doc, p: ReferenceParams) => {
  const sym = symbolAt(doc, offsetOf(doc, p.position));
  if (!sym) return [];
  const ranges = [...(p.context.includeDeclaration && sym.definition ? [sym.definition] : []), ...sym.uses];
  return ranges.map((r) => ({ uri: doc.uri, range: toRange(doc.lines, r) }));
};

export const highlightsAt = (doc: Doc, p: DocumentHighlightParams) => {
  const sym = symbolAt(doc, offsetOf(doc, p.position));
  if (!sym) return [];
  const write = sym.definition ? [{ range: toRange(doc.lines, sym.definition), kind: DocumentHighlightKind.Write }] : [];
  return [...write, ...sym.uses.map((r) => ({ range: toRange(doc.lines, r), kind: DocumentHighlightKind.Read }))];
};

/**
 * As LSP asks: null where nothing can be renamed (a document that is not open included); where berth knows why the
 * name there cannot be, RequestFailed with the reason, which the client shows.
 */
export const prepareRenameAt = (doc: Doc | undefined, p: PrepareRenameParams) => {
  const sym = doc && symbolAt(doc, offsetOf(doc, p.position));
  if (!doc || !sym) return null;
  if (sym.cannotRename) throw new ResponseError(LSPErrorCodes.RequestFailed, sym.cannotRename);
  return { range: toRange(doc.lines, sym.at), placeholder: doc.text.slice(sym.at.start, sym.at.end) };
};

export const renameAt = (doc: Doc, p: RenameParams, support: ClientSupport) => {
  const r = rename(doc, offsetOf(doc, p.position), p.newName);
  if ('error' in r) throw new ResponseError(LSPErrorCodes.RequestFailed, r.error);
  return toWorkspaceEdit(doc, r.edits, support);
};

export const symbolsOf = (doc: Doc, _p: unknown, support: ClientSupport) => toDocumentSymbols(doc, documentSymbols(doc), support);

/** The editor's tab settings, with the `berth.format.*` settings over them. */
export function formatOptions(o: FormattingOptions, settings: EditorSettings['format']): FormatOptions {
  return {
    tabSize: o.tabSize,
    insertSpaces: o.insertSpaces,
    ...(typeof settings?.continuationIndent === 'number' ? { continuationIndent: settings.continuationIndent } : {}),
    ...(settings?.keywordCase === 'keep' ? { keywordCase: 'keep' as const } : {}),
    ...(settings?.reflowRun === true ? { reflowRun: true } : {}),
  };
}

export const formatting = (doc: Doc, p: DocumentFormattingParams, settings: EditorSettings['format']) => toTextEdits(doc.lines, format(doc, formatOptions(p.options, settings)));

export const rangeFormatting = (doc: Doc, p: DocumentRangeFormattingParams, settings: EditorSettings['format']) => toTextEdits(doc.lines, format(doc, formatOptions(p.options, settings), rangeOf(doc, p.range)));

export const onTypeFormatting = (doc: Doc, p: DocumentOnTypeFormattingParams, settings: EditorSettings['format']) =>
  toTextEdits(doc.lines, formatOnType(doc, offsetOf(doc, p.position), formatOptions(p.options, settings)));

export const inlayHintsIn = (doc: Doc, p: InlayHintParams) =>
  inlayHints(doc, rangeOf(doc, p.range)).map((h) => ({ position: doc.lines.positionAt(h.offset), label: h.label, tooltip: h.tooltip, paddingLeft: false }));

export const linksOf = (doc: Doc, _p: unknown, support: ClientSupport) =>
  documentLinks(doc).map((l) => ({ range: toRange(doc.lines, l.range), target: l.target, ...(support.linkTooltips ? { tooltip: l.tooltip } : {}) }));

export const signatureHelpAt = (doc: Doc, p: SignatureHelpParams, support: ClientSupport) => {
  const info = signatureHelp(doc, offsetOf(doc, p.position));
  if (!info) return null;
  const documentation = (markdown: string) => (support.signatureDocumentation === 'markdown' ? toMarkup(markdown, 'markdown') : toMarkup(markdown, 'plaintext').value);
  return { signatures: info.signatures.map((s) => ({ label: s.label, documentation: documentation(s.documentation) })), activeSignature: info.active };
};

export const selectionRangesAt = (doc: Doc, p: SelectionRangeParams): SelectionRange[] =>
  p.positions.map((pos) => {
    const ranges = selectionRanges(doc, offsetOf(doc, pos));
    let parent: SelectionRange | undefined;
    for (let i = ranges.length - 1; i >= 0; i--) parent = { range: toRange(doc.lines, ranges[i] as { start: number; end: number }), ...(parent ? { parent } : {}) };
    return parent ?? { range: { start: pos, end: pos } };
  });

export const foldingRangesOf = (doc: Doc, _p: unknown, support: ClientSupport) => toFoldingRanges(foldingRanges(doc), support.folding);
