/**
 * bench/startup: how long `berth lint` takes on one file, next to a bare `node -e 0`, in the same run — fresh
 * processes, alternating, medians. Issue #4's target: berth within 30 ms of `node -e 0`. Uses the build in dist/
 * (`npm run build` first), without configuration and without ShellCheck, on examples/Dockerfile.
 *
 * Run: npm run bench:startup          Options: --runs=N (default 21)
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, option } from './harness.js';

const RUNS = option('runs', 21);
const time = (args: string[]): number => {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return performance.now() - t;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const lintArgs = [join(ROOT, 'bin', 'berth.js'), 'lint', '--no-config', '--no-shellcheck', 'examples/Dockerfile'];
const node: number[] = [];
const berth: number[] = [];
time(['-e', '0']);
time(lintArgs);
for (let i = 0; i < RUNS; i++) {
  node.push(time(['-e', '0']));
  berth.push(time(lintArgs));
}
const n = median(node);
const b = median(berth);
console.log(`bench/startup — ${RUNS} runs each, alternating, node ${process.version}\n`);
console.log(`node -e 0                                   ${n.toFixed(1).padStart(7)} ms`);
console.log(`berth lint examples/Dockerfile              ${b.toFixed(1).padStart(7)} ms`);
console.log(`berth over node -e 0 (target ≤ 30 ms)       ${(b - n).toFixed(1).padStart(7)} ms`);
