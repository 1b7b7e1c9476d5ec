/**
 * The package as npm publishes it: `npm pack` (without scripts: npm test has just built dist/, and a rebuild would
 * pull dist/ from under the tests running in parallel), checked for what it holds, then installed from the tarball
 * from empty folders with the commands README.md's Install section gives (`berth-lint` there stands for the
 * tarball: the registry does not have this build), dependencies from the registry — tree-sitter-bash and
 * web-tree-sitter bring the WebAssembly —, its `berth` binary run on a Dockerfile and its library imported and
 * type-checked.
 * Needs the npm registry; skipped, saying so, only when the registry cannot be reached.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NPM, registryReachable, ROOT } from '../helpers/cli.js';

const unreachable = await registryReachable();
if (unreachable) console.warn(`test/cli/pack.test.ts is skipped: it installs the packed tarball's dependencies, and ${unreachable}`);

const DOCKERFILE = 'from alpine:3.20 AS Build\nRUN apt-get install curl\n';

/** The commands of README.md's Install section, without their comments. */
function installCommands(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Install\n'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter(Boolean);
}

/**
 * Runs a documented command with the tarball standing for `berth-lint` (a global install goes under `prefix`).
 * The tarball is given as a `file:` spec: npx would take a bare path for a command to run.
 */
function runDocumented(command: string, tarball: string, cwd: string, prefix: string): ReturnType<typeof spawnSync> {
  const words = command.split(/\s+/).map((w) => (w === 'berth-lint' ? `file:${tarball}` : w));
  if (words[0] === 'npm' && words.includes('-g')) words.push('--prefix', prefix);
  if (words[0] === 'npm') words.push('--no-audit', '--no-fund', '--loglevel=error');
  return spawnSync(words[0] === 'npm' ? NPM : words[0]!, words.slice(1), { cwd, encoding: 'utf8', timeout: 110_000, env: { ...process.env, NO_COLOR: '1' } });
}

