/**
 * Issue #14 on the command line: nothing a user gives `berth` corrupts a file, crashes it or stalls it. The real
 * binary on real files: bytes that are not UTF-8, UTF-16, odd files, links, closed pipes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, linkSync, lstatSync, mkdirSync, openSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, berth, berthBytes, project } from '../helpers/cli.js';

const bytes = (...parts: Array<string | number[]>): Buffer => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
const E_ACUTE = [0xe9]; // `é` in Latin-1: not UTF-8

/** A Dockerfile with one safe fix, the stage name's casing, on its second line. */
const STAGES = 'FROM golang:1.23 AS Build\r\nFROM alpine:3.20\r\nCOPY --from=Build /app /app\r\nCMD ["/app"]\r\n';

describe('--fix changes only the bytes it edits', () => {
  it('a Latin-1 comment far from the fix keeps its bytes; lint says which lines are not UTF-8', () => {
    const input = bytes('# Caf', E_ACUTE, ' cr', [0xe8], 'me\n', STAGES.replace(/\r\n/g, '\n'), '# fin', E_ACUTE, '\n');
    const dir = project({ Dockerfile: input });
    const lint = berth(['lint', '-f', 'compact', 'Dockerfile'], { cwd: dir });
    expect(lint.stdout.split('\n').filter((l) => l.includes('[invalid-utf8]'))).toEqual([
      'Dockerfile:1:6: warning: Bytes that are not valid UTF-8 (shown as �): Docker passes them on as they are; save the file as UTF-8 [invalid-utf8]',
      'Dockerfile:6:6: warning: Bytes that are not valid UTF-8 (shown as �): Docker passes them on as they are; save the file as UTF-8 [invalid-utf8]',
    ]);
    expect(lint.code).toBe(1);
    const fix = berth(['lint', '--fix', '-f', 'compact', 'Dockerfile'], { cwd: dir });
    expect(readFileSync(join(dir, 'Dockerfile'))).toEqual(Buffer.from(input.toString('latin1').replace(/Build/g, 'build'), 'latin1'));
    expect(fix.stdout).not.toContain('stage-name-casing');
    expect(fix.stdout).toContain('[invalid-utf8]');
  });

  it('a byte order mark, CRLF, a lone CR, an emoji and bytes that are not UTF-8 around the fixes survive byte for byte', () => {
    const input = bytes([0xef, 0xbb, 0xbf], '# \xf0\x9f\x98\x80 ', [0xff, 0xfe, 0xc0], '\r\n# a lone\rCR\r\n', STAGES, 'LABEL note="caf', E_ACUTE, '"\r\n');
    const dir = project({ Dockerfile: input });
    berth(['lint', '--fix', 'Dockerfile'], { cwd: dir });
    const expected = Buffer.from(input.toString('latin1').replace(/Build/g, 'build'), 'latin1');
    expect(readFileSync(join(dir, 'Dockerfile')).toString('hex')).toBe(expected.toString('hex'));
  });

  it('bytes that are not UTF-8 inside what a fix would write are never replaced: that fix is left out, and the finding says so', () => {
    const input = bytes('FROM alpine:3.20 AS Build', [0xe2, 0x82], '\nMAINTAINER me', E_ACUTE, '\nFROM alpine:3.20\nCOPY --from=Build', [0xe2, 0x82], ' /a /a\nCOPY --from=Build', [0xe2, 0x82], ' /b /b\n');
    const dir = project({ Dockerfile: input });
    const lint = berth(['lint', '--format', 'json', 'Dockerfile'], { cwd: dir });
    const findings = (JSON.parse(lint.stdout) as { results: Array<{ findings: Array<{ rule: string; message: string; fix?: unknown }> }> }).results[0]?.findings ?? [];
    for (const rule of ['maintainer-deprecated', 'stage-name-casing']) {
      const f = findings.find((x) => x.rule === rule);
      expect(f?.fix ?? undefined, rule).toBeUndefined();
      expect(f?.message, rule).toContain('(no automatic fix: it would rewrite bytes that are not UTF-8)');
    }
    berth(['lint', '--fix', '--unsafe-fixes', 'Dockerfile'], { cwd: dir });
    expect(readFileSync(join(dir, 'Dockerfile')).toString('hex')).toBe(input.toString('hex'));
  });

  it('standard input: the fixed bytes on standard output, exactly; input berth refuses comes back as it came', () => {
    const input = bytes('# ', E_ACUTE, '\r\n', STAGES);
    const r = berthBytes(['lint', '--fix', '-'], { input });
    expect(r.stdout.toString('hex')).toBe(Buffer.from(input.toString('latin1').replace(/Build/g, 'build'), 'latin1').toString('hex'));
    expect(r.stderr).toContain('[invalid-utf8]');
    // Nothing to fix: the same bytes. Not a Dockerfile at all: the same bytes too, and exit 2.
    const clean = bytes('FROM alpine:3.20\r\n# ', E_ACUTE, '\r\nCMD ["a"]\r\n');
    expect(berthBytes(['lint', '--fix', '-'], { input: clean }).stdout.toString('hex')).toBe(clean.toString('hex'));
    const binary = bytes([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0xe9]);
    const b = berthBytes(['lint', '--fix', '-'], { input: binary });
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('berth: -: standard input looks like a binary file, not a Dockerfile; skipped\n');
    expect(b.stdout.toString('hex')).toBe(binary.toString('hex'));
  });

  it('invalid-utf8 is a warning that can be turned off or re-levelled like a rule', () => {
    const dir = project({ Dockerfile: bytes('FROM alpine:3.20\n# ', E_ACUTE, '\nCMD ["a"]\n'), 'off/Dockerfile': bytes('FROM alpine:3.20\n# ', E_ACUTE, '\nCMD ["a"]\n'), 'off/.berth.yaml': 'rules:\n  invalid-utf8: off\n' });
    expect(berth(['lint', '-f', 'compact', 'Dockerfile'], { cwd: dir })).toMatchObject({ code: 1, stdout: expect.stringContaining('Dockerfile:2:3: warning: Bytes that are not valid UTF-8') });
    expect(berth(['lint', '--ignore', 'invalid-utf8', 'Dockerfile'], { cwd: dir })).toMatchObject({ code: 0, stdout: '1 file checked, no problems\n' });
    expect(berth(['lint', '-f', 'compact', '--rule', 'invalid-utf8=info', 'Dockerfile'], { cwd: dir })).toMatchObject({ code: 0, stdout: expect.stringContaining(': info: Bytes that are not valid UTF-8') });
    expect(berth(['lint', 'off/Dockerfile'], { cwd: dir })).toMatchObject({ code: 0, stdout: '1 file checked, no problems\n' });
  });
});

