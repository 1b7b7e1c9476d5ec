/**
 * The language server's configuration files on Node: found and read from disk by host/config.ts (which brings the
 * YAML reader and the rule catalogue), searched from each document's folder. Loaded by node-host.ts with the
 * server's core, after `initialize` is answered. Node side only.
 */
import { dirname, resolve } from 'node:path';
import { URI } from 'vscode-uri';
import * as yamlNamespace from 'yaml';
import { ConfigFileError, ConfigLoader } from '../host/config.js';
import { dockerignoreOf } from '../host/dockerignore.js';
import { useYaml } from '../rules/engine/config-file.js';
import type { ConfigFiles, FoundConfig } from './host.js';

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
