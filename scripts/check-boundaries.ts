/**
 * What may import what (docs/architecture.md explains the rooms). Every source file of grammar/, rules/, format/,
 * server/, host/, cli/ and api/ is read with TypeScript's parser; each import (static, `export … from`, dynamic
 * `import()`, `import('…')` types, `require`) must go to a room its own room may use, and the pure rooms use no
 * Node module, no LSP package and no process global. Inside grammar/ and rules/ no file may reach itself through
 * its imports (type-only imports count: a circle of types is a circle in the design).
 *
 * Run: node --import tsx scripts/check-boundaries.ts (npm test runs it through test/boundaries.test.ts).
 */
import { builtinModules } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The rooms. `server` is the language server proper, which must run without Node (a browser's Web Worker);
 * `server/node` is its Node side: the entry, the Node host and the stdio framing.
 */
export type Room = 'grammar' | 'rules' | 'format' | 'server/features' | 'server' | 'server/node' | 'host' | 'cli' | 'api' | 'web';

/** The server's Node side: the only files of server/ that may use Node and host/. */
export const SERVER_NODE_FILES = ['server/main.ts', 'server/node-host.ts', 'server/node-config.ts', 'server/node-core.ts', 'server/framing.ts'];

/** Which room a path (relative to the root, with `/`) belongs to; undefined outside the checked rooms (test/, scripts/…). */
export function roomOf(path: string): Room | undefined {
  if (SERVER_NODE_FILES.includes(path)) return 'server/node';
  if (path.startsWith('server/features/')) return 'server/features';
  const top = path.split('/')[0];
  switch (top) {
    case 'grammar':
    case 'rules':
    case 'format':
    case 'server':
    case 'host':
    case 'cli':
    case 'api':
    case 'web':
      return path.includes('/') ? top : undefined;
    default:
      return undefined;
  }
}

/** What each room may import of ours: rooms, or single files (a room's one door). Its own room is always allowed. */
export const MAY_IMPORT: Readonly<Record<Room, readonly string[]>> = {
  grammar: [],
  rules: ['grammar'],
  // The formatter is text in, edits out: it needs the syntax tree and nothing else.
  format: ['grammar'],
  'server/features': ['grammar', 'rules', 'format'],
  server: ['grammar', 'rules', 'format', 'server/features'],
  'server/node': ['grammar', 'rules', 'format', 'server/features', 'server', 'host'],
  host: ['grammar', 'rules'],
  // `berth lsp` starts the server through its Node entry, and through nothing else of server/.
  cli: ['grammar', 'rules', 'format', 'host', 'server/main.ts'],
  api: ['grammar', 'rules', 'format', 'server/features'],
  // The playground runs the server proper in a browser: the core and server/, never its Node side, host/ or cli/.
  web: ['grammar', 'rules', 'format', 'server/features', 'server'],
};

const NODE_BUILTIN = new Set(builtinModules.filter((m) => !m.startsWith('_')));
const isNodeBuiltin = (spec: string): boolean => spec.startsWith('node:') || NODE_BUILTIN.has(spec.split('/')[0] as string);
const LSP_PACKAGE = /^(vscode-languageserver|vscode-languageserver-protocol|vscode-languageserver-types|vscode-jsonrpc|vscode-languageclient|vscode)(\/|$)/;
/** The Node-only entries of the LSP packages (the platform-neutral root entries are what the server proper uses). */
const LSP_NODE_ENTRY = /^(vscode-languageserver|vscode-languageserver-protocol|vscode-jsonrpc)\/node(\.js)?$/;
/** Terminal colouring: the CLI's business, nobody else's. */
const TERMINAL_PACKAGE = /^(chalk|picocolors|kleur|ansi-colors)(\/|$)/;

/** Why a package may not be imported from a room, or undefined when it may. */
function packageProblem(room: Room, spec: string): string | undefined {
  const pure = room === 'grammar' || room === 'rules' || room === 'format' || room === 'server/features';
  if (pure || room === 'server' || room === 'web') {
    if (isNodeBuiltin(spec)) return `${room}/ must run without Node: no ${spec}`;
    if (TERMINAL_PACKAGE.test(spec)) return `${room}/ does not speak to a terminal: no ${spec}`;
  }
  if (pure && LSP_PACKAGE.test(spec)) return `${room}/ knows nothing of LSP: no ${spec}`;
  if ((room === 'server' || room === 'web') && (LSP_NODE_ENTRY.test(spec) || /^vscode$/.test(spec))) return `the server proper runs without Node: ${spec} is Node's entry (use the package's root entry)`;
  if ((room === 'host' || room === 'api' || room === 'cli') && LSP_PACKAGE.test(spec)) return `${room}/ speaks no LSP (only server/ does): no ${spec}`;
  return undefined;
}

/** Node's globals, which a file that must run anywhere cannot use. */
const FORBIDDEN_GLOBAL = /\b(process\.|Buffer\.|require\(|__dirname|__filename)/;
const GLOBALS_CHECKED: ReadonlySet<Room> = new Set<Room>(['grammar', 'rules', 'format', 'server/features', 'server', 'web']);

export interface Violation {
  file: string;
  line: number;
  text: string;
  /** What rule it breaks, in words. */
  why?: string;
}

interface Import {
  spec: string;
  line: number;
  typeOnly: boolean;
}

function walk(dir: string, out: string[]): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) {
      if (e !== 'node_modules') walk(p, out);
    } else if (/\.(ts|mts|tsx)$/.test(e)) out.push(p);
  }
}

