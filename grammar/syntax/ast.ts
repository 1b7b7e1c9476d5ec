/**
 * Typed views over the syntax tree: what each instruction means, with exact ranges. Views hold no state of
 * their own beyond caches; the tree is the truth. Arguments are split exactly as BuildKit splits them, on the
 * joined text of the instruction, and every piece maps back to a source range.
 */
import { findHeredocMarkers } from '../lexer/heredoc.js';
import { LogicalText } from '../lexer/scan.js';
import type { TextRange } from '../text/range.js';
import type { InstructionKind } from './kinds.js';
import { splitWhitespace, splitWords, trimSpace, unquoteFlagWord, type Piece } from './split.js';
import type { SyntaxElement, SyntaxNode, SyntaxToken } from './tree.js';

/** One argument as BuildKit holds it, and where it is. */
export interface Arg {
  value: string;
  range: TextRange;
}

export class Dockerfile {
  private _instructions?: Instruction[];
  private _directives?: Directive[];

  constructor(
    /** The File node. */
    readonly root: SyntaxNode,
    readonly text: string,
    /** The escape character in force: `\` or `` ` ``. */
    readonly escape: string,
    private readonly commentTokens?: readonly SyntaxToken[],
  ) {}

  /** Top-level instructions in order (ONBUILD triggers are reached through `Onbuild.trigger`). */
  get instructions(): Instruction[] {
    this._instructions ??= this.root.nodes().filter((n) => n.isInstruction).map((n) => instructionView(n, this));
    return this._instructions;
  }

  get directives(): Directive[] {
    this._directives ??= this.root.nodes().filter((n) => n.kind === 'Directive').map((n) => new Directive(n, this));
    return this._directives;
  }

  /** Comment tokens in order, including those inside continuations. */
  comments(): readonly SyntaxToken[] {
    if (this.commentTokens) return this.commentTokens;
    const out: SyntaxToken[] = [];
    for (const t of this.root.allTokens()) if (t.kind === 'Comment') out.push(t);
    return out;
  }

  /** The logical text of a source range (continuations and the lines they skip removed). */
  logical(start: number, end: number): LogicalText {
    return LogicalText.of(this.text, start, end, this.escape.charCodeAt(0));
  }

  /** The text of a token or node with continuations removed: `FR\`+`OM` → `FROM`. */
  valueOf(el: TextRange): string {
    const raw = this.text.slice(el.start, el.end);
    return raw.includes(this.escape) ? this.logical(el.start, el.end).text : raw;
  }
}

export class Directive {
  constructor(
    readonly node: SyntaxNode,
    readonly file: Dockerfile,
  ) {}
  get nameToken(): SyntaxToken | undefined {
    return this.node.token('DirectiveName');
  }
  get valueToken(): SyntaxToken | undefined {
    return this.node.token('DirectiveValue');
  }
  /** Lower-cased directive name: `syntax`, `escape` or `check`. */
  get name(): string {
    return this.nameToken?.text().toLowerCase() ?? '';
  }
  get value(): string {
    return this.valueToken?.text() ?? '';
  }
  get range(): TextRange {
    return this.node;
  }
}

export class Flag {
  private _word?: string;
  constructor(
    readonly node: SyntaxNode,
    readonly file: Dockerfile,
  ) {}
  get nameToken(): SyntaxToken {
    return this.node.token('FlagName') as SyntaxToken;
  }
  get valueToken(): SyntaxToken | undefined {
    return this.node.token('FlagValue');
  }
  /** The flag as BuildKit records it: `--name=value` with quotes and escapes processed. */
  get word(): string {
    this._word ??= unquoteFlagWord(this.file.valueOf(this.node), this.file.escape.charCodeAt(0));
    return this._word;
  }
  /** The name without the leading `--`. */
  get name(): string {
    const w = this.word.slice(2);
    const eq = w.indexOf('=');
    return eq < 0 ? w : w.slice(0, eq);
  }
  /** The value after `=`, quotes removed; undefined for a bare `--flag`. */
  get value(): string | undefined {
    const w = this.word.slice(2);
    const eq = w.indexOf('=');
    return eq < 0 ? undefined : w.slice(eq + 1);
  }
  get hasEquals(): boolean {
    return this.node.tokens('Equals').length > 0;
  }
  get range(): TextRange {
    return this.node;
  }
  /** The `--name` part. */
  get nameRange(): TextRange {
    return this.nameToken;
  }
  /** The value part, or the empty range after `=`. */
  get valueRange(): TextRange | undefined {
    const v = this.valueToken;
    if (v) return v;
    const eq = this.node.token('Equals');
    return eq ? { start: eq.end, end: eq.end } : undefined;
  }
}

