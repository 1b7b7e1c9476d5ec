/**
 * Diagnostics for the client. Pulled (textDocument/diagnostic) when the client can, else pushed after each change:
 * coalesced (a burst of changes is analysed once, at its end) and computed only for the newest version. The full
 * bash parser is loaded the first time a document needs it, and that document's analysis waits for it. ShellCheck
 * runs in the background once a version settles; its findings join the document's when they arrive. An analysis
 * that throws (a bug in berth) costs only its own document: one diagnostic says so, the log says why.
 */
import {
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type DiagnosticServerCancellationData,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
} from 'vscode-languageserver';
import { needsBashParser } from '../grammar/index.js';
import { toLspDiagnostic, type ClientSupport } from './convert.js';
import type { AnalyzedDocument } from './features/document.js';
import { describeError, guard, ignore, messageOf, soon, type Log } from './guard.js';
import type { ServerHost, ShellcheckSetup } from './host.js';
import type { Session } from './session.js';

/** Converted once per analysis: many pulls of one version (a burst of edits, each followed by a pull) share it. */
interface Converted {
  pushed?: LspDiagnostic[];
  pulled?: LspDiagnostic[];
  resultId: string;
  /** The pull answer: one object, so the writer serializes it once however often it is sent. */
  report?: DocumentDiagnosticReport;
}

export interface DiagnosticsOptions {
  connection: Connection;
  session: Session;
  host: ServerHost;
  /** What the client can take (known once it initialized). */
  support(): ClientSupport;
  log: Log;
}

export class Diagnostics {
  /** Pulled by the client (it announced pull support), else pushed. */
  private pull = false;
  /** The analysis waiting to run for each document, and how to call it off. */
  private readonly pending = new Map<string, () => void>();
  private readonly shownConfigErrors = new Set<string>();
  /** ShellCheck: after the document settles, one run per version in the background; a newer version stops it. */
  private readonly shellcheckRuns = new Map<string, { timer: ReturnType<typeof setTimeout>; abort: AbortController }>();
  private readonly shellcheckVersion = new Map<string, number>();
  private readonly failedAnalyses = new Map<string, number>();
  private readonly converted = new WeakMap<AnalyzedDocument, Converted>();
  private resultSeq = 0;
  /** The last pulled findings of each document: an analysis with the same findings keeps their resultId. */
  private readonly lastPulled = new Map<string, { resultId: string; json: string }>();
  private shellLoading: Promise<void> | undefined;
  private lastAnalysisEnd = -Infinity;

  constructor(private readonly o: DiagnosticsOptions) {}

  /** After initialize: pull when the client can. */
  setPull(pull: boolean): void {
    this.pull = pull;
  }

  /** textDocument/diagnostic: waits for the bash parser when the document needs it; cancelled → retriggered. */
  async pulled(p: DocumentDiagnosticParams, token: CancellationToken): Promise<DocumentDiagnosticReport | ResponseError<DiagnosticServerCancellationData>> {
    await this.shellFor(p.textDocument.uri);
    if (token.isCancellationRequested) return new ResponseError<DiagnosticServerCancellationData>(LSPErrorCodes.ServerCancelled, 'cancelled', { retriggerRequest: true });
    return this.pullReport(p);
  }

  private readonly pullReport = guard<[DocumentDiagnosticParams], DocumentDiagnosticReport, DiagnosticServerCancellationData>(
    (level, message) => this.o.log(level, message),
    'diagnostics',
    (p) => {
      const doc = this.o.session.get(p.textDocument.uri);
      if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
      if (!this.shellcheckRuns.has(doc.uri) || this.shellcheckVersion.get(doc.uri) !== doc.version) {
        this.shellcheckVersion.set(doc.uri, doc.version);
        this.scheduleShellcheck(doc.uri);
      }
      const items = this.lspDiagnostics(doc, false);
      this.reportConfigErrors();
      // The same analysis as the client's previous answer: it keeps what it has.
      const c = this.conversions(doc);
      if (!c.report) {
        // Same findings as the last answer (a character typed and deleted, ShellCheck adding nothing): same resultId.
        const json = JSON.stringify(items);
        const last = this.lastPulled.get(doc.uri);
        if (last?.json === json) c.resultId = last.resultId;
        else this.lastPulled.set(doc.uri, { resultId: c.resultId, json });
        c.report = { kind: DocumentDiagnosticReportKind.Full, resultId: c.resultId, items };
      }
      if (p.previousResultId === c.resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: c.resultId };
      return c.report;
    },
  );

