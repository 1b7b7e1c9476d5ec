/**
 * berth's command line. The only module that touches process, stdout, stderr and the exit code; commands get
 * a CliIO and return an exit code (see exit-codes.ts and docs/cli.md).
 */
import { parseArgs, type OptionSpec } from './args.js';
import { ExitCode } from './exit-codes.js';
import { UsageError, type CliIO } from './io.js';
import { describeError, readFileBytes, readStdinBytes, replaceFileBytes } from '../host/files.js';
import { VERSION } from '../host/version.js';

const HELP = `berth ${VERSION} — a Dockerfile linter and language server

Usage:
  berth lint [PATH...] [options]   lint files, folders (searched for Dockerfiles) and globs; default: .
  berth format [PATH...] [options] format Dockerfiles: print one (or standard input, -), or --write, --check, --diff
  berth explain RULE... [--format F]  what rules check and why, with examples (id, hadolint code, BuildKit name or
                                   ShellCheck code); F: text (default), markdown (the page editors show)
  berth rules [--format json]      every rule with its aliases, severity and fix
  berth parse FILE [--format F]    how berth reads a Dockerfile; F: json (default), buildkit, tree
  berth lsp --stdio                the language server, for any editor with an LSP client
  berth --version | --help

Lint options:
  -f, --format FORMAT        stylish (default), compact, json, sarif, checkstyle, codeclimate, gitlab, github,
                             gnu, codacy, sonarqube, junit (hadolint's names tty and gitlab_codeclimate work too)
  -o, --output-file FILE     write the report to FILE instead of standard output
  -c, --config FILE          use this .berth.yaml or .hadolint.yaml instead of searching for one
      --no-config            use no configuration file
      --fail-level LEVEL     exit 1 for findings at or above LEVEL: error, warning (default), info, style, none
      --max-warnings N       also exit 1 when there are more than N warnings
      --fix                  apply safe fixes and write the files (standard input: fixed text to stdout)
      --fix-dry-run          show the fixes as a diff, change nothing
      --unsafe-fixes         with --fix or --fix-dry-run, also apply fixes that may change the build
      --rule NAME[=LEVEL]    turn a rule on (or set its severity); repeatable
      --ignore NAME          turn a rule off; repeatable
      --preview              also run preview rules
      --report-unused-suppressions   report suppression comments that suppress nothing
      --stdin-filename NAME  the file name to use for standard input (-): output and config lookup
  -q, --quiet                report errors only
      --verbose              say which configuration file applies to each file
      --context DIR          the build context, for rules that read its .dockerignore (default: each Dockerfile's folder)
      --shellcheck PATH      the shellcheck binary to run on RUN scripts (default: the config's, else PATH's)
      --no-shellcheck        do not run ShellCheck even when it is installed
      --color, --no-color    force coloured output on or off (default: on for a terminal without NO_COLOR)
  -j, --jobs N               check files on N threads (default: half the cores; 1: one thread)

Format options:
      --write                rewrite the files that change (standard input: the formatted text to stdout)
      --check                list the files that would change; exit 1 if there are any
      --diff                 show what would change as a unified diff
      --indent-style STYLE   continuation lines indented with space (default) or tab
      --indent-width N       spaces of a continuation indent, 0 to 16 (default 4)
      --keyword-case CASE    upper (default) or keep
      --reflow-run           break long one-line RUN a && b && c lists, one command per line (--no-reflow-run)
      --line-width N         what a long line is for --reflow-run (default 100)
  -c, --config FILE, --no-config, --stdin-filename NAME   as for lint (the format: section of .berth.yaml)
  Settings: these options, over .berth.yaml's format: section, over .editorconfig (indent_style, indent_size).

Exit codes: 0 no finding at or above the fail level, 1 findings, 2 usage, configuration or I/O error, 3 internal error.
berth format: 0 formatted (or nothing to do), 1 with --check when a file would change, 2 and 3 as for lint.
`;

