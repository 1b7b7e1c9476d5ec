/**
 * The semantic model of a Dockerfile, following BuildKit's dispatcher:
 * - stages: one per FROM, with its name, its base (an earlier stage by name, `scratch`, or an image reference
 *   split into registry/repository/tag/digest) and its platform;
 * - links: `COPY --from` and `RUN --mount from=` resolved to a stage (by name or index) or an external image;
 * - declarations: ARG and ENV, in their scopes (global ARGs before the first FROM are visible only to FROM lines
 *   and to an `ARG name` that re-imports them inside a stage; a stage inherits ARG/ENV from its parent stage);
 * - references: every `$name` / `${name…}` with its range and what it resolves to at that point.
 */
import type { ParseResult } from '../parse.js';
import {
  ArgInstruction,
  CopyInstruction,
  FromInstruction,
  KeyValueInstruction,
  OnbuildInstruction,
  RunInstruction,
  type Dockerfile,
  type Instruction,
} from '../syntax/ast.js';
import { expansionSites, type ExpansionSite } from '../syntax/expansion.js';
import { ExpansionBudget, expandWord, flattenRefs, scanShellVariables, type EnvLookup, type ExpansionError, type ExpansionResult } from '../syntax/variables.js';
import { PersistentMap } from './persistent-map.js';
import type { TextRange } from '../text/range.js';
import { parseImageRef, type ImageRef } from './image-ref.js';

export interface Stage {
  index: number;
  from: FromInstruction;
  /** The name after AS, lower-cased as BuildKit registers it. */
  name?: string;
  nameRange?: TextRange;
  /** From the FROM keyword to the end of the stage's last instruction. */
  range: TextRange;
  /** The stage's instructions after FROM, in order. */
  instructions: Instruction[];
  base: StageBase;
  platform?: { raw: string; value: string | undefined; range: TextRange };
}

export interface StageBase {
  /** As written. */
  raw: string;
  range: TextRange;
  /** After substituting global ARGs; undefined when it depends on an unknown value. */
  value: string | undefined;
  /** `FROM <earlier stage>`. */
  stage?: Stage;
  /** An external image. */
  image?: ImageRef;
  scratch: boolean;
}

export interface StageLink {
  kind: 'copy' | 'mount';
  instruction: Instruction;
  /** The stage the instruction is in. */
  stage: Stage | undefined;
  value: string;
  range: TextRange;
  byIndex: boolean;
  /** The stage it names, if any (BuildKit also accepts a stage defined later in the file). */
  target?: Stage;
  /** The target stage comes after the instruction's stage. */
  forward: boolean;
  /** Otherwise the external image it names. */
  image?: ImageRef;
  /** Why BuildKit would reject it. */
  error?: string;
}

export type DeclarationKind = 'ARG' | 'ENV';

export interface Declaration {
  kind: DeclarationKind;
  name: string;
  nameRange: TextRange;
  instruction: Instruction;
  /** Undefined for a global ARG (before the first FROM). */
  stage: Stage | undefined;
  /** ARG with `=default` or ENV value, as written. */
  raw: string | undefined;
  valueRange: TextRange | undefined;
  /**
   * The value at this point of the build without `--build-arg`: the default or ENV value expanded, the global
   * value an `ARG name` re-imports; undefined when berth cannot know it.
   */
  value: string | undefined;
}

export type BindingSource = 'declaration' | 'builtin' | 'proxy';

export interface Binding {
  name: string;
  source: BindingSource;
  declaration?: Declaration;
  value: string | undefined;
}

export interface VariableReference {
  name: string;
  /** The whole reference: `$x`, `${x:-y}`. */
  range: TextRange;
  nameRange: TextRange;
  instruction: Instruction;
  stage: Stage | undefined;
  /** `builder`: substituted by BuildKit; `shell`: by the shell at run time. */
  by: 'builder' | 'shell';
  role: string;
  /** What it resolves to here; undefined when nothing visible declares it. */
  binding?: Binding;
  /** Not declared in the file, but the base image may define it (for example PATH). */
  maybeFromBaseImage: boolean;
  special: boolean;
}

