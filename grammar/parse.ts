/**
 * `parse(text)`: text → tokens → concrete syntax → lossless tree → typed views, with the errors as data. Never throws.
 */
import { tokenize } from './lexer/lexer.js';
import { parseTokens } from './parser/parser.js';
import { Dockerfile } from './syntax/ast.js';
import { lowerFile } from './syntax/lower.js';
import { SyntaxNode, SyntaxToken } from './syntax/tree.js';
import { validate, type SyntaxError } from './syntax/validate.js';
import { LineIndex } from './text/line-index.js';

export interface ParseResult {
  /** Typed access to the tree: instructions, directives, escape character. */
  dockerfile: Dockerfile;
  /** The File node of the lossless tree; `tree.text() === text`. */
  tree: SyntaxNode;
  errors: SyntaxError[];
  lines: LineIndex;
  text: string;
  /**
   * Only when parsing failed on a bug in berth: what was thrown, with its stack. `errors` then holds one
   * `internal-error` and the tree is one Error node over the whole text. The command line reports it as every bug
   * in berth (on stderr with the stack, exit 3).
   */
  internalError?: Error;
}

export function parse(text: string): ParseResult {
  const lines = new LineIndex(text);
  try {
    const lex = tokenize(text);
    const { cst, errors: parserErrors } = parseTokens(lex.tokens);
    const { root: tree, emptyLines, comments } = lowerFile(text, lex.escape, cst, lex.trivia);
    const dockerfile = new Dockerfile(tree, text, lex.escape, comments);
    const errors = validate(dockerfile, parserErrors, emptyLines);
    return { dockerfile, tree, errors, lines, text };
  } catch (e) {
    // Defence in depth: the pipeline is total by design, but a bug must not take an editor down with it.
    const tree = new SyntaxNode('File', 0, text.length, [], text);
    if (text.length > 0) {
      const token = new SyntaxToken('Garbage', 0, text.length, text);
      const err = new SyntaxNode('Error', 0, text.length, [token], text);
      token.parent = err;
      err.parent = tree;
      tree.children.push(err);
    }
    const message = e instanceof Error ? e.message : String(e);
    return {
      dockerfile: new Dockerfile(tree, text, '\\'),
      tree,
      errors: [{ code: 'internal-error', message: `berth could not parse this file (a bug in berth): ${message}`, start: 0, end: 0, severity: 'error' }],
      lines,
      text,
      internalError: e instanceof Error ? e : new Error(message),
    };
  }
}
