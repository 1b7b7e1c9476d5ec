/** `berth format` end to end: the real binary on real files, standard input, settings from every source. */
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { globToRegExp, parseEditorconfig, sectionMatches } from '../../host/editorconfig.js';
import { berth, berthBytes, project } from '../helpers/cli.js';

const UGLY = 'from alpine:3.20  as build\nrun apk add \\\n  curl\nfrom scratch\ncopy --from=build   /x /x\n';
const PRETTY = 'FROM alpine:3.20 AS build\nRUN apk add \\\n    curl\n\nFROM scratch\nCOPY --from=build /x /x\n';

describe('berth format: modes and exit codes', () => {
  it('prints the formatted text of one file, or of standard input', () => {
    const dir = project({ Dockerfile: UGLY });
    expect(berth(['format', 'Dockerfile'], { cwd: dir })).toEqual({ code: 0, stdout: PRETTY, stderr: '' });
    expect(berth(['format'], { cwd: dir })).toEqual({ code: 0, stdout: PRETTY, stderr: '' });
    expect(berth(['format', '-'], { cwd: dir, input: UGLY })).toEqual({ code: 0, stdout: PRETTY, stderr: '' });
    // The file itself is not touched.
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(UGLY);
  });

  it('--check lists the files that would change and exits 1; 0 when all are formatted', () => {
    const dir = project({ Dockerfile: UGLY, 'ok/Dockerfile': PRETTY, 'also/Containerfile': 'FROM a\nRUN  x\n' });
    const r = berth(['format', '--check', '.'], { cwd: dir });
    expect(r).toEqual({ code: 1, stdout: 'Dockerfile\nalso/Containerfile\n', stderr: 'berth: 2 files would be formatted, 1 file already formatted\n' });
    expect(berth(['format', '--check', 'ok'], { cwd: dir })).toEqual({ code: 0, stdout: '', stderr: 'berth: 0 files would be formatted, 1 file already formatted\n' });
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(UGLY);
  });

  it('the bundled example is formatted as berth formats (what the README shows first stays a model)', () => {
    expect(berth(['format', '--check', 'examples/'])).toMatchObject({ code: 0, stdout: '' });
  });

  it('--diff shows a unified diff (exit 0; 1 with --check too)', () => {
    const dir = project({ Dockerfile: 'from a\n' });
    const r = berth(['format', '--diff'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--- Dockerfile\t\n+++ Dockerfile\t(formatted)\n@@ -1,1 +1,1 @@\n-from a\n+FROM a\n');
    expect(berth(['format', '--diff', '--check'], { cwd: dir }).code).toBe(1);
  });

  it('--write rewrites the files that change; standard input goes to standard output', () => {
    const dir = project({ Dockerfile: UGLY, 'ok/Dockerfile': PRETTY });
    expect(berth(['format', '--write', '.'], { cwd: dir })).toEqual({ code: 0, stdout: '', stderr: 'berth: 1 file formatted, 1 file already formatted\n' });
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(PRETTY);
    expect(berth(['format', '--check', '.'], { cwd: dir }).code).toBe(0);
    expect(berth(['format', '--write', '-'], { cwd: dir, input: PRETTY }).stdout).toBe(PRETTY);
  });

  it('bytes: CRLF, a byte order mark and bytes that are not UTF-8 stay exactly; UTF-16 stays UTF-16', () => {
    // A UTF-8 byte order mark, CRLF and a lone 0xff byte, which is not UTF-8.
    const input = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('from a\r\nrun echo  '), Buffer.from([0xff]), Buffer.from('\r\n')]);
    const out = berthBytes(['format', '-'], { input });
    expect(out.code).toBe(0);
    expect(out.stdout).toEqual(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('FROM a\r\nRUN echo  '), Buffer.from([0xff]), Buffer.from('\r\n')]));
    const utf16 = Buffer.from('\uFEFFfrom a\n', 'utf16le');
    expect(berthBytes(['format', '-'], { input: utf16 }).stdout).toEqual(Buffer.from('\uFEFFFROM a\n', 'utf16le'));
  });

  it('usage errors exit 2: several files to print, unknown values, options of lint, --write with --check', () => {
    const dir = project({ Dockerfile: UGLY, 'b/Dockerfile': UGLY });
    expect(berth(['format', '.'], { cwd: dir })).toMatchObject({ code: 2, stderr: expect.stringContaining('prints one file, and 2 were found') });
    expect(berth(['format', '--indent-style', 'tabs', 'Dockerfile'], { cwd: dir })).toMatchObject({ code: 2, stderr: expect.stringContaining('--indent-style takes space or tab') });
    expect(berth(['format', '--indent-width', 'x', 'Dockerfile'], { cwd: dir }).code).toBe(2);
    expect(berth(['format', '--fix', 'Dockerfile'], { cwd: dir })).toMatchObject({ code: 2, stderr: expect.stringContaining('--fix is not an option of berth format') });
    expect(berth(['lint', '--write', 'Dockerfile'], { cwd: dir })).toMatchObject({ code: 2, stderr: expect.stringContaining('--write is not an option of berth lint') });
    expect(berth(['format', '--write', '--check'], { cwd: dir }).code).toBe(2);
  });

  it('a file that cannot be read or written is said and the others are still formatted (exit 2)', () => {
    const dir = project({ 'a/Dockerfile': UGLY, 'b/Dockerfile': UGLY });
    chmodSync(join(dir, 'a', 'Dockerfile'), 0o444);
    const r = berth(['format', '--write', 'a', 'b', 'missing'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('berth: missing: no Dockerfile there');
    expect(r.stderr).toContain('cannot write a/Dockerfile: it is read-only');
    expect(readFileSync(join(dir, 'b', 'Dockerfile'), 'utf8')).toBe(PRETTY);
  });

  it('a named binary file is said and not printed; standard input that is no Dockerfile comes back as it came', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0xe9]);
    const dir = project({ 'bin.Dockerfile': png });
    const named = berthBytes(['format', 'bin.Dockerfile'], { cwd: dir });
    expect(named.code).toBe(2);
    expect(named.stdout.length).toBe(0);
    expect(named.stderr).toContain('bin.Dockerfile: this looks like a binary file, not a Dockerfile; skipped');
    const piped = berthBytes(['format', '-'], { input: png });
    expect(piped.code).toBe(2);
    expect(piped.stdout).toEqual(png);
  });
});

