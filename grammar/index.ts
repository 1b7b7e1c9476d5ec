/**
 * berth's grammar, its public face: `parse(text)` never throws and returns the lossless tree, its typed views, the
 * errors, and the line index; `analyze` the semantic model; the shell readers; the facts tables. Everything here is
 * pure: no I/O, no LSP, no process. This file only re-exports: nothing inside grammar/ imports it, so the modules
 * behind it never import each other in a circle through it.
 */
export { parse, type ParseResult } from './parse.js';
export { needsBashParser } from './shell/needs-bash.js';
export { analyze, SemanticModel, BUILTIN_ARGS, PROXY_ARGS, stageNumber } from './semantic/model.js';
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
export { INSTRUCTIONS, INSTRUCTION_NAMES, isValidStageName } from './facts/instructions.js';
export { CHECK_OPTIONS, checkDirectiveOptions, DIRECTIVE_NAMES, goParseBool, isDirectiveName, type CheckDirectiveOption, type CheckOption, type DirectiveName } from './facts/directives.js';
export type { InstructionName, InstructionFacts } from './facts/instructions.js';
export * from './facts/flags.js';
export { BUILDKIT_CHECKS, BUILDKIT_EXPERIMENTAL_CHECKS, isBuildkitCheck, isExperimentalCheck, buildkitCheckUrl } from './facts/buildkit-checks.js';
export type { BuildkitCheck } from './facts/buildkit-checks.js';
export { editDistance, editDistanceWithin, suggest } from './text/suggest.js';
export * from './shell/index.js';
export { INSTRUCTION_DOCS } from './facts/instruction-docs.js';
export type { InstructionDoc } from './facts/instruction-docs.js';
export { legacyKeyValueRewrite, oneWord, type KeyValueRewrite, type TextEdit } from './syntax/key-value.js';
export { anyInRange, countBelow, partitionPoint } from './text/search.js';
