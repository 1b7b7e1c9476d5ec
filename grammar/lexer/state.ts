/**
 * The lexer's per-run state. BuildKit's rules are context-sensitive (flags only before the first argument, JSON
 * only if the whole rest is a JSON array, heredoc bodies after the line that names them, directives only in the
 * leading block), so the token matchers consult and update this one object. `tokenize` resets it before every
 * run; Chevrotain calls matchers synchronously and accepts the first match, so a matcher that returns a match may
 * update the state.
 */
import type { ArgumentShape, InstructionName } from '../facts/instructions.js';
import type { HeredocMarkerInfo } from './heredoc.js';

export type Shape = ArgumentShape | 'raw';

export enum JsonItemKind {
  Open = 1,
  String = 2,
  Value = 3,
  Comma = 4,
  Close = 5,
}

export interface JsonItem {
  kind: JsonItemKind;
  start: number;
  end: number;
}

export interface PlannedHeredoc {
  start: number;
  end: number;
  info: HeredocMarkerInfo;
}

export interface LexState {
  text: string;
  escape: number;
  /** An escape directive was seen (a repeated one is an error and does not change the escape character). */
  escapeSeen: boolean;
  /** Still inside the leading block where `# name=value` lines are parser directives. */
  directivesOpen: boolean;

  /** The instruction being lexed: upper-cased name, or undefined for an unknown keyword / between instructions. */
  instr: InstructionName | undefined;
  shape: Shape;
  /** True until the first word that does not start with `--`. */
  flagsOpen: boolean;
  /** Arguments (not flags) seen so far in this instruction. */
  argIndex: number;
  /** Source offset where the current logical line ends (start of its line break, or end of text). */
  lineEnd: number;
  /** Offset where the current instruction's keyword starts (of ONBUILD for a trigger). */
  lineStart: number;
  heredocCapable: boolean;
  /** Heredoc markers found on the current logical line, in source offsets. */
  heredocPlan: PlannedHeredoc[];
  heredocNext: number;
  /** Markers whose bodies come next, once the logical line ends. */
  pending: HeredocMarkerInfo[];
  /** The exec-form array being lexed. */
  json: JsonItem[] | undefined;
  jsonNext: number;
  /** ENV/LABEL in the legacy `key value` form. */
  kvLegacy: boolean;

  /** Cache of the last keyword read: offset → end and upper-cased logical text. */
  kwOffset: number;
  kwEnd: number;
  kwUpper: string;
}

export function createState(text: string): LexState {
  return {
    text,
    escape: 0x5c,
    escapeSeen: false,
    directivesOpen: true,
    instr: undefined,
    shape: 'raw',
    flagsOpen: false,
    argIndex: 0,
    lineEnd: 0,
    lineStart: 0,
    heredocCapable: false,
    heredocPlan: [],
    heredocNext: 0,
    pending: [],
    json: undefined,
    jsonNext: 0,
    kvLegacy: false,
    kwOffset: -1,
    kwEnd: -1,
    kwUpper: '',
  };
}

/** The state of the run in progress; replaced by `tokenize` at the start of each run. */
export let state: LexState = createState('');

export function resetState(text: string): LexState {
  state = createState(text);
  return state;
}