export interface JsonElement {
  token: SyntaxToken;
  /** The decoded string, or undefined for a non-string element (an error). */
  value: string | undefined;
  range: TextRange;
}

export class JsonArray {
  constructor(
    readonly node: SyntaxNode,
    readonly file: Dockerfile,
  ) {}
  get elements(): JsonElement[] {
    const out: JsonElement[] = [];
    for (const t of this.node.children) {
      if (!t.isToken || (t.kind !== 'JsonString' && t.kind !== 'JsonValue')) continue;
      let value: string | undefined;
      if (t.kind === 'JsonString') {
        try {
          value = JSON.parse(this.file.valueOf(t)) as string;
        } catch {
          value = undefined;
        }
      }
      out.push({ token: t, value, range: t });
    }
    return out;
  }
  /** The string values (non-strings left out). */
  get values(): string[] {
    return this.elements.flatMap((e) => (e.value === undefined ? [] : [e.value]));
  }
  get range(): TextRange {
    return this.node;
  }
}

export class Heredoc {
  constructor(
    /** The `<<EOF` word. */
    readonly marker: SyntaxToken,
    /** The Heredoc node (body and terminator), absent when nothing followed the instruction line. */
    readonly node: SyntaxNode | undefined,
    readonly file: Dockerfile,
  ) {}
  private get info() {
    const word = this.file.valueOf(this.marker);
    return findHeredocMarkers(word)[0];
  }
  /** The delimiter, quotes removed. */
  get name(): string {
    return this.info?.name ?? '';
  }
  /** False when the delimiter is quoted: the body is used literally. */
  get expand(): boolean {
    return this.info?.expand ?? true;
  }
  /** `<<-`: leading tabs are stripped from the body and terminator. */
  get chomp(): boolean {
    return this.info?.chomp ?? false;
  }
  get fd(): number {
    return this.info?.fd ?? 0;
  }
  get bodyToken(): SyntaxToken | undefined {
    return this.node?.token('HeredocBody');
  }
  get terminator(): SyntaxToken | undefined {
    return this.node?.token('HeredocEnd');
  }
  get terminated(): boolean {
    return this.terminator !== undefined;
  }
  /** The body exactly as written, line endings included (as BuildKit keeps it). */
  get content(): string {
    return this.bodyToken?.text() ?? '';
  }
  /** From the marker to the terminator. */
  get range(): TextRange {
    return { start: this.marker.start, end: this.node ? this.node.end : this.marker.end };
  }
}

// -------------------------------------------------------------------------------------------------------------

export abstract class Instruction {
  private _rest?: { logical: LogicalText; start: number; end: number };
  private _flags?: Flag[];
  private _memo?: Map<string, unknown>;

  /** Computes a derived value once per view (views are kept on their node, one per node). */
  protected memo<T>(key: string, compute: () => T): T {
    this._memo ??= new Map();
    if (this._memo.has(key)) return this._memo.get(key) as T;
    const v = compute();
    this._memo.set(key, v);
    return v;
  }

  constructor(
    readonly node: SyntaxNode,
    readonly file: Dockerfile,
  ) {}

  get kind(): InstructionKind {
    return this.node.kind as InstructionKind;
  }

  private _keyword?: SyntaxToken;
  private _keywordText?: string;
  private _name?: string;

  get keyword(): SyntaxToken {
    return (this._keyword ??= this.node.token('Keyword') as SyntaxToken);
  }

  /** The keyword as written (continuations removed): `run`, `From`, `RUN`. */
  get keywordText(): string {
    return (this._keywordText ??= this.file.valueOf(this.keyword));
  }

