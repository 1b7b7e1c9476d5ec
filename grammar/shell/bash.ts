/**
 * The bash parser: web-tree-sitter with tree-sitter-bash, loaded once and lazily. Loading is asynchronous (it
 * compiles WebAssembly); parsing afterwards is synchronous, so the lint walk stays synchronous. The core does no
 * I/O: whoever loads the parser says where the grammar's .wasm is (cli/shell-loader.ts does it for Node).
 *
 * A parsed script is copied into plain objects (`SNode`) and the WebAssembly tree is freed at once: rules walk
 * JavaScript objects, and nothing leaks in the WebAssembly heap.
 */
import type { Parser as TSParser } from 'web-tree-sitter';

/** One node of a parsed script, with offsets into the script text (UTF-16 code units). */
export interface SNode {
  type: string;
  named: boolean;
  /** The field this node fills in its parent (`name`, `argument`, `condition`, …). */
  field: string | null;
  start: number;
  end: number;
  children: SNode[];
}

export interface BashSource {
  /** tree-sitter-bash.wasm: a path or URL the runtime can read, or its bytes. */
  language: string | URL | Uint8Array;
}

let parser: TSParser | undefined;
let loading: Promise<void> | undefined;
let loadError: string | undefined;

/** Loads the bash grammar (once; later calls share the first). Never rejects: a failure is kept for `bashError`. */
export function loadBash(source: BashSource): Promise<void> {
  loading ??= (async () => {
    try {
      const ts = await import('web-tree-sitter');
      await ts.Parser.init();
      const language = await ts.Language.load(source.language);
      const p = new ts.Parser();
      p.setLanguage(language);
      parser = p;
    } catch (e) {
      loadError = e instanceof Error ? e.message : String(e);
    }
  })();
  return loading;
}

export function bashLoaded(): boolean {
  return parser !== undefined;
}

/** Why the parser could not be loaded, if it was tried and failed. */
export function bashError(): string | undefined {
  return loadError;
}

/** Parses a script into plain nodes; undefined when the parser is not loaded. Never throws. */
export function parseBash(text: string): SNode | undefined {
  if (!parser) return undefined;
  let tree;
  try {
    tree = parser.parse(text);
  } catch {
    return undefined;
  }
  if (!tree) return undefined;
  try {
    return copyTree(tree.walk());
  } finally {
    tree.delete();
  }
}

/** Copies the tree under the cursor into plain objects (one crossing into WebAssembly per property). */
function copyTree(cursor: ReturnType<NonNullable<ReturnType<TSParser['parse']>>['walk']>): SNode {
  const root: SNode = { type: cursor.nodeType, named: cursor.nodeIsNamed, field: null, start: cursor.startIndex, end: cursor.endIndex, children: [] };
  const stack: SNode[] = [root];
  try {
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const node: SNode = {
        type: cursor.nodeType,
        named: cursor.nodeIsNamed,
        field: cursor.currentFieldName,
        start: cursor.startIndex,
        end: cursor.endIndex,
        children: [],
      };
      (stack[stack.length - 1] as SNode).children.push(node);
      if (cursor.gotoFirstChild()) {
        stack.push(node);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        cursor.gotoParent();
        stack.pop();
        if (stack.length === 0) return root;
      }
    }
  } finally {
    cursor.delete();
  }
}
