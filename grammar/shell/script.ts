/**
 * From a RUN (shell form, heredocs, or an exec form that invokes a shell) to the shell script BuildKit hands to
 * the shell, parsed, with every offset mapped back into the Dockerfile — across continuation lines, the escape
 * character and heredoc bodies. Windows stages (SHELL powershell/cmd, Windows base images) and heredocs for other
 * interpreters (`#!/usr/bin/env python`) are recognised and not analysed as POSIX shell.
 */
import type { LogicalText } from '../lexer/scan.js';
import type { Instruction, ShellInstruction } from '../syntax/ast.js';
import type { SemanticModel, Stage } from '../semantic/model.js';
import { parseBash, type SNode } from './bash.js';
import { parseSimpleScript } from './fast.js';
import { extractCommands, OPT, ShellCommand, type ScriptModel } from './commands.js';

export type Dialect = 'sh' | 'bash' | 'dash' | 'ash' | 'zsh' | 'ksh' | 'powershell' | 'cmd' | 'other';

const POSIX: ReadonlySet<string> = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'busybox']);

/** The shell a stage's RUN instructions go through. */
export interface ShellSetting {
  /** The SHELL instruction in force, if any (inherited from a parent stage too). */
  instruction?: ShellInstruction;
  /** Its JSON array, or the default `/bin/sh -c`. */
  argv: readonly string[];
  dialect: Dialect;
  windows: boolean;
  /** `OPT` bits the SHELL sets (`-o pipefail`, `-e`). */
  options: number;
}

const DEFAULT_SHELL: ShellSetting = { argv: ['/bin/sh', '-c'], dialect: 'sh', windows: false, options: 0 };
const WINDOWS_DEFAULT: ShellSetting = { argv: ['cmd', '/S', '/C'], dialect: 'cmd', windows: true, options: 0 };

export function dialectOf(program: string): Dialect {
  const base = program.replace(/^.*[\\/]/, '').toLowerCase().replace(/\.exe$/, '');
  if (base.startsWith('pwsh') || base.startsWith('powershell')) return 'powershell';
  if (base === 'cmd') return 'cmd';
  if (base === 'mksh') return 'ksh';
  if (base === 'busybox') return 'ash';
  return POSIX.has(base) ? (base as Dialect) : 'other';
}

/** Whether a shell in force splits words at blanks, any number of them, as POSIX shells do (not cmd or PowerShell). */
export function isPosixShell(shell: Pick<ShellSetting, 'windows' | 'dialect'>): boolean {
  return !shell.windows && POSIX.has(shell.dialect);
}

/** Options that shell flags turn on: `-o pipefail`, `-e`, `-eo pipefail`, `-euxo pipefail`. */
export function optionsFromArgv(argv: readonly string[]): number {
  let bits = 0;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!/^-[a-z]+$/i.test(a)) continue;
    for (const ch of a.slice(1)) {
      if (ch === 'e') bits |= OPT.errexit;
      else if (ch === 'u') bits |= OPT.nounset;
      else if (ch === 'x') bits |= OPT.xtrace;
      else if (ch === 'o') {
        const name = argv[i + 1];
        if (name && name in OPT) bits |= OPT[name as keyof typeof OPT];
      }
    }
  }
  return bits;
}

function settingOf(instr: ShellInstruction): ShellSetting {
  const argv = instr.json?.values ?? [];
  const dialect = argv[0] ? dialectOf(argv[0]) : 'other';
  return { instruction: instr, argv, dialect, windows: dialect === 'powershell' || dialect === 'cmd', options: optionsFromArgv(argv) };
}

const WINDOWS_IMAGE = /(^|\/)windows(\/|$)|nanoserver|servercore|windowsservercore/i;

const stageShells = new WeakMap<Stage, ShellInstruction[]>();

/** The SHELL instructions of a stage, in order (found once per stage). */
function shellsOf(stage: Stage): ShellInstruction[] {
  let list = stageShells.get(stage);
  if (!list) {
    list = stage.instructions.filter((i): i is ShellInstruction => i.kind === 'Shell');
    stageShells.set(stage, list);
  }
  return list;
}

