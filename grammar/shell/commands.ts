/**
 * The compact model rules read: every simple command of a script with its words (quotes resolved), flags,
 * redirections, assignments, where it sits (pipeline, subshell, condition, `$(…)`, function) and the `set`
 * options in force when it starts. Offsets here are into the script text; `mapScript` moves them into the
 * Dockerfile.
 */
import type { SNode } from './bash.js';

/** `set` options tracked as bits. */
export const OPT = { errexit: 1, pipefail: 2, nounset: 4, xtrace: 8 } as const;
export type ShellOption = keyof typeof OPT;

export interface ShellWord {
  /** Quotes removed and escapes resolved; `$x` reads `${x}`; `$(…)`, `${…}` and `$((…))` are kept as written. */
  value: string;
  start: number;
  end: number;
  /** Holds no expansion: its value is exactly what the command receives. */
  literal: boolean;
  /** Quoted in whole or in part. */
  quoted: boolean;
}

export interface ShellFlag {
  /** Without dashes: `-y` → `y`, `--yes` → `yes`, `--opt=v` → `opt`; `-abc` gives three flags. */
  name: string;
  long: boolean;
  /** `--opt=v` → `v`. */
  inlineValue?: string;
  word: ShellWord;
  /** Index of the word in `args`. */
  index: number;
}

export interface Redirect {
  /** `>`, `>>`, `<`, `<<`, `<<-`, `<<<`, `&>`, `2>&1`'s `>&`, … */
  op: string;
  fd?: number;
  target?: ShellWord;
  start: number;
  end: number;
  /** For heredocs: the body's range. */
  body?: { start: number; end: number };
}

export interface Assignment {
  name: string;
  value?: ShellWord;
  start: number;
  end: number;
}

export interface Where {
  /** In a pipeline `a | b`: which one, of how many. */
  pipeline?: { id: number; index: number; size: number };
  /** Inside `( … )`: a `cd` there does not leak out. */
  subshell: boolean;
  /** The condition of `if`, `elif`, `while` or `until`. */
  condition: boolean;
  /** Inside `$( … )`, backticks or `<( … )`. */
  substitution: boolean;
  /** Inside a function body. */
  func: boolean;
  /** After `!`. */
  negated: boolean;
}

type OffsetMapper = (offset: number, isEnd: boolean) => number;
const NO_WORDS: readonly ShellWord[] = [];
const NO_WORD: ShellWord = { value: '', start: 0, end: 0, literal: true, quoted: false };

export class ShellCommand {
  private _flags?: ShellFlag[];
  // A command made by `mapped` keeps its source and maps offsets on first use: rules read a few words of a few
  // commands, and every RUN of every linted file is mapped.
  private _nameWord: ShellWord | undefined;
  private _args: readonly ShellWord[] | undefined;
  private _assignments: readonly Assignment[] | undefined;
  private _redirects: readonly Redirect[] | undefined;
  private _start: number;
  private _end: number;
  private src: ShellCommand | undefined = undefined;
  private map: OffsetMapper | undefined = undefined;
  /** `OPT` bits in force when the command starts. */
  readonly options: number;
  /** Set when this command was found as the argument of `sudo`, `env`, `nohup`, … (that command's name). */
  readonly via: string | undefined;

  constructor(
    /** The command word as written (`/usr/bin/apt-get`). */
    nameWord: ShellWord,
    args: readonly ShellWord[],
    assignments: readonly Assignment[],
    redirects: readonly Redirect[],
    start: number,
    end: number,
    readonly where: Where,
    options: number,
    via?: string,
  ) {
    this._nameWord = nameWord;
    this._args = args;
    this._assignments = assignments;
    this._redirects = redirects;
    this._start = start;
    this._end = end;
    this.options = options;
    this.via = via;
  }

  /** The command word as written (`/usr/bin/apt-get`). */
  get nameWord(): ShellWord {
    return (this._nameWord ??= this.mapWord((this.src as ShellCommand).nameWord));
  }

  get args(): readonly ShellWord[] {
    return (this._args ??= (this.src as ShellCommand).args.map((w) => this.mapWord(w)));
  }

