/**
 * The real command line: `node bin/berth.js` as a child process (npm test builds dist/ first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { crlf, df } from '../helpers/fixture.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'berth.js');

function berth(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    const b = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT });
    if (b.status !== 0) throw new Error('build failed');
  }
  dir = mkdtempSync(join(tmpdir(), 'berth-cli-'));
});

describe('berth lint', () => {
  it('the bundled example is clean: exit 0, no output', () => {
    const r = berth(['lint', 'examples/Dockerfile']);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('reports file:line:column, the message, the code and a code frame; exits 1', () => {
    const p = file('bad.Dockerfile', df`
      FROM alpine:3.20
      FORM debian
    `);
    const r = berth(['lint', p]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${p}:2:1: error: Unknown instruction \`FORM\`. Did you mean FROM? [unknown-instruction]`);
    expect(r.stdout).toContain('2 | FORM debian\n  | ^^^^\n');
    expect(r.stdout.trimEnd().endsWith('1 error, 0 warnings')).toBe(true);
  });

  it('columns count UTF-16 code units after a tab and an emoji; the frame aligns carets under tabs', () => {
    const p = file('cols.Dockerfile', 'FROM alpine\nRUN echo "😀"\t&& \\\n\n  true\n\tENTRYPOINT["sh"]\n');
    const r = berth(['lint', p]);
    // Line 5 is `\tENTRYPOINT["sh"]`: the `[` is UTF-16 offset 11 → column 12.
    expect(r.stdout).toContain(`${p}:5:12: error: Missing space after ENTRYPOINT`);
    expect(r.stdout).toContain('5 |     ENTRYPOINT["sh"]\n  |               ^\n');
    // The empty line inside the continued RUN is a warning, not an error.
    expect(r.stdout).toContain(`${p}:3:1: warning: Empty line inside this RUN instruction`);
  });

  it('CRLF files report the same positions', () => {
    const text = df`
      FROM alpine
      COPY \${x:=y} /app/
    `;
    const lf = berth(['lint', file('lf.Dockerfile', text)]);
    const cr = berth(['lint', file('crlf.Dockerfile', crlf(text))]);
    expect(lf.code).toBe(1);
    expect(cr.code).toBe(1);
    expect(lf.stdout).toContain(':2:6: error: `${x:=y}` cannot be expanded');
    expect(cr.stdout).toContain(':2:6: error: `${x:=y}` cannot be expanded');
  });

  it('reads standard input with -', () => {
    const r = berth(['lint', '-'], 'FROM alpine\nRUN <<EOF\necho never closed\n');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('-:2:5: error: This heredoc is never closed');
  });

  it('a missing file is a clear message on stderr and exit 2; the other files are still linted', () => {
    const ok = file('ok.Dockerfile', 'FROM alpine\n');
    const r = berth(['lint', join(dir, 'nope'), ok]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`berth: cannot read ${join(dir, 'nope')}: no such file\n`);
  });

  it('a directory is reported, not a crash', () => {
    const r = berth(['lint', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('it is a directory');
  });

  it('warnings alone exit 0', () => {
    const r = berth(['lint', file('warn.Dockerfile', 'FROM alpine\nRUN true \\\n\n  && true\n')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 errors, 1 warning');
  });
});

describe('berth parse', () => {
  it('json: instructions with 0-based ranges, flags, arguments, heredocs, stages and errors', () => {
    const p = file('p.Dockerfile', df`
      # syntax=docker/dockerfile:1
      FROM --platform=linux/amd64 ghcr.io/acme/base:1.2 AS build
      COPY --chown=app:app <<EOF /etc/app.conf
      key=value
      EOF
      ENV A=1 B="two words"
      CMD ["serve", "--port", "80"]
    `);
    const r = berth(['parse', p]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.version).toBe(1);
    expect(out.directives).toEqual([{ name: 'syntax', value: 'docker/dockerfile:1', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 28 } } }]);
    const [from, copy, env, cmd] = out.instructions;
    expect(from.instruction).toBe('FROM');
    expect(from.flags).toEqual([
      {
        name: 'platform',
        value: 'linux/amd64',
        range: { start: { line: 1, character: 5 }, end: { line: 1, character: 27 } },
        nameRange: { start: { line: 1, character: 5 }, end: { line: 1, character: 15 } },
        valueRange: { start: { line: 1, character: 16 }, end: { line: 1, character: 27 } },
      },
    ]);
    expect(from.arguments.map((a: { value: string }) => a.value)).toEqual(['ghcr.io/acme/base:1.2', 'AS', 'build']);
    expect(from.stageName).toBe('build');
    expect(copy.heredocs).toEqual([
      expect.objectContaining({ delimiter: 'EOF', body: 'key=value\n', expand: true, chomp: false, terminated: true }),
    ]);
    expect(copy.range.end).toEqual({ line: 4, character: 3 });
    expect(env.pairs.map((x: { key: string; value: string }) => [x.key, x.value])).toEqual([
      ['A', '1'],
      ['B', '"two words"'],
    ]);
    expect(cmd.form).toBe('exec');
    expect(cmd.arguments.map((a: { value: string }) => a.value)).toEqual(['serve', '--port', '80']);
    expect(out.stages[0].base.image).toEqual({ registry: 'ghcr.io', repository: 'acme/base', tag: '1.2', digest: null, fullName: 'ghcr.io/acme/base' });
    expect(out.errors).toEqual([]);
  });

  it('buildkit: one line per instruction in BuildKit dump format', () => {
    const r = berth(['parse', '--format', 'buildkit', '-'], 'FROM a AS b\nCOPY --from=b /x /y\nONBUILD RUN make\n');
    expect(r.stdout).toBe('from "a" "AS" "b"\ncopy ["--from=b"] "/x" "/y"\nonbuild (run "make")\n');
  });

  it('tree: every character in a token, in order', () => {
    const text = 'FROM a\\\n  b\n';
    const r = berth(['parse', '--format=tree', '-'], text);
    const tokens = [...r.stdout.matchAll(/^\s+\w+@(\d+)\.\.(\d+) (".*")$/gm)].map((m) => JSON.parse(m[3] as string) as string);
    expect(tokens.join('')).toBe(text);
  });

  it('usage errors exit 2 with a message', () => {
    expect(berth(['parse', '--format', 'xml', '-'], 'FROM a\n')).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown format "xml"') });
    expect(berth(['frobnicate'])).toMatchObject({ code: 2, stderr: 'berth: unknown command "frobnicate" (try berth --help)\n' });
    expect(berth(['lint'])).toMatchObject({ code: 2, stderr: 'berth: lint needs at least one file\n' });
    expect(berth(['lint', '--bogus', 'x'])).toMatchObject({ code: 2, stderr: 'berth: unknown option --bogus\n' });
  });

  it('--version and --help', () => {
    expect(berth(['--version'])).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
    const h = berth(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('berth lint FILE...');
  });
});
