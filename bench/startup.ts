/**
 * bench/startup: how long `berth lint` takes on one file, next to a bare `node -e 0`, in the same run — fresh
 * processes, alternating, medians. Issue #4's target: berth within 30 ms of `node -e 0`. Uses the build in dist/
 * (`npm run build` first), without configuration and without ShellCheck, on examples/Dockerfile.
 *
 * A third process shows the floor under that figure: berth's grammar alone (lexer, Chevrotain parser, lowering,
 * validation; no semantic model, no shell, no rules), bundled as the CLI is, parsing the same file.
 *
 * Run: npm run bench:startup          Options: --runs=N (default 21)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT, option } from './harness.js';

const RUNS = option('runs', 21);
const time = (args: string[]): number => {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return performance.now() - t;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const dir = mkdtempSync(join(tmpdir(), 'berth-startup-'));
const entry = join(dir, 'parse-only.ts');
writeFileSync(
  entry,
  `import { readFileSync } from 'node:fs';\nimport { parse } from ${JSON.stringify(join(ROOT, 'grammar', 'index.ts'))};\n` +
    `if (parse(readFileSync(${JSON.stringify(join(ROOT, 'examples', 'Dockerfile'))}, 'utf8')).dockerfile.instructions.length === 0) process.exit(1);\n`,
);
await build({ entryPoints: [entry], outfile: join(dir, 'parse-only.mjs'), bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'error' });

const lintArgs = [join(ROOT, 'bin', 'berth.js'), 'lint', '--no-config', '--no-shellcheck', 'examples/Dockerfile'];
const parseArgs = [join(dir, 'parse-only.mjs')];
const node: number[] = [];
const parseOnly: number[] = [];
const berth: number[] = [];
time(['-e', '0']);
time(parseArgs);
time(lintArgs);
for (let i = 0; i < RUNS; i++) {
  node.push(time(['-e', '0']));
  parseOnly.push(time(parseArgs));
  berth.push(time(lintArgs));
}
rmSync(dir, { recursive: true, force: true });
const n = median(node);
const p = median(parseOnly);
const b = median(berth);
const row = (label: string, ms: number, over?: number): string =>
  `${label.padEnd(44)}${ms.toFixed(1).padStart(7)} ms${over === undefined ? '' : `   (+${over.toFixed(1)} over node)`}`;
console.log(`bench/startup — ${RUNS} runs each, alternating, node ${process.version}\n`);
console.log(row('node -e 0', n));
console.log(row("berth's grammar alone, parsing the file", p, p - n));
console.log(row('berth lint examples/Dockerfile', b, b - n));
console.log(`berth over node -e 0 (target ≤ 30 ms)       ${(b - n).toFixed(1).padStart(7)} ms`);
