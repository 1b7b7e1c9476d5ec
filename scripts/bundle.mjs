// Bundles the command line twice:
//
// - dist/cli/main.js + chunks/: ESM chunks, for `berth lsp` (a long-lived process) and for anyone importing the CLI.
//   Node resolves and compiles a few modules instead of the ~700 files chevrotain's ESM build and lodash-es spread
//   over; code used only by some runs sits in chunks loaded when needed.
// - dist/cli/berth.cjs: every other command as one CommonJS file, which bin/berth.js runs through `vm.Script` with
//   V8's code cache (see bin/berth.js): compiled once, then deserialised on every later run. Dynamic imports become
//   lazy `require`s inside the file, so a module (YAML, diff, a report format) still runs only when asked for; the
//   language server is left out (bin/berth.js never sends `lsp` here). Its first line names berth's version and the
//   bundle's SHA-256, the cache's key.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** `berth lsp` never reaches the CommonJS bundle; should it, it says so instead of loading half a server. */
const noServer = {
  name: 'no-server',
  setup(b) {
    b.onResolve({ filter: /\/server\/main\.js$/ }, () => ({ path: 'no-server', namespace: 'no-server' }));
    b.onLoad({ filter: /.*/, namespace: 'no-server' }, () => ({
      contents: "export function startServer() { throw new Error('the language server runs from dist/cli/main.js (bin/berth.js sends `lsp` there)'); }",
      loader: 'js',
    }));
  },
};

const CJS = 'dist/cli/berth.cjs';
await build({
  entryPoints: ['cli/main.ts'],
  outfile: CJS,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Whitespace only: names stay as they are in stack traces; fewer bytes to read and keep in memory.
  minifyWhitespace: true,
  legalComments: 'none',
  // import() of our own modules becomes a lazy require inside the bundle; of web-tree-sitter, a require of its
  // CommonJS build (it finds its .wasm from there).
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': '__berth_import_meta_url' },
  external: ['web-tree-sitter'],
  plugins: [noServer],
  logLevel: 'warning',
});
const body = readFileSync(CJS, 'utf8');
// One character outside ASCII (esbuild leaves those of regular expressions as they are) would make V8 hold the whole
// source as UTF-16, twice the memory; bin/berth.js reads it as Latin-1.
const wide = /[^\x00-\x7f]/.exec(body);
if (wide) throw new Error(`${CJS}: ${JSON.stringify(body.slice(Math.max(0, wide.index - 40), wide.index + 10))} is not ASCII: write it as \\u${wide[0].charCodeAt(0).toString(16).padStart(4, '0')}`);
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
// The file is CommonJS's module wrapper with the bundle inside, as one function expression: bin/berth.js compiles it
// as it is (wrapping it there would build a second 1 MB string for V8 to compile).
const hash = createHash('sha256').update(body).digest('hex');
writeFileSync(CJS, `(function (exports, require, module, __filename, __dirname, __berth_import_meta_url) {// berth-bundle ${version} ${hash}\n${body}\n})`);
