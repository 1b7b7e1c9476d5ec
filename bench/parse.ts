/**
 * bench/parse: parse the shared corpus (../shared/corpus, 2,196 real Dockerfiles) with berth and with
 * dockerfile-ast (the parser under rcjsuen's Dockerfile language server) in the same run, and print both.
 *
 * - berth is measured from the compiled build in dist/ (what ships; `npm run build` first), not through the
 *   TypeScript loader, whose transform adds per-closure overhead that the build does not have.
 * - Both tools parse every file once per round; rounds alternate between the tools so machine noise hits both;
 *   figures are medians over the timed rounds after warm-up rounds.
 * - "berth + views" also touches every instruction's arguments, flags and heredocs (computed lazily).
 *
 * Run: npm run bench:parse    (add --rounds=N to change the number of timed rounds)
 * Memory: node --expose-gc --import tsx bench/parse.ts   (adds the heap retained by all parse results)
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPUS = fileURLToPath(new URL('../../shared/corpus/', import.meta.url));
const DIST = `${ROOT}dist/grammar/index.js`;

if (!existsSync(`${CORPUS}MANIFEST.tsv`)) {
  console.log(`bench/parse needs the shared corpus at ${CORPUS}; it is not there, so there is nothing to measure.`);
  process.exit(0);
}
if (!existsSync(DIST)) {
  console.log('bench/parse measures the compiled build: run `npm run build` first.');
  process.exit(1);
}

interface BerthInstruction {
  args: unknown[];
  flags: unknown[];
  heredocs: unknown[];
  kind: string;
  trigger?: BerthInstruction;
}
interface BerthApi {
  parse(text: string): { dockerfile: { instructions: BerthInstruction[] }; errors: unknown[] };
}
interface DockerfileAst {
  DockerfileParser: { parse(text: string): { getInstructions(): unknown[] } };
}

const berth = (await import(pathToFileURL(DIST).href)) as BerthApi;
const { DockerfileParser } = (await import('dockerfile-ast')) as unknown as DockerfileAst;

const roundsArg = process.argv.find((a) => a.startsWith('--rounds='));
const ROUNDS = roundsArg ? Number(roundsArg.slice('--rounds='.length)) : 15;
const WARMUP = 3;

const paths = readFileSync(`${CORPUS}MANIFEST.tsv`, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split('\t')[0] as string);
const texts = paths.map((p) => readFileSync(CORPUS + p, 'utf8'));
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t, 'utf8'), 0);

let sink = 0;
const tools: Record<string, () => number> = {
  berth: () => {
    let n = 0;
    for (const t of texts) n += berth.parse(t).dockerfile.instructions.length;
    return n;
  },
  'berth + views': () => {
    let n = 0;
    for (const t of texts) {
      for (const i of berth.parse(t).dockerfile.instructions) {
        n += i.args.length + i.flags.length + i.heredocs.length;
        if (i.trigger) n += i.trigger.args.length;
      }
    }
    return n;
  },
  'dockerfile-ast': () => {
    let n = 0;
    for (const t of texts) n += DockerfileParser.parse(t).getInstructions().length;
    return n;
  },
};

const times: Record<string, number[]> = {};
const counts: Record<string, number> = {};
for (let r = 0; r < WARMUP + ROUNDS; r++) {
  for (const [name, run] of Object.entries(tools)) {
    const t0 = performance.now();
    const n = run();
    const ms = performance.now() - t0;
    sink += n;
    counts[name] = n;
    if (r >= WARMUP) (times[name] ??= []).push(ms);
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

const mb = bytes / 1e6;
console.log(`bench/parse — ${texts.length} files, ${mb.toFixed(2)} MB, node ${process.version}, ${ROUNDS} rounds after ${WARMUP} warm-up (medians)`);
console.log('');
console.log(`${'tool'.padEnd(16)}${'ms/corpus'.padStart(11)}${'MB/s'.padStart(8)}${'µs/file'.padStart(9)}${'min–max ms'.padStart(16)}   work done`);
const base = median(times['dockerfile-ast'] as number[]);
for (const name of Object.keys(tools)) {
  const ts = times[name] as number[];
  const med = median(ts);
  const what = name === 'berth + views' ? `${counts[name]} args+flags+heredocs` : `${counts[name]} instructions`;
  console.log(
    `${name.padEnd(16)}${med.toFixed(1).padStart(11)}${(mb / (med / 1000)).toFixed(1).padStart(8)}${((med * 1000) / texts.length).toFixed(0).padStart(9)}${`${Math.min(...ts).toFixed(0)}–${Math.max(...ts).toFixed(0)}`.padStart(16)}   ${what}`,
  );
}
console.log('');
for (const name of ['berth', 'berth + views']) {
  console.log(`${name} is ${(base / median(times[name] as number[])).toFixed(1)}× as fast as dockerfile-ast`);
}

const gc = (globalThis as { gc?: () => void }).gc;
if (gc) {
  const heap = (): number => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const before = heap();
  const kept = texts.map((t) => berth.parse(t));
  const berthHeap = heap() - before;
  const before2 = heap();
  const kept2 = texts.map((t) => DockerfileParser.parse(t));
  const astHeap = heap() - before2;
  console.log('');
  console.log(`heap retained by all ${kept.length} results: berth ${(berthHeap / 1e6).toFixed(1)} MB, dockerfile-ast ${(astHeap / 1e6).toFixed(1)} MB (${kept2.length} results)`);
}
if (sink === 0) console.log('(no work was done?)');
