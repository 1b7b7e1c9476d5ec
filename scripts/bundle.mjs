// Bundles the command line twice:
//
// - dist/cli/main.js + chunks/: ESM chunks, for `berth lsp` (a long-lived process) and for anyone importing the CLI.
//   Node resolves and compiles a few modules instead of the ~700 files chevrotain's ESM build and lodash-es spread
//   over; code used only by some runs sits in chunks loaded when needed.
// - dist/cli/lsp.cjs and dist/cli/lsp-core.cjs: `berth lsp` in two CommonJS files, run by bin/berth.js from V8's
//   code cache as berth.cjs is. The first is what answers `initialize` (the connection, the gate, the capabilities);
//   the second (server/node-core.ts: the core with the grammar, the rules and the features) is loaded once that
//   answer is written. Apart, each has its own code cache, and the start reads and deserialises only the first.
// - dist/cli/berth.cjs: every other command as one CommonJS file, which bin/berth.js runs through `vm.Script` with
//   V8's code cache (see bin/berth.js): compiled once, then deserialised on every later run. Dynamic imports become
//   lazy `require`s inside the file, so a module (YAML, diff, a report format) still runs only when asked for; the
//   language server is left out (bin/berth.js never sends `lsp` here). Its first line names berth's version and the
//   bundle's SHA-256, the cache's key.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * `berth lsp`'s first half reaches its second (server/node-core.ts) through bin/berth.js: the modules it would import
 * become a call to `__berth_parts.load`, which runs dist/cli/lsp-core.cjs, handing it this half's vscode-languageserver.
 */
const coreApart = {
  name: 'core-apart',
  setup(b) {
    // What server/node-core.ts exports, as the first half's files import it.
    const apart = /^(\.\/(core|node-config|warm-up)|\.\.\/host\/(shell-loader|shellcheck)|\.\.\/rules\/docs)\.js$/;
    b.onResolve({ filter: apart }, (args) => (/[\\/]server[\\/][^\\/]+\.ts$/.test(args.importer) ? { path: args.path, namespace: 'lsp-core' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lsp-core' }, () => ({
      contents: "module.exports = __berth_parts.load('lsp-core', { 'vscode-languageserver': require('vscode-languageserver') });",
      loader: 'js',
      resolveDir: process.cwd(),
    }));
  },
};

/** The second half's vscode-languageserver is the first half's (one ResponseError class, one copy in memory). */
const sharedLsp = {
  name: 'shared-lsp',
  setup(b) {
    b.onResolve({ filter: /^vscode-languageserver$/ }, () => ({ path: 'vscode-languageserver', namespace: 'shared' }));
    b.onLoad({ filter: /.*/, namespace: 'shared' }, () => ({ contents: "module.exports = __berth_parts.shared['vscode-languageserver'];", loader: 'js' }));
  },
};

/**
 * vscode-jsonrpc and vscode-languageserver require `crypto`, `child_process` and `net` when they load, for what a
 * stdio server never does (random pipe names, resolving global npm modules, sockets); Node compiling those modules
 * cost about 9 ms of the time to answer `initialize` (162 → 153 ms here). In the server's bundle they are required on
 * first use instead.
 */
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: /^(crypto|child_process|net)$/ }, (args) =>
      /[\\/]node_modules[\\/]vscode-(jsonrpc|languageserver)[\\/]/.test(args.importer) ? { path: args.path, namespace: 'lazy-builtin' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: `let m; const get = () => (m ??= require('node:${args.path}')); module.exports = new Proxy({}, { get: (_, k) => get()[k], has: (_, k) => k in get() });`,
      loader: 'js',
    }));
  },
};

/** One CommonJS bundle for bin/berth.js to run through `vm.Script` with V8's code cache (see the top of this file). */
async function commonJsBundle(entry, outfile, plugins) {
  // Built beside the bundle and renamed over it at the end: a server or CLI started during a rebuild reads the old
  // bundle or the new one, never half of one.
  const temporary = `${outfile}.${process.pid}.tmp`;
  await build({
    entryPoints: [entry],
    outfile: temporary,
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
    plugins,
    logLevel: 'warning',
  });
  const body = readFileSync(temporary, 'utf8');
  // One character outside ASCII (esbuild leaves those of regular expressions as they are) would make V8 hold the whole
  // source as UTF-16, twice the memory; bin/berth.js reads it as Latin-1.
  const wide = /[^\x00-\x7f]/.exec(body);
  if (wide) throw new Error(`${outfile}: ${JSON.stringify(body.slice(Math.max(0, wide.index - 40), wide.index + 10))} is not ASCII: write it as \\u${wide[0].charCodeAt(0).toString(16).padStart(4, '0')}`);
  const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
  // The file is CommonJS's module wrapper with the bundle inside, as one function expression: bin/berth.js compiles it
  // as it is (wrapping it there would build a second 1 MB string for V8 to compile).
  const hash = createHash('sha256').update(body).digest('hex');
  writeFileSync(temporary, `(function (exports, require, module, __filename, __dirname, __berth_import_meta_url, __berth_parts) {// berth-bundle ${version} ${hash}\n${body}\n})`);
  renameSync(temporary, outfile);
}

await commonJsBundle('cli/main.ts', 'dist/cli/berth.cjs', [noServer]);
await commonJsBundle('server/main.ts', 'dist/cli/lsp.cjs', [coreApart, lazyBuiltins]);
await commonJsBundle('server/node-core.ts', 'dist/cli/lsp-core.cjs', [sharedLsp]);
