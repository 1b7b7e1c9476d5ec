/**
 * The bundled command line (dist/berth.mjs): berth's own CLI, so the extension starts `berth lsp` (node IPC) and
 * runs `berth parse` / `berth explain` from the very same bundle.
 */
import { main } from '../../cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`berth: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 3;
  },
);
