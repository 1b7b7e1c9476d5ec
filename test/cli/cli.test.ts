/**
 * The real command line: `node bin/berth.js` as a child process (npm test builds dist/ first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
  it('reports file:line:column, the message, the code and a code frame; exits 1', () => {
    const p = file('bad.Dockerfile', df`
      FROM alpine:3.20
      FORM debian
    `);
    const r = berth(['lint', p]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${p}:2:1: error: Unknown instruction \`FORM\`. Did you mean FROM? [unknown-instruction]`);
    expect(r.stdout).toContain('2 | FORM debian\n  | ^^^^\n');
    expect(r.stdout.trimEnd().endsWith('1 file checked: 1 error, 0 warnings')).toBe(true);
  });

  it('columns count UTF-16 code units after a tab and an emoji; the frame aligns carets under tabs', () => {
    const p = file('cols.Dockerfile', 'FROM alpine:3.20\nRUN echo "😀"\t&& \\\n\n  true\n\tENTRYPOINT["sh"]\n');
    const r = berth(['lint', p]);
    // Line 5 is `\tENTRYPOINT["sh"]`: the glued word starts after the tab, at UTF-16 offset 1 → column 2.
    expect(r.stdout).toContain(`${p}:5:2: error: Missing space after ENTRYPOINT`);
    expect(r.stdout).toContain('5 |     ENTRYPOINT["sh"]\n  |     ^^^^^^^^^^^^^^^^\n');
    // The empty line inside the continued RUN is a warning, not an error.
    expect(r.stdout).toContain(`${p}:3:1: warning: Empty line inside this RUN instruction`);
  });

  it('CRLF files report the same positions', () => {
    const text = df`
      FROM alpine:3.20
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
    const r = berth(['lint', '-'], 'FROM alpine:3.20\nRUN <<EOF\necho never closed\n');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('-:2:5: error: This heredoc is never closed');
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

  it('buildkit: a word that is no instruction dumps with one empty argument, as BuildKit prints it', () => {
    const r = berth(['parse', '--format', 'buildkit', '-'], 'FROM a\ny\nfoo bar\nONBUILD y\n');
    expect(r.stdout).toBe('from "a"\ny ""\nfoo ""\nonbuild (y "")\n');
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
    expect(berth(['lint', '--bogus', 'x'])).toMatchObject({ code: 2, stderr: 'berth: unknown option --bogus\n' });
    expect(berth(['lint', '--format'])).toMatchObject({ code: 2, stderr: 'berth: --format needs a value\n' });
    expect(berth(['lint', '--max-warnings', 'many'])).toMatchObject({ code: 2, stderr: 'berth: --max-warnings needs a whole number of 0 or more, not "many"\n' });
    expect(berth(['lint', '-f', 'xml', 'x'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown format "xml"') });
    expect(berth([])).toMatchObject({ code: 2, stdout: expect.stringContaining('Usage:') });
  });

  it('--version matches package.json; --help lists the commands', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(berth(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    const h = berth(['--help']);
    expect(h.code).toBe(0);
    for (const c of ['berth lint [PATH...]', 'berth explain RULE', 'berth rules', 'berth parse FILE']) expect(h.stdout).toContain(c);
  });
});

describe('berth explain and berth rules', () => {
  it('explain prints a rule by id, hadolint code or BuildKit name, with its examples', () => {
    const byAlias = berth(['explain', 'DL3023']);
    expect(byAlias.code).toBe(0);
    expect(byAlias.stdout.split('\n')[0]).toBe('copy-from-own-stage — `COPY --from` (or `RUN --mount=from=`) names the stage it is in.');
    expect(byAlias.stdout).toContain('Flagged:\n    FROM node:22 AS build\n    COPY --from=build /app/dist /srv');
    expect(berth(['explain', 'StageNameCasing']).stdout).toContain('Fixed:\n    FROM golang:1.23 AS builder');
    // One BuildKit name for three rules: all three.
    expect(berth(['explain', 'MultipleInstructionsDisallowed']).stdout.match(/^multiple-\w+ — /gm)).toEqual(['multiple-cmd — ', 'multiple-entrypoint — ', 'multiple-healthcheck — ']);
    expect(berth(['explain', 'unknown-instruction']).stdout).toContain('cannot be turned off');
  });

  it('explain of every kind of name: id, hadolint code, BuildKit name, parser check, any casing — exit 0 and text', () => {
    const first = (args: string[]) => {
      const r = berth(['explain', ...args]);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stderr).toBe('');
      return r.stdout.split('\n')[0];
    };
    expect(first(['copy-from-own-stage'])).toMatch(/^copy-from-own-stage — /);
    expect(first(['dl3023'])).toMatch(/^copy-from-own-stage — /);
    expect(first(['stagenamecasing'])).toMatch(/^stage-name-casing — /);
    expect(first(['NoEmptyContinuation'])).toMatch(/^empty-continuation-line — /);
    expect(first(['missing-space-after-keyword'])).toBe('missing-space-after-keyword — An instruction keyword glued to its arguments, like `ENTRYPOINT["x"]`.');
    expect(first(['empty-continuation-line'])).toMatch(/^empty-continuation-line — /);
    // Several names: each, in order.
    expect(berth(['explain', 'DL3008', 'DL3009']).stdout.match(/^[a-z-]+ — /gm)).toEqual(['apt-get-unpinned — ', 'apt-lists-not-removed — ']);
  });

  it('explain of a ShellCheck code says what it is, when berth reports it, and links the ShellCheck wiki', () => {
    for (const code of ['SC2086', 'sc1091']) {
      const r = berth(['explain', code]);
      const upper = code.toUpperCase();
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n')[0]).toBe(`${upper} — a ShellCheck check, not one of berth's own rules`);
      expect(r.stdout).toContain('berth runs it on the RUN scripts');
      expect(r.stdout).toMatch(/ShellCheck is (not )?installed here/);
      expect(r.stdout).toContain(`https://www.shellcheck.net/wiki/${upper}`);
      expect(r.stdout).toContain(`\`# berth-ignore ${upper}\``);
    }
  });

  it('explain of a name berth knows but has no rule for: BuildKit’s check it cannot run, hadolint’s parse error and retired codes', () => {
    const bk = berth(['explain', 'InvalidBaseImagePlatform']);
    expect(bk.code).toBe(0);
    expect(bk.stdout).toContain("InvalidBaseImagePlatform — one of BuildKit's build checks; berth has no rule for it");
    expect(bk.stdout).toContain('https://docs.docker.com/go/dockerfile/rule/invalid-base-image-platform/');
    const dl1000 = berth(['explain', 'DL1000']);
    expect(dl1000.code).toBe(0);
    expect(dl1000.stdout).toContain('DL1000 — a hadolint code; berth has no rule for it');
    expect(berth(['explain', 'dl3005']).stdout).toContain('Retired by hadolint in 2023');
  });

  it('explain of an unknown name: an error with a suggestion, exit 2; known names beside it are still explained', () => {
    expect(berth(['explain', 'DL3099'])).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/^berth: "DL3099" is not a hadolint code \(did you mean DL30[0-9]9\?\); `berth rules` lists them\n$/) });
    expect(berth(['explain', 'DL3O08'])).toMatchObject({ code: 2, stdout: '', stderr: 'berth: unknown rule "DL3O08" (did you mean DL3008?); `berth rules` lists them\n' });
    expect(berth(['explain', 'DL9999'])).toMatchObject({ code: 2, stdout: '', stderr: 'berth: "DL9999" is not a hadolint code; `berth rules` lists them\n' });
    expect(berth(['explain', 'StageNameCasin'])).toMatchObject({ code: 2, stderr: 'berth: unknown rule "StageNameCasin" (did you mean StageNameCasing?); `berth rules` lists them\n' });
    expect(berth(['explain', 'SC20866'])).toMatchObject({ code: 2, stdout: '' });
    expect(berth(['explain', 'xyzzy'])).toMatchObject({ code: 2, stdout: '', stderr: 'berth: unknown rule "xyzzy"; `berth rules` lists them\n' });
    expect(berth(['explain', ''])).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('explain needs a rule name') });
    const mixed = berth(['explain', 'DL3008', 'nope-nope']);
    expect(mixed.code).toBe(2);
    expect(mixed.stdout.split('\n')[0]).toMatch(/^apt-get-unpinned — /);
    expect(mixed.stderr).toContain('unknown rule "nope-nope"');
  });

  it('explain --format markdown prints the page the editors show: the generated docs page and its web link', () => {
    const md = berth(['explain', 'DL3023', '--format', 'markdown']);
    expect(md.code).toBe(0);
    const page = readFileSync(new URL('../../docs/rules/copy-from-own-stage.md', import.meta.url), 'utf8').replace(/^<!--.*-->\n\n/, '');
    expect(md.stdout.startsWith(page.trimEnd())).toBe(true);
    expect(md.stdout.trimEnd().endsWith('(https://github.com/berth-lint/berth/blob/main/docs/rules/copy-from-own-stage.md)')).toBe(true);
    expect(berth(['explain', 'DL3023', '--format', 'html'])).toMatchObject({ code: 2, stderr: expect.stringContaining('text or markdown') });
  });

  it('explain of an unknown name suggests one; without a name it says what it needs', () => {
    expect(berth(['explain', 'stage-name-casnig'])).toMatchObject({ code: 2, stderr: 'berth: unknown rule "stage-name-casnig" (did you mean stage-name-casing?); `berth rules` lists them\n' });
    expect(berth(['explain'])).toMatchObject({ code: 2, stderr: expect.stringContaining('explain needs a rule name') });
  });

  it('rules lists every rule with aliases, severity and fix; --format json for tools', () => {
    const t = berth(['rules']);
    expect(t.stdout).toMatch(/^multiple-cmd\s+DL4003,MultipleInstructionsDisallowed\s+warning\s+yes\s+More than one CMD/m);
    const list = JSON.parse(berth(['rules', '--format', 'json']).stdout) as Array<{ id: string; aliases: string[] }>;
    expect(list.find((r) => r.id === 'copy-from-own-stage')?.aliases).toEqual(['DL3023']);
    expect(list.some((r) => r.id === 'unknown-instruction')).toBe(true);
  });
});