export interface SemanticError extends TextRange {
  /**
   * `invalid-variable-expansion`: the builder rejects the text; `expansion-limit`: berth stopped following the
   * value (one of its limits, see `EXPANSION_LIMITS`) and treats it as unknown from there.
   */
  code: 'invalid-variable-expansion' | 'expansion-limit';
  message: string;
}

/** Predefined by BuildKit for FROM (and re-importable with `ARG name` in a stage). */
export const BUILTIN_ARGS = [
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDOSVERSION',
  'BUILDARCH',
  'BUILDVARIANT',
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETOSVERSION',
  'TARGETARCH',
  'TARGETVARIANT',
  'TARGETSTAGE',
] as const;

/** Passed to RUN without declaration. */
export const PROXY_ARGS = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'] as const;

/**
 * The variables visible at a point. Each instruction that declares something gets its own Env, made from the one
 * before it plus its declarations; the maps are persistent, so a new Env shares everything it does not change and
 * a lookup costs the same however many declarations came before.
 */
class Env {
  private map: PersistentMap<{ binding: Binding; order: number }>;
  constructor(
    parent: Env | undefined,
    /** Numbers names in the order they were first declared (shared by the Envs of one model). */
    private readonly counter: { next: number },
  ) {
    this.map = parent ? parent.map : PersistentMap.empty();
  }
  get(name: string): Binding | undefined {
    return this.map.get(name)?.binding;
  }
  get size(): number {
    return this.map.size;
  }
  set(name: string, binding: Binding): void {
    const had = this.map.get(name);
    this.map = this.map.set(name, { binding, order: had ? had.order : this.counter.next++ });
  }
  /** Everything visible, the nearest declaration of each name winning, names in the order first declared. */
  toMap(): Map<string, Binding> {
    const entries: Array<[string, { binding: Binding; order: number }]> = [];
    this.map.forEach((k, v) => entries.push([k, v]));
    entries.sort((a, b) => a[1].order - b[1].order);
    return new Map(entries.map(([k, v]) => [k, v.binding]));
  }
}

export class SemanticModel {
  readonly stages: Stage[] = [];
  readonly globalArgs: Declaration[] = [];
  readonly declarations: Declaration[] = [];
  private readonly refs: VariableReference[] = [];
  private shellDone = false;
  readonly links: StageLink[] = [];
  private readonly errorList: SemanticError[] = [];
  private stageErrorsDone = false;
  private errorsSorted = false;
  private readonly limitsNoted = new Set<string>();
  private builderRefsDone = false;
  private builderRefs: VariableReference[] | undefined;
  /** The environment each instruction sees (before it runs). */
  private readonly envBefore = new Map<Instruction, Env>();
  private readonly order = { next: 0 };
  private readonly globalEnv: Env = new Env(undefined, this.order);
  private readonly stageEnd = new Map<Stage, Env>();
  /** The first stage of each name. */
  private readonly byName = new Map<string, Stage>();
  private readonly onImage = new Map<Stage, boolean>();
  private refsByDeclaration: Map<Declaration, VariableReference[]> | undefined;
  /**
   * What expanding variables may still cost in this file (the values the model computes, and the rules' through
   * `expansionBudget`): a multiple of the file's length, so no file makes the work grow faster than the file.
   */
  readonly expansionBudget: ExpansionBudget;

  constructor(readonly file: Dockerfile) {
    this.expansionBudget = ExpansionBudget.forText(file.text.length);
    this.build();
  }

