/** `berth parse FILE [--format json|buildkit|tree]`: show how berth reads a Dockerfile. */
import { dumpInstruction, parse, type SyntaxElement } from '../../grammar/index.js';
import { ExitCode } from '../exit-codes.js';
import { UsageError, type CliIO } from '../io.js';
import { readSource } from '../source.js';
import { toJson } from './tree-json.js';

export const PARSE_FORMATS = ['json', 'buildkit', 'tree'] as const;
type ParseFormat = (typeof PARSE_FORMATS)[number];

export function parseCommand(io: CliIO, files: string[], format: string): ExitCode {
  if (!(PARSE_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`unknown format "${format}" for parse (choose ${PARSE_FORMATS.join(', ')})`);
  }
  if (files.length !== 1) throw new UsageError('parse takes exactly one file (use - for standard input)');
  const file = files[0] as string;
  const src = readSource(io, file);
  if ('error' in src) {
    io.stderr(`berth: ${src.error}\n`);
    return ExitCode.Usage;
  }
  // What lint reports about the encoding, said here as a warning: the tree is of the text as berth decodes it.
  const name = file === '-' ? 'standard input' : file;
  if (src.source.encoding !== 'utf-8') io.stderr(`berth: warning: ${name} is UTF-16 (${src.source.encoding}); Docker reads Dockerfiles as UTF-8 and cannot build it\n`);
  else if (src.source.invalid.length > 0) io.stderr(`berth: warning: ${name} has bytes that are not valid UTF-8; they read as U+FFFD\n`);
  const result = parse(src.source.text);
  switch (format as ParseFormat) {
    case 'json':
      io.stdout(JSON.stringify(toJson(result, file), null, 2) + '\n');
      break;
    case 'buildkit':
      for (const i of result.dockerfile.instructions) io.stdout(dumpInstruction(i) + '\n');
      break;
    case 'tree':
      io.stdout(renderTree(result.tree, 0));
      break;
  }
  // The parser failed on a bug in berth: its tree (one Error node) is printed above, the stack goes to stderr, exit 3.
  const crash = result.internalError;
  if (crash) {
    io.stderr(`berth: internal error (please report it): ${file}: ${crash.stack ?? crash.message}\n`);
    return ExitCode.Internal;
  }
  return result.errors.some((e) => e.severity === 'error') ? ExitCode.Findings : ExitCode.Ok;
}

/** The lossless tree, one element per line: kind, range, and for tokens their text. */
export function renderTree(el: SyntaxElement, depth: number): string {
  const pad = '  '.repeat(depth);
  if (el.isToken) return `${pad}${el.kind}@${el.start}..${el.end} ${JSON.stringify(el.text())}\n`;
  let out = `${pad}${el.kind}@${el.start}..${el.end}\n`;
  for (const c of el.children) out += renderTree(c, depth + 1);
  return out;
}
