import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ruleText } from '../../rules/docs.js';
import { RULES_BY_ID } from '../../rules/index.js';
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

  it('a page and `berth explain` show the differences from hadolint, from BuildKit, then the notes', () => {
    const page = ruleDocPages().get('secret-in-arg-or-env.md') ?? '';
    const at = (text: string): number => page.indexOf(text);
    expect(at('## Compared with other tools')).toBeGreaterThan(0);
    expect(at('Differs from hadolint: Names are matched as BuildKit')).toBeGreaterThan(at('## Compared with other tools'));
    expect(at('Differs from BuildKit: A name with the word `gpg`')).toBeGreaterThan(at('Differs from hadolint:'));
    const undefinedVar = ruleDocPages().get('undefined-var.md') ?? '';
    expect(undefinedVar.indexOf('Like BuildKit, shell-form RUN')).toBeGreaterThan(undefinedVar.indexOf('Differs from BuildKit: BuildKit reads the base image'));
    const builtin = ruleDocPages().get('empty-continuation-line.md') ?? '';
    expect(builtin).toContain('Differs from BuildKit: BuildKit reports NoEmptyContinuation once per instruction, at the instruction\'s last line');
    const text = ruleText(RULES_BY_ID.get('apt-lists-not-removed') as NonNullable<ReturnType<typeof RULES_BY_ID.get>>);
    expect(text).toContain('Differs from hadolint:');
    expect(text).toMatch(/Like hadolint, a cache or tmpfs mount on\s+\/var\/lib\/apt\/lists exempts the RUN/);
  });
});