  /** The stage containing `offset`; between stages, the one before. Undefined before the first FROM. */
  stageAt(offset: number): Stage | undefined {
    const stages = this.stages;
    let lo = 0;
    let hi = stages.length - 1;
    let found: Stage | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = stages[mid] as Stage;
      if (s.range.start <= offset) {
        found = s;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** The stage with this name (case-insensitive), defined before `offset` when given. */
  stageNamed(name: string, before?: number): Stage | undefined {
    const lower = name.toLowerCase();
    // As BuildKit registers names: a later stage of the same name takes it over, so a reference resolved after
    // every stage (COPY --from, a mount) finds the last one in the file, and `before` finds the last one above.
    if (before === undefined) return this.byName.get(lower);
    for (let k = this.stages.length - 1; k >= 0; k--) {
      const s = this.stages[k] as Stage;
      if (s.name === lower && s.range.start < before) return s;
    }
    return undefined;
  }

  /** Variables visible at `offset`, by name. FROM lines see the global ARGs and the built-in ones. */
  visibleAt(offset: number): ReadonlyMap<string, Binding> {
    return this.envAt(offset).toMap();
  }

  /** How many variables are visible at `offset` (without listing them). */
  visibleCount(offset: number): number {
    return this.envAt(offset).size;
  }

  resolve(name: string, offset: number): Binding | undefined {
    return this.envAt(offset).get(name);
  }

  private envAt(offset: number): Env {
    const instr = this.instructionAt(offset);
    if (!instr || instr instanceof FromInstruction) return this.globalEnv;
    return this.envBefore.get(instr) ?? this.globalEnv;
  }

  /**
   * Every variable reference, in source order. References in shell text (RUN, CMD…) are found on first use:
   * linting needs only what the builder expands.
   */
  get references(): VariableReference[] {
    if (!this.shellDone) {
      this.shellDone = true;
      this.collectBuilderReferences();
      for (const s of this.stages) {
        for (const instr of s.instructions) {
          if (instr instanceof OnbuildInstruction) continue;
          const env = this.envBefore.get(instr) ?? this.globalEnv;
          for (const site of expansionSites(instr, 'shell')) this.addRefs(site, scanShellVariables(site.text, 0, site.text.length), s, env, s);
        }
      }
      this.refs.sort((a, b) => a.range.start - b.range.start);
    }
    return this.refs;
  }

  /**
   * What the builder would reject when expanding variables (`${name:=x}`, an unclosed quote). Found on first use,
   * and only in instructions that hold `${` or a quote — nothing else can fail.
   */
  get errors(): SemanticError[] {
    if (!this.stageErrorsDone) {
      this.stageErrorsDone = true;
      const esc = this.file.escape.charCodeAt(0);
      for (const s of this.stages) {
        for (const instr of s.instructions) {
          if (instr instanceof OnbuildInstruction || !mayFail(this.file.text, instr.range.start, instr.range.end, esc)) continue;
          for (const site of expansionSites(instr, 'builder')) {
            this.addErrors(site, expandWord(site.text, 0, site.text.length, { escape: esc, skipQuotes: site.skipQuotes, env: () => undefined }).errors);
          }
        }
      }
    }
    if (!this.errorsSorted) {
      this.errorsSorted = true;
      this.errorList.sort((a, b) => a.start - b.start);
    }
    return this.errorList;
  }

  /**
   * The references the builder expands (FROM, ARG, ENV, COPY…, not the text a shell runs), in source order. What
   * BuildKit's checks look at; cheaper than `references`, which also scans every RUN, CMD and ENTRYPOINT.
   */
  get builderReferences(): readonly VariableReference[] {
    if (!this.builderRefs) {
      this.collectBuilderReferences();
      this.builderRefs = this.refs.filter((r) => r.by === 'builder').sort((a, b) => a.range.start - b.range.start);
    }
    return this.builderRefs;
  }

  /** References in what the builder expands, in every stage instruction (found on first use). */
  private collectBuilderReferences(): void {
    if (this.builderRefsDone) return;
    this.builderRefsDone = true;
    for (const s of this.stages) {
      for (const instr of s.instructions) this.collectReferences(instr, s, this.envBefore.get(instr) ?? this.globalEnv);
    }
  }

  referencesTo(decl: Declaration): VariableReference[] {
    if (!this.refsByDeclaration) {
      const index = new Map<Declaration, VariableReference[]>();
      for (const r of this.references) {
        const d = r.binding?.declaration;
        if (!d) continue;
        const list = index.get(d);
        if (list) list.push(r);
        else index.set(d, [r]);
      }
      this.refsByDeclaration = index;
    }
    return [...(this.refsByDeclaration.get(decl) ?? [])];
  }

  /**
   * Says where berth stopped expanding because of one of its limits (`EXPANSION_LIMITS`, the budget), for
   * expansions made outside the model (rules). Said once per place and message.
   */
  noteExpansionLimit(range: TextRange, message: string): void {
    const key = `${range.start}:${message}`;
    if (this.limitsNoted.has(key)) return;
    this.limitsNoted.add(key);
    // Written as a sentence already (it starts with berth, which is written in lower case).
    this.errorList.push({ code: 'expansion-limit', start: range.start, end: Math.max(range.end, range.start + 1), message: /[.!?]$/.test(message) ? message : `${message}.` });
    this.errorsSorted = false;
  }

  /** The top-level instruction whose range holds `offset` (the first of two that touch there). */
  private instructionAt(offset: number): Instruction | undefined {
    const list = this.file.instructions;
    let lo = 0;
    let hi = list.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as Instruction).range.start <= offset) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (at < 0) return undefined;
    const prev = list[at - 1];
    if (prev && prev.range.end >= offset) return prev;
    const i = list[at] as Instruction;
    return offset <= i.range.end ? i : undefined;
  }