  get assignments(): readonly Assignment[] {
    if (this._assignments) return this._assignments;
    const map = this.map as OffsetMapper;
    return (this._assignments = (this.src as ShellCommand).assignments.map((a) => {
      const out: Assignment = { ...a, start: map(a.start, false), end: map(a.end, true) };
      if (a.value) out.value = this.mapWord(a.value);
      return out;
    }));
  }

  get redirects(): readonly Redirect[] {
    if (this._redirects) return this._redirects;
    const map = this.map as OffsetMapper;
    return (this._redirects = (this.src as ShellCommand).redirects.map((r) => {
      const out: Redirect = { ...r, start: map(r.start, false), end: map(r.end, true) };
      if (r.target) out.target = this.mapWord(r.target);
      if (r.body) out.body = { start: map(r.body.start, false), end: map(r.body.end, true) };
      return out;
    }));
  }

  get start(): number {
    if (this._start !== this._start) this._start = (this.map as OffsetMapper)((this.src as ShellCommand).start, false);
    return this._start;
  }

  get end(): number {
    if (this._end !== this._end) this._end = (this.map as OffsetMapper)((this.src as ShellCommand).end, true);
    return this._end;
  }

  private mapWord(x: ShellWord): ShellWord {
    const map = this.map as OffsetMapper;
    return { value: x.value, start: map(x.start, false), end: map(x.end, true), literal: x.literal, quoted: x.quoted };
  }

  private _name?: string;

  /** The program's base name: `/usr/bin/apt-get` → `apt-get`. */
  get name(): string {
    if (this._name === undefined) {
      if (this.src) return (this._name = this.src.name);
      const v = this.nameWord.value;
      const slash = v.lastIndexOf('/');
      this._name = slash >= 0 ? v.slice(slash + 1) : v;
    }
    return this._name;
  }

  get nameRange(): { start: number; end: number } {
    return { start: this.nameWord.start, end: this.nameWord.end };
  }

  /** Flags among the arguments, up to a `--`. */
  get flags(): readonly ShellFlag[] {
    if (this._flags) return this._flags;
    const out: ShellFlag[] = [];
    for (let i = 0; i < this.args.length; i++) {
      const w = this.args[i] as ShellWord;
      const v = w.value;
      if (v === '--') break;
      if (v.length < 2 || v.charCodeAt(0) !== 45 /* - */) continue;
      if (v.charCodeAt(1) === 45) {
        const eq = v.indexOf('=');
        const f: ShellFlag = { name: eq < 0 ? v.slice(2) : v.slice(2, eq), long: true, word: w, index: i };
        if (eq >= 0) f.inlineValue = v.slice(eq + 1);
        out.push(f);
      } else {
        const eq = v.indexOf('=');
        const letters = eq < 0 ? v.slice(1) : v.slice(1, eq);
        for (const ch of letters) out.push({ name: ch, long: false, word: w, index: i });
      }
    }
    this._flags = out;
    return out;
  }

  hasFlag(...names: string[]): boolean {
    return this.flags.some((f) => names.includes(f.name));
  }

  /** How many times flags of these names appear (`-qq` counts two). */
  countFlag(...names: string[]): number {
    let n = 0;
    for (const f of this.flags) if (names.includes(f.name)) n++;
    return n;
  }

  /** The first flag of these names. */
  flag(...names: string[]): ShellFlag | undefined {
    return this.flags.find((f) => names.includes(f.name));
  }

  /** The value of a flag: `--opt=v`, or the next word after `--opt`/`-o` (only when it is the cluster's last letter). */
  flagValue(...names: string[]): ShellWord | undefined {
    for (const f of this.flags) {
      if (!names.includes(f.name)) continue;
      if (f.inlineValue !== undefined) {
        const eq = f.word.value.indexOf('=');
        return { ...f.word, value: f.inlineValue, start: Math.min(f.word.end, f.word.start + eq + 1) };
      }
      if (!f.long && !f.word.value.endsWith(f.name)) continue;
      const next = this.args[f.index + 1];
      if (next) return next;
    }
    return undefined;
  }

  /** Any argument equal to one of these values. */
  hasArg(...values: string[]): boolean {
    return this.args.some((a) => values.includes(a.value));
  }

