/**
 * A fast path in front of tree-sitter-bash for the scripts RUN instructions hold: lists and pipelines of commands
 * (`apt-get update && apt-get install -y curl | tee log`) with quotes, `$VAR`, `${VAR}`, `$(…)`, backticks,
 * assignments, `export`/`unset`, file redirections, subshells, `{ …; }`, `if`/`elif`/`else`, `for … in`,
 * `while`/`until`, `case` and simple `[ … ]` tests. For such a script it builds exactly the tree `parseBash` copies
 * out of tree-sitter (same node types, fields, offsets, and the same pruning of leaves), in plain JavaScript,
 * without the WebAssembly round trips. Anything else — `[[ ]]`, arithmetic, functions, heredocs, comments, `&`,
 * nested expansions, and every spot where tree-sitter-bash's reading is not predictable — makes it give up
 * (undefined), and the script goes to tree-sitter as before. Where tree-sitter-bash misreads a script (a word cut
 * at `-$`, `a | b | c && d` read as `a | (b | c && d)`), this reader follows the shell.
 * test/grammar/shell-fast.test.ts holds it to tree-sitter's tree on every script of the corpus and on generated
 * scripts.
 *
 * Why: tree-sitter's parse plus the copy out of WebAssembly was most of the cost of linting RUN instructions, and
 * a file whose scripts this reader takes needs no WebAssembly at all (most files: `berth lint` and the language
 * server then never load it).
 */
import type { SNode } from './bash.js';

/**
 * Redirections with words hung on them. Only the first command of a statement may have one: elsewhere
 * tree-sitter-bash groups the pipeline or list around it differently.
 */
const HUNG = new WeakSet<SNode>();

/** Thrown to abandon the fast path; caught in `parseSimpleScript`. */
const GIVE_UP = new Error('not a simple script');

/** Words that tree-sitter-bash reads as syntax in command position: give up on them. */
const RESERVED: ReadonlySet<string> = new Set([
  'if', 'then', 'elif', 'else', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'function', 'select',
  'in', 'time', 'coproc', '{', '}', '[', '[[', ']]', '!', '((',
]);
/** Compound commands the fast reader builds, keyed by the word that opens them. */
const COMPOUND: ReadonlySet<string> = new Set(['if', 'for', 'while', 'until', 'case', '{', '[', '!']);
const ESAC: ReadonlySet<string> = new Set(['esac']);
/**
 * Bare case patterns taken here, by the node tree-sitter-bash makes of them: letters alone are a `word`; letters,
 * digits, `_`, `*` and `?` not starting with a digit and holding one of the latter four are an `extglob_pattern`.
 */
