/** Runs the real `bin/berth.js` (npm test builds dist/ first) in a folder of test files. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin', 'berth.js');
/** The code cache folder of the berth processes tests start (one for all: they share it as users' runs do). */
export const TEST_CACHE = join(tmpdir(), 'berth-test-cache');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs berth. `berth lint` runs without ShellCheck unless `shellcheck: true`, so that tests of berth's own output
 * do not depend on whether and which ShellCheck is installed (test/cli/shellcheck.test.ts runs the real one).
 */
export function berth(args: string[], opts: BerthOptions = {}): Run {
  const r = spawnBerth(args, opts);
  return { code: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

type BerthOptions = { cwd?: string; input?: string | Buffer; env?: Record<string, string>; shellcheck?: boolean };

/** berth() with standard output as bytes (a fixed file from standard input, byte for byte). */
export function berthBytes(args: string[], opts: BerthOptions = {}): { code: number | null; stdout: Buffer; stderr: string } {
  const r = spawnBerth(args, opts);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

function spawnBerth(args: string[], opts: BerthOptions) {
  const extra = args[0] === 'lint' && !opts.shellcheck && !args.some((a) => a.startsWith('--shellcheck')) ? ['--no-shellcheck'] : [];
  return spawnSync(process.execPath, [BIN, ...args, ...extra], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input,
    maxBuffer: 1 << 28,
    env: { ...process.env, NO_COLOR: '1', HOME: opts.cwd ?? tmpdir(), XDG_CONFIG_HOME: join(opts.cwd ?? tmpdir(), '.xdg'), XDG_CACHE_HOME: TEST_CACHE, ...opts.env },
  });
}

/** A fresh folder holding `files` (paths with `/`; Buffers are written as is). */
export function project(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, ...path.split('/'));
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

export const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Undefined when npm's registry answers; else why not (tests that install from it skip, saying so). */
export async function registryReachable(): Promise<string | undefined> {
  let registry = 'https://registry.npmjs.org/';
  try {
    registry = execFileSync(NPM, ['config', 'get', 'registry'], { cwd: ROOT, encoding: 'utf8' }).trim() || registry;
  } catch {
    // the default registry
  }
  try {
    const res = await fetch(new URL('-/ping', registry.endsWith('/') ? registry : `${registry}/`), { signal: AbortSignal.timeout(8000) });
    return res.ok ? undefined : `${registry} answered ${res.status}`;
  } catch (e) {
    return `${registry} is unreachable (${e instanceof Error ? e.message : String(e)})`;
  }
}
