/**
 * The parser's lookahead and error-recovery tables come from grammar/parser/lookahead.ts instead of Chevrotain's
 * own computation (which is slow on cold code). These tests hold them to Chevrotain: every decision of the grammar
 * answers as Chevrotain's LL(1) lookahead does for every token type (and for gates), the follow sets are the ones
 * Chevrotain computes, and the two parsers make the same tree and the same errors from broken input.
 */
import { EOF, LLkLookaheadStrategy, NonTerminal, Terminal, type OptionalProductionType, type CstElement, type CstNode, type IProduction, type IToken, type Rule, type TokenType } from 'chevrotain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../grammar/lexer/lexer.js';
import { ALL_TOKENS } from '../../grammar/lexer/tokens.js';
import { FirstSetLookahead, resyncFollows } from '../../grammar/parser/lookahead.js';
import { DockerfileParser } from '../../grammar/parser/parser.js';

const ours = new DockerfileParser();
const theirs = new DockerfileParser({ chevrotainTables: true });
const rules = Object.values(theirs.getGAstProductions());

type Production = IProduction & { definition?: IProduction[]; idx: number; hasPredicates?: boolean };
interface Decision {
  rule: Rule;
  prod: Production;
  type: string;
}

function decisions(): Decision[] {
  const out: Decision[] = [];
  for (const rule of rules) {
    const visit = (p: IProduction): void => {
      if (p instanceof NonTerminal || p instanceof Terminal) return;
      out.push({ rule, prod: p as Production, type: p.constructor.name });
      for (const c of (p as Production).definition ?? []) visit(c);
    };
    for (const p of rule.definition) visit(p);
  }
  return out.filter((d) => d.type !== 'Alternative');
}

const tokenOf = (t: TokenType): IToken => ({ image: 'x', startOffset: 0, tokenType: t, tokenTypeIdx: (t as { tokenTypeIdx: number }).tokenTypeIdx }) as IToken;
const at = (t: TokenType) => ({ LA: () => tokenOf(t), LA_FAST: () => tokenOf(t) });

describe('lookahead from FIRST sets answers as Chevrotain’s LL(1) lookahead', () => {
  const all = decisions();
  const vocabulary = [...ALL_TOKENS, EOF];

  it('the grammar has the decisions this walks', () => {
    expect(all.filter((d) => d.type === 'Alternation').length).toBeGreaterThan(10);
    expect(all.filter((d) => d.type !== 'Alternation').length).toBeGreaterThan(10);
  });

  it.each(all.map((d) => [`${d.rule.name} ${d.type} #${d.prod.idx}`, d] as const))('%s', (_name, d) => {
    const mine = new FirstSetLookahead();
    const chevrotain = new LLkLookaheadStrategy({ maxLookahead: 1 });
    if (d.type === 'Alternation') {
      const options = { prodOccurrence: d.prod.idx, rule: d.rule, maxLookahead: 1, hasPredicates: d.prod.hasPredicates === true, dynamicTokensEnabled: false };
      const a = mine.buildLookaheadForAlternation(options) as (this: unknown, alts?: unknown) => number | undefined;
      const b = chevrotain.buildLookaheadForAlternation(options) as (this: unknown, alts?: unknown) => number | undefined;
      const n = d.prod.definition?.length ?? 0;
      // Without gates, then with each alternative's gate closed in turn.
      const gateSets: Array<Array<{ GATE?: () => boolean }>> = [Array.from({ length: n }, () => ({}))];
      if (options.hasPredicates) for (let i = 0; i < n; i++) gateSets.push(Array.from({ length: n }, (_, j) => (j === i ? { GATE: () => false } : { GATE: () => true })));
      for (const gates of gateSets) for (const t of vocabulary) expect([t.name, a.call(at(t), gates)]).toEqual([t.name, b.call(at(t), gates)]);
    } else {
      const options = { prodOccurrence: d.prod.idx, rule: d.rule, maxLookahead: 1, dynamicTokensEnabled: false, prodType: d.type as OptionalProductionType };
      const a = mine.buildLookaheadForOptional(options) as (this: unknown) => boolean;
      const b = chevrotain.buildLookaheadForOptional(options) as (this: unknown) => boolean;
      for (const t of vocabulary) expect([t.name, a.call(at(t))]).toEqual([t.name, b.call(at(t))]);
    }
  });
});

describe('error recovery follow sets', () => {
  it('are the ones Chevrotain computes', () => {
    const expected = (theirs as unknown as { resyncFollows: Record<string, TokenType[]> }).resyncFollows;
    const actual = resyncFollows(rules);
    const names = (r: Record<string, TokenType[]>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.map((t) => t.name).sort()]));
    expect(Object.keys(expected).length).toBeGreaterThan(20);
    expect(names(actual)).toEqual(names(expected));
  });
});

/** A CST as plain data: rule names, labels, token types and offsets (recovery-inserted tokens included). */
function shape(node: CstNode): unknown {
  const out: Record<string, unknown> = { name: node.name, recovered: node.recoveredNode === true };
  for (const [label, children] of Object.entries(node.children)) {
    out[label] = (children as CstElement[]).map((c) => ('children' in c ? shape(c) : `${c.tokenType.name}@${c.startOffset}${(c as { isInsertedInRecovery?: boolean }).isInsertedInRecovery ? '+' : ''}`));
  }
  return out;
}

function same(text: string): void {
  const tokens = tokenize(text).tokens;
  ours.input = tokens;
  const a = shape(ours.file());
  const aErrors = ours.errors.map((e) => [e.name, e.message, e.token.startOffset]);
  theirs.input = tokens;
  const b = shape(theirs.file());
  const bErrors = theirs.errors.map((e) => [e.name, e.message, e.token.startOffset]);
  expect(a).toEqual(b);
  expect(aErrors).toEqual(bErrors);
}

describe('the two parsers make the same tree and errors', () => {
  it.each([
    'FROM alpine AS\nRUN\nCOPY --from=x\n',
    'ONBUILD ONBUILD RUN x\nONBUILD\nHEALTHCHECK --interval=1s\nHEALTHCHECK CMD\n',
    'CMD ["a", "b"] trailing\nENTRYPOINT [\nSHELL ["sh" "-c"]\nEXPOSE\nARG\nENV\nLABEL\n',
    'FROM a b c d\nFROM --platform=x\nWORKDIR\nUSER\nSTOPSIGNAL\nVOLUME\nADD\nCOPY <<EOF\nbody\nEOF\n',
  ])('%j', (text) => same(text));

  it('on random instruction soup', () => {
    const word = fc.constantFrom('FROM', 'RUN', 'CMD', 'ONBUILD', 'COPY', 'ENV', 'ARG', 'HEALTHCHECK', 'SHELL', 'LABEL', 'EXPOSE', 'USER', 'AS', 'NONE', 'a', 'b=c', '--from=x', '--', '[', ']', '"s"', ',', '1', '<<EOF', 'EOF', '\\', '\n', ' ');
    fc.assert(fc.property(fc.array(word, { maxLength: 40 }), (ws) => same(ws.join(' '))), { numRuns: 1000 });
  });
});
