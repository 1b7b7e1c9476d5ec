/**
 * bench/lsp-edits: how the language server copes with editing patterns, each played against `berth lsp --stdio`
 * (the build in dist/, `npm run build` first) and rcjsuen's `docker-langserver --stdio` (devDependency, bench only).
 *
 * Latency patterns, on the largest corpus file; each figure is the time from the last edit (once the client has
 * written it) to the diagnostics of the final version:
 * - burst, incremental: N single-character edits sent at once (push diagnostics)
 * - burst, full sync: N whole-document changes sent at once (push)
 * - burst, pull: N edits each followed by a textDocument/diagnostic request, none awaited; the figure is the time
 *   to the last request's answer, which must describe the final text
 * - burst with requests: N edits with a hover and a completion request after every 50th (push)
 * - wait for each reply: N/10 edits, each followed by a hover whose answer the client awaits before the next
 * Memory patterns: after the edit session the server is asked (berth/memoryUsage, run with --expose-gc) for its
 * heap after a collection, and its RSS is read from /proc:
 * - 20,000 edits of the largest file (type and delete a character)
 * - a file growing to 1,500 lines, one line per edit, each line typed a character at a time
 * docker-langserver does not send versions nor pull diagnostics: its "settled" is the last diagnostics published
 * before a second of quiet, and its heap is not measured (RSS only).
 *
 * Run: node --import tsx bench/lsp-edits.ts   Options: --burst=N (default 2000) --memory-edits=N (default 20000)
 *                                              --grow-lines=N (default 1500) --berth-only
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  HoverRequest,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  RequestType0,
  type ClientCapabilities,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { CORPUS, ROOT, loadCorpus, option } from './harness.js';

const BURST = option('burst', 2000);
const MEMORY_EDITS = option('memory-edits', 20_000);
const GROW_LINES = option('grow-lines', 1500);

const MemoryUsageRequest = new RequestType0<{ rss: number; heapUsed: number; heapTotal: number; external: number }, void>('berth/memoryUsage');

interface Client {
  conn: ProtocolConnection;
  proc: ChildProcessWithoutNullStreams;
  /** Resolves with the first diagnostics published for `version` or later (any, for a server without versions). */
  diagnosticsFor(version: number): Promise<PublishDiagnosticsParams>;
  /** Resolves once no diagnostics were published for `quietMs`, with the time of the last. */
  quiet(quietMs: number): Promise<number>;
  lastPublish: number;
  versioned: boolean;
  /** When the diagnostics of each version were first published. */
  publishedAt: Map<number, number>;
}

const URI = 'file:///bench/Dockerfile';

async function startClient(cmd: string[], pull: boolean): Promise<Client> {
  const proc = spawn(cmd[0] as string, cmd.slice(1), { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] }) as ChildProcessWithoutNullStreams;
  proc.stderr.resume();
  proc.stdin.on('error', () => {});
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const waiting = new Map<number, (p: PublishDiagnosticsParams) => void>();
  const client: Client = {
    conn,
    proc,
    lastPublish: 0,
    versioned: true,
    publishedAt: new Map(),
    diagnosticsFor: (version) => new Promise((resolve) => waiting.set(version, resolve)),
    quiet: async (quietMs) => {
      client.lastPublish = Math.max(client.lastPublish, performance.now());
      while (performance.now() - client.lastPublish < quietMs) await new Promise((r) => setTimeout(r, 10));
      return client.lastPublish;
    },
  };
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    client.lastPublish = performance.now();
    const v = p.version ?? -1;
    if (v === -1) client.versioned = false;
    if (!client.publishedAt.has(v)) client.publishedAt.set(v, client.lastPublish);
    for (const [want, resolve] of [...waiting]) {
      if (v === -1 || v >= want) {
        waiting.delete(want);
        resolve(p);
      }
    }
  });
  conn.listen();
  const capabilities: ClientCapabilities = { textDocument: { hover: {}, completion: {}, publishDiagnostics: { versionSupport: true }, ...(pull ? { diagnostic: {} } : {}) } };
  await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities, workspaceFolders: null });
  await conn.sendNotification(InitializedNotification.type, {});
  return client;
}

