#!/usr/bin/env node
import module from 'node:module';
import { setFlagsFromString } from 'node:v8';

// Node 22.1 and later keep V8's compiled code for our modules on disk (in the system's temporary directory, or
// NODE_COMPILE_CACHE; NODE_DISABLE_COMPILE_CACHE=1 turns it off), so later runs skip compiling ~1 MB of JavaScript.
// Older Node has no such cache and goes on without one.
module.enableCompileCache?.();

// The bash parser is WebAssembly. V8's optimizing tier would compile all 1.3 MB of it in the background and
// hold the process at exit for half a second; the baseline compiler alone is faster for a command-line run.
// The language server is long-lived: there the optimizing tier pays off.
if (process.argv[2] !== 'lsp') setFlagsFromString('--liftoff-only');

const { main } = await import('../dist/cli/main.js');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`berth: internal error: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 3;
  },
);
