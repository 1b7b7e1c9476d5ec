/**
 * bench/startup — issue #15, goal 1: `berth lint` of one file in a fresh process, next to `dockerfile-utils lint`
 * (the CLI of rcjsuen's dockerfile-utils) on the same file, and a bare `node -e 0` as the floor under both.
 * Processes alternate (node, dockerfile-utils, berth, …), ≥ 21 of each; figures are medians of wall time and of
 * peak RSS (/usr/bin/time -f %M around each process; time's own start-up is in every tool's figure alike).
 *
 * berth runs from the build (`npm run build` first) as users start it, bin/berth.js, with V8's code cache in a
 * folder of its own (written by an untimed first run) and without ShellCheck (dockerfile-utils runs none), on
 * examples/Dockerfile. A last line shows the run without the cache (BERTH_NO_CACHE=1) for comparison.
 *
 * Run: npm run bench:startup          Options: --runs=N (default 21)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, option } from './harness.js';

const RUNS = Math.max(21, option('runs', 21));
const FILE = 'examples/Dockerfile';
const cache = mkdtempSync(join(tmpdir(), 'berth-startup-cache-'));

interface Sample {
  ms: number;
  rss: number;
}

const require = createRequire(import.meta.url);
const dfu = require.resolve('dockerfile-utils/bin/dockerfile-utils');
const time = (args: string[], env: Record<string, string> = {}): Sample => {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, XDG_CACHE_HOME: cache, ...env } });
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const rss = Number(r.stderr.trim().split('\n').pop()) / 1024;
  return { ms, rss };
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const tools: Array<{ name: string; args: string[]; env?: Record<string, string> }> = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'dockerfile-utils lint', args: [dfu, 'lint', FILE] },
  { name: 'berth lint', args: [join(ROOT, 'bin', 'berth.js'), 'lint', '--no-shellcheck', FILE] },
  { name: 'berth lint, no code cache', args: [join(ROOT, 'bin', 'berth.js'), 'lint', '--no-shellcheck', FILE], env: { BERTH_NO_CACHE: '1' } },
];
const samples = tools.map(() => [] as Sample[]);
for (const t of tools) time(t.args, t.env); // the first berth run writes the cache
for (let i = 0; i < RUNS; i++) tools.forEach((t, j) => samples[j]?.push(time(t.args, t.env)));
rmSync(cache, { recursive: true, force: true });

const ms = samples.map((s) => median(s.map((x) => x.ms)));
const rss = samples.map((s) => median(s.map((x) => x.rss)));
console.log(`bench/startup — ${FILE}, ${RUNS} fresh processes each, alternating, medians, node ${process.version}\n`);
tools.forEach((t, j) => console.log(`${t.name.padEnd(30)}${(ms[j] as number).toFixed(1).padStart(8)} ms${(rss[j] as number).toFixed(1).padStart(8)} MiB peak RSS`));
const [, d, b] = ms as [number, number, number];
const [, dr, br] = rss as [number, number, number];
console.log('');
console.log(`wall time: berth ${(b / d).toFixed(2)}× dockerfile-utils (goal ≤ 1.00×): ${b / d <= 1 ? 'met' : 'not met'}`);
console.log(`peak RSS:  berth ${(br / dr).toFixed(2)}× dockerfile-utils (goal ≤ 1.00×): ${br / dr <= 1 ? 'met' : 'not met'}`);
