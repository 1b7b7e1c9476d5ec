/**
 * `berth lint [PATH…]`: lint files, folders and globs (default: the current folder); `-` reads standard input.
 * Exit codes: 0 nothing at or above the fail level, 1 findings at or above it (or more warnings than
 * --max-warnings), 2 usage, configuration or I/O error, 3 a bug in berth. See docs/cli.md.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { needsBashParser, parse, type ParseResult } from '../../grammar/index.js';
import { SEVERITIES } from '../../rules/define.js';
import { ALL_RULES, RULES_BY_ID } from '../../rules/index.js';
import { BUILTIN_BY_ID } from '../../rules/syntax.js';
import { defaultConfig, mergeConfig, type LintConfig, type RuleSetting } from '../../rules/engine/config.js';
import { configFromFragment, fixedCheck, formatNamed, formatNames, type ConfigFragment, type FailLevel, type Format } from '../../rules/engine/config-file.js';
import { fixAll } from '../../rules/engine/fix.js';
import { lint, ruleNames, type Diagnostic } from '../../rules/engine/lint.js';
import { suggest } from '../../grammar/index.js';
import { ConfigFileError, ConfigLoader, loadYaml, type LoadedConfig } from '../config.js';
import { ExitCode } from '../exit-codes.js';
import { discover } from '../files.js';
import { UsageError, type CliIO } from '../io.js';
import { loadShellParser } from '../shell-loader.js';
import { findShellcheck, type ShellcheckSetup } from '../shellcheck-find.js';
import type { FileReport } from '../output/model.js';
import { VERSION } from '../version.js';

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

function looksBinary(text: string): boolean {
  return text.slice(0, 8000).includes('\u0000');
}

/** Text that may hold a RUN (or ONBUILD RUN): only then is the bash parser needed. */

