/**
 * The lossless syntax tree. Nodes own an ordered list of children (nodes and tokens); tokens own text. Every
 * character of the input belongs to exactly one token, so `root.text() === input`. Ranges are UTF-16 offsets,
 * half-open.
 */
import type { TextRange } from '../text/range.js';
import { INSTRUCTION_KINDS, TRIVIA_KINDS, type NodeKind, type TokenKind } from './kinds.js';

export class SyntaxToken implements TextRange {
  parent: SyntaxNode | null = null;
  constructor(
    readonly kind: TokenKind,
    readonly start: number,
    readonly end: number,
    private readonly source: string,
  ) {}

  /** The token's text exactly as in the source (continuations inside a glued word included). */
  text(): string {
    return this.source.slice(this.start, this.end);
  }

  get isTrivia(): boolean {
    return TRIVIA_KINDS.has(this.kind);
  }

  get isToken(): true {
    return true;
  }
}

export type SyntaxElement = SyntaxNode | SyntaxToken;

export class SyntaxNode implements TextRange {
  parent: SyntaxNode | null = null;
  /** A slot for the typed view of this node (syntax/ast.ts), created on first use. */
  view: unknown = undefined;
  constructor(
    readonly kind: NodeKind,
    public start: number,
    public end: number,
    public children: SyntaxElement[],
    private readonly source: string,
  ) {
    for (const c of children) c.parent = this;
  }

  get isToken(): false {
    return false;
  }

  text(): string {
    return this.source.slice(this.start, this.end);
  }

  get isInstruction(): boolean {
    return INSTRUCTION_KINDS.has(this.kind);
  }

  /** Child nodes only. */
  nodes(): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (const c of this.children) if (!c.isToken) out.push(c);
    return out;
  }

  /** Direct child tokens, optionally of one kind. */
  tokens(kind?: TokenKind): SyntaxToken[] {
    const out: SyntaxToken[] = [];
    for (const c of this.children) if (c.isToken && (kind === undefined || c.kind === kind)) out.push(c);
    return out;
  }

  /** The first direct child token of a kind (no array made). */
  token(kind: TokenKind): SyntaxToken | undefined {
    for (const c of this.children) if (c.isToken && c.kind === kind) return c;
    return undefined;
  }

  firstToken(): SyntaxToken | undefined {
    for (const c of this.children) {
      if (c.isToken) return c;
      const t = c.firstToken();
      if (t) return t;
    }
    return undefined;
  }

  lastToken(): SyntaxToken | undefined {
    for (let i = this.children.length - 1; i >= 0; i--) {
      const c = this.children[i] as SyntaxElement;
      if (c.isToken) return c;
      const t = c.lastToken();
      if (t) return t;
    }
    return undefined;
  }

  /** The token containing `offset` (the one starting there when between two tokens). */
  tokenAt(offset: number): SyntaxToken | undefined {
    if (offset < this.start || offset > this.end) return undefined;
    let node: SyntaxNode = this;
    for (;;) {
      const children = node.children;
      let lo = 0;
      let hi = children.length - 1;
      let found: SyntaxElement | undefined;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const c = children[mid] as SyntaxElement;
        if (offset < c.start) hi = mid - 1;
        else if (offset >= c.end) lo = mid + 1;
        else {
          found = c;
          break;
        }
      }
      if (!found) {
        // At the very end of a node: the last token ending there.
        if (offset === node.end) return node.lastToken();
        return undefined;
      }
      if (found.isToken) return found;
      node = found;
    }
  }

  /** The innermost node containing `offset`. */
  nodeAt(offset: number): SyntaxNode {
    const token = this.tokenAt(offset);
    return token?.parent ?? this;
  }

  /** Every descendant in document order, nodes before their children. */
  *descendants(): Generator<SyntaxElement> {
    const stack: SyntaxElement[] = [...this.children].reverse();
    while (stack.length > 0) {
      const el = stack.pop() as SyntaxElement;
      yield el;
      if (!el.isToken) for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i] as SyntaxElement);
    }
  }

  /** Every token in document order. */
  *allTokens(): Generator<SyntaxToken> {
    for (const el of this.descendants()) if (el.isToken) yield el;
  }

  /** The nearest ancestor (or this node) of one of the kinds. */
  ancestor(...kinds: NodeKind[]): SyntaxNode | undefined {
    let n: SyntaxNode | null = this;
    while (n) {
      if (kinds.includes(n.kind)) return n;
      n = n.parent;
    }
    return undefined;
  }
}
