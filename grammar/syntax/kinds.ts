/** The kinds of tokens and nodes in berth's syntax tree. See docs/syntax-tree.md for the shapes. */

/** Leaf kinds. Every character of the input is in exactly one token. */
export type TokenKind =
  | 'Bom'
  | 'Whitespace'
  | 'Newline'
  /** The escape character ending a line, trailing blanks and the line break. */
  | 'Continuation'
  /** A whitespace-only line inside a continuation, line break included (BuildKit skips it and warns). */
  | 'EmptyContinuationLine'
  | 'Comment'
  | 'Hash'
  | 'DirectiveName'
  | 'DirectiveValue'
  | 'Equals'
  | 'Keyword'
  | 'FlagName'
  | 'FlagValue'
  | 'FlagTerminator'
  | 'LBracket'
  | 'RBracket'
  | 'Comma'
  | 'JsonString'
  /** A JSON element that is not a string (an error). */
  | 'JsonValue'
  | 'ShellText'
  | 'HeredocMarker'
  | 'HeredocBody'
  | 'HeredocEnd'
  | 'Word'
  | 'AsKeyword'
  | 'HealthcheckType'
  | 'Key'
  | 'Value'
  | 'Garbage';

export type InstructionKind =
  | 'From'
  | 'Run'
  | 'Cmd'
  | 'Entrypoint'
  | 'Shell'
  | 'Copy'
  | 'Add'
  | 'Volume'
  | 'Expose'
  | 'User'
  | 'Workdir'
  | 'StopSignal'
  | 'Maintainer'
  | 'Env'
  | 'Label'
  | 'Arg'
  | 'Healthcheck'
  | 'Onbuild'
  | 'UnknownInstruction';

export type NodeKind =
  | 'File'
  | 'Directive'
  | InstructionKind
  | 'Flag'
  | 'JsonArray'
  | 'ShellForm'
  | 'KeyValue'
  | 'Heredoc'
  /** Text an instruction cannot take; kept verbatim. */
  | 'Error';

export const INSTRUCTION_KINDS: ReadonlySet<string> = new Set<InstructionKind>([
  'From',
  'Run',
  'Cmd',
  'Entrypoint',
  'Shell',
  'Copy',
  'Add',
  'Volume',
  'Expose',
  'User',
  'Workdir',
  'StopSignal',
  'Maintainer',
  'Env',
  'Label',
  'Arg',
  'Healthcheck',
  'Onbuild',
  'UnknownInstruction',
]);

/** Trivia: what carries no meaning for the instruction's arguments (but is kept). */
export const TRIVIA_KINDS: ReadonlySet<TokenKind> = new Set<TokenKind>([
  'Bom',
  'Whitespace',
  'Newline',
  'Continuation',
  'EmptyContinuationLine',
  'Comment',
]);
