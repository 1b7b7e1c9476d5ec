/**
 * `berth lint [PATH…]`: lint files, folders and globs (default: the current folder); `-` reads standard input.
 * Exit codes: 0 nothing at or above the fail level, 1 findings at or above it (or more warnings than
 * --max-warnings), 2 usage, configuration or I/O error, 3 a bug in berth. See docs/cli.md.
 */
import { statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { LineIndex, needsBashParser, parse, type ParseResult } from '../../grammar/index.js';
import { SEVERITIES } from '../../rules/define.js';
import { ALL_RULES, RULES_BY_ID } from '../../rules/index.js';
import { BUILTIN_BY_ID } from '../../rules/syntax.js';
import type { LintConfig, RuleSetting } from '../../rules/engine/config.js';
import { configFromFragment, fixedCheck, formatNamed, formatNames, type ConfigFragment, type FailLevel, type Format } from '../../rules/engine/config-file.js';
import { fixAll } from '../../rules/engine/fix.js';
import { docsUrlFor, lint, ruleNames, type Diagnostic } from '../../rules/engine/lint.js';
import { suggest } from '../../grammar/index.js';
import { ConfigFileError, ConfigLoader, loadRunConfig, loadYaml, type LoadedConfig } from '../../host/config.js';
import { ExitCode } from '../exit-codes.js';
import { decode, isPlain, SourceEditor, type DecodeResult, type Decoded } from '../encoding.js';
import { discover, isDockerfileName } from '../files.js';
import { UsageError, type CliIO } from '../io.js';
import { loadShellParser } from '../../host/shell-loader.js';
import { findShellcheck, type ShellcheckSetup } from '../../host/shellcheck-find.js';
import type { FileReport, FormatContext } from '../output/model.js';
import { contextIgnoreFile, ownIgnoreFile, readIgnoreFile } from '../../host/dockerignore.js';
import { describeError, readFileBytes } from '../../host/files.js';
import { readSource, type Source } from '../source.js';
import { VERSION } from '../../host/version.js';

export interface LintOptions {
  paths: string[];
  format?: string;
  config?: string;
  noConfig: boolean;
  failLevel?: string;
  maxWarnings?: number;
  fix: boolean;
  fixDryRun: boolean;
  unsafeFixes: boolean;
  rules: string[];
  ignore: string[];
  stdinFilename?: string;
  reportUnusedSuppressions: boolean;
  preview: boolean;
  outputFile?: string;
  quiet: boolean;
  verbose: boolean;
  /** The build context folder (its .dockerignore); default: each Dockerfile's folder. */
  context?: string;
  /** The shellcheck binary to use (else the config's, else PATH's). */
  shellcheck?: string;
  noShellcheck?: boolean;
  color?: boolean;
  /** Threads that check files (default: the machine's cores; 1: this thread only). */
  jobs?: number;
}

function rank(level: FailLevel): number {
  return level === 'none' ? -1 : SEVERITIES.indexOf(level);
}

/** --rule NAME[=SEVERITY] and --ignore NAME as a config fragment (resolved names, checked). */
function cliRules(opts: LintOptions): Map<string, RuleSetting> {
  const names = ruleNames();
  const out = new Map<string, RuleSetting>();
  const resolveName = (name: string, flag: string): string[] => {
    const ids = names.resolve(name);
    if (ids.length > 0) return ids;
    const guess = suggest(name, names.displayNames());
    throw new UsageError(`${flag}: unknown rule "${name}"${guess ? ` (did you mean ${guess}?)` : ''}; \`berth rules\` lists them`);
  };
  // The parser's checks cannot be turned off or re-levelled: saying so beats ignoring the option.
  const configurable = (ids: string[], flag: string): string[] => {
    for (const id of ids) {
      const why = fixedCheck(id);
      if (why) throw new UsageError(`${flag}: ${why}`);
    }
    return ids;
  };
  for (const r of opts.rules) {
    const [name = '', sev] = r.split('=', 2);
    let severity: RuleSetting['severity'];
    if (sev !== undefined) {
      const s = sev.toLowerCase();
      if (!(SEVERITIES as readonly string[]).includes(s) && s !== 'off') throw new UsageError(`--rule ${r}: unknown severity "${sev}" (use ${SEVERITIES.join(', ')} or off)`);
      severity = s as RuleSetting['severity'];
    }
    const ids = resolveName(name, '--rule');
    for (const id of severity ? configurable(ids, `--rule ${r}`) : ids) out.set(id, severity ? { severity } : {});
  }
  for (const name of opts.ignore) for (const id of configurable(resolveName(name, '--ignore'), `--ignore ${name}`)) out.set(id, { severity: 'off' });
  return out;
}

function toLintConfig(fragment: ConfigFragment | undefined, opts: LintOptions, cli: Map<string, RuleSetting>): LintConfig {
  const config = configFromFragment(fragment);
  // --rule NAME turns the rule on at its default severity (preview rules too); --rule NAME=SEV sets it; --ignore turns it off.
  for (const [id, s] of cli) {
    const severity = s.severity ?? RULES_BY_ID.get(id)?.meta.severity ?? BUILTIN_BY_ID.get(id)?.severity;
    config.rules.set(id, { ...config.rules.get(id), ...(severity ? { severity } : {}) });
  }
  if (opts.preview) config.preview = true;
  if (opts.reportUnusedSuppressions) config.reportUnusedSuppressions = true;
  return config;
}

/** A file to check: its path (`-` for standard input), its name in the report, the folder its configuration is found from. */
export interface Target {
  path: string;
  display: string;
  dir: string;
}

/** What checking one file produced: its report, and with --fix or --fix-dry-run what the fixes made of it. */
interface Checked {
  report: FileReport;
  fixed?: {
    /** The report of the file as it was (what stays true when the fixed file cannot be written). */
    before: FileReport;
    text: string;
    bytes: Uint8Array;
    fixes: number;
  };
}

/**
 * Everything one file gave the run, as plain data (a worker thread sends it as it is): what to say on standard
 * error, in order, its report, its fixes. The run takes the files' outcomes in the order of the files, whichever
 * thread checked them, so the output does not depend on --jobs.
 */
export interface FileOutcome {
  /** Lines for standard error. One with `once` is said only the first time its key comes (a config's warnings). */
  messages: Array<{ text: string; once?: string }>;
  /** The file's report (its line index is rebuilt from the text when it came from another thread). */
  report?: { path: string; text: string; diagnostics: Diagnostic[]; lines?: LineIndex };
  /** Bugs in berth met on this file (exit 3). */
  internal: string[];
  /** The file could not be read or written, or its configuration is broken (exit 2). */
  failed?: boolean;
  /** Fixes written to the file (or printed, or shown as a diff with --fix-dry-run). */
  fixes?: number;
  diff?: { display: string; before: string; after: string };
  /** --fix on standard input: what goes to standard output. */
  stdinOutput?: Uint8Array;
}

/** What a FileChecker needs besides the options: the run's settings, decided once by the main thread. */
export interface CheckerSettings {
  cwd: string;
  opts: LintOptions;
  contextDir: string | undefined;
  verbose: boolean;
}

/**
 * `berth lint`: a short pipeline per file — read → parse → lint (or fix and lint again) → write → report — in
 * which each file stands alone: a file that cannot be read or written, or on which berth fails, is named and
 * skipped; every other file is still reported and its fixes written. Files are checked on several threads when
 * there are enough of them (--jobs). Exit 3 when berth failed somewhere, else 2 when a file could not be read or
 * written (or a usage or configuration error), else what the findings decide.
 */
export async function lintCommand(io: CliIO, opts: LintOptions): Promise<ExitCode> {
  const run = await LintRun.start(io, opts);
  if (typeof run === 'number') return run;
  await run.checkAll();
  await run.writeReport();
  return run.exitCode();
}

/** The findings about how a file is encoded (reported with the others, configurable like them). */
function encodingFindings(d: Decoded): Diagnostic[] {
  const out: Diagnostic[] = [];
  const finding = (rule: string, start: number, end: number, message: string): Diagnostic => ({
    rule,
    aliases: BUILTIN_BY_ID.get(rule)?.aliases ?? [],
    severity: BUILTIN_BY_ID.get(rule)?.severity ?? 'warning',
    message,
    start,
    end,
    kind: 'syntax',
    url: docsUrlFor(rule),
  });
  if (d.encoding !== 'utf-8') {
    const order = d.encoding === 'utf-16le' ? 'little-endian' : 'big-endian';
    out.push(finding('utf16-encoding', 0, Math.min(1, d.text.length), `This file is UTF-16 (${order}, with a byte order mark): Docker reads Dockerfiles as UTF-8 and cannot build it; save it as UTF-8`));
    return out;
  }
  // One finding per line, from its first undecodable byte to its last.
  let line: { start: number; end: number } | undefined;
  const flush = (): void => {
    if (line) out.push(finding('invalid-utf8', line.start, line.end, 'Bytes that are not valid UTF-8 (shown as �): Docker passes them on as they are; save the file as UTF-8'));
    line = undefined;
  };
  for (const r of d.invalid) {
    if (line && !/[\r\n]/.test(d.text.slice(line.end, r.start))) line.end = r.end;
    else {
      flush();
      line = { start: r.start, end: r.end };
    }
  }
  flush();
  return out;
}

/** One `berth lint` run: its settings, and what its files have given so far (taken in the files' order). */
class LintRun {
  readonly reports: FileReport[] = [];
  /** Failures that are bugs in berth (exit 3), each with the file it happened on. */
  private readonly internal: string[] = [];
  /** Exit 2 (a file unreadable or unwritable, a configuration error) unless something decides 3. */
  private exit: ExitCode = ExitCode.Ok;
  private fixesApplied = 0;
  private filesFixed = 0;
  private readonly diffs: Array<{ display: string; before: string; after: string }> = [];
  /** With --fix on standard input: what goes to standard output (the fixed file, or the input as it came). */
  private stdinOutput: Uint8Array | undefined;
  /** Keys of the messages said once (each configuration file's warnings: when it is first used). */
  private readonly said = new Set<string>();

  private constructor(
    private readonly io: CliIO,
    private readonly settings: CheckerSettings,
    readonly targets: Target[],
    private readonly runConfig: ConfigFragment['cli'] | undefined,
    private readonly format: Format,
    exit: ExitCode,
  ) {
    this.exit = exit;
  }

  private get opts(): LintOptions {
    return this.settings.opts;
  }

  /** Checks the options, loads the configuration and finds the files; a usage or configuration error ends here. */
  static async start(io: CliIO, opts: LintOptions): Promise<LintRun | ExitCode> {
    const formatArg = opts.format === undefined ? undefined : formatNamed(opts.format);
    if (opts.format !== undefined && formatArg === undefined) {
      throw new UsageError(`unknown format "${opts.format}" (choose ${formatNames()})`);
    }
    const failArg = opts.failLevel?.toLowerCase();
    if (failArg !== undefined && failArg !== 'none' && !(SEVERITIES as readonly string[]).includes(failArg)) {
      throw new UsageError(`unknown --fail-level "${opts.failLevel}" (choose ${SEVERITIES.join(', ')} or none)`);
    }
    if (opts.maxWarnings !== undefined && !(Number.isInteger(opts.maxWarnings) && opts.maxWarnings >= 0)) {
      throw new UsageError(`--max-warnings needs a whole number of 0 or more, not "${opts.maxWarnings}"`);
    }
    if (opts.jobs !== undefined && !(Number.isInteger(opts.jobs) && opts.jobs >= 1)) {
      throw new UsageError(`--jobs needs a whole number of 1 or more, not "${opts.jobs}"`);
    }
    if (opts.fix && opts.fixDryRun) throw new UsageError('--fix and --fix-dry-run cannot be combined');
    // The build context is a folder that exists: a typo must not silently turn the .dockerignore rules off.
    let contextDir: string | undefined;
    if (opts.context !== undefined) {
      contextDir = resolve(io.cwd, opts.context);
      let isDir: boolean | undefined;
      try {
        isDir = statSync(contextDir).isDirectory();
      } catch {
        isDir = undefined;
      }
      if (opts.context === '' || isDir === undefined) throw new UsageError(`--context ${opts.context}: no such folder (the build context is the folder docker build is given)`);
      if (!isDir) throw new UsageError(`--context ${opts.context}: this is a file, not a folder (the build context is the folder docker build is given; a Dockerfile's own ignore file is read from <Dockerfile>.dockerignore)`);
    }
    cliRules(opts);
    // An explicit config is loaded up front, and so is the working folder's: a broken one stops everything (exit 2).
    // A file that cannot be used is a usage error (exit 2), said as cli/main.ts says every one.
    const configs = await loadRunConfig(io.cwd, opts).catch((e: unknown) => {
      throw e instanceof ConfigFileError ? new UsageError(e.report()) : e;
    });
    const { cwdConfig } = configs;
    if (cwdConfig) {
      for (const w of cwdConfig.warnings) io.stderr(`berth: warning: ${w}\n`);
    }

    const paths = opts.paths.length > 0 ? opts.paths : ['.'];
    const onDisk = paths.filter((p) => p !== '-');
    const { files, missing } = onDisk.length > 0 ? discover(onDisk, { cwd: io.cwd, exclude: cwdConfig?.fragment.files.exclude ?? [], include: cwdConfig?.fragment.files.include ?? [] }) : { files: [], missing: [] };
    for (const m of missing) {
      const folderNamedLikeAFile = isDockerfileName(basename(m)) && isFolder(resolve(io.cwd, m));
      io.stderr(`berth: ${m}: ${folderNamedLikeAFile ? 'this is a folder, not a Dockerfile, and there is no Dockerfile in it' : 'no Dockerfile there (berth looks for Dockerfile, Dockerfile.*, *.Dockerfile and Containerfile)'}\n`);
    }
    const display = (abs: string): string => {
      const rel = relative(io.cwd, abs);
      return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
    };
    const targets: Target[] = files.map((f) => ({ path: f, display: display(f), dir: dirname(f) }));
    if (paths.includes('-')) {
      const named = opts.stdinFilename === undefined ? undefined : resolve(io.cwd, opts.stdinFilename);
      targets.push({ path: '-', display: named === undefined || opts.stdinFilename === '-' ? '-' : display(named), dir: named === undefined ? io.cwd : dirname(named) });
    }
    // Settings of the whole run: the command line, else --config, else the config of the working folder.
    const runConfig = cwdConfig?.fragment.cli;
    const format: Format = formatArg ?? (runConfig?.format as Format | undefined) ?? 'stylish';
    const settings: CheckerSettings = { cwd: io.cwd, opts: { ...opts, failLevel: failArg }, contextDir, verbose: opts.verbose || runConfig?.verbose === true };
    const run = new LintRun(io, settings, targets, runConfig, format, missing.length > 0 ? ExitCode.Usage : ExitCode.Ok);
    if (cwdConfig) run.said.add(configKey(cwdConfig.path));
    return run;
  }

  /**
   * Checks every file, on this thread and on worker threads when there are enough files for them to pay off;
   * each file's outcome is taken in the files' order as soon as it and those before it are in.
   */
  async checkAll(): Promise<void> {
    const checker = new FileChecker(this.io, this.settings);
    const onDisk = this.targets.filter((t) => t.path !== '-');
    const script = this.io.workerScript;
    const workers = workerCount(this.opts.jobs, onDisk.length, script !== undefined);
    if (workers > 0 && script !== undefined) {
      const { checkInParallel } = await import('../jobs.js');
      await checkInParallel({ targets: onDisk, checker, workers, script, settings: this.settings, io: this.io }, (o) => this.take(o));
    } else {
      for (const t of onDisk) this.take(await checker.check(t));
    }
    // Standard input is read here, on this thread, after the files (its report comes last).
    for (const t of this.targets) if (t.path === '-') this.take(await checker.check(t));
  }

  /** One file's outcome, in the files' order: said, counted and reported. */
  private take(o: FileOutcome): void {
    const keys: string[] = [];
    for (const m of o.messages) {
      if (m.once !== undefined) {
        if (this.said.has(m.once)) continue;
        keys.push(m.once);
      }
      this.io.stderr(m.text);
    }
    for (const k of keys) this.said.add(k);
    this.internal.push(...o.internal);
    if (o.failed) this.exit = ExitCode.Usage;
    if (o.fixes !== undefined) {
      this.fixesApplied += o.fixes;
      this.filesFixed++;
    }
    if (o.diff) this.diffs.push(o.diff);
    if (o.stdinOutput) this.stdinOutput = o.stdinOutput;
    if (o.report) {
      const r = o.report;
      this.reports.push({ path: r.path, text: r.text, lines: r.lines ?? new LineIndex(r.text), diagnostics: r.diagnostics });
    }
  }

  /** Step 5: the report, in the chosen format, to standard output or --output-file (after the fixed standard input). */
  async writeReport(): Promise<void> {
    const opts = this.opts;
    // Colour: --color/--no-color, else the configuration's no-color (hadolint's), else a terminal without NO_COLOR.
    const color = opts.color ?? (this.runConfig?.color === false ? false : this.io.color);
    const ctx = {
      color: color && !opts.outputFile,
      version: VERSION,
      fixHint: !opts.fix,
      quiet: opts.quiet,
      fixed: { fixes: this.fixesApplied, files: this.filesFixed, dryRun: opts.fixDryRun },
    };
    let report = await formatReports(this.format, this.reports, ctx, this.io.cwd);
    if (opts.fixDryRun && (this.format === 'stylish' || this.format === 'compact')) {
      const { createTwoFilesPatch } = await import('diff');
      report = this.diffs.map((o) => createTwoFilesPatch(o.display, o.display, o.before, o.after, '', '(fixed)')).join('') + report;
    }
    if (this.stdinOutput !== undefined) this.io.stdout(this.stdinOutput);
    if (opts.outputFile) {
      try {
        writeFileSync(resolve(this.io.cwd, opts.outputFile), report);
      } catch (e) {
        this.io.stderr(`berth: cannot write ${opts.outputFile}: ${describeError(e)}\n`);
        this.exit = ExitCode.Usage;
      }
    } else if (this.stdinOutput !== undefined) this.io.stderr(report);
    else this.io.stdout(report);
    for (const msg of new Set(this.internal)) this.io.stderr(`berth: internal error (please report it): ${msg}\n`);
  }

  exitCode(): ExitCode {
    if (this.internal.length > 0) return ExitCode.Internal;
    if (this.exit !== ExitCode.Ok) return this.exit;
    if (this.runConfig?.noFail === true) return ExitCode.Ok;
    const level: FailLevel = (this.opts.failLevel as FailLevel | undefined) ?? this.runConfig?.failLevel ?? 'warning';
    const maxWarnings = this.opts.maxWarnings ?? this.runConfig?.maxWarnings;
    const all = this.reports.flatMap((r) => r.diagnostics);
    if (all.some((d) => rank(level) >= 0 && SEVERITIES.indexOf(d.severity) <= rank(level))) return ExitCode.Findings;
    if (maxWarnings !== undefined && maxWarnings >= 0 && all.filter((d) => d.severity === 'warning').length > maxWarnings) return ExitCode.Findings;
    return ExitCode.Ok;
  }
}

/** Below this many files per thread, starting a worker thread costs more than it saves. */
const FILES_PER_WORKER = 24;

/**
 * The threads `berth lint` uses by default: half the cores. One thread checking files keeps about one and a half
 * cores busy (V8 collects garbage and compiles on threads of its own: `--jobs 1` on the corpus takes ~4.7 s of CPU
 * in ~3.2 s), so on two cores a second thread only competes with the first (measured: 1.2× slower than --jobs 1).
 */
export function defaultLanes(): number {
  return Math.max(1, Math.floor(availableParallelism() / 2));
}

/**
 * How many worker threads check files besides this one: none for --jobs 1, for a run of a few files, or where no
 * worker can be started (in-process callers); else up to --jobs − 1 (default: DEFAULT_LANES), one per
 * FILES_PER_WORKER files beyond this thread's share.
 */
export function workerCount(jobs: number | undefined, files: number, canStart: boolean): number {
  if (!canStart) return 0;
  const lanes = Math.max(1, jobs ?? defaultLanes());
  return Math.max(0, Math.min(lanes - 1, Math.floor(files / FILES_PER_WORKER) - 1));
}

const configKey = (path: string): string => `config\u0000${path}`;

/**
 * Checks files one at a time, on whichever thread it lives on: the run's configuration loader, the bash parser,
 * ShellCheck and the .dockerignore files are found once per checker. Says nothing itself: what it has to say goes
 * into each file's outcome.
 */
export class FileChecker {
  private readonly loader: ConfigLoader;
  private readonly cli: Map<string, RuleSetting>;
  private explicit: LoadedConfig | undefined;
  private shellState: 'unloaded' | 'ready' | 'failed' = 'unloaded';
  private readonly shellchecks = new Map<string, ShellcheckSetup | undefined>();
  private readonly ignores = new Map<string, string[] | undefined>();

  constructor(
    private readonly io: Pick<CliIO, 'readFile' | 'readStdin' | 'writeFile' | 'cwd'>,
    private readonly settings: CheckerSettings,
  ) {
    this.loader = new ConfigLoader(io.cwd);
    this.cli = cliRules(settings.opts);
  }

  private get opts(): LintOptions {
    return this.settings.opts;
  }

  /** One file through the pipeline; whatever goes wrong stays with this file. */
  async check(t: Target): Promise<FileOutcome> {
    const out: FileOutcome = { messages: [], internal: [] };
    const source = this.read(t, out);
    if (!source) return out;
    try {
      const checked = await this.lintFile(t, source, out);
      if (checked) out.report = this.save(t, source, checked, out);
    } catch (e) {
      crashed(t, source, e, out);
    }
    return out;
  }

  /** Step 1: the file's bytes and text; a file that cannot be read, or is no Dockerfile, is said and skipped. */
  private read(t: Target, out: FileOutcome): Source | undefined {
    const got = readSource(this.io as CliIO, t.path, t.display);
    if ('source' in got) {
      if (t.path === '-' && this.opts.fix) out.stdinOutput = got.source.bytes;
      return got.source;
    }
    out.messages.push({ text: `berth: ${got.error}${got.bytes ? '; skipped' : ''}\n` });
    out.failed = true;
    // --fix on standard input gives back what it was given, whatever happens: an editor replaces its text with it.
    if (t.path === '-' && this.opts.fix && got.bytes) out.stdinOutput = got.bytes;
    return undefined;
  }

  /** Steps 2 and 3: parse and lint, or fix until nothing is left to fix and lint the result. */
  private async lintFile(t: Target, source: Source, out: FileOutcome): Promise<Checked | undefined> {
    // Parsed once: to see whether the file needs the full bash parser, then for the lint and the report.
    const first = parse(source.text);
    await this.ensureShell(first, out);
    const linter = await this.linterFor(t, source, first, out);
    if (!linter) return undefined;
    if (!this.opts.fix && !this.opts.fixDryRun) return { report: linter.report(source.text, linter.lint(source)) };
    try {
      return fixFile(source, linter, this.opts.unsafeFixes);
    } catch (e) {
      // A fix made a script only the full bash parser reads (`RUN${ <<EOF` fixed to `RUN ${ <<EOF`): load it, and
      // fix the file again from the start, so every round is linted with it.
      if (!(e instanceof NeedsBashParser)) throw e;
      await this.ensureShell(e.parsed, out);
      return fixFile(source, linter, this.opts.unsafeFixes);
    }
  }

  /** How this file is linted: its configuration, its build context's .dockerignore, ShellCheck. Null: broken config. */
  private async linterFor(t: Target, source: Source, first: ParseResult, out: FileOutcome): Promise<FileLinter | null> {
    const loaded = await this.configFor(t, out);
    if (loaded === null) return null;
    if (this.settings.verbose) out.messages.push({ text: `berth: ${t.display}: ${loaded ? `config ${loaded.path}` : 'no config file'}\n` });
    const frag = loaded?.fragment;
    const config = toLintConfig(frag, this.opts, this.cli);
    // BuildKit prefers `<Dockerfile>.dockerignore` next to the Dockerfile over the context's `.dockerignore`.
    const own = t.path === '-' ? undefined : readIgnoreFile(ownIgnoreFile(t.path));
    const ignore = own ?? this.dockerignoreFor(this.settings.contextDir ?? (t.path === '-' ? t.dir : dirname(t.path)));
    if (ignore) config.settings = { ...config.settings, dockerignore: ignore };
    const sc = this.shellcheckFor(frag?.shellcheck, out);
    const runner = sc && this.shellState !== 'failed' ? await import('../../host/shellcheck.js') : undefined;
    const shellcheck = sc && runner ? (parsed: ParseResult) => runner.runShellcheck(parsed, sc) : undefined;
    return new FileLinter(
      t.display,
      source,
      first,
      config,
      shellcheck,
      this.opts.quiet,
      (message) => out.messages.push({ text: message }),
      (e) => {
        if (!(e.rule === 'shell' && this.shellState === 'failed')) out.internal.push(`${t.display}: rule ${e.rule} failed: ${e.error}`);
      },
      (parsed) => this.shellState === 'unloaded' && needsBashParser(parsed),
    );
  }

  /**
   * Step 4 (--fix, --fix-dry-run): write the fixed file, print it (standard input) or keep its diff. Returns the
   * report of what the file now is: the fixed text, or the text as it was when it could not be written.
   */
  private save(t: Target, source: Source, checked: Checked, out: FileOutcome): FileReport {
    const fixed = checked.fixed;
    if (!fixed) return checked.report;
    if (this.opts.fixDryRun) {
      out.diff = { display: t.display, before: source.text, after: fixed.text };
    } else if (t.path === '-') {
      out.stdinOutput = fixed.bytes;
    } else {
      try {
        this.io.writeFile(t.path, fixed.bytes, source.bytes);
      } catch (e) {
        out.messages.push({ text: `berth: cannot write ${t.display}: ${describeError(e)}; its fixes are not saved\n` });
        out.failed = true;
        return fixed.before;
      }
    }
    out.fixes = fixed.fixes;
    return checked.report;
  }

  /** The configuration of a file's folder; null when it is broken (said, exit 2). */
  private async configFor(t: Target, out: FileOutcome): Promise<LoadedConfig | undefined | null> {
    const opts = this.opts;
    if (opts.noConfig) return undefined;
    try {
      if (opts.config && !this.explicit) {
        await loadYaml();
        this.explicit = this.loader.load(opts.config);
      }
      if (!this.explicit && this.loader.fileFor(t.dir)) await loadYaml();
      const loaded = this.explicit ?? this.loader.forDirectory(t.dir);
      // Each configuration file's warnings are said once, when it is first used (the run decides which is first).
      if (loaded) for (const w of loaded.warnings) out.messages.push({ text: `berth: warning: ${w}\n`, once: configKey(loaded.path) });
      return loaded;
    } catch (e) {
      if (e instanceof ConfigFileError) {
        out.messages.push({ text: `berth: ${e.report()}\n` });
        out.failed = true;
        return null;
      }
      throw e;
    }
  }

  /**
   * The full bash parser (WebAssembly) loads on the first file with a script berth's fast reader does not take
   * (`if`, loops, `case`, heredocs…); files of plain command lists never wait for it.
   */
  private async ensureShell(parsed: ParseResult, out: FileOutcome): Promise<void> {
    if (this.shellState !== 'unloaded' || !needsBashParser(parsed)) return;
    let error: string | undefined;
    try {
      error = await loadShellParser();
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    this.shellState = error ? 'failed' : 'ready';
    if (error) out.messages.push({ text: `berth: cannot load the bash parser, so rules that look inside RUN are skipped: ${error}\n`, once: 'bash' });
  }

  /** ShellCheck: found once per binary setting; missing is not an error (said once with --verbose). */
  private shellcheckFor(cfg: { enabled?: boolean; path?: string; timeout?: number } | undefined, out: FileOutcome): ShellcheckSetup | undefined {
    const opts = this.opts;
    if (opts.noShellcheck || (cfg?.enabled === false && !opts.shellcheck)) return undefined;
    const configured = opts.shellcheck ?? cfg?.path;
    const key = `${configured ?? ''}\u0000${cfg?.timeout ?? ''}`;
    if (!this.shellchecks.has(key)) {
      const path = findShellcheck(configured);
      this.shellchecks.set(key, path ? { path, timeoutMs: cfg?.timeout ?? 20_000 } : undefined);
      if (!path && configured) {
        out.messages.push({ text: `berth: shellcheck not found at ${configured}; linting without it\n`, once: `shellcheck\u0000${key}` });
      } else if (!path && this.settings.verbose) {
        out.messages.push({ text: 'berth: shellcheck is not installed (not on PATH): SC rules are skipped\n', once: 'shellcheck' });
      }
    }
    return this.shellchecks.get(key);
  }

  /** The build context's .dockerignore, read once per folder. */
  private dockerignoreFor(contextDir: string): string[] | undefined {
    if (!this.ignores.has(contextDir)) this.ignores.set(contextDir, readIgnoreFile(contextIgnoreFile(contextDir)));
    return this.ignores.get(contextDir);
  }
}

/** A bug in berth while checking one file: named, reported as that file's finding, the run goes on. */
function crashed(t: Target, source: Source, e: unknown, out: FileOutcome): void {
  const message = e instanceof Error ? e.message : String(e);
  out.internal.push(`${t.display}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  const d: Diagnostic = {
    rule: 'internal-error',
    aliases: [],
    severity: 'error',
    message: `berth could not check this file (a bug in berth; please report it): ${message}`,
    start: 0,
    end: 0,
    kind: 'syntax',
    url: docsUrlFor('internal-error'),
  };
  out.report = { path: t.display, text: source.text, lines: new LineIndex(source.text), diagnostics: [d] };
}

/**
 * The outcome of a file whose thread died before it answered (a crash in berth that no try could catch): said
 * like any bug on one file. Its text is read again for the report when it can be.
 */
export function lostFile(io: Pick<CliIO, 'readFile' | 'readStdin' | 'writeFile' | 'cwd'>, t: Target, why: string): FileOutcome {
  const out: FileOutcome = { messages: [], internal: [] };
  const got = readSource(io as CliIO, t.path, t.display);
  const source: Source = 'source' in got ? got.source : { bytes: new Uint8Array(), text: '', encoding: 'utf-8', invalid: [] };
  crashed(t, source, new Error(why), out);
  return out;
}

/** A round of fixes made a text that needs the full bash parser, which is not loaded yet (see lintFile). */
class NeedsBashParser extends Error {
  constructor(readonly parsed: ParseResult) {
    super('a fixed text needs the bash parser');
  }
}

/** Lints the versions of one file's text (the file, then each round of fixes), parsing each once. */
class FileLinter {
  private last: { text: string; parsed: ParseResult };

  constructor(
    private readonly display: string,
    source: Source,
    first: ParseResult,
    private readonly config: LintConfig,
    private readonly shellcheck: ((parsed: ParseResult) => { diagnostics: Diagnostic[]; error?: string }) | undefined,
    private readonly quiet: boolean,
    private readonly stderr: (message: string) => void,
    private readonly ruleFailed: (e: { rule: string; error: string }) => void,
    /** Whether a text needs the bash parser and it is not loaded: linting it then throws NeedsBashParser. */
    private readonly shellMissing: (parsed: ParseResult) => boolean = () => false,
  ) {
    this.last = { text: source.text, parsed: first };
  }

  private parsed(text: string): ParseResult {
    if (text !== this.last.text) this.last = { text, parsed: parse(text) };
    return this.last.parsed;
  }

  /** Every finding on a text, with those about its encoding (`decoded` says which bytes it came from). */
  lint(decoded: Decoded): Diagnostic[] {
    const parsed = this.parsed(decoded.text);
    if (this.shellMissing(parsed)) throw new NeedsBashParser(parsed);
    const external = encodingFindings(decoded);
    if (this.shellcheck) {
      const r = this.shellcheck(parsed);
      if (r.error) this.stderr(`berth: ${this.display}: ${r.error}; its findings are missing\n`);
      external.push(...r.diagnostics);
    }
    const res = lint(parsed, this.config, ALL_RULES, external);
    for (const e of res.internalErrors) this.ruleFailed(e);
    return res.diagnostics;
  }

  report(text: string, diagnostics: Diagnostic[]): FileReport {
    return { path: this.display, text, lines: this.parsed(text).lines, diagnostics: this.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics };
  }
}

/**
 * --fix and --fix-dry-run: fixes round after round, applied to the text and, alongside, to the file's bytes, so that
 * nothing outside an edit changes; the fixed bytes must read back as the fixed text, or nothing is written.
 */
function fixFile(source: Source, linter: FileLinter, unsafe: boolean): Checked {
  const editor = new SourceEditor(source.bytes, source);
  // The text as the rounds so far left it, with its undecodable bytes (for the encoding findings).
  let current: Decoded = source;
  let before: FileReport | undefined;
  // The last round's findings: when that round had nothing left to fix, they are the fixed file's findings.
  let last: { text: string; diagnostics: Diagnostic[] } | undefined;
  const fixed = fixAll(
    source.text,
    (text) => {
      if (text !== current.text) throw new Error('the fixed text and the fixed bytes differ');
      const diagnostics = linter.lint(current);
      before ??= linter.report(text, diagnostics);
      last = { text, diagnostics };
      return diagnostics;
    },
    unsafe,
    (edits) => {
      editor.apply(edits);
      const again: DecodeResult = isPlain(source) ? { ...source, text: editor.text() } : decode(editor.encoded());
      if ('unsupported' in again) throw new Error('a fix changed how the file is encoded');
      current = again;
    },
  );
  const original = before as FileReport;
  if (fixed.text === source.text) return { report: original };
  const bytes = editor.encoded();
  const readBack = decode(bytes);
  if ('unsupported' in readBack || readBack.text !== fixed.text) throw new Error('the fixed file does not read back as the fixed text');
  let fixes = 0;
  for (const n of fixed.applied.values()) fixes += n;
  const diagnostics = last?.text === fixed.text ? last.diagnostics : linter.lint(current);
  return { report: linter.report(fixed.text, diagnostics), fixed: { before: original, text: fixed.text, bytes, fixes } };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A small text file's lines (a .dockerignore), or undefined when there is none or it cannot be read. */
/** The report in a format; each format is loaded only when asked for. */
async function formatReports(format: Format, reports: FileReport[], ctx: FormatContext, cwd: string): Promise<string> {
  switch (format) {
    case 'stylish':
      return (await import('../output/stylish.js')).stylish(reports, ctx);
    case 'compact':
      return (await import('../output/stylish.js')).stylish(reports, ctx, true);
    case 'json':
      return (await import('../output/json.js')).json(reports, ctx);
    case 'sarif':
      return (await import('../output/sarif.js')).sarif(reports, { ...ctx, cwd });
    case 'checkstyle':
      return (await import('../output/checkstyle.js')).checkstyle(reports);
    case 'codeclimate':
      return (await import('../output/codeclimate.js')).codeclimate(reports);
    case 'gitlab':
      return (await import('../output/codeclimate.js')).gitlab(reports);
    case 'github':
      return (await import('../output/github.js')).github(reports);
    case 'gnu':
      return (await import('../output/gnu.js')).gnu(reports);
    case 'codacy':
      return (await import('../output/codacy.js')).codacy(reports);
    case 'sonarqube':
      return (await import('../output/sonarqube.js')).sonarqube(reports);
    case 'junit':
      return (await import('../output/junit.js')).junit(reports);
  }
}
