/**
 * The checks of the in-process fuzz, as plain functions that throw saying what is wrong (usable from any test and
 * from a script replaying a counterexample): lint, fix-all and the editor features on one text.
 */
import { analyze, parse } from '../../grammar/index.js';
import type { Edit } from '../../rules/define.js';
import { defaultConfig, type LintConfig } from '../../rules/engine/config.js';
import { chooseFixes, fixAll } from '../../rules/engine/fix.js';
import { lint, type Diagnostic } from '../../rules/engine/lint.js';
import { ALL_RULES } from '../../rules/index.js';
import { codeActions } from '../../server/features/code-actions.js';
import { completions } from '../../server/features/completion.js';
import { AnalyzedDocument } from '../../server/features/document.js';
import { foldingRanges } from '../../server/features/folding.js';
import { format, formatOnType } from '../../server/features/formatting.js';
import { hover } from '../../server/features/hover.js';
import { inlayHints } from '../../server/features/inlay-hints.js';
import { documentLinks } from '../../server/features/links.js';
import { selectionRanges } from '../../server/features/selection.js';
import { encodeTokens, semanticTokens } from '../../server/features/semantic-tokens.js';
import { signatureHelp } from '../../server/features/signature-help.js';
import { rename, symbolAt } from '../../server/features/symbols-at.js';
import { documentSymbols, type SymbolInfo } from '../../server/features/symbols.js';
import { editProblem, EditTracker } from './edits.js';

/** Every rule on at its default severity (preview rules and rules off by default too), with every setting used. */
export function everythingOn(): LintConfig {
  const config = defaultConfig();
  config.preview = true;
  config.reportUnusedSuppressions = true;
  for (const r of ALL_RULES) config.rules.set(r.meta.id, { severity: r.meta.severity });
  const labelSchema: Record<string, string> = {};
  for (const r of ALL_RULES) Object.assign(labelSchema, r.meta.docs.exampleSettings?.labelSchema ?? {});
  config.settings = { trustedRegistries: ['docker.io', 'ghcr.io'], labelSchema, strictLabels: true, dockerignore: ['build', '*/*.tmp', '!keep', 'node_modules', '**/*.md'] };
  return config;
}

export const CONFIG = everythingOn();

/** Lints a text with every rule on; a rule that fails is an error here. */
export const relint = (t: string): Diagnostic[] => {
  const r = lint(parse(t), CONFIG);
  if (r.internalErrors.length > 0) throw new Error(`rule ${r.internalErrors[0]?.rule} failed: ${r.internalErrors[0]?.error}`);
  return r.diagnostics;
};

export function inBounds(what: string, r: { start: number; end: number }, length: number): void {
  if (!(Number.isInteger(r.start) && Number.isInteger(r.end) && r.start >= 0 && r.start <= r.end && r.end <= length)) {
    throw new Error(`${what} ${r.start}..${r.end} is out of bounds (text length ${length})`);
  }
}

/** Lints once: no rule fails, every range is in bounds, every fix's edits are sound. */
export function checkLint(text: string): Diagnostic[] {
  const parsed = parse(text);
  analyze(parsed);
  const result = lint(parsed, CONFIG);
  const failed = result.internalErrors[0];
  if (failed) throw new Error(`rule ${failed.rule} failed (${result.internalErrors.length} internal errors): ${failed.error}`);
  for (const d of result.diagnostics) {
    inBounds(`finding ${d.rule}`, d, text.length);
    for (const r of d.related ?? []) inBounds(`related range of ${d.rule}`, r.range, text.length);
    if (d.fix) {
      const problem = editProblem(text, d.fix.edits);
      if (problem) throw new Error(`the fix of ${d.rule} ("${d.fix.title}"): ${problem}`);
    }
  }
  return result.diagnostics;
}

/**
 * How broken a text is, by the syntax errors Docker rejects (warnings aside): the instructions that have one, and
 * the lines they cover (with the lines of errors outside every instruction). A fix makes a file worse only when
 * both grow. Errors alone are no measure: a fix that repairs a keyword (`LABEL"k"=v` → `LABEL "k"=v`, `COPY=
 * <<EOF` → `COPY <<EOF`) may show several errors in what it made readable, where one error hid a whole instruction
 * or, for an unterminated heredoc, the rest of the file; and a fix inside a broken instruction may add a line to it.
 */
export function brokenPlaces(text: string): { instructions: number; lines: number; codes: string[] } {
  const p = parse(text);
  const all = p.dockerfile.instructions;
  const broken = new Set<number>();
  const lines = new Set<number>();
  const mark = (start: number, end: number): void => {
    const a = p.lines.positionAt(start).line;
    const b = p.lines.positionAt(Math.max(start, end - 1)).line;
    for (let l = a; l <= b; l++) lines.add(l);
  };
  const errors = p.errors.filter((e) => e.severity === 'error');
  for (const e of errors) {
    const i = all.findIndex((x) => x.range.start <= e.start && e.start < Math.max(x.range.end, x.range.start + 1));
    const instr = all[i];
    if (instr) {
      broken.add(i);
      mark(instr.range.start, instr.range.end);
    } else mark(e.start, e.end);
  }
  return { instructions: broken.size, lines: lines.size, codes: errors.map((e) => e.code) };
}

/**
 * Fix-all with unsafe fixes, pass by pass as the engine does, applying each pass's edits here: the engine's result
 * must be the same text, every stretch outside the edits must be unchanged, no more of the file may be broken than
 * before, and a second fix-all must find nothing more to do.
 */
