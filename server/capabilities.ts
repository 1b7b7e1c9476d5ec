/** What the server offers (InitializeResult), shaped to what the client said it can take. */
import { CodeActionKind, PositionEncodingKind, TextDocumentSyncKind, type InitializeResult, type ServerCapabilities } from 'vscode-languageserver';
import { APPLY_EDIT_COMMAND, type ClientSupport } from './convert.js';
import { TOKEN_MODIFIERS, TOKEN_TYPES } from './features/token-legend.js';

/** Our token types and modifiers, less any the client does not know (their tokens are then left out). */
export function tokenLegend(tokens: NonNullable<ClientSupport['semanticTokens']>): { tokenTypes: string[]; tokenModifiers: string[] } {
  return {
    tokenTypes: TOKEN_TYPES.filter((t) => !tokens.types || tokens.types.has(t)),
    tokenModifiers: TOKEN_MODIFIERS.filter((m) => !tokens.modifiers || tokens.modifiers.has(m)),
  };
}

export function initializeResult(support: ClientSupport, version: string): InitializeResult {
  const pull = support.pullDiagnostics !== undefined;
  const capabilities: ServerCapabilities = {
    // berth counts characters in UTF-16 code units, the encoding every client must support.
    positionEncoding: PositionEncodingKind.UTF16,
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    ...(pull ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } } : {}),
    hoverProvider: true,
    completionProvider: { triggerCharacters: ['$', '{', '=', '#', '-', ',', ' '] },
    documentSymbolProvider: true,
    definitionProvider: true,
    referencesProvider: true,
    documentHighlightProvider: true,
    // RenameOptions (prepareProvider) only for a client that announced prepareSupport.
    renameProvider: support.prepareRename ? { prepareProvider: true } : true,
    foldingRangeProvider: true,
    selectionRangeProvider: true,
    signatureHelpProvider: { triggerCharacters: [' ', '['] },
    documentFormattingProvider: true,
    inlayHintProvider: true,
    documentLinkProvider: { resolveProvider: false },
    documentRangeFormattingProvider: true,
    documentOnTypeFormattingProvider: { firstTriggerCharacter: '\n' },
  };
  // Code actions: literals with their kinds; for a client without literals, commands the server carries out with
  // workspace/applyEdit; none for a client that can do neither.
  if (support.codeActions.literals) capabilities.codeActionProvider = { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll] };
  else if (support.applyEdit) {
    capabilities.codeActionProvider = true;
    capabilities.executeCommandProvider = { commands: [APPLY_EDIT_COMMAND] };
  }
  const tokens = support.semanticTokens;
  if (tokens) {
    capabilities.semanticTokensProvider = {
      legend: tokenLegend(tokens),
      ...(tokens.full ? { full: tokens.delta ? { delta: true } : true } : {}),
      ...(tokens.range ? { range: true } : {}),
    };
  }
  return { capabilities, serverInfo: { name: 'berth', version } };
}
