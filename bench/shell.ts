/**
 * bench/shell: how RUN scripts are read on the shared corpus. Every distinct script (the pieces `runScript` hands to
 * the shell reader), how many berth's fast reader takes and what share of the script text that is, how many files
 * still need the WebAssembly parser, and the time to read the scripts the fast reader takes with it and with
 * tree-sitter-bash (parse + copy out of WebAssembly), in the same process, medians of several rounds.
 *
 * Run: npm run bench:shell           Options: --rounds=N (default 7)
 */
import { analyze, loadBash, needsBashParser, parse, parseBash, runScript, shellAt, type Instruction } from '../grammar/index.js';
import { parseSimpleScript } from '../grammar/shell/fast.js';
import { CORPUS, loadCorpus, option } from './harness.js';

let corpus: ReturnType<typeof loadCorpus>;
try {
  corpus = loadCorpus();
} catch {
  console.log(`bench/shell: skipped — the shared corpus is not at ${CORPUS}`);
  process.exit(0);
}
const rounds = option('rounds', 7);

// Before the WebAssembly parser is loaded: which files need it.
const needing = corpus.texts.filter((t) => needsBashParser(parse(t))).length;

const { createRequire } = await import('node:module');
await loadBash({ language: createRequire(import.meta.url).resolve('tree-sitter-bash/tree-sitter-bash.wasm') });
const scripts = new Set<string>();
for (const text of corpus.texts) {
  const p = parse(text);
  const m = analyze(p);
  for (const i of p.dockerfile.instructions) {
    const run = i.kind === 'Onbuild' ? (i as unknown as { trigger?: Instruction }).trigger : i;
    if (run?.kind !== 'Run') continue;
    for (const piece of runScript(run, shellAt(m, m.stageAt(run.range.start), run.range.start)).pieces) scripts.add(piece.text);
  }
}
const all = [...scripts];
const taken = all.filter((s) => parseSimpleScript(s) !== undefined);
const chars = (xs: string[]): number => xs.reduce((n, s) => n + s.length, 0);

const median = (f: () => void): number => {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
};
const fast = median(() => {
  for (const s of taken) parseSimpleScript(s);
});
const ts = median(() => {
  for (const s of taken) parseBash(s);
});

console.log(`bench/shell — ${corpus.texts.length} files, ${all.length} distinct RUN scripts (${(chars(all) / 1e6).toFixed(2)} M characters); node ${process.version}\n`);
console.log(`fast reader takes               ${taken.length} of ${all.length} scripts, ${((100 * chars(taken)) / chars(all)).toFixed(1)}% of their text`);
console.log(`files needing tree-sitter       ${needing} of ${corpus.texts.length}`);
console.log(`reading the scripts it takes    fast reader ${fast.toFixed(1)} ms, tree-sitter-bash ${ts.toFixed(1)} ms (${(ts / fast).toFixed(1)}×), median of ${rounds}`);
