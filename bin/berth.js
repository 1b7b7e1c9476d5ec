#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';

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
