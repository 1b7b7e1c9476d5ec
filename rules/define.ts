/**
 * The shape of a rule: declared metadata, docs written for learners, and `create(ctx)` returning visitors.
 * Pure: no I/O, no LSP, no terminal. See ../shared/STYLE.md ("Shape of one rule module").
 */
import type {
  AddInstruction,
  ArgInstruction,
  CmdInstruction,
  CopyInstruction,
  Dockerfile,
  EntrypointInstruction,
  EnvInstruction,
  ExposeInstruction,
  FromInstruction,
  HealthcheckInstruction,
  Instruction,
  LabelInstruction,
  MaintainerInstruction,
  OnbuildInstruction,
  ParseResult,
  RunInstruction,
  SemanticModel,
  ShellInstruction,
  Stage,
  StopSignalInstruction,
  TextRange,
  UnknownInstruction,
  UserInstruction,
  VolumeInstruction,
  WorkdirInstruction,
  RunScript,
  ShellSetting,
} from '../grammar/index.js';

/** Severities, most severe first. `style` is a hint (LSP Hint). */
export type Severity = 'error' | 'warning' | 'info' | 'style';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'style'];

/**
 * The one principle behind every rule's default severity (docs/rules/README.md shows it; test/rules/meta.test.ts
 * holds the rules to the parts a test can check: only correctness rules are errors, style rules are style…).
 */
export const SEVERITY_MEANING: Readonly<Record<Severity, string>> = {
  error:
    'Docker refuses to build the file, or the result is certainly broken: the step fails, the container cannot ' +
    'start, files are silently lost.',
  warning:
    'It builds, but probably not into what you meant, or not for long: an instruction without effect, a likely ' +
    'bug, a security risk, an image that changes from one build to the next, a form Docker has deprecated; a step ' +
    'that fails unless something outside the file (the base image\'s settings) lets it pass; a cost so large it ' +
    'can break the build (gigabytes of log files).',
  info: 'It works as written, but costs image size, build time or clarity, and a better way exists.',
  style: 'Only how the file reads (case, spelling, redundant text): Docker builds both forms the same.',
};

export type Category =
  | 'correctness'
  | 'security'
  | 'reproducibility'
  | 'image-size'
  | 'build-speed'
  | 'maintainability'
  | 'style';

/** Whether a rule's findings can carry a fix: declared statically, checked by the meta test. */
export type Fixability = 'never' | 'sometimes' | 'always';

/** `safe`: same build result, nothing the user wrote is lost. `unsafe`: applied only on request. */
export type Applicability = 'safe' | 'unsafe';

export interface Edit {
  start: number;
  end: number;
  text: string;
  /**
   * The part of `text` (offsets into it) that is a name berth made up and the user may want to retype at once. An
   * editor that can offers it as a snippet placeholder; the placeholders of one fix are one name, typed once.
   */
  placeholder?: { start: number; end: number };
}

export interface Fix {
  title: string;
  applicability: Applicability;
  edits: Edit[];
}

export interface RuleExample {
  /** A Dockerfile that raises exactly one finding of this rule. */
  code: string;
  /** The text after applying every fix (safe and unsafe) of this rule, when the rule can fix it. */
  fixed?: string;
  /** What the example shows, when it is not obvious. */
  note?: string;
}

export interface RuleDocs {
  /** One line: what is flagged. */
  summary: string;
  /** Two to five sentences in our words: what happens at build or run time and what it costs. */
  why: string;
  bad: RuleExample[];
  /** Dockerfiles that raise no finding of this rule. */
  good: string[];
  fixSafety?: string;
  whenNotToUse?: string;
  /** Where berth deliberately differs from hadolint or BuildKit, and why (docs/compatibility.md lists each). */
  differences?: RuleDifferences;
  /** Settings every example of this rule is linted with (a trusted-registry list, a label schema). */
  exampleSettings?: Partial<RuleSettings>;
  references: string[];
}

/**
 * How a rule (or a check of the parser) compares with the tools it replaces. `hadolint` and `buildkit` say only where
 * berth deliberately reports something else than that tool does for the same code or check — a different finding,
 * place, count or scope — and why; docs/compatibility.md gathers them into one section per tool. `notes` holds the
 * rest worth knowing: where berth follows a tool on purpose, or how it compares with another one.
 */
export interface RuleDifferences {
  hadolint?: string;
  buildkit?: string;
  notes?: string;
}

export type OptionType = 'boolean' | 'string' | 'number' | 'string[]';

export interface RuleOption {
  type: OptionType;
  default: unknown;
  description: string;
}

export interface RuleMeta {
  /** kebab-case name of the flagged pattern; equals the file name. */
  id: string;
  /** hadolint codes (DL3008) and BuildKit check names (StageNameCasing) that name this rule too. */
  aliases: string[];
  category: Category;
  severity: Severity;
  /** New rules start as preview (off unless opted in). */
  status: 'stable' | 'preview';
  since: string;
  fixable: Fixability;
  /** Message templates by id; `{name}` placeholders are filled from `data`. */
  messages: Record<string, string>;
  docs: RuleDocs;
  options?: Record<string, RuleOption>;
  /** Also run on the instruction an ONBUILD registers (with no stage context). */
  onbuild?: boolean;
  /**
   * Also sees the instructions other than ARG that stand before the first FROM. Docker stops the build at the first
   * of them ("no build stage in current context"), so the engine keeps them from every other rule: they get one
   * finding (instruction-before-from), and the rest once they are moved into a stage.
   */
  preamble?: boolean;
  /** `false`: off unless configured (hadolint's default severity `ignore`). Default true. */
  enabled?: boolean;
}

