/**
 * What the language server needs from the machine it runs on, passed in by whoever starts it: the Node entry
 * (server/main.ts builds one from host/ in server/node-host.ts), a test, or a browser playground running the server
 * in a Web Worker (issue #18). The server proper (server/server.ts and everything it imports) reaches files,
 * processes, WebAssembly loading and the clock of the process only through this interface, so it runs wherever
 * JavaScript does; check-boundaries keeps it that way.
 *
 * Every member is plain data or plain functions: no Node types. What a machine cannot do is left out (a browser has
 * no ShellCheck) or answers "nothing here" (no configuration files: the defaults).
 */
import type { ParseResult } from '../grammar/index.js';
import type { ConfigFragment } from '../rules/engine/config-file.js';
import type { Diagnostic } from '../rules/engine/lint.js';

export interface ServerHost {
  /** berth's version, as the server announces it (serverInfo). */
  readonly version: string;
  /** The configuration files (.berth.yaml, .hadolint.yaml) that apply to documents. */
  readonly config: ConfigFiles;
  /**
   * Loads what the synchronous members need (a configuration reader, say): the server awaits it with its core,
   * after it has answered `initialize`, before any member is used. Left out when there is nothing to load.
   */
  prepare?(): Promise<void>;
  /**
   * Loads the full bash parser (grammar's loadBash, told where the grammar's .wasm is); resolves to why it could not,
   * or undefined once it is ready. Called once, the first time a document needs it.
   */
  loadShellParser(): Promise<string | undefined>;
  /** ShellCheck, where a binary can be run; left out where none can (a browser). */
  readonly shellcheck?: ShellcheckHost;
  /** The memory the server uses (berth/memoryUsage); left out where it cannot be measured. */
  memoryUsage?(): MemoryUsage;
  /** Ends the server: the `exit` notification (0 after `shutdown`, else 1), or the client went away. */
  exit(code: number): void;
  /** Testing only: a document whose text contains this string fails to analyse, as a bug in berth would. */
  readonly failAnalysisOf?: string | undefined;
}

/** A document's configuration as found by the host, or why the file it found cannot be used. */
export interface FoundConfig {
  /** What the file says (undefined: no file applies, or it is unusable: the defaults). */
  fragment: ConfigFragment | undefined;
  /** The file that could not be used (read, parsed or validated), and why; the user is told once per file. */
  error?: { file: string; message: string };
}

export interface ConfigFiles {
  /**
   * Documents in one scope share one configuration while nothing changes (the folder of a file on disk), so the
   * work the lint engine does per configuration is not redone per document and keystroke.
   */
  scope(uri: string): string;
  /** The configuration of a document: `configPath` (the editor's berth.configPath) when given, else the nearest file. */
  find(uri: string, configPath: string | undefined): FoundConfig;
  /** Configuration files may have changed: forget what was read. */
  reload(): void;
  /**
   * The `.dockerignore` that applies to a Dockerfile on disk (`<Dockerfile>.dockerignore`, else the one of its
   * folder, taken as the build context) and its lines, for copy-ignored-file; left out where there are no files.
   */
  dockerignore?(uri: string): { file: string; lines: string[] } | undefined;
}

export interface ShellcheckSetup {
  path: string;
  timeoutMs: number;
}

export interface ShellcheckHost {
  /** The binary to run: the configured path, else the first on the search path; undefined when there is none. */
  find(configured: string | undefined): string | undefined;
  /** ShellCheck's findings on the RUN scripts of a parse, at offsets of its text; `error` says why it could not run. */
  run(parse: ParseResult, setup: ShellcheckSetup, signal: AbortSignal): Promise<{ diagnostics: Diagnostic[]; error?: string }>;
}

/** berth/memoryUsage's answer, in bytes. */
export interface MemoryUsage {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** Whether a garbage collection ran first (Node started with --expose-gc). */
  collected: boolean;
}
