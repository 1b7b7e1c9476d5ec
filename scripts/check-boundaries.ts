/**
 * The core (grammar/, rules/, server/features/) knows nothing of the file system, the process, the terminal or
 * LSP. This finds imports and globals that would break that. Run: node --import tsx scripts/check-boundaries.ts
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CORE_DIRS = ['grammar', 'rules', 'server/features', 'format'];

const FORBIDDEN_IMPORT = /^(node:|fs$|fs\/|path$|os$|child_process$|process$|url$|vscode-languageserver|vscode-jsonrpc|vscode$|chalk)/;
const FORBIDDEN_GLOBAL = /\b(process\.|Buffer\.|require\(|__dirname|__filename)/;

export interface Violation {
  file: string;
  line: number;
  text: string;
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
    if (statSync(p).isDirectory()) walk(p, out);
    else if (e.endsWith('.ts')) out.push(p);
  }
}

export function checkBoundaries(root = ROOT): Violation[] {
  const files: string[] = [];
  for (const d of CORE_DIRS) walk(join(root, d), files);
  const out: Violation[] = [];
  for (const f of files) {
    const lines = readFileSync(f, 'utf8').split('\n');
    lines.forEach((text, i) => {
      const trimmed = text.trim();
      if (trimmed.startsWith('*') || trimmed.startsWith('/*') || trimmed.startsWith('//')) return;
      const code = text.replace(/\/\/.*$/, '');
      const imp = /\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]/.exec(code);
      const spec = imp?.[1] ?? imp?.[2];
      if ((spec && FORBIDDEN_IMPORT.test(spec)) || FORBIDDEN_GLOBAL.test(code.replace(/(['"`]).*?\1/g, ''))) {
        out.push({ file: relative(root, f), line: i + 1, text: text.trim() });
      }
    });
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const v = checkBoundaries();
  for (const x of v) process.stdout.write(`${x.file}:${x.line}: ${x.text}\n`);
  process.exitCode = v.length > 0 ? 1 : 0;
}
