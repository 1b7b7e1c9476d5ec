/**
 * `berth lint [PATH…]`: lint files, folders and globs (default: the current folder); `-` reads standard input.
 * Exit codes: 0 nothing at or above the fail level, 1 findings at or above it (or more warnings than
 * --max-warnings), 2 usage, configuration or I/O error, 3 a bug in berth. See docs/cli.md.
 */
import { statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { LineIndex } from '../../grammar/index.js';
import { SEVERITIES } from '../../rules/define.js';
import { formatNamed, formatNames, type ConfigFragment, type FailLevel, type Format } from '../../rules/engine/config-file.js';
import { ConfigFileError, loadRunConfig } from '../../host/config.js';
import { ExitCode } from '../exit-codes.js';
import { discover, isDockerfileName } from '../files.js';
import { UsageError, type CliIO } from '../io.js';
import type { FileReport, FormatContext } from '../output/model.js';
import { describeError } from '../../host/files.js';
import { VERSION } from '../../host/version.js';
import { cliRules, configKey, FileChecker, type CheckerSettings, type FileOutcome, type LintOptions, type Target } from '../check-file.js';

export type { LintOptions } from '../check-file.js';

function rank(level: FailLevel): number {
  return level === 'none' ? -1 : SEVERITIES.indexOf(level);
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


/** One `berth lint` run: its settings, and what its files have given so far (taken in the files' order). */
class LintRun {
  readonly reports: FileReport[] = [];
  /** Failures that are bugs in berth (exit 3), each with the file it happened on. */
  private readonly internal: string[] = [];
  /** Exit 2 (a file unreadable or unwritable, a configuration error) unless something decides 3. */
  private exit: ExitCode = ExitCode.Ok;
  private fixesApplied = 0;
  private filesFixed = 0;
  /** Files that could not be read, configured, checked or written (each said on stderr). */
  private filesFailed = 0;
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
    /** Paths given that held no Dockerfile (said on stderr, exit 2). */
    private readonly missing: number,
  ) {
    if (missing > 0) this.exit = ExitCode.Usage;
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
    const run = new LintRun(io, settings, targets, runConfig, format, missing.length);
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
    if (o.failed || o.internal.length > 0) this.filesFailed++;
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
      failures: { missing: this.missing, files: this.filesFailed },
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
