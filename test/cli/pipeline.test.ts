/**
 * `berth lint` file by file: a bug on one file or a file that cannot be read or written costs that file only.
 * In process, so that failures can be injected where no real input provokes them today: the rule engine is
 * replaced by one that throws on chosen files (a stand-in for any bug in berth), and the I/O of chosen files fails.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { lintCommand } from '../../cli/commands/lint.js';
import { readFileBytes, replaceFileBytes } from '../../host/files.js';
import { project } from '../helpers/cli.js';
import { lintOptions, memoryIO } from '../helpers/in-process.js';

// The engine throws on a file holding `# crash` (a bug on that file) and on any text with a stage named
// `crashy` (a bug that only the first round of --fix provokes: it renames the stage `Crashy` to `crashy`).
vi.mock('../../rules/engine/lint.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../rules/engine/lint.js')>();
  return {
    ...real,
    lint: (...args: Parameters<typeof real.lint>) => {
      if (args[0].text.includes('# crash')) throw new Error('simulated bug');
      if (args[0].text.includes('AS crashy')) throw new Error('simulated bug after a fix');
      return real.lint(...args);
    },
  };
});

/** A Dockerfile with one safe fix (the stage name's casing). */
const FIXABLE = 'FROM alpine:3.20 AS Build\nFROM alpine:3.20\nCOPY --from=Build /a /a\nCMD ["a"]\n';
const FIXED = FIXABLE.replace(/Build/g, 'build');

const options = lintOptions;

/** The real file access, with failures where `fail` says; what the command prints is collected. */
function io(cwd: string, fail: { read?: Record<string, string>; write?: Record<string, string> } = {}) {
  const failure = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });
  return memoryIO(cwd, {
    readFile: (p) => {
      const code = fail.read?.[p.slice(cwd.length + 1)];
      if (code) throw failure(code);
      return readFileBytes(p);
    },
    writeFile: (p, bytes, expected) => {
      const code = fail.write?.[p.slice(cwd.length + 1)];
      if (code) throw failure(code);
      replaceFileBytes(p, bytes, expected);
    },
  });
}

const read = (dir: string, p: string) => readFileSync(join(dir, p), 'utf8');

describe('a bug on one file costs that file only', () => {
  it('the files before and after it are reported and fixed; the report names it; exit 3', async () => {
    const dir = project({ 'a/Dockerfile': FIXABLE, 'b/Dockerfile': `# crash\n${FIXABLE}`, 'c/Dockerfile': FIXABLE });
    const { cli, out } = io(dir);
    const code = await lintCommand(cli, options({ paths: ['.'], fix: true }));
    expect(code).toBe(3);
    expect(read(dir, 'a/Dockerfile')).toBe(FIXED);
    expect(read(dir, 'c/Dockerfile')).toBe(FIXED);
    expect(read(dir, 'b/Dockerfile')).toBe(`# crash\n${FIXABLE}`);
    expect(out.stdout).toBe('b/Dockerfile:1:1: error: berth could not check this file (a bug in berth; please report it): simulated bug [internal-error]\n');
    expect(out.stderr).toMatch(/^berth: internal error \(please report it\): b\/Dockerfile: Error: simulated bug\n {4}at /);
  });

  it('machine formats carry the failed file as a finding, next to the others', async () => {
    const dir = project({ 'a/Dockerfile': FIXABLE, 'b/Dockerfile': '# crash\nFROM alpine:3.20\n' });
    const { cli, out } = io(dir);
    expect(await lintCommand(cli, options({ paths: ['.'], format: 'json' }))).toBe(3);
    const report = JSON.parse(out.stdout) as { results: Array<{ file: string; findings: Array<{ rule: string }> }> };
    expect(report.results.map((r) => [r.file, r.findings.map((f) => f.rule)])).toEqual([
      ['a/Dockerfile', ['stage-name-casing']],
      ['b/Dockerfile', ['internal-error']],
    ]);
  });

  it('a bug in a later round of --fix: that file is not written, the others are', async () => {
    const crashy = FIXABLE.replace(/Build/g, 'Crashy');
    const dir = project({ 'a/Dockerfile': crashy, 'b/Dockerfile': FIXABLE });
    const { cli, out } = io(dir);
    expect(await lintCommand(cli, options({ paths: ['.'], fix: true }))).toBe(3);
    expect(read(dir, 'a/Dockerfile')).toBe(crashy);
    expect(read(dir, 'b/Dockerfile')).toBe(FIXED);
    expect(out.stderr).toContain('berth: internal error (please report it): a/Dockerfile: Error: simulated bug after a fix');
  });

  it('standard input with --fix: a bug gives the input back unchanged on standard output', async () => {
    const dir = project({});
    const { cli, out } = io(dir);
    cli.readStdin = () => Buffer.from(`# crash\n${FIXABLE}`);
    expect(await lintCommand(cli, options({ paths: ['-'], fix: true }))).toBe(3);
    expect(out.stdout).toBe(`# crash\n${FIXABLE}`);
    expect(out.stderr).toContain('-:1:1: error: berth could not check this file');
  });
});

