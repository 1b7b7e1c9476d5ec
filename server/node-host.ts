/**
 * The language server's host on Node (see server/host.ts): configuration files found and read from disk
 * (node-config.ts, over host/config.ts), the bash parser's .wasm resolved from node_modules, ShellCheck run as a
 * process, the process's memory and exit. Node side only: the server proper never imports this file.
 *
 * What is heavy (the configuration reader with YAML and the rule catalogue, the bash parser's loader, ShellCheck)
 * is imported by `prepare`, which the server awaits with its core after it has answered `initialize`, or on first use.
 */
import { findShellcheck } from '../host/shellcheck-find.js';
import { VERSION } from '../host/version.js';
import type { ConfigFiles, ServerHost } from './host.js';

/** Everything the server needs from this Node process. */
export function nodeHost(): ServerHost {
  let files: ConfigFiles | undefined;
  const config = (): ConfigFiles => {
    if (!files) throw new Error('berth: configuration files were asked for before the Node host was prepared');
    return files;
  };
  return {
    version: VERSION,
    async prepare() {
      files ??= (await import('./node-config.js')).nodeConfigFiles(process.cwd());
    },
    config: {
      scope: (uri) => config().scope(uri),
      find: (uri, configPath) => config().find(uri, configPath),
      reload: () => config().reload(),
      dockerignore: (uri) => config().dockerignore?.(uri),
    },
    loadShellParser: async () => (await import('../host/shell-loader.js')).loadShellParser(),
    shellcheck: {
      find: (configured) => findShellcheck(configured),
      // Loaded on first use: most sessions never run ShellCheck.
      run: async (parse, setup, signal) => (await import('../host/shellcheck.js')).runShellcheckAsync(parse, setup, signal),
    },
    memoryUsage() {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      const m = process.memoryUsage();
      return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, collected: gc !== undefined };
    },
    exit: (code) => process.exit(code),
    failAnalysisOf: process.env.BERTH_TEST_FAIL_ANALYSIS || undefined,
  };
}
