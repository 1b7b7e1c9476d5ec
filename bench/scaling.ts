/**
 * bench/scaling: does berth's cost grow with the size of a Dockerfile, and no faster? Each shape of
 * bench/scaling-shapes.ts (plus real corpus files concatenated, when the shared corpus is there) is built at
 * 100 KB, 200 KB, … 6.4 MB, and each phase is timed on it separately:
 * - parse: `parse(text)` (lexer, parser, lossless tree, syntax checks);
 * - model: the semantic model with every reference and expansion error;
 * - shell: reading every RUN's script (the bash reader, command extraction);
 * - lint: `lint()` on a fresh parse with the default configuration (model, shell and rules included);
 * - fix: `fixAll` as `berth lint --fix --unsafe-fixes` runs it (lint, apply, parse and lint again, ≤ 10 passes);
 * - lines: line/column of every finding, as a report prints them.
 * It prints milliseconds per MB at each size (flat when the cost is linear) and the ratio of each doubling
 * (2.0 when linear; test/scaling.test.ts fails above 3). With --rules, the five slowest rules at each size.
 * With --cli, also the built CLI end to end (`berth parse`, `berth lint`, `berth lint --fix --unsafe-fixes`;
 * `npm run build` first).
 *
 * Run: npm run bench:scaling     Options: --shapes=a,b (default: all) --max=6.4e6 --phases=parse,lint,…
 *                                          --rules --cli --budget=SECONDS (stop doubling a phase past it, default 60)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, clearScriptCache, parse, runScript, shellAt, type Instruction } from '../grammar/index.js';
import { loadShellParser } from '../host/shell-loader.js';
import { defaultConfig } from '../rules/engine/config.js';
import { fixAll } from '../rules/engine/fix.js';
import { lint, SHELL_PROFILE_KEY } from '../rules/engine/lint.js';
import { CORPUS, ROOT, option } from './harness.js';
import { SHAPES, SIZES, type Shape } from './scaling-shapes.js';

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const max = option('max', 6.4e6);
const budgetMs = option('budget', 60) * 1000;
const withRules = process.argv.includes('--rules');
const withCli = process.argv.includes('--cli');

/** Real corpus files one after another, in manifest order, until the size is reached. */
function corpusShape(): Shape | undefined {
  if (!existsSync(`${CORPUS}MANIFEST.tsv`)) return undefined;
  const paths = readFileSync(`${CORPUS}MANIFEST.tsv`, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')[0] as string);
  const texts = paths.map((p) => readFileSync(CORPUS + p, 'utf8'));
  return (bytes) => {
    const parts: string[] = [];
    let n = 0;
    for (let i = 0; n < bytes; i++) {
      const t = texts[i % texts.length] as string;
      const piece = t.endsWith('\n') ? t : `${t}\n`;
      parts.push(piece);
      n += piece.length;
    }
    return parts.join('');
  };
}

const shapes: Record<string, Shape> = {};
const fromCorpus = corpusShape();
if (fromCorpus) shapes.corpus = fromCorpus;
else console.log(`(the shared corpus is not at ${CORPUS}: the corpus shape is left out)`);
Object.assign(shapes, SHAPES);
const only = arg('shapes')?.split(',');

const loadError = await loadShellParser();
if (loadError) console.log(`(the bash parser did not load: ${loadError}; scripts the fast reader cannot take are not analysed)`);
const config = defaultConfig();

const runsOf = (instructions: readonly Instruction[]): Instruction[] =>
  instructions.flatMap((i) => {
    const t = i.kind === 'Onbuild' ? (i as unknown as { trigger?: Instruction }).trigger : i;
    return t?.kind === 'Run' ? [t] : [];
  });

const PHASES: Record<string, { prepare?: (text: string) => unknown; run: (prepared: unknown, text: string, profile?: Map<string, number>) => void }> = {
  parse: { run: (_p, text) => void parse(text) },
  model: {
    prepare: (text) => parse(text),
    run: (p) => {
      const m = analyze(p as ReturnType<typeof parse>);
      void m.references;
      void m.errors;
    },
  },
  shell: {
    prepare: (text) => {
      const p = parse(text);
      return { model: analyze(p), runs: runsOf(p.dockerfile.instructions) };
    },
    run: (prepared) => {
      const { model, runs } = prepared as { model: ReturnType<typeof analyze>; runs: Instruction[] };
      clearScriptCache();
      for (const r of runs) runScript(r, shellAt(model, model.stageAt(r.range.start), r.range.start));
    },
  },
  lint: {
    prepare: (text) => parse(text),
    run: (p, _t, profile) => {
      clearScriptCache();
      lint(p as ReturnType<typeof parse>, config, undefined, [], profile ? { profile } : {});
    },
  },
  fix: {
    run: (_p, text) => {
      clearScriptCache();
      fixAll(text, (t) => lint(parse(t), config).diagnostics, true);
    },
  },
  lines: {
    prepare: (text) => {
      const p = parse(text);
      return { lines: p.lines, ds: lint(p, config).diagnostics };
    },
    run: (prepared) => {
      const { lines, ds } = prepared as { lines: ReturnType<typeof parse>['lines']; ds: Array<{ start: number; end: number }> };
      for (const d of ds) lines.rangeAt(d);
    },
  },
};
const phases = arg('phases')?.split(',') ?? Object.keys(PHASES);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;

/** Median milliseconds of a phase on a text (more repetitions on small texts, where noise weighs more). */
function time(name: string, text: string, reps = text.length <= 400e3 ? 5 : text.length <= 1.6e6 ? 3 : 1): number {
  const phase = PHASES[name] as (typeof PHASES)[string];
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const prepared = phase.prepare?.(text);
    const t0 = performance.now();
    phase.run(prepared, text);
    times.push(performance.now() - t0);
  }
  return median(times);
}