  /** The keyword upper-cased: `RUN`. For an unknown instruction, whatever word stands there. */
  get name(): string {
    return (this._name ??= this.keywordText.toUpperCase());
  }

  get range(): TextRange {
    return this.node;
  }

  /** The ONBUILD this instruction is the trigger of. */
  get onbuild(): OnbuildInstruction | undefined {
    const p = this.node.parent;
    return p && p.kind === 'Onbuild' ? (instructionView(p, this.file) as OnbuildInstruction) : undefined;
  }

  get flags(): Flag[] {
    this._flags ??= this.node.nodes().filter((n) => n.kind === 'Flag').map((n) => new Flag(n, this.file));
    return this._flags;
  }

  flag(name: string): Flag | undefined {
    return this.flags.find((f) => f.name === name);
  }

  /** Text the instruction cannot take (Error nodes). */
  get leftovers(): SyntaxNode[] {
    return this.node.nodes().filter((n) => n.kind === 'Error');
  }

  /** End of the instruction's logical line: before any heredoc body. */
  get lineEnd(): number {
    return lineEndOf(this.node);
  }

  /**
   * The joined text after the keyword and flags, trimmed as BuildKit trims it. `start`/`end` are logical
   * offsets into `logical.text`.
   */
  get rest(): { logical: LogicalText; start: number; end: number } {
    if (!this._rest) {
      let from = this.keyword.end;
      for (const c of this.node.children) {
        if (!c.isToken && c.kind === 'Flag') from = c.end;
        else if (c.isToken && c.kind === 'FlagTerminator') from = c.end;
      }
      const logical = this.file.logical(from, Math.max(from, this.lineEnd));
      const [start, end] = trimSpace(logical.text);
      this._rest = { logical, start, end };
    }
    return this._rest;
  }

  /** The rest as one string (BuildKit's shell form, and the whole argument of USER, WORKDIR, …). */
  get restText(): string {
    const r = this.rest;
    return r.logical.text.slice(r.start, r.end);
  }

  get restRange(): TextRange {
    const r = this.rest;
    return r.logical.toSourceRange(r.start, r.end);
  }

  protected toArgs(pieces: Piece[]): Arg[] {
    const logical = this.rest.logical;
    return pieces.map((p) => ({ value: p.value, range: logical.toSourceRange(p.start, p.end) }));
  }

  /** The arguments as BuildKit's parser splits them (see each instruction). */
  get args(): Arg[] {
    return this.memo('args', () => this.computeArgs());
  }

  protected abstract computeArgs(): Arg[];

  /** Heredocs named on this instruction's line, in order, paired with their bodies. */
  get heredocs(): Heredoc[] {
    return this.memo('heredocs', () => this.computeHeredocs());
  }

  private computeHeredocs(): Heredoc[] {
    const markers: SyntaxToken[] = [];
    const bodies: SyntaxNode[] = [];
    const visit = (n: SyntaxNode): void => {
      for (const c of n.children) {
        if (c.isToken) {
          if (c.kind === 'HeredocMarker') markers.push(c);
        } else if (c.kind === 'Heredoc') bodies.push(c);
        else if (c.kind === 'ShellForm' || c.kind === 'Error') visit(c);
      }
    };
    visit(this.node);
    const out: Heredoc[] = [];
    let b = 0;
    for (const m of markers) {
      const info = findHeredocMarkers(this.file.valueOf(m))[0];
      // A marker BuildKit cannot read names no body.
      out.push(new Heredoc(m, info && !info.error ? bodies[b++] : undefined, this.file));
    }
    return out;
  }
}

/**
 * End of the instruction's first logical line: the end of its last meaningful element before any heredoc body.
 * (Trivia inside the line — continuations, the comment lines they skip — is left to LogicalText.)
 */
function lineEndOf(node: SyntaxNode): number {
  let end = node.start;
  for (const c of node.children) {
    if (!c.isToken && c.kind === 'Heredoc') break;
    if (!c.isToken && c.isInstruction) return lineEndOf(c);
    if (c.isToken && c.isTrivia) continue;
    end = c.end;
  }
  return end;
}