const SPECS: OptionSpec[] = [
  { name: 'help', short: 'h', kind: 'flag' },
  { name: 'version', short: 'v', kind: 'flag' },
  { name: 'format', short: 'f', kind: 'value' },
  { name: 'output-file', short: 'o', kind: 'value' },
  { name: 'config', short: 'c', kind: 'value' },
  { name: 'no-config', kind: 'flag' },
  { name: 'fail-level', kind: 'value' },
  { name: 'max-warnings', kind: 'value' },
  { name: 'fix', kind: 'flag' },
  { name: 'fix-dry-run', kind: 'flag' },
  { name: 'unsafe-fixes', kind: 'flag' },
  { name: 'rule', kind: 'list' },
  { name: 'ignore', kind: 'list' },
  { name: 'preview', kind: 'flag' },
  { name: 'report-unused-suppressions', kind: 'flag' },
  { name: 'stdin-filename', kind: 'value' },
  { name: 'quiet', short: 'q', kind: 'flag' },
  { name: 'verbose', kind: 'flag' },
  { name: 'shellcheck', kind: 'value' },
  { name: 'context', kind: 'value' },
  { name: 'stdio', kind: 'flag' },
  { name: 'node-ipc', kind: 'flag' },
  { name: 'clientProcessId', kind: 'value' },
  { name: 'no-shellcheck', kind: 'flag' },
  { name: 'color', kind: 'flag', negatable: true },
  { name: 'jobs', short: 'j', kind: 'value' },
  { name: 'write', kind: 'flag' },
  { name: 'check', kind: 'flag' },
  { name: 'diff', kind: 'flag' },
  { name: 'indent-style', kind: 'value' },
  { name: 'indent-width', kind: 'value' },
  { name: 'keyword-case', kind: 'value' },
  { name: 'reflow-run', kind: 'flag', negatable: true },
  { name: 'line-width', kind: 'value' },
];

/** The options of `berth format`; the others are lint's (or lsp's), and `berth format` refuses them. */
const FORMAT_OPTIONS = new Set(['help', 'version', 'color', 'config', 'no-config', 'stdin-filename', 'write', 'check', 'diff', 'indent-style', 'indent-width', 'keyword-case', 'reflow-run', 'line-width']);

/** Refuses options of another command: `berth lint --write`, `berth format --fix` would otherwise do nothing. */
function onlyOptions(command: string, args: ReturnType<typeof parseArgs>, allowed: (name: string) => boolean): void {
  for (const name of [...args.flags.keys(), ...args.values.keys(), ...args.lists.keys()]) {
    if (!allowed(name)) throw new UsageError(`--${name} is not an option of berth ${command} (try berth --help)`);
  }
}

/** hadolint's options that berth spells differently or reads from its configuration, for the usage error. */
const HADOLINT_OPTIONS: Record<string, string> = {
  '--failure-threshold': "hadolint's; berth's is --fail-level LEVEL",
  '-t': "hadolint's --failure-threshold; berth's is --fail-level LEVEL",
  '--no-fail': "hadolint's; berth's is --fail-level none",
  '--error': "hadolint's; berth's is --rule CODE=error",
  '--warning': "hadolint's; berth's is --rule CODE=warning",
  '--info': "hadolint's; berth's is --rule CODE=info",
  '--style': "hadolint's; berth's is --rule CODE=style",
  '--trusted-registry': "hadolint's; in berth, trustedRegistries in .berth.yaml or .hadolint.yaml",
  '--require-label': "hadolint's; in berth, labelSchema in .berth.yaml (label-schema in .hadolint.yaml)",
  '--strict-labels': "hadolint's; in berth, strictLabels in .berth.yaml (strict-labels in .hadolint.yaml)",
  '--disable-ignore-pragma': "hadolint's; in berth, inlineSuppressions: { hadolint: false } in .berth.yaml (disable-ignore-pragma in .hadolint.yaml)",
  '--file-path-in-report': "hadolint's; berth reports each file by its path, and standard input by --stdin-filename NAME",
  '-V': "hadolint's --verbose; berth's is --verbose",
};

