/**
 * Seeds and run counts of the fuzz suite. Every run prints its seed; `BERTH_FUZZ_SEED=<n>` replays it (each
 * property derives its own seed from it and its name, so one number replays the whole suite) and
 * `BERTH_FUZZ_RUNS=<n>` sets how many inputs each in-process property tries. The CLI and server properties,
 * whose one run is a whole batch of files or a whole editing session, try a fiftieth of that (at least one).
 * A failure prints fast-check's counterexample, already shrunk, with the seed and path that replay it.
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

const said = new Set<string>();

/** A stable 31-bit hash of a name: each property gets its own stream of inputs from the suite's seed. */
function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 1;
}

/**
 * fast-check parameters for one property: its seed (derived from the suite's), its run count (`runs` by default;
 * `heavy` properties, a process per run, take a fiftieth of BERTH_FUZZ_RUNS), and a line on the console saying
 * how to replay.
 */
export function fuzzParams<T>(name: string, runs: number, heavy = false): fc.Parameters<T> {
  const numRuns = RUNS === undefined ? runs : heavy ? Math.max(1, Math.ceil(RUNS / 50)) : Math.max(1, RUNS);
  const seed = (FUZZ_SEED ^ hash(name)) | 0;
  if (!said.has(name)) {
    said.add(name);
    console.log(`fuzz: ${name}: ${numRuns} runs, seed ${seed} (replay the suite with BERTH_FUZZ_SEED=${FUZZ_SEED})`);
  }
  return { seed, numRuns };
}
