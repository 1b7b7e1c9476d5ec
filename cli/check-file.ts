/**
 * Checking one file for `berth lint`, on whichever thread: read → parse → lint (or fix and lint again) → write, each
 * step saying what went wrong into the file's outcome instead of stopping the run. The run itself (options, file
 * discovery, threads, the report) is cli/commands/lint.ts; worker threads (cli/jobs.ts) use this module alone.
 */
import { dirname } from 'node:path';
import { LineIndex, needsBashParser, parse, type ParseResult } from '../grammar/index.js';
import { SEVERITIES } from '../rules/define.js';
import { ALL_RULES, RULES_BY_ID } from '../rules/index.js';
import { BUILTIN_BY_ID } from '../rules/syntax.js';
import type { LintConfig, RuleSetting } from '../rules/engine/config.js';
import { configFromFragment, fixedCheck, type ConfigFragment } from '../rules/engine/config-file.js';
import { fixAll } from '../rules/engine/fix.js';
import { docsUrlFor, lint, ruleNames, type Diagnostic } from '../rules/engine/lint.js';
import { suggest } from '../grammar/index.js';
import { ConfigFileError, ConfigLoader, loadYaml, type LoadedConfig } from '../host/config.js';
import { decode, isPlain, SourceEditor, type DecodeResult, type Decoded } from './encoding.js';
import { UsageError, type CliIO } from './io.js';
import { loadShellParser } from '../host/shell-loader.js';
import { findShellcheck, type ShellcheckSetup } from '../host/shellcheck-find.js';
import type { FileReport } from './output/model.js';
import { contextIgnoreFile, ownIgnoreFile, readIgnoreFile } from '../host/dockerignore.js';
import { describeError } from '../host/files.js';
import { readSource, type Source } from './source.js';

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


/** --rule NAME[=SEVERITY] and --ignore NAME as a config fragment (resolved names, checked). */
export function cliRules(opts: LintOptions): Map<string, RuleSetting> {
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


export const configKey = (path: string): string => `config\u0000${path}`;

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
    const runner = sc && this.shellState !== 'failed' ? await import('../host/shellcheck.js') : undefined;
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
    // The parser failed on a bug in berth (parse keeps it as a finding): said as every bug on a file is, exit 3.
    if (parsed.internalError) throw parsed.internalError;
    if (this.shellMissing(parsed)) throw new NeedsBashParser(parsed);
    const external = encodingFindings(decoded);
    if (this.shellcheck) {
      const r = this.shellcheck(parsed);
      if (r.error) this.stderr(`berth: ${this.display}: ${r.error}; its findings are missing\n`);
      external.push(...r.diagnostics);
    }
    const res = lint(parsed, this.config, ALL_RULES, external);
    for (const e of res.internalErrors) this.ruleFailed(e);
    return decoded.invalid.length > 0 ? withoutLossyFixes(res.diagnostics) : res.diagnostics;
  }

  report(text: string, diagnostics: Diagnostic[]): FileReport {
    return { path: this.display, text, lines: this.parsed(text).lines, diagnostics: this.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics };
  }
}

/**
 * In a file with bytes that are not UTF-8, a fix whose new text holds U+FFFD would write that character's bytes where
 * the file had others (`MAINTAINER me\xe9` → a LABEL with `me\xef\xbf\xbd`): such a finding keeps its message, loses
 * its fix and says why. Fixes that only delete or move nothing of the kind are kept.
 */
function withoutLossyFixes(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => {
    if (!d.fix || !d.fix.edits.some((e) => e.text.includes('\uFFFD'))) return d;
    const { fix: _dropped, ...rest } = d;
    return { ...rest, message: `${d.message} (no automatic fix: it would rewrite bytes that are not UTF-8)` };
  });
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