  /** The first argument equal to one of these values. */
  arg(...values: string[]): ShellWord | undefined {
    return this.args.find((a) => values.includes(a.value));
  }

  /**
   * The arguments that are not flags, skipping the separate value of each flag named in `valueFlags` (`-t x`,
   * `--target x`). Everything after `--` is positional.
   */
  positionals(valueFlags: readonly string[] = []): ShellWord[] {
    return operandWords(this.args, valueFlags);
  }

  /** The first positional argument (`install` in `apt-get -y install x`). */
  subcommand(valueFlags: readonly string[] = []): ShellWord | undefined {
    return this.positionals(valueFlags)[0];
  }

  /** The same command with every offset moved by `map` (script → Dockerfile), and pipeline ids moved by `idOffset`. */
  mapped(map: OffsetMapper, idOffset = 0): ShellCommand {
    const where = idOffset !== 0 && this.where.pipeline ? { ...this.where, pipeline: { ...this.where.pipeline, id: this.where.pipeline.id + idOffset } } : this.where;
    // Made empty, then pointed at this command: every field is read through it on first use.
    const c = new ShellCommand(NO_WORD, NO_WORDS, [], [], NaN, NaN, where, this.options, this.via);
    c._nameWord = undefined;
    c._args = undefined;
    c._assignments = undefined;
    c._redirects = undefined;
    c.src = this;
    c.map = map;
    return c;
  }
}

/**
 * The words of an argument list that are not options, skipping the separate value of each option named in
 * `valueFlags` (`-t x`, `--target x`; long names without dashes, or single letters). Words after `--` are operands,
 * unless `stopAtDashDash` (the tool passes them on to something else).
 */
export function operandWords(words: readonly ShellWord[], valueFlags: readonly string[] | ReadonlySet<string> = [], stopAtDashDash = false): ShellWord[] {
  const takes = (name: string): boolean => (Array.isArray(valueFlags) ? (valueFlags as readonly string[]).includes(name) : (valueFlags as ReadonlySet<string>).has(name));
  const out: ShellWord[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as ShellWord;
    const v = w.value;
    if (v === '--') {
      if (!stopAtDashDash) out.push(...words.slice(i + 1));
      break;
    }
    if (v.length < 2 || v.charCodeAt(0) !== 45 /* - */) {
      out.push(w);
      continue;
    }
    if (v.includes('=')) continue;
    if (takes(v.startsWith('--') ? v.slice(2) : v.slice(-1))) i++;
  }
  return out;
}

/** What extraction found in one script (offsets into the script). */
export interface ScriptModel {
  commands: ShellCommand[];
  /** Pipelines with `|` or `|&`. */
  pipelines: number;
  /** The parser had to recover from an error somewhere. */
  hasErrors: boolean;
  /** `OPT` bits in force at the end of the script. */
  finalOptions: number;
  /** The parsed tree, kept only once a rule asked for it (scriptTree). */
  tree?: SNode;
}

/** Statement nodes tree-sitter-bash may nest inside a heredoc redirect (`cat <<EOF > f && next`). */
const STATEMENTS: ReadonlySet<string> = new Set(['command', 'pipeline', 'list', 'redirected_statement', 'subshell', 'compound_statement', 'negated_command', 'declaration_command', 'if_statement', 'while_statement', 'for_statement']);

const NO_WHERE: Where = { subshell: false, condition: false, substitution: false, func: false, negated: false };

/** Programs that run their argument as a command: the inner command is listed too. */
const WRAPPERS: Record<string, readonly string[]> = {
  sudo: ['u', 'g', 'U', 'C', 'D', 'h', 'p', 'r', 't', 'T', 'user', 'group', 'other-user', 'close-from', 'chdir', 'host', 'prompt', 'role', 'type', 'command-timeout'],
  doas: ['u', 'C'],
  env: ['u', 'C', 'S', 'unset', 'chdir', 'split-string'],
  nice: ['n', 'adjustment'],
  nohup: [],
  exec: ['a'],
  command: [],
  time: ['f', 'o', 'format', 'output'],
  stdbuf: ['i', 'o', 'e'],
  chroot: [],
};

