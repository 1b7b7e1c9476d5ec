/**
 * Seeds and run counts of the fuzz suite. Every run prints its seed; `BERTH_FUZZ_SEED=<n>` replays it (each
 * property derives its own seed from it and its name, so one number replays the whole suite) and
 * `BERTH_FUZZ_RUNS=<n>` sets how hard it tries: each in-process property tries n inputs, the server n/10 editing
 * sessions and the command line n/50 batches of files (at least one each), with no time limit. A failure prints
 * fast-check's counterexample, already shrunk, with the seed and path that replay it.
 *
 *   BERTH_FUZZ_SEED=123 npx vitest run test/fuzz            # replay a run
 *   BERTH_FUZZ_RUNS=5000 npx vitest run test/fuzz           # search harder (minutes)
 */
import type fc from 'fast-check';

function envInt(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`${name} must be an integer, not ${JSON.stringify(v)}`);
  return n;
}

/** The suite's seed: BERTH_FUZZ_SEED, else a new one each run. */
export const FUZZ_SEED: number = envInt('BERTH_FUZZ_SEED') ?? Math.floor(Math.random() * 0x7fffffff);
const RUNS = envInt('BERTH_FUZZ_RUNS');

/** The timeout of a fuzz test: vitest's default, or half an hour when BERTH_FUZZ_RUNS asks for more. */
export const FUZZ_TIMEOUT: number | undefined = RUNS === undefined ? undefined : 30 * 60_000;

const said = new Set<string>();

/** A stable 31-bit hash of a name: each property gets its own stream of inputs from the suite's seed. */
function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 1;
}

/**
 * fast-check parameters for one property: its seed (derived from the suite's), its run count (`runs` by default,
 * else BERTH_FUZZ_RUNS times `share`: 1 in process, 1/10 for server sessions, 1/50 for CLI batches), a time limit
 * by default (`limitMs`: the property stops early, passing, rather than stall CI on a loaded machine), and a line
 * on the console saying how to replay.
 */
export function fuzzParams<T>(name: string, runs: number, opts: { share?: number; limitMs?: number } = {}): fc.Parameters<T> {
  const numRuns = RUNS === undefined ? runs : Math.max(1, Math.ceil(RUNS * (opts.share ?? 1)));
  const seed = (FUZZ_SEED ^ hash(name)) | 0;
  if (!said.has(name)) {
    said.add(name);
    console.log(`fuzz: ${name}: ${numRuns} runs, seed ${seed} (replay the suite with BERTH_FUZZ_SEED=${FUZZ_SEED})`);
  }
  return { seed, numRuns, ...(RUNS === undefined && opts.limitMs !== undefined ? { interruptAfterTimeLimit: opts.limitMs } : {}) };
}