describe('a file that cannot be read or written costs that file only', () => {
  it('vanished, unreadable, unwritable: each named, exit 2; every other file fixed', async () => {
    const dir = project({ 'gone/Dockerfile': FIXABLE, 'locked/Dockerfile': FIXABLE, 'full/Dockerfile': FIXABLE, 'ok/Dockerfile': FIXABLE, 'denied/Dockerfile': 'FROM alpine:3.20 AS A\n' });
    const { cli, out } = io(dir, { read: { 'gone/Dockerfile': 'ENOENT', 'locked/Dockerfile': 'EACCES' }, write: { 'full/Dockerfile': 'ENOSPC', 'denied/Dockerfile': 'EACCES' } });
    expect(await lintCommand(cli, options({ paths: ['.'], fix: true, format: 'stylish' }))).toBe(2);
    expect(out.stderr.split('\n').filter(Boolean).sort()).toEqual([
      'berth: cannot read gone/Dockerfile: no such file',
      'berth: cannot read locked/Dockerfile: permission denied',
      'berth: cannot write denied/Dockerfile: permission denied; its fixes are not saved',
      'berth: cannot write full/Dockerfile: no space left on the device; its fixes are not saved',
    ]);
    expect(read(dir, 'denied/Dockerfile')).toBe('FROM alpine:3.20 AS A\n');
    expect(read(dir, 'ok/Dockerfile')).toBe(FIXED);
    expect(read(dir, 'full/Dockerfile')).toBe(FIXABLE);
    // The unwritten file is reported as it is on disk: its finding is still there; the summary counts what was fixed.
    expect(out.stdout).toContain('full/Dockerfile:1:21: style: Stage name `Build` is not lower-case');
    expect(out.stdout.trimEnd().split('\n').pop()).toBe('3 files checked, 2 with findings: 0 errors, 0 warnings, 2 style findings; fixed 1 problem in 1 file; 4 files failed (see above)');
  });

  it('a bug and an I/O failure in one run: exit 3, both named', async () => {
    const dir = project({ 'a/Dockerfile': '# crash\nFROM alpine:3.20\n', 'b/Dockerfile': FIXABLE });
    const { cli, out } = io(dir, { read: { 'b/Dockerfile': 'EIO' } });
    expect(await lintCommand(cli, options({ paths: ['.'] }))).toBe(3);
    expect(out.stderr).toContain('berth: cannot read b/Dockerfile: input/output error\n');
    expect(out.stderr).toContain('berth: internal error (please report it): a/Dockerfile: Error: simulated bug');
  });
});

describe('writing a fixed file', () => {
  it('is refused when the file changed on disk since berth read it, or is read-only; nothing is written', () => {
    const dir = project({ Dockerfile: FIXABLE });
    const path = join(dir, 'Dockerfile');
    expect(() => replaceFileBytes(path, Buffer.from(FIXED), Buffer.from('FROM something else\n'))).toThrow('it changed on disk while berth was fixing it (run berth again)');
    expect(read(dir, 'Dockerfile')).toBe(FIXABLE);
    chmodSync(path, 0o444);
    expect(() => replaceFileBytes(path, Buffer.from(FIXED), Buffer.from(FIXABLE))).toThrow('it is read-only');
    expect(read(dir, 'Dockerfile')).toBe(FIXABLE);
    chmodSync(path, 0o644);
    replaceFileBytes(path, Buffer.from(FIXED), Buffer.from(FIXABLE));
    expect(read(dir, 'Dockerfile')).toBe(FIXED);
    writeFileSync(path, FIXABLE);
  });
});
