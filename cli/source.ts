/**
 * The one way the command line reads a Dockerfile (a file or standard input) for any command. Every failure is a
 * sentence naming the file, never a stack trace: what host/files.ts refuses to read, a binary file, an encoding
 * berth cannot read.
 */
import { describeError } from '../host/files.js';
import { decode, type Decoded } from './encoding.js';
import type { CliIO } from './io.js';

/** A Dockerfile as read: its bytes and their text. */
export interface Source extends Decoded {
  bytes: Uint8Array;
}

/** A source, or why there is none: the file cannot be read, or what it holds is not a Dockerfile (then its bytes). */
export type ReadResult = { source: Source } | { error: string; bytes?: Uint8Array };

/** Text with a NUL byte near the start is not a Dockerfile. */
function looksBinary(text: string): boolean {
  return text.slice(0, 8000).includes('\u0000');
}

/**
 * Reads a Dockerfile (`-`: standard input) for any command, turning every failure into a message that names it
 * (`display`): the same files are refused, with the same words, by `lint` and `parse`. The bytes of a refused
 * file come back with the error (--fix on standard input echoes them).
 */
export function readSource(io: CliIO, path: string, display: string = path): ReadResult {
  let bytes: Uint8Array;
  try {
    bytes = path === '-' ? io.readStdin() : io.readFile(path);
  } catch (e) {
    return { error: `cannot read ${path === '-' ? 'standard input' : display}: ${describeError(e)}` };
  }
  const decoded = decode(bytes);
  if ('unsupported' in decoded) return { error: `${display}: ${path === '-' ? 'standard input' : 'this file'} cannot be read: ${decoded.unsupported}`, bytes };
  if (looksBinary(decoded.text)) {
    const hint = decoded.encoding === 'utf-8' && bytes[1] === 0 && bytes[3] === 0 ? ' (if it is UTF-16 without a byte order mark, save it as UTF-8)' : '';
    return { error: `${display}: ${path === '-' ? 'standard input looks' : 'this looks'} like a binary file, not a Dockerfile${hint}`, bytes };
  }
  return { source: { ...decoded, bytes } };
}