export function checkFixAll(text: string): string {
  const tracker = new EditTracker(text);
  let current = text;
  let passes = 0;
  for (; passes < 10; passes++) {
    const chosen = chooseFixes(relint(current), true);
    if (chosen.length === 0) break;
    try {
      tracker.apply(chosen.flatMap((c) => c.fix.edits));
    } catch (e) {
      throw new Error(`pass ${passes + 1}, fixes of ${chosen.map((c) => c.rule).join(', ')}: ${(e as Error).message}`);
    }
    current = tracker.text;
  }
  const fixed = fixAll(text, relint, true);
  if (fixed.text !== current) throw new Error(`the fix engine made ${JSON.stringify(fixed.text)}, its edits applied one by one make ${JSON.stringify(current)}`);
  const lost = tracker.lostIn(fixed.text);
  if (lost) throw new Error(`the text at ${lost.from}..${lost.to}, outside every fix, changed: ${JSON.stringify(fixed.text)}`);
  const before = brokenPlaces(text);
  const after = brokenPlaces(fixed.text);
  if (after.instructions > before.instructions && after.lines > before.lines) {
    throw new Error(`fixing broke the file further (${before.instructions} → ${after.instructions} instructions, ${before.lines} → ${after.lines} lines): ${JSON.stringify(before.codes)} became ${JSON.stringify(after.codes)} in ${JSON.stringify(fixed.text)}`);
  }
  // Idempotence: after fix-all nothing is left to fix, safe or unsafe (it converged in fewer than ten passes).
  const left = chooseFixes(relint(fixed.text), true).map((c) => c.rule);
  if (left.length > 0) throw new Error(`fix-all did not converge in ${passes} passes (${left.join(', ')} still fixable): ${JSON.stringify(fixed.text)}`);
  return fixed.text;
}

export const docOf = (t: string): AnalyzedDocument => new AnalyzedDocument('file:///fuzz/Dockerfile', 1, t, CONFIG);

function checkSymbols(syms: readonly SymbolInfo[], length: number): void {
  for (const s of syms) {
    inBounds('symbol', s.range, length);
    inBounds('symbol selection', s.selection, length);
    checkSymbols(s.children, length);
  }
}

/** Every editor feature at the given offsets (clamped into the text): no throw, ranges and edits in bounds. */
export function checkFeatures(text: string, offsets: readonly number[], newName: string): void {
  const doc = docOf(text);
  const n = text.length;
  const at = offsets.map((o) => o % (n + 1));
  checkSymbols(documentSymbols(doc), n);
  for (const f of foldingRanges(doc)) if (!(f.startLine <= f.endLine)) throw new Error(`folding range ${f.startLine}..${f.endLine} is backwards`);
  for (const l of documentLinks(doc)) inBounds('link', l.range, n);
  const tokens = semanticTokens(doc);
  for (const t of tokens) inBounds('semantic token', t, n);
  const encoded = encodeTokens(tokens, doc.lines);
  if (!encoded.every((x) => Number.isInteger(x) && x >= 0)) throw new Error('semantic tokens encode to something other than natural numbers');
  for (const h of inlayHints(doc, { start: 0, end: n })) inBounds('inlay hint', { start: h.offset, end: h.offset }, n);
  for (const options of [{ tabSize: 4, insertSpaces: true }, { tabSize: 2, insertSpaces: false, keywordCase: 'keep' as const, continuationIndent: 3 }]) {
    const edits = format(doc, options);
    const problem = editProblem(text, edits);
    if (problem) throw new Error(`formatting: ${problem}`);
  }
  for (let i = 0; i < at.length; i++) {
    const o = at[i] as number;
    const o2 = at[(i + 1) % at.length] as number;
    const [start, end] = o <= o2 ? [o, o2] : [o2, o];
    const h = hover(doc, o);
    if (h) inBounds('hover', h.range, n);
    for (const c of completions(doc, o)) inBounds('completion', c.replace, n);
    signatureHelp(doc, o);
    const selections = selectionRanges(doc, o);
    if (selections.length === 0) throw new Error(`no selection range at ${o}`);
    for (const r of selections) {
      inBounds('selection range', r, n);
      if (!(r.start <= o && o <= r.end)) throw new Error(`selection range ${r.start}..${r.end} does not hold the cursor at ${o}`);
    }
    for (const a of codeActions(doc, start, end)) {
      const problem = editProblem(text, a.edits);
      if (problem) throw new Error(`code action "${a.title}": ${problem}`);
    }
    const sym = symbolAt(doc, o);
    if (sym) {
      inBounds('symbol at', sym.at, n);
      for (const u of sym.uses) inBounds('use', u, n);
      if (sym.definition) inBounds('definition', sym.definition, n);
      const r = rename(doc, o, newName);
      if ('edits' in r) {
        const problem = editProblem(text, r.edits as Edit[]);
        if (problem) throw new Error(`rename to ${JSON.stringify(newName)}: ${problem}`);
      }
    }
    for (const e of formatOnType(doc, o, { tabSize: 4, insertSpaces: true })) inBounds('on-type formatting', e, n);
    const ranged = format(doc, { tabSize: 4, insertSpaces: true }, { start, end });
    const problem = editProblem(text, ranged);
    if (problem) throw new Error(`range formatting ${start}..${end}: ${problem}`);
    for (const t of semanticTokens(doc, { start, end })) inBounds('semantic token in range', t, n);
  }
}

