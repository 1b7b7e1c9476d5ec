/**
 * `berth lsp`: the language server on Node. Messages over stdio (`--stdio`, through framing.ts, which survives a
 * client that frames them badly) or node IPC (`--node-ipc`); the machine reached through the Node host
 * (node-host.ts); the server proper is server.ts, which knows nothing of Node.
 */
import { inspect } from 'node:util';
import { createConnection, IPCMessageReader, IPCMessageWriter, ProposedFeatures, StreamMessageWriter, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';
import { FramedStreamReader, sharedResultEncoder, type FramingProblem } from './framing.js';
import { describeError } from './guard.js';
import { nodeHost } from './node-host.js';
import { startServer, type RunningServer } from './server.js';

export function startNodeServer(): RunningServer {
  let server: RunningServer | undefined;
  const onProblem = (problem: FramingProblem): void => {
    const what = `${problem.reason}${problem.bytes > 0 ? `; skipped ${problem.bytes} bytes: ${problem.skipped}` : ''}`;
    if (problem.kind === 'json') server?.unreadable(`a message that is not JSON: ${what}`);
    else server?.log('warn', `berth: the client's message framing is broken (${what}); reading on from the next header`);
  };
  const stdio = !process.argv.includes('--node-ipc');
  const reader: MessageReader = stdio ? new FramedStreamReader(process.stdin, onProblem) : new IPCMessageReader(process);
  const writer: MessageWriter = stdio ? new StreamMessageWriter(process.stdout, { contentTypeEncoder: sharedResultEncoder() }) : new IPCMessageWriter(process);
  server = startServer({ reader, writer, connect: (r, w, options) => createConnection(ProposedFeatures.all, r, w, options) }, nodeHost());
  const { log } = server;
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
  return server;
}

/** What bin/berth.js runs before it writes the server bundle's code cache (see server/warm-up.ts). */
export async function warmUp(): Promise<number> {
  return (await import('./warm-up.js')).warmUp();
}
