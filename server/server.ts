/**
 * The language server proper, free of Node: it runs wherever JavaScript does, given a message reader and writer,
 * a way to make a connection of them, and a host (server/host.ts) for everything machine-bound. server/main.ts starts
 * it on Node (stdio or IPC); a Web Worker can start it with vscode-languageserver/browser's reader, writer and
 * createConnection.
 *
 * This file is wiring only. Every message passes the gate (gate.ts) first: lifecycle and params checked
 * (params.ts), document changes applied as soon as they are read. Each request is a line into requests.ts, which
 * calls a feature of server/features and converts its answer (convert.ts); each runs in a guard (guard.ts), so an
 * exception becomes an LSP error and the server keeps serving. Diagnostics (push or pull, coalesced, ShellCheck,
 * the bash parser) are diagnostics.ts; the editor's settings settings.ts; berth's own requests commands.ts.
 */
import {
  DidChangeWatchedFilesNotification,
  type Connection,
  type ConnectionOptions,
  type MessageReader,
  type MessageWriter,
  type TextDocumentIdentifier,
} from 'vscode-languageserver';
import { initializeResult } from './capabilities.js';
import { executeCommand, memoryUsageOf, MemoryUsageRequest, ruleDocumentationOf, RuleDocumentationRequest } from './commands.js';
import { clientSupport, type ClientSupport } from './convert.js';
import { Diagnostics } from './diagnostics.js';
import type { AnalyzedDocument } from './features/document.js';
import { Gate, type DocumentHooks } from './gate.js';
import { guard, ignore, messageOf, type Log } from './guard.js';
import type { ServerHost } from './host.js';
import * as answer from './requests.js';
import { Session } from './session.js';
import { fetchSettings } from './settings.js';
import { SemanticTokensCache } from './tokens.js';

export type { ServerHost } from './host.js';
export { MemoryUsageRequest, RuleDocumentationRequest, type MemoryUsageResult, type RuleDocumentationParams, type RuleDocumentationResult } from './commands.js';

/** How messages come and go, and how the platform makes a connection of them (Node's or the browser's createConnection). */
export interface Transport {
  reader: MessageReader;
  writer: MessageWriter;
  connect(reader: MessageReader, writer: MessageWriter, options: ConnectionOptions): Connection;
}

/** A started server: its connection, its log, and where a transport reports a message it could not read. */
export interface RunningServer {
  connection: Connection;
  log: Log;
  /** A body that is not JSON: answered with JSON-RPC's parse error (id null) and logged. */
  unreadable(reason: string): void;
}

