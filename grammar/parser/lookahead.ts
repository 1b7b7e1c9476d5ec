/**
 * The grammar tables Chevrotain needs, computed the cheap way for an LL(1) grammar.
 *
 * Chevrotain works out each decision's lookahead (which alternative of an OR, whether to enter an OPTION or a
 * MANY) with machinery built for LL(k): paths through the grammar, prefixes, hashing. With one token of lookahead
 * that is the FIRST set of each alternative, which a short walk over the recorded grammar gives. Cold — as every
 * `berth lint` run is — Chevrotain's way cost ~9 ms in a CPU profile for the decisions one small file meets, and
 * its follow tables for error recovery ~7 ms more at construction; here the lookahead costs well under a
 * millisecond, and the follow tables are only built when a file has a syntax error.
 *
 * Both follow Chevrotain's definitions exactly (test/grammar/lookahead.test.ts compares every decision of the
 * grammar, token by token, and every follow set with what Chevrotain computes itself):
 * - a decision's lookahead is what `possiblePathsFrom` gives with k = 1: the tokens that can come first; the first
 *   alternative that can start with the token wins; decisions outside that simple case are left to Chevrotain;
 * - the follow sets are Chevrotain's `first` of the rest of the rule after each sub-rule call.
 */
import {
  Alternation,
  Alternative,
  LLkLookaheadStrategy,
  NonTerminal,
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
  Rule,
  Terminal,
  type ILookaheadStrategy,
  type IProduction,
  type IToken,
  type TokenType,
} from 'chevrotain';

type AltOptions = Parameters<ILookaheadStrategy['buildLookaheadForAlternation']>[0];
type OptOptions = Parameters<ILookaheadStrategy['buildLookaheadForOptional']>[0];
type Production = IProduction & { definition?: IProduction[]; idx?: number };
interface Recognizer {
  LA(n: number): IToken;
}

class Unsupported extends Error {}

/**
 * The token types a sequence can start with, as Chevrotain's `possiblePathsFrom` reads it with one token of
 * lookahead; undefined when the sequence can be empty or holds a repetition with a separator (see above).
 */