  // --- building --------------------------------------------------------------------------------------------

  private build(): void {
    for (const name of BUILTIN_ARGS) this.globalEnv.set(name, { name, source: 'builtin', value: undefined });
    let stage: Stage | undefined;
    let env: Env = this.globalEnv;
    for (const instr of this.file.instructions) {
      if (instr instanceof FromInstruction) {
        if (stage) this.stageEnd.set(stage, env);
        stage = this.beginStage(instr);
        env = this.initialEnv(stage);
        this.envBefore.set(instr, this.globalEnv);
        continue;
      }
      if (!stage) {
        // Before the first FROM only ARG means something: global build arguments.
        this.envBefore.set(instr, this.globalEnv);
        if (instr instanceof ArgInstruction) this.declareArgs(instr, undefined, this.globalEnv, this.globalEnv);
        continue;
      }
      stage.instructions.push(instr);
      (stage.range as { end: number }).end = instr.range.end;
      this.envBefore.set(instr, env);
      this.collectLinks(instr, stage);
      if (instr instanceof ArgInstruction || instr instanceof KeyValueInstruction) {
        if (instr.kind !== 'Label') {
          const next = new Env(env, this.order);
          if (instr instanceof ArgInstruction) this.declareArgs(instr, stage, env, next);
          else this.declareEnv(instr, stage, env, next);
          env = next;
        }
      }
    }
    if (stage) this.stageEnd.set(stage, env);
    // Links are resolved once every stage is known: BuildKit resolves names and indexes over the whole file.
    for (const link of this.links) this.resolveLink(link);
  }

  private lookupIn(env: Env, stage: Stage | undefined): EnvLookup {
    const fromImage = stage ? this.baseIsImage(stage) : false;
    return (name) => {
      const b = env.get(name);
      if (b) return b.value;
      if (stage && (PROXY_ARGS as readonly string[]).includes(name)) return undefined;
      return fromImage ? undefined : null;
    };
  }

  /** True when the stage's chain of parents ends in an external image (whose ENV berth cannot see). */
  private baseIsImage(stage: Stage): boolean {
    let known = this.onImage.get(stage);
    if (known === undefined) {
      // A parent is always an earlier stage, so its answer is already known.
      const parent = stage.base.stage;
      known = parent ? (this.onImage.get(parent) ?? this.baseIsImage(parent)) : !stage.base.scratch;
      this.onImage.set(stage, known);
    }
    return known;
  }

