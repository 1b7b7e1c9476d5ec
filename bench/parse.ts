/**
 * bench/parse: parse the shared corpus (../shared/corpus, 2,196 real Dockerfiles) with berth and with
 * dockerfile-ast (the parser under rcjsuen's Dockerfile language server), in the same run, and print both.
 *
 * Method:
 * - berth is measured from the compiled build in dist/ (what ships; `npm run build` first), not through the
 *   TypeScript loader, whose transform adds per-closure overhead the build does not have.
 * - Each tool runs in its own fresh Node process, so neither pays for the other's garbage; processes alternate
 *   tool by tool (berth, views, dockerfile-ast, berth, …) so machine noise hits all of them alike.
 * - A process reads all files into memory, parses the whole corpus in warm-up rounds, then in timed rounds.
 *   Figures are medians over all timed rounds of all processes; min and max show the spread.
 * - "berth + views" also touches every instruction's arguments, flags and heredocs (computed lazily).
 * - Memory: heap retained after parsing the whole corpus and keeping every result (with --expose-gc).
 *
 * Run: npm run bench:parse        Options: --processes=N (default 3) --rounds=N (timed rounds each, default 5)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPUS = fileURLToPath(new URL('../../shared/corpus/', import.meta.url));
const DIST = `${ROOT}dist/grammar/index.js`;
const TOOLS = ['berth', 'berth + views', 'dockerfile-ast'] as const;
type Tool = (typeof TOOLS)[number];

function option(name: string, fallback: number): number {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.slice(name.length + 3)) : fallback;
}

interface WorkerResult {
  times: number[];
  work: number;
  heap?: number;
  files: number;
  bytes: number;
}

interface BerthInstruction {
  args: unknown[];
  flags: unknown[];
  heredocs: unknown[];
  trigger?: BerthInstruction;
}
interface BerthApi {
  parse(text: string): { dockerfile: { instructions: BerthInstruction[] } };
}
interface DockerfileAst {
  DockerfileParser: { parse(text: string): { getInstructions(): unknown[] } };
}

async function worker(tool: Tool, rounds: number, warmup: number): Promise<WorkerResult> {
  const paths = readFileSync(`${CORPUS}MANIFEST.tsv`, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t')[0] as string);
  const texts = paths.map((p) => readFileSync(CORPUS + p, 'utf8'));
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t, 'utf8'), 0);
  let run: () => number;
  let keep: () => unknown[];
  if (tool === 'dockerfile-ast') {
    const { DockerfileParser } = (await import('dockerfile-ast')) as unknown as DockerfileAst;
    run = () => {
      let n = 0;
      for (const t of texts) n += DockerfileParser.parse(t).getInstructions().length;
      return n;
    };
    keep = () => texts.map((t) => DockerfileParser.parse(t));
  } else {
    const berth = (await import(pathToFileURL(DIST).href)) as BerthApi;
    const views = tool === 'berth + views';
    run = () => {
      let n = 0;
      for (const t of texts) {
        const ins = berth.parse(t).dockerfile.instructions;
        if (!views) {
          n += ins.length;
          continue;
        }
        for (const i of ins) {
          n += i.args.length + i.flags.length + i.heredocs.length;
          if (i.trigger) n += i.trigger.args.length;
        }
      }
      return n;
    };
    keep = () => texts.map((t) => berth.parse(t));
  }
  const times: number[] = [];
  let work = 0;
  for (let r = 0; r < warmup + rounds; r++) {
    const t0 = performance.now();
    work = run();
    const ms = performance.now() - t0;
    if (r >= warmup) times.push(ms);
  }
  const result: WorkerResult = { times, work, files: texts.length, bytes };
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc && tool !== 'berth + views') {
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept = keep();
    gc();
    result.heap = process.memoryUsage().heapUsed - before;
    if (kept.length === 0) result.work = -1;
  }
  return result;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

async function main(): Promise<void> {
  const workerArg = process.argv.find((a) => a.startsWith('--worker='));
  if (workerArg) {
    const tool = workerArg.slice('--worker='.length) as Tool;
    const res = await worker(tool, option('rounds', 5), option('warmup', 2));
    process.stdout.write(JSON.stringify(res));
    return;
  }
  if (!existsSync(`${CORPUS}MANIFEST.tsv`)) {
    console.log(`bench/parse needs the shared corpus at ${CORPUS}; it is not there, so there is nothing to measure.`);
    return;
  }
  if (!existsSync(DIST)) {
    console.log('bench/parse measures the compiled build: run `npm run build` first.');
    process.exitCode = 1;
    return;
  }
  const processes = option('processes', 3);
  const rounds = option('rounds', 5);
  const all: Record<string, WorkerResult[]> = {};
  for (let p = 0; p < processes; p++) {
    for (const tool of TOOLS) {
      const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), `--worker=${tool}`, `--rounds=${rounds}`], {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      });
      if (r.status !== 0) throw new Error(`${tool} worker failed: ${r.stderr}`);
      (all[tool] ??= []).push(JSON.parse(r.stdout) as WorkerResult);
    }
  }
  const first = (all.berth as WorkerResult[])[0] as WorkerResult;
  const mb = first.bytes / 1e6;
  console.log(
    `bench/parse — ${first.files} files, ${mb.toFixed(2)} MB, node ${process.version}; ${processes} processes per tool × ${rounds} timed rounds (medians)`,
  );
  console.log('');
  console.log(`${'tool'.padEnd(16)}${'ms/corpus'.padStart(11)}${'MB/s'.padStart(8)}${'µs/file'.padStart(9)}${'min–max ms'.padStart(14)}${'heap MB'.padStart(10)}   work done`);
  const med: Record<string, number> = {};
  for (const tool of TOOLS) {
    const results = all[tool] as WorkerResult[];
    const times = results.flatMap((r) => r.times);
    const m = median(times);
    med[tool] = m;
    const heaps = results.map((r) => r.heap).filter((h): h is number => h !== undefined);
    const heap = heaps.length > 0 ? (median(heaps) / 1e6).toFixed(1) : '—';
    const work = (results[0] as WorkerResult).work;
    const what = tool === 'berth + views' ? `${work} args+flags+heredocs` : `${work} instructions`;
    console.log(
      `${tool.padEnd(16)}${m.toFixed(1).padStart(11)}${(mb / (m / 1000)).toFixed(1).padStart(8)}${((m * 1000) / first.files).toFixed(0).padStart(9)}${`${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)}`.padStart(14)}${heap.padStart(10)}   ${what}`,
    );
  }
  console.log('');
  for (const tool of ['berth', 'berth + views'] as const) {
    console.log(`${tool}: ${((med['dockerfile-ast'] as number) / (med[tool] as number)).toFixed(1)}× as fast as dockerfile-ast`);
  }
}

await main();