/** The shell in force at an instruction of a stage: the last SHELL before it, else the parent stage's, else the default. */
export function shellAt(model: SemanticModel, stage: Stage | undefined, before: number, seen = 0): ShellSetting {
  if (!stage) return DEFAULT_SHELL;
  // The last SHELL of the stage that starts before `before`.
  const shells = shellsOf(stage);
  let lo = 0;
  let hi = shells.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((shells[mid] as ShellInstruction).range.start < before) lo = mid + 1;
    else hi = mid;
  }
  const found = shells[lo - 1];
  if (found) return settingOf(found);
  const parent = stage.base.stage;
  if (parent && parent !== stage && seen < 32) return shellAt(model, parent, Number.MAX_SAFE_INTEGER, seen + 1);
  const image = stage.base.value ?? stage.base.raw;
  if (WINDOWS_IMAGE.test(image)) return WINDOWS_DEFAULT;
  return DEFAULT_SHELL;
}

/** Offsets of a script mapped to the Dockerfile. */
export class OffsetMap {
  /** Pairs (script offset, Dockerfile offset) where each contiguous piece starts, ascending. */
  private readonly pieces: number[] = [];
  private length = 0;
  /** Collapse every offset into this range (a JSON string with escapes cannot be mapped character by character). */
  private flat?: { start: number; end: number };

  static flat(start: number, end: number): OffsetMap {
    const m = new OffsetMap();
    m.flat = { start, end };
    return m;
  }

  add(docStart: number, length: number): void {
    this.pieces.push(this.length, docStart);
    this.length += length;
  }

  toDoc(o: number, isEnd = false): number {
    if (this.flat) return isEnd ? this.flat.end : this.flat.start;
    if (isEnd && o > 0) return this.toDoc(o - 1) + 1;
    const p = this.pieces;
    let lo = 0;
    let hi = p.length / 2 - 1;
    if (hi < 0) return 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((p[mid * 2] as number) <= o) lo = mid;
      else hi = mid - 1;
    }
    return (p[lo * 2 + 1] as number) + (o - (p[lo * 2] as number));
  }
}

/** One piece of shell text that runs: the RUN line, or a heredoc body a shell reads. */
export interface ScriptPiece {
  text: string;
  map: OffsetMap;
  dialect: Dialect;
  /** `OPT` bits in force when it starts. */
  options: number;
  /** Where it came from. */
  origin: 'line' | 'heredoc' | 'exec';
}

export interface RunScript {
  /** `shell`: shell form; `heredoc`: the body of `RUN <<EOF` (or `RUN bash <<EOF`); `exec`: JSON form. */
  form: 'shell' | 'heredoc' | 'exec' | 'none';
  /** False when the script is not POSIX shell or cannot be parsed: `commands` is then empty. */
  analysed: boolean;
  reason?: 'windows' | 'interpreter' | 'parser-unavailable';
  dialect: Dialect;
  shell: ShellSetting;
  /** Every simple command, in order, with Dockerfile offsets. */
  commands: ShellCommand[];
  /** Number of pipelines (`a | b`). */
  pipelines: number;
  /** The parser had to recover somewhere. */
  hasErrors: boolean;
  /** `OPT` bits in force at the end. */
  finalOptions: number;
  /** The pieces of shell text (for ShellCheck). Empty for the exec form. */
  pieces: ScriptPiece[];
}

const indexes = new WeakMap<RunScript, Map<string, ShellCommand[]>>();
const NONE = Object.freeze([]) as unknown as ShellCommand[];

/** The commands of a script run by any of these programs (base names), in order; indexed once per script. */
export function commandsNamed(script: RunScript, ...names: string[]): ShellCommand[] {
  const commands = script.commands;
  // A few commands (most RUNs): a scan costs less than building the index.
  if (commands.length <= 8) {
    let out: ShellCommand[] | undefined;
    for (const c of commands) if (names.includes(c.name)) (out ??= []).push(c);
    return out ?? NONE;
  }
  let index = indexes.get(script);
  if (!index) {
    index = new Map();
    for (const c of script.commands) {
      const list = index.get(c.name);
      if (list) list.push(c);
      else index.set(c.name, [c]);
    }
    indexes.set(script, index);
  }
  if (names.length === 1) return index.get(names[0] as string) ?? [];
  const out: ShellCommand[] = [];
  for (const n of names) out.push(...(index.get(n) ?? []));
  return names.length > 1 ? out.sort((a, b) => a.start - b.start) : out;
}

/**
 * Parsed scripts, kept in two generations: new ones go into `young`; when it holds more than a generation's worth,
 * it becomes `old` and the previous `old` is dropped; a hit in `old` moves back to `young`. What is in use stays,
 * and the versions an editor leaves behind on every keystroke in a RUN are gone after two generations. A generation
 * holds the distinct scripts of a large repository (the corpus has ~3,200 in ~1.3M characters).
 */
let young = new Map<string, ScriptModel>();
let old = new Map<string, ScriptModel>();
let youngChars = 0;
const GENERATION_ENTRIES = 8_000;
const GENERATION_CHARS = 2 * 1024 * 1024;