const CASE_WORD = /^[A-Za-z]+$/;
const CASE_GLOB = /^[A-Za-z_*?][A-Za-z0-9_*?]*$/;
const THEN: ReadonlySet<string> = new Set(['then']);
const IF_PARTS: ReadonlySet<string> = new Set(['elif', 'else', 'fi']);
const FI: ReadonlySet<string> = new Set(['fi']);
const DO: ReadonlySet<string> = new Set(['do']);
const DONE: ReadonlySet<string> = new Set(['done']);
const CLOSE_BRACE: ReadonlySet<string> = new Set(['}']);
const UNARY_TESTS: ReadonlySet<string> = new Set(['-a', '-b', '-c', '-d', '-e', '-f', '-g', '-h', '-k', '-p', '-r', '-s', '-t', '-u', '-w', '-x', '-G', '-L', '-N', '-O', '-S', '-n', '-z']);
const BINARY_TESTS: ReadonlySet<string> = new Set(['-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);
const TEST_OPERATORS: ReadonlySet<string> = new Set([...UNARY_TESTS, ...BINARY_TESTS, '-o', '<', '>']);
const DECLARATION: ReadonlySet<string> = new Set(['export', 'declare', 'typeset', 'readonly', 'local']);
const UNSET: ReadonlySet<string> = new Set(['unset', 'unsetenv']);

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** The characters a bare command name may have for this reader. */
const SAFE_NAME = /^[A-Za-z0-9_./+~-]+$/;
const NUMBER = /^-?(0x)?[0-9]+$/;
const ASSIGNMENT = /[A-Za-z_][A-Za-z0-9_]*\+?=/y;

/** Characters that end a bare word run. */
function isBreak(c: number): boolean {
  // space tab newline CR ; & | < > ( ) ' " ` $ \ { } [ ]
  switch (c) {
    case 32: case 9: case 10: case 13: case 59: case 38: case 124: case 60: case 62: case 40: case 41:
    case 39: case 34: case 96: case 36: case 92: case 123: case 125: case 91: case 93:
      return true;
    default:
      return false;
  }
}

function isBracket(c: number): boolean {
  return c === 123 || c === 125 || c === 91 || c === 93;
}

function leaf(type: string, named: boolean, start: number, end: number, field: string | null = null): SNode {
  return { type, named, field, start, end, children: [] };
}

/** The tree tree-sitter-bash gives this script (as `parseBash` copies it), or undefined when it is not simple. */
export function parseSimpleScript(text: string): SNode | undefined {
  try {
    return new FastParser(text).program();
  } catch (e) {
    if (e === GIVE_UP || e instanceof RangeError) return undefined;
    throw e;
  }
}

/** Nesting (substitutions, subshells, compound commands) deeper than this is left to tree-sitter. */
const MAX_DEPTH = 64;

class FastParser {
  private pos = 0;
  /** How many backtick substitutions enclose the current position (a backtick then closes one). */
  private backtickDepth = 0;
  /** The script has more than one line. */
  private readonly multiline: boolean;
  /** How many statement lists enclose the current position. */
  private depth = 0;
  /** How many `case` items enclose the current position (`;;` then ends one). */
  private caseDepth = 0;
  constructor(private readonly text: string) {
    this.multiline = text.includes('\n');
  }

  program(): SNode {
    const children = this.statements(-1);
    if (this.pos !== this.text.length || children.length === 0) throw GIVE_UP;
    return { type: 'program', named: true, field: null, start: (children[0] as SNode).start, end: this.text.length, children };
  }

  private code(at = this.pos): number {
    return at < this.text.length ? this.text.charCodeAt(at) : -1;
  }

  private skipBlanks(): void {
    for (;;) {
      const c = this.code();
      if (c === 32 || c === 9) this.pos++;
      else return;
    }
  }

  private skipSpace(): void {
    for (;;) {
      const c = this.code();
      if (c === 32 || c === 9 || c === 10) this.pos++;
      else if (c === 92 && this.code(this.pos + 1) === 10) throw GIVE_UP;
      else return;
    }
  }

  /**
   * Statements separated by `;` or newlines, up to `close` (a character: `)` or a backtick; -1 for the end of the
   * text, -2 for none), one of the keywords `stops` in command position, or `;;` inside a case item.
   */
  private statements(close: number, stops?: ReadonlySet<string>): SNode[] {
    if (++this.depth > MAX_DEPTH) throw GIVE_UP;
    try {
      return this.statementList(close, stops);
    } finally {
      this.depth--;
    }
  }

  private statementList(close: number, stops?: ReadonlySet<string>): SNode[] {
    const out: SNode[] = [];
    this.skipSpace();
    for (;;) {
      const c = this.code();
      if (c === close || c === -1) return out;
      if (stops && this.keywordHere(stops) !== undefined) return out;
      if (this.caseDepth > 0 && c === 59 && this.code(this.pos + 1) === 59) return out;
      out.push(this.andOr());
      this.skipBlanks();
      const d = this.code();
      if (d === 59 /* ; */) {
        if (this.code(this.pos + 1) === 59) {
          if (this.caseDepth > 0) return out; // `;;` ends a case item
          throw GIVE_UP;
        }
        out.push(leaf(';', false, this.pos, this.pos + 1));
        this.pos++;
        this.skipSpace();
      } else if (d === 10) {
        this.skipSpace();
        if (this.code() === 92) throw GIVE_UP; // tree-sitter-bash joins `\n\\x` to the line before
      } else if (d !== close && d !== -1) {
        throw GIVE_UP;
      }
    }
  }

  /**
   * `a && b || c | d`: lists nest to the left, pipelines bind tighter. A redirection written after a command closes
   * everything to its left, as tree-sitter-bash reads it: `a && b > f` redirects the list `a && b` (extraction gives
   * it to the last command), and `a && b 2>&1 | c` pipes that redirected list into `c`.
   */
  private andOr(): SNode {
    const first = this.pipeline();
    let left = this.redirected(first.node, first.redirects);
    for (;;) {
      if (this.atPipe()) {
        const more = this.pipeline(left);
        left = this.redirected(more.node, more.redirects);
        continue;
      }
      const c = this.code();
      const d = this.code(this.pos + 1);
      if (!((c === 38 && d === 38) || (c === 124 && d === 124))) return left;
      const op = leaf(c === 38 ? '&&' : '||', false, this.pos, this.pos + 2);
      this.pos += 2;
      this.skipSpace();
      const right = this.pipeline();
      if (right.redirects.some((r) => HUNG.has(r))) throw GIVE_UP;
      const list: SNode = { type: 'list', named: true, field: null, start: left.start, end: right.node.end, children: [left, op, right.node] };
      left = this.redirected(list, right.redirects);
    }
  }

  /**
   * `a | b | c` (or `head | b | c`), stopping after a command that has redirections: those are returned, not yet
   * applied (see `andOr`).
   */
  private pipeline(head?: SNode): { node: SNode; redirects: SNode[] } {
    const children: SNode[] = [];
    if (head) children.push(head);
    else {
      const first = this.element();
      if (first.redirects.length > 0 || !this.atPipe()) return first;
      children.push(first.node);
    }
    for (;;) {
      children.push(leaf('|', false, this.pos, this.pos + 1));
      this.pos++;
      this.skipSpace();
      const e = this.element();
      if (e.redirects.some((r) => HUNG.has(r))) throw GIVE_UP;
      children.push(e.node);
      if (e.redirects.length > 0 || !this.atPipe()) {
        return { node: { type: 'pipeline', named: true, field: null, start: (children[0] as SNode).start, end: e.node.end, children }, redirects: e.redirects };
      }
    }
  }

  /** At `|` (not `||`); `|&` is left to tree-sitter. */
  private atPipe(): boolean {
    this.skipBlanks();
    if (this.code() !== 124) return false;
    const n = this.code(this.pos + 1);
    if (n === 38) throw GIVE_UP;
    return n !== 124;
  }

  private redirected(body: SNode, redirects: SNode[]): SNode {
    if (redirects.length === 0) return body;
    body.field = 'body';
    for (const r of redirects) r.field = 'redirect';
    return { type: 'redirected_statement', named: true, field: null, start: body.start, end: (redirects[redirects.length - 1] as SNode).end, children: [body, ...redirects] };
  }

  /** A command or subshell with the redirections written after it (not yet wrapped). */
  private element(): { node: SNode; redirects: SNode[] } {
    const kw = this.keywordHere(COMPOUND);
    if (kw !== undefined) {
      const node =
        kw === 'if' ? this.ifStatement() : kw === 'for' ? this.forStatement() : kw === 'case' ? this.caseStatement() : kw === '{' ? this.compound() : kw === '[' ? this.testCommand() : kw === '!' ? this.negated() : this.whileStatement(kw);
      return { node, redirects: kw === '!' ? [] : this.redirects() };
    }
    if (this.code() === 40 /* ( */) {
      if (this.code(this.pos + 1) === 40) throw GIVE_UP;
      const start = this.pos;
      this.pos++;
      const inner = this.statements(41);
      if (this.code() !== 41 || inner.length === 0) throw GIVE_UP;
      this.pos++;
      const node: SNode = { type: 'subshell', named: true, field: null, start, end: this.pos, children: [leaf('(', false, start, start + 1), ...inner, leaf(')', false, this.pos - 1, this.pos)] };
      return { node, redirects: this.redirects() };
    }
    return this.command();
  }

  /** The keyword of `set` written at this position as a word of its own, if any. */
  private keywordHere(set: ReadonlySet<string>): string | undefined {
    const t = this.text;
    const p = this.pos;
    let e = p;
    while (e < t.length && e - p < 6) {
      const c = t.charCodeAt(e);
      if (c === 32 || c === 9 || c === 10 || c === 59 || c === 38 || c === 124 || c === 41 || c === 60 || c === 62) break;
      e++;
    }
    if (e === p || e - p > 5 || (e < t.length && !this.isWordEnd(e))) return undefined;
    const w = t.slice(p, e);
    return set.has(w) ? w : undefined;
  }

  private keyword(word: string): SNode {
    if (!this.text.startsWith(word, this.pos) || !this.isWordEnd(this.pos + word.length)) throw GIVE_UP;
    const node = leaf(word, false, this.pos, this.pos + word.length);
    this.pos += word.length;
    return node;
  }

  /** Statements up to one of `stops`, each given `field`; at least one. */
  private body(stops: ReadonlySet<string>, field: string | null = null): SNode[] {
    const list = this.statements(-2, stops);
    if (list.length === 0 || this.keywordHere(stops) === undefined) throw GIVE_UP;
    if (field) for (const n of list) n.field = field;
    return list;
  }

  /** `if …; then …; [elif …; then …;] [else …;] fi` */
  private ifStatement(): SNode {
    const start = this.pos;
    const children: SNode[] = [this.keyword('if')];
    children.push(...this.body(THEN, 'condition'), this.keyword('then'));
    children.push(...this.body(IF_PARTS));
    for (;;) {
      const kw = this.keywordHere(IF_PARTS);
      if (kw === 'elif') {
        const clause: SNode[] = [this.keyword('elif')];
        clause.push(...this.body(THEN), this.keyword('then'), ...this.body(IF_PARTS));
        children.push({ type: 'elif_clause', named: true, field: null, start: (clause[0] as SNode).start, end: this.clauseEnd(clause), children: clause });
      } else if (kw === 'else') {
        const clause: SNode[] = [this.keyword('else'), ...this.body(FI)];
        children.push({ type: 'else_clause', named: true, field: null, start: (clause[0] as SNode).start, end: this.clauseEnd(clause), children: clause });
      } else break;
    }
    children.push(this.keyword('fi'));
    return { type: 'if_statement', named: true, field: null, start, end: this.pos, children };
  }

  /**
   * Where tree-sitter-bash ends an `elif`/`else` clause: after its last `;`, or, when a newline ends its last
   * statement, after the last newline before the next keyword (the blanks before that keyword stay outside).
   */
  private clauseEnd(clause: SNode[]): number {
    const last = clause[clause.length - 1] as SNode;
    if (last.type === ';' && !last.named) return last.end;
    const nl = this.text.lastIndexOf('\n', this.pos - 1);
    return nl >= last.end ? nl + 1 : last.end;
  }

  /** `while …; do …; done`, `until …; do …; done` */
  private whileStatement(kw: string): SNode {
    const start = this.pos;
    const children: SNode[] = [this.keyword(kw), ...this.body(DO, 'condition')];
    const group = this.doGroup();
    group.field = 'body';
    children.push(group);
    return { type: 'while_statement', named: true, field: null, start, end: this.pos, children };
  }

  private doGroup(): SNode {
    return this.enclosed('do_group', 'do', DONE, 'done');
  }

  /** `open …; close`: statements between two keywords, as one node. */
  private enclosed(type: string, open: string, stops: ReadonlySet<string>, close: string): SNode {
    const start = this.pos;
    const children: SNode[] = [this.keyword(open), ...this.body(stops), this.keyword(close)];
    return { type, named: true, field: null, start, end: this.pos, children };
  }

  /** `for NAME in words; do …; done` */
  private forStatement(): SNode {
    const start = this.pos;
    const children: SNode[] = [this.keyword('for')];
    this.skipBlanks();
    const nameStart = this.pos;
    while (/[A-Za-z0-9_]/.test(this.text[this.pos] ?? '')) this.pos++;
    if (this.pos === nameStart || !NAME.test(this.text.slice(nameStart, this.pos)) || !this.isWordEnd(this.pos)) throw GIVE_UP;
    children.push(leaf('variable_name', true, nameStart, this.pos));
    this.skipBlanks();
    children.push(this.keyword('in'));
    for (;;) {
      this.skipBlanks();
      const c = this.code();
      if (c === 59) {
        children.push(leaf(';', false, this.pos, this.pos + 1));
        this.pos++;
        break;
      }
      if (c === 10) break;
      if (this.atEndOfCommand(c)) throw GIVE_UP;
      const w = this.word();
      if (w.type === 'word' && this.text.slice(w.start, w.end) === 'do') throw GIVE_UP;
      children.push(w);
    }
    if (children.length < 4 || (children.length === 4 && (children[3] as SNode).type === ';')) throw GIVE_UP;
    this.skipSpace();
    children.push(this.doGroup());
    return { type: 'for_statement', named: true, field: null, start, end: this.pos, children };
  }

  /** `case WORD in PATTERN|PATTERN) …;; … esac`, with bare patterns and every item ended by `;;`. */
  private caseStatement(): SNode {
    const start = this.pos;
    const children: SNode[] = [this.keyword('case')];
    this.skipBlanks();
    children.push(this.word());
    this.skipBlanks();
    children.push(this.keyword('in'));
    this.skipSpace();
    while (this.keywordHere(ESAC) === undefined) {
      const item: SNode[] = [];
      if (this.code() === 40) throw GIVE_UP; // `(pattern)`
      for (;;) {
        const p0 = this.pos;
        const q = this.code();
        if (q === 39 || q === 34) {
          // A quoted pattern: a string of its own, followed directly by `|` or `)`.
          const quoted = q === 39 ? this.rawString() : this.doubleQuoted();
          if (quoted.children.length > 0 || (this.code() !== 41 && this.code() !== 124)) throw GIVE_UP;
          item.push(quoted);
        } else {
          while (this.pos < this.text.length && !isBreak(this.code()) && this.code() !== 41 && this.code() !== 124) this.pos++;
          const pattern = this.text.slice(p0, this.pos);
          const alone = item.length === 0 && this.code() === 41;
          if (CASE_WORD.test(pattern) && alone) item.push(leaf('word', true, p0, this.pos));
          else if (CASE_GLOB.test(pattern) && /[0-9_*?]/.test(pattern)) item.push(leaf('extglob_pattern', true, p0, this.pos));
          else throw GIVE_UP;
        }
        this.skipBlanks();
        if (this.code() === 124) {
          item.push(leaf('|', false, this.pos, this.pos + 1));
          this.pos++;
          this.skipBlanks();
          continue;
        }
        if (this.code() !== 41) throw GIVE_UP;
        item.push(leaf(')', false, this.pos, this.pos + 1));
        this.pos++;
        break;
      }
      this.caseDepth++;
      const body = this.statements(-2, ESAC);
      this.caseDepth--;
      if (!this.text.startsWith(';;', this.pos) || this.code(this.pos + 2) === 38) throw GIVE_UP;
      item.push(...body, leaf(';;', false, this.pos, this.pos + 2));
      this.pos += 2;
      children.push({ type: 'case_item', named: true, field: null, start: (item[0] as SNode).start, end: this.pos, children: item });
      this.skipSpace();
    }
    if (children.length === 3) throw GIVE_UP;
    children.push(this.keyword('esac'));
    return { type: 'case_statement', named: true, field: null, start, end: this.pos, children };
  }

  /** `{ …; }` */
  private compound(): SNode {
    return this.enclosed('compound_statement', '{', CLOSE_BRACE, '}');
  }

  /** `! command` */
  private negated(): SNode {
    const start = this.pos;
    const bang = this.keyword('!');
    this.skipBlanks();
    const inner = this.command();
    if (inner.redirects.length > 0 || inner.node.type !== 'command') throw GIVE_UP;
    return { type: 'negated_command', named: true, field: null, start, end: inner.node.end, children: [bang, inner.node] };
  }

  /** `[ -f x ]`, `[ ! -d x ]`, `[ "$a" = "b" ]`, `[ "$n" -eq 1 ]`, `[ "$x" ]`: the shapes tree-sitter-bash gives them. */
  private testCommand(): SNode {
    const start = this.pos;
    const open = this.keyword('[');
    const words: Array<{ text: string; node: SNode }> = [];
    for (;;) {
      this.skipBlanks();
      if (this.code() === 93 && this.isWordEnd(this.pos + 1)) break;
      if (this.atEndOfCommand(this.code()) || words.length > 3) throw GIVE_UP;
      if (this.code() === 126 /* ~ */) throw GIVE_UP; // tree-sitter reads `~` in a test as an operator
      const op = ['=', '!=', '=='].find((o) => this.text.startsWith(o, this.pos) && this.isWordEnd(this.pos + o.length));
      if (op) {
        words.push({ text: op, node: leaf('word', true, this.pos, this.pos + op.length) });
        this.pos += op.length;
        continue;
      }
      const node = this.word();
      words.push({ text: this.text.slice(node.start, node.end), node });
    }
    const close = leaf(']', false, this.pos, this.pos + 1);
    this.pos++;
    const operand = (w: { text: string; node: SNode } | undefined): SNode => {
      if (!w || TEST_OPERATORS.has(w.text) || w.text === '!' || w.text === '=' || w.text === '!=' || w.text === '==') throw GIVE_UP;
      return w.node;
    };
    const unary = (op: { text: string; node: SNode }, arg: SNode): SNode => ({ type: 'unary_expression', named: true, field: null, start: op.node.start, end: arg.end, children: [leaf('test_operator', true, op.node.start, op.node.end), arg] });
    let expr: SNode;
    const [a, b, c, d] = words;
    if (words.length === 1) expr = operand(a);
    else if (words.length === 2 && a && UNARY_TESTS.has(a.text)) expr = unary(a, operand(b));
    else if (words.length === 3 && a?.text === '!' && b && UNARY_TESTS.has(b.text)) {
      const inner = unary(b, operand(c));
      expr = { type: 'unary_expression', named: true, field: null, start: a.node.start, end: inner.end, children: [leaf('!', false, a.node.start, a.node.end), inner] };
    } else if (words.length === 3 && b && (BINARY_TESTS.has(b.text) || b.text === '=' || b.text === '!=')) {
      const left = operand(a);
      const right = operand(c);
      // After `=`/`!=`, tree-sitter reads a bare word as a pattern: only quoted or expanded right-hand sides here.
      if ((b.text === '=' || b.text === '!=') && (right.type === 'word' || right.type === 'number' || right.type === 'concatenation')) throw GIVE_UP;
      const op = BINARY_TESTS.has(b.text) ? leaf('test_operator', true, b.node.start, b.node.end) : leaf(b.text, false, b.node.start, b.node.end);
      expr = { type: 'binary_expression', named: true, field: null, start: left.start, end: right.end, children: [left, op, right] };
    } else throw GIVE_UP;
    void d;
    return { type: 'test_command', named: true, field: null, start, end: this.pos, children: [open, expr, close] };
  }

  private command(): { node: SNode; redirects: SNode[] } {
    const start = this.pos;
    const assignments: SNode[] = [];
    for (;;) {
      ASSIGNMENT.lastIndex = this.pos;
      if (!ASSIGNMENT.test(this.text)) break;
      assignments.push(this.assignment());
      this.skipBlanks();
    }
    const c = this.code();
    if (this.atEndOfCommand(c)) {
      if (assignments.length === 0) throw GIVE_UP;
      // Redirections, and a newline (tree-sitter-bash may take the next line's word for the command).
      if (c === 60 || c === 62 || c === 10) throw GIVE_UP;
      if (assignments.length === 1) return { node: assignments[0] as SNode, redirects: [] };
      return { node: { type: 'variable_assignments', named: true, field: null, start, end: (assignments[assignments.length - 1] as SNode).end, children: assignments }, redirects: [] };
    }
    if (this.atRedirect()) throw GIVE_UP;
    if (c === 123 || c === 125 || c === 91 || c === 33) throw GIVE_UP; // `{ …; }`, `[ … ]`, `[[ … ]]`, `! cmd`
    const name = this.word();
    const plain = name.type === 'word' ? this.text.slice(name.start, name.end) : undefined;
    if (name.type === 'number' || (plain !== undefined && RESERVED.has(plain))) throw GIVE_UP;
    // Command names are held to plain characters: tree-sitter-bash reads `a%`, `a@`, `x[`, `a#`, `k=v`… its own ways.
    // Only a plain word: a name that is an expansion, a string or a substitution changes how tree-sitter-bash
    // groups the pipelines and lists around it.
    const first = this.text.charCodeAt(name.start);
    if ((first >= 48 && first <= 57) || plain === '-') throw GIVE_UP;
    const parts = name.type === 'concatenation' ? name.children : [name];
    for (const part of parts) {
      if (part.type === 'word' ? !SAFE_NAME.test(this.text.slice(part.start, part.end)) : part.type !== 'simple_expansion' && part.type !== 'expansion' && part.type !== 'string') throw GIVE_UP;
    }
    if (plain !== undefined && assignments.length === 0 && (DECLARATION.has(plain) || UNSET.has(plain))) return this.declaration(plain, name);

    const children: SNode[] = [...assignments, { type: 'command_name', named: true, field: null, start: name.start, end: name.end, children: [name] }];
    for (;;) {
      this.skipBlanks();
      const d = this.code();
      if (this.atEndOfCommand(d)) break;
      children.push(this.word());
    }
    const last = children[children.length - 1] as SNode;
    // tree-sitter-bash drops a lone `-` written just before a redirection (`apt-key add - 2>&1`).
    if (last.type === 'word' && last.end - last.start === 1 && this.text.charCodeAt(last.start) === 45 && this.atRedirectAhead()) throw GIVE_UP;
    const node: SNode = { type: 'command', named: true, field: null, start, end: last.end, children };
    return { node, redirects: this.redirects() };
  }

  /** `export A=1 B`, `unset X`: the keyword, then names, assignments and option words. */
  private declaration(keyword: string, name: SNode): { node: SNode; redirects: SNode[] } {
    const children: SNode[] = [leaf(keyword, false, name.start, name.end)];
    for (;;) {
      this.skipBlanks();
      const d = this.code();
      if (this.atEndOfCommand(d)) break;
      if (d === 60 || d === 62) throw GIVE_UP;
      ASSIGNMENT.lastIndex = this.pos;
      if (keyword !== 'unset' && keyword !== 'unsetenv' && ASSIGNMENT.test(this.text)) {
        children.push(this.assignment());
        continue;
      }
      const w = this.word();
      const s = this.text.slice(w.start, w.end);
      if (w.type === 'word' && NAME.test(s)) children.push(leaf('variable_name', true, w.start, w.end));
      else if (w.type === 'word' && s.startsWith('-') && s !== '-' && !s.includes('=')) children.push(w);
      else if (keyword !== 'unset' && keyword !== 'unsetenv' && (w.type === 'string' || w.type === 'raw_string' || w.type === 'simple_expansion')) children.push(w);
      else throw GIVE_UP;
    }
    if (children.length === 1) throw GIVE_UP;
    const type = UNSET.has(keyword) ? 'unset_command' : 'declaration_command';
    const node: SNode = { type, named: true, field: null, start: name.start, end: (children[children.length - 1] as SNode).end, children };
    this.skipBlanks();
    if (this.atRedirect()) throw GIVE_UP;
    return { node, redirects: [] };
  }

  /** `NAME=value` or `NAME+=value` (value may be empty). */
  private assignment(): SNode {
    const start = this.pos;
    let eq = this.text.indexOf('=', start);
    const plus = this.text.charCodeAt(eq - 1) === 43;
    const nameEnd = plus ? eq - 1 : eq;
    const children: SNode[] = [leaf('variable_name', true, start, nameEnd, 'name'), leaf(plus ? '+=' : '=', false, nameEnd, eq + 1)];
    eq++;
    this.pos = eq;
    const c = this.code();
    if (c === 40 /* ( array */) throw GIVE_UP;
    if (c === 41 || c === 124) throw GIVE_UP; // an empty value right before `)` or `|`
    if (!this.atEndOfCommand(c)) {
      const value = this.word();
      value.field = 'value';
      children.push(value);
    }
    return { type: 'variable_assignment', named: true, field: null, start, end: this.pos, children };
  }

  /** Where a command's words stop: blank, end, a separator or a redirection. */
  private atEndOfCommand(c: number): boolean {
    if (c === -1 || c === 32 || c === 9 || c === 10 || c === 59 || c === 124 || c === 41) return true;
    if (c === 96) return this.backtickDepth > 0;
    if (c === 38) {
      const n = this.code(this.pos + 1);
      if (n === 38 || n === 62) return true;
      throw GIVE_UP; // `&`: a background job
    }
    if (c === 60 || c === 62) return true;
    if (c === 13 || c === 40) throw GIVE_UP;
    return this.atRedirect();
  }

  /** A redirection after blanks. */
  private atRedirectAhead(): boolean {
    const save = this.pos;
    this.skipBlanks();
    const c = this.code();
    const at = this.atRedirect() || (c === 38 && this.code(this.pos + 1) === 62);
    this.pos = save;
    return at;
  }

  /** A file descriptor followed by `<` or `>`. */
  private atRedirect(): boolean {
    let i = this.pos;
    while (i < this.text.length && this.text.charCodeAt(i) >= 48 && this.text.charCodeAt(i) <= 57) i++;
    if (i === this.pos) return this.code() === 60 || this.code() === 62;
    const c = this.code(i);
    return c === 60 || c === 62;
  }

  /** File redirections after a command (`> f`, `2>&1`, `>> log`, `< in`, `&>/dev/null`). */
  private redirects(): SNode[] {
    const out: SNode[] = [];
    for (;;) {
      this.skipBlanks();
      const c = this.code();
      let start = this.pos;
      if (c === 38 && this.code(this.pos + 1) === 62) {
        // &> and &>>
      } else if (!this.atRedirect()) {
        if (out.length > 0 && !this.atEndOfCommand(c)) {
          // Words after a redirection (`echo >&2 "error"`): tree-sitter-bash hangs them on that redirection.
          // In scripts of several lines tree-sitter-bash may also run such a statement on into the next line.
          if (this.multiline) throw GIVE_UP;
          const last = out[out.length - 1] as SNode;
          const w = this.word();
          if (w.end - w.start === 1 && this.text.charCodeAt(w.start) === 45 && this.atRedirectAhead()) throw GIVE_UP; // the lone `-` again
          last.children.push(w);
          last.end = w.end;
          HUNG.add(last);
          continue;
        }
        return out;
      }
      const children: SNode[] = [];
      if (c >= 48 && c <= 57) {
        while (this.code() >= 48 && this.code() <= 57) this.pos++;
        children.push(leaf('file_descriptor', true, start, this.pos));
      }
      const opStart = this.pos;
      const op = this.operator();
      children.push(leaf(op, false, opStart, this.pos));
      this.skipBlanks();
      if (this.atEndOfCommand(this.code()) && !(op === '>&' && this.code() === 45)) throw GIVE_UP;
      const target = this.word();
      if ((op === '>&' || op === '<&') && target.type !== 'number') throw GIVE_UP;
      children.push(target);
      out.push({ type: 'file_redirect', named: true, field: null, start, end: target.end, children });
      start = this.pos;
    }
  }

  private operator(): string {
    const t = this.text;
    const p = this.pos;
    for (const op of ['&>>', '&>', '>>', '>&', '<&', '>|', '>', '<']) {
      if (t.startsWith(op, p)) {
        if (op === '<' && (t.startsWith('<<', p) || t.startsWith('<>', p) || t.startsWith('<(', p))) throw GIVE_UP;
        if (op === '>' && t.startsWith('>(', p)) throw GIVE_UP;
        if (op === '>|') throw GIVE_UP;
        this.pos += op.length;
        return op;
      }
    }
    throw GIVE_UP;
  }

  /** One shell word: a single part, or a `concatenation` of adjacent parts. */
  private word(): SNode {
    const start = this.pos;
    const parts: SNode[] = [];
    const t = this.text;
    // Where tree-sitter-bash's reading of a word has surprises, give up: a word that starts with `{` or `}` (other
    // than `{}`), `]`, or a lone `-` before a redirection.
    const c0 = this.code();
    if ((c0 === 123 || c0 === 125) && !(t.startsWith('{}', start) && this.isWordEnd(start + 2))) throw GIVE_UP;
    if (c0 === 93) throw GIVE_UP;
    for (;;) {
      const c = this.code();
      if (c === 13 || this.isWordEnd(this.pos)) break;
      if (c === 40) throw GIVE_UP;
      if (c === 96 && this.backtickDepth > 0) break; // the end of the enclosing backtick substitution
      const prev = parts[parts.length - 1];
      // After a quoted part, an expansion or a bracket, a backslash or a backtick starts a new word for tree-sitter.
      if (prev && (c === 92 || c === 96) && ((prev.type !== 'word' && prev.type !== 'number') || isBracket(t.charCodeAt(prev.start)))) throw GIVE_UP;
      if (c === 96 /* ` */) {
        if (prev) throw GIVE_UP;
        parts.push(this.backticks());
        if (!this.isWordEnd(this.pos)) throw GIVE_UP;
      } else if (c === 39 /* ' */) parts.push(this.rawString());
      else if (c === 34 /* " */) parts.push(this.doubleQuoted());
      else if (c === 36 /* $ */) parts.push(this.dollar(false));
      else if (c === 123 || c === 125 || c === 91 || c === 93) {
        if ((c === 123 || c === 91) && prev && /^-?[0-9]/.test(t.slice(prev.start, prev.end)) && !isBracket(t.charCodeAt(prev.start))) throw GIVE_UP; // `0x1{…}`
        if (c === 125 && !parts.some((p) => p.end - p.start === 1 && t.charCodeAt(p.start) === 123)) throw GIVE_UP; // `}` without its `{`
        // `{`, `}`, `[`, `]` are words of their own inside a concatenation (`{}`, `a[1]`); `{1..3}` is not.
        if (c === 123 && /^\{[0-9a-zA-Z]+\.\./.test(t.slice(this.pos, this.pos + 24))) throw GIVE_UP;
        if (c === 91 && !/^\[[^\s;&|<>()'"`$\\[]*\]/.test(t.slice(this.pos, this.pos + 64))) throw GIVE_UP; // `x[` alone is an error
        if (c === 123 && !/^\{[^\s;&|<>()'"`$\\{]*\}/.test(t.slice(this.pos, this.pos + 64))) throw GIVE_UP;
        parts.push(leaf('word', true, this.pos, this.pos + 1));
        this.pos++;
      } else parts.push(this.bare());
    }
    if (parts.length === 0) throw GIVE_UP;
    if (parts.length === 1) return parts[0] as SNode;
    return { type: 'concatenation', named: true, field: null, start, end: this.pos, children: parts };
  }

  /** Whether a word ends at `at`. */
  private isWordEnd(at: number): boolean {
    const c = this.code(at);
    return c === -1 || c === 32 || c === 9 || c === 10 || c === 59 || c === 38 || c === 124 || c === 60 || c === 62 || c === 41;
  }

  /** A run of ordinary characters and backslash escapes: `word`, or `number` when it reads as one. */
  private bare(): SNode {
    const start = this.pos;
    const t = this.text;
    const c0 = t.charCodeAt(start);
    if (c0 === 35 /* # */) throw GIVE_UP; // a comment, or `#` where tree-sitter may read one
    if (c0 === 61 /* = */) throw GIVE_UP; // `==`, `=~` read as test operators
    if (c0 === 92 && (t.charCodeAt(start + 1) === 32 || t.charCodeAt(start + 1) === 9)) throw GIVE_UP; // tree-sitter drops a leading `\ `
    for (;;) {
      const c = this.code();
      if (c === 92 /* \ */) {
        const n = this.code(this.pos + 1);
        if (n === -1 || n === 10 || n === 13) throw GIVE_UP;
        // `x\  y`: an escaped blank before another blank or the end confuses tree-sitter-bash.
        if ((n === 32 || n === 9) && (this.code(this.pos + 2) === 32 || this.code(this.pos + 2) === 9 || this.code(this.pos + 2) === -1)) throw GIVE_UP;
        this.pos += n >= 0xd800 && n <= 0xdbff ? 3 : 2;
        continue;
      }
      if (c === -1 || isBreak(c)) break;
      this.pos++;
    }
    if (this.pos === start) throw GIVE_UP;
    const s = t.slice(start, this.pos);
    if (/^-?(0x)?[0-9]+#/.test(s)) throw GIVE_UP; // `2#101`: a number in a base
    return leaf(NUMBER.test(s) ? 'number' : 'word', true, start, this.pos);
  }

  private rawString(): SNode {
    const start = this.pos;
    const close = this.text.indexOf("'", start + 1);
    if (close < 0) throw GIVE_UP;
    this.pos = close + 1;
    return leaf('raw_string', true, start, this.pos);
  }

  /** `"…"`: a leaf unless it holds a `$` or a backtick; then its parts, as tree-sitter splits them. */
  private doubleQuoted(): SNode {
    const start = this.pos;
    const t = this.text;
    const children: SNode[] = [leaf('"', false, start, start + 1)];
    let expanding = false;
    let contentStart = -1;
    this.pos++;
    for (;;) {
      const c = this.code();
      if (c === -1) throw GIVE_UP;
      if (c === 34) break;
      if (c === 92) {
        if (contentStart < 0) contentStart = this.pos;
        const n = this.code(this.pos + 1);
        if (n === -1 || n === 10) throw GIVE_UP;
        if (n === 36 || n === 96) expanding = true;
        this.pos += 2;
        continue;
      }
      if (c === 36 || c === 96) {
        expanding = true;
        if (contentStart >= 0) children.push(leaf('string_content', true, contentStart, this.pos));
        contentStart = -1;
        if (c === 96) throw GIVE_UP; // tree-sitter-bash misreads what follows a backtick inside a string
        children.push(this.dollar(true));
        continue;
      }
      if (c === 10 || c === 13) throw GIVE_UP;
      if (contentStart < 0) contentStart = this.pos;
      this.pos++;
    }
    // Blanks alone between the last expansion and the closing quote: tree-sitter-bash makes them part of the quote.
    let closeStart = this.pos;
    if (contentStart >= 0 && children.length > 1 && /^[ \t]+$/.test(t.slice(contentStart, this.pos))) closeStart = contentStart;
    else if (contentStart >= 0) children.push(leaf('string_content', true, contentStart, this.pos));
    this.pos++;
    if (!expanding) return leaf('string', true, start, this.pos);
    children.push(leaf('"', false, closeStart, this.pos));
    // A string whose `$` is all escaped keeps its content as one piece.
    return { type: 'string', named: true, field: null, start, end: this.pos, children };
  }

  /** `$NAME`, `$1`, `$@`, `${…}`, `$(…)`, `$'…'`. */
  private dollar(inString: boolean): SNode {
    const start = this.pos;
    const t = this.text;
    const n = this.code(start + 1);
    if (n === 40 /* ( */) {
      if (this.code(start + 2) === 40) throw GIVE_UP; // $((
      this.pos += 2;
      const inner = this.statements(41);
      if (this.code() !== 41 || inner.length === 0) throw GIVE_UP;
      this.pos++;
      return { type: 'command_substitution', named: true, field: null, start, end: this.pos, children: [leaf('$(', false, start, start + 2), ...inner, leaf(')', false, this.pos - 1, this.pos)] };
    }
    if (n === 123 /* { */) {
      const close = t.indexOf('}', start + 2);
      if (close < 0) throw GIVE_UP;
      const body = t.slice(start + 2, close);
      if (!/^[A-Za-z_][A-Za-z0-9_]*(?:$|[:#%/^,@[])/.test(body) || /[$`"'{\\\n]/.test(body)) throw GIVE_UP;
      this.pos = close + 1;
      return leaf('expansion', true, start, this.pos);
    }
    if (n === 39 /* ' */ && !inString) {
      let i = start + 2;
      for (;;) {
        const c = this.code(i);
        if (c === -1) throw GIVE_UP;
        if (c === 92) {
          i += 2;
          continue;
        }
        if (c === 39) break;
        i++;
      }
      this.pos = i + 1;
      return leaf('ansi_c_string', true, start, this.pos);
    }
    if ((n >= 65 && n <= 90) || (n >= 97 && n <= 122) || n === 95) {
      let i = start + 2;
      for (;;) {
        const c = this.code(i);
        if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || (c >= 48 && c <= 57)) i++;
        else if (c >= 128) throw GIVE_UP; // tree-sitter-bash takes non-ASCII letters into the name
        else break;
      }
      this.pos = i;
      return leaf('simple_expansion', true, start, i);
    }
    if ((n >= 48 && n <= 57) || n === 64 || n === 42 || n === 35 || n === 63 || n === 36 || n === 33 || n === 45) {
      this.pos = start + 2;
      // `$1x`, `$@k`: tree-sitter-bash's reading varies; leave those to it.
      const after = this.code();
      if ((after >= 48 && after <= 57) || (after >= 65 && after <= 90) || (after >= 97 && after <= 122) || after === 95 || after === 123 || after >= 128) throw GIVE_UP;
      return leaf('simple_expansion', true, start, this.pos);
    }
    throw GIVE_UP;
  }

  /** `` `…` `` without backslashes inside. */
  private backticks(): SNode {
    const start = this.pos;
    const close = this.text.indexOf('`', start + 1);
    // One pair per script, without backslashes: tree-sitter-bash joins neighbouring backtick pairs in odd ways.
    if (close < 0 || this.text.slice(start + 1, close).includes('\\') || this.text.indexOf('`', close + 1) >= 0 || this.text.lastIndexOf('`', start - 1) >= 0) throw GIVE_UP;
    this.pos++;
    this.backtickDepth++;
    const inner = this.statements(96);
    this.backtickDepth--;
    if (this.pos !== close || inner.length === 0) throw GIVE_UP;
    this.pos++;
    return { type: 'command_substitution', named: true, field: null, start, end: this.pos, children: [leaf('`', false, start, start + 1), ...inner, leaf('`', false, close, close + 1)] };
  }
}