export async function lintCommand(io: CliIO, opts: LintOptions): Promise<ExitCode> {
  const formatArg = opts.format === undefined ? undefined : formatNamed(opts.format);
  if (opts.format !== undefined && formatArg === undefined) {
    throw new UsageError(`unknown format "${opts.format}" (choose ${formatNames()})`);
  }
  const failArg = opts.failLevel?.toLowerCase();
  if (failArg !== undefined && failArg !== 'none' && !(SEVERITIES as readonly string[]).includes(failArg)) {
    throw new UsageError(`unknown --fail-level "${opts.failLevel}" (choose ${SEVERITIES.join(', ')} or none)`);
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
  const cli = cliRules(opts);
  const loader = new ConfigLoader(io.cwd);
  let exit: ExitCode = ExitCode.Ok;

  // An explicit config is loaded up front: a broken one stops everything (exit 2).
  let explicit: LoadedConfig | undefined;
  // Each configuration file's warnings are said once, when it is first used.
  const warned = new Set<string>();
  const configFor = (dir: string): LoadedConfig | undefined => {
    if (opts.noConfig) return undefined;
    const loaded = explicit ?? loader.forDirectory(dir);
    if (loaded && !warned.has(loaded.path)) {
      warned.add(loaded.path);
      for (const w of loaded.warnings) io.stderr(`berth: warning: ${w}\n`);
    }
    return loaded;
  };
  try {
    if (opts.config) {
      await loadYaml();
      explicit = loader.load(opts.config);
    }
  } catch (e) {
    if (e instanceof ConfigFileError) {
      io.stderr(`berth: invalid configuration\n${e.message}\n`);
      return ExitCode.Usage;
    }
    throw e;
  }

  const paths = opts.paths.length > 0 ? opts.paths : ['.'];
  const stdin = paths.includes('-');
  const onDisk = paths.filter((p) => p !== '-');
  let cwdConfig: LoadedConfig | undefined;
  try {
    if (!opts.noConfig && loader.fileFor(io.cwd)) await loadYaml();
    cwdConfig = configFor(io.cwd);
  } catch (e) {
    if (e instanceof ConfigFileError) {
      io.stderr(`berth: invalid configuration\n${e.message}\n`);
      return ExitCode.Usage;
    }
    throw e;
  }
  const { files, missing } = onDisk.length > 0 ? discover(onDisk, { cwd: io.cwd, exclude: cwdConfig?.fragment.files.exclude ?? [], include: cwdConfig?.fragment.files.include ?? [] }) : { files: [], missing: [] };
  for (const m of missing) {
    io.stderr(`berth: ${m}: no Dockerfile there (berth looks for Dockerfile, Dockerfile.*, *.Dockerfile and Containerfile)\n`);
    exit = ExitCode.Usage;
  }

  const reports: FileReport[] = [];
  const internal: string[] = [];
  const outputs: Array<{ path: string; before: string; after: string }> = [];
  let fixesApplied = 0;
  // Settings of the whole run: the command line, else --config, else the config of the working folder.
  const runConfig = cwdConfig?.fragment.cli;
  const format: Format = formatArg ?? (runConfig?.format as Format | undefined) ?? 'stylish';
  const failLevel: FailLevel | undefined = (failArg as FailLevel | undefined) ?? runConfig?.failLevel;
  const maxWarnings = opts.maxWarnings ?? runConfig?.maxWarnings;
  const noFail = runConfig?.noFail === true;
  const verboseLog = opts.verbose || runConfig?.verbose === true;

  // The full bash parser (WebAssembly) loads on the first file with a script berth's fast reader does not take
  // (`if`, loops, `case`, heredocs…); files of plain command lists never wait for it.
  let shellState: 'unloaded' | 'ready' | 'failed' = 'unloaded';
  const ensureShell = async (parsed: ParseResult): Promise<void> => {
    if (shellState !== 'unloaded' || !needsBashParser(parsed)) return;
    const error = await loadShellParser();
    shellState = error ? 'failed' : 'ready';
    if (error) io.stderr(`berth: cannot load the bash parser, so rules that look inside RUN are skipped: ${error}\n`);
  };

  // ShellCheck: found once per binary setting; missing is not an error (said once with --verbose).
  const found = new Map<string, ShellcheckSetup | undefined>();
  let saidMissing = false;
  const shellcheckFor = (cfg: { enabled?: boolean; path?: string; timeout?: number } | undefined): ShellcheckSetup | undefined => {
    if (opts.noShellcheck || (cfg?.enabled === false && !opts.shellcheck)) return undefined;
    const configured = opts.shellcheck ?? cfg?.path;
    const key = `${configured ?? ''}\u0000${cfg?.timeout ?? ''}`;
    if (!found.has(key)) {
      const path = findShellcheck(configured);
      found.set(key, path ? { path, timeoutMs: cfg?.timeout ?? 20_000 } : undefined);
      if (!path && configured) {
        io.stderr(`berth: shellcheck not found at ${configured}; linting without it\n`);
      } else if (!path && verboseLog && !saidMissing) {
        saidMissing = true;
        io.stderr('berth: shellcheck is not installed (not on PATH): SC rules are skipped\n');
      }
    }
    return found.get(key);
  };

  // The build context's .dockerignore, read once per folder.
  const readLines = (file: string): string[] | undefined => {
    try {
      return readFileSync(file, 'utf8').split(/\r?\n/);
    } catch {
      return undefined;
    }
  };
  const ignores = new Map<string, string[] | undefined>();
  const dockerignoreFor = (contextDir: string): string[] | undefined => {
    if (!ignores.has(contextDir)) ignores.set(contextDir, readLines(join(contextDir, '.dockerignore')));
    return ignores.get(contextDir);
  };

  const lintOne = async (path: string, display: string, text: string, dir: string): Promise<void> => {
    // Parsed once: to see whether the file needs the full bash parser, then for the lint and the report.
    const first = parse(text);
    await ensureShell(first);
    if (!opts.noConfig && !explicit && loader.fileFor(dir)) await loadYaml();
    let loaded: LoadedConfig | undefined;
    try {
      loaded = configFor(dir);
    } catch (e) {
      if (e instanceof ConfigFileError) {
        io.stderr(`berth: invalid configuration\n${e.message}\n`);
        exit = ExitCode.Usage;
        return;
      }
      throw e;
    }
    if (verboseLog) io.stderr(`berth: ${display}: ${loaded ? `config ${loaded.path}` : 'no config file'}\n`);
    const frag = loaded?.fragment;
    const config = toLintConfig(frag, opts, cli);
    // BuildKit prefers `<Dockerfile>.dockerignore` next to the Dockerfile over the context's `.dockerignore`.
    const own = path === '-' ? undefined : readLines(`${path}.dockerignore`);
    const ignore = own ?? dockerignoreFor(contextDir ?? (path === '-' ? dir : dirname(path)));
    if (ignore) config.settings = { ...config.settings, dockerignore: ignore };
    const sc = shellcheckFor(frag?.shellcheck);
    const runner = sc && shellState !== 'failed' ? await import('../shellcheck.js') : undefined;
    // The last text parsed and its parse: the report and --fix's last round ask again for the text just linted.
    let last = { text, parsed: first };
    const parsedOf = (t: string): ParseResult => {
      if (t !== last.text) last = { text: t, parsed: parse(t) };
      return last.parsed;
    };
    const run = (t: string): Diagnostic[] => {
      const parsed = parsedOf(t);
      let external: Diagnostic[] = [];
      if (sc && runner) {
        const r = runner.runShellcheck(parsed, sc);
        if (r.error) io.stderr(`berth: ${display}: ${r.error}; its findings are missing\n`);
        external = r.diagnostics;
      }
      const res = lint(parsed, config, ALL_RULES, external);
      for (const e of res.internalErrors) {
        if (e.rule === 'shell' && shellState === 'failed') continue;
        internal.push(`${display}: rule ${e.rule} failed: ${e.error}`);
      }
      return res.diagnostics;
    };
    let current = text;
    if (opts.fix || opts.fixDryRun) {
      const fixed = fixAll(text, run, opts.unsafeFixes);
      current = fixed.text;
      if (current !== text) {
        outputs.push({ path, before: text, after: current });
        for (const n of fixed.applied.values()) fixesApplied += n;
      }
    }
    let diagnostics = run(current);
    if (opts.quiet) diagnostics = diagnostics.filter((d) => d.severity === 'error');
    reports.push({ path: display, text: current, lines: parsedOf(current).lines, diagnostics });
  };

  const displayPath = (abs: string): string => {
    const rel = relative(io.cwd, abs);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
  };

  for (const file of files) {
    let text: string;
    try {
      text = io.readFile(file);
    } catch (e) {
      io.stderr(`berth: cannot read ${displayPath(file)}: ${(e as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : String((e as Error).message)}\n`);
      exit = ExitCode.Usage;
      continue;
    }
    if (looksBinary(text)) {
      io.stderr(`berth: ${displayPath(file)}: this looks like a binary file, not a Dockerfile; skipped\n`);
      exit = ExitCode.Usage;
      continue;
    }
    await lintOne(file, displayPath(file), text, dirname(file));
  }
  if (stdin) {
    const text = io.readStdin();
    const name = opts.stdinFilename ?? '-';
    if (looksBinary(text)) {
      io.stderr(`berth: ${name}: standard input looks like a binary file, not a Dockerfile\n`);
      exit = ExitCode.Usage;
    } else {
      await lintOne('-', name === '-' ? '-' : displayPath(resolve(io.cwd, name)), text, opts.stdinFilename ? dirname(resolve(io.cwd, opts.stdinFilename)) : io.cwd);
    }
  }

  // Fixes: written to disk with --fix (standard input's fixed text goes to stdout), shown as a diff with --fix-dry-run.
  let report = '';
  let fixedStdin: string | undefined;
  for (const o of outputs) {
    if (opts.fix) {
      if (o.path === '-') fixedStdin = o.after;
      else {
        try {
          writeFileSync(o.path, o.after);
        } catch (e) {
          io.stderr(`berth: cannot write ${displayPath(o.path)}: ${String((e as Error).message)}\n`);
          exit = ExitCode.Usage;
        }
      }
    }
  }
  if (stdin && opts.fix && fixedStdin === undefined) fixedStdin = reports.find((r) => r.path === (opts.stdinFilename ? displayPath(resolve(io.cwd, opts.stdinFilename)) : '-'))?.text;

  // Colour: --color/--no-color, else the configuration's no-color (hadolint's), else a terminal without NO_COLOR.
  const color = opts.color ?? (runConfig?.color === false ? false : io.color);
  const ctx = {
    color: color && !opts.outputFile,
    version: VERSION,
    fixHint: !opts.fix,
    quiet: opts.quiet,
    fixed: { fixes: fixesApplied, files: outputs.length, dryRun: opts.fixDryRun },
  };
  // Each format is loaded only when asked for.
  switch (format) {
    case 'stylish':
      report = (await import('../output/stylish.js')).stylish(reports, ctx);
      break;
    case 'compact':
      report = (await import('../output/stylish.js')).stylish(reports, ctx, true);
      break;
    case 'json':
      report = (await import('../output/json.js')).json(reports, ctx);
      break;
    case 'sarif':
      report = (await import('../output/sarif.js')).sarif(reports, { ...ctx, cwd: io.cwd });
      break;
    case 'checkstyle':
      report = (await import('../output/checkstyle.js')).checkstyle(reports);
      break;
    case 'codeclimate':
      report = (await import('../output/codeclimate.js')).codeclimate(reports);
      break;
    case 'gitlab':
      report = (await import('../output/codeclimate.js')).gitlab(reports);
      break;
    case 'github':
      report = (await import('../output/github.js')).github(reports);
      break;
    case 'gnu':
      report = (await import('../output/gnu.js')).gnu(reports);
      break;
    case 'codacy':
      report = (await import('../output/codacy.js')).codacy(reports);
      break;
    case 'sonarqube':
      report = (await import('../output/sonarqube.js')).sonarqube(reports);
      break;
    case 'junit':
      report = (await import('../output/junit.js')).junit(reports);
      break;
  }
  if (opts.fixDryRun && (format === 'stylish' || format === 'compact')) {
    const { createTwoFilesPatch } = await import('diff');
    const diffs = outputs.map((o) => createTwoFilesPatch(displayPath(o.path), displayPath(o.path), o.before, o.after, '', '(fixed)')).join('');
    report = diffs + report;
  }
  if (opts.outputFile) {
    try {
      writeFileSync(resolve(io.cwd, opts.outputFile), report);
    } catch (e) {
      io.stderr(`berth: cannot write ${opts.outputFile}: ${String((e as Error).message)}\n`);
      exit = ExitCode.Usage;
    }
  } else if (fixedStdin !== undefined) {
    io.stdout(fixedStdin);
    io.stderr(report);
  } else {
    io.stdout(report);
  }

  for (const msg of internal) io.stderr(`berth: internal error (please report it): ${msg}\n`);
  if (internal.length > 0) return ExitCode.Internal;
  if (exit !== ExitCode.Ok) return exit;
  if (noFail) return ExitCode.Ok;
  const level: FailLevel = failLevel ?? 'warning';
  const all = reports.flatMap((r) => r.diagnostics);
  if (all.some((d) => rank(level) >= 0 && SEVERITIES.indexOf(d.severity) <= rank(level))) return ExitCode.Findings;
  if (maxWarnings !== undefined && maxWarnings >= 0 && all.filter((d) => d.severity === 'warning').length > maxWarnings) return ExitCode.Findings;
  return ExitCode.Ok;
}
