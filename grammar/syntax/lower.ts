/**
 * Lowering: the parser's CST plus the lexer's full token stream → the lossless syntax tree.
 *
 * The CST gives the structure (which instruction, which flags, which arguments); it has no trivia and may hold
 * virtual tokens invented by error recovery. So each instruction node is built from the CST's *real* tokens
 * only, and then every trivia token is put into the innermost node whose span contains it. Tokens the grammar
 * did not take (stray arguments) become Error nodes inside the instruction they follow.
 */
import type { CstNode, IToken } from 'chevrotain';
import { LogicalText } from '../lexer/scan.js';
import { findChar } from '../text/chars.js';
import { classifyContinuedLine, continuationEnd, isNewlineAt, newlineEnd, SkippedLineKind } from '../lexer/scan.js';
import type { DirectivePayload } from '../lexer/tokens.js';
import type { FileCstNode } from '../parser/cst.js';
import type { InstructionKind, NodeKind, TokenKind } from './kinds.js';
import { SyntaxNode, SyntaxToken, type SyntaxElement } from './tree.js';

const RULE_KINDS: Record<string, InstructionKind> = {
  from: 'From',
  run: 'Run',
  cmd: 'Cmd',
  entrypoint: 'Entrypoint',
  shell: 'Shell',
  copy: 'Copy',
  add: 'Add',
  volume: 'Volume',
  expose: 'Expose',
  user: 'User',
  workdir: 'Workdir',
  stopsignal: 'StopSignal',
  maintainer: 'Maintainer',
  env: 'Env',
  label: 'Label',
  arg: 'Arg',
  healthcheck: 'Healthcheck',
  onbuild: 'Onbuild',
  unknown: 'UnknownInstruction',
};

/** Tree token kind for each parser token type that maps one-to-one. */
const TOKEN_KINDS: Record<string, TokenKind> = {
  FlagTerminator: 'FlagTerminator',
  JsonOpen: 'LBracket',
  JsonClose: 'RBracket',
  JsonComma: 'Comma',
  JsonString: 'JsonString',
  JsonValue: 'JsonValue',
  ShellText: 'ShellText',
  HeredocMarker: 'HeredocMarker',
  HeredocBody: 'HeredocBody',
  HeredocEnd: 'HeredocEnd',
  Word: 'Word',
  AsKeyword: 'AsKeyword',
  HealthcheckType: 'HealthcheckType',
  LegacyKey: 'Key',
  Garbage: 'Garbage',
};

type CstChild = CstNode | IToken;

function isToken(c: CstChild): c is IToken {
  return (c as IToken).image !== undefined;
}

function tokenEnd(t: IToken): number {
  return t.startOffset + t.image.length;
}

/**
 * Sorts in place by `key`, stable. The arrays sorted here are short and mostly in order already (a CST node's
 * children grouped by label): an insertion sort does that without the scratch copy Array.prototype.sort makes
 * on every call (~30 MiB per corpus pass).
 */
function sortBy<T>(a: T[], key: (x: T) => number): void {
  if (a.length > 64) {
    a.sort((x, y) => key(x) - key(y));
    return;
  }
  for (let i = 1; i < a.length; i++) {
    const x = a[i] as T;
    const k = key(x);
    let j = i - 1;
    if (key(a[j] as T) <= k) continue;
    while (j >= 0 && key(a[j] as T) > k) {
      a[j + 1] = a[j] as T;
      j--;
    }
    a[j + 1] = x;
  }
}

const startOf = (x: { start: number }): number => x.start;
const tokenStart = (t: IToken): number => t.startOffset;

/** Where an instruction rule starts: its keyword, the first of its own tokens. */
function ruleStart(n: CstNode): number {
  let best = Number.POSITIVE_INFINITY;
  for (const key in n.children) {
    for (const c of n.children[key] as CstChild[]) if (isToken(c) && !c.isInsertedInRecovery && c.startOffset < best) best = c.startOffset;
  }
  return best;
}

/** The real (non-virtual) tokens directly under a CST node, in source order. */
function directTokens(n: CstNode): IToken[] {
  const out: IToken[] = [];
  for (const key in n.children) {
    for (const c of n.children[key] as CstChild[]) if (isToken(c) && !c.isInsertedInRecovery) out.push(c);
  }
  sortBy(out, tokenStart);
  return out;
}

