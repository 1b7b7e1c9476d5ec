import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateCstDtsText } from '../../scripts/cst-dts.js';

describe('generated CST types', () => {
  it('grammar/parser/cst.d.ts matches the grammar (run `npm run gen:cst` after changing parser.ts)', () => {
    const onDisk = readFileSync(new URL('../../grammar/parser/cst.d.ts', import.meta.url), 'utf8');
    expect(onDisk).toBe(generateCstDtsText());
  });
});
