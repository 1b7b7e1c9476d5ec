/**
 * The language server's host on Node (see server/host.ts): configuration files found and read from disk by
 * host/config.ts, the bash parser's .wasm resolved from node_modules, ShellCheck run as a process, the process's
 * memory and exit. Node side only: the server proper never imports this file.
 */
import { dirname, resolve } from 'node:path';
import { URI } from 'vscode-uri';
import * as yamlNamespace from 'yaml';
import { ConfigFileError, ConfigLoader } from '../host/config.js';
import { dockerignoreOf } from '../host/dockerignore.js';
import { loadShellParser } from '../host/shell-loader.js';
import { findShellcheck } from '../host/shellcheck-find.js';
import { VERSION } from '../host/version.js';
import { useYaml } from '../rules/engine/config-file.js';
import type { ConfigFiles, FoundConfig, ServerHost } from './host.js';

/** The path of a `file:` URI; undefined for any other scheme, or a URI that does not parse. */
function filePath(uri: string): string | undefined {
  try {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : undefined;
  } catch {
    return undefined;
  }
}

/** Configuration files on disk, searched from each document's folder (relative paths from `cwd`). */
export function nodeConfigFiles(cwd: string): ConfigFiles {
  // The server reads configuration files all the time: the YAML reader is loaded with it.
  const yaml = yamlNamespace as unknown as { LineCounter?: unknown; default?: unknown };
  useYaml((typeof yaml.LineCounter === 'function' ? yaml : yaml.default) as Parameters<typeof useYaml>[0]);
  let loader = new ConfigLoader(cwd);
  // Read once per Dockerfile until files change (reload): documents are analysed on every keystroke.
  let ignores = new Map<string, { file: string; lines: string[] } | undefined>();
  return {
    scope(uri) {
      const path = filePath(uri);
      return path === undefined ? uri : dirname(path);
    },
    find(uri, configPath): FoundConfig {
      try {
        if (configPath) return { fragment: loader.load(resolve(cwd, configPath)).fragment };
        const path = filePath(uri);
        return { fragment: path === undefined ? undefined : loader.forDirectory(dirname(path))?.fragment };
      } catch (e) {
        if (e instanceof ConfigFileError) return { fragment: undefined, error: { file: e.file, message: e.message } };
        if (configPath) return { fragment: undefined, error: { file: configPath, message: `berth.configPath: cannot read ${configPath}: ${e instanceof Error ? e.message : String(e)}` } };
        throw e;
      }
    },
    reload() {
      loader = new ConfigLoader(cwd);
      ignores = new Map();
    },
    dockerignore(uri) {
      const path = filePath(uri);
      if (path === undefined) return undefined;
      if (!ignores.has(path)) ignores.set(path, dockerignoreOf(path));
      return ignores.get(path);
    },
  };
}

/** Everything the server needs from this Node process. */
export function nodeHost(): ServerHost {
  return {
    version: VERSION,
    config: nodeConfigFiles(process.cwd()),
    loadShellParser,
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
