/**
 * What bin/berth.js runs before it writes V8's code cache: one in-memory lint of a small Dockerfile, so that the cache
 * holds the code every `berth lint` needs (the parser, the semantic model, the fast shell reader, the rules, the
 * default report) whichever command happened to write it (`berth --version` compiles next to nothing). No I/O.
 */
import { parse } from '../grammar/index.js';
import { ALL_RULES } from '../rules/index.js';
import { defaultConfig } from '../rules/engine/config.js';
import { lint } from '../rules/engine/lint.js';
import { stylish } from './output/stylish.js';
import { SAMPLE } from '../rules/engine/warm-up-sample.js';


/** Lints and reports SAMPLE; returns how many findings (so that nothing is optimised away). */
export function warmUp(): number {
  const parsed = parse(SAMPLE);
  const { diagnostics } = lint(parsed, defaultConfig(), ALL_RULES, []);
  const report = stylish([{ path: 'Dockerfile', text: SAMPLE, lines: parsed.lines, diagnostics }], {
    color: false,
    version: '',
    fixHint: true,
    quiet: false,
    fixed: { fixes: 0, files: 0, dryRun: false },
  });
  return diagnostics.length + report.length;
}
