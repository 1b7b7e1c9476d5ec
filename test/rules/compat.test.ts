import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILDKIT_CHECKS } from '../../grammar/index.js';
import {
  BUILDKIT_NOTES,
  BUILDKIT_UNCOVERED,
  buildkitCoverage,
  buildkitDifferences,
  DOCKERFILE_UTILS_CODES,
  GENERAL_DIFFERENCES,
  HADOLINT_SEVERITY,
  HADOLINT_WITHOUT_RULE,
  hadolintCoverage,
  hadolintDifferences,
  isKnownId,
} from '../../rules/compat.js';
import { BUILTIN_CHECKS } from '../../rules/syntax.js';
import { ALL_RULES } from '../../rules/index.js';
import { COMPAT_PATH, compatMarkdown } from '../../scripts/gen-compat.js';

describe('docs/compatibility.md', () => {
  it('is the generated page, unchanged (run `npm run gen:compat` after adding a rule or an alias)', () => {
    expect(readFileSync(COMPAT_PATH, 'utf8')).toBe(compatMarkdown());
  });

  it('covers every BuildKit check by a rule alias, or says why not — never both', () => {
    const rows = buildkitCoverage();
    expect(rows.map((r) => r.check)).toEqual([...BUILDKIT_CHECKS]);
    expect(rows).toHaveLength(22);
    for (const r of rows) {
      if (r.uncovered !== undefined) expect(r.ids, `${r.check} has a rule and a reason for having none`).toEqual([]);
      else expect(r.ids.length, `${r.check}: no rule has it as an alias, and BUILDKIT_UNCOVERED gives no reason`).toBeGreaterThan(0);
    }
    for (const k of [...Object.keys(BUILDKIT_UNCOVERED), ...Object.keys(BUILDKIT_NOTES)]) expect(BUILDKIT_CHECKS).toContain(k);
  });

  it('lists every dockerfile-utils code once, 0 to 52, each mapped to ids berth has (or explained)', () => {
    expect(DOCKERFILE_UTILS_CODES.map((c) => c.code)).toEqual(Array.from({ length: 53 }, (_, i) => i));
    expect(new Set(DOCKERFILE_UTILS_CODES.map((c) => c.name)).size).toBe(53);
    const unknown = DOCKERFILE_UTILS_CODES.flatMap((c) => c.covered.filter((id) => !isKnownId(id)).map((id) => `${c.code} ${c.name} → ${id}`));
    expect(unknown, 'mapped to an id that is neither a rule nor a built-in check').toEqual([]);
    for (const c of DOCKERFILE_UTILS_CODES) if (c.covered.length === 0) expect(c.note?.length ?? 0, `${c.name} needs a reason`).toBeGreaterThan(10);
  });

  it('lists every hadolint code a rule carries, with its rules', () => {
    const aliased = new Set(ALL_RULES.flatMap((r) => r.meta.aliases.filter((a) => a.startsWith('DL'))));
    const rows = hadolintCoverage();
    expect(rows.map((r) => r.code)).toEqual([...aliased].sort());
    expect(rows.find((r) => r.code === 'DL3008')?.ids).toEqual(['apt-get-unpinned']);
  });

  it('hadolint codes without a rule are codes no rule carries, each with a reason, all on the page', () => {
    const aliased = new Set(ALL_RULES.flatMap((r) => r.meta.aliases));
    const page = compatMarkdown();
    for (const [code, why] of Object.entries(HADOLINT_WITHOUT_RULE)) {
      expect(code).toMatch(/^DL\d{4}$/);
      expect(aliased.has(code), `${code} is also a rule's alias`).toBe(false);
      expect(why.length).toBeGreaterThan(20);
      expect(page).toContain(`| \`${code}\` | `);
    }
    // hadolint 2.15's 71 rules are all aliases; with DL1000 and the 4 retired codes, that is every DL code it had.
    expect(hadolintCoverage()).toHaveLength(71);
  });

  it('the page links every id and names every check', () => {
    const page = compatMarkdown();
    expect(page).toContain('| [`MultipleInstructionsDisallowed`](https://docs.docker.com/go/dockerfile/rule/multiple-instructions-disallowed/) | [`multiple-cmd`](rules/multiple-cmd.md), [`multiple-entrypoint`](rules/multiple-entrypoint.md), [`multiple-healthcheck`](rules/multiple-healthcheck.md) |');
    expect(page).toContain('| [`InvalidBaseImagePlatform`](https://docs.docker.com/go/dockerfile/rule/invalid-base-image-platform/) | — | Compares the platform');
    expect(page).toContain('| 11 | `EMPTY_CONTINUATION_LINE` | [`empty-continuation-line`](rules/empty-continuation-line.md) |');
    expect(page).toContain('| [`DL3015`](https://github.com/hadolint/hadolint/wiki/DL3015) | [`apt-get-install-recommends`](rules/apt-get-install-recommends.md) |');
  });

  /** The text of one `## …` section of the page. */
  const section = (title: string): string => {
    const page = compatMarkdown();
    const start = page.indexOf(`\n## ${title}\n`);
    expect(start, title).toBeGreaterThan(0);
    const end = page.indexOf('\n## ', start + 1);
    return page.slice(start, end < 0 ? undefined : end);
  };

  it('"Where berth differs from hadolint" lists every rule\'s hadolint difference and every severity hadolint rates otherwise', () => {
    const text = section('Where berth differs from hadolint');
    for (const g of GENERAL_DIFFERENCES.hadolint) expect(text).toContain(`- **${g.topic}.** ${g.text}`);
    for (const r of ALL_RULES) {
      const codes = r.meta.aliases.filter((a) => /^DL\d{4}$/.test(a));
      const theirs = codes.map((c) => HADOLINT_SEVERITY[c]).filter((sev) => sev !== r.meta.severity && !(sev === 'ignore' && r.meta.enabled === false));
      const own = r.meta.docs.differences?.hadolint;
      if (!own && theirs.length === 0) {
        expect(text, r.meta.id).not.toContain(`[\`${r.meta.id}\`]`);
        continue;
      }
      const line = text.split('\n').find((l) => l.startsWith(`- [\`${r.meta.id}\`](rules/${r.meta.id}.md) (`));
      expect(line, r.meta.id).toBeDefined();
      if (own) expect(line).toContain(own);
      for (const sev of theirs) expect(line).toContain(`hadolint rates it ${sev}`);
    }
    expect(hadolintDifferences().find((d) => d.id === 'add-instead-of-copy')?.severity).toEqual({ hadolint: 'error', berth: 'info' });
  });

  it('"Where berth differs from BuildKit" lists every rule\'s and parser check\'s BuildKit difference, with the check it reproduces', () => {
    const text = section('Where berth differs from BuildKit');
    for (const g of GENERAL_DIFFERENCES.buildkit) expect(text).toContain(`- **${g.topic}.** ${g.text}`);
    const withText = [
      ...ALL_RULES.flatMap((r) => (r.meta.docs.differences?.buildkit ? [[r.meta.id, r.meta.docs.differences.buildkit] as const] : [])),
      ...BUILTIN_CHECKS.flatMap((c) => (c.differences?.buildkit ? [[c.id, c.differences.buildkit] as const] : [])),
    ];
    expect(buildkitDifferences()).toHaveLength(withText.length);
    for (const [id, own] of withText) expect(text, id).toContain(own);
    expect(text).toContain('[`empty-continuation-line`](rules/empty-continuation-line.md) (`NoEmptyContinuation`): BuildKit reports NoEmptyContinuation once per instruction');
    expect(text).toContain('(`SecretsUsedInArgOrEnv`)');
    expect(text).toMatch(/secret-in-arg-or-env[^\n]*the name's own line, where BuildKit reports every name at the instruction's first line/);
  });
});

