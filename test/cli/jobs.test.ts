/**
 * `berth lint --jobs N`: files checked on worker threads print exactly what --jobs 1 prints, in the same order, in
 * every format, with --fix writing the same files; a worker that dies costs only the file it was checking.
 * The command line runs as a child process (bin/berth.js, its workers the same file as threads); the failure cases
 * run lintCommand in process with a worker script that wraps bin/berth.js and dies where told to.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultLanes, lintCommand, workerCount, type LintOptions } from '../../cli/commands/lint.js';
import { BIN, TEST_CACHE, project } from '../helpers/cli.js';
import { lintOptions, memoryIO } from '../helpers/in-process.js';

const KINDS = [
  'FROM alpine:3.20 AS Build\nRUN apt-get install curl\nCMD ["a"]\n',
  'FROM ubuntu\nRUN cd /tmp && if [ -f x ]; then echo y; fi\nMAINTAINER me\n',
  'FROM debian:12\r\nRUN apt-get update && apt-get install -y --no-install-recommends curl\r\nUSER app\r\nCMD ["run"]\r\n',
  'FROM node:20\nCOPY . /app\nWORKDIR app\nRUN npm install\nENTRYPOINT npm start\n',
  'FROM python:3.12\nRUN pip install flask\nEXPOSE 80000\nCMD python app.py\n',
  'from scratch\nCOPY --from=Build /a /b\n',
];

/** 80 Dockerfiles in folders, one folder with a configuration file, a link to nothing (a file that cannot be read). */
function corpus(n = 80): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) files[`s${String(i % 7)}/d${String(i).padStart(2, '0')}/Dockerfile`] = KINDS[i % KINDS.length] as string;
  files['s3/.berth.yaml'] = 'rules:\n  stage-name-casing: off\n';
  const dir = project(files);
  symlinkSync(join(dir, 'nowhere'), join(dir, 's5', 'Dockerfile.broken'));
  return dir;
}