describe('berth format: settings', () => {
  const INDENTED = 'FROM a\nRUN echo a \\\n  b\n';
  const indentOf = (out: string) => /\n([ \t]*)b\n/.exec(out)?.[1];

  it('.editorconfig: the nearest files up to root = true, sections by glob; end_of_line is not applied', () => {
    const dir = project({
      '.editorconfig': 'root = true\n[*]\nindent_style = space\nindent_size = 2\nend_of_line = crlf\n',
      'tabs/.editorconfig': '[{Dockerfile,*.Dockerfile}]\nindent_style = tab\n',
      'tabs/Dockerfile': INDENTED,
      'tabs/other/Containerfile': INDENTED,
      'two/Dockerfile': INDENTED,
      'sub/.editorconfig': '[sub/Dockerfile]\nindent_size = 8\n[Dockerfile]\nindent_size = 6\n',
      'sub/Dockerfile': INDENTED,
    });
    expect(indentOf(berth(['format', 'two/Dockerfile'], { cwd: dir }).stdout)).toBe('  ');
    expect(indentOf(berth(['format', 'tabs/Dockerfile'], { cwd: dir }).stdout)).toBe('\t');
    // The section's glob does not match a Containerfile: the parent's settings apply.
    expect(indentOf(berth(['format', 'tabs/other/Containerfile'], { cwd: dir }).stdout)).toBe('  ');
    // `sub/Dockerfile` in sub/.editorconfig is relative to sub/: it does not match; `Dockerfile` does.
    expect(indentOf(berth(['format', 'sub/Dockerfile'], { cwd: dir }).stdout)).toBe('      ');
    expect(berth(['format', 'two/Dockerfile'], { cwd: dir }).stdout).not.toContain('\r');
    // Standard input: looked up from --stdin-filename.
    expect(indentOf(berth(['format', '-', '--stdin-filename', 'tabs/Dockerfile'], { cwd: dir, input: INDENTED }).stdout)).toBe('\t');
  });

  it('precedence: the command line over .berth.yaml format: over .editorconfig over the defaults', () => {
    const dir = project({ '.editorconfig': 'root = true\n[*]\nindent_size = 2\n', Dockerfile: INDENTED, 'cfg/.berth.yaml': 'format:\n  indentWidth: 3\n', 'cfg/Dockerfile': INDENTED });
    expect(indentOf(berth(['format', 'Dockerfile'], { cwd: dir }).stdout)).toBe('  ');
    expect(indentOf(berth(['format', 'cfg/Dockerfile'], { cwd: dir }).stdout)).toBe('   ');
    expect(indentOf(berth(['format', '--indent-width', '5', 'cfg/Dockerfile'], { cwd: dir }).stdout)).toBe('     ');
    expect(indentOf(berth(['format', '--indent-style', 'tab', 'cfg/Dockerfile'], { cwd: dir }).stdout)).toBe('\t');
    expect(indentOf(berth(['format', '--no-config', 'cfg/Dockerfile'], { cwd: dir }).stdout)).toBe('  ');
    const bare = project({ Dockerfile: INDENTED });
    expect(indentOf(berth(['format'], { cwd: bare }).stdout)).toBe('    ');
  });

  it('.berth.yaml format: every key, checked; the text form is still the report format of lint', () => {
    const long = 'FROM a\nRUN apt-get update && apt-get install -y curl ca-certificates && rm -rf /var/lib/apt/lists/*\n';
    const dir = project({ '.berth.yaml': 'format:\n  indentStyle: tab\n  keywordCase: keep\n  reflowRun: true\n  lineWidth: 40\n', Dockerfile: `from a\n${long.slice(7)}` });
    expect(berth(['format'], { cwd: dir }).stdout).toBe('from a\nRUN apt-get update \\\n\t&& apt-get install -y curl ca-certificates \\\n\t&& rm -rf /var/lib/apt/lists/*\n');
    expect(berth(['format', '--no-reflow-run'], { cwd: dir }).stdout).toBe(`from a\n${long.slice(7)}`);
    const bad = project({ '.berth.yaml': 'format:\n  indentStyle: tabs\n  width: 3\n', Dockerfile: 'FROM a\n' });
    const r = berth(['format'], { cwd: bad });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.berth.yaml:2:16: format.indentStyle: expected `space` or `tab`, not `tabs`');
    expect(r.stderr).toContain('.berth.yaml:3:3: format.width: unknown key `width`');
    const report = project({ '.berth.yaml': 'format: json\n', Dockerfile: 'FROM a\n' });
    expect(JSON.parse(berth(['lint'], { cwd: report }).stdout)).toBeTruthy();
    expect(berth(['format'], { cwd: report })).toEqual({ code: 0, stdout: 'FROM a\n', stderr: '' });
  });
});

