/**
 * The `.dockerignore` that applies to a Dockerfile, as BuildKit picks it: `<Dockerfile>.dockerignore` next to the
 * Dockerfile when there is one, else the build context's `.dockerignore`. The CLI (`berth lint`, with `--context`)
 * and the language server (the Dockerfile's folder as the context) both read it here.
 */
import { dirname, join } from 'node:path';
import { readFileBytes } from './files.js';

/** The lines of an ignore file, or undefined when it cannot be read (there is none). */
export function readIgnoreFile(file: string): string[] | undefined {
  try {
    return new TextDecoder().decode(readFileBytes(file)).split(/\r?\n/);
  } catch {
    return undefined;
  }
}

/** The Dockerfile's own ignore file, `<Dockerfile>.dockerignore`, which BuildKit prefers to the context's. */
export const ownIgnoreFile = (dockerfile: string): string => `${dockerfile}.dockerignore`;

/** The ignore file of a build context folder. */
export const contextIgnoreFile = (contextDir: string): string => join(contextDir, '.dockerignore');

/** The ignore file that applies to a Dockerfile built with its own folder as the context, and its lines. */
export function dockerignoreOf(dockerfile: string): { file: string; lines: string[] } | undefined {
  for (const file of [ownIgnoreFile(dockerfile), contextIgnoreFile(dirname(dockerfile))]) {
    const lines = readIgnoreFile(file);
    if (lines) return { file, lines };
  }
  return undefined;
}
