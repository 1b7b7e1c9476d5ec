/**
 * A bug in the parser is a bug in berth like any other. The library's parse() keeps it to itself (a tree, an
 * `internal-error` finding, and `internalError` with what was thrown); `berth lint` and `berth parse` say it on
 * stderr with the stack and exit 3, as docs/cli.md promises. In process, so that the failure can be injected where
 * no real input provokes one today: the lexer is replaced by one that throws on a file holding `# parser crash`.
 * The test setup (test/helpers/setup-shell.ts) has loaded the grammar already, so the modules under test are loaded
 * afresh, after the mock, in beforeAll.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { project } from '../helpers/cli.js';
import { lintOptions, memoryIO } from '../helpers/in-process.js';

vi.mock('../../grammar/lexer/lexer.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../grammar/lexer/lexer.js')>();
  return {
    ...real,
    tokenize: (...args: Parameters<typeof real.tokenize>) => {
      if (args[0].includes('# parser crash')) throw new Error('simulated parser bug');
      return real.tokenize(...args);
    },
  };
});

async function load() {
  vi.resetModules();
  const [grammar, lint, parseCmd, formatCmd] = await Promise.all([
    import('../../grammar/index.js'),
    import('../../cli/commands/lint.js'),
    import('../../cli/commands/parse.js'),
    import('../../cli/commands/format.js'),
  ]);
  return { parse: grammar.parse, lintCommand: lint.lintCommand, parseCommand: parseCmd.parseCommand, formatCommand: formatCmd.formatCommand };
}
let parse: Awaited<ReturnType<typeof load>>['parse'];
let lintCommand: Awaited<ReturnType<typeof load>>['lintCommand'];
let parseCommand: Awaited<ReturnType<typeof load>>['parseCommand'];
let formatCommand: Awaited<ReturnType<typeof load>>['formatCommand'];
beforeAll(async () => {
  ({ parse, lintCommand, parseCommand, formatCommand } = await load());
});

const CRASH = '# parser crash\nFROM alpine:3.20\nCMD ["a"]\n';
/** A Dockerfile with one safe fix (the stage name's casing). */
const FIXABLE = 'FROM alpine:3.20 AS Build\nFROM alpine:3.20\nCOPY --from=Build /a /a\nCMD ["a"]\n';
const FIXED = FIXABLE.replace(/Build/g, 'build');

const options = (o: Parameters<typeof lintOptions>[0]) => lintOptions({ jobs: 1, ...o });
const io = (cwd: string) => memoryIO(cwd);

const read = (dir: string, p: string) => readFileSync(join(dir, p), 'utf8');

describe('parse() on a parser bug: never throws, keeps the text, says internal-error, keeps what was thrown', () => {
  it('a tree of one Error node over the text, one internal-error finding, the error with its stack', () => {
    const result = parse(CRASH);
    expect(result.tree.text()).toBe(CRASH);
    expect(result.errors.map((e) => [e.code, e.severity, e.message])).toEqual([['internal-error', 'error', 'berth could not parse this file (a bug in berth): simulated parser bug']]);
    expect(result.internalError).toBeInstanceOf(Error);
    expect(result.internalError?.message).toBe('simulated parser bug');
    expect(result.internalError?.stack).toMatch(/^Error: simulated parser bug\n {4}at /);
  });

  it('a file the parser reads has no internalError', () => {
    const result = parse(FIXABLE);
    expect(result.internalError).toBeUndefined();
    expect(result.errors).toEqual([]);
  });
});