  private beginStage(from: FromInstruction): Stage {
    const file = this.file;
    const index = this.stages.length;
    const image = from.image;
    const baseRange = image?.range ?? from.keyword;
    const raw = image?.value ?? '';
    const stage: Stage = {
      index,
      from,
      range: { start: from.range.start, end: from.range.end },
      instructions: [],
      base: { raw, range: baseRange, value: undefined, scratch: false },
    };
    const nameArg = from.stageName;
    if (nameArg) {
      stage.name = nameArg.value.toLowerCase();
      stage.nameRange = nameArg.range;
    }
    const env = this.lookupIn(this.globalEnv, undefined);
    const esc = file.escape.charCodeAt(0);
    for (const site of expansionSites(from)) {
      const r = expandWord(site.text, 0, site.text.length, { escape: esc, env, budget: this.expansionBudget });
      this.addRefs(site, r.refs, undefined, this.globalEnv, stage);
      this.addErrors(site, r.errors);
      if (site.role === 'image') stage.base.value = r.errors.length > 0 ? undefined : r.value;
      if (site.role === '--platform') {
        const flag = from.platform;
        if (flag) stage.platform = { raw: flag.value ?? '', value: r.value, range: flag.valueRange ?? flag.range };
      }
    }
    const value = stage.base.value;
    if (value !== undefined) {
      const parent = this.byName.get(value);
      if (parent) stage.base.stage = parent;
      else if (value.toLowerCase() === 'scratch') stage.base.scratch = true;
      else if (value !== '') lazyImage(stage.base, value);
    }
    this.stages.push(stage);
    // BuildKit's statesByName: the stage registered last under a name is the one a later FROM or reference finds.
    if (stage.name !== undefined) this.byName.set(stage.name, stage);
    this.baseIsImage(stage);
    return stage;
  }

  private initialEnv(stage: Stage): Env {
    const parent = stage.base.stage;
    return new Env(parent ? this.stageEnd.get(parent) : undefined, this.order);
  }

  private declareArgs(instr: ArgInstruction, stage: Stage | undefined, before: Env, into: Env): void {
    const esc = this.file.escape.charCodeAt(0);
    const lookup = this.lookupIn(before, stage);
    /** Before the first FROM: the expanded defaults, in order (the declarations' values). */
    const defaults: ExpansionResult[] = [];
    if (!stage) {
      // Global ARG defaults are expanded with the globals before them.
      for (const site of expansionSites(instr)) {
        const r = expandWord(site.text, 0, site.text.length, { escape: esc, env: lookup, budget: this.expansionBudget });
        this.addRefs(site, r.refs, undefined, before, undefined);
        this.addErrors(site, r.errors);
        if (site.role === 'default') defaults.push(r);
      }
    }
    let nextDefault = 0;
    for (const d of instr.declarations) {
      let value: string | undefined;
      if (d.default !== undefined && d.defaultRange) {
        if (!stage && d.defaultRange.end > d.defaultRange.start) {
          value = defaults[nextDefault++]?.value;
        } else {
          const logical = this.file.logical(d.defaultRange.start, d.defaultRange.end);
          const r = expandWord(logical.text, 0, logical.text.length, { escape: esc, env: lookup, budget: this.expansionBudget });
          value = r.value;
          this.addLimits(r.errors, (a, b) => logical.toSourceRange(a, b));
        }
      } else if (stage) {
        // `ARG name` in a stage re-imports the global value (or a built-in such as TARGETARCH).
        value = this.globalEnv.get(d.name)?.value;
      }
      const decl: Declaration = {
        kind: 'ARG',
        name: d.name,
        nameRange: d.nameRange,
        instruction: instr,
        stage,
        raw: d.default,
        valueRange: d.defaultRange,
        value,
      };
      this.declarations.push(decl);
      if (!stage) this.globalArgs.push(decl);
      // An ENV of the same name keeps precedence over a later ARG.
      const existing = into.get(d.name);
      if (existing?.declaration?.kind === 'ENV' && existing.declaration.stage === stage) continue;
      into.set(d.name, { name: d.name, source: 'declaration', declaration: decl, value });
    }
  }

  private declareEnv(instr: KeyValueInstruction, stage: Stage, before: Env, into: Env): void {
    const esc = this.file.escape.charCodeAt(0);
    const lookup = this.lookupIn(before, stage);
    for (const p of instr.pairs) {
      const k = expandWord(p.key, 0, p.key.length, { escape: esc, env: lookup, budget: this.expansionBudget });
      const v = expandWord(p.value, 0, p.value.length, { escape: esc, env: lookup, budget: this.expansionBudget });
      this.addLimits(k.errors, this.mapper(p.key, p.keyRange));
      this.addLimits(v.errors, this.mapper(p.value, p.valueRange));
      const name = k.value ?? p.key;
      const value = v.value;
      const decl: Declaration = { kind: 'ENV', name, nameRange: p.keyRange, instruction: instr, stage, raw: p.value, valueRange: p.valueRange, value };
      this.declarations.push(decl);
      into.set(name, { name, source: 'declaration', declaration: decl, value });
    }
  }