describe('EditorConfig globs', () => {
  it('*, **, ?, [..], [!..], {a,b}, {1..3} and escapes', () => {
    const yes = (g: string, p: string) => expect(globToRegExp(g).test(p), `${g} ~ ${p}`).toBe(true);
    const no = (g: string, p: string) => expect(globToRegExp(g).test(p), `${g} !~ ${p}`).toBe(false);
    yes('*.Dockerfile', 'app.Dockerfile');
    no('*.Dockerfile', 'a/app.Dockerfile');
    yes('**/Dockerfile', 'Dockerfile');
    yes('**/Dockerfile', 'a/b/Dockerfile');
    yes('a/**', 'a/b/c');
    yes('Dockerfile.?', 'Dockerfile.x');
    no('Dockerfile.?', 'Dockerfile.xy');
    yes('[Dd]ockerfile', 'dockerfile');
    no('[!D]ockerfile', 'Dockerfile');
    yes('{Dockerfile,Containerfile}', 'Containerfile');
    yes('{a,{b,c}}.txt', 'c.txt');
    yes('file{1..3}', 'file2');
    no('file{1..3}', 'file4');
    yes('\\*.txt', '*.txt');
    no('\\*.txt', 'a.txt');
    yes('{single}', '{single}');
    yes('{open', '{open');
  });

  it('a glob without a slash matches at any depth; with one, from the file\'s folder', () => {
    expect(sectionMatches('Dockerfile', 'a/b/Dockerfile')).toBe(true);
    expect(sectionMatches('sub/Dockerfile', 'sub/Dockerfile')).toBe(true);
    expect(sectionMatches('/Dockerfile', 'a/Dockerfile')).toBe(false);
    expect(sectionMatches('sub/Dockerfile', 'x/sub/Dockerfile')).toBe(false);
  });

  it('root, comments, keys in any case', () => {
    const f = parseEditorconfig('; top\nROOT = TRUE\n# c\n[*]\nIndent_Style = Tab\n');
    expect(f.root).toBe(true);
    expect([...(f.sections[0]?.props ?? [])]).toEqual([['indent_style', 'Tab']]);
  });
});
