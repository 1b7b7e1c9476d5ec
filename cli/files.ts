/**
 * Which files `berth lint` reads: files as given; folders searched recursively for Dockerfile, Dockerfile.*,
 * *.Dockerfile, Containerfile (and Containerfile.*), skipping what `.gitignore` files and `files.exclude` exclude
 * and the usual dependency folders (symbolic links inside folders are not followed); glob patterns expanded.
 */
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { createRequire } from 'node:module';
import ignore, { type Ignore } from 'ignore';

/** Names berth lints when it walks a folder. */
export function isDockerfileName(name: string): boolean {
  const n = name.toLowerCase();
  return n === 'dockerfile' || n.startsWith('dockerfile.') || n.endsWith('.dockerfile') || n === 'containerfile' || n.startsWith('containerfile.');
}

/** Dockerfile-like names that are templates, not Dockerfiles. */
function isTemplate(name: string): boolean {
  return /\.(template|tmpl|tpl|j2|jinja2?|erb|in|orig|rej|bak|swp|md|txt|sh|ps1|dockerignore)$/i.test(name);
}

const ALWAYS_SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface Discovered {
  /** Files to lint, in a stable order. */
  files: string[];
  /** Arguments that matched nothing, for a clear error. */
  missing: string[];
}

export interface DiscoverOptions {
  cwd: string;
  /** Extra gitignore-style patterns (from config `files.exclude`). */
  exclude: string[];
  /** Extra glob patterns for names to lint inside folders (from config `files.include`). */
  include: string[];
}

/** Characters without which an argument cannot be a glob: the glob library is loaded only for arguments with them. */
const GLOB_CHARS = /[*?[\]{}()!+@]/;
let tinyglobby: typeof import('tinyglobby') | undefined;
function globber(): typeof import('tinyglobby') {
  tinyglobby ??= createRequire(import.meta.url)('tinyglobby') as typeof import('tinyglobby');
  return tinyglobby;
}

export function discover(args: readonly string[], opts: DiscoverOptions): Discovered {
  const out = new Set<string>();
  const missing: string[] = [];
  const extra = opts.include.length > 0 ? ignore().add(opts.include) : undefined;
  for (const arg of args) {
    const abs = resolve(opts.cwd, arg);
    let st;
    try {
      st = statSync(abs);
    } catch {
      st = undefined;
    }
    if (st?.isFile()) {
      out.add(abs);
      continue;
    }
    if (st?.isDirectory()) {
      const before = out.size;
      walk(abs, abs, [ignore().add(opts.exclude)], extra, out);
      if (out.size === before) missing.push(arg);
      continue;
    }
    // Something that is there but is no file or folder (a named pipe, a device, a link to nothing) is passed on:
    // the reader says what it is.
    if (st || isLink(abs)) {
      out.add(abs);
      continue;
    }
    const glob = GLOB_CHARS.test(arg) ? globber() : undefined;
    if (glob?.isDynamicPattern(arg)) {
      const matches = glob.globSync(arg, { cwd: opts.cwd, absolute: true, dot: false, ignore: ['**/node_modules/**', '**/.git/**'] });
      const filter = ignore().add(opts.exclude);
      const kept = matches.filter((m) => !filter.ignores(relative(opts.cwd, m).split(sep).join('/')));
      if (kept.length === 0) missing.push(arg);
      for (const m of kept) out.add(m);
      continue;
    }
    missing.push(arg);
  }
  return { files: [...out].sort(), missing };
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Recursive walk honouring every .gitignore on the way (each relative to its own folder). */
function walk(root: string, dir: string, ignores: Array<Ignore & { base?: string }>, extra: Ignore | undefined, out: Set<string>): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  let stack = ignores;
  const gi = entries.find((e) => e.isFile() && e.name === '.gitignore');
  if (gi) {
    try {
      const ig = ignore().add(readFileSync(join(dir, '.gitignore'), 'utf8')) as Ignore & { base?: string };
      ig.base = dir;
      stack = [...ignores, ig];
    } catch {
      // An unreadable .gitignore excludes nothing.
    }
  }
  for (const e of entries) {
    if (ALWAYS_SKIPPED.has(e.name)) continue;
    const full = join(dir, e.name);
    const isDir = e.isDirectory();
    if (excluded(root, full, isDir, stack)) continue;
    if (isDir) walk(root, full, stack, extra, out);
    else if (e.isFile()) {
      const rel = relative(root, full).split(sep).join('/');
      if ((isDockerfileName(e.name) && !isTemplate(e.name)) || extra?.ignores(rel)) out.add(full);
    }
  }
}

function excluded(root: string, full: string, isDir: boolean, stack: Array<Ignore & { base?: string }>): boolean {
  for (const ig of stack) {
    const base = ig.base ?? root;
    const rel = relative(base, full).split(sep).join('/');
    if (rel === '' || rel.startsWith('..')) continue;
    if (ig.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}