function stopClient(c: Client): void {
  c.conn.dispose();
  c.proc.kill();
}

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Type `x` at the end of the second line, then delete it, alternately. */
function toggler(text: string): (i: number) => TextDocumentContentChangeEvent {
  const lines = text.split('\n');
  const line = Math.min(1, lines.length - 1);
  const col = (lines[line] ?? '').length;
  return (i) => (i % 2 === 0 ? { range: { start: { line, character: col }, end: { line, character: col } }, text: 'x' } : { range: { start: { line, character: col }, end: { line, character: col + 1 } }, text: '' });
}

async function open(c: Client, text: string): Promise<void> {
  const opened = c.diagnosticsFor(1);
  await c.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'dockerfile', version: 1, text } });
  await opened;
}

/** Waits for the final version's diagnostics (or, unversioned, a second of quiet): ms after `t0`. */
async function settled(c: Client, version: number, t0: number): Promise<number> {
  const already = c.publishedAt.get(version);
  if (already !== undefined) return Math.max(0, already - t0);
  const final = c.diagnosticsFor(version).then(() => performance.now());
  const quiet = c.quiet(1000);
  const t = c.versioned ? await Promise.race([final, quiet.then(() => (c.versioned ? final : c.lastPublish))]) : await quiet;
  return t - t0;
}

type Pattern = (cmd: string[], text: string) => Promise<string>;

const ms = (x: number): string => `${x.toFixed(0)} ms`;

const burstIncremental: Pattern = async (cmd, text) => {
  const c = await startClient(cmd, false);
  await open(c, text);
  const edit = toggler(text);
  let last: Promise<void> = Promise.resolve();
  for (let v = 2; v < BURST + 2; v++) last = c.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: URI, version: v }, contentChanges: [edit(v)] });
  await last;
  const r = await settled(c, BURST + 1, performance.now());
  stopClient(c);
  return ms(r);
};

const burstFull: Pattern = async (cmd, text) => {
  const c = await startClient(cmd, false);
  await open(c, text);
  let last: Promise<void> = Promise.resolve();
  for (let v = 2; v < BURST + 2; v++) last = c.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: URI, version: v }, contentChanges: [{ text: v % 2 ? text : `${text}#${v}\n` }] });
  await last;
  const r = await settled(c, BURST + 1, performance.now());
  stopClient(c);
  return ms(r);
};

const burstPull: Pattern = async (cmd, text) => {
  const c = await startClient(cmd, true);
  await c.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'dockerfile', version: 1, text } });
  await c.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: URI } });
  // Every edit adds a comment line naming its version: the last answer must have the last line's finding…
  // (a comment is no finding), so the final edit instead makes the file end in an unknown instruction.
  const answers: Promise<unknown>[] = [];
  let lastWritten: Promise<void> = Promise.resolve();
  for (let v = 2; v < BURST + 2; v++) {
    const final = v === BURST + 1;
    lastWritten = c.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: URI, version: v },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: final ? 'BOGUS x\n' : `# ${v}\n` }],
    });
    answers.push(c.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: URI } }).catch(() => undefined));
  }
  await lastWritten;
  const t0 = performance.now();
  const last = (await answers[answers.length - 1]) as { items?: { message: string; range: { start: { line: number } } }[] } | undefined;
  const t = performance.now() - t0;
  await Promise.all(answers);
  const fresh = last?.items?.some((d) => d.range.start.line === 0 && /BOGUS/i.test(d.message)) ?? false;
  stopClient(c);
  return `${ms(t)}${fresh ? '' : ' (stale answer!)'}`;
};

const burstWithRequests: Pattern = async (cmd, text) => {
  const c = await startClient(cmd, false);
  await open(c, text);
  const edit = toggler(text);
  let last: Promise<void> = Promise.resolve();
  const replies: Promise<unknown>[] = [];
  for (let v = 2; v < BURST + 2; v++) {
    last = c.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: URI, version: v }, contentChanges: [edit(v)] });
    if (v % 50 === 0) {
      replies.push(c.conn.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 1, character: 1 } }));
      replies.push(c.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: URI }, position: { line: 1, character: 1 } }));
    }
  }
  await last;
  const r = await settled(c, BURST + 1, performance.now());
  await Promise.all(replies);
  stopClient(c);
  return ms(r);
};

const waitEach: Pattern = async (cmd, text) => {
  const c = await startClient(cmd, false);
  await open(c, text);
  const edit = toggler(text);
  const n = Math.max(2, Math.floor(BURST / 10));
  const t0 = performance.now();
  for (let v = 2; v < n + 2; v++) {
    await c.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: URI, version: v }, contentChanges: [edit(v)] });
    await c.conn.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 1, character: 1 } });
  }
  const total = performance.now() - t0;
  const r = await settled(c, n + 1, performance.now());
  stopClient(c);
  return `${ms(r)} (${(total / n).toFixed(1)} ms/edit)`;
};

