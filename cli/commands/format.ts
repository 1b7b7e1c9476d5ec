/**
 * `berth format [PATH…]`: formats Dockerfiles (format/). Without a mode it prints the formatted text of one file
 * or of standard input (`-`); `--write` rewrites the files that change; `--check` lists them and exits 1;
 * `--diff` shows what would change as a unified diff. Files are found as `berth lint` finds them. The settings of
 * each file: the command line's, over its `.berth.yaml`'s `format:` section, over its `.editorconfig`
 * (indent_style, indent_size), over the defaults. Files are read and written as bytes: what the formatter does not
 * change (a byte order mark, CRLF, bytes that are not UTF-8) stays byte for byte.
 * Exit codes: 0; 1 with --check when a file would change; 2 usage, configuration or I/O error (the other files
 * are still formatted); 3 a bug in berth.
 */
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { parse } from '../../grammar/index.js';
import { format, type FormatOptions } from '../../format/index.js';
import type { FormatterSettings } from '../../rules/engine/config-file.js';
import { ConfigFileError, ConfigLoader, loadRunConfig, loadYaml, type LoadedConfig } from '../../host/config.js';
import { EditorconfigLoader } from '../../host/editorconfig.js';
import { SourceEditor } from '../encoding.js';
import { ExitCode } from '../exit-codes.js';
import { discover } from '../files.js';
import { UsageError, type CliIO } from '../io.js';
import { loadShellParser } from '../../host/shell-loader.js';
import { describeError } from '../../host/files.js';
import { readSource } from '../source.js';

export interface FormatCommandOptions {
  paths: string[];
  write: boolean;
  check: boolean;
  diff: boolean;
  config?: string;
  noConfig: boolean;
  stdinFilename?: string;
  indentStyle?: string;
  indentWidth?: string;
  keywordCase?: string;
  reflowRun?: boolean;
  lineWidth?: string;
}

/** The command line's formatter options, checked. */
function cliOptions(o: FormatCommandOptions): FormatOptions {
  const out: FormatOptions = {};
  if (o.indentStyle !== undefined) {
    if (o.indentStyle !== 'space' && o.indentStyle !== 'tab') throw new UsageError(`--indent-style takes space or tab, not "${o.indentStyle}"`);
    out.indentStyle = o.indentStyle;
  }
  if (o.indentWidth !== undefined) {
    if (!/^\d+$/.test(o.indentWidth) || Number(o.indentWidth) > 16) throw new UsageError(`--indent-width takes a whole number from 0 to 16, not "${o.indentWidth}"`);
    out.indentWidth = Number(o.indentWidth);
  }
  if (o.keywordCase !== undefined) {
    if (o.keywordCase !== 'upper' && o.keywordCase !== 'keep') throw new UsageError(`--keyword-case takes upper or keep, not "${o.keywordCase}"`);
    out.keywordCase = o.keywordCase;
  }
  if (o.reflowRun !== undefined) out.reflowRun = o.reflowRun;
  if (o.lineWidth !== undefined) {
    if (!/^\d+$/.test(o.lineWidth) || Number(o.lineWidth) < 20 || Number(o.lineWidth) > 1000) throw new UsageError(`--line-width takes a whole number from 20 to 1000, not "${o.lineWidth}"`);
    out.lineWidth = Number(o.lineWidth);
  }
  return out;
}

interface Target {
  path: string;
  display: string;
  /** The file whose folder the settings are looked up from (the --stdin-filename for standard input). */
  settingsFile: string;
}

