/**
 * bench/format: format the shared corpus with berth (parse + every formatting rule, default options) and with
 * dockerfile-utils' `format` (the formatter of rcjsuen's Dockerfile language server, tab size 4 with spaces), in
 * the same run. Each tool runs in-process on text already in memory and produces the formatted text of every file
 * (dockerfile-utils returns LSP edits, applied with vscode-languageserver-textdocument, as an editor would). The
 * work figure is how many files each tool changes.
 *
 * berth is measured from the compiled build in dist/ (`npm run build` first).
 * Method: bench/harness.ts (one fresh process per tool, alternating, medians).
 *
 * Run: npm run bench:format       Options: --processes=N (default 3) --rounds=N (timed rounds each, default 5)
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DIST, runBench, runWorker, workerTool } from './harness.js';

const TOOLS = ['berth', 'dockerfile-utils'] as const;
const tool = workerTool();

if (tool === 'berth') {
  await runWorker(async ({ texts }) => {
    const { formatText } = (await import(pathToFileURL(`${DIST}format/index.js`).href)) as { formatText(t: string): string };
    return {
      pass: () => texts.reduce((n, t) => n + (formatText(t) !== t ? 1 : 0), 0),
      keep: () => texts.map((t) => formatText(t)),
    };
  });
} else if (tool === 'dockerfile-utils') {
  await runWorker(async ({ texts }) => {
    const { format } = (await import('dockerfile-utils')) as unknown as { format(t: string, o: { tabSize: number; insertSpaces: boolean }): unknown[] };
    const { TextDocument } = await import('vscode-languageserver-textdocument');
    const options = { tabSize: 4, insertSpaces: true };
    const one = (t: string): string => TextDocument.applyEdits(TextDocument.create('file:///Dockerfile', 'dockerfile', 0, t), format(t, options) as Parameters<typeof TextDocument.applyEdits>[1]);
    return {
      pass: () => texts.reduce((n, t) => n + (one(t) !== t ? 1 : 0), 0),
      keep: () => texts.map(one),
    };
  });
} else {
  runBench(fileURLToPath(import.meta.url), 'bench/format', TOOLS, 'dockerfile-utils', (_t, w) => `${w} files changed`);
}