export class Lowering {
  private readonly escape: number;
  /** Empty lines inside continuations, in order (for the validator). */
  readonly emptyLines: SyntaxToken[] = [];
  /** Every comment token, in order (suppression comments are found here without walking the tree). */
  readonly comments: SyntaxToken[] = [];
  constructor(
    private readonly src: string,
    escape: string,
  ) {
    this.escape = escape.charCodeAt(0);
  }

  private tok(kind: TokenKind, s: number, e: number): SyntaxToken {
    return new SyntaxToken(kind, s, e, this.src);
  }

  private node(kind: NodeKind, children: SyntaxElement[]): SyntaxNode {
    const first = children[0] as SyntaxElement;
    const last = children[children.length - 1] as SyntaxElement;
    return new SyntaxNode(kind, first.start, last.end, children, this.src);
  }

  /** Offset of the first `=` in the logical text of `[s, e)`, as a source offset; -1 if none. */
  private firstEquals(s: number, e: number): number {
    const src = this.src;
    const i = findChar(src, 0x3d, s, e);
    if (i < 0) return -1;
    const k = findChar(src, this.escape, s, i);
    if (k < 0) return i;
    // A continuation before the `=` may hide text (skipped comment lines): look at the logical text.
    const logical = LogicalText.of(src, s, e, this.escape);
    const j = logical.text.indexOf('=');
    return j < 0 ? -1 : logical.toSource(j);
  }

  /** `--name=value` → Flag node of FlagName, Equals, FlagValue. */
  private flag(t: IToken): SyntaxNode {
    const s = t.startOffset;
    const e = tokenEnd(t);
    const eq = this.firstEquals(s, e);
    if (eq < 0) return this.node('Flag', [this.tok('FlagName', s, e)]);
    const parts: SyntaxElement[] = [this.tok('FlagName', s, eq), this.tok('Equals', eq, eq + 1)];
    if (eq + 1 < e) parts.push(this.tok('FlagValue', eq + 1, e));
    return this.node('Flag', parts);
  }

  /** `key=value` (or a bare ARG name) → KeyValue node of Key, Equals, Value. */
  private keyValue(t: IToken): SyntaxNode {
    const s = t.startOffset;
    const e = tokenEnd(t);
    const eq = this.firstEquals(s, e);
    if (eq < 0) return this.node('KeyValue', [this.tok('Key', s, e)]);
    const parts: SyntaxElement[] = [];
    if (eq > s) parts.push(this.tok('Key', s, eq));
    parts.push(this.tok('Equals', eq, eq + 1));
    if (eq + 1 < e) parts.push(this.tok('Value', eq + 1, e));
    return this.node('KeyValue', parts);
  }

  private plain(t: IToken): SyntaxToken {
    const name = t.tokenType.name;
    const kind = TOKEN_KINDS[name];
    if (kind) return this.tok(kind, t.startOffset, tokenEnd(t));
    if (name.endsWith('Keyword')) return this.tok('Keyword', t.startOffset, tokenEnd(t));
    return this.tok('Garbage', t.startOffset, tokenEnd(t));
  }

  private convert(t: IToken, out: SyntaxElement[]): void {
    const name = t.tokenType.name;
    if (name === 'Flag') out.push(this.flag(t));
    else if (name === 'KeyValueWord') out.push(this.keyValue(t));
    else out.push(this.plain(t));
  }

  private convertAll(tokens: IToken[], out: SyntaxElement[]): void {
    for (const t of tokens) this.convert(t, out);
  }

  /** One instruction rule node → its node, built bottom-up (each CST token is visited once). */
  instruction(rule: CstNode): SyntaxNode | undefined {
    const kind = RULE_KINDS[rule.name];
    if (!kind) return undefined;
    const out: SyntaxElement[] = [];
    let legacyKey: SyntaxToken | undefined;
    for (const key in rule.children) {
      for (const c of rule.children[key] as CstChild[]) {
        if (isToken(c)) {
          if (c.isInsertedInRecovery) continue;
          const name = c.tokenType.name;
          if (name === 'LegacyKey') {
            legacyKey = this.tok('Key', c.startOffset, tokenEnd(c));
            out.push(legacyKey);
          } else if (key === 'legacyValue') {
            out.push(this.tok('Value', c.startOffset, tokenEnd(c)));
          } else {
            this.convert(c, out);
          }
          continue;
        }
        switch (c.name) {
          case 'jsonArray':
          case 'shellForm':
          case 'leftover': {
            const toks = directTokens(c);
            if (toks.length === 0) break;
            const inner: SyntaxElement[] = [];
            this.convertAll(toks, inner);
            out.push(this.node(c.name === 'jsonArray' ? 'JsonArray' : c.name === 'shellForm' ? 'ShellForm' : 'Error', inner));
            break;
          }
          case 'heredocs':
            this.heredocs(directTokens(c), out);
            break;
          default:
            if (RULE_KINDS[c.name]) {
              // The instruction an ONBUILD registers.
              const trigger = this.instruction(c);
              if (trigger) out.push(trigger);
              break;
            }
            // flags, sources: their tokens belong directly to the instruction.
            this.convertAll(directTokens(c), out);
        }
      }
    }
    if (out.length === 0) return undefined;
    sortBy(out, startOf);
    if (legacyKey) {
      // The legacy key and its value chunks form one KeyValue node.
      const at = out.indexOf(legacyKey);
      let end = at + 1;
      while (end < out.length && (out[end] as SyntaxElement).isToken && (out[end] as SyntaxToken).kind === 'Value') end++;
      out.splice(at, end - at, this.node('KeyValue', out.slice(at, end)));
    }
    return this.node(kind, out);
  }

