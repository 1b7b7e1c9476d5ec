/** Every rule's metadata: ids, files, aliases, docs, messages, fixability. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isBuildkitCheck, parse } from '../../grammar/index.js';
import { SEVERITIES } from '../../rules/define.js';
import { ALL_RULES } from '../../rules/index.js';
import { HADOLINT_SEVERITY } from '../../rules/compat.js';
import { BUILTIN_CHECKS } from '../../rules/syntax.js';

const RULES_DIR = new URL('../../rules/', import.meta.url);
const NOT_RULES = new Set(['compat.ts', 'define.ts', 'docs.ts', 'index.ts', 'syntax.ts']);
/** BuildKit names one check for several of berth's rules. */
const SHARED_ALIASES = new Set(['MultipleInstructionsDisallowed']);

describe('rule metadata', () => {
  it('ALL_RULES holds exactly the rule files, sorted by id', () => {
    const files = readdirSync(RULES_DIR)
      .filter((f) => f.endsWith('.ts') && !NOT_RULES.has(f))
      .map((f) => f.slice(0, -3))
      .sort();
    expect(ALL_RULES.map((r) => r.meta.id)).toEqual(files);
  });

  it('ids are kebab-case and unique, also against built-in checks', () => {
    const ids = [...ALL_RULES.map((r) => r.meta.id), ...BUILTIN_CHECKS.map((c) => c.id)];
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('aliases are hadolint codes or BuildKit check names, and name one rule unless BuildKit shares them', () => {
    const owners = new Map<string, string[]>();
    for (const r of ALL_RULES) {
      for (const a of r.meta.aliases) {
        expect(/^DL\d{4}$/.test(a) || isBuildkitCheck(a), `${r.meta.id}: ${a}`).toBe(true);
        owners.set(a, [...(owners.get(a) ?? []), r.meta.id]);
      }
    }
    for (const c of BUILTIN_CHECKS) for (const a of c.aliases) owners.set(a, [...(owners.get(a) ?? []), c.id]);
    for (const [alias, ids] of owners) if (!SHARED_ALIASES.has(alias)) expect(ids, alias).toHaveLength(1);
  });

  it('built-in checks whose findings carry fixes say so and explain their safety; the others carry none', () => {
    const samples = ['FROM a\nENTRYPOINT["x"]\nWORKDIR=/app\nENV=1\nRUN a \\\n\n  b\nCMD [“a”]\nSHELL [‘sh’]\nCOPY x\nFROM a b\n'];
    const fixedBy = new Set<string>(samples.flatMap((t) => parse(t).errors.filter((e) => e.fix).map((e) => e.code)));
    expect(fixedBy.size).toBeGreaterThan(1);
    for (const c of BUILTIN_CHECKS) {
      if (fixedBy.has(c.id)) expect(c.fixable, c.id).toMatch(/^(sometimes|always)$/);
      if (c.fixable && c.fixable !== 'never') expect(c.fixSafety?.length ?? 0, c.id).toBeGreaterThan(10);
    }
  });

  describe.each(ALL_RULES.map((r) => [r.meta.id, r] as const))('%s', (id, rule) => {
    const m = rule.meta;
    const own = readFileSync(new URL(`${id}.ts`, RULES_DIR), 'utf8');
    // Messages may be reported from a helper the rule shares with others (rules/utils/).
    const helpers = [...own.matchAll(/from '\.\/(utils\/[\w-]+)\.js'/g)].map((x) => readFileSync(new URL(`${x[1]}.ts`, RULES_DIR), 'utf8'));
    const source = [own, ...helpers].join('\n');

    it('has docs: summary, why, examples, references; severity and category are valid', () => {
      expect(m.docs.summary.length).toBeGreaterThan(10);
      expect(m.docs.why.length).toBeGreaterThan(80);
      expect(m.docs.bad.length).toBeGreaterThan(0);
      expect(m.docs.good.length).toBeGreaterThan(0);
      expect(m.docs.references.length).toBeGreaterThan(0);
      expect(SEVERITIES).toContain(m.severity);
    });

    it('differences: the hadolint part only with a hadolint code; each part a sentence that does not repeat its label', () => {
      const d = m.docs.differences;
      if (!d) return;
      if (d.hadolint) expect(m.aliases.some((a) => /^DL\d{4}$/.test(a)), 'a hadolint difference on a rule without a hadolint code').toBe(true);
      for (const [k, text] of Object.entries(d)) {
        expect(text.length, k).toBeGreaterThan(20);
        expect(text, k).toMatch(/[.)]$/);
        expect(text, k).not.toMatch(/^Differs from/);
      }
    });

    it('every message id is used by the rule, and every used id exists', () => {
      const used = [...source.matchAll(/message: '([\w-]+)'/g)].map((x) => x[1]);
      for (const k of Object.keys(m.messages)) expect(used, `message "${k}"`).toContain(k);
      for (const u of used) expect(Object.keys(m.messages)).toContain(u);
    });

    it('fixability matches the examples, and fixable rules explain their safety', () => {
      const withFix = m.docs.bad.filter((b) => b.fixed !== undefined).length;
      if (m.fixable === 'never') expect(withFix).toBe(0);
      else {
        expect(withFix).toBeGreaterThan(0);
        expect(m.docs.fixSafety?.length ?? 0).toBeGreaterThan(10);
      }
      if (m.fixable === 'always') expect(withFix).toBe(m.docs.bad.length);
    });

    it('examples are valid Dockerfiles', () => {
      for (const code of [...m.docs.bad.map((b) => b.code), ...m.docs.good, ...m.docs.bad.flatMap((b) => (b.fixed ? [b.fixed] : []))]) {
        expect(parse(code).errors.filter((e) => e.severity === 'error')).toEqual([]);
      }
    });
  });
});

describe('severities follow one principle (SEVERITY_MEANING)', () => {
  const by = (pred: (r: (typeof ALL_RULES)[number]) => boolean) => ALL_RULES.filter(pred).map((r) => r.meta.id);

  it('errors are only what breaks the build or the container: correctness rules', () => {
    expect(by((r) => r.meta.severity === 'error' && r.meta.category !== 'correctness')).toEqual([]);
  });

  it('style rules, and only they, are rated style: Docker builds both forms the same', () => {
    expect(by((r) => r.meta.category === 'style' && r.meta.severity !== 'style')).toEqual([]);
    expect(by((r) => r.meta.severity === 'style' && r.meta.category !== 'style')).toEqual([]);
  });

  it('image size and build speed are at most info, but for the few that can cost gigabytes or overwrite the system', () => {
    const bigger = new Set(['useradd-large-uid', 'copy-from-root-to-root']);
    expect(by((r) => (r.meta.category === 'image-size' || r.meta.category === 'build-speed') && r.meta.severity !== 'info' && !bigger.has(r.meta.id))).toEqual([]);
    for (const id of bigger) expect(ALL_RULES.find((r) => r.meta.id === id)?.meta.severity).toBe('warning');
  });

  it('what the builder rejects is an error that cannot be turned off; what it accepts never is', () => {
    for (const c of BUILTIN_CHECKS) if (!c.configurable) expect(c.severity, c.id).toBe('error');
  });

  it('every hadolint code berth covers has its hadolint severity on record, for the docs to compare', () => {
    for (const r of ALL_RULES) for (const a of r.meta.aliases) if (/^DL\d{4}$/.test(a)) expect(HADOLINT_SEVERITY[a], `${r.meta.id}: ${a}`).toBeDefined();
  });
});