describe('--fix on a file whose fix makes a script only the full bash parser reads', () => {
  // `RUN${X:-true} <<EOF` is no instruction until the glued-keyword fix makes it `RUN ${X:-true} <<EOF`, a script with
  // a heredoc: the fixed text needs the bash parser the original did not load. berth lint --fix stopped there, exit 3.
  it.each([
    ['RUN${X:-true} <<EOF', 'FROM alpine:3.20\nRUN${X:-true} <<EOF && if true; then apt-get install curl; fi\nhello\nEOF\n'],
    ['RUN${X:-true} <<EOF (CRLF)', 'FROM alpine:3.20\r\nRUN${X:-true} <<EOF && if true; then apt-get install curl; fi\r\nhello\r\nEOF\r\n'],
  ])('%s: fixed, and the fixed script is read (exit 1, no internal error)', (_name, text) => {
    const dir = project({ Dockerfile: text });
    const fix = berth(['lint', '--fix', '--no-shellcheck', '-f', 'compact', 'Dockerfile'], { cwd: dir });
    expect(fix.stderr).not.toContain('internal error');
    expect(fix.code).toBe(1);
    // Seen only by reading the script inside `if`/`for` with the bash parser: `-y` added, the unpinned package reported.
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toMatch(/^RUN [^]* apt-get install -y curl; /m);
    expect(fix.stdout).toContain('[apt-get-unpinned]');
  });
});