/** Forgets every parsed script (benchmarks start each timed pass from nothing). */
export function clearScriptCache(): void {
  young = new Map();
  old = new Map();
  youngChars = 0;
}

function remember(key: string, model: ScriptModel): void {
  if (young.size >= GENERATION_ENTRIES || youngChars + key.length > GENERATION_CHARS) {
    old = young;
    young = new Map();
    youngChars = 0;
  }
  young.set(key, model);
  youngChars += key.length;
}

/** Parses a script (once per distinct text and starting options while it is in use). */
export function parseScript(text: string, options = 0): ScriptModel | undefined {
  const key = options === 0 ? text : options + '\u0000' + text;
  const hit = young.get(key);
  if (hit) return hit;
  const aged = old.get(key);
  if (aged) {
    old.delete(key);
    remember(key, aged);
    return aged;
  }
  let model: ScriptModel;
  if (tooManyHeredocs(text)) {
    // tree-sitter-bash takes time growing with the square of the heredocs started on one line (and misreads
    // more than one anyway): read as holding no commands.
    model = { commands: [], pipelines: 0, hasErrors: true, finalOptions: options };
    remember(key, model);
    return model;
  }
  const root = parseSimpleScript(text) ?? parseBash(text);
  if (!root) return undefined;
  try {
    model = extractCommands(root, text, options);
  } catch (e) {
    // Nesting deep enough to exhaust the stack (thousands of `$(`): read as holding no commands, not a crash.
    if (!(e instanceof RangeError)) throw e;
    model = { commands: [], pipelines: 0, hasErrors: true, finalOptions: options };
  }
  remember(key, model);
  return model;
}

/**
 * The bash tree of a script, for the rules that need statement structure the command list does not keep. Kept
 * with the script's cached model, so a script is parsed for it at most once more per process, not on every lint.
 */
export function scriptTree(text: string, options = 0): SNode | undefined {
  const model = parseScript(text, options);
  if (!model || tooManyHeredocs(text)) return undefined;
  model.tree ??= parseSimpleScript(text) ?? parseBash(text);
  return model.tree;
}

const MARKER = /^<<-?\s*(?:"[^"]*"|'[^']*'|[^\s<>|&;]+)$/;

/** The most heredocs one line of a script may start for berth to read it: real scripts start one, rarely two. */
export const MAX_HEREDOCS_PER_LINE = 4;

/** A heredoc operator and its delimiter (not `<<<`, a here-string). */
const HEREDOC_START = /(?<!<)<<(?!<)(-?)[ \t]*(?:'([^'\n]*)'|"([^"\n]*)"|\\?([^\s;&|<>()'"`]+))/g;

/**
 * Whether a line of the script starts more than `MAX_HEREDOCS_PER_LINE` heredocs. Lines inside heredoc bodies
 * are skipped (a body may well hold `<<`, C++'s `cout << a << b`), quotes are not looked at. One pass.
 */
export function tooManyHeredocs(text: string): boolean {
  if (!text.includes('<<')) return false;
  const pending: Array<{ delimiter: string; tabs: boolean }> = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    const head = pending[0];
    if (head) {
      if ((head.tabs ? line.replace(/^\t+/, '') : line) === head.delimiter) pending.shift();
    } else if (line.includes('<<')) {
      let count = 0;
      for (const m of line.matchAll(HEREDOC_START)) {
        if (++count > MAX_HEREDOCS_PER_LINE) return true;
        pending.push({ delimiter: m[2] ?? m[3] ?? m[4] ?? '', tabs: m[1] === '-' });
      }
    }
    start = end + 1;
  }
  return false;
}

/** How a RUN (or an ONBUILD RUN trigger) reaches the shell. */
export function runScript(instr: Instruction, shell: ShellSetting): RunScript {
  const hit = runScripts.get(instr);
  if (hit && hit.shell.instruction === shell.instruction && hit.shell.dialect === shell.dialect && hit.shell.options === shell.options && hit.shell.windows === shell.windows) {
    return hit.script;
  }
  const script = readRunScript(instr, shell);
  // Not kept while the parser it needs is missing: once loaded, the next call reads the script.
  if (script.reason !== 'parser-unavailable') runScripts.set(instr, { shell, script });
  return script;
}

/**
 * Each instruction's script, read once per parse (for the same shell): the lint, the language server's features
 * and `needsBashParser` all ask for it.
 */
const runScripts = new WeakMap<Instruction, { shell: ShellSetting; script: RunScript }>();

