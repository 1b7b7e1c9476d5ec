// Bundles the command line into ESM chunks under dist/cli/ so `berth` starts fast: Node resolves and compiles a
// few modules instead of the ~700 files chevrotain's ESM build and lodash-es spread over. Code used only by some
// runs (ShellCheck's process, the YAML reader, the diff of --fix-dry-run, the report formats) sits in chunks that
// are loaded when needed.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist/cli', { recursive: true, force: true });
await build({
  entryPoints: { main: 'cli/main.ts' },
  outdir: 'dist/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS dependencies (yaml) require Node builtins; an ESM bundle needs a real `require` for that.
  banner: { js: "import { createRequire as __berthCreateRequire } from 'node:module'; const require = __berthCreateRequire(import.meta.url);" },
  // web-tree-sitter finds its own .wasm next to its module: load it from node_modules, lazily, on first RUN.
  external: ['web-tree-sitter'],
  logLevel: 'warning',
});
