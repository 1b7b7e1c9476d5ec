/**
 * berth's grammar: `parse(text)` never throws and returns the lossless tree, its typed views, the errors, and
 * the line index. Everything here is pure: no I/O, no LSP, no process.
 */
import { tokenize } from './lexer/lexer.js';
import { parseTokens } from './parser/parser.js';
import { Dockerfile } from './syntax/ast.js';
import { lowerFile } from './syntax/lower.js';
import { SyntaxNode, SyntaxToken } from './syntax/tree.js';
import { validate, type SyntaxError } from './syntax/validate.js';
import { LineIndex } from './text/line-index.js';
import { analyze } from './semantic/model.js';
import { bashLoaded } from './shell/bash.js';
import { runScript, shellAt } from './shell/script.js';
import type { Instruction } from './syntax/ast.js';

export interface ParseResult {
  /** Typed access to the tree: instructions, directives, escape character. */
  dockerfile: Dockerfile;
  /** The File node of the lossless tree; `tree.text() === text`. */
  tree: SyntaxNode;
  errors: SyntaxError[];
  lines: LineIndex;
  text: string;
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
    };
  }
}

export { analyze, SemanticModel, BUILTIN_ARGS, PROXY_ARGS } from './semantic/model.js';
export { PersistentMap } from './semantic/persistent-map.js';
export type { Stage, StageBase, StageLink, Declaration, Binding, VariableReference, SemanticError } from './semantic/model.js';
export { parseImageRef } from './semantic/image-ref.js';
export type { ImageRef, RefPart } from './semantic/image-ref.js';
export * from './syntax/ast.js';
export type { SyntaxError, SyntaxErrorCode, SyntaxEdit, SyntaxFix } from './syntax/validate.js';
export { gluedKeyword } from './syntax/validate.js';
export { SyntaxNode, SyntaxToken } from './syntax/tree.js';
export type { SyntaxElement } from './syntax/tree.js';
export type { TokenKind, NodeKind, InstructionKind } from './syntax/kinds.js';
export { LineIndex } from './text/line-index.js';
export type { Position, LineRange } from './text/line-index.js';
export type { TextRange } from './text/range.js';
export { dumpInstruction } from './syntax/dump.js';
export { expandWord, scanShellVariables, ExpansionBudget, EXPANSION_LIMITS } from './syntax/variables.js';
export type { VariableRef, ExpansionResult, ExpansionError, ExpandOptions } from './syntax/variables.js';
export { INSTRUCTIONS, INSTRUCTION_NAMES } from './facts/instructions.js';
export { CHECK_OPTIONS, DIRECTIVE_NAMES, isDirectiveName, type CheckOption, type DirectiveName } from './facts/directives.js';
export type { InstructionName, InstructionFacts } from './facts/instructions.js';
export * from './facts/flags.js';
export { BUILDKIT_CHECKS, BUILDKIT_EXPERIMENTAL_CHECKS, isBuildkitCheck, isExperimentalCheck, buildkitCheckUrl } from './facts/buildkit-checks.js';
export type { BuildkitCheck } from './facts/buildkit-checks.js';
export { editDistance, editDistanceWithin, suggest } from './text/suggest.js';
export * from './shell/index.js';
export { INSTRUCTION_DOCS } from './facts/instruction-docs.js';
export type { InstructionDoc } from './facts/instruction-docs.js';

/**
 * Whether a RUN of this file (or an ONBUILD RUN) holds a script that only the full bash parser reads and that
 * parser is not loaded: most scripts are lists of simple commands, which berth reads without it. The scripts
 * looked at here are kept, so the lint that follows does not read them again.
 */
export function needsBashParser(result: ParseResult): boolean {
  if (bashLoaded()) return false;
  const model = analyze(result);
  for (const instr of result.dockerfile.instructions) {
    const run = instr.kind === 'Onbuild' ? (instr as unknown as { trigger?: Instruction }).trigger : instr;
    if (run?.kind !== 'Run') continue;
    const at = run.range.start;
    if (runScript(run, shellAt(model, model.stageAt(at), at)).reason === 'parser-unavailable') return true;
  }
  return false;
}
