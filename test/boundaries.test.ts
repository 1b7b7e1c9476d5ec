import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