describe.skipIf(unreachable !== undefined)('npm pack', { timeout: 120_000 }, () => {
  let files: string[] = [];
  let app = '';
  let tarball = '';

  beforeAll(() => {
    const out = mkdtempSync(join(tmpdir(), 'berth-pack-'));
    const packed = JSON.parse(
      execFileSync(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', out], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    ) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const info = packed[0]!;
    files = info.files.map((f) => f.path);
    tarball = join(out, info.filename);
    app = mkdtempSync(join(tmpdir(), 'berth-install-'));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'berth-pack-test', private: true, type: 'module' }));
    writeFileSync(join(app, 'Dockerfile'), DOCKERFILE);
    const perProject = installCommands().find((c) => c.startsWith('npm install --save-dev '));
    if (!perProject) throw new Error("README.md's Install section has no `npm install --save-dev berth-lint`");
    const r = runDocumented(perProject, tarball, app, app);
    if (r.status !== 0) throw new Error(`${perProject} failed (${r.status ?? r.signal}):\n${String(r.stdout)}\n${String(r.stderr)}`);
  }, 120_000);

  it('holds the bin, the compiled code, declarations and the docs, and nothing else', () => {
    for (const f of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'bin/berth.js', 'bin/package.json', 'dist/cli/main.js', 'dist/cli/berth.cjs', 'dist/cli/lsp.cjs', 'dist/cli/lsp-core.cjs', 'dist/api/index.js', 'dist/api/index.d.ts', 'dist/grammar/index.js', 'dist/grammar/index.d.ts']) {
      expect(files, f).toContain(f);
    }
    const allowed = /^(package\.json|README\.md|CHANGELOG\.md|LICENSE|bin\/berth\.js|bin\/package\.json|dist\/cli\/(berth|lsp|lsp-core)\.cjs|dist\/.+\.(js|d\.ts))$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    expect(files.filter((f) => /^(test|bench|scripts|client|examples|docs|\.scratch)\//.test(f) || f.startsWith('dist/berth-cli'))).toEqual([]);
  });

  it('installs with the WebAssembly of tree-sitter-bash and web-tree-sitter', () => {
    expect(existsSync(join(app, 'node_modules', 'tree-sitter-bash', 'tree-sitter-bash.wasm'))).toBe(true);
    expect(existsSync(join(app, 'node_modules', 'web-tree-sitter', 'web-tree-sitter.wasm'))).toBe(true);
  });

  it('runs the installed `berth lint`, RUN scripts included', () => {
    const r = spawnSync(join(app, 'node_modules', '.bin', 'berth'), ['lint', '--no-shellcheck', '--format', 'json', 'Dockerfile'], { cwd: app, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as { tool: { name: string }; results: Array<{ file: string; findings: Array<{ rule: string; line: number }> }> };
    expect(report.tool.name).toBe('berth');
    const rules = report.results[0]!.findings.map((f) => f.rule);
    expect(rules).toContain('stage-name-casing');
    // Found by reading the RUN script with the bash parser: the .wasm loaded from the installed dependencies.
    expect(rules).toContain('apt-get-install-recommends');
    expect(spawnSync(join(app, 'node_modules', '.bin', 'berth'), ['--version'], { cwd: app, encoding: 'utf8' }).stdout).toContain(
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
    );
  });

  it('runs the installed `berth lsp --stdio`: initialize, then diagnostics for an opened file', async () => {
    const child = spawn(join(app, 'node_modules', '.bin', 'berth'), ['lsp', '--stdio'], { cwd: app, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const send = (m: object): void => {
      const body = JSON.stringify({ jsonrpc: '2.0', ...m });
      child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    };
    send({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    send({ method: 'initialized', params: {} });
    send({ method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///pack/Dockerfile', languageId: 'dockerfile', version: 1, text: 'FROM alpine:3.20 AS Build\n' } } });
    const deadline = Date.now() + 20_000;
    while (!out.includes('stage-name-casing') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill();
    expect(out).toContain('"serverInfo":{"name":"berth"');
    expect(out).toContain('stage-name-casing');
  }, 30_000);

  it("exposes parse, lint and format from import('berth-lint')", () => {
    const script = `
      const berth = await import('berth-lint');
      const text = ${JSON.stringify(DOCKERFILE)};
      const parsed = berth.parse(text);
      const result = berth.lint(text);
      console.log(JSON.stringify({
        types: [typeof berth.parse, typeof berth.lint, typeof berth.format, typeof berth.analyze],
        instructions: parsed.dockerfile.instructions.length,
        rules: result.diagnostics.map((d) => d.rule),
        shell: berth.shellParserError ?? null,
        formatted: berth.format(text),
      }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: app, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { types: string[]; instructions: number; rules: string[]; shell: string | null; formatted: string };
    expect(out.types).toEqual(['function', 'function', 'function', 'function']);
    expect(out.instructions).toBe(2);
    expect(out.rules).toEqual(expect.arrayContaining(['stage-name-casing', 'apt-get-install-recommends']));
    expect(out.shell).toBeNull();
    expect(out.formatted).toBe(DOCKERFILE.replace('from', 'FROM'));
  });

  it('comes with declarations a TypeScript user compiles against', () => {
    writeFileSync(
      join(app, 'use.ts'),
      [
        "import { parse, lint, format, type Diagnostic, type LintResult } from 'berth-lint';",
        "const result: LintResult = lint(parse('FROM alpine\\n'));",
        'const first: Diagnostic | undefined = result.diagnostics[0];',
        "const text: string = format('from alpine\\n', { tabSize: 2 });",
        'export { first, text };',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, types: [] }, files: ['use.ts'] }),
    );
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(app, 'tsconfig.json')], { cwd: app, encoding: 'utf8' });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  });
  it('is published as berth-lint, with the command berth', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; bin: Record<string, string> };
    expect(pkg.name).toBe('berth-lint');
    expect(Object.keys(pkg.bin)).toEqual(['berth']);
    expect(installCommands()).toEqual(['npm install -g berth-lint', 'npx --yes berth-lint lint', 'npm install --save-dev berth-lint']);
  });

  it('README: `npx berth lint` after the per-project install', () => {
    const r = spawnSync('npx', ['berth', 'lint', '--no-shellcheck', 'Dockerfile'], { cwd: app, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain('[stage-name-casing]');
    expect(r.stdout.trimEnd().split('\n').pop()).toMatch(/^1 file checked: /);
  });

  it('README: `npm install -g berth-lint` puts `berth` on PATH', () => {
    const prefix = mkdtempSync(join(tmpdir(), 'berth-global-'));
    const install = runDocumented('npm install -g berth-lint', tarball, prefix, prefix);
    expect(install.status, String(install.stderr)).toBe(0);
    const empty = mkdtempSync(join(tmpdir(), 'berth-empty-'));
    writeFileSync(join(empty, 'Dockerfile'), DOCKERFILE);
    const env = { ...process.env, NO_COLOR: '1', PATH: `${join(prefix, 'bin')}${delimiter}${process.env.PATH ?? ''}` };
    const r = spawnSync('berth', ['lint', '--no-shellcheck'], { cwd: empty, encoding: 'utf8', env });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain('Dockerfile:1:21: style: Stage name `Build` is not lower-case');
    expect(spawnSync('berth', ['--version'], { cwd: empty, encoding: 'utf8', env }).stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('README: `npx --yes berth-lint lint` in a folder without package.json', () => {
    const empty = mkdtempSync(join(tmpdir(), 'berth-npx-'));
    writeFileSync(join(empty, 'Dockerfile'), 'FROM alpine:3.20\nCMD ["true"]\n');
    const r = runDocumented('npx --yes berth-lint lint', tarball, empty, empty);
    expect(r.status, String(r.stderr)).toBe(0);
    expect(r.stdout).toBe('1 file checked, no problems\n');
  });
});
