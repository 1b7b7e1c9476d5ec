/**
 * The server's core: the open documents and their analysis (session.ts), diagnostics (diagnostics.ts), semantic
 * tokens (tokens.ts) and every request's answer (requests.ts). It is what loads the grammar, the rules and the
 * features, so server.ts loads it only after it has answered `initialize` (the editor's wait for a server to come
 * up), and hands it the document changes and requests that arrived meanwhile, in order.
 */
import type { Connection, TextDocumentIdentifier } from 'vscode-languageserver';
import type { ClientSupport } from './convert.js';
import { Diagnostics } from './diagnostics.js';
import type { AnalyzedDocument } from './features/document.js';
import type { DocumentHooks } from './gate.js';
import { guard, type Log } from './guard.js';
import type { ServerHost } from './host.js';
import * as answer from './requests.js';
import { Session } from './session.js';
import { fetchSettings } from './settings.js';
import { SemanticTokensCache } from './tokens.js';

export interface CoreOptions {
  connection: Connection;
  host: ServerHost;
  log: Log;
  /** What the client can take: known, since the core is made after `initialize`. */
  support: ClientSupport;
}

export type Core = ReturnType<typeof createCore>;

export function createCore({ connection: conn, host, log, support }: CoreOptions) {
  const session = new Session(host.config, { failAnalysisOf: host.failAnalysisOf });
  const diagnostics = new Diagnostics({ connection: conn, session, host, support: () => support, log });
  diagnostics.setPull(support.pullDiagnostics !== undefined);
  const tokens = new SemanticTokensCache(() => support);

  const documents: DocumentHooks = {
    open: (p) => {
      session.open(p.textDocument.uri, p.textDocument.languageId, p.textDocument.version, p.textDocument.text);
      diagnostics.changed(p.textDocument.uri);
    },
    change: (p) => {
      if (session.version(p.textDocument.uri) === undefined) return log('warn', `berth: dropped a change to ${p.textDocument.uri}, which is not open`);
      session.change(p.textDocument.uri, p.textDocument.version, p.contentChanges);
      diagnostics.changed(p.textDocument.uri);
    },
    close: ({ textDocument: { uri } }) => {
      diagnostics.closed(uri);
      tokens.forget(uri);
      session.close(uri);
    },
  };

  /** A request on one document: `none` when it is not open, else the answer, in a guard. */
  const onDoc =
    <P extends { textDocument: TextDocumentIdentifier }, R, N>(name: string, none: N, fn: (doc: AnalyzedDocument, p: P) => R) =>
    (p: P) =>
      guard(log, name, () => {
        const doc = session.get(p.textDocument.uri);
        return doc ? fn(doc, p) : none;
      })();

  const settingsChanged = async (): Promise<void> => {
    if (!support.configuration) return;
    await fetchSettings(conn, session, log);
    diagnostics.refresh();
  };

  return {
    documents,
    settingsChanged,
    watchedFilesChanged(): void {
      session.reloadConfig();
      diagnostics.refresh();
    },
    pulled: diagnostics.pulled.bind(diagnostics),
    hover: onDoc('hover', null, (doc, p: Parameters<typeof answer.hoverAt>[1]) => answer.hoverAt(doc, p, support)),
    completion: onDoc('completion', [], (doc, p: Parameters<typeof answer.completionAt>[1]) => answer.completionAt(doc, p, support)),
    codeAction: onDoc('codeAction', [], (doc, p: Parameters<typeof answer.codeActionsIn>[1]) => answer.codeActionsIn(doc, p, support)),
    definition: onDoc('definition', null, (doc, p: Parameters<typeof answer.definitionAt>[1]) => answer.definitionAt(doc, p, support)),
    references: onDoc('references', [], answer.referencesAt),
    documentHighlight: onDoc('documentHighlight', [], answer.highlightsAt),
    prepareRename: guard(log, 'prepareRename', (p: Parameters<typeof answer.prepareRenameAt>[1]) => answer.prepareRenameAt(session.get(p.textDocument.uri), p)),
    rename: onDoc('rename', null, (doc, p: Parameters<typeof answer.renameAt>[1]) => answer.renameAt(doc, p, support)),
    documentSymbol: onDoc('documentSymbol', [], (doc, p: Parameters<typeof answer.symbolsOf>[1]) => answer.symbolsOf(doc, p, support)),
    formatting: onDoc('formatting', [], (doc, p: Parameters<typeof answer.formatting>[1]) => answer.formatting(doc, p, session.editorSettings.format)),
    onTypeFormatting: onDoc('onTypeFormatting', [], (doc, p: Parameters<typeof answer.onTypeFormatting>[1]) => answer.onTypeFormatting(doc, p, session.editorSettings.format)),
    rangeFormatting: onDoc('rangeFormatting', [], (doc, p: Parameters<typeof answer.rangeFormatting>[1]) => answer.rangeFormatting(doc, p, session.editorSettings.format)),
    inlayHint: onDoc('inlayHint', [], answer.inlayHintsIn),
    semanticTokens: onDoc('semanticTokens', { data: [] }, (doc) => tokens.full(doc)),
    semanticTokensDelta: onDoc('semanticTokensDelta', { data: [] }, (doc, p: Parameters<SemanticTokensCache['delta']>[1]) => tokens.delta(doc, p)),
    semanticTokensRange: onDoc('semanticTokensRange', { data: [] }, (doc, p: Parameters<SemanticTokensCache['range']>[1]) => tokens.range(doc, p)),
    documentLink: onDoc('documentLink', [], (doc, p: Parameters<typeof answer.linksOf>[1]) => answer.linksOf(doc, p, support)),
    signatureHelp: onDoc('signatureHelp', null, (doc, p: Parameters<typeof answer.signatureHelpAt>[1]) => answer.signatureHelpAt(doc, p, support)),
    selectionRange: onDoc('selectionRange', [], answer.selectionRangesAt),
    foldingRange: onDoc('foldingRange', [], (doc, p: Parameters<typeof answer.foldingRangesOf>[1]) => answer.foldingRangesOf(doc, p, support)),
  };
}