describe('UTF-16 and other encodings', () => {
  const utf16 = (text: string, order: 'le' | 'be'): Buffer => {
    const b = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    if (order === 'be') b.swap16();
    return b;
  };

  it.each(['le', 'be'] as const)('UTF-16 %s with its byte order mark is read: findings in place, an error that Docker cannot build it, fixes in UTF-16', (order) => {
    const dir = project({ Dockerfile: utf16(`${STAGES}RUN echo 😀 && sudo true\r\n`, order) });
    const r = berth(['lint', '-f', 'compact', 'Dockerfile'], { cwd: dir });
    expect(r.stdout.split('\n').filter(Boolean).map((l) => l.replace(/: (error|warning|info|style): .*\[/, ' $1 ['))).toEqual([
      'Dockerfile:1:1 error [utf16-encoding]',
      'Dockerfile:1:21 style [stage-name-casing]',
      'Dockerfile:5:16 warning [sudo-in-run]',
    ]);
    expect(r.stdout).toContain(`This file is UTF-16 (${order === 'le' ? 'little' : 'big'}-endian, with a byte order mark): Docker reads Dockerfiles as UTF-8 and cannot build it; save it as UTF-8`);
    expect(r.code).toBe(1);
    berth(['lint', '--fix', 'Dockerfile'], { cwd: dir });
    expect(readFileSync(join(dir, 'Dockerfile')).toString('hex')).toBe(utf16(`${STAGES.replace(/Build/g, 'build')}RUN echo 😀 && sudo true\r\n`, order).toString('hex'));
  });

  it('the parser’s checks and the encoding error cannot be turned off', () => {
    const dir = project({ Dockerfile: utf16('FROM alpine:3.20\n', 'le') });
    expect(berth(['lint', '--ignore', 'utf16-encoding', 'Dockerfile'], { cwd: dir })).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot be turned off') });
  });

  it('parse reads what lint reads and refuses what lint refuses, in the same words', () => {
    const dir = project({
      'u16.Dockerfile': utf16('FROM alpine:3.20\n', 'le'),
      'nul.Dockerfile': 'FROM alpine\u0000\n',
      'u32.Dockerfile': Buffer.from([0xff, 0xfe, 0, 0, 0x46, 0, 0, 0]),
      'nobom.Dockerfile': Buffer.from('FROM alpine:3.20\n', 'utf16le'),
    });
    const parsed = berth(['parse', 'u16.Dockerfile'], { cwd: dir });
    expect(parsed.code).toBe(0);
    expect((JSON.parse(parsed.stdout) as { instructions: Array<{ instruction: string }> }).instructions.map((i) => i.instruction)).toEqual(['FROM']);
    expect(parsed.stderr).toBe('berth: warning: u16.Dockerfile is UTF-16 (utf-16le); Docker reads Dockerfiles as UTF-8 and cannot build it\n');
    for (const [file, message] of [
      ['nul.Dockerfile', 'berth: nul.Dockerfile: this looks like a binary file, not a Dockerfile'],
      ['u32.Dockerfile', 'berth: u32.Dockerfile: this file cannot be read: it is encoded as UTF-32'],
      ['nobom.Dockerfile', 'berth: nobom.Dockerfile: this looks like a binary file, not a Dockerfile (if it is UTF-16 without a byte order mark, save it as UTF-8)'],
    ]) {
      const p = berth(['parse', file as string], { cwd: dir });
      const l = berth(['lint', file as string], { cwd: dir });
      expect([p.code, l.code], file).toEqual([2, 2]);
      expect(p.stdout).toBe('');
      expect(p.stderr.startsWith(message as string), p.stderr).toBe(true);
      expect(l.stderr.startsWith(p.stderr.trimEnd()), l.stderr).toBe(true);
    }
  });
});

describe('odd files: a clear message naming the file, exit 2, the rest still checked', () => {
  const posix = process.platform !== 'win32';

  it.runIf(posix)('a named pipe, a link to nothing, a link loop, a device, a folder named Dockerfile, a file too large', () => {
    const dir = project({ 'ok/Dockerfile': 'FROM alpine:3.20\nFORM x\n', 'folder/Dockerfile/readme.txt': 'not a Dockerfile\n' });
    spawnSync('mkfifo', [join(dir, 'pipe.Dockerfile')]);
    symlinkSync('nowhere', join(dir, 'dangling.Dockerfile'));
    symlinkSync('loop-b', join(dir, 'loop-a'));
    symlinkSync('loop-a', join(dir, 'loop-b'));
    writeFileSync(join(dir, 'huge.Dockerfile'), '');
    truncateSync(join(dir, 'huge.Dockerfile'), 17 * 1024 * 1024);
    const args = ['lint', '-f', 'compact', 'pipe.Dockerfile', 'dangling.Dockerfile', 'loop-a', '/dev/null', 'folder/Dockerfile', 'huge.Dockerfile', 'ok'];
    const start = Date.now();
    const r = berth(args, { cwd: dir });
    expect(Date.now() - start).toBeLessThan(20_000);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean).sort()).toEqual([
      'berth: cannot read /dev/null: it is a character device, not a file (berth reads files, and standard input with -)',
      'berth: cannot read dangling.Dockerfile: it is a symbolic link to nowhere, which does not exist',
      'berth: cannot read huge.Dockerfile: it is too large (17 MB): berth reads files up to 16 MB',
      'berth: cannot read loop-a: too many symbolic links (a link that points to itself?)',
      'berth: cannot read pipe.Dockerfile: it is a named pipe, not a file (berth reads files, and standard input with -)',
      'berth: folder/Dockerfile: this is a folder, not a Dockerfile, and there is no Dockerfile in it',
    ]);
    expect(r.stdout).toBe('ok/Dockerfile:2:1: error: Unknown instruction `FORM`. Did you mean FROM? [unknown-instruction]\n');
    // parse says the same about each.
    expect(berth(['parse', 'pipe.Dockerfile'], { cwd: dir })).toMatchObject({ code: 2, stderr: 'berth: cannot read pipe.Dockerfile: it is a named pipe, not a file (berth reads files, and standard input with -)\n' });
    expect(berth(['parse', 'folder/Dockerfile'], { cwd: dir })).toMatchObject({ code: 2, stderr: 'berth: cannot read folder/Dockerfile: it is a folder\n' });
    expect(berth(['parse', 'nope'], { cwd: dir })).toMatchObject({ code: 2, stderr: 'berth: cannot read nope: no such file\n' });
  });

  it('--fix on a read-only file: it is not written, and said; the other files are fixed', () => {
    const dir = project({ 'ro/Dockerfile': STAGES, 'rw/Dockerfile': STAGES });
    chmodSync(join(dir, 'ro/Dockerfile'), 0o444);
    const r = berth(['lint', '--fix', '-f', 'compact', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('berth: cannot write ro/Dockerfile: it is read-only; its fixes are not saved\n');
    expect(readFileSync(join(dir, 'ro/Dockerfile'), 'utf8')).toBe(STAGES);
    expect(readFileSync(join(dir, 'rw/Dockerfile'), 'utf8')).toBe(STAGES.replace(/Build/g, 'build'));
    // The report shows the read-only file as it is: its finding is still there.
    expect(r.stdout).toBe('ro/Dockerfile:1:21: style: Stage name `Build` is not lower-case: Docker treats it as `build`; write it that way [stage-name-casing]\n');
  });

  it('a huge line is a finding, not a crash', () => {
    const dir = project({ Dockerfile: `FROM alpine:3.20\nRUN echo ${'x'.repeat(300_000)}\n` });
    const r = berth(['lint', '-f', 'compact', 'Dockerfile'], { cwd: dir });
    expect(r).toMatchObject({ code: 1, stderr: '' });
    expect(r.stdout).toMatch(/^Dockerfile:2:1: error: This line is 300,009 bytes long; .*\[line-too-long\]$/m);
  });
});

describe('--fix writes through links', () => {
  it.runIf(process.platform !== 'win32')('a symbolic link stays a link and its target is fixed; every hard link sees the fix', () => {
    const dir = project({ 'real/Dockerfile': STAGES, 'hard/Dockerfile': STAGES });
    mkdirSync(join(dir, 'linked'));
    symlinkSync(join(dir, 'real/Dockerfile'), join(dir, 'linked/Dockerfile'));
    linkSync(join(dir, 'hard/Dockerfile'), join(dir, 'hard/Other.Dockerfile'));
    expect(berth(['lint', '--fix', 'linked/Dockerfile', 'hard/Dockerfile'], { cwd: dir }).code).toBe(0);
    expect(lstatSync(join(dir, 'linked/Dockerfile')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real/Dockerfile'), 'utf8')).toBe(STAGES.replace(/Build/g, 'build'));
    expect(readFileSync(join(dir, 'hard/Other.Dockerfile'), 'utf8')).toBe(STAGES.replace(/Build/g, 'build'));
    expect(lstatSync(join(dir, 'hard/Other.Dockerfile')).nlink).toBe(2);
  });
});

describe('options and configuration files', () => {
  it('--max-warnings takes 0 or more; so does maxWarnings', () => {
    const dir = project({ Dockerfile: 'FROM alpine:3.20\n', 'neg/Dockerfile': 'FROM alpine:3.20\n', 'neg/.berth.yaml': 'maxWarnings: -1\n' });
    for (const value of ['-1', '-0', '1.5', '', '99999999999999999999']) {
      expect(berth(['lint', `--max-warnings=${value}`, 'Dockerfile'], { cwd: dir }), value).toMatchObject({ code: 2, stderr: `berth: --max-warnings needs a whole number of 0 or more, not "${value}"\n` });
    }
    expect(berth(['lint', '--max-warnings', '0', 'Dockerfile'], { cwd: dir }).code).toBe(0);
    expect(berth(['lint', 'Dockerfile'], { cwd: join(dir, 'neg') })).toMatchObject({ code: 2, stderr: expect.stringContaining('.berth.yaml:1:14: maxWarnings: expected a whole number of 0 or more') });
  });

  it('an option that names a file is given an empty name: a usage error, not "no file" or standard output', () => {
    const dir = project({ Dockerfile: 'FROM alpine:3.20\n' });
    for (const [args, said] of [
      [['-c', ''], '-c/--config'],
      [['--config='], '-c/--config'],
      [['-o', ''], '-o/--output-file'],
      [['--stdin-filename', ''], '--stdin-filename'],
    ] as const) {
      expect(berth(['lint', ...args, 'Dockerfile'], { cwd: dir }), args.join(' ')).toMatchObject({ code: 2, stdout: '', stderr: `berth: ${said} needs a file name, and was given an empty one\n` });
    }
    expect(berth(['format', '-c', '', 'Dockerfile'], { cwd: dir }).code).toBe(2);
  });

  it('a configuration file that cannot be read is named, with why', () => {
    const dir = project({ Dockerfile: 'FROM alpine:3.20\n', 'cfg/readme.txt': 'x' });
    expect(berth(['lint', '-c', 'nope.yaml', 'Dockerfile'], { cwd: dir })).toMatchObject({ code: 2, stdout: '', stderr: 'berth: cannot read the configuration file nope.yaml: no such file\n' });
    expect(berth(['lint', '-c', 'cfg', 'Dockerfile'], { cwd: dir })).toMatchObject({ code: 2, stdout: '', stderr: 'berth: cannot read the configuration file cfg: it is a folder\n' });
  });

  it('a folder named .berth.yaml is not a configuration file', () => {
    const dir = project({ 'app/Dockerfile': 'FROM alpine:3.20 AS Build\n', 'app/.berth.yaml/x': 'x', '.berth.yaml': 'rules:\n  stage-name-casing: error\n' });
    expect(berth(['lint', '-f', 'compact', 'app/Dockerfile'], { cwd: dir }).stdout).toContain(': error: Stage name `Build`');
  });
});

/** Runs berth with standard output (or error) closed before it writes anything, as `berth … | head -0` would. */
function closedReader(args: string[], which: 'stdout' | 'stderr', opts: { cwd?: string; input?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
  child[which].destroy();
  let stdout = '';
  let stderr = '';
  if (which !== 'stdout') child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  if (which !== 'stderr') child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(opts.input ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('a reader that goes away', () => {
  // Closed before berth starts, so the first write fails whatever its size; enough findings for several writes.
  const many = `FROM alpine:3.20\n${Array.from({ length: 200 }, (_, i) => `CMD echo ${i}`).join('\n')}\n`;

  it.each([
    [['rules'], 0],
    [['rules', '--format', 'json'], 0],
    [['explain', 'DL3008', 'DL3009', 'SC2086', 'StageNameCasing'], 0],
    [['explain', '--format', 'markdown', 'DL3008'], 0],
    [['--help'], 0],
    [['--version'], 0],
    [['parse', '--format', 'tree', 'Dockerfile'], 0],
    [['parse', 'Dockerfile'], 0],
    [['lint', '--no-shellcheck', 'Dockerfile'], 1],
    [['lint', '--no-shellcheck', '-f', 'json', 'Dockerfile'], 1],
    [['lint', '--no-shellcheck', '--fix-dry-run', 'Dockerfile'], 1],
    [['lint', '--no-shellcheck', '-'], 1],
  ])('berth %j with standard output closed: no stack trace, the exit code it would have had', async (args, code) => {
    const dir = project({ Dockerfile: many });
    const r = await closedReader(args, 'stdout', { cwd: dir, input: many });
    expect(r).toEqual({ code, stdout: '', stderr: '' });
  });

  it('--fix still writes the files when nobody reads the report', async () => {
    const dir = project({ Dockerfile: STAGES });
    const r = await closedReader(['lint', '--no-shellcheck', '--fix', 'Dockerfile'], 'stdout', { cwd: dir });
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(STAGES.replace(/Build/g, 'build'));
  });

  it('standard error closed: --fix on standard input still prints the fixed text', async () => {
    const r = await closedReader(['lint', '--no-shellcheck', '--fix', '-'], 'stderr', { input: `${STAGES}CMD x\n` });
    expect(r.stdout).toBe(`${STAGES.replace(/Build/g, 'build')}CMD x\n`);
    expect(r.code).toBe(1);
  });

  it.runIf(existsSync('/dev/full'))('a full disk behind standard output is said, exit 2', () => {
    const fd = openSync('/dev/full', 'w');
    try {
      for (const args of [['rules'], ['lint', '--no-shellcheck', 'examples/Dockerfile']]) {
        const r = spawnSync(process.execPath, [BIN, ...args], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', cwd: join(BIN, '..', '..') });
        expect(r.status, args.join(' ')).toBe(2);
        expect(r.stderr).toBe('berth: cannot write to standard output: no space left on the device\n');
      }
    } finally {
      closeSync(fd);
    }
  });
});
