/**
 * The language server: `berth lsp --stdio` (or node IPC). It wires LSP requests to the pure features in
 * server/features through convert.ts; every handler runs in a guard, so an exception becomes an LSP error and the
 * server keeps serving. Every message passes the gate (gate.ts) first: framing repaired (framing.ts), lifecycle
 * and params checked (params.ts), document changes applied as soon as they are read. Diagnostics are pulled
 * (textDocument/diagnostic) when the client can, else pushed after each change — coalesced, and computed only for
 * the newest version.
 */
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  DocumentHighlightKind,
  ErrorCodes,
  LSPErrorCodes,
  PositionEncodingKind,
  ProposedFeatures,
  RequestType,
  ResponseError,
  TextDocumentSyncKind,
  DiagnosticSeverity,
  IPCMessageReader,
  IPCMessageWriter,
  RequestType0,
  StreamMessageWriter,
  createConnection,
  type Diagnostic as LspDiagnostic,
  type DiagnosticServerCancellationData,
  type MessageReader,
  type MessageWriter,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  type Connection,
  type InitializeResult,
  type ServerCapabilities,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { inspect } from 'node:util';
import { needsBashParser } from '../grammar/index.js';
import { loadShellParser } from '../cli/shell-loader.js';
import { findShellcheck } from '../cli/shellcheck-find.js';
import { VERSION } from '../cli/version.js';
import { ruleDocumentation } from '../rules/docs.js';
import {
  APPLY_EDIT_COMMAND,
  clientSupport,
  toCodeActions,
  toCompletionItems,
  toDocumentSymbols,
  toFoldingRanges,
  toLspDiagnostic,
  toMarkup,
  toOffset,
  toRange,
  toTextEdits,
  toWorkspaceEdit,
  type ClientSupport,
} from './convert.js';
import { codeActions } from './features/code-actions.js';
import { completions } from './features/completion.js';
import { foldingRanges } from './features/folding.js';
import { selectionRanges } from './features/selection.js';
import { signatureHelp } from './features/signature-help.js';
import { format, formatOnType } from './features/formatting.js';
import { hover } from './features/hover.js';
import { inlayHints } from './features/inlay-hints.js';
import { documentLinks } from './features/links.js';
import { rename, symbolAt } from './features/symbols-at.js';
import { encodeTokens, semanticTokens, TOKEN_MODIFIERS, TOKEN_TYPES } from './features/semantic-tokens.js';
import { documentSymbols } from './features/symbols.js';
import type { AnalyzedDocument } from './features/document.js';
import { FramedStreamReader, sharedResultEncoder } from './framing.js';
import { Gate, type DocumentHooks } from './gate.js';
import { sanitizeSettings, Session } from './session.js';

/**
 * berth's own request: the documentation page of a rule (by id, hadolint code, BuildKit name or ShellCheck code),
 * rendered offline from the rule's metadata as `berth explain --format markdown` renders it, ending with a link to
 * its web version. Null for a name berth does not know.
 */
export interface RuleDocumentationParams {
  rule: string;
}
export interface RuleDocumentationResult {
  /** The rules the name stands for (one, except for an alias two rules share). */
  ids: string[];
  markdown: string;
  /** Where each is documented on the web (what a diagnostic's codeDescription links to). */
  urls: string[];
}
export const RuleDocumentationRequest = new RequestType<RuleDocumentationParams, RuleDocumentationResult | null, void>('berth/ruleDocumentation');

/**
 * berth's own request: the server's memory in bytes, after a garbage collection when Node runs with --expose-gc
 * (`collected` says whether it did). For measuring, and for a user reporting that the server grows.
 */
export interface MemoryUsageResult {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  collected: boolean;
}
export const MemoryUsageRequest = new RequestType0<MemoryUsageResult, void>('berth/memoryUsage');

