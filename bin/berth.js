#!/usr/bin/env node
import { main } from '../dist/berth-cli.mjs';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`berth: internal error: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 3;
  },
);
