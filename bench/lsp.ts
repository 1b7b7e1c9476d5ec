/**
 * bench/lsp: the same editor session against `berth lsp --stdio` (the build in dist/, `npm run build` first) and
 * rcjsuen's `docker-langserver --stdio` (devDependency, bench only), in one run, through
 * vscode-languageserver-protocol's client. Both push diagnostics here (the client does not offer pull), so both
 * are measured the same way. On the largest corpus file:
 * - initialize: spawn → initialize result
 * - open → diagnostics: didOpen → the first publishDiagnostics for that version
 * - keystroke → diagnostics: one edit at a time (type a character, then delete it), time to the diagnostics of
 *   that version; median and p95
 * - hover and completion: p95 over positions spread through the file
 * - burst: 2,000 single-character edits sent at once; time from the last edit (once the client has written it) to
 *   the first diagnostics of the final version (without versions, as docker-langserver publishes: the last before
 *   a second of quiet), and the server's RSS after it
 * Goals (issue #15), as ratios to docker-langserver in the same run: initialize ≤ 0.5×, open ≤ 1.0×, keystroke →
 * diagnostics median and p95 ≤ 0.5×, RSS after the burst ≤ 0.75×; and the burst settles ≤ 50 ms. Next to them, the
 * floors measured in the same run: Node's own start, the analysis alone in this process, the protocol alone (a server
 * answering each change at once with the same diagnostics: bench/lsp-echo-server.cjs), Node with the LSP library.
 *
 * Run: npm run bench:lsp            Options: --keystrokes=N (default 200) --burst=N (default 2000) --runs=N (default 3)
 *                                   --berth-only (skip docker-langserver, for quick looks while working)
 *                                   --node-args="…" (flags for berth's server process: V8 flags, --cpu-prof)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { CORPUS, ROOT, loadCorpus, option } from './harness.js';

const KEYSTROKES = option('keystrokes', 200);
const BURST = option('burst', 2000);
const RUNS = option('runs', 3);

interface Figures {
  initialize: number;
  open: number;
  keyMedian: number;
  keyP95: number;
  hoverP95: number;
  completionP95: number;
  burst: number;
  rssMiB: number;
  diagnostics: number;
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

async function session(name: string, cmd: string[], text: string, opts: { burst?: boolean } = {}): Promise<Figures> {
  const t0 = performance.now();
  const proc = spawn(cmd[0] as string, cmd.slice(1), { cwd: ROOT, stdio: ['pipe', 'pipe', 'ignore'] });
  const conn: ProtocolConnection = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  proc.stdin.on('error', () => {}); // the server may be gone while the last messages are written
  const waiting = new Map<number, (p: PublishDiagnosticsParams) => void>();
  let lastCount = 0;
  let lastPublish = 0;
  let finalVersion = -1;
  let finalPublish = 0;
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    lastCount = p.diagnostics.length;
    lastPublish = performance.now();
    if (p.version === finalVersion && finalPublish === 0) finalPublish = lastPublish;
    // docker-langserver does not send versions: the next publication after a change is its answer.
    const v = p.version ?? -1;
    for (const [want, resolve] of [...waiting]) {
      if (v === -1 || v >= want) {
        waiting.delete(want);
        resolve(p);
      }
    }
  });
  conn.listen();
  const diagnosticsFor = (version: number): Promise<PublishDiagnosticsParams> => new Promise((resolve) => waiting.set(version, resolve));

  await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: { textDocument: { hover: {}, completion: {} } }, workspaceFolders: null });
  const initialize = performance.now() - t0;
  await conn.sendNotification(InitializedNotification.type, {});

  const uri = 'file:///bench/Dockerfile';
  let version = 1;
  let current = text;
  const t1 = performance.now();
  const opened = diagnosticsFor(version);
  await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockerfile', version, text } });
  await opened;
  const open = performance.now() - t1;

  // Keystrokes at the end of the second line: type `x`, then delete it, one at a time.
  const lines = text.split('\n');
  const line = Math.min(1, lines.length - 1);
  const col = (lines[line] ?? '').length;
  const edit = (i: number) => (i % 2 === 0 ? { range: { start: { line, character: col }, end: { line, character: col } }, text: 'x' } : { range: { start: { line, character: col }, end: { line, character: col + 1 } }, text: '' });
  const keys: number[] = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    version++;
    const done = diagnosticsFor(version);
    const t = performance.now();
    await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [edit(i)] });
    await done;
    keys.push(performance.now() - t);
  }
  if (KEYSTROKES % 2 === 1) current = text; // (the text is back to the original after an even count)

  // Hover and completion at positions spread over the file.
  const positions = lines.map((l, i) => ({ line: i, character: Math.min(2, l.length) })).filter((_, i) => i % Math.max(1, Math.floor(lines.length / 60)) === 0);
  const hovers: number[] = [];
  const completions: number[] = [];
  for (const position of positions) {
    let t = performance.now();
    await conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
    hovers.push(performance.now() - t);
    t = performance.now();
    await conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    completions.push(performance.now() - t);
  }

  // The burst.
  // The edits are queued at once; the last one counts as made when the client has written it to the server.
  let lastWritten: Promise<void> = Promise.resolve();
  for (let i = 0; i < (opts.burst === false ? 0 : BURST); i++) {
    version++;
    lastWritten = conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [edit(i + (KEYSTROKES % 2))] });
  }
  await lastWritten;
  // Settled = the first diagnostics of the final version; docker-langserver's carry no version, so for it the last
  // diagnostics published before 1 s of quiet. (berth publishes once more later when ShellCheck's findings arrive
  // from the background; that enrichment is not what this figure measures.)
  finalVersion = version;
  const tb = performance.now();
  lastPublish = tb;
  while (performance.now() - lastPublish < 1000) await new Promise((r) => setTimeout(r, 20));
  const burst = (finalPublish || lastPublish) - tb;
  const rssMiB = rssOf(proc.pid ?? 0);
  if (name === 'berth') {
    // Where berth's memory is (no collection first unless the server runs with --expose-gc).
    const m = await conn.sendRequest<{ rss: number; heapUsed: number; heapTotal: number; external: number }>('berth/memoryUsage').catch(() => undefined);
    const mib = (n: number): string => (n / 1048576).toFixed(1);
    if (m) console.error(`  berth after the burst: RSS ${mib(m.rss)} MiB, JS heap ${mib(m.heapUsed)} used of ${mib(m.heapTotal)} MiB, external ${mib(m.external)} MiB`);
  }
  void current;
  // Shut down as an editor does (a profile asked for with --node-args=--cpu-prof is written at exit); kill if it hangs.
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  await Promise.race([conn.sendRequest(ShutdownRequest.type).then(() => conn.sendNotification(ExitNotification.type)), new Promise((r) => setTimeout(r, 2000))]);
  await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  conn.dispose();
  proc.kill();
  console.error(`  ${name}: done`);
  return { initialize, open, keyMedian: quantile(keys, 0.5), keyP95: quantile(keys, 0.95), hoverP95: quantile(hovers, 0.95), completionP95: quantile(completions, 0.95), burst, rssMiB, diagnostics: lastCount };
}

const corpus = (() => {
  try {
    return loadCorpus();
  } catch {
    console.log(`bench/lsp: skipped — the shared corpus is not at ${CORPUS}`);
    process.exit(0);
  }
})();
let largest = 0;
corpus.texts.forEach((t, i) => {
  if (t.length > (corpus.texts[largest] ?? '').length) largest = i;
});
const text = corpus.texts[largest] as string;
console.log(`bench/lsp — ${corpus.paths[largest]} (${text.split('\n').length} lines, ${text.length} chars), ${KEYSTROKES} keystrokes, burst of ${BURST}; node ${process.version}\n`);

// --node-args="…": flags for berth's server process only (V8 flags to try, --cpu-prof to look inside).
const nodeArgs = (process.argv.find((a) => a.startsWith('--node-args='))?.slice('--node-args='.length) ?? '').split(/\s+/).filter(Boolean);
const NaNs: Figures = { initialize: NaN, open: NaN, keyMedian: NaN, keyP95: NaN, hoverP95: NaN, completionP95: NaN, burst: NaN, rssMiB: NaN, diagnostics: NaN };
const berthOnly = process.argv.includes('--berth-only');
// Sessions alternate (berth, docker-langserver, berth, …) so that a slow spell of the machine hits both; each figure
// is the median over the sessions.
const berthRuns: Figures[] = [];
const dockerRuns: Figures[] = [];
for (let r = 0; r < RUNS; r++) {
  berthRuns.push(await session('berth', [process.execPath, ...nodeArgs, join(ROOT, 'bin', 'berth.js'), 'lsp', '--stdio'], text));
  if (!berthOnly) dockerRuns.push(await session('docker-langserver', [process.execPath, join(ROOT, 'node_modules', 'dockerfile-language-server-nodejs', 'bin', 'docker-langserver'), '--stdio'], text));
}
const medianOf = (runs: Figures[]): Figures => {
  if (runs.length === 0) return NaNs;
  const out = { ...NaNs };
  for (const k of Object.keys(NaNs) as Array<keyof Figures>) out[k] = quantile(runs.map((f) => f[k]), 0.5);
  return out;
};
const berth = medianOf(berthRuns);
const docker = medianOf(dockerRuns);

/**
 * The floors under berth's figures, measured here: Node answering one message with nothing loaded (initialize), the
 * analysis alone in this process on the same keystrokes (parse, lint, conversion: no protocol, no other process),
 * and Node with the LSP library loaded and nothing else (RSS).
 */
