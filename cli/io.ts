/** What a command may do to the outside world; main.ts provides the real one. */
export interface CliIO {
  readFile(path: string): string;
  readStdin(): string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colour output (a TTY without NO_COLOR, or --color). */
  color: boolean;
  cwd: string;
}

export class UsageError extends Error {}

/** Reads a file for a command, turning I/O failures into a clear one-line message. */
export function readSource(io: CliIO, path: string): { text: string } | { error: string } {
  try {
    const text = path === '-' ? io.readStdin() : io.readFile(path);
    return { text };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'ENOENT'
        ? 'no such file'
        : err.code === 'EISDIR'
          ? 'it is a directory'
          : err.code === 'EACCES'
            ? 'permission denied'
            : (err.message ?? String(e));
    return { error: `cannot read ${path}: ${why}` };
  }
}