  /** HeredocBody/HeredocEnd tokens in order → one Heredoc node per heredoc. */
  private heredocs(tokens: IToken[], out: SyntaxElement[]): void {
    let i = 0;
    while (i < tokens.length) {
      const t = tokens[i] as IToken;
      const parts: SyntaxElement[] = [this.plain(t)];
      i++;
      if (t.tokenType.name === 'HeredocBody' && i < tokens.length && (tokens[i] as IToken).tokenType.name === 'HeredocEnd') {
        parts.push(this.plain(tokens[i] as IToken));
        i++;
      }
      out.push(this.node('Heredoc', parts));
    }
  }

  /** Error node for parser tokens outside any instruction. */
  stray(tokens: IToken[]): SyntaxNode {
    const inner: SyntaxElement[] = [];
    this.convertAll(tokens.filter((t) => !t.isInsertedInRecovery), inner);
    return this.node('Error', inner);
  }

  // --- trivia ---------------------------------------------------------------------------------------------

  private pushTrivia(out: SyntaxElement[], t: IToken): void {
    const s = t.startOffset;
    const e = tokenEnd(t);
    switch (t.tokenType.name) {
      case 'Whitespace':
        out.push(this.tok('Whitespace', s, e));
        return;
      case 'Newline':
      case 'EndOfLine':
        out.push(this.tok('Newline', s, e));
        return;
      case 'Comment': {
        const c = this.tok('Comment', s, e);
        this.comments.push(c);
        out.push(c);
        return;
      }
      case 'Bom':
        out.push(this.tok('Bom', s, e));
        return;
      case 'Directive':
        out.push(this.directive(t));
        return;
      case 'Continuation':
        this.continuation(s, e, out);
        return;
      default:
        out.push(this.tok('Garbage', s, e));
    }
  }

