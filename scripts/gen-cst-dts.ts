/**
 * Generates grammar/parser/cst.d.ts — the CST node types of the grammar — from the parser itself.
 * Run: npm run gen:cst. A test fails when the checked-in file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateCstDtsText } from './cst-dts.js';

const target = fileURLToPath(new URL('../grammar/parser/cst.d.ts', import.meta.url));
writeFileSync(target, generateCstDtsText());
process.stdout.write(`wrote ${target}\n`);
