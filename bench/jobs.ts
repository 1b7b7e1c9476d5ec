/**
 * bench/jobs — issue #15, goal 3: `berth lint` of the whole shared corpus given as paths (2,196 files), with
 * `--jobs 1` and with one thread per core, alternating fresh processes, medians of wall time. The
 * two runs' outputs (stdout, stderr, exit code) must be byte-identical; their SHA-256 is printed. Goal: one thread per core
 * takes ≤ 0.65× the time of --jobs 1 on a 2-core machine.
 *
 * Uses the build (`npm run build` first), bin/berth.js with its code cache in a folder of its own, without ShellCheck.
 * Run: npm run bench:jobs            Options: --runs=N (default 3)
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS, ROOT, option } from './harness.js';

if (!existsSync(`${CORPUS}MANIFEST.tsv`)) {
  console.log(`bench/jobs needs the shared corpus at ${CORPUS}; it is not there, so there is nothing to measure.`);
  process.exit(0);
}
const RUNS = option('runs', 3);
const files = readFileSync(`${CORPUS}MANIFEST.tsv`, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')[0] as string);
const cache = mkdtempSync(join(tmpdir(), 'berth-jobs-cache-'));

function run(jobs: string[]): { ms: number; hash: string } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'berth.js'), 'lint', '--no-shellcheck', ...jobs, ...files], { cwd: CORPUS, maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cache } });
  const ms = performance.now() - t;
  const hash = createHash('sha256').update(String(r.status)).update(r.stdout).update('\0').update(r.stderr).digest('hex');
  return { ms, hash };
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

run(['--jobs', '1']); // writes the code cache
const one: number[] = [];
const all: number[] = [];
const hashes = new Set<string>();
for (let i = 0; i < RUNS; i++) {
  for (const [times, args] of [[one, ['--jobs', '1']], [all, ['--jobs', String(availableParallelism())]]] as Array<[number[], string[]]>) {
    const r = run(args);
    times.push(r.ms);
    hashes.add(r.hash);
  }
}
rmSync(cache, { recursive: true, force: true });
const a = median(one);
const b = median(all);
console.log(`bench/jobs — ${files.length} corpus files as paths, ${RUNS} runs each, alternating, medians, node ${process.version}, ${availableParallelism()} cores\n`);
console.log(`berth lint --jobs 1                  ${a.toFixed(0).padStart(7)} ms`);
console.log(`berth lint --jobs ${availableParallelism()} (the cores)       ${b.toFixed(0).padStart(7)} ms`);
console.log(`output identical: ${hashes.size === 1 ? `yes (sha256 ${[...hashes][0]?.slice(0, 16)}…)` : 'NO'}`);
console.log(`\ngoal: --jobs <cores> ≤ 0.65× --jobs 1: ${(b / a).toFixed(2)}× — ${b / a <= 0.65 && hashes.size === 1 ? 'met' : 'not met'}`);
if (hashes.size !== 1) process.exitCode = 1;