export interface VisitInfo {
  /** The stage the instruction is in; undefined before the first FROM and for ONBUILD triggers. */
  stage: Stage | undefined;
  /** The ONBUILD whose trigger this instruction is. */
  onbuild: OnbuildInstruction | undefined;
}

type Visit<T> = (instruction: T, info: VisitInfo) => void;

export interface Visitors {
  Instruction?: Visit<Instruction>;
  From?: Visit<FromInstruction>;
  Run?: Visit<RunInstruction>;
  Cmd?: Visit<CmdInstruction>;
  Entrypoint?: Visit<EntrypointInstruction>;
  Shell?: Visit<ShellInstruction>;
  Copy?: Visit<CopyInstruction>;
  Add?: Visit<AddInstruction>;
  Volume?: Visit<VolumeInstruction>;
  Expose?: Visit<ExposeInstruction>;
  User?: Visit<UserInstruction>;
  Workdir?: Visit<WorkdirInstruction>;
  StopSignal?: Visit<StopSignalInstruction>;
  Maintainer?: Visit<MaintainerInstruction>;
  Env?: Visit<EnvInstruction>;
  Label?: Visit<LabelInstruction>;
  Arg?: Visit<ArgInstruction>;
  Healthcheck?: Visit<HealthcheckInstruction>;
  Onbuild?: Visit<OnbuildInstruction>;
  UnknownInstruction?: Visit<UnknownInstruction>;
  /** A stage begins (after its FROM was visited). */
  Stage?: (stage: Stage) => void;
  /** A stage ends (after its last instruction). */
  'Stage:exit'?: (stage: Stage) => void;
  'File:exit'?: () => void;
}

export interface Related {
  range: TextRange;
  message: string;
}

export interface Report {
  /** The narrowest range that is wrong (the tag, the flag), not the whole instruction. */
  at: TextRange;
  message: string;
  data?: Record<string, string | number>;
  fix?: Fix;
  related?: Related[];
  /** LSP tags: the flagged code has no effect, or is deprecated. */
  tags?: Array<'unnecessary' | 'deprecated'>;
}

export interface RuleSettings {
  trustedRegistries: string[];
  labelSchema: Record<string, string>;
  strictLabels: boolean;
  /**
   * The build context's `.dockerignore` as lines (the CLI reads `<context>/.dockerignore`; `--context DIR`, else
   * the Dockerfile's folder). Undefined when there is none or it is unknown: rules that need it stay silent.
   */
  dockerignore?: readonly string[];
}

export interface RuleContext {
  readonly file: Dockerfile;
  readonly parse: ParseResult;
  readonly model: SemanticModel;
  readonly text: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly settings: Readonly<RuleSettings>;
  report(report: Report): void;
  /** Source text of a range. */
  slice(range: TextRange): string;
  replace(range: TextRange, text: string): Edit;
  insertBefore(range: TextRange, text: string): Edit;
  insertAfter(range: TextRange, text: string): Edit;
  remove(range: TextRange): Edit;
  /** The whole lines of a range, line break included: for removing an instruction. */
  lines(range: TextRange): TextRange;
  /**
   * The shell script of a RUN (or of the RUN an ONBUILD registers): every simple command with Dockerfile ranges,
   * analysed once per instruction however many rules ask.
   */
  shell(run: Instruction): RunScript;
  /** The SHELL in force at an instruction (its stage's last SHELL before it, or the parent stage's). */
  shellAt(instruction: Instruction): ShellSetting;
}

export interface Rule {
  meta: RuleMeta;
  create(ctx: RuleContext): Visitors;
}

/** Declares a rule (the identity function, typed). */
export function defineRule(rule: { create(ctx: RuleContext): Visitors } & RuleMeta): Rule {
  const { create, ...meta } = rule;
  return { meta, create };
}

/**
 * Dedents a template literal so examples can be written indented: `df` for Dockerfile. Write `\${` for a literal
 * `${` and \` for a backtick; backslashes are kept as written.
 */
export function df(strings: TemplateStringsArray, ...values: unknown[]): string {
  let raw = strings.raw.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  raw = raw.replace(/\\`/g, '`').replace(/\\\$\{/g, '${');
  const lines = raw.split('\n');
  if (lines.length > 0 && (lines[0] as string).trim() === '') lines.shift();
  if (lines.length > 0 && (lines[lines.length - 1] as string).trim() === '') lines.pop();
  const indents = lines.filter((l) => l.trim() !== '').map((l) => (/^ */.exec(l) as RegExpExecArray)[0].length);
  const indent = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(indent)).join('\n') + '\n';
}