/** hadolint's environment variables (hadolint 2.15). berth reads none of them, and says so when one is set. */
const HADOLINT_ENV = [
  'HADOLINT_NOFAIL',
  'HADOLINT_VERBOSE',
  'HADOLINT_FORMAT',
  'HADOLINT_FAILURE_THRESHOLD',
  'HADOLINT_OVERRIDE_ERROR',
  'HADOLINT_OVERRIDE_WARNING',
  'HADOLINT_OVERRIDE_INFO',
  'HADOLINT_OVERRIDE_STYLE',
  'HADOLINT_IGNORE',
  'HADOLINT_TRUSTED_REGISTRIES',
  'HADOLINT_REQUIRE_LABELS',
  'HADOLINT_STRICT_LABELS',
  'HADOLINT_DISABLE_IGNORE_PRAGMA',
];

/**
 * A writer to standard output or error that survives its reader: when the reader goes away (`berth rules | head
 * -1`) the rest of the output is dropped quietly and the command ends as it would have; any other failure (a full
 * disk) is said once on standard error and makes the exit code 2. Guarded on first use, so `berth lsp`, which owns
 * standard output, is left alone.
 */
class Output {
  private open = true;
  private guarded = false;
  /** Why writing failed, other than the reader going away. */
  static failure: string | undefined;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly name: string,
  ) {}

  write(data: string | Uint8Array): void {
    if (!this.guarded) {
      this.guarded = true;
      // Pipes report a failed write asynchronously, as an 'error' event; files and terminals throw.
      this.stream.on('error', (e) => this.fail(e));
    }
    if (!this.open) return;
    try {
      this.stream.write(data);
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown): void {
    if (!this.open) return;
    this.open = false;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED') return;
    Output.failure ??= `cannot write to ${this.name}: ${describeError(e)}`;
    if (this.stream !== process.stderr) stderr.write(`berth: ${Output.failure}\n`);
    process.exitCode = Math.max(Number(process.exitCode ?? 0), ExitCode.Usage);
  }
}
const stdout = new Output(process.stdout, 'standard output');
const stderr = new Output(process.stderr, 'standard error');

/** For bin/berth.js, before it writes V8's code cache: see warm-up.ts. */
export async function warmUp(): Promise<number> {
  return (await import('./warm-up.js')).warmUp();
}

/** The worker threads' side of `berth lint --jobs`, for bin/berth.js started as a worker thread. */
export async function lintWorker(): Promise<void> {
  (await import('./jobs.js')).lintWorker();
}

/**
 * What the program that runs main() offers: `workerScript` starts a thread that checks files (see jobs.ts);
 * `startServer` starts the language server its own way (bin/berth.js: from its code-cached server bundle), else
 * `berth lsp` imports server/main.js.
 */
export interface Host {
  workerScript?: string;
  startServer?: () => void;
}

export async function main(argv: string[], host: Host = {}): Promise<number> {
  const code = await run(argv, host);
  // A write that failed at once (a full disk behind a redirection) outranks findings; a bug still says 3.
  return Output.failure !== undefined && code < ExitCode.Usage ? ExitCode.Usage : code;
}

