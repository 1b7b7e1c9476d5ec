/**
 * The Dockerfile's instructions: the one table the lexer, parser, views, rules and editor features read.
 * Argument shapes follow BuildKit's parser (see docs/syntax-tree.md).
 */

export type InstructionName =
  | 'ADD'
  | 'ARG'
  | 'CMD'
  | 'COPY'
  | 'ENTRYPOINT'
  | 'ENV'
  | 'EXPOSE'
  | 'FROM'
  | 'HEALTHCHECK'
  | 'LABEL'
  | 'MAINTAINER'
  | 'ONBUILD'
  | 'RUN'
  | 'SHELL'
  | 'STOPSIGNAL'
  | 'USER'
  | 'VOLUME'
  | 'WORKDIR';

/**
 * How BuildKit's parser splits the arguments:
 * - `shell`: JSON array if the rest is one, else the whole rest as one string (RUN, CMD, ENTRYPOINT, SHELL)
 * - `list`: JSON array if the rest is one, else split on whitespace (ADD, COPY, VOLUME)
 * - `words`: split on whitespace (FROM, EXPOSE)
 * - `string`: the whole rest as one string (MAINTAINER, STOPSIGNAL, USER, WORKDIR)
 * - `keyValue`: quote-aware `key=value` words, or the legacy `key value` form (ENV, LABEL)
 * - `arg`: quote-aware `name[=default]` words (ARG)
 * - `healthcheck`: a type word (CMD or NONE), then like `shell`
 * - `onbuild`: a whole nested instruction
 */
export type ArgumentShape = 'shell' | 'list' | 'words' | 'string' | 'keyValue' | 'arg' | 'healthcheck' | 'onbuild';

export interface InstructionFacts {
  readonly name: InstructionName;
  readonly shape: ArgumentShape;
  /** Heredocs (`<<EOF`) are recognised in its shell form. */
  readonly heredocs: boolean;
  /** Its arguments are expanded by the builder (variables substituted before the build step runs). */
  readonly expands: boolean;
}

const table: InstructionFacts[] = [
  { name: 'ADD', shape: 'list', heredocs: true, expands: true },
  { name: 'ARG', shape: 'arg', heredocs: false, expands: true },
  { name: 'CMD', shape: 'shell', heredocs: false, expands: false },
  { name: 'COPY', shape: 'list', heredocs: true, expands: true },
  { name: 'ENTRYPOINT', shape: 'shell', heredocs: false, expands: false },
  { name: 'ENV', shape: 'keyValue', heredocs: false, expands: true },
  { name: 'EXPOSE', shape: 'words', heredocs: false, expands: true },
  { name: 'FROM', shape: 'words', heredocs: false, expands: true },
  { name: 'HEALTHCHECK', shape: 'healthcheck', heredocs: false, expands: false },
  { name: 'LABEL', shape: 'keyValue', heredocs: false, expands: true },
  { name: 'MAINTAINER', shape: 'string', heredocs: false, expands: false },
  { name: 'ONBUILD', shape: 'onbuild', heredocs: false, expands: false },
  { name: 'RUN', shape: 'shell', heredocs: true, expands: false },
  { name: 'SHELL', shape: 'shell', heredocs: false, expands: false },
  { name: 'STOPSIGNAL', shape: 'string', heredocs: false, expands: true },
  { name: 'USER', shape: 'string', heredocs: false, expands: true },
  { name: 'VOLUME', shape: 'list', heredocs: false, expands: true },
  { name: 'WORKDIR', shape: 'string', heredocs: false, expands: true },
];

export const INSTRUCTIONS: ReadonlyMap<InstructionName, InstructionFacts> = new Map(table.map((f) => [f.name, f]));

export const INSTRUCTION_NAMES: readonly InstructionName[] = table.map((f) => f.name);

export function instructionFacts(upperName: string): InstructionFacts | undefined {
  return INSTRUCTIONS.get(upperName as InstructionName);
}

/**
 * Whether BuildKit accepts `name` after `FROM … AS`: a letter, then letters, digits, `-`, `_` and `.` (any case; the
 * builder lowers it). A stage with any other name fails the build and can never be referred to, so nothing should
 * offer it as a target.
 */
export function isValidStageName(name: string): boolean {
  return /^[a-z][a-z0-9-_.]*$/i.test(name);
}
