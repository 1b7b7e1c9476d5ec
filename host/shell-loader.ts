/**
 * Loads the bash parser for Node: finds tree-sitter-bash's .wasm through module resolution (works from the
 * sources, the bundle in dist/ and an installed package alike). The core never touches the file system itself.
 */
import { createRequire } from 'node:module';
import { bashError, bashLoaded, loadBash } from '../grammar/index.js';

/** Loads the parser once; returns why it failed, or undefined when it is ready. */
export async function loadShellParser(): Promise<string | undefined> {
  if (bashLoaded()) return undefined;
  let path: string;
  try {
    path = createRequire(import.meta.url).resolve('tree-sitter-bash/tree-sitter-bash.wasm');
  } catch (e) {
    return `tree-sitter-bash is not installed: ${e instanceof Error ? e.message : String(e)}`;
  }
  await loadBash({ language: path });
  return bashError();
}
