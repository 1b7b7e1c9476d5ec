/**
 * Every rule's documentation runs as its test: each `bad` example raises exactly one finding of the rule, each
 * `good` example none, and each `fixed` equals the text after the rule's fixes, which parses without new errors
 * and raises no finding of the rule any more.
 */
import { describe, expect, it } from 'vitest';
import { parse } from '../../grammar/index.js';
import { ALL_RULES } from '../../rules/index.js';
import { exampleConfig, findingsOf, fixWith } from '../helpers/rule-tester.js';

function errorCount(text: string): number {
  return parse(text).errors.filter((e) => e.severity === 'error').length;
}

describe.each(ALL_RULES.map((r) => [r.meta.id, r] as const))('%s', (id, rule) => {
  it.each(rule.meta.docs.bad.map((b, i) => [i, b] as const))('bad example %i raises exactly one finding', (_i, example) => {
    const found = findingsOf(example.code, id, exampleConfig(id));
    expect(found.map((d) => d.message)).toHaveLength(1);
    // A finding is plain data (numbers and strings): it holds on to no node of the tree, which would keep the tree
    // alive in an editor and be copied whole between --jobs threads.
    expect(JSON.parse(JSON.stringify(found[0])), 'a finding is plain data').toStrictEqual(found[0]);
    if (example.fixed !== undefined) {
      expect(found[0]?.fix, 'a `fixed` example needs a fix').toBeDefined();
      const fixed = fixWith(example.code, id);
      expect(fixed).toBe(example.fixed);
      expect(errorCount(fixed)).toBeLessThanOrEqual(errorCount(example.code));
      expect(findingsOf(fixed, id, exampleConfig(id))).toEqual([]);
    } else {
      expect(found[0]?.fix, 'an example without `fixed` must not offer a fix').toBeUndefined();
    }
  });

  it.each(rule.meta.docs.good.map((g, i) => [i, g] as const))('good example %i raises none', (_i, code) => {
    expect(findingsOf(code, id, exampleConfig(id))).toEqual([]);
  });
});