export function extractCommands(root: SNode, text: string, initialOptions = 0): ScriptModel {
  const x = new Extractor(text, initialOptions);
  x.visit(root, NO_WHERE);
  return { commands: x.commands, pipelines: x.pipelineCount, hasErrors: x.hasErrors || root.hasError === true, finalOptions: x.options };
}

class Extractor {
  commands: ShellCommand[] = [];
  pipelineCount = 0;
  hasErrors = false;
  options: number;
  constructor(
    private readonly text: string,
    initialOptions: number,
  ) {
    this.options = initialOptions;
  }

  visit(n: SNode, where: Where, redirects: Redirect[] = []): void {
    switch (n.type) {
      case 'ERROR':
        this.hasErrors = true;
        this.children(n, where);
        return;
      case 'command':
        this.command(n, where, redirects);
        return;
      case 'declaration_command':
      case 'unset_command':
        this.declaration(n, where);
        return;
      case 'redirected_statement': {
        const own: Redirect[] = [];
        let body: SNode | undefined;
        for (const c of n.children) {
          if (c.field === 'body') body = c;
          else if (c.type.endsWith('_redirect')) own.push(...this.redirect(c, where));
        }
        if (body) this.visit(body, where, own);
        return;
      }
      case 'pipeline': {
        const parts = n.children.filter((c) => c.named);
        const hasPipe = n.children.some((c) => !c.named && (c.type === '|' || c.type === '|&'));
        if (!hasPipe) {
          this.children(n, where);
          return;
        }
        const id = ++this.pipelineCount;
        parts.forEach((c, index) => this.visit(c, { ...where, pipeline: { id, index, size: parts.length } }));
        return;
      }
      case 'subshell':
        this.children(n, { ...where, subshell: true });
        return;
      case 'command_substitution':
      case 'process_substitution':
        this.children(n, { ...where, substitution: true });
        return;
      case 'function_definition':
        this.children(n, { ...where, func: true });
        return;
      case 'negated_command':
        this.children(n, { ...where, negated: true });
        return;
      case 'if_statement':
      case 'elif_clause':
      case 'while_statement':
      case 'until_statement': {
        // The condition is what comes before `then` / the `do` group.
        let inCondition = true;
        for (const c of n.children) {
          if (!c.named && (c.type === 'then' || c.type === 'do')) inCondition = false;
          if (c.type === 'do_group' || c.field === 'body') inCondition = false;
          const cond = n.type === 'if_statement' ? c.field === 'condition' : inCondition && c.named;
          this.visit(c, cond ? { ...where, condition: true } : where);
        }
        return;
      }
      default:
        this.children(n, where, redirects);
    }
  }

  /** Visits the children; redirects that tree-sitter hung on a list (`a && b <<EOF`) belong to its last command. */
  private children(n: SNode, where: Where, redirects: Redirect[] = []): void {
    let last = -1;
    if (redirects.length > 0) for (let i = n.children.length - 1; i >= 0 && last < 0; i--) if ((n.children[i] as SNode).named) last = i;
    n.children.forEach((c, i) => {
      if (c.named || c.children.length > 0) this.visit(c, where, i === last ? redirects : []);
    });
  }

  private command(n: SNode, where: Where, outer: Redirect[]): void {
    let nameWord: ShellWord | undefined;
    const args: ShellWord[] = [];
    const assignments: Assignment[] = [];
    const redirects: Redirect[] = [];
    for (const c of n.children) {
      if (c.type === 'command_name') {
        const inner = c.children[0] ?? c;
        nameWord = this.word(inner);
        this.nested(inner, where);
      } else if (c.type === 'variable_assignment') {
        assignments.push(this.assignment(c));
        this.nested(c, where);
      } else if (c.type.endsWith('_redirect')) {
        redirects.push(...this.redirect(c, where));
      } else if (c.named && c.type !== 'comment') {
        args.push(this.word(c));
        this.nested(c, where);
      }
    }
    redirects.push(...outer);
    if (!nameWord) return;
    this.push(new ShellCommand(nameWord, args, assignments, redirects, n.start, n.end, where, this.options), where);
    this.unwrap(nameWord, args, redirects, n, where);
  }