function simpleFirst(defs: readonly IProduction[]): Set<TokenType> | undefined {
  const into = new Set<TokenType>();
  try {
    return addSequence(defs, into, new Set()) ? undefined : into;
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

/** Adds what a sequence can start with; returns whether it can be empty. */
function addSequence(defs: readonly IProduction[], into: Set<TokenType>, visiting: Set<Rule>): boolean {
  for (const prod of defs) if (!addFirst(prod, into, visiting)) return false;
  return true;
}

/** Adds what `prod` can start with; returns whether it can be empty. */
function addFirst(prod: IProduction, into: Set<TokenType>, visiting: Set<Rule>): boolean {
  if (prod instanceof Terminal) {
    into.add(prod.terminalType);
    return false;
  }
  if (prod instanceof NonTerminal) {
    const rule = prod.referencedRule;
    if (visiting.has(rule)) throw new Unsupported(); // a cycle without progress
    visiting.add(rule);
    const empty = addSequence(rule.definition, into, visiting);
    visiting.delete(rule);
    return empty;
  }
  if (prod instanceof Alternation) {
    let empty = false;
    for (const alt of prod.definition) if (addSequence((alt as Production).definition ?? [], into, visiting)) empty = true;
    return empty;
  }
  if (prod instanceof RepetitionWithSeparator || prod instanceof RepetitionMandatoryWithSeparator) throw new Unsupported();
  const inner = addSequence((prod as Production).definition ?? [], into, visiting);
  return prod instanceof Option || prod instanceof Repetition || inner; // else Alternative or RepetitionMandatory
}

/** The last production of this kind and occurrence in the rule, not looking into other rules (as Chevrotain finds it). */
function findProduction(rule: Rule, idx: number, kind: new (...args: never[]) => IProduction): Production | undefined {
  let found: Production | undefined;
  const visit = (p: IProduction): void => {
    if (p instanceof kind && (p as Production).idx === idx) found = p as Production;
    if (p instanceof NonTerminal || p instanceof Terminal) return;
    for (const c of (p as Production).definition ?? []) visit(c);
  };
  for (const p of rule.definition) visit(p);
  return found;
}

const OPTIONAL_KINDS: Record<string, new (...args: never[]) => IProduction> = {
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
};

/** The token type indexes a lookahead token may have to match `type`: itself and every type in its category. */
function matchingIndexes(type: TokenType): number[] {
  const t = type as TokenType & { tokenTypeIdx: number; categoryMatches?: number[] };
  return [t.tokenTypeIdx, ...(t.categoryMatches ?? [])];
}

/**
 * The lookahead of an LL(1) grammar from FIRST sets, each decision built the first time the parser reaches it.
 * Decisions this cannot answer exactly (more than one token of lookahead) go to Chevrotain's own strategy.
 */
export class FirstSetLookahead implements ILookaheadStrategy {
  validate(options: Parameters<ILookaheadStrategy['validate']>[0]): ReturnType<ILookaheadStrategy['validate']> {
    return chevrotain().validate(options);
  }

  buildLookaheadForAlternation(options: AltOptions): AltLookahead {
    let built: AltLookahead | undefined;
    return function (this: Recognizer, orAlts) {
      built ??= alternationLookahead(options);
      return built.call(this, orAlts);
    };
  }

  buildLookaheadForOptional(options: OptOptions): (this: Recognizer) => boolean {
    let built: ((this: Recognizer) => boolean) | undefined;
    return function (this: Recognizer) {
      built ??= optionalLookahead(options);
      return built.call(this);
    };
  }
}

type AltLookahead = (this: Recognizer, orAlts?: Array<{ GATE?: () => boolean }>) => number | undefined;

let llk: InstanceType<typeof LLkLookaheadStrategy> | undefined;
/** Chevrotain's own strategy, for what this one leaves to it (it reads the lookahead depth from each call's options). */
const chevrotain = (): InstanceType<typeof LLkLookaheadStrategy> => (llk ??= new LLkLookaheadStrategy({ maxLookahead: 1 }));

/**
 * A decision answers from FIRST sets when one token decides it: no gates, no alternative that can be empty (which
 * would match any token), no repetition with a separator. The grammar has none of those today; if it gains one,
 * that decision is Chevrotain's to compute.
 */
function alternationLookahead(options: AltOptions): AltLookahead {
  const prod = options.maxLookahead === 1 && !options.dynamicTokensEnabled && !options.hasPredicates ? findProduction(options.rule, options.prodOccurrence, Alternation) : undefined;
  const alts = prod ? (prod.definition ?? []).map((alt) => simpleFirst((alt as Production).definition ?? [])) : [];
  if (!prod || alts.some((a) => a === undefined)) return chevrotain().buildLookaheadForAlternation(options) as AltLookahead;
  // Token type index → the first alternative that can start with it.
  const choice: number[] = [];
  alts.forEach((a, i) => {
    for (const t of a as Set<TokenType>) for (const idx of matchingIndexes(t)) if (choice[idx] === undefined) choice[idx] = i;
  });
  return function (this: Recognizer) {
    return choice[this.LA(1).tokenTypeIdx];
  };
}

function optionalLookahead(options: OptOptions): (this: Recognizer) => boolean {
  const kind = OPTIONAL_KINDS[options.prodType];
  const prod = kind && options.maxLookahead === 1 && !options.dynamicTokensEnabled ? findProduction(options.rule, options.prodOccurrence, kind) : undefined;
  const first = prod ? simpleFirst(prod.definition ?? []) : undefined;
  if (!first) return chevrotain().buildLookaheadForOptional(options) as (this: Recognizer) => boolean;
  const set: boolean[] = [];
  for (const t of first) for (const idx of matchingIndexes(t)) set[idx] = true;
  return function (this: Recognizer) {
    return set[this.LA(1).tokenTypeIdx] === true;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Follow sets for error recovery

/** Chevrotain's `isOptionalProd`: can this production match nothing? */
function isOptional(prod: IProduction, visited: NonTerminal[] = []): boolean {
  if (prod instanceof Option || prod instanceof Repetition || prod instanceof RepetitionWithSeparator) return true;
  if (prod instanceof Alternation) return prod.definition.some((p) => isOptional(p, visited));
  if (prod instanceof Terminal) return false;
  if (prod instanceof NonTerminal) {
    if (visited.includes(prod)) return false;
    visited.push(prod);
  }
  return ((prod as Production).definition ?? []).every((p) => isOptional(p, visited));
}

/** Chevrotain's `first`: the token types a production can start with (a sequence stops at its first required part). */
function chevrotainFirst(prod: IProduction, into: Set<TokenType>): void {
  if (prod instanceof NonTerminal) return chevrotainFirst(prod.referencedRule, into);
  if (prod instanceof Terminal) {
    into.add(prod.terminalType);
    return;
  }
  if (prod instanceof Alternation) {
    for (const alt of prod.definition) chevrotainFirst(alt, into);
    return;
  }
  for (const p of (prod as Production).definition ?? []) {
    chevrotainFirst(p, into);
    if (!isOptional(p)) return;
  }
}

/**
 * What Chevrotain's `computeAllProdsFollows` makes: for every sub-rule call, keyed `<rule><idx>_~IN~_<caller>`,
 * the token types that can follow it inside the calling rule. The parser re-synchronises on them after an error.
 */
export function resyncFollows(rules: readonly Rule[]): Record<string, TokenType[]> {
  const out: Record<string, TokenType[]> = {};
  for (const top of rules) {
    const walk = (prod: IProduction, prevRest: IProduction[]): void => {
      const def = (prod as Production).definition ?? [];
      def.forEach((sub, index) => {
        const currRest = def.slice(index + 1);
        if (sub instanceof NonTerminal) {
          const set = new Set<TokenType>();
          chevrotainFirst(new Alternative({ definition: currRest.concat(prevRest) }), set);
          out[`${sub.referencedRule.name}${sub.idx}_~IN~_${top.name}`] = [...set];
        } else if (sub instanceof Terminal) {
          // nothing follows a token for re-synchronisation purposes
        } else if (sub instanceof Alternative || sub instanceof Option) {
          walk(sub, currRest.concat(prevRest));
        } else if (sub instanceof RepetitionMandatory || sub instanceof Repetition) {
          walk(sub, [new Option({ definition: sub.definition }) as IProduction].concat(currRest, prevRest));
        } else if (sub instanceof RepetitionMandatoryWithSeparator || sub instanceof RepetitionWithSeparator) {
          const again = new Option({ definition: [new Terminal({ terminalType: sub.separator }) as IProduction].concat(sub.definition) });
          walk(sub, [again as IProduction].concat(currRest, prevRest));
        } else if (sub instanceof Alternation) {
          const rest = currRest.concat(prevRest);
          for (const alt of sub.definition) walk(new Alternative({ definition: [alt] }), rest);
        }
      });
    };
    walk(top, []);
  }
  return out;
}