/** RUN, CMD, ENTRYPOINT, SHELL and HEALTHCHECK: exec (JSON) form or shell form. */
export abstract class CommandInstruction extends Instruction {
  /** The JSON array of the exec form. */
  get json(): JsonArray | undefined {
    return this.memo('json', () => {
      const n = this.node.nodes().find((c) => c.kind === 'JsonArray');
      return n ? new JsonArray(n, this.file) : undefined;
    });
  }
  /** `exec` (JSON array), `shell`, or undefined when there is no command. */
  get form(): 'exec' | 'shell' | undefined {
    return this.memo('form', () => {
      if (this.json) return 'exec';
      return this.node.nodes().some((c) => c.kind === 'ShellForm') ? 'shell' : undefined;
    });
  }
  /** The shell-form command as BuildKit passes it to the shell (joined, trimmed), with its range. */
  get shellCommand(): Arg | undefined {
    if (this.form !== 'shell') return undefined;
    return { value: this.restText, range: this.restRange };
  }
  protected computeArgs(): Arg[] {
    const json = this.json;
    if (json) return json.elements.flatMap((e) => (e.value === undefined ? [] : [{ value: e.value, range: e.range }]));
    const r = this.rest;
    if (r.end <= r.start) return [];
    return this.toArgs([{ value: r.logical.text.slice(r.start, r.end), start: r.start, end: r.end }]);
  }
}

export class RunInstruction extends CommandInstruction {}
export class CmdInstruction extends CommandInstruction {}
export class EntrypointInstruction extends CommandInstruction {}
export class ShellInstruction extends CommandInstruction {}

export class HealthcheckInstruction extends CommandInstruction {
  get typeToken(): SyntaxToken | undefined {
    return this.node.token('HealthcheckType');
  }
  /** `CMD`, `NONE` (upper-cased), or whatever stands there. */
  get type(): string | undefined {
    const t = this.typeToken;
    return t ? this.file.valueOf(t).toUpperCase() : undefined;
  }
  /** The command after `CMD` as BuildKit splits it. */
  protected override computeArgs(): Arg[] {
    const t = this.typeToken;
    if (!t) return [];
    const typeArg: Arg = { value: this.file.valueOf(t), range: t };
    const json = this.json;
    if (json) return [typeArg, ...json.elements.flatMap((e) => (e.value === undefined ? [] : [{ value: e.value, range: e.range }]))];
    const logical = this.file.logical(t.end, Math.max(t.end, this.lineEnd));
    const [s, e] = trimSpace(logical.text);
    if (e <= s) return [typeArg];
    return [typeArg, { value: logical.text.slice(s, e), range: logical.toSourceRange(s, e) }];
  }
  override get shellCommand(): Arg | undefined {
    if (this.form !== 'shell') return undefined;
    const cmd = this.args[1];
    return cmd;
  }
}

/** COPY, ADD and VOLUME: a JSON array, or words split on whitespace (quotes are not honoured). */
export abstract class ListInstruction extends Instruction {
  get json(): JsonArray | undefined {
    return this.memo('json', () => {
      const n = this.node.nodes().find((c) => c.kind === 'JsonArray');
      return n ? new JsonArray(n, this.file) : undefined;
    });
  }
  get form(): 'exec' | 'shell' {
    return this.json ? 'exec' : 'shell';
  }
  protected computeArgs(): Arg[] {
    const json = this.json;
    if (json) return json.elements.flatMap((e) => (e.value === undefined ? [] : [{ value: e.value, range: e.range }]));
    const r = this.rest;
    return this.toArgs(splitWhitespace(r.logical.text, r.start, r.end));
  }
}

export class CopyInstruction extends ListInstruction {
  get sources(): Arg[] {
    return this.args.slice(0, -1);
  }
  get destination(): Arg | undefined {
    const a = this.args;
    return a.length >= 2 ? a[a.length - 1] : undefined;
  }
}
export class AddInstruction extends CopyInstruction {}
export class VolumeInstruction extends ListInstruction {}