  /** `sudo apt-get install x` also lists `apt-get install x`, marked as run via sudo. */
  private unwrap(nameWord: ShellWord, args: ShellWord[], redirects: Redirect[], n: SNode, where: Where, depth = 0): void {
    const base = nameWord.value.slice(nameWord.value.lastIndexOf('/') + 1);
    const valueFlags = WRAPPERS[base];
    if (!valueFlags || depth > 3) return;
    let i = 0;
    for (; i < args.length; i++) {
      const v = (args[i] as ShellWord).value;
      if (v === '--') {
        i++;
        break;
      }
      if (base === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) continue;
      if (base === 'nice' && /^-\d+$/.test(v)) continue;
      if (v.length < 2 || !v.startsWith('-')) break;
      if (v.includes('=')) continue;
      const name = v.startsWith('--') ? v.slice(2) : v.slice(-1);
      if (valueFlags.includes(name)) i++;
    }
    const inner = args[i];
    if (!inner) return;
    // `command -v x` asks where x is; it does not run it.
    if (base === 'command' && args.slice(0, i).some((a) => /^-[a-zA-Z]*[vV]/.test(a.value))) return;
    const rest = args.slice(i + 1);
    const cmd = new ShellCommand(inner, rest, [], redirects, inner.start, n.end, where, this.options, base);
    this.commands.push(cmd);
    this.unwrap(inner, rest, redirects, n, where, depth + 1);
  }

  private push(cmd: ShellCommand, where: Where): void {
    this.commands.push(cmd);
    if (cmd.name === 'set' && !where.subshell && !where.substitution && !where.func && !where.pipeline) this.applySet(cmd);
  }

  /** `set -e`, `set -o pipefail`, `set -euxo pipefail`, `set +e`. */
  private applySet(cmd: ShellCommand): void {
    const args = cmd.args;
    for (let i = 0; i < args.length; i++) {
      const v = (args[i] as ShellWord).value;
      if (v.length < 2 || (v[0] !== '-' && v[0] !== '+') || v === '--') break;
      const on = v[0] === '-';
      for (const ch of v.slice(1)) {
        if (ch === 'o') {
          const name = args[i + 1]?.value;
          i++;
          if (name && name in OPT) this.setOpt(OPT[name as ShellOption], on);
        } else if (ch === 'e') this.setOpt(OPT.errexit, on);
        else if (ch === 'u') this.setOpt(OPT.nounset, on);
        else if (ch === 'x') this.setOpt(OPT.xtrace, on);
      }
    }
  }

  private setOpt(bit: number, on: boolean): void {
    this.options = on ? this.options | bit : this.options & ~bit;
  }

  private declaration(n: SNode, where: Where): void {
    const kw = n.children.find((c) => !c.named);
    if (!kw) return this.children(n, where);
    const nameWord: ShellWord = { value: this.text.slice(kw.start, kw.end), start: kw.start, end: kw.end, literal: true, quoted: false };
    const args: ShellWord[] = [];
    for (const c of n.children) {
      if (!c.named) continue;
      args.push(this.word(c));
      this.nested(c, where);
    }
    this.push(new ShellCommand(nameWord, args, [], [], n.start, n.end, where, this.options), where);
  }

  /** Commands inside a word: `$(…)`, backticks, `<(…)`. */
  private nested(n: SNode, where: Where): void {
    if (n.type === 'command_substitution' || n.type === 'process_substitution') {
      this.visit(n, where);
      return;
    }
    for (const c of n.children) if (c.children.length > 0) this.nested(c, where);
  }

  private assignment(n: SNode): Assignment {
    const nameNode = n.children.find((c) => c.field === 'name') ?? n.children[0];
    const valueNode = n.children.find((c) => c.field === 'value');
    const a: Assignment = { name: nameNode ? this.text.slice(nameNode.start, nameNode.end) : '', start: n.start, end: n.end };
    if (valueNode) a.value = this.word(valueNode);
    return a;
  }