describe('berth lint on a parser bug: exit 3, the stack on stderr, the other files checked', () => {
  it('the file is reported as an internal-error; stderr says the bug with its stack', async () => {
    const dir = project({ 'a/Dockerfile': FIXABLE, 'b/Dockerfile': CRASH });
    const { cli, out } = io(dir);
    expect(await lintCommand(cli, options({ paths: ['.'] }))).toBe(3);
    expect(out.stderr).toMatch(/^berth: internal error \(please report it\): b\/Dockerfile: Error: simulated parser bug\n {4}at /);
    expect(out.stdout).toContain('a/Dockerfile:1:21: style: Stage name `Build` is not lower-case');
    expect(out.stdout).toContain('b/Dockerfile:1:1: error: berth could not check this file (a bug in berth; please report it): simulated parser bug [internal-error]\n');
  });

  it('with --fix: the file is left as it is, the others are fixed', async () => {
    const dir = project({ 'a/Dockerfile': FIXABLE, 'b/Dockerfile': CRASH, 'c/Dockerfile': FIXABLE });
    const { cli, out } = io(dir);
    expect(await lintCommand(cli, options({ paths: ['.'], fix: true }))).toBe(3);
    expect(read(dir, 'a/Dockerfile')).toBe(FIXED);
    expect(read(dir, 'b/Dockerfile')).toBe(CRASH);
    expect(read(dir, 'c/Dockerfile')).toBe(FIXED);
    expect(out.stderr).toContain('berth: internal error (please report it): b/Dockerfile: Error: simulated parser bug\n    at ');
  });

  it('machine formats carry it as an internal-error finding of that file', async () => {
    const dir = project({ 'a/Dockerfile': FIXABLE, 'b/Dockerfile': CRASH });
    const { cli, out } = io(dir);
    expect(await lintCommand(cli, options({ paths: ['.'], format: 'json' }))).toBe(3);
    const report = JSON.parse(out.stdout) as { results: Array<{ file: string; findings: Array<{ rule: string }> }> };
    expect(report.results.map((r) => [r.file, r.findings.map((f) => f.rule)])).toEqual([
      ['a/Dockerfile', ['stage-name-casing']],
      ['b/Dockerfile', ['internal-error']],
    ]);
  });
});

describe('berth parse on a parser bug: the tree is printed, the stack on stderr, exit 3', () => {
  it.each(['json', 'tree', 'buildkit'])('--format %s', (format) => {
    const dir = project({ Dockerfile: CRASH });
    const { cli, out } = io(dir);
    expect(parseCommand(cli, [join(dir, 'Dockerfile')], format)).toBe(3);
    expect(out.stderr).toMatch(/^berth: internal error \(please report it\): .*Dockerfile: Error: simulated parser bug\n {4}at /);
    if (format === 'json') expect(out.stdout).toContain('"code": "internal-error"');
    if (format === 'tree') expect(out.stdout).toContain('Error@0..');
  });

  it('a file the parser reads: exit 0, or 1 with a syntax error, nothing on stderr', () => {
    const dir = project({ ok: FIXABLE, bad: 'FROM alpine:3.20\nCOPY onlyone\n' });
    const { cli, out } = io(dir);
    expect(parseCommand(cli, [join(dir, 'ok')], 'json')).toBe(0);
    expect(parseCommand(cli, [join(dir, 'bad')], 'json')).toBe(1);
    expect(out.stderr).toBe('');
  });
});

describe('berth format on a parser bug: nothing formatted by the fallback tree, the stack on stderr, exit 3', () => {
  it('--check and --write leave the file alone and say the bug; the other file is still formatted', async () => {
    const dir = project({ 'a/Dockerfile': 'from alpine:3.20\n', 'b/Dockerfile': `# parser crash\nfrom alpine:3.20\n` });
    const { cli, out } = io(dir);
    expect(await formatCommand(cli, { paths: ['.'], write: true, check: false, diff: false, noConfig: true })).toBe(3);
    expect(out.stderr).toMatch(/berth: internal error \(please report it\): b\/Dockerfile: Error: simulated parser bug/);
    expect(readFileSync(join(dir, 'a/Dockerfile'), 'utf8')).toBe('FROM alpine:3.20\n');
    expect(readFileSync(join(dir, 'b/Dockerfile'), 'utf8')).toBe('# parser crash\nfrom alpine:3.20\n');
  });
});
