/**
 * lint(parse, config): one walk of the instructions dispatches every enabled rule's visitors; stage and file hooks
 * run at stage boundaries and at the end; ONBUILD triggers go to the rules that ask for them. Instructions with a
 * syntax error are skipped, not the file. Syntax errors, suppressions and BuildKit's `# check=` directive are
 * applied here, so every consumer (CLI, language server) sees the same findings.
 */
import {
  anyInRange,
  countBelow,
  partitionPoint,
  analyze,
  runScript,
  shellAt,
  type RunScript,
  type ShellSetting,
  buildkitCheckUrl,
  isBuildkitCheck,
  isExperimentalCheck,
  type Instruction,
  type ParseResult,
  type SemanticModel,
  type Stage,
  type TextRange,
} from '../../grammar/index.js';
import type { Edit, Fix, Related, Report, Rule, RuleContext, Severity, Visitors, VisitInfo } from '../define.js';
import { ALL_RULES } from '../index.js';
import { BUILTIN_BY_ID, BUILTIN_CHECKS } from '../syntax.js';
import { RuleNames, type LintConfig } from './config.js';
import { findSuppressions, type SuppressedName, type Suppression } from './suppress.js';

export interface Diagnostic {
  /** Rule id (or built-in check id for syntax findings). */
  rule: string;
  aliases: string[];
  severity: Severity;
  message: string;
  start: number;
  end: number;
  fix?: Fix;
  related?: Related[];
  tags?: Array<'unnecessary' | 'deprecated'>;
  /** `rule`: a lint rule; `syntax`: what the parser or builder rejects; `suppression`: about a suppression comment. */
  kind: 'rule' | 'syntax' | 'suppression';
  /** Where the rule is documented. */
  url?: string;
}

export interface LintResult {
  diagnostics: Diagnostic[];
  /** Rules that threw: their findings are missing. Each is a bug in berth. */
  internalErrors: Array<{ rule: string; error: string }>;
  suppressions: Suppression[];
}

export interface LintOptions {
  /**
   * Filled with the milliseconds each rule's code took on this file, by rule id (added to what is there), and the
   * time spent reading RUN scripts under `(shell scripts)`. For benchmarks; costs a clock read per handler call.
   */
  profile?: Map<string, number>;
}

/** The key of `LintOptions.profile` that holds the time spent reading RUN scripts. */
export const SHELL_PROFILE_KEY = '(shell scripts)';

export const DOCS_BASE = 'https://github.com/berth-lint/berth/blob/main/docs/rules/';

let names: RuleNames | undefined;

/** Resolves rule names (ids and aliases of every rule and built-in check). */
export function ruleNames(): RuleNames {
  names ??= new RuleNames(ALL_RULES, BUILTIN_CHECKS.map((c) => c.id), BUILTIN_CHECKS.flatMap((c) => c.aliases.map((a) => [a, c.id] as const)));
  return names;
}

/** A message template split at its `{name}` placeholders: text, name, text, …, text. */
const templates = new Map<string, string[]>();

/**
 * Fills `{name}` placeholders from `data`; a placeholder without data stays as written. Rule message templates
 * are split once and kept (there are a few hundred); a message that is not a template is filled without keeping.
 */
function format(template: string, data: Record<string, string | number> | undefined, keep: boolean): string {
  if (!data) return template;
  let parts = templates.get(template);
  if (!parts) {
    parts = template.split(/\{(\w+)\}/);
    if (keep) templates.set(template, parts);
  }
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i] as string;
    out += (k in data ? String(data[k]) : `{${k}}`) + (parts[i + 1] as string);
  }
  return out;
}

const docsUrls = new Map<string, string>();
const docsUrl = (id: string): string => {
  let url = docsUrls.get(id);
  if (url === undefined) docsUrls.set(id, (url = `${DOCS_BASE}${id}.md`));
  return url;
};

/**
 * Where a rule, built-in check or ShellCheck code is documented on the web (a diagnostic's `url`): berth's page of
 * the rule, BuildKit's page of a check that BuildKit has too, ShellCheck's wiki page of an SC code.
 */
export function docsUrlFor(id: string): string {
  if (/^SC\d+$/.test(id)) return `https://www.shellcheck.net/wiki/${id}`;
  const bk = BUILTIN_BY_ID.get(id)?.aliases.find(isBuildkitCheck);
  return bk ? buildkitCheckUrl(bk) : docsUrl(id);
}

