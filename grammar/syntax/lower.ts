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
import { classifyContinuedLine, isNewlineAt, newlineEnd, SkippedLineKind } from '../lexer/scan.js';
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

/** First real (non-virtual) token offset inside a CST child, or NaN when it holds none. */
function childStart(c: CstChild): number {
  if (isToken(c)) return c.isInsertedInRecovery ? Number.NaN : c.startOffset;
  let best = Number.NaN;
  for (const arr of Object.values(c.children)) {
    for (const x of arr) {
      const s = childStart(x);
      if (!Number.isNaN(s) && (Number.isNaN(best) || s < best)) best = s;
    }
  }
  return best;
}

function orderedChildren(n: CstNode): CstChild[] {
  const all: Array<{ s: number; c: CstChild }> = [];
  for (const arr of Object.values(n.children)) {
    for (const c of arr) {
      const s = childStart(c);
      if (!Number.isNaN(s)) all.push({ s, c });
    }
  }
  all.sort((a, b) => a.s - b.s);
  return all.map((x) => x.c);
}

export class Lowering {
  private readonly escape: number;
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
    const raw = this.src.slice(s, e);
    if (!raw.includes(String.fromCharCode(this.escape))) {
      const i = raw.indexOf('=');
      return i < 0 ? -1 : s + i;
    }
    const logical = LogicalText.of(this.src, s, e, this.escape);
    const i = logical.text.indexOf('=');
    return i < 0 ? -1 : logical.toSource(i);
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

  private real(tokens: IToken[]): IToken[] {
    return tokens.filter((t) => !t.isInsertedInRecovery);
  }

  /** Converts the tokens of a CST subtree (flattened), with the structure rules for each token type. */
  private convertTokens(tokens: IToken[], out: SyntaxElement[]): void {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as IToken;
      const name = t.tokenType.name;
      if (name === 'Flag') out.push(this.flag(t));
      else if (name === 'KeyValueWord') out.push(this.keyValue(t));
      else out.push(this.plain(t));
    }
  }

  private flatTokens(n: CstChild, out: IToken[]): void {
    if (isToken(n)) {
      if (!n.isInsertedInRecovery) out.push(n);
      return;
    }
    for (const c of orderedChildren(n)) this.flatTokens(c, out);
  }

  instruction(rule: CstNode): SyntaxNode | undefined {
    const kind = RULE_KINDS[rule.name];
    if (!kind) return undefined;
    const out: SyntaxElement[] = [];
    let legacy: SyntaxElement[] | undefined;
    for (const c of orderedChildren(rule)) {
      if (isToken(c)) {
        if (c.isInsertedInRecovery) continue;
        const name = c.tokenType.name;
        if (name === 'LegacyKey') {
          legacy = [this.tok('Key', c.startOffset, tokenEnd(c))];
          out.push(legacy[0] as SyntaxElement);
          continue;
        }
        if (legacy && name === 'ShellText') {
          legacy.push(this.tok('Value', c.startOffset, tokenEnd(c)));
          continue;
        }
        this.convertTokens([c], out);
        continue;
      }
      switch (c.name) {
        case 'flags': {
          const toks: IToken[] = [];
          this.flatTokens(c, toks);
          this.convertTokens(toks, out);
          break;
        }
        case 'jsonArray':
        case 'shellForm': {
          const toks: IToken[] = [];
          this.flatTokens(c, toks);
          if (toks.length === 0) break;
          const inner: SyntaxElement[] = [];
          this.convertTokens(toks, inner);
          out.push(this.node(c.name === 'jsonArray' ? 'JsonArray' : 'ShellForm', inner));
          break;
        }
        case 'sources': {
          const toks: IToken[] = [];
          this.flatTokens(c, toks);
          this.convertTokens(toks, out);
          break;
        }
        case 'heredocs': {
          const toks: IToken[] = [];
          this.flatTokens(c, toks);
          this.heredocs(toks, out);
          break;
        }
        case 'leftover': {
          const toks: IToken[] = [];
          this.flatTokens(c, toks);
          if (toks.length === 0) break;
          const inner: SyntaxElement[] = [];
          this.convertTokens(toks, inner);
          out.push(this.node('Error', inner));
          break;
        }
        case 'instruction': {
          const inner = orderedChildren(c)[0];
          const trigger = inner && !isToken(inner) ? this.instruction(inner) : undefined;
          if (trigger) out.push(trigger);
          break;
        }
        default: {
          const toks: IToken[] = [];
          this.flatTokens(c, toks);
          this.convertTokens(toks, out);
        }
      }
    }
    if (legacy && legacy.length > 0) {
      // The legacy key and its value chunks form one KeyValue node.
      const at = out.indexOf(legacy[0] as SyntaxElement);
      out.splice(at, 1, this.node('KeyValue', legacy));
    }
    if (out.length === 0) return undefined;
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
    this.convertTokens(this.real(tokens), inner);
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
      case 'Comment':
        out.push(this.tok('Comment', s, e));
        return;
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

  /** The escape + line break, then each comment or empty line BuildKit skips. */
  private continuation(s: number, e: number, out: SyntaxElement[]): void {
    const src = this.src;
    let j = s + 1;
    while (j < e && !isNewlineAt(src, j)) j++;
    const first = j < e ? newlineEnd(src, j) : e;
    out.push(this.tok('Continuation', s, first));
    let ls = first;
    while (ls < e) {
      const nl = src.indexOf('\n', ls);
      const le = nl < 0 || nl + 1 > e ? e : nl + 1;
      if (classifyContinuedLine(src, ls) === SkippedLineKind.Empty) {
        out.push(this.tok('EmptyContinuationLine', ls, le));
      } else {
        let h = ls;
        while (src.charCodeAt(h) !== 0x23) h++;
        if (h > ls) out.push(this.tok('Whitespace', ls, h));
        let ce = le;
        if (ce > h && src.charCodeAt(ce - 1) === 0x0a) ce--;
        while (ce > h && src.charCodeAt(ce - 1) === 0x0d) ce--;
        out.push(this.tok('Comment', h, ce));
        if (le > ce) out.push(this.tok('Newline', ce, le));
      }
      ls = le;
    }
  }

  /** Puts every trivia token into the innermost node containing it, in order; sets parents. */
  fill(node: SyntaxNode, trivia: IToken[], cur: { i: number }): void {
    const out: SyntaxElement[] = [];
    for (const c of node.children) {
      while (cur.i < trivia.length && (trivia[cur.i] as IToken).startOffset < c.start) this.pushTrivia(out, trivia[cur.i++] as IToken);
      if (!c.isToken) this.fill(c, trivia, cur);
      out.push(c);
    }
    while (cur.i < trivia.length && (trivia[cur.i] as IToken).startOffset < node.end) this.pushTrivia(out, trivia[cur.i++] as IToken);
    node.children.length = 0;
    for (const c of out) {
      c.parent = node;
      node.children.push(c);
    }
  }
}

/** Builds the File node: instructions and stray tokens from the CST, then all trivia. */
export function lowerFile(src: string, escape: string, cst: FileCstNode, trivia: IToken[]): SyntaxNode {
  const low = new Lowering(src, escape);
  const top: SyntaxNode[] = [];
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
  for (const c of orderedChildren(cst)) {
    if (isToken(c)) {
      strays.push(c);
      continue;
    }
    flushStrays();
    const inner = orderedChildren(c)[0];
    const instr = inner && !isToken(inner) ? low.instruction(inner) : undefined;
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
  return root;
}
