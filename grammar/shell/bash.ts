/**
 * The bash parser: web-tree-sitter with tree-sitter-bash, loaded once and lazily. Loading is asynchronous (it
 * compiles WebAssembly); parsing afterwards is synchronous, so the lint walk stays synchronous. The core does no
 * I/O: whoever loads the parser says where the grammar's .wasm is (host/shell-loader.ts does it for Node).
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
  /**
   * Set on the root only: tree-sitter recovered from an error somewhere. Not every error leaves an ERROR node: a
   * missing closing quote, `)` or backtick, or a command missing after `&&` or `|`, is a zero-width MISSING node,
   * which the copy does not keep.
   */
  hasError?: boolean;
}

export interface BashSource {
  /** tree-sitter-bash.wasm: a path or URL the runtime can read, or its bytes. */
  language: string | URL | Uint8Array;
  /**
   * web-tree-sitter's own runtime .wasm, for a bundle that moved the runtime away from its .wasm (the playground's
   * Web Worker): a URL, or its bytes. Left out, the runtime looks next to its own module, as on Node.
   */
  runtime?: string | URL | Uint8Array;
}

let parser: TSParser | undefined;
let loading: Promise<void> | undefined;
let loadError: string | undefined;

/** Loads the bash grammar (once; later calls share the first). Never rejects: a failure is kept for `bashError`. */
export function loadBash(source: BashSource): Promise<void> {
  loading ??= (async () => {
    try {
      const ts = await import('web-tree-sitter');
      const runtime = source.runtime;
      await ts.Parser.init(runtime === undefined ? undefined : runtime instanceof Uint8Array ? { wasmBinary: runtime } : { locateFile: () => String(runtime) });
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
    const root = copyTree(tree.walk(), text);
    if (tree.rootNode.hasError) root.hasError = true;
    return root;
  } finally {
    tree.delete();
  }
}

/** Parents whose children's field names extraction reads. */
const FIELD_PARENTS: ReadonlySet<string> = new Set(['if_statement', 'while_statement', 'until_statement', 'redirected_statement', 'variable_assignment', 'heredoc_redirect']);

/** Nodes whose children extraction never needs, and those it needs only when they hold a `$` or a backtick. */
const LEAVES: ReadonlySet<string> = new Set(['word', 'number', 'simple_expansion', 'raw_string', 'comment', 'variable_name', 'string_content', 'heredoc_start', 'heredoc_end', 'heredoc_content', 'file_descriptor', 'test_operator', 'special_variable_name', 'ansi_c_string', 'regex', 'extglob_pattern']);
const LEAVES_UNLESS_EXPANDING: ReadonlySet<string> = new Set(['string', 'heredoc_body', 'expansion', 'arithmetic_expansion', 'translated_string']);

const typeCache = new Map<number, { type: string; named: boolean }>();

type Cursor = ReturnType<NonNullable<ReturnType<TSParser['parse']>>['walk']>;

/**
 * Copies the tree under the cursor into plain objects. Every property read crosses into WebAssembly, so only what
 * extraction uses is read: a type id (its name and named-ness cached per id), the offsets, field names only under
 * parents that have meaningful fields, and no children inside words and plain strings.
 */
function copyTree(cursor: Cursor, text: string): SNode {
  const info = (): { type: string; named: boolean } => {
    const id = cursor.nodeTypeId;
    let t = typeCache.get(id);
    if (!t) typeCache.set(id, (t = { type: cursor.nodeType, named: cursor.nodeIsNamed }));
    return t;
  };
  const rootInfo = info();
  const root: SNode = { type: rootInfo.type, named: rootInfo.named, field: null, start: cursor.startIndex, end: cursor.endIndex, children: [] };
  const stack: SNode[] = [root];
  const descend = (n: SNode): boolean => {
    if (LEAVES.has(n.type)) return false;
    if (LEAVES_UNLESS_EXPANDING.has(n.type)) {
      const body = text.slice(n.start + (n.type === 'expansion' ? 1 : 0), n.end);
      if (!body.includes('$') && !body.includes('`')) return false;
    }
    return cursor.gotoFirstChild();
  };
  try {
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const parent = stack[stack.length - 1] as SNode;
      const t = info();
      const node: SNode = {
        type: t.type,
        named: t.named,
        field: FIELD_PARENTS.has(parent.type) ? cursor.currentFieldName : null,
        start: cursor.startIndex,
        end: cursor.endIndex,
        children: [],
      };
      parent.children.push(node);
      if (descend(node)) {
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
