/**
 * The language server: `berth lsp --stdio` (or node IPC). It wires LSP requests to the pure features in
 * server/features through convert.ts; every handler runs in a guard, so an exception becomes an LSP error and the
 * server keeps serving. Diagnostics are pulled (textDocument/diagnostic) when the client can, else pushed after
 * each change — coalesced, and dropped when a newer version has arrived.
 */
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  DocumentHighlightKind,
  ErrorCodes,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
  createConnection,
  type CodeAction,
  type DiagnosticServerCancellationData,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { needsBashParser } from '../grammar/index.js';
import { loadShellParser } from '../cli/shell-loader.js';
import { findShellcheck } from '../cli/shellcheck-find.js';
import { VERSION } from '../cli/version.js';
import { toLspDiagnostic, toOffset, toRange, toTextEdits, toWorkspaceEdit } from './convert.js';
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
import { documentSymbols, type SymbolInfo } from './features/symbols.js';
import { Session } from './session.js';

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

export function startServer(): Connection {
  const connection = createConnection(ProposedFeatures.all);
  // Last line of defence: a stray rejected promise is logged, and the server keeps serving.
  process.on('unhandledRejection', (e) => connection.console.error(`berth: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
  const session = new Session(process.cwd());
  let pull = false;
  let watchConfig = false;
  let configurationRequests = false;
  let snippetEdits = false;
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
          if (pull) ignore(connection.languages.diagnostics.refresh());
          else publish(uri, false);
        })
        .catch((e: unknown) => connection.console.warn(`berth: ShellCheck: ${e instanceof Error ? e.message : String(e)}`));
    }, 250);
    shellcheckRuns.set(uri, { timer, abort });
  };

  const publish = (uri: string, thenShellcheck = true): void => {
    const doc = session.get(uri);
    if (!doc) return;
    if (thenShellcheck) scheduleShellcheck(uri);
    ignore(connection.sendDiagnostics({ uri, version: doc.version, diagnostics: doc.diagnostics.map((d) => toLspDiagnostic(doc.lines, d, uri)) }));
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
      void shellFor(uri).then(() => {
        if (session.version(uri) !== version) return;
        try {
          publish(uri);
        } catch (e) {
          connection.console.error(`berth: diagnostics failed for ${uri}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
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
    if (!doc || !needsBashParser(doc.parse)) return Promise.resolve();
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
    pull = params.capabilities.textDocument?.diagnostic !== undefined;
    configurationRequests = params.capabilities.workspace?.configuration === true;
    watchConfig = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    // A made-up name in a quick fix (copy-from-index) becomes a placeholder to retype, where the client can.
    const workspaceEdit = params.capabilities.workspace?.workspaceEdit;
    snippetEdits = workspaceEdit?.snippetEditSupport === true && workspaceEdit.documentChanges === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        ...(pull ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } } : {}),
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['$', '{', '=', '#', '-', ','] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll] },
        documentSymbolProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        signatureHelpProvider: { triggerCharacters: [' ', '['] },
        documentFormattingProvider: true,
        inlayHintProvider: true,
        semanticTokensProvider: { legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] }, full: { delta: true }, range: true },
        documentLinkProvider: { resolveProvider: false },
        documentRangeFormattingProvider: true,
        documentOnTypeFormattingProvider: { firstTriggerCharacter: '\n' },
      },
      serverInfo: { name: 'berth', version: VERSION },
    };
  });

  /** The editor's `berth.*` settings, asked for at start and whenever they change. */
  const fetchSettings = async (): Promise<void> => {
    if (!configurationRequests) return;
    try {
      const settings = (await connection.workspace.getConfiguration('berth')) as import('./session.js').EditorSettings | null;
      session.setSettings(settings ?? {});
      for (const e of session.settingsErrors) ignore(connection.window.showWarningMessage(`berth: ${e}`));
    } catch (e) {
      connection.console.warn(`berth: could not read the editor settings: ${e instanceof Error ? e.message : String(e)}`);
    }
    shownConfigErrors.clear();
    if (pull) ignore(connection.languages.diagnostics.refresh());
    else for (const uri of session.uris()) schedule(uri);
  };
  connection.onDidChangeConfiguration(() => void fetchSettings());

  connection.onInitialized(() => {
    void fetchSettings();
    if (watchConfig) {
      ignore(connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/{.berth.yaml,.berth.yml,.hadolint.yaml,.hadolint.yml}' }],
      }));
    }
  });

  connection.onDidOpenTextDocument((p) => {
    session.open(p.textDocument.uri, p.textDocument.languageId, p.textDocument.version, p.textDocument.text);
    schedule(p.textDocument.uri);
  });
  connection.onDidChangeTextDocument((p) => {
    session.change(p.textDocument.uri, p.textDocument.version, p.contentChanges);
    schedule(p.textDocument.uri);
  });
  connection.onDidCloseTextDocument((p) => {
    session.close(p.textDocument.uri);
    lastTokens.delete(p.textDocument.uri);
    if (!pull) ignore(connection.sendDiagnostics({ uri: p.textDocument.uri, diagnostics: [] }));
  });
  connection.onDidChangeWatchedFiles(() => {
    session.reloadConfig();
    shownConfigErrors.clear();
    if (pull) ignore(connection.languages.diagnostics.refresh());
    else for (const uri of session.uris()) schedule(uri);
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
      const items = doc.diagnostics.map((d) => toLspDiagnostic(doc.lines, d, doc.uri));
      reportConfigErrors();
      return { kind: DocumentDiagnosticReportKind.Full, items };
    })
  );

  connection.onHover(
    guard(connection, 'hover', (p) => {
      const doc = session.get(p.textDocument.uri);
      if (!doc) return null;
      const info = hover(doc, toOffset(doc.lines, p.position));
      return info ? { range: toRange(doc.lines, info.range), contents: { kind: 'markdown' as const, value: info.markdown } } : null;
    }),
  );

  connection.onCompletion(
    guard(connection, 'completion', (p) => {
      const doc = session.get(p.textDocument.uri);
      if (!doc) return [];
      const kinds = { keyword: 14, snippet: 15, variable: 6, reference: 18, value: 12, directive: 14 } as const;
      return completions(doc, toOffset(doc.lines, p.position)).map((c) => {
        const item: import('vscode-languageserver').CompletionItem = {
          label: c.label,
          kind: kinds[c.kind],
          textEdit: { range: toRange(doc.lines, c.replace), newText: c.insert },
          insertTextFormat: c.snippet ? 2 : 1,
        };
        if (c.detail) item.detail = c.detail;
        if (c.documentation) item.documentation = { kind: 'markdown', value: c.documentation };
        if (c.sortText) item.sortText = c.sortText;
        return item;
      });
    }),
  );

  connection.onCodeAction(
    guard(connection, 'codeAction', (p) => {
      const doc = session.get(p.textDocument.uri);
      if (!doc) return [];
      const start = toOffset(doc.lines, p.range.start);
      const end = toOffset(doc.lines, p.range.end);
      return codeActions(doc, start, end, p.context.only).map((a): CodeAction => {
        const action: CodeAction = {
          title: a.title,
          kind: a.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.SourceFixAll,
          edit: toWorkspaceEdit(doc.uri, doc.version, doc.lines, a.edits, snippetEdits && a.kind === 'quickfix'),
          diagnostics: a.diagnostics.map((d) => toLspDiagnostic(doc.lines, d)),
        };
        if (a.preferred) action.isPreferred = true;
        return action;
      });
    }),
  );

  connection.onDefinition(
    guard(connection, 'definition', (p) => {
      const doc = session.get(p.textDocument.uri);
      const sym = doc && symbolAt(doc, toOffset(doc.lines, p.position));
      if (!doc || !sym?.definition) return null;
      return { uri: doc.uri, range: toRange(doc.lines, sym.definition) };
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
      return { changes: { [doc.uri]: toTextEdits(doc.lines, r.edits) } };
    }),
  );

  connection.onDocumentSymbol(
    guard(connection, 'documentSymbol', (p) => {
      const doc = session.get(p.textDocument.uri);
      if (!doc) return [];
      const kinds = { stage: 2 /* Module */, instruction: 12 /* Function */, variable: 13 /* Variable */ } as const;
      const convert = (s: SymbolInfo): import('vscode-languageserver').DocumentSymbol => ({
        name: s.name,
        detail: s.detail,
        kind: kinds[s.kind],
        range: toRange(doc.lines, s.range),
        selectionRange: toRange(doc.lines, s.selection),
        children: s.children.map(convert),
      });
      return documentSymbols(doc).map(convert);
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
  connection.languages.semanticTokens.on(
    guard(connection, 'semanticTokens', (p) => {
      const doc = session.get(p.textDocument.uri);
      if (!doc) return { data: [] };
      const data = encodeTokens(semanticTokens(doc), doc.lines);
      const resultId = String(++tokenSeq);
      lastTokens.set(doc.uri, { id: resultId, data });
      return { resultId, data };
    }),
  );
  connection.languages.semanticTokens.onDelta(
    guard(connection, 'semanticTokensDelta', (p) => {
      const doc = session.get(p.textDocument.uri);
      if (!doc) return { data: [] };
      const data = encodeTokens(semanticTokens(doc), doc.lines);
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
      return { data: encodeTokens(semanticTokens(doc, { start: toOffset(doc.lines, p.range.start), end: toOffset(doc.lines, p.range.end) }), doc.lines) };
    }),
  );

  connection.onDocumentLinks(
    guard(connection, 'documentLink', (p) => {
      const doc = session.get(p.textDocument.uri);
      if (!doc) return [];
      return documentLinks(doc).map((l) => ({ range: toRange(doc.lines, l.range), target: l.target, tooltip: l.tooltip }));
    }),
  );

  connection.onSignatureHelp(
    guard(connection, 'signatureHelp', (p) => {
      const doc = session.get(p.textDocument.uri);
      const info = doc && signatureHelp(doc, toOffset(doc.lines, p.position));
      if (!info) return null;
      return { signatures: info.signatures.map((s) => ({ label: s.label, documentation: s.documentation })), activeSignature: info.active };
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
      return foldingRanges(doc).map((f) => (f.kind ? { startLine: f.startLine, endLine: f.endLine, kind: f.kind } : { startLine: f.startLine, endLine: f.endLine }));
    }),
  );

  connection.listen();
  return connection;
}