async function memoryAfter(c: Client): Promise<string> {
  await c.quiet(500);
  let heap = '';
  try {
    const m = await c.conn.sendRequest(MemoryUsageRequest);
    heap = `, heap ${(m.heapUsed / 2 ** 20).toFixed(0)} MiB${process.env.MEM_DETAIL ? ` ${JSON.stringify(m)}` : ""}`;
  } catch {
    // not berth
  }
  return `RSS ${rssOf(c.proc.pid ?? 0).toFixed(0)} MiB${heap}`;
}

const memoryToggle: Pattern = async (cmd, text) => {
  const c = await startClient(cmd, false);
  await open(c, text);
  const before = await memoryAfter(c);
  const edit = toggler(text);
  for (let v = 2; v < MEMORY_EDITS + 2; v++) {
    const w = c.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: URI, version: v }, contentChanges: [edit(v)] });
    // In slices, as a fast typist would: the server sees bursts and pauses.
    if (v % 200 === 0) {
      await w;
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  await settled(c, MEMORY_EDITS + 1, performance.now());
  const after = await memoryAfter(c);
  stopClient(c);
  return `${before} → ${after}`;
};

const memoryGrow: Pattern = async (cmd, text) => {
  const c = await startClient(cmd, false);
  const lines = text.split('\n');
  await open(c, '');
  const before = await memoryAfter(c);
  let v = 1;
  for (let l = 0; l < GROW_LINES; l++) {
    const line = `${lines[l % lines.length] ?? ''}\n`;
    for (let ch = 0; ch < line.length; ch++) {
      v++;
      const w = c.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: URI, version: v }, contentChanges: [{ range: { start: { line: l, character: ch }, end: { line: l, character: ch } }, text: line[ch] as string }] });
      if (v % 200 === 0) {
        await w;
        await new Promise((r) => setTimeout(r, 5));
      }
    }
  }
  await settled(c, v, performance.now());
  const after = await memoryAfter(c);
  stopClient(c);
  return `${before} → ${after} (${v - 1} edits)`;
};

const corpus = (() => {
  try {
    return loadCorpus();
  } catch {
    console.log(`bench/lsp-edits: skipped — the shared corpus is not at ${CORPUS}`);
    process.exit(0);
  }
})();
let largest = 0;
corpus.texts.forEach((t, i) => {
  if (t.length > (corpus.texts[largest] ?? '').length) largest = i;
});
const text = corpus.texts[largest] as string;
console.log(`bench/lsp-edits — ${corpus.paths[largest]} (${text.split('\n').length} lines), bursts of ${BURST}; node ${process.version}\n`);

const BERTH = [process.execPath, '--expose-gc', ...(process.env.NODE_EXTRA ? process.env.NODE_EXTRA.split(' ') : []), join(ROOT, 'bin', 'berth.js'), 'lsp', '--stdio'];
const DOCKER = [process.execPath, join(ROOT, 'node_modules', 'dockerfile-language-server-nodejs', 'bin', 'docker-langserver'), '--stdio'];
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const patterns: [string, Pattern, boolean][] = [
  [`burst of ${BURST} incremental edits → diagnostics`, burstIncremental, true],
  [`burst of ${BURST} full-document syncs → diagnostics`, burstFull, true],
  [`burst of ${BURST} edits + pulls → last answer`, burstPull, false],
  [`burst of ${BURST} with hovers/completions`, burstWithRequests, true],
  [`${Math.max(2, Math.floor(BURST / 10))} edits awaiting a hover each`, waitEach, true],
  [`${MEMORY_EDITS} edits: memory`, memoryToggle, true],
  [`growing to ${GROW_LINES} lines: memory`, memoryGrow, true],
];
console.log(`${'pattern'.padEnd(46)} ${'berth'.padEnd(44)} docker-langserver`);
for (const [i, [label, run, peer]] of patterns.entries()) {
  if (only !== undefined && !only.split(',').includes(String(i + 1))) continue;
  const b = await run(BERTH, text);
  const d = peer && !process.argv.includes('--berth-only') ? await run(DOCKER, text) : '—';
  console.log(`${label.padEnd(46)} ${b.padEnd(44)} ${d}`);
}
