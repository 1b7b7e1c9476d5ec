/** The shell inside RUN: a real bash parser (tree-sitter-bash), and the compact command model rules read. */
export { loadBash, bashLoaded, bashError, parseBash } from './bash.js';
export type { BashSource, SNode } from './bash.js';
export { OPT, ShellCommand, extractCommands, operandWords } from './commands.js';
export type { ShellWord, ShellFlag, Redirect, Assignment, Where, ScriptModel, ShellOption } from './commands.js';
export { runScript, commandsNamed, scriptTree, shellAt, parseScript, clearScriptCache, dialectOf, isPosixShell, optionsFromArgv, OffsetMap } from './script.js';
export type { RunScript, ShellSetting, ScriptPiece, Dialect } from './script.js';
