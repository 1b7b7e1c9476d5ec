import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ruleDocPages } from '../../scripts/rule-docs.js';

const DIR = new URL('../../docs/rules/', import.meta.url);

describe('docs/rules', () => {
  it('holds exactly the generated pages, unchanged (run `npm run gen:docs` after changing a rule)', () => {
    const pages = ruleDocPages();
    expect(readdirSync(DIR).filter((f) => f.endsWith('.md')).sort()).toEqual([...pages.keys()].sort());
    for (const [name, text] of pages) expect(readFileSync(new URL(name, DIR), 'utf8'), name).toBe(text);
  });

  it('a page shows the why, the examples with their fix, and how to turn the rule off', () => {
    const page = ruleDocPages().get('stage-name-casing.md') ?? '';
    expect(page).toContain('## Why');
    expect(page).toContain('After the fix:\n\n```dockerfile\nFROM golang:1.23 AS builder');
    expect(page).toContain('[`StageNameCasing`](https://docs.docker.com/go/dockerfile/rule/stage-name-casing/)');
    expect(page).toContain('`# berth-ignore stage-name-casing: <reason>`');
  });
});
