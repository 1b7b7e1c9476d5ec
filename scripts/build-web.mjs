// Builds the playground (web/) into web/dist/: a static folder any static host serves as it is, or a browser opens
// from disk. Two esbuild bundles (the page, and berth's language server for its Web Worker), the page's HTML and
// CSS, and the bash parser's two .wasm files next to them. Everything the page loads is in that folder: nothing is
// fetched from elsewhere.
// Usage: node scripts/build-web.mjs [--out DIR] [--dev]   (--dev: no minifying, inline source maps)
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = resolve(root, outAt >= 0 && args[outAt + 1] ? args[outAt + 1] : 'web/dist');
const dev = args.includes('--dev');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const require = createRequire(import.meta.url);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// Classic scripts (IIFE), not modules: a browser runs no module script and starts no worker from a file:// page, and
// the playground must work when its folder is simply opened. The worker is worker.js, started by URL when the page
// is served; from disk the page starts it from the same code as a string (worker-source.js, a Blob URL).
const common = {
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome111', 'firefox115', 'safari16.4'],
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: root,
};

const [, worker] = await Promise.all([
  build({ ...common, entryPoints: ['web/src/main.ts'], outfile: join(out, 'playground.js') }),
  build({
    ...common,
    entryPoints: ['web/src/worker.ts'],
    write: false,
    outfile: join(out, 'worker.js'),
    define: { BERTH_VERSION: JSON.stringify(version) },
    // web-tree-sitter reaches for Node's modules only when it runs on Node: never in a browser.
    external: ['module', 'fs', 'fs/promises', 'path', 'url'],
  }),
]);
const workerCode = worker.outputFiles[0].text;
writeFileSync(join(out, 'worker.js'), workerCode);
writeFileSync(join(out, 'worker-source.js'), `self.BERTH_WORKER_SOURCE=${JSON.stringify(workerCode)};\n`);

copyFileSync(join(root, 'web/index.html'), join(out, 'index.html'));
copyFileSync(join(root, 'web/playground.css'), join(out, 'playground.css'));
copyFileSync(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'), join(out, 'tree-sitter-bash.wasm'));
copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), join(out, 'web-tree-sitter.wasm'));
process.stdout.write(`playground built in ${out}\n`);
