/** Writes docs/rules/*.md from rule metadata. Run: npm run gen:docs. A test fails when the pages are stale. */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ruleDocPages } from './rule-docs.js';

const dir = fileURLToPath(new URL('../docs/rules/', import.meta.url));
mkdirSync(dir, { recursive: true });
const pages = ruleDocPages();
for (const f of readdirSync(dir)) if (f.endsWith('.md') && !pages.has(f)) rmSync(`${dir}${f}`);
for (const [name, text] of pages) writeFileSync(`${dir}${name}`, text);
process.stdout.write(`wrote ${pages.size} pages to ${dir}\n`);