  /**
   * A document opened or changed. Push mode: lint after the burst of changes; a newer version cancels the older run.
   * A change made after the previous one was answered (typing, however fast, or a client that edits as soon as it
   * has the diagnostics) is answered at once. One that arrives while the previous change still waits for its
   * analysis is part of a burst (a script, a multi-cursor edit sent as many messages): the burst is analysed once,
   * when it pauses for 8 ms, instead of once per analysis-length slice. A change that was already waiting when the
   * last analysis ended (it arrived while the server was busy: more may be queued behind it) waits 2 ms for them:
   * long enough to see the next one of a burst, short enough not to matter to someone whose key landed just then.
   */
  changed(uri: string): void {
    if (this.pull) return;
    const { session } = this.o;
    const unanswered = this.pending.has(uri);
    this.pending.get(uri)?.();
    const version = session.version(uri);
    const now = performance.now();
    const queued = now - this.lastAnalysisEnd < 1;
    const delay = unanswered ? 8 : queued ? 2 : 0;
    const run = (): void => {
      this.pending.delete(uri);
      if (session.version(uri) !== version) return;
      void this.shellFor(uri).then(() => {
        if (session.version(uri) !== version) return;
        try {
          this.publish(uri);
        } catch (e) {
          this.o.log('error', `berth: diagnostics failed for ${uri}: ${describeError(e)}`);
        }
        this.lastAnalysisEnd = performance.now();
      });
    };
    if (delay === 0) this.pending.set(uri, soon(run));
    else {
      const t = setTimeout(run, delay);
      this.pending.set(uri, () => clearTimeout(t));
    }
  }

  /** A document closed: nothing more is computed for it, and a pushing client's list is emptied. */
  closed(uri: string): void {
    this.pending.get(uri)?.();
    this.pending.delete(uri);
    const sc = this.shellcheckRuns.get(uri);
    if (sc) {
      clearTimeout(sc.timer);
      sc.abort.abort();
      this.shellcheckRuns.delete(uri);
    }
    this.shellcheckVersion.delete(uri);
    this.failedAnalyses.delete(uri);
    this.lastPulled.delete(uri);
    if (!this.pull) ignore(this.o.connection.sendDiagnostics({ uri, diagnostics: [] }));
  }

  /** Settings or configuration files changed: every open document's findings may have changed. */
  refresh(): void {
    this.shownConfigErrors.clear();
    if (!this.pull) for (const uri of this.o.session.uris()) this.changed(uri);
    else if (this.o.support().diagnosticRefresh) ignore(this.o.connection.languages.diagnostics.refresh());
  }

  private conversions(doc: AnalyzedDocument): Converted {
    let c = this.converted.get(doc);
    if (!c) this.converted.set(doc, (c = { resultId: String(++this.resultSeq) }));
    return c;
  }