function cliTime(args: string[], text: string): number {
  const dir = mkdtempSync(join(tmpdir(), 'berth-scaling-'));
  const file = join(dir, 'Dockerfile');
  writeFileSync(file, text);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/berth.js'), ...args, file], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0 && r.status !== 1) return Number.NaN;
  return ms;
}

const cell = (ms: number | undefined, mb: number): string => (ms === undefined ? '—' : Number.isNaN(ms) ? 'fail' : (ms / mb).toFixed(0));
const sizes = SIZES.filter((s) => s <= max);
console.log(`bench/scaling — ms per MB at each size (flat = linear); ×: time ratio of the last doubling (2.0 = linear). node ${process.version}\n`);
for (const [shapeName, shape] of Object.entries(shapes)) {
  if (only && !only.includes(shapeName)) continue;
  const names = [...phases, ...(withCli ? ['cli parse', 'cli lint', 'cli fix'] : [])];
  console.log(`${shapeName}`);
  console.log(`${'size'.padStart(9)}${names.map((n) => n.padStart(11)).join('')}`);
  // One untimed round on the smallest size first, so that the first figures do not include compiling the code.
  for (const name of phases) time(name, shape(sizes[0] as number), 1);
  const prev = new Map<string, number>();
  const over = new Set<string>();
  const worst = new Map<string, number>();
  for (const size of sizes) {
    const text = shape(size);
    const mb = text.length / 1e6;
    const cells: string[] = [];
    for (const name of names) {
      if (over.has(name)) {
        cells.push('skipped'.padStart(11));
        continue;
      }
      let ms: number;
      if (name === 'cli parse') ms = cliTime(['parse'], text);
      else if (name === 'cli lint') ms = cliTime(['lint', '--no-config'], text);
      else if (name === 'cli fix') ms = cliTime(['lint', '--no-config', '--fix', '--unsafe-fixes'], text);
      else ms = time(name, text);
      const before = prev.get(name);
      if (before !== undefined && before > 20) worst.set(name, Math.max(worst.get(name) ?? 0, ms / before));
      prev.set(name, ms);
      if (ms > budgetMs) over.add(name);
      cells.push(`${cell(ms, mb)}${before !== undefined && before > 0 ? `/${(ms / before).toFixed(1)}` : ''}`.padStart(11));
    }
    console.log(`${`${(text.length / 1e3).toFixed(0)} KB`.padStart(9)}${cells.join('')}`);
    if (withRules) {
      const profile = new Map<string, number>();
      clearScriptCache();
      lint(parse(text), config, undefined, [], { profile });
      const top = [...profile].sort((a, b) => b[1] - a[1]).slice(0, 5);
      console.log(`${''.padStart(9)}  slowest: ${top.map(([id, ms]) => `${id === SHELL_PROFILE_KEY ? 'shell' : id} ${ms.toFixed(0)} ms`).join(', ')}`);
    }
  }
  console.log(`${'worst ×'.padStart(9)}${names.map((n) => (worst.has(n) ? (worst.get(n) as number).toFixed(1) : '—').padStart(11)).join('')}\n`);
}
