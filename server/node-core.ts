/**
 * The entry of dist/cli/lsp-core.cjs, the second half of `berth lsp`'s bundle: what the server loads after it has
 * answered `initialize` (its core, the Node host's configuration reader, the bash parser's loader, ShellCheck, the
 * rules' documentation) and what bin/berth.js runs before it writes this half's code cache. dist/cli/lsp.cjs, the
 * first half, reaches these modules only through this file; both halves use the first half's vscode-languageserver,
 * so that one ResponseError class serves both (scripts/bundle.mjs).
 */
export { createCore } from './core.js';
export { nodeConfigFiles } from './node-config.js';
export { warmUp } from './warm-up.js';
export { loadShellParser } from '../host/shell-loader.js';
export { runShellcheckAsync } from '../host/shellcheck.js';
export { ruleDocumentation } from '../rules/docs.js';