  /** A document's findings as the client takes them; one internal-error diagnostic when the analysis throws. */
  private lspDiagnostics(doc: AnalyzedDocument, pushed: boolean): LspDiagnostic[] {
    const cache = this.conversions(doc);
    const done = pushed ? cache.pushed : cache.pulled;
    if (done) return done;
    const support = this.o.support();
    try {
      const items = doc.diagnostics.map((d) => toLspDiagnostic(doc.lines, d, doc.uri, pushed ? support.pushDiagnostics : (support.pullDiagnostics ?? support.pushDiagnostics)));
      this.failedAnalyses.delete(doc.uri);
      if (pushed) cache.pushed = items;
      else cache.pulled = items;
      return items;
    } catch (e) {
      if (this.failedAnalyses.get(doc.uri) !== doc.version) {
        this.failedAnalyses.set(doc.uri, doc.version);
        this.o.log('error', `berth: analysing ${doc.uri} (version ${doc.version}) failed: ${describeError(e)}`);
      }
      const message = `berth could not check this file: an internal error (${messageOf(e)}). The details are in the language server's log; please report it.`;
      return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Error, source: 'berth', code: 'internal-error', message }];
    }
  }

  private publish(uri: string, thenShellcheck = true): void {
    const doc = this.o.session.get(uri);
    if (!doc) return;
    if (thenShellcheck) this.scheduleShellcheck(uri);
    const diagnostics = this.lspDiagnostics(doc, true);
    // The version is optional: a client that does not interpret it (versionSupport) ignores it.
    ignore(this.o.connection.sendDiagnostics({ uri, version: doc.version, diagnostics }));
    this.reportConfigErrors();
  }

  private reportConfigErrors(): void {
    for (const [file, message] of this.o.session.configErrors) {
      if (this.shownConfigErrors.has(file)) continue;
      this.shownConfigErrors.add(file);
      ignore(this.o.connection.window.showErrorMessage(`berth: invalid configuration — defaults are used until it is fixed:\n${message}`));
    }
  }

  /** The ShellCheck to run, looked up once the document settles (a search of PATH when it is not installed). */
  private shellcheckSetup(): ShellcheckSetup | undefined {
    const shellcheck = this.o.host.shellcheck;
    const sc = this.o.session.editorSettings.shellcheck;
    if (!shellcheck || sc?.enabled === false) return undefined;
    const path = shellcheck.find(sc?.path || undefined);
    return path ? { path, timeoutMs: 20_000 } : undefined;
  }

  private scheduleShellcheck(uri: string): void {
    const { session, connection, host } = this.o;
    if (!host.shellcheck) return;
    const prev = this.shellcheckRuns.get(uri);
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
      const setup = this.shellcheckSetup();
      const shellcheck = host.shellcheck;
      if (!setup || !shellcheck) return;
      // In the promise: an analysis that throws (doc.parse) is logged, never an exception in a timer.
      Promise.resolve()
        .then(() => shellcheck.run(doc.parse, setup, abort.signal))
        .then((r) => {
          if (abort.signal.aborted || session.version(uri) !== version) return;
          if (r.error) this.o.log('warn', `berth: ${r.error}`);
          session.setExternal(uri, version, r.diagnostics);
          if (!this.pull) this.publish(uri, false);
          else if (this.o.support().diagnosticRefresh) ignore(connection.languages.diagnostics.refresh());
        })
        .catch((e: unknown) => this.o.log('warn', `berth: ShellCheck: ${messageOf(e)}`));
    }, 250);
    this.shellcheckRuns.set(uri, { timer, abort });
  }

  /**
   * The full bash parser (WebAssembly, 30+ MiB of memory) loads the first time a document has a RUN script that
   * berth's fast reader leaves to it (`if`, loops, heredocs…); that document's analysis waits for it.
   */
  private shellFor(uri: string): Promise<void> {
    if (this.shellLoading) return this.shellLoading;
    const { session } = this.o;
    const doc = session.get(uri);
    try {
      if (!doc || !needsBashParser(doc.parse)) return Promise.resolve();
    } catch {
      return Promise.resolve(); // the analysis fails: lspDiagnostics reports it
    }
    this.shellLoading = this.o.host.loadShellParser().then(
      (error) => this.shellLoaded(error),
      (e: unknown) => this.shellLoaded(messageOf(e)),
    );
    return this.shellLoading;
  }

  private shellLoaded(error: string | undefined): void {
    this.o.session.shellFailed = error !== undefined;
    this.o.session.forgetAnalyses();
    if (error) this.o.log('warn', `berth: the bash parser did not load (${error}); rules that look inside RUN are off`);
  }
}