/** Every import of a file, with its line and whether only types come through it. */
export function importsOf(fileName: string, text: string): Import[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const out: Import[] = [];
  const add = (node: ts.Node, spec: ts.Expression | undefined, typeOnly: boolean): void => {
    if (spec && ts.isStringLiteralLike(spec)) out.push({ spec: spec.text, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const c = node.importClause;
      const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : undefined;
      const typeOnly = !!c && (c.isTypeOnly || (!c.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      add(node, node.moduleSpecifier, typeOnly);
    } else if (ts.isExportDeclaration(node)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      add(node, node.moduleSpecifier, node.isTypeOnly || (!!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      add(node, node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** The file a relative import names (`./x.js` is `./x.ts` in the sources), relative to the root with `/`. */
function target(root: string, from: string, spec: string): string {
  const abs = resolve(dirname(from), spec).replace(/\.(m?)js$/, '.$1ts');
  return relative(root, abs).split(sep).join('/');
}

function allowed(room: Room, to: string): boolean {
  const toRoom = roomOf(to);
  if (toRoom === room) return true;
  return MAY_IMPORT[room].some((entry) => entry === toRoom || entry === to);
}

/** Import circles among the files of a room, each once, as the list of files from its smallest member. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's strongly connected components; each component of more than one file holds at least one circle.
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(circleIn(graph, new Set(component)));
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) connect(v);
  return cycles.sort((x, y) => (x[0] as string).localeCompare(y[0] as string));
}

/** One concrete circle inside a strongly connected component: from its smallest file, the shortest way back. */
function circleIn(graph: ReadonlyMap<string, readonly string[]>, component: ReadonlySet<string>): string[] {
  const start = [...component].sort()[0] as string;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift() as string;
    for (const w of graph.get(v) ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(previous.get(path[0] as string) as string);
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/** Rooms whose files may not import each other in a circle. */
export const ACYCLIC_ROOMS: readonly Room[] = ['grammar', 'rules', 'format', 'server/features', 'server', 'server/node', 'host', 'cli', 'api', 'web'];

export function checkBoundaries(root = ROOT): Violation[] {
  const files: string[] = [];
  for (const d of ['grammar', 'rules', 'format', 'server', 'host', 'cli', 'api', 'web']) walk(join(root, d), files);
  const out: Violation[] = [];
  const graphs = new Map<Room, Map<string, string[]>>();
  const importLines = new Map<string, Map<string, number>>();
  for (const f of files.sort()) {
    const rel = relative(root, f).split(sep).join('/');
    const room = roomOf(rel);
    if (!room) continue;
    const text = readFileSync(f, 'utf8');
    const lines = text.split('\n');
    const report = (line: number, why: string): void => void out.push({ file: rel, line, text: (lines[line - 1] ?? '').trim(), why });
    const edges: string[] = [];
    const at = new Map<string, number>();
    for (const imp of importsOf(f, text)) {
      if (imp.spec.startsWith('.')) {
        const to = target(root, f, imp.spec);
        if (!allowed(room, to)) report(imp.line, `${room}/ may not import ${roomOf(to) ?? to}${roomOf(to) ? '/' : ''} (${to})`);
        edges.push(to);
        if (!at.has(to)) at.set(to, imp.line);
      } else {
        const problem = packageProblem(room, imp.spec);
        if (problem) report(imp.line, problem);
      }
    }
    if (ACYCLIC_ROOMS.includes(room)) {
      let g = graphs.get(room);
      if (!g) graphs.set(room, (g = new Map()));
      g.set(rel, edges);
      importLines.set(rel, at);
    }
    if (GLOBALS_CHECKED.has(room)) {
      lines.forEach((line, i) => {
        const trimmed = line.trim();
        if (trimmed.startsWith('*') || trimmed.startsWith('/*') || trimmed.startsWith('//')) return;
        const code = line.replace(/\/\/.*$/, '').replace(/(['"`]).*?\1/g, '');
        const m = FORBIDDEN_GLOBAL.exec(code);
        if (m) report(i + 1, `${room}/ must run without Node: no ${m[1]?.replace(/[.(]$/, '')}`);
      });
    }
  }
  for (const graph of graphs.values()) {
    for (const circle of findCycles(graph)) {
      const [first, second] = circle as [string, string];
      const line = importLines.get(first)?.get(second) ?? 1;
      out.push({ file: first, line, text: (readFileSync(join(root, first), 'utf8').split('\n')[line - 1] ?? '').trim(), why: `import cycle: ${circle.join(' → ')}` });
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const v = checkBoundaries();
  for (const x of v) process.stdout.write(`${x.file}:${x.line}: ${x.why ?? 'not allowed'}: ${x.text}\n`);
  process.exitCode = v.length > 0 ? 1 : 0;
}