  private collectReferences(instr: Instruction, stage: Stage, env: Env): void {
    if (instr instanceof OnbuildInstruction) return; // triggers expand in a downstream build
    // Without `$` or a quote there is nothing to expand and nothing to reject: skip building the sites.
    if (!mayExpand(this.file.text, instr.range.start, instr.range.end)) return;
    const esc = this.file.escape.charCodeAt(0);
    // Only the references are wanted here, not the values: nothing is looked up.
    for (const site of expansionSites(instr, 'builder')) {
      const r = expandWord(site.text, 0, site.text.length, { escape: esc, skipQuotes: site.skipQuotes, env: () => undefined });
      this.addRefs(site, r.refs, stage, env, stage);
    }
  }

  private addRefs(site: ExpansionSite, refs: ReturnType<typeof scanShellVariables>, stage: Stage | undefined, env: Env, ownerStage: Stage | undefined): void {
    const fromImage = stage ? this.baseIsImage(stage) : false;
    for (const ref of flattenRefs(refs)) {
      let binding = env.get(ref.name);
      if (!binding && stage && site.by === 'shell' && (PROXY_ARGS as readonly string[]).includes(ref.name)) {
        binding = { name: ref.name, source: 'proxy', value: undefined };
      }
      const out: VariableReference = {
        name: ref.name,
        range: site.toSource(ref.start, ref.end),
        nameRange: site.toSource(ref.nameStart, ref.nameEnd),
        instruction: site.instruction,
        stage: ownerStage,
        by: site.by,
        role: site.role,
        maybeFromBaseImage: !binding && fromImage,
        special: ref.special,
      };
      if (binding) out.binding = binding;
      this.refs.push(out);
    }
  }

  private addErrors(site: ExpansionSite, errors: readonly ExpansionError[]): void {
    for (const e of errors) {
      const r = site.toSource(e.start, Math.max(e.end, e.start + 1));
      if (e.limit) {
        this.noteExpansionLimit(r, e.message);
        continue;
      }
      const m = e.message.charAt(0).toUpperCase() + e.message.slice(1);
      this.errorList.push({ code: 'invalid-variable-expansion', start: r.start, end: r.end, message: /[.!?]$/.test(m) ? m : `${m}.` });
    }
  }

  /** The limits among expansion errors of a word whose offsets `toSource` maps (other errors are found lazily). */
  private addLimits(errors: readonly ExpansionError[], toSource: (start: number, end: number) => TextRange): void {
    for (const e of errors) if (e.limit) this.noteExpansionLimit(toSource(e.start, Math.max(e.end, e.start + 1)), e.message);
  }

  /** Maps offsets of `text`, the logical text of `range`, to the source; the whole range if it is not. */
  private mapper(text: string, range: TextRange): (start: number, end: number) => TextRange {
    return (a, b) => {
      const logical = this.file.logical(range.start, range.end);
      return logical.text === text ? logical.toSourceRange(a, b) : range;
    };
  }

  private collectLinks(instr: Instruction, stage: Stage): void {
    if (instr instanceof CopyInstruction) {
      for (const f of instr.flags) {
        if (f.name !== 'from' || f.value === undefined) continue;
        this.links.push(this.link('copy', instr, stage, f.value, f.valueRange ?? f.range));
      }
    }
    if (instr instanceof RunInstruction) {
      for (const f of instr.flags) {
        if (f.name !== 'mount' || !f.valueToken) continue;
        const logical = this.file.logical(f.valueToken.start, f.valueToken.end);
        for (const field of csvFields(logical.text)) {
          const eq = field.text.indexOf('=');
          if (eq < 0 || field.text.slice(0, eq).trim().toLowerCase() !== 'from') continue;
          const vs = field.start + eq + 1;
          let value = field.text.slice(eq + 1);
          if (value.length >= 2 && value[0] === '"' && value[value.length - 1] === '"') value = value.slice(1, -1);
          this.links.push(this.link('mount', instr, stage, value, logical.toSourceRange(vs, field.end)));
        }
      }
    }
  }

  private link(kind: 'copy' | 'mount', instr: Instruction, stage: Stage, value: string, range: TextRange): StageLink {
    return { kind, instruction: instr, stage, value, range, byIndex: false, forward: false };
  }