/** Runs a handler; an exception is logged and answered as an LSP error instead of taking the server down. */
function guard<P extends unknown[], R, E = void>(connection: Connection, name: string, fn: (...args: P) => R): (...args: P) => R | ResponseError<E> {
  return (...args: P) => {
    try {
      return fn(...args);
    } catch (e) {
      if (e instanceof ResponseError) return e as ResponseError<E>;
      const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
      connection.console.error(`berth: ${name} failed: ${message}`);
      return new ResponseError<E>(ErrorCodes.InternalError, `berth: ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
}

/** A request or notification whose answer we do not need: a client that refuses it must not crash the server. */
function ignore(p: unknown): void {
  if (p instanceof Promise) p.catch(() => undefined);
}

const describeError = (e: unknown): string => (e instanceof Error ? (e.stack ?? e.message) : String(e));

/** The reader and writer the process was started with: --node-ipc, else stdio (`--stdio`). */
function transport(onProblem: ConstructorParameters<typeof FramedStreamReader>[1]): { reader: MessageReader; writer: MessageWriter; stdio: boolean } {
  if (process.argv.includes('--node-ipc')) return { reader: new IPCMessageReader(process), writer: new IPCMessageWriter(process), stdio: false };
  return { reader: new FramedStreamReader(process.stdin, onProblem), writer: new StreamMessageWriter(process.stdout, { contentTypeEncoder: sharedResultEncoder() }), stdio: true };
}

export function startServer(): Connection {
  let log = (level: 'error' | 'warn' | 'info', message: string): void => void process.stderr.write(`[${level}] ${message}\n`);
  const documents: DocumentHooks = {
    open: (p) => onOpen(p),
    change: (p) => onChange(p),
    close: (p) => onClose(p),
  };
  const exit = (code: number): never => process.exit(code);
  let gate: Gate | undefined;
  const { reader, writer, stdio } = transport((problem) => {
    const what = `${problem.reason}${problem.bytes > 0 ? `; skipped ${problem.bytes} bytes: ${problem.skipped}` : ''}`;
    if (problem.kind === 'json') gate?.parseError(`a message that is not JSON: ${what}`);
    else log('warn', `berth: the client's message framing is broken (${what}); reading on from the next header`);
  });
  gate = new Gate({ writer, documents, exit, log: (level, message) => log(level, message) });
  const connection = createConnection(ProposedFeatures.all, gate.wrap(reader), writer, { messageStrategy: gate.strategy, connectionStrategy: gate.connectionStrategy });
  log = (level, message) => (level === 'error' ? connection.console.error(message) : level === 'warn' ? connection.console.warn(message) : connection.console.info(message));
  // The input ended without `exit`: the editor is gone (exit code as for `exit`: 0 only after `shutdown`).
  reader.onClose(() => exit(gate.shutdown ? 0 : 1));
  // stdout carries the protocol: a stray console.log from any module goes to the client's log instead.
  if (stdio) {
    const toLog = (level: 'error' | 'warn' | 'info') => (...args: unknown[]) => log(level, args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '));
    console.log = console.info = console.debug = toLog('info');
    console.warn = toLog('warn');
    console.error = toLog('error');
  }
  // Last line of defence: a stray rejected promise or exception is logged, and the server keeps serving.
  process.on('unhandledRejection', (e) => log('error', `berth: unexpected error: ${describeError(e)}`));
  process.on('uncaughtException', (e) => log('error', `berth: unexpected error: ${describeError(e)}`));
  const session = new Session(process.cwd(), { failAnalysisOf: process.env.BERTH_TEST_FAIL_ANALYSIS || undefined });
  /** What the client can take; until it says (initialize), nothing beyond the basics. */
  let support: ClientSupport = clientSupport({});
  let pull = false;
  /** The analysis waiting to run for each document, and how to call it off. */
  const pending = new Map<string, () => void>();
  const shownConfigErrors = new Set<string>();

  // ShellCheck: after the document settles, one run per version in the background; a newer version stops it.
  const shellcheckRuns = new Map<string, { timer: ReturnType<typeof setTimeout>; abort: AbortController }>();
  const shellcheckVersion = new Map<string, number>();
  const shellcheckFor = (): { path: string; timeoutMs: number } | undefined => {
    const sc = session.editorSettings.shellcheck;
    if (sc?.enabled === false) return undefined;
    const path = findShellcheck(sc?.path || undefined);
    return path ? { path, timeoutMs: 20_000 } : undefined;
  };
  const scheduleShellcheck = (uri: string): void => {
    const prev = shellcheckRuns.get(uri);
    if (prev) {
      clearTimeout(prev.timer);
      prev.abort.abort();
    }
    const version = session.version(uri);
    if (version === undefined) return;
    const abort = new AbortController();
    const timer = setTimeout(() => {
      const doc = session.get(uri);
      if (!doc || doc.version !== version) return;
      // Looked up once the document settles, not on every keystroke (a search of PATH when it is not installed).
      const setup = shellcheckFor();
      if (!setup) return;
      void import('../cli/shellcheck.js')
        .then((m) => m.runShellcheckAsync(doc.parse, setup, abort.signal))
        .then((r) => {
          if (abort.signal.aborted || session.version(uri) !== version) return;
          if (r.error) connection.console.warn(`berth: ${r.error}`);
          session.setExternal(uri, version, r.diagnostics);
          if (!pull) publish(uri, false);
          else if (support.diagnosticRefresh) ignore(connection.languages.diagnostics.refresh());
        })
        .catch((e: unknown) => connection.console.warn(`berth: ShellCheck: ${e instanceof Error ? e.message : String(e)}`));
    }, 250);
    shellcheckRuns.set(uri, { timer, abort });
  };

  /**
   * A document's diagnostics for the client. An analysis that throws (a bug in berth) must not cost the other
   * documents theirs: the document gets one diagnostic saying so, and the error is logged once per version.
   */
  const failedAnalyses = new Map<string, number>();
  /** Converted once per analysis: many pulls of one version (a burst of edits, each followed by a pull) share it. */
  interface Converted {
    pushed?: LspDiagnostic[];
    pulled?: LspDiagnostic[];
    resultId: string;
    /** The pull answer: one object, so the writer serializes it once however often it is sent. */
    report?: DocumentDiagnosticReport;
  }
  const converted = new WeakMap<AnalyzedDocument, Converted>();
  let resultSeq = 0;
  const conversions = (doc: AnalyzedDocument): Converted => {
    let c = converted.get(doc);
    if (!c) converted.set(doc, (c = { resultId: String(++resultSeq) }));
    return c;
  };
  /** The last pulled findings of each document: an analysis with the same findings keeps their resultId. */
  const lastPulled = new Map<string, { resultId: string; json: string }>();
  const lspDiagnostics = (doc: AnalyzedDocument, pushed: boolean): LspDiagnostic[] => {
    const cache = conversions(doc);
    const done = pushed ? cache.pushed : cache.pulled;
    if (done) return done;
    try {
      const items = doc.diagnostics.map((d) => toLspDiagnostic(doc.lines, d, doc.uri, pushed ? support.pushDiagnostics : (support.pullDiagnostics ?? support.pushDiagnostics)));
      failedAnalyses.delete(doc.uri);
      if (pushed) cache.pushed = items;
      else cache.pulled = items;
      return items;
    } catch (e) {
      if (failedAnalyses.get(doc.uri) !== doc.version) {
        failedAnalyses.set(doc.uri, doc.version);
        log('error', `berth: analysing ${doc.uri} (version ${doc.version}) failed: ${describeError(e)}`);
      }
      const message = `berth could not check this file: an internal error (${e instanceof Error ? e.message : String(e)}). The details are in the language server's log; please report it.`;
      return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Error, source: 'berth', code: 'internal-error', message }];
    }
  };

  const publish = (uri: string, thenShellcheck = true): void => {
    const doc = session.get(uri);
    if (!doc) return;
    if (thenShellcheck) scheduleShellcheck(uri);
    const diagnostics = lspDiagnostics(doc, true);
    // The version is optional: a client that does not interpret it (versionSupport) ignores it.
    ignore(connection.sendDiagnostics({ uri, version: doc.version, diagnostics }));
    reportConfigErrors();
  };
  const reportConfigErrors = (): void => {
    for (const [file, message] of session.configErrors) {
      if (shownConfigErrors.has(file)) continue;
      shownConfigErrors.add(file);
      ignore(connection.window.showErrorMessage(`berth: invalid configuration — defaults are used until it is fixed:\n${message}`));
    }
  };
  /** Push mode: lint after the burst of changes; a newer version cancels the older run. */
  const schedule = (uri: string): void => {
    if (pull) return;
    pending.get(uri)?.();
    const version = session.version(uri);
    // Typing (even fast typing, changes ≥ 5 ms apart): answer at once. Changes arriving back to back (a script,
    // a multi-cursor edit sent as many messages), or one that was already waiting when the last analysis ended
    // (it arrived while the server was busy: more are likely queued behind it): wait until they pause, so a burst
    // is analysed once at its end instead of once per analysis-length slice.
    const now = performance.now();
    const queued = now - lastAnalysisEnd < 1;
    const delay = queued || now - (lastChange.get(uri) ?? 0) < 5 ? 8 : 0;
    lastChange.set(uri, now);
    const run = (): void => {
      pending.delete(uri);
      if (session.version(uri) !== version) return;
      void shellFor(uri).then(() => {
        if (session.version(uri) !== version) return;
        try {
          publish(uri);
        } catch (e) {
          log('error', `berth: diagnostics failed for ${uri}: ${describeError(e)}`);
        }
        lastAnalysisEnd = performance.now();
      });
    };
    // At once means on the next turn of the event loop (a zero timeout would wait a whole millisecond).
    if (delay === 0) {
      const i = setImmediate(run);
      pending.set(uri, () => clearImmediate(i));
    } else {
      const t = setTimeout(run, delay);
      pending.set(uri, () => clearTimeout(t));
    }
  };

  // The full bash parser (WebAssembly, 30+ MiB of memory) loads the first time a document has a RUN script that
  // berth's fast reader leaves to it (`if`, loops, heredocs…); that document's analysis waits for it.
  let shellLoading: Promise<void> | undefined;
  const shellFor = (uri: string): Promise<void> => {
    if (shellLoading) return shellLoading;
    const doc = session.get(uri);
    try {
      if (!doc || !needsBashParser(doc.parse)) return Promise.resolve();
    } catch {
      return Promise.resolve(); // the analysis fails: lspDiagnostics reports it
    }
    shellLoading = loadShellParser().then((error) => {
      session.shellFailed = error !== undefined;
      session.forgetAnalyses();
      if (error) connection.console.warn(`berth: the bash parser did not load (${error}); rules that look inside RUN are off`);
    });
    return shellLoading;
  };
  const lastChange = new Map<string, number>();
  let lastAnalysisEnd = -Infinity;

  connection.onInitialize((params): InitializeResult => {
    try {
      support = clientSupport(params.capabilities ?? {});
    } catch (e) {
      // Capabilities of an unexpected shape deep inside: serve as to a client that announced nothing.
      log('warn', `berth: could not read the client capabilities (${e instanceof Error ? e.message : String(e)}); assuming none`);
      support = clientSupport({});
    }
    pull = support.pullDiagnostics !== undefined;
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
    return { capabilities, serverInfo: { name: 'berth', version: VERSION } };
  });

  /** Our token types and modifiers, less any the client does not know (their tokens are then left out). */
  const tokenLegend = (tokens: NonNullable<ClientSupport['semanticTokens']>): { tokenTypes: string[]; tokenModifiers: string[] } => ({
    tokenTypes: TOKEN_TYPES.filter((t) => !tokens.types || tokens.types.has(t)),
    tokenModifiers: TOKEN_MODIFIERS.filter((m) => !tokens.modifiers || tokens.modifiers.has(m)),
  });

  /** The editor's `berth.*` settings, asked for at start and whenever they change. */
  const fetchSettings = async (): Promise<void> => {
    if (!support.configuration) return;
    try {
      const { settings, problems } = sanitizeSettings(await connection.workspace.getConfiguration('berth'));
      session.setSettings(settings);
      for (const e of [...problems, ...session.settingsErrors]) ignore(connection.window.showWarningMessage(`berth: ${e}`));
    } catch (e) {
      connection.console.warn(`berth: could not read the editor settings: ${e instanceof Error ? e.message : String(e)}`);
    }
    shownConfigErrors.clear();
    refreshDiagnostics();
  };
  /** Settings or configuration files changed: every open document's findings may have changed. */
  const refreshDiagnostics = (): void => {
    if (!pull) for (const uri of session.uris()) schedule(uri);
    else if (support.diagnosticRefresh) ignore(connection.languages.diagnostics.refresh());
  };
  connection.onDidChangeConfiguration(() => void fetchSettings());

  connection.onInitialized(() => {
    void fetchSettings();
    if (support.watchConfig) {
      ignore(connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/{.berth.yaml,.berth.yml,.hadolint.yaml,.hadolint.yml}' }],
      }));
    }
  });

  // Document changes come from the gate as soon as they are read (not through the connection's queue).
  const onOpen: DocumentHooks['open'] = (p) => {
    session.open(p.textDocument.uri, p.textDocument.languageId, p.textDocument.version, p.textDocument.text);
    schedule(p.textDocument.uri);
  };
  const onChange: DocumentHooks['change'] = (p) => {
    if (session.version(p.textDocument.uri) === undefined) {
      log('warn', `berth: dropped a change to ${p.textDocument.uri}, which is not open`);
      return;
    }
    session.change(p.textDocument.uri, p.textDocument.version, p.contentChanges);
    schedule(p.textDocument.uri);
  };
  const onClose: DocumentHooks['close'] = (p) => {
    const uri = p.textDocument.uri;
    pending.get(uri)?.();
    pending.delete(uri);
    const sc = shellcheckRuns.get(uri);
    if (sc) {
      clearTimeout(sc.timer);
      sc.abort.abort();
      shellcheckRuns.delete(uri);
    }
    shellcheckVersion.delete(uri);
    lastChange.delete(uri);
    failedAnalyses.delete(uri);
    lastPulled.delete(uri);
    session.close(uri);
    lastTokens.delete(uri);
    if (!pull) ignore(connection.sendDiagnostics({ uri, diagnostics: [] }));
  };
  connection.onDidChangeWatchedFiles(() => {
    session.reloadConfig();
    shownConfigErrors.clear();
    refreshDiagnostics();
  });

  connection.languages.diagnostics.on(async (p, token) => {
    await shellFor(p.textDocument.uri);
    if (token.isCancellationRequested) return new ResponseError<DiagnosticServerCancellationData>(LSPErrorCodes.ServerCancelled, 'cancelled', { retriggerRequest: true });
    return pullDiagnostics(p);
  });
  const pullDiagnostics = (
    guard<[DocumentDiagnosticParams], DocumentDiagnosticReport, DiagnosticServerCancellationData>(connection, 'diagnostics', (p) => {
      const doc = session.get(p.textDocument.uri);
      if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
      if (!shellcheckRuns.has(doc.uri) || shellcheckVersion.get(doc.uri) !== doc.version) {
        shellcheckVersion.set(doc.uri, doc.version);
        scheduleShellcheck(doc.uri);
      }
      const items = lspDiagnostics(doc, false);
      reportConfigErrors();
      // The same analysis as the client's previous answer: it keeps what it has.
      const c = conversions(doc);
      if (!c.report) {
        // Same findings as the last answer (a character typed and deleted, ShellCheck adding nothing): same resultId.
        const json = JSON.stringify(items);
        const last = lastPulled.get(doc.uri);
        if (last?.json === json) c.resultId = last.resultId;
        else lastPulled.set(doc.uri, { resultId: c.resultId, json });
        c.report = { kind: DocumentDiagnosticReportKind.Full, resultId: c.resultId, items };
      }
      if (p.previousResultId === c.resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: c.resultId };
      return c.report;
    })
  );

  connection.onHover(
    guard(connection, 'hover', (p) => {
      const doc = session.get(p.textDocument.uri);
      if (!doc) return null;
      const info = hover(doc, toOffset(doc.lines, p.position));
      return info ? { range: toRange(doc.lines, info.range), contents: toMarkup(info.markdown, support.hover) } : null;
    }),
  );

  connection.onCompletion(
    guard(connection, 'completion', (p) => {
      const doc = session.get(p.textDocument.uri);
      if (!doc) return [];
      return toCompletionItems(completions(doc, toOffset(doc.lines, p.position)), doc.lines, support.completion);
    }),
  );

  connection.onCodeAction(
    guard(connection, 'codeAction', (p) => {
      const doc = session.get(p.textDocument.uri);
      if (!doc || (!support.codeActions.literals && !support.applyEdit)) return [];
      const start = toOffset(doc.lines, p.range.start);
      const end = toOffset(doc.lines, p.range.end);
      return toCodeActions(doc, codeActions(doc, start, end, p.context.only), support, support.pullDiagnostics ?? support.pushDiagnostics);
    }),
  );

  // For clients without code action literals: the action's edit comes back as the command's argument.
  connection.onExecuteCommand(
    guard(connection, 'executeCommand', async (p) => {
      if (p.command !== APPLY_EDIT_COMMAND) throw new ResponseError(ErrorCodes.InvalidParams, `berth: unknown command ${p.command}`);
      const edit = p.arguments?.[0] as WorkspaceEdit | undefined;
      if (!edit || typeof edit !== 'object') throw new ResponseError(ErrorCodes.InvalidParams, 'berth: the command needs the edit to apply');
      const r = await connection.workspace.applyEdit(edit);
      if (!r.applied) connection.console.warn(`berth: the editor did not apply the edit${r.failureReason ? `: ${r.failureReason}` : ''}`);
      return null;
    }),
  );

  connection.onRequest(
    RuleDocumentationRequest,
    guard(connection, 'ruleDocumentation', (p: RuleDocumentationParams): RuleDocumentationResult | null => {
      const docs = typeof p?.rule === 'string' ? ruleDocumentation(p.rule) : [];
      if (docs.length === 0) return null;
      return { ids: docs.map((d) => d.id), markdown: docs.map((d) => d.markdown).join('\n'), urls: docs.map((d) => d.url) };
    }),
  );

  connection.onDefinition(
    guard(connection, 'definition', (p) => {
      const doc = session.get(p.textDocument.uri);
      const sym = doc && symbolAt(doc, toOffset(doc.lines, p.position));
      if (!doc || !sym?.definition) return null;
      if (!support.definitionLinks) return { uri: doc.uri, range: toRange(doc.lines, sym.definition) };
      // A link also says which text under the cursor it starts from, and the whole declaring instruction.
      const declaring = doc.parse.dockerfile.instructions.find((i) => i.range.start <= (sym.definition as { start: number }).start && (sym.definition as { end: number }).end <= i.range.end);
      const target = toRange(doc.lines, sym.definition);
      return [{ originSelectionRange: toRange(doc.lines, sym.at), targetUri: doc.uri, targetRange: declaring ? toRange(doc.lines, { start: declaring.range.start, end: Math.max(declaring.lineEnd, sym.definition.end) }) : target, targetSelectionRange: target }];
    }),
  );

  connection.onReferences(
    guard(connection, 'references', (p) => {
      const doc = session.get(p.textDocument.uri);
      const sym = doc && symbolAt(doc, toOffset(doc.lines, p.position));
      if (!doc || !sym) return [];
      const ranges = [...(p.context.includeDeclaration && sym.definition ? [sym.definition] : []), ...sym.uses];
      return ranges.map((r) => ({ uri: doc.uri, range: toRange(doc.lines, r) }));
    }),
  );

  connection.onDocumentHighlight(
    guard(connection, 'documentHighlight', (p) => {
      const doc = session.get(p.textDocument.uri);
      const sym = doc && symbolAt(doc, toOffset(doc.lines, p.position));
      if (!doc || !sym) return [];
      return [...(sym.definition ? [{ range: toRange(doc.lines, sym.definition), kind: DocumentHighlightKind.Write }] : []), ...sym.uses.map((r) => ({ range: toRange(doc.lines, r), kind: DocumentHighlightKind.Read }))];
    }),
  );

  connection.onPrepareRename(
    guard(connection, 'prepareRename', (p) => {
      const doc = session.get(p.textDocument.uri);
      const sym = doc && symbolAt(doc, toOffset(doc.lines, p.position));
      if (!doc || !sym) throw new ResponseError(ErrorCodes.InvalidRequest, 'Only stage names and ARG/ENV variables can be renamed.');
      if (sym.cannotRename) throw new ResponseError(ErrorCodes.InvalidRequest, sym.cannotRename);
      return { range: toRange(doc.lines, sym.at), placeholder: doc.text.slice(sym.at.start, sym.at.end) };
    }),
  );

  connection.onRenameRequest(
    guard(connection, 'rename', (p) => {
      const doc = session.get(p.textDocument.uri);
      if (!doc) return null;
      const r = rename(doc, toOffset(doc.lines, p.position), p.newName);
      if ('error' in r) throw new ResponseError(ErrorCodes.InvalidRequest, r.error);
      return toWorkspaceEdit(doc, r.edits, support);
    }),
  );

  connection.onDocumentSymbol(
    guard(connection, 'documentSymbol', (p) => {
      const doc = session.get(p.textDocument.uri);
      if (!doc) return [];
      return toDocumentSymbols(doc, documentSymbols(doc), support);
    }),
  );

  connection.onDocumentFormatting(
    guard(connection, 'formatting', (p) => {
      const doc = session.get(p.textDocument.uri);
      if (!doc) return [];
      return toTextEdits(doc.lines, format(doc, formatOptions(p.options)));
    }),
  );

  /** The editor's tab settings, with the `berth.format.*` settings over them. */
  const formatOptions = (o: { tabSize: number; insertSpaces: boolean }): import('./features/formatting.js').FormatOptions => {
    const f = session.editorSettings.format;
    return {
      tabSize: o.tabSize,
      insertSpaces: o.insertSpaces,
      ...(typeof f?.continuationIndent === 'number' ? { continuationIndent: f.continuationIndent } : {}),
      ...(f?.keywordCase === 'keep' ? { keywordCase: 'keep' as const } : {}),
      ...(f?.reflowRun === true ? { reflowRun: true } : {}),
    };
  };

  connection.onDocumentOnTypeFormatting(
    guard(connection, 'onTypeFormatting', (p) => {
      const doc = session.get(p.textDocument.uri);
      if (!doc) return [];
      return toTextEdits(doc.lines, formatOnType(doc, toOffset(doc.lines, p.position), formatOptions(p.options)));
    }),
  );

  connection.onDocumentRangeFormatting(
    guard(connection, 'rangeFormatting', (p) => {
      const doc = session.get(p.textDocument.uri);
      if (!doc) return [];
      return toTextEdits(doc.lines, format(doc, formatOptions(p.options), { start: toOffset(doc.lines, p.range.start), end: toOffset(doc.lines, p.range.end) }));
    }),
  );

  connection.languages.inlayHint.on(
    guard(connection, 'inlayHint', (p) => {
      const doc = session.get(p.textDocument.uri);
      if (!doc) return [];
      const range = { start: toOffset(doc.lines, p.range.start), end: toOffset(doc.lines, p.range.end) };
      return inlayHints(doc, range).map((h) => ({ position: doc.lines.positionAt(h.offset), label: h.label, tooltip: h.tooltip, paddingLeft: false }));
    }),
  );

  // Semantic tokens: full, delta against the last full result sent for the document, and range.
  const lastTokens = new Map<string, { id: string; data: number[] }>();
  let tokenSeq = 0;
  const legend = (): { tokenTypes: readonly string[]; tokenModifiers: readonly string[] } | undefined => (support.semanticTokens ? tokenLegend(support.semanticTokens) : undefined);
  connection.languages.semanticTokens.on(
    guard(connection, 'semanticTokens', (p) => {
      const doc = session.get(p.textDocument.uri);
      if (!doc) return { data: [] };
      const data = encodeTokens(semanticTokens(doc), doc.lines, legend());
      const resultId = String(++tokenSeq);
      lastTokens.set(doc.uri, { id: resultId, data });
      return { resultId, data };
    }),
  );
  connection.languages.semanticTokens.onDelta(
    guard(connection, 'semanticTokensDelta', (p) => {
      const doc = session.get(p.textDocument.uri);
      if (!doc) return { data: [] };
      const data = encodeTokens(semanticTokens(doc), doc.lines, legend());
      const prev = lastTokens.get(doc.uri);
      const resultId = String(++tokenSeq);
      lastTokens.set(doc.uri, { id: resultId, data });
      if (!prev || prev.id !== p.previousResultId) return { resultId, data };
      let start = 0;
      while (start < data.length && start < prev.data.length && data[start] === prev.data[start]) start++;
      let end = 0;
      while (end < data.length - start && end < prev.data.length - start && data[data.length - 1 - end] === prev.data[prev.data.length - 1 - end]) end++;
      return { resultId, edits: [{ start, deleteCount: prev.data.length - start - end, data: data.slice(start, data.length - end) }] };
    }),
  );
  connection.languages.semanticTokens.onRange(
    guard(connection, 'semanticTokensRange', (p) => {
      const doc = session.get(p.textDocument.uri);
      if (!doc) return { data: [] };
      return { data: encodeTokens(semanticTokens(doc, { start: toOffset(doc.lines, p.range.start), end: toOffset(doc.lines, p.range.end) }), doc.lines, legend()) };
    }),
  );

  connection.onDocumentLinks(
    guard(connection, 'documentLink', (p) => {
      const doc = session.get(p.textDocument.uri);
      if (!doc) return [];
      return documentLinks(doc).map((l) => ({ range: toRange(doc.lines, l.range), target: l.target, ...(support.linkTooltips ? { tooltip: l.tooltip } : {}) }));
    }),
  );

  connection.onSignatureHelp(
    guard(connection, 'signatureHelp', (p) => {
      const doc = session.get(p.textDocument.uri);
      const info = doc && signatureHelp(doc, toOffset(doc.lines, p.position));
      if (!info) return null;
      return { signatures: info.signatures.map((s) => ({ label: s.label, documentation: support.signatureDocumentation === 'markdown' ? toMarkup(s.documentation, 'markdown') : toMarkup(s.documentation, 'plaintext').value })), activeSignature: info.active };
    }),
  );

  connection.onSelectionRanges(
    guard(connection, 'selectionRange', (p) => {
      const doc = session.get(p.textDocument.uri);
      if (!doc) return [];
      return p.positions.map((pos) => {
        const ranges = selectionRanges(doc, toOffset(doc.lines, pos));
        let parent: import('vscode-languageserver').SelectionRange | undefined;
        for (let i = ranges.length - 1; i >= 0; i--) parent = { range: toRange(doc.lines, ranges[i] as { start: number; end: number }), ...(parent ? { parent } : {}) };
        return parent ?? { range: { start: pos, end: pos } };
      });
    }),
  );

  connection.onFoldingRanges(
    guard(connection, 'foldingRange', (p) => {
      const doc = session.get(p.textDocument.uri);
      if (!doc) return [];
      return toFoldingRanges(foldingRanges(doc), support.folding);
    }),
  );

  connection.onRequest(MemoryUsageRequest, () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const m = process.memoryUsage();
    return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, collected: gc !== undefined };
  });

  connection.listen();
  return connection;
}