export async function formatCommand(io: CliIO, opts: FormatCommandOptions): Promise<ExitCode> {
  if (opts.write && (opts.check || opts.diff)) throw new UsageError('--write cannot be combined with --check or --diff');
  const fromCli = cliOptions(opts);
  // A file that cannot be used is a usage error (exit 2), said as cli/main.ts says every one.
  const configs = await loadRunConfig(io.cwd, opts).catch((e: unknown) => {
    throw e instanceof ConfigFileError ? new UsageError(e.report()) : e;
  });
  const { loader, explicit, cwdConfig } = configs;

  let exit: ExitCode = ExitCode.Ok;
  const paths = opts.paths.length > 0 ? opts.paths : ['.'];
  const onDisk = paths.filter((p) => p !== '-');
  const { files, missing } = onDisk.length > 0 ? discover(onDisk, { cwd: io.cwd, exclude: cwdConfig?.fragment.files.exclude ?? [], include: cwdConfig?.fragment.files.include ?? [] }) : { files: [], missing: [] };
  for (const m of missing) {
    io.stderr(`berth: ${m}: no Dockerfile there (berth looks for Dockerfile, Dockerfile.*, *.Dockerfile and Containerfile)\n`);
    exit = ExitCode.Usage;
  }
  const display = (abs: string): string => {
    const rel = relative(io.cwd, abs);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
  };
  const targets: Target[] = files.map((f) => ({ path: f, display: display(f), settingsFile: f }));
  if (paths.includes('-')) {
    const named = opts.stdinFilename === undefined || opts.stdinFilename === '-' ? undefined : resolve(io.cwd, opts.stdinFilename);
    targets.push({ path: '-', display: named === undefined ? '-' : display(named), settingsFile: named ?? resolve(io.cwd, 'Dockerfile') });
  }
  const printing = !opts.write && !opts.check && !opts.diff;
  if (printing && targets.length > 1) {
    throw new UsageError(`berth format prints one file, and ${targets.length} were found; use --write, --check or --diff for several`);
  }
  if (targets.length === 0) return exit;

  const editorconfig = new EditorconfigLoader();
  const settingsFor = async (t: Target): Promise<FormatOptions> => {
    let fromConfig: FormatterSettings | undefined;
    if (!opts.noConfig && !explicit && loader.fileFor(dirname(t.settingsFile))) await loadYaml();
    if (!opts.noConfig) fromConfig = (explicit ?? loader.forDirectory(dirname(t.settingsFile)))?.fragment.formatter;
    return { ...editorconfig.indentFor(t.settingsFile), ...(fromConfig ?? {}), ...fromCli };
  };

  let shellLoaded = false;
  const changed: string[] = [];
  let unchanged = 0;
  const diffs: string[] = [];
  let internal = false;
  for (const t of targets) {
    let options: FormatOptions;
    try {
      options = await settingsFor(t);
    } catch (e) {
      if (!(e instanceof ConfigFileError)) throw e;
      io.stderr(`berth: ${e.report()}\n`);
      exit = ExitCode.Usage;
      continue;
    }
    // Reflowing RUN lists reads scripts with the shell model; the bash parser is loaded for the scripts the fast
    // reader leaves to it.
    if (options.reflowRun && !shellLoaded) {
      shellLoaded = true;
      await loadShellParser();
    }
    const got = readSource(io, t.path, t.display);
    if ('error' in got) {
      io.stderr(`berth: ${got.error}${got.bytes ? '; skipped' : ''}\n`);
      exit = ExitCode.Usage;
      // Printing standard input: what came in goes out, whatever happens (an editor replaces its text with it). A
      // named file that is no Dockerfile is not printed (its bytes would go to a terminal).
      if (printing && t.path === '-' && got.bytes) io.stdout(got.bytes);
      continue;
    }
    const source = got.source;
    let text: string;
    let bytes: Uint8Array;
    try {
      const parsed = parse(source.text);
      // The parser failed (a bug): its fallback tree says nothing to format by; said below like any other bug.
      if (parsed.internalError) throw parsed.internalError;
      const edits = format({ text: source.text, parse: parsed }, options);
      const editor = new SourceEditor(source.bytes, source);
      editor.apply(edits);
      text = editor.text();
      bytes = edits.length === 0 ? source.bytes : editor.encoded();
    } catch (e) {
      io.stderr(`berth: internal error (please report it): ${t.display}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      internal = true;
      if (printing && t.path === '-') io.stdout(source.bytes);
      continue;
    }
    const differs = text !== source.text;
    // Printed, or --write on standard input: the formatted text goes to standard output, changed or not.
    if (printing || (opts.write && t.path === '-')) io.stdout(bytes);
    if (printing) continue;
    if (!differs) {
      unchanged++;
      continue;
    }
    changed.push(t.display);
    if (opts.diff) {
      const { createTwoFilesPatch } = await import('diff');
      diffs.push(createTwoFilesPatch(t.display, t.display, source.text, text, '', '(formatted)'));
    }
    if (opts.write && t.path !== '-') {
      try {
        io.writeFile(t.path, bytes, source.bytes);
      } catch (e) {
        io.stderr(`berth: cannot write ${t.display}: ${describeError(e)}\n`);
        exit = ExitCode.Usage;
        changed.pop();
      }
    }
  }
  if (opts.diff) io.stdout(diffs.join(''));
  if (opts.check) for (const c of changed) io.stdout(`${c}\n`);
  if (!printing) {
    const n = (k: number): string => `${k} file${k === 1 ? '' : 's'}`;
    const verb = opts.write ? 'formatted' : 'would be formatted';
    io.stderr(`berth: ${n(changed.length)} ${verb}, ${n(unchanged)} already formatted\n`);
  }
  if (internal) return ExitCode.Internal;
  if (exit !== ExitCode.Ok) return exit;
  return opts.check && changed.length > 0 ? ExitCode.Findings : ExitCode.Ok;
}