/** FROM and EXPOSE: words split on whitespace. */
export class WordsInstruction extends Instruction {
  protected computeArgs(): Arg[] {
    const r = this.rest;
    return this.toArgs(splitWhitespace(r.logical.text, r.start, r.end));
  }
}

export class ExposeInstruction extends WordsInstruction {}

export class FromInstruction extends WordsInstruction {
  /** The base image (or earlier stage) as written, before variable expansion: the first word after the flags. */
  get image(): Arg | undefined {
    const t = this.node.token('Word');
    return t ? { value: this.file.valueOf(t), range: t } : undefined;
  }
  get asKeyword(): SyntaxToken | undefined {
    return this.node.token('AsKeyword');
  }
  /** The stage name after AS, as written (BuildKit lower-cases it). */
  get stageName(): Arg | undefined {
    const a = this.args;
    return a.length === 3 && (a[1] as Arg).value.toLowerCase() === 'as' ? a[2] : undefined;
  }
  get platform(): Flag | undefined {
    return this.flag('platform');
  }
}

/** USER, WORKDIR, STOPSIGNAL and MAINTAINER: the whole rest is one argument. */
export class StringInstruction extends Instruction {
  protected computeArgs(): Arg[] {
    const r = this.rest;
    if (r.end <= r.start) return [];
    return this.toArgs([{ value: r.logical.text.slice(r.start, r.end), start: r.start, end: r.end }]);
  }
  get value(): Arg | undefined {
    return this.args[0];
  }
}
export class UserInstruction extends StringInstruction {}
export class WorkdirInstruction extends StringInstruction {}
export class StopSignalInstruction extends StringInstruction {}
export class MaintainerInstruction extends StringInstruction {}

export interface KeyValuePair {
  node: SyntaxNode;
  /** As written, quotes and escapes kept (they are removed by expansion). */
  key: string;
  keyRange: TextRange;
  value: string;
  valueRange: TextRange;
  /** `ENV key value`: the value is the raw rest of the line. */
  legacy: boolean;
}

/** ENV and LABEL. */
export class KeyValueInstruction extends Instruction {
  get legacy(): boolean {
    return this.node.nodes().some((n) => n.kind === 'KeyValue' && n.tokens('Equals').length === 0);
  }
  get pairs(): KeyValuePair[] {
    return this.memo('pairs', () => this.computePairs());
  }

  private computePairs(): KeyValuePair[] {
    const r = this.rest;
    const text = r.logical.text;
    const esc = this.file.escape.charCodeAt(0);
    const words = splitWords(text, r.start, r.end, esc);
    const first = words[0];
    if (!first) return [];
    const kvNodes = this.node.nodes().filter((n) => n.kind === 'KeyValue');
    if (!first.value.includes('=')) {
      // Legacy form: the key is the first whitespace-delimited chunk, the value everything after it.
      const chunks = splitWhitespace(text, r.start, r.end);
      const key = chunks[0] as Piece;
      let vs = key.end;
      while (vs < r.end && ' \t\v\f\r'.includes(text.charAt(vs))) vs++;
      return [
        {
          node: kvNodes[0] as SyntaxNode,
          key: key.value,
          keyRange: r.logical.toSourceRange(key.start, key.end),
          value: text.slice(vs, r.end),
          valueRange: r.logical.toSourceRange(vs, r.end),
          legacy: true,
        },
      ];
    }
    return words.map((w, i) => {
      const eq = w.value.indexOf('=');
      const rawEq = eqInRaw(text, w);
      const keyEnd = rawEq < 0 ? w.end : rawEq;
      return {
        node: kvNodes[i] as SyntaxNode,
        key: eq < 0 ? w.value : w.value.slice(0, eq),
        keyRange: r.logical.toSourceRange(w.start, keyEnd),
        value: eq < 0 ? '' : w.value.slice(eq + 1),
        valueRange: rawEq < 0 ? r.logical.toSourceRange(w.end, w.end) : r.logical.toSourceRange(rawEq + 1, w.end),
        legacy: false,
      };
    });
  }
  /** BuildKit's triples: key, value, separator (`=` or `""` for the legacy form). */
  protected computeArgs(): Arg[] {
    const out: Arg[] = [];
    for (const p of this.pairs) {
      out.push({ value: p.key, range: p.keyRange });
      out.push({ value: p.value, range: p.valueRange });
      out.push({ value: p.legacy ? '' : '=', range: { start: p.keyRange.end, end: p.valueRange.start } });
    }
    return out;
  }
}