async function run(argv: string[], host: Host): Promise<number> {
  const io: CliIO = {
    readFile: readFileBytes,
    readStdin: readStdinBytes,
    writeFile: replaceFileBytes,
    stdout: (t) => stdout.write(t),
    stderr: (t) => stderr.write(t),
    color: false,
    cwd: process.cwd(),
    workerScript: host.workerScript,
  };
  try {
    const args = parseArgs(argv, SPECS, HADOLINT_OPTIONS);
    const color = args.flags.get('color');
    io.color = color ?? (Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined);
    if (args.flags.get('version')) {
      io.stdout(`${VERSION}\n`);
      return ExitCode.Ok;
    }
    const [command, ...rest] = args.positionals;
    if (args.flags.get('help') || command === undefined) {
      io.stdout(HELP);
      return args.flags.get('help') ? ExitCode.Ok : ExitCode.Usage;
    }
    // An option that names a file needs a name: `-c ""` or `-o ""` is a mistake, not "no file" or standard output.
    for (const [name, short] of [['config', 'c'], ['output-file', 'o'], ['stdin-filename', ''], ['shellcheck', '']] as const) {
      if (args.values.get(name) === '') throw new UsageError(`${short ? `-${short}/` : ''}--${name} needs a file name, and was given an empty one`);
    }
    switch (command) {
      case 'lint': {
        onlyOptions('lint', args, (n) => !FORMAT_OPTIONS.has(n) || ['help', 'version', 'color', 'config', 'no-config', 'stdin-filename'].includes(n));
        const { lintCommand } = await import('./commands/lint.js');
        const hadolintEnv = HADOLINT_ENV.filter((v) => process.env[v] !== undefined);
        if (hadolintEnv.length > 0) {
          io.stderr(`berth: warning: berth does not read hadolint's environment variables (set here: ${hadolintEnv.join(', ')}); put those settings in .hadolint.yaml or .berth.yaml, or on the command line\n`);
        }
        const max = args.values.get('max-warnings');
        if (max !== undefined && !(/^\d+$/.test(max) && Number.isSafeInteger(Number(max)))) throw new UsageError(`--max-warnings needs a whole number of 0 or more, not "${max}"`);
        const jobs = args.values.get('jobs');
        if (jobs !== undefined && !(/^\d+$/.test(jobs) && Number.isSafeInteger(Number(jobs)))) throw new UsageError(`--jobs needs a whole number of 1 or more, not "${jobs}"`);
        return await lintCommand(io, {
          paths: rest,
          format: args.values.get('format'),
          config: args.values.get('config'),
          noConfig: args.flags.get('no-config') === true,
          failLevel: args.values.get('fail-level'),
          maxWarnings: max === undefined ? undefined : Number(max),
          fix: args.flags.get('fix') === true,
          fixDryRun: args.flags.get('fix-dry-run') === true,
          unsafeFixes: args.flags.get('unsafe-fixes') === true,
          rules: args.lists.get('rule') ?? [],
          ignore: args.lists.get('ignore') ?? [],
          stdinFilename: args.values.get('stdin-filename'),
          reportUnusedSuppressions: args.flags.get('report-unused-suppressions') === true,
          preview: args.flags.get('preview') === true,
          outputFile: args.values.get('output-file'),
          quiet: args.flags.get('quiet') === true,
          verbose: args.flags.get('verbose') === true,
          shellcheck: args.values.get('shellcheck'),
          context: args.values.get('context'),
          noShellcheck: args.flags.get('no-shellcheck') === true,
          color,
          jobs: jobs === undefined ? undefined : Number(jobs),
        });
      }
      case 'format': {
        onlyOptions('format', args, (n) => FORMAT_OPTIONS.has(n));
        const { formatCommand } = await import('./commands/format.js');
        return await formatCommand(io, {
          paths: rest,
          write: args.flags.get('write') === true,
          check: args.flags.get('check') === true,
          diff: args.flags.get('diff') === true,
          config: args.values.get('config'),
          noConfig: args.flags.get('no-config') === true,
          stdinFilename: args.values.get('stdin-filename'),
          indentStyle: args.values.get('indent-style'),
          indentWidth: args.values.get('indent-width'),
          keywordCase: args.values.get('keyword-case'),
          reflowRun: args.flags.get('reflow-run'),
          lineWidth: args.values.get('line-width'),
        });
      }
      case 'lsp': {
        // The connection reads --stdio / --node-ipc from the process arguments and keeps the process alive.
        if (!args.flags.get('stdio') && !args.flags.get('node-ipc')) throw new UsageError('berth lsp needs --stdio (or --node-ipc when started by an editor extension)');
        if (host.startServer) host.startServer();
        else (await import('../server/main.js')).startNodeServer();
        return ExitCode.Ok;
      }
      case 'parse': {
        const { parseCommand } = await import('./commands/parse.js');
        return parseCommand(io, rest, args.values.get('format') ?? 'json');
      }
      case 'rules': {
        const { rulesCommand } = await import('./commands/rules.js');
        return rulesCommand(io, args.values.get('format'));
      }
      case 'explain': {
        const { explainCommand } = await import('./commands/rules.js');
        return explainCommand(io, rest, args.values.get('format'));
      }
      default:
        throw new UsageError(`unknown command "${command}" (try berth --help)`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`berth: ${e.message}\n`);
      return ExitCode.Usage;
    }
    io.stderr(`berth: internal error (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return ExitCode.Internal;
  }
}
