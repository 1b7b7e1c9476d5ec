// Builds the extension into client/dist/, everything the .vsix needs and nothing else:
//   extension.cjs        the VS Code client (CommonJS: VS Code require()s it; `vscode` is provided by VS Code)
//   berth.mjs            berth's whole command line, language server included (`berth lsp --node-ipc`)
//   node_modules/        web-tree-sitter (JS + .wasm) and tree-sitter-bash.wasm: the bundle loads them at run time
//                        the way the CLI does from the package (web-tree-sitter finds its .wasm next to its module,
//                        host/shell-loader.ts resolves 'tree-sitter-bash/tree-sitter-bash.wasm')
//   THIRD_PARTY_NOTICES.txt   the licences of the packages bundled or copied
// Run from anywhere: node client/esbuild.mjs [--dev] (--dev: no minification, with source maps).
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const dist = join(here, 'dist');
const dev = process.argv.includes('--dev');
const require = createRequire(join(root, 'package.json'));

rmSync(dist, { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: !dev,
  sourcemap: dev ? 'linked' : false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
};

const client = await build({
  ...common,
  entryPoints: [join(here, 'src/extension.ts')],
  outfile: join(dist, 'extension.cjs'),
  format: 'cjs',
  external: ['vscode'],
});

const server = await build({
  ...common,
  entryPoints: [join(here, 'src/server.ts')],
  outfile: join(dist, 'berth.mjs'),
  format: 'esm',
  // CommonJS dependencies (yaml) require Node builtins; an ESM bundle needs a real `require` for that.
  banner: { js: "import { createRequire as __berthCreateRequire } from 'node:module'; const require = __berthCreateRequire(import.meta.url);" },
  external: ['web-tree-sitter'],
});

/** Copies files of an installed package into dist/node_modules/<name>/. */
function ship(name, dir, files) {
  const out = join(dist, 'node_modules', name);
  mkdirSync(out, { recursive: true });
  for (const f of files) copyFileSync(join(dir, f), join(out, f));
}
const webTreeSitter = dirname(require.resolve('web-tree-sitter'));
ship('web-tree-sitter', webTreeSitter, ['package.json', 'web-tree-sitter.js', 'web-tree-sitter.wasm', 'LICENSE']);
const treeSitterBash = dirname(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'));
ship('tree-sitter-bash', treeSitterBash, ['tree-sitter-bash.wasm', 'LICENSE']);
// Only the .wasm is used: a package.json without the native binding's entry point and install script.
const bashPkg = JSON.parse(readFileSync(join(treeSitterBash, 'package.json'), 'utf8'));
writeFileSync(
  join(dist, 'node_modules/tree-sitter-bash/package.json'),
  JSON.stringify({ name: bashPkg.name, version: bashPkg.version, license: bashPkg.license }, null, 2) + '\n',
);

// Licences of everything in the bundles and in dist/node_modules.
const packages = new Map();
for (const input of [...Object.keys(client.metafile.inputs), ...Object.keys(server.metafile.inputs), 'node_modules/web-tree-sitter/x', 'node_modules/tree-sitter-bash/x']) {
  const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (m && !packages.has(m[1])) packages.set(m[1], join(root, 'node_modules', m[1]));
}
let notices = 'berth for VS Code includes the following third-party software.\n';
for (const [name, dir] of [...packages].sort(([a], [b]) => a.localeCompare(b))) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const licenceFile = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'License.txt', 'license', 'LICENCE'].map((f) => join(dir, f)).find((f) => existsSync(f));
  notices += `\n${'='.repeat(78)}\n${name} ${pkg.version} (${pkg.license ?? 'see licence'})\n${'='.repeat(78)}\n\n`;
  notices += licenceFile ? readFileSync(licenceFile, 'utf8').trim() + '\n' : `Licence: ${pkg.license ?? 'unknown'}\n`;
}
writeFileSync(join(dist, 'THIRD_PARTY_NOTICES.txt'), notices);
