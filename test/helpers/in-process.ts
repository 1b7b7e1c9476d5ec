/**
 * berth in the test's own process, for tests that inject a failure where no real input provokes one (a mocked
 * module) or that drive the server proper without a child process: `berth lint`'s options, a CliIO on the real
 * files that collects what the command prints, and the server on a host the test gives, connected by pipes.
 */
import { PassThrough } from 'node:stream';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import type { LintOptions } from '../../cli/commands/lint.js';
import type { CliIO } from '../../cli/io.js';
import { readFileBytes, readStdinBytes, replaceFileBytes } from '../../host/files.js';
import type { ServerHost } from '../../server/host.js';
import { startServer } from '../../server/server.js';

/** `berth lint --no-config --no-shellcheck -f compact` with `o` on top. */
export function lintOptions(o: Partial<LintOptions>): LintOptions {
  return { paths: [], noConfig: true, fix: false, fixDryRun: false, unsafeFixes: false, rules: [], ignore: [], reportUnusedSuppressions: false, preview: false, quiet: false, verbose: false, noShellcheck: true, format: 'compact', ...o };
}

/** The real file access in `cwd` (with `overrides` on top); what the command prints is collected in `out`. */
export function memoryIO(cwd: string, overrides: Partial<CliIO> = {}): { cli: CliIO; out: { stdout: string; stderr: string } } {
  const out = { stdout: '', stderr: '' };
  const cli: CliIO = {
    readFile: readFileBytes,
    readStdin: readStdinBytes,
    writeFile: replaceFileBytes,
    stdout: (t) => void (out.stdout += typeof t === 'string' ? t : Buffer.from(t).toString('utf8')),
    stderr: (t) => void (out.stderr += t),
    color: false,
    cwd,
    ...overrides,
  };
  return { cli, out };
}

/**
 * The server proper on `host`, and a client connection to it that is not listening yet (so the test can add its
 * handlers first); `close` ends both.
 */
export function serverInProcess(host: ServerHost): { conn: ProtocolConnection; close: () => void } {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  startServer(
    { reader: new StreamMessageReader(toServer), writer: new StreamMessageWriter(toClient), connect: (r, w, o) => createConnection(ProposedFeatures.all, r, w, o) },
    host,
  );
  const conn = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  return {
    conn,
    close: () => {
      conn.dispose();
      toServer.end();
    },
  };
}