function berth(dir: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'lint', '--no-shellcheck', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', HOME: dir, XDG_CONFIG_HOME: join(dir, '.xdg'), XDG_CACHE_HOME: TEST_CACHE } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const paths = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => /Dockerfile/.test(p))
    .sort();

describe('--jobs', { timeout: 120_000 }, () => {
  it('threads only when there are files enough for them; --jobs 1 never', () => {
    expect(workerCount(1, 5000, true)).toBe(0);
    expect(workerCount(4, 3, true)).toBe(0);
    expect(workerCount(4, 5000, false)).toBe(0);
    expect(workerCount(2, 5000, true)).toBe(1);
    expect(workerCount(8, 5000, true)).toBe(7);
    expect(workerCount(8, 72, true)).toBe(2);
  });

  it('by default, half the cores (one thread keeps one and a half busy): none besides this one on two cores', () => {
    expect(defaultLanes()).toBe(Math.max(1, Math.floor(availableParallelism() / 2)));
    expect(workerCount(undefined, 5000, true)).toBe(defaultLanes() - 1);
  });

  it('--jobs 0 and --jobs x are usage errors', () => {
    const dir = corpus();
    for (const bad of ['0', 'x', '-1']) {
      const r = berth(dir, ['--jobs', bad, '.']);
      expect(r.code, bad).toBe(2);
      expect(r.stderr, bad).toMatch(/--jobs needs a whole number of 1 or more/);
    }
  });

  for (const format of ['stylish', 'compact', 'json', 'sarif', 'junit']) {
    it(`${format}: the same bytes, stderr and exit code as --jobs 1, folders and paths alike`, () => {
      const dir = corpus();
      const args = ['-f', format, '--verbose', '.', 's5/Dockerfile.broken'];
      const one = berth(dir, ['--jobs', '1', ...args]);
      expect(one.code).toBe(2);
      expect(one.stderr).toMatch(/cannot read s5\/Dockerfile\.broken: it is a symbolic link/);
      expect(one.stderr).toMatch(/s3\/d\d+\/Dockerfile: config .*s3\/\.berth\.yaml/);
      for (const jobs of ['2', '4']) {
        expect(berth(dir, ['--jobs', jobs, ...args]), jobs).toEqual(one);
      }
      const listed = paths(dir);
      expect(berth(dir, ['-f', format, ...listed])).toEqual(berth(dir, ['-f', format, '--jobs', '1', ...listed]));
    });
  }

  it('--fix writes the same files and says the same as --jobs 1; --fix-dry-run prints the same diff', () => {
    const a = corpus();
    const b = corpus();
    expect(berth(b, ['--fix-dry-run', '--jobs', '3', '.'])).toEqual(berth(a, ['--fix-dry-run', '--jobs', '1', '.']));
    const one = berth(a, ['--fix', '--unsafe-fixes', '--jobs', '1', '.']);
    const many = berth(b, ['--fix', '--unsafe-fixes', '--jobs', '3', '.']);
    expect(many).toEqual(one);
    expect(one.code).toBe(1);
    expect(one.stdout).toMatch(/fix/);
    const files = paths(a).filter((p) => !p.endsWith('.broken'));
    expect(files.map((p) => readFileSync(join(b, p), 'utf8'))).toEqual(files.map((p) => readFileSync(join(a, p), 'utf8')));
    expect(files.some((p) => readFileSync(join(a, p), 'utf8') !== KINDS[Number(/d(\d+)/.exec(p)?.[1]) % KINDS.length])).toBe(true);
  });
});

describe('a worker that dies', { timeout: 120_000 }, () => {
  /**
   * A worker script: bin/berth.js as a thread, which notes that it started and exits when it is given a file —
   * `first`: its first one; else the first one after it has answered for one (the file it is checking then dies with it).
   */
  function wrapper(dir: string, when: 'first' | 'after-one'): { script: string; log: string } {
    const script = join(dir, 'worker.cjs');
    const log = join(dir, 'workers.log');
    writeFileSync(
      script,
      `const { parentPort } = require('node:worker_threads');\n` +
        `require('node:fs').appendFileSync(${JSON.stringify(log)}, 'started\\n');\n` +
        `let answered = ${when === 'first'};\n` +
        `const post = parentPort.postMessage.bind(parentPort);\n` +
        `parentPort.postMessage = (m) => { answered = true; post(m); };\n` +
        `parentPort.on('message', (m) => { if (answered && m.target) process.exit(9); });\n` +
        `require(${JSON.stringify(BIN)});\n`,
    );
    appendFileSync(log, '');
    return { script, log };
  }

  async function run(dir: string, o: Partial<LintOptions>, workerScript?: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const { cli, out } = memoryIO(dir, { workerScript });
    const code = await lintCommand(cli, lintOptions({ paths: ['.'], jobs: 3, ...o }));
    return { code, ...out };
  }

  it('costs the file it was checking (an internal-error finding, exit 3); every other file is reported in order', async () => {
    // Files enough that the workers are given some while this thread checks others.
    const dir = corpus(400);
    const { script, log } = wrapper(dir, 'after-one');
    const alone = await run(dir, { jobs: 1 });
    const r = await run(dir, {}, script);
    // Two workers started (--jobs 3); each died after its first answer, with the file it was checking then.
    expect(readFileSync(log, 'utf8')).toBe('started\nstarted\n');
    expect(r.code).toBe(3);
    const lost = [...r.stderr.matchAll(/internal error \(please report it\): (s\d\/d\d+\/Dockerfile): .*worker thread checking this file stopped \(exit code 9\)/g)].map((m) => m[1]);
    expect(lost.length).toBeGreaterThanOrEqual(1);
    expect(lost.length).toBeLessThanOrEqual(2);
    for (const f of lost) expect(r.stdout).toContain(`${f}:1:1: error: berth could not check this file`);
    // Every other file: the findings of --jobs 1, in the same order.
    const others = (s: string) => s.split('\n').filter((l) => !lost.some((f) => l.startsWith(`${f}:`)) && !/^\d+ files? checked/.test(l));
    expect(others(r.stdout)).toEqual(others(alone.stdout));
    expect(others(r.stdout).length).toBeGreaterThan(100);
  });

  it('a worker that cannot check anything leaves its files to this thread: the output is that of --jobs 1', async () => {
    const dir = corpus();
    const { script, log } = wrapper(dir, 'first');
    const alone = await run(dir, { jobs: 1 });
    const r = await run(dir, {}, script);
    expect(readFileSync(log, 'utf8')).toBe('started\nstarted\n');
    expect(r).toEqual(alone);
  });
});
