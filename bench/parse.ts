/**
 * bench/parse: parse the shared corpus (../shared/corpus, 2,196 real Dockerfiles) with berth and with
 * dockerfile-ast (the parser under rcjsuen's Dockerfile language server), in the same run.
 *
 * berth is measured from the compiled build in dist/ (what ships; `npm run build` first), not through the
 * TypeScript loader. "berth + views" also touches every instruction's arguments, flags and heredocs (computed
 * lazily). Method: bench/harness.ts (one fresh process per tool, alternating, medians).
 *
 * Run: npm run bench:parse        Options: --processes=N (default 3) --rounds=N (timed rounds each, default 5)
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DIST, runBench, runWorker, workerTool } from './harness.js';

interface BerthInstruction {
  args: unknown[];
  flags: unknown[];
  heredocs: unknown[];
  trigger?: BerthInstruction;
}
interface BerthApi {
  parse(text: string): { dockerfile: { instructions: BerthInstruction[] } };
}
interface DockerfileAst {
  DockerfileParser: { parse(text: string): { getInstructions(): unknown[] } };
}

const TOOLS = ['berth', 'berth + views', 'dockerfile-ast'] as const;
const tool = workerTool();

if (tool === 'dockerfile-ast') {
  await runWorker(async ({ texts }) => {
    const { DockerfileParser } = (await import('dockerfile-ast')) as unknown as DockerfileAst;
    return {
      pass: () => texts.reduce((n, t) => n + DockerfileParser.parse(t).getInstructions().length, 0),
      keep: () => texts.map((t) => DockerfileParser.parse(t)),
    };
  });
} else if (tool === 'berth' || tool === 'berth + views') {
  await runWorker(async ({ texts }) => {
    const berth = (await import(pathToFileURL(`${DIST}grammar/index.js`).href)) as BerthApi;
    const views = tool === 'berth + views';
    return {
      pass: () => {
        let n = 0;
        for (const t of texts) {
          const ins = berth.parse(t).dockerfile.instructions;
          if (!views) n += ins.length;
          else for (const i of ins) n += i.args.length + i.flags.length + i.heredocs.length + (i.trigger ? i.trigger.args.length : 0);
        }
        return n;
      },
      ...(views ? {} : { keep: () => texts.map((t) => berth.parse(t)) }),
    };
  });
} else {
  runBench(fileURLToPath(import.meta.url), 'bench/parse', TOOLS, 'dockerfile-ast', (t, w) => (t === 'berth + views' ? `${w} args+flags+heredocs` : `${w} instructions`));
}
