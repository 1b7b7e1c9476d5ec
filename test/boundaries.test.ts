import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkBoundaries } from '../scripts/check-boundaries.js';

describe('core boundaries', () => {
  it('grammar/, rules/ and server/features/ import no I/O, process or LSP module', () => {
    expect(checkBoundaries()).toEqual([]);
  });

  it('the check itself catches a forbidden import and a process global', () => {
    const root = mkdtempSync(join(tmpdir(), 'berth-bounds-'));
    mkdirSync(join(root, 'grammar'));
    writeFileSync(join(root, 'grammar', 'bad.ts'), "import { readFileSync } from 'node:fs';\nexport const x = process.env.X;\n");
    expect(checkBoundaries(root).map((v) => v.line)).toEqual([1, 2]);
  });
});

describe('format/ boundaries', () => {
  it('format/ imports nothing but grammar/ and its own files', () => {
    const dir = fileURLToPath(new URL('../format/', import.meta.url));
    const imports = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/^import\b[^'"]*['"]([^'"]+)['"]/gm)].map((m) => `${f}: ${m[1]}`));
    expect(imports.length).toBeGreaterThan(3);
    expect(imports.filter((i) => !/: (\.\/[\w-]+\.js|\.\.\/grammar\/index\.js)$/.test(i))).toEqual([]);
  });
});
