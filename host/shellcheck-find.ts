/** Finding the shellcheck binary: cheap, so `berth lint` can decide before it loads the runner (host/shellcheck.ts). */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface ShellcheckSetup {
  path: string;
  timeoutMs: number;
}

/** The shellcheck binary: the configured path, or the first on PATH; undefined when there is none. */
export function findShellcheck(configured: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const executable = (p: string): boolean => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (configured) return executable(configured) ? configured : undefined;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, process.platform === 'win32' ? 'shellcheck.exe' : 'shellcheck');
    if (executable(p)) return p;
  }
  return undefined;
}