function readRunScript(instr: Instruction, shell: ShellSetting): RunScript {
  const base: RunScript = { form: 'none', analysed: false, dialect: shell.dialect, shell, commands: [], pipelines: 0, hasErrors: false, finalOptions: shell.options, pieces: [] };
  const cmd = instr as Instruction & { json?: { elements: Array<{ value: string | undefined; range: { start: number; end: number } }> }; form?: string };
  const json = cmd.json;
  if (json) return execScript(instr, json.elements, shell, base);
  if (instr.rest.end <= instr.rest.start && instr.heredocs.length === 0) return base;
  base.form = 'shell';
  if (shell.windows || (shell.dialect !== 'other' && !POSIX.has(shell.dialect))) return { ...base, reason: 'windows' };

  const rest = instr.rest;
  const line = rest.logical.text.slice(rest.start, rest.end);
  const lineMap = new OffsetMap();
  addLogical(lineMap, rest.logical, rest.start, rest.end);
  const heredocs = instr.heredocs.filter((h) => h.bodyToken !== undefined);

  // `RUN <<EOF` alone: the body is the script (a shebang picks the interpreter). `RUN <<EOF bash -e` and
  // `RUN bash <<EOF`: the named shell reads it. `RUN <<EOF python3`: another interpreter reads it.
  const words = heredocs.length === 1 ? line.split(/\s+/).filter((w) => w !== '') : [];
  const markers = words.filter((w) => MARKER.test(w));
  if (heredocs.length === 1 && markers.length === 1) {
    const others = words.filter((w) => !MARKER.test(w));
    const program = others[0];
    const body = (heredocs[0] as (typeof heredocs)[number]).bodyToken;
    if (body && program === undefined) {
      const piece = bodyPiece(instr, body.start, body.end, shell);
      if (!piece) return { ...base, form: 'heredoc', reason: 'interpreter', dialect: 'other' };
      return analyse({ ...base, form: 'heredoc', dialect: piece.dialect }, [piece]);
    }
    const simpleShell = program !== undefined && POSIX.has(dialectOf(program)) && others.slice(1).every((w) => /^-[a-z]+$/i.test(w) && !w.includes('c'));
    if (body && program !== undefined && simpleShell) {
      const text = instr.file.text.slice(body.start, body.end);
      const map = new OffsetMap();
      map.add(body.start, text.length);
      const dialect = dialectOf(program);
      return analyse({ ...base, form: 'heredoc', dialect }, [{ text, map, dialect, options: optionsFromArgv(others), origin: 'heredoc' }]);
    }
    if (body && words[0] === markers[0]) return { ...base, form: 'heredoc', reason: 'interpreter', dialect: 'other' };
  }

  let text = line;
  const map = lineMap;
  if (heredocs.length > 0) {
    const first = heredocs[0]?.bodyToken;
    const last = heredocs[heredocs.length - 1];
    if (first && last) {
      const end = last.range.end;
      text += '\n';
      map.add(first.start - 1, 1);
      map.add(first.start, end - first.start);
      text += instr.file.text.slice(first.start, end);
    }
  }
  const piece: ScriptPiece = { text, map, dialect: shell.dialect, options: shell.options, origin: 'line' };
  const result = analyse({ ...base }, [piece]);
  if (!result.analysed) return result;

  // `RUN bash <<EOF` / `RUN <<EOF sh -e`: the body is a script the named shell reads from standard input.
  const extra: ScriptPiece[] = [];
  for (const c of result.commands) {
    if (c.where.substitution || !POSIX.has(c.name) || c.positionals().length > 0 || c.hasFlag('c')) continue;
    for (const r of c.redirects) {
      if (!r.body || !(r.op === '<<' || r.op === '<<-') || (r.fd !== undefined && r.fd !== 0)) continue;
      const dialect = dialectOf(c.name);
      const opts = optionsFromArgv([c.name, ...c.args.map((a) => a.value)]);
      const bodyText = instr.file.text.slice(r.body.start, r.body.end);
      const m = new OffsetMap();
      m.add(r.body.start, bodyText.length);
      extra.push({ text: bodyText, map: m, dialect, options: opts, origin: 'heredoc' });
    }
  }
  if (extra.length === 0) return result;
  return analyse(result, extra, true);
}

function addLogical(map: OffsetMap, logical: LogicalText, start: number, end: number): void {
  const st = logical.stretches(start, end);
  if (st.length === 0) {
    map.add(logical.toSource(start), 0);
    return;
  }
  for (let i = 0; i < st.length; i += 3) map.add(st[i + 1] as number, st[i + 2] as number);
}

