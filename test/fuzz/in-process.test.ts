/**
 * Fuzz, in process: generated Dockerfiles (grammar-shaped, built from the rules' own examples with odd whitespace,
 * Unicode and line breaks, mutated, and raw strings) through parse, analyze, lint with every rule on (preview
 * and off-by-default rules too), fix-all with unsafe fixes, and every editor feature at random offsets.
 *
 * What must hold for any input: nothing throws; no rule fails (an internal error is a bug); every range is in
 * bounds; fixes only change text inside their edits (checked by applying each pass's edits here, independently of
 * the fix engine); the fixed text is no more broken than the original (in instructions and in lines: checks.ts
 * says why); and fix-all is idempotent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../rules/engine/lint.js';
import { codeActions } from '../../server/features/code-actions.js';
import { anyDockerfileText, HOSTILE, richDockerfile } from '../helpers/dockerfile-arbitraries.js';
import { checkFeatures, checkFixAll, checkLint, docOf, relint } from './checks.js';
import { EditTracker } from './edits.js';
import { FUZZ_TIMEOUT, fuzzParams } from './options.js';

describe('fuzz: the core on generated Dockerfiles', () => {
  it('parse, analyze and lint with every rule: no throw, no rule fails, every range in bounds', () => {
    fc.assert(fc.property(anyDockerfileText, (t) => void checkLint(t)), fuzzParams('lint', 400, { limitMs: 30_000 }));
  }, FUZZ_TIMEOUT);

  it('fix-all with unsafe fixes: only text inside edits changes, no more of the file broken, idempotent', () => {
    fc.assert(fc.property(anyDockerfileText, (t) => void checkFixAll(t)), fuzzParams('fix-all', 250, { limitMs: 30_000 }));
  }, FUZZ_TIMEOUT);

  it('the editor features at random offsets: no throw, every range and edit in bounds', () => {
    const name = fc.constantFrom('x', 'NEW_NAME', 'build-2', '', 'a b', 'é😀', '$X', '\n', 'A'.repeat(300));
    fc.assert(
      fc.property(anyDockerfileText, fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), name, checkFeatures),
      fuzzParams('features', 200, { limitMs: 30_000 }),
    );
  }, FUZZ_TIMEOUT);

  it('the disable-this-rule quick fixes (instruction and file) silence the finding they were offered for', () => {
    fc.assert(
      fc.property(richDockerfile, fc.nat(), (t, pick) => {
        const doc = docOf(t);
        const offered = codeActions(doc, 0, t.length).filter((a) => a.title.startsWith('Disable '));
        fc.pre(offered.length > 0);
        const action = offered[pick % offered.length] as (typeof offered)[number];
        const d = action.diagnostics[0] as Diagnostic;
        const fixed = new EditTracker(t);
        fixed.apply(action.edits);
        const count = (ds: readonly Diagnostic[]): number => ds.filter((x) => x.rule === d.rule).length;
        expect(count(relint(fixed.text)), `${action.title} in ${JSON.stringify(fixed.text)}`).toBeLessThan(count(doc.diagnostics));
      }),
      fuzzParams('disable-quick-fix', 100, { limitMs: 30_000 }),
    );
  }, FUZZ_TIMEOUT);
});

describe('the core on the hostile shapes of issue #14', () => {
  const shapes: Array<[string, string]> = [
    ['$( nested 3,000 deep', HOSTILE.nestedSubshells(3000)],
    ['200 heredocs on one RUN', HOSTILE.manyHeredocs(200)],
    ['a line of 70,000 characters', HOSTILE.longLine(70_000)],
    ['100 stages', HOSTILE.manyStages(100)],
    ['300 continuation lines', HOSTILE.longContinuation(300)],
    ['ARGs doubling 12 deep', HOSTILE.argDoubling(12)],
    ['${Q//a/${Q}} on 30,000 characters', HOSTILE.replacementSquaring(30_000)],
  ];
  for (const [name, text] of shapes) {
    for (const [eol, t] of [['LF', text], ['CRLF', text.replace(/\n/g, '\r\n')]] as const) {
      it(`${name} (${eol}): lint, fix-all and the editor features`, () => {
        checkLint(t);
        checkFixAll(t);
        checkFeatures(t, [0, 7, t.length >> 1, t.length - 2, t.length], 'renamed');
      });
    }
  }

  // Issue #14 (scaling part) found: expanding a chain of ARGs that double their value builds a string
  // too long for JavaScript (RangeError), so lint throws.
  it('ARGs doubling 30 deep: lint, fix-all and the editor features', () => {
    const t = HOSTILE.argDoubling(30);
    checkLint(t);
    checkFixAll(t);
    checkFeatures(t, [0, t.length >> 1, t.length], 'renamed');
  });
});
