/** What a command may do to the outside world; main.ts provides the real one (tests may wrap it). */
export interface CliIO {
  /** A file's bytes; throws when it cannot be read (host/files.ts says why in words). */
  readFile(path: string): Uint8Array;
  readStdin(): Uint8Array;
  /** Replaces a file's bytes in place, unless it no longer holds `expected` or cannot be written (then throws). */
  writeFile(path: string, bytes: Uint8Array, expected: Uint8Array): void;
  /** Standard output: text, or bytes written as they are (a fixed file from standard input). */
  stdout(data: string | Uint8Array): void;
  stderr(text: string): void;
  /** Colour output (a TTY without NO_COLOR, or --color). */
  color: boolean;
  cwd: string;
}

export class UsageError extends Error {}