/** A heredoc body run as a script: its shebang decides; undefined when it is not a POSIX shell. */
function bodyPiece(instr: Instruction, start: number, end: number, shell: ShellSetting): ScriptPiece | undefined {
  const text = instr.file.text.slice(start, end);
  let dialect = shell.dialect;
  let options = shell.options;
  const shebang = /^#!\s*(\S+)(?:[ \t]+(\S+))?([^\n]*)/.exec(text);
  if (shebang) {
    let program = shebang[1] as string;
    let args = (shebang[3] ?? '').trim().split(/\s+/).filter(Boolean);
    if (program.endsWith('/env') && shebang[2]) program = shebang[2];
    else if (shebang[2]) args = [shebang[2], ...args];
    dialect = dialectOf(program);
    if (!POSIX.has(dialect)) return undefined;
    options = optionsFromArgv([program, ...args]);
  }
  const map = new OffsetMap();
  map.add(start, text.length);
  return { text, map, dialect, options, origin: 'heredoc' };
}

function analyse(base: RunScript, pieces: ScriptPiece[], append = false): RunScript {
  const out: RunScript = { ...base, analysed: true, pieces: append ? [...base.pieces, ...pieces] : pieces };
  const commands = append ? [...base.commands] : [];
  let pipelines = append ? base.pipelines : 0;
  let hasErrors = append ? base.hasErrors : false;
  let finalOptions = base.finalOptions;
  for (const p of pieces) {
    const model = parseScript(p.text, p.options);
    if (!model) return { ...base, analysed: false, reason: 'parser-unavailable', commands: [], pieces: [] };
    const map = p.map;
    const toDoc = (o: number, isEnd: boolean): number => map.toDoc(o, isEnd);
    // Pipeline ids stay unique across the pieces of one RUN.
    const idOffset = pipelines;
    for (const c of model.commands) commands.push(c.mapped(toDoc, idOffset));
    pipelines += model.pipelines;
    hasErrors ||= model.hasErrors;
    finalOptions = model.finalOptions;
  }
  let sorted = true;
  for (let i = 1; i < commands.length && sorted; i++) {
    const a = commands[i - 1] as ShellCommand;
    const b = commands[i] as ShellCommand;
    sorted = a.start < b.start || (a.start === b.start && a.end <= b.end);
  }
  if (!sorted) commands.sort((a, b) => a.start - b.start || a.end - b.end);
  out.commands = commands;
  out.pipelines = pipelines;
  out.hasErrors = hasErrors;
  out.finalOptions = finalOptions;
  return out;
}

/** `RUN ["apt-get", "install", "x"]` is one command; `RUN ["sh", "-c", "…"]` is a script. */
function execScript(
  instr: Instruction,
  elements: Array<{ value: string | undefined; range: { start: number; end: number } }>,
  shell: ShellSetting,
  base: RunScript,
): RunScript {
  const els = elements.filter((e): e is { value: string; range: { start: number; end: number } } => e.value !== undefined);
  const first = els[0];
  if (!first) return { ...base, form: 'exec' };
  const dialect = dialectOf(first.value);
  const cIndex = els.findIndex((e, i) => i > 0 && /^-[a-z]*c[a-z]*$/i.test(e.value));
  if (POSIX.has(dialect) && cIndex > 0 && els[cIndex + 1]) {
    const el = els[cIndex + 1] as { value: string; range: { start: number; end: number } };
    const raw = instr.file.text.slice(el.range.start + 1, el.range.end - 1);
    const map = raw === el.value ? new OffsetMap() : OffsetMap.flat(el.range.start, el.range.end);
    if (raw === el.value) map.add(el.range.start + 1, raw.length);
    const options = optionsFromArgv(els.slice(0, cIndex + 1).map((e) => e.value));
    const r = analyse({ ...base, form: 'exec', dialect }, [{ text: el.value, map, dialect, options, origin: 'exec' }]);
    return r;
  }
  if (dialect === 'powershell' || dialect === 'cmd') return { ...base, form: 'exec', dialect, reason: 'windows' };
  const word = (e: { value: string; range: { start: number; end: number } }) => ({ value: e.value, start: e.range.start, end: e.range.end, literal: true, quoted: true });
  const where = { subshell: false, condition: false, substitution: false, func: false, negated: false };
  const command = new ShellCommand(word(first), els.slice(1).map(word), [], [], first.range.start, (els[els.length - 1] as typeof first).range.end, where, 0);
  return { ...base, form: 'exec', analysed: true, dialect: 'other', commands: [command] };
}