export function startServer(transport: Transport, host: ServerHost): RunningServer {
  let connection: Connection | undefined;
  const log: Log = (level, message) => {
    try {
      connection?.console[level](message);
    } catch {
      // The connection is closed: there is nowhere left to log to.
    }
  };
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
  const gate = new Gate({ writer: transport.writer, documents, exit: (code) => host.exit(code), log });
  const conn = (connection = transport.connect(gate.wrap(transport.reader), transport.writer, { messageStrategy: gate.strategy, connectionStrategy: gate.connectionStrategy }));
  // The input ended without `exit`: the editor is gone (exit code as for `exit`: 0 only after `shutdown`).
  transport.reader.onClose(() => host.exit(gate.shutdown ? 0 : 1));

  const session = new Session(host.config, { failAnalysisOf: host.failAnalysisOf });
  /** What the client can take; until it says (initialize), nothing beyond the basics. */
  let support: ClientSupport = clientSupport({});
  const diagnostics = new Diagnostics({ connection: conn, session, host, support: () => support, log });
  const tokens = new SemanticTokensCache(() => support);

  /** A request on one document: `none` when it is not open, else the answer, in a guard. */
  const onDoc =
    <P extends { textDocument: TextDocumentIdentifier }, R, N>(name: string, none: N, fn: (doc: AnalyzedDocument, p: P) => R) =>
    (p: P) =>
      guard(log, name, () => {
        const doc = session.get(p.textDocument.uri);
        return doc ? fn(doc, p) : none;
      })();

  conn.onInitialize((params) => {
    try {
      support = clientSupport(params.capabilities ?? {});
    } catch (e) {
      // Capabilities of an unexpected shape deep inside: serve as to a client that announced nothing.
      log('warn', `berth: could not read the client capabilities (${messageOf(e)}); assuming none`);
      support = clientSupport({});
    }
    diagnostics.setPull(support.pullDiagnostics !== undefined);
    return initializeResult(support, host.version);
  });
  const settingsChanged = async (): Promise<void> => {
    if (!support.configuration) return;
    await fetchSettings(conn, session, log);
    diagnostics.refresh();
  };
  conn.onInitialized(() => {
    void settingsChanged();
    if (support.watchConfig) {
      const watchers = [{ globPattern: '**/{.berth.yaml,.berth.yml,.hadolint.yaml,.hadolint.yml,.dockerignore,*.dockerignore}' }];
      ignore(conn.client.register(DidChangeWatchedFilesNotification.type, { watchers }));
    }
  });
  conn.onDidChangeConfiguration(() => void settingsChanged());
  conn.onDidChangeWatchedFiles(() => {
    session.reloadConfig();
    diagnostics.refresh();
  });

  conn.languages.diagnostics.on((p, token) => diagnostics.pulled(p, token));
  conn.onHover(onDoc('hover', null, (doc, p) => answer.hoverAt(doc, p, support)));
  conn.onCompletion(onDoc('completion', [], (doc, p) => answer.completionAt(doc, p, support)));
  conn.onCodeAction(onDoc('codeAction', [], (doc, p) => answer.codeActionsIn(doc, p, support)));
  conn.onExecuteCommand(guard(log, 'executeCommand', (p) => executeCommand(conn, log, p)));
  conn.onRequest(RuleDocumentationRequest, guard(log, 'ruleDocumentation', ruleDocumentationOf));
  conn.onRequest(MemoryUsageRequest, () => memoryUsageOf(host));
  conn.onDefinition(onDoc('definition', null, (doc, p) => answer.definitionAt(doc, p, support)));
  conn.onReferences(onDoc('references', [], answer.referencesAt));
  conn.onDocumentHighlight(onDoc('documentHighlight', [], answer.highlightsAt));
  conn.onPrepareRename(guard(log, 'prepareRename', (p) => answer.prepareRenameAt(session.get(p.textDocument.uri), p)));
  conn.onRenameRequest(onDoc('rename', null, (doc, p) => answer.renameAt(doc, p, support)));
  conn.onDocumentSymbol(onDoc('documentSymbol', [], (doc, p) => answer.symbolsOf(doc, p, support)));
  conn.onDocumentFormatting(onDoc('formatting', [], (doc, p) => answer.formatting(doc, p, session.editorSettings.format)));
  conn.onDocumentOnTypeFormatting(onDoc('onTypeFormatting', [], (doc, p) => answer.onTypeFormatting(doc, p, session.editorSettings.format)));
  conn.onDocumentRangeFormatting(onDoc('rangeFormatting', [], (doc, p) => answer.rangeFormatting(doc, p, session.editorSettings.format)));
  conn.languages.inlayHint.on(onDoc('inlayHint', [], answer.inlayHintsIn));
  conn.languages.semanticTokens.on(onDoc('semanticTokens', { data: [] }, (doc) => tokens.full(doc)));
  conn.languages.semanticTokens.onDelta(onDoc('semanticTokensDelta', { data: [] }, (doc, p) => tokens.delta(doc, p)));
  conn.languages.semanticTokens.onRange(onDoc('semanticTokensRange', { data: [] }, (doc, p) => tokens.range(doc, p)));
  conn.onDocumentLinks(onDoc('documentLink', [], (doc, p) => answer.linksOf(doc, p, support)));
  conn.onSignatureHelp(onDoc('signatureHelp', null, (doc, p) => answer.signatureHelpAt(doc, p, support)));
  conn.onSelectionRanges(onDoc('selectionRange', [], answer.selectionRangesAt));
  conn.onFoldingRanges(onDoc('foldingRange', [], (doc, p) => answer.foldingRangesOf(doc, p, support)));

  conn.listen();
  return { connection: conn, log, unreadable: (reason) => gate.parseError(reason) };
}
