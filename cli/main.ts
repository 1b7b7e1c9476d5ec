/**
 * berth's command line. The only module that touches process, stdout, stderr and the exit code; commands get
 * a CliIO and return an exit code (see exit-codes.ts and docs/cli.md).
 */
import { readFileSync } from 'node:fs';
import { ExitCode } from './exit-codes.js';
import { UsageError, type CliIO } from './io.js';

const VERSION = '0.1.0';

const HELP = `berth — a Dockerfile linter and language server

Usage:
  berth lint FILE...                 report problems (exit 1 when there are errors)
  berth parse FILE [--format F]      show how berth reads a Dockerfile
                                     F: json (default), buildkit, tree
  berth --version | --help

FILE may be - for standard input.
Options:
  --color / --no-color               force coloured output on or off (default: on for terminals)

Exit codes: 0 no errors, 1 errors found, 2 usage error or unreadable file, 3 internal error.
`;

interface Parsed {
  command: string | undefined;
  files: string[];
  format: string | undefined;
  color: boolean | undefined;
  help: boolean;
  version: boolean;
}

function parseArgs(argv: string[]): Parsed {
  const out: Parsed = { command: undefined, files: [], format: undefined, color: undefined, help: false, version: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--version' || a === '-v') out.version = true;
    else if (a === '--color') out.color = true;
    else if (a === '--no-color') out.color = false;
    else if (a === '--format' || a === '-f') {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      out.format = v;
    } else if (a.startsWith('--format=')) out.format = a.slice('--format='.length);
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
    else if (out.command === undefined) out.command = a;
    else out.files.push(a);
  }
  return out;
}

export async function main(argv: string[]): Promise<number> {
  const io: CliIO = {
    readFile: (p) => readFileSync(p, 'utf8'),
    readStdin: () => readFileSync(0, 'utf8'),
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    color: false,
    cwd: process.cwd(),
  };
  try {
    const args = parseArgs(argv);
    io.color = args.color ?? (Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
    if (args.version) {
      io.stdout(`${VERSION}\n`);
      return ExitCode.Ok;
    }
    if (args.help || args.command === undefined) {
      io.stdout(HELP);
      return args.help ? ExitCode.Ok : ExitCode.Usage;
    }
    switch (args.command) {
      case 'lint': {
        if (args.files.length === 0) throw new UsageError('lint needs at least one file');
        const { lintCommand } = await import('./commands/lint.js');
        return lintCommand(io, args.files);
      }
      case 'parse': {
        const { parseCommand } = await import('./commands/parse.js');
        return parseCommand(io, args.files, args.format ?? 'json');
      }
      default:
        throw new UsageError(`unknown command "${args.command}" (try berth --help)`);
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
