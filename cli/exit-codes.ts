/** berth's exit codes (documented in docs/cli.md). */
export const ExitCode = {
  /** No problem at error level. */
  Ok: 0,
  /** At least one error was found in the linted files. */
  Findings: 1,
  /** Bad usage, or a file that cannot be read. */
  Usage: 2,
  /** A bug in berth. */
  Internal: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
