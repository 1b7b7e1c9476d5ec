/**
 * bench/rules-summary: lint the shared corpus with every rule on (those off by default too) and print, per rule,
 * how many findings on how many files — so that noisy rules stand out — plus a few sample findings of each rule
 * with file, line and the source line, to read against the real files.
 *
 * Run: npm run bench:rules             Options: --samples=N (per rule, default 3) --rule=ID (only this rule, more samples)
 *                                      --shellcheck (also run ShellCheck, when installed; slow)
 */
import { parse } from '../grammar/index.js';
import { defaultConfig } from '../rules/engine/config.js';
import { lint, type Diagnostic } from '../rules/engine/lint.js';
import { ALL_RULES } from '../rules/index.js';
import { loadShellParser } from '../host/shell-loader.js';
import { findShellcheck } from '../host/shellcheck-find.js';
import { runShellcheck } from '../host/shellcheck.js';
import { CORPUS, loadCorpus } from './harness.js';

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const only = arg('rule');
const samples = Number(arg('samples') ?? (only ? 25 : 3));
const withShellcheck = process.argv.includes('--shellcheck');

let corpus: ReturnType<typeof loadCorpus>;
try {
  corpus = loadCorpus();
} catch {
  console.log(`bench/rules-summary: skipped — the shared corpus is not at ${CORPUS}`);
  process.exit(0);
}
const files = corpus.paths;

const loadError = await loadShellParser();
if (loadError) throw new Error(`the bash parser did not load: ${loadError}`);
const shellcheck = withShellcheck ? findShellcheck(undefined) : undefined;
if (withShellcheck && !shellcheck) console.log('shellcheck is not installed: SC rules left out');

const config = defaultConfig();
config.preview = true;
for (const r of ALL_RULES) if (r.meta.enabled === false) config.rules.set(r.meta.id, { severity: r.meta.severity });

interface Tally {
  findings: number;
  files: Set<string>;
  severity: string;
  samples: Array<{ file: string; line: number; message: string; source: string }>;
}
const tally = new Map<string, Tally>();
let crashes = 0;
const started = performance.now();
for (const [index, file] of files.entries()) {
  const text = corpus.texts[index] as string;
  const parsed = parse(text);
  const external: Diagnostic[] = shellcheck ? runShellcheck(parsed, { path: shellcheck, timeoutMs: 20_000 }).diagnostics : [];
  const res = lint(parsed, config, ALL_RULES, external);
  crashes += res.internalErrors.length;
  for (const e of res.internalErrors) console.log(`CRASH ${file}: ${e.rule}: ${e.error.split('\n')[0]}`);
  for (const d of res.diagnostics) {
    if (only && d.rule !== only) continue;
    const t = tally.get(d.rule) ?? { findings: 0, files: new Set<string>(), severity: d.severity, samples: [] };
    t.findings++;
    t.files.add(file);
    // Spread samples over files: one per file until there are enough.
    if (t.samples.length < samples && !t.samples.some((s) => s.file === file)) {
      const pos = parsed.lines.positionAt(d.start);
      const lineText = text.split(/\r?\n/)[pos.line] ?? '';
      t.samples.push({ file, line: pos.line + 1, message: d.message, source: lineText.trim().slice(0, 110) });
    }
    tally.set(d.rule, t);
  }
}
const ms = performance.now() - started;

const rows = [...tally].sort((a, b) => b[1].findings - a[1].findings);
const aliases = new Map(ALL_RULES.map((r) => [r.meta.id, r.meta.aliases.join(',')]));
console.log(`bench/rules-summary — ${files.length} corpus files, every rule on, ${ms.toFixed(0)} ms, ${crashes} rule crashes\n`);
console.log(`${'rule'.padEnd(34)} ${'aliases'.padEnd(28)} ${'severity'.padEnd(8)} ${'findings'.padStart(8)} ${'files'.padStart(6)}`);
for (const [rule, t] of rows) {
  console.log(`${rule.padEnd(34)} ${(aliases.get(rule) ?? '').slice(0, 28).padEnd(28)} ${t.severity.padEnd(8)} ${String(t.findings).padStart(8)} ${String(t.files.size).padStart(6)}`);
}
const silent = ALL_RULES.filter((r) => !tally.has(r.meta.id)).map((r) => r.meta.id);
if (!only) console.log(`\nrules with no finding on the corpus (${silent.length}): ${silent.join(', ')}`);
console.log('\nsamples:');
for (const [rule, t] of rows) {
  console.log(`\n${rule}`);
  for (const s of t.samples) console.log(`  ${s.file}:${s.line}: ${s.message}\n      ${s.source}`);
}
