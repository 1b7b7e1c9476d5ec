/**
 * bench/lint: lint the shared corpus with berth (parse, semantic model, every default rule), with dockerfile-utils'
 * `validate` (the validator of rcjsuen's Dockerfile language server) and with dockerfilelint (replicatedhq), in
 * the same run. Each tool runs in-process on text already in memory, as its own API offers it.
 *
 * berth is measured from the compiled build in dist/ (`npm run build` first). dockerfilelint's `run` looks for a
 * `.dockerfilelintrc` on every call (its API does); that file-system probe is part of its figure.
 * Method: bench/harness.ts (one fresh process per tool, alternating, medians).
 *
 * The berth line notes a SHA-256 of all its findings (JSON, file by file): a change made for speed must leave it as it
 * was. The last line says whether issue #15's goal (≥ 3× dockerfile-utils) is met.
 *
 * Run: npm run bench:lint         Options: --processes=N (default 3) --rounds=N (timed rounds each, default 5)
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DIST, runBench, runWorker, workerTool } from './harness.js';

const TOOLS = ['berth', 'dockerfile-utils', 'dockerfilelint'] as const;

interface Finding {
  rule: string;
  severity: string;
  message: string;
  start: number;
  end: number;
  fix?: { title: string; applicability: string; edits: Array<{ start: number; end: number; text: string }> };
  related?: Array<{ range: { start: number; end: number }; message: string }>;
}

/** SHA-256 of every finding's rule, severity, message, range, fix and related ranges, file by file. */
function findingsHash(files: Finding[][]): string {
  const plain = files.map((ds) =>
    ds.map((d) => [
      d.rule,
      d.severity,
      d.message,
      d.start,
      d.end,
      d.fix ? [d.fix.title, d.fix.applicability, d.fix.edits.map((e) => [e.start, e.end, e.text])] : null,
      (d.related ?? []).map((r) => [r.range.start, r.range.end, r.message]),
    ]),
  );
  return createHash('sha256').update(JSON.stringify(plain)).digest('hex');
}
const tool = workerTool();

if (tool === 'berth') {
  await runWorker(async ({ texts }) => {
    const grammar = (await import(pathToFileURL(`${DIST}grammar/index.js`).href)) as {
      parse(t: string): unknown;
      loadBash(s: { language: string }): Promise<void>;
      bashLoaded(): boolean;
      clearScriptCache(): void;
    };
    const { parse } = grammar;
    const { lint } = (await import(pathToFileURL(`${DIST}rules/engine/lint.js`).href)) as { lint(p: unknown, c: unknown): { diagnostics: unknown[] } };
    const { defaultConfig } = (await import(pathToFileURL(`${DIST}rules/engine/config.js`).href)) as { defaultConfig(): unknown };
    await grammar.loadBash({ language: createRequire(import.meta.url).resolve('tree-sitter-bash/tree-sitter-bash.wasm') });
    if (!grammar.bashLoaded()) throw new Error('the bash parser did not load');
    const config = defaultConfig();
    return {
      // Every pass starts with no parsed script in memory: the shell parse of each distinct script is timed.
      pass: () => {
        grammar.clearScriptCache();
        return texts.reduce((n, t) => n + lint(parse(t), config).diagnostics.length, 0);
      },
      keep: () => texts.map((t) => lint(parse(t), config)),
      // What berth found, file by file: equal before and after a change that is only about speed.
      note: `findings sha256 ${findingsHash(texts.map((t) => lint(parse(t), config).diagnostics as Finding[]))}`,
    };
  });
} else if (tool === 'dockerfile-utils') {
  await runWorker(async ({ texts }) => {
    const { validate } = (await import('dockerfile-utils')) as unknown as { validate(t: string): unknown[] };
    return {
      pass: () => texts.reduce((n, t) => n + validate(t).length, 0),
      keep: () => texts.map((t) => validate(t)),
    };
  });
} else if (tool === 'dockerfilelint') {
  await runWorker(async ({ texts }) => {
    const require = createRequire(import.meta.url);
    const dfl = require('dockerfilelint') as { run(configDir: string, content: string): unknown[] };
    const configDir = mkdtempSync(join(tmpdir(), 'dfl-'));
    let crashes = 0;
    const one = (t: string): unknown[] => {
      try {
        return dfl.run(configDir, t);
      } catch {
        crashes++;
        return [];
      }
    };
    return {
      pass: () => {
        crashes = 0;
        return texts.reduce((n, t) => n + one(t).length, 0);
      },
      keep: () => texts.map(one),
      get note() {
        return crashes > 0 ? `threw on ${crashes} files (counted as no findings)` : undefined;
      },
    } as { pass(): number; keep(): unknown[]; note?: string };
  });
} else {
  const med = runBench(fileURLToPath(import.meta.url), 'bench/lint', TOOLS, 'dockerfile-utils', (_t, w) => `${w} findings`);
  if (med) {
    // Issue #15, goal 2.
    const ratio = (med.get('dockerfile-utils') as number) / (med.get('berth') as number);
    console.log(`\ngoal: berth ≥ 3× as fast as dockerfile-utils: ${ratio.toFixed(2)}× — ${ratio >= 3 ? 'met' : 'not met'}`);
  }
}