/** The offset of the first `=` of a word in the logical text (words keep their raw characters). */
function eqInRaw(text: string, w: Piece): number {
  const i = text.indexOf('=', w.start);
  return i >= 0 && i < w.end ? i : -1;
}

export class EnvInstruction extends KeyValueInstruction {}
export class LabelInstruction extends KeyValueInstruction {}

export interface ArgDeclaration {
  node: SyntaxNode | undefined;
  /** The name as written. */
  name: string;
  nameRange: TextRange;
  /** The default as written (quotes kept), or undefined for `ARG name`. */
  default: string | undefined;
  defaultRange: TextRange | undefined;
}

export class ArgInstruction extends Instruction {
  protected computeArgs(): Arg[] {
    const r = this.rest;
    return this.toArgs(splitWords(r.logical.text, r.start, r.end, this.file.escape.charCodeAt(0)));
  }
  get declarations(): ArgDeclaration[] {
    return this.memo('declarations', () => this.computeDeclarations());
  }

  private computeDeclarations(): ArgDeclaration[] {
    const r = this.rest;
    const text = r.logical.text;
    const kvNodes = this.node.nodes().filter((n) => n.kind === 'KeyValue');
    return splitWords(text, r.start, r.end, this.file.escape.charCodeAt(0)).map((w, i) => {
      const eq = w.value.indexOf('=');
      const rawEq = eqInRaw(text, w);
      return {
        node: kvNodes[i],
        name: eq < 0 ? w.value : w.value.slice(0, eq),
        nameRange: r.logical.toSourceRange(w.start, rawEq < 0 ? w.end : rawEq),
        default: eq < 0 ? undefined : w.value.slice(eq + 1),
        defaultRange: rawEq < 0 ? undefined : r.logical.toSourceRange(rawEq + 1, w.end),
      };
    });
  }
}

export class OnbuildInstruction extends Instruction {
  /** The instruction ONBUILD registers for downstream builds. */
  get trigger(): Instruction | undefined {
    const n = this.node.nodes().find((c) => c.isInstruction);
    return n ? instructionView(n, this.file) : undefined;
  }
  protected computeArgs(): Arg[] {
    return [];
  }
  override get heredocs(): Heredoc[] {
    return this.trigger?.heredocs ?? [];
  }
}

export class UnknownInstruction extends Instruction {
  /** BuildKit ignores the arguments of an unknown instruction (it fails later). */
  protected computeArgs(): Arg[] {
    return [];
  }
}

const VIEWS: Record<InstructionKind, new (node: SyntaxNode, file: Dockerfile) => Instruction> = {
  From: FromInstruction,
  Run: RunInstruction,
  Cmd: CmdInstruction,
  Entrypoint: EntrypointInstruction,
  Shell: ShellInstruction,
  Copy: CopyInstruction,
  Add: AddInstruction,
  Volume: VolumeInstruction,
  Expose: ExposeInstruction,
  User: UserInstruction,
  Workdir: WorkdirInstruction,
  StopSignal: StopSignalInstruction,
  Maintainer: MaintainerInstruction,
  Env: EnvInstruction,
  Label: LabelInstruction,
  Arg: ArgInstruction,
  Healthcheck: HealthcheckInstruction,
  Onbuild: OnbuildInstruction,
  UnknownInstruction: UnknownInstruction,
};

/** The typed view of an instruction node (one per node, kept on the node). */
export function instructionView(node: SyntaxNode, file: Dockerfile): Instruction {
  let v = node.view as Instruction | undefined;
  if (!v) {
    const View = VIEWS[node.kind as InstructionKind];
    v = new View(node, file);
    node.view = v;
  }
  return v;
}

export type { SyntaxElement };