async function floors(): Promise<{ nodeStart: number; analysisMedian: number; analysisP95: number; libraryRssMiB: number; protocolMedian: number; protocolP95: number }> {
  const starts: number[] = [];
  for (let i = 0; i < 11; i++) {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['-e', 'process.stdin.once("data", () => process.stdout.write("x"))'], { stdio: ['pipe', 'pipe', 'ignore'] });
    child.stdin.write('go');
    await new Promise((r) => child.stdout.once('data', r));
    starts.push(performance.now() - t0);
    child.kill();
  }
  const { parse } = await import('../grammar/index.js');
  const { lint } = await import('../rules/engine/lint.js');
  const { ALL_RULES } = await import('../rules/index.js');
  const { defaultConfig } = await import('../rules/engine/config.js');
  const { clientSupport, toLspDiagnostic } = await import('../server/convert.js');
  const lines = text.split('\n');
  const at = (lines[0] as string).length + 1 + (lines[Math.min(1, lines.length - 1)] as string).length;
  const support = clientSupport({});
  const times: number[] = [];
  let last: unknown[] = [];
  for (let i = 0; i < KEYSTROKES + 50; i++) {
    const t = i % 2 === 0 ? text.slice(0, at) + 'x' + text.slice(at) : text;
    const t0 = performance.now();
    const p = parse(t);
    const d = lint(p, defaultConfig(), ALL_RULES).diagnostics.map((x) => toLspDiagnostic(p.lines, x, 'file:///bench/Dockerfile', support.pushDiagnostics));
    JSON.stringify(d);
    if (i >= 50) times.push(performance.now() - t0);
    last = d;
  }
  // The protocol alone: the same session against a server that answers each change at once with these diagnostics.
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-lsp-'));
  writeFileSync(join(dir, 'diagnostics.json'), JSON.stringify(last));
  process.env.BERTH_ECHO_DIAGNOSTICS = join(dir, 'diagnostics.json');
  const echo = await session('protocol alone', [process.execPath, join(ROOT, 'bench', 'lsp-echo-server.cjs'), '--stdio'], text, { burst: false });
  const lib = spawn(process.execPath, ['-e', 'require("vscode-languageserver/node"); setTimeout(() => process.stdout.write(String(process.memoryUsage().rss)), 200)'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
  const rss = await new Promise<string>((r) => lib.stdout.once('data', (d: Buffer) => r(d.toString())));
  return {
    nodeStart: quantile(starts, 0.5),
    analysisMedian: quantile(times, 0.5),
    analysisP95: quantile(times, 0.95),
    libraryRssMiB: Number(rss) / 1048576,
    protocolMedian: echo.keyMedian,
    protocolP95: echo.keyP95,
  };
}
const floor = await floors();

const fmt = (v: number, unit: string): string => (Number.isNaN(v) ? '—' : `${v.toFixed(1)} ${unit}`);
/** A goal of issue #15: berth's figure at most `max` × docker-langserver's. */
const row = (label: string, unit: string, a: number, b: number, max?: number, floorNote?: string): string => {
  const ratio = a / b;
  const goal = max === undefined ? '' : `≤ ${max.toFixed(2)}×: ${Number.isNaN(ratio) ? '—' : ratio <= max ? 'met' : 'not met'}`;
  return `${label.padEnd(30)} ${fmt(a, unit).padStart(11)} ${fmt(b, unit).padStart(11)} ${(Number.isNaN(ratio) ? '—' : `${ratio.toFixed(2)}×`).padStart(7)}   ${goal.padEnd(18)} ${floorNote ?? ''}`;
};
console.log(`medians of ${RUNS} sessions each, alternating\n`);
console.log(`${''.padEnd(30)} ${'berth'.padStart(11)} ${'docker-ls'.padStart(11)} ${'ratio'.padStart(7)}   ${'goal (#15)'.padEnd(18)} floor`);
console.log(row('initialize', 'ms', berth.initialize, docker.initialize, 0.5, `node answering one message: ${fmt(floor.nodeStart, 'ms')} (${(floor.nodeStart / docker.initialize).toFixed(2)}×)`));
console.log(row('open → diagnostics', 'ms', berth.open, docker.open, 1.0));
const sum = (a: number, b: number): string => `${fmt(a, 'ms')} + ${fmt(b, 'ms')} = ${((a + b) / docker.keyMedian).toFixed(2)}×`;
console.log(row('keystroke → diagnostics (med)', 'ms', berth.keyMedian, docker.keyMedian, 0.5, `protocol + analysis alone: ${sum(floor.protocolMedian, floor.analysisMedian)}`));
console.log(row('keystroke → diagnostics (p95)', 'ms', berth.keyP95, docker.keyP95, 0.5, `analysis alone, in process: ${fmt(floor.analysisP95, 'ms')} (${(floor.analysisP95 / docker.keyP95).toFixed(2)}×); protocol alone ${fmt(floor.protocolP95, 'ms')}`));
console.log(row('hover p95', 'ms', berth.hoverP95, docker.hoverP95));
console.log(row('completion p95', 'ms', berth.completionP95, docker.completionP95));
console.log(row(`burst of ${BURST}: settles after`, 'ms', berth.burst, docker.burst, undefined, 'goal: ≤ 50 ms (berth)'));
console.log(row('RSS after the burst', 'MiB', berth.rssMiB, docker.rssMiB, 0.75, `node + vscode-languageserver alone: ${fmt(floor.libraryRssMiB, 'MiB')}`));
console.log(`\nburst settles ≤ 50 ms: ${berth.burst <= 50 ? 'met' : 'not met'}`);
console.log(`diagnostics on the file: berth ${berth.diagnostics}, docker-langserver ${docker.diagnostics}`);