  private resolveLink(link: StageLink): void {
    const { kind, value } = link;
    const stage = link.stage as Stage;
    if (/\$/.test(value)) {
      link.error =
        kind === 'copy'
          ? 'variables are not expanded in `--from`: Docker uses the text as written. Name a stage with `FROM ${IMAGE} AS base` and copy `--from=base` instead.'
          : 'variables are not expanded in `from=` of a mount. Name a stage with `FROM ${IMAGE} AS base` and mount `from=base` instead.';
      return;
    }
    let target: Stage | undefined;
    // BuildKit reads `--from` as a number when Go's Atoi does (`+1`, `007`, `-1`; not past 64 bits) and looks the
    // number up among all stages, later ones included. A mount's `from=` is only ever a stage name or an image.
    const index = stageNumber(value);
    if (kind === 'mount' && !Number.isNaN(index)) {
      link.error = `a mount's \`from=\` takes a stage name, not a number: BuildKit looks for an image called \`${value}\``;
      return;
    }
    if (!Number.isNaN(index)) {
      link.byIndex = true;
      target = this.stages[index];
      if (!target) {
        link.error = `there is no stage ${value}: this file has ${this.stages.length} stage${this.stages.length === 1 ? '' : 's'}, numbered from 0 in FROM order`;
        return;
      }
    } else {
      target = this.stageNamed(value);
    }
    if (!target) {
      lazyImage(link, value);
      return;
    }
    link.target = target;
    link.forward = target.index > stage.index;
    if (target === stage) link.error = `a stage cannot ${kind === 'copy' ? 'copy' : 'mount'} from itself: the build would depend on its own result`;
  }
}

/**
 * The stage number BuildKit reads in `--from=<text>`: what Go's `strconv.Atoi` makes of it (an optional sign, decimal
 * digits, within 64 bits); NaN when it is no number, and so a name.
 */
export function stageNumber(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) return Number.NaN;
  const n = BigInt(text);
  return n >= -(2n ** 63n) && n < 2n ** 63n ? Number(n) : Number.NaN;
}

/** Sets `image` as a property parsed on first read (most consumers never look at it). */
function lazyImage(target: { image?: ImageRef }, text: string): void {
  let parsed: ImageRef | undefined;
  Object.defineProperty(target, 'image', {
    get: () => (parsed ??= parseImageRef(text)),
    enumerable: true,
    configurable: true,
  });
}

/**
 * Variable expansion can only reject `${…}` forms and unclosed quotes: true when the range has a `${`, or an odd
 * number of (unescaped) double or single quotes.
 */
function mayFail(text: string, start: number, end: number, escape: number): boolean {
  let dq = 0;
  let sq = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x24 && text.charCodeAt(i + 1) === 0x7b) return true;
    if (c === escape) i++;
    else if (c === 0x22) dq++;
    else if (c === 0x27) sq++;
  }
  return dq % 2 === 1 || sq % 2 === 1;
}

function mayExpand(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x24 || c === 0x22 || c === 0x27) return true;
  }
  return false;
}

/** Comma-separated fields with double-quote support (the `--mount` value syntax). */
function csvFields(text: string): Array<{ text: string; start: number; end: number }> {
  const out: Array<{ text: string; start: number; end: number }> = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i <= text.length; i++) {
    const c = text.charAt(i);
    if (c === '"') quoted = !quoted;
    if (i === text.length || (c === ',' && !quoted)) {
      out.push({ text: text.slice(start, i), start, end: i });
      start = i + 1;
    }
  }
  return out;
}

const MODEL = Symbol('berth.semanticModel');

/**
 * The semantic model of a parse result, computed once and kept on the result (not in a WeakMap: weak tables
 * make every garbage collection slower, and linting creates a result per file).
 */
export function analyze(result: ParseResult): SemanticModel {
  const holder = result as ParseResult & { [MODEL]?: SemanticModel };
  let m = holder[MODEL];
  if (!m) {
    m = new SemanticModel(result.dockerfile);
    Object.defineProperty(holder, MODEL, { value: m, enumerable: false });
  }
  return m;
}
