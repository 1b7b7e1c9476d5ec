/**
 * Shared benchmark harness: each tool runs in its own fresh Node process (so no tool pays for another's
 * garbage); processes alternate tool by tool so machine noise hits all alike; figures are medians over all timed
 * rounds of all processes. A worker reads the whole corpus into memory first, then times whole-corpus passes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CORPUS = fileURLToPath(new URL('../../shared/corpus/', import.meta.url));
export const DIST = `${ROOT}dist/`;

export interface Corpus {
  paths: string[];
  texts: string[];
  bytes: number;
}

export function loadCorpus(): Corpus {
  const paths = readFileSync(`${CORPUS}MANIFEST.tsv`, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t')[0] as string);
  const texts = paths.map((p) => readFileSync(CORPUS + p, 'utf8'));
  return { paths, texts, bytes: texts.reduce((n, t) => n + Buffer.byteLength(t, 'utf8'), 0) };
}

export function option(name: string, fallback: number): number {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.slice(name.length + 3)) : fallback;
}

export interface WorkerResult {
  times: number[];
  /** A figure showing the tool did real work (findings, instructions). */
  work: number;
  heap?: number;
  files: number;
  bytes: number;
  note?: string;
}

/** A tool as a worker runs it: `pass()` processes the whole corpus once and returns its work figure. */
export interface Tool {
  pass(): number;
  /** For the memory figure: every result of one pass, kept alive. */
  keep?(): unknown[];
  note?: string;
}

export async function runWorker(make: (corpus: Corpus) => Promise<Tool>): Promise<void> {
  const corpus = loadCorpus();
  const tool = await make(corpus);
  const rounds = option('rounds', 5);
  const warmup = option('warmup', 2);
  const times: number[] = [];
  let work = 0;
  for (let r = 0; r < warmup + rounds; r++) {
    const t0 = performance.now();
    work = tool.pass();
    const ms = performance.now() - t0;
    if (r >= warmup) times.push(ms);
  }
  const result: WorkerResult = { times, work, files: corpus.texts.length, bytes: corpus.bytes };
  if (tool.note) result.note = tool.note;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc && tool.keep) {
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept = tool.keep();
    gc();
    result.heap = process.memoryUsage().heapUsed - before;
    if (kept.length === 0) result.work = -1;
  }
  process.stdout.write(JSON.stringify(result));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/**
 * Runs every tool's worker (this script with --worker=<tool>) in alternating fresh processes and prints the
 * table; `baseline` is the tool the others are compared with.
 */
export function runBench(script: string, title: string, tools: readonly string[], baseline: string, workLabel: (tool: string, work: number) => string): Map<string, number> | undefined {
  if (!existsSync(`${CORPUS}MANIFEST.tsv`)) {
    console.log(`${title} needs the shared corpus at ${CORPUS}; it is not there, so there is nothing to measure.`);
    return undefined;
  }
  if (!existsSync(`${DIST}grammar/index.js`)) {
    console.log(`${title} measures the compiled build: run \`npm run build\` first.`);
    process.exitCode = 1;
    return undefined;
  }
  const processes = option('processes', 3);
  const rounds = option('rounds', 5);
  const all = new Map<string, WorkerResult[]>();
  for (let p = 0; p < processes; p++) {
    for (const tool of tools) {
      const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, `--worker=${tool}`, `--rounds=${rounds}`], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
      if (r.status !== 0) throw new Error(`${tool} worker failed: ${r.stderr}`);
      all.set(tool, [...(all.get(tool) ?? []), JSON.parse(r.stdout) as WorkerResult]);
    }
  }
  const first = (all.get(tools[0] as string) as WorkerResult[])[0] as WorkerResult;
  const mb = first.bytes / 1e6;
  console.log(`${title} — ${first.files} files, ${mb.toFixed(2)} MB, node ${process.version}; ${processes} processes per tool × ${rounds} timed rounds (medians)`);
  console.log('');
  console.log(`${'tool'.padEnd(24)}${'ms/corpus'.padStart(11)}${'MB/s'.padStart(8)}${'µs/file'.padStart(9)}${'min–max ms'.padStart(14)}${'heap MB'.padStart(10)}   work done`);
  const med = new Map<string, number>();
  for (const tool of tools) {
    const results = all.get(tool) as WorkerResult[];
    const times = results.flatMap((r) => r.times);
    const m = median(times);
    med.set(tool, m);
    const heaps = results.map((r) => r.heap).filter((h): h is number => h !== undefined);
    const heap = heaps.length > 0 ? (median(heaps) / 1e6).toFixed(1) : '—';
    console.log(
      `${tool.padEnd(24)}${m.toFixed(1).padStart(11)}${(mb / (m / 1000)).toFixed(1).padStart(8)}${((m * 1000) / first.files).toFixed(0).padStart(9)}${`${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)}`.padStart(14)}${heap.padStart(10)}   ${workLabel(tool, (results[0] as WorkerResult).work)}`,
    );
  }
  for (const tool of tools) {
    const note = (all.get(tool) as WorkerResult[])[0]?.note;
    if (note) console.log(`  ${tool}: ${note}`);
  }
  console.log('');
  const base = med.get(baseline) as number;
  for (const tool of tools) {
    if (tool === baseline || !tool.startsWith('berth')) continue;
    console.log(`${tool}: ${(base / (med.get(tool) as number)).toFixed(1)}× as fast as ${baseline}`);
  }
  for (const tool of tools) {
    if (tool === baseline || tool.startsWith('berth')) continue;
    console.log(`berth: ${((med.get(tool) as number) / (med.get(tools[0] as string) as number)).toFixed(1)}× as fast as ${tool}`);
  }
  return med;
}

export function workerTool(): string | undefined {
  return process.argv.find((a) => a.startsWith('--worker='))?.slice('--worker='.length);
}
