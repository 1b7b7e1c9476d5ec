// Bundles the command line into one ESM file (dist/berth-cli.mjs) so `berth` starts fast: Node resolves and
// compiles one module instead of the ~700 files chevrotain's ESM build and lodash-es spread over.
import { build } from 'esbuild';

await build({
  entryPoints: ['cli/main.ts'],
  outfile: 'dist/berth-cli.mjs',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  // CommonJS dependencies (yaml) require Node builtins; an ESM bundle needs a real `require` for that.
  banner: { js: "import { createRequire as __berthCreateRequire } from 'node:module'; const require = __berthCreateRequire(import.meta.url);" },
  // web-tree-sitter finds its own .wasm next to its module: load it from node_modules, lazily, on first RUN.
  external: ['web-tree-sitter'],
  logLevel: 'warning',
});
