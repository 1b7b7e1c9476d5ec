/** berth's exit codes (documented in docs/cli.md). */
export const ExitCode = {
  /** No problem at error level. */
  Ok: 0,
  /** At least one error was found in the linted files. */
  Findings: 1,
  /**
   * Bad usage or configuration, a file that cannot be read or is not a Dockerfile, a fixed file or the report that
   * cannot be written. Said per file; the other files are still checked.
   */
  Usage: 2,
  /** A bug in berth (on one file: the others are still checked). */
  Internal: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
