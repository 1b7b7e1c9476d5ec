/**
 * bench/findings-hash: one SHA-256 over everything berth concludes about the shared corpus, to show that a change
 * meant to be behaviour-neutral (a faster algorithm) is: the findings with the default configuration and with
 * every rule on (rule, severity, message, range, fix), the text `--fix --unsafe-fixes` produces, and the semantic
 * model (stages and their bases, links, declarations and their values, every variable reference and what it
 * resolves to). Prints the hash of each part and of the whole; run it before and after, compare.
 *
 * Run: npm run bench:hash          Options: --verbose (one hash per file, to find which file changed)
 */
import { createHash } from 'node:crypto';
import { analyze, parse } from '../grammar/index.js';
import { loadShellParser } from '../host/shell-loader.js';
import { defaultConfig } from '../rules/engine/config.js';
import { fixAll } from '../rules/engine/fix.js';
import { lint, type Diagnostic } from '../rules/engine/lint.js';
import { ALL_RULES } from '../rules/index.js';
import { CORPUS, loadCorpus } from './harness.js';

let corpus: ReturnType<typeof loadCorpus>;
try {
  corpus = loadCorpus();
} catch {
  console.log(`bench/findings-hash: skipped — the shared corpus is not at ${CORPUS}`);
  process.exit(0);
}
const loadError = await loadShellParser();
if (loadError) throw new Error(`the bash parser did not load: ${loadError}`);
const verbose = process.argv.includes('--verbose');

const defaults = defaultConfig();
const everything = defaultConfig();
everything.preview = true;
for (const r of ALL_RULES) if (r.meta.enabled === false) everything.rules.set(r.meta.id, { severity: r.meta.severity });

const range = (r: { start: number; end: number }): [number, number] => [r.start, r.end];
const show = (ds: readonly Diagnostic[]): string =>
  JSON.stringify(
    ds.map((d) => [
      d.rule,
      d.severity,
      d.message,
      d.start,
      d.end,
      d.kind,
      d.fix ? [d.fix.title, d.fix.applicability, d.fix.edits.map((e) => [e.start, e.end, e.text, e.placeholder ? range(e.placeholder) : null])] : null,
      d.related?.map((r) => [range(r.range), r.message]) ?? null,
      d.tags ?? null,
    ]),
  );

function modelOf(text: string): string {
  const m = analyze(parse(text));
  const stage = (s: { index: number } | undefined): number => (s ? s.index : -1);
  return JSON.stringify({
    stages: m.stages.map((s) => [s.index, s.name ?? null, range(s.range), s.base.raw, s.base.value ?? null, stage(s.base.stage), s.base.scratch, s.instructions.length, s.platform?.value ?? null]),
    links: m.links.map((l) => [l.kind, l.value, range(l.range), l.byIndex, stage(l.target), l.forward, l.error ?? null]),
    declarations: m.declarations.map((d) => [d.kind, d.name, range(d.nameRange), stage(d.stage), d.value ?? null]),
    references: m.references.map((r) => [r.name, range(r.range), range(r.nameRange), r.by, r.role, stage(r.stage), r.binding?.source ?? null, r.binding?.declaration?.nameRange.start ?? null, r.binding?.value ?? null, r.maybeFromBaseImage]),
    errors: m.errors.map((e) => [e.start, e.end, e.message]),
  });
}

const parts = { default: createHash('sha256'), all: createHash('sha256'), fix: createHash('sha256'), model: createHash('sha256') };
const whole = createHash('sha256');
let findings = 0;
const t0 = performance.now();
for (const [i, path] of corpus.paths.entries()) {
  const text = corpus.texts[i] as string;
  const lintDefault = show(lint(parse(text), defaults).diagnostics);
  const all = lint(parse(text), everything).diagnostics;
  findings += all.length;
  const lintAll = show(all);
  const fixed = fixAll(text, (t) => lint(parse(t), defaults).diagnostics, true);
  const fix = JSON.stringify([fixed.text, [...fixed.applied].sort(), fixed.passes]);
  const model = modelOf(text);
  parts.default.update(`${path}\n${lintDefault}\n`);
  parts.all.update(`${path}\n${lintAll}\n`);
  parts.fix.update(`${path}\n${fix}\n`);
  parts.model.update(`${path}\n${model}\n`);
  if (verbose) {
    const h = createHash('sha256').update(lintDefault).update(lintAll).update(fix).update(model).digest('hex').slice(0, 16);
    console.log(`${h}  ${path}`);
  }
}
console.log(`bench/findings-hash — ${corpus.paths.length} files, ${findings} findings with every rule on, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
for (const [name, h] of Object.entries(parts)) {
  const hex = h.digest('hex');
  whole.update(hex);
  console.log(`${name.padEnd(8)} ${hex}`);
}
console.log(`${'whole'.padEnd(8)} ${whole.digest('hex')}`);