function hasBuildkitAlias(aliases: readonly string[]): boolean {
  return aliases.some(isBuildkitCheck);
}

type Handler = (instr: Instruction, info: VisitInfo) => void;

/** A rule as it runs on this file: which rule, at which severity, with which options. */
interface RuleState {
  rule: Rule;
  severity: Severity;
  options: Readonly<Record<string, unknown>>;
}

interface Entry<F> {
  state: RuleState;
  fn: F;
}

/**
 * Lints a parsed file. `external` findings (ShellCheck's, found by whoever can run it) join the rules' findings
 * before configuration and suppressions apply, so `SC2086: off` and `# berth-ignore SC2086` work like any rule.
 */
export function lint(
  parse: ParseResult,
  config: LintConfig,
  rules: readonly Rule[] = ALL_RULES,
  external: readonly Diagnostic[] = [],
  options: LintOptions = {},
): LintResult {
  const profile = options.profile;
  const model: SemanticModel = analyze(parse);
  const file = parse.dockerfile;
  const text = parse.text;
  const result: LintResult = { diagnostics: [], internalErrors: [], suppressions: [] };
  const resolver = ruleNames();
  const { suppressions, check } = findSuppressions(file, model, resolver, config.inline);
  result.suppressions = suppressions;

  // Which rules run, at which severity (the same for every file of a config; `# check=` adjusts per file). One
  // context serves every rule of the file: the engine points it at the rule whose code runs next.
  const raw: Array<{ rule: Rule; severity: Severity; report: Report }> = [];
  const shells = new ShellCache(model, profile);
  const ctx = new Context(file, parse, model, text, config.settings, raw, shells);
  const table = new Map<string, Entry<Handler>[]>();
  const onbuildTable = new Map<string, Entry<Handler>[]>();
  // Instructions other than ARG before the first FROM: the build stops there, and only `preamble` rules see them.
  const preambleTable = new Map<string, Entry<Handler>[]>();
  const stageEnter: Entry<(s: Stage) => void>[] = [];
  const stageExit: Entry<(s: Stage) => void>[] = [];
  const fileExit: Entry<() => void>[] = [];
  // A rule that throws loses its findings for this file, never the others'.
  const crashed = (rule: Rule, e: unknown): void => {
    result.internalErrors.push({ rule: rule.meta.id, error: String(e instanceof Error ? (e.stack ?? e.message) : e) });
  };
  const experimentalOn = (id: string): boolean =>
    check.experimentalAll || check.experimental.has(id) || config.experimental.all || config.experimental.ids.includes(id);
  for (const planned of planFor(config, rules)) {
    const rule = planned.rule;
    if (planned.experimentalOnly && !experimentalOn(rule.meta.id)) continue;
    // As BuildKit does: `skip=` applies to the checks that run by default; an experimental check runs exactly when
    // `experimental=` (or the configuration) names it, whatever `skip=` says.
    const byExperimental = planned.experimental && experimentalOn(rule.meta.id);
    if (planned.buildkit && !byExperimental && (check.skipAll || check.skip.has(rule.meta.id))) continue;
    const state: RuleState = planned.buildkit && check.error ? { ...planned, severity: 'error' } : planned;
    ctx.current = state;
    let visitors: Visitors;
    try {
      visitors = rule.create(ctx);
    } catch (e) {
      crashed(rule, e);
      continue;
    }
    const onbuild = rule.meta.onbuild === true;
    for (const key in visitors) {
      const fn = (visitors as Record<string, unknown>)[key];
      if (typeof fn !== 'function') continue;
      if (key === 'Stage') stageEnter.push({ state, fn: fn as (s: Stage) => void });
      else if (key === 'Stage:exit') stageExit.push({ state, fn: fn as (s: Stage) => void });
      else if (key === 'File:exit') fileExit.push({ state, fn: fn as () => void });
      else {
        const entry = { state, fn: fn as Handler };
        let list = table.get(key);
        if (!list) table.set(key, (list = []));
        list.push(entry);
        if (rule.meta.preamble) {
          let pre = preambleTable.get(key);
          if (!pre) preambleTable.set(key, (pre = []));
          pre.push(entry);
        }
        if (onbuild) {
          let ob = onbuildTable.get(key);
          if (!ob) onbuildTable.set(key, (ob = []));
          ob.push(entry);
        }
      }
    }
  }
  // With a profile, each handler's time goes to its rule (less the time spent reading RUN scripts, kept apart).
  const timed = <A extends unknown[]>(h: Entry<(...a: A) => void>, ...args: A): void => {
    if (!profile) return h.fn(...args);
    const spent = shells.spent;
    const t0 = performance.now();
    try {
      h.fn(...args);
    } finally {
      const id = h.state.rule.meta.id;
      profile.set(id, (profile.get(id) ?? 0) + performance.now() - t0 - (shells.spent - spent));
    }
  };
  const runStage = (list: Entry<(s: Stage) => void>[], stage: Stage): void => {
    for (const h of list) {
      ctx.current = h.state;
      try {
        timed(h, stage);
      } catch (e) {
        crashed(h.state.rule, e);
      }
    }
  };
  const dispatch = (t: Map<string, Entry<Handler>[]>, instr: Instruction, info: VisitInfo): void => {
    const own = t.get(instr.kind);
    const any = t.get('Instruction');
    if (own) {
      for (const h of own) {
        ctx.current = h.state;
        try {
          timed(h, instr, info);
        } catch (e) {
          crashed(h.state.rule, e);
        }
      }
    }
    if (any) {
      for (const h of any) {
        ctx.current = h.state;
        try {
          timed(h, instr, info);
        } catch (e) {
          crashed(h.state.rule, e);
        }
      }
    }
  };

  // Instructions holding a syntax error are skipped by rules (their shape is not what rules expect), and so are
  // those whose JSON array is not JSON (`CMD [“app”]`): the learner gets that one finding, not rules about the
  // shell form Docker falls back to.
  const misread = misreadExecForms(parse, config);
  const broken = brokenInstructions(parse, misread);
  const stageOf = new Map<Instruction, Stage>();
  for (const s of model.stages) {
    stageOf.set(s.from, s);
    for (const i of s.instructions) stageOf.set(i, s);
  }
  const preamble: Instruction[] = [];
  for (const instr of file.instructions) {
    if (instr.kind === 'From') break;
    if (instr.kind !== 'Arg') preamble.push(instr);
  }
  const inPreamble = new Set(preamble);
  let current: Stage | undefined;
  for (const instr of file.instructions) {
    if (inPreamble.has(instr)) {
      // Said even when the line has a syntax error too: both stop the build, and each is true.
      dispatch(preambleTable, instr, { stage: undefined, onbuild: undefined });
      continue;
    }
    const stage = stageOf.get(instr);
    if (stage !== current) {
      if (current) runStage(stageExit, current);
      current = stage;
    }
    const isFrom = stage !== undefined && stage.from === instr;
    if (!broken.has(instr)) dispatch(table, instr, { stage, onbuild: undefined });
    if (isFrom && stage) runStage(stageEnter, stage);
    if (instr.kind === 'Onbuild' && !broken.has(instr)) {
      const trigger = (instr as unknown as { trigger?: Instruction }).trigger;
      if (trigger) dispatch(onbuildTable, trigger, { stage: undefined, onbuild: instr as never });
    }
  }
  if (current) runStage(stageExit, current);
  for (const h of fileExit) {
    ctx.current = h.state;
    try {
      timed(h);
    } catch (e) {
      crashed(h.state.rule, e);
    }
  }

  // Rule findings.
  const diagnostics: Diagnostic[] = [];
  for (const { rule, severity, report } of raw) {
    const template = rule.meta.messages[report.message];
    const d: Diagnostic = {
      rule: rule.meta.id,
      aliases: rule.meta.aliases,
      severity,
      message: template !== undefined ? format(template, report.data, true) : format(report.message, report.data, false),
      start: report.at.start,
      end: report.at.end,
      kind: 'rule',
      url: docsUrl(rule.meta.id),
    };
    if (report.fix) d.fix = report.fix;
    // Plain ranges: a rule may pass a node of the tree as the range, and a finding must not hold on to the tree (it
    // outlives it in the editor, and `--jobs` copies findings between threads).
    if (report.related) d.related = report.related.map((r) => ({ range: { start: r.range.start, end: r.range.end }, message: r.message }));
    if (report.tags) d.tags = report.tags;
    diagnostics.push(d);
  }

  // Findings from outside (ShellCheck) on an instruction berth already reports as broken (a syntax error, an exec
  // form Docker runs as shell text) would only point elsewhere. Their end is included: ShellCheck's "missing ]"
  // points just past the instruction's last character.
  const inBroken = coverage([...broken].map((i) => ({ start: i.range.start, end: i.range.end + 1 })));
  // What a rule found inside an instruction before the first FROM by other means than a visit (a walk of the file
  // at its end) goes too, and so does ShellCheck's: only `preamble` rules speak there.
  if (preamble.length > 0) {
    const speaks = new Set(rules.filter((r) => r.meta.preamble).map((r) => r.meta.id));
    const inPreambleRange = coverage(preamble.map((i) => ({ start: i.range.start, end: Math.max(i.range.end, i.range.start + 1) })));
    const kept = diagnostics.filter((d) => speaks.has(d.rule) || !inPreambleRange(d.start));
    diagnostics.length = 0;
    for (const d of kept) diagnostics.push(d);
    external = external.filter((e) => !inPreambleRange(e.start));
  }

  for (const e of external) {
    if (inBroken(e.start)) continue;
    const setting = config.rules.get(e.rule);
    if (setting?.severity === 'off') continue;
    diagnostics.push(setting?.severity ? { ...e, severity: setting.severity } : e);
  }

  // Syntax findings (and the builder's expansion errors).
  const syntax = [...parse.errors, ...model.errors.map((e) => ({ ...e, severity: BUILTIN_BY_ID.get(e.code)?.severity ?? ('error' as const) }))];
  for (const e of syntax) {
    const builtin = BUILTIN_BY_ID.get(e.code);
    const setting = config.rules.get(e.code);
    if (builtin?.configurable && setting?.severity === 'off') continue;
    if (builtin?.configurable && builtin.aliases.some((a) => check.skip.has(e.code) || (check.skipAll && isBuildkitCheck(a)))) continue;
    // The parser's severity says whether Docker rejects the text; a check that can be configured is rated by its
    // own default (invalid-exec-form: Docker builds it, but the result is broken) unless the configuration says.
    let severity: Severity = builtin?.configurable ? builtin.severity : e.severity;
    if (builtin?.configurable && setting?.severity && setting.severity !== 'off') severity = setting.severity;
    if (builtin?.configurable && check.error && hasBuildkitAlias(builtin.aliases)) severity = 'error';
    const d: Diagnostic = { rule: e.code, aliases: builtin?.aliases ?? [], severity, message: e.message, start: e.start, end: e.end, kind: 'syntax' };
    d.url = docsUrlFor(e.code);
    // A syntax finding may carry its repair, like a rule's finding.
    if ('fix' in e && e.fix) d.fix = e.fix;
    diagnostics.push(d);
  }

  // Suppressions: a finding is dropped when a suppression covering its start names its rule.
  const kept: Diagnostic[] = [];
  const unsuppressible: Diagnostic[] = [];
  const suppressible = diagnostics.map((d) => d.kind === 'rule' || BUILTIN_BY_ID.get(d.rule)?.configurable === true);
  const suppressed = suppressedFindings(diagnostics, suppressible, suppressions);
  diagnostics.forEach((d, i) => {
    if (!suppressible[i]) unsuppressible.push(d);
    if (!suppressed[i]) kept.push(d);
  });
  const firstError = new FirstInRange(unsuppressible);
  for (const s of suppressions) kept.push(...suppressionFindings(s, config, firstError));
  kept.push(...unsuppressibleFindings(check.names, config));

  kept.sort((a, b) => a.start - b.start || a.end - b.end || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  result.diagnostics = kept;
  if (shells.unavailable) {
    result.internalErrors.push({ rule: 'shell', error: 'The bash parser is not loaded, so no rule saw inside RUN: load it first (loadShellParser() in Node).' });
  }
  return result;
}

interface Planned {
  rule: Rule;
  buildkit: boolean;
  /** A preview rule of a BuildKit experimental check, off by itself: it runs only where that check is turned on. */
  experimentalOnly: boolean;
  /** One of BuildKit's experimental checks. */
  experimental: boolean;
  severity: Severity;
  options: Readonly<Record<string, unknown>>;
}

const plans = new WeakMap<LintConfig, WeakMap<readonly Rule[], Planned[]>>();

/** The enabled rules of a config with their severity and options, worked out once per config and rule list. */
function planFor(config: LintConfig, rules: readonly Rule[]): Planned[] {
  let byRules = plans.get(config);
  if (!byRules) plans.set(config, (byRules = new WeakMap()));
  let plan = byRules.get(rules);
  if (plan) return plan;
  plan = [];
  for (const rule of rules) {
    const meta = rule.meta;
    const setting = config.rules.get(meta.id);
    if (setting?.severity === 'off') continue;
    // A preview rule off by default may still be an experimental BuildKit check that a file's directive turns on.
    const offAsPreview = meta.status === 'preview' && !config.preview && setting?.severity === undefined;
    const experimental = meta.aliases.some(isExperimentalCheck);
    if (offAsPreview && !experimental) continue;
    if (meta.enabled === false && setting?.severity === undefined) continue;
    const options: Record<string, unknown> = {};
    for (const [k, o] of Object.entries(meta.options ?? {})) options[k] = o.default;
    Object.assign(options, setting?.options ?? {});
    plan.push({ rule, buildkit: hasBuildkitAlias(meta.aliases), experimentalOnly: offAsPreview, experimental, severity: setting?.severity ?? meta.severity, options: Object.freeze(options) });
  }
  byRules.set(rules, plan);
  return plan;
}

/** One analysis of each RUN's script per lint, shared by every rule. */
class ShellCache {
  private readonly scripts = new Map<Instruction, RunScript>();
  unavailable = false;
  /** Milliseconds spent reading scripts (kept only with a profile). */
  spent = 0;
  constructor(
    private readonly model: SemanticModel,
    private readonly profile: Map<string, number> | undefined,
  ) {}
  setting(instr: Instruction): ShellSetting {
    const at = instr.range.start;
    return shellAt(this.model, this.model.stageAt(at), at);
  }
  script(instr: Instruction): RunScript {
    let s = this.scripts.get(instr);
    if (!s) {
      const t0 = this.profile ? performance.now() : 0;
      s = runScript(instr, this.setting(instr));
      if (this.profile) {
        const ms = performance.now() - t0;
        this.spent += ms;
        this.profile.set(SHELL_PROFILE_KEY, (this.profile.get(SHELL_PROFILE_KEY) ?? 0) + ms);
      }
      if (s.reason === 'parser-unavailable') this.unavailable = true;
      this.scripts.set(instr, s);
    }
    return s;
  }
}

/** The context rules see: one per file, pointed by the engine at the rule whose code runs (methods on the prototype). */
class Context implements RuleContext {
  current!: RuleState;
  constructor(
    readonly file: RuleContext['file'],
    readonly parse: ParseResult,
    readonly model: SemanticModel,
    readonly text: string,
    readonly settings: RuleContext['settings'],
    private readonly sink: Array<{ rule: Rule; severity: Severity; report: Report }>,
    private readonly shells: ShellCache,
  ) {}
  get options(): Readonly<Record<string, unknown>> {
    return this.current.options;
  }
  shell(run: Instruction): RunScript {
    return this.shells.script(run);
  }
  shellAt(instr: Instruction): ShellSetting {
    return this.shells.setting(instr);
  }
  report(report: Report): void {
    this.sink.push({ rule: this.current.rule, severity: this.current.severity, report });
  }
  slice(r: TextRange): string {
    return this.text.slice(r.start, r.end);
  }
  replace(r: TextRange, t: string): Edit {
    return { start: r.start, end: r.end, text: t };
  }
  insertBefore(r: TextRange, t: string): Edit {
    return { start: r.start, end: r.start, text: t };
  }
  insertAfter(r: TextRange, t: string): Edit {
    return { start: r.end, end: r.end, text: t };
  }
  remove(r: TextRange): Edit {
    return { start: r.start, end: r.end, text: '' };
  }
  lines(r: TextRange): TextRange {
    return wholeLines(this.text, r);
  }
}

/** Suppression comments that name nothing berth knows (always) or suppressed nothing (on request). */
function suppressionFindings(s: Suppression, config: LintConfig, unsuppressible: FirstInRange): Diagnostic[] {
  const out: Diagnostic[] = [];
  const invalid = config.rules.get('invalid-suppression')?.severity;
  const unused = config.rules.get('unused-suppression')?.severity;
  out.push(...unsuppressibleFindings(s.names, config));
  if (invalid !== 'off' && s.kind !== 'buildkit') {
    if (s.names.length === 0 && !s.all) {
      out.push(suppressionDiagnostic('invalid-suppression', invalid ?? 'warning', s.comment, 'This suppression names no rule: write the rule after it, for example `# berth-ignore DL3008`.'));
    }
    for (const n of s.names) {
      if (n.ids.length > 0 || n.tolerated) continue;
      // hadolint drops a pragma with a name that is not a code; berth keeps the names it knows, and says so.
      const hadolint = s.kind === 'hadolint' && (s.all || s.names.some((o) => o.ids.length > 0 || o.tolerated))
        ? ' hadolint ignores the whole comment because of it; berth still suppresses the other names.'
        : '';
      out.push(suppressionDiagnostic('invalid-suppression', invalid ?? 'warning', n.range, `Unknown rule \`${n.name}\` in this suppression; \`berth rules\` lists the rules and their aliases.${hadolint}`));
    }
    if (s.trailing) {
      const t = s.trailing;
      const text = t.text.length > 40 ? `${t.text.slice(0, 37)}...` : t.text;
      out.push(
        suppressionDiagnostic(
          'invalid-suppression',
          invalid ?? 'warning',
          t,
          `\`${text}\` after the list of names is not a name: hadolint ignores the whole comment because of it, berth reads the names before it. Write a note on a comment line of its own.`,
        ),
      );
    }
  }
  if (config.reportUnusedSuppressions && unused !== 'off') {
    if (s.all && s.used.size === 0) {
      // Say why when what it covers is an error no comment can suppress.
      const error = unsuppressible.first(s.target.start, Math.max(s.target.end, s.target.start + 1));
      const message = error
        ? `This suppression suppresses nothing: \`${error.rule}\` cannot be suppressed, Docker rejects the file with this error, so the line has to be fixed.`
        : 'This suppression suppresses nothing.';
      out.push(suppressionDiagnostic('unused-suppression', unused ?? 'info', s.comment, message));
    }
    for (const n of s.names) {
      if (n.ids.length === 0 || n.cannotSuppress || n.ids.some((id) => s.used.has(id))) continue;
      out.push(suppressionDiagnostic('unused-suppression', unused ?? 'info', n.range, `\`${n.name}\` reports nothing here: this suppression can go.`));
    }
  }
  return out;
}

/**
 * Which findings a suppression drops (and, on each suppression, which rules it was used for). A finding is
 * dropped when a suppression whose target holds its start names its rule (or `all`). Suppressions with the same
 * target are one group and answer once per rule; the groups' targets nest (file, stage, instruction), so a sweep
 * over the findings in order of position keeps only a few groups open at a time.
 */
function suppressedFindings(diagnostics: readonly Diagnostic[], suppressible: readonly boolean[], suppressions: readonly Suppression[]): boolean[] {
  const out = diagnostics.map(() => false);
  if (suppressions.length === 0) return out;
  interface Group {
    start: number;
    end: number;
    list: Suppression[];
    /** By rule id (and whether the finding has a BuildKit name): does the group drop it. */
    answers: Map<string, boolean>;
  }
  const byTarget = new Map<string, Group>();
  for (const s of suppressions) {
    const start = s.target.start;
    const end = Math.max(s.target.end, s.target.start + 1);
    const key = `${start}:${end}`;
    let g = byTarget.get(key);
    if (!g) byTarget.set(key, (g = { start, end, list: [], answers: new Map() }));
    g.list.push(s);
  }
  const groups = [...byTarget.values()].sort((a, b) => a.start - b.start);
  const drops = (g: Group, d: Diagnostic): boolean => {
    const bk = hasBuildkitAlias(d.aliases);
    const key = bk ? `${d.rule}\u0000bk` : d.rule;
    let answer = g.answers.get(key);
    if (answer === undefined) {
      answer = false;
      for (const s of g.list) {
        if (s.kind === 'buildkit' && !s.all && !s.names.some((n) => n.ids.includes(d.rule))) continue;
        if (s.kind === 'buildkit' && s.all && !bk) continue;
        if (s.all || s.names.some((n) => n.ids.includes(d.rule))) {
          s.used.add(d.rule);
          answer = true;
        }
      }
      g.answers.set(key, answer);
    }
    return answer;
  };
  const order = diagnostics.map((_, i) => i).filter((i) => suppressible[i]);
  order.sort((a, b) => (diagnostics[a] as Diagnostic).start - (diagnostics[b] as Diagnostic).start);
  let open: Group[] = [];
  let next = 0;
  for (const i of order) {
    const d = diagnostics[i] as Diagnostic;
    while (next < groups.length && (groups[next] as Group).start <= d.start) open.push(groups[next++] as Group);
    if (open.some((g) => g.end <= d.start)) open = open.filter((g) => g.end > d.start);
    for (const g of open) if (drops(g, d)) out[i] = true;
  }
  return out;
}

/** The first of a list of findings (in list order) that starts in a range, in O(log n) per question. */
class FirstInRange {
  private readonly starts: number[];
  /** table[k][i]: the smallest list index among positions i … i + 2^k - 1 of the findings sorted by start. */
  private readonly table: number[][];
  constructor(private readonly list: readonly Diagnostic[]) {
    const order = list.map((_, i) => i).sort((a, b) => (list[a] as Diagnostic).start - (list[b] as Diagnostic).start || a - b);
    this.starts = order.map((i) => (list[i] as Diagnostic).start);
    this.table = [order];
    for (let w = 1; 2 * w <= order.length; w *= 2) {
      const prev = this.table[this.table.length - 1] as number[];
      const row: number[] = [];
      for (let i = 0; i + 2 * w <= order.length; i++) row.push(Math.min(prev[i] as number, prev[i + w] as number));
      this.table.push(row);
    }
  }
  /** The first finding (in list order) with `start <= finding.start < end`. */
  first(start: number, end: number): Diagnostic | undefined {
    const lo = countBelow(this.starts, start);
    const hi = countBelow(this.starts, end);
    if (hi <= lo) return undefined;
    const k = 31 - Math.clz32(hi - lo);
    const row = this.table[k] as number[];
    return this.list[Math.min(row[lo] as number, row[hi - (1 << k)] as number)];
  }
}

/** Names of checks no comment can suppress (errors Docker rejects the file for): always said, as invalid. */
function unsuppressibleFindings(names: readonly SuppressedName[], config: LintConfig): Diagnostic[] {
  const severity = config.rules.get('invalid-suppression')?.severity;
  if (severity === 'off') return [];
  return names.flatMap((n) => (n.cannotSuppress ? [suppressionDiagnostic('invalid-suppression', severity ?? 'warning', n.range, n.cannotSuppress)] : []));
}

function suppressionDiagnostic(rule: string, severity: Severity, at: TextRange, message: string): Diagnostic {
  return { rule, aliases: [], severity, message, start: at.start, end: at.end, kind: 'suppression', url: docsUrlFor(rule) };
}

/** The ranges of `invalid-exec-form` findings (JSON arrays that are not JSON), unless that check is off. */
function misreadExecForms(parse: ParseResult, config: LintConfig): TextRange[] {
  if (config.rules.get('invalid-exec-form')?.severity === 'off') return [];
  return parse.errors.filter((e) => e.code === 'invalid-exec-form');
}

/** Top-level instructions (and ONBUILDs) containing an error-severity syntax error or a misread exec form. */
function brokenInstructions(parse: ParseResult, misread: readonly TextRange[]): Set<Instruction> {
  const out = new Set<Instruction>();
  const starts = parse.errors.filter((e) => e.severity === 'error').map((e) => e.start);
  for (const r of misread) starts.push(r.start);
  if (starts.length === 0) return out;
  starts.sort((a, b) => a - b);
  for (const i of parse.dockerfile.instructions) {
    if (anyInRange(starts, i.range.start, Math.max(i.range.end, i.range.start + 1))) out.add(i);
  }
  return out;
}

/** Whether an offset falls in one of the ranges (`start <= offset < end`), in O(log n) per question. */
function coverage(ranges: readonly TextRange[]): (offset: number) => boolean {
  if (ranges.length === 0) return () => false;
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  // reach[i]: the largest end among the first i + 1 ranges.
  const reach: number[] = [];
  for (const r of sorted) reach.push(Math.max(r.end, reach[reach.length - 1] ?? -Infinity));
  return (offset) => {
    const n = partitionPoint(sorted.length, (i) => (sorted[i] as TextRange).start <= offset);
    return n > 0 && (reach[n - 1] as number) > offset;
  };
}

/** The whole lines covering a range, including the line break after the last one. */
export function wholeLines(text: string, r: TextRange): TextRange {
  let start = r.start;
  while (start > 0 && text.charCodeAt(start - 1) !== 0x0a) start--;
  let end = r.end;
  while (end < text.length && text.charCodeAt(end) !== 0x0a) end++;
  if (end < text.length) end++;
  return { start, end };
}