  private redirect(n: SNode, where: Where): Redirect[] {
    const out: Redirect[] = [];
    let op = '';
    let fd: number | undefined;
    let target: ShellWord | undefined;
    let body: { start: number; end: number } | undefined;
    for (const c of n.children) {
      if (c.type === 'file_descriptor') fd = Number(this.text.slice(c.start, c.end));
      else if (!c.named) op ||= this.text.slice(c.start, c.end);
      else if (c.type === 'heredoc_body') {
        body = { start: c.start, end: c.end };
        this.nested(c, where);
      } else if (c.type === 'heredoc_start') target = this.word(c);
      else if (c.type.endsWith('_redirect')) out.push(...this.redirect(c, where));
      else if (c.field === 'right' || STATEMENTS.has(c.type)) this.visit(c, where);
      else if (c.type !== 'heredoc_end' && !target) {
        target = this.word(c);
        this.nested(c, where);
      }
    }
    const r: Redirect = { op, start: n.start, end: n.end };
    if (fd !== undefined) r.fd = fd;
    if (target) r.target = target;
    if (body) r.body = body;
    out.unshift(r);
    return out;
  }

  word(n: SNode): ShellWord {
    const st = { literal: true, quoted: false };
    const value = this.render(n, st);
    return { value, start: n.start, end: n.end, literal: st.literal, quoted: st.quoted };
  }

  private render(n: SNode, st: { literal: boolean; quoted: boolean }): string {
    const t = this.text;
    switch (n.type) {
      case 'word':
      case 'number':
      case 'heredoc_start':
        if (n.children.length > 0) return this.concat(n, n.start, n.end, st, false);
        return unescapeBare(t.slice(n.start, n.end));
      case 'raw_string':
        st.quoted = true;
        return t.slice(n.start + 1, Math.max(n.start + 1, n.end - 1));
      case 'ansi_c_string':
        st.quoted = true;
        return unescapeAnsiC(t.slice(n.start + 2, Math.max(n.start + 2, n.end - 1)));
      case 'string':
        st.quoted = true;
        return this.concat(n, n.start + 1, Math.max(n.start + 1, n.end - 1), st, true);
      case 'translated_string':
        st.quoted = true;
        return this.concat(n, n.start + 2, Math.max(n.start + 2, n.end - 1), st, true);
      case 'concatenation':
        return this.concat(n, n.start, n.end, st, false);
      case 'variable_assignment': {
        // `export A="$B"` as one word: the value rendered like any word.
        const value = n.children.find((c) => c.field === 'value');
        if (!value) return t.slice(n.start, n.end);
        return t.slice(n.start, value.start) + this.render(value, st);
      }
      case 'simple_expansion':
        st.literal = false;
        return '${' + t.slice(n.start + 1, n.end) + '}';
      case 'string_content':
        return unescapeDouble(t.slice(n.start, n.end));
      case 'expansion':
      case 'command_substitution':
      case 'process_substitution':
      case 'arithmetic_expansion':
        st.literal = false;
        return t.slice(n.start, n.end);
      default:
        return t.slice(n.start, n.end);
    }
  }

  /** The children of a word-like node with the text between them (quotes of a string excluded by the bounds). */
  private concat(n: SNode, from: number, to: number, st: { literal: boolean; quoted: boolean }, inDouble: boolean): string {
    let out = '';
    let pos = from;
    for (const c of n.children) {
      if (c.end <= from || c.start >= to) continue;
      if (!c.named && (c.type === '"' || c.type === '$"')) continue;
      if (c.start > pos) out += inDouble ? unescapeDouble(this.text.slice(pos, c.start)) : unescapeBare(this.text.slice(pos, c.start));
      out += c.named ? this.render(c, st) : this.text.slice(c.start, c.end);
      pos = Math.max(pos, c.end);
    }
    if (pos < to) out += inDouble ? unescapeDouble(this.text.slice(pos, to)) : unescapeBare(this.text.slice(pos, to));
    return out;
  }
}

function unescapeBare(s: string): string {
  return s.includes('\\') ? s.replace(/\\(.)/gs, '$1') : s;
}

function unescapeDouble(s: string): string {
  return s.includes('\\') ? s.replace(/\\([$`"\\\n])/g, '$1') : s;
}

function unescapeAnsiC(s: string): string {
  if (!s.includes('\\')) return s;
  const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', e: '\x1b', f: '\f', v: '\v' };
  return s.replace(/\\(.)/gs, (m, c: string) => map[c] ?? m);
}