  private directive(t: IToken): SyntaxNode {
    const s = t.startOffset;
    const raw = t.image;
    const m = /^(#)([\s\u0085]*)([a-zA-Z][a-zA-Z0-9]*)([\t\n\f\r ]*)(=)([\t\n\f\r ]*)(.*?)([\t\n\f\r ]*)$/.exec(raw);
    const payload = t.payload as DirectivePayload | undefined;
    if (!m || !payload) return this.node('Directive', [this.tok('Comment', s, s + raw.length)]);
    const kinds: Array<TokenKind | undefined> = [undefined, 'Hash', 'Whitespace', 'DirectiveName', 'Whitespace', 'Equals', 'Whitespace', 'DirectiveValue', 'Whitespace'];
    const parts: SyntaxElement[] = [];
    let p = s;
    for (let g = 1; g <= 8; g++) {
      const len = (m[g] as string).length;
      if (len > 0) parts.push(this.tok(kinds[g] as TokenKind, p, p + len));
      p += len;
    }
    return this.node('Directive', parts);
  }

  /**
   * The lexer's continuation token → Whitespace before the escape, the Continuation (escape, blanks, line break),
   * each comment or empty line BuildKit skips, and the next line's indentation as Whitespace.
   */
  private continuation(s: number, e: number, out: SyntaxElement[]): void {
    const src = this.src;
    let p = s;
    while (p < e && src.charCodeAt(p) !== this.escape) p++;
    if (p > s) out.push(this.tok('Whitespace', s, p));
    let j = p + 1;
    while (j < e && !isNewlineAt(src, j)) j++;
    const first = j < e ? newlineEnd(src, j) : e;
    out.push(this.tok('Continuation', p, first));
    // The skipped lines end where the next content line starts; its indentation is what is left.
    let skippedEnd = Math.min(continuationEnd(src, p), e);
    if (skippedEnd < first) skippedEnd = first;
    let ls = first;
    while (ls < skippedEnd) {
      const nl = src.indexOf('\n', ls);
      const le = nl < 0 || nl + 1 > skippedEnd ? skippedEnd : nl + 1;
      if (classifyContinuedLine(src, ls) === SkippedLineKind.Empty) {
        const t = this.tok('EmptyContinuationLine', ls, le);
        this.emptyLines.push(t);
        out.push(t);
      } else {
        let h = ls;
        while (src.charCodeAt(h) !== 0x23) h++;
        if (h > ls) out.push(this.tok('Whitespace', ls, h));
        let ce = le;
        if (ce > h && src.charCodeAt(ce - 1) === 0x0a) ce--;
        while (ce > h && src.charCodeAt(ce - 1) === 0x0d) ce--;
        const comment = this.tok('Comment', h, ce);
        this.comments.push(comment);
        out.push(comment);
        if (le > ce) out.push(this.tok('Newline', ce, le));
      }
      ls = le;
    }
    if (e > skippedEnd) out.push(this.tok('Whitespace', skippedEnd, e));
  }

  /** Puts every trivia token into the innermost node containing it, in order; sets parents. */
  fill(node: SyntaxNode, trivia: IToken[], cur: { i: number }): void {
    // Nothing to insert inside this node: its children (and their parents) are already right.
    if (cur.i >= trivia.length || (trivia[cur.i] as IToken).startOffset >= node.end) return;
    const out: SyntaxElement[] = [];
    for (const c of node.children) {
      while (cur.i < trivia.length && (trivia[cur.i] as IToken).startOffset < c.start) this.pushTrivia(out, trivia[cur.i++] as IToken);
      if (!c.isToken) this.fill(c, trivia, cur);
      out.push(c);
    }
    while (cur.i < trivia.length && (trivia[cur.i] as IToken).startOffset < node.end) this.pushTrivia(out, trivia[cur.i++] as IToken);
    for (let k = 0; k < out.length; k++) (out[k] as SyntaxElement).parent = node;
    node.children = out;
  }
}

/** Builds the File node: instructions and stray tokens from the CST, then all trivia. */
export function lowerFile(src: string, escape: string, cst: FileCstNode, trivia: IToken[]): { root: SyntaxNode; emptyLines: SyntaxToken[]; comments: SyntaxToken[] } {
  const low = new Lowering(src, escape);
  const top: SyntaxNode[] = [];
  // The file rule's children: instruction nodes (one key per instruction rule) and stray tokens, in source order.
  const items: Array<{ start: number; node?: CstNode; token?: IToken }> = [];
  const children = cst.children as unknown as Record<string, CstChild[]>;
  for (const key in children) {
    for (const c of children[key] as CstChild[]) {
      if (isToken(c)) {
        if (!c.isInsertedInRecovery) items.push({ start: c.startOffset, token: c });
      } else {
        items.push({ start: ruleStart(c), node: c });
      }
    }
  }
  sortBy(items, startOf);
  let strays: IToken[] = [];
  const flushStrays = (): void => {
    if (strays.length === 0) return;
    const err = low.stray(strays);
    strays = [];
    if (err.children.length === 0) return;
    const prev = top[top.length - 1];
    if (prev) {
      // Stray tokens follow the instruction they belong to (the lexer only emits them after a keyword).
      prev.children.push(err);
      prev.end = Math.max(prev.end, err.end);
    } else {
      top.push(err);
    }
  };
  for (const item of items) {
    if (item.token) {
      strays.push(item.token);
      continue;
    }
    flushStrays();
    const instr = low.instruction(item.node as CstNode);
    if (instr) top.push(instr);
  }
  flushStrays();

  // An instruction also covers trailing whitespace and continuations up to its final line break.
  let ti = 0;
  for (const instr of top) {
    while (ti < trivia.length && (trivia[ti] as IToken).startOffset < instr.end) ti++;
    let k = ti;
    while (k < trivia.length) {
      const t = trivia[k] as IToken;
      const name = t.tokenType.name;
      if (t.startOffset !== instr.end || (name !== 'Whitespace' && name !== 'Continuation')) break;
      instr.end = tokenEnd(t);
      k++;
    }
  }

  const root = new SyntaxNode('File', 0, src.length, top, src);
  low.fill(root, trivia, { i: 0 });
  return { root, emptyLines: low.emptyLines, comments: low.comments };
}
