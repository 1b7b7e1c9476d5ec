/**
 * The language server proper, free of Node: it runs wherever JavaScript does, given a message reader and writer,
 * a way to make a connection of them, and a host (server/host.ts) for everything machine-bound. server/main.ts starts
 * it on Node (stdio or IPC); a Web Worker can start it with vscode-languageserver/browser's reader, writer and
 * createConnection.
 *
 * This file is wiring only. Every message passes the gate (gate.ts) first: lifecycle and params checked
 * (params.ts), document changes applied as soon as they are read. `initialize` is answered from here, before the
 * grammar, the rules and the features are loaded: they make up the core (core.ts), loaded right after the answer
 * is written; a document change or request that arrives meanwhile waits for it, in the order it came. Each request
 * is a line into requests.ts, which calls a feature of server/features and converts its answer (convert.ts); each
 * runs in a guard (guard.ts), so an exception becomes an LSP error and the server keeps serving. Diagnostics (push
 * or pull, coalesced, ShellCheck, the bash parser) are diagnostics.ts; the editor's settings settings.ts; berth's
 * own requests commands.ts.
 */
import {
  DidChangeWatchedFilesNotification,
  type CancellationToken,
  type Connection,
  type ConnectionOptions,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver';
import { initializeResult } from './capabilities.js';
import { executeCommand, memoryUsageOf, MemoryUsageRequest, ruleDocumentationOf, RuleDocumentationRequest } from './commands.js';
import { clientSupport, type ClientSupport } from './convert.js';
import type { Core } from './core.js';
import { Gate, type DocumentHooks } from './gate.js';
import { describeError, guard, ignore, messageOf, type Log } from './guard.js';
import type { ServerHost } from './host.js';

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

type Handler<P, R> = (p: P, token: CancellationToken) => R;

export function startServer(transport: Transport, host: ServerHost): RunningServer {
  let connection: Connection | undefined;
  const log: Log = (level, message) => {
    try {
      connection?.console[level](message);
    } catch {
      // The connection is closed: there is nowhere left to log to.
    }
  };

  /** The core, once loaded; until then, what it must do first (document changes, in the order they were read). */
  let core: Core | undefined;
  let loading: Promise<Core> | undefined;
  const early: Array<(c: Core) => void> = [];
  const loadCore = (): Promise<Core> =>
    (loading ??= Promise.all([import('./core.js'), host.prepare?.()]).then(([m]) => {
      const c = m.createCore({ connection: conn, host, log, support });
      core = c;
      for (const apply of early.splice(0)) {
        try {
          apply(c);
        } catch (e) {
          log('error', `berth: a document change failed: ${describeError(e)}`);
        }
      }
      return c;
    }));
  /** Runs on the core, in a guard: at once when it is loaded, else once it is (a request then waits, in its turn). */
  const withCore = <R>(name: string, fn: (c: Core) => R): R | Promise<Awaited<R>> =>
    guard(log, name, () => (core ? fn(core) : loadCore().then(fn)))() as R | Promise<Awaited<R>>;
  /** Starts loading the core without a request waiting on it; a failure is logged (each request then says it). */
  const startLoading = (): void => void loadCore().catch((e: unknown) => log('error', `berth: the server could not load its core: ${describeError(e)}`));
  /** A handler of the core's. */
  const onCore =
    <P, R>(name: string, pick: (c: Core) => Handler<P, R>): Handler<P, R | Promise<Awaited<R>>> =>
    (p, token) =>
      withCore(name, (c) => pick(c)(p, token));
  /** A document change: applied at once when the core is loaded, else queued for it in the order read. */
  const onDocument =
    <P>(pick: (hooks: DocumentHooks) => (p: P) => void) =>
    (p: P): void => {
      if (core) return pick(core.documents)(p);
      early.push((c) => pick(c.documents)(p));
      startLoading();
    };
  const documents: DocumentHooks = {
    open: onDocument((d) => d.open),
    change: onDocument((d) => d.change),
    close: onDocument((d) => d.close),
  };
  const gate = new Gate({ writer: transport.writer, documents, exit: (code) => host.exit(code), log });
  const conn = (connection = transport.connect(gate.wrap(transport.reader), transport.writer, { messageStrategy: gate.strategy, connectionStrategy: gate.connectionStrategy }));
  // The input ended without `exit`: the editor is gone (exit code as for `exit`: 0 only after `shutdown`).
  transport.reader.onClose(() => host.exit(gate.shutdown ? 0 : 1));

  /** What the client can take; until it says (initialize), nothing beyond the basics. */
  let support: ClientSupport = clientSupport({});

  conn.onInitialize((params) => {
    try {
      support = clientSupport(params.capabilities ?? {});
    } catch (e) {
      // Capabilities of an unexpected shape deep inside: serve as to a client that announced nothing.
      log('warn', `berth: could not read the client capabilities (${messageOf(e)}); assuming none`);
      support = clientSupport({});
    }
    // The core loads once this answer is on its way: the writer sends it on the next turn of the event loop, and
    // a timer runs after that turn.
    setTimeout(startLoading, 0);
    return initializeResult(support, host.version);
  });
  conn.onInitialized(() => {
    void withCore('settings', (c) => c.settingsChanged());
    if (support.watchConfig) {
      const watchers = [{ globPattern: '**/{.berth.yaml,.berth.yml,.hadolint.yaml,.hadolint.yml,.dockerignore,*.dockerignore}' }];
      ignore(conn.client.register(DidChangeWatchedFilesNotification.type, { watchers }));
    }
  });
  conn.onDidChangeConfiguration(() => void withCore('settings', (c) => c.settingsChanged()));
  conn.onDidChangeWatchedFiles(() => void withCore('watchedFiles', (c) => c.watchedFilesChanged()));

  conn.languages.diagnostics.on(onCore('diagnostics', (c) => c.pulled));
  conn.onHover(onCore('hover', (c) => c.hover));
  conn.onCompletion(onCore('completion', (c) => c.completion));
  conn.onCodeAction(onCore('codeAction', (c) => c.codeAction));
  conn.onExecuteCommand(guard(log, 'executeCommand', (p) => executeCommand(conn, log, p)));
  conn.onRequest(RuleDocumentationRequest, guard(log, 'ruleDocumentation', ruleDocumentationOf));
  conn.onRequest(MemoryUsageRequest, () => memoryUsageOf(host));
  conn.onDefinition(onCore('definition', (c) => c.definition));
  conn.onReferences(onCore('references', (c) => c.references));
  conn.onDocumentHighlight(onCore('documentHighlight', (c) => c.documentHighlight));
  conn.onPrepareRename(onCore('prepareRename', (c) => c.prepareRename));
  conn.onRenameRequest(onCore('rename', (c) => c.rename));
  conn.onDocumentSymbol(onCore('documentSymbol', (c) => c.documentSymbol));
  conn.onDocumentFormatting(onCore('formatting', (c) => c.formatting));
  conn.onDocumentOnTypeFormatting(onCore('onTypeFormatting', (c) => c.onTypeFormatting));
  conn.onDocumentRangeFormatting(onCore('rangeFormatting', (c) => c.rangeFormatting));
  conn.languages.inlayHint.on(onCore('inlayHint', (c) => c.inlayHint));
  conn.languages.semanticTokens.on(onCore('semanticTokens', (c) => c.semanticTokens));
  conn.languages.semanticTokens.onDelta(onCore('semanticTokensDelta', (c) => c.semanticTokensDelta));
  conn.languages.semanticTokens.onRange(onCore('semanticTokensRange', (c) => c.semanticTokensRange));
  conn.onDocumentLinks(onCore('documentLink', (c) => c.documentLink));
  conn.onSignatureHelp(onCore('signatureHelp', (c) => c.signatureHelp));
  conn.onSelectionRanges(onCore('selectionRange', (c) => c.selectionRange));
  conn.onFoldingRanges(onCore('foldingRange', (c) => c.foldingRange));

  conn.listen();
  return { connection: conn, log, unreadable: (reason) => gate.parseError(reason) };
}
